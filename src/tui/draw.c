/*
 * draw.c - one frame of the TUI on stdscr.
 *
 * DESIGN
 * draw_frame() erases stdscr and paints everything from struct tui: the
 * header, the broker strip, the partition table, the bottom panes (lab,
 * console output, consumer, events side by side) and the key bar; then
 * what each input mode draws over it (a popup, mode.h), and last the
 * status line or the prompt that owns it.  It never reads the engine;
 * state.c has already turned the snapshot into text rows (layout.c).
 * Only the rows that fit are drawn, so a frame costs the screen size,
 * not the cluster size.  curses then sends only the cells that differ
 * from the last frame.  Every string is cut by display
 * columns (layout_fit), so Korean text never spills or splits.
 */

#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/mode.h"
#include "tui/tui-int.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* Put s at y,x in at most w columns with attribute a; returns columns. */
int
draw_text(struct tui *t, int y, int x, int w, const char *s, int a)
{
	char	clean[1024], fit[1024];
	int	n;

	if (w <= 0 || y < 0 || y >= t->h || x >= t->w)
		return 0;
	if (x + w > t->w)
		w = t->w - x;
	layout_sanitize(clean, sizeof clean, s, !t->utf8);
	n = layout_fit(fit, sizeof fit, clean, w, false);
	attrset(a);
	mvaddstr(y, x, fit);
	attrset(A_NORMAL);
	return n;
}

