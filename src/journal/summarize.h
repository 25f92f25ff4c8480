/*
 * summarize.h - `isrlab --summarize DIR`: one row per student and lab
 * from a folder of exported JSON Lines logs, for the teacher.
 *
 * DESIGN
 * Every *.jsonl in the folder is read into a row: the student's id and
 * name, the lab, steps done/total, finished or not, the wall-clock time on
 * the lab and its lab time, hints shown, the student's commands that
 * failed, wrong quiz answers, the quiz score (quizzes whose first answer
 * was right / quizzes answered), rewinds, who made the log (the student,
 * or isrlab's --solve or --replay, which never count as the student's
 * work: such a row names who made it and leaves every figure of work
 * empty, in every format), whether it duplicates another student's log, and its seal (ok,
 * edited, missing).
 *
 * Duplicates: every session draws its own seed, TopicIds and session id
 * (ident.h), and a student's actions come at lab times nobody else's
 * match, so two students' logs that share a random seed, a TopicId, the
 * session id or the timeline of the student's actions are a copy, one
 * of the other; both are flagged, each naming the other file.  Logs of
 * one student (one id, else one name) never flag each other: exporting a
 * session twice is not copying.
 *
 * Students are grouped by id when the log has one (so one student's logs
 * count together under any name), else by name.  When a student has more
 * than one log of a lab, the student's own work counts before isrlab's,
 * then the one with the most steps done, then the latest.  Rows are sorted
 * by student, then lab (byte order).  Formats: text (aligned columns),
 * CSV (RFC 4180, UTF-8 with a BOM), TSV, HTML (one self-contained page:
 * the table, the class grid, and per student a timeline of steps drawn as
 * an SVG bar chart); --grid gives student x lab instead of the rows.
 */
#ifndef ISRLAB_JOURNAL_SUMMARIZE_H
#define ISRLAB_JOURNAL_SUMMARIZE_H

#include <stdbool.h>
#include <stdio.h>

enum summarize_format {
	SUMMARIZE_TEXT,		/* aligned columns for a terminal */
	SUMMARIZE_CSV,		/* RFC 4180, UTF-8 with a BOM */
	SUMMARIZE_TSV,		/* tab-separated, one line per row */
	SUMMARIZE_HTML,		/* one self-contained page */
};

struct summarize_opts {
	enum summarize_format	format;
	bool			grid;	/* student x lab */
};

/* "text", "csv", "tsv" or "html" into *f: 0, or -1. */
int summarize_format_parse(const char *s, enum summarize_format *f);

/* Print the summary of dir to out.  Returns 0, 1 when some log was
 * edited, unsealed or unreadable (still listed), 2 when dir cannot be
 * read. */
int summarize_dir(const char *dir, const struct summarize_opts *o,
    FILE *out);

/* Read one log (len bytes at data, from the file name) as --summarize
 * does: 0 when it gives a row, or -1 with "NAME[:LINE]: reason" in err. */
int summarize_check(const char *name, const char *data, size_t len,
    char *err, size_t errlen);

#endif
