/*
 * fuzz-cond.c - the conditions language: parse, print back, and evaluate
 * against a fresh cluster (what wait-until and lab expectations do).
 */

#include "config.h"

#include <stdlib.h>

#include "console/cond.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_cluster	 fc;
	struct strbuf		 sb = STRBUF_INIT;
	struct snapshot		 snap;
	struct cond		*c;
	char			*text = fuzz_string(data, size), err[512];

	if (cond_parse(text, &c, err, sizeof err) == 0) {
		fuzz_cluster_new(&fc);
		cond_format(c, &sb);
		fc.e->ops->snapshot(fc.e, &snap);
		cond_eval(c, &snap, fc.c);
		cond_format_failing(c, &snap, fc.c, &sb);
		snapshot_free(&snap);
		cond_free(c);
		fuzz_cluster_free(&fc);
	}
	strbuf_free(&sb);
	free(text);
	return 0;
}
