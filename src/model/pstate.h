/*
 * pstate.h - idempotent producers' state on a partition leader: for each
 * producer id its epoch, last sequence and last five batches, so that a
 * retried batch is recognised and a gap refused (Kafka's
 * ProducerStateManager and ProducerAppendInfo, storage/.../log/ at 3.7.0).
 *
 * DESIGN
 * Only batches that real clients produced carry a producer id (in their
 * RecordBatch v2 header, kept on the batch's first record, plog.h).  The
 * state is rebuilt from the log whenever a broker becomes leader (as
 * Kafka rebuilds it from the log's batches on load and after
 * truncation), so it survives failover: the new leader holds every batch
 * the ISR held, headers and all.  Pure.
 */
#ifndef ISRLAB_MODEL_PSTATE_H
#define ISRLAB_MODEL_PSTATE_H

#include <stddef.h>
#include <stdint.h>

#include "model/kerr.h"
#include "model/plog.h"

#define PSTATE_BATCHES 5		/* NUM_BATCHES_TO_RETAIN */
#define PSTATE_NO_EPOCH (-1)

struct pstate_batch {
	int32_t first_seq, last_seq;
	int64_t first_offset, last_offset;
};

struct pstate_entry {
	int64_t pid;
	int16_t epoch;
	struct pstate_batch batches[PSTATE_BATCHES];	/* oldest first */
	int n_batches;
};

struct pstate {
	struct pstate_entry *v;		/* owned */
	size_t n, cap;
};

void pstate_free(struct pstate *ps);

/* Forget everything and read the producers of l's records again. */
void pstate_rebuild(struct pstate *ps, const struct plog *l);

/* Whether the n records (client batches on their first records) may be
 * appended: KERR_NONE, INVALID_PRODUCER_EPOCH or
 * OUT_OF_ORDER_SEQUENCE_NUMBER (ProducerAppendInfo.checkProducerEpoch,
 * checkSequence); *dup_first and *dup_last are the offsets the records
 * already have when they repeat one of the producer's last batches
 * (UnifiedLog's findDuplicateBatch), else -1. */
enum kerr pstate_check(const struct pstate *ps, const struct record *recs,
    int n, int64_t *dup_first, int64_t *dup_last);

/* Note the producers of l's records at [from, to) (just appended). */
void pstate_note(struct pstate *ps, const struct plog *l, int64_t from,
    int64_t to);

#endif
