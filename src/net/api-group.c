/*
 * api-group.c - what the consumer group APIs' handlers share
 * (api-find-coordinator.c, api-join-group.c, api-sync-group.c,
 * api-heartbeat.c, api-leave-group.c, api-offset-commit.c,
 * api-offset-fetch.c, api-describe-groups.c, api-list-groups.c).
 *
 * DESIGN
 * The group coordinator is the model's (model/group.c): a wire request
 * becomes the same MSG_JOIN_GROUP ... a console consumer sends, with the
 * connection's client id and host, and the coordinator's answer (at
 * once, or when a rebalance ends) is written in the API's layout.  So
 * FindCoordinator's COORDINATOR_NOT_AVAILABLE while __consumer_offsets
 * is being created, NOT_COORDINATOR after the coordinator moved,
 * REBALANCE_IN_PROGRESS in heartbeats, MEMBER_ID_REQUIRED, fencing of
 * static members and offsets committed only once replicated are the
 * model's, for isrlab's consumers and real clients alike.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "model/group.h"
#include "model/msg.h"
#include "net/api.h"
#include "util/xmalloc.h"

void
api_str_copy(char *dst, size_t cap, const struct req_str *s)
{
	size_t n = s->len > 0 ? (size_t)s->len : 0;

	if (n > cap - 1)
		n = cap - 1;
	if (n > 0)
		memcpy(dst, s->p, n);
	dst[n] = '\0';
}

/* SyncGroup's assignments, LeaveGroup v3's members. */
static void
api_gp_members_from(struct gpayload *p, const struct req_group *g)
{
	int i;

	if (g->n_members > 0)
		p->members = xcalloc((size_t)g->n_members, sizeof *p->members);
	p->n_members = g->n_members;
	for (i = 0; i < g->n_members; i++) {
		struct gp_member *m = &p->members[i];

		api_str_copy(m->member_id, sizeof m->member_id,
		    &g->members[i].member_id);
		api_str_copy(m->instance_id, sizeof m->instance_id,
		    &g->members[i].instance_id);
		cbytes_set(&m->assign, g->members[i].assign,
		    g->members[i].assign_len > 0 ?
		    (size_t)g->members[i].assign_len : 0);
	}
}

struct msg *
api_group_msg(struct net_req *q, enum msg_type type, const struct req_group *g)
{
	struct msg *m = msg_new(type, NODE_CLIENTS, q->conn->nb->id);
	struct gpayload *p = gpayload_new();
	const char *peer = q->conn->peer, *colon = strrchr(peer, ':');
	int host_len = colon != NULL ? (int)(colon - peer) : (int)strlen(peer);

	m->gp = p;
	p->generation = -1;
	if (g != NULL) {
		api_str_copy(p->group, sizeof p->group, &g->id);
		api_str_copy(p->member_id, sizeof p->member_id, &g->member_id);
		api_str_copy(p->instance_id, sizeof p->instance_id,
		    &g->instance_id);
		p->generation = g->generation;
		api_gp_members_from(p, g);
	}
	snprintf(p->client_id, sizeof p->client_id, "%s", q->h.client_id);
	/* Kafka's ClientHost is InetAddress.toString(): "/127.0.0.1". */
	if (peer[0] == '[')
		snprintf(p->client_host, sizeof p->client_host, "/%.*s",
		    host_len > 2 ? host_len - 2 : 0, peer + 1);
	else
		snprintf(p->client_host, sizeof p->client_host, "/%.*s",
		    host_len, peer);
	return m;
}

void
api_group_send(struct net_req *q, struct msg *m, uint32_t part)
{
	struct net_broker *nb = q->conn->nb;
	int i;

	if (broker_accepts(nb->br, m)) {
		/* Delivered (it cannot be refused now): the answer comes to
		 * the API's on_msg. */
		(void)net_req_msg(q, m, part);
		return;
	}
	/* Not serving clients yet (or any more): no coordinator here, as the
	 * model answers while the broker is not running. */
	m->type = (enum msg_type)(m->type + 1);
	m->error = KERR_COORDINATOR_NOT_AVAILABLE;
	m->corr = part;
	for (i = 0; i < m->gp->n_offsets; i++)
		m->gp->offsets[i].error = KERR_COORDINATOR_NOT_AVAILABLE;
	q->api->on_msg(q, m, nb->now);
}

void
api_write_cbytes(struct wr *w, const struct cbytes *b)
{
	wr_i32(w, (int32_t)b->n);
	wr_raw(w, b->p, b->n);
}

void
api_write_offsets(struct wr *w, const struct gp_offset *v, int n,
    void (*part)(struct wr *w, const struct gp_offset *o, void *arg),
    void *arg)
{
	size_t at = wr_hole(w, 4), pat;
	int32_t topics = 0, parts;
	int i, j, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < i && strcmp(v[k].topic, v[i].topic) != 0; k++)
			;
		if (k < i)
			continue;	/* written with its first partition */
		topics++;
		wr_string(w, v[i].topic);
		pat = wr_hole(w, 4);
		for (j = i, parts = 0; j < n; j++) {
			if (strcmp(v[j].topic, v[i].topic) == 0) {
				part(w, &v[j], arg);
				parts++;
			}
		}
		wr_put_i32(w, pat, parts);
	}
	wr_put_i32(w, at, topics);
}

void
api_gp_offsets_from(struct gpayload *p, const struct request *rq)
{
	int t, j, n = 0;

	for (t = 0; t < rq->n_topics; t++)
		n += rq->topics[t].n_parts > 0 ? rq->topics[t].n_parts : 0;
	if (n == 0)
		return;
	p->offsets = xcalloc((size_t)n, sizeof *p->offsets);
	for (t = 0; t < rq->n_topics; t++) {
		for (j = 0; j < rq->topics[t].n_parts; j++) {
			struct gp_offset *o = &p->offsets[p->n_offsets++];

			snprintf(o->topic, sizeof o->topic, "%s",
			    rq->topics[t].name);
			o->partition = rq->topics[t].parts[j].partition;
			o->offset = rq->topics[t].parts[j].offset;
			o->leader_epoch = rq->topics[t].parts[j].epoch;
		}
	}
}
