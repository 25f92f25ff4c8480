/*
 * api-list-groups.c - ListGroups v0-2 (ListGroupsRequest.json /
 * ...Response.json at 3.7.0): the groups this broker coordinates (a
 * client asks every broker and merges), with their protocol type.
 */
#include "config.h"

#include "model/group.h"
#include "net/api.h"

static void
list_groups_handle(struct net_req *q, struct request *rq)
{
	(void)rq;
	api_group_send(q, api_group_msg(q, MSG_LIST_GROUPS, NULL), 0);
}

static void
list_groups_on_msg(struct net_req *q, struct msg *m, int64_t now)
{
	const struct gpayload *p = m->gp;
	int n = m->error == KERR_NONE ? p->n_listings : 0, i;

	(void)now;
	if (q->h.version >= 1)
		wr_i32(&q->out, 0);		/* ThrottleTimeMs */
	wr_i16(&q->out, (int16_t)m->error);
	wr_i32(&q->out, n);
	for (i = 0; i < n; i++) {
		wr_string(&q->out, p->listings[i].group);
		wr_string(&q->out, p->listings[i].protocol_type);
	}
	msg_free(m);
	net_req_done(q);
}

const struct net_api api_list_groups = {
	.key = API_LIST_GROUPS,
	.handle = list_groups_handle,
	.on_msg = list_groups_on_msg,
};
