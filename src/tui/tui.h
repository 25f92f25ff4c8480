/*
 * tui.h - the live full-screen view of the cluster (ncursesw).
 *
 * DESIGN
 * tui_run() owns the terminal from start to end on the calling (UI)
 * thread: it draws the header, broker strip, partition table, events,
 * lab and console panes and the key bar (DESIGN.md "Screen"), reads keys
 * through one table of actions, and runs every cluster change through a
 * console (console/console.h) over the engine, so keys, typed commands
 * and labs share one implementation.  Only src/tui/ includes curses.
 *
 * On the simulator (whose clock calls are NULL) the TUI drives virtual
 * time itself, by real elapsed time × speed, and owns pause and speed
 * (the console's pause/resume/speed reach it through console_set_clock);
 * on the realtime engine it asks the engine's lab clock.
 *
 * Each lab or free play keeps its own session journal (journal/slog.h):
 * `e` exports it (asking the student's name the first time), and leaving
 * with activity not exported yet asks whether to export first.
 * tui_replay() plays an exported session back on the screen.
 *
 * With a lab (opt->lab) the lab pane shows the current step: its text,
 * a checklist of its expectations that ticks as the lab runner
 * (lab/labrun.h) judges each snapshot, the hint, the quiz; n/b/t are
 * next/back/hint and a finish summary pops up at the end.  tui_session()
 * is plain `isrlab`: a lab picker, then the chosen lab or free play on a
 * fresh cluster, and back to the picker when the student leaves it.
 */
#ifndef ISRLAB_TUI_TUI_H
#define ISRLAB_TUI_TUI_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/engine.h"
#include "journal/ident.h"
#include "lab/lab.h"
#include "util/strbuf.h"

/* Build a fresh cluster for lab (NULL: free play) on seed, and end it.
 * The cluster may still be starting (engine_ops.starting): the screen
 * draws its brokers coming up and asks nothing of it until they are. */
typedef struct engine *(*tui_engine_new_fn)(const struct lab *lab,
    uint64_t seed, void *arg);
typedef void (*tui_engine_free_fn)(struct engine *e, void *arg);

struct tui_options {
	const char	*title;		/* lab title for the header, or NULL
					   (free play) */
	bool		 seed_topic;	/* create email.send (1 partition,
					   RF min(3, brokers)) through the
					   console first */
	bool		 ascii;		/* ASCII frames and markers even in a
					   UTF-8 locale (text stays) */
	bool		 mono;		/* no colours (also when NO_COLOR is
					   set or the terminal has none) */
	bool		 no_mouse;	/* leave the mouse to the terminal */
	const struct lab *lab;		/* the lab to run (not owned), or
					   NULL: free play */
	enum lab_lang	 lang;		/* the lab's language */
	bool		 picker;	/* q offers "back to the list"
					   (tui_session sets it) */
	double		 speed;		/* the simulator's initial speed
					   (0: 1.0); the realtime engine
					   has its own */
	/* The free-play cluster, for the picker's text and the journal's
	 * header (a lab's own brokers and racks win). */
	int		 brokers;
	/* --seed: it pins every session's seed (seed_pinned); else each
	 * session draws its own (journal/ident.h). */
	uint64_t	 seed;
	bool		 seed_pinned;
	/* This session's seed and id, drawn by whoever built e for tui_run
	 * (tui_session draws one per lab it starts). */
	struct ident	 ident;
	/* The student's id (--student-id, or remembered; NULL: none). */
	const char	*student_id;
	const char *const *racks;	/* or NULL (not owned) */
	bool		 kafka_timings;
	/* Exports: the student's name (NULL: asked at the first export)
	 * and where `e` writes (NULL: the current directory). */
	const char	*student;
	const char	*export_dir;
	/* An interrupted session's state file to bring back on e (its
	 * lab is `lab`): its inputs are replayed before the screen opens
	 * and its journal goes on (journal/statefile.h).  NULL: a new
	 * session. */
	const char	*resume;
	/* A lab's `u` (rewind the step) builds a fresh cluster like the
	 * session's with engine_new and ends the ones it built with
	 * engine_free (never the one tui_run was given); NULL: no rewind. */
	tui_engine_new_fn engine_new;
	tui_engine_free_fn engine_free;
	void		*engine_arg;
	/* The class server the session's journal goes to (HOST:PORT) and
	 * its class code (class/classclient.h); NULL: none. */
	const char	*class_addr;
	const char	*class_code;
	/* The real cluster's bootstrap list when e is attached to one
	 * (--attach; the header names it instead of a Kafka profile), or
	 * NULL. */
	const char	*attached;
};

/* Run the TUI on e until the user quits.  The caller has called
 * setlocale(LC_ALL, "").  Returns 0, or 1 when the terminal could not be
 * set up (a message is printed on stderr). */
int tui_run(struct engine *e, const struct tui_options *opt);

/* Plain `isrlab`: the lab picker (free play first, then labs[0..n), not
 * owned), then the chosen lab on engine_new's cluster until the student
 * leaves it, then the picker again, until q in the picker.  Returns 0, or
 * 1 when the terminal could not be set up or a cluster not built. */
int tui_session(const struct tui_options *opt, struct lab *const *labs,
    size_t n, tui_engine_new_fn engine_new, tui_engine_free_fn engine_free,
    void *arg);

/* What the student chose for an interrupted session. */
enum tui_resume_choice {
	TUI_RESUME_LATER,	/* n or Esc: start as usual, ask next time */
	TUI_RESUME_YES,		/* r: bring the session back */
	TUI_RESUME_EXPORT,	/* e: it was exported as it was */
};

/* The first screen when a session was interrupted: what it was (`what`,
 * one line) and the choice.  For e, export_fn(arg, msg) exports it and
 * the screen shows msg until a key.  Without a terminal: LATER. */
enum tui_resume_choice tui_ask_resume(const struct tui_options *opt,
    const char *what, int (*export_fn)(void *arg, struct strbuf *msg),
    void *arg);

/* `isrlab --replay FILE.jsonl` on the screen: the recorded student
 * actions at their lab times (opt->speed times real time) on the
 * recorded cluster, space pausing; at the end the final state is
 * compared with the recorded one.  Returns 0 (the same, or left before
 * the end), 1 (different, or no terminal) or 2 (unreadable file, message
 * on stderr). */
int tui_replay(const char *path, const struct tui_options *opt);

/* isrlab --class-server ADDR:PORT: the class server (class/classserver.h)
 * on addr keeping copies in dir, and the teacher's dashboard: one row per
 * student, who is stuck longest on top, Enter for a student's timeline, q
 * to quit (asked first).  Returns 0, or 1 when the server or the
 * terminal could not be set up (a message on stderr). */
int tui_class_dashboard(const char *addr, const char *dir,
    const struct tui_options *opt);

#endif
