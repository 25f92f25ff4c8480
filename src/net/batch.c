/*
 * batch.c - RecordBatch v2 (see batch.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "net/batch.h"
#include "util/xmalloc.h"

#define KERR_CORRUPT_MESSAGE 2
#define KERR_UNSUPPORTED_FOR_MESSAGE_FORMAT 43

enum kerr
batch_check(const uint8_t *p, size_t len, struct batch_hdr *h, size_t *size)
{
	struct rd r;
	size_t left;

	if (len < BATCH_HEADER)
		return KERR_CORRUPT_MESSAGE;
	rd_init(&r, p, len);
	h->base_offset = rd_i64(&r);
	h->length = rd_i32(&r);
	h->leader_epoch = rd_i32(&r);
	h->magic = rd_i8(&r);
	h->crc = (uint32_t)rd_i32(&r);
	h->attributes = rd_i16(&r);
	h->last_offset_delta = rd_i32(&r);
	h->base_timestamp = rd_i64(&r);
	h->max_timestamp = rd_i64(&r);
	h->producer_id = rd_i64(&r);
	h->producer_epoch = rd_i16(&r);
	h->base_sequence = rd_i32(&r);
	h->count = rd_i32(&r);
	if (h->magic != 2)
		return KERR_UNSUPPORTED_FOR_MESSAGE_FORMAT;
	if (h->length < BATCH_HEADER - 12 ||
	    (size_t)h->length > len - 12 ||
	    h->count < 0 || h->count > BATCH_MAX_RECORDS ||
	    h->last_offset_delta != h->count - 1 ||
	    (h->attributes & BATCH_CONTROL) != 0)
		return KERR_CORRUPT_MESSAGE;
	*size = 12 + (size_t)h->length;
	/* A record takes at least 7 bytes (DefaultRecord's seven varints);
	 * compressed, no codec packs more than BATCH_MAX_RATIO records per
	 * byte.  So a few bytes never claim a million records (each becomes
	 * one of isrlab's records: memory a client must pay for). */
	left = *size - BATCH_HEADER;
	if ((h->attributes & BATCH_COMPRESSION_MASK) == 0 ?
	    (size_t)h->count * 7 > left :
	    (size_t)h->count > left * BATCH_MAX_RATIO)
		return KERR_CORRUPT_MESSAGE;
	if (crc32c(0, p + BATCH_OFF_ATTRS, *size - BATCH_OFF_ATTRS) != h->crc)
		return KERR_CORRUPT_MESSAGE;
	return KERR_NONE;
}

/* A varint length then that many bytes; NULL for -1. */
static const uint8_t *
rd_varbytes(struct rd *r, int64_t *n)
{
	const uint8_t *p;

	*n = rd_varint(r);
	if (r->bad || *n == -1)
		return NULL;
	if (*n < 0 || (uint64_t)*n > rd_left(r)) {
		r->bad = true;
		return NULL;
	}
	p = r->p + r->off;
	rd_skip(r, (size_t)*n);
	return p;
}

int
batch_records(const uint8_t *p, const struct batch_hdr *h,
    struct record **recs, int *n, int *cap)
{
	size_t size = 12 + (size_t)h->length;
	/* One buffer: the batch's bytes, then its records' homes. */
	size_t at = (size + _Alignof(struct record) - 1) &
	    ~(_Alignof(struct record) - 1);
	uint8_t *batch = record_bytes(at + (size_t)h->count *
	    sizeof(struct record));
	struct record *homes = (struct record *)(void *)(batch + at);
	struct rd r;
	int i;

