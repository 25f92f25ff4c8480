/*
 * sumtable.c - the summary as a table: aligned text for a terminal, CSV
 * (RFC 4180) and TSV for a spreadsheet, and the student x lab grid in any
 * of them.
 *
 * Text escapes control characters (a log's strings must not drive the
 * teacher's terminal) and aligns by display width (Korean is two columns
 * a character).  CSV starts with a UTF-8 BOM, so spreadsheet programs
 * read Korean as UTF-8 rather than the system's code page, ends lines
 * with CRLF, and quotes a field holding a comma, a quote or a line break;
 * a text field that a spreadsheet would take for a formula (=, +, -, @)
 * gets a leading apostrophe, which spreadsheets show as text.  Counts and
 * seconds are plain numbers there, never "7/7" (a date to a spreadsheet).
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal/summarize-int.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* --- cells --------------------------------------------------------------- */

/* A table of cells, owned; widths are display columns. */
struct sum_cells {
	char	**v;
	size_t	  cols, n;		/* n cells, cols a row */
};

static void
sum_cell_add(struct sum_cells *c, char *s)
{
	c->v = xreallocarray(c->v, c->n + 1, sizeof *c->v);
	c->v[c->n++] = s;
}

static void
sum_cells_free(struct sum_cells *c)
{
	size_t	i;

	for (i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
}

/* Seconds with one decimal, a plain number. */
static char *
sum_seconds(int64_t ms)
{
	return xasprintf("%" PRId64 ".%" PRId64, ms / 1000, ms / 100 % 10);
}

static char *
sum_duration(int64_t ms)
{
	char	buf[32];

	report_duration(ms, buf, sizeof buf);
	return xstrdup(buf);
}

/* The cells of one row; text: the terminal's forms ("7/7", "4m12.3s"),
 * else a spreadsheet's (numbers in their own columns).  A row isrlab made
 * has its work figures empty (sum_row_counts): a spreadsheet's sums and
 * counts of "yes" skip them. */
static void
sum_row_cells(const struct sum_row *r, bool text, struct sum_cells *c)
{
	const char	*none = text ? "-" : "";
	bool		 counts = sum_row_counts(r);
	int		 k;

	sum_cell_add(c, xstrdup(r->student_id != NULL ? r->student_id :
	    none));
	sum_cell_add(c, xstrdup(r->student));
	sum_cell_add(c, xstrdup(r->lab));
	if (text)
		sum_cell_add(c, counts ? xasprintf("%d/%d", r->done,
		    r->total) : xasprintf("-/%d", r->total));
	else {
		sum_cell_add(c, counts ? xasprintf("%d", r->done) :
		    xstrdup(none));
		sum_cell_add(c, xasprintf("%d", r->total));
	}
	if (!counts) {
		/* finished, wall, lab time, hints, failed, wrong, quiz
		 * (two cells in a sheet), rewinds */
		for (k = text ? 8 : 9; k > 0; k--)
			sum_cell_add(c, xstrdup(none));
	} else {
		sum_cell_add(c, xstrdup(r->finished ? "yes" : "no"));
		sum_cell_add(c, text ? sum_duration(r->wall_ms) :
		    sum_seconds(r->wall_ms));
		sum_cell_add(c, text ? sum_duration(r->lab_ms) :
		    sum_seconds(r->lab_ms));
		sum_cell_add(c, xasprintf("%d", r->hints));
		sum_cell_add(c, xasprintf("%d", r->failed));
		sum_cell_add(c, xasprintf("%d", r->wrong));
		if (text)
			sum_cell_add(c, r->quiz_answered > 0 ?
			    xasprintf("%d/%d", r->quiz_right,
			    r->quiz_answered) : xstrdup("-"));
		else {
			sum_cell_add(c, xasprintf("%d", r->quiz_right));
			sum_cell_add(c, xasprintf("%d", r->quiz_answered));
		}
		sum_cell_add(c, xasprintf("%d", r->rewinds));
	}
	sum_cell_add(c, xstrdup(slog_origin_name(r->origin)));
	if (!text)
		sum_cell_add(c, xstrdup(r->dup.len > 0 ? "yes" : "no"));
	sum_cell_add(c, xstrdup(sum_seal_name(r->seal)));
	sum_cell_add(c, xstrdup(r->dup.len > 0 ? r->dup.s : none));
	if (!text)
		sum_cell_add(c, xstrdup(r->base));
}

static const char *const sum_text_head[] = {
	"ID", "STUDENT", "LAB", "STEPS", "FINISHED", "WALL", "LAB TIME",
	"HINTS", "FAILED", "WRONG", "QUIZ", "REWINDS", "BY", "SEAL",
	"DUPLICATE OF", NULL
};

static const char *const sum_sheet_head[] = {
	"student_id", "student", "lab", "steps_done", "steps", "finished",
	"wall_seconds", "lab_seconds", "hints", "failed_commands",
	"wrong_answers", "quiz_right", "quiz_answered", "rewinds", "made_by",
	"duplicate", "seal", "duplicate_of", "file", NULL
};

/* --- writing cells ------------------------------------------------------- */

/* Aligned columns, control characters escaped, the last column not
 * padded. */
static void
sum_write_text(struct sum_cells *c, FILE *out)
{
	int	*w = xcalloc(c->cols, sizeof *w), k;
	size_t	 i;
	char	*s;

	for (i = 0; i < c->n; i++) {
		s = utf8_printable_dup(c->v[i]);
		free(c->v[i]);
		c->v[i] = s;
		if ((k = utf8_width(s)) > w[i % c->cols])
			w[i % c->cols] = k;
	}
	for (i = 0; i < c->n; i++) {
		fputs(c->v[i], out);
		if ((i + 1) % c->cols == 0)
			fputc('\n', out);
		else
			fprintf(out, "%*s", w[i % c->cols] -
			    utf8_width(c->v[i]) + 2, "");
	}
	free(w);
}

/* One field: escaped to one line; CSV quotes it when it must; a text
 * field a spreadsheet would run as a formula starts with '. */
static void
sum_write_field(const char *s, char sep, bool is_text, FILE *out)
{
	char		*text = utf8_printable_dup(s);
	const char	*p;
	bool		 quote = sep == ',' && strpbrk(text, ",\"\r\n") != NULL;

	if (quote)
		fputc('"', out);
	if (is_text && strchr("=+-@", text[0]) != NULL && text[0] != '\0')
		fputc('\'', out);
	for (p = text; *p != '\0'; p++) {
		if (*p == '"' && quote)
			fputc('"', out);
		fputc(*p == '\t' && sep == '\t' ? ' ' : *p, out);
	}
	if (quote)
		fputc('"', out);
	free(text);
}

/* CSV or TSV: cells whose column is_text[col] are text (the others are
 * numbers or fixed words). */
static void
sum_write_sheet(const struct sum_cells *c, const bool *is_text, char sep,
    FILE *out)
{
	size_t	i;

	if (sep == ',')
		fputs("\xef\xbb\xbf", out);	/* BOM */
	for (i = 0; i < c->n; i++) {
		sum_write_field(c->v[i], sep, is_text[i % c->cols], out);
		if ((i + 1) % c->cols != 0)
			fputc(sep, out);
		else
			fputs(sep == ',' ? "\r\n" : "\n", out);
	}
}

/* --- the rows ------------------------------------------------------------ */

void
sumtable_text(const struct sum_table *t, FILE *out)
{
	struct sum_cells	c;
	size_t			i;

	memset(&c, 0, sizeof c);
	for (i = 0; sum_text_head[i] != NULL; i++)
		sum_cell_add(&c, xstrdup(sum_text_head[i]));
	c.cols = i;
	for (i = 0; i < t->n; i++)
		sum_row_cells(t->rows[i], true, &c);
	sum_write_text(&c, out);
	sum_cells_free(&c);
}

void
sumtable_delimited(const struct sum_table *t, char sep, FILE *out)
{
	static const bool	 is_text[] = {
		true, true, true, false, false, false, false, false, false,
		false, false, false, false, false, false, false, false, true,
		true
	};
	struct sum_cells	 c;
	size_t			 i;

	memset(&c, 0, sizeof c);
	for (i = 0; sum_sheet_head[i] != NULL; i++)
		sum_cell_add(&c, xstrdup(sum_sheet_head[i]));
	c.cols = i;
	for (i = 0; i < t->n; i++)
		sum_row_cells(t->rows[i], false, &c);
	sum_write_sheet(&c, is_text, sep, out);
	sum_cells_free(&c);
}

/* --- the grid ------------------------------------------------------------ */

void
sumtable_grid(const struct sum_table *t, enum summarize_format f, FILE *out)
{
	struct sum_cells	 c;
	struct strbuf		 cell = STRBUF_INIT;
	const struct sum_row	*r;
	const char		**labs;
	bool			*is_text;
	bool			 text = f == SUMMARIZE_TEXT;
	size_t			 n_labs, i, j, k, end;

	labs = sum_table_labs(t, &n_labs);
	memset(&c, 0, sizeof c);
	c.cols = n_labs + 2;
	sum_cell_add(&c, xstrdup(text ? "ID" : "student_id"));
	sum_cell_add(&c, xstrdup(text ? "STUDENT" : "student"));
	for (j = 0; j < n_labs; j++)
		sum_cell_add(&c, xstrdup(labs[j]));
	for (i = 0; i < t->n; i = end) {
		end = sum_student_end(t, i);
		r = t->rows[i];
		sum_cell_add(&c, xstrdup(r->student_id != NULL ?
		    r->student_id : text ? "-" : ""));
		sum_cell_add(&c, sum_student_names(t, i, end));
		for (j = 0; j < n_labs; j++) {
			for (k = i; k < end && strcmp(t->rows[k]->lab,
			    labs[j]) != 0; k++)
				;
			if (k == end) {
				sum_cell_add(&c, xstrdup(text ? "-" : ""));
				continue;
			}
			r = t->rows[k];
			strbuf_reset(&cell);
			/* A log isrlab made: who made it, no steps. */
			if (sum_row_counts(r))
				strbuf_printf(&cell, text ? "%d/%d" :
				    "%d of %d", r->done, r->total);
			if (!sum_row_counts(r) || r->dup.len > 0 ||
			    r->seal != REPORT_OK) {
				strbuf_adds(&cell, cell.len > 0 ? " (" : "");
				sum_row_marks(r, &cell);
				strbuf_adds(&cell, sum_row_counts(r) ? ")" : "");
			}
			sum_cell_add(&c, xstrdup(cell.s));
		}
	}
	if (text)
		sum_write_text(&c, out);
	else {
		is_text = xcalloc(c.cols, sizeof *is_text);
		is_text[0] = is_text[1] = true;
		sum_write_sheet(&c, is_text, f == SUMMARIZE_CSV ? ',' : '\t',
		    out);
		free(is_text);
	}
	strbuf_free(&cell);
	sum_cells_free(&c);
	free(labs);
}
