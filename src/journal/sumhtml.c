/*
 * sumhtml.c - the summary as one self-contained HTML page: the class grid
 * (student x lab), every row, and per student a timeline of each lab's
 * steps with the lab time on each drawn as an inline SVG bar chart, after
 * a chart per lab of the class's median time on each step, so a teacher
 * sees where the class got stuck.
 *
 * The page loads nothing: CSS is inline, there is no script, the charts
 * are SVG in the page, and no attribute holds a URL (links are to the
 * page's own #anchors).  Every string from a log is escaped for HTML
 * after its control characters are (utf8_printable), so a student's name
 * cannot open markup.  Bars of one lab share a scale across the class,
 * so one student's slow step stands out against the others'.  A log
 * isrlab made (--solve, --replay) shows who made it and no figures or
 * bars: it is not the student's work (sum_row_counts).
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal/summarize-int.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define SUM_SVG_LABEL	300	/* px for the step titles */
#define SUM_SVG_BARS	420	/* px for the longest bar */
#define SUM_SVG_ROW	22	/* px a step */
#define SUM_SVG_TITLE	40	/* display columns of a title kept */

static const char sum_css[] =
    "body{font-family:sans-serif;margin:1.5em;color:#222}"
    "h1{font-size:1.5em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "th,td{border:1px solid #bbb;padding:.2em .5em;text-align:left}"
    "th{background:#eee}td.n{text-align:right}"
    ".ok{background:#e3f4e1}.part{background:#fff6d6}"
    ".flag{background:#fbd9d9;font-weight:bold}"
    "section{margin:1em 0 2em}svg text{font-size:12px;font-family:sans-serif}"
    ".legend span{display:inline-block;padding:0 .6em;margin-right:.5em}";

/* s as HTML text: control characters escaped first, then & < > " '. */
static void
sum_html(FILE *out, const char *s)
{
	char		*text = utf8_printable_dup(s);
	const char	*p;

	for (p = text; *p != '\0'; p++)
		switch (*p) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(*p, out);
		}
	free(text);
}

/* s cut to cols display columns (with "…" when cut), as HTML text. */
static void
sum_html_cut(FILE *out, const char *s, int cols)
{
	char	*text = utf8_printable_dup(s), *cut;
	size_t	 n;

	if (utf8_width(text) <= cols) {
		sum_html(out, text);
		free(text);
		return;
	}
	n = utf8_bytes_for_width(text, cols - 1);
	cut = xasprintf("%.*s…", (int)n, text);
	sum_html(out, cut);
	free(cut);
	free(text);
}

static void
sum_duration(FILE *out, int64_t ms)
{
	char	buf[32];

	report_duration(ms, buf, sizeof buf);
	fputs(buf, out);
}

/* The row's anchor: its index among the rows. */
static size_t
sum_row_index(const struct sum_table *t, const struct sum_row *r)
{
	size_t	i;

	for (i = 0; i < t->n && t->rows[i] != r; i++)
		;
	return i;
}

static bool
sum_flagged(const struct sum_row *r)
{
	return r->origin != SLOG_BY_STUDENT || r->dup.len > 0 ||
	    r->seal != REPORT_OK;
}

/* --- the grid and the rows ----------------------------------------------- */

