/*
 * tui.c - the TUI's loop, keys, console prompt, producer and consumer.
 *
 * DESIGN
 * One loop on the UI thread (tmux's discipline): wait on stdin with
 * poll() for at most ~33 ms while anything moves (the clock runs, a
 * change is flashing), drain every key with wget_wch() until ERR, let
 * the engine and the clients catch up, and redraw only when something
 * marked the state dirty, at most 30 times a second.  When idle (paused,
 * nothing flashing) it sleeps until a key arrives.
 *
 * Keys go through one table (tui_keys) to actions that return whether
 * the screen must be redrawn (htop's Action.c).  Every change to the
 * cluster goes through the console as a command ("kill 1", "produce
 * email.send --acks all"), so keys and typed commands are journaled and
 * checked by labs the same way; console output comes back through the
 * console's write callback into whichever sink is active (the console
 * pane, the status line, the producer's counter or a popup).
 *
 * The simulator has no lab clock (set_paused == NULL): the TUI then
 * advances it by real elapsed time × speed each turn and owns pause and
 * speed.  A command that itself moved virtual time (a produce waits for
 * its acks) is absorbed: the TUI only advances to the time it owes.
 *
 * A lab (opt.lab) runs through a labrun (lab/labrun.h) polled once per
 * loop turn on the latest snapshot: expectations tick in the lab pane, a
 * step that holds completes with a flash and the next one is entered (its
 * setup runs through the same console).  n/b/t are the lab's keys; while
 * a quiz waits, its choice letters answer it (they win over a, b, c, d)
 * and Enter opens an answer line.  The finish summary is a popup.
 * tui_session() wraps all this in the lab picker: one curses screen for
 * the whole session, a fresh engine per lab.
 *
 * Each tui_play keeps a session journal (journal/slog.h) attached to its
 * console and runner before anything runs, polled every turn; `e` runs
 * `export` through the console after asking the student's name once, and
 * q with unexported activity asks first.  A `wait`/`wait-until` typed at
 * the console is handed to us (console_set_waiter) and ends in a later
 * turn, so the screen keeps drawing; lines typed meanwhile queue.
 * tui_replay drives the same loop over a replay (journal/replay.h): the
 * simulator's clock stops at the next action's lab time, the action runs
 * and the clock goes on, at the screen's speed.
 *
 * Terminal safety: SIGINT/SIGTERM/SIGHUP set a flag the loop reads;
 * fatal() ends curses through its hook; SIGSEGV/SIGBUS/SIGFPE/SIGABRT
 * restore the saved termios and write a minimal reset, then re-raise.
 */

#include "config.h"

#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "console/cond.h"
#include "console/describe.h"
#include "console/keys.h"
#include "console/words.h"
#include "journal/export.h"
#include "journal/replay.h"
#include "lab/quiz.h"
#include "tui/complete.h"
#include "tui/tui-int.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define TUI_FRAME_MS (1000.0 / 30)
#define TUI_TICK_MS 33
#define TUI_OUTPUT_MAX 2000
#define TUI_EVENTS_MAX 2000
#define TUI_CONSUMER_MAX 1000
#define TUI_SEED_RF 3		/* free play's email.send, capped at brokers */

static volatile sig_atomic_t	 tui_signalled;
static struct termios		 tui_saved_termios;
static bool			 tui_have_termios;
static SCREEN			*tui_screen;	/* while curses is on */

/* ---- Lines -------------------------------------------------------------- */

void
tui_lines_init(struct tui_lines *l, size_t max)
{
	memset(l, 0, sizeof *l);
	l->max = max;
}

void
tui_lines_clear(struct tui_lines *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].s);
	l->n = 0;
	l->plen = 0;
}

void
tui_lines_free(struct tui_lines *l)
{
	tui_lines_clear(l);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
}

void
tui_lines_add(struct tui_lines *l, const char *s, int role)
{
	if (l->n == l->max && l->n > 0) {
		free(l->v[0].s);
		memmove(l->v, l->v + 1, (l->n - 1) * sizeof l->v[0]);
		l->n--;
	}
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 64 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof l->v[0]);
	}
	l->v[l->n].s = xstrdup(s);
	l->v[l->n].role = role;
	l->n++;
}

void
tui_lines_flush(struct tui_lines *l)
{
	if (l->plen == 0)
		return;
	l->partial[l->plen] = '\0';
	tui_lines_add(l, l->partial, l->prole);
	l->plen = 0;
}

void
tui_lines_write(struct tui_lines *l, const char *s, size_t n, int role)
{
	size_t	i;

	if (l->plen > 0 && l->prole != role)
		tui_lines_flush(l);
	l->prole = role;
	for (i = 0; i < n; i++) {
		if (s[i] == '\n') {
			l->partial[l->plen] = '\0';
			tui_lines_add(l, l->partial, role);
			l->plen = 0;
		} else if (l->plen + 1 < sizeof l->partial)
			l->partial[l->plen++] = s[i];
	}
}

/* ---- Small helpers ------------------------------------------------------ */

static double
tui_mono_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void
tui_status(struct tui *t, int role, const char *fmt, ...)
    ISRLAB_PRINTFLIKE(3, 4);

static void
tui_status(struct tui *t, int role, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(t->status, sizeof t->status, fmt, ap);
	va_end(ap);
	t->status_role = role;
	t->status_until = t->now_real + 6000;
	t->dirty = true;
}

int
tui_attr(const struct tui *t, enum tui_role r)
{
	if (t->color) {
		switch (r) {
		case R_NORMAL:	return A_NORMAL;
		case R_HEADER:	return COLOR_PAIR(6);
		case R_TITLE:	return A_BOLD;
		case R_FOCUS:	return COLOR_PAIR(4) | A_BOLD;
		case R_UP:	return COLOR_PAIR(2);
		case R_DOWN:	return COLOR_PAIR(1) | A_BOLD;
		case R_WARN:	return COLOR_PAIR(3);
		case R_ISO:	return COLOR_PAIR(5) | A_BOLD;
		case R_OFFLINE:	return COLOR_PAIR(7) | A_BOLD;
		case R_URP:	return COLOR_PAIR(3) | A_BOLD;
		case R_SEL:	return A_REVERSE;
		case R_FLASH:	return A_REVERSE | A_BOLD;
		case R_DIM:	return A_DIM;
		case R_ALARM:	return COLOR_PAIR(7) | A_BOLD;
		case R_GOOD:	return COLOR_PAIR(2);
		case R_CODE:	return COLOR_PAIR(4);
		case R__COUNT:	break;
		}
		return A_NORMAL;
	}
	switch (r) {
	case R_HEADER:	return A_REVERSE;
	case R_TITLE:	return A_BOLD;
	case R_FOCUS:	return A_BOLD | A_UNDERLINE;
	case R_DOWN:	return A_BOLD;
	case R_WARN:	return A_UNDERLINE;
	case R_ISO:	return A_BOLD | A_UNDERLINE;
	case R_OFFLINE:	return A_REVERSE | A_BOLD;
	case R_URP:	return A_BOLD;
	case R_SEL:	return A_REVERSE;
	case R_FLASH:	return A_REVERSE | A_BOLD;
	case R_DIM:	return A_DIM;
	case R_ALARM:	return A_BOLD | A_BLINK;
	case R_CODE:	return A_REVERSE;
	default:	return A_NORMAL;
	}
}

void
tui_clock(struct tui *t, bool *paused, double *speed)
{
	if (t->sim || t->e->ops->get_clock == NULL) {
		*paused = t->paused;
		*speed = t->speed;
	} else
		t->e->ops->get_clock(t->e, paused, speed);
}

static void
tui_set_paused(struct tui *t, bool paused)
{
	if (t->sim || t->e->ops->set_paused == NULL) {
		t->paused = paused;
		t->last_real = tui_mono_ms();
	} else
		t->e->ops->set_paused(t->e, paused);
	t->dirty = true;
}

static void
tui_set_speed(struct tui *t, double speed)
{
	if (t->sim || t->e->ops->set_speed == NULL)
		t->speed = speed;
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

static const struct console_clock tui_console_clock = {
	.set_paused = tui_clock_paused,
	.set_speed = tui_clock_speed,
};

/* ---- Console output sinks ----------------------------------------------- */

static void
tui_console_write(void *arg, int fd, const char *s, size_t n)
{
	struct tui	*t = arg;
	int		 role = fd == 2 ? R_DOWN : R_NORMAL;
	size_t		 i, start, len;

	switch (t->sink) {
	case S_POPUP:
		tui_lines_write(&t->popup, s, n, role);
		break;
	case S_PRODUCER:
		for (i = 0, start = 0; i <= n; i++) {
			if (i < n && s[i] != '\n')
				continue;
			len = i - start;
			if (len > 0) {
				if (len >= sizeof t->prod_last)
					len = sizeof t->prod_last - 1;
				memcpy(t->prod_last, s + start, len);
				t->prod_last[len] = '\0';
				if (fd == 2 || strncmp(t->prod_last, "ERROR",
				    5) == 0)
					t->prod_errors++;
			}
			start = i + 1;
		}
		break;
	case S_STATUS:
		/* Kept in the console pane's history too; the last line
		 * becomes the status. */
		tui_lines_write(&t->output, s, n, role);
		for (i = 0, start = 0; i <= n; i++) {
			if (i < n && s[i] != '\n')
				continue;
			len = i - start;
			if (len > 0) {
				if (len >= sizeof t->sink_last)
					len = sizeof t->sink_last - 1;
				memcpy(t->sink_last, s + start, len);
				t->sink_last[len] = '\0';
				tui_status(t, role, "%s", t->sink_last);
			}
			start = i + 1;
		}
		break;
	case S_CAPTURE:
		strbuf_add(&t->capture, s, n);
		tui_lines_write(&t->output, s, n, role);
		break;
	case S_OUTPUT:
		tui_lines_write(&t->output, s, n, role);
		break;
	}
	t->dirty = true;
}

/* Run one command line through the console into sink.  Returns the
 * console's result; a usage error goes to the status line (and, in the
 * console, the output pane). */
static int
tui_exec(struct tui *t, const char *line, enum tui_sink sink)
{
	char		err[512];
	enum tui_sink	old = t->sink;
	int		rc;

	t->sink = sink;
	err[0] = '\0';
	rc = console_exec(t->con, line, err, sizeof err);
	tui_lines_flush(&t->output);
	t->sink = old;
	if (rc < 0) {
		if (sink == S_OUTPUT)
			tui_lines_add(&t->output, err, R_DOWN);
		tui_status(t, R_DOWN, "%s", err);
	}
	t->activity = true;
	tui_model_update(t, true);
	return rc;
}

/* ---- Model -------------------------------------------------------------- */

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
	t->e = e;
	if (opt != NULL)
		t->opt = *opt;
	t->sim = e->ops->set_paused == NULL;
	t->speed = t->opt.speed > 0 ? t->opt.speed : 1.0;
	t->acks = -1;
	t->sel_broker = 1;
	t->cons_handle = -1;
	t->g = layout_glyphs(false);
	tui_lines_init(&t->events, TUI_EVENTS_MAX);
	tui_lines_init(&t->output, TUI_OUTPUT_MAX);
	tui_lines_init(&t->consumer, TUI_CONSUMER_MAX);
	tui_lines_init(&t->popup, 10000);
	lineedit_init(&t->le);
	labview_init(&t->lab_text);
	t->con = console_new(e, tui_console_write, t);
	if (t->sim)
		console_set_clock(t->con, &tui_console_clock, t);
	t->now_real = t->last_real = tui_mono_ms();
	t->lab_target = (double)e->ops->now(e);
	tui_model_update(t, true);
}

