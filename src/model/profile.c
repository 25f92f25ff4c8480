/*
 * profile.c - the profile table: one row per Kafka isrlab models, one
 * column per rule that differs between them (profile.h).  Each cell's
 * source is in the comment beside it; man/isrlab.1 (FIDELITY) shows the
 * same table to users.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "model/profile.h"

const struct profile_desc profile_table[KAFKA_N_PROFILES] = {
	[KAFKA_ZK] = {
		.name = "zk",
		.release = "3.7.0",
		.header = "Kafka 3.7 · ZooKeeper",
		.summary = "Kafka 3.7.0 in ZooKeeper mode, as the seeds' "
		    "docker-compose clusters ran: a broker is the controller "
		    "(/controller znode), liveness is the ZooKeeper session",
		.available = true,
		.zookeeper = true,
		.elr = false,
		/* ConfigHandler.scala:110-112 and KafkaController.scala:
		 * 1349-1353 (core/src/main/scala/kafka/) at 3.7.0. */
		.unclean_config = UNCLEAN_CONFIG_IMMEDIATE,
		/* AdminUtils.assignReplicasToBrokers with a random start
		 * index and shift (server-common/src/main/java/org/apache/
		 * kafka/admin/AdminUtils.java:146-148 at 3.7.0). */
		.placer = PLACER_ADMINUTILS,
		.describe_elr = DESCRIBE_ELR_NONE,
	},
	[KAFKA_37] = {
		.name = "3.7",
		.release = "3.7.0",
		.header = "Kafka 3.7 · KRaft",
		.summary = "KRaft 3.7.0: no ELR; unclean.leader.election."
		    "enable elects nobody, only an UNCLEAN "
		    "kafka-leader-election does",
		.available = true,
		.zookeeper = false,
		.elr = false,
		/* ConfigurationControlManager.uncleanLeaderElectionEnabled
		 * ForTopic returns false with a TODO (metadata/src/main/java/
		 * org/apache/kafka/controller/ConfigurationControlManager.
		 * java:498-500 at 3.7.0). */
		.unclean_config = UNCLEAN_CONFIG_IGNORED,
		/* The controller's StripedReplicaPlacer (metadata/src/main/
		 * java/org/apache/kafka/controller/ClusterControlManager.
		 * java:145-146 at 3.7.0). */
		.placer = PLACER_STRIPED,
		/* No Elr fields in tools/src/main/java/org/apache/kafka/
		 * tools/TopicCommand.java at 3.7.0. */
		.describe_elr = DESCRIBE_ELR_NONE,
	},
	[KAFKA_4] = {
		.name = "4.x",
		.release = "4.1",
		.header = "Kafka 4.1 · KRaft · ELR",
		.summary = "KRaft 4.x with Eligible Leader Replicas "
		    "(KIP-966, on by default for new clusters from 4.1)",
		.available = true,
		.zookeeper = false,
		/* eligible.leader.replicas.version=1 on new 4.1 clusters
		 * (kafka.apache.org/41/operations/eligible-leader-replicas);
		 * the rules: PartitionChangeBuilder.java at trunk 1eb7644
		 * (4.0.0-SNAPSHOT, the newest source in the mirror). */
		.elr = true,
		/* KAFKA-12670: uncleanLeaderElectionEnabledForTopic reads
		 * the config (ConfigurationControlManager.java:511-518 at
		 * 3.9.0-rc3), and a periodic check elects for leaderless
		 * partitions (QuorumController.java:1406-1444 there). */
		.unclean_config = UNCLEAN_CONFIG_PERIODIC,
		/* StripedReplicaPlacer, its behaviour as at 3.7.0 (only
		 * style edits up to trunk 1eb7644). */
		.placer = PLACER_STRIPED,
		/* TopicCommand.java:374-388 at 3.9.0-rc3: Elr and
		 * LastKnownElr from DescribeTopicPartitions. */
		.describe_elr = DESCRIBE_ELR_LISTS,
	},
};

const struct profile_desc *
profile_get(enum kafka_profile p)
{
	return &profile_table[p];
}

int
profile_find(const char *name, enum kafka_profile *out)
{
	/* Other spellings a teacher may type. */
	static const struct {
		const char		*name;
		enum kafka_profile	 p;
	} aliases[] = {
		{ "zookeeper", KAFKA_ZK },
		{ "3.7.0", KAFKA_37 },
		{ "4", KAFKA_4 },
		{ "4.1", KAFKA_4 },
	};
	size_t	i;

	for (i = 0; i < KAFKA_N_PROFILES; i++) {
		if (strcmp(profile_table[i].name, name) == 0) {
			*out = (enum kafka_profile)i;
			return 0;
		}
	}
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
		if (strcmp(aliases[i].name, name) == 0) {
			*out = aliases[i].p;
			return 0;
		}
	}
	return -1;
}

int
profile_choose(const char *name, enum kafka_profile *out, char *why,
    size_t len)
{
	size_t	i, n = 0;

	if (profile_find(name, out) != 0) {
		n = (size_t)snprintf(why, len, "no Kafka profile '%s' (", name);
		for (i = 0; i < KAFKA_N_PROFILES && n < len; i++)
			n += (size_t)snprintf(why + n, len - n, "%s%s",
			    i > 0 ? ", " : "", profile_table[i].name);
		if (n < len)
			snprintf(why + n, len - n, ")");
		return -1;
	}
	if (!profile_table[*out].available) {
		snprintf(why, len, "Kafka profile '%s' (%s) is not modelled "
		    "yet", profile_table[*out].name,
		    profile_table[*out].header);
		return -1;
	}
	return 0;
}
