/*
 * request-admin.c - decoding the admin requests (see request.h):
 * CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs,
 * AlterConfigs, IncrementalAlterConfigs and ElectLeaders, each as its
 * <Name>Request.json at Kafka 3.7.0 lays out the non-flexible versions
 * request_apis[] advertises.  A resource of the config requests is a
 * struct req_topic (its type in resource_type, a broker's id as its
 * name); config names and values point into the frame.
 */
#include "config.h"

#include <stdlib.h>

#include "net/request-int.h"
#include "util/xmalloc.h"

/* t's configs array, each element at least min_bytes. */
static void
rd_configs(struct rd *r, struct req_topic *t, size_t min_bytes,
    bool nullable)
{
	t->n_configs = request_rd_count(r, min_bytes, nullable);
	if (t->n_configs > 0)
		t->configs = xcalloc((size_t)t->n_configs, sizeof *t->configs);
}

/* Read past an []int32 (BrokerIds, Partitions are kept elsewhere). */
static void
rd_skip_int32s(struct rd *r)
{
	int32_t n = request_rd_count(r, 4, false);

	rd_skip(r, 4 * (size_t)n);
}

/* CreateTopicsRequest.json v2-4: Topics (Name, NumPartitions,
 * ReplicationFactor, Assignments (PartitionIndex, BrokerIds), Configs
 * (Name, Value nullable)), timeoutMs, validateOnly (v1+). */
void
request_dec_create_topics(struct rd *r, struct request *q)
{
	int i, j;
	int32_t n;

	request_rd_topics(r, q, 16, false);
	for (i = 0; i < q->n_topics && !r->bad; i++) {
		struct req_topic *t = &q->topics[i];

		request_rd_topic_name(r, t);
		t->num_partitions = rd_i32(r);
		t->replication_factor = rd_i16(r);
		n = request_rd_count(r, 8, false);
		t->n_assignments = n;
		for (j = 0; j < n && !r->bad; j++) {
			rd_i32(r);			/* PartitionIndex */
			rd_skip_int32s(r);		/* BrokerIds */
		}
		rd_configs(r, t, 4, false);
		for (j = 0; j < t->n_configs && !r->bad; j++) {
			request_rd_str(r, &t->configs[j].name, false);
			request_rd_str(r, &t->configs[j].value, true);
		}
	}
	q->timeout_ms = rd_i32(r);
	q->validate_only = rd_i8(r) != 0;
}

/* DeleteTopicsRequest.json v1-3: TopicNames, TimeoutMs (the Topics
 * array with ids is v6+). */
void
request_dec_delete_topics(struct rd *r, struct request *q)
{
	int i;

	request_rd_topics(r, q, 2, false);
	for (i = 0; i < q->n_topics && !r->bad; i++)
		request_rd_topic_name(r, &q->topics[i]);
	q->timeout_ms = rd_i32(r);
}

/* CreatePartitionsRequest.json v0-1: Topics (Name, Count, Assignments
 * nullable (BrokerIds)), TimeoutMs, ValidateOnly. */
void
request_dec_create_partitions(struct rd *r, struct request *q)
{
	int i, j;

	request_rd_topics(r, q, 10, false);
	for (i = 0; i < q->n_topics && !r->bad; i++) {
		struct req_topic *t = &q->topics[i];

		request_rd_topic_name(r, t);
		t->num_partitions = rd_i32(r);
		t->n_assignments = request_rd_count(r, 4, true);
		for (j = 0; j < t->n_assignments && !r->bad; j++)
			rd_skip_int32s(r);		/* BrokerIds */
	}
	q->timeout_ms = rd_i32(r);
	q->validate_only = rd_i8(r) != 0;
}

/* DescribeConfigsRequest.json v1-3: Resources (ResourceType,
 * ResourceName, ConfigurationKeys nullable: null = every config),
 * IncludeSynonyms v1+, IncludeDocumentation v3+. */
void
request_dec_describe_configs(struct rd *r, struct request *q)
{
	int i, j;

	request_rd_topics(r, q, 7, false);
	for (i = 0; i < q->n_topics && !r->bad; i++) {
		struct req_topic *t = &q->topics[i];

		t->resource_type = rd_i8(r);
		request_rd_topic_name(r, t);
		rd_configs(r, t, 2, true);
		for (j = 0; j < t->n_configs && !r->bad; j++) {
			request_rd_str(r, &t->configs[j].name, false);
			t->configs[j].value.len = -1;
		}
	}
	q->include_synonyms = rd_i8(r) != 0;
	q->include_documentation = q->h.version >= 3 ? rd_i8(r) != 0 : false;
}

/* The Resources of AlterConfigs and IncrementalAlterConfigs
 * (ResourceType, ResourceName, Configs: Name, ConfigOperation when
 * incremental, Value nullable), then ValidateOnly. */
static void
rd_alter_resources(struct rd *r, struct request *q, bool incremental)
{
	int i, j;

	request_rd_topics(r, q, 7, false);
	for (i = 0; i < q->n_topics && !r->bad; i++) {
		struct req_topic *t = &q->topics[i];

		t->resource_type = rd_i8(r);
		request_rd_topic_name(r, t);
		rd_configs(r, t, incremental ? 5 : 4, false);
		for (j = 0; j < t->n_configs && !r->bad; j++) {
			request_rd_str(r, &t->configs[j].name, false);
			t->configs[j].op = incremental ? rd_i8(r) : 0;
			request_rd_str(r, &t->configs[j].value, true);
		}
	}
	q->validate_only = rd_i8(r) != 0;
}

/* AlterConfigsRequest.json v0-1. */
void
request_dec_alter_configs(struct rd *r, struct request *q)
{
	rd_alter_resources(r, q, false);
}

/* IncrementalAlterConfigsRequest.json v0. */
void
request_dec_incremental_alter_configs(struct rd *r, struct request *q)
{
	rd_alter_resources(r, q, true);
}

/* ElectLeadersRequest.json v0-1: ElectionType v1+ (v0: preferred),
 * TopicPartitions nullable (Topic, Partitions; null = every partition),
 * TimeoutMs. */
void
request_dec_elect_leaders(struct rd *r, struct request *q)
{
	int i, j;

	q->election_type = q->h.version >= 1 ? rd_i8(r) : 0;
	request_rd_topics(r, q, 6, true);
	for (i = 0; i < q->n_topics && !r->bad; i++) {
		struct req_topic *t = &q->topics[i];

		request_rd_topic_name(r, t);
		request_rd_parts(r, t, 4);
		for (j = 0; j < t->n_parts && !r->bad; j++)
			t->parts[j].partition = rd_i32(r);
	}
	q->timeout_ms = rd_i32(r);
}
