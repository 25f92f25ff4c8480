/*
 * harness.h - running console scripts on a fresh simulator in tests, with
 * standard output and standard error captured apart.
 */
#ifndef ISRLAB_TESTS_HARNESS_H
#define ISRLAB_TESTS_HARNESS_H

#include <stdint.h>

#include "console/console.h"
#include "sim/sim.h"
#include "util/strbuf.h"

struct capture {
	struct strbuf	out, err;
};

struct run {
	struct sim	*sim;
	struct console	*c;
	struct capture	 cap;
};

/* A console over a fresh simulator of brokers brokers, seed 1, lab
 * timings, on KRaft 3.7 (the scripts these tests run were written for
 * it); run_start_on picks the Kafka profile, run_start_seeded the
 * simulator seed too (e.g. TESTS_SEED_IN_ORDER, tests.h). */
void run_start(struct run *r, int brokers);
void run_start_on(struct run *r, int brokers, enum kafka_profile profile);
void run_start_seeded(struct run *r, int brokers, enum kafka_profile profile,
    uint64_t seed);
void run_end(struct run *r);

/* Run text as a script; returns script_run's status. */
int run_text(struct run *r, const char *text);

#endif
