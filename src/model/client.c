/*
 * client.c - the producer and consumer (see client.h for the design).
 *
 * Every operation waits in `ops` until it can be sent: a produce first
 * needs the topic's metadata to be partitioned (unsplit), then each batch
 * needs a leader.  One metadata request is in flight at a time, to one
 * broker chosen in turn from the bootstrap list and the brokers the last
 * answer named; a broker that is down or silent makes the client try the
 * next, as Java's leastLoadedNode does.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/client.h"
#include "util/murmur2.h"
#include "util/xmalloc.h"

#define NEVER INT64_MAX
#define STICKY_BATCH_BYTES 16384	/* batch.size */

struct client *
client_new(const struct settings *s, const bool bootstrap[ISR_NODES],
    uint64_t seed)
{
	struct client *c = xcalloc(1, sizeof *c);

	c->settings = *s;
	memcpy(c->bootstrap, bootstrap, sizeof c->bootstrap);
	prng_seed(&c->prng, seed);
	c->next_record_id = (seed << 32) | 1;
	return c;
}

static void
op_free(struct client_op *op)
{
	int i;

	for (i = 0; i < op->n_records; i++)
		record_release(&op->records[i]);
	free(op->records);
	op->records = NULL;
	op->n_records = 0;
	gpayload_free(op->gp);
	op->gp = NULL;
}

static void cg_reset(struct client *c);

void
client_result_free(struct client_result *r)
{
	int i;

	for (i = 0; i < r->n_records; i++)
		record_release(&r->records[i]);
	free(r->records);
	r->records = NULL;
	r->n_records = 0;
	gpayload_free(r->gp);
	r->gp = NULL;
}

void
client_free(struct client *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n_ops; i++)
		op_free(&c->ops[i]);
	free(c->ops);
	for (i = 0; i < c->n_topics; i++)
		free(c->topics[i].parts);
	free(c->topics);
	for (i = 0; i < c->n_results; i++)
		client_result_free(&c->results[i]);
	free(c->results);
	cg_reset(c);
	outbox_clear(&c->out);
	evq_free(&c->events);
	free(c);
}

static struct client_topic *
client_topic(const struct client *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n_topics; i++) {
		if (strcmp(c->topics[i].name, name) == 0)
			return &c->topics[i];
	}
	return NULL;
}

static struct client_op *
client_op_add(struct client *c, enum client_op_kind kind, const char *topic,
    int64_t now)
{
	struct client_op *op;

	if (c->n_ops == c->cap_ops) {
		c->cap_ops = c->cap_ops ? c->cap_ops * 2 : 8;
		c->ops = xreallocarray(c->ops, c->cap_ops, sizeof *c->ops);
	}
	op = &c->ops[c->n_ops++];
	memset(op, 0, sizeof *op);
	op->id = ++c->next_op;
	op->kind = kind;
	snprintf(op->topic, sizeof op->topic, "%s", topic);
	op->partition = -1;
	op->created_ms = now;
	op->deadline_ms = now + (kind == OP_PRODUCE ?
	    c->settings.delivery_timeout_ms : c->settings.request_timeout_ms);
	op->target = -1;
	op->coord = -1;
	return op;
}

static struct client_result *
client_result_add(struct client *c, const struct client_op *op,
    enum kerr error)
{
	struct client_result *r;

	if (c->n_results == c->cap_results) {
		c->cap_results = c->cap_results ? c->cap_results * 2 : 8;
		c->results = xreallocarray(c->results, c->cap_results,
		    sizeof *c->results);
	}
	r = &c->results[c->n_results++];
	memset(r, 0, sizeof *r);
	r->op = op->id;
	r->kind = op->kind;
	r->error = error;
	snprintf(r->topic, sizeof r->topic, "%s", op->topic);
	r->partition = op->partition;
	r->base_offset = -1;
	r->n_sent = op->n_records;
	r->first_id = op->n_records > 0 ? op->records[0].id : 0;
	r->acks = op->acks;
	r->hw = r->log_start = -1;
	r->leader = op->target;
	r->expired_ms = -1;
	return r;
}

/* Finish op with error (KERR_NONE for a success filled in by the caller). */
static struct client_result *
client_op_finish(struct client *c, struct client_op *op, enum kerr error,
    int64_t now)
{
	struct client_result *r = client_result_add(c, op, error);

	if (error != KERR_NONE && op->kind == OP_PRODUCE) {
		struct event *e = evq_push(&c->events, EV_PRODUCE_ERROR, now);

		snprintf(e->topic, sizeof e->topic, "%s", op->topic);
		e->partition = op->partition;
		e->error = error;
		snprintf(e->reason, sizeof e->reason, "%d record(s), acks=%s",
		    op->n_records, op->acks == -1 ? "all" :
		    op->acks == 0 ? "0" : "1");
	}
	if (op->kind == OP_JOIN && c->group.join_op == op->id) {
		c->group.join_op = 0;
		if (error == KERR_UNKNOWN_TOPIC_OR_PARTITION)
			cg_reset(c);	/* nothing to subscribe to */
	}
	op_free(op);
	op->done = true;
	return r;
}

/* The records of one produce, their bytes in one store they share. */
static void
records_make(struct client *c, struct record *recs,
    const char *const *keys, const char *const *values, int n)
{
	size_t size = 1, at = 0;
	char *store;
	int i;

	for (i = 0; i < n; i++)
		size += (keys != NULL && keys[i] != NULL ? strlen(keys[i]) :
		    0) + strlen(values[i]);
	store = record_bytes(size);
	for (i = 0; i < n; i++) {
		const char *key = keys != NULL ? keys[i] : NULL;
		size_t kl = key != NULL ? strlen(key) : 0,
		    vl = strlen(values[i]);
		struct record *rec = &recs[i];

		memset(rec, 0, sizeof *rec);
		rec->key_len = key != NULL ? (uint32_t)kl : PLOG_NULL_KEY;
		rec->value_len = (uint32_t)vl;
		rec->id = c->next_record_id++;
		rec->flags = RECORD_DATA_IN_STORE;
		rec->data = store + at;
		rec->batch = record_bytes_ref(store);
		memcpy(rec->data, key != NULL ? key : "", kl);
		memcpy(rec->data + kl, values[i], vl);
		at += kl + vl;
	}
	record_bytes_unref(store);	/* the records hold it now */
}

