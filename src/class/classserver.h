/*
 * classserver.h - the teacher's class server (isrlab --class-server):
 * students' journals arriving as they are written, kept on the teacher's
 * disk, and what the dashboard shows of them.
 *
 * DESIGN
 * The server runs its own libevent loop on a thread of its own (an
 * evconnlistener on the one address the teacher gave, a bufferevent per
 * student); the screen reads it through class_server_view, a copy taken
 * under the server's lock.  Each student's session is a file in the
 * class directory, DIR/sessions/SESSION.jsonl: the student's journal
 * lines byte for byte, in order, each written before it is
 * acknowledged, with a `class_export` line wherever the student exported
 * (classclient.h).  A student reconnecting is told how many lines and
 * exports the server holds and goes on from there, so nothing is lost or
 * written twice; a server restarted on the same directory reads the
 * files back (and keeps its class code, DIR/class-code).
 *
 * At each export the server builds the export from its own copy: the
 * export's header, the journal lines it received up to the export, the
 * lines still open then, the final state, sealed as the student's isrlab
 * seals (journal/report.h), into DIR/exports/ under the student's file
 * name, and says whether its seal equals the student's: the same bytes
 * as the student's own file, which the student can no longer change.
 *
 * A connection that breaks the protocol (bad magic, a wrong HMAC, a frame
 * over CLASS_PAYLOAD_MAX, a line out of order) is closed and the reason
 * logged; the others go on.  Per connection the server buffers at most
 * one frame; per session it keeps one row (classroster.h).
 */
#ifndef ISRLAB_CLASS_CLASSSERVER_H
#define ISRLAB_CLASS_CLASSSERVER_H

#include <stddef.h>
#include <stdint.h>

#include "class/classproto.h"
#include "class/classroster.h"

#define CLASS_EVENTS_MAX	256	/* event lines the view keeps */

struct class_server;

/* What the dashboard draws: copies (owned; class_view_free). */
struct class_view {
	struct class_row	*rows;		/* not superseded, unsorted */
	size_t			 n;
	char			**events;	/* oldest first */
	size_t			 n_events;
	uint64_t		 events_total;	/* ever logged */
	char			 code[CLASS_CODE_SHOWN + 1];
	char			 addr[128];	/* where it listens */
	char			*dir;
};

/* Listen on addr (HOST:PORT, numeric; port 0 lets the system pick) and
 * keep copies in dir (made 0700 if missing).  The class code is the
 * directory's own (DIR/class-code), or a new one written there.  events:
 * when not NULL, each event line is also written there as it happens
 * (from the server's thread).  NULL with the reason in err. */
struct class_server *class_server_start(const char *addr, const char *dir,
    FILE *events, char *err, size_t errlen);
/* Close every connection, stop the thread and free. */
void class_server_stop(struct class_server *srv);

/* A copy of what the dashboard shows. */
void class_server_view(struct class_server *srv, struct class_view *v);
void class_view_free(struct class_view *v);

/* isrlab --class-server ADDR --headless: run until SIGINT or SIGTERM,
 * events on out.  Exit status 0, or 1 when the server did not start. */
int class_server_run(const char *addr, const char *dir, FILE *out);

#endif
