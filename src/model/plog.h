/*
 * plog.h - one replica's partition log: records, log end offset and the
 * leader-epoch cache used for truncation.
 *
 * A record keeps the leader epoch it was written in, as Kafka's record
 * batches do; the epoch cache maps each epoch to the offset where it began
 * (LeaderEpochFileCache).  Only the newest `retention` records
 * and at most max_bytes bytes (plog_record_bytes) are kept: older ones are
 * dropped from the front and the log start offset moves up, so memory
 * stays flat under endless produce.
 *
 * Ownership: a log holds records by pointer, each to the record's home:
 * the one copy of it that every log holding it shares, in a record_bytes
 * buffer whose reference count counts the logs and messages holding it.
 * A client's batch is one such buffer: its bytes, then its records'
 * homes (net/batch.c), so a produced record costs its leader one write
 * and each follower an 8-byte slot, not a record of its own in every
 * replica.  Any other record gets a buffer of its own when a leader
 * first appends it (its key and value copied in).  Record bytes are
 * written once and then only read: a leader writes a home when it
 * appends the record, before any message can carry it elsewhere, and
 * from then on every copy of the record (record_copy, fetch responses)
 * and every log that appends such a copy shares it.
 */
#ifndef ISRLAB_MODEL_PLOG_H
#define ISRLAB_MODEL_PLOG_H

#include <stddef.h>
#include <stdint.h>

#define PLOG_NULL_KEY UINT32_MAX	/* key_len of a record without key */
#define EPOCH_UNDEFINED (-1)
#define OFFSET_UNDEFINED (-1)

struct record {
	int32_t epoch;		/* leader epoch that appended it */
	uint32_t key_len;	/* PLOG_NULL_KEY when the key is null */
	uint32_t value_len;
	uint32_t flags;		/* RECORD_DATA_IN_BATCH ... */
	int64_t timestamp;	/* lab time of the produce, ms */
	uint64_t id;		/* producer-assigned id, for loss accounting */
	char *data;		/* the key's bytes, then (record_value) the
				   value's */
	/* The records of a batch a real client produced (src/net) share
	 * that RecordBatch v2 as the client sent it (record_bytes, a
	 * reference each), so consumers get it byte for byte; batch_len is
	 * its length in the batch's first record and 0 in the others.  NULL
	 * for records no client batch brought. */
	uint8_t *batch;
	uint32_t batch_len;
	uint32_t batch_rest;	/* records of its client batch after it */
	/* The record's home (see above), or NULL before any log holds it
	 * and none was made for it; a copy keeps its original's. */
	struct record *home;
};

/* data points into batch, a client's RecordBatch: at the key, or at the
 * value for a null key; a key's value follows its length's varint
 * (record_value).  Only batch holds a reference, and the bytes are
 * counted once, in batch_len. */
#define RECORD_DATA_IN_BATCH 0x1u
/* data points into batch, which here is not a client's RecordBatch but a
 * store of records' bytes, one allocation for several of them (a
 * producer's) or a home with the bytes of its one record (batch_len stays
 * 0): only batch holds a reference, and each record counts its own key
 * and value. */
#define RECORD_DATA_IN_STORE 0x2u
#define RECORD_DATA_SHARED (RECORD_DATA_IN_BATCH | RECORD_DATA_IN_STORE)
/* A home a leader has written: logs share it from then on. */
#define RECORD_PLACED 0x4u

struct epoch_entry {
	int32_t epoch;		/* a leader epoch */
	int64_t start_offset;	/* first offset written in it */
};

struct plog {
	struct record **ring;	/* homes of [log_start, leo), circular; each
				   holds a reference to its home's batch */
	size_t cap;		/* ring capacity: 0 or a power of two */
	size_t head;		/* ring index of log_start */
	int64_t log_start;	/* offset of the oldest kept record */
	int64_t leo;		/* log end offset: next offset to write */
	struct epoch_entry *epochs; /* ascending by epoch and offset */
	size_t n_epochs, cap_epochs;
	int64_t retention;	/* most records kept */
	int64_t max_bytes;	/* most bytes kept, or -1 for no limit */
	size_t bytes;		/* plog_record_bytes of the records kept */
};