void
tui_state_free(struct tui *t)
{
	size_t	i;

	if (t->cons_handle >= 0)
		t->e->ops->client_close(t->e, t->cons_handle);
	if (t->log != NULL) {
		/* The journal ends before the console it observes. */
		slog_end(t->log);
		if (t->run != NULL)
			labrun_set_observer(t->run, NULL, NULL);
		slog_free(t->log);
		t->log = NULL;
	}
	console_wait_free(t->wait);
	t->wait = NULL;
	for (i = 0; i < t->n_queue; i++)
		free(t->queue[i]);
	free(t->queue);
	strbuf_free(&t->capture);
	labrun_free(t->run);
	t->run = NULL;
	labview_free(&t->lab_text);
	console_free(t->con);
	if (t->have_snap)
		snapshot_free(&t->snap);
	free(t->rows);
	free(t->cons_off);
	tui_pstate_free(t);
	tui_lines_free(&t->events);
	tui_lines_free(&t->output);
	tui_lines_free(&t->consumer);
	tui_lines_free(&t->popup);
	lineedit_free(&t->le);
}

/* Glyphs and colours (no engine needed: the picker uses it too). */
static void
tui_curses_look(struct tui *t)
{
	const char	*cs = nl_langinfo(CODESET);

	/* --ascii draws frames and signs in ASCII; text stays as it is
	 * whenever the locale can show it. */
	t->utf8 = cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
	t->unicode = !t->opt.ascii && t->utf8;
	t->g = layout_glyphs(t->unicode);
	t->color = !t->opt.mono && getenv("NO_COLOR") == NULL &&
	    has_colors();
	if (t->color && start_color() == OK) {
		use_default_colors();
		init_pair(1, COLOR_RED, -1);
		init_pair(2, COLOR_GREEN, -1);
		init_pair(3, COLOR_YELLOW, -1);
		init_pair(4, COLOR_CYAN, -1);
		init_pair(5, COLOR_MAGENTA, -1);
		init_pair(6, COLOR_WHITE, COLOR_BLUE);
		init_pair(7, COLOR_WHITE, COLOR_RED);
	} else
		t->color = false;
	getmaxyx(stdscr, t->h, t->w);
}

void
tui_curses_setup(struct tui *t)
{
	tui_curses_look(t);
	/* Rows were made with the ASCII set before the locale was known. */
	tui_model_update(t, true);
}

/* ---- Selected things ---------------------------------------------------- */

static const struct snap_partition *
tui_sel_part(struct tui *t)
{
	if (t->snap.n_parts == 0)
		return NULL;
	if (t->sel_part >= t->snap.n_parts)
		t->sel_part = t->snap.n_parts - 1;
	return &t->snap.parts[t->sel_part];
}

static const char *
tui_acks_name(int acks)
{
	return acks == -1 ? "all" : acks == 0 ? "0" : "1";
}

/* ---- Popups ------------------------------------------------------------- */

static void
tui_popup_open(struct tui *t, enum tui_popup kind, const char *title)
{
	t->popup_kind = kind;
	snprintf(t->popup_title, sizeof t->popup_title, "%s", title);
	t->popup_scroll = 0;
	t->dirty = true;
}

static void
tui_popup_close(struct tui *t)
{
	if (t->popup_kind == P_HELP && t->help_paused)
		tui_set_paused(t, false);
	t->help_paused = false;
	t->popup_kind = P_NONE;
	tui_lines_clear(&t->popup);
	t->dirty = true;
}

static void
tui_help_open(struct tui *t)
{
	const struct layout_key	*k;
	char			 line[256];
	bool			 paused;
	double			 speed;

	tui_lines_clear(&t->popup);
	for (k = layout_keys; k->key != NULL; k++) {
		snprintf(line, sizeof line, "%-10s %s", k->key, k->help);
		tui_lines_add(&t->popup, line, R_NORMAL);
	}
	tui_lines_add(&t->popup, "", R_NORMAL);
	snprintf(line, sizeof line, "Table: LEADER(ep) = leader (leader "
	    "epoch); %s marks the preferred replica;", t->g->preferred);
	tui_lines_add(&t->popup, line, R_DIM);
	tui_lines_add(&t->popup, "per replica broker:LEO, then lag in "
	    "records and, for a lagging", R_DIM);
	tui_lines_add(&t->popup, "follower still in the ISR, the time left "
	    "before it is dropped", R_DIM);
	tui_lines_add(&t->popup, "(replica.lag.time.max.ms - time since it "
	    "last caught up).", R_DIM);
	tui_clock(t, &paused, &speed);
	t->help_paused = !paused;
	if (!paused)
		tui_set_paused(t, true);
	tui_popup_open(t, P_HELP, "help (clock paused)");
}

static int
tui_describe_open(struct tui *t)
{
	const struct snap_partition	*p = tui_sel_part(t);
	const struct topic_reg		*tr;
	struct strbuf			 sb = STRBUF_INIT;
	char				 title[ISR_TOPIC_MAX + 32];

	if (p == NULL) {
		tui_status(t, R_WARN, "no topic selected");
		return 1;
	}
	tr = image_topic(&t->snap.ctrl_image, p->topic);
	if (tr == NULL)
		return 1;
	describe_topic(&sb, &t->snap.ctrl_image, tr);
	tui_lines_clear(&t->popup);
	tui_lines_write(&t->popup, strbuf_cstr(&sb), sb.len, R_NORMAL);
	tui_lines_flush(&t->popup);
	strbuf_free(&sb);
	snprintf(title, sizeof title, "kafka-topics --describe --topic %s",
	    p->topic);
	tui_popup_open(t, P_DESCRIBE, title);
	return 1;
}

/* ---- The lab ------------------------------------------------------------ */

bool
tui_lab_en(const struct tui *t)
{
	return t->opt.lang == LAB_EN;
}

bool
tui_quiz_open(const struct tui *t)
{
	const struct labrun	*r = t->run;

	return r != NULL && !r->finished && r->cur == r->front &&
	    r->front < r->lab->n_steps &&
	    r->lab->steps[r->front].quiz != NULL &&
	    !r->st[r->front].quiz_solved;
}

/* The finish summary: time per step, faults, quiz score. */
static void
tui_lab_summary(struct tui *t)
{
	const struct labrun	*r = t->run;
	const struct lab	*lab = t->lab;
	bool			 en = tui_lab_en(t);
	char			 line[512], title[96];
	int64_t			 now = t->e->ops->now(t->e), total = 0, ms;
	int			 faults = 0, quizzes = 0, right = 0, tw = 0, w,
				 q;
	size_t			 i;

	for (i = 0; i < lab->n_steps; i++) {
		w = utf8_width(lab_str_get(&lab->steps[i].title, t->opt.lang));
		if (w > tw)
			tw = w;
	}
	if (tw > 40)
		tw = 40;
	tui_lines_clear(&t->popup);
	tui_lines_add(&t->popup, lab_str_get(&lab->title, t->opt.lang),
	    R_TITLE);
	tui_lines_add(&t->popup, "", R_NORMAL);
	for (i = 0; i < lab->n_steps; i++) {
		ms = labrun_step_ms(r, i, now);
		total += ms;
		faults += r->st[i].faults;
		q = -1;
		if (lab->steps[i].quiz != NULL && r->st[i].quiz_tries > 0) {
			q = r->st[i].quiz_first_right;
			quizzes++;
			right += q;
		} else if (lab->steps[i].quiz != NULL)
			quizzes++;
		labview_summary_row(i, lab->n_steps, lab_str_get(
		    &lab->steps[i].title, t->opt.lang), tw, r->st[i].done, ms,
		    r->st[i].faults, q, en, t->unicode, line, sizeof line);
		tui_lines_add(&t->popup, line, r->st[i].done ? R_NORMAL :
		    R_DIM);
	}
	tui_lines_add(&t->popup, "", R_NORMAL);
	snprintf(line, sizeof line, en ? "%zu/%zu steps in %" PRId64 ".%"
	    PRId64 "s of lab time, %d fault%s injected" : "%zu/%zu 단계, "
	    "실습 시간 %" PRId64 ".%" PRId64 "초, 주입한 장애 %d건",
	    labrun_done_count(r), lab->n_steps, total / 1000,
	    (total % 1000) / 100, faults, faults == 1 ? "" : "s");
	tui_lines_add(&t->popup, line, R_UP);
	if (quizzes > 0) {
		snprintf(line, sizeof line, en ? "quiz: %d/%d right at the "
		    "first try" : "퀴즈: %d/%d 첫 시도에 정답", right, quizzes);
		tui_lines_add(&t->popup, line, R_UP);
	}
	tui_lines_add(&t->popup, "", R_NORMAL);
	tui_lines_add(&t->popup, t->opt.picker ? (en ? "q: back to the lab "
	    "list; any other key: stay and play on" : "q: 실습 목록으로, "
	    "다른 키: 계속 둘러보기") : (en ? "any key closes; q quits" :
	    "아무 키나 누르면 닫힙니다; q 종료"), R_DIM);
	snprintf(title, sizeof title, "%s", en ? "lab finished" :
	    "실습 완료");
	tui_popup_open(t, P_SUMMARY, title);
}

