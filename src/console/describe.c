/*
 * describe.c - Kafka 3.7's TopicCommand describe format.
 *
 * Header: "Topic: T\tTopicId: ID\tPartitionCount: N\tReplicationFactor: R
 * \tConfigs: k=v,..." where Configs lists what is not a default: the
 * topic's own overrides, then cluster-wide broker overrides the topic
 * inherits (Kafka shows those too, as DYNAMIC_DEFAULT_BROKER_CONFIG), in
 * config-name order; "Configs: " keeps its trailing space when empty.
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
#include "model/settings.h"

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

static void
describe_add_config(struct strbuf *out, bool *first, const char *k,
    const char *v)
{
	if (!*first)
		strbuf_addc(out, ',');
	strbuf_printf(out, "%s=%s", k, v);
	*first = false;
}

void
describe_topic_header(struct strbuf *out, const struct image *im,
    const struct topic_reg *t)
{
	const struct topic_config	*tc = &t->config;
	const struct broker_overrides	*bo = &im->overrides;
	bool				 first = true;
	int64_t				 v;
	char				 num[32];

	strbuf_printf(out, "Topic: %s\tTopicId: %s\tPartitionCount: %d\t"
	    "ReplicationFactor: %d\tConfigs: ", t->name, t->id,
	    t->n_partitions, t->n_partitions > 0 ? t->parts[0].n_replicas : 0);

	/* Alphabetical: min.insync.replicas, isrlab..., unclean... */
	v = tc->min_insync_replicas >= 0 ? tc->min_insync_replicas :
	    bo->min_insync_replicas;
	if (v >= 0) {
		snprintf(num, sizeof num, "%" PRId64, v);
		describe_add_config(out, &first, "min.insync.replicas", num);
	}
	if (tc->retention_records >= 0) {
		snprintf(num, sizeof num, "%" PRId64, tc->retention_records);
		describe_add_config(out, &first, describe_retention_name(),
		    num);
	}
	v = tc->unclean_leader_election >= 0 ? tc->unclean_leader_election :
	    bo->unclean_leader_election;
	if (v >= 0)
		describe_add_config(out, &first,
		    "unclean.leader.election.enable", v ? "true" : "false");
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
		if (t->config.min_insync_replicas >= 0 ||
		    t->config.unclean_leader_election >= 0 ||
		    t->config.retention_records >= 0 ||
		    im->overrides.min_insync_replicas >= 0 ||
		    im->overrides.unclean_leader_election >= 0)
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
