/*
 * tui.c - the live screen: one lab or free play from start to end.
 *
 * DESIGN
 * The screen is struct tui (tui-int.h) on the UI thread, split by
 * concern into:
 *   loop.c      the loop (poll, drain keys, redraw once per turn) and the
 *               lab clock it drives on the simulator;
 *   mode.c      the stack of input modes a key goes through (mode.h);
 *   actions.c   the plain screen's keys (play and replay base modes);
 *   prompt.c    the prompt line (console, producer, name);
 *   answer.c    the quiz's answer line, a mode of its own;
 *   popup.c     help, describe, metrics, summary, the leaving questions;
 *   pager.c     a command's output too wide for its pane, full width;
 *   request.c   a key's command on a thread while the screen draws;
 *   labpane.c   the lab: runner, quiz keys, the lab pane;
 *   traffic.c   the steady producer and the consumer pane;
 *   session.c   the session journal, export, leaving;
 *   resume.c    an interrupted session: the question at start, resuming;
 *   rewind.c    `u`: the lab's current step from its start again;
 *   wait.c      typed waits that run while the screen draws;
 *   playback.c  --replay on the screen;
 *   picker.c    plain `isrlab`: the lab picker around tui_play;
 *   state.c, lines.c, sink.c   the state, its text panes, console output;
 *   term.c      the terminal, its safety and colours;
 *   draw.c      one frame;
 *   dashboard.c the teacher's class dashboard (--class-server), apart
 *               from the lab screen: it borrows term.c and draw.c.
 *
 * Every change to the cluster goes through the console as a command
 * ("kill 1", "produce email.send --acks all"), so keys and typed commands
 * are journaled and checked by labs the same way (console/keys.h).
 * tui_play() builds the state for one lab or free play on a cluster, in
 * this order: the lab's runner, the journal observing it, free play's
 * seed topic, the lab's first step (or, resuming, the recorded session
 * replayed); then the loop until the student leaves.  A threaded cluster
 * may still be starting: the loop then draws its brokers coming up and
 * begins the lab (tui_begin) once they are up, so the first frame does
 * not wait for them.
 */

#include "config.h"

#include <curses.h>
#include <stdio.h>

#include "tui/tui-int.h"

/* The cluster is up: the journal, free play's topic and the lab's first
 * step, or the interrupted session resumed. */
void
tui_begin(struct tui *t)
{
	t->starting = false;
	if (t->opt.resume == NULL || tui_resume(t) != 0) {
		tui_journal_begin(t);
		if (t->opt.seed_topic && t->opt.lab == NULL)
			tui_seed_topic(t);
		tui_lab_start(t);
	}
	t->now_real = t->clock.last_real = tui_now_ms();
	t->clock.lab_target = (double)t->e->ops->now(t->e);
	t->dirty = true;
}

/* One lab or free play on e, curses already on; how it ended. */
enum tui_end
tui_play(struct engine *e, const struct tui_options *opt, bool *finished,
    char *said, size_t len)
{
	struct tui	t;

	tui_state_init(&t, e, opt);
	t.curses_on = true;
	tui_curses_setup(&t);
	tui_lab_new(&t);
	t.starting = e->ops->starting != NULL && e->ops->starting(e);
	if (!t.starting)
		tui_begin(&t);
	clearok(stdscr, TRUE);

	tui_loop(&t);

	*finished = t.run != NULL && t.run->finished;
	snprintf(said, len, "%s", t.export.said);
	tui_state_free(&t);
	return tui_interrupted() ? TUI_END_QUIT : t.end;
}

int
tui_run(struct engine *e, const struct tui_options *opt)
{
	struct tui_options	o = *opt;
	bool			finished;
	char			said[2048];

	o.picker = false;
	if (tui_term_begin(&o) != 0)
		return 1;
	tui_play(e, &o, &finished, said, sizeof said);
	tui_term_end();
	/* The screen is gone: say again where the session went. */
	if (said[0] != '\0')
		printf("isrlab: %s\n", said);
	return 0;
}

