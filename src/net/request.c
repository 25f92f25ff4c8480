/*
 * request.c - decoding Kafka requests (see request.h).  Each decoder
 * follows its <Name>Request.json at Kafka 3.7.0, for the versions named
 * in request_apis[].
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "net/request.h"
#include "net/request-int.h"
#include "util/xmalloc.h"

const struct api_versions request_apis[] = {
	{ API_PRODUCE, 3, 8, "Produce" },
	{ API_FETCH, 4, 11, "Fetch" },
	{ API_LIST_OFFSETS, 1, 5, "ListOffsets" },
	{ API_METADATA, 0, 8, "Metadata" },
	{ API_API_VERSIONS, 0, 2, "ApiVersions" },
	{ API_INIT_PRODUCER_ID, 0, 1, "InitProducerId" },
	{ API_OFFSET_FOR_LEADER_EPOCH, 2, 3, "OffsetForLeaderEpoch" },
	{ API_FIND_COORDINATOR, 0, 2, "FindCoordinator" },
	{ API_JOIN_GROUP, 0, 5, "JoinGroup" },
	{ API_SYNC_GROUP, 0, 3, "SyncGroup" },
	{ API_HEARTBEAT, 0, 3, "Heartbeat" },
	{ API_LEAVE_GROUP, 0, 3, "LeaveGroup" },
	{ API_OFFSET_COMMIT, 2, 7, "OffsetCommit" },
	{ API_OFFSET_FETCH, 1, 5, "OffsetFetch" },
	{ API_DESCRIBE_GROUPS, 0, 4, "DescribeGroups" },
	{ API_LIST_GROUPS, 0, 2, "ListGroups" },
	{ API_CREATE_TOPICS, 2, 4, "CreateTopics" },
	{ API_DELETE_TOPICS, 1, 3, "DeleteTopics" },
	{ API_CREATE_PARTITIONS, 0, 1, "CreatePartitions" },
	{ API_DESCRIBE_CONFIGS, 1, 3, "DescribeConfigs" },
	{ API_ALTER_CONFIGS, 0, 1, "AlterConfigs" },
	{ API_INCREMENTAL_ALTER_CONFIGS, 0, 0, "IncrementalAlterConfigs" },
	{ API_ELECT_LEADERS, 0, 1, "ElectLeaders" },
};
const size_t request_n_apis = sizeof request_apis / sizeof request_apis[0];

const struct api_versions *
request_api(int16_t key)
{
	size_t i;

	for (i = 0; i < request_n_apis; i++) {
		if (request_apis[i].key == key)
			return &request_apis[i];
	}
	return NULL;
}

/* RequestHeader.json: key, version, correlation id, then (v1+) a
 * nullable client id.  Every request isrlab reads has one, ApiVersions
 * v0 included (librdkafka and Java send it). */
int
request_header_decode(struct rd *r, struct req_header *h)
{
	int16_t n;
	size_t take;

	memset(h, 0, sizeof *h);
	h->key = rd_i16(r);
	h->version = rd_i16(r);
	h->corr = rd_i32(r);
	n = rd_i16(r);
	if (r->bad || n < -1 || (n > 0 && (size_t)n > rd_left(r)))
		return -1;
	if (n > 0) {
		take = (size_t)n > REQ_CLIENT_ID_MAX ? REQ_CLIENT_ID_MAX :
		    (size_t)n;
		memcpy(h->client_id, r->p + r->off, take);
		h->client_id[take] = '\0';
		rd_skip(r, (size_t)n);
	}
	return r->bad ? -1 : 0;
}

void
request_rd_topic_name(struct rd *r, struct req_topic *t)
{
	int16_t n = rd_i16(r);

	if (r->bad)
		return;
	if (n < 0 || (size_t)n > rd_left(r)) {
		r->bad = true;
		return;
	}
	if (n > ISR_TOPIC_MAX) {
		t->name_bad = true;
		rd_skip(r, (size_t)n);
		return;
	}
	memcpy(t->name, r->p + r->off, (size_t)n);
	t->name[n] = '\0';
	rd_skip(r, (size_t)n);
}

void
request_rd_str(struct rd *r, struct req_str *s, bool nullable)
{
	int16_t n = rd_i16(r);

	s->p = NULL;
	s->len = -1;
	if (r->bad)
		return;
	if (n < -1 || (n == -1 && !nullable) ||
	    (n > 0 && (size_t)n > rd_left(r))) {
		r->bad = true;
		return;
	}
	if (n >= 0) {
		s->p = (const char *)r->p + r->off;
		s->len = n;
		rd_skip(r, (size_t)n);
	}
}

bool
request_rd_skip_string(struct rd *r)
{
	int16_t n = rd_i16(r);

	if (n < -1 || (n > 0 && (size_t)n > rd_left(r)))
		r->bad = true;
	else if (n > 0)
		rd_skip(r, (size_t)n);
	return !r->bad && n >= 0;
}