/* Fill w columns at y,x with spaces in attribute a. */
void
draw_fill(struct tui *t, int y, int x, int w, int a)
{
	if (y < 0 || y >= t->h || w <= 0)
		return;
	if (x + w > t->w)
		w = t->w - x;
	attrset(a);
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

void
draw_box(struct tui *t, int y, int x, int h, int w, const char *title,
    bool focused)
{
	char	tt[256];

	if (h < 2 || w < 2)
		return;
	if (t->unicode) {
		/* The wide-character line set: real box drawing characters
		 * in a UTF-8 locale, whatever the terminal's acsc says. */
		mvadd_wch(y, x, WACS_ULCORNER);
		mvhline_set(y, x + 1, WACS_HLINE, w - 2);
		mvadd_wch(y, x + w - 1, WACS_URCORNER);
		mvvline_set(y + 1, x, WACS_VLINE, h - 2);
		mvvline_set(y + 1, x + w - 1, WACS_VLINE, h - 2);
		mvadd_wch(y + h - 1, x, WACS_LLCORNER);
		mvhline_set(y + h - 1, x + 1, WACS_HLINE, w - 2);
		mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
	} else {
		mvaddch(y, x, '+');
		mvhline(y, x + 1, '-', w - 2);
		mvaddch(y, x + w - 1, '+');
		mvvline(y + 1, x, '|', h - 2);
		mvvline(y + 1, x + w - 1, '|', h - 2);
		mvaddch(y + h - 1, x, '+');
		mvhline(y + h - 1, x + 1, '-', w - 2);
		mvaddch(y + h - 1, x + w - 1, '+');
	}
	if (title != NULL && title[0] != '\0' && w > 6) {
		/* A title too long for the frame loses whole words. */
		tt[0] = ' ';
		layout_fit_words(title, w - 6, t->unicode ? "…" : "...",
		    tt + 1, sizeof tt - 2);
		strcat(tt, " ");
		draw_text(t, y, x + 2, w - 4, tt,
		    tui_attr(t, focused ? R_FOCUS : R_TITLE));
	}
}

/* "  " and the profile's header into buf, ASCII on a plain screen. */
static void
draw_profile_header(const struct tui *t, enum kafka_profile p, char *buf,
    size_t len)
{
	const char	*h = profile_get(p)->header;
	size_t		 n = 0;

	buf[n++] = ' ';
	buf[n++] = ' ';
	for (; *h != '\0' && n + 1 < len; h++) {
		if (!t->unicode && strncmp(h, "·", strlen("·")) == 0) {
			buf[n++] = '-';
			h += strlen("·") - 1;
		} else
			buf[n++] = *h;
	}
	buf[n] = '\0';
}

/* The top line: isrlab, the lab's title, the clock, the Kafka profile and,
 * at the right, the alarms.  The alarms and the clock always show; what
 * does not fit is cut from the title first, then the Kafka profile goes. */
static void
draw_header(struct tui *t)
{
	const struct snapshot	*s = &t->snap;
	char			 clk[128], al[96], title[512], ctl[160], wait[32];
	char			 lag[64];
	bool			 paused, alarm;
	double			 speed;
	int			 x, n, room, urp = s->metrics.under_replicated,
				 off = s->metrics.offline, cw;

	/* Which Kafka: "Kafka 4.1 · KRaft · ELR" (profile.h), with '-'
	 * for the middle dots on a plain screen. */
	if (t->opt.attached != NULL) {
		memcpy(ctl, "  ", 3);
		/* TRANSLATORS: the header on a real cluster (--attach);
		 * %s is its bootstrap list, e.g. localhost:9092. */
		snprintf(ctl + 2, sizeof ctl - 2, _("attached to %s"),
		    t->opt.attached);
	} else
		draw_profile_header(t, s->ctrl_image.profile, ctl,
		    sizeof ctl);
	draw_fill(t, 0, 0, t->w, tui_attr(t, R_HEADER));
	tui_clock(t, &paused, &speed);
	snprintf(clk, sizeof clk, "%s %.*fx  t=%" PRId64 ".%" PRId64 "s",
	    paused ? t->g->pause : t->g->play, speed < 1 ? 2 : 1, speed,
	    s->now / 1000, (s->now % 1000) / 100);
	/* A typed wait stays in view while it runs (the status line that
	 * announced it gives way to the next message): its lab time left. */
	if (t->wait.pending != NULL) {
		int64_t	left = t->wait.pending->until_ms - s->now;

		if (left < 0)
			left = 0;
		snprintf(wait, sizeof wait, "%" PRId64 ".%" PRId64 "s",
		    left / 1000, (left % 1000) / 100);
		n = (int)strlen(clk);
		/* TRANSLATORS: the header while a typed wait runs; %s is
		 * the lab time left, e.g. 3.2s. */
		snprintf(clk + n, sizeof clk - (size_t)n, _("  wait %s"), wait);
	}
	/* The clock's width, with the warning when the model falls behind
	 * it (the threaded runtime under load). */
	cw = utf8_width(clk);
	if (layout_behind(s->behind_ms, speed, lag, sizeof lag))
		cw += 2 + utf8_width(lag);
	alarm = urp != 0 || off != 0;
	if (!alarm)
		snprintf(al, sizeof al, "%s", _("alarms: none"));
	else
		snprintf(al, sizeof al, _("alarms: URP %d  OFFLINE %d"), urp,
		    off);
	n = utf8_width(al);
	draw_text(t, 0, t->w - n - 1, n, al, tui_attr(t, alarm ? R_ALARM :
	    R_HEADER));
	/* What the left part may take: all but the alarms and a gap. */
	room = t->w - n - 1 - 2;
	x = 1;
	x += draw_text(t, 0, x, room - x, "isrlab", tui_attr(t, R_HEADER) |
	    A_BOLD) + 2;
	if (x + cw + utf8_width(ctl) > room)
		ctl[0] = '\0';
	if (t->opt.title != NULL && t->opt.title[0] != '\0' &&
	    room - x - cw - utf8_width(ctl) - 2 > 0) {
		/* Whole words of the title, as many as fit. */
		layout_fit_words(t->opt.title, room - x - cw -
		    utf8_width(ctl) - 2, t->unicode ? "…" : "...", title,
		    sizeof title);
		x += draw_text(t, 0, x, room - x, title,
		    tui_attr(t, R_HEADER)) + 2;
	}
	x += draw_text(t, 0, x, room - x, clk, tui_attr(t, R_HEADER) |
	    (paused ? A_BOLD : 0));
	if (lag[0] != '\0')
		x += 2 + draw_text(t, 0, x + 2, room - x - 2, lag,
		    tui_attr(t, R_ALARM) | A_BOLD);
	draw_text(t, 0, x, room - x, ctl, tui_attr(t, R_HEADER));
}

/* The rule left of a strip cell at x, unless it starts its row. */
static void
draw_cell_rule(struct tui *t, int y, int x, bool after_another)
{
	if (!after_another)
		return;
	if (!t->unicode)
		mvaddch(y, x - 1, '|');
	else
		mvadd_wch(y, x - 1, WACS_VLINE);
}

/* Broker strip: returns its height. */
static int
draw_brokers(struct tui *t, int y, bool measure_only)
{
	const struct snapshot	*s = &t->snap;
	char			 cell[160], title[64];
	int			 b, cw = 0, per, rows, i, x, row, a, w;
	/* The zk profile shows its ZooKeeper node after the brokers. */
	int			 cells = s->n_brokers +
				     profile_get(s->ctrl_image.profile)->zookeeper;
	bool			 split;

	for (b = 1; b <= cells; b++) {
		if (b > s->n_brokers)
			layout_zk_cell(s, t->g, cell, sizeof cell);
		else
			layout_broker_cell(s, b, t->g, cell, sizeof cell);
		w = utf8_width(cell);
		if (w > cw)
			cw = w;
	}
	cw += 3;
	per = (t->w - 2) / cw;
	if (per < 1)
		per = 1;
	if (per > cells)
		per = cells;
	rows = (cells + per - 1) / per;
	if (measure_only)
		return rows + 2;
	cw = (t->w - 2) / per;

	for (b = 1, split = false; b <= s->n_brokers; b++)
		split = split || layout_broker_split(s, b);
	snprintf(title, sizeof title, "%s", split ?
	    _("brokers  (network split)") : _("brokers"));
	draw_box(t, y, 0, rows + 2, t->w, title, false);
	for (i = 0; i < cells; i++) {
		b = i + 1;
		row = i / per;
		x = 1 + (i % per) * cw;
		if (b > s->n_brokers) {
			layout_zk_cell(s, t->g, cell, sizeof cell);
			draw_text(t, y + 1 + row, x + 1, cw - 2, cell,
			    tui_attr(t, R_UP));
			draw_cell_rule(t, y + 1 + row, x, i % per != 0);
			continue;
		}
		layout_broker_cell(s, b, t->g, cell, sizeof cell);
		switch (layout_broker_state(s, b)) {
		case LB_UP:		a = tui_attr(t, R_UP); break;
		case LB_DOWN:		a = tui_attr(t, R_DOWN); break;
		case LB_ISOLATED:	a = tui_attr(t, R_ISO); break;
		default:		a = tui_attr(t, R_WARN); break;
		}
		if (b == t->sel_broker)
			a |= A_REVERSE;
		draw_text(t, y + 1 + row, x + 1, cw - 2, cell, a);
		draw_cell_rule(t, y + 1 + row, x, i % per != 0);
		t->click.broker_y[b] = y + 1 + row;
		t->click.broker_x0[b] = x;
		t->click.broker_x1[b] = x + cw - 1;
	}
	return rows + 2;
}

static bool
draw_flashing(const struct tui *t, double since)
{
	return since > 0 && t->now_real - since < TUI_FLASH_MS;
}

static void
draw_table(struct tui *t, int y, int h)
{
	const struct snapshot	*s = &t->snap;
	const struct layout_cols *c = &t->cols;
	char			 buf[1024], title[96];
	size_t			 i, n = s->n_parts;
	int			 inner = h - 3, row, x, xl, xi, xh, a, base, k;
	int			 w = t->w - 4;

	snprintf(title, sizeof title, _("partitions (%zu)"), n);
	draw_box(t, y, 0, h, t->w, title, t->focus == F_TABLE);
	layout_table_header(c, buf, sizeof buf);
	draw_text(t, y + 1, 3, w - 1, buf, tui_attr(t, R_DIM) | A_BOLD);
	if (inner <= 0)
		return;
	if (n == 0) {
		draw_text(t, y + 2, 3, w - 1, _("no topics yet: press : and "
		    "type kafka-topics.sh --create ..."), tui_attr(t, R_DIM));
		t->click.rows_y0 = y + 2;
		t->click.rows_n = 0;
		return;
	}
	if (t->sel_part >= n)
		t->sel_part = n - 1;
	if (t->sel_part < t->part_top)
		t->part_top = t->sel_part;
	if (t->sel_part >= t->part_top + (size_t)inner)
		t->part_top = t->sel_part - (size_t)inner + 1;
	if (t->part_top + (size_t)inner > n)
		t->part_top = n > (size_t)inner ? n - (size_t)inner : 0;
	t->click.rows_y0 = y + 2;
	t->click.rows_n = inner;

	xl = 3 + c->topic + 2 + c->part + 2;
	xi = xl + c->leader + 2 + c->replicas + 2;
	xh = xi + c->isr + 2 + c->oos + 2;
	for (row = 0; row < inner && t->part_top + (size_t)row < n; row++) {
		struct layout_prow		 rbuf, *r = &rbuf;
		const struct tui_pstate		*ps;

		i = t->part_top + (size_t)row;
		layout_partition_row(s, &s->parts[i],
		    t->settings.replica_lag_time_max_ms, t->g, r);
		ps = i < t->n_ps ? &t->ps[i] : NULL;
		base = r->offline ? tui_attr(t, R_OFFLINE) :
		    r->urp ? tui_attr(t, R_URP) : tui_attr(t, R_NORMAL);
		if (i == t->sel_part)
			base |= tui_attr(t, R_SEL);
		if (i == t->sel_part || r->offline)
			draw_fill(t, y + 2 + row, 1, t->w - 2, base);
		if (i == t->sel_part)
			draw_text(t, y + 2 + row, 1, 1, ">", base);
		layout_row_text(r, c, buf, sizeof buf);
		draw_text(t, y + 2 + row, 3, w - 1, buf, base);
		if (ps != NULL && draw_flashing(t, ps->t_leader))
			draw_text(t, y + 2 + row, xl, c->leader, r->leader,
			    tui_attr(t, R_FLASH));
		if (ps != NULL && draw_flashing(t, ps->t_isr))
			draw_text(t, y + 2 + row, xi, c->isr, r->isr,
			    tui_attr(t, R_FLASH));
		if (ps != NULL && draw_flashing(t, ps->t_hw))
			draw_text(t, y + 2 + row, xh, c->hw, r->hw,
			    tui_attr(t, R_FLASH));
		x = xh + c->hw + 2;
		for (k = 0; k < r->n_rep && x < t->w - 2; k++) {
			switch (r->rkind[k]) {
			case LR_LEADER:	 a = tui_attr(t, R_UP) | A_BOLD; break;
			case LR_LAGGING: a = tui_attr(t, R_WARN); break;
			case LR_OOS:	 a = tui_attr(t, R_WARN) | A_BOLD; break;
			case LR_DOWN:	 a = tui_attr(t, R_DOWN); break;
			default:	 a = tui_attr(t, R_NORMAL); break;
			}
			if (r->offline || i == t->sel_part)
				a = base;
			x += draw_text(t, y + 2 + row, x, t->w - 2 - x,
			    r->rep[k], a) + 2;
		}
	}
	if (n > (size_t)inner) {
		/* TRANSLATORS: the partition rows shown, of how many. */
		snprintf(buf, sizeof buf, _(" %zu-%zu of %zu "),
		    t->part_top + 1, t->part_top + (size_t)row, n);
		draw_text(t, y + h - 1, t->w - 2 - utf8_width(buf), 40, buf,
		    tui_attr(t, R_DIM));
	}
}

struct draw_wrap {
	char	(*out)[512];
	int	*roles;
	int	 n, max, role;
};

static void
draw_wrap_emit(const char *line, size_t len, void *arg)
{
	struct draw_wrap	*dw = arg;

	if (dw->n >= dw->max)
		return;
	if (len >= 512)
		len = 511;
	memcpy(dw->out[dw->n], line, len);
	dw->out[dw->n][len] = '\0';
	dw->roles[dw->n] = dw->role;
	dw->n++;
}

/* A pane of lines, newest at the bottom, wrapped, scrolled up by
 * *scroll display lines (clamped). */
static void
draw_lines(struct tui *t, const struct tui_lines *l, int y, int x, int h,
    int w, int *scroll)
{
	static char	 chunk[64][512];
	static int	 roles[64];
	char		 clean[2048];
	int		 filled = 0, want = h + *scroll, k, row;
	size_t		 i = l->n;
	char		 (*disp)[512];
	int		*droles;
	struct draw_wrap dw;

	if (h <= 0 || w <= 0)
		return;
	disp = xcalloc((size_t)want + 1, sizeof *disp);
	droles = xcalloc((size_t)want + 1, sizeof *droles);
	/* Collect display lines from the newest backwards. */
	while (i > 0 && filled < want) {
		i--;
		layout_sanitize(clean, sizeof clean, l->v[i].s, !t->utf8);
		dw.out = chunk;
		dw.roles = roles;
		dw.n = 0;
		dw.max = 64;
		dw.role = l->v[i].role;
		utf8_wrap(clean, w, draw_wrap_emit, &dw);
		if (dw.n == 0)
			draw_wrap_emit("", 0, &dw);
		for (k = dw.n - 1; k >= 0 && filled < want; k--) {
			memcpy(disp[filled], chunk[k], 512);
			droles[filled] = roles[k];
			filled++;
		}
	}
	if (*scroll > filled - h)
		*scroll = filled - h > 0 ? filled - h : 0;
	/* disp[0] is the newest line; row h-1 shows disp[*scroll]. */
	for (row = 0; row < h; row++) {
		k = *scroll + (h - 1 - row);
		if (k < filled)
			draw_text(t, y + row, x, w, disp[k],
			    tui_attr(t, droles[k]));
	}
	free(disp);
	free(droles);
}

enum { PANE_LAB, PANE_OUT, PANE_CONS, PANE_EV };

/* Which bottom panes show and how wide each is; returns how many.  The
 * console pane counts as shown when with_output says so. */
static int
draw_bottom_panes(const struct tui *t, bool with_output, int panes[4],
    int widths[4])
{
	/* The lab's share: half the width, three fifths below 120 columns
	 * so that the step's instructions wrap less on a small terminal. */
	int	lab_w = t->w < 120 ? t->w * 3 / 5 : t->w / 2;
	int	n = 0, i, x = 0, pw;

	if (t->run != NULL)
		panes[n++] = PANE_LAB;
	if (with_output)
		panes[n++] = PANE_OUT;
	if (t->cons.on)
		panes[n++] = PANE_CONS;
	panes[n++] = PANE_EV;
	if (panes[0] == PANE_LAB) {
		/* The lab takes lab_w; the others share the rest, and
		 * events give way first when that is too narrow. */
		while (n > 2 && (t->w - lab_w) / (n - 1) < 30)
			n--;
	} else
		while (n > 1 && t->w / n < 30)
			n--;
	pw = t->w / n;
	for (i = 0; i < n; i++) {
		if (panes[0] == PANE_LAB && n > 1)
			pw = i == 0 ? lab_w : (t->w - lab_w) / (n - 1);
		widths[i] = i == n - 1 ? t->w - x : pw;
		x += widths[i];
	}
	return n;
}

int
draw_output_cols(const struct tui *t)
{
	int	panes[4], widths[4], n, i;

	n = draw_bottom_panes(t, true, panes, widths);
	for (i = 0; i < n; i++)
		if (panes[i] == PANE_OUT)
			return widths[i] - 3;
	return 0;
}

static void
draw_bottom(struct tui *t, int y, int h)
{
	int	panes[4], widths[4], n, i, x = 0, w;
	char	title[ISR_TOPIC_MAX + 64];

	if (h < 3)
		return;
	n = draw_bottom_panes(t, t->output_shown, panes, widths);
	for (i = 0; i < n; i++) {
		w = widths[i];
		switch (panes[i]) {
		case PANE_LAB:
			draw_lab(t, y, x, h, w);
			break;
		case PANE_OUT:
			draw_box(t, y, x, h, w, _("console"), t->focus ==
			    F_OUTPUT || tui_prompt_kind(t) != PR_NONE);
			draw_lines(t, &t->output, y + 1, x + 2, h - 2, w - 3,
			    &t->scroll[F_OUTPUT]);
			break;
		case PANE_CONS:
			snprintf(title, sizeof title, _("consumer: %s"),
			    t->cons.topic);
			draw_box(t, y, x, h, w, title, t->focus == F_CONSUMER);
			draw_lines(t, &t->consumer, y + 1, x + 2, h - 2, w - 3,
			    &t->scroll[F_CONSUMER]);
			break;
		case PANE_EV:
			draw_box(t, y, x, h, w, t->scroll[F_EVENTS] > 0 ?
			    _("events (scrolled: PgDn)") : _("events"),
			    t->focus == F_EVENTS);
			draw_lines(t, &t->events, y + 1, x + 2, h - 2, w - 3,
			    &t->scroll[F_EVENTS]);
			break;
		}
		x += w;
	}
}

static void
draw_status(struct tui *t, int y)
{
	char	buf[512], acks[8];
	int	x;

	curs_set(0);
	x = 0;
	if (t->prod.on) {
		snprintf(acks, sizeof acks, "%s", t->prod.acks == -1 ? "all" :
		    t->prod.acks == 0 ? "0" : "1");
		snprintf(buf, sizeof buf, _("[producer %s acks=%s: %" PRId64
		    " sent, %" PRId64 " errors%s%s] "), t->prod.topic, acks,
		    t->prod.sent, t->prod.errors, t->prod.last[0] != '\0' ?
		    _(", last ") : "", t->prod.last);
		x += draw_text(t, y, x, t->w - x, buf, tui_attr(t,
		    t->prod.errors > 0 ? R_WARN : R_UP));
	} else {
		snprintf(buf, sizeof buf, "[acks=%s] ", t->prod.acks == -1 ?
		    "all" : t->prod.acks == 0 ? "0" : "1");
		x += draw_text(t, y, x, t->w - x, buf, tui_attr(t, R_DIM));
	}
	if (t->status.text[0] != '\0')
		draw_text(t, y, x, t->w - x, t->status.text,
		    tui_attr(t, t->status.role));
}

static void
draw_too_small(struct tui *t)
{
	char	line[128];
	int	n;

	snprintf(line, sizeof line, _("terminal too small (need %dx%d, have "
	    "%dx%d)"), TUI_MIN_W, TUI_MIN_H, t->w, t->h);
	n = utf8_width(line);
	draw_text(t, t->h / 2, n < t->w ? (t->w - n) / 2 : 0, t->w, line,
	    A_BOLD);
	if (t->h / 2 + 1 < t->h)
		draw_text(t, t->h / 2 + 1, 0, t->w, tui_popup_asking(t) &&
		    t->popup.lines.n > 0 ? t->popup.lines.v[0].s : _("q to quit"),
		    A_NORMAL);
	curs_set(0);
}

void
draw_frame(struct tui *t)
{
	char	bar[4][LAYOUT_BAR];
	int	kb, bh, y, avail, ph, need, i, status_y;

	erase();
	if (t->w < TUI_MIN_W || t->h < TUI_MIN_H) {
		draw_too_small(t);
		return;
	}
	draw_header(t);
	kb = layout_keybar_lab(t->w - 2, t->run != NULL, bar, 3);
	status_y = t->h - kb - 1;
	bh = draw_brokers(t, 1, true);
	if (bh > (t->h - 12))
		bh = t->h - 12;
	draw_brokers(t, 1, false);
	y = 1 + bh;
	avail = status_y - y;
	need = (int)t->snap.n_parts + 3;
	if (need < 4)
		need = 4;
	/* The bottom panes keep 7 rows, and in a lab 11: the step's text,
	 * checklist and quiz need them more than every partition's row
	 * (the table scrolls with the selection). */
	ph = avail - (t->run != NULL ? 11 : 7);
	if (ph > need)
		ph = need;
	if (ph < 4)
		ph = 4;
	draw_table(t, y, ph);
	draw_bottom(t, y + ph, status_y - y - ph);
	for (i = 0; i < kb; i++)
		draw_text(t, t->h - kb + i, 1, t->w - 2, bar[i],
		    tui_attr(t, R_DIM));
	/* The modes, bottom first, then the status line: the topmost mode
	 * that draws it (a prompt), or the status. */
	for (i = 0; i < (int)t->n_modes; i++)
		if (t->modes[i]->draw != NULL)
			t->modes[i]->draw(t);
	for (i = (int)t->n_modes - 1; i >= 0; i--)
		if (t->modes[i]->draw_line != NULL)
			break;
	if (i >= 0)
		t->modes[i]->draw_line(t, status_y);
	else
		draw_status(t, status_y);
}
