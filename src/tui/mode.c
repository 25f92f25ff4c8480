/*
 * mode.c - the stack of input modes (see mode.h) and where a key goes.
 *
 * A key first meets the screen itself: a resize re-measures, a mouse
 * click selects, a terminal too small takes only q and Ctrl-C, and Ctrl-C
 * quits at once whatever is open.  Then the modes have it, top first,
 * until one takes it.
 */

#include "config.h"

#include <curses.h>
#include <string.h>

#include "tui/mode.h"
#include "tui/tui-int.h"
#include "util/xmalloc.h"

void
tui_mode_push(struct tui *t, const struct tui_mode *m)
{
	if (t->n_modes == TUI_MODES_MAX)
		fatal("tui: mode stack overflow");
	t->modes[t->n_modes++] = m;
	t->dirty = true;
}

/* The index of m on the stack, or -1. */
static long
tui_mode_find(const struct tui *t, const struct tui_mode *m)
{
	size_t	i;

	for (i = t->n_modes; i-- > 0;)
		if (t->modes[i] == m)
			return (long)i;
	return -1;
}

bool
tui_mode_has(const struct tui *t, const struct tui_mode *m)
{
	return m != NULL && tui_mode_find(t, m) >= 0;
}

void
tui_mode_replace(struct tui *t, const struct tui_mode *old,
    const struct tui_mode *m)
{
	long	i = old != NULL ? tui_mode_find(t, old) : -1;

	if (i < 0) {
		tui_mode_push(t, m);
		return;
	}
	t->modes[i] = m;
	t->dirty = true;
}

void
tui_mode_pop(struct tui *t, const struct tui_mode *m)
{
	long	i = m != NULL ? tui_mode_find(t, m) : -1;

	if (i < 0)
		return;
	memmove(&t->modes[i], &t->modes[i + 1], (t->n_modes - (size_t)i -
	    1) * sizeof t->modes[0]);
	t->n_modes--;
	t->dirty = true;
	if (m->leave != NULL)
		m->leave(t);
}

/* A click on a broker or a partition row selects it. */
static void
tui_mouse(struct tui *t)
{
	MEVENT	ev;
	int	b;

	if (getmouse(&ev) != OK)
		return;
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED |
	    BUTTON1_RELEASED)))
		return;
	for (b = 1; b <= t->snap.n_brokers; b++)
		if (ev.y == t->click.broker_y[b] &&
		    ev.x >= t->click.broker_x0[b] &&
		    ev.x <= t->click.broker_x1[b]) {
			t->sel_broker = b;
			t->dirty = true;
			return;
		}
	if (ev.y >= t->click.rows_y0 && ev.y < t->click.rows_y0 +
	    t->click.rows_n && t->part_top + (size_t)(ev.y -
	    t->click.rows_y0) < t->snap.n_parts) {
		t->sel_part = t->part_top + (size_t)(ev.y - t->click.rows_y0);
		t->focus = F_TABLE;
		t->dirty = true;
	}
}

void
tui_key(struct tui *t, wint_t wc, bool is_key)
{
	size_t	i;

	if (is_key && wc == KEY_RESIZE) {
		getmaxyx(stdscr, t->h, t->w);
		t->dirty = true;
		return;
	}
	if (is_key && wc == KEY_MOUSE) {
		tui_mouse(t);
		return;
	}
	if (t->w < TUI_MIN_W || t->h < TUI_MIN_H) {
		if (!is_key && (wc == 'q' || wc == 3))
			t->quit = true;
		return;
	}
	if (!is_key && wc == 3) {	/* Ctrl-C: quit at once */
		t->end = TUI_END_QUIT;
		t->quit = true;
		return;
	}
	for (i = t->n_modes; i-- > 0;)
		if (t->modes[i]->key != NULL && t->modes[i]->key(t, wc,
		    is_key))
			return;
}
