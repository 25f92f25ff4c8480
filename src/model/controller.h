/*
 * controller.h - the KRaft controller: broker liveness, topics, partition
 * registrations and leader elections.
 *
 * DESIGN
 * It owns the authoritative metadata image and the metadata log.  Every
 * change is a record appended to the log, applied to its own image and
 * pushed to every registered broker (which also catches up through its
 * heartbeats).  The rules are ReplicationControlManager's and
 * PartitionChangeBuilder's in Kafka 3.7:
 *  - brokers heartbeat; one silent for broker.session.timeout.ms is fenced,
 *    which removes it from every ISR and re-elects leaders in the same
 *    partition change (leader and ISR move together);
 *  - a restarted broker registers fenced and is unfenced once its metadata
 *    has caught up; it only takes leaderless partitions, never leadership
 *    back (that needs a preferred election);
 *  - elections pick the first replica in assignment order that is in the
 *    ISR and active; with unclean election enabled for the topic, the first
 *    active replica, with the ISR forced to it; else Leader: none and the
 *    last ISR member stays in the ISR;
 *  - AlterPartition from a leader is validated (epochs, eligibility) and
 *    committed as a partition change.
 *
 * The metadata log is compacted as KRaft snapshots it: once it holds
 * 2 * log_tail records, the oldest log_tail are folded into `snapshot`
 * (the image as of offset log_start - 1) and freed.  A broker whose
 * metadata is older than the log's start gets the snapshot and the whole
 * tail in one push, as a KRaft broker fetches a snapshot when its offset
 * fell off the log.  Readers that follow the log (the invariant checker)
 * stay within the tail by reading it after every step.
 *
 * In the zk profile the same object is ZooKeeper together with the
 * ZooKeeper-mode controller of Kafka 3.7.0 (core/src/main/scala/kafka/
 * controller/KafkaController.scala): the node is the ensemble, brokers'
 * heartbeats are their ZooKeeper sessions (zookeeper.session.timeout.ms),
 * and the controller's rules run only while a live broker holds the
 * /controller znode (image.controller).  When that broker's session ends
 * another live broker wins the znode and does the failover work; topics are
 * placed by AdminUtils with a random start index and shift on live brokers
 * only; turning unclean.leader.election.enable on elects at once; the auto
 * rebalance checks every interval by leader.imbalance.per.broker.percentage.
 *
 * Like a broker it is a pure state machine: controller_step() takes a
 * message, controller_tick() takes the time, and both queue messages and
 * events for the caller to drain.  Admin requests (create topic, elect
 * leaders, alter configs) are direct calls, answered at once.
 */
#ifndef ISRLAB_MODEL_CONTROLLER_H
#define ISRLAB_MODEL_CONTROLLER_H

#include <stdbool.h>
#include <stdint.h>

#include "model/event.h"
#include "model/image.h"
#include "model/msg.h"
#include "model/settings.h"
#include "util/prng.h"

struct controller_broker {
	int64_t last_contact_ms;	/* last heartbeat or registration */
	int64_t incarnation;		/* of the registered process */
	int64_t registration_offset;	/* metadata offset of its registration */
	bool alive_session;		/* has a session (not fenced by timeout) */
};

struct controller {
	struct settings settings;
	struct image image;		/* authoritative */
	struct image snapshot;		/* the image at offset log_start - 1 */
	struct mrec *log;		/* records log_start..log_end-1 (owned) */
	size_t cap_log;
	int64_t log_start;		/* offset of log[0] */
	int64_t log_end;		/* offset the next record gets */
	size_t log_tail;		/* records kept when compacting */
	struct controller_broker brokers[ISR_NODES];
	int n_brokers;			/* brokers 1..n_brokers exist */
	uint64_t topic_id_state;	/* seeds topic ids (deterministic) */
	int64_t next_rebalance_ms;	/* auto leader rebalance due; -1 none */
	int64_t next_unclean_ms;	/* periodic unclean election check due;
					   -1 none */
	int64_t unclean_elections;	/* UncleanLeaderElectionsPerSec total */
	struct prng prng;		/* the layout: placement, /controller race */
	int64_t leader_elections;	/* leader changes, for LeaderElectionRate */
	struct outbox out;
	struct evq events;
};

#define CONTROLLER_LOG_TAIL 1024	/* default log_tail */

/* A controller for brokers 1..n_brokers; seed fixes the topic ids, and
 * the layout too unless s pins its own (settings.h). */
struct controller *controller_new(const struct settings *s, int n_brokers,
    uint64_t seed);
void controller_free(struct controller *c);

/* Handle one message addressed to the controller.  Takes ownership. */
void controller_step(struct controller *c, struct msg *m, int64_t now);

/* Advance to now: fence silent brokers, run due leader rebalances. */
void controller_tick(struct controller *c, int64_t now);

/* The next time controller_tick must run, or INT64_MAX. */
int64_t controller_next_deadline(const struct controller *c);

/* The record at offset, or NULL when compacted into the snapshot or not
 * written yet. */
const struct mrec *controller_log_get(const struct controller *c,
    int64_t offset);

/* Replace the settings (set K=V). */
void controller_set_settings(struct controller *c, const struct settings *s);

/* --- Admin requests (kafka-topics, kafka-configs, kafka-leader-election).
 * Each returns KERR_NONE or a Kafka error with a message in why (static or
 * written to why_buf). */

struct topic_config_kv {
	const char *key, *value;
};

enum kerr controller_create_topic(struct controller *c, int64_t now,
    const char *name, int partitions, int rf,
    const struct topic_config_kv *configs, int n_configs,
    char *why, size_t why_len);
/* The checks of controller_create_topic alone (CreateTopics'
 * validateOnly): nothing changes but, on a zk profile, the placement's
 * random draws. */
enum kerr controller_validate_topic(struct controller *c, const char *name,
    int partitions, int rf, const struct topic_config_kv *configs,
    int n_configs, char *why, size_t why_len);
/* Add partitions to topic name up to count in all, placed as a new
 * topic's are (CreatePartitions; ReplicationControlManager.java:1680-1760
 * at 3.7.0); validate_only: the checks alone. */
enum kerr controller_create_partitions(struct controller *c, int64_t now,
    const char *name, int count, bool validate_only, char *why,
    size_t why_len);
enum kerr controller_delete_topic(struct controller *c, int64_t now,
    const char *name, char *why, size_t why_len);
enum kerr controller_alter_topic_config(struct controller *c, int64_t now,
    const char *topic, const char *key, const char *value,
    char *why, size_t why_len);
enum kerr controller_alter_broker_config(struct controller *c, int64_t now,
    const char *key, const char *value, char *why, size_t why_len);
/* The checks of the two above alone (validateOnly, and AlterConfigs,
 * which changes a resource's configs all or none); the broker check
 * gives the parsed value (-1 for NULL). */
enum kerr controller_check_topic_config(const struct controller *c,
    const char *topic, const char *key, const char *value,
    char *why, size_t why_len);
enum kerr controller_check_broker_config(const char *key, const char *value,
    int64_t *out, char *why, size_t why_len);

enum election_type { ELECTION_PREFERRED, ELECTION_UNCLEAN };

/* Elect a leader for one partition (kafka-leader-election.sh). */
enum kerr controller_elect(struct controller *c, int64_t now,
    enum election_type type, const char *topic, int partition);

#endif
