/*
 * actions.c - the plain screen's keys: play and replay, the base modes.
 *
 * DESIGN
 * With nothing open, a key goes through the one key table (keys_table,
 * console/keys.h) to an action that returns whether the screen must be
 * redrawn (htop's Action.c); tui_actions binds the table's actions to
 * the functions here and in the other files.  The
 * actions that change the cluster do it through the console, as the
 * command lines a student could have typed (console/keys.h), so keys and
 * typed commands are journaled and checked by labs the same way.  The
 * actions of other concerns live with them (popup.c, prompt.c,
 * labpane.c, traffic.c, session.c); this file has the selection, the
 * focus, the clock keys and the cluster keys.  A replay's base mode takes
 * only the table's KEYS_IN_REPLAY keys, which touch neither the cluster
 * nor time.
 */

#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/keys.h"
#include "console/words.h"
#include "tui/mode.h"
#include "tui/tui-int.h"

static int
act_select_broker(struct tui *t, int key)
{
	int	b = key - '0';

	if (b > t->snap.n_brokers) {
		tui_status(t, R_WARN, _("there is no broker %d (brokers are "
		    "1-%d)"), b, t->snap.n_brokers);
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

	/* In a lab, PgUp/PgDn scroll the lab's text whatever has the
	 * focus: the step's instructions are what the student reads. */
	if (t->focus == F_LAB || t->run != NULL) {
		step = t->lab_pane.text_h > 2 ? t->lab_pane.text_h - 1 : 1;
		if (key == KEY_NPAGE)
			t->scroll[F_LAB] += step;
		else
			t->scroll[F_LAB] = t->scroll[F_LAB] > step ?
			    t->scroll[F_LAB] - step : 0;
		return 1;
	}
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
		if (t->focus == F_CONSUMER && !t->cons.on)
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
	size_t				 i, o;
	int				 rc;

	memset(&sel, 0, sizeof sel);
	sel.broker = t->sel_broker;
	sel.acks = t->prod.acks;
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
	 * replay presses it again) and runs its lines, on a thread of
	 * their own when they take long (a produce waiting for acks). */
	tui_request_key(t, name, &sel);
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
	tui_status(t, R_NORMAL, "%s", paused ? _("clock running") :
	    _("clock paused (space resumes, . steps 100 ms)"));
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
	/* Real clients' timeouts run on real time (issue 16). */
	if (speed != 1.0 && snapshot_wire_clients(&t->snap) > 0)
		tui_status(t, R_WARN, _("speed %gx: real clients are connected; "
		    "their own timeouts run on real time and do not scale"),
		    speed);
	else
		tui_status(t, R_NORMAL, _("speed %gx"), speed);
	return 1;
}

static int
act_step(struct tui *t, int key)
{
	(void)key;
	tui_set_paused(t, true);
	t->e->ops->advance(t->e, 100);
	t->clock.lab_target = (double)t->e->ops->now(t->e);
	tui_model_update(t, true);
	tui_status(t, R_NORMAL, "%s", _("stepped 100 ms (paused)"));
	return 1;
}

/* An action returns 1 when the screen must be redrawn. */
typedef int (*tui_action_fn)(struct tui *t, int key);

/* What each of the key table's actions is here. */
static const tui_action_fn tui_actions[KEYS_ACT__COUNT] = {
	[KEYS_ACT_BROKER] = act_select_broker,
	[KEYS_ACT_DOWN] = act_part_down,
	[KEYS_ACT_UP] = act_part_up,
	[KEYS_ACT_PAGE] = act_page,
	[KEYS_ACT_FOCUS] = act_focus,
	[KEYS_ACT_CLUSTER] = act_keys,
	[KEYS_ACT_PRODUCER] = act_producer,
	[KEYS_ACT_ACKS] = act_acks,
	[KEYS_ACT_CONSUMER] = act_consumer,
	[KEYS_ACT_DESCRIBE] = act_describe,
	[KEYS_ACT_METRICS] = act_metrics,
	[KEYS_ACT_CONSOLE] = act_console,
	[KEYS_ACT_PAUSE] = act_pause,
	[KEYS_ACT_SPEED] = act_speed,
	[KEYS_ACT_STEP] = act_step,
	[KEYS_ACT_EXPORT] = act_export,
	[KEYS_ACT_LAB] = act_lab,
	[KEYS_ACT_HELP] = act_help,
	[KEYS_ACT_QUIT] = act_quit,
};

