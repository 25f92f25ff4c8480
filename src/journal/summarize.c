/*
 * summarize.c - reading every *.jsonl in a folder into rows, finding the
 * duplicates, keeping one row per student and lab (see summarize.h), and
 * handing them to the writer of the format asked for.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "journal/replay.h"
#include "journal/report.h"
#include "journal/summarize-int.h"
#include "util/readfile.h"
#include "util/sha256.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define SUM_TOPIC_ID_LEN	22	/* a TopicId: 22 base64 characters */

/* What a row is read with, beyond the row. */
struct sum_reader {
	struct sum_row	*row;
	char		*err;
	size_t		 errlen;
	long		 lineno, header_line;
	bool		*answered;	/* per step: a quiz answer seen */
	int64_t		 lab_t, lab_wall; /* lab_start's lab time and wall */
	int64_t		 last_done_t, last_done_wall;
	int64_t		 last_t, last_wall;
	int		 front;		/* the step begun last, or -1 */
	int64_t		 front_t;
	struct sha256	 timeline;
	int		 actions;	/* the student's own, for the timeline */
};

const char *
sum_seal_name(enum report_verdict v)
{
	switch (v) {
	case REPORT_OK:
		return "ok";
	case REPORT_MODIFIED:
		return "edited";
	case REPORT_UNSEALED:
		return "missing";
	}
	return "missing";
}

void
sum_row_marks(const struct sum_row *r, struct strbuf *out)
{
	size_t	start = out->len;

	if (r->origin != SLOG_BY_STUDENT)
		strbuf_adds(out, slog_origin_name(r->origin));
	if (r->dup.len > 0)
		strbuf_printf(out, "%sduplicate", out->len > start ? "," : "");
	if (r->seal != REPORT_OK)
		strbuf_printf(out, "%s%s", out->len > start ? "," : "",
		    sum_seal_name(r->seal));
}

static const char *
sum_str(json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/* A step number from the log as an index 0..total-1, or -1. */
static int
sum_step_index(json_t *o, int total)
{
	json_t	*v = json_object_get(o, "step");

	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > total)
		return -1;
	return (int)json_integer_value(v) - 1;
}

/* Every "TopicId: X" in text into the row's set. */
static void
sum_topic_ids(struct sum_row *row, const char *text)
{
	const char	*p = text, *id;
	size_t		 n, i;

	while ((p = strstr(p, "TopicId: ")) != NULL) {
		id = p += 9;
		n = strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"
		    "wxyz0123456789-_");
		if (n != SUM_TOPIC_ID_LEN)
			continue;
		for (i = 0; i < row->n_topic_ids; i++)
			if (strncmp(row->topic_ids[i], id, n) == 0)
				break;
		if (i < row->n_topic_ids)
			continue;
		row->topic_ids = xreallocarray(row->topic_ids,
		    row->n_topic_ids + 1, sizeof *row->topic_ids);
		row->topic_ids[row->n_topic_ids++] = xstrndup(id, n);
	}
}

/* One of the student's own actions at lab time t: into the timeline. */
static void
sum_action(struct sum_reader *rd, const char *type, int64_t t)
{
	char	line[64];
	int	n = snprintf(line, sizeof line, "%" PRId64 " %s\n", t, type);

	sha256_update(&rd->timeline, line, (size_t)n);
	rd->actions++;
}

static void
sum_header(struct sum_reader *rd, json_t *o)
{
	struct sum_row	*row = rd->row;
	json_t		*lab, *steps, *v;
	const char	*s;
	size_t		 i;

	row->readable = true;
	row->student = xstrdup(sum_str(o, "student"));
	if ((s = json_string_value(json_object_get(o, "student_id"))) !=
	    NULL && s[0] != '\0')
		row->student_id = xstrdup(s);
	s = sum_str(o, "origin");
	row->origin = strcmp(s, "solve") == 0 ? SLOG_BY_SOLVE :
	    strcmp(s, "replay") == 0 ? SLOG_BY_REPLAY : SLOG_BY_STUDENT;
	lab = json_object_get(o, "lab");
	row->lab = xstrdup(json_is_object(lab) ? sum_str(lab, "id") : "free");
	if (json_is_object(lab))
		row->lab_title = xstrdup(sum_str(lab, "title"));
	/* As many steps as the header names: no fixed cap, and the file's
	 * size bounds it. */
	steps = json_is_object(lab) ? json_object_get(lab, "steps") : NULL;
	if (json_array_size(steps) <= INT_MAX / 2)
		row->total = (int)json_array_size(steps);
	row->steps = xcalloc((size_t)row->total + 1, sizeof *row->steps);
	for (i = 0; i < (size_t)row->total; i++)
		row->steps[i].title = xstrdup(json_is_string(v =
		    json_array_get(steps, i)) ? json_string_value(v) : "");
	rd->answered = xcalloc((size_t)row->total + 1, sizeof *rd->answered);
	v = json_object_get(o, "seed");
	row->seed = json_is_integer(v) ? (uint64_t)json_integer_value(v) : 0;
	row->seed_random = strcmp(sum_str(o, "seed_from"), "random") == 0;
	if ((s = json_string_value(json_object_get(o, "session"))) != NULL &&
	    s[0] != '\0')
		row->session = xstrdup(s);
}

