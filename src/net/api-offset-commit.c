/*
 * api-offset-commit.c - OffsetCommit v2-7 (OffsetCommitRequest.json /
 * ...Response.json at 3.7.0): the coordinator appends the offsets to its
 * __consumer_offsets partition and answers once the high watermark
 * covers them (offsets.commit.required.acks=-1), per partition: NONE,
 * UNKNOWN_TOPIC_OR_PARTITION, or the group's error (NOT_COORDINATOR,
 * ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS, ...) on
 * every partition, as GroupCoordinator.handleCommitOffsets gives them.
 * Commit metadata strings and v2-4's retention time are not kept.
 */
#include "config.h"

#include "model/group.h"
#include "net/api.h"

static void
offset_commit_handle(struct net_req *q, struct request *rq)
{
	struct msg *m = api_group_msg(q, MSG_OFFSET_COMMIT, &rq->grp);

	api_gp_offsets_from(m->gp, rq);
	api_group_send(q, m, 0);
}

static void
offset_commit_part(struct wr *w, const struct gp_offset *o, void *arg)
{
	(void)arg;
	wr_i32(w, o->partition);
	wr_i16(w, (int16_t)o->error);
}

static void
offset_commit_on_msg(struct net_req *q, struct msg *m, int64_t now)
{
	(void)now;
	if (q->h.version >= 3)
		wr_i32(&q->out, 0);		/* ThrottleTimeMs */
	api_write_offsets(&q->out, m->gp->offsets, m->gp->n_offsets,
	    offset_commit_part, NULL);
	msg_free(m);
	net_req_done(q);
}

const struct net_api api_offset_commit = {
	.key = API_OFFSET_COMMIT,
	.handle = offset_commit_handle,
	.on_msg = offset_commit_on_msg,
};
