/*
 * javahash.c - java.util.HashMap's iteration order for String keys (see
 * javahash.h).
 */
#include "config.h"

#include "util/javahash.h"

uint32_t
javahash_string(const char *key)
{
	uint32_t h = 0;

	for (; *key != '\0'; key++)
		h = 31 * h + (unsigned char)*key;
	return h ^ (h >> 16);
}

uint32_t
javahash_capacity(uint32_t first, size_t n)
{
	uint32_t cap = 1;

	while (cap < first)
		cap <<= 1;
	while (n > (size_t)(cap * 3 / 4))
		cap <<= 1;
	return cap;
}

uint32_t
javahash_bucket(const char *key, uint32_t cap)
{
	return javahash_string(key) & (cap - 1);
}
