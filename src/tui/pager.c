/*
 * pager.c - a command's output too wide for the console pane, over the
 * whole screen as `less -S` shows it; a mode (mode.h).
 *
 * DESIGN
 * Kafka's tools print tables (kafka-consumer-groups --describe, a topic
 * described) whose rows, wrapped into the console pane's 40 columns,
 * become six lines each and hide what the table teaches.  After a typed
 * command, tui_pager_offer looks at what it printed on standard output
 * (the console pane's last lines); when a line is wider than the pane,
 * those lines open here, one row per line, never wrapped, with tabs at
 * their stops.  The arrows and PgUp/PgDn scroll; q, Esc or Ctrl-C
 * closes it and the screen is as it was, the output still in the
 * console pane; another key closes it and acts as on the screen.  Warnings on standard error (a broker that cannot be reached)
 * are prose and wrap well, so they alone never open it.  The header
 * stays on top, so the clock and the alarms stay in view; the cluster
 * keeps running underneath.  It never opens while a popup shows (a
 * popup matters more than a command's output, and closes it).
 */

#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/mode.h"
#include "tui/tui-int.h"
#include "util/utf8.h"

static bool pager_key(struct tui *, wint_t, bool);
static void pager_draw(struct tui *);
static void pager_draw_line(struct tui *, int);
static void pager_leave(struct tui *);

static const struct tui_mode pager_mode = {
	.key = pager_key, .draw = pager_draw, .draw_line = pager_draw_line,
	.leave = pager_leave,
};

/* The display columns of line s once its tabs are at their stops. */
static int
pager_width(const struct tui *t, const char *s)
{
	char	clean[2048];

	layout_sanitize(clean, sizeof clean, s, !t->utf8);
	return utf8_width(clean);
}

void
tui_pager_offer(struct tui *t, const char *command, size_t lines)
{
	const struct tui_lines	*out = &t->output;
	size_t			 first, i;
	int			 cols = draw_output_cols(t);
	bool			 wide = false;

	/* A popup (the help, the finish summary, a question) matters more
	 * than a command's output: opening one closes the pager, and one
	 * that shows keeps it closed.  A line queued behind a typed wait
	 * can run while the help shows (the wait ends while the student
	 * reads it); its table stays in the console pane instead of
	 * covering the help and taking the keys meant for it. */
	if (tui_popup_mode(t) != NULL)
		return;
	if (lines > out->n)
		lines = out->n;
	first = out->n - lines;
	for (i = first; i < out->n && !wide; i++)
		wide = out->v[i].role == R_NORMAL && cols > 0 &&
		    pager_width(t, out->v[i].s) > cols;
	if (!wide)
		return;
	tui_lines_clear(&t->pager.lines);
	for (i = first; i < out->n; i++)
		tui_lines_add(&t->pager.lines, out->v[i].s, out->v[i].role);
	snprintf(t->pager.title, sizeof t->pager.title, "$ %s", command);
	t->pager.top = 0;
	t->pager.left = 0;
	if (!tui_mode_has(t, &pager_mode))
		tui_mode_push(t, &pager_mode);
}

void
tui_pager_close(struct tui *t)
{
	tui_mode_pop(t, &pager_mode);
}

static void
pager_leave(struct tui *t)
{
	tui_lines_clear(&t->pager.lines);
	t->dirty = true;
}

/* The widest line, in display columns. */
static int
pager_max_width(const struct tui *t)
{
	size_t	i;
	int	w, max = 0;

	for (i = 0; i < t->pager.lines.n; i++)
		if ((w = pager_width(t, t->pager.lines.v[i].s)) > max)
			max = w;
	return max;
}

/* Keep the view inside the text. */
static void
pager_clamp(struct tui *t)
{
	int	last_top = (int)t->pager.lines.n - t->pager.rows,
		last_left = pager_max_width(t) - t->pager.cols;

	if (t->pager.top > last_top)
		t->pager.top = last_top;
	if (t->pager.top < 0)
		t->pager.top = 0;
	if (t->pager.left > last_left)
		t->pager.left = last_left;
	if (t->pager.left < 0)
		t->pager.left = 0;
}

/* The arrows, PgUp/PgDn and Home/End move the view; q, Esc and Ctrl-C
 * close it.  Any other key closes it too and then means what it means
 * on the screen: a lab that says "describe, then press h" still heals. */
static bool
pager_key(struct tui *t, wint_t wc, bool is_key)
{
	int	page = t->pager.rows > 2 ? t->pager.rows - 1 : 1,
		side = t->pager.cols > 8 ? t->pager.cols / 2 : 4;

	if (!is_key) {
		tui_mode_pop(t, &pager_mode);
		return wc == 'q' || wc == 27 || wc == 3;
	}
	switch (wc) {
	case KEY_DOWN:	t->pager.top++; break;
	case KEY_UP:	t->pager.top--; break;
	case KEY_NPAGE:	t->pager.top += page; break;
	case KEY_PPAGE:	t->pager.top -= page; break;
	case KEY_RIGHT:	t->pager.left += side; break;
	case KEY_LEFT:	t->pager.left -= side; break;
	case KEY_HOME:	t->pager.top = 0; t->pager.left = 0; break;
	case KEY_END:	t->pager.top = (int)t->pager.lines.n; break;
	default:
		tui_mode_pop(t, &pager_mode);
		return false;
	}
	pager_clamp(t);
	t->dirty = true;
	return true;
}

/* Under the header, over everything else: the command, then its lines
 * from column left on, one screen row each. */
static void
pager_draw(struct tui *t)
{
	char		 clean[2048], where[96];
	const char	*from;
	int		 y, i, a, n = (int)t->pager.lines.n;

	t->pager.rows = t->h - 3;
	t->pager.cols = t->w;
	pager_clamp(t);
	for (y = 1; y < t->h - 1; y++)
		draw_fill(t, y, 0, t->w, A_NORMAL);
	draw_fill(t, 1, 0, t->w, tui_attr(t, R_HEADER));
	/* TRANSLATORS: the pager's position: first-last/lines shown, then
	 * the first column shown. */
	snprintf(where, sizeof where, _("%d-%d/%d  col %d"), n > 0 ?
	    t->pager.top + 1 : 0, t->pager.top + t->pager.rows < n ?
	    t->pager.top + t->pager.rows : n, n, t->pager.left + 1);
	a = utf8_width(where);
	draw_text(t, 1, 1, t->w - a - 4, t->pager.title,
	    tui_attr(t, R_HEADER) | A_BOLD);
	draw_text(t, 1, t->w - a - 1, a, where, tui_attr(t, R_HEADER));
	for (i = 0; i < t->pager.rows && t->pager.top + i < n; i++) {
		const struct tui_line	*l = &t->pager.lines.v[t->pager.top +
					    i];

		layout_sanitize(clean, sizeof clean, l->s, !t->utf8);
		from = clean + utf8_bytes_for_width(clean, t->pager.left);
		draw_text(t, 2 + i, 0, t->w, from, tui_attr(t, l->role));
	}
}

static void
pager_draw_line(struct tui *t, int y)
{
	draw_fill(t, y, 0, t->w, A_NORMAL);
	draw_text(t, y, 0, t->w, _("q or Esc closes this view.  Up, Down, "
	    "PgUp and PgDn scroll; Left and Right scroll sideways.  Other "
	    "keys close it and act as usual."), tui_attr(t, R_DIM));
}
