/*
 * runtime.c - brokers, the controller and the clients on threads (see
 * runtime.h for the design).
 *
 * Threads and what they own:
 *   @thread console     the engine calls; rt->settings, rt->prng,
 *                       rt->handle_used
 *   @thread controller  nodes[0].ctrl
 *   @thread broker N    nodes[N].broker
 *   @thread clients     rt->clients[], rt->runs[]
 *   @thread node        whichever node's own thread runs it
 *   @thread any         any of them
 * Locks, never nested except as noted: node->mu (its mailbox),
 * node->pub_mu (its published snapshot part), rt->net_mu (links, link_last,
 * network delay), rt->jr_mu (journal, ledger), rt->call_mu (completion of
 * posted calls; the lab clock's lock may be taken under it).
 *
 * What this file shares with the simulator instead of repeating it: the
 * link rules (model/links.c), bouncing (msg_bounce), the journal ring
 * (model/journal.c), the loss check (ledger_loss_trigger and
 * ledger_check_loss), faults (engine/fault.c), admin requests
 * (engine/admin.c), the timeline of due messages (engine/timeline.c)
 * and the snapshot halves (snapshot_fill_* and snapshot_assemble).
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <event2/thread.h>

#include "engine/admin.h"
#include "engine/fault.h"
#include "engine/timeline.h"
#include "model/alarms.h"
#include "model/journal.h"
#include "model/ledger.h"
#include "model/snapshot.h"
#include "runtime/labclock.h"
#include "runtime/runtime.h"
#include "util/prng.h"
#include "util/xmalloc.h"

#define RT_NEVER INT64_MAX
#define RT_MAX_CLIENTS 64
#define RT_LEDGER_MAX 200000		/* acked records kept per partition */
#define RT_PUBLISH_US 33000		/* at most one snapshot part per 33ms */
#define RT_POLL_US 5000			/* run_until looks this often */
#define RT_TURN_MAX 256			/* steps per turn before yielding */
#define RT_BATCH 64			/* due messages taken per lock */
#define RT_BEHIND_HOLD_US 1000000	/* a node's lateness shows this long */

struct runtime;
struct rt_node;

typedef void (*rt_cmd_fn)(struct rt_node *nd, void *arg);

/* A closure posted to a node's thread. */
struct rt_cmd {
	rt_cmd_fn fn;
	void *arg;
	bool sync;			/* the poster waits for done; cmd and
					   arg live on its stack */
	bool free_arg;			/* async: free(arg) after fn */
	bool done;			/* sync: set under rt->call_mu */
	struct rt_cmd *next;
};

struct rt_node {
	struct runtime *rt;
	int id;				/* node id: 0, 1..n, NODE_CLIENTS */
	bool has_loop;			/* base and events exist (constant
					   once threads start) */
	atomic_bool running;		/* its thread started */
	bool live;			/* @thread console: calls can reach it */
	pthread_t thread;
	struct event_base *base;
	struct event *wake;		/* activated by posters */
	struct event *timer;		/* next deadline or due message */
	struct event *pub_timer;	/* a deferred snapshot publish */

	/* The mailbox, under mu. */
	pthread_mutex_t mu;
	struct rt_cmd *cmd_head, *cmd_tail;
	struct timeline mail;		/* messages, by due lab time */
	bool woken;			/* wake is active and not yet run */
	bool quit;			/* leave the loop */

	/* @thread node */
	struct controller *ctrl;	/* node 0 */
	struct broker *broker;		/* nodes 1..n */
	enum broker_state last_state;
	bool dirty;			/* changed since the last publish */
	bool force_pub;			/* a command ran: publish at once */
	bool pub_armed;
	int64_t last_pub_us;
	const struct rt_wire_hooks *wire; /* brokers: the wire layer's */
	void *wire_ctx;
	struct snap_broker_part spare_b;	/* filled, then swapped in */
	struct snap_ctrl_part spare_c;
	/* How late it delivered its most overdue message lately, lab ms:
	 * a node keeping up with the lab clock delivers each on time, one
	 * that cannot falls further behind (snapshot.behind_ms).  The
	 * largest of a turn stands for RT_BEHIND_HOLD_US of real time
	 * unless a larger one comes, so a reader sees it. */
	atomic_int_fast64_t behind_ms;
	int64_t behind_set_us;		/* @thread node */

	/* The published part, under pub_mu. */
	pthread_mutex_t pub_mu;
	struct snap_broker_part pub_b;
	struct snap_ctrl_part pub_c;
};

/* One client_run in progress. */
struct rt_run {
	int h;
	client_fn fn;
	void *arg;
	bool done;			/* under rt->call_mu */
	struct client_result *res;	/* handed to the caller */
	size_t n;
};

struct runtime {
	struct engine engine;		/* first: rt_of() casts back */
	int n;
	struct labclock clock;
	struct rt_node nodes[ISR_NODES];

	pthread_mutex_t net_mu;
	struct links links;
	int64_t link_last[ISR_NODES][ISR_NODES]; /* FIFO per link */
	int64_t network_delay_ms;

	pthread_mutex_t jr_mu;
	struct journal journal;
	struct ledger ledger;
	struct alarms alarms;		/* @thread controller */
	int64_t monitor_next_ms;	/* next alarm scrape, @thread controller */
	/* The brokers' start: up once every broker registered and was
	 * unfenced, or at up_by (lab ms) whatever they did.  @thread console */
	bool up;
	int64_t up_by;

	pthread_mutex_t call_mu;
	pthread_cond_t call_cv;		/* CLOCK_MONOTONIC */

	/* @thread console */
	struct settings settings;
	struct prng prng;
	bool handle_used[RT_MAX_CLIENTS];

	/* @thread clients */
	struct client *clients[RT_MAX_CLIENTS];
	struct rt_run *runs[RT_MAX_CLIENTS];

	atomic_uint_fast64_t version;
	atomic_int wire_clients[ISR_NODES];	/* per broker, from src/net */
};

static const struct engine_ops rt_engine_ops;

static void rt_node_settle(struct rt_node *nd, int64_t now);
static void rt_clients_settle(struct rt_node *nd, int h, int64_t now);

static struct runtime *
rt_of(struct engine *e)
{
	return (struct runtime *)e;
}

static void
rt_changed(struct runtime *rt)
{
	atomic_fetch_add(&rt->version, 1);
}

/* --- Mailboxes ------------------------------------------------------ */

/* Make nd's loop run a turn soon.  @thread any */
static void
rt_node_wake(struct rt_node *nd)
{
	bool kick;

	pthread_mutex_lock(&nd->mu);
	kick = !nd->woken;
	nd->woken = true;
	pthread_mutex_unlock(&nd->mu);
	if (kick && nd->has_loop)
		event_active(nd->wake, EV_READ, 0);
}