/* React to labrun flags; done is the step that was the front before. */
static void
tui_lab_flags(struct tui *t, unsigned flags, size_t done)
{
	const struct lab	*lab = t->lab;
	bool			 en = tui_lab_en(t);

	if (flags == 0)
		return;
	t->dirty = true;
	if ((flags & LABRUN_DONE) && done < lab->n_steps) {
		snprintf(t->lab_flash, sizeof t->lab_flash, "%s %zu/%zu %s: %s",
		    labview_mark(true, t->unicode), done + 1, lab->n_steps,
		    en ? "done" : "완료", lab_str_get(&lab->steps[done].title,
		    t->opt.lang));
		t->lab_flash_until = t->now_real + TUI_LAB_FLASH_MS;
		if (t->lab_note[0] != '\0' && t->lab_note_step == done)
			t->lab_note_until = t->now_real + TUI_LAB_NOTE_MS;
	}
	if (flags & (LABRUN_ENTERED | LABRUN_FINISHED)) {
		t->lab_text_w = 0;
		t->scroll[F_LAB] = 0;
	}
	if (flags & LABRUN_FINISHED)
		tui_lab_summary(t);
}

/* Run a runner call's setup output into the console pane's history. */
static void
tui_lab_poll(struct tui *t)
{
	char		err[512] = "";
	enum tui_sink	old = t->sink;
	size_t		front;
	unsigned	flags;

	if (t->run == NULL || t->run->finished || !t->have_snap)
		return;
	front = t->run->front;
	t->sink = S_OUTPUT;
	flags = labrun_poll(t->run, &t->snap, err, sizeof err);
	tui_lines_flush(&t->output);
	t->sink = old;
	if (err[0] != '\0')
		tui_status(t, R_DOWN, "%s", err);
	if (flags & LABRUN_ENTERED)
		tui_model_update(t, true);
	tui_lab_flags(t, flags, front);
}

/* The lab's runner, not started yet (the journal observes it first). */
static void
tui_lab_new(struct tui *t)
{
	t->lab = t->opt.lab;
	if (t->lab == NULL)
		return;
	snprintf(t->lab_title, sizeof t->lab_title, "Lab %02d %s",
	    lab_number(t->lab), lab_str_get(&t->lab->title, t->opt.lang));
	t->opt.title = t->lab_title;
	t->run = labrun_new(t->lab, t->con, t->opt.lang);
}

static void
tui_lab_start(struct tui *t)
{
	char	err[512] = "";

	if (t->run == NULL)
		return;
	t->sink = S_OUTPUT;
	if (labrun_start(t->run, err, sizeof err) != 0)
		tui_status(t, R_DOWN, "%s", err);
	tui_lines_flush(&t->output);
	t->lab_text_w = 0;
	tui_model_update(t, true);
}

/* Answer the current quiz with text. */
static int
tui_quiz_answer(struct tui *t, const char *text)
{
	const struct lab_quiz	*q;
	struct strbuf		 sb = STRBUF_INIT;
	char			 err[256];
	bool			 right, en = tui_lab_en(t);
	const char		*ex;

	if (!tui_quiz_open(t))
		return -1;
	q = t->lab->steps[t->run->front].quiz;
	if (labrun_answer(t->run, text, &right, err, sizeof err) != 0) {
		tui_status(t, R_WARN, "%s", err);
		return -1;
	}
	strbuf_printf(&sb, "%s %s (%s)", right ? labview_mark(true,
	    t->unicode) : (t->unicode ? "✘" : "[!]"), right ? (en ? "Right!" :
	    "정답입니다!") : (en ? "Not quite: try again." : "틀렸습니다. 다시 "
	    "해 보세요."), text);
	/* The explanation gives the answer away: only once it is right,
	 * or after a second wrong try. */
	ex = lab_str_get(&q->explain, t->opt.lang);
	if (ex[0] != '\0' && (right ||
	    t->run->st[t->run->front].quiz_tries >= 2))
		strbuf_printf(&sb, " %s", ex);
	snprintf(t->lab_note, sizeof t->lab_note, "%s", strbuf_cstr(&sb));
	strbuf_free(&sb);
	t->lab_note_role = right ? R_UP : R_DOWN;
	t->lab_note_step = t->run->front;
	t->lab_note_until = 0;
	t->activity = true;
	t->dirty = true;
	tui_lab_poll(t);
	return 0;
}

/* Why the current step is not done: its first failing expectation. */
static void
tui_lab_why(struct tui *t, struct strbuf *why)
{
	const struct lab_step	*st = &t->lab->steps[t->run->front];
	size_t			 i;

	for (i = 0; i < st->n_expect && why->len == 0; i++)
		cond_format_failing(st->expect[i].cond, &t->snap, t->con, why);
	if (why->len == 0 && st->quiz != NULL &&
	    !t->run->st[t->run->front].quiz_solved)
		strbuf_adds(why, tui_lab_en(t) ? "the quiz is not answered" :
		    "퀴즈에 아직 답하지 않았습니다");
}

/* ---- Producer and consumer --------------------------------------------- */

static void
tui_producer_tick(struct tui *t)
{
	char	line[ISR_TOPIC_MAX + 64];
	int64_t	now = t->snap.now, n;

	if (!t->producing)
		return;
	/* Any other command would end a console producer waiting for
	 * "> " lines (console.h), so the steady producer holds off. */
	if (console_producer_pending(t->con)) {
		t->prod_next = now;
		return;
	}
	if (t->prod_next == 0 || t->prod_next > now + 1000)
		t->prod_next = now;
	if (now < t->prod_next)
		return;
	n = (now - t->prod_next) / TUI_PRODUCER_EVERY_MS + 1;
	if (n > 50)
		n = 50;
	t->prod_next += n * TUI_PRODUCER_EVERY_MS;
	if (t->prod_next < now - 1000)
		t->prod_next = now;
	snprintf(line, sizeof line, "produce %s --acks %s --count %" PRId64,
	    t->prod_topic, tui_acks_name(t->acks), n);
	if (tui_exec(t, line, S_PRODUCER) == 0)
		t->prod_sent += n;
}

struct tui_fetch {
	const char	*topic;
	int		 partition;
	int64_t		 offset;
};

static void
tui_fetch_fn(struct client *c, int64_t now, void *arg)
{
	struct tui_fetch	*f = arg;

	client_fetch(c, now, f->topic, f->partition, f->offset, 100);
}

static void
tui_consumer_tick(struct tui *t)
{
	struct client_result	*res;
	struct tui_fetch	 f;
	const struct topic_reg	*tr;
	const struct snap_partition *sp;
	char			 line[1024];
	size_t			 n, i;
	int			 p, k;
	int64_t			 got = 0;

	if (!t->consuming)
		return;
	tr = image_topic(&t->snap.ctrl_image, t->cons_topic);
	if (tr == NULL)
		return;
	if (tr->n_partitions > t->cons_parts) {
		t->cons_off = xreallocarray(t->cons_off,
		    (size_t)tr->n_partitions, sizeof t->cons_off[0]);
		for (p = t->cons_parts; p < tr->n_partitions; p++)
			t->cons_off[p] = 0;
		t->cons_parts = tr->n_partitions;
	}
	for (p = 0; p < t->cons_parts; p++) {
		sp = snapshot_partition(&t->snap, t->cons_topic, p);
		if (sp == NULL || sp->hw <= t->cons_off[p] ||
		    sp->reg->leader == ISR_NO_LEADER ||
		    t->snap.brokers[sp->reg->leader].state == BROKER_DOWN)
			continue;
		f.topic = t->cons_topic;
		f.partition = p;
		f.offset = t->cons_off[p];
		n = t->e->ops->client_run(t->e, t->cons_handle, tui_fetch_fn,
		    &f, 1000, &res);
		for (i = 0; i < n; i++) {
			for (k = 0; k < res[i].n_records; k++) {
				const struct record	*r = &res[i].records[k];
				size_t			 kl = r->key_len ==
				    PLOG_NULL_KEY ? 0 : r->key_len;
				int			 vl = (int)r->value_len;

				if (vl > 400)
					vl = 400;
				snprintf(line, sizeof line, "p%d@%" PRId64
				    "  %.*s", p, t->cons_off[p], vl,
				    r->data + kl);
				tui_lines_add(&t->consumer, line, R_NORMAL);
				t->cons_off[p]++;
				got++;
			}
			client_result_free(&res[i]);
		}
		free(res);
	}
	if (got > 0) {
		console_count_consumed(t->con, t->cons_topic, got);
		t->dirty = true;
	}
}

/* ---- Export ------------------------------------------------------------- */

/* Whether the student did anything since the last export that worked:
 * a command of their own (not a setup line), a key, a step completed, a
 * hint, a quiz answer. */
static bool
tui_unexported(const struct tui *t)
{
	const struct slog_rec	*r;
	size_t			 i;

	if (t->log == NULL)
		return false;
	for (i = t->log->n; i-- > 0;) {
		r = &t->log->v[i];
		switch (r->type) {
		case SLOG_EXPORT:
			if (r->err == NULL)
				return false;
			break;
		case SLOG_COMMAND:
			if (r->source == NULL)
				return true;
			break;
		case SLOG_KEY:
		case SLOG_STEP_DONE:
		case SLOG_HINT_SHOWN:
		case SLOG_QUIZ_ANSWER:
			return true;
		default:
			break;
		}
	}
	return false;
}

/* Run `export` through the console (so it is journaled like a typed
 * one); "wrote A, B" or "export: reason" on the status line.  Returns 0
 * when both files were written; a failure keeps everything for another
 * try. */
static int
tui_export_run(struct tui *t)
{
	struct strbuf	 msg = STRBUF_INIT;
	const char	*p, *nl, *last = "";
	size_t		 len, last_len = 0;
	int		 rc;

	strbuf_reset(&t->capture);
	tui_lines_add(&t->output, "", R_NORMAL);
	tui_lines_add(&t->output, "$ export", R_FOCUS);
	rc = tui_exec(t, "export", S_CAPTURE);
	for (p = strbuf_cstr(&t->capture); *p != '\0'; p = nl) {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		nl = nl != NULL ? nl + 1 : p + len;
		if (len == 0)
			continue;
		last = p;
		last_len = len;
		if (rc != 0)
			continue;
		if (msg.len > 0 && len > 6 && strncmp(p, "wrote ", 6) == 0) {
			p += 6;
			len -= 6;
			strbuf_adds(&msg, ", ");
		}
		strbuf_add(&msg, p, len);
	}
	if (rc == 0)
		tui_status(t, R_UP, "%s", strbuf_cstr(&msg));
	else if (last_len > 0)
		tui_status(t, R_DOWN, "%.*s", (int)last_len, last);
	else
		tui_status(t, R_DOWN, "export: failed");
	t->status_until = t->now_real + 15000;
	strbuf_free(&msg);
	return rc == 0 ? 0 : -1;
}

