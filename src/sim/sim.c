/*
 * sim.c - the discrete-event simulator (see sim.h for the design).
 *
 * Nodes are addressed by node id (controller 0, brokers 1..9) and, for
 * clients, by NODE_CLIENTS plus the client's handle carried in each
 * message.  The loop pops the earliest item, hands it to its node, then
 * routes what the node queued (route_outbox) and reschedules the node's
 * next tick.  Events the nodes emit are drained into the journal after
 * every step; a truncation or unclean election is checked against the
 * ledger there, which is how lost acknowledged writes are reported.
 *
 * The journal ring (model/journal.c), the loss check (ledger_check_loss in
 * model/ledger.c), bouncing (msg_bounce in model/msg.c), fault handling
 * (engine/fault.c), admin requests (engine/admin.c) and the timeline of
 * what is due when (engine/timeline.c) are shared with the threaded
 * runtime, which delivers by the same rules.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/admin.h"
#include "engine/fault.h"
#include "engine/timeline.h"
#include "model/alarms.h"
#include "model/journal.h"
#include "model/snapshot.h"
#include "sim/sim.h"
#include "util/prng.h"
#include "util/xmalloc.h"

#define NEVER INT64_MAX
#define LEDGER_MAX 200000		/* acked records kept per partition */
#define CLIENT_SLOT(h) (ISR_NODES + (h))	/* tick slot of client h */
#define MONITOR_SLOT (ISR_NODES + SIM_MAX_CLIENTS)	/* the alarm scrape */
#define MONITOR_INTERVAL_MS 1000

struct sim {
	struct engine engine;		/* first: engine_of() casts back */
	struct settings settings;
	int n;
	struct controller *ctrl;
	struct broker *brokers[ISR_MAX_BROKERS];
	enum broker_state last_state[ISR_NODES];
	struct client *clients[SIM_MAX_CLIENTS];
	struct links links;
	struct prng prng;
	int64_t now;

	struct timeline due;		/* deliveries and ticks */
	int64_t tick_at[MONITOR_SLOT + 1];
	int64_t link_last[ISR_NODES][ISR_NODES]; /* FIFO per link */

	struct journal journal;
	struct ledger ledger;
	struct alarms alarms;		/* the lecture's monitoring alarms */

	bool (*observer)(struct sim *, void *);
	void *observer_arg;
	bool stopped;

	void (*outside)(struct msg *, void *);	/* sim_set_outside */
	void *outside_arg;
};

static const struct engine_ops sim_engine_ops;

/* --- Journal and ledger --------------------------------------------- */

/* A truncation or unclean election: acknowledged records the current
 * leader no longer holds become data loss (model/ledger.c). */
static void
sim_check_loss(struct sim *sim, const struct event *e, struct evq *out)
{
	const struct partition_reg *reg;
	const struct replica *lr;
	const char *why;
	int64_t from;

	if (!ledger_loss_trigger(&sim->ledger, e, &from, &why))
		return;
	reg = image_partition(&sim->ctrl->image, e->topic, e->partition);
	if (reg == NULL || reg->leader == ISR_NO_LEADER)
		return;
	lr = broker_replica(sim->brokers[reg->leader - 1], e->topic,
	    e->partition);
	if (lr != NULL)
		ledger_check_loss(&sim->ledger, e->topic, e->partition,
		    &lr->log, from, why, sim->now, out);
}

static void
drain_events(struct sim *sim, struct evq *q)
{
	struct evq loss = { 0 };
	size_t i, j;

	for (i = 0; i < q->n; i++) {
		journal_add(&sim->journal, &q->v[i]);
		sim_check_loss(sim, &q->v[i], &loss);
		for (j = 0; j < loss.n; j++)
			journal_add(&sim->journal, &loss.v[j]);
		evq_clear(&loss);
	}
	evq_free(&loss);
	evq_clear(q);
}

/* --- Routing -------------------------------------------------------- */