void
client_produce(struct client *c, int64_t now, const char *topic,
    int partition, int acks, const char *const *keys,
    const char *const *values, int n)
{
	struct client_op *op = client_op_add(c, OP_PRODUCE, topic, now);

	op->acks = acks;
	op->partition = partition;
	op->unsplit = true;
	op->records = xreallocarray(NULL, (size_t)(n > 0 ? n : 1),
	    sizeof *op->records);
	records_make(c, op->records, keys, values, n);
	op->n_records = n;
}

void
client_fetch(struct client *c, int64_t now, const char *topic,
    int partition, int64_t offset, int max)
{
	struct client_op *op = client_op_add(c, OP_FETCH, topic, now);

	op->partition = partition;
	op->fetch_offset = offset;
	op->max_records = max;
}

/* BuiltInPartitioner: murmur2 for keys; uniform sticky without: stay on
 * one available partition until batch.size bytes went to it. */
static int
client_partition_for(struct client *c, struct client_topic *t,
    const struct record *rec)
{
	int avail[1024], n_avail = 0, i;

	if (rec->key_len != PLOG_NULL_KEY)
		return murmur2_partition(rec->data, rec->key_len,
		    t->n_partitions);
	if (t->sticky_partition < 0 || t->sticky_bytes >= STICKY_BATCH_BYTES) {
		for (i = 0; i < t->n_partitions && n_avail < 1024; i++) {
			if (t->parts[i].leader != ISR_NO_LEADER)
				avail[n_avail++] = i;
		}
		t->sticky_partition = n_avail > 0 ?
		    avail[prng_below(&c->prng, (uint64_t)n_avail)] :
		    (int)prng_below(&c->prng, (uint64_t)t->n_partitions);
		t->sticky_bytes = 0;
	}
	t->sticky_bytes += rec->value_len;
	return t->sticky_partition;
}

/* Split an unsplit produce into one op per partition, in record order:
 * the ops in partition order, each record bucketed once. */
static void
client_split(struct client *c, size_t oi, struct client_topic *t,
    int64_t now)
{
	struct client_op op = c->ops[oi];	/* copy: ops may move */
	size_t n_parts = (size_t)t->n_partitions;
	int *part = xreallocarray(NULL, (size_t)(op.n_records + 1),
	    sizeof *part);
	int *count = xcalloc(n_parts + 1, sizeof *count);
	size_t *op_at = xreallocarray(NULL, n_parts + 1, sizeof *op_at);
	int i, p;

	c->ops[oi].records = NULL;
	c->ops[oi].n_records = 0;
	c->ops[oi].done = true;			/* replaced by the batches */
	for (i = 0; i < op.n_records; i++) {
		part[i] = op.partition >= 0 ? op.partition :
		    client_partition_for(c, t, &op.records[i]);
		if (part[i] >= 0 && part[i] < t->n_partitions)
			count[part[i]]++;
	}
	for (p = 0; p < t->n_partitions; p++) {
		struct client_op *b;

		if (count[p] == 0)
			continue;
		b = client_op_add(c, OP_PRODUCE, op.topic, now);
		b->acks = op.acks;
		b->partition = p;
		b->created_ms = op.created_ms;
		b->deadline_ms = op.deadline_ms;
		b->records = xreallocarray(NULL, (size_t)count[p],
		    sizeof *b->records);
		op_at[p] = (size_t)(b - c->ops);
	}
	for (i = 0; i < op.n_records; i++) {
		struct client_op *b;

		if (part[i] < 0 || part[i] >= t->n_partitions) {
			record_release(&op.records[i]);	/* no such partition */
			continue;
		}
		b = &c->ops[op_at[part[i]]];
		b->records[b->n_records++] = op.records[i];
	}
	free(op_at);
	free(count);
	free(part);
	free(op.records);
}

static void
client_md_send(struct client *c, const char *topic, int64_t now)
{
	struct msg *m;
	int tries, b = -1;

	for (tries = 0; tries < ISR_NODES; tries++) {
		int cand = 1 + (c->md_rotor + tries) % (ISR_NODES - 2);

		if (c->bootstrap[cand] || c->known[cand]) {
			b = cand;
			break;
		}
	}
	if (b < 0)
		return;
	m = msg_new(MSG_METADATA_REQ, NODE_CLIENTS, b);
	m->corr = ++c->corr;
	snprintf(m->topic, sizeof m->topic, "%s", topic);
	c->md_corr = m->corr;
	c->md_sent_ms = now;
	c->md_target = b;
	c->md_rotor = b - 1;	/* keep asking it while it answers */
	outbox_push(&c->out, m);
}

/* The broker asked for metadata failed us: try the next one. */
static void
client_md_failed(struct client *c, int64_t now)
{
	c->md_corr = 0;
	c->md_rotor = c->md_target;	/* next candidate after it */
	c->md_retry_at_ms = now + c->settings.retry_backoff_ms;
}

