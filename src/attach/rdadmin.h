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
 * OffsetFetch to the coordinators as Kafka's AdminClient does.
 */
#ifndef ISRLAB_ATTACH_RDADMIN_H
#define ISRLAB_ATTACH_RDADMIN_H

#include "engine/engine.h"
#include "model/group.h"

/* The answer to query q (group: the group described, or NULL for the
 * listing): listings with their states, one group's state and members
 * (each one's assignment encoded as the consumer protocol carries it,
 * cproto.h), or its committed offsets.  NULL with *err when the cluster
 * did not answer within timeout_ms.  @thread console */
struct gpayload *rdadmin_group_query(const char *bootstrap,
    enum group_query q, const char *group, int timeout_ms, enum kerr *err);

#endif
