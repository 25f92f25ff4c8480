/*
 * rewind.c - `u`: the lab's current step from its start again.
 *
 * DESIGN
 * The cluster cannot run backwards, so a rewind builds a fresh one like
 * the session's (opt.engine_new) and replays on a new console the
 * journal's inputs up to the moment the current step began, its setup
 * included (journal/rewind.h: exact on the simulator; the threaded
 * runtime is fast-forwarded at top speed).  Then the screen, the journal
 * (slog_set_engine, export_attach) and the lab runner (labrun_rewound,
 * which journals the `rewind` record) move onto them; the old console
 * goes, and the old cluster too unless it is the one tui_play was given,
 * which its caller ends (it is paused until then).  The steady producer
 * stops and the consumer pane closes, as the student's own actions since
 * the step began are undone.
 */

#include "config.h"

#include <poll.h>
#include <stdio.h>

#include "journal/export.h"
#include "journal/rewind.h"
#include "journal/statefile.h"
#include "tui/tui-int.h"

/* Output of the replayed lines: already shown once, not again. */
static void
tui_rewind_quiet(void *arg, int fd, const char *s, size_t n)
{
	(void)arg;
	(void)fd;
	(void)s;
	(void)n;
}

/* End e unless it is the cluster tui_play was given. */
static void
tui_rewind_drop(struct tui *t, struct engine *e)
{
	if (e != t->e0)
		t->opt.engine_free(e, t->opt.engine_arg);
	else if (!t->sim)
		e->ops->set_paused(e, true);
}

void
tui_lab_rewind(struct tui *t)
{
	struct engine	*old_e = t->e, *e;
	struct console	*old_c = t->con, *c;
	struct slog	*full;
	struct event	 ev[64];
	size_t		 n;
	int64_t		 from, to;
	bool		 paused = false;
	double		 speed = 1.0;
	char		 err[512], line[160];

	if (t->run->finished || t->run->front >= t->lab->n_steps) {
		tui_status(t, R_NORMAL, "%s", _("The lab is finished: there "
		    "is no step to rewind."));
		return;
	}
	if (t->opt.engine_new == NULL || t->log == NULL) {
		tui_status(t, R_WARN, "%s", _("Rewinding is not available "
		    "here."));
		return;
	}
	if ((full = statefile_full(t->log, err, sizeof err)) == NULL) {
		tui_status(t, R_DOWN, _("rewind: %s"), err);
		return;
	}
	/* The session's own seed, as its journal has it (resumed too). */
	if ((e = t->opt.engine_new(t->lab, t->log->meta.seed,
	    t->opt.engine_arg)) == NULL) {
		if (full != t->log)
			slog_free(full);
		tui_status(t, R_DOWN, "%s", _("rewind: no new cluster could "
		    "be built"));
		return;
	}
	if (t->wait.pending != NULL || t->wait.n_queue > 0)
		tui_wait_cancel(t);
	t->prod.on = false;
	if (t->cons.handle >= 0) {
		old_e->ops->client_close(old_e, t->cons.handle);
		t->cons.handle = -1;
		t->cons.on = false;
	}
	slog_poll(t->log);	/* the old cluster's last events */
	from = old_e->ops->now(old_e);

	c = console_new(e, tui_rewind_quiet, NULL);
	if (!t->sim) {
		old_e->ops->get_clock(old_e, &paused, &speed);
		e->ops->set_speed(e, 50);
	}
	/* The replay's first line ran once the session's brokers were up. */
	while (e->ops->starting != NULL && e->ops->starting(e))
		poll(NULL, 0, 1);
	to = rewind_replay(full, (int)t->run->front, c, err, sizeof err);
	if (full != t->log)
		slog_free(full);
	if (to < 0) {
		console_free(c);
		tui_rewind_drop(t, e);
		tui_status(t, R_DOWN, _("rewind: %s"), err);
		return;
	}
	if (!t->sim) {
		e->ops->set_speed(e, speed);
		e->ops->set_paused(e, paused);
	}
	c->write = tui_console_write;
	c->write_arg = t;
	if (t->sim)
		console_set_clock(c, &tui_console_clock, t);

	/* Everything moves onto the new cluster. */
	t->e = e;
	t->con = c;
	slog_set_engine(t->log, e);
	export_attach(t->log, c, t->run);
	labrun_rewound(t->run, c, from);
	console_free(old_c);
	tui_rewind_drop(t, old_e);

	/* The screen: the replayed events were shown once already. */
	t->ev_seq = 0;
	while ((n = e->ops->events(e, t->ev_seq, ev, 64)) > 0) {
		t->ev_seq = ev[n - 1].seq;
		if (n < 64)
			break;
	}
	snprintf(line, sizeof line, _("-- rewound: step %zu from its start "
	    "(t=%.1fs) --"), t->run->front + 1, (double)to / 1000.0);
	tui_lines_add(&t->events, line, R_WARN);
	tui_lines_add(&t->output, line, R_WARN);
	t->clock.lab_target = (double)to;
	t->activity = true;
	t->lab_pane.text_w = 0;
	tui_model_update(t, true);
	tui_status(t, R_UP, _("Rewound step %zu to its start (t=%.1fs)."),
	    t->run->front + 1, (double)to / 1000.0);
}