/* The export asked for ends: leave when it was "y" to the leaving
 * question and the files were written. */
static void
tui_export_finish(struct tui *t)
{
	enum tui_after	after = t->after_export;

	t->after_export = TUI_AFTER_STAY;
	if (tui_export_run(t) == 0 && after == TUI_AFTER_LEAVE) {
		t->end = t->leave;
		t->quit = true;
	}
}

/* `e`, or y to "export before leaving?": first the student's name on the
 * prompt line when it is not known yet. */
static void
tui_export_start(struct tui *t, enum tui_after after)
{
	t->after_export = after;
	if (slog_needs_student(t->log)) {
		t->prompt = PR_STUDENT;
		lineedit_clear(&t->le);
		t->dirty = true;
		return;
	}
	tui_export_finish(t);
}

/* ---- Waits typed at the console ---------------------------------------- */

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

/* console_waiter_fn: a typed wait runs while the screen draws; in a
 * replay the next action's lab time is the wait. */
static void
tui_waiter(void *arg, struct console_wait *w)
{
	struct tui	*t = arg;
	char		 d[32];

	if (t->rp != NULL) {
		console_wait_free(w);
		return;
	}
	console_wait_free(t->wait);
	t->wait = w;
	tui_ms_text(w->until_ms - w->start_ms, d, sizeof d);
	tui_status(t, R_NORMAL, "%s %s%s (lines typed meanwhile wait for "
	    "it; Esc with the prompt closed cancels)", w->cond != NULL ?
	    "waiting up to" : "waiting", d, t->unicode ? "…" : "...");
	t->status_until = 0;
	tui_lines_add(&t->output, t->status, R_DIM);
}

/* A line typed at the console (or queued behind a wait). */
static int
tui_exec_typed(struct tui *t, const char *line)
{
	int	rc;

	console_set_waiter(t->con, tui_waiter, t);
	rc = tui_exec(t, line, S_OUTPUT);
	console_set_waiter(t->con, NULL, NULL);
	return rc;
}

static void
tui_wait_cancel(struct tui *t)
{
	size_t	i;

	console_wait_free(t->wait);
	t->wait = NULL;
	for (i = 0; i < t->n_queue; i++)
		free(t->queue[i]);
	t->n_queue = 0;
	tui_lines_add(&t->output, "(wait cancelled)", R_DIM);
	tui_status(t, R_WARN, "wait cancelled");
}

/* Each loop turn: end the wait once its lab time passed (or its
 * condition held), then run the lines queued behind it. */
static void
tui_wait_tick(struct tui *t)
{
	enum tui_sink	 old;
	char		 echo[LINEEDIT_MAX + 3], *line;
	bool		 over;

	while (t->wait != NULL || t->n_queue > 0) {
		if (t->wait != NULL) {
			if (!t->have_snap)
				return;
			old = t->sink;
			t->sink = S_OUTPUT;
			over = console_wait_over(t->con, t->wait, &t->snap);
			tui_lines_flush(&t->output);
			t->sink = old;
			if (!over)
				return;
			console_wait_free(t->wait);
			t->wait = NULL;
			tui_status(t, R_NORMAL, "wait over");
		}
		if (t->n_queue == 0)
			return;
		line = t->queue[0];
		memmove(t->queue, t->queue + 1, --t->n_queue *
		    sizeof t->queue[0]);
		tui_lines_add(&t->output, "", R_NORMAL);
		snprintf(echo, sizeof echo, "$ %s", line);
		tui_lines_add(&t->output, echo, R_FOCUS);
		tui_exec_typed(t, line);
		free(line);
	}
}

/* ---- Key actions -------------------------------------------------------- */

/* An action returns 1 when the screen must be redrawn. */
typedef int (*tui_action_fn)(struct tui *t, int key);

static int
act_select_broker(struct tui *t, int key)
{
	int	b = key - '0';

	if (b > t->snap.n_brokers) {
		tui_status(t, R_WARN, "there is no broker %d (brokers are "
		    "1-%d)", b, t->snap.n_brokers);
		return 1;
	}
	t->sel_broker = b;
	return 1;
}

static int
act_part_down(struct tui *t, int key)
{
	(void)key;
	if (t->focus == F_LAB) {
		t->scroll[F_LAB]++;	/* clamped when drawn */
		return 1;
	}
	if (t->focus != F_TABLE) {
		if (t->scroll[t->focus] > 0)
			t->scroll[t->focus]--;
		return 1;
	}
	if (t->sel_part + 1 < t->snap.n_parts)
		t->sel_part++;
	return 1;
}

static int
act_part_up(struct tui *t, int key)
{
	(void)key;
	if (t->focus == F_LAB) {
		if (t->scroll[F_LAB] > 0)
			t->scroll[F_LAB]--;
		return 1;
	}
	if (t->focus != F_TABLE) {
		t->scroll[t->focus]++;
		return 1;
	}
	if (t->sel_part > 0)
		t->sel_part--;
	return 1;
}

static int
act_page(struct tui *t, int key)
{
	int	step = t->h / 3 > 1 ? t->h / 3 : 1;

	if (t->focus == F_TABLE) {
		if (key == KEY_NPAGE)
			t->sel_part += (size_t)step;
		else
			t->sel_part = t->sel_part > (size_t)step ?
			    t->sel_part - (size_t)step : 0;
		if (t->snap.n_parts > 0 && t->sel_part >= t->snap.n_parts)
			t->sel_part = t->snap.n_parts - 1;
		return 1;
	}
	if (t->focus == F_LAB) {
		step = t->lab_text_h > 2 ? t->lab_text_h - 1 : 1;
		if (key == KEY_NPAGE)
			t->scroll[F_LAB] += step;
		else
			t->scroll[F_LAB] = t->scroll[F_LAB] > step ?
			    t->scroll[F_LAB] - step : 0;
		return 1;
	}
	if (key == KEY_PPAGE)
		t->scroll[t->focus] += step;
	else
		t->scroll[t->focus] = t->scroll[t->focus] > step ?
		    t->scroll[t->focus] - step : 0;
	return 1;
}

static int
act_focus(struct tui *t, int key)
{
	int	i;

	(void)key;
	for (i = 0; i < F__COUNT; i++) {
		t->focus = (enum tui_focus)((t->focus + 1) % F__COUNT);
		if (t->focus == F_OUTPUT && !t->output_shown)
			continue;
		if (t->focus == F_CONSUMER && !t->consuming)
			continue;
		if (t->focus == F_LAB && t->lab == NULL)
			continue;
		break;
	}
	return 1;
}

/* A key that changes the cluster: keys_translate (console/keys.h) turns
 * it into the command lines a student could have typed, which run here
 * with their output on the status line, so labs see keys and commands
 * alike. */
static int
act_keys(struct tui *t, int key)
{
	const struct snap_partition	*p = tui_sel_part(t);
	struct keys_sel			 sel, probe;
	struct words			 cmds = WORDS_INIT;
	char				 name[2] = { (char)key, '\0' };
	char				 err[256], shown[256] = "";
	enum tui_sink			 old;
	size_t				 i, o;
	int				 rc;

	memset(&sel, 0, sizeof sel);
	sel.broker = t->sel_broker;
	sel.acks = t->acks;
	if (p != NULL) {
		snprintf(sel.topic, sizeof sel.topic, "%s", p->topic);
		sel.partition = p->partition;
	}
	/* A dry run for what the status line shows, and to refuse a key
	 * that cannot act without journaling it. */
	probe = sel;
	rc = keys_translate(name, &probe, &t->snap, &cmds, err, sizeof err);
	if (rc < 0) {
		tui_status(t, R_WARN, "%s", err);
		words_free(&cmds);
		return 1;
	}
	if (key == 'L' && p != NULL && p->reg->leader != ISR_NO_LEADER)
		t->sel_broker = p->reg->leader;
	for (i = 0, o = 0; i < cmds.n && o + 4 < sizeof shown; i++)
		o += (size_t)snprintf(shown + o, sizeof shown - o, "%s%s",
		    i > 0 ? "; " : "$ ", cmds.v[i]);
	words_free(&cmds);
	tui_status(t, R_DIM, "%s", shown);
	/* keys_press journals the key with the selection it acted on (a
	 * replay presses it again) and runs its lines. */
	old = t->sink;
	t->sink = S_STATUS;
	rc = keys_press(t->con, name, &sel, err, sizeof err);
	tui_lines_flush(&t->output);
	t->sink = old;
	if (rc < 0)
		tui_status(t, R_DOWN, "%s", err);
	t->activity = true;
	tui_model_update(t, true);
	return 1;
}

static int
act_producer(struct tui *t, int key)
{
	const struct snap_partition	*p = tui_sel_part(t);

	(void)key;
	if (t->producing) {
		t->producing = false;
		tui_status(t, R_NORMAL, "producer stopped: %" PRId64 " sent, %"
		    PRId64 " errors", t->prod_sent, t->prod_errors);
		return 1;
	}
	if (p == NULL) {
		tui_status(t, R_WARN, "no topic to produce to");
		return 1;
	}
	snprintf(t->prod_topic, sizeof t->prod_topic, "%s", p->topic);
	t->producing = true;
	t->prod_next = 0;
	t->prod_sent = t->prod_errors = 0;
	t->prod_last[0] = '\0';
	tui_status(t, R_NORMAL, "producer started: 10 msg/s of lab time to "
	    "%s (P stops, a changes acks)", t->prod_topic);
	return 1;
}

static int
act_acks(struct tui *t, int key)
{
	(void)key;
	t->acks = t->acks == 0 ? 1 : t->acks == 1 ? -1 : 0;
	tui_status(t, R_NORMAL, "producer acks=%s", tui_acks_name(t->acks));
	return 1;
}

