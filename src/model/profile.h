/*
 * profile.h - which Kafka isrlab models: a version profile.
 *
 * DESIGN
 * The rules students see differ across Kafka versions: who detects a
 * failure (the ZooKeeper controller or the KRaft quorum), what turning
 * unclean.leader.election.enable on does, whether Eligible Leader Replicas
 * (KIP-966) exist, how replicas are placed, what kafka-topics --describe
 * prints.  A profile is one row of profile_table: one column per rule
 * that differs, so the code that applies a rule asks its column in one
 * place (profile_get(settings->profile)->elr) and never compares profile
 * names.  The profile travels in struct settings, which every broker,
 * the controller and every client already hold, and is fixed for a
 * session (set K=V never changes it; --kafka, a lab's `kafka:` and a
 * journal's header choose it).
 */
#ifndef ISRLAB_MODEL_PROFILE_H
#define ISRLAB_MODEL_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

enum kafka_profile {
	KAFKA_ZK,		/* Kafka 3.x in ZooKeeper mode (the seeds) */
	KAFKA_37,		/* KRaft 3.7.0 */
	KAFKA_4,		/* KRaft 4.x, Eligible Leader Replicas on */
	KAFKA_N_PROFILES
};

/* The profile a session gets when nothing chooses one: today's Kafka. */
#define KAFKA_PROFILE_DEFAULT KAFKA_4

/* The profile of a journal written before profiles existed. */
#define KAFKA_PROFILE_LEGACY KAFKA_37

/* What setting unclean.leader.election.enable (topic or broker) makes the
 * controller do for a partition without an in-sync leader. */
enum unclean_config {
	UNCLEAN_CONFIG_IMMEDIATE,	/* elects at once (ZooKeeper
					 * controller's TopicUncleanLeader
					 * ElectionEnable event) */
	UNCLEAN_CONFIG_IGNORED,		/* never; only an UNCLEAN
					 * kafka-leader-election elects */
	UNCLEAN_CONFIG_PERIODIC,	/* at the controller's periodic
					 * check (KAFKA-12670) */
};

/* How a new topic's replicas are placed. */
enum placer {
	PLACER_ADMINUTILS,	/* AdminUtils.assignReplicasToBrokers */
	PLACER_STRIPED,		/* KRaft's StripedReplicaPlacer */
};

/* What kafka-topics --describe prints after a partition's Isr. */
enum describe_elr {
	DESCRIBE_ELR_NONE,	/* nothing (TopicCommand before 3.8) */
	DESCRIBE_ELR_LISTS,	/* \tElr: 1,2\tLastKnownElr: 3 (3.8+ tool,
				 * DescribeTopicPartitions) */
};

struct profile_desc {
	const char	*name;		/* --kafka's word: "zk", "3.7", "4.x" */
	const char	*release;	/* the release modelled: "3.7.0" */
	const char	*header;	/* the screen's "Kafka 3.7 · KRaft" */
	const char	*summary;	/* --kafka-profiles' line */
	bool		 available;	/* its rules are modelled */
	bool		 zookeeper;	/* ZooKeeper controller, not KRaft */
	bool		 elr;		/* KIP-966 Eligible Leader Replicas */
	enum unclean_config unclean_config;
	enum placer	 placer;
	enum describe_elr describe_elr;
};

/* Every profile, in enum order. */
extern const struct profile_desc profile_table[KAFKA_N_PROFILES];

/* p's row. */
const struct profile_desc *profile_get(enum kafka_profile p);

/* The profile named name ("zk", "3.7", "4.x"; "4" and "3.7.0" too): 0 with
 * *out set, or -1 when isrlab knows no such profile. */
int profile_find(const char *name, enum kafka_profile *out);

/* As profile_find, for a profile a session can run on: -1 with why
 * filled ("no Kafka profile 'x' (zk, 3.7, 4.x)", or that its rules are
 * not modelled yet) for an unknown or unavailable one. */
int profile_choose(const char *name, enum kafka_profile *out, char *why,
    size_t len);

#endif
