/*
 * observe.h - events from what changed between two polls of a real
 * cluster (attach mode, attach.h).
 *
 * An attached isrlab never sees a Kafka event happen; it sees two
 * snapshots a poll apart and names the differences: a leader change, an
 * ISR that shrank or grew, a broker that left or came back to the
 * metadata, a topic that appeared or went.  Each event carries the time of
 * the poll that saw it and says "observed" in its reason, since several
 * changes between two polls collapse into one and their order is lost.
 * What a poll cannot tell (leader epochs, whether an election was clean)
 * is left unknown: epochs -1 (printed "?"), elections marked clean.
 *
 * libc only: the diff is a pure function of the two snapshots, so it is
 * unit-tested without a cluster.
 */
#ifndef ISRLAB_ATTACH_OBSERVE_H
#define ISRLAB_ATTACH_OBSERVE_H

#include <stdint.h>

#include "model/event.h"
#include "model/group.h"
#include "model/snapshot.h"

/* A consumer group as one poll saw it (DescribeConsumerGroups). */
struct observed_group {
	char group[GROUP_ID_MAX + 1];
	enum group_state state;
	int n_members;
	uint64_t members;		/* a hash of its member ids */
};

/* Append to out the events that turn old into new, seen at time now (ms
 * since attaching).  old may be NULL (the first poll: nothing to diff). */
void observe_diff(const struct snapshot *old, const struct snapshot *new,
    int64_t now, struct evq *out);

/* Append to out a note for each group whose state or members changed
 * between two polls (old[0..n_old), new[0..n_new), each sorted by name),
 * one that appeared, and one that went: "observed: group G: Stable ->
 * PreparingRebalance, 2 -> 3 member(s)".  librdkafka 2.0.2 gives no
 * generation, so a rebalance that ended between two polls with the same
 * members in the same state is not seen. */
void observe_groups(const struct observed_group *old, int n_old,
    const struct observed_group *new, int n_new, int64_t now,
    struct evq *out);

/* Whether broker b answers, or is in s's metadata (alive as the
 * cluster reports). */
bool observe_broker_up(const struct snapshot *s, int b);

/* Which of n metadata answers to believe, given the live brokers each
 * lists (bit b: broker b): the set the most answers share; on a tie the
 * one listing fewer brokers, since a broker cut off from the controller
 * (a zombie) answers from a stale image in which the brokers fenced
 * since are still alive; then the first.  -1 when n is 0. */
int observe_pick_view(const uint32_t *alive, int n);

#endif