static int
act_consumer(struct tui *t, int key)
{
	const struct snap_partition	*p = tui_sel_part(t);
	bool				 boot[ISR_NODES];
	int				 b;

	(void)key;
	if (t->consuming) {
		t->consuming = false;
		t->e->ops->client_close(t->e, t->cons_handle);
		t->cons_handle = -1;
		if (t->focus == F_CONSUMER)
			t->focus = F_TABLE;
		return 1;
	}
	if (p == NULL) {
		tui_status(t, R_WARN, "no topic to consume");
		return 1;
	}
	memset(boot, 0, sizeof boot);
	for (b = 1; b <= t->e->n_brokers; b++)
		boot[b] = true;
	t->cons_handle = t->e->ops->client_open(t->e, boot);
	snprintf(t->cons_topic, sizeof t->cons_topic, "%s", p->topic);
	free(t->cons_off);
	t->cons_off = NULL;
	t->cons_parts = 0;
	tui_lines_clear(&t->consumer);
	t->consuming = true;
	t->scroll[F_CONSUMER] = 0;
	tui_status(t, R_NORMAL, "consuming %s from the beginning, up to the "
	    "HW (c closes)", t->cons_topic);
	return 1;
}

static int
act_describe(struct tui *t, int key)
{
	(void)key;
	return tui_describe_open(t);
}

static int
act_metrics(struct tui *t, int key)
{
	(void)key;
	tui_lines_clear(&t->popup);
	t->sink = S_POPUP;
	console_exec(t->con, "metrics", t->status, sizeof t->status);
	tui_lines_flush(&t->popup);
	t->sink = S_OUTPUT;
	tui_popup_open(t, P_METRICS, "metrics");
	return 1;
}

static int
act_console(struct tui *t, int key)
{
	(void)key;
	t->prompt = console_producer_pending(t->con) ? PR_PRODUCER :
	    PR_CONSOLE;
	t->output_shown = true;
	t->scroll[F_OUTPUT] = 0;
	return 1;
}

static int
act_pause(struct tui *t, int key)
{
	bool	paused;
	double	speed;

	(void)key;
	tui_clock(t, &paused, &speed);
	tui_set_paused(t, !paused);
	tui_status(t, R_NORMAL, "%s", paused ? "clock running" :
	    "clock paused (space resumes, . steps 100 ms)");
	return 1;
}

static int
act_speed(struct tui *t, int key)
{
	bool	paused;
	double	speed;

	tui_clock(t, &paused, &speed);
	speed = layout_speed_step(speed, key == '+' || key == '=' ? 1 : -1);
	tui_set_speed(t, speed);
	tui_status(t, R_NORMAL, "speed %gx", speed);
	return 1;
}

static int
act_step(struct tui *t, int key)
{
	(void)key;
	tui_set_paused(t, true);
	t->e->ops->advance(t->e, 100);
	t->lab_target = (double)t->e->ops->now(t->e);
	tui_model_update(t, true);
	tui_status(t, R_NORMAL, "stepped 100 ms (paused)");
	return 1;
}

static int
act_export(struct tui *t, int key)
{
	(void)key;
	if (t->log == NULL) {
		tui_status(t, R_WARN, "a replay has nothing to export");
		return 1;
	}
	tui_export_start(t, TUI_AFTER_STAY);
	return 1;
}

static int
act_help(struct tui *t, int key)
{
	(void)key;
	tui_help_open(t);
	return 1;
}

/* n, b, t: the lab's next, back and hint. */
static int
act_lab(struct tui *t, int key)
{
	struct strbuf	 why = STRBUF_INIT;
	char		 err[512] = "";
	const char	*hint;
	bool		 en = tui_lab_en(t);
	size_t		 front;
	int		 rc;

	if (t->run == NULL) {
		tui_status(t, R_WARN, "n/b/t are lab keys: this is free play%s",
		    t->opt.picker ? " (q goes back to the lab list)" : "");
		return 1;
	}
	t->activity = true;
	switch (key) {
	case 'n':
		if (t->run->finished && t->run->cur + 1 >= t->lab->n_steps) {
			tui_lab_summary(t);
			return 1;
		}
		front = t->run->front;
		rc = labrun_next(t->run, err, sizeof err);
		if (rc < 0) {
			tui_status(t, R_DOWN, "%s", err);
			return 1;
		}
		if (rc == 0) {
			tui_lab_why(t, &why);
			tui_status(t, R_WARN, "%s%s", en ? "not done yet: " :
			    "아직 끝나지 않았습니다: ", strbuf_cstr(&why));
			strbuf_free(&why);
			return 1;
		}
		if (front != t->run->front || t->run->finished)
			tui_lab_flags(t, (unsigned)rc, front);
		else
			tui_lab_flags(t, (unsigned)rc & ~LABRUN_DONE, front);
		tui_model_update(t, true);
		return 1;
	case 'b':
		if (labrun_back(t->run) == 0)
			tui_status(t, R_NORMAL, "%s", en ? "this is the first "
			    "step" : "첫 단계입니다");
		else {
			t->lab_text_w = 0;
			t->scroll[F_LAB] = 0;
		}
		return 1;
	default:
		if ((hint = labrun_hint_show(t->run)) == NULL)
			tui_status(t, R_NORMAL, "%s", en ? "this step has no "
			    "hint" : "이 단계에는 힌트가 없습니다");
		return 1;
	}
}

static int
act_quit(struct tui *t, int key)
{
	bool		 en = tui_lab_en(t);
	const char	*q;

	(void)key;
	if (t->rp != NULL) {
		t->quit = true;
		return 0;
	}
	if (tui_unexported(t)) {
		/* Each lab or free play is its own journal: offer to export
		 * it before it is gone. */
		t->leave = t->opt.picker ? TUI_END_BACK : TUI_END_QUIT;
		tui_lines_clear(&t->popup);
		if (en)
			q = t->opt.picker ? "Export before going back to "
			    "the lab list? (y/n/esc)" : "export before "
			    "quitting? (y/n/esc)";
		else
			q = t->opt.picker ? "목록으로 돌아가기 전에 "
			    "내보낼까요? "
			    "export before leaving? (y/n/esc)" :
			    "종료하기 전에 내보낼까요? "
			    "export before quitting? (y/n/esc)";
		tui_lines_add(&t->popup, q, R_NORMAL);
		tui_lines_add(&t->popup, en ? "This session has activity "
		    "that was not exported." : "내보내지 않은 활동이 "
		    "있습니다.", R_NORMAL);
		if (en)
			q = t->opt.picker ? "y: export, then the list   "
			    "n: the list   Esc: stay" : "y: export, then "
			    "quit   n: quit   Esc: stay";
		else
			q = t->opt.picker ? "y: 내보내고 목록으로   "
			    "n: 그냥 목록으로   Esc: 계속" :
			    "y: 내보내고 종료   n: 그냥 종료   "
			    "Esc: 계속";
		tui_lines_add(&t->popup, q, R_DIM);
		tui_popup_open(t, P_EXPORT, en ? "export" : "내보내기");
		return 1;
	}
	if (t->opt.picker) {
		tui_lines_clear(&t->popup);
		tui_lines_add(&t->popup, en ? "Back to the lab list?" :
		    "실습 목록으로 돌아갈까요?", R_NORMAL);
		tui_lines_add(&t->popup, en ? "y: the list   Q: quit isrlab   "
		    "other keys: stay" : "y: 목록으로   Q: isrlab 종료   "
		    "다른 키: 계속", R_DIM);
		tui_popup_open(t, P_QUIT, en ? "leave" : "나가기");
		return 1;
	}
	t->quit = true;
	return 0;
}

struct tui_key_entry {
	int		 key;
	const char	*name;		/* for key-pressed conditions */
	tui_action_fn	 fn;
};

static const struct tui_key_entry tui_keys[] = {
	{ '1', "1", act_select_broker }, { '2', "2", act_select_broker },
	{ '3', "3", act_select_broker }, { '4', "4", act_select_broker },
	{ '5', "5", act_select_broker }, { '6', "6", act_select_broker },
	{ '7', "7", act_select_broker }, { '8', "8", act_select_broker },
	{ '9', "9", act_select_broker },
	{ 'j', "j", act_part_down }, { KEY_DOWN, "Down", act_part_down },
	{ 'k', "k", act_part_up }, { KEY_UP, "Up", act_part_up },
	{ KEY_NPAGE, "PgDn", act_page }, { KEY_PPAGE, "PgUp", act_page },
	{ '\t', "Tab", act_focus },
	{ 'L', "L", act_keys },
	{ 'x', "x", act_keys },
	{ 'r', "r", act_keys },
	{ 's', "s", act_keys },
	{ 'i', "i", act_keys },
	{ 'h', "h", act_keys },
	{ 'p', "p", act_keys },
	{ 'P', "P", act_producer },
	{ 'a', "a", act_acks },
	{ 'c', "c", act_consumer },
	{ 'd', "d", act_describe },
	{ 'm', "m", act_metrics },
	{ ':', ":", act_console },
	{ ' ', "Space", act_pause },
	{ '+', "+", act_speed }, { '=', "+", act_speed },
	{ '-', "-", act_speed },
	{ '.', ".", act_step },
	{ 'e', "e", act_export },
	{ 'n', "n", act_lab },
	{ 'b', "b", act_lab },
	{ 't', "t", act_lab },
	{ '?', "?", act_help }, { KEY_F(1), "?", act_help },
	{ 'q', "q", act_quit },
	{ 0, NULL, NULL }
};

/* ---- The prompt --------------------------------------------------------- */

static void
tui_prompt_complete(struct tui *t)
{
	struct complete_result	 res;
	const char		*topics[256];
	size_t			 n = 0, i;
	char			 list[256];
	size_t			 o = 0;

	for (i = 0; i < t->snap.ctrl_image.n_topics && n < 256; i++)
		topics[n++] = t->snap.ctrl_image.topics[i].name;
	complete_line(&t->le, topics, n, t->snap.n_brokers, &res);
	if (res.n > 1 && res.inserted == 0) {
		list[0] = '\0';
		for (i = 0; i < (size_t)res.n && o + 2 < sizeof list; i++)
			o += (size_t)snprintf(list + o, sizeof list - o, "%s ",
			    res.cand[i]);
		tui_status(t, R_DIM, "%s", list);
	}
}

