/*
 * fuzz-common.c - the cluster and string helpers of fuzz.h.
 */

#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "model/settings.h"
#include "util/xmalloc.h"

static void
fuzz_discard(void *arg, int fd, const char *s, size_t n)
{
	(void)arg;
	(void)fd;
	(void)s;
	(void)n;
}

void
fuzz_cluster_new(struct fuzz_cluster *fc)
{
	struct settings	set;
	char		err[256];

	settings_defaults(&set, false);
	fc->sim = sim_new(3, 1, &set, NULL);
	fc->e = sim_engine(fc->sim);
	fc->c = console_new(fc->e, fuzz_discard, NULL);
	if (console_exec(fc->c, "kafka-topics.sh --bootstrap-server "
	    "localhost:9092 --create --topic t --partitions 3 "
	    "--replication-factor 3", err, sizeof err) != 0)
		fatal("fuzz: cannot create topic t: %s", err);
}

void
fuzz_cluster_free(struct fuzz_cluster *fc)
{
	console_free(fc->c);
	sim_free(fc->sim);
}

char *
fuzz_string(const uint8_t *data, size_t size)
{
	return xstrndup((const char *)data, size);
}