int32_t
request_rd_count(struct rd *r, size_t min_bytes, bool nullable)
{
	int32_t n = rd_array(r, (int32_t)(rd_left(r) / min_bytes));

	if (n == -1 && !nullable)
		r->bad = true;
	return r->bad ? 0 : n;
}

void
request_rd_topics(struct rd *r, struct request *q, size_t min_bytes,
    bool nullable)
{
	q->n_topics = request_rd_count(r, min_bytes, nullable);
	if (q->n_topics > 0)
		q->topics = xcalloc((size_t)q->n_topics, sizeof *q->topics);
}

void
request_rd_parts(struct rd *r, struct req_topic *t, size_t min_bytes)
{
	t->n_parts = request_rd_count(r, min_bytes, false);
	if (t->n_parts > 0)
		t->parts = xcalloc((size_t)t->n_parts, sizeof *t->parts);
}

/* ApiVersionsRequest.json v0-2: no fields. */
static void
dec_api_versions(struct rd *r, struct request *q)
{
	(void)r;
	(void)q;
}

/* MetadataRequest.json v0-8: Topics (nullable from v1; v0's empty list
 * means all), AllowAutoTopicCreation v4+, the two
 * Include*AuthorizedOperations booleans v8+. */
static void
dec_metadata(struct rd *r, struct request *q)
{
	int16_t v = q->h.version;
	int i;

	request_rd_topics(r, q, 2, v >= 1);
	for (i = 0; i < q->n_topics && !r->bad; i++)
		request_rd_topic_name(r, &q->topics[i]);
	q->all_topics = q->n_topics == -1 || (v == 0 && q->n_topics == 0);
	q->allow_auto_create = v >= 4 ? rd_i8(r) != 0 : true;
	if (v >= 8) {
		rd_i8(r);		/* IncludeClusterAuthorizedOperations */
		rd_i8(r);		/* IncludeTopicAuthorizedOperations */
	}
}

/* ProduceRequest.json v3-8: TransactionalId, Acks, TimeoutMs, then per
 * topic and partition the records. */
static void
dec_produce(struct rd *r, struct request *q)
{
	int i, j;

	q->has_transactional_id = request_rd_skip_string(r);
	q->acks = rd_i16(r);
	q->timeout_ms = rd_i32(r);
	request_rd_topics(r, q, 6, false);
	for (i = 0; i < q->n_topics && !r->bad; i++) {
		struct req_topic *t = &q->topics[i];

		request_rd_topic_name(r, t);
		request_rd_parts(r, t, 8);
		for (j = 0; j < t->n_parts && !r->bad; j++) {
			t->parts[j].partition = rd_i32(r);
			t->parts[j].records = rd_bytes(r,
			    &t->parts[j].records_len);
		}
	}
}

/* FetchRequest.json v4-11: ReplicaId, MaxWaitMs, MinBytes, MaxBytes,
 * IsolationLevel, SessionId/SessionEpoch v7+, per partition
 * CurrentLeaderEpoch v9+, FetchOffset, LogStartOffset v5+,
 * PartitionMaxBytes; ForgottenTopicsData v7+; RackId v11+. */
static void
dec_fetch(struct rd *r, struct request *q)
{
	int16_t v = q->h.version;
	int32_t n;
	int i, j;

	q->replica_id = rd_i32(r);
	q->max_wait_ms = rd_i32(r);
	q->min_bytes = rd_i32(r);
	q->max_bytes = rd_i32(r);
	q->isolation_level = rd_i8(r);
	q->session_id = v >= 7 ? rd_i32(r) : 0;
	q->session_epoch = v >= 7 ? rd_i32(r) : -1;
	request_rd_topics(r, q, 6, false);
	for (i = 0; i < q->n_topics && !r->bad; i++) {
		struct req_topic *t = &q->topics[i];

		request_rd_topic_name(r, t);
		request_rd_parts(r, t, v >= 9 ? 20 : 16);
		for (j = 0; j < t->n_parts && !r->bad; j++) {
			struct req_part *p = &t->parts[j];

			p->partition = rd_i32(r);
			p->current_epoch = v >= 9 ? rd_i32(r) : -1;
			p->offset = rd_i64(r);
			p->log_start = v >= 5 ? rd_i64(r) : -1;
			p->max_bytes = rd_i32(r);
		}
	}
	if (v >= 7) {
		/* Forgotten topics: only sessions use them, and isrlab
		 * opens none (it answers SessionId 0). */
		n = rd_array(r, (int32_t)(rd_left(r) / 6));
		for (i = 0; i < n && !r->bad; i++) {
			struct req_topic skip;
			int32_t np;

			memset(&skip, 0, sizeof skip);
			request_rd_topic_name(r, &skip);
			np = rd_array(r, (int32_t)(rd_left(r) / 4));
			rd_skip(r, 4 * (size_t)(np > 0 ? np : 0));
		}
	}
	if (v >= 11)
		request_rd_skip_string(r);		/* RackId */
}

