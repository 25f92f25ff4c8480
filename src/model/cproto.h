/*
 * cproto.h - Kafka's ConsumerProtocol: the subscription and assignment
 * bytes that consumer group members exchange through the coordinator.
 *
 * DESIGN
 * The group coordinator never looks inside a member's protocol metadata
 * or assignment: they are opaque bytes (GroupCoordinator.scala at 3.7.0
 * stores and forwards them).  Only the members (the leader runs the
 * assignor over everyone's subscription) and the admin tools (kafka-
 * consumer-groups decodes each member's assignment) read them, in the
 * layout of clients/src/main/resources/common/message/
 * ConsumerProtocolSubscription.json and ConsumerProtocolAssignment.json
 * (versions 0-3, none flexible): an int16 version, then
 *   Subscription: Topics []string, UserData nullable bytes, (v1+)
 *                 OwnedPartitions, (v2+) GenerationId, (v3+) RackId
 *   Assignment:   AssignedPartitions [](Topic string, Partitions []int32),
 *                 UserData nullable bytes
 * Later versions only append fields, so a reader takes the v0 prefix of
 * any version (ConsumerProtocol.deserializeSubscription does the same).
 * isrlab's own consumers write version 0, as kafka-python 2.0.2 does.
 *
 * Pure: bytes in, structures out.
 */
#ifndef ISRLAB_MODEL_CPROTO_H
#define ISRLAB_MODEL_CPROTO_H

#include <stddef.h>
#include <stdint.h>

#include "model/ids.h"

/* "consumer": the protocol type of consumer groups. */
#define CPROTO_TYPE "consumer"

/* Owned bytes. */
struct cbytes {
	uint8_t *p;
	size_t n;
};

void cbytes_set(struct cbytes *b, const void *p, size_t n);
void cbytes_clear(struct cbytes *b);
int cbytes_equal(const struct cbytes *a, const struct cbytes *b);

/* The partitions of one topic in an assignment. */
struct cproto_topic {
	char name[ISR_TOPIC_MAX + 1];
	int *parts;			/* owned */
	int n_parts;
};

void cproto_topics_free(struct cproto_topic *t, int n);

/* A version 0 subscription to topics. */
void cproto_subscription_encode(const char *const *topics, int n,
    struct cbytes *out);
/* The topics of a subscription (any version) into *topics (an owned
 * array of owned strings); -1 when the bytes are malformed. */
int cproto_subscription_decode(const struct cbytes *in, char ***topics,
    int *n);
void cproto_names_free(char **names, int n);

/* A version 0 assignment. */
void cproto_assignment_encode(const struct cproto_topic *t, int n,
    struct cbytes *out);
/* The partitions of an assignment (any version; empty bytes: nothing
 * assigned); -1 when malformed. */
int cproto_assignment_decode(const struct cbytes *in,
    struct cproto_topic **t, int *n);

#endif
