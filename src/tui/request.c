/*
 * request.c - a key's command (p, x, L, ...), a line typed at the
 * console or the console producer's `>` prompt, or the steady
 * producer's batch runs on a thread of its own
 * while the screen keeps drawing; a mode (mode.h) holds the keys pressed
 * meanwhile.
 *
 * DESIGN
 * A produce with acks=all waits for every ISR member: with a follower cut
 * off, that is until the follower leaves the ISR, seconds of lab time.
 * Run on the UI thread, the engine's client_run froze the screen for all
 * that time (issue 12).  On the threaded engine the command now runs on a
 * worker, the console's thread for its duration (runtime.h: the read-only
 * engine calls, which the screen makes, may come from another thread
 * meanwhile).  While it runs the UI thread leaves the console, the lab
 * runner and the journal alone (loop.c skips their turns): it re-reads
 * snapshots, moves the clock, draws, and queues keys in the request mode.
 * The command's output is kept aside (S_REQUEST) and, once it is done,
 * goes where it belongs as if the command had just run, followed by the
 * queued keys in order.  A typed line closes the prompt when it goes on
 * running (its `wait`, if it was one, is handed to wait.c then, and a
 * console producer it started opens the producer's prompt).  Most commands are done within a few ms: the UI
 * thread waits a little for them first, so those look exactly as before.
 * The simulator's client_run only computes virtual time, which does not
 * freeze anything, and a replay must stay in step: both run on the UI
 * thread as before.
 */

#include "config.h"

#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/mode.h"
#include "tui/tui-int.h"
#include "util/xmalloc.h"

/* How long the UI thread waits before it leaves a command to run on. */
#define TUI_REQUEST_GRACE_MS 60

static bool request_key(struct tui *, wint_t, bool);
static void request_draw_line(struct tui *, int);

static const struct tui_mode request_mode = {
	.key = request_key, .draw_line = request_draw_line,
};

/* console_waiter_fn of a typed line: the wait is handed to the screen
 * (tui_waiter) once the line is done, on the UI thread. */
static void
request_waiter(void *arg, struct console_wait *w)
{
	struct tui	*t = arg;

	console_wait_free(t->req.wait);
	t->req.wait = w;
}

/* The command through the console. */
static int
request_run(struct tui *t)
{
	struct tui_request	*r = &t->req;
	int			 rc;

	switch (r->kind) {
	case TUI_REQ_KEY:
		return keys_press(t->con, r->key, &r->sel, r->err,
		    sizeof r->err);
	case TUI_REQ_LINE:
		console_set_waiter(t->con, request_waiter, t);
		rc = console_exec(t->con, r->line, r->err, sizeof r->err);
		console_set_waiter(t->con, NULL, NULL);
		return rc;
	case TUI_REQ_FEED:
		return console_feed_producer_line(t->con, r->line, r->err,
		    sizeof r->err);
	case TUI_REQ_PRODUCER:
		break;
	}
	return console_exec(t->con, r->line, r->err, sizeof r->err);
}

/* Where the command's output belongs. */
static enum tui_sink
request_sink(const struct tui_request *r)
{
	switch (r->kind) {
	case TUI_REQ_KEY:	return S_STATUS;
	case TUI_REQ_LINE:
	case TUI_REQ_FEED:	return S_OUTPUT;
	case TUI_REQ_PRODUCER:	break;
	}
	return S_PRODUCER;
}

/* The worker: the command, then done under the lock. */
static void *
request_main(void *arg)
{
	struct tui		*t = arg;
	struct tui_request	*r = &t->req;
	int			 rc;

	rc = request_run(t);
	pthread_mutex_lock(&r->mu);
	r->rc = rc;
	r->done = true;
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* The command's output where it belongs, the screen brought up to date
 * and the continuation of what started it.  UI thread. */
static void
request_deliver(struct tui *t)
{
	struct tui_request	*r = &t->req;
	size_t			 i;

	t->sink = request_sink(r);
	for (i = 0; i < r->n_out; i++) {
		tui_console_write(t, r->out[i].fd, r->out[i].s, r->out[i].n);
		free(r->out[i].s);
	}
	r->n_out = 0;
	tui_lines_flush(&t->output);
	t->sink = S_OUTPUT;
	if (r->rc < 0 && (r->kind == TUI_REQ_LINE || r->kind == TUI_REQ_FEED))
		tui_lines_add(&t->output, r->err, R_DOWN);
	if (r->rc < 0 && (r->kind == TUI_REQ_KEY || r->kind == TUI_REQ_LINE))
		tui_status(t, R_DOWN, "%s", r->err);
	if (r->rc == 0 && r->kind == TUI_REQ_PRODUCER)
		t->prod.sent += r->count;
	t->activity = true;
	tui_model_update(t, true);
	if (r->kind != TUI_REQ_LINE)
		return;
	if (r->wait != NULL) {
		tui_waiter(t, r->wait);
		r->wait = NULL;
	}
	/* A table too wide for the pane opens in the pager. */
	tui_pager_offer(t, r->line, (size_t)(t->output.added - r->added));
	/* The prompt closed when the line went on running; a console
	 * producer it started opens the producer's. */
	if (r->detached && console_producer_pending(t->con))
		tui_prompt_producer(t);
}

/* Join a finished worker and deliver; then the keys that waited, which
 * may start the next request (the rest then wait for that one). */
static void
request_finish(struct tui *t)
{
	struct tui_request	*r = &t->req;
	struct tui_queued_key	 q[TUI_REQUEST_KEYS];
	size_t			 n, i;

	pthread_join(r->th, NULL);
	r->running = false;
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	tui_mode_pop(t, &request_mode);
	request_deliver(t);
	n = r->n_keys;
	memcpy(q, r->keys, n * sizeof q[0]);
	r->n_keys = 0;
	for (i = 0; i < n; i++) {
		if (r->running)
			r->keys[r->n_keys++] = q[i];
		else
			tui_key(t, q[i].wc, q[i].is_key);
	}
}

/* Start the request set up in t->req; wait a little, and leave it
 * running with its mode pushed when it is not done by then. */
static void
request_start(struct tui *t)
{
	struct tui_request	*r = &t->req;
	struct timespec		 ts;
	bool			 done;

	r->added = t->output.added;
	r->detached = false;
	if (t->sim || t->replay.rp != NULL) {
		/* On the UI thread, as before: the simulator computes its
		 * virtual time, and a replay stays in step. */
		t->sink = request_sink(r);
		r->rc = request_run(t);
		t->sink = S_OUTPUT;
		request_deliver(t);
		return;
	}
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	r->done = false;
	r->n_out = 0;
	r->started = tui_now_ms();
	t->sink = S_REQUEST;
	if (pthread_create(&r->th, NULL, request_main, t) != 0)
		fatal("tui: cannot start a thread for a request");
	r->running = true;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += TUI_REQUEST_GRACE_MS * 1000000L;
	ts.tv_sec += ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&r->mu);
	while (!r->done)
		if (pthread_cond_timedwait(&r->cv, &r->mu, &ts) == ETIMEDOUT)
			break;
	done = r->done;
	pthread_mutex_unlock(&r->mu);
	if (done)
		request_finish(t);
	else {
		r->detached = true;
		tui_mode_push(t, &request_mode);
	}
}

