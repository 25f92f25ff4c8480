/*
 * image.h - the cluster metadata image: brokers, topics and partition
 * registrations, built by applying metadata records in order.
 *
 * In KRaft the controller appends records to the metadata log and every
 * broker replays them into its own image (MetadataImage).  isrlab does the
 * same: the controller owns the authoritative image and the record log;
 * each broker holds its own image, which is stale while the broker is cut
 * off from the controller.  That staleness is real Kafka behaviour and is
 * what lets an isolated leader go on believing it leads.
 *
 * Names (here, in the controller and in messages): a registration ("reg")
 * is what the metadata says about one broker, topic or partition.
 *   breg     a broker's registration (struct broker_reg)
 *   preg     a partition's registration: replicas, ISR, leader, epochs
 *            (struct partition_reg, KRaft's PartitionRecord)
 *   mrec     one metadata record: a registration replaced whole
 *            (struct mrec, an entry of the controller's metadata log)
 *   tconfig  a topic's config overrides (struct topic_config)
 */
#ifndef ISRLAB_MODEL_IMAGE_H
#define ISRLAB_MODEL_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/ids.h"
#include "model/profile.h"

/* Per-topic overrides; -1 means "not set, use the broker default". */
struct topic_config {
	int64_t min_insync_replicas;
	int64_t unclean_leader_election;
	int64_t retention_records;
};

struct partition_reg {
	int replicas[ISR_MAX_REPLICAS];	/* assignment order; [0] is preferred */
	int n_replicas;
	int isr[ISR_MAX_REPLICAS];	/* in-sync replicas, in ISR order */
	int n_isr;
	int leader;			/* broker id or ISR_NO_LEADER */
	/* Eligible Leader Replicas (KIP-966, profiles with elr): replicas
	 * that left the ISR while it was below min.insync.replicas, so the
	 * high watermark could not pass them; ascending.  last_known_elr
	 * holds the last leader once the ISR and the ELR are empty. */
	int elr[ISR_MAX_REPLICAS];
	int n_elr;
	int last_known_elr[ISR_MAX_REPLICAS];
	int n_last_known_elr;
	int32_t leader_epoch;		/* +1 on every leader change */
	int32_t partition_epoch;	/* +1 on every change */
	bool recovering;		/* elected uncleanly (LeaderRecoveryState) */
};

struct topic_reg {
	char name[ISR_TOPIC_MAX + 1];
	char id[23];			/* base64 topic id, 22 chars */
	struct topic_config config;
	int n_partitions;
	struct partition_reg *parts;	/* owned */
};

struct broker_reg {
	bool registered;		/* has ever registered */
	int64_t epoch;			/* broker epoch of the registration */
	bool fenced;			/* not allowed to lead or be in an ISR */
	bool shutting_down;		/* in controlled shutdown */
	char rack[32];			/* broker.rack, "" when unset */
};

/* Broker-level dynamic configs (kafka-configs --entity-type brokers). */
struct broker_overrides {
	int64_t min_insync_replicas;	/* -1 when unset */
	int64_t unclean_leader_election; /* -1 when unset */
};

enum mrec_type {
	MREC_BROKER,		/* broker registration state, whole */
	MREC_TOPIC,		/* a new topic with its partitions */
	MREC_PARTITION,		/* one partition's registration, whole */
	MREC_TOPIC_CONFIG,	/* a topic's overrides, whole */
	MREC_BROKER_CONFIG,	/* cluster-wide broker overrides, whole */
	MREC_REMOVE_TOPIC,	/* topic deleted */
	MREC_CONTROLLER,	/* zk: the broker holding /controller */
};

/* One metadata record.  Records carry whole states, never deltas, so that
 * replaying them is idempotent and simple. */
struct mrec {
	enum mrec_type type;
	int64_t offset;			/* position in the metadata log */
	int broker;			/* MREC_BROKER, MREC_CONTROLLER (0:
					   none) */
	struct broker_reg breg;		/* MREC_BROKER */
	char topic[ISR_TOPIC_MAX + 1];	/* MREC_TOPIC.. MREC_REMOVE_TOPIC */
	char topic_id[23];		/* MREC_TOPIC */
	int partition;			/* MREC_PARTITION */
	int n_partitions;		/* MREC_TOPIC */
	struct topic_config tconfig;	/* MREC_TOPIC, MREC_TOPIC_CONFIG */
	struct broker_overrides overrides; /* MREC_BROKER_CONFIG */
	struct partition_reg *parts;	/* MREC_TOPIC: n_partitions (owned) */
	struct partition_reg preg;	/* MREC_PARTITION */
};

struct image {
	int64_t offset;			/* offset of the last applied record, -1 */
	/* The cluster's Kafka, as KRaft's FeaturesImage carries
	 * metadata.version and eligible.leader.replicas.version: set from
	 * the settings by the controller and each broker, copied with the
	 * image, so every reader of a snapshot (kafka-topics, the screen,
	 * the invariant checker) knows which rules made it. */
	enum kafka_profile profile;
	int controller;			/* zk: the broker holding /controller,
					   0 none (KRaft: always 0) */
	struct broker_reg brokers[ISR_NODES]; /* index = broker id */
	struct broker_overrides overrides;
	struct topic_reg *topics;	/* sorted by name (owned) */
	size_t n_topics;
};

/* An empty image on KAFKA_PROFILE_DEFAULT. */
void image_init(struct image *im);
void image_free(struct image *im);
void image_copy(struct image *dst, const struct image *src);

/* Apply r, which must be the next record (r->offset == im->offset + 1). */
void image_apply(struct image *im, const struct mrec *r);

/* The topic named name, or NULL. */
struct topic_reg *image_topic(const struct image *im, const char *name);

/* The registration of topic/partition, or NULL. */
struct partition_reg *image_partition(const struct image *im,
    const char *topic, int partition);

/* A topic override or broker override of the config named key, -1 when
 * not set or not one the struct holds. */
int64_t image_topic_config_get(const struct topic_config *c,
    const char *key);
int64_t image_override_get(const struct broker_overrides *o,
    const char *key);

/* Effective min.insync.replicas and unclean election for t, given the
 * static broker defaults: topic override, then broker override, then
 * default (Kafka's config precedence). */
int64_t image_min_isr(const struct image *im, const struct topic_reg *t,
    int64_t dflt);
bool image_unclean(const struct image *im, const struct topic_reg *t,
    bool dflt);

/* Whether broker b may lead or be in an ISR (registered, unfenced, not
 * shutting down): Kafka's ClusterControlManager.isActive. */
bool image_broker_active(const struct image *im, int b);

/* Whether b is among the n ids. */
bool ids_contains(const int *ids, int n, int b);

bool preg_in_isr(const struct partition_reg *p, int b);
bool preg_in_replicas(const struct partition_reg *p, int b);

/* "1,2,3" into buf. */
void ids_format(const int *ids, int n, char *buf, size_t len);

void mrec_copy(struct mrec *dst, const struct mrec *src);
void mrec_free(struct mrec *r);

#endif
