/*
 * codec.c - Kafka's wire primitives (see codec.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/codec.h"
#include "util/xmalloc.h"

void
rd_init(struct rd *r, const void *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->off = 0;
	r->bad = false;
}

/* The next n bytes, or NULL (and bad) when fewer are left. */
static const uint8_t *
rd_take(struct rd *r, size_t n)
{
	const uint8_t *p;

	if (r->bad || n > r->len - r->off) {
		r->bad = true;
		return NULL;
	}
	p = r->p + r->off;
	r->off += n;
	return p;
}

uint32_t
be32_get(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

void
be32_put(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

uint64_t
be64_get(const uint8_t *p)
{
	return (uint64_t)be32_get(p) << 32 | be32_get(p + 4);
}

void
be64_put(uint8_t *p, uint64_t v)
{
	be32_put(p, (uint32_t)(v >> 32));
	be32_put(p + 4, (uint32_t)v);
}

int8_t
rd_i8(struct rd *r)
{
	const uint8_t *p = rd_take(r, 1);

	return p != NULL ? (int8_t)p[0] : 0;
}

int16_t
rd_i16(struct rd *r)
{
	const uint8_t *p = rd_take(r, 2);

	return p != NULL ? (int16_t)((uint16_t)p[0] << 8 | p[1]) : 0;
}

int32_t
rd_i32(struct rd *r)
{
	const uint8_t *p = rd_take(r, 4);

	return p != NULL ? (int32_t)be32_get(p) : 0;
}

int64_t
rd_i64(struct rd *r)
{
	const uint8_t *p = rd_take(r, 8);

	return p != NULL ? (int64_t)be64_get(p) : 0;
}

int64_t
rd_varint(struct rd *r)
{
	const uint8_t *p = r->p + r->off, *end = r->p + r->len;
	uint64_t v = 0;
	int shift;

	/* At most 10 bytes (ByteUtils.readVarlong).  Read in place: a
	 * record's fields are mostly one-byte varints, a produce's are read
	 * by the million. */
	for (shift = 0; !r->bad && shift < 70 && p < end; shift += 7) {
		uint8_t b = *p++;

		v |= (uint64_t)(b & 0x7f) << shift;
		if ((b & 0x80) == 0) {
			r->off = (size_t)(p - r->p);
			return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
		}
	}
	r->bad = true;
	return 0;
}

int32_t
rd_array(struct rd *r, int32_t max)
{
	int32_t n = rd_i32(r);

	if (n < -1 || n > max)
		r->bad = true;
	return r->bad ? 0 : n;
}

int
rd_string(struct rd *r, char *buf, size_t cap, bool *is_null)
{
	int16_t n = rd_i16(r);
	const uint8_t *p;

	if (is_null != NULL)
		*is_null = n == -1;
	buf[0] = '\0';
	if (r->bad || n == -1)
		return 0;
	if (n < 0 || (size_t)n >= cap || (p = rd_take(r, (size_t)n)) == NULL) {
		r->bad = true;
		return 0;
	}
	memcpy(buf, p, (size_t)n);
	buf[n] = '\0';
	return n;
}

const uint8_t *
rd_bytes(struct rd *r, int32_t *len)
{
	int32_t n = rd_i32(r);

	*len = -1;
	if (r->bad || n == -1)
		return NULL;
	if (n < 0) {
		r->bad = true;
		return NULL;
	}
	*len = n;
	return rd_take(r, (size_t)n);
}

void
rd_skip(struct rd *r, size_t n)
{
	(void)rd_take(r, n);
}

size_t
rd_left(const struct rd *r)
{
	return r->bad ? 0 : r->len - r->off;
}

static uint8_t *
wr_room(struct wr *w, size_t n)
{
	uint8_t *p;

	if (w->cap - w->len < n) {
		size_t cap = w->cap ? w->cap : 256;

		while (cap - w->len < n)
			cap *= 2;
		w->p = xrealloc(w->p, cap);
		w->cap = cap;
	}
	p = w->p + w->len;
	w->len += n;
	return p;
}

void
wr_i8(struct wr *w, int8_t v)
{
	*wr_room(w, 1) = (uint8_t)v;
}

void
wr_i16(struct wr *w, int16_t v)
{
	uint8_t *p = wr_room(w, 2);

	p[0] = (uint8_t)((uint16_t)v >> 8);
	p[1] = (uint8_t)v;
}

void
wr_i32(struct wr *w, int32_t v)
{
	be32_put(wr_room(w, 4), (uint32_t)v);
}

void
wr_i64(struct wr *w, int64_t v)
{
	be64_put(wr_room(w, 8), (uint64_t)v);
}

void
wr_varint(struct wr *w, int64_t v)
{
	uint64_t z = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);

	while (z >= 0x80) {
		wr_i8(w, (int8_t)(z | 0x80));
		z >>= 7;
	}
	wr_i8(w, (int8_t)z);
}

void
wr_string(struct wr *w, const char *s)
{
	size_t n;

	if (s == NULL) {
		wr_i16(w, -1);
		return;
	}
	n = strlen(s);
	if (n > INT16_MAX)
		n = INT16_MAX;
	wr_i16(w, (int16_t)n);
	wr_raw(w, s, n);
}

void
wr_bytes(struct wr *w, const void *p, int32_t len)
{
	wr_i32(w, p == NULL ? -1 : len);
	if (p != NULL)
		wr_raw(w, p, (size_t)len);
}

void
wr_raw(struct wr *w, const void *p, size_t len)
{
	if (len > 0)
		memcpy(wr_room(w, len), p, len);
}

size_t
wr_hole(struct wr *w, size_t n)
{
	size_t at = w->len;

	memset(wr_room(w, n), 0, n);
	return at;
}

void
wr_put_i32(struct wr *w, size_t at, int32_t v)
{
	be32_put(w->p + at, (uint32_t)v);
}

void
wr_free(struct wr *w)
{
	free(w->p);
	w->p = NULL;
	w->len = w->cap = 0;
}

/* CRC-32C, reflected polynomial 0x82f63b78, slicing by 8 (Crc32C.java
 * computes the same). */
static uint32_t crc32c_table[8][256];
static bool crc32c_ready;

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CRC32C_HW
/* SSE 4.2's crc32 instruction computes CRC-32C itself, eight bytes per
 * instruction: every batch a producer sends is checked whole, and at a
 * megabyte a batch the tables cost more than anything else of a
 * produce's own work. */
static bool crc32c_hw;

__attribute__((target("sse4.2"))) static uint32_t
crc32c_sse42(uint32_t crc, const uint8_t *p, size_t len)
{
	uint64_t c = crc, v;

	for (; len > 0 && ((uintptr_t)p & 7) != 0; len--)
		c = __builtin_ia32_crc32qi((uint32_t)c, *p++);
	for (; len >= 8; len -= 8, p += 8) {
		memcpy(&v, p, 8);
		c = __builtin_ia32_crc32di(c, v);
	}
	for (; len > 0; len--)
		c = __builtin_ia32_crc32qi((uint32_t)c, *p++);
	return (uint32_t)c;
}
#endif

void
crc32c_init(void)
{
	uint32_t c;
	int i, j, k;

	for (i = 0; i < 256; i++) {
		c = (uint32_t)i;
		for (j = 0; j < 8; j++)
			c = c & 1 ? c >> 1 ^ 0x82f63b78u : c >> 1;
		crc32c_table[0][i] = c;
	}
	for (i = 0; i < 256; i++) {
		c = crc32c_table[0][i];
		for (k = 1; k < 8; k++) {
			c = crc32c_table[0][c & 0xff] ^ c >> 8;
			crc32c_table[k][i] = c;
		}
	}
#ifdef CRC32C_HW
	__builtin_cpu_init();
	crc32c_hw = __builtin_cpu_supports("sse4.2");
#endif
	crc32c_ready = true;
}

/* The tables' CRC-32C, for any machine. */
static uint32_t
crc32c_sw(uint32_t crc, const uint8_t *p, size_t len)
{
	while (len >= 8) {
		crc ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		crc = crc32c_table[7][crc & 0xff] ^
		    crc32c_table[6][crc >> 8 & 0xff] ^
		    crc32c_table[5][crc >> 16 & 0xff] ^
		    crc32c_table[4][crc >> 24] ^
		    crc32c_table[3][p[4]] ^ crc32c_table[2][p[5]] ^
		    crc32c_table[1][p[6]] ^ crc32c_table[0][p[7]];
		p += 8;
		len -= 8;
	}
	while (len-- > 0)
		crc = crc32c_table[0][(crc ^ *p++) & 0xff] ^ crc >> 8;
	return crc;
}

uint32_t
crc32c(uint32_t crc, const void *buf, size_t len)
{
	if (!crc32c_ready)
		crc32c_init();
#ifdef CRC32C_HW
	if (crc32c_hw)
		return ~crc32c_sse42(~crc, buf, len);
#endif
	return ~crc32c_sw(~crc, buf, len);
}

uint32_t
crc32c_portable(uint32_t crc, const void *buf, size_t len)
{
	if (!crc32c_ready)
		crc32c_init();
	return ~crc32c_sw(~crc, buf, len);
}
