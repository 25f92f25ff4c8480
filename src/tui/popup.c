/*
 * popup.c - the popups: help, describe, metrics, the finish summary and
 * the two questions before leaving; each a mode (mode.h).
 *
 * DESIGN
 * A popup is a box over the middle of the screen showing t->popup's
 * lines.  Opening one pushes its mode; any key the popup does not take
 * closes it, scroll keys scroll it.  The two questions (quit or go back
 * to the list? export before leaving?) take only their answers.  There
 * is one popup at a time: one opened while another shows takes its place
 * (the lab can finish, and its summary open, while help is up).  A
 * command's pager gives way to a popup: opening one closes it, and it
 * does not open while one shows (pager.c).  Help pauses the clock while
 * it is open and resumes it when it closes.
 */

#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "console/describe.h"
#include "tui/mode.h"
#include "tui/tui-int.h"
#include "util/strbuf.h"
#include "util/utf8.h"

static bool popup_view_key(struct tui *, wint_t, bool);
static bool popup_summary_key(struct tui *, wint_t, bool);
static bool popup_quit_key(struct tui *, wint_t, bool);
static bool popup_export_key(struct tui *, wint_t, bool);
static void popup_draw_view(struct tui *);
static void popup_draw_summary(struct tui *);
static void popup_draw_quit(struct tui *);
static void popup_draw_export(struct tui *);
static void popup_leave(struct tui *);
static void popup_help_leave(struct tui *);
static void tui_popup_close(struct tui *);

/* Help, describe and metrics: text to read and scroll. */
static const struct tui_mode popup_help = {
	.key = popup_view_key, .draw = popup_draw_view,
	.leave = popup_help_leave,
};
static const struct tui_mode popup_view = {
	.key = popup_view_key, .draw = popup_draw_view,
	.leave = popup_leave,
};
static const struct tui_mode popup_summary = {
	.key = popup_summary_key, .draw = popup_draw_summary,
	.leave = popup_leave,
};
static const struct tui_mode popup_quit = {
	.key = popup_quit_key, .draw = popup_draw_quit,
	.leave = popup_leave,
};
static const struct tui_mode popup_export = {
	.key = popup_export_key, .draw = popup_draw_export,
	.leave = popup_leave,
};

static const struct tui_mode *const popup_modes[] = {
	[P_HELP] = &popup_help,
	[P_DESCRIBE] = &popup_view,
	[P_METRICS] = &popup_view,
	[P_QUIT] = &popup_quit,
	[P_SUMMARY] = &popup_summary,
	[P_EXPORT] = &popup_export,
};

/* The popup mode on the stack, or NULL. */
static const struct tui_mode *
popup_current(const struct tui *t)
{
	size_t	i;

	for (i = 0; i < sizeof popup_modes / sizeof popup_modes[0]; i++)
		if (popup_modes[i] != NULL && tui_mode_has(t, popup_modes[i]))
			return popup_modes[i];
	return NULL;
}

void
tui_popup_open(struct tui *t, enum tui_popup kind, const char *title)
{
	/* A popup (the finish summary, a question) matters more than a
	 * command's output: the pager gives way. */
	tui_pager_close(t);
	/* In another popup's place, without its leave hook: the new one
	 * has already filled the shared lines. */
	tui_mode_replace(t, popup_current(t), popup_modes[kind]);
	snprintf(t->popup.title, sizeof t->popup.title, "%s", title);
	t->popup.scroll = 0;
	t->dirty = true;
}

const struct tui_mode *
tui_popup_mode(const struct tui *t)
{
	return popup_current(t);
}

bool
tui_popup_asking(const struct tui *t)
{
	const struct tui_mode	*m = popup_current(t);

	return m == &popup_export || m == &popup_quit;
}

static void
tui_popup_close(struct tui *t)
{
	tui_mode_pop(t, popup_current(t));
}

static void
popup_leave(struct tui *t)
{
	tui_lines_clear(&t->popup.lines);
	t->dirty = true;
}

static void
popup_help_leave(struct tui *t)
{
	if (t->clock.help_paused)
		tui_set_paused(t, false);
	t->clock.help_paused = false;
	popup_leave(t);
}

