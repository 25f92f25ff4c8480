/*
 * labrun.h - a lab in progress: which step, which expectations hold, hints,
 * quiz answers, times.
 *
 * DESIGN
 * The runner is the lab's state machine, shared by the TUI's lab pane and
 * headless --solve.  It owns no cluster: it runs commands through a
 * console and judges snapshots the front end gives it, so the same code
 * runs on the simulator and on the threaded runtime.
 *
 *   entering a step   its `lab setup` runs, then console_lab_mark, so
 *                     `ran`/`saw`/`key-pressed`/`error-seen`/`event-seen`
 *                     see only what the student does in this step
 *   the witness       after every command that succeeded, the console
 *                     asks the runner whether the current step's cluster
 *                     facts hold (cond_eval_state on a fresh snapshot):
 *                     only then does the command's output count for
 *                     `saw` (the student saw the state the step teaches)
 *   labrun_poll       re-evaluates every expectation; when all hold (and
 *                     the quiz, if any, was answered right) the step is
 *                     done and the next one is entered at once
 *   read-only steps   (no expectations, no quiz) wait for `n`
 *   n / b             labrun_next / labrun_back; back only shows an
 *                     earlier step again, it never undoes it
 *   t                 labrun_hint_show: the next hint level (the first
 *                     also shows by itself after the hint delay); at the
 *                     last level, which is the exact command, t shows it
 *                     again
 *   off the path      each poll looks at what happened since the last:
 *                     a crash, stop, isolation or slowdown of a broker
 *                     that no expectation of the step names, a crash,
 *                     stop or isolation of one it needs serving
 *                     (cond_needs_broker), or a command of the
 *                     student's that failed, sets
 *                     r->offpath: what just happened, what the step is
 *                     about (the brokers its expectations name,
 *                     cond_names) and how to get back (restart, heal, or
 *                     u to rewind); it goes when that is undone (the
 *                     broker is back, a later command succeeded) or the
 *                     step changes
 *   u                 a front end rebuilt the cluster as it was when the
 *                     step began (journal/rewind.h) and tells the runner
 *                     (labrun_rewound): the step starts over on the new
 *                     console, and the observer hears of it (REWIND)
 *
 * Times are lab time in ms (engine now()).  Faults are the crashes, stops
 * and link cuts the engine journaled while a step was current.  Calls are
 * made from the console's thread, never from inside an engine callback
 * (poll may run setup commands); labrun_ready is the pure test for those.
 */
#ifndef ISRLAB_LAB_LABRUN_H
#define ISRLAB_LAB_LABRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "console/console.h"
#include "lab/lab.h"
#include "model/snapshot.h"

struct labrun_step {
	bool	 entered;	/* its setup ran */
	bool	 done;		/* completed (never undone) */
	int64_t	 started_ms;	/* first entered, -1 before */
	int64_t	 done_ms;	/* completed, -1 before */
	bool	*met;		/* per expectation, as of the last poll */
	size_t	 hint_level;	/* hint levels shown (0: none yet) */
	int	 quiz_tries;	/* answers given */
	bool	 quiz_first_right; /* the first answer was right */
	bool	 quiz_solved;	/* answered right at some point */
	int	 faults;	/* crashes, stops, cuts during the step */
	int64_t	 mark_ms;	/* the student's part began (after its
				   setup, or at the last rewind), -1 before */
	int	 rewinds;	/* times it was rewound */
};

/* What an observer is told (labrun_set_observer). */
enum labrun_obs_kind {
	LABRUN_OBS_LAB_START,	/* labrun_start, before the lab's setup */
	LABRUN_OBS_STEP_START,	/* a step is entered, before its setup */
	LABRUN_OBS_STEP_DONE,	/* a step completed (or was skipped) */
	LABRUN_OBS_HINT,	/* a hint was shown (t, or by its delay) */
	LABRUN_OBS_QUIZ,	/* a quiz was answered with one of its choices */
	LABRUN_OBS_REWIND,	/* the cluster went back to the step's start
				   (t_ms: that time; ms: the time it was
				   asked at) */
};

struct labrun;

struct labrun_obs {
	enum labrun_obs_kind	 kind;
	const struct labrun	*run;	/* the runner (its lab, its language) */
	size_t			 step;	/* 0-based step (not for LAB_START) */
	size_t			 n_steps;
	const char		*lab_id;
	const char		*title;	/* LAB_START: the lab's; else the step's
					   (in the runner's language) */
	const char		*text;	/* HINT: the hint; QUIZ: the answer */
	size_t			 level;	/* HINT: its level, 1-based */
	size_t			 levels; /* HINT: the step's hint levels */
	const char		*question; /* QUIZ: the question */
	bool			 right;	/* QUIZ: the answer was right */
	bool			 skipped; /* STEP_DONE: by labrun_skip */
	bool			 by_delay; /* HINT: shown by its delay */
	int64_t			 t_ms;	/* lab time */
	int64_t			 ms;	/* STEP_DONE: lab time on the step;
					   REWIND: lab time it was asked at */
};

/* Called on the console's thread; must not call back into the runner. */
typedef void (*labrun_observer_fn)(void *arg, const struct labrun_obs *o);

