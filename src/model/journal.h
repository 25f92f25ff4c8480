/*
 * journal.h - the engine's record of events: a bounded ring with sequence
 * numbers, read back by "events with seq > since".
 *
 * Both engines keep one (the simulator on its only thread, the runtime
 * under a lock, fed by every node thread).  Sequence numbers start at 1
 * and are contiguous, so a reader that remembers the last seq it saw gets
 * exactly what is new; once the ring is full the oldest events are dropped.
 *
 * Ownership: the journal owns its ring; events are copied in and out.
 */
#ifndef ISRLAB_MODEL_JOURNAL_H
#define ISRLAB_MODEL_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "model/event.h"

struct journal {
	struct event *v;		/* ring of max events (owned) */
	size_t max;			/* capacity */
	size_t head;			/* index of the oldest kept event */
	size_t n;			/* events kept */
	uint64_t next_seq;		/* seq of the last event added */
};

/* A journal keeping the newest max events. */
void journal_init(struct journal *j, size_t max);
void journal_free(struct journal *j);

/* Copy e in, give the copy the next sequence number, and return it. */
uint64_t journal_add(struct journal *j, const struct event *e);

/* Copy events with seq > since, oldest first, at most max; returns n. */
size_t journal_since(const struct journal *j, uint64_t since,
    struct event *out, size_t max);

#endif