/* Whether the node m is for takes it (see broker_accepts). */
static bool
node_accepts(const struct sim *sim, const struct msg *m)
{
	if (m->to >= 1 && m->to <= sim->n)
		return broker_accepts(sim->brokers[m->to - 1], m);
	return m->to == NODE_CONTROLLER || m->to == NODE_CLIENTS;
}

static void
deliver_later(struct sim *sim, struct msg *m, int64_t delay)
{
	int64_t t = sim->now + delay;

	if (t < sim->link_last[m->from][m->to])
		t = sim->link_last[m->from][m->to];	/* TCP keeps order */
	sim->link_last[m->from][m->to] = t;
	timeline_push(&sim->due, t, m, -1);
}

/* Send m through the network: dropped on a cut link, bounced as
 * UNREACHABLE when the destination process is down, else delivered. */
static void
route(struct sim *sim, struct msg *m)
{
	int64_t delay = links_delay(&sim->links, m->from, m->to,
	    sim->settings.network_delay_ms);

	if (m->to != NODE_CLIENTS && (m->to < 0 || m->to > sim->n)) {
		msg_free(m);
		return;
	}
	if (!links_up(&sim->links, m->from, m->to)) {
		msg_free(m);
		return;
	}
	deliver_later(sim, m, delay);
}

static void
route_outbox(struct sim *sim, struct outbox *o, int client_handle)
{
	struct msg **v;
	size_t n, i;

	v = outbox_take(o, &n);
	for (i = 0; i < n; i++) {
		if (client_handle >= 0)
			v[i]->client_id = client_handle;
		route(sim, v[i]);
	}
	free(v);
}

static void
schedule_tick(struct sim *sim, int slot, int64_t due)
{
	if (due == NEVER)
		return;
	if (due <= sim->now)
		due = sim->now;
	if (due >= sim->tick_at[slot])
		return;
	sim->tick_at[slot] = due;
	timeline_push(&sim->due, due, NULL, slot);
}

/* After node `slot` ran: route its messages, journal its events, and
 * schedule its next tick. */
static void
settle(struct sim *sim, int slot)
{
	if (slot == NODE_CONTROLLER) {
		route_outbox(sim, &sim->ctrl->out, -1);
		drain_events(sim, &sim->ctrl->events);
		schedule_tick(sim, slot, controller_next_deadline(sim->ctrl));
	} else if (slot >= 1 && slot <= sim->n) {
		struct broker *b = sim->brokers[slot - 1];

		route_outbox(sim, &b->out, -1);
		fault_broker_settled(b, &sim->last_state[slot], sim->now,
		    &b->events);
		drain_events(sim, &b->events);
		schedule_tick(sim, slot, broker_next_deadline(b));
	} else if (slot >= ISR_NODES) {
		struct client *c = sim->clients[slot - ISR_NODES];

		if (c == NULL)
			return;
		route_outbox(sim, &c->out, slot - ISR_NODES);
		drain_events(sim, &c->events);
		schedule_tick(sim, slot, client_next_deadline(c));
	}
}

static void
bounce(struct sim *sim, struct msg *m)
{
	/* The sender learns at once that the connection was refused. */
	struct msg *b = msg_bounce(m);

	if (b == NULL)
		return;
	if (links_up(&sim->links, b->from, b->to))
		deliver_later(sim, b, sim->settings.network_delay_ms);
	else
		msg_free(b);
}

static void
deliver(struct sim *sim, struct msg *m)
{
	int slot;

	if (!node_accepts(sim, m)) {
		bounce(sim, m);
		return;
	}
	if (m->to == NODE_CONTROLLER) {
		controller_step(sim->ctrl, m, sim->now);
		slot = NODE_CONTROLLER;
	} else if (m->to == NODE_CLIENTS) {
		struct client *c = m->client_id >= 0 &&
		    m->client_id < SIM_MAX_CLIENTS ?
		    sim->clients[m->client_id] : NULL;

		if (c == NULL) {
			if (sim->outside != NULL &&
			    m->client_id >= SIM_MAX_CLIENTS)
				sim->outside(m, sim->outside_arg);
			else
				msg_free(m);
			return;
		}
		slot = CLIENT_SLOT(m->client_id);
		client_step(c, m, sim->now);
	} else {
		slot = m->to;
		broker_step(sim->brokers[m->to - 1], m, sim->now);
	}
	settle(sim, slot);
}