/* An empty log keeping at most retention records, with no byte limit. */
void plog_init(struct plog *l, int64_t retention);

/* Keep at most retention records and max_bytes bytes (-1: no byte
 * limit) from now on, dropping the oldest records at once if over. */
void plog_set_limits(struct plog *l, int64_t retention, int64_t max_bytes);

/* What rec costs the log that keeps it: its record, its key and value
 * bytes and its client batch.  Logs sharing a home are each charged for
 * it, so a sum over replicas errs high. */
size_t plog_record_bytes(const struct record *rec);
void plog_free(struct plog *l);

/* Append rec at the log end as its leader does, taking over the caller's
 * references to rec's bytes: rec (the epoch and timestamp the leader gave
 * it) is written to its home, or to a new one when it has none or its
 * home was written before.  Records a new epoch in the cache when
 * rec->epoch is newer than the latest. */
void plog_append(struct plog *l, const struct record *rec);

/* Append rec, a copy of a record of another log (a follower's fetch),
 * sharing its home; as plog_append otherwise. */
void plog_append_copy(struct plog *l, const struct record *rec);

/* The record at offset, or NULL outside [log_start, leo). */
const struct record *plog_get(const struct plog *l, int64_t offset);

/* Drop every record at or above offset, and epoch entries starting there
 * or at the LEO (an offset beyond the LEO truncates to the LEO). */
void plog_truncate(struct plog *l, int64_t offset);

/* Empty the log and start it again at offset (a follower far behind the
 * leader's log start: truncateFullyAndStartAt). */
void plog_reset(struct plog *l, int64_t offset);

/* Record that epoch starts at offset (a new leader does this at once). */
void plog_assign_epoch(struct plog *l, int32_t epoch, int64_t offset);

/* Newest epoch in the cache, or EPOCH_UNDEFINED. */
int32_t plog_latest_epoch(const struct plog *l);

/* Kafka's LeaderEpochFileCache.endOffsetFor: the end offset of epoch and
 * the largest epoch <= epoch actually present (*found_epoch).  Both are
 * UNDEFINED when epoch is newer than anything known. */
int64_t plog_end_offset_for_epoch(const struct plog *l, int32_t epoch,
    int32_t *found_epoch);

/* A buffer of n bytes for a record's data or batch, holding one
 * reference; its bytes must not change once a log or message has it. */
void *record_bytes(size_t n);

/* Take another reference to a record_bytes buffer (NULL is passed on). */
void *record_bytes_ref(void *bytes);

/* Drop a reference to a record_bytes buffer (NULL is ignored); the last
 * one frees it. */
void record_bytes_unref(void *bytes);

/* A record for sending on: the same fields, sharing src's bytes. */
void record_copy(struct record *dst, const struct record *src);

/* record_copy of l's n records from offset into out, the references to
 * a store or batch several of them share taken at once. */
void plog_copy_out(const struct plog *l, int64_t offset, int64_t n,
    struct record *out);

/* Where a read of l up to end (exclusive) must stop so as not to split
 * a client's batch: past end to the end of the batch holding end - 1
 * when that batch ends within limit, else end.  Kafka reads and
 * replicates whole batches. */
int64_t plog_batch_end(const struct plog *l, int64_t end, int64_t limit);

/* Drop rec's references to its bytes (data, batch). */
void record_release(struct record *rec);

/* Bytes a zigzag varint of v >= 0 takes (DefaultRecord's lengths). */
static inline size_t
record_varint_size(uint64_t v)
{
	uint64_t z = v << 1;
	size_t n = 1;

	while (z >= 0x80) {
		z >>= 7;
		n++;
	}
	return n;
}

/* The value bytes of rec. */
static inline const char *
record_value(const struct record *rec)
{
	if (rec->key_len == PLOG_NULL_KEY)
		return rec->data;
	if (rec->flags & RECORD_DATA_IN_BATCH)
		return rec->data + rec->key_len +
		    record_varint_size(rec->value_len);
	return rec->data + rec->key_len;
}

#endif
