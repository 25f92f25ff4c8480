/*
 * playback.c - `isrlab --replay FILE.jsonl` on the screen.
 *
 * DESIGN
 * A replay drives the same loop as a lab, over the cluster the journal
 * recorded (journal/replay.h) with the replay base mode, which takes
 * only keys that touch neither the cluster nor time (space, +/-, the
 * views, q).  The simulator's clock stops at the next action's lab time
 * (tui_drive_sim), the action runs and is echoed in the console pane,
 * and the clock goes on at the screen's speed.  After the last action
 * and the session's end the final state is compared with the recorded
 * one, and the clock stops.
 */

#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "journal/export.h"
#include "journal/replay.h"
#include "tui/mode.h"
#include "tui/tui-int.h"
#include "util/strbuf.h"

/* A replay: run the actions whose lab time has come, echoing them in the
 * console pane; after the last one and the session's end, compare the
 * final state with the recorded one and stop the clock. */
void
tui_replay_tick(struct tui *t)
{
	struct replay			*rp = t->replay.rp;
	const struct replay_action	*a;
	struct strbuf			 desc = STRBUF_INIT;
	char				 line[LINEEDIT_MAX + 64], err[512];
	char				 at[32];
	enum tui_sink			 old;
	int64_t				 now = t->e->ops->now(t->e);
	int				 rc;

	if (rp == NULL || t->replay.done)
		return;
	while (rp->next < rp->n && rp->v[rp->next].t_ms <= now) {
		a = replay_next_action(rp);
		tui_lines_add(&t->output, "", R_NORMAL);
		if (a->kind == REPLAY_KEY)
			snprintf(line, sizeof line, "[%.1fs] key %s",
			    (double)a->t_ms / 1000.0, a->text);
		else
			snprintf(line, sizeof line, "[%.1fs] %s$ %s",
			    (double)a->t_ms / 1000.0, a->setup ?
			    _("(setup) ") : "", a->text);
		tui_lines_add(&t->output, line, R_FOCUS);
		tui_status(t, R_DIM, "%s", line);
		old = t->sink;
		t->sink = S_OUTPUT;
		err[0] = '\0';
		rc = replay_apply(rp, t->con, a, &t->replay.sel, err,
		    sizeof err);
		tui_lines_flush(&t->output);
		t->sink = old;
		if (rc < 0 && err[0] != '\0')
			tui_lines_add(&t->output, err, R_DOWN);
		if (a->kind == REPLAY_KEY && t->replay.sel.broker > 0)
			t->sel_broker = t->replay.sel.broker;
		tui_model_update(t, true);
		now = t->e->ops->now(t->e);
	}
	if (rp->next < rp->n || now < rp->end_ms)
		return;
	replay_finish(rp, t->con);
	now = t->e->ops->now(t->e);
	snprintf(at, sizeof at, "%" PRId64 ".%" PRId64 "s", now / 1000,
	    (now % 1000) / 100);	/* as the header shows it */
	t->replay.done = true;
	tui_set_paused(t, true);
	tui_model_update(t, true);
	export_describe(t->e, &desc);
	tui_lines_add(&t->output, "", R_NORMAL);
	if (rp->describe == NULL) {
		t->replay.rc = 0;
		/* TRANSLATORS: %s is the lab time, e.g. 42.3s. */
		tui_status(t, R_WARN, _("replay finished at t=%s: the log has "
		    "no final state to compare (q quits)"), at);
	} else if (strcmp(rp->describe, strbuf_cstr(&desc)) == 0) {
		t->replay.rc = 0;
		tui_lines_add(&t->output, _("replay: same final state as "
		    "recorded"), R_UP);
		tui_status(t, R_UP, _("replay finished at t=%s: final state "
		    "matches the recording (q quits)"), at);
	} else {
		t->replay.rc = 1;
		tui_lines_add(&t->output, _("replay: DIFFERENT final state; "
		    "recorded:"), R_DOWN);
		tui_lines_write(&t->output, rp->describe,
		    strlen(rp->describe), R_NORMAL);
		tui_lines_flush(&t->output);
		tui_lines_add(&t->output, _("replayed:"), R_DOWN);
		tui_lines_write(&t->output, desc.s, desc.len, R_NORMAL);
		tui_lines_flush(&t->output);
		tui_status(t, R_DOWN, _("replay finished at t=%s: final state "
		    "differs from the recording (console pane; q quits)"), at);
	}
	t->status.until = 0;
	strbuf_free(&desc);
}

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
	/* TRANSLATORS: the header of a replay: the student, the lab. */
	snprintf(title, sizeof title, _("replay: %s %s"), rp->student != NULL ?
	    rp->student : "?", rp->lab_id != NULL ? rp->lab_id :
	    _("free play"));
	o.title = title;
	o.picker = false;
	o.lab = NULL;
	o.seed_topic = false;
	if (tui_term_begin(&o) != 0) {
		replay_free(rp);
		return 1;
	}
	tui_state_init(&t, replay_engine(rp), &o);
	t.replay.rp = rp;
	tui_mode_replace(&t, &tui_mode_play, &tui_mode_replay);
	t.curses_on = true;
	t.output_shown = true;
	/* A recorded wait is the time up to the next action. */
	console_set_waiter(t.con, tui_waiter, &t);
	tui_curses_setup(&t);
	/* TRANSLATORS: the number of actions, the log, the speed. */
	tui_status(&t, R_NORMAL, _("replaying %zu actions of %s at %gx (space "
	    "pauses, +/- speed, q quits)"), rp->n, path, t.clock.speed);
	t.now_real = t.clock.last_real = tui_now_ms();
	t.clock.lab_target = (double)t.e->ops->now(t.e);
	clearok(stdscr, TRUE);

	tui_loop(&t);

	rc = t.replay.done ? t.replay.rc : 0;
	tui_state_free(&t);
	tui_term_end();
	replay_free(rp);
	return rc;
}