/* Queue m for nd at lab time due.  @thread any */
static void
rt_node_post_msg(struct rt_node *nd, struct msg *m, int64_t due)
{
	bool kick = false;

	if (!nd->has_loop || !atomic_load(&nd->running)) {
		msg_free(m);
		return;
	}
	pthread_mutex_lock(&nd->mu);
	timeline_push(&nd->mail, due, m, -1);
	/* Only a new earliest message moves the node's timer. */
	if (timeline_peek(&nd->mail)->m == m && !nd->woken) {
		nd->woken = true;
		kick = true;
	}
	pthread_mutex_unlock(&nd->mu);
	if (kick)
		event_active(nd->wake, EV_READ, 0);
}

/* @thread any */
static void
rt_node_post(struct rt_node *nd, struct rt_cmd *cmd)
{
	bool kick;

	cmd->next = NULL;
	pthread_mutex_lock(&nd->mu);
	if (nd->cmd_tail != NULL)
		nd->cmd_tail->next = cmd;
	else
		nd->cmd_head = cmd;
	nd->cmd_tail = cmd;
	kick = !nd->woken;
	nd->woken = true;
	pthread_mutex_unlock(&nd->mu);
	if (kick && nd->has_loop)
		event_active(nd->wake, EV_READ, 0);
}

/* Post fn(arg) to nd without waiting; arg is freed afterwards when
 * free_arg.  @thread any */
static void
rt_node_post_async(struct rt_node *nd, rt_cmd_fn fn, void *arg,
    bool free_arg)
{
	struct rt_cmd *cmd = xcalloc(1, sizeof *cmd);

	cmd->fn = fn;
	cmd->arg = arg;
	cmd->free_arg = free_arg;
	rt_node_post(nd, cmd);
}

/* Run fn(arg) on nd's thread and wait until it ran; false when nd has no
 * running thread.  @thread console */
static bool
rt_node_call(struct rt_node *nd, rt_cmd_fn fn, void *arg)
{
	struct runtime *rt = nd->rt;
	struct rt_cmd cmd = { .fn = fn, .arg = arg, .sync = true };

	if (!nd->live)
		return false;
	rt_node_post(nd, &cmd);
	pthread_mutex_lock(&rt->call_mu);
	while (!cmd.done)
		pthread_cond_wait(&rt->call_cv, &rt->call_mu);
	pthread_mutex_unlock(&rt->call_mu);
	return true;
}

/* @thread node */
static void
rt_cmd_run(struct rt_node *nd, struct rt_cmd *cmd)
{
	struct runtime *rt = nd->rt;

	cmd->fn(nd, cmd->arg);
	nd->force_pub = true;
	if (cmd->sync) {
		/* The poster may return (and its stack go) once done is set:
		 * cmd is not touched afterwards. */
		pthread_mutex_lock(&rt->call_mu);
		cmd->done = true;
		pthread_cond_broadcast(&rt->call_cv);
		pthread_mutex_unlock(&rt->call_mu);
	} else {
		if (cmd->free_arg)
			free(cmd->arg);
		free(cmd);
	}
}

/* --- The network ---------------------------------------------------- */

/* Send m, queued by a node at lab time now, through the link table:
 * dropped on a cut link, else due after the link's delay and never before
 * the previous message on the same link.  @thread any */
static void
rt_route(struct runtime *rt, struct msg *m, int64_t now, bool bounced)
{
	int64_t due;

	if (m->to != NODE_CLIENTS && (m->to < 0 || m->to > rt->n)) {
		msg_free(m);
		return;
	}
	pthread_mutex_lock(&rt->net_mu);
	if (!links_up(&rt->links, m->from, m->to)) {
		pthread_mutex_unlock(&rt->net_mu);
		msg_free(m);
		return;
	}
	due = now + (bounced ? rt->network_delay_ms :
	    links_delay(&rt->links, m->from, m->to, rt->network_delay_ms));
	if (due < rt->link_last[m->from][m->to])
		due = rt->link_last[m->from][m->to];	/* TCP keeps order */
	rt->link_last[m->from][m->to] = due;
	pthread_mutex_unlock(&rt->net_mu);
	rt_node_post_msg(&rt->nodes[m->to], m, due);
}

/* @thread node */
static void
rt_route_outbox(struct runtime *rt, struct outbox *o, int client_handle,
    int64_t now)
{
	struct msg **v;
	size_t n, i;

	if (o->n == 0)
		return;
	v = outbox_take(o, &n);
	for (i = 0; i < n; i++) {
		if (client_handle >= 0)
			v[i]->client_id = client_handle;
		rt_route(rt, v[i], now, false);
	}
	free(v);
}

/* The destination process of m is down: the sender learns at once that
 * the connection was refused.  @thread node (the destination's) */
static void
rt_bounce(struct runtime *rt, struct msg *m, int64_t now)
{
	struct msg *b = msg_bounce(m);

	if (b != NULL)
		rt_route(rt, b, now, true);
}

/* --- Journal and ledger --------------------------------------------- */

/* A loss check travelling to the controller (who is the leader?) and on
 * to the leader's thread (what does its log hold?). */
struct rt_loss {
	char topic[ISR_TOPIC_MAX + 1];
	int partition;
	int64_t from;
	const char *why;		/* static text */
};

/* @thread broker (the partition's leader, as the controller knew it) */
static void
rt_loss_check(struct rt_node *nd, void *arg)
{
	struct runtime *rt = nd->rt;
	struct rt_loss *l = arg;
	const struct replica *lr;
	struct evq q = { 0 };
	size_t i;

	lr = broker_replica(nd->broker, l->topic, l->partition);
	if (lr == NULL)
		return;
	pthread_mutex_lock(&rt->jr_mu);
	ledger_check_loss(&rt->ledger, l->topic, l->partition, &lr->log,
	    l->from, l->why, labclock_now(&rt->clock), &q);
	for (i = 0; i < q.n; i++)
		journal_add(&rt->journal, &q.v[i]);
	pthread_mutex_unlock(&rt->jr_mu);
	if (q.n > 0)
		rt_changed(rt);
	evq_free(&q);
}

/* @thread controller */
static void
rt_loss_find_leader(struct rt_node *nd, void *arg)
{
	struct runtime *rt = nd->rt;
	struct rt_loss *l = arg, *copy;
	const struct partition_reg *reg;

	reg = image_partition(&nd->ctrl->image, l->topic, l->partition);
	if (reg == NULL || reg->leader < 1 || reg->leader > rt->n)
		return;
	copy = xmalloc(sizeof *copy);
	*copy = *l;
	rt_node_post_async(&rt->nodes[reg->leader], rt_loss_check, copy,
	    true);
}

/* Journal q's events and start a loss check for each truncation or
 * unclean election; empties q.  @thread any */
