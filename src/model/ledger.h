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

#include "model/event.h"
#include "model/ids.h"
#include "model/plog.h"

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
 * acks=0 writes are never acknowledged and are not recorded).  log_start
 * is the leader's log start offset from the produce response: records
 * retention already removed there can no longer be lost, so entries
 * below it are forgotten (the ledger is as bounded as the log). */
void ledger_ack(struct ledger *l, const char *topic, int partition,
    int64_t base, int n, uint64_t first_id, int acks, int64_t log_start);

/* The partition's entries, or NULL. */
struct ledger_partition *ledger_partition(struct ledger *l,
    const char *topic, int partition);

/* Forget a deleted topic. */
void ledger_drop_topic(struct ledger *l, const char *topic);

/* Whether event e calls for a loss check (a truncation, an unclean
 * election), and from which offset and with what words; a deleted topic
 * is forgotten here at once.  Shared by both engines, which then find the
 * current leader's log and call ledger_check_loss. */
bool ledger_loss_trigger(struct ledger *l, const struct event *e,
    int64_t *from, const char **why);

/* Acknowledged records of topic/partition at offset >= from that
 * leader_log (the current leader's log) no longer holds with their id are
 * lost: mark them, and append one EV_DATA_LOSS per run of offsets to out
 * at time now.  Returns how many records were newly lost. */
int64_t ledger_check_loss(struct ledger *l, const char *topic, int partition,
    const struct plog *leader_log, int64_t from, const char *why,
    int64_t now, struct evq *out);

#endif
