/*
 * describe.c - Kafka 3.7's TopicCommand describe format.
 *
 * Header: "Topic: T\tTopicId: ID\tPartitionCount: N\tReplicationFactor: R
 * \tConfigs: k=v,..." where Configs lists what is not a default, in the
 * admin client's HashMap order (describe_configs); "Configs: " keeps its
 * trailing space when empty.
 * ReplicationFactor is partition 0's replica count, as Kafka takes it.
 * Partition lines start with a tab.  3.7 prints no Elr fields; 3.8+ prints
 * "\tElr: ..\tLastKnownElr: .." after the Isr, empty lists when the
 * cluster tracks no ELR (the image's profile says which).
 */

#include "config.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "console/describe.h"
#include "model/group.h"
#include "model/settings.h"
#include "util/javahash.h"

/* The name isrlab gives the per-topic retention override. */
static const char *
describe_retention_name(void)
{
	const struct setting_desc	*d;

	for (d = settings_table; d->name != NULL; d++)
		if (d->offset == offsetof(struct settings,
		    log_retention_records))
			return d->name;
	return "retention.records";
}

/* A topic config not at its default, as describe prints it. */
struct describe_config {
	const char	*name;
	char		 value[32];
};

/* Entries of a 3.7 topic's DescribeConfigs answer: LogConfig's 31
 * non-internal configs (storage/src/main/java/org/apache/kafka/storage/
 * internals/log/LogConfig.java:231-295 at 3.7.0), which the admin client
 * keeps in a HashMap (clients/src/main/java/org/apache/kafka/clients/
 * admin/Config.java:35-43) and TopicCommand prints in its order
 * (TopicCommand.java:294-297). */
#define DESCRIBE_LOG_CONFIGS 31
/* offsets.topic.segment.bytes (GroupCoordinatorConfig, 100 MiB). */
#define DESCRIBE_OFFSETS_SEGMENT_BYTES "104857600"

static size_t
describe_config_add(struct describe_config *v, size_t n, const char *name,
    const char *value)
{
	v[n].name = name;
	snprintf(v[n].value, sizeof v[n].value, "%s", value);
	return n + 1;
}

/* The configs of t not at their default: its own overrides, the
 * cluster-wide broker overrides it inherits (Kafka shows those too, as
 * DYNAMIC_DEFAULT_BROKER_CONFIG), and for __consumer_offsets the three the
 * group coordinator creates it with (core/src/main/scala/kafka/
 * coordinator/group/GroupCoordinator.scala:93-99 at 3.7.0); in the order
 * of Config's HashMap.  Returns how many (at most 8). */
static size_t
describe_configs(const struct image *im, const struct topic_reg *t,
    struct describe_config v[8])
{
	const struct topic_config	*tc = &t->config;
	const struct broker_overrides	*bo = &im->overrides;
	struct describe_config		 x;
	uint32_t			 cap;
	size_t				 n = 0, i, j;
	int64_t				 m;
	char				 num[32];

	if (strcmp(t->name, GROUP_OFFSETS_TOPIC) == 0) {
		n = describe_config_add(v, n, "cleanup.policy", "compact");
		n = describe_config_add(v, n, "segment.bytes",
		    DESCRIBE_OFFSETS_SEGMENT_BYTES);
		n = describe_config_add(v, n, "compression.type", "producer");
	}
	m = tc->min_insync_replicas >= 0 ? tc->min_insync_replicas :
	    bo->min_insync_replicas;
	if (m >= 0) {
		snprintf(num, sizeof num, "%" PRId64, m);
		n = describe_config_add(v, n, "min.insync.replicas", num);
	}
	if (tc->retention_records >= 0) {
		snprintf(num, sizeof num, "%" PRId64, tc->retention_records);
		n = describe_config_add(v, n, describe_retention_name(), num);
	}
	m = tc->unclean_leader_election >= 0 ? tc->unclean_leader_election :
	    bo->unclean_leader_election;
	if (m >= 0)
		n = describe_config_add(v, n, "unclean.leader.election.enable",
		    m ? "true" : "false");

	cap = javahash_capacity(16, DESCRIBE_LOG_CONFIGS);
	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && javahash_bucket(v[j - 1].name, cap) >
		    javahash_bucket(x.name, cap); j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	return n;
}

