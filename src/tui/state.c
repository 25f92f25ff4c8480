/*
 * state.c - struct tui without curses: made, fed, freed.
 *
 * DESIGN
 * The screen is a function of struct tui.  tui_model_update() feeds it
 * once per loop turn: the engine's new events become lines of the events
 * pane, and when the engine's version moved (or the lab clock did, every
 * 100 ms) a fresh snapshot is taken, the table's column widths are
 * counted over all its partitions, and the time each partition's leader,
 * ISR or HW last changed is kept so the table can flash it.  Rows are not
 * formatted here: draw_table formats the few it shows, so a frame costs
 * the same with 20 partitions or 10,000.  Nothing here draws;
 * draw_frame() reads what is here.
 * tui_state_init() makes everything that needs no terminal, so the
 * benchmark can build a screen without one.
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "class/classclient.h"
#include "journal/statefile.h"
#include "tui/mode.h"
#include "tui/tui-int.h"
#include "util/xmalloc.h"

#define TUI_CLASS_FINISH_MS 3000	/* the screen waits this long for the
				   class server at the end */

#define TUI_OUTPUT_MAX 2000
#define TUI_EVENTS_MAX 2000
#define TUI_CONSUMER_MAX 1000
#define TUI_POPUP_MAX 10000

void
tui_status(struct tui *t, int role, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(t->status.text, sizeof t->status.text, fmt, ap);
	va_end(ap);
	t->status.role = role;
	t->status.until = t->now_real + 6000;
	t->dirty = true;
}

const struct snap_partition *
tui_sel_part(struct tui *t)
{
	if (t->snap.n_parts == 0)
		return NULL;
	if (t->sel_part >= t->snap.n_parts)
		t->sel_part = t->snap.n_parts - 1;
	return &t->snap.parts[t->sel_part];
}

static void
tui_pstate_free(struct tui *t)
{
	free(t->ps);
	free(t->ps_old);
	t->ps = t->ps_old = NULL;
	t->n_ps = t->cap_ps = t->cap_ps_old = 0;
}

/* Order of partitions in a snapshot: topic name, then partition. */
static int
tui_pstate_cmp(const struct tui_pstate *a, const struct snap_partition *b)
{
	int	c = strcmp(a->topic, b->topic);

	if (c != 0)
		return c;
	return a->partition < b->partition ? -1 : a->partition > b->partition;
}

/* Column widths and flash state from t->snap.  The previous pstates
 * still point into the previous snapshot, which the caller frees after
 * this: both are in snapshot order, so one merge pairs them up. */
static void
tui_rows_build(struct tui *t, bool had_old)
{
	const struct snapshot	*s = &t->snap;
	struct tui_pstate	*old = t->ps, *ps;
	size_t			 n_old = t->n_ps, i, j = 0, cap;

	layout_columns(s, &t->cols);
	if (t->cap_ps_old < s->n_parts) {
		t->cap_ps_old = s->n_parts;
		t->ps_old = xreallocarray(t->ps_old, t->cap_ps_old,
		    sizeof *t->ps_old);
	}
	ps = t->ps_old;
	for (i = 0; i < s->n_parts; i++) {
		const struct snap_partition	*p = &s->parts[i];
		const struct partition_reg	*reg = p->reg;
		const struct tui_pstate		*o = NULL;

		memset(&ps[i], 0, sizeof ps[i]);
		ps[i].topic = p->topic;
		ps[i].partition = p->partition;
		ps[i].leader = reg->leader;
		ps[i].n_isr = reg->n_isr;
		memcpy(ps[i].isr, reg->isr, (size_t)reg->n_isr *
		    sizeof reg->isr[0]);
		ps[i].hw = p->hw;
		while (j < n_old && tui_pstate_cmp(&old[j], p) < 0)
			j++;
		if (j < n_old && tui_pstate_cmp(&old[j], p) == 0)
			o = &old[j];
		if (o == NULL)
			continue;
		ps[i].t_leader = o->t_leader;
		ps[i].t_isr = o->t_isr;
		ps[i].t_hw = o->t_hw;
		if (!had_old)
			continue;
		if (o->leader != ps[i].leader)
			ps[i].t_leader = t->now_real;
		if (o->n_isr != ps[i].n_isr || memcmp(o->isr, ps[i].isr,
		    (size_t)o->n_isr * sizeof o->isr[0]) != 0)
			ps[i].t_isr = t->now_real;
		if (o->hw != ps[i].hw)
			ps[i].t_hw = t->now_real;
	}
	/* The two arrays swap: the old one's memory serves next time. */
	t->ps_old = t->ps;
	cap = t->cap_ps_old;
	t->cap_ps_old = t->cap_ps;
	t->ps = ps;
	t->cap_ps = cap;
	t->n_ps = s->n_parts;
}

