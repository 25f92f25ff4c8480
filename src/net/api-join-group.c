/*
 * api-join-group.c - JoinGroup v0-5 (JoinGroupRequest.json /
 * ...Response.json at 3.7.0) into the model's coordinator: the answer
 * waits for the rebalance (the coordinator parks the request until every
 * member has rejoined or the rebalance timeout is up).  A new dynamic
 * member joining with v4+ must first learn its id (MEMBER_ID_REQUIRED,
 * KafkaApis.handleJoinGroupRequest's requireKnownMemberId at 3.7.0);
 * v5 carries static members' group.instance.id.  Error answers carry
 * generation -1, protocol "" and leader "" (GroupCoordinator.joinError),
 * and the member id the coordinator gave.
 */
#include "config.h"

#include <string.h>

#include "model/group.h"
#include "net/api.h"
#include "util/xmalloc.h"

static void
join_group_handle(struct net_req *q, struct request *rq)
{
	const struct req_group *g = &rq->grp;
	struct msg *m = api_group_msg(q, MSG_JOIN_GROUP, g);
	struct gpayload *p = m->gp;
	int i;

	api_str_copy(p->protocol_type, sizeof p->protocol_type,
	    &g->protocol_type);
	p->session_timeout_ms = g->session_timeout_ms;
	p->rebalance_timeout_ms = g->rebalance_timeout_ms;
	p->require_known_member_id = q->h.version >= 4 &&
	    p->instance_id[0] == '\0';
	if (g->n_protocols > 0)
		p->protocols = xcalloc((size_t)g->n_protocols,
		    sizeof *p->protocols);
	p->n_protocols = g->n_protocols;
	for (i = 0; i < g->n_protocols; i++) {
		api_str_copy(p->protocols[i].name,
		    sizeof p->protocols[i].name, &g->protocols[i].name);
		cbytes_set(&p->protocols[i].meta, g->protocols[i].meta,
		    g->protocols[i].meta_len > 0 ?
		    (size_t)g->protocols[i].meta_len : 0);
	}
	api_group_send(q, m, 0);
}

static void
join_group_on_msg(struct net_req *q, struct msg *m, int64_t now)
{
	const struct gpayload *p = m->gp;
	struct wr *w = &q->out;
	bool ok = m->error == KERR_NONE;
	int i;

	(void)now;
	if (q->h.version >= 2)
		wr_i32(w, 0);			/* ThrottleTimeMs */
	wr_i16(w, (int16_t)m->error);
	wr_i32(w, ok ? p->generation : -1);
	wr_string(w, ok ? p->protocol : "");
	wr_string(w, ok ? p->leader_id : "");
	wr_string(w, p->member_id);
	wr_i32(w, ok ? p->n_members : 0);
	for (i = 0; ok && i < p->n_members; i++) {
		const struct gp_member *mb = &p->members[i];

		wr_string(w, mb->member_id);
		if (q->h.version >= 5)
			wr_string(w, mb->instance_id[0] != '\0' ?
			    mb->instance_id : NULL);
		api_write_cbytes(w, &mb->meta);
	}
	msg_free(m);
	net_req_done(q);
}

const struct net_api api_join_group = {
	.key = API_JOIN_GROUP,
	.handle = join_group_handle,
	.on_msg = join_group_on_msg,
};
