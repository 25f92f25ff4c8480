/*
 * acked.h - the writes the attached console's producers were told
 * succeeded, kept until the polls show each one safe or lost.
 *
 * On the embedded cluster the model's ledger (model/ledger.h) sees a
 * replica truncate.  Attached, isrlab sees no truncation: it sees, a
 * poll apart, who leads each partition, its ISR and its high watermark,
 * and it can read records back.  A record broker B acknowledged is
 *   safe   once it is below the HW while B still leads, or read back
 *          from another leader with the same key and value;
 *   lost   when another leader holds a different record at its offset,
 *          or when B is back in the ISR under another leader (a replica
 *          rejoins only once its log matches the leader's, so it has
 *          truncated what the leader lacks) while the offset is still at
 *          or above the HW, on two polls in a row (the HW may lag the
 *          ISR by one poll);
 *   pending otherwise.
 * This is the acks=1 write a zombie leader took, seen gone after the
 * network heals (lab 04).  libc only: judged on images and numbers, so it
 * is unit-tested without a cluster.
 */
#ifndef ISRLAB_ATTACH_ACKED_H
#define ISRLAB_ATTACH_ACKED_H

#include <stddef.h>
#include <stdint.h>

#include "model/event.h"
#include "model/image.h"
#include "model/plog.h"

#define ACKED_MAX 10000		/* entries kept; the older half goes
				   when full */

struct acked {
	char topic[ISR_TOPIC_MAX + 1];
	int partition;
	int64_t offset;
	int broker;			/* the leader that acknowledged it, or
					   -1 when the client did not say */
	int acks;			/* 1 or -1 */
	uint64_t hash;			/* of its key and value */
	int strikes;			/* polls in a row that found it
					   gone from the log */
};

struct acked_list {
	struct acked *v;		/* in acknowledgement order */
	size_t n, cap;
};

enum acked_verdict {
	ACKED_PENDING,			/* keep it, ask again next poll */
	ACKED_SAFE,			/* in the log for good: forget it */
	ACKED_READ_BACK,		/* below another leader's HW: read the
					   record there and compare */
	ACKED_LOST,			/* gone */
};

/* The hash of a record's key (NULL: a null key) and value. */
uint64_t acked_hash(const char *key, size_t key_len, const char *value,
    size_t value_len);
/* The hash of a record read back. */
uint64_t acked_record_hash(const struct record *rec);

/* Append a copy of a (dropping the older half when ACKED_MAX are kept). */
void acked_add(struct acked_list *l, const struct acked *a);
/* Append src's entries to dst and empty src. */
void acked_move(struct acked_list *dst, struct acked_list *src);
void acked_free(struct acked_list *l);

/* What a poll whose cluster image is im and whose high watermark for a's
 * partition is hw (-1: unknown) says of a; counts a->strikes.  A
 * partition gone from im (its topic deleted) is SAFE: nothing is left to
 * lose. */
enum acked_verdict acked_judge(struct acked *a, const struct image *im,
    int64_t hw);

/* Append to out an EV_DATA_LOSS for the lost entries v[0..n) (consecutive
 * offsets of one partition share an event) led now by leader, at time
 * now. */
void acked_loss_events(const struct acked *v, size_t n, int leader,
    int64_t now, struct evq *out);

#endif