/* A record after the header, at lab time t and wall clock wall (-1 when
 * it has none). */
static void
sum_record(struct sum_reader *rd, json_t *o, const char *type, int64_t t,
    int64_t wall)
{
	struct sum_row	*row = rd->row;
	int		 step;

	if (strcmp(type, "session_start") == 0) {
		free(row->wall_start);
		row->wall_start = xstrdup(sum_str(o, "wall"));
		if (rd->lab_wall < 0)
			rd->lab_wall = wall;
	} else if (strcmp(type, "lab_start") == 0) {
		rd->lab_t = t;
		rd->lab_wall = wall;
	} else if (strcmp(type, "step_start") == 0 &&
	    (step = sum_step_index(o, row->total)) >= 0) {
		row->steps[step].started = true;
		rd->front = step;
		rd->front_t = t;
	} else if (strcmp(type, "step_done") == 0 &&
	    (step = sum_step_index(o, row->total)) >= 0) {
		if (json_is_true(json_object_get(o, "skipped")))
			row->steps[step].skipped = true;
		else if (!row->steps[step].done) {
			row->steps[step].done = true;
			row->done++;
		}
		row->steps[step].started = true;
		row->steps[step].ms = json_is_integer(json_object_get(o,
		    "took_ms")) ? json_integer_value(json_object_get(o,
		    "took_ms")) : 0;
		if (rd->front == step)
			rd->front = -1;
		rd->last_done_t = t;
		rd->last_done_wall = wall;
	} else if (strcmp(type, "hint_shown") == 0) {
		row->hints++;
		if (!json_is_true(json_object_get(o, "by_delay")))
			sum_action(rd, type, t);
	} else if (strcmp(type, "quiz_answer") == 0) {
		sum_action(rd, type, t);
		if (!json_is_true(json_object_get(o, "right")))
			row->wrong++;
		if ((step = sum_step_index(o, row->total)) >= 0 &&
		    !rd->answered[step]) {
			rd->answered[step] = true;
			row->quiz_answered++;
			row->quiz_right += json_is_true(json_object_get(o,
			    "right"));
		}
	} else if (strcmp(type, "rewind") == 0) {
		sum_action(rd, type, t);
		row->rewinds++;
	} else if (strcmp(type, "key") == 0)
		sum_action(rd, type, t);
	else if (strcmp(type, "command") == 0) {
		sum_topic_ids(row, sum_str(o, "output"));
		/* A lab's setup lines are not the student's, and a line a
		 * key ran is the key's. */
		if (json_object_get(o, "source") == NULL &&
		    json_object_get(o, "key") == NULL) {
			sum_action(rd, type, t);
			if (json_is_integer(json_object_get(o, "rc")) &&
			    json_integer_value(json_object_get(o, "rc")) != 0)
				row->failed++;
		}
	} else if (strcmp(type, "final_state") == 0)
		sum_topic_ids(row, sum_str(o, "describe"));
	if (strcmp(type, "final_state") != 0 &&
	    strcmp(type, "checksum") != 0) {
		if (t > rd->last_t)
			rd->last_t = t;
		if (wall > rd->last_wall)
			rd->last_wall = wall;
	}
}

