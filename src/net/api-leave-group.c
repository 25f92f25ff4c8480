/*
 * api-leave-group.c - LeaveGroup v0-3 (LeaveGroupRequest.json /
 * ...Response.json at 3.7.0): v0-2 name one member and answer with its
 * error; v3 names several (by member id, or by group.instance.id alone)
 * and answers per member, the top-level error being the group's
 * (GroupCoordinator.handleLeaveGroup: a group-level error has no
 * members).
 */
#include "config.h"

#include "model/group.h"
#include "net/api.h"

static void
leave_group_handle(struct net_req *q, struct request *rq)
{
	api_group_send(q, api_group_msg(q, MSG_LEAVE_GROUP, &rq->grp), 0);
}

static void
leave_group_on_msg(struct net_req *q, struct msg *m, int64_t now)
{
	const struct gpayload *p = m->gp;
	struct wr *w = &q->out;
	int n = m->error == KERR_NONE ? p->n_members : 0, i;

	(void)now;
	if (q->h.version >= 1)
		wr_i32(w, 0);			/* ThrottleTimeMs */
	wr_i16(w, (int16_t)m->error);
	if (q->h.version >= 3) {
		wr_i32(w, n);
		for (i = 0; i < n; i++) {
			wr_string(w, p->members[i].member_id);
			wr_string(w, p->members[i].instance_id[0] != '\0' ?
			    p->members[i].instance_id : NULL);
			wr_i16(w, (int16_t)p->members[i].error);
		}
	}
	msg_free(m);
	net_req_done(q);
}

const struct net_api api_leave_group = {
	.key = API_LEAVE_GROUP,
	.handle = leave_group_handle,
	.on_msg = leave_group_on_msg,
};
