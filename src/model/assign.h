/*
 * assign.h - replica assignment for new topics, as Kafka's
 * AdminUtils.assignReplicasToBrokers does it.  With start index and shift
 * 0 (its fixedStartIndex), 3 partitions RF 3 on brokers 1,2,3 give 1,2,3 /
 * 2,3,1 / 3,1,2 as in the seed guides; the ZooKeeper controller's topic
 * creation draws both at random.  When every broker has a rack, the
 * rack-aware variant spreads each partition's replicas over the racks.
 */
#ifndef ISRLAB_MODEL_ASSIGN_H
#define ISRLAB_MODEL_ASSIGN_H

#include "model/ids.h"

/* Assign rf replicas to each of n_partitions partitions numbered from
 * `from` (0 for a new topic, its partition count when partitions are
 * added) from brokers (ascending ids, n_brokers >= rf), writing
 * out[p - from][0..rf-1], partition 0's first replica brokers[start]
 * (start, shift in 0..n-1).
 * racks[i] is the rack of brokers[i]; NULL or any "" rack means
 * rack-unaware. */
void assign_replicas(const int *brokers, const char *const *racks,
    int n_brokers, int from, int n_partitions, int rf, int start, int shift,
    int (*out)[ISR_MAX_REPLICAS]);

#endif
