/*
 * ledger.h - every write a producer was told succeeded, so that losing one
 * can be noticed and named.
 *
 * When a replica truncates its log, or a leader is elected without some
 * records, the acknowledged records at those offsets whose id no longer
 * matches the leader's record are lost.  This is how isrlab reports "acks=1
 * write at email.send-0@8 lost" when a crashed leader returns, and how the
 * chaos checker proves that acks=all writes survive clean elections.
 */
#ifndef ISRLAB_MODEL_LEDGER_H
#define ISRLAB_MODEL_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/ids.h"

struct ledger_entry {
	int64_t offset;
	uint64_t id;			/* record id the producer gave it */
	int acks;			/* 1 or -1 */
	bool lost;			/* already reported lost */
};

struct ledger_partition {
	char topic[ISR_TOPIC_MAX + 1];
	int partition;
	struct ledger_entry *v;		/* in acknowledgement order */
	size_t n, cap;
	int64_t produced;		/* records acknowledged (any acks) */
};

struct ledger {
	struct ledger_partition *parts;
	size_t n_parts, cap_parts;
	size_t max_entries;		/* per partition; oldest dropped */
};

void ledger_init(struct ledger *l, size_t max_entries);
void ledger_free(struct ledger *l);

/* Record n acknowledged records at base, ids first_id.. (acks 1 or -1;
 * acks=0 writes are never acknowledged and are not recorded). */
void ledger_ack(struct ledger *l, const char *topic, int partition,
    int64_t base, int n, uint64_t first_id, int acks);

/* The partition's entries, or NULL. */
struct ledger_partition *ledger_partition(struct ledger *l,
    const char *topic, int partition);

/* Records acknowledged for topic, all partitions. */
int64_t ledger_produced(const struct ledger *l, const char *topic);

/* Forget a deleted topic. */
void ledger_drop_topic(struct ledger *l, const char *topic);

#endif