/* A monitoring scrape, as Prometheus would take: the cluster's metrics
 * against the lecture's alarm rules, once a second of lab time. */
static void
sim_monitor(struct sim *sim)
{
	struct snapshot snap;
	struct evq q = { 0 };

	snapshot_build(&snap, sim->now, sim->ctrl, sim->brokers, sim->n,
	    &sim->links);
	alarms_check(&sim->alarms, &snap.metrics, sim->now, &q);
	snapshot_free(&snap);
	drain_events(sim, &q);
	evq_free(&q);
	schedule_tick(sim, MONITOR_SLOT, sim->now + MONITOR_INTERVAL_MS);
}

static void
run_tick(struct sim *sim, int slot)
{
	sim->tick_at[slot] = NEVER;
	if (slot == MONITOR_SLOT) {
		sim_monitor(sim);
		return;
	}
	if (slot == NODE_CONTROLLER)
		controller_tick(sim->ctrl, sim->now);
	else if (slot >= 1 && slot <= sim->n)
		broker_tick(sim->brokers[slot - 1], sim->now);
	else if (slot >= ISR_NODES && sim->clients[slot - ISR_NODES] != NULL)
		client_tick(sim->clients[slot - ISR_NODES], sim->now);
	settle(sim, slot);
}

/* Process one item due at or before `until`; false when none is. */
static bool
sim_step(struct sim *sim, int64_t until)
{
	const struct timeline_item *next = timeline_peek(&sim->due);
	struct timeline_item it;

	if (next == NULL || next->due > until || sim->stopped)
		return false;
	it = timeline_pop(&sim->due);
	if (it.m == NULL && it.due != sim->tick_at[it.slot])
		return true;		/* superseded by an earlier tick */
	if (it.due > sim->now)
		sim->now = it.due;
	if (it.m != NULL)
		deliver(sim, it.m);
	else
		run_tick(sim, it.slot);
	if (sim->observer != NULL && !sim->observer(sim, sim->observer_arg))
		sim->stopped = true;
	return true;
}

void
sim_run_for(struct sim *sim, int64_t ms)
{
	int64_t until = sim->now + (ms > 0 ? ms : 0);

	while (sim_step(sim, until))
		;
	if (!sim->stopped && sim->now < until)
		sim->now = until;
}

/* --- Construction --------------------------------------------------- */

struct sim *
sim_new(int n_brokers, uint64_t seed, const struct settings *s,
    const char *const *racks)
{
	struct sim *sim = xcalloc(1, sizeof *sim);
	int i;

	sim->engine.ops = &sim_engine_ops;
	sim->engine.n_brokers = n_brokers;
	sim->settings = *s;
	sim->n = n_brokers;
	prng_seed(&sim->prng, seed);
	links_init(&sim->links);
	for (i = 0; i <= MONITOR_SLOT; i++)
		sim->tick_at[i] = NEVER;
	alarms_init(&sim->alarms);
	journal_init(&sim->journal, JOURNAL_MAX_EVENTS);
	ledger_init(&sim->ledger, LEDGER_MAX);
	sim->ctrl = controller_new(s, n_brokers, prng_next(&sim->prng));
	settle(sim, NODE_CONTROLLER);
	for (i = 1; i <= n_brokers; i++) {
		sim->brokers[i - 1] = broker_new(i, racks != NULL ?
		    racks[i - 1] : NULL, s);
		broker_start(sim->brokers[i - 1], 0);
		settle(sim, i);
	}
	schedule_tick(sim, MONITOR_SLOT, MONITOR_INTERVAL_MS);
	/* Let every broker register and be unfenced before the lab starts. */
	sim_run_for(sim, 2 * s->heartbeat_interval_ms + 10 *
	    (s->network_delay_ms + 1));
	return sim;
}

