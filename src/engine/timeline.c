/*
 * timeline.c - the binary heap behind both engines' queues (see
 * timeline.h).
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>

#include "engine/timeline.h"
#include "util/xmalloc.h"

static bool
timeline_before(const struct timeline_item *a, const struct timeline_item *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

void
timeline_push(struct timeline *tl, int64_t due, struct msg *m, int slot)
{
	struct timeline_item it = {
		.due = due, .seq = tl->seq++, .m = m, .slot = slot,
	};
	size_t i;

	if (tl->n == tl->cap) {
		tl->cap = tl->cap ? tl->cap * 2 : 64;
		tl->v = xreallocarray(tl->v, tl->cap, sizeof *tl->v);
	}
	/* Sift up: move parents down until its place is found. */
	i = tl->n++;
	while (i > 0 && timeline_before(&it, &tl->v[(i - 1) / 2])) {
		tl->v[i] = tl->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	tl->v[i] = it;
}

const struct timeline_item *
timeline_peek(const struct timeline *tl)
{
	return tl->n > 0 ? &tl->v[0] : NULL;
}

struct timeline_item
timeline_pop(struct timeline *tl)
{
	struct timeline_item top = tl->v[0], last = tl->v[--tl->n];
	size_t i = 0;

	/* Sift the last item down from the root into the hole. */
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const struct timeline_item *best = &last;

		if (l < tl->n && timeline_before(&tl->v[l], best)) {
			m = l;
			best = &tl->v[l];
		}
		if (r < tl->n && timeline_before(&tl->v[r], best))
			m = r;
		if (m == i)
			break;
		tl->v[i] = tl->v[m];
		i = m;
	}
	if (tl->n > 0)
		tl->v[i] = last;
	return top;
}

void
timeline_free(struct timeline *tl)
{
	size_t i;

	for (i = 0; i < tl->n; i++)
		msg_free(tl->v[i].m);
	free(tl->v);
	tl->v = NULL;
	tl->n = tl->cap = 0;
}