/* ---- Keys --------------------------------------------------------------- */

/* Scroll keys scroll; any other key closes. */
static bool
popup_view_key(struct tui *t, wint_t wc, bool is_key)
{
	if (is_key && (wc == KEY_NPAGE || wc == KEY_DOWN))
		t->popup.scroll += wc == KEY_DOWN ? 1 : 10;
	else if (is_key && (wc == KEY_PPAGE || wc == KEY_UP))
		t->popup.scroll -= wc == KEY_UP ? 1 : 10;
	else if (!is_key && (wc == 'j' || wc == 'k'))
		t->popup.scroll += wc == 'j' ? 1 : -1;
	else
		tui_popup_close(t);
	if (t->popup.scroll < 0)
		t->popup.scroll = 0;
	t->dirty = true;
	return true;
}

/* q leaves (as q on the screen would); the rest as in a view. */
static bool
popup_summary_key(struct tui *t, wint_t wc, bool is_key)
{
	if (!is_key && wc == 'q') {
		tui_popup_close(t);
		act_quit(t, 'q');
		return true;
	}
	return popup_view_key(t, wc, is_key);
}

/* "Back to the lab list?" (or quit): y leaves, Q quits isrlab from the
 * picker, any other key stays. */
static bool
popup_quit_key(struct tui *t, wint_t wc, bool is_key)
{
	if (!is_key && (wc == 'y' || wc == 'Y')) {
		t->end = t->opt.picker ? TUI_END_BACK : TUI_END_QUIT;
		t->quit = true;
	} else if (!is_key && wc == 'Q' && t->opt.picker) {
		t->end = TUI_END_QUIT;
		t->quit = true;
	} else
		tui_popup_close(t);
	return true;
}

/* "Export before leaving?": y/n/Esc; other keys leave it open. */
static bool
popup_export_key(struct tui *t, wint_t wc, bool is_key)
{
	if (!is_key && (wc == 'y' || wc == 'Y')) {
		tui_popup_close(t);
		tui_export_start(t, TUI_AFTER_LEAVE);
	} else if (!is_key && (wc == 'n' || wc == 'N')) {
		t->end = t->export.leave;
		t->quit = true;
	} else if (!is_key && wc == 27)
		tui_popup_close(t);
	return true;
}

/* ---- Openers ------------------------------------------------------------ */

int
act_help(struct tui *t, int key)
{
	const struct keys_entry	*k;
	char			 line[1024];
	bool			 paused;
	double			 speed;

	(void)key;
	tui_lines_clear(&t->popup.lines);
	/* In a lab, how to read the lab pane comes first. */
	if (t->lab != NULL) {
		const char	*lp;

		/* TRANSLATORS: the help's paragraph on the lab pane, one
		 * screen line per line. */
		lp = _("Lab pane: the current step's instructions first, then "
		    "its checklist,\nquiz and hint. PgUp/PgDn scroll it "
		    "whatever has the focus (j/k\ntoo once Tab focused it); "
		    "I folds the lab's introduction; n, b and t\nare the next "
		    "step, the step before and a hint (t again: a closer one).");
		tui_lines_write(&t->popup.lines, lp, strlen(lp), R_NORMAL);
		tui_lines_flush(&t->popup.lines);
		tui_lines_add(&t->popup.lines, "", R_NORMAL);
	}
	for (k = keys_table; k->key != NULL; k++) {
		if (k->help == NULL)
			continue;
		snprintf(line, sizeof line, "%-10s %s", layout_key_shown(k),
		    _(k->help));
		tui_lines_add(&t->popup.lines, line, R_NORMAL);
	}
	tui_lines_add(&t->popup.lines, "", R_NORMAL);
	/* TRANSLATORS: the help's legend of the partitions table, one
	 * screen line per line; %s is the preferred replica's mark. */
	snprintf(line, sizeof line, _("Table: LEADER(ep) = leader (leader "
	    "epoch); %s marks the preferred replica;\nper replica "
	    "broker:LEO, then lag in records and, for a lagging\nfollower "
	    "still in the ISR, the time left before it is dropped\n"
	    "(replica.lag.time.max.ms - time since it last caught up)."),
	    t->g->preferred);
	tui_lines_write(&t->popup.lines, line, strlen(line), R_DIM);
	tui_lines_flush(&t->popup.lines);
	tui_clock(t, &paused, &speed);
	t->clock.help_paused = !paused;
	if (!paused)
		tui_set_paused(t, true);
	tui_popup_open(t, P_HELP, _("help (clock paused)"));
	return 1;
}

