/*
 * fuzz.h - what every fuzz target shares: libFuzzer's entry point, and a
 * quiet simulated cluster to run inputs on.
 *
 * Each tests/fuzz/fuzz-TARGET.c defines LLVMFuzzerTestOneInput.  `make
 * fuzz` links it with clang's libFuzzer (tests/fuzz/fuzz.sh); make check
 * links it with tests/fuzz/driver.c instead, which runs the target once
 * over each file of its seed corpus, tests/fuzz/corpus/TARGET/, so the
 * corpus is a regression test under any compiler and the sanitizer build.
 */
#ifndef ISRLAB_TESTS_FUZZ_H
#define ISRLAB_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "console/console.h"
#include "sim/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fresh simulator with three brokers and topic "t" (3 partitions,
 * replication factor 3), with a console that discards its output. */
struct fuzz_cluster {
	struct sim	*sim;
	struct engine	*e;
	struct console	*c;
};
void fuzz_cluster_new(struct fuzz_cluster *fc);
void fuzz_cluster_free(struct fuzz_cluster *fc);

/* data as a NUL-terminated string (cut at its first NUL); free it. */
char *fuzz_string(const uint8_t *data, size_t size);

#endif