/* ListOffsetsRequest.json v1-5: ReplicaId, IsolationLevel v2+, per
 * partition CurrentLeaderEpoch v4+ and Timestamp. */
static void
dec_list_offsets(struct rd *r, struct request *q)
{
	int16_t v = q->h.version;
	int i, j;

	q->replica_id = rd_i32(r);
	q->isolation_level = v >= 2 ? rd_i8(r) : 0;
	request_rd_topics(r, q, 6, false);
	for (i = 0; i < q->n_topics && !r->bad; i++) {
		struct req_topic *t = &q->topics[i];

		request_rd_topic_name(r, t);
		request_rd_parts(r, t, v >= 4 ? 16 : 12);
		for (j = 0; j < t->n_parts && !r->bad; j++) {
			t->parts[j].partition = rd_i32(r);
			t->parts[j].current_epoch = v >= 4 ? rd_i32(r) : -1;
			t->parts[j].offset = rd_i64(r);
		}
	}
}

/* OffsetForLeaderEpochRequest.json v2-3: ReplicaId v3+, per partition
 * CurrentLeaderEpoch and LeaderEpoch. */
static void
dec_offset_for_leader_epoch(struct rd *r, struct request *q)
{
	int i, j;

	q->replica_id = q->h.version >= 3 ? rd_i32(r) : -2;
	request_rd_topics(r, q, 6, false);
	for (i = 0; i < q->n_topics && !r->bad; i++) {
		struct req_topic *t = &q->topics[i];

		request_rd_topic_name(r, t);
		request_rd_parts(r, t, 12);
		for (j = 0; j < t->n_parts && !r->bad; j++) {
			t->parts[j].partition = rd_i32(r);
			t->parts[j].current_epoch = rd_i32(r);
			t->parts[j].epoch = rd_i32(r);
		}
	}
}

/* InitProducerIdRequest.json v0-1: TransactionalId (nullable),
 * TransactionTimeoutMs. */
static void
dec_init_producer_id(struct rd *r, struct request *q)
{
	q->has_transactional_id = request_rd_skip_string(r);
	q->txn_timeout_ms = rd_i32(r);
}

struct decoder {
	int16_t key;
	void (*decode)(struct rd *r, struct request *q);
};

static const struct decoder decoders[] = {
	{ API_PRODUCE, dec_produce },
	{ API_FETCH, dec_fetch },
	{ API_LIST_OFFSETS, dec_list_offsets },
	{ API_METADATA, dec_metadata },
	{ API_API_VERSIONS, dec_api_versions },
	{ API_INIT_PRODUCER_ID, dec_init_producer_id },
	{ API_OFFSET_FOR_LEADER_EPOCH, dec_offset_for_leader_epoch },
	{ API_FIND_COORDINATOR, request_dec_find_coordinator },
	{ API_JOIN_GROUP, request_dec_join_group },
	{ API_SYNC_GROUP, request_dec_sync_group },
	{ API_HEARTBEAT, request_dec_heartbeat },
	{ API_LEAVE_GROUP, request_dec_leave_group },
	{ API_OFFSET_COMMIT, request_dec_offset_commit },
	{ API_OFFSET_FETCH, request_dec_offset_fetch },
	{ API_DESCRIBE_GROUPS, request_dec_describe_groups },
	{ API_LIST_GROUPS, request_dec_list_groups },
	{ API_CREATE_TOPICS, request_dec_create_topics },
	{ API_DELETE_TOPICS, request_dec_delete_topics },
	{ API_CREATE_PARTITIONS, request_dec_create_partitions },
	{ API_DESCRIBE_CONFIGS, request_dec_describe_configs },
	{ API_ALTER_CONFIGS, request_dec_alter_configs },
	{ API_INCREMENTAL_ALTER_CONFIGS,
	  request_dec_incremental_alter_configs },
	{ API_ELECT_LEADERS, request_dec_elect_leaders },
};

int
request_decode(struct rd *r, const struct req_header *h, struct request *q)
{
	size_t i;

	memset(q, 0, sizeof *q);
	q->h = *h;
	q->grp.generation = -1;		/* none, in the APIs without one */
	for (i = 0; i < sizeof decoders / sizeof decoders[0]; i++) {
		if (decoders[i].key != h->key)
			continue;
		decoders[i].decode(r, q);
		/* A request with bytes left over is not what it claims. */
		if (r->bad || rd_left(r) != 0) {
			request_free(q);
			return -1;
		}
		return 0;
	}
	return -1;
}

void
request_free(struct request *q)
{
	int i;

	for (i = 0; i < q->n_topics; i++) {
		free(q->topics[i].parts);
		free(q->topics[i].configs);
	}
	free(q->topics);
	q->topics = NULL;
	q->n_topics = 0;
	free(q->grp.protocols);
	free(q->grp.members);
	free(q->grp.groups);
	memset(&q->grp, 0, sizeof q->grp);
}
