/*
 * quiz.h - a step's question: multiple choice or a short answer.
 *
 *   ```lab quiz
 *   question: RF=3, min.insync.replicas=2 ...?
 *   question.en: With RF=3 and min.insync.replicas=2 ...?
 *   a: 0대              (choices a, b, c, ... with a.en, b.en, ...)
 *   b: 1대
 *   answer: b           (a letter; without choices: the short answer)
 *   accept: 2,3 | 3,2   (more accepted short answers, | between)
 *   explain: ...        (shown after answering; explain.en)
 *   ```
 *
 * A `lab quiz` block in the step's `## [en]` section may give the English
 * of question/choices/explain in the same key: value form.  Answers and
 * accepted forms compare normalised (quiz_normalize), so "2, 3" = "2,3",
 * "１개" = "1" and "하나" = "1".
 */
#ifndef ISRLAB_LAB_QUIZ_H
#define ISRLAB_LAB_QUIZ_H

#include <stdbool.h>

#include "lab/lab.h"
#include "util/strbuf.h"

/* Parse the block content lit (its first line is file line first_line,
 * text at column col; the fence is on block_line).  Errors go to errs as
 * "NAME:LINE:COL: ..." lines and count in *n_errs; returns the quiz (also
 * on errors, for the caller to free). */
struct lab_quiz *quiz_parse(const char *lit, int first_line, int col,
    int block_line, const char *name, struct strbuf *errs, int *n_errs);
/* Add the English texts of an [en] quiz block to q. */
void quiz_parse_en(struct lab_quiz *q, const char *lit, int first_line,
    int col, const char *name, struct strbuf *errs, int *n_errs);
void quiz_free(struct lab_quiz *q);

/* An answer as it is compared (a new string): blanks gone, ASCII in lower
 * case, full-width forms as ASCII ("１" is "1"), and each comma-separated
 * item that is a number with at most one counter as its digits: "1개",
 * "1 개", "한 개", "하나", "one" are "1", "2대" is "2", "2대, 3대" is
 * "2,3".  Words that are a number only before a counter (한, 두, 세, 네,
 * the Sino-Korean 일, 이, 삼 ...) stay words alone. */
char *quiz_normalize(const char *s);

/* Whether answer is right: a choice letter ("b", "B"), its exact text
 * (normalised, in either language) or its number ("2"); for a short
 * answer, the answer or an accepted one, normalised.  Returns -1 when
 * answer is not one of the choices at all. */
int quiz_check(const struct lab_quiz *q, const char *answer, bool *right);

/* One sentence in out saying which forms of an answer q takes (a letter
 * or a number of a choice; a number with counters and full-width digits;
 * free text), never the answer itself. */
void quiz_forms(const struct lab_quiz *q, struct strbuf *out);

#endif