static void
rt_journal_drain(struct runtime *rt, struct evq *q)
{
	struct rt_loss *checks = NULL;
	size_t i, n_checks = 0;
	int64_t from;
	const char *why;

	if (q->n == 0)
		return;
	pthread_mutex_lock(&rt->jr_mu);
	for (i = 0; i < q->n; i++) {
		journal_add(&rt->journal, &q->v[i]);
		if (!ledger_loss_trigger(&rt->ledger, &q->v[i], &from, &why))
			continue;
		checks = xreallocarray(checks, n_checks + 1, sizeof *checks);
		snprintf(checks[n_checks].topic, sizeof checks[n_checks].topic,
		    "%s", q->v[i].topic);
		checks[n_checks].partition = q->v[i].partition;
		checks[n_checks].from = from;
		checks[n_checks].why = why;
		n_checks++;
	}
	pthread_mutex_unlock(&rt->jr_mu);
	for (i = 0; i < n_checks; i++) {
		struct rt_loss *l = xmalloc(sizeof *l);

		*l = checks[i];
		rt_node_post_async(&rt->nodes[NODE_CONTROLLER],
		    rt_loss_find_leader, l, true);
	}
	free(checks);
	evq_clear(q);
	rt_changed(rt);
}

/* An event of the runtime's own.  @thread any */
static void
rt_note(struct runtime *rt, enum ev_type t, int broker, const char *reason)
{
	struct evq q = { 0 };
	struct event *e = evq_push(&q, t, labclock_now(&rt->clock));

	e->broker = broker;
	snprintf(e->reason, sizeof e->reason, "%s", reason);
	rt_journal_drain(rt, &q);
	evq_free(&q);
}

/* --- Nodes ---------------------------------------------------------- */

/* @thread node */
static int64_t
rt_node_deadline(struct rt_node *nd)
{
	struct runtime *rt = nd->rt;
	int64_t t = RT_NEVER, d;
	int h;

	if (nd->ctrl != NULL) {
		d = controller_next_deadline(nd->ctrl);
		return d < rt->monitor_next_ms ? d : rt->monitor_next_ms;
	}
	if (nd->broker != NULL)
		return broker_next_deadline(nd->broker);
	for (h = 0; h < RT_MAX_CLIENTS; h++) {
		if (rt->clients[h] == NULL)
			continue;
		d = client_next_deadline(rt->clients[h]);
		if (d < t)
			t = d;
	}
	return t;
}

/* Hand the wire layer what broker nd addressed to wire connections, in
 * order, leaving the rest in o; without hooks such replies have no one
 * to go to and are dropped.  @thread broker */
static void
rt_wire_take(struct rt_node *nd, struct outbox *o, int64_t now)
{
	size_t i, kept = 0;

	for (i = 0; i < o->n; i++) {
		struct msg *m = o->v[i];

		if (m->to != NODE_CLIENTS || m->client_id < RT_WIRE_CLIENT) {
			o->v[kept++] = m;
			continue;
		}
		if (nd->wire != NULL)
			nd->wire->reply(nd->wire_ctx, nd->id, m, now);
		else
			msg_free(m);
	}
	o->n = kept;
}

/* After the node's object ran at now: route what it sent, journal what it
 * said.  @thread node */
static void
rt_node_settle(struct rt_node *nd, int64_t now)
{
	struct runtime *rt = nd->rt;

	if (nd->ctrl != NULL) {
		rt_route_outbox(rt, &nd->ctrl->out, -1, now);
		rt_journal_drain(rt, &nd->ctrl->events);
	} else if (nd->broker != NULL) {
		rt_wire_take(nd, &nd->broker->out, now);
		rt_route_outbox(rt, &nd->broker->out, -1, now);
		fault_broker_settled(nd->broker, &nd->last_state, now,
		    &nd->broker->events);
		rt_journal_drain(rt, &nd->broker->events);
	}
	nd->dirty = true;
}

/* Hand a finished (or timed out) client_run its results; acknowledged
 * writes go into the ledger first.  @thread clients */
static void
rt_run_finish(struct runtime *rt, int h)
{
	struct rt_run *run = rt->runs[h];
	struct client_result *res = NULL;
	size_t n = 0, i;

	if (rt->clients[h] != NULL)
		res = client_take_results(rt->clients[h], &n);
	pthread_mutex_lock(&rt->jr_mu);
	for (i = 0; i < n; i++) {
		if (res[i].kind == OP_PRODUCE && res[i].error == KERR_NONE)
			ledger_ack(&rt->ledger, res[i].topic,
			    res[i].partition, res[i].base_offset,
			    res[i].n_sent, res[i].first_id, res[i].acks,
			    res[i].log_start);
	}
	pthread_mutex_unlock(&rt->jr_mu);
	rt->runs[h] = NULL;
	pthread_mutex_lock(&rt->call_mu);
	run->res = res;
	run->n = n;
	run->done = true;
	pthread_cond_broadcast(&rt->call_cv);
	pthread_mutex_unlock(&rt->call_mu);
}

/* @thread clients */
static void
rt_clients_settle(struct rt_node *nd, int h, int64_t now)
{
	struct runtime *rt = nd->rt;
	struct client *c = rt->clients[h];

	if (c == NULL)
		return;
	rt_route_outbox(rt, &c->out, h, now);
	rt_journal_drain(rt, &c->events);
	if (rt->runs[h] != NULL && !client_busy(c))
		rt_run_finish(rt, h);
}

/* Hand m to the node's object.  @thread node */
static void
rt_node_deliver(struct rt_node *nd, struct msg *m, int64_t now)
{
	struct runtime *rt = nd->rt;
	int h;

	if (nd->ctrl != NULL) {
		controller_step(nd->ctrl, m, now);
		rt_node_settle(nd, now);
	} else if (nd->broker != NULL) {
		if (!broker_accepts(nd->broker, m)) {
			rt_bounce(rt, m, now);
			return;
		}
		broker_step(nd->broker, m, now);
		rt_node_settle(nd, now);
	} else {
		h = m->client_id;
		if (h < 0 || h >= RT_MAX_CLIENTS || rt->clients[h] == NULL) {
			msg_free(m);
			return;
		}
		client_step(rt->clients[h], m, now);
		rt_clients_settle(nd, h, now);
	}
}

static void re_snapshot(struct engine *e, struct snapshot *out);

/* A monitoring scrape once a second of lab time: the published metrics
 * against the lecture's alarm rules (model/alarms.h), as the simulator
 * does.  @thread controller */
static void
rt_monitor(struct runtime *rt, int64_t now)
{
	struct snapshot snap;
	struct evq q = { 0 };

	re_snapshot(&rt->engine, &snap);
	alarms_check(&rt->alarms, &snap.metrics, now, &q);
	snapshot_free(&snap);
	rt_journal_drain(rt, &q);
	evq_free(&q);
	rt->monitor_next_ms = now + 1000;
}

