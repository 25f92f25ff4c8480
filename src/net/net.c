/*
 * net.c - starting and stopping the wire layer: one struct net_broker per
 * broker, bound to its thread through the runtime's wire hooks (see
 * net.h).
 */
#include "config.h"

#include <stdlib.h>

#include <event2/event.h>

#include "net/net-int.h"
#include "runtime/runtime.h"
#include "util/xmalloc.h"

/* @thread broker b */
static void
net_hook_turn(void *ctx, int b, struct event_base *base, struct broker *br,
    int64_t now)
{
	struct net_broker *nb = &((struct net *)ctx)->b[b];

	nb->base = base;
	nb->br = br;
	net_broker_turn(nb, now);
}

/* @thread broker b */
static void
net_hook_reply(void *ctx, int b, struct msg *m, int64_t now)
{
	net_conn_reply(&((struct net *)ctx)->b[b], m, now);
}

/* @thread broker b */
static void
net_hook_detach(void *ctx, int b)
{
	struct net_broker *nb = &((struct net *)ctx)->b[b];

	net_broker_close(nb, "the lab ended");
	if (nb->timer != NULL)
		event_free(nb->timer);
	nb->timer = NULL;
}

static const struct rt_wire_hooks net_hooks = {
	.turn = net_hook_turn,
	.reply = net_hook_reply,
	.detach = net_hook_detach,
};

struct net *
net_start(struct engine *e, const int ports[ISR_NODES])
{
	struct net *n = xcalloc(1, sizeof *n);
	int b;

	crc32c_init();		/* before the broker threads use it */
	n->e = e;
	n->n = e->n_brokers;
	atomic_init(&n->next_producer_id, 1000);
	for (b = 1; b <= n->n; b++) {
		n->b[b].net = n;
		n->b[b].id = b;
		n->b[b].port = ports[b];
	}
	runtime_wire_set(e, &net_hooks, n);
	return n;
}

void
net_stop(struct net *n)
{
	if (n == NULL)
		return;
	runtime_wire_set(n->e, NULL, NULL);
	free(n);
}
