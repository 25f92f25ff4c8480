/*
 * state.c - struct tui without curses: made, fed, freed.
 *
 * DESIGN
 * The screen is a function of struct tui.  tui_model_update() feeds it
 * once per loop turn: the engine's new events become lines of the events
 * pane, and when the engine's version moved (or the lab clock did, every
 * 100 ms) a fresh snapshot is taken and turned into table rows once, with
 * the time each partition's leader, ISR or HW last changed so the table
 * can flash it.  Nothing here draws; draw_frame() reads what is here.
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
	size_t	i;

	for (i = 0; i < t->n_ps; i++)
		free(t->ps[i].topic);
	free(t->ps);
	t->ps = NULL;
	t->n_ps = 0;
}

/* Rebuild rows and flash state from t->snap. */
static void
tui_rows_build(struct tui *t, bool had_old)
{
	const struct snapshot	*s = &t->snap;
	struct tui_pstate	*old = t->ps, *ps, *o;
	size_t			 n_old = t->n_ps, i, j;

	if (s->n_parts > t->cap_rows) {
		t->cap_rows = s->n_parts;
		t->rows = xreallocarray(t->rows, t->cap_rows,
		    sizeof t->rows[0]);
	}
	for (i = 0; i < s->n_parts; i++)
		layout_partition_row(s, &s->parts[i],
		    t->settings.replica_lag_time_max_ms, t->g, &t->rows[i]);
	layout_columns(t->rows, s->n_parts, &t->cols);

	ps = xcalloc(s->n_parts + 1, sizeof *ps);
	for (i = 0; i < s->n_parts; i++) {
		const struct layout_prow	*r = &t->rows[i];

		ps[i].topic = xstrdup(s->parts[i].topic);
		ps[i].partition = s->parts[i].partition;
		ps[i].leader = r->leader_id;
		snprintf(ps[i].isr, sizeof ps[i].isr, "%s", r->isr);
		ps[i].hw = s->parts[i].hw;
		o = NULL;
		if (i < n_old && old[i].partition == ps[i].partition &&
		    strcmp(old[i].topic, ps[i].topic) == 0)
			o = &old[i];
		for (j = 0; o == NULL && j < n_old; j++)
			if (old[j].partition == ps[i].partition &&
			    strcmp(old[j].topic, ps[i].topic) == 0)
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
		if (strcmp(o->isr, ps[i].isr) != 0)
			ps[i].t_isr = t->now_real;
		if (o->hw != ps[i].hw)
			ps[i].t_hw = t->now_real;
	}
	tui_pstate_free(t);
	t->ps = ps;
	t->n_ps = s->n_parts;
}

void
tui_model_update(struct tui *t, bool force)
{
	struct event	 evs[64];
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
	if (t->have_snap)
		snapshot_free(&t->snap);
	t->e->ops->snapshot(t->e, &t->snap);
	t->e->ops->get_settings(t->e, &t->settings);
	t->have_snap = true;
	t->version = v;
	tui_rows_build(t, had);
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
	free(t->rows);
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