static void
tui_prompt_enter(struct tui *t)
{
	char	line[LINEEDIT_MAX + 1], echo[LINEEDIT_MAX + 3], err[512];
	int	rc;

	memcpy(line, t->le.buf, t->le.len + 1);
	if (t->prompt == PR_STUDENT) {
		char	*name = line, *end;

		while (*name == ' ' || *name == '\t')
			name++;
		end = name + strlen(name);
		while (end > name && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*name == '\0') {
			tui_status(t, R_WARN, "%s", tui_lab_en(t) ?
			    "type your name, then Enter (Esc cancels)" :
			    "이름을 입력하고 Enter (Esc 취소)");
			return;
		}
		slog_set_student(t->log, name);
		lineedit_clear(&t->le);
		t->prompt = PR_NONE;
		tui_export_finish(t);
		return;
	}
	if (t->prompt == PR_ANSWER) {
		if (line[0] == '\0')
			return;
		if (tui_quiz_answer(t, line) == 0) {
			lineedit_clear(&t->le);
			if (!tui_quiz_open(t))
				t->prompt = PR_NONE;
		}
		return;
	}
	t->scroll[F_OUTPUT] = 0;
	if (t->prompt == PR_PRODUCER) {
		tui_lines_write(&t->output, ">", 1, R_DIM);
		tui_lines_write(&t->output, line, strlen(line), R_DIM);
		tui_lines_write(&t->output, "\n", 1, R_DIM);
		t->sink = S_OUTPUT;
		rc = console_feed_producer_line(t->con, line, err, sizeof err);
		tui_lines_flush(&t->output);
		if (rc < 0)
			tui_lines_add(&t->output, err, R_DOWN);
		lineedit_clear(&t->le);
		t->activity = true;
		tui_model_update(t, true);
		return;
	}
	if (line[0] == '\0')
		return;
	lineedit_history_add(&t->le, line);
	if (t->wait != NULL) {
		/* It runs once the wait is over. */
		t->queue = xreallocarray(t->queue, t->n_queue + 1,
		    sizeof t->queue[0]);
		t->queue[t->n_queue++] = xstrdup(line);
		lineedit_clear(&t->le);
		snprintf(echo, sizeof echo, "> %s", line);
		tui_lines_add(&t->output, echo, R_DIM);
		tui_lines_add(&t->output, "  (queued until the wait is over)",
		    R_DIM);
		return;
	}
	tui_lines_add(&t->output, "", R_NORMAL);
	snprintf(echo, sizeof echo, "$ %s", line);
	tui_lines_add(&t->output, echo, R_FOCUS);
	if (tui_exec_typed(t, line) < 0) {
		/* Keep the line for editing; the error is shown above. */
		return;
	}
	lineedit_clear(&t->le);
	if (console_producer_pending(t->con)) {
		t->prompt = PR_PRODUCER;
		tui_status(t, R_NORMAL, "type messages, Enter sends each; "
		    "Ctrl-D or Esc ends the producer");
	}
}

/* One key while the prompt is open.  wc is a character (is_key false)
 * or a curses KEY_ code. */
static void
tui_prompt_key(struct tui *t, wint_t wc, bool is_key)
{
	struct lineedit	*le = &t->le;

	t->dirty = true;
	if (is_key) {
		switch (wc) {
		case KEY_LEFT:	lineedit_left(le); break;
		case KEY_RIGHT:	lineedit_right(le); break;
		case KEY_HOME:	lineedit_home(le); break;
		case KEY_END:	lineedit_end(le); break;
		case KEY_BACKSPACE: lineedit_backspace(le); break;
		case KEY_DC:	lineedit_delete(le); break;
		case KEY_UP:
			if (t->prompt == PR_CONSOLE)
				lineedit_history_up(le);
			break;
		case KEY_DOWN:
			if (t->prompt == PR_CONSOLE)
				lineedit_history_down(le);
			break;
		case KEY_ENTER:	tui_prompt_enter(t); break;
		case KEY_PPAGE:	t->scroll[F_OUTPUT] += 5; break;
		case KEY_NPAGE:
			t->scroll[F_OUTPUT] = t->scroll[F_OUTPUT] > 5 ?
			    t->scroll[F_OUTPUT] - 5 : 0;
			break;
		default:	break;
		}
		return;
	}
	switch (wc) {
	case 27:	/* Esc */
	case 4:		/* Ctrl-D */
	case 3:		/* Ctrl-C */
		if (t->prompt == PR_PRODUCER) {
			t->sink = S_OUTPUT;
			console_producer_end(t->con);
			tui_lines_add(&t->output, "(producer ended)", R_DIM);
			t->prompt = PR_CONSOLE;
			lineedit_clear(le);
			if (wc == 4)
				return;
		}
		if (wc == 4 && le->len > 0) {
			lineedit_delete(le);
			return;
		}
		if (t->prompt == PR_STUDENT) {
			t->after_export = TUI_AFTER_STAY;
			lineedit_clear(le);
			tui_status(t, R_NORMAL, "%s", tui_lab_en(t) ?
			    "export cancelled" : "내보내기 취소");
		}
		t->prompt = PR_NONE;
		return;
	case '\r':
	case '\n':
		tui_prompt_enter(t);
		return;
	case '\t':
		if (t->prompt == PR_CONSOLE)
			tui_prompt_complete(t);
		return;
	case 127:
	case 8:
		lineedit_backspace(le);
		return;
	case 1:		/* Ctrl-A */
		lineedit_home(le);
		return;
	case 5:		/* Ctrl-E */
		lineedit_end(le);
		return;
	case 2:		/* Ctrl-B */
		lineedit_left(le);
		return;
	case 6:		/* Ctrl-F */
		lineedit_right(le);
		return;
	case 21:	/* Ctrl-U */
		lineedit_kill_start(le);
		return;
	case 11:	/* Ctrl-K */
		lineedit_kill_end(le);
		return;
	case 23:	/* Ctrl-W */
		lineedit_kill_word(le);
		return;
	default:
		lineedit_insert(le, (uint32_t)wc);	/* filters controls */
		return;
	}
}

/* ---- Keys --------------------------------------------------------------- */

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
		if (ev.y == t->bc_y[b] && ev.x >= t->bc_x0[b] &&
		    ev.x <= t->bc_x1[b]) {
			t->sel_broker = b;
			t->dirty = true;
			return;
		}
	if (ev.y >= t->rows_y0 && ev.y < t->rows_y0 + t->rows_n &&
	    t->part_top + (size_t)(ev.y - t->rows_y0) < t->snap.n_parts) {
		t->sel_part = t->part_top + (size_t)(ev.y - t->rows_y0);
		t->focus = F_TABLE;
		t->dirty = true;
	}
}

/* Keys a replay takes: those that do not touch the cluster or time. */
static bool
tui_replay_key(tui_action_fn fn)
{
	return fn != act_keys && fn != act_producer && fn != act_consumer &&
	    fn != act_console && fn != act_step && fn != act_lab &&
	    fn != act_export;
}

static void
tui_key(struct tui *t, wint_t wc, bool is_key)
{
	const struct tui_key_entry	*k;
	int				 code = (int)wc;

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
		if (!is_key && (wc == 'q' || wc == 3))
			t->quit = true;
		return;
	}
	if (!is_key && wc == 3) {	/* Ctrl-C: quit at once */
		t->end = TUI_END_QUIT;
		t->quit = true;
		return;
	}
	if (t->popup_kind == P_QUIT) {
		if (!is_key && (wc == 'y' || wc == 'Y')) {
			t->end = t->opt.picker ? TUI_END_BACK : TUI_END_QUIT;
			t->quit = true;
		} else if (!is_key && wc == 'Q' && t->opt.picker) {
			t->end = TUI_END_QUIT;
			t->quit = true;
		} else
			tui_popup_close(t);
		return;
	}
	if (t->popup_kind == P_EXPORT) {
		/* y/n/esc; other keys leave the question open. */
		if (!is_key && (wc == 'y' || wc == 'Y')) {
			tui_popup_close(t);
			tui_export_start(t, TUI_AFTER_LEAVE);
		} else if (!is_key && (wc == 'n' || wc == 'N')) {
			t->end = t->leave;
			t->quit = true;
		} else if (!is_key && wc == 27)
			tui_popup_close(t);
		return;
	}
	if (t->popup_kind == P_SUMMARY && !is_key && wc == 'q') {
		tui_popup_close(t);
		act_quit(t, 'q');
		return;
	}
	if (t->popup_kind != P_NONE) {
		if (is_key && (wc == KEY_NPAGE || wc == KEY_DOWN))
			t->popup_scroll += wc == KEY_DOWN ? 1 : 10;
		else if (is_key && (wc == KEY_PPAGE || wc == KEY_UP))
			t->popup_scroll -= wc == KEY_UP ? 1 : 10;
		else if (!is_key && (wc == 'j' || wc == 'k'))
			t->popup_scroll += wc == 'j' ? 1 : -1;
		else
			tui_popup_close(t);
		if (t->popup_scroll < 0)
			t->popup_scroll = 0;
		t->dirty = true;
		return;
	}
	if (t->prompt != PR_NONE) {
		tui_prompt_key(t, wc, is_key);
		return;
	}
	if (!is_key && wc == 27) {
		/* Esc with nothing open: cancels a typed wait, if any. */
		if (t->wait != NULL)
			tui_wait_cancel(t);
		return;
	}
	if (((!is_key && (wc == '\r' || wc == '\n')) ||
	    (is_key && wc == KEY_ENTER)) && tui_quiz_open(t)) {
		t->prompt = PR_ANSWER;	/* the answer line */
		lineedit_clear(&t->le);
		t->dirty = true;
		return;
	}
	if (!is_key && (wc == '\r' || wc == '\n'))
		return;
	if (!is_key && tui_quiz_open(t) && wc >= 'a' &&
	    wc < (wint_t)('a' + t->lab->steps[t->run->front].quiz->n_choices)) {
		char	ans[2] = { (char)wc, '\0' };

		console_key_add(t->con, ans);
		tui_quiz_answer(t, ans);
		return;
	}
	if (is_key && (code == KEY_LEFT || code == KEY_RIGHT)) {
		/* Left/right walk the brokers. */
		if (code == KEY_LEFT && t->sel_broker > 1)
			t->sel_broker--;
		else if (code == KEY_RIGHT && t->sel_broker <
		    t->snap.n_brokers)
			t->sel_broker++;
		t->dirty = true;
		return;
	}
	for (k = tui_keys; k->fn != NULL; k++) {
		if (k->key != code)
			continue;
		if (is_key != (code >= KEY_MIN))
			continue;
		if (t->rp != NULL && !tui_replay_key(k->fn)) {
			tui_status(t, R_WARN, "replay: only space, +/-, the "
			    "views and q work");
			return;
		}
		if (k->fn != act_keys)
			console_key_add(t->con, k->name);
		if (k->fn(t, code))
			t->dirty = true;
		return;
	}
	if (!is_key && wc >= 0x20 && wc != 0x7f && wc < 0x10000) {
		char	mb[8];
		int	n = wctomb(mb, (wchar_t)wc);

		if (n > 0) {
			mb[n] = '\0';
			tui_status(t, R_WARN, "unknown key '%s' (? lists the "
			    "keys)", mb);
			return;
		}
	}
	tui_status(t, R_WARN, "unknown key (? lists the keys)");
}

