/*
 * summarize.c - reading every *.jsonl in a folder into one row each.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal/export.h"
#include "journal/replay.h"
#include "journal/report.h"
#include "journal/summarize.h"
#include "util/readfile.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

struct summarize_row {
	char	*file;
	char	*student, *lab;		/* escaped: printable, one line */
	int	 done, total;
	int64_t	 ms;
	int	 quiz_right, quiz_answered;
	char	*wall;			/* session start, for "latest" */
	bool	 ok;			/* the seal holds */
	bool	 readable;
};

static const char *
summarize_str(json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/* A step number from the log as an index 0..total-1, or -1. */
static int
summarize_step(json_t *o, int total)
{
	json_t	*v = json_object_get(o, "step");

	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > total)
		return -1;
	return (int)json_integer_value(v) - 1;
}

/* Fill row from the log's text (len bytes); 0, or -1 with
 * "PATH:LINE: reason" in err when the log cannot be read as one. */
static int
summarize_parse(struct summarize_row *row, const char *data, size_t len,
    char *err, size_t errlen)
{
	bool		*done = NULL, *answered = NULL;
	const char	*p = data, *end = data + len, *nl, *type;
	char		*line;
	json_t		*o, *lab, *v;
	int64_t		 start = -1, last_done = -1, last = 0, t;
	long		 lineno = 0, header_line = 0;
	int		 step, rc = 0;

	for (; p < end && rc == 0; p = nl + 1) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		line = xstrndup(p, (size_t)(nl - p));
		o = json_loads(line, 0, NULL);
		free(line);
		if (!json_is_object(o)) {
			json_decref(o);
			continue;
		}
		type = summarize_str(o, "type");
		t = 0;
		if ((v = json_object_get(o, "t_ms")) != NULL &&
		    (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > REPLAY_MAX_T_MS)) {
			snprintf(err, errlen, "%s:%ld: t_ms is not a lab time "
			    "from 0 to %lld", row->file, lineno,
			    (long long)REPLAY_MAX_T_MS);
			rc = -1;
		} else if (v != NULL)
			t = (int64_t)json_integer_value(v);
		if (rc != 0) {
		} else if (strcmp(type, "header") == 0) {
			if (header_line > 0) {
				snprintf(err, errlen, "%s:%ld: a second header "
				    "(the first is line %ld)", row->file,
				    lineno, header_line);
				rc = -1;
				json_decref(o);
				break;
			}
			header_line = lineno;
			row->readable = true;
			row->student = utf8_printable_dup(summarize_str(o,
			    "student"));
			lab = json_object_get(o, "lab");
			row->lab = utf8_printable_dup(json_is_object(lab) ?
			    summarize_str(lab, "id") : "free");
			/* As many steps as the header names: no fixed cap,
			 * and the file's size bounds it. */
			if (json_is_object(lab) && json_array_size(
			    json_object_get(lab, "steps")) <= INT_MAX)
				row->total = (int)json_array_size(
				    json_object_get(lab, "steps"));
			done = xcalloc((size_t)row->total + 1, sizeof *done);
			answered = xcalloc((size_t)row->total + 1,
			    sizeof *answered);
		} else if (header_line == 0) {
			/* Nothing counts before the header. */
		} else if (strcmp(type, "session_start") == 0) {
			free(row->wall);
			row->wall = xstrdup(summarize_str(o, "wall"));
		} else if (strcmp(type, "lab_start") == 0)
			start = t;
		else if (strcmp(type, "step_done") == 0 &&
		    (step = summarize_step(o, row->total)) >= 0 &&
		    !json_is_true(json_object_get(o, "skipped"))) {
			if (!done[step])
				row->done++;
			done[step] = true;
			last_done = t;
		} else if (strcmp(type, "quiz_answer") == 0 &&
		    (step = summarize_step(o, row->total)) >= 0 &&
		    !answered[step]) {
			answered[step] = true;
			row->quiz_answered++;
			row->quiz_right += json_is_true(json_object_get(o,
			    "right"));
		}
		if (strcmp(type, "final_state") != 0 &&
		    strcmp(type, "checksum") != 0 && t > last)
			last = t;
		json_decref(o);
	}
	free(done);
	free(answered);
	if (start < 0)
		start = 0;
	/* Both ends are 0..REPLAY_MAX_T_MS: no overflow. */
	row->ms = (row->total > 0 && row->done == row->total ? last_done :
	    last) - start;
	return rc;
}

static bool
summarize_better(const struct summarize_row *a, const struct summarize_row *b)
{
	if (a->done != b->done)
		return a->done > b->done;
	return strcmp(a->wall != NULL ? a->wall : "", b->wall != NULL ?
	    b->wall : "") > 0;
}

