/*
 * fuzz-console.c - one console line on a fresh simulated cluster: the
 * word splitter, every command's argument handling and its effect.
 *
 * `chaos` is left out: it runs as many whole simulated clusters as it is
 * told (100 by default, about 13 s; up to a million), which is slow by
 * design, not a finding.  tests/test_chaos.c covers it.
 */

#include "config.h"

#include <stdlib.h>

#include "console/cmd.h"
#include "fuzz.h"

/* Whether line runs `chaos` (in any of the forms the console accepts). */
static bool
fuzz_is_chaos(const char *line)
{
	struct words	w = WORDS_INIT;
	char		err[256], cname[64];
	int		container;
	bool		chaos = false;

	if (words_split(line, &w, err, sizeof err) == 0) {
		cmd_normalize(&w, &container, cname, sizeof cname, false);
		chaos = w.n > 0 && cmd_find(w.v[0]) == &cmd_chaos_entry;
	}
	words_free(&w);
	return chaos;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_cluster	 fc;
	char			*line = fuzz_string(data, size), err[512];

	if (fuzz_is_chaos(line)) {
		free(line);
		return 0;
	}
	fuzz_cluster_new(&fc);
	console_exec(fc.c, line, err, sizeof err);
	console_producer_end(fc.c);
	fuzz_cluster_free(&fc);
	free(line);
	return 0;
}
