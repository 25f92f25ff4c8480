/*
 * api-heartbeat.c - Heartbeat v0-3 (HeartbeatRequest.json /
 * ...Response.json at 3.7.0): keeps a member alive for its session
 * timeout; REBALANCE_IN_PROGRESS tells it to rejoin, UNKNOWN_MEMBER_ID /
 * ILLEGAL_GENERATION / FENCED_INSTANCE_ID that it was dropped.
 */
#include "config.h"

#include "model/group.h"
#include "net/api.h"

static void
heartbeat_handle(struct net_req *q, struct request *rq)
{
	api_group_send(q, api_group_msg(q, MSG_GROUP_HEARTBEAT, &rq->grp), 0);
}

static void
heartbeat_on_msg(struct net_req *q, struct msg *m, int64_t now)
{
	(void)now;
	if (q->h.version >= 1)
		wr_i32(&q->out, 0);		/* ThrottleTimeMs */
	wr_i16(&q->out, (int16_t)m->error);
	msg_free(m);
	net_req_done(q);
}

const struct net_api api_heartbeat = {
	.key = API_HEARTBEAT,
	.handle = heartbeat_handle,
	.on_msg = heartbeat_on_msg,
};
