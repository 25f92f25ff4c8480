/*
 * compare.h - one script on several Kafka profiles, and where the
 * outcomes part (isrlab --headless --kafka 3.7,4.x --script FILE).
 *
 * A teacher shows "what changed in Kafka 4" with one command: the same
 * commands run on a fresh simulated cluster per profile (same seed, same
 * brokers), each command's output is kept apart, and the report lists
 * the commands whose output differs, line by line with each profile's
 * version one under the other, then the events that happened under some
 * profiles and not others.  Runs on the simulator only: outcomes must not
 * depend on thread timing.
 */
#ifndef ISRLAB_CONSOLE_COMPARE_H
#define ISRLAB_CONSOLE_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/settings.h"

struct compare_opts {
	const enum kafka_profile *profiles;	/* 2 or more */
	int		 n_profiles;
	int		 brokers;
	uint64_t	 seed;
	const char *const *racks;		/* or NULL */
	bool		 kafka_timings;
};

/* Run the script text (len bytes, named name in messages) on each of
 * o's profiles and print the comparison to out.  Returns 0 when the
 * script ran on every profile (differences are the result), 2 after a
 * syntax error (printed as script_run prints it). */
int compare_run(const char *name, const char *text, size_t len,
    const struct compare_opts *o, FILE *out);

#endif