/* What labrun_poll saw change (or-ed). */
#define LABRUN_MET	0x01	/* an expectation turned met or unmet */
#define LABRUN_DONE	0x02	/* the current step completed */
#define LABRUN_ENTERED	0x04	/* a new step was entered */
#define LABRUN_HINT	0x08	/* the first hint level is due now */
#define LABRUN_FINISHED	0x10	/* the last step completed */
#define LABRUN_OFFPATH	0x20	/* r->offpath was set or cleared */

/* What r->offpath answers (labrun.c clears it when that is undone). */
enum labrun_offpath {
	LABRUN_OFF_NONE,	/* no note */
	LABRUN_OFF_DOWN,	/* a broker the step does not name went down */
	LABRUN_OFF_CUT,		/* ... was cut off from the others */
	LABRUN_OFF_SLOW,	/* ... was slowed down */
	LABRUN_OFF_FAILED,	/* a command of the student's failed */
};

struct labrun {
	const struct lab	*lab;		/* not owned */
	struct console		*c;		/* not owned */
	enum lab_lang		 lang;
	size_t			 cur;		/* the step shown */
	size_t			 front;		/* first step not done */
	struct labrun_step	*st;		/* one per step, owned */
	uint64_t		 ev_seen;	/* newest event counted */
	bool			 finished;
	uint64_t		 fail_seen;	/* console_failure count read */
	uint64_t		 off_run;	/* run_seq when a failure's note
						   was set */
	enum labrun_offpath	 off_kind;	/* what offpath answers */
	unsigned		 off_gen;	/* +1 whenever offpath changes */
	int			 off_broker;	/* its broker, or 0 */
	int64_t			 off_ms;	/* lab time of its fault */
	char			 offpath[768];	/* what just went off the
						   step's path and how to get
						   back (the catalog's
						   language, gettext), or "" */
	labrun_observer_fn	 observer;	/* labrun_set_observer */
	void			*observer_arg;
};

/* A runner for lab on console c.  Nothing runs until labrun_start. */
struct labrun *labrun_new(const struct lab *lab, struct console *c,
    enum lab_lang lang);
void labrun_free(struct labrun *r);

/* Tell fn(arg, obs) about the lab starting, steps starting and
 * completing, hints shown and quiz answers (e.g. for the session journal,
 * src/journal).  Set it before labrun_start; fn NULL removes it. */
void labrun_set_observer(struct labrun *r, labrun_observer_fn fn,
    void *arg);

/* Run the lab's own setup and enter the first step.  Returns 0, or -1
 * with "FILE:LINE:COL: message" in err when a setup line does not parse. */
int labrun_start(struct labrun *r, char *err, size_t len);

/* A resumed session (journal/statefile.h): steps before front are done,
 * at done_ms[i] after starting at started_ms[i], and step front (or the
 * end) is current, entered at started_ms[front].  No setup runs and no
 * observer hears of it: the recorded setup lines were replayed, and the
 * journal already holds these steps. */
void labrun_resume(struct labrun *r, size_t front, const int64_t *started_ms,
    const int64_t *done_ms);

/* Whether the current step would complete on snapshot s (pure). */
bool labrun_ready(const struct labrun *r, const struct snapshot *s);

/* Re-evaluate the current step on s at lab time now; returns LABRUN_*
 * flags.  When the step completes, the next one is entered (its setup
 * runs) unless it is read-only ... which waits for labrun_next.  Setup
 * parse errors land in err (and poll stops advancing). */
unsigned labrun_poll(struct labrun *r, const struct snapshot *s,
    char *err, size_t len);

/* `n`: complete a read-only step, or move the view forward to the front.
 * Returns LABRUN_* flags, 0 when the current step is not done yet, or -1
 * (err) when an entered step's setup failed to parse. */
int labrun_next(struct labrun *r, char *err, size_t len);
/* Complete the current front step whether or not it is met (--check-lab
 * goes on after a step its solution did not complete; a TUI's "skip").
 * Returns LABRUN_* flags, or -1 with err as labrun_next. */
int labrun_skip(struct labrun *r, char *err, size_t len);
/* `b`: show the step before (0 when at the first). */
int labrun_back(struct labrun *r);
/* `t`: the current step's next hint level (the last one again once all
 * were shown), or NULL when the step has no hint. */
const char *labrun_hint_show(struct labrun *r);
/* The hint level shown last for the current step (in the runner's
 * language), with *level and *levels set; NULL when none was shown. */
const char *labrun_hint_current(const struct labrun *r, size_t *level,
    size_t *levels);

/* Answer the current step's quiz.  Returns 0 with *right set, -1 when the
 * step has no quiz or answer is not one of its choices (err). */
int labrun_answer(struct labrun *r, const char *answer, bool *right,
    char *err, size_t len);

/* The cluster was rebuilt on console c as it was when the front step
 * began (its setup run; journal/rewind.h), at lab time from_ms: the step
 * starts over there (its expectations unmet, `ran` and the rest counted
 * from now, no off-path note) and the observer hears REWIND.  The
 * runner uses c from now on (the old console is the caller's to free). */
void labrun_rewound(struct labrun *r, struct console *c, int64_t from_ms);

/* How many steps are done; lab time spent on step i (0 if not started). */
size_t labrun_done_count(const struct labrun *r);
int64_t labrun_step_ms(const struct labrun *r, size_t i, int64_t now);

#endif
