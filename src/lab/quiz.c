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
#include "util/i18n.h"
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

/* Words a short answer may use for a number, matched whole once blanks
 * are gone: Korean native numerals, Sino-Korean ones, English words.
 * Some stand for a number only before a counter (한 개, 세 대, 이 번),
 * since alone they are other words (네 is "yes"). */
static const struct {
	const char	*word;
	int		 n;
	bool		 alone;		/* a number without a counter too */
} quiz_numbers[] = {
	{ "영", 0, true }, { "공", 0, true }, { "zero", 0, true },
	{ "하나", 1, true }, { "한", 1, false }, { "일", 1, false },
	{ "one", 1, true },
	{ "둘", 2, true }, { "두", 2, false }, { "이", 2, false },
	{ "two", 2, true },
	{ "셋", 3, true }, { "세", 3, false }, { "삼", 3, false },
	{ "three", 3, true },
	{ "넷", 4, true }, { "네", 4, false }, { "사", 4, false },
	{ "four", 4, true },
	{ "다섯", 5, true }, { "오", 5, false }, { "five", 5, true },
	{ "여섯", 6, true }, { "육", 6, false }, { "six", 6, true },
	{ "일곱", 7, true }, { "칠", 7, false }, { "seven", 7, true },
	{ "여덟", 8, true }, { "팔", 8, false }, { "eight", 8, true },
	{ "아홉", 9, true }, { "구", 9, false }, { "nine", 9, true },
	{ "열", 10, true }, { "십", 10, false }, { "ten", 10, true },
};

/* Counters that may follow a number: 1개, 2대, 3명 ... */
static const char *const quiz_counters[] = {
	"개", "대", "명", "번째", "번", "건", "회", "가지", "곳", "칸",
};

/* The number item (blanks gone, ASCII in lower case) stands for: digits
 * or a number word, then at most one counter; -1 when it is no number. */
static long
quiz_number(const char *item)
{
	const char	*rest = NULL;
	long		 n = -1;
	bool		 alone = true;
	size_t		 i, len, best = 0;

	if (*item >= '0' && *item <= '9') {
		for (n = 0, rest = item; *rest >= '0' && *rest <= '9' &&
		    n < 100000000; rest++)
			n = n * 10 + (*rest - '0');
	} else
		for (i = 0; i < sizeof quiz_numbers / sizeof quiz_numbers[0];
		    i++) {
			len = strlen(quiz_numbers[i].word);
			/* The longest word wins (일곱 over 일). */
			if (len <= best ||
			    strncmp(item, quiz_numbers[i].word, len) != 0)
				continue;
			best = len;
			n = quiz_numbers[i].n;
			alone = quiz_numbers[i].alone;
			rest = item + len;
		}
	if (rest == NULL)
		return -1;
	if (*rest == '\0')
		return alone ? n : -1;
	for (i = 0; i < sizeof quiz_counters / sizeof quiz_counters[0]; i++)
		if (strcmp(rest, quiz_counters[i]) == 0)
			return n;
	return -1;
}

/* End one item of the answer: its number when it is one, else itself. */
static void
quiz_item_end(struct strbuf *out, struct strbuf *item)
{
	long	n = quiz_number(strbuf_cstr(item));

	if (n >= 0)
		strbuf_printf(out, "%ld", n);
	else
		strbuf_adds(out, strbuf_cstr(item));
	strbuf_reset(item);
}

