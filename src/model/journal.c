/*
 * journal.c - the event ring (see journal.h).
 *
 * Both engines keep their journal with this code; the caller does any
 * locking.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/journal.h"
#include "util/xmalloc.h"

void
journal_init(struct journal *j, size_t max)
{
	memset(j, 0, sizeof *j);
	j->max = max > 0 ? max : 1;
}

void
journal_free(struct journal *j)
{
	free(j->v);
	memset(j, 0, sizeof *j);
}

uint64_t
journal_add(struct journal *j, const struct event *e)
{
	struct event *slot;

	if (j->n == j->max) {
		j->head = (j->head + 1) % j->max;
		j->n--;
	} else if (j->n == j->cap) {
		/* Below the bound nothing was dropped, so head is 0. */
		j->cap = j->cap * 2 > j->max ? j->max :
		    j->cap > 0 ? j->cap * 2 : 64;
		j->v = xreallocarray(j->v, j->cap, sizeof *j->v);
	}
	slot = &j->v[(j->head + j->n) % j->max];
	*slot = *e;
	slot->seq = ++j->next_seq;
	j->n++;
	return slot->seq;
}

size_t
journal_since(const struct journal *j, uint64_t since, struct event *out,
    size_t max)
{
	uint64_t oldest;
	size_t first, i, n = 0;

	if (j->n == 0)
		return 0;
	/* Sequence numbers are contiguous: the oldest kept event has
	 * next_seq - n + 1, so the first newer than since is found at once. */
	oldest = j->next_seq - j->n + 1;
	first = since < oldest ? 0 : (size_t)(since - oldest + 1);
	for (i = first; i < j->n && n < max; i++)
		out[n++] = j->v[(j->head + i) % j->max];
	return n;
}