/* @thread node */
static void
rt_node_tick(struct rt_node *nd, int64_t now)
{
	struct runtime *rt = nd->rt;
	int h;

	if (nd->ctrl != NULL) {
		controller_tick(nd->ctrl, now);
		rt_node_settle(nd, now);
		if (now >= rt->monitor_next_ms)
			rt_monitor(rt, now);
	} else if (nd->broker != NULL) {
		broker_tick(nd->broker, now);
		rt_node_settle(nd, now);
	} else {
		for (h = 0; h < RT_MAX_CLIENTS; h++) {
			if (rt->clients[h] == NULL ||
			    client_next_deadline(rt->clients[h]) > now)
				continue;
			client_tick(rt->clients[h], now);
			rt_clients_settle(nd, h, now);
		}
	}
}

/* Copy what a snapshot needs into the spare part and swap it in.
 * @thread node */
static void
rt_node_publish(struct rt_node *nd)
{
	struct snap_broker_part tb;
	struct snap_ctrl_part tc;

	if (nd->ctrl != NULL) {
		snapshot_fill_controller(&nd->spare_c, nd->ctrl);
		pthread_mutex_lock(&nd->pub_mu);
		tc = nd->pub_c;
		nd->pub_c = nd->spare_c;
		pthread_mutex_unlock(&nd->pub_mu);
		nd->spare_c = tc;
	} else if (nd->broker != NULL) {
		snapshot_fill_broker(&nd->spare_b, nd->broker);
		pthread_mutex_lock(&nd->pub_mu);
		tb = nd->pub_b;
		nd->pub_b = nd->spare_b;
		pthread_mutex_unlock(&nd->pub_mu);
		nd->spare_b = tb;
	}
	nd->dirty = false;
	nd->force_pub = false;
	nd->last_pub_us = labclock_real_us();
	rt_changed(nd->rt);
}

/* Publish now if something changed and 33ms passed (or a command ran),
 * else once they have.  @thread node */
static void
rt_node_publish_maybe(struct rt_node *nd)
{
	int64_t real, wait;
	struct timeval tv;

	if (nd->ctrl == NULL && nd->broker == NULL) {
		nd->dirty = false;		/* clients publish nothing */
		return;
	}
	if (!nd->dirty)
		return;
	real = labclock_real_us();
	if (nd->force_pub || real - nd->last_pub_us >= RT_PUBLISH_US) {
		rt_node_publish(nd);
		if (nd->pub_armed) {
			evtimer_del(nd->pub_timer);
			nd->pub_armed = false;
		}
	} else if (!nd->pub_armed) {
		wait = RT_PUBLISH_US - (real - nd->last_pub_us);
		tv.tv_sec = wait / 1000000;
		tv.tv_usec = wait % 1000000;
		evtimer_add(nd->pub_timer, &tv);
		nd->pub_armed = true;
	}
}

/* Arm the one timer for the earlier of the model's deadline and the
 * first due message, in real time; nothing while the clock is paused.
 * @thread node */
static void
rt_node_arm(struct rt_node *nd)
{
	const struct timeline_item *first;
	int64_t next = rt_node_deadline(nd), us;
	struct timeval tv;

	pthread_mutex_lock(&nd->mu);
	first = timeline_peek(&nd->mail);
	if (first != NULL && first->due < next)
		next = first->due;
	pthread_mutex_unlock(&nd->mu);
	if (next == RT_NEVER ||
	    (us = labclock_real_until(&nd->rt->clock, next)) < 0) {
		evtimer_del(nd->timer);
		return;
	}
	tv.tv_sec = us / 1000000;
	tv.tv_usec = us % 1000000;
	evtimer_add(nd->timer, &tv);
}

/* One turn of the node: commands, due messages, a due tick, until none
 * is left; then re-arm.  @thread node */
static void
rt_node_pump(struct rt_node *nd)
{
	struct runtime *rt = nd->rt;
	struct msg *due[RT_BATCH];
	struct rt_cmd *cmds, *next;
	struct timeline_item it;
	size_t n_due, i;
	int64_t now, late = 0, real;
	bool did;
	int turn;

	for (turn = 0; turn < RT_TURN_MAX; turn++) {
		did = false;
		pthread_mutex_lock(&nd->mu);
		if (nd->quit) {
			pthread_mutex_unlock(&nd->mu);
			if (nd->wire != NULL)
				nd->wire->detach(nd->wire_ctx, nd->id);
			nd->wire = NULL;
			event_base_loopbreak(nd->base);
			return;
		}
		cmds = nd->cmd_head;
		nd->cmd_head = nd->cmd_tail = NULL;
		nd->woken = false;
		pthread_mutex_unlock(&nd->mu);
		for (; cmds != NULL; cmds = next) {
			next = cmds->next;
			rt_cmd_run(nd, cmds);
			did = true;
		}

		now = labclock_now(&rt->clock);
		n_due = 0;
		pthread_mutex_lock(&nd->mu);
		while (n_due < RT_BATCH && nd->mail.n > 0 &&
		    timeline_peek(&nd->mail)->due <= now) {
			it = timeline_pop(&nd->mail);
			if (now - it.due > late)
				late = now - it.due;
			due[n_due++] = it.m;
		}
		pthread_mutex_unlock(&nd->mu);
		for (i = 0; i < n_due; i++)
			rt_node_deliver(nd, due[i], now);
		if (n_due > 0)
			did = true;

		if (rt_node_deadline(nd) <= now) {
			rt_node_tick(nd, now);
			did = true;
		}
		if (!did)
			break;
	}
	real = labclock_real_us();
	if (late >= atomic_load(&nd->behind_ms) ||
	    real - nd->behind_set_us >= RT_BEHIND_HOLD_US) {
		atomic_store(&nd->behind_ms, late);
		nd->behind_set_us = real;
	}
	if (turn == RT_TURN_MAX)
		rt_node_wake(nd);	/* let the loop breathe, then go on */
	else
		rt_node_arm(nd);
	if (nd->wire != NULL)
		nd->wire->turn(nd->wire_ctx, nd->id, nd->base, nd->broker,
		    labclock_now(&rt->clock));
	rt_node_publish_maybe(nd);
}

static void
rt_node_wake_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	rt_node_pump(arg);
}

static void
rt_node_pub_cb(evutil_socket_t fd, short what, void *arg)
{
	struct rt_node *nd = arg;

	(void)fd;
	(void)what;
	nd->pub_armed = false;
	if (nd->dirty)
		rt_node_publish(nd);
}

/* @thread node */
static void *
rt_node_main(void *arg)
{
	struct rt_node *nd = arg;

	event_base_loop(nd->base, EVLOOP_NO_EXIT_ON_EMPTY);
	return NULL;
}