static void
client_on_metadata(struct client *c, struct msg *m, int64_t now)
{
	struct client_topic *t;
	bool any_live = false;
	size_t i;
	int b;

	if (m->corr != c->md_corr)
		return;
	c->md_corr = 0;
	for (b = 1; b < ISR_NODES - 1; b++) {
		if (m->live_brokers[b]) {
			any_live = true;
			c->known[b] = true;
		}
	}
	if (!any_live) {
		/* A broker that has not replayed metadata yet knows nothing:
		 * ask another. */
		client_md_failed(c, now);
		return;
	}
	c->md_wanted = false;
	if (m->error == KERR_UNKNOWN_TOPIC_OR_PARTITION) {
		for (i = 0; i < c->n_ops; i++) {
			struct client_op *op = &c->ops[i];

			if (!op->done && strcmp(op->topic, m->topic) == 0)
				client_op_finish(c, op,
				    KERR_UNKNOWN_TOPIC_OR_PARTITION, now);
		}
		return;
	}
	t = client_topic(c, m->topic);
	if (t == NULL) {
		c->topics = xreallocarray(c->topics, c->n_topics + 1,
		    sizeof *c->topics);
		t = &c->topics[c->n_topics++];
		memset(t, 0, sizeof *t);
		snprintf(t->name, sizeof t->name, "%s", m->topic);
		t->sticky_partition = -1;
	}
	free(t->parts);
	t->n_partitions = m->n_md;
	t->parts = xreallocarray(NULL, (size_t)(m->n_md > 0 ? m->n_md : 1),
	    sizeof *t->parts);
	memcpy(t->parts, m->md, (size_t)m->n_md * sizeof *t->parts);
}

static bool
retriable(enum kerr e)
{
	return e == KERR_NOT_LEADER_OR_FOLLOWER ||
	    e == KERR_LEADER_NOT_AVAILABLE || e == KERR_FENCED_LEADER_EPOCH ||
	    e == KERR_UNKNOWN_LEADER_EPOCH || e == KERR_NETWORK_EXCEPTION ||
	    e == KERR_REQUEST_TIMED_OUT;
}

/* A retriable failure: note it, refresh metadata, try again later. */
static void
client_op_retry(struct client *c, struct client_op *op, enum kerr error,
    int64_t now)
{
	struct event *e = evq_push(&c->events, EV_CLIENT_RETRY, now);

	snprintf(e->topic, sizeof e->topic, "%s", op->topic);
	e->partition = op->partition;
	e->error = error;
	e->broker = op->target;
	snprintf(e->reason, sizeof e->reason, "%s from broker %d, refreshing "
	    "metadata", op->kind == OP_PRODUCE ? "produce" : "fetch",
	    op->target);
	op->corr = 0;
	op->retry_at_ms = now + c->settings.retry_backoff_ms;
	c->md_wanted = true;
}

static struct client_op *
client_op_by_corr(struct client *c, int64_t corr)
{
	size_t i;

	for (i = 0; i < c->n_ops; i++) {
		if (!c->ops[i].done && c->ops[i].corr == corr)
			return &c->ops[i];
	}
	return NULL;
}

static void
client_on_produce_resp(struct client *c, struct msg *m, int64_t now)
{
	struct client_op *op = client_op_by_corr(c, m->corr);
	struct client_result *r;

	if (op == NULL)
		return;
	if (retriable(m->error) && now < op->deadline_ms &&
	    m->error != KERR_REQUEST_TIMED_OUT) {
		client_op_retry(c, op, m->error, now);
		return;
	}
	r = client_op_finish(c, op, m->error, now);
	r->base_offset = m->base_offset;
	r->log_start = m->log_start;
	r->leader = m->from;
}

static void
client_on_fetch_resp(struct client *c, struct msg *m, int64_t now)
{
	struct client_op *op = client_op_by_corr(c, m->corr);
	struct client_result *r;

	if (op == NULL)
		return;
	if (retriable(m->error) && now < op->deadline_ms) {
		client_op_retry(c, op, m->error, now);
		return;
	}
	r = client_op_finish(c, op, m->error, now);
	r->leader = m->from;
	r->hw = m->hw;
	r->log_start = m->log_start;
	r->base_offset = m->base_offset;
	r->records = m->records;
	r->n_records = m->n_records;
	m->records = NULL;
	m->n_records = 0;
}

/* --- Consumer groups: the member (ConsumerCoordinator) and the
 * coordinator-addressed operations ----------------------------------- */

/* The next broker to ask for the coordinator: bootstrap servers and the
 * brokers metadata named, in turn. */
static int
client_pick_broker(struct client *c)
{
	int tries;

	for (tries = 0; tries < ISR_NODES; tries++) {
		int cand = 1 + (c->find_rotor + tries) % (ISR_NODES - 2);

		if (c->bootstrap[cand] || c->known[cand]) {
			c->find_rotor = cand;	/* keep it while it answers */
			return cand;
		}
	}
	return -1;
}

static struct msg *
client_group_msg(struct client *c, enum msg_type t, int to,
    const char *group)
{
	struct msg *m = msg_new(t, NODE_CLIENTS, to);

	m->corr = ++c->corr;
	m->gp = gpayload_new();
	snprintf(m->gp->group, sizeof m->gp->group, "%s", group);
	return m;
}

static bool
coordinator_error(enum kerr e)
{
	return e == KERR_NOT_COORDINATOR ||
	    e == KERR_COORDINATOR_NOT_AVAILABLE ||
	    e == KERR_COORDINATOR_LOAD_IN_PROGRESS ||
	    e == KERR_NETWORK_EXCEPTION || e == KERR_REQUEST_TIMED_OUT;
}

static void
cg_reset(struct client *c)
{
	struct client_group *g = &c->group;

	gpayload_free(g->join_resp);
	free(g->parts);
	memset(g, 0, sizeof *g);
	g->phase = CG_NONE;
	g->generation = -1;
	g->coordinator = -1;
}

/* Lost the coordinator: find it again after the backoff. */
static void
cg_lost_coordinator(struct client *c, int64_t now)
{
	struct client_group *g = &c->group;

	g->was_stable = g->phase == CG_STABLE ||
	    (g->phase == CG_FIND && g->was_stable);
	g->coordinator = -1;
	g->corr = 0;
	g->hb_corr = 0;
	g->phase = CG_FIND;
	g->retry_at_ms = now + c->settings.retry_backoff_ms;
}

