/*
 * quiz.c - the `lab quiz` block's key: value lines and answer checking.
 */

#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/quiz.h"
#include "util/xmalloc.h"

struct quiz_ctx {
	const char	*name;
	struct strbuf	*errs;
	int		*n_errs;
};

static void
quiz_error(struct quiz_ctx *x, int line, int col, const char *fmt, ...)
    ISRLAB_PRINTFLIKE(4, 5);

static void
quiz_error(struct quiz_ctx *x, int line, int col, const char *fmt, ...)
{
	va_list	ap;

	strbuf_printf(x->errs, "%s:%d:%d: ", x->name, line, col);
	va_start(ap, fmt);
	strbuf_vprintf(x->errs, fmt, ap);
	va_end(ap);
	strbuf_addc(x->errs, '\n');
	(*x->n_errs)++;
}

/* Lower-case ASCII, no blanks. */
static char *
quiz_norm(const char *s)
{
	char	*out = xmalloc(strlen(s) + 1), *o = out;

	for (; *s != '\0'; s++)
		if (!isspace((unsigned char)*s))
			*o++ = (char)tolower((unsigned char)*s);
	*o = '\0';
	return out;
}

static void
quiz_set(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

static void
quiz_choice(struct lab_quiz *q, int i, bool en, const char *v)
{
	while ((size_t)i >= q->n_choices) {
		q->choices = xreallocarray(q->choices, q->n_choices + 1,
		    sizeof *q->choices);
		memset(&q->choices[q->n_choices++], 0, sizeof *q->choices);
	}
	quiz_set(en ? &q->choices[i].en : &q->choices[i].ko, v);
}

/* One "key: value" line; en_only for an [en] block. */
static void
quiz_line(struct lab_quiz *q, struct quiz_ctx *x, const char *s, int line,
    int col, bool en_only, char **answer, int *answer_line)
{
	const char	*colon = strchr(s, ':'), *v;
	char		*key;
	size_t		 kn;
	bool		 en;

	if (colon == NULL) {
		quiz_error(x, line, col, "lab quiz: expected 'key: value' "
		    "(question, a, b, ..., answer, accept, explain)");
		return;
	}
	for (kn = (size_t)(colon - s); kn > 0 && s[kn - 1] == ' '; kn--)
		;
	key = xstrndup(s, kn);
	for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
		;
	en = kn > 3 && strcmp(key + kn - 3, ".en") == 0;
	if (en)
		key[kn -= 3] = '\0';
	en = en || en_only;
	if (strcmp(key, "question") == 0)
		quiz_set(en ? &q->question.en : &q->question.ko, v);
	else if (strcmp(key, "explain") == 0)
		quiz_set(en ? &q->explain.en : &q->explain.ko, v);
	else if (kn == 1 && key[0] >= 'a' && key[0] <= 'z') {
		if (!en && (size_t)(key[0] - 'a') != q->n_choices)
			quiz_error(x, line, col, "lab quiz: choice '%s' out "
			    "of order (a, b, c, ...)", key);
		else
			quiz_choice(q, key[0] - 'a', en, v);
	} else if (strcmp(key, "answer") == 0 && !en_only) {
		quiz_set(answer, v);
		*answer_line = line;
	} else if (strcmp(key, "accept") == 0 && !en_only) {
		const char	*p = v, *bar;

		for (;;) {
			bar = strchr(p, '|');
			{
				char	*one = xstrndup(p, bar != NULL ?
				    (size_t)(bar - p) : strlen(p));
				char	*n = quiz_norm(one);

				if (n[0] != '\0')
					words_add(&q->accept, n);
				free(n);
				free(one);
			}
			if (bar == NULL)
				break;
			p = bar + 1;
		}
	} else
		quiz_error(x, line, col, "lab quiz: unknown key '%s' "
		    "(question, a, b, ..., answer, accept, explain)", key);
	free(key);
}

static void
quiz_lines(struct lab_quiz *q, struct quiz_ctx *x, const char *lit,
    int first_line, int col, bool en_only, char **answer, int *answer_line)
{
	const char	*p = lit, *nl, *s;
	char		*one;
	int		 line = first_line;

	for (; *p != '\0'; p = nl + (*nl != '\0'), line++) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		for (s = p; s < nl && (*s == ' ' || *s == '\t'); s++)
			;
		if (s == nl || *s == '#')
			continue;
		one = xstrndup(s, (size_t)(nl - s));
		while (one[0] != '\0' && isspace((unsigned char)
		    one[strlen(one) - 1]))
			one[strlen(one) - 1] = '\0';
		quiz_line(q, x, one, line, col + (int)(s - p), en_only,
		    answer, answer_line);
		free(one);
	}
}

