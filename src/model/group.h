/*
 * group.h - consumer groups: the group coordinator a broker runs, the
 * payload of the group requests, and the consumers' partition assignors.
 *
 * DESIGN
 * Kafka 3.7's classic group protocol (GroupCoordinator.scala,
 * GroupMetadataManager.scala), reduced to what a lab shows:
 *  - a group lives on the broker that leads partition
 *    abs(groupId.hashCode()) % offsets.topic.num.partitions of the internal
 *    topic __consumer_offsets (Java's String.hashCode, Utils.abs); the
 *    topic is created on the first FindCoordinator, as KRaft brokers do;
 *  - members join (JoinGroup), the coordinator waits until every known
 *    member has rejoined (or the rebalance timeout), bumps the generation
 *    and answers; the first member is the leader and computes the
 *    assignment with the group's assignor (range or roundrobin, as the
 *    Java client's RangeAssignor and RoundRobinAssignor do), which it hands
 *    back in SyncGroup; heartbeats keep members alive for
 *    session.timeout.ms and tell them to rejoin (REBALANCE_IN_PROGRESS);
 *    LeaveGroup and expiry trigger a rebalance;
 *  - states Empty, PreparingRebalance, CompletingRebalance, Stable, Dead
 *    (GroupState), with group.initial.rebalance.delay.ms before the first
 *    rebalance of an empty group;
 *  - committed offsets and the group's metadata are records appended to
 *    the coordinator's __consumer_offsets partition and replicated like
 *    any other; a broker that becomes leader of that partition loads the
 *    groups from its replica, so offsets and members survive a
 *    coordinator failover exactly as far as replication carried them.
 *
 * Simplifications (documented in isrlab(1)): a member subscribes to one
 * topic; JoinGroup never asks for MEMBER_ID_REQUIRED; SyncGroup answers
 * before the group record is replicated (offset commits do wait for the
 * high watermark, as offsets.commit.required.acks=-1 does); a member
 * offers one assignor.
 *
 * Pure: the coordinator is driven by broker.c on the broker's thread, and
 * queues answers in the broker's outbox.
 *
 * Names:
 *   gcoord    the group coordinator role of one broker (struct gcoord)
 *   gc_*      what the coordinator keeps: gc_group, gc_member, gc_offset
 *   gpayload  the group part of a request or response (struct gpayload,
 *             carried by struct msg); gp_* are its parts: gp_member,
 *             gp_offset, gp_listing
 */
#ifndef ISRLAB_MODEL_GROUP_H
#define ISRLAB_MODEL_GROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "model/event.h"
#include "model/ids.h"
#include "model/kerr.h"

#define GROUP_OFFSETS_TOPIC "__consumer_offsets"
#define GROUP_ID_MAX 255		/* group names kept, bytes */
#define GROUP_MEMBER_ID_MAX 320		/* client id + "-" + UUID */
#define GROUP_CLIENT_ID_MAX 255
#define GROUP_ASSIGNOR_MAX 16

struct broker;
struct msg;
struct replica;

enum group_state {
	GROUP_EMPTY,			/* no members (offsets may remain) */
	GROUP_PREPARING_REBALANCE,	/* waiting for members to (re)join */
	GROUP_COMPLETING_REBALANCE,	/* waiting for the leader's SyncGroup */
	GROUP_STABLE,			/* every member has its assignment */
	GROUP_DEAD,			/* no such group (describe answers) */
};

/* Kafka's names: "Empty", "PreparingRebalance", ... */
const char *group_state_name(enum group_state s);

/* One member as the coordinator describes it (DescribeGroups) or hands it
 * to the leader (JoinGroup). */
struct gp_member {
	char member_id[GROUP_MEMBER_ID_MAX + 1];
	char client_id[GROUP_CLIENT_ID_MAX + 1];
	char host[32];				/* "/127.0.0.1" */
	char topic[ISR_TOPIC_MAX + 1];		/* its subscription */
	int *parts;				/* assignment (owned) */
	int n_parts;
};

/* One committed offset (OffsetCommit, OffsetFetch). */
struct gp_offset {
	char topic[ISR_TOPIC_MAX + 1];
	int partition;
	int64_t offset;				/* -1: none committed */
};

/* One group as ListGroups gives it. */
struct gp_listing {
	char group[GROUP_ID_MAX + 1];
	enum group_state state;
};