static void
cg_rejoin(struct client *c, int64_t now, bool forget_member)
{
	struct client_group *g = &c->group;

	if (forget_member)
		g->member_id[0] = '\0';
	g->generation = -1;
	g->was_stable = false;
	g->corr = 0;
	g->hb_corr = 0;
	g->phase = g->coordinator >= 0 ? CG_JOIN : CG_FIND;
	g->retry_at_ms = now;
}

static int64_t
cg_join_timeout(const struct client *c)
{
	return c->settings.group_rebalance_timeout_ms + 5000;
}

/* Move the membership on; true when it needs the topic's metadata. */
static bool
cg_advance(struct client *c, int64_t now)
{
	struct client_group *g = &c->group;
	const char *topic;
	struct msg *m;
	int b;

	if (g->phase == CG_NONE)
		return false;
	if (g->corr != 0 && now - g->sent_ms > (g->phase == CG_JOIN ?
	    cg_join_timeout(c) : c->settings.request_timeout_ms))
		cg_lost_coordinator(c, now);
	if (g->hb_corr != 0 &&
	    now - g->hb_sent_ms > c->settings.request_timeout_ms)
		cg_lost_coordinator(c, now);
	if (g->corr != 0 || now < g->retry_at_ms)
		return false;
	switch (g->phase) {
	case CG_FIND:
		if ((b = client_pick_broker(c)) < 0)
			return false;
		m = client_group_msg(c, MSG_FIND_COORDINATOR, b, g->group);
		g->corr = m->corr;
		g->sent_ms = now;
		outbox_push(&c->out, m);
		break;
	case CG_JOIN:
		if (client_topic(c, g->topic) == NULL)
			return true;
		m = client_group_msg(c, MSG_JOIN_GROUP, g->coordinator,
		    g->group);
		snprintf(m->gp->member_id, sizeof m->gp->member_id, "%s",
		    g->member_id);
		snprintf(m->gp->client_id, sizeof m->gp->client_id, "%s",
		    g->client_id);
		/* One protocol: the assignor, with a version 0 subscription
		 * to the one topic (ConsumerProtocol). */
		snprintf(m->gp->protocol_type, sizeof m->gp->protocol_type,
		    "%s", CPROTO_TYPE);
		m->gp->protocols = xcalloc(1, sizeof *m->gp->protocols);
		m->gp->n_protocols = 1;
		snprintf(m->gp->protocols[0].name,
		    sizeof m->gp->protocols[0].name, "%s", g->assignor);
		topic = g->topic;
		cproto_subscription_encode(&topic, 1,
		    &m->gp->protocols[0].meta);
		m->gp->session_timeout_ms = c->settings.group_session_timeout_ms;
		m->gp->rebalance_timeout_ms =
		    c->settings.group_rebalance_timeout_ms;
		g->corr = m->corr;
		g->sent_ms = now;
		outbox_push(&c->out, m);
		break;
	case CG_STABLE:
		if (g->hb_corr != 0 || now < g->next_hb_ms)
			break;
		m = client_group_msg(c, MSG_GROUP_HEARTBEAT, g->coordinator,
		    g->group);
		snprintf(m->gp->member_id, sizeof m->gp->member_id, "%s",
		    g->member_id);
		m->gp->generation = g->generation;
		g->hb_corr = m->corr;
		g->hb_sent_ms = now;
		outbox_push(&c->out, m);
		break;
	default:
		break;
	}
	return false;
}

static int64_t
cg_next_deadline(const struct client *c)
{
	const struct client_group *g = &c->group;
	int64_t next = NEVER;

	if (g->phase == CG_NONE)
		return NEVER;
	if (g->corr != 0)
		next = g->sent_ms + (g->phase == CG_JOIN ? cg_join_timeout(c) :
		    c->settings.request_timeout_ms) + 1;
	else if (g->phase == CG_FIND || (g->phase == CG_JOIN &&
	    client_topic(c, g->topic) != NULL))
		next = g->retry_at_ms;	/* else metadata wakes it */
	if (g->phase == CG_STABLE) {
		int64_t t = g->hb_corr != 0 ? g->hb_sent_ms +
		    c->settings.request_timeout_ms + 1 : g->next_hb_ms;

		if (t < next)
			next = t;
	}
	return next;
}

static struct client_op *
client_op_by_id(struct client *c, int id)
{
	size_t i;

	for (i = 0; i < c->n_ops; i++) {
		if (!c->ops[i].done && c->ops[i].id == id)
			return &c->ops[i];
	}
	return NULL;
}

/* The leader member: run the group's assignor over the subscriptions
 * JoinGroup gave (ConsumerCoordinator.onLeaderElected), for the topics
 * this client has metadata for, and send everyone's assignment. */
