/*
 * labsolve.h - playing a lab's solutions on the simulator: --solve (did
 * every step complete, in order?) and --check-lab (is the file sound?).
 *
 * DESIGN
 * Both build the lab's cluster on the deterministic simulator, run the
 * lab setup, and for each step run its setup and its `lab solution` lines
 * (commands through the console; `key K` through keys.h with the screen's
 * selection; `answer A` to the quiz; `key n` for read-only steps, which
 * are otherwise passed at the end of their solution), then let lab time run
 * until the runner says the step is done or the step timeout passes.
 * --check-lab adds what only a run can tell: every topic a command or a
 * condition names exists when it is used, every broker id is in the
 * cluster, every key acts.  Its errors are "FILE:LINE:COL: message".
 * Both reject a step whose expectations all hold already when it begins
 * (after its setup, before its solution): it would teach nothing
 * ("FILE:LINE: step N: expectation already true before the step").
 */
#ifndef ISRLAB_LAB_LABSOLVE_H
#define ISRLAB_LAB_LABSOLVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "console/console.h"
#include "lab/lab.h"
#include "model/profile.h"

struct labrun;

/* When labsolve_session is called. */
enum labsolve_phase {
	LABSOLVE_BEGIN,		/* the console and runner exist; nothing ran */
	LABSOLVE_END,		/* the run is over; they are about to go */
};

struct labsolve_opts {
	enum lab_lang	lang;
	bool		echo;		/* show each line and its output */
	bool		check;		/* --check-lab: errors only */
	bool		kafka_timings;	/* Kafka's timeouts, not isrlab's */
	enum kafka_profile profile;	/* with profile_given: not the lab's */
	bool		profile_given;
	uint64_t	seed;		/* the simulator's (the caller settles
					   it: --check-lab the lab's own) */
	int64_t		step_timeout_ms; /* lab time a step may take (0: 120s) */
	/* Called at BEGIN and END with the run's engine, console and runner,
	 * e.g. to journal and export the session (src/journal); NULL: none.
	 * rc is the run's result at END (0 at BEGIN). */
	void		(*session)(void *arg, enum labsolve_phase phase,
			    struct engine *e, struct console *c,
			    struct labrun *r, int rc);
	void		*session_arg;
	/* A student's script (--headless --lab ID --script FILE), played
	 * instead of the solutions: each line as the student would type it
	 * (console/script.h), `answer A` answering the step's quiz (a wrong
	 * answer is the student's, not an error) and `key K` pressing a key
	 * as on the screen, the runner judging the cluster after each.
	 * NULL: the solutions. */
	FILE		*script;
	const char	*script_name;
	/* The cluster to play on (not owned), e.g. a real one attached
	 * (--attach, for a lab with `attach: yes`); NULL: a fresh
	 * simulator on the lab's brokers and seed. */
	struct engine	*engine;
};

/* Solve (or check) lab, printing progress (or errors) to out.  Returns 0
 * when every step completed in order (check: no error), 1 when a step did
 * not (check: never), 2 on an error in the file.  With a script: 0 when it
 * ran to its end (however many steps it completed), 2 on an error in it,
 * 1 when it could not be read. */
int labsolve_run(const struct lab *lab, const struct labsolve_opts *o,
    FILE *out);

#endif