/* ---- Terminal safety ---------------------------------------------------- */

static void
tui_on_signal(int sig)
{
	tui_signalled = sig;
}

static void
tui_on_crash(int sig)
{
	static const char	reset[] = "\033[?1000l\033[?1002l\033[?1006l"
	    "\033[0m\033[?25h\033[?1049l\r\n";
	ssize_t			r;

	if (tui_have_termios)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &tui_saved_termios);
	r = write(STDOUT_FILENO, reset, sizeof reset - 1);
	(void)r;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
tui_fatal_hook(void)
{
	if (tui_screen != NULL && !isendwin())
		endwin();
}

static void
tui_signals(bool on)
{
	static struct sigaction	old[6];
	static const int	sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGSEGV,
	    SIGBUS, SIGFPE };
	struct sigaction	sa;
	size_t			i;

	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		if (!on) {
			sigaction(sigs[i], &old[i], NULL);
			continue;
		}
		memset(&sa, 0, sizeof sa);
		sigemptyset(&sa.sa_mask);
		if (sigs[i] == SIGINT || sigs[i] == SIGTERM ||
		    sigs[i] == SIGHUP)
			sa.sa_handler = tui_on_signal;
		else {
			sa.sa_handler = tui_on_crash;
			sa.sa_flags = SA_RESETHAND;
		}
		sigaction(sigs[i], &sa, &old[i]);
	}
	/* SIGABRT: fatal() has already ended curses through its hook; an
	 * assert() has not, so reset here too. */
	if (on) {
		memset(&sa, 0, sizeof sa);
		sigemptyset(&sa.sa_mask);
		sa.sa_handler = tui_on_crash;
		sa.sa_flags = SA_RESETHAND;
		sigaction(SIGABRT, &sa, NULL);
	} else
		signal(SIGABRT, SIG_DFL);
}

/* ---- The loop ----------------------------------------------------------- */

/* Advance the simulator by the lab time real time owes it. */
static void
tui_drive_sim(struct tui *t)
{
	double	real = t->now_real, dt = real - t->last_real;
	int64_t	now;

	t->last_real = real;
	if (!t->sim)
		return;
	now = t->e->ops->now(t->e);
	if (t->paused) {
		t->lab_target = (double)now;
		return;
	}
	if (dt > 1000)
		dt = 1000;	/* after a stall, do not race */
	t->lab_target += dt * t->speed;
	if (t->rp != NULL && !t->replay_done) {
		/* A replay stops the clock at its next action's lab time,
		 * so each runs exactly when it ran (tui_replay_tick). */
		const struct replay_action	*a = t->rp->next < t->rp->n ?
						    &t->rp->v[t->rp->next] :
						    NULL;
		double				 cap = (double)(a != NULL ?
						    a->t_ms : t->rp->end_ms);

		if (t->lab_target > cap)
			t->lab_target = cap > (double)now ? cap : (double)now;
	}
	if (t->lab_target < (double)now)
		return;		/* a command moved time ahead: wait */
	if ((int64_t)t->lab_target > now)
		t->e->ops->advance(t->e, (int64_t)t->lab_target - now);
}

/* A replay: run the actions whose lab time has come, echoing them in the
 * console pane; after the last one and the session's end, compare the
 * final state with the recorded one and stop the clock. */
static void
tui_replay_tick(struct tui *t)
{
	struct replay			*rp = t->rp;
	const struct replay_action	*a;
	struct strbuf			 desc = STRBUF_INIT;
	char				 line[LINEEDIT_MAX + 64], err[512];
	char				 at[32];
	enum tui_sink			 old;
	int64_t				 now = t->e->ops->now(t->e);
	int				 rc;

	if (rp == NULL || t->replay_done)
		return;
	while (rp->next < rp->n && rp->v[rp->next].t_ms <= now) {
		a = replay_next_action(rp);
		tui_lines_add(&t->output, "", R_NORMAL);
		if (a->kind == REPLAY_KEY)
			snprintf(line, sizeof line, "[%.1fs] key %s",
			    (double)a->t_ms / 1000.0, a->text);
		else
			snprintf(line, sizeof line, "[%.1fs] %s$ %s",
			    (double)a->t_ms / 1000.0, a->setup ? "(setup) " :
			    "", a->text);
		tui_lines_add(&t->output, line, R_FOCUS);
		tui_status(t, R_DIM, "%s", line);
		old = t->sink;
		t->sink = S_OUTPUT;
		err[0] = '\0';
		rc = replay_apply(rp, t->con, a, &t->rsel, err, sizeof err);
		tui_lines_flush(&t->output);
		t->sink = old;
		if (rc < 0 && err[0] != '\0')
			tui_lines_add(&t->output, err, R_DOWN);
		if (a->kind == REPLAY_KEY && t->rsel.broker > 0)
			t->sel_broker = t->rsel.broker;
		tui_model_update(t, true);
		now = t->e->ops->now(t->e);
	}
	if (rp->next < rp->n || now < rp->end_ms)
		return;
	replay_finish(rp, t->con);
	now = t->e->ops->now(t->e);
	snprintf(at, sizeof at, "%" PRId64 ".%" PRId64 "s", now / 1000,
	    (now % 1000) / 100);	/* as the header shows it */
	t->replay_done = true;
	tui_set_paused(t, true);
	tui_model_update(t, true);
	export_describe(t->e, &desc);
	tui_lines_add(&t->output, "", R_NORMAL);
	if (rp->describe == NULL) {
		t->replay_rc = 0;
		tui_status(t, R_WARN, "replay finished at t=%s: the log has "
		    "no final state to compare (q quits)", at);
	} else if (strcmp(rp->describe, strbuf_cstr(&desc)) == 0) {
		t->replay_rc = 0;
		tui_lines_add(&t->output, "replay: same final state as "
		    "recorded", R_UP);
		tui_status(t, R_UP, "replay finished at t=%s: final state "
		    "matches the recording (q quits)", at);
	} else {
		t->replay_rc = 1;
		tui_lines_add(&t->output, "replay: DIFFERENT final state; "
		    "recorded:", R_DOWN);
		tui_lines_write(&t->output, rp->describe,
		    strlen(rp->describe), R_NORMAL);
		tui_lines_flush(&t->output);
		tui_lines_add(&t->output, "replayed:", R_DOWN);
		tui_lines_write(&t->output, desc.s, desc.len, R_NORMAL);
		tui_lines_flush(&t->output);
		tui_status(t, R_DOWN, "replay finished at t=%s: final state "
		    "differs from the recording (console pane; q quits)", at);
	}
	t->status_until = 0;
	strbuf_free(&desc);
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

static void
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
		t->now_real = tui_mono_ms();
		tui_drive_sim(t);
		tui_replay_tick(t);
		tui_model_update(t, false);
		tui_producer_tick(t);
		tui_consumer_tick(t);
		tui_lab_poll(t);
		tui_wait_tick(t);
		if (t->log != NULL)
			slog_poll(t->log);
		if (t->lab_flash_until > 0 && t->now_real > t->lab_flash_until) {
			t->lab_flash_until = 0;
			t->lab_flash[0] = '\0';
			t->dirty = true;
		}
		if (t->lab_note_until > 0 && t->now_real > t->lab_note_until) {
			t->lab_note_until = 0;
			t->lab_note[0] = '\0';
			t->dirty = true;
		}

		tenths = t->snap.now / 100;
		if (tenths != t->shown_tenths) {
			t->shown_tenths = tenths;
			t->dirty = true;
		}
		flashing = tui_flashing(t, &flash_end);
		if (flashing != was_flashing || (flashing && flash_end > 0 &&
		    t->now_real >= flash_end - 1))
			t->dirty = true;
		was_flashing = flashing;
		if (t->status_until > 0 && t->now_real > t->status_until) {
			t->status[0] = '\0';
			t->status_until = 0;
			t->dirty = true;
		}

		if (t->dirty && t->now_real - last_draw >= TUI_FRAME_MS) {
			draw_frame(t);
			refresh();
			last_draw = t->now_real;
			t->dirty = false;
		}

		tui_clock(t, &paused, &speed);
		if (t->dirty || !paused || flashing || t->producing ||
		    t->wait != NULL)
			timeout = TUI_TICK_MS;
		else if (t->lab_flash_until > 0 || t->lab_note_until > 0)
			timeout = 250;
		else if (t->status_until > 0)
			timeout = 250;
		else
			timeout = t->sim ? -1 : 250;
		pfd.fd = STDIN_FILENO;
		pfd.events = POLLIN;
		pfd.revents = 0;
		r = poll(&pfd, 1, timeout);
		if (r < 0 && errno != EINTR)
			break;
		if (tui_signalled)
			break;
		t->now_real = tui_mono_ms();
		/* Drain every key (KEY_RESIZE arrives here after SIGWINCH). */
		while ((r = get_wch(&wc)) != ERR && !t->quit)
			tui_key(t, wc, r == KEY_CODE_YES);
	}
}

/* Take the terminal: curses on, signals and the fatal hook set.  Returns
 * 0, or 1 with a message on stderr. */
static int
tui_term_begin(const struct tui_options *opt)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "isrlab: the screen needs a terminal (use "
		    "--headless for scripts)\n");
		return 1;
	}
	tui_have_termios = tcgetattr(STDIN_FILENO, &tui_saved_termios) == 0;
	if ((tui_screen = newterm(NULL, stdout, stdin)) == NULL) {
		fprintf(stderr, "isrlab: cannot use terminal '%s'\n",
		    getenv("TERM") != NULL ? getenv("TERM") : "(unset)");
		return 1;
	}
	fatal_set_hook(tui_fatal_hook);
	tui_signals(true);
	set_escdelay(25);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	if (!opt->no_mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	mouseinterval(0);
	return 0;
}

