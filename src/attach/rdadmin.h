/*
 * rdadmin.h - what kafka-consumer-groups.sh asks of a real cluster
 * (attach mode), through librdkafka's Admin API, answered as isrlab's own
 * group requests answer (struct gpayload), so the console prints Kafka's
 * tool output from it unchanged.
 *
 * Each call makes its own short-lived handle on bootstrap, as the
 * console's producer does (rdclient.h): the tool's calls are few.
 * librdkafka 2.0.2 has ListConsumerGroups, DescribeConsumerGroups and
 * ListConsumerGroupOffsets, which send ListGroups, DescribeGroups and
 * OffsetFetch to the coordinators as Kafka's AdminClient does; and
 * DescribeConfigs and AlterConfigs for the topic configs isrlab models.
 */
#ifndef ISRLAB_ATTACH_RDADMIN_H
#define ISRLAB_ATTACH_RDADMIN_H

#include <librdkafka/rdkafka.h>

#include "attach/observe.h"
#include "engine/engine.h"
#include "model/group.h"
#include "model/image.h"

/* The answer to query q (group: the group described, or NULL for the
 * listing): listings with their states, one group's state and members
 * (each one's assignment encoded as the consumer protocol carries it,
 * cproto.h), or its committed offsets.  NULL with *err when the cluster
 * did not answer within timeout_ms.  @thread console */
struct gpayload *rdadmin_group_query(const char *bootstrap,
    enum group_query q, const char *group, int timeout_ms, enum kerr *err);

/* Every consumer group of the cluster with its state and members, as
 * ListConsumerGroups and DescribeConsumerGroups on rk give them, sorted
 * by name, into *out (the caller frees it); -1 when the cluster did not
 * answer within timeout_ms.  @thread poller */
int rdadmin_groups(rd_kafka_t *rk, int timeout_ms,
    struct observed_group **out, int *n);

/* The topic-level overrides isrlab models (min.insync.replicas,
 * unclean.leader.election.enable), as DescribeConfigs on rk gives them
 * for every topic of im, into im; the rest stays unknown (-1), and so
 * does everything when the cluster does not answer within timeout_ms.
 * @thread poller */
void rdadmin_topic_configs(rd_kafka_t *rk, struct image *im,
    int timeout_ms);

/* Set key=value on topic through a handle on bootstrap, keeping its
 * other overrides; Kafka's error with its message in why.
 * @thread console */
enum kerr rdadmin_alter_topic_config(const char *bootstrap, const char *topic,
    const char *key, const char *value, int timeout_ms, char *why,
    size_t len);

#endif
