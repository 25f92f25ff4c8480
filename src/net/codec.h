/*
 * codec.h - Kafka's wire primitives: big-endian integers, strings, byte
 * arrays and arrays with int32 lengths (the non-flexible encodings), the
 * zig-zag varints of RecordBatch v2, and CRC-32C.
 *
 * DESIGN
 * isrlab speaks only non-flexible versions (no tagged fields, no compact
 * lengths), so the few primitives of Kafka's "Protocol Primitive Types"
 * (clients/src/main/resources/common/message/README.md at 3.7.0) are all
 * a request or response needs.  A reader never fails loudly: the first
 * read past the end, or a length that cannot be right, sets rd->bad and
 * every later read returns zero, so a decoder reads its fields straight
 * through and checks rd->bad once at the end.  A writer grows through
 * xmalloc and never fails.  Pure: no I/O, no libevent (the fuzz target
 * links it alone).
 */
#ifndef ISRLAB_NET_CODEC_H
#define ISRLAB_NET_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reading a request (or a record batch) held whole in memory. */
struct rd {
	const uint8_t *p;
	size_t len, off;
	bool bad;		/* a read went past the end or was invalid */
};

void rd_init(struct rd *r, const void *p, size_t len);
int8_t rd_i8(struct rd *r);
int16_t rd_i16(struct rd *r);
int32_t rd_i32(struct rd *r);
int64_t rd_i64(struct rd *r);
/* A zig-zag varint (RecordBatch v2 records). */
int64_t rd_varint(struct rd *r);
/* An array length: -1 (null) or 0..max, else bad. */
int32_t rd_array(struct rd *r, int32_t max);
/* A string (int16 length) into buf of size cap, NUL-terminated; a null
 * string (-1) reads as "" and sets *is_null when given; longer than
 * cap - 1 is bad.  Returns its length. */
int rd_string(struct rd *r, char *buf, size_t cap, bool *is_null);
/* Bytes (int32 length): a pointer into the request and the length, -1
 * for null; bad when they run past the end. */
const uint8_t *rd_bytes(struct rd *r, int32_t *len);
/* Skip n bytes. */
void rd_skip(struct rd *r, size_t n);
/* Bytes left unread. */
size_t rd_left(const struct rd *r);

/* Writing a response. */
struct wr {
	uint8_t *p;
	size_t len, cap;
};

#define WR_INIT { NULL, 0, 0 }

void wr_i8(struct wr *w, int8_t v);
void wr_i16(struct wr *w, int16_t v);
void wr_i32(struct wr *w, int32_t v);
void wr_i64(struct wr *w, int64_t v);
void wr_varint(struct wr *w, int64_t v);
/* A string; NULL writes a null string (length -1). */
void wr_string(struct wr *w, const char *s);
void wr_bytes(struct wr *w, const void *p, int32_t len);
void wr_raw(struct wr *w, const void *p, size_t len);
/* Reserve n bytes now (e.g. a length or count known later); returns
 * their position for wr_put_i32. */
size_t wr_hole(struct wr *w, size_t n);
void wr_put_i32(struct wr *w, size_t at, int32_t v);
void wr_free(struct wr *w);

/* CRC-32C (Castagnoli) of len bytes, continuing from crc (0 to start):
 * RecordBatch v2's checksum, with SSE 4.2's crc32 where the processor
 * has it.  crc32c_init fills its table and looks at the processor; call
 * it once before threads use crc32c (crc32c also does on first use). */
void crc32c_init(void);
uint32_t crc32c(uint32_t crc, const void *p, size_t len);
/* The same from the tables alone, whatever the machine offers (for the
 * tests, which hold the two to one another). */
uint32_t crc32c_portable(uint32_t crc, const void *p, size_t len);

/* Big-endian loads and stores for fields patched in place. */
uint32_t be32_get(const uint8_t *p);
void be32_put(uint8_t *p, uint32_t v);
uint64_t be64_get(const uint8_t *p);
void be64_put(uint8_t *p, uint64_t v);

#endif