/* The key table's name of a terminal key ("L", "Down", "Space"), in
 * buf when it is one character; NULL for a key the table cannot name.
 * '=' is '+' without shift and F1 is help, as in most programs. */
static const char *
tui_key_name(wint_t wc, bool is_key, char buf[2])
{
	if (is_key) {
		switch (wc) {
		case KEY_DOWN:	return "Down";
		case KEY_UP:	return "Up";
		case KEY_NPAGE:	return "PgDn";
		case KEY_PPAGE:	return "PgUp";
		case KEY_F(1):	return "?";
		default:	return NULL;
		}
	}
	if (wc == '\t')
		return "Tab";
	if (wc == ' ')
		return "Space";
	if (wc == '=')
		return "+";
	if (wc <= 0x20 || wc >= 0x7f)
		return NULL;
	buf[0] = (char)wc;
	buf[1] = '\0';
	return buf;
}

/* The plain screen: Esc cancels a typed wait, Ctrl-C too or else asks
 * the quit question, left/right walk the
 * brokers, the rest goes through the key table for the keys of ctx (a
 * replay takes fewer).  It takes every key. */
static bool
base_key(struct tui *t, wint_t wc, bool is_key, unsigned ctx)
{
	const struct keys_entry	*k;
	const char		*name;
	char			 buf[2];
	int			 code = (int)wc;

	if (!is_key && wc == 27) {
		if (t->wait.pending != NULL)
			tui_wait_cancel(t);
		return true;
	}
	if (!is_key && wc == 3) {
		/* Ctrl-C: a typed wait is cancelled, as a shell would; else
		 * the question q asks, never quitting with work unsaved. */
		if (t->wait.pending != NULL)
			tui_wait_cancel(t);
		else if (tui_actions[KEYS_ACT_QUIT](t, 'q'))
			t->dirty = true;
		return true;
	}
	if (!is_key && (wc == '\r' || wc == '\n'))
		return true;
	if (is_key && (code == KEY_LEFT || code == KEY_RIGHT)) {
		if (code == KEY_LEFT && t->sel_broker > 1)
			t->sel_broker--;
		else if (code == KEY_RIGHT && t->sel_broker <
		    t->snap.n_brokers)
			t->sel_broker++;
		t->dirty = true;
		return true;
	}
	if ((name = tui_key_name(wc, is_key, buf)) != NULL &&
	    (k = keys_find(name)) != NULL) {
		if (!(k->ctx & ctx)) {
			/* Only a replay leaves keys out. */
			tui_status(t, R_WARN, "%s", _("replay: only space, "
			    "+/-, the views and q work"));
			return true;
		}
		/* keys_press records a cluster key itself. */
		if (k->act != KEYS_ACT_CLUSTER)
			console_key_add(t->con, name);
		if (tui_actions[k->act](t, code))
			t->dirty = true;
		return true;
	}
	if (!is_key && wc >= 0x20 && wc != 0x7f && wc < 0x10000) {
		char	mb[8];
		int	n = wctomb(mb, (wchar_t)wc);

		if (n > 0) {
			mb[n] = '\0';
			tui_status(t, R_WARN, _("unknown key '%s' (? lists "
			    "the keys)"), mb);
			return true;
		}
	}
	tui_status(t, R_WARN, "%s", _("unknown key (? lists the keys)"));
	return true;
}

static bool
play_key(struct tui *t, wint_t wc, bool is_key)
{
	return base_key(t, wc, is_key, KEYS_IN_PLAY);
}

static bool
replay_key(struct tui *t, wint_t wc, bool is_key)
{
	return base_key(t, wc, is_key, KEYS_IN_REPLAY);
}

const struct tui_mode tui_mode_play = { .key = play_key };
const struct tui_mode tui_mode_replay = { .key = replay_key };
