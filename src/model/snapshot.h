/*
 * snapshot.h - an immutable copy of everything a reader shows: brokers,
 * links, partitions with leader, replicas, ISR, HW, each replica's LEO and
 * lag, metrics.
 *
 * Engines build one from the model objects they own (the simulator
 * directly, the runtime from what each thread publishes); the console and
 * the TUI only ever read snapshots, never live model state.
 *
 * Building is two halves so that no reader ever touches a live object on
 * another thread: each owner copies what it contributes into a "part"
 * (snapshot_fill_broker on a broker's thread, snapshot_fill_controller on
 * the controller's), and snapshot_assemble joins parts into a snapshot.
 * snapshot_build does both at once for the single-threaded simulator.
 */
#ifndef ISRLAB_MODEL_SNAPSHOT_H
#define ISRLAB_MODEL_SNAPSHOT_H

#include <stdbool.h>
#include <stdint.h>

#include "model/broker.h"
#include "model/controller.h"
#include "model/image.h"
#include "model/links.h"

/* One replica of one partition, as its own broker sees it. */
struct snap_replica {
	bool present;			/* the broker holds this replica */
	enum replica_role role;
	int64_t leo, hw, log_start;	/* -1: unknown (attach mode sees only
					   the leader's log start and HW) */
	int32_t latest_epoch;
	int64_t caught_up_ms;		/* leader's lastCaughtUpTime for it, -1 */
};

struct snap_partition {
	const char *topic;		/* points into ctrl_image */
	int partition;
	const struct partition_reg *reg; /* controller's registration */
	struct snap_replica replicas[ISR_NODES]; /* index = broker id */
	int64_t hw;			/* the leader's HW, or -1 leaderless */
	int64_t leader_leo;		/* -1 leaderless or unknown */
	bool leader_thinks[ISR_NODES];	/* brokers acting as leader (a zombie
					   leader shows up here too) */
};

struct snap_broker {
	enum broker_state state;
	bool serving;			/* takes client requests */
	bool fenced;			/* in the controller's image */
	bool shutting_down;
	char rack[32];
	int leader_count;		/* partitions it leads (controller view) */
	int64_t incarnation;
	struct image image;		/* the broker's own metadata view */
	struct broker_metrics metrics;
	int wire_clients;		/* real Kafka clients connected
					   (src/net; 0 on the simulator) */
};

struct snap_metrics {
	int under_replicated;		/* UnderReplicatedPartitions, summed */
	int under_min_isr;		/* UnderMinIsrPartitionCount */
	int offline;			/* OfflinePartitionsCount */
	int active_controllers;		/* ActiveControllerCount */
	int preferred_imbalance;	/* PreferredReplicaImbalanceCount */
	int fenced_brokers;		/* FencedBrokerCount */
	int64_t isr_shrinks, isr_expands; /* cumulative, all brokers */
	int64_t leader_elections, unclean_elections;
	int64_t max_lag;		/* max follower lag in records */
};

struct snapshot {
	int64_t now;
	int n_brokers;
	struct snap_broker brokers[ISR_NODES];
	struct image ctrl_image;	/* authoritative */
	struct links links;
	struct snap_partition *parts;	/* every partition, topic order */
	size_t n_parts;
	struct snap_metrics metrics;
	/* How far the engine's slowest node ran behind the lab clock in its
	 * last turn, lab ms: the threaded runtime's messages delivered that
	 * late (0 on the simulator, whose time waits for the model). */
	int64_t behind_ms;
};

/* One replica as its own broker holds it, with the leader's view of its
 * followers (for caught_up_ms). */
struct snap_part_replica {
	char topic[ISR_TOPIC_MAX + 1];
	int partition;
	struct snap_replica r;
	int follower_broker[ISR_MAX_REPLICAS];
	int64_t follower_caught_up_ms[ISR_MAX_REPLICAS];
	int n_followers;
};

/* What one broker contributes: its snap_broker (fenced, shutting_down and
 * leader_count are the controller's and filled in by assembly) and its
 * replicas.  Owns the image and the replica array. */
struct snap_broker_part {
	struct snap_broker b;
	struct snap_part_replica *replicas;
	size_t n_replicas, cap_replicas;
};

/* What the controller contributes.  Owns the image. */
struct snap_ctrl_part {
	struct image image;
	int64_t leader_elections, unclean_elections;
	int64_t min_insync_replicas;	/* its static default */
};

/* Real Kafka clients connected to s's brokers, all together. */
int snapshot_wire_clients(const struct snapshot *s);

/* Copy broker b into p, replacing what p held (p zeroed the first time).
 * Runs on b's owning thread. */
void snapshot_fill_broker(struct snap_broker_part *p, const struct broker *b);
/* Copy src into dst, replacing what dst held. */
void snapshot_broker_part_copy(struct snap_broker_part *dst,
    const struct snap_broker_part *src);
void snapshot_broker_part_free(struct snap_broker_part *p);

/* Copy controller c into p, replacing what p held (zeroed the first time).
 * Runs on the controller's owning thread. */
void snapshot_fill_controller(struct snap_ctrl_part *p,
    const struct controller *c);
void snapshot_ctrl_part_copy(struct snap_ctrl_part *dst,
    const struct snap_ctrl_part *src);
void snapshot_ctrl_part_free(struct snap_ctrl_part *p);

/* Build s from parts: parts[i] is broker i + 1's, for i < n_brokers.  The
 * parts' images move into s (no second copy); the caller still frees the
 * parts, which keep their replica arrays. */
void snapshot_assemble(struct snapshot *s, int64_t now,
    struct snap_ctrl_part *c, struct snap_broker_part *const *parts,
    int n_brokers, const struct links *links);

/* Build s from the live objects (brokers[i] for i in 1..n_brokers). */
void snapshot_build(struct snapshot *s, int64_t now,
    const struct controller *c, struct broker *const *brokers,
    int n_brokers, const struct links *links);
void snapshot_free(struct snapshot *s);

/* The partition topic/partition in s, or NULL. */
const struct snap_partition *snapshot_partition(const struct snapshot *s,
    const char *topic, int partition);

#endif
