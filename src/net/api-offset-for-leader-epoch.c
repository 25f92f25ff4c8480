/*
 * api-offset-for-leader-epoch.c - OffsetForLeaderEpoch v2-3
 * (OffsetForLeaderEpochRequest.json / ...Response.json at 3.7.0), which a
 * KIP-320 consumer sends after a leader change to learn whether its
 * position was truncated: the leader's end offset of the consumer's last
 * epoch, from the log's epoch cache (Partition.lastOffsetForLeaderEpoch,
 * Partition.scala:1725-1747, and LeaderEpochFileCache.endOffsetFor at
 * 3.7.0): the largest epoch not above the one asked, and where it ended
 * (the LEO for the current epoch); -1 and -1 for an epoch older than the
 * log holds.
 */
#include "config.h"

#include "net/api.h"

static void
ofle_handle(struct net_req *q, struct request *rq)
{
	struct wr *w = &q->out;
	int t, j;

	wr_i32(w, 0);				/* ThrottleTimeMs */
	wr_i32(w, rq->n_topics);
	for (t = 0; t < rq->n_topics; t++) {
		wr_string(w, rq->topics[t].name);
		wr_i32(w, rq->topics[t].n_parts);
		for (j = 0; j < rq->topics[t].n_parts; j++) {
			const struct req_part *p = &rq->topics[t].parts[j];
			const struct replica *r;
			int32_t found = EPOCH_UNDEFINED;
			int64_t end = OFFSET_UNDEFINED;
			int16_t err;

			r = api_leader_replica(q->conn->nb, &rq->topics[t],
			    p->partition, p->current_epoch, &err);
			if (r != NULL)
				end = plog_end_offset_for_epoch(&r->log,
				    p->epoch, &found);
			wr_i16(w, err);
			wr_i32(w, p->partition);
			wr_i32(w, r != NULL ? found : -1);
			wr_i64(w, r != NULL ? end : -1);
		}
	}
	net_req_done(q);
}

const struct net_api api_offset_for_leader_epoch = {
	.key = API_OFFSET_FOR_LEADER_EPOCH,
	.handle = ofle_handle,
};
