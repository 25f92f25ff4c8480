/*
 * murmur2.h - Kafka's murmur2 hash and default key partitioner.
 *
 * Bit-for-bit the same as org.apache.kafka.common.utils.Utils.murmur2 and
 * the producer's default partitioner for non-null keys, so that a key lands
 * on the same partition in isrlab as on a real cluster.
 */

#ifndef ISRLAB_UTIL_MURMUR2_H
#define ISRLAB_UTIL_MURMUR2_H

#include <stddef.h>
#include <stdint.h>

/* Returns Kafka's murmur2 (seed 0x9747b28c) of LEN bytes at KEY. */
int32_t murmur2(const void *key, size_t len);

/*
 * Returns the partition Kafka picks for KEY among NUM_PARTITIONS:
 * (murmur2 & 0x7fffffff) % NUM_PARTITIONS; -1 if NUM_PARTITIONS < 1.
 */
int murmur2_partition(const void *key, size_t len, int num_partitions);

#endif /* ISRLAB_UTIL_MURMUR2_H */
