/*
 * prng.h - a small, seeded, deterministic random number generator.
 *
 * xoshiro256** (Blackman and Vigna) with its state filled by splitmix64
 * from one 64-bit seed.  The same seed always gives the same sequence on
 * every platform, which is what makes simulator runs reproducible.  The
 * state is plain data: copy a struct prng to fork a stream.  Not for
 * cryptography.  Not thread-safe; give each owner its own.
 */

#ifndef ISRLAB_UTIL_PRNG_H
#define ISRLAB_UTIL_PRNG_H

#include <stdint.h>

struct prng {
	uint64_t	s[4];	/* xoshiro256** state; never all zero */
};

/* Seeds P from SEED; every seed, including 0, gives a usable state. */
void prng_seed(struct prng *p, uint64_t seed);

/* Returns the next 64 random bits. */
uint64_t prng_next(struct prng *p);

/* Returns a uniform integer in [0, N), without modulo bias; 0 if N is 0. */
uint64_t prng_below(struct prng *p, uint64_t n);

/* Returns a uniform double in [0, 1) with 53 random bits. */
double prng_unit(struct prng *p);

#endif /* ISRLAB_UTIL_PRNG_H */
