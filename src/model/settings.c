/*
 * settings.c - the settings table: Kafka's names and defaults beside
 * isrlab's lab-scaled ones.  Settings that exist only in isrlab carry an
 * "isrlab." prefix so nobody mistakes them for Kafka configs.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/settings.h"

#define F(field) ((unsigned)offsetof(struct settings, field))

const struct setting_desc settings_table[] = {
	{ "broker.heartbeat.interval.ms", SETTING_MS, 2000, 500, 10, 600000,
	  false, F(heartbeat_interval_ms) },
	{ "broker.session.timeout.ms", SETTING_MS, 9000, 3000, 50, 3600000,
	  false, F(session_timeout_ms) },
	/* KafkaConfig.scala:65 at 3.7.0; the zk profile's liveness. */
	{ "zookeeper.session.timeout.ms", SETTING_MS, 18000, 6000, 100,
	  3600000, false, F(zk_session_timeout_ms) },
	{ "replica.lag.time.max.ms", SETTING_MS, 30000, 6000, 20, 3600000,
	  false, F(replica_lag_time_max_ms) },
	{ "replica.fetch.wait.max.ms", SETTING_MS, 500, 100, 0, 60000,
	  false, F(replica_fetch_wait_max_ms) },
	{ "replica.fetch.backoff.ms", SETTING_MS, 1000, 200, 0, 60000,
	  false, F(replica_fetch_backoff_ms) },
	{ "leader.imbalance.check.interval.seconds", SETTING_INT, 300, 30, 1,
	  86400, false, F(leader_imbalance_check_interval_s) },
	{ "leader.imbalance.per.broker.percentage", SETTING_INT, 10, 10, 0,
	  100, false, F(leader_imbalance_per_broker_pct) },
	/* atLeast(1) only (LogConfig.java:267 at 3.7.0): 10 on three
	 * brokers is accepted, and acks=all then always fails. */
	{ "min.insync.replicas", SETTING_INT, 1, 1, 1, INT32_MAX,
	  true, F(min_insync_replicas) },
	{ "unclean.leader.election.enable", SETTING_BOOL, 0, 0, 0, 1,
	  true, F(unclean_leader_election) },
	/* How often a KRaft 3.9+ controller looks for leaderless
	 * partitions to elect uncleanly (ReplicationConfigs.java:120-121 at
	 * 3.9.0-rc3); scaled down like the imbalance check. */
	{ "unclean.leader.election.interval.ms", SETTING_MS, 300000, 30000,
	  1, 3600000, false, F(unclean_election_interval_ms) },
	{ "auto.leader.rebalance.enable", SETTING_BOOL, 1, 1, 0, 1,
	  false, F(auto_leader_rebalance) },
	{ "request.timeout.ms", SETTING_MS, 30000, 5000, 10, 3600000,
	  false, F(request_timeout_ms) },
	{ "delivery.timeout.ms", SETTING_MS, 120000, 15000, 10, 3600000,
	  false, F(delivery_timeout_ms) },
	{ "retry.backoff.ms", SETTING_MS, 100, 100, 0, 60000,
	  false, F(retry_backoff_ms) },
	{ "isrlab.network.delay.ms", SETTING_MS, 1, 1, 0, 60000,
	  false, F(network_delay_ms) },
	{ "isrlab.replica.fetch.max.records", SETTING_INT, 1000, 1000, 1,
	  1000000, false, F(replica_fetch_max_records) },
	{ "isrlab.log.retention.records", SETTING_INT, 100000, 100000, 16,
	  100000000, true, F(log_retention_records) },
	/* 256 MiB for every replica's log together: the process's memory
	 * stays bounded however many partitions a class creates. */
	{ "isrlab.log.max.bytes", SETTING_INT, 268435456, 268435456,
	  1048576, INT64_C(1) << 40, false, F(log_max_bytes) },
	{ "offsets.topic.num.partitions", SETTING_INT, 50, 5, 1, 1000,
	  false, F(offsets_topic_partitions) },
	{ "offsets.topic.replication.factor", SETTING_INT, 3, 3, 1, 9,
	  false, F(offsets_topic_rf) },
	{ "group.initial.rebalance.delay.ms", SETTING_MS, 3000, 300, 0,
	  3600000, false, F(group_initial_delay_ms) },
	{ "group.min.session.timeout.ms", SETTING_MS, 6000, 1000, 1, 3600000,
	  false, F(group_min_session_ms) },
	{ "group.max.session.timeout.ms", SETTING_MS, 1800000, 1800000, 1,
	  3600000, false, F(group_max_session_ms) },
	{ "session.timeout.ms", SETTING_MS, 45000, 3000, 10, 3600000,
	  false, F(group_session_timeout_ms) },
	{ "heartbeat.interval.ms", SETTING_MS, 3000, 1000, 1, 3600000,
	  false, F(group_heartbeat_ms) },
	{ "max.poll.interval.ms", SETTING_MS, 300000, 10000, 1, 3600000,
	  false, F(group_rebalance_timeout_ms) },
	{ NULL, SETTING_INT, 0, 0, 0, 0, false, 0 },
};

void
settings_defaults(struct settings *s, bool kafka_timings)
{
	const struct setting_desc *d;

	memset(s, 0, sizeof *s);
	for (d = settings_table; d->name != NULL; d++)
		settings_put(s, d, kafka_timings ? d->kafka_default :
		    d->lab_default);
	s->profile = KAFKA_PROFILE_DEFAULT;
}

const struct setting_desc *
settings_find(const char *name)
{
	const struct setting_desc *d;

	for (d = settings_table; d->name != NULL; d++) {
		if (strcmp(d->name, name) == 0)
			return d;
	}
	return NULL;
}

int
settings_parse_value(const struct setting_desc *d, const char *text,
    int64_t *out, char *why, size_t len)
{
	char *end;
	long long v;

	if (d->kind == SETTING_BOOL) {
		if (strcmp(text, "true") == 0)
			*out = 1;
		else if (strcmp(text, "false") == 0)
			*out = 0;
		else {
			snprintf(why, len, "Expected value to be either "
			    "true or false");
			return -1;
		}
		return 0;
	}
	errno = 0;
	v = strtoll(text, &end, 10);
	if (*text == '\0' || *end != '\0' || errno != 0) {
		snprintf(why, len, "Not a number of type INT");
		return -1;
	}
	/* ConfigDef.Range.ensureValid (clients/src/main/java/org/apache/
	 * kafka/common/config/ConfigDef.java:958-960 at 3.7.0). */
	if (v < d->min) {
		snprintf(why, len, "Value must be at least %" PRId64, d->min);
		return -1;
	}
	if (v > d->max) {
		snprintf(why, len, "Value must be no more than %" PRId64,
		    d->max);
		return -1;
	}
	*out = v;
	return 0;
}

int64_t
settings_get(const struct settings *s, const struct setting_desc *d)
{
	int64_t v;

	memcpy(&v, (const char *)s + d->offset, sizeof v);
	return v;
}

void
settings_put(struct settings *s, const struct setting_desc *d, int64_t v)
{
	memcpy((char *)s + d->offset, &v, sizeof v);
}

void
settings_format(const struct setting_desc *d, int64_t v, char *buf,
    unsigned len)
{
	if (d->kind == SETTING_BOOL)
		snprintf(buf, len, "%s", v ? "true" : "false");
	else
		snprintf(buf, len, "%" PRId64, v);
}
