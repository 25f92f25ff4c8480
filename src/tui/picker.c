/*
 * picker.c - plain `isrlab`: the lab picker, then the chosen lab.
 *
 * DESIGN
 * tui_session() takes the terminal once for the whole session and shows
 * the picker: free play first, then every lab with its number, level
 * and minutes, a lab finished in this session marked done.  Enter starts
 * the chosen one on a fresh cluster (engine_new) through tui_play(), and
 * leaving it (q, "back to the list") comes back here; q here ends the
 * session.  The picker runs before any cluster exists, so it has its own
 * small loop over a struct tui that only carries the size, glyphs and
 * colours; it is not a mode of a lab's stack.
 */

#include "config.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/tui-int.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* The lab picker's state. */
struct tui_picker {
	struct labview_pick	*v;		/* [0] is free play; owned */
	size_t			 n, sel, top;
	int			 title_w, level_w;
	char			 said[2048];	/* where the last
						   export went, or "" */
};

/* The title column on this screen: as wide as the widest title (at most
 * 48), less what a done lab's row needs besides its title when the
 * screen is narrower; the rest of each title then gives way a word at a
 * time (labview_pick_row). */
static int
picker_title_w(const struct tui *t, const struct tui_picker *p)
{
	struct labview_pick	probe = { .number = 99, .title = "",
				    .level = "", .minutes = 999,
				    .done = true };
	char			row[256];
	int			w;

	labview_pick_row(&probe, 0, p->level_w, t->unicode, row, sizeof row);
	w = t->w - 5 - utf8_width(row);
	if (w < 8)
		w = 8;
	return w < p->title_w ? w : p->title_w;
}

/* Paint the picker on stdscr with t's size, glyphs and colours. */
static void
draw_picker(struct tui *t, struct tui_picker *p)
{
	char		 row[1024], line[512];
	int		 y, list_h, a, k, title_w;
	size_t		 i;

	erase();
	if (t->w < 40 || t->h < 10) {
		draw_text(t, 0, 0, t->w, _("terminal too small; q quits"), A_BOLD);
		return;
	}
	draw_fill(t, 0, 0, t->w, tui_attr(t, R_HEADER));
	k = draw_text(t, 0, 1, t->w - 2, "isrlab", tui_attr(t, R_HEADER) |
	    A_BOLD);
	draw_text(t, 0, 3 + k, t->w - 4 - k, _("Kafka replication "
	    "labs: pick one"),
	    tui_attr(t, R_HEADER));
	list_h = t->h - 7;
	if ((size_t)list_h > p->n)
		list_h = (int)p->n;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)list_h)
		p->top = p->sel - (size_t)list_h + 1;
	draw_box(t, 1, 0, list_h + 2, t->w, _("labs"),
	    true);
	title_w = picker_title_w(t, p);
	for (y = 0; y < list_h && p->top + (size_t)y < p->n; y++) {
		i = p->top + (size_t)y;
		labview_pick_row(&p->v[i], title_w, p->level_w, t->unicode,
		    row, sizeof row);
		a = A_NORMAL;
		if (p->v[i].done)
			a = tui_attr(t, R_UP);
		else if (i == 0)
			a = tui_attr(t, R_FOCUS);
		if (i == p->sel) {
			a = tui_attr(t, R_SEL);
			draw_fill(t, 2 + y, 1, t->w - 2, a);
			draw_text(t, 2 + y, 1, 1, ">", a);
		}
		draw_text(t, 2 + y, 3, t->w - 5, row, a);
	}
	y = list_h + 4;
	if (p->v[p->sel].summary != NULL)
		draw_text(t, y, 2, t->w - 4, p->v[p->sel].summary,
		    tui_attr(t, R_DIM));
	/* Entry 0 is free play; the labs are numbered from 1. */
	snprintf(line, sizeof line, _("j/k or arrows: choose   "
	    "Enter: start   1-%zu: lab number   q: quit"), p->n - 1);
	draw_text(t, t->h - 2, 1, t->w - 2, line, tui_attr(t, R_DIM));
	if (p->said[0] != '\0')
		draw_text(t, t->h - 3, 1, t->w - 2, p->said, tui_attr(t, R_UP));
	curs_set(0);
}

