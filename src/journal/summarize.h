/*
 * summarize.h - `isrlab --summarize DIR`: one line per student and lab
 * from a folder of exported JSON Lines logs, for the teacher.
 *
 * Columns: student, lab, steps done/total, lab time (lab start to the
 * last step done, or to the end of the log), quiz score (quizzes whose
 * first answer was right / quizzes answered), and whether the log's seal
 * holds (OK) or not (MODIFIED).  When a student exported the same lab
 * more than once, the log with the most steps done (then the latest)
 * counts.  Sorted by student, then lab (byte order).
 */
#ifndef ISRLAB_JOURNAL_SUMMARIZE_H
#define ISRLAB_JOURNAL_SUMMARIZE_H

#include <stdio.h>

/* Print the summary of dir to out.  Returns 0, 1 when some log was
 * modified or unreadable (still listed), 2 when dir cannot be read. */
int summarize_dir(const char *dir, FILE *out);

/* Read one log (len bytes at data, from the file name) as --summarize
 * does: 0 when it gives a row, or -1 with "NAME[:LINE]: reason" in err. */
int summarize_check(const char *name, const char *data, size_t len,
    char *err, size_t errlen);

#endif