static void
tui_term_end(void)
{
	if (tui_screen == NULL)
		return;
	if (!isendwin())
		endwin();
	delscreen(tui_screen);
	tui_screen = NULL;
	tui_signals(false);
	fatal_set_hook(NULL);
}

/* The journal of one lab or free play, observing the console and the
 * runner before anything runs, so lab_start and the seed topic are in
 * it (a replay needs them). */
static void
tui_journal_begin(struct tui *t)
{
	const char		*racks[ISR_MAX_BROKERS];
	const char *const	*rk = t->opt.racks;
	uint64_t		 seed = t->opt.seed;
	int			 b;

	if (t->lab != NULL) {
		/* As main.c built the lab's cluster. */
		seed = t->lab->seed;
		for (b = 0; b < t->lab->brokers && b < ISR_MAX_BROKERS; b++)
			racks[b] = t->lab->racks[b];
		rk = t->lab->has_racks ? racks : NULL;
	}
	t->log = slog_new(t->e, 0, NULL, NULL);
	slog_set_cluster(t->log, seed, t->e->n_brokers, rk,
	    t->opt.kafka_timings);
	slog_set_export_dir(t->log, t->opt.export_dir);
	if (t->opt.student != NULL)
		slog_set_student(t->log, t->opt.student);
	export_attach(t->log, t->con, t->run);
}

/* Free play's topic: email.send, 1 partition, RF 3 or fewer when the
 * cluster is smaller.  A setup line in the journal. */
static void
tui_seed_topic(struct tui *t)
{
	char	line[256];
	int	rf = t->e->n_brokers < TUI_SEED_RF ? t->e->n_brokers :
		    TUI_SEED_RF;

	snprintf(line, sizeof line, "kafka-topics.sh --bootstrap-server "
	    "localhost:9092 --create --topic email.send --partitions 1 "
	    "--replication-factor %d", rf);
	console_set_source(t->con, "setup");
	tui_exec(t, line, S_STATUS);
	console_set_source(t->con, NULL);
	t->activity = false;
}

/* One lab or free play on e, curses already on; how it ended. */
static enum tui_end
tui_play(struct engine *e, const struct tui_options *opt, bool *finished)
{
	struct tui	t;

	tui_state_init(&t, e, opt);
	t.curses_on = true;
	tui_curses_setup(&t);
	tui_lab_new(&t);
	tui_journal_begin(&t);
	if (t.opt.seed_topic && t.opt.lab == NULL)
		tui_seed_topic(&t);
	tui_lab_start(&t);
	t.now_real = t.last_real = tui_mono_ms();
	t.lab_target = (double)e->ops->now(e);
	clearok(stdscr, TRUE);

	tui_loop(&t);

	*finished = t.run != NULL && t.run->finished;
	tui_state_free(&t);
	return tui_signalled ? TUI_END_QUIT : t.end;
}

int
tui_run(struct engine *e, const struct tui_options *opt)
{
	struct tui_options	o = *opt;
	bool			finished;

	o.picker = false;
	if (tui_term_begin(&o) != 0)
		return 1;
	tui_play(e, &o, &finished);
	tui_term_end();
	return 0;
}

/* ---- The lab picker ----------------------------------------------------- */

/* Show the picker until Enter (returns the entry) or q (returns -1). */
static int
tui_pick(struct tui *pt, struct tui_picker *p)
{
	struct pollfd	pfd;
	wint_t		wc;
	int		r, step;
	bool		dirty = true;

	for (;;) {
		if (dirty) {
			getmaxyx(stdscr, pt->h, pt->w);
			draw_picker(pt, p);
			refresh();
			dirty = false;
		}
		pfd.fd = STDIN_FILENO;
		pfd.events = POLLIN;
		pfd.revents = 0;
		r = poll(&pfd, 1, 500);
		if (r < 0 && errno != EINTR)
			return -1;
		if (tui_signalled)
			return -1;
		while ((r = get_wch(&wc)) != ERR) {
			bool	key = r == KEY_CODE_YES;

			dirty = true;
			step = pt->h > 8 ? pt->h - 8 : 1;
			if (key && wc == KEY_RESIZE)
				continue;
			if ((!key && (wc == 'j')) || (key && wc == KEY_DOWN)) {
				if (p->sel + 1 < p->n)
					p->sel++;
			} else if ((!key && wc == 'k') || (key &&
			    wc == KEY_UP)) {
				if (p->sel > 0)
					p->sel--;
			} else if (key && wc == KEY_NPAGE) {
				p->sel += (size_t)step;
				if (p->sel >= p->n)
					p->sel = p->n - 1;
			} else if (key && wc == KEY_PPAGE) {
				p->sel = p->sel > (size_t)step ?
				    p->sel - (size_t)step : 0;
			} else if ((key && wc == KEY_HOME) || (!key &&
			    wc == 'g'))
				p->sel = 0;
			else if ((key && wc == KEY_END) || (!key && wc == 'G'))
				p->sel = p->n - 1;
			else if ((!key && (wc == '\r' || wc == '\n')) ||
			    (key && wc == KEY_ENTER))
				return (int)p->sel;
			else if (!key && (wc == 'q' || wc == 'Q' || wc == 3))
				return -1;
			else if (!key && wc >= '0' && wc <= '9') {
				/* A digit picks the lab of that number:
				 * 1 -> 01, and 1 then 3 -> 13. */
				int	num = (int)(wc - '0');
				size_t	i, cur = p->sel;

				if (cur > 0 && p->v[cur].number > 0 &&
				    p->v[cur].number < 10 &&
				    p->v[cur].number * 10 + num <= 99)
					for (i = 1; i < p->n; i++)
						if (p->v[i].number ==
						    p->v[cur].number * 10 + num)
							num = p->v[i].number;
				for (i = 1; i < p->n; i++)
					if (p->v[i].number == num)
						p->sel = i;
			}
		}
	}
}

int
tui_session(const struct tui_options *opt, struct lab *const *labs,
    size_t n, tui_engine_new_fn engine_new, tui_engine_free_fn engine_free,
    void *arg)
{
	struct tui_options	 o = *opt;
	struct tui_picker	 p;
	struct tui		 pt;
	struct engine		*e;
	size_t			 i;
	enum tui_end		 end;
	int			 w, choice, rc = 0;
	bool			 en = opt->lang == LAB_EN, finished;
	char			 free_summary[256];
	int			 nb = opt->brokers > 0 ? opt->brokers : 3;
	int			 rf = nb < TUI_SEED_RF ? nb : TUI_SEED_RF;

	memset(&p, 0, sizeof p);
	p.n = n + 1;
	p.en = en;
	p.v = xcalloc(p.n, sizeof *p.v);
	p.v[0].title = en ? "Free play: the cluster without a lab" :
	    "자유 실습: 실습 없이 클러스터 다루기";
	if (en)
		snprintf(free_summary, sizeof free_summary, "%d broker%s and "
		    "email.send (1 partition, RF %d); every key works, no "
		    "steps.", nb, nb == 1 ? "" : "s", rf);
	else
		snprintf(free_summary, sizeof free_summary,
		    "브로커 %d대와 email.send "
		    "(파티션 1개, 복제 계수 %d). "
		    "모든 키를 자유롭게 써 본다.", nb, rf);
	p.v[0].summary = free_summary;
	for (i = 0; i < n; i++) {
		p.v[i + 1].number = lab_number(labs[i]);
		p.v[i + 1].title = lab_str_get(&labs[i]->title, o.lang);
		p.v[i + 1].level = lab_str_get(&labs[i]->level, o.lang);
		p.v[i + 1].minutes = labs[i]->minutes;
		p.v[i + 1].summary = lab_str_get(&labs[i]->summary, o.lang);
		if ((w = utf8_width(p.v[i + 1].title)) > p.title_w)
			p.title_w = w;
		if ((w = utf8_width(p.v[i + 1].level)) > p.level_w)
			p.level_w = w;
	}
	if (p.title_w > 48)
		p.title_w = 48;
	if (p.level_w > 12)
		p.level_w = 12;
	if (tui_term_begin(&o) != 0) {
		free(p.v);
		return 1;
	}
	memset(&pt, 0, sizeof pt);
	pt.opt = o;
	pt.g = layout_glyphs(false);
	tui_curses_look(&pt);
	o.picker = true;
	for (;;) {
		choice = tui_pick(&pt, &p);
		if (choice < 0)
			break;
		o.lab = choice == 0 ? NULL : labs[choice - 1];
		o.title = NULL;
		o.seed_topic = choice == 0;
		if ((e = engine_new(o.lab, arg)) == NULL) {
			rc = 1;
			break;
		}
		end = tui_play(e, &o, &finished);
		engine_free(e, arg);
		if (finished && choice > 0)
			p.v[choice].done = true;
		if (end == TUI_END_QUIT)
			break;
		clearok(stdscr, TRUE);
	}
	tui_term_end();
	free(p.v);
	return rc;
}

/* ---- The live replay ---------------------------------------------------- */

int
tui_replay(const char *path, const struct tui_options *opt)
{
	struct tui_options	 o = *opt;
	struct replay		*rp;
	struct tui		 t;
	char			 err[1024], title[256];
	int			 rc;

	if (replay_load(path, &rp, err, sizeof err) != 0) {
		fprintf(stderr, "isrlab: %s\n", err);
		return 2;
	}
	snprintf(title, sizeof title, "replay: %s %s", rp->student != NULL ?
	    rp->student : "?", rp->lab_id != NULL ? rp->lab_id :
	    "free play");
	o.title = title;
	o.picker = false;
	o.lab = NULL;
	o.seed_topic = false;
	if (tui_term_begin(&o) != 0) {
		replay_free(rp);
		return 1;
	}
	tui_state_init(&t, replay_engine(rp), &o);
	t.rp = rp;
	t.curses_on = true;
	t.output_shown = true;
	/* A recorded wait is the time up to the next action. */
	console_set_waiter(t.con, tui_waiter, &t);
	tui_curses_setup(&t);
	tui_status(&t, R_NORMAL, "replaying %zu actions of %s at %gx (space "
	    "pauses, +/- speed, q quits)", rp->n, path, t.speed);
	t.now_real = t.last_real = tui_mono_ms();
	t.lab_target = (double)t.e->ops->now(t.e);
	clearok(stdscr, TRUE);

	tui_loop(&t);

	rc = t.replay_done ? t.replay_rc : 0;
	tui_state_free(&t);
	tui_term_end();
	replay_free(rp);
	return rc;
}
