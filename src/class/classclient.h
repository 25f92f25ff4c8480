/*
 * classclient.h - a student's side of the class link (isrlab --class):
 * the session's journal sent to the teacher's class server as it is
 * written.
 *
 * DESIGN
 * The journal already goes to the per-user state file line by line
 * (journal/statefile.h); the class link sends that file's lines, in
 * order, numbered from 1, reading them back from the file itself, so a
 * link that is down costs no memory: what the server has not
 * acknowledged is on disk.  A thread of its own runs a libevent loop
 * that connects out (never listens), authenticates (classproto.h), learns
 * how much of the session the server holds and sends the rest; when the
 * connection drops it tries again (after 0.25 s, doubling up to 5 s) and
 * goes on from what the server acknowledged, so nothing is lost or sent
 * twice.  A resumed session (statefile_continue) keeps its file and so
 * its session id: what the crash kept from the server is sent then.
 *
 * Each export the student makes is also sent, as a mark after the lines
 * it covers: the export's header, the highest journal seq it covers that
 * the server already has, the lines that were not final yet (a command
 * still running, such as the `export` itself), the final state and the
 * seal.  From these and its own copy the server seals the same file
 * (classserver.h).
 *
 * Threads: class_client_start, _status and _finish run on the thread
 * that writes the journal (the UI's, or the headless run's); the tee and
 * the export observer are called there too.
 */
#ifndef ISRLAB_CLASS_CLASSCLIENT_H
#define ISRLAB_CLASS_CLASSCLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "journal/slog.h"
#include "journal/statefile.h"
#include "util/strbuf.h"

#define CLASS_FINISH_MS	10000	/* how long the end waits for the server */

struct class_client;

/* What the screen shows of the link. */
struct class_status {
	bool		connected;
	uint64_t	lines;		/* written to the journal */
	uint64_t	acked;		/* of them, held by the server */
	char		said[600];	/* the last problem, or "" */
};

/* Send sf's lines (and log's exports) to the class server at addr
 * (HOST:PORT) authenticated by code (as typed).  NULL with the reason in
 * err (a bad address or code, an unreadable state file). */
struct class_client *class_client_start(const char *addr, const char *code,
    struct slog *log, struct statefile *sf, char *err, size_t errlen);
void class_client_status(struct class_client *cl, struct class_status *st);
/* The session is over (statefile_close was called): wait up to
 * timeout_ms for the server to hold everything, then stop and free.  0,
 * or -1 with what was not delivered in msg.  Call before slog_free. */
int class_client_finish(struct class_client *cl, struct slog *log,
    int timeout_ms, struct strbuf *msg);

#endif
