/*
 * summarize.c - reading every *.jsonl in a folder into one row each.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal/export.h"
#include "journal/report.h"
#include "journal/summarize.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define SUMMARIZE_MAX_STEPS 64

struct summarize_row {
	char	*file;
	char	*student, *lab;
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

/* Fill row from the log's text. */
static void
summarize_parse(struct summarize_row *row, char *data)
{
	bool	 done[SUMMARIZE_MAX_STEPS], answered[SUMMARIZE_MAX_STEPS];
	char	*line, *nl;
	json_t	*o, *lab;
	const char *type;
	int64_t	 start = -1, last_done = -1, end = 0, t;
	int	 step;

	memset(done, 0, sizeof done);
	memset(answered, 0, sizeof answered);
	for (line = data; *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			nl = line + strlen(line) - 1;
		else
			*nl = '\0';
		if ((o = json_loads(line, 0, NULL)) == NULL)
			continue;
		type = summarize_str(o, "type");
		t = json_integer_value(json_object_get(o, "t_ms"));
		step = (int)json_integer_value(json_object_get(o, "step")) - 1;
		if (strcmp(type, "header") == 0) {
			row->readable = true;
			row->student = xstrdup(summarize_str(o, "student"));
			lab = json_object_get(o, "lab");
			row->lab = xstrdup(json_is_object(lab) ?
			    summarize_str(lab, "id") : "free");
			row->total = json_is_object(lab) ?
			    (int)json_array_size(json_object_get(lab,
			    "steps")) : 0;
		} else if (strcmp(type, "session_start") == 0) {
			free(row->wall);
			row->wall = xstrdup(summarize_str(o, "wall"));
		} else if (strcmp(type, "lab_start") == 0)
			start = t;
		else if (strcmp(type, "step_done") == 0 && step >= 0 &&
		    step < SUMMARIZE_MAX_STEPS &&
		    !json_is_true(json_object_get(o, "skipped"))) {
			if (!done[step])
				row->done++;
			done[step] = true;
			last_done = t;
		} else if (strcmp(type, "quiz_answer") == 0 && step >= 0 &&
		    step < SUMMARIZE_MAX_STEPS && !answered[step]) {
			answered[step] = true;
			row->quiz_answered++;
			row->quiz_right += json_is_true(json_object_get(o,
			    "right"));
		}
		if (strcmp(type, "final_state") != 0 &&
		    strcmp(type, "checksum") != 0 && t > end)
			end = t;
		json_decref(o);
	}
	if (start < 0)
		start = 0;
	row->ms = (row->total > 0 && row->done == row->total ? last_done :
	    end) - start;
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
		if (export_read_file(path, &data, &len, err, sizeof err) != 0) {
			fprintf(stderr, "isrlab: %s\n", err);
			summarize_row_free(&row);
			rc = 1;
			continue;
		}
		row.ok = report_verify(data, len) == REPORT_OK;
		summarize_parse(&row, data);
		free(data);
		if (!row.readable) {
			fprintf(stderr, "isrlab: %s: not an isrlab session "
			    "log\n", path);
			summarize_row_free(&row);
			rc = 1;
			continue;
		}
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
