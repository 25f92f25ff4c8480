/*
 * api-find-coordinator.c - FindCoordinator v0-2
 * (FindCoordinatorRequest.json / ...Response.json at 3.7.0): the group's
 * coordinator as the model's metadata has it (KafkaApis.getCoordinator,
 * KafkaApis.scala:1645-1686 at 3.7.0), with COORDINATOR_NOT_AVAILABLE
 * and Node.noNode (-1, "", -1) while __consumer_offsets is being created
 * or its partition has no live leader.  isrlab has no transaction
 * coordinator: key type 1 is INVALID_REQUEST, as InitProducerId refuses
 * transactional ids; so is a key type Kafka does not know
 * (CoordinatorType.forId).
 */
#include "config.h"

#include "model/group.h"
#include "net/api.h"

static void
find_coordinator_answer(struct net_req *q, int16_t err, int node)
{
	struct wr *w = &q->out;

	if (q->h.version >= 1)
		wr_i32(w, 0);			/* ThrottleTimeMs */
	wr_i16(w, err);
	if (q->h.version >= 1)
		wr_string(w, err != 0 ? kerr_message(err) : NULL);
	if (err == 0)
		api_write_broker(q->conn->nb, w, node, false);
	else {
		wr_i32(w, -1);
		wr_string(w, "");
		wr_i32(w, -1);
	}
	net_req_done(q);
}

static void
find_coordinator_handle(struct net_req *q, struct request *rq)
{
	if (rq->grp.key_type != 0) {
		find_coordinator_answer(q, KERR_INVALID_REQUEST, -1);
		return;
	}
	api_group_send(q, api_group_msg(q, MSG_FIND_COORDINATOR, &rq->grp),
	    0);
}

static void
find_coordinator_on_msg(struct net_req *q, struct msg *m, int64_t now)
{
	(void)now;
	find_coordinator_answer(q, (int16_t)m->error, m->gp->coordinator);
	msg_free(m);
}

const struct net_api api_find_coordinator = {
	.key = API_FIND_COORDINATOR,
	.handle = find_coordinator_handle,
	.on_msg = find_coordinator_on_msg,
};
