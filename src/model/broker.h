/*
 * broker.h - one Kafka broker: its replicas, their logs, and the leader and
 * follower roles it plays for each partition.
 *
 * DESIGN
 * A broker is a pure state machine in the style of etcd raft's RawNode:
 * broker_step() consumes one message, broker_tick() consumes the time, and
 * both append outbound messages and events to queues the caller drains.
 * It never reads a clock, sleeps, locks or does I/O.
 *
 * What it does follows Kafka 3.7's ReplicaManager and Partition:
 *  - it registers with the controller, heartbeats, and replays the metadata
 *    records the controller pushes into its own image; a partition whose
 *    registration names it leader makes it leader (become_leader: the
 *    current LEO becomes the epoch's start offset), otherwise follower;
 *  - followers pull: a broker keeps one long-poll Fetch outstanding to each
 *    leader it follows (a ReplicaFetcherThread per leader), with a part per
 *    partition it follows there carrying fetch offset, last fetched epoch
 *    and current leader epoch; the leader answers at once when a part has
 *    records, an error or a diverging epoch (which makes the follower
 *    truncate), else when one of them gets records or the wait ends, and
 *    leaves out the parts with no news (an incremental fetch session's
 *    response, KIP-227);
 *  - the leader tracks each follower's LEO and lastCaughtUpTime exactly as
 *    Replica.updateFetchStateOrThrow does, advances the HW to the min LEO
 *    over the maximal ISR (never while ISR < min.insync.replicas), checks
 *    for lagging followers every replica.lag.time.max.ms / 2 and proposes
 *    shrinks and expands to the controller with AlterPartition;
 *  - produce: acks 0/1/all with NOT_ENOUGH_REPLICAS before append and
 *    NOT_ENOUGH_REPLICAS_AFTER_APPEND / REQUEST_TIMED_OUT after, the
 *    waiting requests kept in a purgatory.
 *
 * Kafka's terms, as used in names here: LEO, log end offset (the offset
 * the next record gets); HW, high watermark (the offset below which every
 * ISR member holds the records: what consumers may read); ISR, in-sync
 * replicas; leader epoch (+1 on each leader change, carried by fetches);
 * broker epoch (given at each registration; requests carrying an older
 * one are refused with STALE_BROKER_EPOCH).
 *
 * Lifecycle: broker_start() begins a new incarnation (the process starts);
 * broker_crash() throws away everything a crashed JVM would lose, keeping
 * the logs ("on disk"); broker_request_stop() asks the controller for a
 * controlled shutdown, after which the broker stops by itself.
 */
#ifndef ISRLAB_MODEL_BROKER_H
#define ISRLAB_MODEL_BROKER_H

#include <stdbool.h>
#include <stdint.h>

#include "model/event.h"
#include "model/group.h"
#include "model/image.h"
#include "model/msg.h"
#include "model/plog.h"
#include "model/pstate.h"
#include "model/rset.h"
#include "model/settings.h"

enum broker_state {
	BROKER_DOWN,		/* never started, crashed or stopped */
	BROKER_STARTING,	/* registering with the controller */
	BROKER_RUNNING,		/* registered and heartbeating */
	BROKER_STOPPING,	/* controlled shutdown in progress */
};

enum replica_role {
	ROLE_NONE,		/* not a replica here (or partition unknown) */
	ROLE_LEADER,
	ROLE_FOLLOWER,
};

/* The leader's view of one follower (Kafka's Replica / ReplicaState). */
struct follower_state {
	int broker;
	int64_t leo;			/* fetch offset of its last fetch */
	int64_t last_caught_up_ms;	/* lastCaughtUpTimeMs */
	int64_t last_fetch_leader_leo;	/* leader LEO at its previous fetch */
	int64_t last_fetch_ms;		/* time of its previous fetch */
	int64_t broker_epoch;		/* from its last fetch */
	bool fetched_this_epoch;	/* has fetched since we became leader */
	bool parked;			/* its FETCH waits on this partition */
	int64_t hw_sent, log_start_sent; /* as the last answer gave them */
};

/* A follower's fetcher for one leader (a ReplicaFetcherThread, with
 * num.replica.fetchers=1): at most one FETCH in flight, carrying every
 * partition the broker follows on that leader and may fetch now. */
struct fetcher {
	bool in_flight;
	int64_t corr;
	int64_t sent_ms;		/* for the request timeout */
	int64_t leader_broker_epoch;	/* the leader's broker epoch then: a
					   new one means its process died and
					   the connection with it */
	int64_t next_ms;		/* next send; NEVER: no partition */
};

/* A follower's FETCH waiting at its leader for data (DelayedFetch). */
struct parked_fetch {
	struct msg *req;		/* owned, or NULL */
	int64_t deadline_ms;
};

/* A parked request: a consumer's fetch waiting for data, or a produce
 * waiting for acks=all. */
struct parked {
	struct msg *req;		/* owned */
	int64_t deadline_ms;
	int64_t required_offset;	/* produce: HW must reach this */
	struct replica *owner;		/* the partition it waits on */
	size_t owner_at;		/* index in owner->parked */
};

enum alter_state {
	ALTER_NONE,			/* committed: isr is the truth */
	ALTER_PENDING_EXPAND,		/* maximal ISR = isr + expanding */
	ALTER_PENDING_SHRINK,		/* maximal ISR = isr (the old one) */
};

struct replica {
	struct rset_node node;		/* first: its place in b->replicas */
	char topic[ISR_TOPIC_MAX + 1];
	char topic_id[23];		/* a topic deleted and created again
					   under its name is another topic */
	int partition;
	struct plog log;		/* survives crashes */
	int64_t hw;			/* high watermark (checkpointed) */

