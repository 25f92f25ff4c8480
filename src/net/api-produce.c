/*
 * api-produce.c - Produce v3-8 (ProduceRequest.json / ProduceResponse.json
 * at 3.7.0): each partition's RecordBatch v2 batches are checked
 * (batch.c), kept byte for byte and shared by their records, and handed
 * to the broker's model as a client's MSG_PRODUCE, so acks 0/1/all,
 * min.insync.replicas, leadership and the purgatory are the rules the
 * console's producer meets.  The answer goes out when every partition
 * has one (acks=all: when the HW reaches the batch, or the timeout).
 *
 * As Kafka does: an acks value other than 0, 1 or -1 fails every
 * partition with INVALID_REQUIRED_ACKS (ReplicaManager.appendRecords); a
 * partition the metadata does not know gets UNKNOWN_TOPIC_OR_PARTITION, one
 * this broker does not lead NOT_LEADER_OR_FOLLOWER
 * (ReplicaManager.getPartitionOrError); and acks=0 gets no answer at all,
 * but any error closes the connection so the producer refreshes its
 * metadata (KafkaApis.handleProduceRequest, "acks == 0").
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/api.h"
#include "net/batch.h"
#include "util/xmalloc.h"

#define KERR_CORRUPT_MESSAGE 2

struct produce_part {
	int topic;			/* index into st->topics */
	int32_t partition;
	int16_t error;
	int64_t base_offset, log_start;
	bool waiting;			/* the model's answer is due */
};

struct produce_st {
	char (*topics)[ISR_TOPIC_MAX + 1];
	int n_topics;
	struct produce_part *parts;	/* in request order */
	int n_parts;
	int waiting;
	bool handling;			/* handle() is still sending */
};

static void
produce_free(void *arg)
{
	struct produce_st *st = arg;

	free(st->topics);
	free(st->parts);
	free(st);
}

static void
produce_answer(struct net_req *q)
{
	struct produce_st *st = q->st;
	struct wr *w = &q->out;
	int16_t v = q->h.version;
	int t, i;

	wr_i32(w, st->n_topics);
	for (t = 0, i = 0; t < st->n_topics; t++) {
		size_t at;
		int n = 0;

		wr_string(w, st->topics[t]);
		at = wr_hole(w, 4);
		for (; i < st->n_parts && st->parts[i].topic == t; i++, n++) {
			const struct produce_part *p = &st->parts[i];

			wr_i32(w, p->partition);
			wr_i16(w, p->error);
			wr_i64(w, p->error == 0 ? p->base_offset : -1);
			wr_i64(w, -1);		/* LogAppendTimeMs */
			if (v >= 5)
				wr_i64(w, p->log_start);
			if (v >= 8) {
				wr_i32(w, 0);	/* RecordErrors */
				wr_string(w, NULL);	/* ErrorMessage */
			}
		}
		wr_put_i32(w, at, n);
	}
	wr_i32(w, 0);				/* ThrottleTimeMs */
	net_req_done(q);
}

/* The batches of one partition as records for the model; 0, or a Kafka
 * error. */
static int16_t
produce_records(const struct req_part *rp, struct record **recs, int *n)
{
	const uint8_t *p = rp->records;
	size_t left = rp->records_len > 0 ? (size_t)rp->records_len : 0, size;
	struct batch_hdr h;
	int cap = 0;
	enum kerr err;

	*recs = NULL;
	*n = 0;
	if (left == 0)
		return KERR_CORRUPT_MESSAGE;
	while (left > 0) {
		if ((err = batch_check(p, left, &h, &size)) != KERR_NONE)
			goto fail;
		if (batch_records(p, &h, recs, n, &cap) != 0) {
			err = KERR_CORRUPT_MESSAGE;
			goto fail;
		}
		p += size;
		left -= size;
	}
	return 0;
fail:
	while (*n > 0)
		record_release(&(*recs)[--*n]);
	free(*recs);
	*recs = NULL;
	return (int16_t)err;
}

static void
produce_handle(struct net_req *q, struct request *rq)
{
	struct net_broker *nb = q->conn->nb;
	struct produce_st *st = xcalloc(1, sizeof *st);
	bool acks_ok = rq->acks == 0 || rq->acks == 1 || rq->acks == -1;
	bool any_error = false;
	int t, j, k = 0;

	q->st = st;
	st->n_topics = rq->n_topics;
	st->topics = xcalloc((size_t)(rq->n_topics > 0 ? rq->n_topics : 1),
	    sizeof *st->topics);
	for (t = 0; t < rq->n_topics; t++)
		st->n_parts += rq->topics[t].n_parts > 0 ?
		    rq->topics[t].n_parts : 0;
	st->parts = xcalloc((size_t)(st->n_parts > 0 ? st->n_parts : 1),
	    sizeof *st->parts);
	st->handling = true;
	for (t = 0; t < rq->n_topics; t++) {
		const struct req_topic *rt = &rq->topics[t];

		memcpy(st->topics[t], rt->name, sizeof st->topics[t]);
		for (j = 0; j < rt->n_parts; j++, k++) {
			struct produce_part *pp = &st->parts[k];
			struct record *recs;
			struct msg *m;
			int n;

			pp->topic = t;
			pp->partition = rt->parts[j].partition;
			pp->base_offset = -1;
			pp->log_start = -1;
			if (!acks_ok)
				pp->error = KERR_INVALID_REQUIRED_ACKS;
			else if (rt->name_bad || image_partition(&nb->br->image,
			    rt->name, pp->partition) == NULL)
				pp->error = KERR_UNKNOWN_TOPIC_OR_PARTITION;
			else if (broker_replica(nb->br, rt->name,
			    pp->partition) == NULL)
				pp->error = KERR_NOT_LEADER_OR_FOLLOWER;
			else
				pp->error = produce_records(&rt->parts[j],
				    &recs, &n);
			if (pp->error != 0) {
				any_error = true;
				continue;
			}
			m = msg_new(MSG_PRODUCE, NODE_CLIENTS, nb->id);
			snprintf(m->topic, sizeof m->topic, "%s", rt->name);
			m->partition = pp->partition;
			m->acks = rq->acks;
			m->timeout_ms = rq->timeout_ms;
			m->records = recs;
			m->n_records = n;
			pp->waiting = rq->acks != 0;
			st->waiting += pp->waiting;
			if (!net_req_msg(q, m, (uint32_t)k)) {
				if (pp->waiting)
					st->waiting--;
				pp->waiting = false;
				pp->error = KERR_NOT_LEADER_OR_FOLLOWER;
				any_error = true;
			}
		}
	}
	st->handling = false;
	if (rq->acks == 0) {
		q->no_reply = true;
		if (any_error)
			net_req_close(q, "a Produce with acks=0 failed");
		net_req_done(q);
	} else if (st->waiting == 0)
		produce_answer(q);
}

static void
produce_on_msg(struct net_req *q, struct msg *m, int64_t now)
{
	struct produce_st *st = q->st;
	int k = (int)(m->corr & 0xfffff);

	(void)now;
	if (m->type == MSG_PRODUCE_RESP && k < st->n_parts &&
	    st->parts[k].waiting) {
		st->parts[k].waiting = false;
		st->parts[k].error = (int16_t)m->error;
		st->parts[k].base_offset = m->base_offset;
		st->parts[k].log_start = m->log_start;
		st->waiting--;
		if (st->waiting == 0 && !st->handling)
			produce_answer(q);
	}
	msg_free(m);
}

const struct net_api api_produce = {
	.key = API_PRODUCE,
	.handle = produce_handle,
	.on_msg = produce_on_msg,
	.free_state = produce_free,
};
