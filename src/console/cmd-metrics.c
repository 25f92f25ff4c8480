/*
 * cmd-metrics.c - `metrics`: the cluster's JMX metrics under Kafka's MBean
 * names, one "name value" per line, then each broker's own: its leader
 * count (from the controller's registrations), its ISR shrinks/expands (counted on the leader, as Kafka does) and
 * its max lag as a follower (ReplicaFetcherManager MaxLag: leader HW minus
 * the follower's log end, in records).
 */

#include "config.h"

#include <inttypes.h>

#include "console/cmd.h"
#include "util/i18n.h"

static const struct args_spec metrics_spec = {
	.max_words = 0,
};

static int
metrics_exec(struct cmd_ctx *ctx)
{
	struct console		*c = ctx->c;
	struct snapshot		 s;
	const struct snap_metrics *m;
	size_t			 i;
	int			 b, leads, n_parts = 0;
	int64_t			 lag, max;
	bool			 zk;

	cmd_snapshot(ctx, &s);
	m = &s.metrics;
	zk = profile_get(s.ctrl_image.profile)->zookeeper;
	console_printf(c, "kafka.server:type=ReplicaManager,"
	    "name=UnderReplicatedPartitions %d\n", m->under_replicated);
	console_printf(c, "kafka.server:type=ReplicaManager,"
	    "name=UnderMinIsrPartitionCount %d\n", m->under_min_isr);
	console_printf(c, "kafka.server:type=ReplicaManager,"
	    "name=IsrShrinksPerSec count=%" PRId64 "\n", m->isr_shrinks);
	console_printf(c, "kafka.server:type=ReplicaManager,"
	    "name=IsrExpandsPerSec count=%" PRId64 "\n", m->isr_expands);
	console_printf(c, "kafka.server:type=ReplicaFetcherManager,"
	    "name=MaxLag,clientId=Replica %" PRId64 "\n", m->max_lag);
	console_printf(c, "kafka.controller:type=KafkaController,"
	    "name=ActiveControllerCount %d\n", m->active_controllers);
	console_printf(c, "kafka.controller:type=KafkaController,"
	    "name=OfflinePartitionsCount %d\n", m->offline);
	console_printf(c, "kafka.controller:type=KafkaController,"
	    "name=PreferredReplicaImbalanceCount %d\n",
	    m->preferred_imbalance);
	/* The ZooKeeper controller has no fencing: its FencedBrokerCount is
	 * always 0 (core/src/main/scala/kafka/controller/
	 * KafkaController.scala:189-191 at 3.7.0). */
	console_printf(c, "kafka.controller:type=KafkaController,"
	    "name=FencedBrokerCount %d\n", zk ? 0 : m->fenced_brokers);
	console_printf(c, "kafka.controller:type=KafkaController,"
	    "name=ActiveBrokerCount %d\n", s.n_brokers - m->fenced_brokers);
	/* KRaft 3.7's controller has no ControllerStats election meters
	 * (those are the ZooKeeper controller's); it counts topics and
	 * partitions (metadata/src/main/java/org/apache/kafka/controller/
	 * metrics/ControllerMetadataMetrics.java:44-47 at 3.7.0). */
	for (i = 0; i < s.ctrl_image.n_topics; i++)
		n_parts += s.ctrl_image.topics[i].n_partitions;
	console_printf(c, "kafka.controller:type=KafkaController,"
	    "name=GlobalTopicCount %zu\n", s.ctrl_image.n_topics);
	console_printf(c, "kafka.controller:type=KafkaController,"
	    "name=GlobalPartitionCount %d\n", n_parts);
	/* ControllerStats: the ZooKeeper controller's election meters
	 * (KafkaController.scala:2781-2787, ControllerState.scala:48-50). */
	if (zk) {
		console_printf(c, "kafka.controller:type=ControllerStats,"
		    "name=LeaderElectionRateAndTimeMs count=%" PRId64 "\n",
		    m->leader_elections);
		console_printf(c, "kafka.controller:type=ControllerStats,"
		    "name=UncleanLeaderElectionsPerSec count=%" PRId64 "\n",
		    m->unclean_elections);
	}
	for (b = 1; b <= s.n_brokers; b++) {
		max = 0;
		leads = 0;
		for (i = 0; i < s.n_parts; i++) {
			if (s.parts[i].reg != NULL &&
			    s.parts[i].reg->leader == b)
				leads++;
			const struct snap_partition	*p = &s.parts[i];
			const struct snap_replica	*r = &p->replicas[b];

			if (!r->present || r->role != ROLE_FOLLOWER ||
			    p->hw < 0)
				continue;
			lag = p->hw - r->leo;
			if (lag > max)
				max = lag;
		}
		console_printf(c, "broker %d: LeaderCount %d  IsrShrinks %"
		    PRId64 "  IsrExpands %" PRId64 "  MaxLag %" PRId64 "%s\n",
		    b, leads,
		    s.brokers[b].metrics.isr_shrinks,
		    s.brokers[b].metrics.isr_expands, max,
		    s.brokers[b].state == BROKER_DOWN ? "  (down)" : "");
	}
	snapshot_free(&s);
	return 0;
}

const struct cmd_entry cmd_metrics_entry = {
	.name = "metrics",
	.usage = "",
	.help = N_("Kafka's replication metrics (MBean names) and per-broker lag"),
	.spec = &metrics_spec,
	.exec = metrics_exec,
};