void
sim_free(struct sim *sim)
{
	int i;

	if (sim == NULL)
		return;
	timeline_free(&sim->due);
	for (i = 0; i < sim->n; i++)
		broker_free(sim->brokers[i]);
	for (i = 0; i < SIM_MAX_CLIENTS; i++)
		client_free(sim->clients[i]);
	controller_free(sim->ctrl);
	journal_free(&sim->journal);
	ledger_free(&sim->ledger);
	free(sim);
}

struct engine *
sim_engine(struct sim *sim)
{
	return &sim->engine;
}

int64_t
sim_now(const struct sim *sim)
{
	return sim->now;
}

struct broker *
sim_broker(struct sim *sim, int id)
{
	return id >= 1 && id <= sim->n ? sim->brokers[id - 1] : NULL;
}

struct controller *
sim_controller(struct sim *sim)
{
	return sim->ctrl;
}

const struct links *
sim_links(const struct sim *sim)
{
	return &sim->links;
}

struct ledger *
sim_ledger(struct sim *sim)
{
	return &sim->ledger;
}

void
sim_set_observer(struct sim *sim, bool (*fn)(struct sim *, void *),
    void *arg)
{
	sim->observer = fn;
	sim->observer_arg = arg;
	sim->stopped = false;
}

void
sim_send(struct sim *sim, struct msg *m)
{
	route(sim, m);
}

void
sim_set_outside(struct sim *sim, void (*fn)(struct msg *, void *),
    void *arg)
{
	sim->outside = fn;
	sim->outside_arg = arg;
}

/* --- The engine interface (se_*: sim_engine_ops) ------------------ */

static struct sim *
sim_of(struct engine *e)
{
	return (struct sim *)e;
}

static int64_t
se_now(struct engine *e)
{
	return sim_of(e)->now;
}

static void
se_advance(struct engine *e, int64_t ms)
{
	sim_run_for(sim_of(e), ms);
}

static void
se_snapshot(struct engine *e, struct snapshot *out)
{
	struct sim *sim = sim_of(e);

	snapshot_build(out, sim->now, sim->ctrl, sim->brokers, sim->n,
	    &sim->links);
}

static bool
se_run_until(struct engine *e, bool (*cond)(const struct snapshot *, void *),
    void *arg, int64_t timeout_ms)
{
	struct sim *sim = sim_of(e);
	int64_t end = sim->now + timeout_ms;
	struct snapshot s;
	bool ok;

	for (;;) {
		se_snapshot(e, &s);
		ok = cond(&s, arg);
		snapshot_free(&s);
		if (ok || sim->now >= end || sim->stopped)
			return ok;
		sim_run_for(sim, end - sim->now < 10 ? end - sim->now : 10);
	}
}

static int
se_fault(struct engine *e, const struct fault *f, char *err, size_t len)
{
	struct sim *sim = sim_of(e);
	struct broker *b;
	struct evq q = { 0 };

	if (fault_check(f, sim->n, err, len) != 0)
		return -1;
	if (fault_is_link(f)) {
		fault_apply_links(&sim->links, sim->n, f, sim->now, &q);
		drain_events(sim, &q);
		evq_free(&q);
		if (f->kind != FAULT_PARTITION && f->broker >= 1)
			settle(sim, f->broker);	/* as after a broker fault */
		return 0;
	}
	b = sim->brokers[f->broker - 1];
	if (fault_apply_broker(b, f, sim->now, &q, err, len) != 0) {
		evq_free(&q);
		return -1;
	}
	drain_events(sim, &q);
	evq_free(&q);
	sim->last_state[f->broker] = b->state;
	settle(sim, f->broker);
	return 0;
}

