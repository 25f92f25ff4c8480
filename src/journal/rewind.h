/*
 * rewind.h - a lab step's start again: the cluster rebuilt as it was when
 * the current step began.
 *
 * DESIGN
 * The cluster only ever changes through console lines and keys, and the
 * journal holds every one with its lab time, so the state at the start of
 * step N is what replaying the inputs up to it gives on a fresh cluster of
 * the session (replay.h): every command and key before the step's
 * step_start record, and the step's own setup lines after it, leaving out
 * what an earlier rewind undid (slog_undone).  The simulator is
 * deterministic, so its state is exactly the one the student had; the
 * threaded runtime is fast-forwarded through the same inputs (it runs at
 * top speed meanwhile, as resuming a session does), so its timing may
 * differ slightly.
 *
 * The caller (the screen's `u`) builds the fresh cluster and console,
 * calls rewind_replay, then moves the journal (slog_set_engine,
 * export_attach) and the runner (labrun_rewound) onto them, which
 * journals the `rewind` record.  A replay of the session drops the undone
 * inputs again (replay.c), so it ends where the student did.
 */
#ifndef ISRLAB_JOURNAL_REWIND_H
#define ISRLAB_JOURNAL_REWIND_H

#include <stddef.h>
#include <stdint.h>

#include "console/console.h"
#include "journal/slog.h"

/* Replay on c (a console over a fresh cluster of log's session, with no
 * observer) the inputs of log (a full journal: statefile_full) that built
 * the state step had when it began, then let lab time run to that
 * step's start.  Returns the lab time reached, or -1 with a message in
 * err when log has no start of step. */
int64_t rewind_replay(const struct slog *log, int step, struct console *c,
    char *err, size_t len);

#endif