void
describe_topic_header(struct strbuf *out, const struct image *im,
    const struct topic_reg *t)
{
	struct describe_config	v[8];
	size_t			n, i;

	strbuf_printf(out, "Topic: %s\tTopicId: %s\tPartitionCount: %d\t"
	    "ReplicationFactor: %d\tConfigs: ", t->name, t->id,
	    t->n_partitions, t->n_partitions > 0 ? t->parts[0].n_replicas : 0);
	n = describe_configs(im, t, v);
	for (i = 0; i < n; i++)
		strbuf_printf(out, "%s%s=%s", i > 0 ? "," : "", v[i].name,
		    v[i].value);
	strbuf_addc(out, '\n');
}

static void
describe_ids(struct strbuf *out, const int *ids, int n)
{
	int	i;

	for (i = 0; i < n; i++)
		strbuf_printf(out, i == 0 ? "%d" : ",%d", ids[i]);
}

void
describe_partition(struct strbuf *out, const struct image *im,
    const struct topic_reg *t, int partition)
{
	const struct partition_reg	*p = &t->parts[partition];

	strbuf_printf(out, "\tTopic: %s\tPartition: %d\tLeader: ", t->name,
	    partition);
	if (p->leader == ISR_NO_LEADER)
		strbuf_adds(out, "none");
	else
		strbuf_printf(out, "%d", p->leader);
	strbuf_adds(out, "\tReplicas: ");
	describe_ids(out, p->replicas, p->n_replicas);
	strbuf_adds(out, "\tIsr: ");
	describe_ids(out, p->isr, p->n_isr);
	if (profile_get(im->profile)->describe_elr == DESCRIBE_ELR_LISTS) {
		/* TopicCommand.java:374-388 at 3.9.0-rc3. */
		strbuf_adds(out, "\tElr: ");
		describe_ids(out, p->elr, p->n_elr);
		strbuf_adds(out, "\tLastKnownElr: ");
		describe_ids(out, p->last_known_elr, p->n_last_known_elr);
	}
	strbuf_addc(out, '\n');
}

bool
describe_filter_active(const struct describe_filter *f)
{
	return f != NULL && (f->under_replicated || f->unavailable ||
	    f->under_min_isr || f->at_min_isr);
}

/* A broker the admin client would list as live (DescribeCluster shows
 * registered, unfenced brokers). */
static bool
describe_broker_live(const struct image *im, int b)
{
	if (b < 1 || b > ISR_MAX_BROKERS)
		return false;
	return im->brokers[b].registered && !im->brokers[b].fenced;
}

bool
describe_filter_match(const struct describe_filter *f,
    const struct image *im, const struct topic_reg *t, int partition)
{
	const struct partition_reg	*p = &t->parts[partition];
	bool				 has_leader;
	int64_t				 min_isr;

	if (!describe_filter_active(f))
		return true;
	has_leader = p->leader != ISR_NO_LEADER;
	if (f->under_replicated && p->n_isr < p->n_replicas)
		return true;
	if (f->unavailable && (!has_leader ||
	    !describe_broker_live(im, p->leader)))
		return true;
	min_isr = image_min_isr(im, t, f->default_min_isr);
	if (f->under_min_isr && (!has_leader || p->n_isr < min_isr))
		return true;
	if (f->at_min_isr && has_leader && p->n_isr == min_isr)
		return true;
	return false;
}

void
describe_topic_filtered(struct strbuf *out, const struct image *im,
    const struct topic_reg *t, const struct describe_filter *f)
{
	int	i;

	if (f != NULL && f->with_overrides) {
		/* TopicCommand: --topics-with-overrides prints the header of
		 * each topic with a config not at its default, a dynamic
		 * broker default included (ConfigEntry.isDefault;
		 * TopicCommand.java:619-620 at 3.7.0), and no partitions. */
		struct describe_config	v[8];

		if (describe_configs(im, t, v) > 0)
			describe_topic_header(out, im, t);
		return;
	}
	if (!describe_filter_active(f))
		describe_topic_header(out, im, t);
	for (i = 0; i < t->n_partitions; i++)
		if (describe_filter_match(f, im, t, i))
			describe_partition(out, im, t, i);
}

void
describe_topic(struct strbuf *out, const struct image *im,
    const struct topic_reg *t)
{
	describe_topic_filtered(out, im, t, NULL);
}
