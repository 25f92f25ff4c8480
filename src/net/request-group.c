/*
 * request-group.c - decoding the consumer group requests (see request.h):
 * FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup,
 * OffsetCommit, OffsetFetch, DescribeGroups and ListGroups, each as its
 * <Name>Request.json at Kafka 3.7.0 lays out the non-flexible versions
 * request_apis[] advertises.  Strings and bytes point into the frame.
 */
#include "config.h"

#include <stdlib.h>

#include "net/request-int.h"
#include "util/xmalloc.h"

/* FindCoordinatorRequest.json v0-2: Key, KeyType v1+. */
void
request_dec_find_coordinator(struct rd *r, struct request *q)
{
	request_rd_str(r, &q->grp.id, false);
	q->grp.key_type = q->h.version >= 1 ? rd_i8(r) : 0;
}

/* JoinGroupRequest.json v0-5: GroupId, SessionTimeoutMs,
 * RebalanceTimeoutMs v1+ (v0: the session timeout, as
 * JoinGroupRequest.java has it), MemberId, GroupInstanceId v5+,
 * ProtocolType, Protocols (Name, Metadata). */
void
request_dec_join_group(struct rd *r, struct request *q)
{
	struct req_group *g = &q->grp;
	int i;

	request_rd_str(r, &g->id, false);
	g->session_timeout_ms = rd_i32(r);
	g->rebalance_timeout_ms = q->h.version >= 1 ? rd_i32(r) :
	    g->session_timeout_ms;
	request_rd_str(r, &g->member_id, false);
	if (q->h.version >= 5)
		request_rd_str(r, &g->instance_id, true);
	else
		g->instance_id.len = -1;
	request_rd_str(r, &g->protocol_type, false);
	g->n_protocols = request_rd_count(r, 6, false);
	if (g->n_protocols > 0)
		g->protocols = xcalloc((size_t)g->n_protocols,
		    sizeof *g->protocols);
	for (i = 0; i < g->n_protocols && !r->bad; i++) {
		request_rd_str(r, &g->protocols[i].name, false);
		g->protocols[i].meta = rd_bytes(r, &g->protocols[i].meta_len);
	}
}

/* The GroupId, GenerationId, MemberId and (v3+) GroupInstanceId that
 * SyncGroup and Heartbeat v0-3 open with. */
static void
rd_member_of_generation(struct rd *r, struct request *q)
{
	request_rd_str(r, &q->grp.id, false);
	q->grp.generation = rd_i32(r);
	request_rd_str(r, &q->grp.member_id, false);
	if (q->h.version >= 3)
		request_rd_str(r, &q->grp.instance_id, true);
	else
		q->grp.instance_id.len = -1;
}

static void
rd_members(struct rd *r, struct request *q, size_t min_bytes)
{
	q->grp.n_members = request_rd_count(r, min_bytes, false);
	if (q->grp.n_members > 0)
		q->grp.members = xcalloc((size_t)q->grp.n_members,
		    sizeof *q->grp.members);
}

/* SyncGroupRequest.json v0-3: the member, then Assignments (MemberId,
 * Assignment). */
void
request_dec_sync_group(struct rd *r, struct request *q)
{
	int i;

	rd_member_of_generation(r, q);
	rd_members(r, q, 6);
	for (i = 0; i < q->grp.n_members && !r->bad; i++) {
		struct req_member *m = &q->grp.members[i];

		request_rd_str(r, &m->member_id, false);
		m->instance_id.len = -1;
		m->assign = rd_bytes(r, &m->assign_len);
	}
}

/* HeartbeatRequest.json v0-3: the member alone. */
void
request_dec_heartbeat(struct rd *r, struct request *q)
{
	rd_member_of_generation(r, q);
}

/* LeaveGroupRequest.json v0-3: GroupId, then MemberId (v0-2) or Members
 * (v3: MemberId, GroupInstanceId). */
void
request_dec_leave_group(struct rd *r, struct request *q)
{
	int i;

	request_rd_str(r, &q->grp.id, false);
	q->grp.instance_id.len = -1;
	if (q->h.version <= 2) {
		request_rd_str(r, &q->grp.member_id, false);
		return;
	}
	rd_members(r, q, 4);
	for (i = 0; i < q->grp.n_members && !r->bad; i++) {
		request_rd_str(r, &q->grp.members[i].member_id, false);
		request_rd_str(r, &q->grp.members[i].instance_id, true);
	}
}

/* OffsetCommitRequest.json v2-7: GroupId, GenerationIdOrMemberEpoch,
 * MemberId, GroupInstanceId v7+, RetentionTimeMs v2-4 (ignored since
 * Kafka 2.1, KIP-211), Topics (Name, Partitions: PartitionIndex,
 * CommittedOffset, CommittedLeaderEpoch v6+, CommittedMetadata). */
void
request_dec_offset_commit(struct rd *r, struct request *q)
{
	int16_t v = q->h.version;
	int i, j;

	request_rd_str(r, &q->grp.id, false);
	q->grp.generation = rd_i32(r);
	request_rd_str(r, &q->grp.member_id, false);
	if (v >= 7)
		request_rd_str(r, &q->grp.instance_id, true);
	else
		q->grp.instance_id.len = -1;
	if (v <= 4)
		rd_i64(r);			/* RetentionTimeMs */
	request_rd_topics(r, q, 6, false);
	for (i = 0; i < q->n_topics && !r->bad; i++) {
		struct req_topic *t = &q->topics[i];

		request_rd_topic_name(r, t);
		request_rd_parts(r, t, v >= 6 ? 18 : 14);
		for (j = 0; j < t->n_parts && !r->bad; j++) {
			t->parts[j].partition = rd_i32(r);
			t->parts[j].offset = rd_i64(r);
			t->parts[j].epoch = v >= 6 ? rd_i32(r) : -1;
			request_rd_skip_string(r);	/* CommittedMetadata */
		}
	}
}

/* OffsetFetchRequest.json v1-5: GroupId, Topics (Name, PartitionIndexes;
 * null from v2: every partition the group committed). */
void
request_dec_offset_fetch(struct rd *r, struct request *q)
{
	int i, j;

	request_rd_str(r, &q->grp.id, false);
	request_rd_topics(r, q, 6, q->h.version >= 2);
	for (i = 0; i < q->n_topics && !r->bad; i++) {
		struct req_topic *t = &q->topics[i];

		request_rd_topic_name(r, t);
		request_rd_parts(r, t, 4);
		for (j = 0; j < t->n_parts && !r->bad; j++) {
			t->parts[j].partition = rd_i32(r);
			t->parts[j].epoch = -1;
		}
	}
}

/* DescribeGroupsRequest.json v0-4: Groups, IncludeAuthorizedOperations
 * v3+ (isrlab has no ACLs: omitted in the answer). */
void
request_dec_describe_groups(struct rd *r, struct request *q)
{
	int i;

	q->grp.n_groups = request_rd_count(r, 2, false);
	if (q->grp.n_groups > 0)
		q->grp.groups = xcalloc((size_t)q->grp.n_groups,
		    sizeof *q->grp.groups);
	for (i = 0; i < q->grp.n_groups && !r->bad; i++)
		request_rd_str(r, &q->grp.groups[i], false);
	if (q->h.version >= 3)
		rd_i8(r);
}

/* ListGroupsRequest.json v0-2: no fields (StatesFilter is v4+). */
void
request_dec_list_groups(struct rd *r, struct request *q)
{
	(void)r;
	(void)q;
}
