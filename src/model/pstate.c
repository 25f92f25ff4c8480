/*
 * pstate.c - idempotent producers' state (see pstate.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/pstate.h"
#include "util/xmalloc.h"

/* What a RecordBatch v2 header says of its producer: producerId @43,
 * producerEpoch @51, baseSequence @53, records count @57 (net/batch.h). */
struct pstate_hdr {
	int64_t pid;
	int16_t epoch;
	int32_t seq, count;
};

static uint64_t
be_get(const uint8_t *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static void
pstate_hdr_read(const uint8_t *b, struct pstate_hdr *h)
{
	h->pid = (int64_t)be_get(b + 43, 8);
	h->epoch = (int16_t)be_get(b + 51, 2);
	h->seq = (int32_t)be_get(b + 53, 4);
	h->count = (int32_t)be_get(b + 57, 4);
}

void
pstate_free(struct pstate *ps)
{
	free(ps->v);
	memset(ps, 0, sizeof *ps);
}

static struct pstate_entry *
pstate_find(const struct pstate *ps, int64_t pid)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		if (ps->v[i].pid == pid)
			return &ps->v[i];
	}
	return NULL;
}

/* ProducerAppendInfo.inSequence: the next one, or wrapping round. */
static int
in_sequence(int32_t last, int32_t first)
{
	return first == (int32_t)((uint32_t)last + 1) ||
	    (first == 0 && last == INT32_MAX);
}

enum kerr
pstate_check(const struct pstate *ps, const struct record *recs, int n,
    int64_t *dup_first, int64_t *dup_last)
{
	struct pstate_entry cur = { .epoch = PSTATE_NO_EPOCH };
	const struct pstate_entry *e;
	struct pstate_hdr h;
	int i, k;

	*dup_first = *dup_last = -1;
	for (i = 0; i < n; i++) {
		if (recs[i].batch_len == 0)
			continue;
		pstate_hdr_read(recs[i].batch, &h);
		if (h.pid < 0)
			continue;
		e = pstate_find(ps, h.pid);
		if (e != NULL && cur.pid != h.pid)
			cur = *e;
		else if (e == NULL && cur.pid != h.pid) {
			memset(&cur, 0, sizeof cur);
			cur.pid = h.pid;
			cur.epoch = PSTATE_NO_EPOCH;
		}
		for (k = 0; e != NULL && h.epoch == cur.epoch &&
		    k < cur.n_batches; k++) {
			if (cur.batches[k].first_seq == h.seq &&
			    cur.batches[k].last_seq == h.seq + h.count - 1) {
				*dup_first = cur.batches[k].first_offset;
				*dup_last = cur.batches[k].last_offset;
				return KERR_NONE;
			}
		}
		if (cur.epoch != PSTATE_NO_EPOCH && h.epoch < cur.epoch)
			return KERR_INVALID_PRODUCER_EPOCH;
		if (h.epoch != cur.epoch) {
			if (h.seq != 0 && cur.epoch != PSTATE_NO_EPOCH)
				return KERR_OUT_OF_ORDER_SEQUENCE_NUMBER;
		} else if (cur.n_batches > 0 && !in_sequence(
		    cur.batches[cur.n_batches - 1].last_seq, h.seq))
			return KERR_OUT_OF_ORDER_SEQUENCE_NUMBER;
		/* Later batches of the same request follow this one. */
		cur.epoch = h.epoch;
		cur.n_batches = 1;
		cur.batches[0].last_seq = h.seq + h.count - 1;
	}
	return KERR_NONE;
}

void
pstate_note(struct pstate *ps, const struct plog *l, int64_t from,
    int64_t to)
{
	const struct record *rec;
	struct pstate_entry *e;
	struct pstate_hdr h;
	int64_t o;

	for (o = from; o < to; o++) {
		if ((rec = plog_get(l, o)) == NULL || rec->batch_len == 0)
			continue;
		pstate_hdr_read(rec->batch, &h);
		if (h.pid < 0)
			continue;
		if ((e = pstate_find(ps, h.pid)) == NULL) {
			if (ps->n == ps->cap) {
				ps->cap = ps->cap ? ps->cap * 2 : 8;
				ps->v = xreallocarray(ps->v, ps->cap,
				    sizeof *ps->v);
			}
			e = &ps->v[ps->n++];
			memset(e, 0, sizeof *e);
			e->pid = h.pid;
		}
		if (h.epoch != e->epoch)
			e->n_batches = 0;
		e->epoch = h.epoch;
		if (e->n_batches == PSTATE_BATCHES) {
			memmove(&e->batches[0], &e->batches[1],
			    (PSTATE_BATCHES - 1) * sizeof e->batches[0]);
			e->n_batches--;
		}
		e->batches[e->n_batches].first_seq = h.seq;
		e->batches[e->n_batches].last_seq = h.seq + h.count - 1;
		e->batches[e->n_batches].first_offset = o;
		e->batches[e->n_batches].last_offset = o + h.count - 1;
		e->n_batches++;
	}
}

void
pstate_rebuild(struct pstate *ps, const struct plog *l)
{
	ps->n = 0;
	pstate_note(ps, l, l->log_start, l->leo);
}
