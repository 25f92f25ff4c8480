/*
 * murmur2.c - Kafka's murmur2 hash and default key partitioner.
 *
 * A transcription of Utils.murmur2 from Kafka's clients module.  Java does
 * the arithmetic on 32-bit signed ints that wrap; here it is done on
 * uint32_t, which wraps by definition, and only the final value is turned
 * into a signed int32_t.  Java's tail `switch` falls through from 3 to 2
 * to 1; the ifs below do the same without relying on fall-through.
 */

#include "config.h"

#include "util/murmur2.h"

#define MURMUR2_SEED	UINT32_C(0x9747b28c)
#define MURMUR2_M	UINT32_C(0x5bd1e995)
#define MURMUR2_R	24

int32_t
murmur2(const void *key, size_t len)
{
	const unsigned char	*data = key;
	uint32_t		 h, k;
	size_t			 i, tail, rest;

	/* Java: int h = seed ^ length (length is an int). */
	h = MURMUR2_SEED ^ (uint32_t)len;

	tail = len & ~(size_t)3;
	for (i = 0; i < tail; i += 4) {
		k = (uint32_t)data[i] |
		    (uint32_t)data[i + 1] << 8 |
		    (uint32_t)data[i + 2] << 16 |
		    (uint32_t)data[i + 3] << 24;
		k *= MURMUR2_M;
		k ^= k >> MURMUR2_R;
		k *= MURMUR2_M;
		h *= MURMUR2_M;
		h ^= k;
	}

	rest = len & 3;
	if (rest >= 3)
		h ^= (uint32_t)data[tail + 2] << 16;
	if (rest >= 2)
		h ^= (uint32_t)data[tail + 1] << 8;
	if (rest >= 1) {
		h ^= (uint32_t)data[tail];
		h *= MURMUR2_M;
	}

	h ^= h >> 13;
	h *= MURMUR2_M;
	h ^= h >> 15;

	/* Two's complement reinterpretation, without implementation-defined casts. */
	if (h <= (uint32_t)INT32_MAX)
		return (int32_t)h;
	return -(int32_t)(UINT32_MAX - h) - 1;
}

int
murmur2_partition(const void *key, size_t len, int num_partitions)
{
	uint32_t	positive;

	if (num_partitions < 1)
		return -1;
	/* Kafka's Utils.toPositive: clear the sign bit, not abs(). */
	positive = (uint32_t)murmur2(key, len) & UINT32_C(0x7fffffff);
	return (int)(positive % (uint32_t)num_partitions);
}