/* A node's mailbox, and its loop when used (unused broker slots get no
 * loop: whatever is posted to them is dropped).  @thread console, before
 * the node's thread exists */
static void
rt_node_init(struct runtime *rt, struct rt_node *nd, int id, bool used)
{
	struct event_config *cfg;

	nd->rt = rt;
	nd->id = id;
	atomic_init(&nd->running, false);
	atomic_init(&nd->behind_ms, 0);
	pthread_mutex_init(&nd->mu, NULL);
	pthread_mutex_init(&nd->pub_mu, NULL);
	image_init(&nd->pub_c.image);
	image_init(&nd->spare_c.image);
	image_init(&nd->pub_b.b.image);
	image_init(&nd->spare_b.b.image);
	if (!used)
		return;
	/* Precise timers (timerfd): at 20x a lab millisecond is 50us, far
	 * below epoll's millisecond. */
	cfg = event_config_new();
	if (cfg != NULL) {
		event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER);
		nd->base = event_base_new_with_config(cfg);
		event_config_free(cfg);
	}
	if (nd->base == NULL)
		return;
	nd->wake = event_new(nd->base, -1, 0, rt_node_wake_cb, nd);
	nd->timer = evtimer_new(nd->base, rt_node_wake_cb, nd);
	nd->pub_timer = evtimer_new(nd->base, rt_node_pub_cb, nd);
	nd->has_loop = nd->wake != NULL && nd->timer != NULL &&
	    nd->pub_timer != NULL;
}

/* @thread console */
static void
rt_node_start(struct runtime *rt, struct rt_node *nd)
{
	char why[96];

	if (nd->has_loop) {
		atomic_store(&nd->running, true);
		if (pthread_create(&nd->thread, NULL, rt_node_main, nd) == 0) {
			nd->live = true;
			rt_node_wake(nd);
			return;
		}
		atomic_store(&nd->running, false);
	}
	snprintf(why, sizeof why, "%s thread could not start; it stays down",
	    nd->id == NODE_CONTROLLER ? "controller" : nd->id == NODE_CLIENTS ?
	    "clients" : "broker");
	rt_note(rt, EV_NOTE, nd->id >= 1 && nd->id <= rt->n ? nd->id : -1,
	    why);
}

/* @thread console, after the node's thread was joined */
static void
rt_node_destroy(struct rt_node *nd)
{
	struct rt_cmd *cmd, *next;

	timeline_free(&nd->mail);
	for (cmd = nd->cmd_head; cmd != NULL; cmd = next) {
		next = cmd->next;
		if (!cmd->sync) {
			if (cmd->free_arg)
				free(cmd->arg);
			free(cmd);
		}
	}
	if (nd->wake != NULL)
		event_free(nd->wake);
	if (nd->timer != NULL)
		event_free(nd->timer);
	if (nd->pub_timer != NULL)
		event_free(nd->pub_timer);
	if (nd->base != NULL)
		event_base_free(nd->base);
	controller_free(nd->ctrl);
	broker_free(nd->broker);
	snapshot_broker_part_free(&nd->pub_b);
	snapshot_broker_part_free(&nd->spare_b);
	snapshot_ctrl_part_free(&nd->pub_c);
	snapshot_ctrl_part_free(&nd->spare_c);
	pthread_mutex_destroy(&nd->mu);
	pthread_mutex_destroy(&nd->pub_mu);
}

/* --- Commands run on node threads ----------------------------------- */

/* @thread broker */
static void
rt_cmd_broker_start(struct rt_node *nd, void *arg)
{
	int64_t now = labclock_now(&nd->rt->clock);

	(void)arg;
	broker_start(nd->broker, now);
	nd->last_state = nd->broker->state;
	rt_node_settle(nd, now);
}

/* @thread controller */
static void
rt_cmd_settle(struct rt_node *nd, void *arg)
{
	(void)arg;
	rt_node_settle(nd, labclock_now(&nd->rt->clock));
}

struct rt_fault_arg {
	const struct fault *f;
	char *err;
	size_t len;
	int rc;
};

/* @thread broker */
static void
rt_cmd_fault(struct rt_node *nd, void *arg)
{
	struct rt_fault_arg *a = arg;
	int64_t now = labclock_now(&nd->rt->clock);
	struct evq q = { 0 };

	a->rc = fault_apply_broker(nd->broker, a->f, now, &q, a->err, a->len);
	if (a->rc == 0) {
		rt_journal_drain(nd->rt, &q);
		nd->last_state = nd->broker->state;
		rt_node_settle(nd, now);
	}
	evq_free(&q);
}

struct rt_admin_arg {
	const struct admin_req *r;
	char *why;
	size_t len;
	enum kerr err;
};

/* @thread controller */
static void
rt_cmd_admin(struct rt_node *nd, void *arg)
{
	struct rt_admin_arg *a = arg;
	int64_t now = labclock_now(&nd->rt->clock);

	a->err = admin_apply(nd->ctrl, now, a->r, a->why, a->len);
	rt_node_settle(nd, now);
}

/* @thread node */
static void
rt_cmd_settings(struct rt_node *nd, void *arg)
{
	const struct settings *s = arg;
	int h;

	if (nd->ctrl != NULL)
		controller_set_settings(nd->ctrl, s);
	else if (nd->broker != NULL)
		broker_set_settings(nd->broker, s);
	else {
		for (h = 0; h < RT_MAX_CLIENTS; h++) {
			if (nd->rt->clients[h] != NULL)
				nd->rt->clients[h]->settings = *s;
		}
	}
	nd->dirty = true;
}

struct rt_open_arg {
	int h;
	const bool *bootstrap;
	const struct settings *s;
	uint64_t seed;
};

/* @thread clients */
static void
rt_cmd_client_open(struct rt_node *nd, void *arg)
{
	struct rt_open_arg *a = arg;

	nd->rt->clients[a->h] = client_new(a->s, a->bootstrap, a->seed);
}

/* @thread clients */
static void
rt_cmd_client_close(struct rt_node *nd, void *arg)
{
	struct runtime *rt = nd->rt;
	int h = *(int *)arg;

	if (rt->runs[h] != NULL)
		rt_run_finish(rt, h);
	client_free(rt->clients[h]);
	rt->clients[h] = NULL;
}

/* @thread clients */
static void
rt_cmd_run_start(struct rt_node *nd, void *arg)
{
	struct runtime *rt = nd->rt;
	struct rt_run *run = arg;
	struct client *c = rt->clients[run->h];
	int64_t now = labclock_now(&rt->clock);

	rt->runs[run->h] = run;
	if (c == NULL) {
		rt_run_finish(rt, run->h);
		return;
	}
	run->fn(c, now, run->arg);
	client_tick(c, now);
	rt_clients_settle(nd, run->h, now);
}

