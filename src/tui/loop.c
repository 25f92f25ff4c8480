/*
 * loop.c - the screen's loop and the lab clock it drives.
 *
 * DESIGN
 * One loop on the UI thread (tmux's discipline): wait on stdin with
 * poll() for at most ~33 ms while anything moves (the clock runs, a
 * change is flashing), drain every key with get_wch() until ERR, let
 * the engine and the clients catch up, and redraw only when something
 * marked the state dirty, at most 30 times a second.  When idle (paused,
 * nothing flashing) it sleeps until a key arrives.  Each turn polls, in
 * order: the clock, a replay's next actions, the model, the steady
 * producer and the consumer pane, the lab runner, a typed wait, the
 * journal; then the timers of the flashes and the status line.  A key
 * first meets the screen itself (a resize, a mouse click, a terminal too
 * small), then the stack of input modes (mode.h).
 *
 * The simulator has no lab clock (set_paused == NULL): the screen then
 * advances it by real elapsed time × speed each turn (a stall counts
 * as TUI_STALL_MS at most) and owns pause and
 * speed, which the console's pause/resume/speed reach through
 * console_set_clock.  A command that itself moved virtual time (a
 * produce waits for its acks) is absorbed: the screen only advances to
 * the time it owes.  On the realtime engine it asks the engine's clock.
 */

#include "config.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include "journal/replay.h"
#include "journal/statefile.h"
#include "tui/mode.h"
#include "tui/tui-int.h"

#define TUI_FRAME_MS (1000.0 / 30)
#define TUI_TICK_MS 33
#define TUI_STALL_MS (4 * TUI_TICK_MS)	/* real time one turn may count */
#define TUI_STARTING_POLL_MS 5		/* a look at brokers coming up */

double
tui_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* ---- The clock ---------------------------------------------------------- */

void
tui_clock(struct tui *t, bool *paused, double *speed)
{
	if (t->sim || t->e->ops->get_clock == NULL) {
		*paused = t->clock.paused;
		*speed = t->clock.speed;
	} else
		t->e->ops->get_clock(t->e, paused, speed);
}

void
tui_set_paused(struct tui *t, bool paused)
{
	if (t->sim || t->e->ops->set_paused == NULL) {
		t->clock.paused = paused;
		t->clock.last_real = tui_now_ms();
	} else
		t->e->ops->set_paused(t->e, paused);
	t->dirty = true;
}

void
tui_set_speed(struct tui *t, double speed)
{
	if (t->sim || t->e->ops->set_speed == NULL)
		t->clock.speed = speed;
	else
		t->e->ops->set_speed(t->e, speed);
	t->dirty = true;
}

/* The console's pause/resume/speed on the simulator: our own clock, the
 * one Space and +/- steer (console_set_clock). */
static void
tui_clock_paused(void *arg, bool paused)
{
	tui_set_paused(arg, paused);
}

static void
tui_clock_speed(void *arg, double speed)
{
	tui_set_speed(arg, speed);
}

const struct console_clock tui_console_clock = {
	.set_paused = tui_clock_paused,
	.set_speed = tui_clock_speed,
};
/* Advance the simulator by the lab time real time owes it. */
static void
tui_drive_sim(struct tui *t)
{
	double	real = t->now_real, dt = real - t->clock.last_real;
	int64_t	now;

	t->clock.last_real = real;
	if (!t->sim)
		return;
	now = t->e->ops->now(t->e);
	if (t->clock.paused) {
		t->clock.lab_target = (double)now;
		return;
	}
	/* After a stall (a loaded machine, a suspended terminal) the clock
	 * slows instead of racing: one turn moves lab time by at most a few
	 * turns' worth, so the lab runner and a typed wait, which look
	 * between turns, see the states a longer jump would skip (at 20x a
	 * second's stall would be 20 lab seconds in one step). */
	if (dt > TUI_STALL_MS)
		dt = TUI_STALL_MS;
	t->clock.lab_target += dt * t->clock.speed;
	if (t->replay.rp != NULL && !t->replay.done) {
		/* A replay stops the clock at its next action's lab time,
		 * so each runs exactly when it ran (tui_replay_tick). */
		const struct replay		*rp = t->replay.rp;
		const struct replay_action	*a = rp->next < rp->n ?
						    &rp->v[rp->next] : NULL;
		double				 cap = (double)(a != NULL ?
						    a->t_ms : rp->end_ms);

		if (t->clock.lab_target > cap)
			t->clock.lab_target = cap > (double)now ? cap :
			    (double)now;
	}
	if (t->clock.lab_target < (double)now)
		return;		/* a command moved time ahead: wait */
	if ((int64_t)t->clock.lab_target > now)
		t->e->ops->advance(t->e, (int64_t)t->clock.lab_target - now);
}

static bool
tui_flashing(const struct tui *t, double *next_change)
{
	size_t	i;
	bool	any = false;
	double	ts[3];
	int	k;

	*next_change = 0;
	for (i = 0; i < t->n_ps; i++) {
		ts[0] = t->ps[i].t_leader;
		ts[1] = t->ps[i].t_isr;
		ts[2] = t->ps[i].t_hw;
		for (k = 0; k < 3; k++)
			if (ts[k] > 0 && t->now_real - ts[k] < TUI_FLASH_MS) {
				any = true;
				if (*next_change == 0 || ts[k] + TUI_FLASH_MS <
				    *next_change)
					*next_change = ts[k] + TUI_FLASH_MS;
			}
	}
	return any;
}

/* ---- Keys from the terminal ------------------------------------------- */

