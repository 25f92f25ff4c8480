/*
 * summarize-int.h - one summary row per log, shared by the folder reader
 * (summarize.c) and the writers (sumtable.c: text, CSV, TSV and the grid;
 * sumhtml.c: the HTML page).
 *
 * Strings are as the log holds them (valid UTF-8, jansson checks it);
 * each writer escapes them for its format.
 */
#ifndef ISRLAB_JOURNAL_SUMMARIZE_INT_H
#define ISRLAB_JOURNAL_SUMMARIZE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "journal/report.h"
#include "journal/slog.h"
#include "journal/summarize.h"
#include "util/strbuf.h"

/* Fewer of the student's own actions than this make no timeline worth
 * comparing: two students who did nothing did not copy each other. */
#define SUM_TIMELINE_MIN	3

/* One step of a lab as the log shows it. */
struct sum_step {
	char	*title;
	bool	 started, done, skipped;
	int64_t	 ms;		/* lab time on it: took_ms when done, else
				   from its start to the end of the log */
};

struct sum_row {
	char		*file;		/* the path read */
	const char	*base;		/* its file name, within file */
	char		*student;	/* as in the header ("" when none) */
	char		*student_id;	/* or NULL */
	const char	*key;		/* who: the id, else the name */
	char		*lab;		/* the lab's id, or "free" */
	char		*lab_title;	/* or NULL */
	int		 done, total;
	bool		 finished;	/* every step done or skipped */
	int64_t		 lab_ms;	/* lab start to last step done (or the
					   end of the log) */
	int64_t		 wall_ms;	/* the same on the wall clock */
	int		 hints;		/* hint_shown records */
	int		 failed;	/* the student's commands that failed */
	int		 wrong;		/* quiz answers that were wrong */
	int		 rewinds;
	int		 quiz_right, quiz_answered; /* first answers */
	enum slog_origin origin;
	enum report_verdict seal;
	char		*wall_start;	/* session start (ISO), for "latest" */
	struct sum_step	*steps;		/* total of them */
	/* Fingerprints a copy shares with its original. */
	uint64_t	 seed;
	bool		 seed_random;	/* seed_from "random" */
	char		*session;	/* or NULL */
	char		**topic_ids;	/* distinct, from describe outputs */
	size_t		 n_topic_ids;
	char		 timeline[65];	/* SHA-256 of the student's actions'
					   lab times, "" when too few */
	struct strbuf	 dup;		/* "FILE (seed, TopicId); ..." */
	bool		 readable;
};

/* The rows of a folder: every log read (all), and those that count, one
 * per student and lab, sorted by student then lab (rows points into
 * all). */
struct sum_table {
	struct sum_row	 *all;
	size_t		  n_all;
	struct sum_row	**rows;
	size_t		  n;
};

/* The labs of t's rows, distinct and sorted (pointing into the rows;
 * the array is the caller's to free). */
const char **sum_table_labs(const struct sum_table *t, size_t *n);
/* One past the last row of the student whose rows begin at i. */
size_t sum_student_end(const struct sum_table *t, size_t i);
/* The names the student of rows [from, to) went by, distinct, joined with
 * " / " (Minsu Kim / 김민수), as a new string. */
char *sum_student_names(const struct sum_table *t, size_t from, size_t to);

/* Whether r is the student's own work.  A log isrlab made (--solve,
 * --replay) credits the student nothing: every format leaves its work
 * figures empty ("-" in text, empty cells in CSV and TSV, "solve" alone
 * in the grid, no bars) and names who made it. */
#define sum_row_counts(r)	((r)->origin == SLOG_BY_STUDENT)

/* "ok", "edited" or "missing". */
const char *sum_seal_name(enum report_verdict v);
/* The text format's and the grid's short marks for what is wrong with a
 * row ("solve", "duplicate", "edited"), comma-separated, "" for none. */
void sum_row_marks(const struct sum_row *r, struct strbuf *out);

void sumtable_text(const struct sum_table *t, FILE *out);
/* sep ',' (RFC 4180, with a UTF-8 BOM) or '\t'. */
void sumtable_delimited(const struct sum_table *t, char sep, FILE *out);
void sumtable_grid(const struct sum_table *t, enum summarize_format f,
    FILE *out);
void sumhtml_page(const struct sum_table *t, const char *dir, FILE *out);

#endif