void
tui_model_update(struct tui *t, bool force)
{
	struct event	 evs[64];
	struct snapshot	 old;
	char		 line[512];
	size_t		 n, i;
	uint64_t	 v = t->e->ops->version(t->e);
	int64_t		 now = t->e->ops->now(t->e);
	bool		 had;

	do {
		n = t->e->ops->events(t->e, t->ev_seq, evs, 64);
		for (i = 0; i < n; i++) {
			int	role = R_NORMAL;

			layout_event_line(&evs[i], t->g, line, sizeof line);
			switch (evs[i].type) {
			case EV_BROKER_CRASH:
			case EV_DATA_LOSS:
			case EV_PRODUCE_ERROR:
				role = R_DOWN;
				break;
			case EV_BROKER_FENCED:
			case EV_CONTROLLER_CHANGE:
			case EV_ISR_SHRINK:
			case EV_LEADER_CHANGE:
			case EV_TRUNCATE:
			case EV_LINK_CUT:
				role = R_WARN;
				break;
			case EV_BROKER_UNFENCED:
			case EV_ISR_EXPAND:
			case EV_LINK_HEAL:
				role = R_UP;
				break;
			default:
				break;
			}
			tui_lines_add(&t->events, line, role);
			t->ev_seq = evs[i].seq;
			t->dirty = true;
		}
	} while (n == 64);

	if (!force && t->have_snap && v == t->version &&
	    (now - t->snap.now) < 100)
		return;
	had = t->have_snap;
	old = t->snap;
	t->e->ops->snapshot(t->e, &t->snap);
	t->e->ops->get_settings(t->e, &t->settings);
	t->have_snap = true;
	t->version = v;
	tui_rows_build(t, had);
	if (had)
		snapshot_free(&old);
	if (t->sel_broker > t->snap.n_brokers)
		t->sel_broker = 1;
	t->dirty = true;
}

void
tui_state_init(struct tui *t, struct engine *e, const struct tui_options *opt)
{
	memset(t, 0, sizeof *t);
	t->e = t->e0 = e;
	if (opt != NULL)
		t->opt = *opt;
	t->sim = e->ops->set_paused == NULL;
	t->clock.speed = t->opt.speed > 0 ? t->opt.speed : 1.0;
	t->prod.acks = -1;
	t->sel_broker = 1;
	t->cons.handle = -1;
	t->g = layout_glyphs(false);
	tui_lines_init(&t->events, TUI_EVENTS_MAX);
	tui_lines_init(&t->output, TUI_OUTPUT_MAX);
	tui_lines_init(&t->consumer, TUI_CONSUMER_MAX);
	tui_lines_init(&t->popup.lines, TUI_POPUP_MAX);
	tui_lines_init(&t->pager.lines, TUI_OUTPUT_MAX);
	lineedit_init(&t->le);
	lineedit_init(&t->answer);
	labview_init(&t->lab_pane.text);
	t->con = console_new(e, tui_console_write, t);
	if (t->sim)
		console_set_clock(t->con, &tui_console_clock, t);
	t->now_real = t->clock.last_real = tui_now_ms();
	t->clock.lab_target = (double)e->ops->now(e);
	tui_mode_push(t, &tui_mode_play);
	tui_model_update(t, true);
}

void
tui_state_free(struct tui *t)
{
	size_t	i;

	/* A command still running has the console: wait for it. */
	tui_request_free(t);
	if (t->cons.handle >= 0)
		t->e->ops->client_close(t->e, t->cons.handle);
	if (t->log != NULL) {
		/* The journal ends before the console it observes.  A
		 * signal (the terminal hung up, SIGTERM) did not end the
		 * session: it stays in its state file to resume. */
		if (!tui_interrupted())
			slog_end(t->log);
		if (t->run != NULL)
			labrun_set_observer(t->run, NULL, NULL);
		statefile_close(t->sf, tui_interrupted());
		t->sf = NULL;
		if (t->link != NULL) {
			struct strbuf	msg = STRBUF_INIT;

			/* What the server lacks stays in the student's own
			 * export; the screen is closing, so nothing to say. */
			(void)class_client_finish(t->link, t->log,
			    TUI_CLASS_FINISH_MS, &msg);
			strbuf_free(&msg);
			t->link = NULL;
		}
		slog_free(t->log);
		t->log = NULL;
	}
	console_wait_free(t->wait.pending);
	t->wait.pending = NULL;
	for (i = 0; i < t->wait.n_queue; i++)
		free(t->wait.queue[i]);
	free(t->wait.queue);
	strbuf_free(&t->export.capture);
	labrun_free(t->run);
	t->run = NULL;
	labview_free(&t->lab_pane.text);
	console_free(t->con);
	if (t->e != t->e0)
		t->opt.engine_free(t->e, t->opt.engine_arg);
	if (t->have_snap)
		snapshot_free(&t->snap);
	free(t->cons.off);
	tui_pstate_free(t);
	tui_lines_free(&t->events);
	tui_lines_free(&t->output);
	tui_lines_free(&t->consumer);
	tui_lines_free(&t->popup.lines);
	tui_lines_free(&t->pager.lines);
	lineedit_free(&t->le);
	lineedit_free(&t->answer);
}

