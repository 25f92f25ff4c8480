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
 *  - members join (JoinGroup) with a protocol type ("consumer") and the
 *    protocols they offer, each an assignor name and opaque metadata;
 *    JoinGroup v4+ from a new dynamic member first gets a member id and
 *    MEMBER_ID_REQUIRED; the coordinator waits until every known member
 *    has rejoined (or the rebalance timeout), bumps the generation,
 *    chooses the protocol every member supports that most members prefer
 *    (GroupMetadata.selectProtocol) and answers; the leader gets every
 *    member's metadata, computes the assignment itself (isrlab's
 *    consumers run the range or roundrobin assignor, as the Java
 *    client's RangeAssignor and RoundRobinAssignor do; real clients run
 *    their own) and sends it in SyncGroup; the coordinator hands each
 *    member its bytes; heartbeats keep members alive for
 *    session.timeout.ms and tell them to rejoin (REBALANCE_IN_PROGRESS);
 *    LeaveGroup, expiry and a missed SyncGroup trigger a rebalance;
 *    static members (group.instance.id) keep their place across
 *    restarts: a rejoin under a new member id fences the old one;
 *  - states Empty, PreparingRebalance, CompletingRebalance, Stable, Dead
 *    (GroupState), with group.initial.rebalance.delay.ms before the first
 *    rebalance of an empty group;
 *  - committed offsets and the group's metadata are records appended to
 *    the coordinator's __consumer_offsets partition and replicated like
 *    any other; a broker that becomes leader of that partition loads the
 *    groups from its replica, so offsets and members survive a
 *    coordinator failover exactly as far as replication carried them.
 *
 * Errors are GroupCoordinator.scala's at 3.7.0: validateGroupStatus
 * (INVALID_GROUP_ID, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR),
 * INVALID_SESSION_TIMEOUT outside group.min/max.session.timeout.ms,
 * INCONSISTENT_GROUP_PROTOCOL, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID,
 * ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS, per request as there.
 *
 * Simplifications (documented in isrlab(1)): JoinGroup and SyncGroup
 * answer before the group record is replicated (offset commits do wait
 * for the high watermark, as offsets.commit.required.acks=-1 does); no
 * group.max.size; offset commit metadata strings are not kept.
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

#include "model/cproto.h"
#include "model/event.h"
#include "model/ids.h"
#include "model/kerr.h"

#define GROUP_OFFSETS_TOPIC "__consumer_offsets"
#define GROUP_ID_MAX 255		/* group names kept, bytes */
#define GROUP_MEMBER_ID_MAX 320		/* client id + "-" + UUID */
#define GROUP_CLIENT_ID_MAX 255
#define GROUP_INSTANCE_ID_MAX 255	/* group.instance.id */
#define GROUP_HOST_MAX 64		/* "/127.0.0.1", "/::1" */
#define GROUP_PROTOCOL_TYPE_MAX 32	/* "consumer" */
#define GROUP_PROTOCOL_MAX 64		/* assignor names: "range", ... */

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

/* One protocol a member offers in JoinGroup: an assignor name and the
 * member's metadata for it (for consumers its subscription, cproto.h). */
struct gp_protocol {
	char name[GROUP_PROTOCOL_MAX + 1];
	struct cbytes meta;			/* owned */
};

/* One member as the coordinator describes it (DescribeGroups), hands it
 * to the leader (JoinGroup), receives its assignment from the leader
 * (SyncGroup) or is asked to remove it (LeaveGroup v3). */
struct gp_member {
	char member_id[GROUP_MEMBER_ID_MAX + 1];
	char instance_id[GROUP_INSTANCE_ID_MAX + 1]; /* "": dynamic */
	char client_id[GROUP_CLIENT_ID_MAX + 1];
	char host[GROUP_HOST_MAX + 1];		/* "/127.0.0.1" */
	struct cbytes meta;		/* its metadata for the group's
					   protocol (owned) */
	struct cbytes assign;		/* its assignment (owned) */
	enum kerr error;		/* LeaveGroup response, per member */
};

/* One committed offset (OffsetCommit, OffsetFetch). */
struct gp_offset {
	char topic[ISR_TOPIC_MAX + 1];
	int partition;
	int64_t offset;				/* -1: none committed */
	int32_t leader_epoch;			/* -1: not given */
	enum kerr error;			/* responses, per partition */
};

/* One group as ListGroups gives it. */
struct gp_listing {
	char group[GROUP_ID_MAX + 1];
	char protocol_type[GROUP_PROTOCOL_TYPE_MAX + 1];
	enum group_state state;
};

/* What a group request or response carries beyond struct msg.  The
 * wire listeners and isrlab's own consumers fill the same fields. */