	memcpy(batch, p, size);
	if (*n + h->count > *cap) {
		*cap = *n + h->count + 16;
		*recs = xreallocarray(*recs, (size_t)*cap, sizeof **recs);
	}
	rd_init(&r, batch + BATCH_HEADER, size - BATCH_HEADER);
	for (i = 0; i < h->count; i++) {
		struct record *rec = &(*recs)[*n + i];
		const uint8_t *key = NULL, *value = NULL;
		int64_t len, klen = -1, vlen = 0, ts = 0, nh, j, hl;
		size_t end;

		memset(rec, 0, sizeof *rec);
		if ((h->attributes & BATCH_COMPRESSION_MASK) == 0) {
			/* DefaultRecord: length, attributes, timestampDelta,
			 * offsetDelta, key, value, headers. */
			len = rd_varint(&r);
			if (r.bad || len < 0 || (uint64_t)len > rd_left(&r))
				goto bad;
			end = r.off + (size_t)len;
			(void)rd_i8(&r);
			ts = rd_varint(&r);
			if (rd_varint(&r) != i)
				goto bad;
			key = rd_varbytes(&r, &klen);
			value = rd_varbytes(&r, &vlen);
			nh = rd_varint(&r);
			if (nh < 0 || (uint64_t)nh > rd_left(&r))
				goto bad;
			for (j = 0; j < nh && !r.bad; j++) {
				rd_varbytes(&r, &hl);
				rd_varbytes(&r, &hl);
			}
			if (r.bad || r.off != end)
				goto bad;
			if (value == NULL)
				vlen = 0;
		}
		rec->key_len = key == NULL ? PLOG_NULL_KEY : (uint32_t)klen;
		rec->value_len = (uint32_t)vlen;
		rec->timestamp = h->base_timestamp + ts;
		rec->batch_rest = (uint32_t)(h->count - 1 - i);
		/* Key and value as they lie in the batch (a compressed
		 * batch's records: no key, an empty value at its start). */
		rec->flags = RECORD_DATA_IN_BATCH;
		rec->data = (char *)(key != NULL ? key : value != NULL ?
		    value : batch);
		rec->home = &homes[i];
		homes[i].flags = 0;	/* not yet written (plog_append) */
	}
	if ((h->attributes & BATCH_COMPRESSION_MASK) == 0 && rd_left(&r) != 0)
		goto bad;
	for (i = 0; i < h->count; i++)
		(*recs)[*n + i].batch = record_bytes_ref(batch);
	if (h->count > 0)
		(*recs)[*n].batch_len = (uint32_t)size;
	*n += h->count;
	record_bytes_unref(batch);
	return 0;
bad:
	record_bytes_unref(batch);	/* no record took a reference */
	return -1;
}

void
batch_encode(struct wr *w, int64_t base, int32_t epoch,
    const struct record *recs, int n)
{
	struct wr body = WR_INIT;
	size_t start = w->len;
	int64_t ts0 = n > 0 ? recs[0].timestamp : 0, tsmax = ts0;
	int i;

	for (i = 0; i < n; i++) {
		const struct record *rec = &recs[i];
		struct wr one = WR_INIT;
		bool has_key = rec->key_len != PLOG_NULL_KEY;
		uint32_t kl = has_key ? rec->key_len : 0;

		if (rec->timestamp > tsmax)
			tsmax = rec->timestamp;
		wr_i8(&one, 0);				/* attributes */
		wr_varint(&one, rec->timestamp - ts0);
		wr_varint(&one, i);			/* offsetDelta */
		wr_varint(&one, has_key ? (int64_t)kl : -1);
		if (has_key)
			wr_raw(&one, rec->data, kl);
		wr_varint(&one, rec->value_len);
		wr_raw(&one, record_value(rec), rec->value_len);
		wr_varint(&one, 0);			/* headers */
		wr_varint(&body, (int64_t)one.len);
		wr_raw(&body, one.p, one.len);
		wr_free(&one);
	}
	wr_i64(w, base);
	wr_i32(w, (int32_t)(BATCH_HEADER - 12 + body.len));
	wr_i32(w, epoch);
	wr_i8(w, 2);
	wr_i32(w, 0);				/* CRC, below */
	wr_i16(w, 0);				/* attributes: none */
	wr_i32(w, n - 1);
	wr_i64(w, ts0);
	wr_i64(w, tsmax);
	wr_i64(w, -1);				/* producerId */
	wr_i16(w, -1);
	wr_i32(w, -1);
	wr_i32(w, n);
	wr_raw(w, body.p, body.len);
	wr_free(&body);
	be32_put(w->p + start + BATCH_OFF_CRC, crc32c(0, w->p + start +
	    BATCH_OFF_ATTRS, w->len - start - BATCH_OFF_ATTRS));
}