static int
summarize_cmp(const void *pa, const void *pb)
{
	const struct summarize_row	*a = pa, *b = pb;
	int				 c = strcmp(a->student, b->student);

	return c != 0 ? c : strcmp(a->lab, b->lab);
}

static void
summarize_pad(FILE *out, const char *s, int width)
{
	fputs(s, out);
	fprintf(out, "%*s", width - utf8_width(s), "");
}

static void
summarize_row_free(struct summarize_row *r)
{
	free(r->file);
	free(r->student);
	free(r->lab);
	free(r->wall);
}

/* row (its file set) from the log's len bytes at data: 0, or -1 with the
 * reason in err. */
static int
summarize_row_read(struct summarize_row *row, const char *data, size_t len,
    char *err, size_t errlen)
{
	row->ok = report_verify(data, len) == REPORT_OK;
	snprintf(err, errlen, "%s: not an isrlab session log", row->file);
	if (summarize_parse(row, data, len, err, errlen) != 0 ||
	    !row->readable)
		return -1;
	return 0;
}

int
summarize_check(const char *name, const char *data, size_t len, char *err,
    size_t errlen)
{
	struct summarize_row	row;
	int			rc;

	memset(&row, 0, sizeof row);
	row.file = xstrdup(name);
	rc = summarize_row_read(&row, data, len, err, errlen);
	summarize_row_free(&row);
	return rc;
}

/* A file that gives no row: say why on stderr (escaped: the name is the
 * file's). */
static void
summarize_skip(struct summarize_row *row, const char *why)
{
	char	*text = utf8_printable_dup(why);

	fprintf(stderr, "isrlab: %s\n", text);
	free(text);
	summarize_row_free(row);
}

int
summarize_dir(const char *dir, FILE *out)
{
	struct summarize_row	*rows = NULL, row;
	struct dirent		*de;
	DIR			*d;
	char			*path, *data, err[1024], dur[32], cell[64];
	size_t			 n = 0, i, len, k;
	int			 w_student = 7, w_lab = 3, rc = 0;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "isrlab: %s: %s\n", dir, strerror(errno));
		return 2;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 7 || strcmp(de->d_name + len - 6, ".jsonl") != 0 ||
		    de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		memset(&row, 0, sizeof row);
		row.file = path;
		if (readfile_load(path, &readfile_log_limits, &data, &len,
		    err, sizeof err) != 0) {
			summarize_skip(&row, err);
			rc = 1;
			continue;
		}
		if (summarize_row_read(&row, data, len, err, sizeof err) != 0) {
			free(data);
			summarize_skip(&row, err);
			rc = 1;
			continue;
		}
		free(data);
		if (!row.ok)
			rc = 1;
		for (k = 0; k < n; k++)
			if (strcmp(rows[k].student, row.student) == 0 &&
			    strcmp(rows[k].lab, row.lab) == 0)
				break;
		if (k < n) {
			if (summarize_better(&row, &rows[k])) {
				summarize_row_free(&rows[k]);
				rows[k] = row;
			} else
				summarize_row_free(&row);
			continue;
		}
		rows = xreallocarray(rows, n + 1, sizeof *rows);
		rows[n++] = row;
	}
	closedir(d);
	if (n > 0)
		qsort(rows, n, sizeof *rows, summarize_cmp);
	for (i = 0; i < n; i++) {
		if (utf8_width(rows[i].student) > w_student)
			w_student = utf8_width(rows[i].student);
		if (utf8_width(rows[i].lab) > w_lab)
			w_lab = utf8_width(rows[i].lab);
	}
	summarize_pad(out, "STUDENT", w_student);
	fputs("  ", out);
	summarize_pad(out, "LAB", w_lab);
	fprintf(out, "  %-7s  %-9s  %-5s  %s\n", "STEPS", "TIME", "QUIZ",
	    "LOG");
	for (i = 0; i < n; i++) {
		summarize_pad(out, rows[i].student, w_student);
		fputs("  ", out);
		summarize_pad(out, rows[i].lab, w_lab);
		snprintf(cell, sizeof cell, "%d/%d", rows[i].done,
		    rows[i].total);
		report_duration(rows[i].ms, dur, sizeof dur);
		fprintf(out, "  %-7s  %-9s  ", cell, dur);
		if (rows[i].quiz_answered > 0)
			snprintf(cell, sizeof cell, "%d/%d", rows[i].quiz_right,
			    rows[i].quiz_answered);
		else
			snprintf(cell, sizeof cell, "-");
		fprintf(out, "%-5s  %s\n", cell, rows[i].ok ? "OK" :
		    "MODIFIED");
		summarize_row_free(&rows[i]);
	}
	free(rows);
	return rc;
}