static void
sum_grid(const struct sum_table *t, FILE *out)
{
	struct strbuf		 marks = STRBUF_INIT;
	const struct sum_row	*r;
	const char		**labs;
	char			*names;
	size_t			 i, j, k, end, n_labs;

	labs = sum_table_labs(t, &n_labs);
	fputs("<h2 id=\"grid\">Class grid (student × lab)</h2>\n<table "
	    "class=\"grid\"><tr><th>id</th><th>student</th>", out);
	for (j = 0; j < n_labs; j++) {
		fputs("<th>", out);
		sum_html(out, labs[j]);
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
	for (i = 0; i < t->n; i = end) {
		end = sum_student_end(t, i);
		fputs("<tr><td>", out);
		sum_html(out, t->rows[i]->student_id != NULL ?
		    t->rows[i]->student_id : "-");
		fputs("</td><td>", out);
		names = sum_student_names(t, i, end);
		sum_html(out, names);
		free(names);
		fputs("</td>", out);
		for (j = 0; j < n_labs; j++) {
			for (k = i; k < end && strcmp(t->rows[k]->lab,
			    labs[j]) != 0; k++)
				;
			if (k == end) {
				fputs("<td></td>", out);
				continue;
			}
			r = t->rows[k];
			fprintf(out, "<td class=\"%s\"><a href=\"#r%zu\">",
			    sum_flagged(r) ? "flag" : r->finished ? "ok" :
			    "part", sum_row_index(t, r));
			if (sum_row_counts(r))
				fprintf(out, "%d/%d", r->done, r->total);
			if (sum_flagged(r)) {
				strbuf_reset(&marks);
				sum_row_marks(r, &marks);
				fputs(sum_row_counts(r) ? " " : "", out);
				sum_html(out, marks.s);
			}
			fputs("</a>", out);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n<p class=\"legend\"><span class=\"ok\">finished"
	    "</span><span class=\"part\">not finished</span><span "
	    "class=\"flag\">not the student's own work, a duplicate of "
	    "another student's log, or a seal that does not hold</span>"
	    "</p>\n", out);
	strbuf_free(&marks);
	free(labs);
}

/* The row's cells of work, steps to rewinds; a log isrlab made has none
 * of the student's. */
static void
sum_row_work(FILE *out, const struct sum_row *r)
{
	int	k;

	if (!sum_row_counts(r)) {
		fprintf(out, "<td class=\"n\">-/%d</td>", r->total);
		for (k = 0; k < 9; k++)
			fputs("<td>-</td>", out);
		return;
	}
	fprintf(out, "<td class=\"n\">%d/%d</td><td>%s</td><td class=\"n\">",
	    r->done, r->total, r->finished ? "yes" : "no");
	sum_duration(out, r->wall_ms);
	fputs("</td><td class=\"n\">", out);
	sum_duration(out, r->lab_ms);
	fprintf(out, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
	    "<td class=\"n\">%d</td><td class=\"n\">", r->hints, r->failed,
	    r->wrong);
	if (r->quiz_answered > 0)
		fprintf(out, "%d/%d", r->quiz_right, r->quiz_answered);
	else
		fputs("-", out);
	fprintf(out, "</td><td class=\"n\">%d</td>", r->rewinds);
}

static void
sum_rows(const struct sum_table *t, FILE *out)
{
	static const char *const head[] = {
		"id", "student", "lab", "steps", "finished", "wall time",
		"lab time", "hints", "failed commands", "wrong answers",
		"quiz", "rewinds", "made by", "seal", "duplicate of", NULL
	};
	const struct sum_row	*r;
	size_t			 i;

	fputs("<h2 id=\"rows\">Every student and lab</h2>\n<table "
	    "class=\"rows\"><tr>", out);
	for (i = 0; head[i] != NULL; i++)
		fprintf(out, "<th>%s</th>", head[i]);
	fputs("</tr>\n", out);
	for (i = 0; i < t->n; i++) {
		r = t->rows[i];
		fprintf(out, "<tr id=\"r%zu\"%s><td>", i, sum_flagged(r) ?
		    " class=\"flag\"" : "");
		sum_html(out, r->student_id != NULL ? r->student_id : "-");
		fputs("</td><td>", out);
		sum_html(out, r->student);
		fputs("</td><td>", out);
		sum_html(out, r->lab);
		fputs("</td>", out);
		sum_row_work(out, r);
		fprintf(out, "<td>%s</td><td>%s</td><td>",
		    slog_origin_name(r->origin), sum_seal_name(r->seal));
		sum_html(out, r->dup.len > 0 ? r->dup.s : "-");
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
}

/* --- the charts ---------------------------------------------------------- */

/* The longest step time of lab among the students' own rows (1 at
 * least). */
static int64_t
sum_lab_max(const struct sum_table *t, const char *lab)
{
	int64_t	max = 1;
	size_t	i;
	int	s;

	for (i = 0; i < t->n; i++)
		for (s = 0; sum_row_counts(t->rows[i]) &&
		    strcmp(t->rows[i]->lab, lab) == 0 &&
		    s < t->rows[i]->total; s++)
			if (t->rows[i]->steps[s].ms > max)
				max = t->rows[i]->steps[s].ms;
	return max;
}

/* A horizontal bar chart: n bars titled titles[i], ms[i] long on a scale
 * where max fills the width, coloured by state[i] ('d' done, 's'
 * skipped, 'p' in progress, '-' not started), with notes[i] (or NULL)
 * after the time. */
static void
sum_chart(FILE *out, const char *label, int n, char *const *titles,
    const int64_t *ms, const char *state, const char *const *notes,
    int64_t max)
{
	int	i, w, h = n * SUM_SVG_ROW + 4;
	const char *fill;

	fprintf(out, "<svg width=\"%d\" "
	    "height=\"%d\" role=\"img\" aria-label=\"", SUM_SVG_LABEL +
	    SUM_SVG_BARS + 160, h);
	sum_html(out, label);
	fputs("\">\n", out);
	for (i = 0; i < n; i++) {
		w = (int)(ms[i] * SUM_SVG_BARS / max);
		if (w < 1 && ms[i] > 0)
			w = 1;
		fill = state[i] == 'd' ? "#4a9a4a" : state[i] == 's' ?
		    "#d08a2a" : state[i] == 'p' ? "#c84040" : "#cccccc";
		fprintf(out, "<text x=\"0\" y=\"%d\">%d. ", i * SUM_SVG_ROW +
		    15, i + 1);
		sum_html_cut(out, titles[i], SUM_SVG_TITLE);
		fprintf(out, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"16\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">",
		    SUM_SVG_LABEL, i * SUM_SVG_ROW + 3, w, fill,
		    SUM_SVG_LABEL + w + 6, i * SUM_SVG_ROW + 15);
		if (state[i] == '-')
			fputs("not started", out);
		else {
			sum_duration(out, ms[i]);
			fputs(state[i] == 's' ? " skipped" : state[i] == 'p' ?
			    " (not done)" : "", out);
		}
		if (notes != NULL && notes[i] != NULL) {
			fputs(" ", out);
			sum_html(out, notes[i]);
		}
		fputs("</text>\n", out);
	}
	fputs("</svg>\n", out);
}

static int
sum_ms_cmp(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Per lab: the median lab time on each step over the students' own logs
 * that reached it, and how many of them did not get past it. */
static void
sum_class_charts(const struct sum_table *t, FILE *out)
{
	const struct sum_row	*r, *first;
	int64_t			*ms, *all;
	char			*state, **notes, **titles;
	size_t			 i, k, n;
	int			 s, stuck;
	bool			 seen;

	fputs("<h2 id=\"class\">Where the class spends its time</h2>\n<p>The "
	    "median lab time on each step, over the students' own logs that "
	    "reached it; red: students who reached the step and did not "
	    "finish it.</p>\n", out);
	for (i = 0; i < t->n; i++) {
		first = t->rows[i];
		for (k = 0, seen = false; k < i && !seen; k++)
			seen = strcmp(t->rows[k]->lab, first->lab) == 0;
		if (seen || first->total == 0)
			continue;
		ms = xcalloc((size_t)first->total, sizeof *ms);
		state = xcalloc((size_t)first->total, 1);
		notes = xcalloc((size_t)first->total, sizeof *notes);
		titles = xcalloc((size_t)first->total, sizeof *titles);
		all = xcalloc(t->n + 1, sizeof *all);
		for (s = 0; s < first->total; s++) {
			titles[s] = first->steps[s].title;
			for (k = 0, n = 0, stuck = 0; k < t->n; k++) {
				r = t->rows[k];
				if (strcmp(r->lab, first->lab) != 0 ||
				    r->origin != SLOG_BY_STUDENT ||
				    r->total != first->total ||
				    !r->steps[s].started)
					continue;
				all[n++] = r->steps[s].ms;
				stuck += !r->steps[s].done &&
				    !r->steps[s].skipped;
			}
			if (n > 0) {
				qsort(all, n, sizeof *all, sum_ms_cmp);
				ms[s] = all[n / 2];
			}
			state[s] = n == 0 ? '-' : stuck > 0 ? 'p' : 'd';
			notes[s] = stuck > 0 ? xasprintf("(%zu reached "
			    "it, %d not done)", n, stuck) : xasprintf("(%zu "
			    "reached it)", n);
		}
		fputs("<section><h3>", out);
		sum_html(out, first->lab);
		if (first->lab_title != NULL) {
			fputs(" — ", out);
			sum_html(out, first->lab_title);
		}
		fputs("</h3>\n", out);
		sum_chart(out, first->lab, first->total, titles, ms, state,
		    (const char *const *)notes, sum_lab_max(t, first->lab));
		fputs("</section>\n", out);
		for (s = 0; s < first->total; s++)
			free(notes[s]);
		free(notes);
		free(titles);
		free(state);
		free(ms);
		free(all);
	}
}

/* Per student, each lab's steps as bars. */
static void
sum_timelines(const struct sum_table *t, FILE *out)
{
	const struct sum_row	*r;
	int64_t			*ms;
	char			*state, **titles, *names;
	size_t			 i, end, k;
	int			 s;

	fputs("<h2 id=\"timelines\">Timelines</h2>\n<p>The lab time each "
	    "student spent on each step: green done, orange skipped, red "
	    "where the log ends without the step done.  Bars of one lab "
	    "share a scale.</p>\n", out);
	for (i = 0; i < t->n; i = end) {
		end = sum_student_end(t, i);
		fputs("<section class=\"student\"><h3>", out);
		names = sum_student_names(t, i, end);
		sum_html(out, names);
		free(names);
		if (t->rows[i]->student_id != NULL) {
			fputs(" (", out);
			sum_html(out, t->rows[i]->student_id);
			fputs(")", out);
		}
		fputs("</h3>\n", out);
		for (k = i; k < end; k++) {
			r = t->rows[k];
			fprintf(out, "<h4><a href=\"#r%zu\">", k);
			sum_html(out, r->lab);
			fputs("</a>", out);
			if (r->lab_title != NULL) {
				fputs(" — ", out);
				sum_html(out, r->lab_title);
			}
			if (sum_row_counts(r)) {
				fprintf(out, ": %d/%d steps, lab time ",
				    r->done, r->total);
				sum_duration(out, r->lab_ms);
			}
			if (sum_flagged(r)) {
				struct strbuf	marks = STRBUF_INIT;

				sum_row_marks(r, &marks);
				fputs(" <span class=\"flag\">", out);
				sum_html(out, marks.s);
				fputs("</span>", out);
				strbuf_free(&marks);
			}
			fputs("</h4>\n", out);
			if (!sum_row_counts(r)) {
				fprintf(out, "<p>Made by isrlab (%s), not by "
				    "the student: not counted.</p>\n",
				    r->origin == SLOG_BY_SOLVE ? "--solve" :
				    "--replay");
				continue;
			}
			if (r->total == 0) {
				fputs("<p>Free play: no steps.</p>\n", out);
				continue;
			}
			ms = xcalloc((size_t)r->total, sizeof *ms);
			state = xcalloc((size_t)r->total, 1);
			titles = xcalloc((size_t)r->total, sizeof *titles);
			for (s = 0; s < r->total; s++) {
				ms[s] = r->steps[s].ms;
				titles[s] = r->steps[s].title;
				state[s] = r->steps[s].done ? 'd' :
				    r->steps[s].skipped ? 's' :
				    r->steps[s].started ? 'p' : '-';
			}
			sum_chart(out, r->lab, r->total, titles, ms, state,
			    NULL, sum_lab_max(t, r->lab));
			free(titles);
			free(state);
			free(ms);
		}
		fputs("</section>\n", out);
	}
}

void
sumhtml_page(const struct sum_table *t, const char *dir, FILE *out)
{
	fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
	    "<title>isrlab class summary: ", out);
	sum_html(out, dir);
	fprintf(out, "</title>\n<style>%s</style>\n</head><body>\n"
	    "<h1>isrlab class summary</h1>\n<p>", sum_css);
	sum_html(out, dir);
	fprintf(out, ": %zu logs, %zu rows (one per student and lab) · isrlab "
	    "%s · <a href=\"#grid\">grid</a> · <a href=\"#rows\">rows</a> · "
	    "<a href=\"#class\">class</a> · <a href=\"#timelines\">"
	    "timelines</a></p>\n", t->n_all, t->n, PACKAGE_VERSION);
	sum_grid(t, out);
	sum_rows(t, out);
	sum_class_charts(t, out);
	sum_timelines(t, out);
	fputs("</body></html>\n", out);
}
