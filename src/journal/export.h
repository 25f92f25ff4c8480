/*
 * export.h - writing the session journal for class: a Markdown report and
 * a JSON Lines log side by side, sealed with SHA-256; checking a seal.
 *
 * DESIGN
 * export_session names the files isrlab-LAB-STUDENT-YYYYmmdd-HHMMSS.md and
 * .jsonl (LAB: the lab's number, "01", or "free"; STUDENT with '/',
 * spaces and control characters made '_', cut to 96 bytes on a UTF-8
 * character boundary; the time in UTC), builds both in
 * memory, writes both to temporary files and only then renames them into
 * place (util/atomicfile.h), so a failure leaves no half file and the
 * journal as it was for another try.  The JSON Lines file (written with
 * jansson) is: a header object (format, tool, version, student, lab, seed,
 * brokers, racks, engine, settings), one object per record, a
 * final_state object with the final `describe`, and the checksum object.
 * This is the only part of src/journal that links jansson.
 */
#ifndef ISRLAB_JOURNAL_EXPORT_H
#define ISRLAB_JOURNAL_EXPORT_H

#include <stdio.h>

#include "journal/slog.h"
#include "lab/labrun.h"
#include "util/strbuf.h"

/* Journal everything on console c (and runner r, when not NULL), and make
 * log the console's exporter, so `export [PATH]` and the `e` key work.
 * Call before labrun_start so lab_start is recorded. */
void export_attach(struct slog *log, struct console *c, struct labrun *r);

/* Export log.  path: NULL for the export directory (slog_set_export_dir,
 * else "."), an existing directory, or a file name ending in .md or .jsonl
 * (both files take its name without the extension; an empty path is
 * refused).  An existing file is never replaced: when NAME.md or
 * NAME.jsonl exists, both files are named NAME-2, NAME-3, ...  Returns 0
 * with "wrote FILE\n" per file in msg, or -1 with the reason in msg
 * (nothing written).  The attempt is recorded in the journal either way. */
int export_session(struct slog *log, const char *path, struct strbuf *msg);

/* The cluster's final state as the native `describe` prints it. */
void export_describe(struct engine *e, struct strbuf *out);

/* The JSON Lines text of log (header to final_state, no checksum). */
void export_jsonl(const struct slog *log, const char *version,
    const char *describe, struct strbuf *out);
/* The header line (with its newline) of log into out. */
void export_header_line(const struct slog *log, const char *version,
    struct strbuf *out);
/* Record r of log as its JSON line (with its newline) into out. */
void export_rec_line(const struct slog *log, const struct slog_rec *r,
    struct strbuf *out);

/* The file name without extension, from log's lab, student and clock. */
char *export_basename(struct slog *log);

/* --verify-log: print "PATH: OK" or "PATH: MODIFIED" to out; returns 0
 * (intact), 1 (modified or no seal), 2 (unreadable, message on stderr). */
int export_verify(const char *path, FILE *out);

#endif
