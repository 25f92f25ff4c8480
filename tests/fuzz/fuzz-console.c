/*
 * fuzz-console.c - one console line on a fresh simulated cluster: the
 * word splitter, every command's argument handling and its effect.
 */

#include "config.h"

#include <stdlib.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_cluster	 fc;
	char			*line = fuzz_string(data, size), err[512];

	fuzz_cluster_new(&fc);
	console_exec(fc.c, line, err, sizeof err);
	console_producer_end(fc.c);
	fuzz_cluster_free(&fc);
	free(line);
	return 0;
}