static void
cg_send_sync(struct client *c, const struct gpayload *jr, int64_t now)
{
	struct client_group *g = &c->group;
	struct msg *m = client_group_msg(c, MSG_SYNC_GROUP, g->coordinator,
	    g->group);
	int n = jr->n_members, i, k, n_topics = 0;

	snprintf(m->gp->member_id, sizeof m->gp->member_id, "%s",
	    g->member_id);
	m->gp->generation = g->generation;
	if (n > 0 && strcmp(jr->leader_id, g->member_id) == 0) {
		struct group_sub *subs = xcalloc((size_t)n, sizeof *subs);
		struct group_topic *topics = NULL;
		struct cproto_topic **out = xcalloc((size_t)n, sizeof *out);
		int *n_out = xcalloc((size_t)n, sizeof *n_out);

		for (i = 0; i < n; i++) {
			char **names;
			int nn;

			subs[i].member_id = jr->members[i].member_id;
			subs[i].instance_id = jr->members[i].instance_id;
			if (cproto_subscription_decode(&jr->members[i].meta,
			    &names, &nn) != 0)
				continue;	/* subscribes to nothing */
			subs[i].topics = (const char *const *)names;
			subs[i].n_topics = nn;
			for (k = 0; k < nn; k++) {
				const struct client_topic *t =
				    client_topic(c, names[k]);
				int j;

				for (j = 0; j < n_topics &&
				    strcmp(topics[j].name, names[k]) != 0; j++)
					continue;
				if (t == NULL || j < n_topics)
					continue;
				topics = xreallocarray(topics,
				    (size_t)n_topics + 1, sizeof *topics);
				topics[n_topics].name = t->name;
				topics[n_topics++].n_partitions =
				    t->n_partitions;
			}
		}
		if (group_assign(jr->protocol, subs, n, topics, n_topics, out,
		    n_out) != 0)
			group_assign("range", subs, n, topics, n_topics, out,
			    n_out);
		m->gp->members = xcalloc((size_t)n, sizeof *m->gp->members);
		m->gp->n_members = n;
		for (i = 0; i < n; i++) {
			snprintf(m->gp->members[i].member_id,
			    sizeof m->gp->members[i].member_id, "%s",
			    subs[i].member_id);
			cproto_assignment_encode(out[i], n_out[i],
			    &m->gp->members[i].assign);
			cproto_topics_free(out[i], n_out[i]);
			cproto_names_free((char **)subs[i].topics,
			    subs[i].n_topics);
		}
		free(subs);
		free(topics);
		free(out);
		free(n_out);
	}
	g->phase = CG_SYNC;
	g->corr = m->corr;
	g->sent_ms = now;
	outbox_push(&c->out, m);
}

static void
cg_on_assigned(struct client *c, struct msg *m, int64_t now)
{
	struct client_group *g = &c->group;
	struct client_op *op;
	struct cproto_topic *asg;
	struct event *e;
	char list[128];
	int i, n = 0, n_asg;

	free(g->parts);
	g->parts = NULL;
	g->n_parts = 0;
	/* Its own topic's partitions of the assignment (ConsumerProtocol). */
	if (cproto_assignment_decode(&m->gp->assign, &asg, &n_asg) == 0) {
		for (i = 0; i < n_asg; i++) {
			if (strcmp(asg[i].name, g->topic) != 0)
				continue;
			g->parts = asg[i].parts;
			g->n_parts = asg[i].n_parts;
			asg[i].parts = NULL;
		}
		cproto_topics_free(asg, n_asg);
	}
	g->phase = CG_STABLE;
	g->was_stable = true;
	g->next_hb_ms = now + c->settings.group_heartbeat_ms;
	g->rebalances++;
	list[0] = '\0';
	for (i = 0; i < g->n_parts && n < (int)sizeof list - 12; i++)
		n += snprintf(list + n, sizeof list - (size_t)n, "%s%d",
		    i > 0 ? "," : "", g->parts[i]);
	e = evq_push(&c->events, EV_NOTE, now);
	snprintf(e->topic, sizeof e->topic, "%s", g->topic);
	e->partition = -1;
	snprintf(e->reason, sizeof e->reason, "consumer %.60s of group %.40s "
	    "generation %" PRId32 ": partitions [%s]", g->client_id, g->group,
	    g->generation, list);
	if (g->join_op != 0 && (op = client_op_by_id(c, g->join_op)) != NULL) {
		struct client_result *r = client_op_finish(c, op, KERR_NONE,
		    now);

		r->gp = gpayload_new();
		snprintf(r->gp->group, sizeof r->gp->group, "%s", g->group);
		snprintf(r->gp->member_id, sizeof r->gp->member_id, "%s",
		    g->member_id);
		r->gp->generation = g->generation;
		r->gp->coordinator = g->coordinator;
		r->gp->parts = xcalloc((size_t)(g->n_parts > 0 ? g->n_parts :
		    1), sizeof *r->gp->parts);
		if (g->n_parts > 0)
			memcpy(r->gp->parts, g->parts, (size_t)g->n_parts *
			    sizeof *g->parts);
		r->gp->n_parts = g->n_parts;
		r->leader = g->coordinator;
	}
}

/* A response to the membership's own request. */
static void
cg_on_resp(struct client *c, struct msg *m, int64_t now)
{
	struct client_group *g = &c->group;
	struct client_op *op;

	if (m->type == MSG_GROUP_HEARTBEAT_RESP) {
		g->hb_corr = 0;
		g->next_hb_ms = now + c->settings.group_heartbeat_ms;
	} else
		g->corr = 0;
	if (coordinator_error(m->error)) {
		if (m->type == MSG_FIND_COORDINATOR_RESP)
			g->retry_at_ms = now + c->settings.retry_backoff_ms;
		else
			cg_lost_coordinator(c, now);
		return;
	}
	switch (m->error) {
	case KERR_NONE:
		break;
	case KERR_REBALANCE_IN_PROGRESS:
		cg_rejoin(c, now, false);	/* keeps its member id */
		return;
	case KERR_UNKNOWN_MEMBER_ID:
		cg_rejoin(c, now, true);
		return;
	case KERR_ILLEGAL_GENERATION:
		cg_rejoin(c, now, false);
		return;
	default:
		/* INCONSISTENT_GROUP_PROTOCOL and the like: fatal. */
		if (g->join_op != 0 &&
		    (op = client_op_by_id(c, g->join_op)) != NULL)
			client_op_finish(c, op, m->error, now);
		cg_reset(c);
		return;
	}
	switch (m->type) {
	case MSG_FIND_COORDINATOR_RESP:
		g->coordinator = m->gp->coordinator;
		if (g->was_stable && g->generation >= 0) {
			/* Heartbeat the new coordinator; it loaded the group. */
			g->phase = CG_STABLE;
			g->next_hb_ms = now;
		} else
			g->phase = CG_JOIN;
		break;
	case MSG_JOIN_GROUP_RESP:
		snprintf(g->member_id, sizeof g->member_id, "%s",
		    m->gp->member_id);
		g->generation = m->gp->generation;
		cg_send_sync(c, m->gp, now);
		break;
	case MSG_SYNC_GROUP_RESP:
		cg_on_assigned(c, m, now);
		break;
	default:
		break;
	}
}

