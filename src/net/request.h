/*
 * request.h - Kafka requests as isrlab decodes them: the request header
 * and, per API, the body of every version isrlab advertises.
 *
 * DESIGN
 * One decoder per API key, each reading the fields of the versions in
 * request_apis[] as Kafka's schema files lay them out
 * (clients/src/main/resources/common/message/<Name>Request.json at 3.7.0;
 * each decoder names the versions it follows).  Only non-flexible
 * versions are advertised, so no decoder meets tagged fields or compact
 * lengths; the one exception is ApiVersions above v2, which Kafka itself
 * answers without parsing the body (RequestContext.java:111-116 at
 * 3.7.0), and so does isrlab.  Every request decodes into the one struct
 * request below (fields an API does not use stay zero): a decoder checks
 * nothing but the layout, and the handlers (api-*.c) check meaning.
 *
 * Bounds: every array length is checked against the bytes left (each
 * element takes at least its fixed bytes), so a hostile length never
 * makes a large allocation; the frame size limit (net.h) bounds the rest.
 * Byte fields (record batches, group metadata) point into the frame,
 * which outlives the request's handling.  Pure: libc only, so the fuzz
 * target (tests/fuzz/fuzz-request.c) links it alone.
 */
#ifndef ISRLAB_NET_REQUEST_H
#define ISRLAB_NET_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/ids.h"
#include "net/codec.h"

/* API keys (ApiKeys.java). */
enum api_key {
	API_PRODUCE = 0,
	API_FETCH = 1,
	API_LIST_OFFSETS = 2,
	API_METADATA = 3,
	API_OFFSET_COMMIT = 8,
	API_OFFSET_FETCH = 9,
	API_FIND_COORDINATOR = 10,
	API_JOIN_GROUP = 11,
	API_HEARTBEAT = 12,
	API_LEAVE_GROUP = 13,
	API_SYNC_GROUP = 14,
	API_DESCRIBE_GROUPS = 15,
	API_LIST_GROUPS = 16,
	API_API_VERSIONS = 18,
	API_CREATE_TOPICS = 19,
	API_DELETE_TOPICS = 20,
	API_INIT_PRODUCER_ID = 22,
	API_OFFSET_FOR_LEADER_EPOCH = 23,
	API_DESCRIBE_CONFIGS = 32,
	API_ALTER_CONFIGS = 33,
	API_CREATE_PARTITIONS = 37,
	API_ELECT_LEADERS = 43,
	API_INCREMENTAL_ALTER_CONFIGS = 44,
};

#define REQ_CLIENT_ID_MAX 255		/* longer client ids are cut */

/* Request header v1 (v2 for a flexible ApiVersions, whose tagged fields
 * are not read). */
struct req_header {
	int16_t key;
	int16_t version;
	int32_t corr;			/* correlation id, echoed */
	char client_id[REQ_CLIENT_ID_MAX + 1];	/* "" when null */
};

/* One partition of a topic in a request; which fields are set depends on
 * the API. */
struct req_part {
	int32_t partition;
	int32_t current_epoch;		/* CurrentLeaderEpoch, -1 none */
	int64_t offset;			/* Fetch: FetchOffset; ListOffsets:
					   Timestamp */
	int64_t log_start;		/* Fetch v5+: the follower's */
	int32_t epoch;			/* OffsetForLeaderEpoch: LeaderEpoch */
	int32_t max_bytes;		/* Fetch: PartitionMaxBytes */
	const uint8_t *records;		/* Produce: the batches (in the frame) */
	int32_t records_len;		/* -1 null */
};

/* A string field of a request, pointing into the frame (len -1: null);
 * the handlers copy it, cut to what the model keeps. */
struct req_str {
	const char *p;
	int len;
};

/* A config of an admin request (request-admin.c): CreateTopics' and
 * AlterConfigs' name and value, DescribeConfigs' key (value unused),
 * IncrementalAlterConfigs' operation. */
struct req_config {
	struct req_str name;
	struct req_str value;		/* len -1: null */
	int8_t op;			/* 0 SET, 1 DELETE, 2 APPEND, 3
					   SUBTRACT (AlterConfigOp.OpType) */
};

/* A topic of a request: its name (too long: "" and name_bad) and
 * partitions.  The admin requests use the fields below parts; their
 * resources (Describe/AlterConfigs) are topics too, a broker's id in
 * name. */