/* The row's totals once every line is read. */
static void
sum_finish(struct sum_reader *rd)
{
	struct sum_row	*row = rd->row;
	unsigned char	 d[SHA256_LEN];
	int		 i, closed = 0;
	int64_t		 start = rd->lab_t >= 0 ? rd->lab_t : 0;

	for (i = 0; i < row->total; i++)
		closed += row->steps[i].done || row->steps[i].skipped;
	row->finished = row->total > 0 && closed == row->total;
	/* The step in progress has had the lab time up to the end. */
	if (rd->front >= 0 && !row->steps[rd->front].done &&
	    rd->last_t > rd->front_t)
		row->steps[rd->front].ms = rd->last_t - rd->front_t;
	/* Both ends are 0..REPLAY_MAX_T_MS: no overflow. */
	row->lab_ms = (row->finished && rd->last_done_t >= 0 ?
	    rd->last_done_t : rd->last_t) - start;
	if (row->lab_ms < 0)
		row->lab_ms = 0;
	if (rd->lab_wall >= 0)
		row->wall_ms = (row->finished && rd->last_done_wall >= 0 ?
		    rd->last_done_wall : rd->last_wall) - rd->lab_wall;
	if (row->wall_ms < 0)
		row->wall_ms = 0;
	sha256_final(&rd->timeline, d);
	if (rd->actions >= SUM_TIMELINE_MIN)
		sha256_to_hex(d, row->timeline);
}

/* Fill row from the log's text (len bytes); 0, or -1 with
 * "PATH:LINE: reason" in err when the log cannot be read as one. */
static int
sum_parse(struct sum_row *row, const char *data, size_t len, char *err,
    size_t errlen)
{
	struct sum_reader	 rd;
	const char		*p = data, *end = data + len, *nl, *type;
	char			*line;
	json_t			*o, *v;
	int64_t			 t, w;
	int			 rc = 0;

	memset(&rd, 0, sizeof rd);
	rd.row = row;
	rd.lab_t = rd.lab_wall = rd.last_done_t = rd.last_done_wall = -1;
	rd.last_wall = -1;
	rd.front = -1;
	sha256_init(&rd.timeline);
	for (; p < end && rc == 0; p = nl + 1) {
		rd.lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		line = xstrndup(p, (size_t)(nl - p));
		o = json_loads(line, 0, NULL);
		free(line);
		if (!json_is_object(o)) {
			json_decref(o);
			continue;
		}
		type = sum_str(o, "type");
		t = 0;
		if ((v = json_object_get(o, "t_ms")) != NULL &&
		    (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > REPLAY_MAX_T_MS)) {
			snprintf(err, errlen, "%s:%ld: t_ms is not a lab time "
			    "from 0 to %lld", row->file, rd.lineno,
			    (long long)REPLAY_MAX_T_MS);
			rc = -1;
		} else if (v != NULL)
			t = (int64_t)json_integer_value(v);
		if (rc != 0) {
		} else if (strcmp(type, "header") == 0) {
			if (rd.header_line > 0) {
				snprintf(err, errlen, "%s:%ld: a second header "
				    "(the first is line %ld)", row->file,
				    rd.lineno, rd.header_line);
				rc = -1;
			} else {
				rd.header_line = rd.lineno;
				sum_header(&rd, o);
			}
		} else if (rd.header_line > 0)
			sum_record(&rd, o, type, t, (w = slog_wall_parse(
			    json_string_value(json_object_get(o, "wall")))) > 0 ?
			    w : -1);
		/* Nothing counts before the header. */
		json_decref(o);
	}
	if (rc == 0 && row->readable)
		sum_finish(&rd);
	free(rd.answered);
	return rc;
}

static void
sum_row_free(struct sum_row *r)
{
	size_t	i;

	free(r->file);
	free(r->student);
	free(r->student_id);
	free(r->lab);
	free(r->lab_title);
	free(r->wall_start);
	free(r->session);
	for (i = 0; r->steps != NULL && i < (size_t)r->total; i++)
		free(r->steps[i].title);
	free(r->steps);
	for (i = 0; i < r->n_topic_ids; i++)
		free(r->topic_ids[i]);
	free(r->topic_ids);
	strbuf_free(&r->dup);
}

/* row (its file set) from the log's len bytes at data: 0, or -1 with the
 * reason in err. */
static int
sum_row_read(struct sum_row *row, const char *data, size_t len, char *err,
    size_t errlen)
{
	row->seal = report_verify(data, len);
	snprintf(err, errlen, "%s: not an isrlab session log", row->file);
	if (sum_parse(row, data, len, err, errlen) != 0 || !row->readable)
		return -1;
	return 0;
}

int
summarize_check(const char *name, const char *data, size_t len, char *err,
    size_t errlen)
{
	struct sum_row	row;
	int		rc;

	memset(&row, 0, sizeof row);
	row.file = xstrdup(name);
	rc = sum_row_read(&row, data, len, err, errlen);
	sum_row_free(&row);
	return rc;
}

int
summarize_format_parse(const char *s, enum summarize_format *f)
{
	static const char *const names[] = { "text", "csv", "tsv", "html" };
	size_t			 i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i]) == 0) {
			*f = (enum summarize_format)i;
			return 0;
		}
	return -1;
}

