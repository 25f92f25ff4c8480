/*
 * prng.c - xoshiro256** seeded by splitmix64.
 *
 * Both algorithms follow the public-domain reference code at
 * prng.di.unimi.it.  splitmix64 turns any seed (even 0) into a well-mixed,
 * non-zero state, which xoshiro needs.  prng_below() rejects the few
 * values at the bottom of the range that would make `r % n` favour small
 * results, so every result in [0, n) is equally likely.
 */

#include "config.h"

#include "util/prng.h"

static uint64_t
prng_splitmix64(uint64_t *x)
{
	uint64_t	z;

	z = (*x += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t
prng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void
prng_seed(struct prng *p, uint64_t seed)
{
	int	i;

	for (i = 0; i < 4; i++)
		p->s[i] = prng_splitmix64(&seed);
}

uint64_t
prng_next(struct prng *p)
{
	uint64_t	*s = p->s;
	uint64_t	 result, t;

	result = prng_rotl(s[1] * 5, 7) * 9;
	t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = prng_rotl(s[3], 45);
	return result;
}

uint64_t
prng_below(struct prng *p, uint64_t n)
{
	uint64_t	threshold, r;

	if (n == 0)
		return 0;
	/* 2^64 mod n: values below it are the biased remainder. */
	threshold = (0 - n) % n;
	do
		r = prng_next(p);
	while (r < threshold);
	return r % n;
}

double
prng_unit(struct prng *p)
{
	return (double)(prng_next(p) >> 11) * 0x1.0p-53;
}
