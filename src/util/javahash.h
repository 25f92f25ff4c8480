/*
 * javahash.h - the order a java.util.HashMap iterates String keys in.
 *
 * Kafka's tools print several lists straight out of a HashMap (topics in
 * kafka-topics --describe, a topic's configs), so their order is neither
 * sorted nor insertion order: it is by bucket, hash & (capacity - 1), and
 * within a bucket by insertion.  These helpers reproduce that for ASCII
 * keys and for maps too small to treeify a bucket.
 */
#ifndef ISRLAB_UTIL_JAVAHASH_H
#define ISRLAB_UTIL_JAVAHASH_H

#include <stddef.h>
#include <stdint.h>

/* Java's String.hashCode of an ASCII key, spread as HashMap.hash does. */
uint32_t javahash_string(const char *key);

/* The table size a HashMap holding n entries ends with, from a first
 * table of `first` buckets (HashMap.tableSizeFor; resized at 0.75 full). */
uint32_t javahash_capacity(uint32_t first, size_t n);

/* The bucket of key in a table of cap buckets (cap a power of two). */
uint32_t javahash_bucket(const char *key, uint32_t cap);

#endif /* ISRLAB_UTIL_JAVAHASH_H */
