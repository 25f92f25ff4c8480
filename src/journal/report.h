/*
 * report.h - the session journal as a Markdown report a teacher reads in
 * a minute, and the checksum lines that seal an exported file.
 *
 * DESIGN
 * The report starts with who, which lab, which isrlab and seed, when; then
 * a table of the lab's steps with completion times, the quiz answers with
 * right or wrong, the faults injected, the cluster's final `describe`
 * output, and the full timeline.  Headings are Korean with the English in
 * parentheses.  It is pure: the caller gives the describe text and the
 * version, and the wall times come from the journal, so a fixed clock gives
 * the same bytes (tests/golden).
 *
 * Seals: a Markdown file ends with "<!-- sha256: HEX -->\n", the SHA-256
 * of every byte before that line; a JSON Lines file with
 * {"type":"checksum","sha256":"HEX"}\n over every line before it.  A seal
 * shows that a file was edited by hand after export; it is not a
 * signature (anyone with isrlab or sha256sum can recompute it).
 */
#ifndef ISRLAB_JOURNAL_REPORT_H
#define ISRLAB_JOURNAL_REPORT_H

#include <stddef.h>

#include "journal/slog.h"
#include "util/strbuf.h"

/* Append the report of log to out (without the seal). */
void report_markdown(const struct slog *log, const char *version,
    const char *describe, struct strbuf *out);

/* Append the Markdown seal line for out's current content. */
void report_seal_markdown(struct strbuf *out);
/* Append the JSON Lines checksum object for out's current content. */
void report_seal_jsonl(struct strbuf *out);

/* What a file's seal says about it. */
enum report_verdict {
	REPORT_OK,		/* the seal matches the content */
	REPORT_MODIFIED,	/* it does not */
	REPORT_UNSEALED,	/* no seal line at the end */
};

/* Check data (a whole .md or .jsonl file, either kind). */
enum report_verdict report_verify(const char *data, size_t len);

/* "1m23.4s", "12.3s" into buf. */
void report_duration(int64_t ms, char *buf, size_t len);

#endif