/* What a group request or response carries beyond struct msg. */
struct gpayload {
	char group[GROUP_ID_MAX + 1];
	char member_id[GROUP_MEMBER_ID_MAX + 1];
	char client_id[GROUP_CLIENT_ID_MAX + 1];
	char assignor[GROUP_ASSIGNOR_MAX];	/* protocol name */
	char topic[ISR_TOPIC_MAX + 1];		/* subscription */
	char leader_id[GROUP_MEMBER_ID_MAX + 1]; /* JoinGroup response */
	int32_t generation;			/* -1: none */
	int coordinator;			/* FindCoordinator response */
	int64_t session_timeout_ms;		/* JoinGroup */
	int64_t rebalance_timeout_ms;		/* JoinGroup */
	enum group_state state;			/* DescribeGroups */
	struct gp_member *members;		/* owned */
	int n_members;
	struct gp_offset *offsets;		/* owned */
	int n_offsets;
	struct gp_listing *listings;		/* owned */
	int n_listings;
	int *parts;				/* SyncGroup response (owned) */
	int n_parts;
};

struct gpayload *gpayload_new(void);
void gpayload_free(struct gpayload *p);
struct gpayload *gpayload_copy(const struct gpayload *p);

/* Java's String.hashCode over the UTF-16 units of a UTF-8 string. */
int32_t group_java_hash(const char *s);

/* The __consumer_offsets partition of group: Utils.abs(hashCode) % n. */
int group_partition_for(const char *group, int n_partitions);

/* --- Assignors (the leader member runs them) ------------------------- */

/* Assign n_partitions partitions of one topic to n members whose ids are
 * given (in any order): members are sorted by id as the Java assignors
 * sort them, and out[i] (an array of n_partitions ints the caller
 * provides) receives member_ids[i]'s partitions, n_out[i] their count.
 * "range": the first (P % N) members get P / N + 1 consecutive
 * partitions, the others P / N.  "roundrobin": partition k goes to the
 * (k % N)-th member.  Returns -1 for an unknown assignor name. */
int group_assign(const char *assignor, const char *const *member_ids, int n,
    int n_partitions, int **out, int *n_out);

/* --- The coordinator (runs on the broker) ----------------------------- */

struct gc_member {
	char id[GROUP_MEMBER_ID_MAX + 1];
	char client_id[GROUP_CLIENT_ID_MAX + 1];
	char host[32];
	char topic[ISR_TOPIC_MAX + 1];
	int64_t session_timeout_ms;
	int64_t rebalance_timeout_ms;
	int64_t last_heartbeat_ms;	/* session expiry counts from here */
	struct msg *join;		/* parked JoinGroup (owned), or NULL */
	struct msg *sync;		/* parked SyncGroup (owned), or NULL */
	int *parts;			/* current assignment (owned) */
	int n_parts;
};

struct gc_offset {
	char topic[ISR_TOPIC_MAX + 1];
	int partition;
	int64_t offset;
};

struct gc_group {
	char id[GROUP_ID_MAX + 1];
	int partition;			/* its __consumer_offsets partition */
	enum group_state state;
	int32_t generation;
	char assignor[GROUP_ASSIGNOR_MAX];
	char leader[GROUP_MEMBER_ID_MAX + 1]; /* "" when none */
	struct gc_member *members;	/* in join order (owned) */
	int n_members;
	struct gc_offset *offsets;	/* committed (owned) */
	int n_offsets;
	int64_t join_deadline_ms;	/* PreparingRebalance ends by then */
	bool initial_delay;		/* first rebalance of an empty group */
};

/* The coordinator role of one broker: the groups of every
 * __consumer_offsets partition it leads. */
struct gcoord {
	struct gc_group *groups;	/* owned */
	int n_groups, cap_groups;
	uint64_t member_seq;		/* member ids made so far */
};

void gcoord_free(struct gcoord *gc);

/* Handle a group request addressed to broker b (FindCoordinator,
 * JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch,
 * DescribeGroups, ListGroups).  Takes ownership of m. */
void gcoord_step(struct broker *b, struct msg *m, int64_t now);

/* Expire members, end rebalances whose time is up. */
void gcoord_tick(struct broker *b, int64_t now);
int64_t gcoord_next_deadline(const struct broker *b);

/* b became leader of __consumer_offsets partition r: load its groups
 * from the log.  Called by become_leader. */
void gcoord_load(struct broker *b, struct replica *r, int64_t now);
/* b no longer leads partition (or crashed, partition -1: all): drop its
 * groups, answering parked requests with NOT_COORDINATOR. */
void gcoord_unload(struct broker *b, int partition);

/* A parked OffsetCommit whose records the HW reached (error NONE) or that
 * failed (timeout, lost leadership): apply it and answer.  Takes
 * ownership of req. */
void gcoord_commit_done(struct broker *b, struct msg *req, enum kerr error);

/* Whether msg type t is a group request the coordinator handles. */
bool group_msg_is_request(int t);

#endif
