/*
 * links.h - which node can reach which, and how slowly.
 *
 * Pure data, shared by the simulator and the threaded runtime so that both
 * deliver messages by the same rules.  A link is symmetric: cutting 1-2
 * stops traffic both ways, as a real network partition does.  Delivery
 * between two up nodes over an uncut link takes the base network delay
 * plus any "slow" delay added to either end for replication traffic.
 */
#ifndef ISRLAB_MODEL_LINKS_H
#define ISRLAB_MODEL_LINKS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/ids.h"

struct links {
	bool cut[ISR_NODES][ISR_NODES];	/* symmetric */
	int64_t slow_ms[ISR_NODES];	/* extra delay to and from a broker on
					   broker-to-broker links */
};

void links_init(struct links *l);

/* Whether a message from a can reach b. */
bool links_up(const struct links *l, int a, int b);

/* One-way delay from a to b, given the base delay. */
int64_t links_delay(const struct links *l, int a, int b, int64_t base_ms);

void links_cut(struct links *l, int a, int b);
void links_heal_all(struct links *l);
/* Heal every link of node n, and its slowness. */
void links_heal_node(struct links *l, int n);

/* isolate B: cut B from every broker and the controller, and from the
 * clients too when with_clients. */
void links_isolate(struct links *l, int b, int n_brokers, bool with_clients);

/* partition: cut every link between a node in side_a and one in side_b.
 * Nodes are flagged in the arrays (index = node id). */
void links_partition(struct links *l, const bool side_a[ISR_NODES],
    const bool side_b[ISR_NODES]);

/* Whether b has no link at all to the other brokers or the controller. */
bool links_isolated(const struct links *l, int b, int n_brokers);

#endif
