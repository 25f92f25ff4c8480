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
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "sim/sim.h"
#include "util/prng.h"
#include "util/xmalloc.h"

#define NEVER INT64_MAX
#define SIM_MAX_CLIENTS 64
#define JOURNAL_MAX 100000		/* events kept; older ones dropped */
#define LEDGER_MAX 200000		/* acked records kept per partition */
#define CLIENT_SLOT(h) (ISR_NODES + (h))	/* tick slot of client h */

enum item_kind { ITEM_DELIVER, ITEM_TICK };

struct item {
	int64_t t;
	uint64_t seq;			/* ties broken by insertion order */
	enum item_kind kind;
	int slot;			/* ITEM_TICK: node or client slot */
	struct msg *m;			/* ITEM_DELIVER (owned) */
};

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
	uint64_t seq;

	struct item *heap;
	size_t n_heap, cap_heap;
	int64_t tick_at[ISR_NODES + SIM_MAX_CLIENTS];
	int64_t link_last[ISR_NODES][ISR_NODES]; /* FIFO per link */

	struct event *journal;		/* ring of JOURNAL_MAX */
	size_t j_head, j_n;
	uint64_t next_event_seq;
	struct ledger ledger;

	bool (*observer)(struct sim *, void *);
	void *observer_arg;
	bool stopped;
};

static const struct engine_ops sim_engine_ops;

/* --- The event queue ------------------------------------------------ */