char *
quiz_normalize(const char *s)
{
	struct strbuf		 out = STRBUF_INIT, item = STRBUF_INIT;
	const unsigned char	*p = (const unsigned char *)s;
	unsigned		 c;
	int			 adv;

	for (;;) {
		if (p[0] == 0xef && (p[1] == 0xbc || p[1] == 0xbd) &&
		    p[2] >= 0x80 && p[2] <= 0xbf && (c = 0xff00u +
		    ((unsigned)(p[1] - 0xbc) << 6) + (p[2] - 0x80u)) >= 0xff01 &&
		    c <= 0xff5e) {
			/* Full-width forms (０, Ａ, ，) are their ASCII
			 * twins. */
			c = c - 0xff01 + 0x21;
			adv = 3;
		} else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) {
			c = ' ';	/* the ideographic space */
			adv = 3;
		} else if (*p < 0x80) {
			c = *p;
			adv = 1;
		} else {
			/* Any other character as it is, whole. */
			adv = (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ?
			    3 : (*p & 0xf8) == 0xf0 ? 4 : 1;
			while (adv-- > 0 && *p != '\0')
				strbuf_addc(&item, (char)*p++);
			continue;
		}
		if (c == '\0' || c == ',') {
			/* A list: "2대, 3대" is "2,3". */
			quiz_item_end(&out, &item);
			if (c == '\0')
				break;
			strbuf_addc(&out, ',');
		} else if (!isspace((int)c))
			strbuf_addc(&item, (char)tolower((int)c));
		p += adv;
	}
	strbuf_free(&item);
	return strbuf_detach(&out);
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
				char	*n = quiz_normalize(one);

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
		n = quiz_normalize(answer);
		if (n[0] >= 'a' && n[1] == '\0' &&
		    (size_t)(n[0] - 'a') < q->n_choices)
			q->answer = n[0] - 'a';
		else
			quiz_error(&x, answer_line, col, "lab quiz: answer "
			    "'%s' is not one of the choices' letters", answer);
		free(n);
	} else {
		n = quiz_normalize(answer);
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

/* Whether normalised answer n is choice k's text, in either language. */
static bool
quiz_is_choice_text(const struct lab_quiz *q, size_t k, const char *n)
{
	const char	*texts[2] = { q->choices[k].ko, q->choices[k].en };
	char		*c;
	bool		 same = false;
	int		 l;

	for (l = 0; l < 2 && !same; l++) {
		if (texts[l] == NULL)
			continue;
		c = quiz_normalize(texts[l]);
		same = strcmp(c, n) == 0;
		free(c);
	}
	return same;
}

int
quiz_check(const struct lab_quiz *q, const char *answer, bool *right)
{
	char	*n = quiz_normalize(answer);
	long	 i = -1;
	size_t	 k;

	*right = false;
	if (q->n_choices > 0) {
		/* A letter; else a choice's text (2대 is the choice
		 * "2대", not the second); else a choice's number. */
		if (n[0] >= 'a' && n[0] <= 'z' && n[1] == '\0')
			i = n[0] - 'a';
		for (k = 0; i < 0 && k < q->n_choices; k++)
			if (quiz_is_choice_text(q, k, n))
				i = (long)k;
		if (i < 0 && n[0] >= '1' && n[0] <= '9' && n[1] == '\0')
			i = n[0] - '1';
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

void
quiz_forms(const struct lab_quiz *q, struct strbuf *out)
{
	bool	numbers = q->accept.n > 0, list = false;
	size_t	k;

	if (q->n_choices > 0) {
		/* TRANSLATORS: %c the last choice's letter (then the same
		 * upper case), %zu the number of choices. */
		strbuf_printf(out, _("Answer with a letter a-%c (A-%c and 1-%zu "
		    "work too, or a choice's own text)."),
		    (char)('a' + q->n_choices - 1),
		    (char)('A' + q->n_choices - 1), q->n_choices);
		return;
	}
	for (k = 0; k < q->accept.n; k++) {
		numbers = numbers && q->accept.v[k][strspn(q->accept.v[k],
		    "0123456789,")] == '\0';
		list = list || strchr(q->accept.v[k], ',') != NULL;
	}
	/* The examples are one fixed number, never the quiz's answer. */
	if (numbers && list)
		strbuf_adds(out, _("Type the numbers separated by commas: 7,8 "
		    "and 7대, ８대 are the same; spaces do not matter."));
	else if (numbers)
		strbuf_adds(out, _("Type a number: 7, ７, 7개, 7 개, 일곱 and "
		    "seven are all the same answer."));
	else
		strbuf_adds(out, _("Type the answer: spaces and upper or lower "
		    "case do not matter."));
}
