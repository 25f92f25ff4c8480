/*
 * batch.h - RecordBatch v2, the on-disk and on-wire form of records since
 * Kafka 0.11 (DefaultRecordBatch.java, DefaultRecord.java at 3.7.0):
 * reading the batches a producer sends, and writing batches for records
 * that have no client's batch to serve (the console's).
 *
 * Layout (offsets in bytes): baseOffset int64 @0, batchLength int32 @8,
 * partitionLeaderEpoch int32 @12, magic int8 @16 (= 2), crc uint32 @17
 * (CRC-32C of everything from attributes to the end), attributes int16
 * @21, lastOffsetDelta int32 @23, baseTimestamp int64 @27, maxTimestamp
 * int64 @35, producerId int64 @43, producerEpoch int16 @51, baseSequence
 * int32 @53, records count int32 @57, then the records (@61).  baseOffset
 * and partitionLeaderEpoch precede the CRC, so a broker sets them without
 * touching anything the CRC covers; that is all isrlab ever changes in a
 * client's batch.  Pure: libc only.
 */
#ifndef ISRLAB_NET_BATCH_H
#define ISRLAB_NET_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/kerr.h"
#include "model/plog.h"
#include "net/codec.h"

#define BATCH_HEADER 61			/* bytes before the first record */
#define BATCH_OFF_BASE 0		/* baseOffset */
#define BATCH_OFF_EPOCH 12		/* partitionLeaderEpoch */
#define BATCH_OFF_CRC 17
#define BATCH_OFF_ATTRS 21
#define BATCH_COMPRESSION_MASK 0x07	/* attributes: codec */
#define BATCH_CONTROL 0x20		/* attributes: control batch */
#define BATCH_MAX_RECORDS 1000000	/* more in one batch is refused */
#define BATCH_MAX_RATIO 256		/* compressed records per byte, at most */

struct batch_hdr {
	int64_t base_offset;
	int32_t length;			/* batchLength: bytes after @12 */
	int32_t leader_epoch;
	int8_t magic;
	uint32_t crc;
	int16_t attributes;
	int32_t last_offset_delta;
	int64_t base_timestamp, max_timestamp;
	int64_t producer_id;
	int16_t producer_epoch;
	int32_t base_sequence;
	int32_t count;			/* records in the batch */
};

/* Read the batch header at p (len bytes available): 0 and *size (the
 * whole batch, 12 + batchLength), or a Kafka error: CORRUPT_MESSAGE for a
 * short or inconsistent batch or a bad CRC, UNSUPPORTED_FOR_MESSAGE_FORMAT
 * for a magic other than 2 (LogValidator.validateBatch at 3.7.0). */
enum kerr batch_check(const uint8_t *p, size_t len, struct batch_hdr *h,
    size_t *size);

/* The records of the checked batch at p (header h), as
 * isrlab's records appended to *recs (grown through xmalloc).  The batch
 * is copied into a record_bytes buffer, followed by room for the records'
 * homes (model/plog.h); each record takes a reference to that buffer
 * (batch_len set in the first), its timestamp from the batch, and its key
 * and value where they lie in the batch (RECORD_DATA_IN_BATCH).  -1 when
 * a record does not parse (CORRUPT_MESSAGE), with nothing appended.  A
 * compressed batch gives its count of records with null keys and empty
 * values: isrlab keeps the batch whole for clients but does not
 * decompress it for its own console. */
int batch_records(const uint8_t *p, const struct batch_hdr *h,
    struct record **recs, int *n, int *cap);

/* Append to w one batch holding n records from recs (offsets base..,
 * all of leader epoch epoch), CRC and all; for records that came without
 * a client's batch. */
void batch_encode(struct wr *w, int64_t base, int32_t epoch,
    const struct record *recs, int n);

#endif
