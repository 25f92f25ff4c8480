/*
 * labtext.c - building styled lines and printing them plainly.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lab/labtext.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

struct labtext_line *
labtext_line_add(struct labtext *t, enum labtext_kind k, int level)
{
	struct labtext_line	*l;

	t->lines = xreallocarray(t->lines, t->n_lines + 1, sizeof *t->lines);
	l = &t->lines[t->n_lines++];
	memset(l, 0, sizeof *l);
	l->kind = k;
	l->level = level;
	return l;
}

void
labtext_span_add(struct labtext *t, const char *s, size_t n, unsigned attrs)
{
	struct labtext_line	*l;
	struct labtext_span	*sp;
	size_t			 old;

	if (n == 0)
		return;
	if (t->n_lines == 0)
		labtext_line_add(t, LT_PARA, 0);
	l = &t->lines[t->n_lines - 1];
	if (l->n_spans > 0 && l->spans[l->n_spans - 1].attrs == attrs) {
		sp = &l->spans[l->n_spans - 1];
		old = strlen(sp->text);
		sp->text = xrealloc(sp->text, old + n + 1);
		memcpy(sp->text + old, s, n);
		sp->text[old + n] = '\0';
		return;
	}
	l->spans = xreallocarray(l->spans, l->n_spans + 1, sizeof *l->spans);
	sp = &l->spans[l->n_spans++];
	sp->text = xstrndup(s, n);
	sp->attrs = attrs;
}

static void
labtext_line_free(struct labtext_line *l)
{
	size_t	i;

	for (i = 0; i < l->n_spans; i++)
		free(l->spans[i].text);
	free(l->spans);
}

void
labtext_trim(struct labtext *t)
{
	while (t->n_lines > 0 && t->lines[t->n_lines - 1].kind == LT_BLANK)
		labtext_line_free(&t->lines[--t->n_lines]);
}

int
labtext_empty(const struct labtext *t)
{
	return t->n_lines == 0;
}

void
labtext_free(struct labtext *t)
{
	size_t	i;

	for (i = 0; i < t->n_lines; i++)
		labtext_line_free(&t->lines[i]);
	free(t->lines);
	t->lines = NULL;
	t->n_lines = 0;
}

struct labtext_wrap {
	struct strbuf	*out;
	const char	*first, *rest;	/* prefixes */
	int		 n;
};

static void
labtext_emit(const char *line, size_t len, void *arg)
{
	struct labtext_wrap	*w = arg;

	strbuf_adds(w->out, w->n++ == 0 ? w->first : w->rest);
	strbuf_add(w->out, line, len);
	strbuf_addc(w->out, '\n');
}

void
labtext_plain(const struct labtext *t, int cols, struct strbuf *out)
{
	const struct labtext_line	*l;
	struct strbuf			 line = STRBUF_INIT, pre = STRBUF_INIT,
					 rest = STRBUF_INIT;
	struct labtext_wrap		 w;
	size_t				 i, j;
	int				 k, width;

	for (i = 0; i < t->n_lines; i++) {
		l = &t->lines[i];
		strbuf_reset(&line);
		strbuf_reset(&pre);
		strbuf_reset(&rest);
		for (j = 0; j < l->n_spans; j++)
			strbuf_adds(&line, l->spans[j].text);
		switch (l->kind) {
		case LT_BLANK:
			strbuf_addc(out, '\n');
			continue;
		case LT_RULE:
			strbuf_adds(out, "----\n");
			continue;
		case LT_CODE:
			strbuf_printf(out, "    %s\n", strbuf_cstr(&line));
			continue;
		case LT_ITEM:
			for (k = 0; k < l->level; k++)
				strbuf_adds(&pre, "  ");
			strbuf_adds(&rest, strbuf_cstr(&pre));
			strbuf_printf(&pre, "%s ", l->bullet[0] != '\0' ?
			    l->bullet : " ");
			width = utf8_width(l->bullet[0] != '\0' ? l->bullet :
			    " ") + 1;
			for (k = 0; k < width; k++)
				strbuf_addc(&rest, ' ');
			break;
		case LT_QUOTE:
			strbuf_adds(&pre, "> ");
			strbuf_adds(&rest, "> ");
			break;
		case LT_HEADING:
		case LT_PARA:
			break;
		}
		w.out = out;
		w.first = strbuf_cstr(&pre);
		w.rest = strbuf_cstr(&rest);
		w.n = 0;
		width = cols - utf8_width(w.rest);
		if (cols <= 0 || width < 10)
			labtext_emit(strbuf_cstr(&line), line.len, &w);
		else
			utf8_wrap(strbuf_cstr(&line), width, labtext_emit, &w);
	}
	strbuf_free(&line);
	strbuf_free(&pre);
	strbuf_free(&rest);
}