static struct client_op *
gop_by_corr(struct client *c, int64_t corr)
{
	size_t i;

	for (i = 0; i < c->n_ops; i++) {
		struct client_op *op = &c->ops[i];

		if (op->done || op->kind < OP_JOIN)
			continue;
		if (op->kind == OP_LIST_GROUPS ? corr >= op->corr &&
		    corr < op->corr_end : op->corr == corr)
			return op;
	}
	return NULL;
}

static void
gop_retry(struct client *c, struct client_op *op, int64_t now)
{
	op->coord = -1;
	op->corr = 0;
	op->finding = false;
	op->retry_at_ms = now + c->settings.retry_backoff_ms;
}

static void
client_on_group_resp(struct client *c, struct msg *m, int64_t now)
{
	struct client_group *g = &c->group;
	struct client_op *op;
	struct client_result *r;
	int i;

	if (g->phase != CG_NONE && m->corr != 0 &&
	    (m->corr == g->corr || m->corr == g->hb_corr)) {
		cg_on_resp(c, m, now);
		return;
	}
	if ((op = gop_by_corr(c, m->corr)) == NULL)
		return;
	if (op->kind == OP_LIST_GROUPS) {
		struct gpayload *acc = op->gp;

		for (i = 0; i < m->gp->n_listings; i++) {
			acc->listings = xreallocarray(acc->listings,
			    (size_t)acc->n_listings + 1,
			    sizeof *acc->listings);
			acc->listings[acc->n_listings++] = m->gp->listings[i];
		}
		if (--op->pending > 0)
			return;
		op->gp = NULL;
		r = client_op_finish(c, op, KERR_NONE, now);
		r->gp = acc;
		return;
	}
	if (m->type == MSG_FIND_COORDINATOR_RESP) {
		op->corr = 0;
		op->finding = false;
		if (m->error != KERR_NONE)
			op->retry_at_ms = now + c->settings.retry_backoff_ms;
		else
			op->coord = m->gp->coordinator;
		return;
	}
	if (coordinator_error(m->error) && now < op->deadline_ms &&
	    op->kind != OP_LEAVE) {
		gop_retry(c, op, now);
		return;
	}
	r = client_op_finish(c, op, m->error, now);
	r->leader = m->from;
	r->gp = m->gp;
	m->gp = NULL;
}

/* A group request bounced (the broker is down); true when it was one. */
static bool
client_group_unreachable(struct client *c, struct msg *m, int64_t now)
{
	struct client_group *g = &c->group;
	struct client_op *op;

	if (g->phase != CG_NONE && m->corr != 0 &&
	    (m->corr == g->corr || m->corr == g->hb_corr)) {
		if (g->phase == CG_FIND) {
			g->corr = 0;
			c->find_rotor++;
			g->retry_at_ms = now + c->settings.retry_backoff_ms;
		} else
			cg_lost_coordinator(c, now);
		return true;
	}
	if ((op = gop_by_corr(c, m->corr)) == NULL)
		return false;
	if (op->kind == OP_LIST_GROUPS) {
		if (--op->pending <= 0) {
			struct client_result *r;
			struct gpayload *acc = op->gp;

			op->gp = NULL;
			r = client_op_finish(c, op, KERR_NONE, now);
			r->gp = acc;
		}
		return true;
	}
	if (op->kind == OP_LEAVE) {
		client_op_finish(c, op, KERR_NONE, now);
		return true;
	}
	if (op->finding)
		c->find_rotor++;
	gop_retry(c, op, now);
	return true;
}

/* Move a group operation on; true when it needs metadata. */
static bool
gop_advance(struct client *c, struct client_op *op, int64_t now)
{
	struct msg *m;
	int b;

	if (op->corr != 0) {
		if (now - op->sent_ms > c->settings.request_timeout_ms) {
			if (op->kind == OP_LEAVE)
				client_op_finish(c, op, KERR_NONE, now);
			else if (op->kind == OP_LIST_GROUPS)
				client_op_finish(c, op, KERR_TIMEOUT, now);
			else
				gop_retry(c, op, now);
		}
		return false;
	}
	if (now >= op->deadline_ms) {
		client_op_finish(c, op, KERR_TIMEOUT, now);
		return false;
	}
	if (op->kind == OP_JOIN || now < op->retry_at_ms)
		return false;
	if (op->kind == OP_LIST_GROUPS) {
		if (client_topic(c, GROUP_OFFSETS_TOPIC) == NULL)
			return true;
		op->corr = c->corr + 1;
		op->pending = 0;
		for (b = 1; b < ISR_NODES - 1; b++) {
			if (!c->known[b])
				continue;
			m = client_group_msg(c, MSG_LIST_GROUPS, b, "");
			outbox_push(&c->out, m);
			op->pending++;
		}
		op->corr_end = c->corr + 1;
		op->sent_ms = now;
		if (op->pending == 0) {
			struct client_result *r;
			struct gpayload *acc = op->gp;

			op->gp = NULL;
			r = client_op_finish(c, op, KERR_NONE, now);
			r->gp = acc;
		}
		return false;
	}
	if (op->kind == OP_LEAVE && (op->coord < 0 ||
	    op->gp->member_id[0] == '\0')) {
		client_op_finish(c, op, KERR_NONE, now);
		return false;
	}
	if (op->coord < 0) {
		if ((b = client_pick_broker(c)) < 0)
			return false;
		m = client_group_msg(c, MSG_FIND_COORDINATOR, b,
		    op->gp->group);
		op->finding = true;
	} else {
		static const enum msg_type types[] = {
			[OP_LEAVE] = MSG_LEAVE_GROUP,
			[OP_COMMIT] = MSG_OFFSET_COMMIT,
			[OP_OFFSET_FETCH] = MSG_OFFSET_FETCH,
			[OP_DESCRIBE_GROUP] = MSG_DESCRIBE_GROUP,
		};

		m = msg_new(types[op->kind], NODE_CLIENTS, op->coord);
		m->corr = ++c->corr;
		m->gp = gpayload_copy(op->gp);
		op->finding = false;
	}
	op->corr = m->corr;
	op->sent_ms = now;
	op->target = m->to;
	outbox_push(&c->out, m);
	return false;
}