	/* Volatile state, rebuilt from metadata after a restart. */
	enum replica_role role;
	int leader;			/* as this broker believes */
	int32_t leader_epoch;
	int32_t partition_epoch;
	int replicas[ISR_MAX_REPLICAS], n_replicas;
	int isr[ISR_MAX_REPLICAS], n_isr; /* committed ISR */

	/* Leader. */
	int64_t epoch_start_offset;	/* leaderEpochStartOffset */
	struct pstate producers;	/* idempotent producers, rebuilt from
					   the log on becoming leader */
	struct follower_state followers[ISR_MAX_REPLICAS];
	int n_followers;
	enum alter_state alter;
	int alter_isr[ISR_MAX_REPLICAS], n_alter_isr; /* proposed ISR */
	int64_t alter_corr;		/* correlation id of the AlterPartition */
	int64_t alter_retry_ms;		/* resend if unanswered by then */

	/* Follower: left out of its fetcher's requests until then (the
	 * partition's backoff after an error). */
	int64_t next_fetch_ms;

	/* Requests parked on this partition: their indexes in b->parked,
	 * so a partition's purgatory is found without scanning others'. */
	size_t *parked;
	size_t n_parked, cap_parked;
};

struct broker_metrics {
	int64_t isr_shrinks;		/* IsrShrinksPerSec, cumulative */
	int64_t isr_expands;		/* IsrExpandsPerSec, cumulative */
	int64_t failed_isr_updates;	/* FailedIsrUpdatesPerSec */
	int64_t produce_requests;
	int64_t records_in;
};

struct broker {
	int id;
	char rack[32];
	struct settings settings;
	enum broker_state state;
	int64_t incarnation;		/* process starts so far */
	int64_t broker_epoch;		/* from the controller; -1 unregistered */
	int64_t clean_shutdown_epoch;	/* the broker epoch its last controlled
					   shutdown ended with (Kafka's clean
					   shutdown file); -1 after a crash */
	bool fenced;			/* as the controller last said */
	bool serving;			/* takes client requests: unfenced once
					   since it started, as a KRaft broker
					   opens its listeners only then */
	struct image image;		/* its metadata view (may be stale) */

	struct rset replicas;		/* struct replica, each owned and
					   allocated once (stable address) */
	struct rset_node **due;		/* scratch for broker_tick */
	size_t cap_due;

	struct parked *parked;		/* fetches and produces waiting */
	size_t n_parked, cap_parked;
	struct parked_fetch follower_fetch[ISR_NODES]; /* by follower id */
	struct fetcher fetchers[ISR_NODES];	/* by leader id */
	struct parked_expiry *expiring;	/* while broker_tick answers the
					   expired: where moved ones go */

	int64_t next_heartbeat_ms;
	int64_t heartbeat_sent_ms;	/* -1 when no heartbeat is in flight */
	int64_t next_isr_check_ms;
	int64_t next_register_ms;
	int64_t corr;			/* correlation id counter */
	bool want_shutdown;

	struct broker_metrics metrics;
	struct gcoord groups;		/* group coordinator role (volatile) */
	int64_t internal_topic_asked_ms; /* CreateTopics for __consumer_offsets
					   sent then; -1 never */
	struct outbox out;
	struct evq events;
};

struct broker *broker_new(int id, const char *rack, const struct settings *s);
void broker_free(struct broker *b);

/* Start a new incarnation at now: register with the controller.  The
 * broker must be down. */
void broker_start(struct broker *b, int64_t now);

/* Kill the process: volatile state and parked requests vanish, logs and
 * their checkpointed HWs stay.  Queued outbound messages are dropped. */
void broker_crash(struct broker *b);

/* Begin a controlled shutdown (SIGTERM); the broker goes down by itself
 * once the controller lets it. */
void broker_request_stop(struct broker *b, int64_t now);

/* Handle one message.  Takes ownership of m. */
void broker_step(struct broker *b, struct msg *m, int64_t now);

/* Advance to now: heartbeats, fetch timeouts, ISR checks, purgatory. */
void broker_tick(struct broker *b, int64_t now);

/* The next time broker_tick must run, or INT64_MAX. */
int64_t broker_next_deadline(const struct broker *b);

void broker_set_settings(struct broker *b, const struct settings *s);

/* The replica of topic/partition on this broker, or NULL. */
struct replica *broker_replica(const struct broker *b, const char *topic,
    int partition);

/* For the group coordinator: append records (data owned by the log
 * afterwards) to the leader replica r as the current leader epoch, move
 * the HW and wake waiting fetches.  Returns the offset after the last. */
int64_t broker_append_internal(struct broker *b, struct replica *r,
    struct record *recs, int n, int64_t now);

/* Park req (an OffsetCommit addressed to r's partition) until r's HW
 * reaches required_offset or deadline; model/group.c then answers it. */
void broker_park_commit(struct broker *b, struct msg *req, int64_t deadline,
    int64_t required_offset);

/* The replicas in order: broker_replica_at(b, i), i < broker_n_replicas. */
static inline size_t
broker_n_replicas(const struct broker *b)
{
	return b->replicas.n;
}

static inline struct replica *
broker_replica_at(const struct broker *b, size_t i)
{
	return (struct replica *)b->replicas.v[i];
}

/* Whether the broker process is up (any state but DOWN). */
static inline bool
broker_is_up(const struct broker *b)
{
	return b->state != BROKER_DOWN;
}

/* Whether the broker process takes m: a broker that is down takes
 * nothing (the sender's connection is refused), and a starting one takes
 * no client request until it has caught up and been unfenced. */
static inline bool
broker_accepts(const struct broker *b, const struct msg *m)
{
	return broker_is_up(b) && (m->from != NODE_CLIENTS || b->serving);
}

const char *broker_state_name(enum broker_state s);

#endif
