/*
 * links.c - the link table.
 */
#include "config.h"

#include <string.h>

#include "model/links.h"

void
links_init(struct links *l)
{
	memset(l, 0, sizeof *l);
}

static bool
valid_node(int n)
{
	return n >= 0 && n < ISR_NODES;
}

bool
links_up(const struct links *l, int a, int b)
{
	if (!valid_node(a) || !valid_node(b))
		return false;
	return a == b || !l->cut[a][b];
}

static bool
is_broker(int n)
{
	return n >= 1 && n <= ISR_MAX_BROKERS;
}

int64_t
links_delay(const struct links *l, int a, int b, int64_t base_ms)
{
	int64_t d = base_ms;

	/* "slow B" delays replication: traffic between B and other brokers.
	 * Heartbeats to the controller and client traffic keep their pace,
	 * so B can fall out of the ISR by lag alone. */
	if (is_broker(a) && is_broker(b))
		d += l->slow_ms[a] + l->slow_ms[b];
	return d;
}

void
links_cut(struct links *l, int a, int b)
{
	if (!valid_node(a) || !valid_node(b) || a == b)
		return;
	l->cut[a][b] = l->cut[b][a] = true;
}

void
links_heal_all(struct links *l)
{
	links_init(l);
}

void
links_heal_node(struct links *l, int n)
{
	int i;

	if (!valid_node(n))
		return;
	for (i = 0; i < ISR_NODES; i++)
		l->cut[n][i] = l->cut[i][n] = false;
	l->slow_ms[n] = 0;
}

void
links_isolate(struct links *l, int b, int n_brokers, bool with_clients)
{
	int i;

	for (i = 1; i <= n_brokers; i++)
		links_cut(l, b, i);
	links_cut(l, b, NODE_CONTROLLER);
	if (with_clients)
		links_cut(l, b, NODE_CLIENTS);
}

void
links_partition(struct links *l, const bool side_a[ISR_NODES],
    const bool side_b[ISR_NODES])
{
	int i, j;

	for (i = 0; i < ISR_NODES; i++) {
		for (j = 0; j < ISR_NODES; j++) {
			if (side_a[i] && side_b[j])
				links_cut(l, i, j);
		}
	}
}

bool
links_isolated(const struct links *l, int b, int n_brokers)
{
	int i;

	if (links_up(l, b, NODE_CONTROLLER))
		return false;
	for (i = 1; i <= n_brokers; i++) {
		if (i != b && links_up(l, b, i))
			return false;
	}
	return true;
}