/* Show the picker until Enter (returns the entry) or q (returns -1). */
static int
tui_pick(struct tui *pt, struct tui_picker *p)
{
	struct pollfd	pfd;
	wint_t		wc;
	int		r, step;
	bool		dirty = true;

	for (;;) {
		if (dirty) {
			getmaxyx(stdscr, pt->h, pt->w);
			draw_picker(pt, p);
			refresh();
			dirty = false;
		}
		pfd.fd = STDIN_FILENO;
		pfd.events = POLLIN;
		pfd.revents = 0;
		r = poll(&pfd, 1, 500);
		if (r < 0 && errno != EINTR)
			return -1;
		if (tui_interrupted())
			return -1;
		while ((r = get_wch(&wc)) != ERR) {
			bool	key = r == KEY_CODE_YES;

			dirty = true;
			step = pt->h > 8 ? pt->h - 8 : 1;
			if (key && wc == KEY_RESIZE)
				continue;
			if ((!key && (wc == 'j')) || (key && wc == KEY_DOWN)) {
				if (p->sel + 1 < p->n)
					p->sel++;
			} else if ((!key && wc == 'k') || (key &&
			    wc == KEY_UP)) {
				if (p->sel > 0)
					p->sel--;
			} else if (key && wc == KEY_NPAGE) {
				p->sel += (size_t)step;
				if (p->sel >= p->n)
					p->sel = p->n - 1;
			} else if (key && wc == KEY_PPAGE) {
				p->sel = p->sel > (size_t)step ?
				    p->sel - (size_t)step : 0;
			} else if ((key && wc == KEY_HOME) || (!key &&
			    wc == 'g'))
				p->sel = 0;
			else if ((key && wc == KEY_END) || (!key && wc == 'G'))
				p->sel = p->n - 1;
			else if ((!key && (wc == '\r' || wc == '\n')) ||
			    (key && wc == KEY_ENTER))
				return (int)p->sel;
			else if (!key && (wc == 'q' || wc == 'Q' || wc == 3))
				return -1;
			else if (!key && wc >= '0' && wc <= '9') {
				/* A digit picks the lab of that number:
				 * 1 -> 01, and 1 then 3 -> 13. */
				int	num = (int)(wc - '0');
				size_t	i, cur = p->sel;

				if (cur > 0 && p->v[cur].number > 0 &&
				    p->v[cur].number < 10 &&
				    p->v[cur].number * 10 + num <= 99)
					for (i = 1; i < p->n; i++)
						if (p->v[i].number ==
						    p->v[cur].number * 10 + num)
							num = p->v[i].number;
				for (i = 1; i < p->n; i++)
					if (p->v[i].number == num)
						p->sel = i;
			}
		}
	}
}

int
tui_session(const struct tui_options *opt, struct lab *const *labs,
    size_t n, tui_engine_new_fn engine_new, tui_engine_free_fn engine_free,
    void *arg)
{
	struct tui_options	 o = *opt;
	struct tui_picker	 p;
	struct tui		 pt;
	struct engine		*e;
	size_t			 i;
	enum tui_end		 end;
	int			 w, choice, rc = 0;
	bool			 finished;
	char			 free_summary[256];
	int			 nb = opt->brokers > 0 ? opt->brokers : 3;
	int			 rf = nb < TUI_SEED_RF ? nb : TUI_SEED_RF;

	memset(&p, 0, sizeof p);
	p.n = n + 1;
	p.v = xcalloc(p.n, sizeof *p.v);
	p.v[0].title = _("Free play: the cluster without a lab");
	snprintf(free_summary, sizeof free_summary, ngettext("%d broker and "
	    "email.send (1 partition, RF %d); every key works, no steps.",
	    "%d brokers and email.send (1 partition, RF %d); every key works, "
	    "no steps.", nb), nb, rf);
	p.v[0].summary = free_summary;
	for (i = 0; i < n; i++) {
		p.v[i + 1].number = lab_number(labs[i]);
		p.v[i + 1].title = lab_str_get(&labs[i]->title, o.lang);
		p.v[i + 1].level = lab_str_get(&labs[i]->level, o.lang);
		p.v[i + 1].minutes = labs[i]->minutes;
		p.v[i + 1].summary = lab_str_get(&labs[i]->summary, o.lang);
		if ((w = utf8_width(p.v[i + 1].title)) > p.title_w)
			p.title_w = w;
		if ((w = utf8_width(p.v[i + 1].level)) > p.level_w)
			p.level_w = w;
	}
	if (p.title_w > 48)
		p.title_w = 48;
	if (p.level_w > 12)
		p.level_w = 12;
	if (tui_term_begin(&o) != 0) {
		free(p.v);
		return 1;
	}
	memset(&pt, 0, sizeof pt);
	pt.opt = o;
	pt.g = layout_glyphs(false);
	tui_curses_look(&pt);
	o.picker = true;
	o.engine_new = engine_new;
	o.engine_free = engine_free;
	o.engine_arg = arg;
	for (;;) {
		choice = tui_pick(&pt, &p);
		if (choice < 0)
			break;
		o.lab = choice == 0 ? NULL : labs[choice - 1];
		o.title = NULL;
		o.seed_topic = choice == 0;
		/* Each lab started is a session of its own: its own seed,
		 * TopicIds and id. */
		ident_draw(&o.ident, o.seed_pinned, o.seed);
		if ((e = engine_new(o.lab, o.ident.seed, arg)) == NULL) {
			rc = 1;
			break;
		}
		end = tui_play(e, &o, &finished, p.said, sizeof p.said);
		engine_free(e, arg);
		if (finished && choice > 0)
			p.v[choice].done = true;
		if (end == TUI_END_QUIT)
			break;
		clearok(stdscr, TRUE);
	}
	tui_term_end();
	if (p.said[0] != '\0')
		printf("isrlab: %s\n", p.said);
	free(p.v);
	return rc;
}
