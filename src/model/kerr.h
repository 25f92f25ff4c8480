/*
 * kerr.h - Kafka error codes, with the names and messages Kafka's tools print.
 *
 * The model reports every failure as one of these so that what a student
 * sees ("NOT_ENOUGH_REPLICAS: Messages are rejected since ...") is what a
 * real cluster would say.  Numbers are Kafka's wire codes (Errors.java).
 */
#ifndef ISRLAB_MODEL_KERR_H
#define ISRLAB_MODEL_KERR_H

enum kerr {
	KERR_NONE = 0,
	KERR_OFFSET_OUT_OF_RANGE = 1,		/* fetch offset outside the log */
	KERR_UNKNOWN_TOPIC_OR_PARTITION = 3,	/* no such topic or partition */
	KERR_LEADER_NOT_AVAILABLE = 5,		/* partition has no leader now */
	KERR_NOT_LEADER_OR_FOLLOWER = 6,	/* request sent to a non-leader */
	KERR_REQUEST_TIMED_OUT = 7,		/* acks=all not reached in time */
	KERR_NETWORK_EXCEPTION = 13,		/* connection lost mid-request */
	KERR_NOT_ENOUGH_REPLICAS = 19,		/* ISR < min.insync, nothing written */
	KERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND = 20, /* written, ISR shrank below min */
	KERR_INVALID_REQUIRED_ACKS = 21,	/* acks not in {0, 1, -1} */
	KERR_INVALID_PARTITIONS = 37,		/* partition count < 1 */
	KERR_INVALID_REPLICATION_FACTOR = 38,	/* RF < 1 or > live brokers */
	KERR_INVALID_REPLICA_ASSIGNMENT = 39,	/* manual placement refused */
	KERR_INVALID_REQUEST = 42,		/* malformed or illegal request */
	KERR_UNSUPPORTED_VERSION = 35,		/* unknown API version or type */
	KERR_INVALID_CONFIG = 40,		/* bad config name or value */
	KERR_TOPIC_ALREADY_EXISTS = 36,		/* create of an existing topic */
	KERR_INVALID_TOPIC_EXCEPTION = 17,	/* illegal topic name */
	KERR_OUT_OF_ORDER_SEQUENCE_NUMBER = 45,	/* idempotent producer: a gap */
	KERR_INVALID_PRODUCER_EPOCH = 47,	/* idempotent producer: stale epoch */
	KERR_FENCED_LEADER_EPOCH = 74,		/* request carries an older epoch */
	KERR_UNKNOWN_LEADER_EPOCH = 75,		/* request carries a newer epoch */
	KERR_STALE_BROKER_EPOCH = 77,		/* broker epoch does not match */
	KERR_PREFERRED_LEADER_NOT_AVAILABLE = 80, /* preferred replica can't lead */
	KERR_ELIGIBLE_LEADERS_NOT_AVAILABLE = 83, /* no replica may lead */
	KERR_ELECTION_NOT_NEEDED = 84,		/* leader already as requested */
	KERR_INVALID_UPDATE_VERSION = 95,	/* stale partition epoch */
	KERR_INELIGIBLE_REPLICA = 107,		/* proposed ISR member not eligible */
	KERR_GROUP_ID_NOT_FOUND = 69,		/* no such consumer group */
	KERR_BROKER_NOT_AVAILABLE = 8,		/* no such broker */
	KERR_COORDINATOR_LOAD_IN_PROGRESS = 14,	/* coordinator still loading */
	KERR_COORDINATOR_NOT_AVAILABLE = 15,	/* no coordinator (yet) */
	KERR_NOT_COORDINATOR = 16,		/* group request to a non-coordinator */
	KERR_ILLEGAL_GENERATION = 22,		/* stale group generation */
	KERR_INCONSISTENT_GROUP_PROTOCOL = 23,	/* assignor differs from the group's */
	KERR_UNKNOWN_MEMBER_ID = 25,		/* member not in the group */
	KERR_REBALANCE_IN_PROGRESS = 27,	/* rejoin needed */
	KERR_INVALID_GROUP_ID = 24,		/* empty group id */
	KERR_INVALID_SESSION_TIMEOUT = 26,	/* outside the broker's bounds */
	KERR_MEMBER_ID_REQUIRED = 79,		/* rejoin with the given id */
	KERR_FENCED_INSTANCE_ID = 82,		/* static member replaced */
	KERR_TIMEOUT = -2,			/* client-side TimeoutException */
};

/* The upper-case Kafka name, e.g. "NOT_ENOUGH_REPLICAS". */
const char *kerr_name(enum kerr e);

/* Kafka's exception message for the error, e.g. "Messages are rejected
 * since there are fewer in-sync replicas than required." */
const char *kerr_message(enum kerr e);

/* Kafka's exception class simple name, e.g. "NotEnoughReplicasException". */
const char *kerr_exception(enum kerr e);

#endif