/* A click on a broker or a partition row selects it. */
static void
tui_mouse(struct tui *t)
{
	MEVENT	ev;
	int	b;

	if (getmouse(&ev) != OK)
		return;
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED |
	    BUTTON1_RELEASED)))
		return;
	for (b = 1; b <= t->snap.n_brokers; b++)
		if (ev.y == t->click.broker_y[b] &&
		    ev.x >= t->click.broker_x0[b] &&
		    ev.x <= t->click.broker_x1[b]) {
			t->sel_broker = b;
			t->dirty = true;
			return;
		}
	if (ev.y >= t->click.rows_y0 && ev.y < t->click.rows_y0 +
	    t->click.rows_n && t->part_top + (size_t)(ev.y -
	    t->click.rows_y0) < t->snap.n_parts) {
		t->sel_part = t->part_top + (size_t)(ev.y - t->click.rows_y0);
		t->focus = F_TABLE;
		t->dirty = true;
	}
}

/* One key from the terminal.  It first meets the screen itself: a
 * resize re-measures, a mouse click selects, and a terminal too small
 * takes only q and Ctrl-C (which ask, as q does, before unexported work
 * is lost) and the answer to that question.  Then the modes have it, top
 * first (mode.h): Ctrl-C closes a prompt, and on the plain screen asks
 * the quit question. */
void
tui_key(struct tui *t, wint_t wc, bool is_key)
{
	if (is_key && wc == KEY_RESIZE) {
		getmaxyx(stdscr, t->h, t->w);
		t->dirty = true;
		return;
	}
	if (is_key && wc == KEY_MOUSE) {
		tui_mouse(t);
		return;
	}
	if (t->w < TUI_MIN_W || t->h < TUI_MIN_H) {
		if (tui_popup_asking(t))
			tui_mode_key(t, wc, is_key);
		else if (!is_key && (wc == 'q' || wc == 3))
			act_quit(t, 'q');
		t->dirty = true;
		return;
	}
	tui_mode_key(t, wc, is_key);
}

/* ---- The loop ----------------------------------------------------------- */

void
tui_loop(struct tui *t)
{
	struct pollfd	pfd;
	double		last_draw = 0, flash_end = 0;
	bool		was_flashing = false, paused, flashing;
	double		speed;
	wint_t		wc;
	int		r, timeout;
	int64_t		tenths;

	t->dirty = true;
	while (!t->quit) {
		t->now_real = tui_now_ms();
		/* While the brokers come up on screen, keys wait in the
		 * terminal for the lab, which begins once they are. */
		if (t->starting && !t->e->ops->starting(t->e))
			tui_begin(t);
		if (!t->starting)
			tui_request_tick(t, false);
		if (t->starting || tui_request_running(t)) {
			/* The console, the lab and the journal are the
			 * request's until it is done (request.c), and no
			 * one's before the lab begins. */
			tui_model_update(t, false);
		} else {
			tui_drive_sim(t);
			tui_replay_tick(t);
			tui_model_update(t, false);
			tui_producer_tick(t);
			tui_consumer_tick(t);
			tui_lab_poll(t);
			tui_wait_tick(t);
			if (t->log != NULL)
				slog_poll(t->log);
			statefile_tick(t->sf);
			tui_class_tick(t);
		}
		if (t->lab_pane.flash_until > 0 &&
		    t->now_real > t->lab_pane.flash_until) {
			t->lab_pane.flash_until = 0;
			t->lab_pane.flash[0] = '\0';
			t->dirty = true;
		}
		if (t->lab_pane.note_until > 0 &&
		    t->now_real > t->lab_pane.note_until) {
			t->lab_pane.note_until = 0;
			t->lab_pane.note[0] = '\0';
			t->dirty = true;
		}

		tenths = t->snap.now / 100;
		if (tenths != t->clock.shown_tenths) {
			t->clock.shown_tenths = tenths;
			t->dirty = true;
		}
		flashing = tui_flashing(t, &flash_end);
		if (flashing != was_flashing || (flashing && flash_end > 0 &&
		    t->now_real >= flash_end - 1))
			t->dirty = true;
		was_flashing = flashing;
		if (t->status.until > 0 && t->now_real > t->status.until) {
			t->status.text[0] = '\0';
			t->status.until = 0;
			t->dirty = true;
		}

		if (t->dirty && t->now_real - last_draw >= TUI_FRAME_MS) {
			draw_frame(t);
			refresh();
			last_draw = t->now_real;
			t->dirty = false;
		}

		if (t->starting) {
			/* A resize too waits in the terminal: KEY_RESIZE is
			 * read with the keys. */
			poll(NULL, 0, TUI_STARTING_POLL_MS);
			if (tui_interrupted())
				break;
			continue;
		}
		tui_clock(t, &paused, &speed);
		if (t->dirty || !paused || flashing || t->prod.on ||
		    t->wait.pending != NULL || tui_request_running(t))
			timeout = TUI_TICK_MS;
		else if (t->lab_pane.flash_until > 0 ||
		    t->lab_pane.note_until > 0)
			timeout = 250;
		else if (t->status.until > 0)
			timeout = 250;
		else
			timeout = t->sim ? -1 : 250;
		pfd.fd = STDIN_FILENO;
		pfd.events = POLLIN;
		pfd.revents = 0;
		r = poll(&pfd, 1, timeout);
		if (r < 0 && errno != EINTR)
			break;
		if (tui_interrupted())
			break;
		t->now_real = tui_now_ms();
		/* Drain every key (KEY_RESIZE arrives here after SIGWINCH). */
		while ((r = get_wch(&wc)) != ERR && !t->quit)
			tui_key(t, wc, r == KEY_CODE_YES);
	}
}
