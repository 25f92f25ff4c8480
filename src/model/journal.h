/*
 * journal.h - the engine's record of events: a bounded ring with sequence
 * numbers, read back by "events with seq > since".
 *
 * Both engines keep one (the simulator on its only thread, the runtime
 * under a lock, fed by every node thread).  Sequence numbers start at 1
 * and are contiguous, so a reader that remembers the last seq it saw gets
 * exactly what is new; once the ring is full the oldest events are dropped.
 * The ring starts small and doubles as events come, up to its bound, so a
 * short session never pays for a long one's history.
 *
 * Ownership: the journal owns its ring; events are copied in and out.
 */
#ifndef ISRLAB_MODEL_JOURNAL_H
#define ISRLAB_MODEL_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "model/event.h"

#define JOURNAL_MAX_EVENTS 8192	/* the engines' bound (about 4.6 MB) */

struct journal {
	struct event *v;		/* ring of cap events (owned) */
	size_t cap;			/* allocated, <= max */
	size_t max;			/* bound */
	size_t head;			/* index of the oldest kept event */
	size_t n;			/* events kept */
	uint64_t next_seq;		/* seq of the last event added */
};

/* A journal keeping the newest max events (nothing allocated yet). */
void journal_init(struct journal *j, size_t max);
void journal_free(struct journal *j);

/* Copy e in, give the copy the next sequence number, and return it. */
uint64_t journal_add(struct journal *j, const struct event *e);

/* Copy events with seq > since, oldest first, at most max; returns n. */
size_t journal_since(const struct journal *j, uint64_t since,
    struct event *out, size_t max);

#endif
