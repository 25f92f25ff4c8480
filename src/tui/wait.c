/*
 * wait.c - `wait` and `wait-until` typed at the console.
 *
 * DESIGN
 * In a script a wait runs the clock until its time or condition.  On
 * the screen that would freeze the drawing, so the console hands a typed
 * wait to us (console_set_waiter) and returns; each loop turn asks
 * whether it is over (console_wait_over), the clock running as usual.
 * Lines typed meanwhile queue and run in order once it is; Esc with the
 * prompt closed cancels the wait and drops the queue.  In a replay a
 * recorded wait is simply the time up to the next action, so the waiter
 * drops it.
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"

/* "3s", "1.5s", "250ms". */
static void
tui_ms_text(int64_t ms, char *buf, size_t len)
{
	if (ms % 1000 == 0)
		snprintf(buf, len, "%" PRId64 "s", ms / 1000);
	else if (ms < 1000)
		snprintf(buf, len, "%" PRId64 "ms", ms);
	else
		snprintf(buf, len, "%.3gs", (double)ms / 1000.0);
}

/* The pending wait's end, asked of the console on the current snapshot
 * (what it prints goes to the output pane): when it is over, it is freed
 * and the status says so.  Whether it was over. */
static bool
tui_wait_end_if_over(struct tui *t)
{
	enum tui_sink	old = t->sink;
	bool		over;

	t->sink = S_OUTPUT;
	over = console_wait_over(t->con, t->wait.pending, &t->snap);
	tui_lines_flush(&t->output);
	t->sink = old;
	if (over) {
		console_wait_free(t->wait.pending);
		t->wait.pending = NULL;
		tui_status(t, R_NORMAL, "%s", _("wait over"));
	}
	return over;
}

/* console_waiter_fn: a typed wait runs while the screen draws; in a
 * replay the next action's lab time is the wait. */
void
tui_waiter(void *arg, struct console_wait *w)
{
	struct tui	*t = arg;
	char		 d[32];

	if (t->replay.rp != NULL) {
		console_wait_free(w);
		return;
	}
	console_wait_free(t->wait.pending);
	t->wait.pending = w;
	tui_ms_text(w->until_ms - w->start_ms, d, sizeof d);
	tui_status(t, R_NORMAL, w->cond != NULL ? _("waiting up to %s%s "
	    "(lines typed meanwhile wait for it; Esc with the prompt closed "
	    "cancels)") : _("waiting %s%s (lines typed meanwhile wait for it; "
	    "Esc with the prompt closed cancels)"), d,
	    t->unicode ? "…" : "...");
	t->status.until = 0;
	tui_lines_add(&t->output, t->status.text, R_DIM);
	/* A wait-until whose condition holds already is over at once, as
	 * in a script: the lines typed after it run as they come instead
	 * of queueing for the next loop turn.  Queued, they ran after a
	 * frame had shown the screen with the keys typed after them (the
	 * help opened, the step not yet ticked), and their output arrived
	 * under whatever those keys had opened. */
	if (w->cond != NULL && t->have_snap && !tui_request_running(t))
		tui_wait_end_if_over(t);
}

/* A line typed at the console (or queued behind a wait): through the
 * request (request.c), so a client request does not stop the screen. */
int
tui_exec_typed(struct tui *t, const char *line)
{
	return tui_request_line(t, line);
}

void
tui_wait_cancel(struct tui *t)
{
	size_t	i;

	console_wait_free(t->wait.pending);
	t->wait.pending = NULL;
	for (i = 0; i < t->wait.n_queue; i++)
		free(t->wait.queue[i]);
	t->wait.n_queue = 0;
	tui_lines_add(&t->output, _("(wait cancelled)"), R_DIM);
	tui_status(t, R_WARN, "%s", _("wait cancelled"));
}

/* Each loop turn: end the wait once its lab time passed (or its
 * condition held), then run the lines queued behind it. */
void
tui_wait_tick(struct tui *t)
{
	char		 echo[LINEEDIT_MAX + 3], *line;

	while ((t->wait.pending != NULL || t->wait.n_queue > 0) &&
	    !tui_request_running(t)) {
		if (t->wait.pending != NULL &&
		    (!t->have_snap || !tui_wait_end_if_over(t)))
			return;
		if (t->wait.n_queue == 0)
			return;
		line = t->wait.queue[0];
		memmove(t->wait.queue, t->wait.queue + 1, --t->wait.n_queue *
		    sizeof t->wait.queue[0]);
		tui_lines_add(&t->output, "", R_NORMAL);
		snprintf(echo, sizeof echo, "$ %s", line);
		tui_lines_add(&t->output, echo, R_FOCUS);
		tui_exec_typed(t, line);
		free(line);
	}
}