static bool
item_before(const struct item *a, const struct item *b)
{
	return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static void
heap_push(struct sim *sim, struct item it)
{
	size_t i;

	if (sim->n_heap == sim->cap_heap) {
		sim->cap_heap = sim->cap_heap ? sim->cap_heap * 2 : 256;
		sim->heap = xreallocarray(sim->heap, sim->cap_heap,
		    sizeof *sim->heap);
	}
	it.seq = sim->seq++;
	i = sim->n_heap++;
	while (i > 0 && item_before(&it, &sim->heap[(i - 1) / 2])) {
		sim->heap[i] = sim->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	sim->heap[i] = it;
}

static struct item
heap_pop(struct sim *sim)
{
	struct item top = sim->heap[0], last = sim->heap[--sim->n_heap];
	size_t i = 0;

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const struct item *best = &last;

		if (l < sim->n_heap && item_before(&sim->heap[l], best)) {
			m = l;
			best = &sim->heap[l];
		}
		if (r < sim->n_heap && item_before(&sim->heap[r], best))
			m = r;
		if (m == i)
			break;
		sim->heap[i] = sim->heap[m];
		i = m;
	}
	if (sim->n_heap > 0)
		sim->heap[i] = last;
	return top;
}

/* --- Journal and ledger --------------------------------------------- */

static void
journal_add(struct sim *sim, const struct event *e)
{
	struct event *slot;

	if (sim->j_n == JOURNAL_MAX) {
		sim->j_head = (sim->j_head + 1) % JOURNAL_MAX;
		sim->j_n--;
	}
	slot = &sim->journal[(sim->j_head + sim->j_n) % JOURNAL_MAX];
	*slot = *e;
	slot->seq = ++sim->next_event_seq;
	sim->j_n++;
}

/* Acknowledged records of topic/partition that the current leader no
 * longer holds at their offset, from offset `from` on, become data loss. */
static void
ledger_check_loss(struct sim *sim, const char *topic, int partition,
    int64_t from, const char *why)
{
	struct ledger_partition *lp = ledger_partition(&sim->ledger, topic,
	    partition);
	const struct partition_reg *reg = image_partition(&sim->ctrl->image,
	    topic, partition);
	const struct replica *lr = NULL;
	struct event *e = NULL;
	struct evq q = { 0 };
	size_t i;

	if (lp == NULL || reg == NULL || reg->leader == ISR_NO_LEADER)
		return;
	lr = broker_replica(sim->brokers[reg->leader - 1], topic, partition);
	if (lr == NULL)
		return;
	for (i = 0; i < lp->n; i++) {
		struct ledger_entry *le = &lp->v[i];
		const struct record *rec;

		if (le->lost || le->offset < from ||
		    le->offset < lr->log.log_start)
			continue;
		rec = plog_get(&lr->log, le->offset);
		if (rec != NULL && rec->id == le->id)
			continue;
		le->lost = true;
		if (e != NULL && e->off_to == le->offset) {
			e->off_to++;
			continue;
		}
		e = evq_push(&q, EV_DATA_LOSS, sim->now);
		snprintf(e->topic, sizeof e->topic, "%s", topic);
		e->partition = partition;
		e->off_from = le->offset;
		e->off_to = le->offset + 1;
		snprintf(e->reason, sizeof e->reason, "acks=%s write%s %s",
		    le->acks == -1 ? "all" : "1", "(s)", why);
	}
	for (i = 0; i < q.n; i++)
		journal_add(sim, &q.v[i]);
	evq_free(&q);
}

static void
drain_events(struct sim *sim, struct evq *q)
{
	size_t i;

	for (i = 0; i < q->n; i++) {
		const struct event *e = &q->v[i];

		journal_add(sim, e);
		if (e->type == EV_TRUNCATE)
			ledger_check_loss(sim, e->topic, e->partition,
			    e->off_to, "truncated from the returning replica");
		else if (e->type == EV_LEADER_CHANGE && !e->clean)
			ledger_check_loss(sim, e->topic, e->partition, 0,
			    "missing from the uncleanly elected leader");
		else if (e->type == EV_TOPIC_DELETED)
			ledger_drop_topic(&sim->ledger, e->topic);
	}
	evq_clear(q);
}

static void
sim_event(struct sim *sim, enum ev_type t, int broker, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
sim_event(struct sim *sim, enum ev_type t, int broker, const char *fmt, ...)
{
	struct evq q = { 0 };
	struct event *e = evq_push(&q, t, sim->now);
	va_list ap;

	e->broker = broker;
	va_start(ap, fmt);
	vsnprintf(e->reason, sizeof e->reason, fmt, ap);
	va_end(ap);
	journal_add(sim, e);
	evq_free(&q);
}

/* --- Routing -------------------------------------------------------- */

static bool
node_up(const struct sim *sim, int node)
{
	if (node >= 1 && node <= sim->n)
		return broker_is_up(sim->brokers[node - 1]);
	return node == NODE_CONTROLLER || node == NODE_CLIENTS;
}

static void
deliver_later(struct sim *sim, struct msg *m, int64_t delay)
{
	struct item it = { 0 };
	int64_t t = sim->now + delay;

	if (t < sim->link_last[m->from][m->to])
		t = sim->link_last[m->from][m->to];	/* TCP keeps order */
	sim->link_last[m->from][m->to] = t;
	it.t = t;
	it.kind = ITEM_DELIVER;
	it.m = m;
	heap_push(sim, it);
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
	struct item it = { 0 };

	if (due == NEVER)
		return;
	if (due <= sim->now)
		due = sim->now;
	if (due >= sim->tick_at[slot])
		return;
	sim->tick_at[slot] = due;
	it.t = due;
	it.kind = ITEM_TICK;
	it.slot = slot;
	heap_push(sim, it);
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
		drain_events(sim, &b->events);
		if (b->state == BROKER_DOWN &&
		    sim->last_state[slot] == BROKER_STOPPING)
			sim_event(sim, EV_BROKER_STOP, slot,
			    "controlled shutdown complete");
		sim->last_state[slot] = b->state;
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
	struct msg *b;

	if (m->type == MSG_UNREACHABLE || m->from == m->to) {
		msg_free(m);
		return;
	}
	/* The sender learns at once that the connection was refused. */
	b = msg_new(MSG_UNREACHABLE, m->to, m->from);
	b->corr = m->corr;
	b->client_id = m->client_id;
	b->bounced_type = m->type;
	snprintf(b->topic, sizeof b->topic, "%s", m->topic);
	b->partition = m->partition;
	msg_free(m);
	if (links_up(&sim->links, b->from, b->to))
		deliver_later(sim, b, sim->settings.network_delay_ms);
	else
		msg_free(b);
}

static void
deliver(struct sim *sim, struct msg *m)
{
	int slot;

	if (!node_up(sim, m->to)) {
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

static void
run_tick(struct sim *sim, int slot)
{
	sim->tick_at[slot] = NEVER;
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
	struct item it;

	if (sim->n_heap == 0 || sim->heap[0].t > until || sim->stopped)
		return false;
	it = heap_pop(sim);
	if (it.kind == ITEM_TICK && it.t != sim->tick_at[it.slot])
		return true;		/* superseded by an earlier tick */
	if (it.t > sim->now)
		sim->now = it.t;
	if (it.kind == ITEM_DELIVER)
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
	for (i = 0; i < ISR_NODES + SIM_MAX_CLIENTS; i++)
		sim->tick_at[i] = NEVER;
	sim->journal = xcalloc(JOURNAL_MAX, sizeof *sim->journal);
	ledger_init(&sim->ledger, LEDGER_MAX);
	sim->ctrl = controller_new(s, n_brokers, prng_next(&sim->prng));
	settle(sim, NODE_CONTROLLER);
	for (i = 1; i <= n_brokers; i++) {
		sim->brokers[i - 1] = broker_new(i, racks != NULL ?
		    racks[i - 1] : NULL, s);
		broker_start(sim->brokers[i - 1], 0);
		settle(sim, i);
	}
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
	while (sim->n_heap > 0) {
		struct item it = heap_pop(sim);

		msg_free(it.m);
	}
	free(sim->heap);
	for (i = 0; i < sim->n; i++)
		broker_free(sim->brokers[i]);
	for (i = 0; i < SIM_MAX_CLIENTS; i++)
		client_free(sim->clients[i]);
	controller_free(sim->ctrl);
	free(sim->journal);
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

int
sim_n_brokers(const struct sim *sim)
{
	return sim->n;
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

bool
sim_stopped(const struct sim *sim)
{
	return sim->stopped;
}

/* --- The engine interface ------------------------------------------- */

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
sim_check_broker(struct sim *sim, int b, char *err, size_t len)
{
	if (b < 1 || b > sim->n) {
		snprintf(err, len, "broker %d does not exist (brokers are "
		    "1-%d)", b, sim->n);
		return -1;
	}
	return 0;
}

static void
side_names(const bool side[ISR_NODES], char *buf, size_t len)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < ISR_NODES && used + 12 < len; i++) {
		if (!side[i])
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    used ? "," : "", i == NODE_CONTROLLER ? "controller" :
		    i == NODE_CLIENTS ? "clients" : "");
		if (i != NODE_CONTROLLER && i != NODE_CLIENTS)
			used += (size_t)snprintf(buf + used, len - used, "%d",
			    i);
	}
}

static int
se_fault(struct engine *e, const struct fault *f, char *err, size_t len)
{
	struct sim *sim = sim_of(e);
	struct broker *b = NULL;
	char a[64], c[64];

	if (f->kind != FAULT_PARTITION && !(f->kind == FAULT_HEAL &&
	    f->broker < 0)) {
		if (sim_check_broker(sim, f->broker, err, len) != 0)
			return -1;
		b = sim->brokers[f->broker - 1];
	}
	switch (f->kind) {
	case FAULT_KILL:
		if (!broker_is_up(b)) {
			snprintf(err, len, "broker %d is not running",
			    f->broker);
			return -1;
		}
		broker_crash(b);
		sim->last_state[f->broker] = BROKER_DOWN;
		sim_event(sim, EV_BROKER_CRASH, f->broker, "killed");
		break;
	case FAULT_STOP:
		if (!broker_is_up(b)) {
			snprintf(err, len, "broker %d is not running",
			    f->broker);
			return -1;
		}
		sim_event(sim, EV_NOTE, f->broker,
		    "controlled shutdown requested");
		broker_request_stop(b, sim->now);
		if (b->state == BROKER_DOWN)
			sim_event(sim, EV_BROKER_STOP, f->broker,
			    "stopped before registering");
		break;
	case FAULT_START:
		if (broker_is_up(b)) {
			snprintf(err, len, "broker %d is already running",
			    f->broker);
			return -1;
		}
		broker_start(b, sim->now);
		sim_event(sim, EV_BROKER_START, f->broker,
		    "process started, registering");
		break;
	case FAULT_ISOLATE:
		links_isolate(&sim->links, f->broker, sim->n, f->with_clients);
		sim_event(sim, EV_LINK_CUT, f->broker, "isolated from the "
		    "other brokers and the controller%s", f->with_clients ?
		    " and clients" : "");
		break;
	case FAULT_PARTITION:
		links_partition(&sim->links, f->side_a, f->side_b);
		side_names(f->side_a, a, sizeof a);
		side_names(f->side_b, c, sizeof c);
		sim_event(sim, EV_LINK_CUT, -1, "network partition %s | %s", a,
		    c);
		break;
	case FAULT_HEAL:
		if (f->broker < 0) {
			links_heal_all(&sim->links);
			sim_event(sim, EV_LINK_HEAL, -1, "all links healed");
		} else {
			links_heal_node(&sim->links, f->broker);
			sim_event(sim, EV_LINK_HEAL, f->broker,
			    "links healed");
		}
		break;
	case FAULT_SLOW:
		sim->links.slow_ms[f->broker] = f->ms;
		sim_event(sim, EV_LINK_CUT, f->broker, "replication traffic "
		    "delayed by %" PRId64 "ms", f->ms);
		break;
	}
	if (b != NULL) {
		sim->last_state[f->broker] = b->state;
		settle(sim, f->broker);
	}
	return 0;
}

static enum kerr
se_admin(struct engine *e, const struct admin_req *r, char *why, size_t len)
{
	struct sim *sim = sim_of(e);
	enum kerr err = KERR_INVALID_REQUEST;

	why[0] = '\0';
	switch (r->kind) {
	case ADMIN_CREATE_TOPIC:
		err = controller_create_topic(sim->ctrl, sim->now, r->topic,
		    r->partitions, r->replication_factor, r->configs,
		    r->n_configs, why, len);
		break;
	case ADMIN_DELETE_TOPIC:
		err = controller_delete_topic(sim->ctrl, sim->now, r->topic,
		    why, len);
		break;
	case ADMIN_ALTER_TOPIC_CONFIG:
		err = controller_alter_topic_config(sim->ctrl, sim->now,
		    r->topic, r->key, r->value, why, len);
		break;
	case ADMIN_ALTER_BROKER_CONFIG:
		err = controller_alter_broker_config(sim->ctrl, sim->now,
		    r->key, r->value, why, len);
		break;
	case ADMIN_ELECT:
		err = controller_elect(sim->ctrl, sim->now, r->election,
		    r->topic, r->partition);
		break;
	}
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
			    res[i].n_sent, res[i].first_id, res[i].acks);
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
	struct sim *sim = sim_of(e);
	size_t i, n = 0, first = 0;

	/* Find the first event newer than since, then copy forward. */
	while (first < sim->j_n &&
	    sim->journal[(sim->j_head + first) % JOURNAL_MAX].seq <= since)
		first++;
	for (i = first; i < sim->j_n && n < max; i++)
		out[n++] = sim->journal[(sim->j_head + i) % JOURNAL_MAX];
	return n;
}

static void
se_post_event(struct engine *e, const struct event *ev)
{
	struct sim *sim = sim_of(e);
	struct event copy = *ev;

	copy.t_ms = sim->now;
	journal_add(sim, &copy);
}

static uint64_t
se_version(struct engine *e)
{
	/* Every step may change something; the simulator only moves when a
	 * command runs, so its step counter is an honest version. */
	return sim_of(e)->seq;
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
