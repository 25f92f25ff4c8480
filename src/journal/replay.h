/*
 * replay.h - playing an exported session back on the simulator.
 *
 * DESIGN
 * The cluster only ever changes through console lines and keys, so a
 * session is replayed by building the same simulator (seed, brokers,
 * racks, settings from the JSON Lines header) and re-applying, in order
 * and at their lab times, every command (including a lab's setup lines)
 * and every key with the selection it was pressed under.  Lines a key ran
 * are not replayed on their own: pressing the key runs them again.  Lab
 * time only moves on the simulator when told to, so before each action
 * the replay advances the clock to the action's t_ms; at the end, to the
 * session's last t_ms.  The same inputs at the same lab times give the
 * same cluster, which the replay checks against the final `describe`
 * recorded in the file.  Sessions recorded on the threaded runtime replay
 * too, but their timing was real, so their end state may differ.  A
 * `rewind` record undoes the student's actions since its step began (they
 * are dropped from the actions; the cluster was rebuilt without them), and
 * the actions after it come at lab times from the step's start on.
 *
 * Front ends: replay_load, replay_engine, then replay_next_action and
 * replay_apply until NULL, then replay_finish (the TUI may sleep between
 * actions: t_ms / speed).  replay_run does all of it headless.
 */
#ifndef ISRLAB_JOURNAL_REPLAY_H
#define ISRLAB_JOURNAL_REPLAY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "console/console.h"
#include "console/keys.h"
#include "model/settings.h"

struct sim;

enum replay_kind {
	REPLAY_COMMAND,		/* a console line */
	REPLAY_KEY,		/* a key, pressed under sel */
};

struct replay_action {
	enum replay_kind kind;
	int64_t		 t_ms;		/* lab time it began */
	char		*text;		/* the line, or the key (owned) */
	bool		 setup;		/* a lab's setup line */
	struct keys_sel	 sel;		/* REPLAY_KEY */
	char		*output;	/* what it printed then (owned) */
};

struct replay {
	char			*path;
	char			*student, *lab_id, *lab_title; /* or NULL */
	char			*student_id;	/* or NULL */
	char			**step_titles;	/* the lab's, n_steps (owned) */
	int			 n_steps;
	bool			 kafka_timings;
	uint64_t		 seed;
	int			 brokers;
	char			 racks[ISR_MAX_BROKERS][32];
	bool			 has_racks;
	struct settings		 settings;
	struct replay_action	*v;		/* owned */
	size_t			 n, next;
	int64_t			 end_ms;	/* the last recorded t_ms */
	char			*describe;	/* final_state, or NULL */
	struct sim		*sim;		/* replay_engine (owned) */
};

/* The latest lab time a log may give (t_ms): 7 days.  The replay
 * simulates every millisecond up to it, so a hostile log cannot make it
 * run for ever. */
#define REPLAY_MAX_T_MS (7LL * 24 * 60 * 60 * 1000)

/* Read a .jsonl export (util/readfile.h: a regular file within its
 * limits) and replay_parse it.  0, or -1 with the reason in err. */
int replay_load(const char *path, struct replay **out, char *err,
    size_t len);
/* Parse size bytes of data, an export read from path.  The first line
 * must be a header of this format with 1-9 brokers; there is one header
 * and one final_state; every record's seq rises (a duplicated or moved
 * line is named with the line it repeats or follows); every t_ms is from
 * 0 to REPLAY_MAX_T_MS; the seal at the end holds.  0, or -1 with
 * "PATH:LINE: what is wrong" (or "PATH: ..." for the seal) in err. */
int replay_parse(const char *path, const char *data, size_t size,
    struct replay **out, char *err, size_t len);
void replay_free(struct replay *rp);

/* The simulator the session ran on, as it was at session start (owned by
 * rp; made on the first call). */
struct engine *replay_engine(struct replay *rp);

/* The next action, or NULL at the end. */
const struct replay_action *replay_next_action(struct replay *rp);
/* Advance c's engine to a's lab time and run it on c (sel: the screen's
 * selection, overwritten for keys by the recorded one).  Returns what
 * console_exec or keys_press returned; err as theirs. */
int replay_apply(struct replay *rp, struct console *c,
    const struct replay_action *a, struct keys_sel *sel, char *err,
    size_t len);
/* Advance to the session's end. */
void replay_finish(struct replay *rp, struct console *c);

/* Headless: replay path printing each action ("$ line" and its output),
 * then the final describe and whether it matches the recording.  speed >
 * 0 paces actions in real time (lab ms / speed); 0 runs at once.  With
 * export_dir (not NULL) the replayed session is journaled and exported
 * there at the end, its header's origin "replay": isrlab's re-run, never
 * the student's work (the `export` lines it replays export nothing).
 * Returns 0 (same final state), 1 (different, or the export failed), 2
 * (unreadable file). */
int replay_run(const char *path, double speed, const char *export_dir,
    FILE *out);

#endif
