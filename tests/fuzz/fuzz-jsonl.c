/*
 * fuzz-jsonl.c - the JSON Lines readers, from any bytes: the seal check
 * (--verify-log), the replay reader's checks, and --summarize's row.
 */

#include "config.h"

#include "fuzz.h"
#include "journal/replay.h"
#include "journal/report.h"
#include "journal/summarize.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct replay	*rp;
	char		 err[1024];

	(void)report_verify((const char *)data, size);
	if (replay_parse("fuzz.jsonl", (const char *)data, size, &rp, err,
	    sizeof err) == 0)
		replay_free(rp);
	summarize_check("fuzz.jsonl", (const char *)data, size, err,
	    sizeof err);
	return 0;
}
