/*
 * rset.h - a broker's replicas as a set: kept in order, found by
 * (topic, partition) in O(1), and ordered by the time each next needs the
 * broker (a min-heap), so that a message or a tick touches only the
 * replicas it concerns however many the broker holds.
 *
 * The set does not own the nodes: each is embedded in its replica, which
 * the broker allocates once so that its address never changes.  The
 * order is the order of addition, except that removing a node moves the
 * last one into its place (the order the broker's array always had, which
 * every tick and snapshot follows).
 */
#ifndef ISRLAB_MODEL_RSET_H
#define ISRLAB_MODEL_RSET_H

#include <stddef.h>
#include <stdint.h>

#define RSET_NEVER INT64_MAX		/* due: nothing to do, not in the heap */

struct rset_node {
	const char *topic;		/* the owner's own string */
	int partition;
	size_t slot;			/* index in the set's order */
	size_t heap_pos;		/* index in the heap, if due_ms < NEVER */
	int64_t due_ms;			/* when the owner next needs a tick */
};

/* A hash table slot and a heap entry carry the key they are ordered by,
 * so a probe or a sift compares without following the node pointer (at
 * thousands of partitions each node is a cache miss). */
struct rset_slot {
	struct rset_node *node;		/* NULL: empty */
	uint64_t hash;			/* of node's topic and partition */
};

struct rset_entry {
	int64_t due_ms;			/* node->due_ms */
	struct rset_node *node;
};

struct rset {
	struct rset_node **v;		/* in order; v[i]->slot == i */
	size_t n, cap;
	struct rset_slot *map;		/* open addressing, linear probing */
	size_t map_cap;			/* a power of two, or 0 */
	struct rset_entry *heap;	/* nodes with a due time, earliest first */
	size_t n_heap, cap_heap;
};

void rset_init(struct rset *s);
/* Free the set's arrays; the nodes are the caller's. */
void rset_free(struct rset *s);

/* Append n (topic and partition set, not yet in the set), due never. */
void rset_add(struct rset *s, struct rset_node *n);
/* Remove n: the last node takes its slot. */
void rset_remove(struct rset *s, struct rset_node *n);
/* The node of topic/partition, or NULL. */
struct rset_node *rset_find(const struct rset *s, const char *topic,
    int partition);

/* Set n's due time (RSET_NEVER: none). */
void rset_schedule(struct rset *s, struct rset_node *n, int64_t due_ms);
/* The earliest due time, or RSET_NEVER. */
int64_t rset_next_due(const struct rset *s);
/* The nodes due at or before now, in no particular order, into *out
 * (grown as needed, the caller frees it); returns how many. */
size_t rset_due(const struct rset *s, int64_t now, struct rset_node ***out,
    size_t *cap);

#endif
