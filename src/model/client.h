/*
 * client.h - the Kafka client inside isrlab: a producer and consumer that
 * behave towards the brokers as Java's do.
 *
 * DESIGN
 * A client keeps a metadata cache (leader and epoch per partition) learnt
 * from any broker it can reach, starting from its bootstrap list.  Produce
 * partitions records with Java's default partitioner (murmur2 of the key,
 * uniform sticky for null keys), sends one Produce per partition batch to
 * the leader it believes in, and on a retriable error (NOT_LEADER_OR_FOLLOWER,
 * LEADER_NOT_AVAILABLE, a stale epoch, or a broker that is down) refreshes
 * metadata and retries until delivery.timeout.ms, reporting each retry as an
 * event.  NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND and
 * REQUEST_TIMED_OUT are reported at once instead of being retried for the
 * whole delivery timeout as Java does, so a student sees the error while it
 * matters (documented in isrlab(1)).  Fetch reads one partition from its
 * leader up to the high watermark, as a consumer does.
 *
 * Pure: client_step/client_tick take messages and time, and queue requests,
 * results and events for the caller.
 */
#ifndef ISRLAB_MODEL_CLIENT_H
#define ISRLAB_MODEL_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "model/event.h"
#include "model/group.h"
#include "model/msg.h"
#include "model/settings.h"
#include "util/prng.h"

enum client_op_kind {
	OP_PRODUCE,
	OP_FETCH,
	OP_JOIN,		/* group membership until its first assignment */
	OP_LEAVE,		/* LeaveGroup, membership ends */
	OP_COMMIT,		/* OffsetCommit */
	OP_OFFSET_FETCH,	/* OffsetFetch */
	OP_DESCRIBE_GROUP,	/* DescribeGroups */
	OP_LIST_GROUPS,		/* ListGroups to every live broker */
};

/* What the caller gets back for each operation. */
struct client_result {
	int op;				/* id returned by client_produce/fetch */
	enum client_op_kind kind;
	enum kerr error;
	char topic[ISR_TOPIC_MAX + 1];
	int partition;
	int64_t base_offset;		/* produce: offset of the first record,
					   -1 with acks=0 */
	int n_sent;			/* produce: records in the batch */
	uint64_t first_id;		/* produce: id of the first record */
	int acks;
	struct record *records;		/* fetch: owned by the result */
	int n_records;
	int64_t hw;			/* fetch */
	int64_t log_start;		/* fetch, produce: the leader's */
	int leader;			/* broker that answered */
	int64_t expired_ms;		/* produce that expired before it was
					   sent: ms since the batch was made,
					   else -1 */
	struct gpayload *gp;		/* group ops: the answer (owned) */
};

struct client_topic {
	char name[ISR_TOPIC_MAX + 1];
	int n_partitions;
	struct md_partition *parts;	/* owned */
	int sticky_partition;		/* uniform sticky: current, -1 */
	int64_t sticky_bytes;		/* bytes produced to it so far */
};

struct client_op {
	int id;
	enum client_op_kind kind;
	char topic[ISR_TOPIC_MAX + 1];
	int partition;			/* -1 until partitioned */
	bool unsplit;			/* produce waiting for metadata to be
					   partitioned */
	int acks;
	struct record *records;		/* produce batch (owned) */
	int n_records;
	int64_t fetch_offset;		/* fetch */
	int max_records;		/* fetch */
	int64_t created_ms;		/* when the batch was made */
	int64_t deadline_ms;		/* delivery / request deadline */
	int64_t retry_at_ms;		/* backoff before next attempt, or 0 */
	int64_t corr;			/* in-flight request, or 0 */
	int64_t sent_ms;
	int target;			/* broker it was sent to */
	bool done;
	struct gpayload *gp;		/* group ops: the request (owned) */
	int coord;			/* group ops: coordinator, -1 unknown */
	bool finding;			/* FindCoordinator in flight */
	int pending;			/* OP_LIST_GROUPS: answers awaited */
	int64_t corr_end;		/* OP_LIST_GROUPS: corr range end */
};

/* The consumer's group membership (ConsumerCoordinator), one per client. */
enum cg_phase {
	CG_NONE,		/* not a member */
	CG_FIND,		/* looking for the coordinator */
	CG_JOIN,		/* JoinGroup sent or due */
	CG_SYNC,		/* SyncGroup sent */
	CG_STABLE,		/* assigned; heartbeating */
};