static struct client_op *
gop_add(struct client *c, enum client_op_kind kind, const char *group,
    int64_t now)
{
	struct client_op *op = client_op_add(c, kind, "", now);

	op->gp = gpayload_new();
	snprintf(op->gp->group, sizeof op->gp->group, "%s", group);
	if (c->group.phase != CG_NONE && strcmp(c->group.group, group) == 0)
		op->coord = c->group.coordinator;
	return op;
}

void
client_group_join(struct client *c, int64_t now, const char *group,
    const char *topic, const char *assignor, const char *client_id)
{
	struct client_group *g = &c->group;
	struct client_op *op;

	if (g->phase == CG_NONE) {
		cg_reset(c);
		snprintf(g->group, sizeof g->group, "%s", group);
		snprintf(g->topic, sizeof g->topic, "%s", topic);
		snprintf(g->assignor, sizeof g->assignor, "%s", assignor);
		snprintf(g->client_id, sizeof g->client_id, "%s", client_id);
		g->phase = CG_FIND;
		g->retry_at_ms = now;
	}
	op = client_op_add(c, OP_JOIN, topic, now);
	op->deadline_ms = now + cg_join_timeout(c) +
	    c->settings.group_initial_delay_ms + c->settings.request_timeout_ms;
	g->join_op = op->id;
}

void
client_group_leave(struct client *c, int64_t now)
{
	struct client_group *g = &c->group;
	struct client_op *op = gop_add(c, OP_LEAVE, g->group, now);

	snprintf(op->gp->member_id, sizeof op->gp->member_id, "%s",
	    g->member_id);
	op->coord = g->phase != CG_NONE ? g->coordinator : -1;
	cg_reset(c);
}

void
client_group_commit(struct client *c, int64_t now, const char *group,
    const struct gp_offset *offsets, int n)
{
	struct client_op *op = gop_add(c, OP_COMMIT, group, now);
	const struct client_group *g = &c->group;

	if (g->phase == CG_STABLE && strcmp(g->group, group) == 0) {
		snprintf(op->gp->member_id, sizeof op->gp->member_id, "%s",
		    g->member_id);
		op->gp->generation = g->generation;
	}
	if (n > 0) {
		op->gp->offsets = xcalloc((size_t)n, sizeof *op->gp->offsets);
		memcpy(op->gp->offsets, offsets, (size_t)n *
		    sizeof *offsets);
	}
	op->gp->n_offsets = n;
}

void
client_group_fetch_offsets(struct client *c, int64_t now, const char *group,
    const struct gp_offset *offsets, int n)
{
	struct client_op *op = gop_add(c, OP_OFFSET_FETCH, group, now);

	if (n > 0) {
		op->gp->offsets = xcalloc((size_t)n, sizeof *op->gp->offsets);
		memcpy(op->gp->offsets, offsets, (size_t)n *
		    sizeof *offsets);
	}
	op->gp->n_offsets = n;
}

void
client_describe_group(struct client *c, int64_t now, const char *group)
{
	gop_add(c, OP_DESCRIBE_GROUP, group, now);
}

void
client_list_groups(struct client *c, int64_t now)
{
	struct client_op *op = client_op_add(c, OP_LIST_GROUPS,
	    GROUP_OFFSETS_TOPIC, now);

	op->gp = gpayload_new();
}

void
client_step(struct client *c, struct msg *m, int64_t now)
{
	struct client_op *op;

	switch (m->type) {
	case MSG_METADATA_RESP:
		client_on_metadata(c, m, now);
		break;
	case MSG_PRODUCE_RESP:
		client_on_produce_resp(c, m, now);
		break;
	case MSG_FETCH_RESP:
		client_on_fetch_resp(c, m, now);
		break;
	case MSG_FIND_COORDINATOR_RESP:
	case MSG_JOIN_GROUP_RESP:
	case MSG_SYNC_GROUP_RESP:
	case MSG_GROUP_HEARTBEAT_RESP:
	case MSG_LEAVE_GROUP_RESP:
	case MSG_OFFSET_COMMIT_RESP:
	case MSG_OFFSET_FETCH_RESP:
	case MSG_DESCRIBE_GROUP_RESP:
	case MSG_LIST_GROUPS_RESP:
		client_on_group_resp(c, m, now);
		break;
	case MSG_UNREACHABLE:
		if (m->corr == c->md_corr && c->md_corr != 0)
			client_md_failed(c, now);
		else if (client_group_unreachable(c, m, now))
			;
		else if ((op = client_op_by_corr(c, m->corr)) != NULL)
			client_op_retry(c, op, KERR_NETWORK_EXCEPTION, now);
		break;
	default:
		break;
	}
	msg_free(m);
	client_tick(c, now);
}

static void
client_op_send(struct client *c, struct client_op *op,
    const struct md_partition *mp, int64_t now)
{
	struct msg *m = msg_new(op->kind == OP_PRODUCE ? MSG_PRODUCE :
	    MSG_FETCH, NODE_CLIENTS, mp->leader);
	int i;

	m->corr = ++c->corr;
	snprintf(m->topic, sizeof m->topic, "%s", op->topic);
	m->partition = op->partition;
	if (op->kind == OP_PRODUCE) {
		m->acks = op->acks;
		m->timeout_ms = c->settings.request_timeout_ms;
		m->n_records = op->n_records;
		m->records = xreallocarray(NULL, (size_t)op->n_records,
		    sizeof *m->records);
		for (i = 0; i < op->n_records; i++)
			record_copy(&m->records[i], &op->records[i]);
	} else {
		m->replica_id = -1;
		m->leader_epoch = -1;
		m->fetch_offset = op->fetch_offset;
		m->max_records = op->max_records;
	}
	op->corr = m->corr;
	op->sent_ms = now;
	op->target = mp->leader;
	outbox_push(&c->out, m);
	if (op->kind == OP_PRODUCE && op->acks == 0) {
		/* acks=0: no answer will come; done once sent. */
		struct client_result *r = client_op_finish(c, op, KERR_NONE,
		    now);

		r->leader = mp->leader;
	}
}

