/*
 * api-list-offsets.c - ListOffsets v1-5 (ListOffsetsRequest.json /
 * ListOffsetsResponse.json at 3.7.0), as Partition.fetchOffsetForTimestamp
 * answers a client (Partition.scala:1557-1605 at 3.7.0): LATEST (-1) is
 * the high watermark (isrlab has no transactions, so read_committed's
 * last stable offset is the same) with the leader epoch, or
 * OFFSET_NOT_AVAILABLE while a new leader's HW is still below its epoch's
 * start offset; EARLIEST (-2) is the log start offset; a timestamp is the
 * first record at or after it below the HW (isrlab's record timestamps
 * are lab time), else offset -1.
 */
#include "config.h"

#include "net/api.h"

#define KERR_OFFSET_NOT_AVAILABLE 78
#define LATEST_TIMESTAMP (-1)
#define EARLIEST_TIMESTAMP (-2)

static void
list_offsets_part(struct net_req *q, const struct req_topic *t,
    const struct req_part *p)
{
	struct wr *w = &q->out;
	const struct replica *r;
	int64_t ts = -1, offset = -1, o;
	int32_t epoch = -1;
	int16_t err;

	r = api_leader_replica(q->conn->nb, t, p->partition, p->current_epoch,
	    &err);
	if (r != NULL) {
		epoch = r->leader_epoch;
		if (p->offset == LATEST_TIMESTAMP) {
			if (r->epoch_start_offset > r->hw)
				err = KERR_OFFSET_NOT_AVAILABLE;
			offset = r->hw;
		} else if (p->offset == EARLIEST_TIMESTAMP) {
			offset = r->log.log_start;
			epoch = -1;
		} else {
			epoch = -1;
			for (o = r->log.log_start; o < r->hw; o++) {
				const struct record *rec = plog_get(&r->log, o);

				if (rec != NULL && rec->timestamp >= p->offset) {
					ts = rec->timestamp;
					offset = o;
					epoch = rec->epoch;
					break;
				}
			}
		}
	}
	wr_i32(w, p->partition);
	wr_i16(w, err);
	wr_i64(w, err == 0 ? ts : -1);
	wr_i64(w, err == 0 ? offset : -1);
	if (q->h.version >= 4)
		wr_i32(w, err == 0 ? epoch : -1);
}

static void
list_offsets_handle(struct net_req *q, struct request *rq)
{
	int t, j;

	if (q->h.version >= 2)
		wr_i32(&q->out, 0);		/* ThrottleTimeMs */
	wr_i32(&q->out, rq->n_topics);
	for (t = 0; t < rq->n_topics; t++) {
		wr_string(&q->out, rq->topics[t].name);
		wr_i32(&q->out, rq->topics[t].n_parts);
		for (j = 0; j < rq->topics[t].n_parts; j++)
			list_offsets_part(q, &rq->topics[t],
			    &rq->topics[t].parts[j]);
	}
	net_req_done(q);
}

const struct net_api api_list_offsets = {
	.key = API_LIST_OFFSETS,
	.handle = list_offsets_handle,
};
