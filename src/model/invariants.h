/*
 * invariants.h - DESIGN.md's replication invariants, checked against the
 * live model state (the chaos checker calls this after every simulator
 * step, so a violation is caught at the step that caused it).
 *
 * DESIGN
 * Which state is the truth for what:
 *  - the controller's metadata log is the history of every partition
 *    registration; the checker replays it into a shadow image of its own,
 *    record by record, so elections (1, 2, 9) and ISR expansions (10) are
 *    judged even when one step appended several records;
 *  - a broker's replica holds its log, HW and role.  A broker acting as
 *    leader may be a zombie (cut off, stale metadata): its epoch is older
 *    than the controller's, and it is judged by its own view;
 *  - the ledger holds the writes producers were told succeeded (5).
 *
 * What is checked here, each number as in DESIGN.md:
 *  1  each leader epoch of a partition has one leader in the metadata log;
 *     epochs never go back (log, replicas' roles, record epochs in a log);
 *     a broker acting as leader does so in an epoch the log gave it;
 *  2  leader in ISR, ISR non-empty, distinct, within the replicas (every
 *     registration the controller ever wrote); under ELR (profile.h: 4.x)
 *     the ISR may be empty while the partition has no leader, and the ELR
 *     holds replicas outside the ISR;
 *  3  HW <= LEO on every replica; a leader's HW <= the LEO of every member
 *     of its maximal ISR (and of the controller's ISR when it is the
 *     current leader); a leader's HW never decreases within its epoch;
 *  4  below the current leader's HW every ISR member holds the leader's
 *     records (offset, epoch, id, payload);
 *  5  every acks=all write in the ledger is on the current leader at its
 *     offset (unless retention dropped it); on a partition that had an
 *     unclean election a missing one is data loss, counted, not violated;
 *  8  a leader's HW never advances while its ISR is below
 *     min.insync.replicas (Kafka 3.7), so acks=all cannot be acknowledged
 *     then (the chaos driver checks the acknowledgements themselves);
 *  9  a new leader comes from the ISR (under ELR: or the ELR; or it is
 *     the last known leader, elected as unclean and so counted), unless the
 *     caller allows unclean elections, and is an active broker;
 *  10 a joining ISR member has reached the leader's HW and the leader's
 *     epoch start offset; HW advances only when every member of the
 *     maximal ISR has fetched in the current epoch;
 *  11 a follower whose fetch was accepted in its leader's current epoch
 *     holds a prefix of the leader's log.
 * 6 (what consumers see) and 7 (convergence after heal) need the client
 * and the schedule; src/sim/chaos.c checks them.
 *
 * Log comparisons are incremental: the state remembers how far each pair
 * of logs was found equal and the record at that point, and starts again
 * from the beginning only when either log was truncated or the leader
 * changed, so a check costs little more than the records added since the
 * last one.  Deleting a topic drops its state; a lagging broker's replica
 * of a deleted topic is not told apart from a new topic of the same name
 * (the chaos schedules never delete topics).
 */
#ifndef ISRLAB_MODEL_INVARIANTS_H
#define ISRLAB_MODEL_INVARIANTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/broker.h"
#include "model/controller.h"
#include "model/image.h"
#include "model/ledger.h"

/* A record remembered by offset, to notice that a log was rewritten
 * below a point already checked. */
struct inv_mark {
	int64_t off;			/* -1: nothing remembered */
	uint64_t id;
	int32_t epoch;
};

/* How far a follower's log was found equal to a leader's. */
struct inv_pair {
	int leader;			/* broker whose log it was compared to */
	int64_t upto;			/* offsets below are equal */
	struct inv_mark ml, mf;		/* record at upto - 1 in each log */
};

/* What the checker remembers of one broker's replica of a partition. */
struct inv_replica {
	bool seen;			/* checked at least once */
	int64_t incarnation;		/* of its broker when last checked */
	enum replica_role role;
	int32_t epoch;			/* leader epoch it believed in */
	int64_t hw;
	int64_t epochs_upto;		/* record epochs checked below this */
	struct inv_mark epochs_mark;	/* record at epochs_upto - 1 */
	struct inv_pair isr_pair;	/* vs the controller's leader (4) */
	struct inv_pair follow_pair;	/* vs the leader it follows (11) */
};

/* An acknowledged record already counted as lost. */
struct inv_lost {
	int64_t offset;
	uint64_t id;
};

struct inv_partition {
	char topic[ISR_TOPIC_MAX + 1];
	int partition;
	int *epoch_leader;		/* leader of each leader epoch (owned) */
	size_t n_epochs, cap_epochs;
	bool unclean;			/* had an unclean election */
	struct inv_replica rep[ISR_NODES]; /* index = broker id */
	/* Invariant 5: ledger entries [0, acked_n) verified on acked_leader
	 * in acked_epoch, whose log still holds acked_mark. */
	int acked_leader;
	int32_t acked_epoch;
	size_t acked_n;
	uint64_t acked_last_id;		/* id of ledger entry acked_n - 1 */
	struct inv_mark acked_mark;
	struct inv_lost *lost;		/* owned */
	size_t n_lost, cap_lost;
};

struct inv_state {
	bool started;			/* a check has run */
	size_t log_pos;			/* metadata records replayed */
	struct image shadow;		/* the replayed registrations */
	struct inv_partition *parts;	/* owned */
	size_t n_parts, cap_parts;
	int64_t lost;			/* acks=all records lost to unclean
					   elections, so far */
	int64_t unclean_elections;	/* seen in the metadata log */
};

/* Makes st ready for a first check of a new cluster. */
void inv_state_init(struct inv_state *st);
/* Frees what st holds and leaves it as inv_state_init would. */
void inv_state_free(struct inv_state *st);

/*
 * Checks every invariant above against the controller, brokers[0..n-1]
 * (broker i + 1 at index i) and the ledger at time now, updating st;
 * returns the number of the first invariant found violated, with a
 * one-line explanation in why, or 0.  unclean_allowed accepts leaders from
 * outside the ISR on any topic (manual unclean elections).
 */
int invariants_check(const struct controller *c, struct broker *const *brokers,
    int n_brokers, const struct ledger *ledger, struct inv_state *st,
    int64_t now, bool unclean_allowed, char *why, size_t len);

/* The checker's record of topic/partition, or NULL. */
const struct inv_partition *inv_state_partition(const struct inv_state *st,
    const char *topic, int partition);

#endif
