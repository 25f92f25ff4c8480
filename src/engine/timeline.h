/*
 * timeline.h - what is due when: a binary min-heap of messages and timers
 * ordered by lab time, equal times in the order they were pushed.
 *
 * DESIGN
 * Both engines deliver by the same rule: a message sent over a link is due
 * after the link's delay, and two items due at the same millisecond come
 * out in the order they went in (TCP keeps order; ticks scheduled together
 * run in the order they were scheduled).  The simulator keeps one timeline
 * for the whole cluster (messages and node ticks); the runtime keeps one
 * per node as its mailbox of messages (under the node's lock).  Same
 * pushes, same pops: that is what makes a seeded simulation repeat.
 */
#ifndef ISRLAB_ENGINE_TIMELINE_H
#define ISRLAB_ENGINE_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "model/msg.h"

struct timeline_item {
	int64_t due;		/* lab time, ms */
	uint64_t seq;		/* push order: breaks ties between equal due */
	struct msg *m;		/* a message to deliver, or NULL for a timer */
	int slot;		/* a timer's owner-defined slot (whose tick) */
};

/* Zero-initialised is empty.  The timeline owns the messages it holds
 * until they are popped. */
struct timeline {
	struct timeline_item *v;	/* heap order: v[0] is the earliest */
	size_t n, cap;
	uint64_t seq;		/* items pushed so far, ever */
};

/* Queue m (or, with m NULL, a timer for slot) due at lab time due. */
void timeline_push(struct timeline *tl, int64_t due, struct msg *m,
    int slot);
/* The earliest item, or NULL when the timeline is empty. */
const struct timeline_item *timeline_peek(const struct timeline *tl);
/* Take the earliest item off a non-empty timeline; its message is the
 * caller's. */
struct timeline_item timeline_pop(struct timeline *tl);
/* Free every message still queued and the storage; tl is empty after. */
void timeline_free(struct timeline *tl);

#endif
