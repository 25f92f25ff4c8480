/*
 * kerr.c - Kafka's error names and messages (Errors.java, Kafka 3.7).
 */
#include "config.h"

#include <stddef.h>

#include "model/kerr.h"

struct kerr_desc {
	enum kerr code;
	const char *name;
	const char *exception;
	const char *message;
};

static const struct kerr_desc kerr_table[] = {
	{ KERR_NONE, "NONE", "", "" },
	{ KERR_OFFSET_OUT_OF_RANGE, "OFFSET_OUT_OF_RANGE",
	  "OffsetOutOfRangeException",
	  "The requested offset is not within the range of offsets maintained "
	  "by the server." },
	{ KERR_UNKNOWN_TOPIC_OR_PARTITION, "UNKNOWN_TOPIC_OR_PARTITION",
	  "UnknownTopicOrPartitionException",
	  "This server does not host this topic-partition." },
	{ KERR_LEADER_NOT_AVAILABLE, "LEADER_NOT_AVAILABLE",
	  "LeaderNotAvailableException",
	  "There is no leader for this topic-partition as we are in the "
	  "middle of a leadership election." },
	{ KERR_NOT_LEADER_OR_FOLLOWER, "NOT_LEADER_OR_FOLLOWER",
	  "NotLeaderOrFollowerException",
	  "For requests intended only for the leader, this error indicates "
	  "that the broker is not the current leader. For requests intended "
	  "for any replica, this error indicates that the broker is not a "
	  "replica of the topic partition." },
	{ KERR_REQUEST_TIMED_OUT, "REQUEST_TIMED_OUT", "TimeoutException",
	  "The request timed out." },
	{ KERR_BROKER_NOT_AVAILABLE, "BROKER_NOT_AVAILABLE",
	  "BrokerNotAvailableException", "The broker is not available." },
	{ KERR_NETWORK_EXCEPTION, "NETWORK_EXCEPTION", "NetworkException",
	  "The server disconnected before a response was received." },
	{ KERR_INVALID_TOPIC_EXCEPTION, "INVALID_TOPIC_EXCEPTION",
	  "InvalidTopicException",
	  "The request attempted to perform an operation on an invalid "
	  "topic." },
	{ KERR_NOT_ENOUGH_REPLICAS, "NOT_ENOUGH_REPLICAS",
	  "NotEnoughReplicasException",
	  "Messages are rejected since there are fewer in-sync replicas than "
	  "required." },
	{ KERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
	  "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
	  "NotEnoughReplicasAfterAppendException",
	  "Messages are written to the log, but to fewer in-sync replicas "
	  "than required." },
	{ KERR_INVALID_REQUIRED_ACKS, "INVALID_REQUIRED_ACKS",
	  "InvalidRequiredAcksException",
	  "Produce request specified an invalid value for required acks." },
	{ KERR_TOPIC_ALREADY_EXISTS, "TOPIC_ALREADY_EXISTS",
	  "TopicExistsException", "Topic with this name already exists." },
	{ KERR_INVALID_PARTITIONS, "INVALID_PARTITIONS",
	  "InvalidPartitionsException", "Number of partitions is below 1." },
	{ KERR_INVALID_REPLICATION_FACTOR, "INVALID_REPLICATION_FACTOR",
	  "InvalidReplicationFactorException",
	  "Replication factor is below 1 or larger than the number of "
	  "available brokers." },
	{ KERR_INVALID_REPLICA_ASSIGNMENT, "INVALID_REPLICA_ASSIGNMENT",
	  "InvalidReplicaAssignmentException",
	  "Replica assignment is invalid." },
	{ KERR_INVALID_CONFIG, "INVALID_CONFIG", "InvalidConfigurationException",
	  "Configuration is invalid." },
	{ KERR_INVALID_REQUEST, "INVALID_REQUEST", "InvalidRequestException",
	  "This most likely occurs because of a request being malformed by "
	  "the client library or the message was sent to an incompatible "
	  "broker. See the broker logs for more details." },
	{ KERR_UNSUPPORTED_VERSION, "UNSUPPORTED_VERSION",
	  "UnsupportedVersionException",
	  "The version of API is not supported." },
	{ KERR_GROUP_ID_NOT_FOUND, "GROUP_ID_NOT_FOUND",
	  "GroupIdNotFoundException", "The group id does not exist." },
	{ KERR_OUT_OF_ORDER_SEQUENCE_NUMBER, "OUT_OF_ORDER_SEQUENCE_NUMBER",
	  "OutOfOrderSequenceException",
	  "The broker received an out of order sequence number." },
	{ KERR_INVALID_PRODUCER_EPOCH, "INVALID_PRODUCER_EPOCH",
	  "InvalidProducerEpochException",
	  "Producer attempted to produce with an old epoch." },
	{ KERR_FENCED_LEADER_EPOCH, "FENCED_LEADER_EPOCH",
	  "FencedLeaderEpochException",
	  "The leader epoch in the request is older than the epoch on the "
	  "broker." },
	{ KERR_UNKNOWN_LEADER_EPOCH, "UNKNOWN_LEADER_EPOCH",
	  "UnknownLeaderEpochException",
	  "The leader epoch in the request is newer than the epoch on the "
	  "broker." },
	{ KERR_STALE_BROKER_EPOCH, "STALE_BROKER_EPOCH",
	  "StaleBrokerEpochException", "Broker epoch has changed." },
	{ KERR_PREFERRED_LEADER_NOT_AVAILABLE, "PREFERRED_LEADER_NOT_AVAILABLE",
	  "PreferredLeaderNotAvailableException",
	  "The preferred leader was not available." },
	{ KERR_ELIGIBLE_LEADERS_NOT_AVAILABLE, "ELIGIBLE_LEADERS_NOT_AVAILABLE",
	  "EligibleLeadersNotAvailableException",
	  "Eligible topic partition leaders are not available." },
	{ KERR_ELECTION_NOT_NEEDED, "ELECTION_NOT_NEEDED",
	  "ElectionNotNeededException",
	  "Leader election not needed for topic partition." },
	{ KERR_INVALID_UPDATE_VERSION, "INVALID_UPDATE_VERSION",
	  "InvalidUpdateVersionException",
	  "The given update version was invalid." },
	{ KERR_INELIGIBLE_REPLICA, "INELIGIBLE_REPLICA",
	  "IneligibleReplicaException",
	  "The new ISR contains at least one ineligible replica." },
	{ KERR_COORDINATOR_LOAD_IN_PROGRESS, "COORDINATOR_LOAD_IN_PROGRESS",
	  "CoordinatorLoadInProgressException",
	  "The coordinator is loading and hence can't process requests." },
	{ KERR_COORDINATOR_NOT_AVAILABLE, "COORDINATOR_NOT_AVAILABLE",
	  "CoordinatorNotAvailableException",
	  "The coordinator is not available." },
	{ KERR_NOT_COORDINATOR, "NOT_COORDINATOR", "NotCoordinatorException",
	  "This is not the correct coordinator." },
	{ KERR_ILLEGAL_GENERATION, "ILLEGAL_GENERATION",
	  "IllegalGenerationException",
	  "Specified group generation id is not valid." },
	{ KERR_INCONSISTENT_GROUP_PROTOCOL, "INCONSISTENT_GROUP_PROTOCOL",
	  "InconsistentGroupProtocolException",
	  "The group member's supported protocols are incompatible with those "
	  "of existing members or first group member tried to join with empty "
	  "protocol type or empty protocol list." },
	{ KERR_UNKNOWN_MEMBER_ID, "UNKNOWN_MEMBER_ID", "UnknownMemberIdException",
	  "The coordinator is not aware of this member." },
	{ KERR_REBALANCE_IN_PROGRESS, "REBALANCE_IN_PROGRESS",
	  "RebalanceInProgressException",
	  "The group is rebalancing, so a rejoin is needed." },
	{ KERR_INVALID_GROUP_ID, "INVALID_GROUP_ID", "InvalidGroupIdException",
	  "The configured groupId is invalid." },
	{ KERR_INVALID_SESSION_TIMEOUT, "INVALID_SESSION_TIMEOUT",
	  "InvalidSessionTimeoutException",
	  "The session timeout is not within the range allowed by the broker "
	  "(as configured by group.min.session.timeout.ms and "
	  "group.max.session.timeout.ms)." },
	{ KERR_MEMBER_ID_REQUIRED, "MEMBER_ID_REQUIRED",
	  "MemberIdRequiredException",
	  "The group member needs to have a valid member id before actually "
	  "entering a consumer group." },
	{ KERR_FENCED_INSTANCE_ID, "FENCED_INSTANCE_ID",
	  "FencedInstanceIdException",
	  "The broker rejected this static consumer since another consumer "
	  "with the same group.instance.id has registered with a different "
	  "member.id." },
	{ KERR_TIMEOUT, "TIMEOUT", "TimeoutException",
	  "Timed out waiting for a node assignment." },
};

static const struct kerr_desc *
kerr_find(enum kerr e)
{
	size_t i;

	for (i = 0; i < sizeof kerr_table / sizeof kerr_table[0]; i++) {
		if (kerr_table[i].code == e)
			return &kerr_table[i];
	}
	return NULL;
}

const char *
kerr_name(enum kerr e)
{
	const struct kerr_desc *d = kerr_find(e);

	return d != NULL ? d->name : "UNKNOWN_SERVER_ERROR";
}

const char *
kerr_message(enum kerr e)
{
	const struct kerr_desc *d = kerr_find(e);

	return d != NULL ? d->message :
	    "The server experienced an unexpected error when processing the "
	    "request.";
}

const char *
kerr_exception(enum kerr e)
{
	const struct kerr_desc *d = kerr_find(e);

	return d != NULL ? d->exception : "UnknownServerException";
}
