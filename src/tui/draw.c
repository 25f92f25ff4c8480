/*
 * draw.c - one frame of the TUI on stdscr.
 *
 * DESIGN
 * draw_frame() erases stdscr and paints everything from struct tui: the
 * header, the broker strip, the partition table, the bottom panes (lab,
 * console output, consumer, events side by side), the status or prompt
 * line, the key bar, then any popup over the top.  It never reads the
 * engine; tui.c has already turned the snapshot into text rows
 * (layout.c).  Only the rows that fit are drawn, so a frame costs the
 * screen size, not the cluster size.  curses then sends only the cells
 * that differ from the last frame.  Every string is cut by display
 * columns (layout_fit), so Korean text never spills or splits.
 */

#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* Put s at y,x in at most w columns with attribute a; returns columns. */
static int
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
static void
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

static void
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
		snprintf(tt, sizeof tt, " %s ", title);
		draw_text(t, y, x + 2, w - 4, tt,
		    tui_attr(t, focused ? R_FOCUS : R_TITLE));
	}
}

static void
draw_header(struct tui *t)
{
	const struct snapshot	*s = &t->snap;
	char			 buf[512], clk[64], al[96];
	bool			 paused;
	double			 speed;
	int			 x, n, urp = s->metrics.under_replicated,
				 off = s->metrics.offline;

	draw_fill(t, 0, 0, t->w, tui_attr(t, R_HEADER));
	tui_clock(t, &paused, &speed);
	snprintf(clk, sizeof clk, "%s %.*fx  t=%" PRId64 ".%" PRId64 "s",
	    paused ? t->g->pause : t->g->play, speed < 1 ? 2 : 1, speed,
	    s->now / 1000, (s->now % 1000) / 100);
	x = 1;
	x += draw_text(t, 0, x, t->w - x, "isrlab", tui_attr(t, R_HEADER) |
	    A_BOLD) + 2;
	if (t->opt.title != NULL && t->opt.title[0] != '\0')
		x += draw_text(t, 0, x, t->w - x - 64 > t->w / 3 ?
		    t->w - x - 64 : t->w / 3, t->opt.title,
		    tui_attr(t, R_HEADER)) + 2;
	snprintf(buf, sizeof buf, "%s  controller: KRaft", clk);
	x += draw_text(t, 0, x, t->w - x, buf, tui_attr(t, R_HEADER) |
	    (paused ? A_BOLD : 0)) + 2;
	if (urp == 0 && off == 0)
		snprintf(al, sizeof al, "alarms: none");
	else
		snprintf(al, sizeof al, "alarms: URP %d  OFFLINE %d", urp, off);
	n = utf8_width(al);
	if (t->w - n - 1 > x)
		draw_text(t, 0, t->w - n - 1, n, al, urp == 0 && off == 0 ?
		    tui_attr(t, R_HEADER) : tui_attr(t, R_ALARM));
}