struct req_topic {
	char name[ISR_TOPIC_MAX + 1];
	bool name_bad;			/* longer than a topic name can be */
	struct req_part *parts;
	int n_parts;			/* -1: null (all partitions) */
	/* CreateTopics: NumPartitions, ReplicationFactor (-1: the
	 * default); CreatePartitions: Count in num_partitions. */
	int32_t num_partitions;
	int16_t replication_factor;
	int n_assignments;		/* manual replica assignments given;
					   -1 null (CreatePartitions) */
	struct req_config *configs;	/* owned */
	int n_configs;			/* -1: null (DescribeConfigs: all) */
	int8_t resource_type;		/* Describe/AlterConfigs: 2 topic,
					   4 broker */
};

/* JoinGroup: one protocol the member offers. */
struct req_protocol {
	struct req_str name;
	const uint8_t *meta;		/* in the frame */
	int32_t meta_len;
};

/* SyncGroup: one member's assignment (from the leader); LeaveGroup v3:
 * one member leaving. */
struct req_member {
	struct req_str member_id;
	struct req_str instance_id;	/* LeaveGroup v3 */
	const uint8_t *assign;		/* SyncGroup, in the frame */
	int32_t assign_len;
};

/* The group APIs' fields (request-group.c).  Offsets to commit or fetch
 * are in struct request's topics: partition, offset (CommittedOffset)
 * and epoch (CommittedLeaderEpoch). */
struct req_group {
	struct req_str id;		/* GroupId (FindCoordinator: Key) */
	int8_t key_type;		/* FindCoordinator: 0 group, 1 txn */
	int32_t session_timeout_ms;
	int32_t rebalance_timeout_ms;	/* v0: the session timeout */
	int32_t generation;		/* -1: none */
	struct req_str member_id;
	struct req_str instance_id;	/* null: dynamic member */
	struct req_str protocol_type;
	struct req_protocol *protocols;	/* JoinGroup (owned array) */
	int n_protocols;
	struct req_member *members;	/* SyncGroup, LeaveGroup v3 (owned
					   array) */
	int n_members;
	struct req_str *groups;		/* DescribeGroups (owned array) */
	int n_groups;
};

struct request {
	struct req_header h;
	int32_t replica_id;		/* Fetch, ListOffsets: -1 consumers */
	/* Produce. */
	bool has_transactional_id;
	int16_t acks;
	int32_t timeout_ms;		/* also admin requests */
	/* Fetch. */
	int32_t max_wait_ms, min_bytes, max_bytes;
	int8_t isolation_level;
	int32_t session_id, session_epoch;
	/* Metadata. */
	bool all_topics;		/* null topic list (v0: empty) */
	bool allow_auto_create;
	/* InitProducerId. */
	int32_t txn_timeout_ms;
	/* Admin. */
	bool validate_only;		/* CreateTopics, CreatePartitions,
					   (Incremental)AlterConfigs */
	int8_t election_type;		/* ElectLeaders v1: 0 preferred, 1
					   unclean (v0: preferred) */
	bool include_synonyms;		/* DescribeConfigs v1+ */
	bool include_documentation;	/* DescribeConfigs v3+ */
	struct req_topic *topics;	/* owned */
	int n_topics;			/* -1: null */
	struct req_group grp;		/* the group APIs */
};

/* An API isrlab serves, with the versions it advertises. */
struct api_versions {
	int16_t key;
	int16_t min, max;
	const char *name;		/* "Produce", for events */
};

extern const struct api_versions request_apis[];
extern const size_t request_n_apis;

/* The advertised range of key, or NULL when isrlab does not serve it. */
const struct api_versions *request_api(int16_t key);

/* Decode a request header from the start of a frame (after its size).
 * Returns 0, or -1 when the frame is too short to hold one. */
int request_header_decode(struct rd *r, struct req_header *h);

/* Decode the body of h's API at h's version into q (q->h = *h).  Returns
 * 0, or -1 with q cleaned up when the bytes are not such a request
 * (truncated, a length out of range, trailing garbage).  The key and
 * version must be in request_apis[]. */
int request_decode(struct rd *r, const struct req_header *h,
    struct request *q);

void request_free(struct request *q);

#endif