/* d: the selected topic as kafka-topics --describe prints it. */
int
act_describe(struct tui *t, int key)
{
	const struct snap_partition	*p = tui_sel_part(t);
	const struct topic_reg		*tr;
	struct strbuf			 sb = STRBUF_INIT;
	char				 title[ISR_TOPIC_MAX + 32];

	(void)key;
	if (p == NULL) {
		tui_status(t, R_WARN, "%s", _("no topic selected"));
		return 1;
	}
	tr = image_topic(&t->snap.ctrl_image, p->topic);
	if (tr == NULL)
		return 1;
	describe_topic(&sb, &t->snap.ctrl_image, tr);
	tui_lines_clear(&t->popup.lines);
	tui_lines_write(&t->popup.lines, strbuf_cstr(&sb), sb.len, R_NORMAL);
	tui_lines_flush(&t->popup.lines);
	strbuf_free(&sb);
	snprintf(title, sizeof title, "kafka-topics --describe --topic %s",
	    p->topic);
	tui_popup_open(t, P_DESCRIBE, title);
	return 1;
}

int
act_metrics(struct tui *t, int key)
{
	(void)key;
	tui_lines_clear(&t->popup.lines);
	t->sink = S_POPUP;
	console_exec(t->con, "metrics", t->status.text, sizeof t->status.text);
	tui_lines_flush(&t->popup.lines);
	t->sink = S_OUTPUT;
	tui_popup_open(t, P_METRICS, _("metrics"));
	return 1;
}

/* ---- Drawing ------------------------------------------------------------ */

static void
popup_draw(struct tui *t, const char *foot)
{
	const struct tui_lines	*l = &t->popup.lines;
	int			 w = 0, h, y, x, i, lw, inner;
	char			 clean[2048];

	for (i = 0; i < (int)l->n; i++) {
		layout_sanitize(clean, sizeof clean, l->v[i].s, !t->utf8);
		lw = utf8_width(clean);
		if (lw > w)
			w = lw;
	}
	if (w < utf8_width(t->popup.title) + 4)
		w = utf8_width(t->popup.title) + 4;
	if (w < utf8_width(foot) + 4)
		w = utf8_width(foot) + 4;
	w += 4;
	if (w > t->w - 2)
		w = t->w - 2;
	h = (int)l->n + 2;
	if (h > t->h - 2)
		h = t->h - 2;
	inner = h - 2;
	if (t->popup.scroll > (int)l->n - inner)
		t->popup.scroll = (int)l->n - inner;
	if (t->popup.scroll < 0)
		t->popup.scroll = 0;
	y = (t->h - h) / 2;
	x = (t->w - w) / 2;
	for (i = 0; i < h; i++)
		draw_fill(t, y + i, x, w, A_NORMAL);
	draw_box(t, y, x, h, w, t->popup.title, true);
	for (i = 0; i < inner && t->popup.scroll + i < (int)l->n; i++)
		draw_text(t, y + 1 + i, x + 2, w - 4,
		    l->v[t->popup.scroll + i].s,
		    tui_attr(t, l->v[t->popup.scroll + i].role));
	draw_text(t, y + h - 1, x + w - utf8_width(foot) - 2,
	    utf8_width(foot), foot, tui_attr(t, R_DIM));
}

static void
popup_draw_view(struct tui *t)
{
	popup_draw(t, _(" Esc closes  PgUp/PgDn scroll "));
}

static void
popup_draw_summary(struct tui *t)
{
	popup_draw(t, _(" any key closes "));
}

static void
popup_draw_quit(struct tui *t)
{
	popup_draw(t, t->opt.picker ? " y / Q / n " : " y / n ");
}

static void
popup_draw_export(struct tui *t)
{
	popup_draw(t, " y / n / Esc ");
}