/* @thread clients */
static void
rt_cmd_run_stop(struct rt_node *nd, void *arg)
{
	struct rt_run *run = arg;

	if (nd->rt->runs[run->h] == run)
		rt_run_finish(nd->rt, run->h);
}

/* --- The engine interface (re_*: rt_engine_ops), @thread console --- */

static void
rt_wake_all(struct runtime *rt)
{
	int i;

	for (i = 0; i < ISR_NODES; i++) {
		if (rt->nodes[i].live)
			rt_node_wake(&rt->nodes[i]);
	}
	pthread_mutex_lock(&rt->call_mu);
	pthread_cond_broadcast(&rt->call_cv);
	pthread_mutex_unlock(&rt->call_mu);
}

static void
rt_sleep_us(int64_t us)
{
	struct timespec ts;

	if (us <= 0)
		return;
	ts.tv_sec = us / 1000000;
	ts.tv_nsec = (us % 1000000) * 1000;
	while (nanosleep(&ts, &ts) != 0)
		;
}

static int64_t
re_now(struct engine *e)
{
	return labclock_now(&rt_of(e)->clock);
}

static void
re_advance(struct engine *e, int64_t ms)
{
	struct runtime *rt = rt_of(e);
	int64_t target = labclock_now(&rt->clock) + ms, us;
	bool paused;
	double speed;

	if (ms <= 0)
		return;
	labclock_get(&rt->clock, &paused, &speed);
	if (paused) {
		/* A step: run exactly ms of lab time, then pause again. */
		labclock_run_to(&rt->clock, target);
		rt_wake_all(rt);
	}
	while ((us = labclock_real_until(&rt->clock, target)) != 0)
		rt_sleep_us(us < 0 || us > 100000 ? 100000 : us);
	if (paused) {
		labclock_set_paused(&rt->clock, true);
		rt_wake_all(rt);
	}
}

static void
re_snapshot(struct engine *e, struct snapshot *out)
{
	struct runtime *rt = rt_of(e);
	struct snap_ctrl_part cp;
	struct snap_broker_part bp[ISR_MAX_BROKERS];
	struct snap_broker_part *pp[ISR_MAX_BROKERS] = { 0 };
	struct links links;
	int b;

	memset(&cp, 0, sizeof cp);
	memset(bp, 0, sizeof bp);
	image_init(&cp.image);
	pthread_mutex_lock(&rt->nodes[NODE_CONTROLLER].pub_mu);
	snapshot_ctrl_part_copy(&cp, &rt->nodes[NODE_CONTROLLER].pub_c);
	pthread_mutex_unlock(&rt->nodes[NODE_CONTROLLER].pub_mu);
	for (b = 1; b <= rt->n; b++) {
		struct rt_node *nd = &rt->nodes[b];

		image_init(&bp[b - 1].b.image);
		pthread_mutex_lock(&nd->pub_mu);
		snapshot_broker_part_copy(&bp[b - 1], &nd->pub_b);
		pthread_mutex_unlock(&nd->pub_mu);
		pp[b - 1] = &bp[b - 1];
	}
	pthread_mutex_lock(&rt->net_mu);
	links = rt->links;
	pthread_mutex_unlock(&rt->net_mu);
	snapshot_assemble(out, labclock_now(&rt->clock), &cp, pp, rt->n,
	    &links);
	for (b = 1; b <= rt->n; b++)
		out->brokers[b].wire_clients = atomic_load(
		    &rt->wire_clients[b]);
	for (b = 0; b < ISR_NODES; b++) {
		int64_t late = atomic_load(&rt->nodes[b].behind_ms);

		if (late > out->behind_ms)
			out->behind_ms = late;
	}
	for (b = 0; b < rt->n; b++)
		snapshot_broker_part_free(&bp[b]);
	snapshot_ctrl_part_free(&cp);
}

static uint64_t
re_version(struct engine *e)
{
	return atomic_load(&rt_of(e)->version);
}

static bool
re_run_until(struct engine *e, bool (*cond)(const struct snapshot *, void *),
    void *arg, int64_t timeout_ms)
{
	struct runtime *rt = rt_of(e);
	int64_t end = labclock_now(&rt->clock) + timeout_ms;
	int64_t last_look = 0, real;
	uint64_t seen = 0, v;
	struct snapshot s;
	bool ok, first = true, over;

	for (;;) {
		over = labclock_now(&rt->clock) >= end;
		v = re_version(e);
		real = labclock_real_us();
		/* Look when the cluster changed (or now and then anyway, for
		 * conditions on time), and once more at the end. */
		if (first || over || v != seen ||
		    real - last_look >= 100000) {
			re_snapshot(e, &s);
			ok = cond(&s, arg);
			snapshot_free(&s);
			if (ok)
				return true;
			seen = v;
			last_look = real;
			first = false;
		}
		if (over)
			return false;
		rt_sleep_us(RT_POLL_US);
	}
}

static int
re_fault(struct engine *e, const struct fault *f, char *err, size_t len)
{
	struct runtime *rt = rt_of(e);
	struct rt_fault_arg a = { .f = f, .err = err, .len = len, .rc = -1 };
	struct evq q = { 0 };

	if (fault_check(f, rt->n, err, len) != 0)
		return -1;
	if (fault_is_link(f)) {
		int64_t now = labclock_now(&rt->clock);

		pthread_mutex_lock(&rt->net_mu);
		fault_apply_links(&rt->links, rt->n, f, now, &q);
		pthread_mutex_unlock(&rt->net_mu);
		rt_journal_drain(rt, &q);
		evq_free(&q);
		return 0;
	}
	if (!rt_node_call(&rt->nodes[f->broker], rt_cmd_fault, &a)) {
		snprintf(err, len, "broker %d: its thread is not running",
		    f->broker);
		return -1;
	}
	return a.rc;
}

static enum kerr
re_admin(struct engine *e, const struct admin_req *r, char *why, size_t len)
{
	struct runtime *rt = rt_of(e);
	struct rt_admin_arg a = { .r = r, .why = why, .len = len,
	    .err = KERR_INVALID_REQUEST };

	why[0] = '\0';
	if (!rt_node_call(&rt->nodes[NODE_CONTROLLER], rt_cmd_admin, &a))
		snprintf(why, len, "the controller is not running");
	return a.err;
}

static int
re_client_open(struct engine *e, const bool bootstrap[ISR_NODES])
{
	struct runtime *rt = rt_of(e);
	struct rt_open_arg a;
	int h;

	for (h = 0; h < RT_MAX_CLIENTS; h++) {
		if (rt->handle_used[h])
			continue;
		a.h = h;
		a.bootstrap = bootstrap;
		a.s = &rt->settings;
		a.seed = prng_next(&rt->prng);
		if (!rt_node_call(&rt->nodes[NODE_CLIENTS],
		    rt_cmd_client_open, &a))
			return -1;
		rt->handle_used[h] = true;
		return h;
	}
	return -1;
}

