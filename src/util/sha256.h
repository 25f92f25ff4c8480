/*
 * sha256.h - SHA-256 (FIPS 180-4), for the checksums at the end of an
 * exported session log.
 *
 * A small implementation of our own rather than libcrypto, to keep the
 * dependency list at the design card's.  Streaming: init, update any number
 * of times, final.  Not constant-time and not meant for secrets: isrlab
 * uses it to notice edited files, nothing more.
 */
#ifndef ISRLAB_UTIL_SHA256_H
#define ISRLAB_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN	32		/* digest bytes */
#define SHA256_HEX_LEN	64		/* digest as lower-case hex */

struct sha256 {
	uint32_t	h[8];		/* the chaining state */
	uint64_t	bits;		/* message length so far, in bits */
	unsigned char	buf[64];	/* a partial block */
	size_t		n;		/* bytes in buf */
};

void sha256_init(struct sha256 *ctx);
void sha256_update(struct sha256 *ctx, const void *data, size_t len);
/* Finish and write the digest; ctx must be initialised again for reuse. */
void sha256_final(struct sha256 *ctx, unsigned char out[SHA256_LEN]);

/* The digest of len bytes at data as 64 hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN + 1]);
/* Turn a digest into 64 hex digits and a NUL. */
void sha256_to_hex(const unsigned char d[SHA256_LEN],
    char out[SHA256_HEX_LEN + 1]);

#endif /* ISRLAB_UTIL_SHA256_H */
