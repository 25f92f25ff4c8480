/*
 * api-describe-groups.c - DescribeGroups v0-4 (DescribeGroupsRequest.json
 * / ...Response.json at 3.7.0): each group as its coordinator has it
 * (state, protocol, members with their metadata and assignments while
 * Stable; an unknown group is Dead with no members), a group this broker
 * does not coordinate NOT_COORDINATOR with "" state, protocol type and
 * protocol (DescribeGroupsResponse.groupError).  isrlab has no ACLs, so
 * v3+'s AuthorizedOperations is "omitted" (INT32_MIN).
 */
#include "config.h"

#include <stdlib.h>

#include "model/group.h"
#include "net/api.h"
#include "util/xmalloc.h"

#define AUTHORIZED_OPERATIONS_OMITTED INT32_MIN

/* The coordinator's answers, one per group asked for. */
struct describe_st {
	struct msg **ans;
	int n, waiting;
	bool handling;			/* handle() is still sending */
};

static void
describe_free(void *arg)
{
	struct describe_st *st = arg;
	int i;

	for (i = 0; i < st->n; i++)
		msg_free(st->ans[i]);
	free(st->ans);
	free(st);
}

static void
describe_group(struct wr *w, int16_t v, const struct msg *m)
{
	const struct gpayload *p = m->gp;
	bool ok = m->error == KERR_NONE;
	int i;

	wr_i16(w, (int16_t)m->error);
	wr_string(w, p->group);
	wr_string(w, ok ? group_state_name(p->state) : "");
	wr_string(w, ok ? p->protocol_type : "");
	wr_string(w, ok ? p->protocol : "");
	wr_i32(w, ok ? p->n_members : 0);
	for (i = 0; ok && i < p->n_members; i++) {
		const struct gp_member *mb = &p->members[i];

		wr_string(w, mb->member_id);
		if (v >= 4)
			wr_string(w, mb->instance_id[0] != '\0' ?
			    mb->instance_id : NULL);
		wr_string(w, mb->client_id);
		wr_string(w, mb->host);
		api_write_cbytes(w, &mb->meta);
		api_write_cbytes(w, &mb->assign);
	}
	if (v >= 3)
		wr_i32(w, AUTHORIZED_OPERATIONS_OMITTED);
}

static void
describe_answer(struct net_req *q)
{
	struct describe_st *st = q->st;
	int i;

	if (q->h.version >= 1)
		wr_i32(&q->out, 0);		/* ThrottleTimeMs */
	wr_i32(&q->out, st->n);
	for (i = 0; i < st->n; i++)
		describe_group(&q->out, q->h.version, st->ans[i]);
	net_req_done(q);
}

static void
describe_handle(struct net_req *q, struct request *rq)
{
	struct describe_st *st = xcalloc(1, sizeof *st);
	int i;

	q->st = st;
	st->n = rq->grp.n_groups;
	st->ans = xcalloc((size_t)(st->n > 0 ? st->n : 1), sizeof *st->ans);
	st->waiting = st->n;
	st->handling = true;
	for (i = 0; i < st->n; i++) {
		struct msg *m = api_group_msg(q, MSG_DESCRIBE_GROUP, NULL);

		api_str_copy(m->gp->group, sizeof m->gp->group,
		    &rq->grp.groups[i]);
		api_group_send(q, m, (uint32_t)i);
	}
	st->handling = false;
	if (st->waiting == 0)
		describe_answer(q);
}

static void
describe_on_msg(struct net_req *q, struct msg *m, int64_t now)
{
	struct describe_st *st = q->st;
	int k = (int)(m->corr & 0xfffff);

	(void)now;
	if (k >= st->n || st->ans[k] != NULL) {
		msg_free(m);
		return;
	}
	st->ans[k] = m;
	st->waiting--;
	if (st->waiting == 0 && !st->handling)
		describe_answer(q);
}

const struct net_api api_describe_groups = {
	.key = API_DESCRIBE_GROUPS,
	.handle = describe_handle,
	.on_msg = describe_on_msg,
	.free_state = describe_free,
};