static void
re_client_close(struct engine *e, int h)
{
	struct runtime *rt = rt_of(e);

	if (h < 0 || h >= RT_MAX_CLIENTS || !rt->handle_used[h])
		return;
	rt_node_call(&rt->nodes[NODE_CLIENTS], rt_cmd_client_close, &h);
	rt->handle_used[h] = false;
}

static size_t
re_client_run(struct engine *e, int h, client_fn fn, void *arg,
    int64_t timeout_ms, struct client_result **results)
{
	struct runtime *rt = rt_of(e);
	struct rt_node *nd = &rt->nodes[NODE_CLIENTS];
	struct rt_run run = { .h = h, .fn = fn, .arg = arg };
	int64_t end, us;
	struct timespec ts;
	bool done;

	*results = NULL;
	if (h < 0 || h >= RT_MAX_CLIENTS || !rt->handle_used[h] || !nd->live)
		return 0;
	end = labclock_now(&rt->clock) + timeout_ms;
	rt_node_post_async(nd, rt_cmd_run_start, &run, false);
	pthread_mutex_lock(&rt->call_mu);
	while (!run.done) {
		us = labclock_real_until(&rt->clock, end);
		if (us == 0)
			break;
		if (us < 0 || us > 50000)
			us = 50000;	/* look again: paused, or slowed */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += (long)(us % 1000000) * 1000;
		ts.tv_sec += us / 1000000 + ts.tv_nsec / 1000000000;
		ts.tv_nsec %= 1000000000;
		pthread_cond_timedwait(&rt->call_cv, &rt->call_mu, &ts);
	}
	done = run.done;
	pthread_mutex_unlock(&rt->call_mu);
	if (!done)	/* timed out: take what there is */
		rt_node_call(nd, rt_cmd_run_stop, &run);
	*results = run.res;
	return run.n;
}

static void
re_get_settings(struct engine *e, struct settings *out)
{
	*out = rt_of(e)->settings;
}

static void
re_set_settings(struct engine *e, const struct settings *s)
{
	struct runtime *rt = rt_of(e);
	int i;

	rt->settings = *s;
	pthread_mutex_lock(&rt->net_mu);
	rt->network_delay_ms = s->network_delay_ms;
	pthread_mutex_unlock(&rt->net_mu);
	for (i = 0; i < ISR_NODES; i++)
		rt_node_call(&rt->nodes[i], rt_cmd_settings, &rt->settings);
}

static size_t
re_events(struct engine *e, uint64_t since, struct event *out, size_t max)
{
	struct runtime *rt = rt_of(e);
	size_t n;

	pthread_mutex_lock(&rt->jr_mu);
	n = journal_since(&rt->journal, since, out, max);
	pthread_mutex_unlock(&rt->jr_mu);
	return n;
}

static void
re_post_event(struct engine *e, const struct event *ev)
{
	struct runtime *rt = rt_of(e);
	struct event copy = *ev;

	copy.t_ms = labclock_now(&rt->clock);
	pthread_mutex_lock(&rt->jr_mu);
	journal_add(&rt->journal, &copy);
	pthread_mutex_unlock(&rt->jr_mu);
	rt_changed(rt);
}

static void
re_set_paused(struct engine *e, bool paused)
{
	struct runtime *rt = rt_of(e);

	labclock_set_paused(&rt->clock, paused);
	rt_wake_all(rt);
	rt_changed(rt);
}

static void
re_set_speed(struct engine *e, double speed)
{
	struct runtime *rt = rt_of(e);

	labclock_set_speed(&rt->clock, speed);
	rt_wake_all(rt);
	rt_changed(rt);
}

static void
re_get_clock(struct engine *e, bool *paused, double *speed)
{
	labclock_get(&rt_of(e)->clock, paused, speed);
}

/* Every broker up, registered and unfenced: the cluster has started. */
static bool
rt_all_registered(const struct snapshot *s, void *arg)
{
	int b;

	(void)arg;
	for (b = 1; b <= s->n_brokers; b++) {
		if (s->brokers[b].state != BROKER_RUNNING ||
		    s->brokers[b].fenced || !s->brokers[b].serving)
			return false;
	}
	return true;
}

static bool
re_starting(struct engine *e)
{
	struct runtime	*rt = rt_of(e);
	struct snapshot	 s;

	if (rt->up)
		return false;
	if (labclock_now(&rt->clock) >= rt->up_by)
		rt->up = true;
	else {
		re_snapshot(e, &s);
		rt->up = rt_all_registered(&s, NULL);
		snapshot_free(&s);
	}
	return !rt->up;
}

static const struct engine_ops rt_engine_ops = {
	.name = "realtime",
	.now = re_now,
	.advance = re_advance,
	.run_until = re_run_until,
	.fault = re_fault,
	.admin = re_admin,
	.client_open = re_client_open,
	.client_close = re_client_close,
	.client_run = re_client_run,
	.snapshot = re_snapshot,
	.get_settings = re_get_settings,
	.set_settings = re_set_settings,
	.events = re_events,
	.post_event = re_post_event,
	.version = re_version,
	.set_paused = re_set_paused,
	.set_speed = re_set_speed,
	.get_clock = re_get_clock,
	.starting = re_starting,
};

/* --- Construction --------------------------------------------------- */

static pthread_once_t rt_evthread_once = PTHREAD_ONCE_INIT;

static void
rt_evthread_init(void)
{
	evthread_use_pthreads();
}

struct engine *
runtime_engine_start(int n_brokers, uint64_t seed, const struct settings *s,
    const char *const *racks, double speed)
{
	struct runtime *rt;
	pthread_condattr_t ca;
	int i;

	if (n_brokers < 1 || n_brokers > ISR_MAX_BROKERS)
		return NULL;
	pthread_once(&rt_evthread_once, rt_evthread_init);
	rt = xcalloc(1, sizeof *rt);
	rt->engine.ops = &rt_engine_ops;
	rt->engine.n_brokers = n_brokers;
	rt->n = n_brokers;
	rt->settings = *s;
	prng_seed(&rt->prng, seed);
	labclock_init(&rt->clock, speed);
	pthread_mutex_init(&rt->net_mu, NULL);
	pthread_mutex_init(&rt->jr_mu, NULL);
	pthread_mutex_init(&rt->call_mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&rt->call_cv, &ca);
	pthread_condattr_destroy(&ca);
	links_init(&rt->links);
	rt->network_delay_ms = s->network_delay_ms;
	journal_init(&rt->journal, JOURNAL_MAX_EVENTS);
	ledger_init(&rt->ledger, RT_LEDGER_MAX);
	alarms_init(&rt->alarms);
	rt->monitor_next_ms = 1000;
	atomic_init(&rt->version, 1);

	for (i = 0; i < ISR_NODES; i++)
		rt_node_init(rt, &rt->nodes[i], i, i <= n_brokers ||
		    i == NODE_CLIENTS);
	rt->nodes[NODE_CONTROLLER].ctrl = controller_new(s, n_brokers,
	    prng_next(&rt->prng));
	for (i = 1; i <= n_brokers; i++)
		rt->nodes[i].broker = broker_new(i, racks != NULL ?
		    racks[i - 1] : NULL, s);

	/* Every object is handed to its thread here; from now on only that
	 * thread touches it. */
	rt_node_start(rt, &rt->nodes[NODE_CONTROLLER]);
	for (i = 1; i <= n_brokers; i++)
		rt_node_start(rt, &rt->nodes[i]);
	rt_node_start(rt, &rt->nodes[NODE_CLIENTS]);
	rt_node_post_async(&rt->nodes[NODE_CONTROLLER], rt_cmd_settle, NULL,
	    false);
	for (i = 1; i <= n_brokers; i++)
		rt_node_post_async(&rt->nodes[i], rt_cmd_broker_start, NULL,
		    false);
	rt->up_by = labclock_now(&rt->clock) + 4 * s->session_timeout_ms +
	    10 * (s->network_delay_ms + 1);
	return &rt->engine;
}

