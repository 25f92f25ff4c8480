/*
 * api-elect-leaders.c - ElectLeaders v0-1 (ElectLeadersRequest.json /
 * ...Response.json at 3.7.0), answered by the controller as
 * kafka-leader-election.sh is: the same elections and errors.
 *
 * As ReplicationControlManager.electLeaders (ReplicationControlManager.java
 * :1414-1518 at 3.7.0): per partition ELECTION_NOT_NEEDED when it already
 * has the leader asked for, PREFERRED_LEADER_NOT_AVAILABLE or
 * ELIGIBLE_LEADERS_NOT_AVAILABLE when no replica may take it,
 * UNKNOWN_TOPIC_OR_PARTITION for what does not exist; a null list elects
 * every partition and leaves out those that needed no election.  v0 is a
 * preferred election; an election type other than preferred (0) and
 * unclean (1) is INVALID_REQUEST for the whole request.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "engine/admin.h"
#include "net/api.h"
#include "net/api-admin.h"
#include "util/xmalloc.h"

/* One partition's election; its result in pt. */
static void
elect_one(struct controller *c, int64_t now, const struct admin_job *j,
    const char *topic, struct admin_part *pt)
{
	struct admin_req ar;
	char why[8];

	memset(&ar, 0, sizeof ar);
	ar.kind = ADMIN_ELECT;
	ar.topic = topic;
	ar.partition = pt->partition;
	ar.election = j->election_type == 1 ? ELECTION_UNCLEAN :
	    ELECTION_PREFERRED;
	pt->err = admin_apply(c, now, &ar, why, sizeof why);
	if (pt->err == KERR_UNKNOWN_TOPIC_OR_PARTITION) {
		if (image_topic(&c->image, topic) == NULL)
			snprintf(pt->why, sizeof pt->why, "No such topic as %s",
			    topic);
		else
			snprintf(pt->why, sizeof pt->why, "No such partition "
			    "as %s-%d", topic, pt->partition);
	} else if (pt->err != KERR_NONE)
		snprintf(pt->why, sizeof pt->why, "%s",
		    kerr_message(pt->err));
}

/* A null list: every partition of every topic, as results of their own
 * (j->res, j->n). */
static void
elect_all(struct controller *c, int64_t now, struct admin_job *j)
{
	struct admin_part pt;
	size_t ti;
	int p;

	j->n = (int)c->image.n_topics;
	j->res = xcalloc(c->image.n_topics + 1, sizeof *j->res);
	for (ti = 0; ti < c->image.n_topics; ti++) {
		const struct topic_reg *t = &c->image.topics[ti];
		struct admin_res *r = &j->res[ti];

		snprintf(r->name, sizeof r->name, "%s", t->name);
		r->parts = xcalloc((size_t)t->n_partitions + 1,
		    sizeof *r->parts);
		for (p = 0; p < t->n_partitions; p++) {
			memset(&pt, 0, sizeof pt);
			pt.partition = p;
			elect_one(c, now, j, t->name, &pt);
			if (pt.err != KERR_ELECTION_NOT_NEEDED)
				r->parts[r->n_parts++] = pt;
		}
	}
}

/* @thread controller */
static void
elect_leaders_apply(struct controller *c, int64_t now, struct admin_job *j)
{
	int i, k;

	if (j->election_type != 0 && j->election_type != 1)
		return;			/* answered whole, in the write */
	if (j->n == -1) {
		elect_all(c, now, j);
		return;
	}
	for (i = 0; i < j->n; i++)
		for (k = 0; k < j->res[i].n_parts; k++)
			elect_one(c, now, j, j->res[i].name,
			    &j->res[i].parts[k]);
}

/* ElectLeadersResponse.json v0-1.  @thread broker */
static void
elect_leaders_write(struct net_req *q, const struct admin_job *j)
{
	char why[64];
	bool bad = j->election_type != 0 && j->election_type != 1;
	int i, k;

	snprintf(why, sizeof why, "Unknown election type %d",
	    j->election_type);
	wr_i32(&q->out, 0);			/* ThrottleTimeMs */
	if (j->version >= 1)
		wr_i16(&q->out, bad ? KERR_INVALID_REQUEST : KERR_NONE);
	wr_i32(&q->out, j->n > 0 ? j->n : 0);
	for (i = 0; i < j->n; i++) {
		const struct admin_res *r = &j->res[i];

		wr_string(&q->out, r->name);
		wr_i32(&q->out, r->n_parts);
		for (k = 0; k < r->n_parts; k++) {
			const struct admin_part *pt = &r->parts[k];

			wr_i32(&q->out, pt->partition);
			wr_i16(&q->out, bad ? KERR_INVALID_REQUEST : pt->err);
			wr_string(&q->out, bad ? why : pt->err != KERR_NONE ?
			    pt->why : NULL);
		}
	}
}

static void
elect_leaders_handle(struct net_req *q, struct request *rq)
{
	api_admin_post(api_admin_job(q, rq), elect_leaders_apply,
	    elect_leaders_write);
}

const struct net_api api_elect_leaders = {
	.key = API_ELECT_LEADERS,
	.handle = elect_leaders_handle,
};