/* Broker strip: returns its height. */
static int
draw_brokers(struct tui *t, int y, bool measure_only)
{
	const struct snapshot	*s = &t->snap;
	char			 cell[160], title[64];
	int			 b, cw = 0, per, rows, i, x, row, a, w;
	bool			 split;

	for (b = 1; b <= s->n_brokers; b++) {
		layout_broker_cell(s, b, t->g, cell, sizeof cell);
		w = utf8_width(cell);
		if (w > cw)
			cw = w;
	}
	cw += 3;
	per = (t->w - 2) / cw;
	if (per < 1)
		per = 1;
	if (per > s->n_brokers)
		per = s->n_brokers;
	rows = (s->n_brokers + per - 1) / per;
	if (measure_only)
		return rows + 2;
	cw = (t->w - 2) / per;

	for (b = 1, split = false; b <= s->n_brokers; b++)
		split = split || layout_broker_split(s, b);
	snprintf(title, sizeof title, "brokers%s", split ?
	    "  (network split)" : "");
	draw_box(t, y, 0, rows + 2, t->w, title, false);
	for (i = 0; i < s->n_brokers; i++) {
		b = i + 1;
		row = i / per;
		x = 1 + (i % per) * cw;
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
		if (i % per != 0 && !t->unicode)
			mvaddch(y + 1 + row, x - 1, '|');
		else if (i % per != 0)
			mvadd_wch(y + 1 + row, x - 1, WACS_VLINE);
		t->bc_y[b] = y + 1 + row;
		t->bc_x0[b] = x;
		t->bc_x1[b] = x + cw - 1;
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

	snprintf(title, sizeof title, "partitions (%zu)", n);
	draw_box(t, y, 0, h, t->w, title, t->focus == F_TABLE);
	layout_table_header(c, buf, sizeof buf);
	draw_text(t, y + 1, 3, w - 1, buf, tui_attr(t, R_DIM) | A_BOLD);
	if (inner <= 0)
		return;
	if (n == 0) {
		draw_text(t, y + 2, 3, w - 1, "no topics yet: press : and "
		    "type kafka-topics.sh --create ...", tui_attr(t, R_DIM));
		t->rows_y0 = y + 2;
		t->rows_n = 0;
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
	t->rows_y0 = y + 2;
	t->rows_n = inner;

	xl = 3 + c->topic + 2 + c->part + 2;
	xi = xl + c->leader + 2 + c->replicas + 2;
	xh = xi + c->isr + 2 + c->oos + 2;
	for (row = 0; row < inner && t->part_top + (size_t)row < n; row++) {
		const struct layout_prow	*r;
		const struct tui_pstate		*ps;

		i = t->part_top + (size_t)row;
		r = &t->rows[i];
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
		snprintf(buf, sizeof buf, " %zu-%zu of %zu ", t->part_top + 1,
		    t->part_top + (size_t)row, n);
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

/* ---- The lab pane ------------------------------------------------------- */

/* A foot line's role rides in the high bits of its segments' attrs. */
#define DRAW_ROLE(r)	((unsigned)(r) << 16)

/* The curses attribute of a labview segment. */
static int
draw_lab_attr(struct tui *t, unsigned attrs)
{
	int	a = A_NORMAL;

	if (attrs >> 16)
		a |= tui_attr(t, (enum tui_role)(attrs >> 16));
	if (attrs & (LV_CODE | LT_MONO))
		a |= tui_attr(t, R_CODE);
	if (attrs & (LT_BOLD | LV_HEADING))
		a |= A_BOLD;
	if (attrs & (LT_EMPH | LT_LINK | LV_HEADING))
		a |= A_UNDERLINE;
	if (attrs & LV_DIM)
		a |= A_DIM;
	return a;
}

static void
draw_lab_line(struct tui *t, int y, int x, int w,
    const struct labview_line *l)
{
	size_t	i;
	int	cx = x;

	for (i = 0; i < l->n_segs && cx < x + w; i++)
		cx += draw_text(t, y, cx, x + w - cx, l->segs[i].text,
		    draw_lab_attr(t, l->segs[i].attrs));
}

/* The lines under the text: flash, checklist, quiz, hint, what to do. */
static void
draw_lab_foot(struct tui *t, struct labview *f, int w)
{
	const struct labrun	*r = t->run;
	const struct lab	*lab = t->lab;
	const struct lab_step	*st;
	const struct lab_quiz	*q;
	bool			 en = tui_lab_en(t), done, met;
	size_t			 cur = r->cur < lab->n_steps ? r->cur :
				    lab->n_steps - 1, i;
	char			 pre[64], *s;
	const char		*hint;
	size_t			 level, levels;

	if (t->lab_flash[0] != '\0' && t->lab_flash_until > 0)
		labview_add_para(f, "", 0, t->lab_flash,
		    DRAW_ROLE(R_FLASH), w);
	if (t->lab_note[0] != '\0' && t->lab_note_step != cur &&
	    t->lab_note_until > 0)
		labview_add_para(f, "", 0, t->lab_note,
		    DRAW_ROLE(t->lab_note_role), w);
	if (lab->n_steps == 0)
		return;
	st = &lab->steps[cur];
	done = r->st[cur].done;
	for (i = 0; i < st->n_expect; i++) {
		met = done || r->st[cur].met[i];
		snprintf(pre, sizeof pre, "%s ", labview_mark(met,
		    t->unicode));
		labview_add_para(f, pre, DRAW_ROLE(met ? R_UP : R_WARN) |
		    LT_BOLD, st->expect[i].text, met ? 0 : DRAW_ROLE(R_NORMAL),
		    w);
	}
	if ((q = st->quiz) != NULL) {
		snprintf(pre, sizeof pre, "%s ", en ? "Q." : "문제.");
		labview_add_para(f, pre, DRAW_ROLE(R_FOCUS),
		    lab_str_get(&q->question, t->opt.lang), LT_BOLD, w);
		for (i = 0; i < q->n_choices; i++) {
			snprintf(pre, sizeof pre, "  %c) ", (char)('a' + i));
			labview_add_para(f, pre, DRAW_ROLE(R_FOCUS) | LT_BOLD,
			    lab_str_get(&q->choices[i], t->opt.lang), 0, w);
		}
		if (t->lab_note[0] != '\0' && t->lab_note_step == cur)
			labview_add_para(f, "", 0, t->lab_note,
			    DRAW_ROLE(t->lab_note_role), w);
		else if (r->st[cur].quiz_solved)
			labview_add_para(f, "", 0, en ? "answered right" :
			    "정답을 맞혔습니다", DRAW_ROLE(R_UP), w);
		if (tui_quiz_open(t)) {
			if (q->n_choices > 0)
				s = xasprintf(en ? "press a-%c to answer (Enter: "
				    "type it)" : "a-%c 키로 답하세요 (Enter: 직접 "
				    "입력)", (char)('a' + q->n_choices - 1));
			else
				s = xstrdup(en ? "press Enter and type your "
				    "answer" : "Enter 를 누르고 답을 입력하세요");
			labview_add_para(f, "", 0, s, DRAW_ROLE(R_DIM), w);
			free(s);
		}
	}
	if ((hint = labrun_hint_current(r, &level, &levels)) != NULL) {
		labview_hint_label(level, levels, en, pre, sizeof pre - 1);
		strcat(pre, " ");
		labview_add_para(f, pre, DRAW_ROLE(R_WARN) | LT_BOLD, hint,
		    DRAW_ROLE(R_WARN), w);
		if (level < levels)
			labview_add_para(f, "", 0, en ? "(t again: a more "
			    "specific hint)" : "(t 를 다시 누르면 더 자세한 "
			    "힌트)", DRAW_ROLE(R_DIM), w);
	}
	if (r->finished)
		labview_add_para(f, "", 0, en ? "Lab finished. n: summary, "
		    "b: earlier steps, q: leave" : "실습 완료! n: 요약, b: 이전 "
		    "단계, q: 나가기", DRAW_ROLE(R_UP) | LT_BOLD, w);
	else if (cur < r->front)
		labview_add_para(f, "", 0, en ? "(done; n: forward)" :
		    "(완료한 단계; n: 앞으로)", DRAW_ROLE(R_DIM), w);
	else if (lab_step_read_only(st))
		labview_add_para(f, "", 0, en ? "Read it, then press n for the "
		    "next step." : "읽은 뒤 n 을 누르면 다음 단계로 갑니다.",
		    DRAW_ROLE(R_DIM), w);
}

static void
draw_lab(struct tui *t, int y, int x, int h, int w)
{
	static struct labview	 foot;
	const struct lab	*lab = t->lab;
	const struct labrun	*r = t->run;
	size_t			 cur, i;
	int			 iw = w - 3, rows = h - 2, text_rows, fn, max,
				 row;
	char			 title[512], more[64];

	if (r == NULL || lab == NULL || h < 3 || iw < 8)
		return;
	cur = r->cur < lab->n_steps ? r->cur : lab->n_steps - 1;
	if (lab->n_steps == 0)
		snprintf(title, sizeof title, "lab: %s",
		    lab_str_get(&lab->title, t->opt.lang));
	else
		labview_step_title(cur, lab->n_steps,
		    lab_str_get(&lab->steps[cur].title, t->opt.lang), title,
		    sizeof title);
	draw_box(t, y, x, h, w, title, t->focus == F_LAB);

	/* The step's text, wrapped once per step and width. */
	if (t->lab_text_w != iw || t->lab_text_step != cur) {
		labview_clear(&t->lab_text);
		if (cur == 0) {
			const struct labtext	*in = &lab->intro[
			    t->opt.lang == LAB_EN &&
			    !labtext_empty(&lab->intro[LAB_EN]) ? LAB_EN :
			    LAB_KO];

			if (!labtext_empty(in)) {
				labview_add_text(&t->lab_text, in, iw,
				    t->unicode);
				labview_add_blank(&t->lab_text);
			}
		}
		if (lab->n_steps > 0)
			labview_add_text(&t->lab_text, lab_step_text(
			    &lab->steps[cur], t->opt.lang), iw, t->unicode);
		t->lab_text_w = iw;
		t->lab_text_step = cur;
	}

	labview_clear(&foot);
	draw_lab_foot(t, &foot, iw);
	fn = (int)foot.n_lines;
	text_rows = rows - fn - 1;
	if (text_rows < 3)
		text_rows = rows < 3 ? rows : 3;
	if (fn > rows - text_rows - 1)
		fn = rows - text_rows - 1 > 0 ? rows - text_rows - 1 : 0;
	if (fn == 0)
		text_rows = rows;
	t->lab_text_h = text_rows;
	max = (int)t->lab_text.n_lines - text_rows;
	if (max < 0)
		max = 0;
	if (t->scroll[F_LAB] > max)
		t->scroll[F_LAB] = max;
	for (row = 0; row < text_rows; row++) {
		i = (size_t)(t->scroll[F_LAB] + row);
		if (i >= t->lab_text.n_lines)
			break;
		draw_lab_line(t, y + 1 + row, x + 2, iw, &t->lab_text.lines[i]);
	}
	if (max > 0) {
		snprintf(more, sizeof more, " %d%% %s ", max == 0 ? 100 :
		    t->scroll[F_LAB] * 100 / max, t->focus == F_LAB ?
		    "j/k PgUp/PgDn" : "Tab: scroll");
		draw_text(t, y + h - 1, x + w - 2 - utf8_width(more),
		    utf8_width(more), more, tui_attr(t, R_DIM));
	}
	if (fn > 0) {
		if (t->unicode)
			mvhline_set(y + 1 + text_rows, x + 1, WACS_HLINE, w - 2);
		else
			mvhline(y + 1 + text_rows, x + 1, '-', w - 2);
		for (row = 0; row < fn; row++)
			draw_lab_line(t, y + 2 + text_rows + row, x + 2, iw,
			    &foot.lines[row]);
	}
}

static void
draw_bottom(struct tui *t, int y, int h)
{
	enum { PANE_LAB, PANE_OUT, PANE_CONS, PANE_EV };
	int	panes[4], n = 0, i, x = 0, w, pw;
	char	title[ISR_TOPIC_MAX + 64];

	if (h < 3)
		return;
	if (t->run != NULL)
		panes[n++] = PANE_LAB;
	if (t->output_shown)
		panes[n++] = PANE_OUT;
	if (t->consuming)
		panes[n++] = PANE_CONS;
	panes[n++] = PANE_EV;
	if (panes[0] == PANE_LAB) {
		/* The lab takes half the width; the others share the rest,
		 * and events give way first when that is too narrow. */
		while (n > 2 && (t->w - t->w / 2) / (n - 1) < 34)
			n--;
	} else
		while (n > 1 && t->w / n < 30)
			n--;
	pw = t->w / n;
	for (i = 0; i < n; i++) {
		if (panes[0] == PANE_LAB && n > 1)
			pw = i == 0 ? t->w / 2 : (t->w - t->w / 2) / (n - 1);
		w = i == n - 1 ? t->w - x : pw;
		switch (panes[i]) {
		case PANE_LAB:
			draw_lab(t, y, x, h, w);
			break;
		case PANE_OUT:
			draw_box(t, y, x, h, w, "console", t->focus ==
			    F_OUTPUT || t->prompt != PR_NONE);
			draw_lines(t, &t->output, y + 1, x + 2, h - 2, w - 3,
			    &t->scroll[F_OUTPUT]);
			break;
		case PANE_CONS:
			snprintf(title, sizeof title, "consumer: %s",
			    t->cons_topic);
			draw_box(t, y, x, h, w, title, t->focus == F_CONSUMER);
			draw_lines(t, &t->consumer, y + 1, x + 2, h - 2, w - 3,
			    &t->scroll[F_CONSUMER]);
			break;
		case PANE_EV:
			draw_box(t, y, x, h, w, t->scroll[F_EVENTS] > 0 ?
			    "events (scrolled: PgDn)" : "events",
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
	char	buf[512], acks[8], pre[LINEEDIT_MAX + 1];
	int	x, cx, start;
	size_t	skip;

	if (t->prompt != PR_NONE) {
		const char	*pr = t->prompt == PR_CONSOLE ? ": " :
				    t->prompt == PR_ANSWER ? (tui_lab_en(t) ?
				    "answer> " : "답> ") :
				    t->prompt == PR_STUDENT ? (tui_lab_en(t) ?
				    "export: your name> " :
				    "내보내기: 이름 (name)> ") : "> ";
		int		 pw = utf8_width(pr), avail = t->w - 1 - pw;

		draw_text(t, y, 0, pw, pr, tui_attr(t, R_FOCUS));
		cx = lineedit_cursor_col(&t->le);
		/* Scroll the line so the cursor stays visible, skipping
		 * whole characters only. */
		start = 0;
		skip = 0;
		if (cx > avail - 1) {
			skip = utf8_bytes_for_width(t->le.buf, cx - (avail - 1));
			memcpy(pre, t->le.buf, skip);
			pre[skip] = '\0';
			if (utf8_width(pre) < cx - (avail - 1))
				skip = utf8_bytes_for_width(t->le.buf,
				    cx - (avail - 1) + 1);
			memcpy(pre, t->le.buf, skip);
			pre[skip] = '\0';
			start = utf8_width(pre);
		}
		draw_text(t, y, pw, avail, t->le.buf + skip, A_NORMAL);
		move(y, pw + cx - start);
		curs_set(1);
		return;
	}
	curs_set(0);
	x = 0;
	if (t->producing) {
		snprintf(acks, sizeof acks, "%s", t->acks == -1 ? "all" :
		    t->acks == 0 ? "0" : "1");
		snprintf(buf, sizeof buf, "[producer %s acks=%s: %" PRId64
		    " sent, %" PRId64 " errors%s%s] ", t->prod_topic, acks,
		    t->prod_sent, t->prod_errors, t->prod_last[0] != '\0' ?
		    ", last " : "", t->prod_last);
		x += draw_text(t, y, x, t->w - x, buf, tui_attr(t,
		    t->prod_errors > 0 ? R_WARN : R_UP));
	} else {
		snprintf(buf, sizeof buf, "[acks=%s] ", t->acks == -1 ? "all" :
		    t->acks == 0 ? "0" : "1");
		x += draw_text(t, y, x, t->w - x, buf, tui_attr(t, R_DIM));
	}
	if (t->status[0] != '\0')
		draw_text(t, y, x, t->w - x, t->status,
		    tui_attr(t, t->status_role));
}

static void
draw_popup(struct tui *t)
{
	const struct tui_lines	*l = &t->popup;
	int			 w = 0, h, y, x, i, lw, inner;
	char			 clean[2048];
	const char		*foot;

	for (i = 0; i < (int)l->n; i++) {
		layout_sanitize(clean, sizeof clean, l->v[i].s, !t->utf8);
		lw = utf8_width(clean);
		if (lw > w)
			w = lw;
	}
	foot = t->popup_kind == P_QUIT ? (t->opt.picker ? " y / Q / n " :
	    " y / n ") : t->popup_kind == P_EXPORT ? " y / n / Esc " :
	    t->popup_kind == P_SUMMARY ? " any key closes " :
	    " Esc closes  PgUp/PgDn scroll ";
	if (w < utf8_width(t->popup_title) + 4)
		w = utf8_width(t->popup_title) + 4;
	if (w < utf8_width(foot) + 4)
		w = utf8_width(foot) + 4;
	w += 4;
	if (w > t->w - 2)
		w = t->w - 2;
	h = (int)l->n + 2;
	if (h > t->h - 2)
		h = t->h - 2;
	inner = h - 2;
	if (t->popup_scroll > (int)l->n - inner)
		t->popup_scroll = (int)l->n - inner;
	if (t->popup_scroll < 0)
		t->popup_scroll = 0;
	y = (t->h - h) / 2;
	x = (t->w - w) / 2;
	for (i = 0; i < h; i++)
		draw_fill(t, y + i, x, w, A_NORMAL);
	draw_box(t, y, x, h, w, t->popup_title, true);
	for (i = 0; i < inner && t->popup_scroll + i < (int)l->n; i++)
		draw_text(t, y + 1 + i, x + 2, w - 4,
		    l->v[t->popup_scroll + i].s,
		    tui_attr(t, l->v[t->popup_scroll + i].role));
	draw_text(t, y + h - 1, x + w - utf8_width(foot) - 2,
	    utf8_width(foot), foot, tui_attr(t, R_DIM));
}

static void
draw_too_small(struct tui *t)
{
	char	line[128];
	int	n;

	snprintf(line, sizeof line, "terminal too small (need %dx%d, have "
	    "%dx%d)", TUI_MIN_W, TUI_MIN_H, t->w, t->h);
	n = utf8_width(line);
	draw_text(t, t->h / 2, n < t->w ? (t->w - n) / 2 : 0, t->w, line,
	    A_BOLD);
	if (t->h / 2 + 1 < t->h)
		draw_text(t, t->h / 2 + 1, (t->w - 10) / 2 > 0 ?
		    (t->w - 10) / 2 : 0, t->w, "q to quit", A_NORMAL);
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
	ph = avail - 7;
	if (ph > need)
		ph = need;
	if (ph < 4)
		ph = 4;
	draw_table(t, y, ph);
	draw_bottom(t, y + ph, status_y - y - ph);
	for (i = 0; i < kb; i++)
		draw_text(t, t->h - kb + i, 1, t->w - 2, bar[i],
		    tui_attr(t, R_DIM));
	if (t->popup_kind != P_NONE)
		draw_popup(t);
	draw_status(t, status_y);
}

/* ---- The lab picker ----------------------------------------------------- */

void
draw_picker(struct tui *t, struct tui_picker *p)
{
	char		 row[1024], line[512];
	int		 y, list_h, a, k;
	size_t		 i;

	erase();
	if (t->w < 40 || t->h < 10) {
		draw_text(t, 0, 0, t->w, p->en ? "terminal too small; q quits" :
		    "터미널이 너무 작습니다; q 종료", A_BOLD);
		return;
	}
	draw_fill(t, 0, 0, t->w, tui_attr(t, R_HEADER));
	k = draw_text(t, 0, 1, t->w - 2, "isrlab", tui_attr(t, R_HEADER) |
	    A_BOLD);
	draw_text(t, 0, 3 + k, t->w - 4 - k, p->en ? "Kafka replication "
	    "labs: pick one" : "Kafka 복제 실습: 실습을 고르세요",
	    tui_attr(t, R_HEADER));
	list_h = t->h - 7;
	if ((size_t)list_h > p->n)
		list_h = (int)p->n;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)list_h)
		p->top = p->sel - (size_t)list_h + 1;
	draw_box(t, 1, 0, list_h + 2, t->w, p->en ? "labs" : "실습 목록",
	    true);
	for (y = 0; y < list_h && p->top + (size_t)y < p->n; y++) {
		i = p->top + (size_t)y;
		labview_pick_row(&p->v[i], p->title_w, p->level_w, p->en,
		    t->unicode, row, sizeof row);
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
	snprintf(line, sizeof line, "%s", p->en ? "j/k or arrows: choose   "
	    "Enter: start   1-13: lab number   q: quit" : "j/k, 화살표: 고르기"
	    "   Enter: 시작   1-13: 실습 번호   q: 종료");
	draw_text(t, t->h - 2, 1, t->w - 2, line, tui_attr(t, R_DIM));
	curs_set(0);
}