/* How long to wait for an answer before giving up on a connection.  An
 * acks=all produce waits a little longer than the broker's own timeout, so
 * that the broker's REQUEST_TIMED_OUT is what the student sees. */
static int64_t
client_request_timeout(const struct client *c, const struct client_op *op)
{
	int64_t t = c->settings.request_timeout_ms;

	return op->kind == OP_PRODUCE && op->acks == -1 ? t + 1000 : t;
}

/* Try to move op forward; returns whether it needs metadata. */
static bool
client_op_advance(struct client *c, size_t oi, int64_t now)
{
	struct client_op *op = &c->ops[oi];
	struct client_topic *t;
	struct client_result *r;

	if (op->done)
		return false;
	if (op->kind >= OP_JOIN)
		return gop_advance(c, op, now);
	if (op->corr != 0) {
		if (now - op->sent_ms > client_request_timeout(c, op))
			client_op_retry(c, op, KERR_REQUEST_TIMED_OUT, now);
		return false;
	}
	if (now >= op->deadline_ms) {
		/* A batch still in the accumulator (no leader to send it to,
		 * or backing off) expires with the Java producer's
		 * TimeoutException, never a broker error (Sender.java:424-426,
		 * ProducerBatch.java:414-416 at 3.7.0). */
		r = client_op_finish(c, op, KERR_TIMEOUT, now);
		if (op->kind == OP_PRODUCE)
			r->expired_ms = now - op->created_ms;
		return false;
	}
	if (now < op->retry_at_ms)
		return false;
	op->retry_at_ms = 0;	/* backoff over; a past one is no deadline */
	t = client_topic(c, op->topic);
	if (t == NULL)
		return true;
	if (op->kind == OP_PRODUCE && op->unsplit) {
		if (op->partition >= t->n_partitions) {
			client_op_finish(c, op,
			    KERR_UNKNOWN_TOPIC_OR_PARTITION, now);
			return false;
		}
		client_split(c, oi, t, now);
		return false;		/* the batches advance next turn */
	}
	if (op->kind == OP_FETCH && op->partition < 0) {
		r = client_op_finish(c, op, KERR_NONE, now);
		r->partition = t->n_partitions;
		return false;
	}
	if (op->partition >= t->n_partitions) {
		client_op_finish(c, op, KERR_UNKNOWN_TOPIC_OR_PARTITION, now);
		return false;
	}
	if (t->parts[op->partition].leader == ISR_NO_LEADER ||
	    c->md_wanted)
		return true;
	client_op_send(c, op, &t->parts[op->partition], now);
	return false;
}

void
client_tick(struct client *c, int64_t now)
{
	const char *need = NULL;
	size_t i, n;

	/* Advance ops; a split appends new ops, which the loop reaches. */
	for (i = 0; i < c->n_ops; i++) {
		if (client_op_advance(c, i, now) && need == NULL)
			need = c->ops[i].topic;
	}
	if (cg_advance(c, now) && need == NULL)
		need = c->group.topic;
	if (c->md_corr != 0 &&
	    now - c->md_sent_ms > c->settings.request_timeout_ms)
		client_md_failed(c, now);
	if (c->md_wanted && need == NULL) {
		for (i = 0; i < c->n_ops && need == NULL; i++) {
			if (!c->ops[i].done && c->ops[i].topic[0] != '\0')
				need = c->ops[i].topic;
		}
		if (need == NULL)
			c->md_wanted = false;
	}
	if (need != NULL && c->md_corr == 0 && now >= c->md_retry_at_ms)
		client_md_send(c, need, now);
	c->md_blocked = need != NULL && c->md_corr == 0 &&
	    c->md_retry_at_ms > now;

	/* Drop finished ops from the front. */
	for (n = 0; n < c->n_ops && c->ops[n].done; n++)
		;
	if (n > 0) {
		memmove(c->ops, c->ops + n, (c->n_ops - n) * sizeof *c->ops);
		c->n_ops -= n;
	}
}

int64_t
client_next_deadline(const struct client *c)
{
	int64_t next = NEVER;
	size_t i;

#define EARLIER(t) do { if ((t) < next) next = (t); } while (0)
	for (i = 0; i < c->n_ops; i++) {
		const struct client_op *op = &c->ops[i];

		if (op->done)
			continue;
		if (op->corr != 0) {
			EARLIER(op->sent_ms + client_request_timeout(c, op) +
			    1);
			continue;
		}
		EARLIER(op->deadline_ms);
		if (op->retry_at_ms > 0)
			EARLIER(op->retry_at_ms);
	}
	if (c->md_corr != 0)
		EARLIER(c->md_sent_ms + c->settings.request_timeout_ms + 1);
	else if (c->md_blocked)
		EARLIER(c->md_retry_at_ms);
	EARLIER(cg_next_deadline(c));
#undef EARLIER
	return next;
}

bool
client_busy(const struct client *c)
{
	size_t i;

	for (i = 0; i < c->n_ops; i++) {
		if (!c->ops[i].done)
			return true;
	}
	return false;
}

struct client_result *
client_take_results(struct client *c, size_t *n)
{
	struct client_result *r = c->results;

	*n = c->n_results;
	c->results = NULL;
	c->n_results = c->cap_results = 0;
	return r;
}