struct engine *
runtime_engine_new(int n_brokers, uint64_t seed, const struct settings *s,
    const char *const *racks, double speed)
{
	struct engine	*e;
	struct runtime	*rt;

	e = runtime_engine_start(n_brokers, seed, s, racks, speed);
	if (e == NULL)
		return NULL;
	/* Let every broker register and be unfenced before the lab starts,
	 * as the simulator does. */
	rt = rt_of(e);
	re_run_until(e, rt_all_registered, NULL,
	    rt->up_by - labclock_now(&rt->clock));
	rt->up = true;
	return e;
}

void
runtime_engine_free(struct engine *e)
{
	struct runtime *rt;
	int i;

	if (e == NULL)
		return;
	rt = rt_of(e);
	for (i = 0; i < ISR_NODES; i++) {
		struct rt_node *nd = &rt->nodes[i];

		pthread_mutex_lock(&nd->mu);
		nd->quit = true;
		nd->woken = true;
		pthread_mutex_unlock(&nd->mu);
		if (nd->live)
			event_active(nd->wake, EV_READ, 0);
	}
	for (i = 0; i < ISR_NODES; i++) {
		if (rt->nodes[i].live)
			pthread_join(rt->nodes[i].thread, NULL);
	}
	for (i = 0; i < RT_MAX_CLIENTS; i++)
		client_free(rt->clients[i]);
	for (i = 0; i < ISR_NODES; i++)
		rt_node_destroy(&rt->nodes[i]);
	journal_free(&rt->journal);
	ledger_free(&rt->ledger);
	pthread_mutex_destroy(&rt->net_mu);
	pthread_mutex_destroy(&rt->jr_mu);
	pthread_mutex_destroy(&rt->call_mu);
	pthread_cond_destroy(&rt->call_cv);
	labclock_destroy(&rt->clock);
	free(rt);
}

/* --- The wire layer's hooks (runtime.h) ----------------------------- */

struct rt_wire_arg {
	const struct rt_wire_hooks *h;
	void *ctx;
};

/* @thread broker */
static void
rt_cmd_wire_set(struct rt_node *nd, void *arg)
{
	struct rt_wire_arg *a = arg;

	if (nd->wire != NULL && a->h == NULL)
		nd->wire->detach(nd->wire_ctx, nd->id);
	nd->wire = a->h;
	nd->wire_ctx = a->ctx;
	if (nd->wire != NULL)
		nd->wire->turn(nd->wire_ctx, nd->id, nd->base, nd->broker,
		    labclock_now(&nd->rt->clock));
}

void
runtime_wire_set(struct engine *e, const struct rt_wire_hooks *h, void *ctx)
{
	struct runtime *rt = rt_of(e);
	struct rt_wire_arg a = { .h = h, .ctx = ctx };
	int b;

	for (b = 1; b <= rt->n; b++)
		rt_node_call(&rt->nodes[b], rt_cmd_wire_set, &a);
}

bool
runtime_wire_deliver(struct engine *e, int b, struct msg *m)
{
	struct runtime *rt = rt_of(e);
	struct rt_node *nd = &rt->nodes[b];
	int64_t now = labclock_now(&rt->clock);

	if (!broker_accepts(nd->broker, m)) {
		msg_free(m);
		return false;
	}
	broker_step(nd->broker, m, now);
	rt_node_settle(nd, now);
	rt_node_arm(nd);		/* it may have parked with a deadline */
	return true;
}

bool
runtime_wire_reachable(struct engine *e, int b)
{
	struct runtime *rt = rt_of(e);
	bool up;

	pthread_mutex_lock(&rt->net_mu);
	up = links_up(&rt->links, NODE_CLIENTS, b);
	pthread_mutex_unlock(&rt->net_mu);
	return up;
}

bool
runtime_paused(struct engine *e)
{
	bool paused;
	double speed;

	labclock_get(&rt_of(e)->clock, &paused, &speed);
	return paused;
}

/* A controller call posted by a broker's wire layer. */
struct rt_via {
	int b;
	void (*fn)(struct controller *c, int64_t now, void *arg);
	void (*done)(void *arg);
	void *arg;
};

/* @thread broker */
static void
rt_cmd_via_done(struct rt_node *nd, void *arg)
{
	struct rt_via *v = arg;

	(void)nd;
	v->done(v->arg);
}

/* @thread controller */
static void
rt_cmd_via(struct rt_node *nd, void *arg)
{
	struct rt_via *v = arg, *copy;
	int64_t now = labclock_now(&nd->rt->clock);

	v->fn(nd->ctrl, now, v->arg);
	rt_node_settle(nd, now);
	copy = xmalloc(sizeof *copy);
	*copy = *v;
	rt_node_post_async(&nd->rt->nodes[v->b], rt_cmd_via_done, copy, true);
}

void
runtime_wire_via_controller(struct engine *e, int b,
    void (*fn)(struct controller *c, int64_t now, void *arg),
    void (*done)(void *arg), void *arg)
{
	struct runtime *rt = rt_of(e);
	struct rt_via *v = xmalloc(sizeof *v);

	v->b = b;
	v->fn = fn;
	v->done = done;
	v->arg = arg;
	rt_node_post_async(&rt->nodes[NODE_CONTROLLER], rt_cmd_via, v, true);
}

void
runtime_wire_clients(struct engine *e, int b, int n)
{
	struct runtime *rt = rt_of(e);

	atomic_store(&rt->wire_clients[b], n);
	rt_changed(rt);
}

void
runtime_note(struct engine *e, int broker, const char *reason)
{
	rt_note(rt_of(e), EV_NOTE, broker, reason);
}