/* --- duplicates ---------------------------------------------------------- */

/* What a and b share that no two sessions share by chance, as "seed,
 * TopicId" into why; false when nothing. */
static bool
sum_shared(const struct sum_row *a, const struct sum_row *b,
    struct strbuf *why)
{
	size_t	i, j;
	bool	topic = false;

	strbuf_reset(why);
	if (a->session != NULL && b->session != NULL &&
	    strcmp(a->session, b->session) == 0)
		strbuf_adds(why, "session");
	/* A pinned seed (--seed, a lab's seed:) is shared on purpose, and
	 * its TopicIds with it. */
	if (a->seed_random && b->seed_random) {
		if (a->seed == b->seed)
			strbuf_printf(why, "%sseed", why->len > 0 ? ", " : "");
		for (i = 0; i < a->n_topic_ids && !topic; i++)
			for (j = 0; j < b->n_topic_ids && !topic; j++)
				topic = strcmp(a->topic_ids[i],
				    b->topic_ids[j]) == 0;
		if (topic)
			strbuf_printf(why, "%sTopicId", why->len > 0 ? ", " :
			    "");
	}
	/* Two runs of --solve (or replays) have the program's timeline
	 * by construction; a student's matching one is a copy of it. */
	if (a->timeline[0] != '\0' && strcmp(a->timeline, b->timeline) == 0 &&
	    (a->origin == SLOG_BY_STUDENT || b->origin == SLOG_BY_STUDENT))
		strbuf_printf(why, "%stimeline", why->len > 0 ? ", " : "");
	return why->len > 0;
}

static void
sum_dup_note(struct sum_row *r, const struct sum_row *other, const char *why)
{
	strbuf_printf(&r->dup, "%s%s (%s)", r->dup.len > 0 ? "; " : "",
	    other->base, why);
}

/* Flag every pair of different students' logs that share a fingerprint. */
static void
sum_duplicates(struct sum_table *t)
{
	struct strbuf	why = STRBUF_INIT;
	size_t		i, j;

	for (i = 0; i < t->n_all; i++)
		for (j = i + 1; j < t->n_all; j++) {
			if (strcmp(t->all[i].key, t->all[j].key) == 0)
				continue;
			if (!sum_shared(&t->all[i], &t->all[j], &why))
				continue;
			sum_dup_note(&t->all[i], &t->all[j], why.s);
			sum_dup_note(&t->all[j], &t->all[i], why.s);
		}
	strbuf_free(&why);
}

/* --- choosing and sorting ------------------------------------------------ */

/* Whether a counts before b for the same student and lab. */
static bool
sum_better(const struct sum_row *a, const struct sum_row *b)
{
	if ((a->origin == SLOG_BY_STUDENT) != (b->origin == SLOG_BY_STUDENT))
		return a->origin == SLOG_BY_STUDENT;
	if (a->done != b->done)
		return a->done > b->done;
	return strcmp(a->wall_start != NULL ? a->wall_start : "",
	    b->wall_start != NULL ? b->wall_start : "") > 0;
}

static int
sum_cmp(const void *pa, const void *pb)
{
	const struct sum_row	*a = *(const struct sum_row *const *)pa;
	const struct sum_row	*b = *(const struct sum_row *const *)pb;
	int			 c = strcmp(a->key, b->key);

	if (c == 0)
		c = strcmp(a->lab, b->lab);
	return c != 0 ? c : strcmp(a->file, b->file);
}

static void
sum_choose(struct sum_table *t)
{
	size_t	i, k;

	t->rows = xcalloc(t->n_all + 1, sizeof *t->rows);
	for (i = 0; i < t->n_all; i++) {
		for (k = 0; k < t->n; k++)
			if (strcmp(t->rows[k]->key, t->all[i].key) == 0 &&
			    strcmp(t->rows[k]->lab, t->all[i].lab) == 0)
				break;
		if (k == t->n)
			t->rows[t->n++] = &t->all[i];
		else if (sum_better(&t->all[i], t->rows[k]))
			t->rows[k] = &t->all[i];
	}
	if (t->n > 0)
		qsort(t->rows, t->n, sizeof *t->rows, sum_cmp);
}

/* --- groups ------------------------------------------------------------- */