static enum kerr
se_admin(struct engine *e, const struct admin_req *r, char *why, size_t len)
{
	struct sim *sim = sim_of(e);
	enum kerr err = admin_apply(sim->ctrl, sim->now, r, why, len);

	settle(sim, NODE_CONTROLLER);
	return err;
}

static int
se_client_open(struct engine *e, const bool bootstrap[ISR_NODES])
{
	struct sim *sim = sim_of(e);
	int h;

	for (h = 0; h < SIM_MAX_CLIENTS; h++) {
		if (sim->clients[h] == NULL) {
			sim->clients[h] = client_new(&sim->settings, bootstrap,
			    prng_next(&sim->prng));
			return h;
		}
	}
	return -1;
}

static void
se_client_close(struct engine *e, int h)
{
	struct sim *sim = sim_of(e);

	if (h < 0 || h >= SIM_MAX_CLIENTS)
		return;
	client_free(sim->clients[h]);
	sim->clients[h] = NULL;
	sim->tick_at[CLIENT_SLOT(h)] = NEVER;
}

static size_t
se_client_run(struct engine *e, int h, client_fn fn, void *arg,
    int64_t timeout_ms, struct client_result **results)
{
	struct sim *sim = sim_of(e);
	struct client *c = h >= 0 && h < SIM_MAX_CLIENTS ? sim->clients[h] :
	    NULL;
	int64_t end = sim->now + timeout_ms;
	size_t n, i;
	struct client_result *res;

	*results = NULL;
	if (c == NULL)
		return 0;
	fn(c, sim->now, arg);
	client_tick(c, sim->now);
	settle(sim, CLIENT_SLOT(h));
	while (client_busy(c) && sim_step(sim, end))
		;
	res = client_take_results(c, &n);
	for (i = 0; i < n; i++) {
		if (res[i].kind == OP_PRODUCE && res[i].error == KERR_NONE)
			ledger_ack(&sim->ledger, res[i].topic,
			    res[i].partition, res[i].base_offset,
			    res[i].n_sent, res[i].first_id, res[i].acks,
			    res[i].log_start);
	}
	*results = res;
	return n;
}

static void
se_get_settings(struct engine *e, struct settings *out)
{
	*out = sim_of(e)->settings;
}

static void
se_set_settings(struct engine *e, const struct settings *s)
{
	struct sim *sim = sim_of(e);
	int i;

	sim->settings = *s;
	controller_set_settings(sim->ctrl, s);
	for (i = 0; i < sim->n; i++)
		broker_set_settings(sim->brokers[i], s);
	for (i = 0; i < SIM_MAX_CLIENTS; i++) {
		if (sim->clients[i] != NULL)
			sim->clients[i]->settings = *s;
	}
}

static size_t
se_events(struct engine *e, uint64_t since, struct event *out, size_t max)
{
	return journal_since(&sim_of(e)->journal, since, out, max);
}

static void
se_post_event(struct engine *e, const struct event *ev)
{
	struct sim *sim = sim_of(e);
	struct event copy = *ev;

	copy.t_ms = sim->now;
	journal_add(&sim->journal, &copy);
}

static uint64_t
se_version(struct engine *e)
{
	/* Every step may change something; the simulator only moves when a
	 * command runs, so its step counter is an honest version. */
	return sim_of(e)->due.seq;
}

static const struct engine_ops sim_engine_ops = {
	.name = "sim",
	.now = se_now,
	.advance = se_advance,
	.run_until = se_run_until,
	.fault = se_fault,
	.admin = se_admin,
	.client_open = se_client_open,
	.client_close = se_client_close,
	.client_run = se_client_run,
	.snapshot = se_snapshot,
	.get_settings = se_get_settings,
	.set_settings = se_set_settings,
	.events = se_events,
	.post_event = se_post_event,
	.version = se_version,
};