struct lab_quiz *
quiz_parse(const char *lit, int first_line, int col, int block_line,
    const char *name, struct strbuf *errs, int *n_errs)
{
	struct lab_quiz	*q = xcalloc(1, sizeof *q);
	struct quiz_ctx	 x = { name, errs, n_errs };
	char		*answer = NULL, *n;
	int		 answer_line = block_line;

	q->answer = -1;
	q->line = block_line;
	q->col = col;
	quiz_lines(q, &x, lit, first_line, col, false, &answer, &answer_line);
	if (q->question.ko == NULL)
		quiz_error(&x, block_line, col, "lab quiz: 'question:' is "
		    "missing");
	if (answer == NULL) {
		quiz_error(&x, block_line, col, "lab quiz: 'answer:' is "
		    "missing");
	} else if (q->n_choices > 0) {
		n = quiz_norm(answer);
		if (n[0] >= 'a' && n[1] == '\0' &&
		    (size_t)(n[0] - 'a') < q->n_choices)
			q->answer = n[0] - 'a';
		else
			quiz_error(&x, answer_line, col, "lab quiz: answer "
			    "'%s' is not one of the choices' letters", answer);
		free(n);
	} else {
		n = quiz_norm(answer);
		words_add(&q->accept, n);
		free(n);
	}
	if (q->n_choices == 1)
		quiz_error(&x, block_line, col, "lab quiz: one choice is no "
		    "choice (give two or more, or none for a short answer)");
	free(answer);
	return q;
}

void
quiz_parse_en(struct lab_quiz *q, const char *lit, int first_line, int col,
    const char *name, struct strbuf *errs, int *n_errs)
{
	struct quiz_ctx	 x = { name, errs, n_errs };
	char		*answer = NULL;
	int		 answer_line = 0;
	size_t		 before = q->n_choices;

	quiz_lines(q, &x, lit, first_line, col, true, &answer, &answer_line);
	if (q->n_choices != before)
		quiz_error(&x, first_line - 1, col, "lab quiz [en]: more "
		    "choices than the quiz has");
	free(answer);
}

void
quiz_free(struct lab_quiz *q)
{
	size_t	i;

	if (q == NULL)
		return;
	free(q->question.ko);
	free(q->question.en);
	free(q->explain.ko);
	free(q->explain.en);
	for (i = 0; i < q->n_choices; i++) {
		free(q->choices[i].ko);
		free(q->choices[i].en);
	}
	free(q->choices);
	words_free(&q->accept);
	free(q);
}

int
quiz_check(const struct lab_quiz *q, const char *answer, bool *right)
{
	char	*n = quiz_norm(answer), *c;
	long	 i = -1;
	size_t	 k;

	*right = false;
	if (q->n_choices > 0) {
		if (n[0] >= 'a' && n[1] == '\0')
			i = n[0] - 'a';
		else if (n[0] >= '1' && n[0] <= '9' && n[1] == '\0')
			i = n[0] - '1';
		else
			for (k = 0; k < q->n_choices; k++) {
				c = quiz_norm(q->choices[k].ko != NULL ?
				    q->choices[k].ko : "");
				if (strcmp(c, n) == 0)
					i = (long)k;
				free(c);
			}
		free(n);
		if (i < 0 || (size_t)i >= q->n_choices)
			return -1;
		*right = i == q->answer;
		return 0;
	}
	for (k = 0; k < q->accept.n; k++)
		if (strcmp(q->accept.v[k], n) == 0)
			*right = true;
	free(n);
	return 0;
}