const char **
sum_table_labs(const struct sum_table *t, size_t *n)
{
	const char	**v = xcalloc(t->n + 1, sizeof *v);
	size_t		  i, k, m = 0;

	for (i = 0; i < t->n; i++) {
		for (k = 0; k < m && strcmp(v[k], t->rows[i]->lab) != 0; k++)
			;
		if (k == m)
			v[m++] = t->rows[i]->lab;
	}
	for (i = 1; i < m; i++)		/* few labs: insertion sort */
		for (k = i; k > 0 && strcmp(v[k - 1], v[k]) > 0; k--) {
			const char *x = v[k];

			v[k] = v[k - 1];
			v[k - 1] = x;
		}
	*n = m;
	return v;
}

size_t
sum_student_end(const struct sum_table *t, size_t i)
{
	size_t	end;

	for (end = i + 1; end < t->n && strcmp(t->rows[end]->key,
	    t->rows[i]->key) == 0; end++)
		;
	return end;
}

char *
sum_student_names(const struct sum_table *t, size_t from, size_t to)
{
	struct sum_row *const	*rows = t->rows;
	struct strbuf	sb = STRBUF_INIT;
	size_t		i, k;

	for (i = from; i < to; i++) {
		for (k = from; k < i && strcmp(rows[k]->student,
		    rows[i]->student) != 0; k++)
			;
		if (k < i)
			continue;
		if (sb.len > 0)
			strbuf_adds(&sb, " / ");
		strbuf_adds(&sb, rows[i]->student);
	}
	return sb.s != NULL ? strbuf_detach(&sb) : xstrdup("");
}

/* --- the folder ---------------------------------------------------------- */

/* A file that gives no row: say why on stderr (escaped: the name is the
 * file's). */
static void
sum_skip(struct sum_row *row, const char *why)
{
	char	*text = utf8_printable_dup(why);

	fprintf(stderr, "isrlab: %s\n", text);
	free(text);
	sum_row_free(row);
}

static int
sum_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read dir's logs into t->all (sorted by file name, so the output does
 * not depend on the order readdir gives).  0, 1 when a log could not be
 * read, 2 when dir cannot be. */
static int
sum_read_dir(const char *dir, struct sum_table *t)
{
	struct sum_row	 row;
	struct dirent	*de;
	DIR		*d;
	char		*path, *data, err[1024], **names = NULL;
	size_t		 n_names = 0, i, len;
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "isrlab: %s: %s\n", dir, strerror(errno));
		return 2;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 7 || strcmp(de->d_name + len - 6, ".jsonl") != 0 ||
		    de->d_name[0] == '.')
			continue;
		names = xreallocarray(names, n_names + 1, sizeof *names);
		names[n_names++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n_names > 0)	/* qsort's base must not be NULL, even for 0 */
		qsort(names, n_names, sizeof *names, sum_name_cmp);
	for (i = 0; i < n_names; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		free(names[i]);
		memset(&row, 0, sizeof row);
		row.file = path;
		if (readfile_load(path, &readfile_log_limits, &data, &len,
		    err, sizeof err) != 0) {
			sum_skip(&row, err);
			rc = 1;
			continue;
		}
		if (sum_row_read(&row, data, len, err, sizeof err) != 0) {
			free(data);
			sum_skip(&row, err);
			rc = 1;
			continue;
		}
		free(data);
		row.base = strrchr(row.file, '/') + 1;
		t->all = xreallocarray(t->all, t->n_all + 1, sizeof *t->all);
		t->all[t->n_all++] = row;
	}
	free(names);
	/* key points into the row: fix it up now that all stopped
	 * moving. */
	for (i = 0; i < t->n_all; i++)
		t->all[i].key = t->all[i].student_id != NULL ?
		    t->all[i].student_id : t->all[i].student;
	return rc;
}

int
summarize_dir(const char *dir, const struct summarize_opts *o, FILE *out)
{
	struct sum_table	t;
	size_t			i;
	int			rc;

	memset(&t, 0, sizeof t);
	if ((rc = sum_read_dir(dir, &t)) == 2)
		return 2;
	sum_duplicates(&t);
	sum_choose(&t);
	for (i = 0; i < t.n; i++)
		if (t.rows[i]->seal != REPORT_OK)
			rc = 1;
	if (o->format == SUMMARIZE_HTML)
		sumhtml_page(&t, dir, out);
	else if (o->grid)
		sumtable_grid(&t, o->format, out);
	else if (o->format == SUMMARIZE_TEXT)
		sumtable_text(&t, out);
	else
		sumtable_delimited(&t, o->format == SUMMARIZE_CSV ? ',' : '\t',
		    out);
	for (i = 0; i < t.n_all; i++)
		sum_row_free(&t.all[i]);
	free(t.all);
	free(t.rows);
	return rc;
}
