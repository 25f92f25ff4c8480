/*
 * api-init-producer-id.c - InitProducerId v0-1 (InitProducerIdRequest.json
 * / ...Response.json at 3.7.0) for idempotent producers: a producer id
 * unique in the lab and epoch 0, as the broker's ProducerIdManager hands
 * out for a producer without a transactional id.  The sequence checks
 * live with the partition leaders (model/pstate.h).  isrlab has no
 * transaction coordinator: a transactional id is refused with
 * INVALID_REQUEST.
 */
#include "config.h"

#include <stdatomic.h>

#include "net/api.h"

static void
init_producer_id_handle(struct net_req *q, struct request *rq)
{
	struct net *n = q->conn->nb->net;
	struct wr *w = &q->out;

	wr_i32(w, 0);				/* ThrottleTimeMs */
	if (rq->has_transactional_id) {
		wr_i16(w, KERR_INVALID_REQUEST);
		wr_i64(w, -1);
		wr_i16(w, -1);
	} else {
		wr_i16(w, 0);
		wr_i64(w, (int64_t)atomic_fetch_add(&n->next_producer_id, 1));
		wr_i16(w, 0);
	}
	net_req_done(q);
}

const struct net_api api_init_producer_id = {
	.key = API_INIT_PRODUCER_ID,
	.handle = init_producer_id_handle,
};
