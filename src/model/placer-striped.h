/*
 * placer-striped.h - KRaft's replica placement, as
 * org.apache.kafka.metadata.placement.StripedReplicaPlacer does it
 * (metadata/src/main/java/org/apache/kafka/metadata/placement/
 * StripedReplicaPlacer.java at 3.7.0).  Replicas stripe over the racks;
 * each rack's brokers start at a random offset; after as many partitions
 * as there are unfenced brokers the rack and broker lists are shuffled.
 * The first replica is always unfenced; fenced brokers are taken only
 * when a rack's unfenced ones have run out.
 */
#ifndef ISRLAB_MODEL_PLACER_STRIPED_H
#define ISRLAB_MODEL_PLACER_STRIPED_H

#include <stdbool.h>

#include "model/ids.h"
#include "util/prng.h"

/* Place n_partitions partitions of rf replicas on the n_brokers usable
 * brokers (ids in brokers[], fenced[i] whether brokers[i] is fenced,
 * racks[i] its rack or NULL/"" for none; any order), drawing from p,
 * writing out[0..n_partitions-1][0..rf-1].  The caller has checked
 * 1 <= rf <= n_brokers and that one broker is unfenced. */
void placer_striped_place(struct prng *p, const int *brokers,
    const bool *fenced, const char *const *racks, int n_brokers,
    int n_partitions, int rf, int (*out)[ISR_MAX_REPLICAS]);

#endif
