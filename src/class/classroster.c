/*
 * classroster.c - the dashboard's rows from journal lines (classroster.h).
 */

#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "class/classroster.h"
#include "journal/jsonread.h"
#include "journal/slog.h"
#include "util/xmalloc.h"

struct class_row *
class_roster_row(struct class_roster *ro, const char *id)
{
	struct class_row	*row;
	size_t			 i;
	int			 s;

	for (i = 0; i < ro->n; i++)
		if (strcmp(ro->v[i]->session, id) == 0)
			return ro->v[i];
	row = xcalloc(1, sizeof *row);
	row->session = xstrdup(id);
	row->step = -1;
	for (s = 0; s < CLASS_STEPS_MAX; s++)
		row->steps[s].took_ms = -1;
	ro->v = xreallocarray(ro->v, ro->n + 1, sizeof *ro->v);
	ro->v[ro->n++] = row;
	return row;
}

/* Copy s into a fixed field, cut on a UTF-8 character boundary. */
static void
class_field(char *dst, size_t size, const char *s)
{
	size_t	n = strlen(s);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static void
class_set(char **field, json_t *v)
{
	if (!json_is_string(v))
		return;
	free(*field);
	*field = xstrdup(json_string_value(v));
}

const char *
class_row_who(const struct class_row *row)
{
	return row->student_id != NULL ? row->student_id : row->student;
}

/* Of who's sessions, the newest (by its newest line; the later made on
 * a tie) is shown, the others are superseded.  Called whenever a row's
 * student or newest line changes, so the files read back in any order
 * end the same. */
static void
class_supersede(struct class_roster *ro, const char *who)
{
	struct class_row	*newest = NULL, *o;
	size_t			 i;

	for (i = 0; i < ro->n; i++) {
		o = ro->v[i];
		if (class_row_who(o) != NULL && strcmp(class_row_who(o),
		    who) == 0 && (newest == NULL ||
		    o->last_wall >= newest->last_wall))
			newest = o;
	}
	for (i = 0; i < ro->n; i++) {
		o = ro->v[i];
		if (class_row_who(o) != NULL && strcmp(class_row_who(o),
		    who) == 0)
			o->superseded = o != newest;
	}
}

static void
class_header(struct class_roster *ro, struct class_row *row, json_t *o)
{
	json_t	*lab = json_object_get(o, "lab"), *steps, *t;
	size_t	 i;
	char	*was = class_row_who(row) != NULL ?
		    xstrdup(class_row_who(row)) : NULL;

	class_set(&row->student, json_object_get(o, "student"));
	class_set(&row->student_id, json_object_get(o, "student_id"));
	class_set(&row->origin, json_object_get(o, "origin"));
	if (row->origin != NULL && strcmp(row->origin, "student") == 0) {
		free(row->origin);
		row->origin = NULL;
	}
	if (json_is_object(lab)) {
		class_set(&row->lab_id, json_object_get(lab, "id"));
		class_set(&row->lab_title, json_object_get(lab, "title"));
		steps = json_object_get(lab, "steps");
		row->n_steps = (int)json_array_size(steps);
		for (i = 0; i < json_array_size(steps) && i < CLASS_STEPS_MAX;
		    i++)
			if (json_is_string(t = json_array_get(steps, i)))
				class_field(row->steps[i].title,
				    sizeof row->steps[i].title,
				    json_string_value(t));
	}
	row->superseded = false;
	if (was != NULL)
		class_supersede(ro, was);
	if (class_row_who(row) != NULL)
		class_supersede(ro, class_row_who(row));
	free(was);
}

/* "TEXT: ERROR" (or the output's first line) as the row's last error. */
static void
class_error(struct class_row *row, const char *what, const char *why)
{
	char	buf[CLASS_ERROR_MAX * 2];
	size_t	n;

	if (why == NULL)
		why = "";
	n = strcspn(why, "\n");
	snprintf(buf, sizeof buf, "%s%s%.*s", what, n > 0 ? ": " : "",
	    (int)n, why);
	class_field(row->last_error, sizeof row->last_error, buf);
	row->errors++;
	if (row->step >= 0 && row->step < CLASS_STEPS_MAX)
		row->steps[row->step].errors++;
}

void
class_roster_line(struct class_roster *ro, struct class_row *row,
    const char *line, size_t len)
{
	json_error_t	 jerr;
	json_t		*o = json_loadb(line, len, JSON_DISABLE_EOF_CHECK, &jerr);
	const char	*type = json_string_value(json_object_get(o, "type"));
	const char	*err;
	int64_t		 wall;
	int		 step;
	char		 what[64];

	row->lines++;
	if (!json_is_object(o) || type == NULL) {
		json_decref(o);
		return;
	}
	if (strcmp(type, "header") == 0) {
		class_header(ro, row, o);
		json_decref(o);
		return;
	}
	wall = slog_wall_parse(json_string_value(json_object_get(o, "wall")));
	if (wall > row->last_wall) {
		row->last_wall = wall;
		if (class_row_who(row) != NULL)
			class_supersede(ro, class_row_who(row));
	}
	step = (int)jsonread_int(o, "step", 0) - 1;
	if (strcmp(type, "lab_start") == 0) {
		class_set(&row->lab_id, json_object_get(o, "lab"));
		class_set(&row->lab_title, json_object_get(o, "title"));
		row->n_steps = (int)jsonread_int(o, "steps", row->n_steps);
	} else if (strcmp(type, "step_start") == 0 && step >= 0) {
		row->step = step;
		row->step_wall = wall;
		if (step < CLASS_STEPS_MAX)
			row->steps[step].start_wall = wall;
	} else if (strcmp(type, "step_done") == 0 && step >= 0) {
		row->steps_done++;
		if (step < CLASS_STEPS_MAX)
			row->steps[step].took_ms = jsonread_int(o, "took_ms", 0);
	} else if (strcmp(type, "hint_shown") == 0) {
		row->hints++;
		if (step >= 0 && step < CLASS_STEPS_MAX)
			row->steps[step].hints++;
	} else if (strcmp(type, "command") == 0 &&
	    jsonread_int(o, "rc", 0) != 0) {
		err = json_string_value(json_object_get(o, "error"));
		class_error(row, json_string_value(json_object_get(o,
		    "text")) != NULL ? json_string_value(json_object_get(o,
		    "text")) : "?", err != NULL ? err :
		    json_string_value(json_object_get(o, "output")));
	} else if (strcmp(type, "key") == 0 && jsonread_int(o, "rc", 0) != 0) {
		snprintf(what, sizeof what, "key %s",
		    json_string_value(json_object_get(o, "key")) != NULL ?
		    json_string_value(json_object_get(o, "key")) : "?");
		class_error(row, what, json_string_value(json_object_get(o,
		    "error")));
	} else if (strcmp(type, "quiz_answer") == 0 &&
	    !json_is_true(json_object_get(o, "right"))) {
		snprintf(what, sizeof what, "quiz %s",
		    json_string_value(json_object_get(o, "answer")) != NULL ?
		    json_string_value(json_object_get(o, "answer")) : "?");
		class_error(row, what, NULL);
	} else if (strcmp(type, "session_end") == 0)
		row->ended = true;
	json_decref(o);
}

void
class_row_clear(struct class_row *r)
{
	free(r->session);
	free(r->student);
	free(r->student_id);
	free(r->origin);
	free(r->lab_id);
	free(r->lab_title);
	memset(r, 0, sizeof *r);
}

void
class_row_copy(struct class_row *dst, const struct class_row *r)
{
	*dst = *r;
	dst->session = xstrdup(r->session);
	dst->student = r->student != NULL ? xstrdup(r->student) : NULL;
	dst->student_id = r->student_id != NULL ? xstrdup(r->student_id) :
	    NULL;
	dst->origin = r->origin != NULL ? xstrdup(r->origin) : NULL;
	dst->lab_id = r->lab_id != NULL ? xstrdup(r->lab_id) : NULL;
	dst->lab_title = r->lab_title != NULL ? xstrdup(r->lab_title) : NULL;
}

void
class_roster_free(struct class_roster *ro)
{
	size_t	i;

	for (i = 0; i < ro->n; i++) {
		class_row_clear(ro->v[i]);
		free(ro->v[i]);
	}
	free(ro->v);
	ro->v = NULL;
	ro->n = 0;
}

bool
class_row_finished(const struct class_row *row)
{
	return row->ended || (row->n_steps > 0 &&
	    row->steps_done >= row->n_steps);
}

int64_t
class_row_stuck_ms(const struct class_row *row, int64_t now)
{
	if (row->step < 0 || row->step_wall == 0 || class_row_finished(row))
		return 0;
	return now > row->step_wall ? now - row->step_wall : 0;
}

static int64_t	class_sort_now;

static int
class_row_cmp(const void *a, const void *b)
{
	const struct class_row	*x = a, *y = b;
	int64_t			 sx, sy;
	int			 c;
	bool			 fx = class_row_finished(x),
				 fy = class_row_finished(y);

	if (fx != fy)
		return fx ? 1 : -1;
	sx = class_row_stuck_ms(x, class_sort_now);
	sy = class_row_stuck_ms(y, class_sort_now);
	if (sx != sy)
		return sx > sy ? -1 : 1;
	if ((c = strcmp(x->student != NULL ? x->student : x->session,
	    y->student != NULL ? y->student : y->session)) != 0)
		return c;
	return strcmp(x->student_id != NULL ? x->student_id : "",
	    y->student_id != NULL ? y->student_id : "");
}

void
class_rows_sort(struct class_row *v, size_t n, int64_t now)
{
	class_sort_now = now;
	qsort(v, n, sizeof *v, class_row_cmp);
}