struct gpayload {
	char group[GROUP_ID_MAX + 1];
	char member_id[GROUP_MEMBER_ID_MAX + 1];
	char instance_id[GROUP_INSTANCE_ID_MAX + 1]; /* "": dynamic */
	char client_id[GROUP_CLIENT_ID_MAX + 1];
	char client_host[GROUP_HOST_MAX + 1];	/* "": isrlab's own */
	char protocol_type[GROUP_PROTOCOL_TYPE_MAX + 1];
	char protocol[GROUP_PROTOCOL_MAX + 1];	/* the group's chosen one
						   (JoinGroup response,
						   DescribeGroups) */
	char leader_id[GROUP_MEMBER_ID_MAX + 1]; /* JoinGroup response */
	int32_t generation;			/* -1: none */
	int coordinator;			/* FindCoordinator response */
	int64_t session_timeout_ms;		/* JoinGroup */
	int64_t rebalance_timeout_ms;		/* JoinGroup */
	bool require_known_member_id;		/* JoinGroup v4+ */
	enum group_state state;			/* DescribeGroups */
	struct gp_protocol *protocols;		/* JoinGroup (owned) */
	int n_protocols;
	struct gp_member *members;		/* owned */
	int n_members;
	struct gp_offset *offsets;		/* owned */
	int n_offsets;
	struct gp_listing *listings;		/* owned */
	int n_listings;
	struct cbytes assign;			/* SyncGroup response */
	/* isrlab's consumer: the topic it subscribes to and, in its join
	 * result, its partitions of it (owned). */
	char topic[ISR_TOPIC_MAX + 1];
	int *parts;
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

/* One member's subscription as the leader reads it from JoinGroup. */
struct group_sub {
	const char *member_id;
	const char *instance_id;	/* "" or NULL: dynamic */
	const char *const *topics;
	int n_topics;
};

/* A topic and its partition count, as the leader's metadata has it. */
struct group_topic {
	const char *name;
	int n_partitions;
};

/* Assign the partitions of topics to the n members of subs as Java's
 * assignors do: out[i] receives subs[i]'s assignment (an array of
 * n_out[i] topics, owned by the caller: cproto_topics_free).  Members
 * are sorted as AbstractPartitionAssignor.MemberInfo sorts them (static
 * members by group.instance.id first, then by member id); topics nobody
 * subscribes to, and subscribed topics missing from topics (no
 * metadata), are skipped.
 *   "range" (RangeAssignor): per topic, among its subscribers, the first
 *     (P % N) get P / N + 1 consecutive partitions, the others P / N.
 *   "roundrobin" (RoundRobinAssignor): every partition in topic-name then
 *     partition order goes to the next member in a circle that
 *     subscribes to its topic.
 * Returns -1 for an unknown assignor name. */
int group_assign(const char *assignor, const struct group_sub *subs, int n,
    const struct group_topic *topics, int n_topics,
    struct cproto_topic **out, int *n_out);

/* --- The coordinator (runs on the broker) ----------------------------- */

/* A member as GroupCoordinator's MemberMetadata keeps it. */
struct gc_member {
	char id[GROUP_MEMBER_ID_MAX + 1];
	char instance_id[GROUP_INSTANCE_ID_MAX + 1]; /* "": dynamic */
	char client_id[GROUP_CLIENT_ID_MAX + 1];
	char host[GROUP_HOST_MAX + 1];
	char protocol_type[GROUP_PROTOCOL_TYPE_MAX + 1];
	struct gp_protocol *protocols;	/* in its preference order (owned) */
	int n_protocols;
	int64_t session_timeout_ms;
	int64_t rebalance_timeout_ms;
	int64_t last_heartbeat_ms;	/* session expiry counts from here */
	struct msg *join;		/* parked JoinGroup (owned), or NULL */
	struct msg *sync;		/* parked SyncGroup (owned), or NULL */
	bool sync_pending;		/* owes a SyncGroup this generation */
	struct cbytes assign;		/* current assignment (owned) */
};

struct gc_offset {
	char topic[ISR_TOPIC_MAX + 1];
	int partition;
	int64_t offset;
	int32_t leader_epoch;
};

struct gc_group {
	char id[GROUP_ID_MAX + 1];
	int partition;			/* its __consumer_offsets partition */
	enum group_state state;
	int32_t generation;
	char protocol_type[GROUP_PROTOCOL_TYPE_MAX + 1]; /* "" when Empty */
	char protocol[GROUP_PROTOCOL_MAX + 1];	/* chosen; "" when none */
	char leader[GROUP_MEMBER_ID_MAX + 1]; /* "" when none */
	struct gc_member *members;	/* in join order (owned) */
	int n_members;
	struct gc_member *pending;	/* ids handed out with
					   MEMBER_ID_REQUIRED, not yet back:
					   id and timeouts only (owned) */
	int n_pending;
	struct gc_offset *offsets;	/* committed (owned) */
	int n_offsets;
	int64_t join_deadline_ms;	/* PreparingRebalance ends by then */
	int64_t sync_deadline_ms;	/* CompletingRebalance: members that
					   owe a SyncGroup by then go */
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
 * DescribeGroups, ListGroups), answering with a message of type + 1 to
 * m->from carrying m's corr and client_id.  Takes ownership of m. */
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
