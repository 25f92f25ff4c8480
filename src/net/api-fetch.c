/*
 * api-fetch.c - Fetch v4-11 for consumers (FetchRequest.json /
 * FetchResponse.json at 3.7.0), read from the leader's log on its own
 * thread up to the high watermark, as ReplicaManager.readFromLocalLog
 * does for a consumer; sessionless (SessionId 0), as a broker answers a
 * client that did not get a session.
 *
 * Per partition: the leader checks of api_leader_replica (v9+ carry
 * CurrentLeaderEpoch), OFFSET_OUT_OF_RANGE outside [log start, LEO], then
 * batches from the fetch offset while below the HW: a client's batch
 * whole, its base offset and partition leader epoch set to where it sits
 * in this log (everything the CRC covers unchanged), and records without
 * one (the console's, or the tail of a batch cut by a truncation) in
 * batches encoded here.  LastStableOffset is the HW (isrlab has no
 * transactions).  At least one batch goes out even when larger than the
 * limits (KIP-74).
 *
 * Long poll: when fewer than MinBytes are there, the request waits until
 * they are, or MaxWaitMs of real time passed (the client's own clock),
 * looked at after every turn of the broker's loop.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "net/api.h"
#include "net/batch.h"
#include "runtime/labclock.h"
#include "util/xmalloc.h"

#define FETCH_ENCODE_MAX 500	/* records per batch isrlab encodes */

struct fetch_part {
	int topic;
	int32_t partition;
	int32_t current_epoch;
	int64_t offset;
	int32_t max_bytes;
};

struct fetch_st {
	struct req_topic *topics;	/* names only (parts unused) */
	int n_topics;
	struct fetch_part *parts;
	int n_parts;
	int32_t min_bytes, max_bytes;
};

static void
fetch_free(void *arg)
{
	struct fetch_st *st = arg;

	free(st->topics);
	free(st->parts);
	free(st);
}

/* Records of r from offset below limit into w, at most max bytes unless
 * nothing was written yet; returns the bytes written. */
static size_t
fetch_records(struct wr *w, const struct replica *r, int64_t offset,
    int64_t limit, size_t max, bool first)
{
	size_t start = w->len;
	const struct record *rec;
	int64_t o = offset;

	while (o < limit && (w->len - start < max || (first &&
	    w->len == start))) {
		rec = plog_get(&r->log, o);
		if (rec == NULL)
			break;
		if (rec->batch_len > 0) {
			int32_t n = (int32_t)be32_get(rec->batch + 57);
			size_t at = w->len;

			if (o + n <= limit && plog_get(&r->log,
			    o + n - 1) != NULL) {
				wr_raw(w, rec->batch, rec->batch_len);
				be64_put(w->p + at + BATCH_OFF_BASE,
				    (uint64_t)o);
				be32_put(w->p + at + BATCH_OFF_EPOCH,
				    (uint32_t)rec->epoch);
				o += n;
				continue;
			}
		}
		/* A run of records without a whole batch, in one epoch. */
		{
			const struct record *run = rec;
			struct record buf[FETCH_ENCODE_MAX];
			int n = 0;

			while (n < FETCH_ENCODE_MAX && o + n < limit &&
			    (rec = plog_get(&r->log, o + n)) != NULL &&
			    rec->epoch == run->epoch &&
			    (n == 0 || rec->batch_len == 0))
				buf[n++] = *rec;
			batch_encode(w, o, run->epoch, buf, n);
			o += n;
		}
	}
	return w->len - start;
}

