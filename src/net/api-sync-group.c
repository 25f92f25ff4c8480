/*
 * api-sync-group.c - SyncGroup v0-3 (SyncGroupRequest.json /
 * ...Response.json at 3.7.0): the leader brings every member's
 * assignment, the others wait for it (the coordinator parks them), and
 * each gets its own bytes; an error answer has an empty assignment.
 */
#include "config.h"

#include "model/group.h"
#include "net/api.h"

static void
sync_group_handle(struct net_req *q, struct request *rq)
{
	api_group_send(q, api_group_msg(q, MSG_SYNC_GROUP, &rq->grp), 0);
}

static void
sync_group_on_msg(struct net_req *q, struct msg *m, int64_t now)
{
	static const struct cbytes none;

	(void)now;
	if (q->h.version >= 1)
		wr_i32(&q->out, 0);		/* ThrottleTimeMs */
	wr_i16(&q->out, (int16_t)m->error);
	api_write_cbytes(&q->out, m->error == KERR_NONE ? &m->gp->assign :
	    &none);
	msg_free(m);
	net_req_done(q);
}

const struct net_api api_sync_group = {
	.key = API_SYNC_GROUP,
	.handle = sync_group_handle,
	.on_msg = sync_group_on_msg,
};
