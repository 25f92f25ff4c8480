/*
 * fuzz-replay.c - --replay of any log: the input is sealed here (a
 * fuzzer cannot find SHA-256 sums), read as --replay reads it, and every
 * action it holds is replayed on the simulator to the final compare.
 *
 * Logs that run past ten minutes of lab time are read but not replayed:
 * the simulator runs every millisecond (up to 7 days for a valid log), a
 * second or more of CPU per instrumented input on a large cluster, which
 * is slow by design, not a finding.
 */

#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "journal/export.h"
#include "journal/replay.h"
#include "journal/report.h"

#define FUZZ_REPLAY_MAX_MS (10LL * 60 * 1000)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf			 log = STRBUF_INIT, desc = STRBUF_INIT;
	struct replay			*rp;
	const struct replay_action	*a;
	struct console			*c;
	struct keys_sel			 sel;
	char				 err[1024];

	strbuf_add(&log, data, size);
	if (log.len > 0 && log.s[log.len - 1] != '\n')
		strbuf_addc(&log, '\n');
	report_seal_jsonl(&log);
	if (replay_parse("fuzz.jsonl", log.s, log.len, &rp, err,
	    sizeof err) != 0) {
		strbuf_free(&log);
		return 0;
	}
	if (rp->end_ms <= FUZZ_REPLAY_MAX_MS) {
		c = console_new(replay_engine(rp), NULL, NULL);
		memset(&sel, 0, sizeof sel);
		while ((a = replay_next_action(rp)) != NULL)
			replay_apply(rp, c, a, &sel, err, sizeof err);
		replay_finish(rp, c);
		export_describe(c->engine, &desc);
		console_free(c);
	}
	replay_free(rp);
	strbuf_free(&desc);
	strbuf_free(&log);
	return 0;
}
