/*
 * msg.h - the messages nodes exchange.
 *
 * Every interaction between brokers, the controller and clients is one of
 * these, delivered by whichever engine runs the model (the simulator on
 * virtual time, or the threaded runtime).  The shapes follow Kafka's
 * requests closely enough that each field means what it means in Kafka:
 * a Fetch carries the fetch offset, the last fetched epoch and the current
 * leader epoch; an AlterPartition carries the proposed ISR and both epochs.
 *
 * Ownership: a message owns everything it points to; msg_free releases it.
 */
#ifndef ISRLAB_MODEL_MSG_H
#define ISRLAB_MODEL_MSG_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "model/ids.h"
#include "model/image.h"
#include "model/kerr.h"
#include "model/plog.h"

enum msg_type {
	MSG_REGISTER,		/* broker -> controller: I started */
	MSG_REGISTER_RESP,	/* controller -> broker: your broker epoch */
	MSG_HEARTBEAT,		/* broker -> controller: alive, metadata offset */
	MSG_HEARTBEAT_RESP,	/* controller -> broker: fenced? shut down? */
	MSG_METADATA_PUSH,	/* controller -> broker: new metadata records */
	MSG_ALTER_PARTITION,	/* leader -> controller: proposed ISR */
	MSG_ALTER_PARTITION_RESP, /* controller -> leader: committed state */
	MSG_FETCH,		/* follower/consumer -> leader */
	MSG_FETCH_RESP,
	MSG_PRODUCE,		/* producer -> leader */
	MSG_PRODUCE_RESP,
	MSG_METADATA_REQ,	/* client -> broker: where are the leaders? */
	MSG_METADATA_RESP,
	MSG_UNREACHABLE,	/* engine -> sender: destination process is down
				   (connection refused/reset) */
	/* Consumer groups (model/group.h); every response is its request's
	 * type + 1.  The payload is in msg->gp. */
	MSG_FIND_COORDINATOR,	/* client -> any broker */
	MSG_FIND_COORDINATOR_RESP,
	MSG_JOIN_GROUP,		/* member -> coordinator */
	MSG_JOIN_GROUP_RESP,
	MSG_SYNC_GROUP,		/* member (leader: with assignment) */
	MSG_SYNC_GROUP_RESP,
	MSG_GROUP_HEARTBEAT,	/* member -> coordinator: alive */
	MSG_GROUP_HEARTBEAT_RESP,
	MSG_LEAVE_GROUP,
	MSG_LEAVE_GROUP_RESP,
	MSG_OFFSET_COMMIT,
	MSG_OFFSET_COMMIT_RESP,
	MSG_OFFSET_FETCH,
	MSG_OFFSET_FETCH_RESP,
	MSG_DESCRIBE_GROUP,	/* admin -> coordinator */
	MSG_DESCRIBE_GROUP_RESP,
	MSG_LIST_GROUPS,	/* admin -> each broker */
	MSG_LIST_GROUPS_RESP,
	MSG_CREATE_INTERNAL_TOPIC, /* broker -> controller: create
				   __consumer_offsets (auto topic creation) */
	MSG__COUNT		/* how many types: sizes msg_type_name's table */
};

struct gpayload;

/* Per-partition answer in a metadata (md) response. */
struct md_partition {
	enum kerr error;	/* LEADER_NOT_AVAILABLE when leaderless */
	int leader;
	int32_t leader_epoch;
};

struct msg {
	enum msg_type type;
	int from, to;			/* node ids */
	int64_t corr;			/* correlation id, echoed in responses */
	int client_id;			/* which client on NODE_CLIENTS; echoed */
	enum kerr error;		/* responses */

	/* Broker lifecycle (REGISTER, HEARTBEAT and their responses). */
	int64_t broker_epoch;
	int64_t incarnation;		/* restarts of the sending broker */
	int64_t metadata_offset;	/* broker's applied metadata offset */
	bool want_shutdown;		/* controlled shutdown requested */
	bool fenced;			/* HEARTBEAT_RESP */
	bool shutdown_now;		/* HEARTBEAT_RESP: go */
	char rack[32];			/* REGISTER */

	/* METADATA_PUSH: metadata records (model/image.h), in order (owned),
	 * after the controller's snapshot when the broker was behind the
	 * log's start (owned, or NULL). */
	struct mrec *recs;
	int n_recs;
	struct image *snapshot;

	/* Partition-addressed requests. */
	char topic[ISR_TOPIC_MAX + 1];
	int partition;

	/* ALTER_PARTITION and its response. */
	int isr[ISR_MAX_REPLICAS];
	int n_isr;
	int32_t leader_epoch;
	int32_t partition_epoch;
	char reason[96];		/* why the leader proposes the change */

	/* FETCH. replica_id is -1 for consumers. */
	int replica_id;
	int64_t fetch_offset;
	int32_t last_fetched_epoch;
	int64_t max_wait_ms;
	int max_records;

	/* FETCH_RESP. */
	int64_t hw;
	int64_t log_start;		/* and PRODUCE_RESP: the leader's */
	int64_t leo;
	bool diverging;			/* the follower must truncate */
	int32_t diverging_epoch;	/* largest leader epoch <= its last */
	int64_t diverging_end_offset;

	/* A follower's FETCH to a leader has one part per partition it
	 * follows there (FetchRequest's topics[].partitions[]), each a FETCH
	 * addressed to one partition; its FETCH_RESP has one FETCH_RESP per
	 * part, in the same order.  Owned.  A consumer's FETCH has none. */
	struct msg **parts;
	int n_parts;

	/* FETCH_RESP and PRODUCE: records (owned). */
	struct record *records;
	int n_records;

	/* PRODUCE and its response. */
	int acks;			/* 0, 1 or -1 (all) */
	int64_t timeout_ms;
	int64_t base_offset;		/* PRODUCE_RESP */

	/* METADATA_RESP (topic unknown: error set, n_md == 0). */
	struct md_partition *md;	/* owned */
	int n_md;
	bool live_brokers[ISR_NODES];	/* unfenced brokers it knows */

	/* MSG_UNREACHABLE: the message that could not be delivered. */
	enum msg_type bounced_type;

	/* Group requests and responses (model/group.h; owned). */
	struct gpayload *gp;
};

/* A zeroed message of type t from -> to. */
struct msg *msg_new(enum msg_type t, int from, int to);
void msg_free(struct msg *m);

/* Set m->topic to topic (cut at ISR_TOPIC_MAX bytes, as snprintf would):
 * every fetch and its answer carries one, so no printf here. */
static inline void
msg_set_topic(struct msg *m, const char *topic)
{
	size_t n = strnlen(topic, sizeof m->topic - 1);

	memcpy(m->topic, topic, n);
	m->topic[n] = '\0';
}

/* What the network tells the sender of m when m's destination process is
 * down (connection refused): a MSG_UNREACHABLE back to m->from carrying
 * m's correlation, client and partition, or NULL when no one is to be told
 * (m was itself a bounce).  Frees m. */
struct msg *msg_bounce(struct msg *m);

/* "FETCH", "ALTER_PARTITION", ... */
const char *msg_type_name(enum msg_type t);

/* A queue of messages a node wants sent.  Owns the messages. */
struct outbox {
	struct msg **v;
	size_t n, cap;
};

void outbox_push(struct outbox *o, struct msg *m);
/* Hand every queued message to the caller, who then owns them. */
struct msg **outbox_take(struct outbox *o, size_t *n);
void outbox_clear(struct outbox *o);

#endif
