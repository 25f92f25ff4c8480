/*
 * settings.h - the cluster's configuration: Kafka's names, Kafka's
 * defaults, and isrlab's lab-scaled defaults.
 *
 * Real timeouts make a class wait 9 to 45 seconds for a leader to move, so
 * isrlab runs Kafka's rules on shorter timings by default (DESIGN.md "Lab
 * timings"); --kafka-timings restores Kafka's own.  Every value a broker or
 * the controller reads lives here, so "set --list" can show them all.
 */
#ifndef ISRLAB_MODEL_SETTINGS_H
#define ISRLAB_MODEL_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/profile.h"

struct settings {
	/* Which Kafka the rules are (profile.h); not in settings_table:
	 * fixed for a session, never changed by set K=V. */
	enum kafka_profile profile;
	/* The seed of the cluster's layout: where the controller places
	 * replicas and which broker wins the /controller race.  It is
	 * the session's seed unless a lab pins it (its `seed:`), so that
	 * the lab's text describes the topics every student gets while
	 * each session keeps its own seed and TopicIds (journal/ident.h).
	 * Not in settings_table either. */
	bool layout_seed_pinned;
	uint64_t layout_seed;
	int64_t heartbeat_interval_ms;	/* broker.heartbeat.interval.ms */
	int64_t session_timeout_ms;	/* broker.session.timeout.ms */
	int64_t zk_session_timeout_ms;	/* zookeeper.session.timeout.ms */
	int64_t replica_lag_time_max_ms; /* replica.lag.time.max.ms */
	int64_t replica_fetch_wait_max_ms; /* replica.fetch.wait.max.ms */
	int64_t replica_fetch_backoff_ms; /* replica.fetch.backoff.ms */
	int64_t replica_fetch_max_records; /* records per fetch response (isrlab) */
	int64_t leader_imbalance_check_interval_s; /* leader.imbalance.check.interval.seconds */
	int64_t leader_imbalance_per_broker_pct; /* leader.imbalance.per.broker.percentage */
	int64_t min_insync_replicas;	/* min.insync.replicas (broker default) */
	int64_t unclean_leader_election; /* unclean.leader.election.enable (0/1) */
	int64_t unclean_election_interval_ms; /* unclean.leader.election.
					   interval.ms (3.9+, internal) */
	int64_t auto_leader_rebalance;	/* auto.leader.rebalance.enable (0/1) */
	int64_t request_timeout_ms;	/* request.timeout.ms (clients) */
	int64_t delivery_timeout_ms;	/* delivery.timeout.ms (producer) */
	int64_t retry_backoff_ms;	/* retry.backoff.ms (clients) */
	int64_t network_delay_ms;	/* one-way delay of every link (isrlab) */
	int64_t log_retention_records;	/* records kept per replica (isrlab) */
	int64_t log_max_bytes;		/* bytes kept by all logs (isrlab) */
	int64_t offsets_topic_partitions; /* offsets.topic.num.partitions */
	int64_t offsets_topic_rf;	/* offsets.topic.replication.factor */
	int64_t group_initial_delay_ms;	/* group.initial.rebalance.delay.ms */
	int64_t group_min_session_ms;	/* group.min.session.timeout.ms */
	int64_t group_max_session_ms;	/* group.max.session.timeout.ms */
	int64_t group_session_timeout_ms; /* session.timeout.ms (consumers) */
	int64_t group_heartbeat_ms;	/* heartbeat.interval.ms (consumers) */
	int64_t group_rebalance_timeout_ms; /* max.poll.interval.ms (consumers) */
};

/* How a setting's value is written and read. */
enum setting_kind {
	SETTING_MS,		/* integer milliseconds */
	SETTING_INT,		/* plain integer */
	SETTING_BOOL,		/* true/false */
};

struct setting_desc {
	const char *name;	/* Kafka's config name */
	enum setting_kind kind;
	int64_t kafka_default;	/* Kafka 3.7's default */
	int64_t lab_default;	/* isrlab's lab-scaled default */
	int64_t min, max;	/* accepted range */
	bool topic_level;	/* may be overridden per topic */
	unsigned offset;	/* offsetof(struct settings, field) */
};

/* The table of every setting, ended by a NULL name. */
extern const struct setting_desc settings_table[];

/* Fill s with the lab-scaled defaults, or Kafka's when kafka_timings, on
 * KAFKA_PROFILE_DEFAULT. */
void settings_defaults(struct settings *s, bool kafka_timings);

/* The descriptor of name, or NULL when isrlab does not know it. */
const struct setting_desc *settings_find(const char *name);

/* Parse text as a value for d; 0 on success, -1 with why filled in
 * ConfigDef's words ("Value must be at least 1"). */
int settings_parse_value(const struct setting_desc *d, const char *text,
    int64_t *out, char *why, size_t len);

/* Read or write the field d describes in s. */
int64_t settings_get(const struct settings *s, const struct setting_desc *d);
void settings_put(struct settings *s, const struct setting_desc *d, int64_t v);

/* Format v as d's kind ("true", "3000"). */
void settings_format(const struct setting_desc *d, int64_t v, char *buf,
    unsigned len);

#endif
