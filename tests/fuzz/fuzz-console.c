/*
 * fuzz-console.c - one console line on a fresh simulated cluster: the
 * word splitter, every command's argument handling and its effect.
 *
 * Left out, because they are slow by design rather than findings: `chaos`
 * (it runs as many whole simulated clusters as it is told: 100 by
 * default, about 13 s; tests/test_chaos.c covers it), and any line with a
 * duration over ten minutes (`wait 24h` is allowed, and simulating it
 * takes about 3 s of CPU, 46 s in this instrumented build).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "console/cmd.h"
#include "fuzz.h"
#include "util/duration.h"

#define FUZZ_CONSOLE_MAX_MS (10 * 60 * 1000)

/* Whether line runs `chaos` (in any of the forms the console accepts) or
 * names a duration (a word, or a --opt=value's value) over the cap. */
static bool
fuzz_is_slow(const char *line)
{
	struct words	 w = WORDS_INIT;
	char		 err[256], cname[64];
	const char	*eq;
	int64_t		 ms;
	int		 container;
	size_t		 i;
	bool		 slow = false;

	if (words_split(line, &w, err, sizeof err) == 0) {
		for (i = 0; i < w.n; i++) {
			eq = strchr(w.v[i], '=');
			if (duration_parse(eq != NULL ? eq + 1 : w.v[i],
			    &ms) == 0 && ms > FUZZ_CONSOLE_MAX_MS)
				slow = true;
		}
		cmd_normalize(&w, &container, cname, sizeof cname, false);
		if (w.n > 0 && cmd_find(w.v[0]) == &cmd_chaos_entry)
			slow = true;
	}
	words_free(&w);
	return slow;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_cluster	 fc;
	char			*line = fuzz_string(data, size), err[512];

	if (fuzz_is_slow(line)) {
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
