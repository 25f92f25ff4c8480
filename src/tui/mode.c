/*
 * mode.c - the stack of input modes (see mode.h).
 *
 * Plain data without curses, so it is in libisrcore and unit tested
 * (tests/test_tui_layout.c).  The stack is a small array of pointers to
 * const modes; a mode is found by identity.
 */

#include "config.h"

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

bool
tui_mode_key(struct tui *t, wint_t wc, bool is_key)
{
	size_t	i;

	for (i = t->n_modes; i-- > 0;)
		if (t->modes[i]->key != NULL && t->modes[i]->key(t, wc,
		    is_key))
			return true;
	return false;
}