/* A request of kind with line (a key's name, a typed line, a batch). */
static void
request_begin(struct tui *t, enum tui_req_kind kind, const char *line)
{
	t->req.kind = kind;
	snprintf(t->req.line, sizeof t->req.line, "%s", line);
	request_start(t);
}

void
tui_request_key(struct tui *t, const char *key, const struct keys_sel *sel)
{
	snprintf(t->req.key, sizeof t->req.key, "%s", key);
	t->req.sel = *sel;
	request_begin(t, TUI_REQ_KEY, key);
}

void
tui_request_feed(struct tui *t, const char *line)
{
	request_begin(t, TUI_REQ_FEED, line);
}

int
tui_request_line(struct tui *t, const char *line)
{
	request_begin(t, TUI_REQ_LINE, line);
	return t->req.running ? 1 : t->req.rc;
}

void
tui_request_producer(struct tui *t, const char *line, int64_t count)
{
	t->req.count = count;
	request_begin(t, TUI_REQ_PRODUCER, line);
}

bool
tui_request_running(const struct tui *t)
{
	return t->req.running;
}

void
tui_request_tick(struct tui *t, bool wait)
{
	struct tui_request	*r = &t->req;
	bool			 done;

	if (!r->running)
		return;
	pthread_mutex_lock(&r->mu);
	while (wait && !r->done)
		pthread_cond_wait(&r->cv, &r->mu);
	done = r->done;
	pthread_mutex_unlock(&r->mu);
	if (done)
		request_finish(t);
	else
		t->dirty = true;	/* the status line counts the time */
}

/* S_REQUEST: the worker's output, kept aside in order.  Worker thread;
 * the UI thread reads it only once the worker is done. */
void
tui_request_write(struct tui *t, int fd, const char *s, size_t n)
{
	struct tui_request	*r = &t->req;

	if (r->n_out == r->cap_out) {
		r->cap_out = r->cap_out == 0 ? 16 : r->cap_out * 2;
		r->out = xreallocarray(r->out, r->cap_out, sizeof r->out[0]);
	}
	r->out[r->n_out].fd = fd;
	r->out[r->n_out].s = xmalloc(n + 1);
	memcpy(r->out[r->n_out].s, s, n);
	r->out[r->n_out].n = n;
	r->n_out++;
}

void
tui_request_free(struct tui *t)
{
	t->req.n_keys = 0;	/* the screen is closing: keys are moot */
	tui_request_tick(t, true);
	free(t->req.out);
	t->req.out = NULL;
	t->req.cap_out = 0;
}

/* Every key waits for the command (a key's meaning may depend on what it
 * changes); a resize and a click are the screen's and still act. */
static bool
request_key(struct tui *t, wint_t wc, bool is_key)
{
	struct tui_request	*r = &t->req;

	if (r->n_keys < TUI_REQUEST_KEYS) {
		r->keys[r->n_keys].wc = wc;
		r->keys[r->n_keys].is_key = is_key;
		r->n_keys++;
	}
	t->dirty = true;
	return true;
}

static void
request_draw_line(struct tui *t, int y)
{
	struct tui_request	*r = &t->req;
	char			 buf[320];
	double			 s = (t->now_real - r->started) / 1000.0;

	if (r->kind == TUI_REQ_KEY)
		/* TRANSLATORS: %s is a key (p), %.1f seconds. */
		snprintf(buf, sizeof buf, _("Key %s: waiting for the "
		    "cluster's answer (%.1f s). Keys pressed meanwhile run "
		    "after it."), r->key, s);
	else if (r->kind == TUI_REQ_LINE || r->kind == TUI_REQ_FEED)
		/* TRANSLATORS: %.1f seconds. */
		snprintf(buf, sizeof buf, _("The command waits for the "
		    "cluster's answer (%.1f s). Keys pressed meanwhile run "
		    "after it."), s);
	else
		snprintf(buf, sizeof buf, _("The steady producer waits for "
		    "the cluster's answer (%.1f s). Keys pressed meanwhile "
		    "run after it."), s);
	draw_fill(t, y, 0, t->w, A_NORMAL);
	draw_text(t, y, 1, t->w - 2, buf, tui_attr(t, R_WARN));
}
