/*
 * rset.c - the broker's replica set (see rset.h): an array in order, a
 * hash table by (topic, partition) with linear probing and backward-shift
 * deletion (no tombstones, so lookups stay short however many topics come
 * and go), and a binary min-heap by due time whose nodes know their
 * position, so rescheduling one is O(log n).  Slots keep their hash and
 * heap entries their due time, so probes and sifts stay in the arrays.
 */
#include "config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "model/rset.h"
#include "util/xmalloc.h"

void
rset_init(struct rset *s)
{
	memset(s, 0, sizeof *s);
}

void
rset_free(struct rset *s)
{
	free(s->v);
	free(s->map);
	free(s->heap);
	memset(s, 0, sizeof *s);
}

/* FNV-1a over the topic, then the partition mixed in. */
static uint64_t
rset_hash(const char *topic, int partition)
{
	uint64_t h = 14695981039346656037ULL;

	while (*topic != '\0') {
		h ^= (unsigned char)*topic++;
		h *= 1099511628211ULL;
	}
	h ^= (uint64_t)(uint32_t)partition * 0x9E3779B97F4A7C15ULL;
	h ^= h >> 29;
	return h;
}

static void
rset_map_put(struct rset *s, struct rset_node *n, uint64_t hash)
{
	size_t mask = s->map_cap - 1, i = (size_t)hash & mask;

	while (s->map[i].node != NULL)
		i = (i + 1) & mask;
	s->map[i].node = n;
	s->map[i].hash = hash;
}

/* Keep the table at most half full. */
static void
rset_map_grow(struct rset *s)
{
	struct rset_slot *old = s->map;
	size_t old_cap = s->map_cap, i;

	if (2 * (s->n + 1) <= s->map_cap)
		return;
	s->map_cap = s->map_cap ? s->map_cap * 2 : 16;
	s->map = xcalloc(s->map_cap, sizeof *s->map);
	for (i = 0; i < old_cap; i++) {
		if (old[i].node != NULL)
			rset_map_put(s, old[i].node, old[i].hash);
	}
	free(old);
}

static size_t
rset_map_index(const struct rset *s, const char *topic, int partition,
    uint64_t hash)
{
	size_t mask = s->map_cap - 1, i = (size_t)hash & mask;

	while (s->map[i].node != NULL && (s->map[i].hash != hash ||
	    s->map[i].node->partition != partition ||
	    strcmp(s->map[i].node->topic, topic) != 0))
		i = (i + 1) & mask;
	return i;
}

/* Backward-shift deletion: later members of the probe run move up into
 * the hole when their home is not between the hole and them. */
static void
rset_map_delete(struct rset *s, const struct rset_node *n)
{
	size_t mask = s->map_cap - 1, hole = rset_map_index(s, n->topic,
	    n->partition, rset_hash(n->topic, n->partition)), i = hole;

	assert(s->map[hole].node == n);
	s->map[hole].node = NULL;
	for (;;) {
		size_t home;

		i = (i + 1) & mask;
		if (s->map[i].node == NULL)
			return;
		home = (size_t)s->map[i].hash & mask;
		if (((i - home) & mask) >= ((i - hole) & mask)) {
			s->map[hole] = s->map[i];
			s->map[i].node = NULL;
			hole = i;
		}
	}
}

struct rset_node *
rset_find(const struct rset *s, const char *topic, int partition)
{
	if (s->map_cap == 0)
		return NULL;
	return s->map[rset_map_index(s, topic, partition,
	    rset_hash(topic, partition))].node;
}

/* --- The heap ------------------------------------------------------- */

static void
rset_heap_set(struct rset *s, size_t i, struct rset_entry e)
{
	s->heap[i] = e;
	e.node->heap_pos = i;
}

static void
rset_heap_up(struct rset *s, size_t i)
{
	struct rset_entry e = s->heap[i];

	while (i > 0 && s->heap[(i - 1) / 2].due_ms > e.due_ms) {
		rset_heap_set(s, i, s->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	rset_heap_set(s, i, e);
}

static void
rset_heap_down(struct rset *s, size_t i)
{
	struct rset_entry e = s->heap[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= s->n_heap)
			break;
		if (c + 1 < s->n_heap &&
		    s->heap[c + 1].due_ms < s->heap[c].due_ms)
			c++;
		if (s->heap[c].due_ms >= e.due_ms)
			break;
		rset_heap_set(s, i, s->heap[c]);
		i = c;
	}
	rset_heap_set(s, i, e);
}

static void
rset_heap_remove(struct rset *s, struct rset_node *n)
{
	size_t i = n->heap_pos;
	struct rset_entry last = s->heap[--s->n_heap];

	if (i == s->n_heap)
		return;
	rset_heap_set(s, i, last);
	rset_heap_down(s, i);
	rset_heap_up(s, last.node->heap_pos);
}

void
rset_schedule(struct rset *s, struct rset_node *n, int64_t due_ms)
{
	int64_t was = n->due_ms;

	if (due_ms == was)
		return;
	n->due_ms = due_ms;
	if (was == RSET_NEVER) {
		if (s->n_heap == s->cap_heap) {
			s->cap_heap = s->cap_heap ? s->cap_heap * 2 : 16;
			s->heap = xreallocarray(s->heap, s->cap_heap,
			    sizeof *s->heap);
		}
		rset_heap_set(s, s->n_heap++, (struct rset_entry){ due_ms,
		    n });
		rset_heap_up(s, n->heap_pos);
	} else if (due_ms == RSET_NEVER)
		rset_heap_remove(s, n);
	else {
		s->heap[n->heap_pos].due_ms = due_ms;
		if (due_ms < was)
			rset_heap_up(s, n->heap_pos);
		else
			rset_heap_down(s, n->heap_pos);
	}
}

int64_t
rset_next_due(const struct rset *s)
{
	return s->n_heap > 0 ? s->heap[0].due_ms : RSET_NEVER;
}

size_t
rset_due(const struct rset *s, int64_t now, struct rset_node ***out,
    size_t *cap)
{
	size_t n = 0, k, c;

	if (s->n_heap == 0 || s->heap[0].due_ms > now)
		return 0;
	if (*cap < s->n_heap) {
		*cap = s->n_heap;
		*out = xreallocarray(*out, *cap, sizeof **out);
	}
	/* Walk the heap from the root, breadth first with out[] as the
	 * queue, skipping subtrees not yet due. */
	(*out)[n++] = s->heap[0].node;
	for (k = 0; k < n; k++) {
		size_t i = (*out)[k]->heap_pos;

		for (c = 2 * i + 1; c <= 2 * i + 2 && c < s->n_heap; c++) {
			if (s->heap[c].due_ms <= now)
				(*out)[n++] = s->heap[c].node;
		}
	}
	return n;
}

/* --- Membership ----------------------------------------------------- */

void
rset_add(struct rset *s, struct rset_node *n)
{
	assert(rset_find(s, n->topic, n->partition) == NULL);
	rset_map_grow(s);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	n->slot = s->n;
	n->due_ms = RSET_NEVER;
	s->v[s->n++] = n;
	rset_map_put(s, n, rset_hash(n->topic, n->partition));
}

void
rset_remove(struct rset *s, struct rset_node *n)
{
	assert(n->slot < s->n && s->v[n->slot] == n);
	rset_schedule(s, n, RSET_NEVER);
	rset_map_delete(s, n);
	s->v[n->slot] = s->v[--s->n];
	s->v[n->slot]->slot = n->slot;
}