struct client_group {
	enum cg_phase phase;
	char group[GROUP_ID_MAX + 1];
	char topic[ISR_TOPIC_MAX + 1];	/* subscription */
	char assignor[GROUP_PROTOCOL_MAX + 1]; /* the one protocol offered */
	char client_id[GROUP_CLIENT_ID_MAX + 1];
	char member_id[GROUP_MEMBER_ID_MAX + 1]; /* "" before the first join */
	int32_t generation;		/* -1 none */
	int coordinator;		/* -1 unknown */
	bool was_stable;		/* had an assignment when it lost the
					   coordinator: heartbeat, not rejoin */
	struct gpayload *join_resp;	/* leader: members to assign (owned) */
	int *parts;			/* assigned partitions of topic (owned) */
	int n_parts;
	int64_t corr, sent_ms;		/* FindCoordinator/Join/Sync in flight */
	int64_t hb_corr, hb_sent_ms;	/* heartbeat in flight */
	int64_t next_hb_ms;
	int64_t retry_at_ms;		/* backoff before the next request */
	int join_op;			/* OP_JOIN waiting for Stable, or 0 */
	int64_t rebalances;		/* assignments received */
};

struct client {
	struct settings settings;
	struct prng prng;
	bool bootstrap[ISR_NODES];	/* brokers it may ask for metadata */
	bool known[ISR_NODES];		/* brokers learnt from metadata */
	int md_rotor;			/* next broker to try for metadata */
	int find_rotor;			/* next broker for FindCoordinator */
	struct client_topic *topics;
	size_t n_topics;
	int64_t md_corr;		/* metadata request in flight, or 0 */
	int64_t md_sent_ms;
	int md_target;
	bool md_wanted;			/* a refresh is needed */
	int64_t md_retry_at_ms;
	bool md_blocked;		/* metadata needed, waiting for backoff */
	struct client_op *ops;
	size_t n_ops, cap_ops;
	int next_op;
	int64_t corr;
	uint64_t next_record_id;	/* ids for loss accounting */
	struct client_group group;	/* consumer group membership */
	struct client_result *results;	/* drained by the caller */
	size_t n_results, cap_results;
	struct outbox out;
	struct evq events;
};

/* A client whose bootstrap servers are the brokers flagged in bootstrap. */
struct client *client_new(const struct settings *s,
    const bool bootstrap[ISR_NODES], uint64_t seed);
void client_free(struct client *c);

/* Queue a produce of n records to topic (keys and keys[i] may be NULL);
 * partition -1 lets the partitioner choose, per record.  The records are
 * grouped into one batch per partition; each batch gives one result. */
void client_produce(struct client *c, int64_t now, const char *topic,
    int partition, int acks, const char *const *keys,
    const char *const *values, int n);

/* Queue a fetch of up to max records of topic/partition from offset; one
 * result.  Partition -1 fetches nothing but gives a result whose
 * `partition` field holds the topic's partition count once metadata is
 * known (or an error): a consumer's first step. */
void client_fetch(struct client *c, int64_t now, const char *topic,
    int partition, int64_t offset, int max);

/* Join group as a consumer subscribed to topic, with assignor "range" or
 * "roundrobin" and client.id client_id; one OP_JOIN result once the member
 * has its first assignment (gp: member_id, generation, parts), or an
 * error.  The membership then lives on by itself: heartbeats, rejoins on
 * rebalance, finds a new coordinator after failover. */
void client_group_join(struct client *c, int64_t now, const char *group,
    const char *topic, const char *assignor, const char *client_id);
/* Leave the group (LeaveGroup); one OP_LEAVE result. */
void client_group_leave(struct client *c, int64_t now);
/* Commit offsets for group (as the member when it is one, else as a
 * standalone consumer); one OP_COMMIT result. */
void client_group_commit(struct client *c, int64_t now, const char *group,
    const struct gp_offset *offsets, int n);
/* The committed offsets of group (n == 0: all); one OP_OFFSET_FETCH
 * result with gp->offsets. */
void client_group_fetch_offsets(struct client *c, int64_t now,
    const char *group, const struct gp_offset *offsets, int n);
/* DescribeGroups; one result with gp->state, members. */
void client_describe_group(struct client *c, int64_t now, const char *group);
/* Every group on every live broker; one result with gp->listings. */
void client_list_groups(struct client *c, int64_t now);

/* Handle one message addressed to the client.  Takes ownership. */
void client_step(struct client *c, struct msg *m, int64_t now);
void client_tick(struct client *c, int64_t now);
int64_t client_next_deadline(const struct client *c);

/* Whether any operation is still outstanding. */
bool client_busy(const struct client *c);

/* Move the queued results to the caller, who frees them with
 * client_result_free. */
struct client_result *client_take_results(struct client *c, size_t *n);
void client_result_free(struct client_result *r);

#endif
