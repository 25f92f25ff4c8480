/*
 * lines.c - a pane's text: capped lines, newest last.
 *
 * The events, console, consumer and popup panes each keep a struct
 * tui_lines.  Output arrives in pieces (a command prints half a line,
 * then the rest), so an unfinished line waits in `partial` until its
 * newline; adding past the cap drops the oldest line.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"
#include "util/xmalloc.h"

void
tui_lines_init(struct tui_lines *l, size_t max)
{
	memset(l, 0, sizeof *l);
	l->max = max;
}

void
tui_lines_clear(struct tui_lines *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].s);
	l->n = 0;
	l->plen = 0;
}

void
tui_lines_free(struct tui_lines *l)
{
	tui_lines_clear(l);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
}

void
tui_lines_add(struct tui_lines *l, const char *s, int role)
{
	if (l->n == l->max && l->n > 0) {
		free(l->v[0].s);
		memmove(l->v, l->v + 1, (l->n - 1) * sizeof l->v[0]);
		l->n--;
	}
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 64 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof l->v[0]);
	}
	l->v[l->n].s = xstrdup(s);
	l->v[l->n].role = role;
	l->n++;
	l->added++;
}

void
tui_lines_flush(struct tui_lines *l)
{
	if (l->plen == 0)
		return;
	l->partial[l->plen] = '\0';
	tui_lines_add(l, l->partial, l->prole);
	l->plen = 0;
}

void
tui_lines_write(struct tui_lines *l, const char *s, size_t n, int role)
{
	size_t	i;

	if (l->plen > 0 && l->prole != role)
		tui_lines_flush(l);
	l->prole = role;
	for (i = 0; i < n; i++) {
		if (s[i] == '\n') {
			l->partial[l->plen] = '\0';
			tui_lines_add(l, l->partial, role);
			l->plen = 0;
		} else if (l->plen + 1 < sizeof l->partial)
			l->partial[l->plen++] = s[i];
	}
}