/* Write the response if MinBytes are there, or final; true if done. */
static bool
fetch_try(struct net_req *q, bool final)
{
	struct fetch_st *st = q->st;
	struct net_broker *nb = q->conn->nb;
	struct wr w = WR_INIT;
	int16_t v = q->h.version;
	size_t total = 0;
	bool errors = false;
	int t, i;

	wr_i32(&w, 0);				/* ThrottleTimeMs */
	if (v >= 7) {
		wr_i16(&w, 0);			/* ErrorCode */
		wr_i32(&w, 0);			/* SessionId: none */
	}
	wr_i32(&w, st->n_topics);
	for (t = 0, i = 0; t < st->n_topics; t++) {
		size_t at;
		int n = 0;

		wr_string(&w, st->topics[t].name);
		at = wr_hole(&w, 4);
		for (; i < st->n_parts && st->parts[i].topic == t; i++, n++) {
			const struct fetch_part *p = &st->parts[i];
			const struct replica *r;
			int16_t err;
			size_t len_at, max, len;

			r = api_leader_replica(nb, &st->topics[t],
			    p->partition, p->current_epoch, &err);
			if (r != NULL && (p->offset < r->log.log_start ||
			    p->offset > r->log.leo))
				err = KERR_OFFSET_OUT_OF_RANGE;
			errors |= err != 0;
			wr_i32(&w, p->partition);
			wr_i16(&w, err);
			wr_i64(&w, r != NULL ? r->hw : -1);
			wr_i64(&w, r != NULL ? r->hw : -1); /* LastStable */
			if (v >= 5)
				wr_i64(&w, r != NULL ? r->log.log_start : -1);
			wr_i32(&w, 0);		/* AbortedTransactions */
			if (v >= 11)
				wr_i32(&w, -1);	/* PreferredReadReplica */
			len_at = wr_hole(&w, 4);
			if (err != 0 || r == NULL) {
				wr_put_i32(&w, len_at, 0);
				continue;
			}
			max = (size_t)(p->max_bytes > 0 ? p->max_bytes : 0);
			if (st->max_bytes > 0 && (size_t)st->max_bytes > total &&
			    (size_t)st->max_bytes - total < max)
				max = (size_t)st->max_bytes - total;
			if (st->max_bytes > 0 && total >= (size_t)st->max_bytes)
				max = 0;
			len = fetch_records(&w, r, p->offset, r->hw, max,
			    total == 0);
			total += len;
			wr_put_i32(&w, len_at, (int32_t)len);
		}
		wr_put_i32(&w, at, n);
	}
	if (!final && !errors && total < (size_t)(st->min_bytes > 0 ?
	    st->min_bytes : 1)) {
		wr_free(&w);
		return false;
	}
	wr_free(&q->out);
	q->out = w;
	net_req_done(q);
	return true;
}

static void
fetch_handle(struct net_req *q, struct request *rq)
{
	struct fetch_st *st = xcalloc(1, sizeof *st);
	int t, j, k = 0;

	q->st = st;
	st->min_bytes = rq->min_bytes;
	st->max_bytes = rq->max_bytes;
	st->n_topics = rq->n_topics;
	st->topics = xcalloc((size_t)(rq->n_topics > 0 ? rq->n_topics : 1),
	    sizeof *st->topics);
	for (t = 0; t < rq->n_topics; t++)
		st->n_parts += rq->topics[t].n_parts;
	st->parts = xcalloc((size_t)(st->n_parts > 0 ? st->n_parts : 1),
	    sizeof *st->parts);
	for (t = 0; t < rq->n_topics; t++) {
		memcpy(st->topics[t].name, rq->topics[t].name,
		    sizeof st->topics[t].name);
		st->topics[t].name_bad = rq->topics[t].name_bad;
		for (j = 0; j < rq->topics[t].n_parts; j++, k++) {
			const struct req_part *rp = &rq->topics[t].parts[j];

			st->parts[k].topic = t;
			st->parts[k].partition = rp->partition;
			st->parts[k].current_epoch = rp->current_epoch;
			st->parts[k].offset = rp->offset;
			st->parts[k].max_bytes = rp->max_bytes;
		}
	}
	q->deadline_us = labclock_real_us() + (int64_t)(rq->max_wait_ms > 0 ?
	    rq->max_wait_ms : 0) * 1000;
	fetch_try(q, rq->max_wait_ms <= 0);
}

static void
fetch_on_turn(struct net_req *q, int64_t now)
{
	(void)now;
	fetch_try(q, labclock_real_us() >= q->deadline_us);
}

const struct net_api api_fetch = {
	.key = API_FETCH,
	.handle = fetch_handle,
	.on_turn = fetch_on_turn,
	.free_state = fetch_free,
};
