/*
 * words.c - shell-like word splitting (see words.h for the rules).
 *
 * One pass over the line with a three-state machine (outside, in single
 * quotes, in double quotes).  A word exists as soon as a quote opens, so
 * '' is an empty word, as in sh.  Nothing expands: `$x` is two letters.
 */

#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/words.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

enum words_state {
	WS_OUT,		/* outside quotes */
	WS_SINGLE,	/* inside '...' */
	WS_DOUBLE,	/* inside "..." */
};

void
words_add(struct words *w, const char *s)
{
	if (w->n + 2 > w->cap) {
		w->cap = w->cap == 0 ? 8 : w->cap * 2;
		w->v = xreallocarray(w->v, w->cap, sizeof *w->v);
	}
	w->v[w->n++] = xstrdup(s);
	w->v[w->n] = NULL;
}

void
words_shift(struct words *w, size_t n)
{
	size_t	i;

	if (w->v == NULL)	/* WORDS_INIT: nothing to shift */
		return;
	if (n > w->n)
		n = w->n;
	for (i = 0; i < n; i++)
		free(w->v[i]);
	memmove(w->v, w->v + n, (w->n - n + 1) * sizeof *w->v);
	w->n -= n;
}

void
words_free(struct words *w)
{
	size_t	i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = w->cap = 0;
}

static bool
words_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
words_split(const char *line, struct words *out, char *err, size_t len)
{
	struct strbuf		 word = STRBUF_INIT;
	enum words_state	 st = WS_OUT;
	bool			 in_word = false;
	const char		*p;

	for (p = line; *p != '\0'; p++) {
		char	c = *p;

		switch (st) {
		case WS_OUT:
			if (words_is_space(c)) {
				if (in_word) {
					words_add(out, strbuf_cstr(&word));
					strbuf_reset(&word);
					in_word = false;
				}
			} else if (c == '#' && !in_word) {
				goto done;
			} else if (c == '\'') {
				st = WS_SINGLE;
				in_word = true;
			} else if (c == '"') {
				st = WS_DOUBLE;
				in_word = true;
			} else if (c == '\\') {
				if (p[1] == '\0') {
					snprintf(err, len, "lone backslash at "
					    "the end of the line");
					goto fail;
				}
				strbuf_addc(&word, *++p);
				in_word = true;
			} else {
				strbuf_addc(&word, c);
				in_word = true;
			}
			break;
		case WS_SINGLE:
			if (c == '\'')
				st = WS_OUT;
			else
				strbuf_addc(&word, c);
			break;
		case WS_DOUBLE:
			if (c == '"')
				st = WS_OUT;
			else if (c == '\\' && p[1] != '\0' &&
			    strchr("\"\\$`", p[1]) != NULL)
				strbuf_addc(&word, *++p);
			else
				strbuf_addc(&word, c);
			break;
		}
	}
	if (st != WS_OUT) {
		snprintf(err, len, "unbalanced %s quote",
		    st == WS_SINGLE ? "single" : "double");
		goto fail;
	}
done:
	if (in_word)
		words_add(out, strbuf_cstr(&word));
	strbuf_free(&word);
	return 0;
fail:
	strbuf_free(&word);
	words_free(out);
	return -1;
}

/* Whether s must be quoted to survive words_split. */
static bool
words_needs_quotes(const char *s)
{
	if (*s == '\0' || *s == '#')
		return true;
	for (; *s != '\0'; s++)
		if (words_is_space(*s) || strchr("'\"\\#", *s) != NULL)
			return true;
	return false;
}

char *
words_join(const struct words *w, size_t from)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*s;
	size_t		 i;

	for (i = from; i < w->n; i++) {
		if (i > from)
			strbuf_addc(&sb, ' ');
		if (!words_needs_quotes(w->v[i])) {
			strbuf_adds(&sb, w->v[i]);
			continue;
		}
		/* Single quotes, with ' written as '\'' as sh does. */
		strbuf_addc(&sb, '\'');
		for (s = w->v[i]; *s != '\0'; s++) {
			if (*s == '\'')
				strbuf_adds(&sb, "'\\''");
			else
				strbuf_addc(&sb, *s);
		}
		strbuf_addc(&sb, '\'');
	}
	return sb.s == NULL ? xstrdup("") : strbuf_detach(&sb);
}
