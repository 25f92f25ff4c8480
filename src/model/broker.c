/*
 * broker.c - a Kafka broker as a pure state machine (see broker.h).
 *
 * The file follows the life of a request: lifecycle (register, heartbeat,
 * shutdown), metadata replay and the role changes it causes
 * (become_leader / become_follower), the leader's side of replication
 * (fetch handling, follower state, HW, ISR shrink and expand, produce and
 * its purgatory), then the follower's side (its fetch loop and
 * truncation).  Rule by rule it mirrors Kafka 3.7's Partition.scala,
 * Replica.scala and ReplicaManager.scala; the comments name the Kafka
 * function each piece stands for.
 */
#include "config.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/broker.h"
#include "util/xmalloc.h"

#define NEVER INT64_MAX

static void replica_reset_volatile(struct replica *r);
static void replica_schedule(struct broker *b, struct replica *r);
static void leader_maybe_increment_hw(struct broker *b, struct replica *r,
    int64_t now);
static void leader_complete_parked(struct broker *b, struct replica *r,
    int64_t now, bool expired_only);
static int leader_parked_followers(struct replica *r, int *out);
static void leader_answer_follower_fetch(struct broker *b, int follower);
static void leader_wake_follower_fetches(struct broker *b,
    struct replica *r);
static void broker_apply_limits(struct broker *b);

/* What a replica may never be, whatever the messages did (DESIGN.md
 * invariant 3 and the roles): HW past the LEO, a log that starts after
 * it ends, a leader role on behalf of another broker or with its epoch
 * starting past its log end, a follower of itself.  Checked after every
 * change to the log, the HW or the role. */
static void
replica_assert_valid(const struct broker *b, const struct replica *r)
{
	assert(r->log.log_start <= r->log.leo);
	assert(r->hw >= 0 && r->hw <= r->log.leo);
	assert(r->role != ROLE_LEADER || (r->leader == b->id &&
	    r->epoch_start_offset <= r->log.leo));
	assert(r->role != ROLE_FOLLOWER || r->leader != b->id);
	(void)b;
	(void)r;
}

const char *
broker_state_name(enum broker_state s)
{
	switch (s) {
	case BROKER_DOWN:
		return "down";
	case BROKER_STARTING:
		return "starting";
	case BROKER_RUNNING:
		return "running";
	case BROKER_STOPPING:
		return "stopping";
	}
	return "?";
}

struct broker *
broker_new(int id, const char *rack, const struct settings *s)
{
	struct broker *b = xcalloc(1, sizeof *b);
	int i;

	b->id = id;
	snprintf(b->rack, sizeof b->rack, "%s", rack != NULL ? rack : "");
	b->settings = *s;
	b->state = BROKER_DOWN;
	b->broker_epoch = -1;
	b->clean_shutdown_epoch = -1;
	b->heartbeat_sent_ms = -1;
	b->internal_topic_asked_ms = -1;
	image_init(&b->image);
	b->image.profile = s->profile;
	rset_init(&b->replicas);
	for (i = 0; i < ISR_NODES; i++)
		b->fetchers[i].next_ms = NEVER;
	return b;
}

/* --- The purgatory -------------------------------------------------- */

/*
 * Parked requests live in one array, b->parked, and removing one moves the
 * last into its place.  That order decides in which order answers go out
 * when several complete at once, so it is kept as it always was; each
 * replica lists the indexes of its own requests, so completing a
 * partition's requests visits only those, in the order a scan of the
 * whole array would meet them (parked_next).
 */

/* While broker_tick answers expired requests: the expired ones by
 * position, lowest first, with stale entries (moved or answered) skipped
 * when they surface. */
struct parked_expiry {
	struct parked_pos {
		size_t pos;
		const struct msg *req;	/* what was there when pushed */
	} *v;
	size_t n, cap;
	int64_t now;
};

static void
expiry_push(struct parked_expiry *x, size_t pos, const struct msg *req)
{
	size_t i;

	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 16;
		x->v = xreallocarray(x->v, x->cap, sizeof *x->v);
	}
	for (i = x->n++; i > 0 && x->v[(i - 1) / 2].pos > pos; i = (i - 1) / 2)
		x->v[i] = x->v[(i - 1) / 2];
	x->v[i].pos = pos;
	x->v[i].req = req;
}

static struct parked_pos
expiry_pop(struct parked_expiry *x)
{
	struct parked_pos top = x->v[0], last = x->v[--x->n];
	size_t i = 0, c;

	while ((c = 2 * i + 1) < x->n) {
		if (c + 1 < x->n && x->v[c + 1].pos < x->v[c].pos)
			c++;
		if (x->v[c].pos >= last.pos)
			break;
		x->v[i] = x->v[c];
		i = c;
	}
	if (x->n > 0)
		x->v[i] = last;
	return top;
}

static void
broker_park(struct broker *b, struct msg *req, int64_t deadline,
    int64_t required_offset)
{
	struct replica *r = broker_replica(b, req->topic, req->partition);
	struct parked *pk;

	/* Only a leader (or the coordinator's offsets partition) parks. */
	assert(r != NULL);
	if (b->n_parked == b->cap_parked) {
		b->cap_parked = b->cap_parked ? b->cap_parked * 2 : 16;
		b->parked = xreallocarray(b->parked, b->cap_parked,
		    sizeof *b->parked);
	}
	if (r->n_parked == r->cap_parked) {
		r->cap_parked = r->cap_parked ? r->cap_parked * 2 : 4;
		r->parked = xreallocarray(r->parked, r->cap_parked,
		    sizeof *r->parked);
	}
	pk = &b->parked[b->n_parked];
	pk->req = req;
	pk->deadline_ms = deadline;
	pk->required_offset = required_offset;
	pk->owner = r;
	pk->owner_at = r->n_parked;
	r->parked[r->n_parked++] = b->n_parked++;
	replica_schedule(b, r);
}

/* Take the request at pos out of the purgatory (the caller has answered
 * or freed it): the last one moves into its place. */
static void
parked_remove(struct broker *b, size_t pos)
{
	struct parked *pk = &b->parked[pos];
	struct replica *r = pk->owner;
	size_t at = pk->owner_at, last = --b->n_parked;

	r->parked[at] = r->parked[--r->n_parked];
	if (at < r->n_parked)
		b->parked[r->parked[at]].owner_at = at;
	if (pos != last) {
		pk = &b->parked[pos];
		*pk = b->parked[last];
		pk->owner->parked[pk->owner_at] = pos;
		if (b->expiring != NULL && pk->deadline_ms <= b->expiring->now)
			expiry_push(b->expiring, pos, pk->req);
	}
	replica_schedule(b, r);
}

/* The lowest index at or after from of a request parked on r (and
 * expired by now, if expired_only), or SIZE_MAX: the next one a scan of
 * b->parked from `from` would meet. */
static size_t
parked_next(const struct broker *b, const struct replica *r, size_t from,
    bool expired_only, int64_t now)
{
	size_t i, best = SIZE_MAX;

	for (i = 0; i < r->n_parked; i++) {
		size_t pos = r->parked[i];

		if (pos >= from && pos < best && (!expired_only ||
		    now >= b->parked[pos].deadline_ms))
			best = pos;
	}
	return best;
}

/* The process ends: its purgatories and its fetchers' requests with it. */
static void
parked_free_all(struct broker *b)
{
	size_t i;

	for (i = 0; i < b->n_parked; i++)
		msg_free(b->parked[i].req);
	b->n_parked = 0;
	for (i = 0; i < broker_n_replicas(b); i++) {
		broker_replica_at(b, i)->n_parked = 0;
		replica_schedule(b, broker_replica_at(b, i));
	}
	for (i = 0; i < ISR_NODES; i++) {
		msg_free(b->follower_fetch[i].req);
		b->follower_fetch[i].req = NULL;
		memset(&b->fetchers[i], 0, sizeof b->fetchers[i]);
		b->fetchers[i].next_ms = NEVER;
	}
}

static void
replica_free(struct replica *r)
{
	plog_free(&r->log);
	pstate_free(&r->producers);
	free(r->parked);
	free(r);
}

void
broker_free(struct broker *b)
{
	size_t i;

	if (b == NULL)
		return;
	gcoord_unload(b, -1);
	gcoord_free(&b->groups);
	parked_free_all(b);
	free(b->parked);
	for (i = 0; i < broker_n_replicas(b); i++)
		replica_free(broker_replica_at(b, i));
	rset_free(&b->replicas);
	free(b->due);
	image_free(&b->image);
	outbox_clear(&b->out);
	evq_free(&b->events);
	free(b);
}

void
broker_set_settings(struct broker *b, const struct settings *s)
{
	size_t i;

	b->settings = *s;
	broker_apply_limits(b);
	for (i = 0; i < broker_n_replicas(b); i++)
		replica_schedule(b, broker_replica_at(b, i));
}

struct replica *
broker_replica(const struct broker *b, const char *topic, int partition)
{
	return (struct replica *)rset_find(&b->replicas, topic, partition);
}

/* When broker_tick must next look at r: a leader's AlterPartition retry
 * or a parked request's deadline (the rules broker_tick applies).  A
 * follower's fetches are its fetcher's. */
static int64_t
replica_due(const struct broker *b, const struct replica *r)
{
	int64_t due = NEVER;
	size_t i;

	if (r->role == ROLE_LEADER && r->alter != ALTER_NONE)
		due = r->alter_retry_ms;
	for (i = 0; i < r->n_parked; i++) {
		if (b->parked[r->parked[i]].deadline_ms < due)
			due = b->parked[r->parked[i]].deadline_ms;
	}
	return due;
}

/* Put r where it belongs in the broker's deadline heap; called after
 * anything replica_due reads changed. */
static void
replica_schedule(struct broker *b, struct replica *r)
{
	rset_schedule(&b->replicas, &r->node, replica_due(b, r));
}

static struct msg *
broker_msg(struct broker *b, enum msg_type t, int to)
{
	struct msg *m = msg_new(t, b->id, to);

	m->corr = ++b->corr;
	m->broker_epoch = b->broker_epoch;
	return m;
}

static void
broker_reply(struct broker *b, const struct msg *req, struct msg *resp)
{
	resp->corr = req->corr;
	resp->client_id = req->client_id;
	outbox_push(&b->out, resp);
}

/* --- Lifecycle ------------------------------------------------------ */

static void
broker_send_register(struct broker *b, int64_t now)
{
	struct msg *m = broker_msg(b, MSG_REGISTER, NODE_CONTROLLER);

	m->incarnation = b->incarnation;
	/* PreviousBrokerEpoch (BrokerLifecycleManager.scala:402 at trunk
	 * 1eb7644): the controller tells a clean restart from a crash. */
	m->broker_epoch = b->clean_shutdown_epoch;
	snprintf(m->rack, sizeof m->rack, "%s", b->rack);
	outbox_push(&b->out, m);
	b->next_register_ms = now + b->settings.heartbeat_interval_ms;
}

static void
broker_send_heartbeat(struct broker *b, int64_t now)
{
	struct msg *m = broker_msg(b, MSG_HEARTBEAT, NODE_CONTROLLER);

	m->incarnation = b->incarnation;
	m->metadata_offset = b->image.offset;
	m->want_shutdown = b->want_shutdown;
	outbox_push(&b->out, m);
	b->heartbeat_sent_ms = now;
	b->next_heartbeat_ms = now + b->settings.heartbeat_interval_ms;
}

void
broker_start(struct broker *b, int64_t now)
{
	size_t i;

	if (b->state != BROKER_DOWN)
		return;
	b->state = BROKER_STARTING;
	b->incarnation++;
	b->broker_epoch = -1;
	b->fenced = true;
	b->serving = false;
	b->want_shutdown = false;
	image_free(&b->image);
	for (i = 0; i < broker_n_replicas(b); i++) {
		replica_reset_volatile(broker_replica_at(b, i));
		replica_schedule(b, broker_replica_at(b, i));
	}
	b->next_isr_check_ms = now + b->settings.replica_lag_time_max_ms / 2;
	broker_send_register(b, now);
}

static void
broker_go_down(struct broker *b)
{
	size_t i;

	b->state = BROKER_DOWN;
	b->broker_epoch = -1;
	b->serving = false;
	b->want_shutdown = false;
	gcoord_unload(b, -1);
	parked_free_all(b);
	outbox_clear(&b->out);
	image_free(&b->image);
	for (i = 0; i < broker_n_replicas(b); i++) {
		replica_reset_volatile(broker_replica_at(b, i));
		replica_schedule(b, broker_replica_at(b, i));
	}
}

void
broker_crash(struct broker *b)
{
	b->clean_shutdown_epoch = -1;
	broker_go_down(b);
}

void
broker_request_stop(struct broker *b, int64_t now)
{
	if (b->state == BROKER_DOWN)
		return;
	if (b->state == BROKER_STARTING) {
		b->clean_shutdown_epoch = -1;
		broker_go_down(b);	/* nothing registered to hand over */
		return;
	}
	b->state = BROKER_STOPPING;
	b->want_shutdown = true;
	broker_send_heartbeat(b, now);
}

static void
broker_on_register_resp(struct broker *b, struct msg *m, int64_t now)
{
	if (b->state != BROKER_STARTING)
		return;
	if (m->error != KERR_NONE) {
		/* The old process's session is still alive: retry. */
		b->next_register_ms = now + b->settings.heartbeat_interval_ms;
		return;
	}
	b->broker_epoch = m->broker_epoch;
	b->state = BROKER_RUNNING;
	b->fenced = true;
	broker_send_heartbeat(b, now);	/* at once: catch up metadata */
}

static void
broker_on_heartbeat_resp(struct broker *b, struct msg *m, int64_t now)
{
	if (b->state != BROKER_RUNNING && b->state != BROKER_STOPPING)
		return;
	b->heartbeat_sent_ms = -1;
	if (m->error == KERR_STALE_BROKER_EPOCH) {
		/* The controller no longer knows this registration. */
		b->state = BROKER_STARTING;
		b->broker_epoch = -1;
		broker_send_register(b, now);
		return;
	}
	b->fenced = m->fenced;
	if (!m->fenced)
		b->serving = true;
	if (m->shutdown_now && b->want_shutdown) {
		b->clean_shutdown_epoch = b->broker_epoch;
		broker_go_down(b);
	}
}

/* --- Metadata replay and role changes ------------------------------- */

static void
replica_reset_volatile(struct replica *r)
{
	r->role = ROLE_NONE;
	r->leader = ISR_NO_LEADER;
	r->leader_epoch = -1;
	r->partition_epoch = -1;
	r->n_followers = 0;
	r->alter = ALTER_NONE;
	r->alter_corr = 0;
	r->next_fetch_ms = 0;
}

/*
 * Each log's share of isrlab.log.max.bytes: the cap divided evenly among
 * every replica of every partition in the cluster.  Together the logs stay
 * within it, and the replicas of a partition keep the same records (their
 * log start offsets move together, as one retention.bytes would move
 * them).  Kafka has no such cap; it keeps logs on disk.
 */
static int64_t
broker_log_share(const struct broker *b)
{
	int64_t n = 0;
	size_t ti;
	int p;

	for (ti = 0; ti < b->image.n_topics; ti++)
		for (p = 0; p < b->image.topics[ti].n_partitions; p++)
			n += b->image.topics[ti].parts[p].n_replicas;
	return n > 0 ? b->settings.log_max_bytes / n :
	    b->settings.log_max_bytes;
}

/* Bring r's log to its topic's record retention and its byte share. */
static void
replica_apply_limits(const struct broker *b, struct replica *r,
    const struct topic_reg *t, int64_t share)
{
	plog_set_limits(&r->log, t->config.retention_records >= 0 ?
	    t->config.retention_records : b->settings.log_retention_records,
	    share);
}

/* Every replica's log to the limits of the current image and settings. */
static void
broker_apply_limits(struct broker *b)
{
	int64_t share = broker_log_share(b);
	size_t i;

	for (i = 0; i < broker_n_replicas(b); i++) {
		struct replica *r = broker_replica_at(b, i);
		const struct topic_reg *t = image_topic(&b->image, r->topic);

		if (t != NULL)
			replica_apply_limits(b, r, t, share);
	}
}

static struct replica *
broker_replica_add(struct broker *b, const char *topic, int partition,
    const struct topic_reg *t, int64_t share)
{
	struct replica *r;

	r = xcalloc(1, sizeof *r);
	snprintf(r->topic, sizeof r->topic, "%s", topic);
	memcpy(r->topic_id, t->id, sizeof r->topic_id);
	r->partition = partition;
	r->node.topic = r->topic;
	r->node.partition = partition;
	plog_init(&r->log, 1);
	replica_apply_limits(b, r, t, share);
	replica_reset_volatile(r);
	rset_add(&b->replicas, &r->node);
	return r;
}

/* Answer every parked request of r with error (it lost leadership). */
static void
parked_fail_partition(struct broker *b, struct replica *r, enum kerr error)
{
	size_t i = 0;

	while ((i = parked_next(b, r, i, false, 0)) != SIZE_MAX) {
		struct msg *req = b->parked[i].req, *resp;

		if (req->type == MSG_OFFSET_COMMIT) {
			parked_remove(b, i);
			gcoord_commit_done(b, req, KERR_NOT_COORDINATOR);
			continue;
		}
		resp = msg_new(req->type == MSG_FETCH ? MSG_FETCH_RESP :
		    MSG_PRODUCE_RESP, b->id, req->from);
		msg_set_topic(resp, req->topic);
		resp->partition = req->partition;
		resp->error = error;
		resp->base_offset = -1;
		broker_reply(b, req, resp);
		msg_free(req);
		parked_remove(b, i);
	}
}

/* Partition.makeLeader: the LEO becomes the epoch's start offset; each
 * follower's state is reset, "caught up now" if it is in the ISR. */
static void
become_leader(struct broker *b, struct replica *r,
    const struct partition_reg *reg, int64_t now)
{
	int waiting[ISR_MAX_REPLICAS], n_waiting, i;

	parked_fail_partition(b, r, KERR_NOT_LEADER_OR_FOLLOWER);
	n_waiting = leader_parked_followers(r, waiting);
	r->role = ROLE_LEADER;
	r->leader = b->id;
	r->leader_epoch = reg->leader_epoch;
	r->epoch_start_offset = r->log.leo;
	plog_assign_epoch(&r->log, reg->leader_epoch, r->log.leo);
	pstate_rebuild(&r->producers, &r->log);
	r->alter = ALTER_NONE;
	r->alter_corr = 0;
	r->n_followers = 0;
	for (i = 0; i < reg->n_replicas; i++) {
		struct follower_state *f;

		if (reg->replicas[i] == b->id)
			continue;
		f = &r->followers[r->n_followers++];
		memset(f, 0, sizeof *f);
		f->broker = reg->replicas[i];
		f->leo = -1;			/* unknown until it fetches */
		f->last_caught_up_ms = preg_in_isr(reg, f->broker) ? now : 0;
		f->last_fetch_leader_leo = -1;
		f->broker_epoch = -1;
		f->hw_sent = -1;		/* nothing sent yet */
		f->log_start_sent = -1;
	}
	/* DelayedFetch's case F: the epoch changed under a waiting FETCH,
	 * which its part now fails. */
	for (i = 0; i < n_waiting; i++)
		leader_answer_follower_fetch(b, waiting[i]);
	if (strcmp(r->topic, GROUP_OFFSETS_TOPIC) == 0)
		gcoord_load(b, r, now);
}

static void
become_follower(struct broker *b, struct replica *r,
    const struct partition_reg *reg, int64_t now)
{
	int waiting[ISR_MAX_REPLICAS], n_waiting, i;

	parked_fail_partition(b, r, KERR_NOT_LEADER_OR_FOLLOWER);
	n_waiting = leader_parked_followers(r, waiting);
	if (r->role == ROLE_LEADER &&
	    strcmp(r->topic, GROUP_OFFSETS_TOPIC) == 0)
		gcoord_unload(b, r->partition);
	r->role = ROLE_FOLLOWER;
	r->leader = reg->leader;
	r->leader_epoch = reg->leader_epoch;
	r->n_followers = 0;
	r->alter = ALTER_NONE;
	r->alter_corr = 0;
	/* Added to its leader's fetcher: in its next FETCH, at once when
	 * none is in flight (a late answer for the old epoch is ignored). */
	r->next_fetch_ms = now;
	if (reg->leader != ISR_NO_LEADER &&
	    b->fetchers[reg->leader].next_ms > now)
		b->fetchers[reg->leader].next_ms = now;
	/* DelayedFetch's case B: no longer the leader. */
	for (i = 0; i < n_waiting; i++)
		leader_answer_follower_fetch(b, waiting[i]);
}

static void
replica_apply_registration(struct broker *b, struct replica *r,
    const struct partition_reg *reg, int64_t now)
{
	bool newer_epoch = reg->leader_epoch > r->leader_epoch;

	/* The image replays each partition's registrations in order and a
	 * replica serves one topic id, so its leader epoch never goes back
	 * (it starts again from -1 only when the process does). */
	assert(reg->leader_epoch >= r->leader_epoch);
	if (reg->leader == b->id) {
		if (r->role != ROLE_LEADER || newer_epoch)
			become_leader(b, r, reg, now);
	} else if (r->role != ROLE_FOLLOWER || newer_epoch ||
	    r->leader != reg->leader)
		become_follower(b, r, reg, now);

	if (reg->partition_epoch > r->partition_epoch) {
		/* A committed change supersedes any pending AlterPartition. */
		r->alter = ALTER_NONE;
		r->alter_corr = 0;
	}
	r->partition_epoch = reg->partition_epoch;
	memcpy(r->replicas, reg->replicas, sizeof r->replicas);
	r->n_replicas = reg->n_replicas;
	memcpy(r->isr, reg->isr, sizeof r->isr);
	r->n_isr = reg->n_isr;
	if (r->role == ROLE_LEADER)
		leader_maybe_increment_hw(b, r, now);
	replica_schedule(b, r);
	replica_assert_valid(b, r);
}

/* Drop replica r, log and all: its topic was deleted.  The last replica
 * takes its place in the order. */
static void
broker_replica_drop(struct broker *b, struct replica *r)
{
	parked_fail_partition(b, r, KERR_UNKNOWN_TOPIC_OR_PARTITION);
	if (r->role == ROLE_LEADER &&
	    strcmp(r->topic, GROUP_OFFSETS_TOPIC) == 0)
		gcoord_unload(b, r->partition);
	rset_remove(&b->replicas, &r->node);
	leader_wake_follower_fetches(b, r);	/* its part: unknown now */
	replica_free(r);
}

/* Whether the image still has r's partition of r's topic (the same
 * topic: same name and same id). */
static bool
replica_in_image(const struct broker *b, const struct replica *r)
{
	const struct topic_reg *t = image_topic(&b->image, r->topic);

	return t != NULL && memcmp(t->id, r->topic_id, sizeof t->id) == 0 &&
	    r->partition < t->n_partitions;
}

/* Bring every replica in line with the image. */
static void
broker_reconcile(struct broker *b, int64_t now)
{
	int64_t share = broker_log_share(b);
	size_t ti, i;
	int p;

	for (ti = 0; ti < b->image.n_topics; ti++) {
		const struct topic_reg *t = &b->image.topics[ti];

		for (p = 0; p < t->n_partitions; p++) {
			const struct partition_reg *reg = &t->parts[p];
			struct replica *r;

			if (!preg_in_replicas(reg, b->id))
				continue;
			r = broker_replica(b, t->name, p);
			/* Deleted and created again while this broker was
			 * cut off (both records came in one batch): the old
			 * replica goes, as Kafka tells topics apart by id. */
			if (r != NULL && !replica_in_image(b, r)) {
				broker_replica_drop(b, r);
				r = NULL;
			}
			if (r == NULL)
				r = broker_replica_add(b, t->name, p, t,
				    share);
			replica_apply_registration(b, r, reg, now);
		}
	}
	/* Replicas of deleted topics go, logs and all. */
	i = 0;
	while (i < broker_n_replicas(b)) {
		if (replica_in_image(b, broker_replica_at(b, i)))
			i++;
		else
			broker_replica_drop(b, broker_replica_at(b, i));
	}
	/* A topic created or deleted changes every log's share. */
	broker_apply_limits(b);
}

static void
broker_on_metadata(struct broker *b, struct msg *m, int64_t now)
{
	bool changed = false;
	int i;

	if (b->state != BROKER_RUNNING && b->state != BROKER_STOPPING)
		return;
	/* Behind the controller's log start: its snapshot replaces the
	 * image, then the records follow. */
	if (m->snapshot != NULL && m->snapshot->offset > b->image.offset) {
		image_free(&b->image);
		image_copy(&b->image, m->snapshot);
		changed = true;
	}
	for (i = 0; i < m->n_recs; i++) {
		if (m->recs[i].offset != b->image.offset + 1)
			continue;	/* old, or a gap the heartbeat fills */
		image_apply(&b->image, &m->recs[i]);
		changed = true;
	}
	if (changed)
		broker_reconcile(b, now);
}

/* --- Leader side ---------------------------------------------------- */

static struct follower_state *
leader_follower(struct replica *r, int broker)
{
	int i;

	for (i = 0; i < r->n_followers; i++) {
		if (r->followers[i].broker == broker)
			return &r->followers[i];
	}
	return NULL;
}

/* The maximal ISR: the committed ISR, plus a replica being added. */
static void
leader_maximal_isr(const struct replica *r, int *out, int *n)
{
	memcpy(out, r->isr, (size_t)r->n_isr * sizeof out[0]);
	*n = r->n_isr;
	if (r->alter == ALTER_PENDING_EXPAND)
		memcpy(out, r->alter_isr, (size_t)(*n = r->n_alter_isr) *
		    sizeof out[0]);
}

static int64_t
leader_effective_min_isr(const struct broker *b, const struct replica *r)
{
	const struct topic_reg *t = image_topic(&b->image, r->topic);
	int64_t min_isr = image_min_isr(&b->image, t,
	    b->settings.min_insync_replicas);

	return min_isr < r->n_replicas ? min_isr : r->n_replicas;
}

/* Replica.isCaughtUp */
static bool
follower_caught_up(const struct follower_state *f, int64_t leader_leo,
    int64_t now, int64_t lag_max)
{
	return f->leo == leader_leo || now - f->last_caught_up_ms <= lag_max;
}

/* Partition.isReplicaIsrEligible (KRaft): unfenced, not shutting down,
 * and fetching with the broker epoch it is registered with (KIP-903). */
static bool
leader_isr_eligible(const struct broker *b, const struct follower_state *f)
{
	return image_broker_active(&b->image, f->broker) &&
	    (f->broker_epoch < 0 ||
	    f->broker_epoch == b->image.brokers[f->broker].epoch);
}

/* Partition.maybeIncrementLeaderHW: min LEO over the maximal ISR and over
 * caught-up eligible replicas waiting to join; never while the committed
 * ISR is below min.insync.replicas (3.7, KAFKA-15583); never backwards. */
static void
leader_maybe_increment_hw(struct broker *b, struct replica *r, int64_t now)
{
	int isr[ISR_MAX_REPLICAS], n_isr, i;
	int64_t hw = r->log.leo;

	assert(r->role == ROLE_LEADER && r->leader == b->id);

	if (r->n_isr < leader_effective_min_isr(b, r))
		return;
	leader_maximal_isr(r, isr, &n_isr);
	for (i = 0; i < r->n_followers; i++) {
		const struct follower_state *f = &r->followers[i];
		bool waits = ids_contains(isr, n_isr, f->broker) ||
		    (follower_caught_up(f, r->log.leo, now,
		    b->settings.replica_lag_time_max_ms) &&
		    leader_isr_eligible(b, f));

		if (waits && f->leo < hw)
			hw = f->leo;
	}
	if (hw > r->hw) {
		r->hw = hw;
		leader_complete_parked(b, r, now, false);
	}
	replica_assert_valid(b, r);
}

static void
leader_send_alter(struct broker *b, struct replica *r, int64_t now,
    const char *reason)
{
	struct msg *m = broker_msg(b, MSG_ALTER_PARTITION, NODE_CONTROLLER);

	msg_set_topic(m, r->topic);
	m->partition = r->partition;
	memcpy(m->isr, r->alter_isr, sizeof m->isr);
	m->n_isr = r->n_alter_isr;
	m->leader_epoch = r->leader_epoch;
	m->partition_epoch = r->partition_epoch;
	snprintf(m->reason, sizeof m->reason, "%s", reason);
	r->alter_corr = m->corr;
	r->alter_retry_ms = now + b->settings.request_timeout_ms;
	outbox_push(&b->out, m);
	replica_schedule(b, r);
}

/* Partition.maybeExpandIsr: a follower not in the ISR whose LEO reached
 * the HW within the current epoch is proposed for the ISR, at the end. */
static void
leader_maybe_expand_isr(struct broker *b, struct replica *r,
    const struct follower_state *f, int64_t now)
{
	char reason[96];

	if (r->alter != ALTER_NONE || ids_contains(r->isr, r->n_isr, f->broker) ||
	    !leader_isr_eligible(b, f))
		return;
	if (f->leo < r->hw || f->leo < r->epoch_start_offset)
		return;
	memcpy(r->alter_isr, r->isr, sizeof r->alter_isr);
	r->n_alter_isr = r->n_isr;
	r->alter_isr[r->n_alter_isr++] = f->broker;
	r->alter = ALTER_PENDING_EXPAND;
	snprintf(reason, sizeof reason, "replica %d caught up to HW %" PRId64,
	    f->broker, r->hw);
	leader_send_alter(b, r, now, reason);
}

/* Partition.maybeShrinkIsr: ISR members not caught up for longer than
 * replica.lag.time.max.ms are proposed for removal. */
static void
leader_maybe_shrink_isr(struct broker *b, struct replica *r, int64_t now)
{
	int out[ISR_MAX_REPLICAS], n_out = 0, i;
	char reason[96];
	int64_t worst = 0;

	if (r->alter != ALTER_NONE)
		return;
	for (i = 0; i < r->n_isr; i++) {
		struct follower_state *f;

		if (r->isr[i] == b->id)
			continue;
		f = leader_follower(r, r->isr[i]);
		if (f == NULL || follower_caught_up(f, r->log.leo, now,
		    b->settings.replica_lag_time_max_ms))
			continue;
		out[n_out++] = f->broker;
		if (now - f->last_caught_up_ms > worst)
			worst = now - f->last_caught_up_ms;
	}
	if (n_out == 0)
		return;
	r->n_alter_isr = 0;
	for (i = 0; i < r->n_isr; i++) {
		if (!ids_contains(out, n_out, r->isr[i]))
			r->alter_isr[r->n_alter_isr++] = r->isr[i];
	}
	r->alter = ALTER_PENDING_SHRINK;
	if (n_out == 1)
		snprintf(reason, sizeof reason, "replica %d not caught up for "
		    "%" PRId64 "ms", out[0], worst);
	else
		snprintf(reason, sizeof reason, "%d replicas not caught up "
		    "for up to %" PRId64 "ms", n_out, worst);
	leader_send_alter(b, r, now, reason);
}

static void
broker_on_alter_resp(struct broker *b, struct msg *m, int64_t now)
{
	struct replica *r = broker_replica(b, m->topic, m->partition);
	bool shrink;

	if (r == NULL || r->role != ROLE_LEADER || r->alter_corr != m->corr)
		return;
	shrink = r->alter == ALTER_PENDING_SHRINK;
	r->alter = ALTER_NONE;
	r->alter_corr = 0;
	replica_schedule(b, r);
	if (m->error != KERR_NONE) {
		b->metrics.failed_isr_updates++;
		return;		/* newer metadata will tell the truth */
	}
	if (m->leader_epoch != r->leader_epoch ||
	    m->partition_epoch < r->partition_epoch)
		return;
	memcpy(r->isr, m->isr, sizeof r->isr);
	r->n_isr = m->n_isr;
	r->partition_epoch = m->partition_epoch;
	if (shrink)
		b->metrics.isr_shrinks++;
	else
		b->metrics.isr_expands++;
	leader_maybe_increment_hw(b, r, now);
}

/* Replica.updateFetchStateOrThrow */
static void
follower_update_fetch_state(struct follower_state *f, int64_t fetch_offset,
    int64_t leader_leo, int64_t now, int64_t broker_epoch)
{
	if (fetch_offset >= leader_leo) {
		if (now > f->last_caught_up_ms)
			f->last_caught_up_ms = now;
	} else if (fetch_offset >= f->last_fetch_leader_leo &&
	    f->last_fetch_leader_leo >= 0) {
		if (f->last_fetch_ms > f->last_caught_up_ms)
			f->last_caught_up_ms = f->last_fetch_ms;
	}
	f->last_fetch_leader_leo = leader_leo;
	f->last_fetch_ms = now;
	f->leo = fetch_offset;
	f->broker_epoch = broker_epoch;
	f->fetched_this_epoch = true;
}

/* Fill resp with records of r from offset up to limit. */
static void
fetch_fill(const struct broker *b, const struct replica *r, struct msg *resp,
    int64_t offset, int64_t limit, int max)
{
	int64_t n = limit - offset;

	if (max > 0 && n > max)
		n = max;
	if (n > b->settings.replica_fetch_max_records)
		n = b->settings.replica_fetch_max_records;
	if (n <= 0)
		return;
	n = plog_batch_end(&r->log, offset + n, limit) - offset;
	/* Only records the log holds go out (the caller answered anything
	 * below the log start with OFFSET_OUT_OF_RANGE), and a consumer's
	 * limit is the HW, never past the LEO. */
	assert(offset >= r->log.log_start && limit <= r->log.leo);
	resp->records = xreallocarray(NULL, (size_t)n, sizeof *resp->records);
	plog_copy_out(&r->log, offset, n, resp->records);
	resp->n_records = (int)n;
	resp->base_offset = offset;
}

static struct msg *
fetch_response(struct broker *b, const struct msg *req, enum kerr error)
{
	struct msg *resp = msg_new(MSG_FETCH_RESP, b->id, req->from);

	msg_set_topic(resp, req->topic);
	resp->partition = req->partition;
	resp->error = error;
	resp->fetch_offset = req->fetch_offset;
	resp->base_offset = req->fetch_offset;
	resp->leader_epoch = req->leader_epoch;
	return resp;
}

/* Whether a fetch of r finds nothing to read yet: a follower reads up to
 * the LEO, a consumer up to the HW. */
static bool
fetch_finds_nothing(const struct replica *r, const struct msg *req)
{
	return req->fetch_offset >= (req->replica_id > 0 ? r->log.leo : r->hw);
}

/* Read r for a fetch the leader accepted (ReplicaManager.readFromLog). */
static struct msg *
fetch_read(struct broker *b, const struct replica *r, const struct msg *req)
{
	int64_t limit = req->replica_id > 0 ? r->log.leo : r->hw;
	struct msg *resp;

	/* Retention moved the log start past a parked fetch's offset: the
	 * read finds nothing there, as DelayedFetch.onComplete's
	 * readFromLocalLog then fails with OffsetOutOfRange. */
	resp = fetch_response(b, req, req->fetch_offset < r->log.log_start ?
	    KERR_OFFSET_OUT_OF_RANGE : KERR_NONE);
	resp->hw = r->hw;
	resp->log_start = r->log.log_start;
	resp->leo = r->log.leo;
	if (resp->error == KERR_NONE)
		fetch_fill(b, r, resp, req->fetch_offset, limit,
		    req->max_records);
	return resp;
}

/* Answer a consumer's fetch that may be served now; returns false to park
 * it. */
static bool
leader_serve_fetch(struct broker *b, struct replica *r, struct msg *req,
    bool may_park)
{
	if (fetch_finds_nothing(r, req) && may_park && req->max_wait_ms > 0)
		return false;
	broker_reply(b, req, fetch_read(b, r, req));
	return true;
}

/* Partition.checkEnoughReplicasReachOffset, for a parked acks=all produce
 * whose required offset the HW has reached. */
static void
leader_answer_produce(struct broker *b, struct replica *r, struct msg *req,
    enum kerr error, int64_t base)
{
	struct msg *resp = msg_new(MSG_PRODUCE_RESP, b->id, req->from);

	msg_set_topic(resp, req->topic);
	resp->partition = req->partition;
	resp->error = error;
	resp->base_offset = error == KERR_NONE ||
	    error == KERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND ? base : -1;
	resp->leader_epoch = r != NULL ? r->leader_epoch : -1;
	/* ProduceResponse.log_start_offset (KIP-107). */
	resp->log_start = r != NULL ? r->log.log_start : -1;
	broker_reply(b, req, resp);
}

/* Complete parked requests of r that can be answered: fetches with data
 * (or expired), produces whose offset the HW reached (or expired). */
static void
leader_complete_parked(struct broker *b, struct replica *r, int64_t now,
    bool expired_only)
{
	size_t i = 0;

	while ((i = parked_next(b, r, i, expired_only, now)) != SIZE_MAX) {
		struct parked *pk = &b->parked[i];
		struct msg *req = pk->req;
		bool expired = now >= pk->deadline_ms, done = false;

		if (req->type == MSG_FETCH)
			done = leader_serve_fetch(b, r, req, !expired);
		else if (req->type == MSG_OFFSET_COMMIT) {
			int64_t required = pk->required_offset;

			if (r->hw < required && !expired) {
				i++;
				continue;
			}
			parked_remove(b, i);
			gcoord_commit_done(b, req, r->hw >= required ?
			    KERR_NONE : KERR_REQUEST_TIMED_OUT);
			continue;
		} else if (r->hw >= pk->required_offset) {
			int isr[ISR_MAX_REPLICAS], n_isr;

			leader_maximal_isr(r, isr, &n_isr);
			leader_answer_produce(b, r, req,
			    n_isr < leader_effective_min_isr(b, r) ?
			    KERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND : KERR_NONE,
			    pk->required_offset - req->n_records);
			done = true;
		} else if (expired) {
			leader_answer_produce(b, r, req,
			    KERR_REQUEST_TIMED_OUT, -1);
			done = true;
		}
		if (!done) {
			i++;
			continue;
		}
		msg_free(req);
		parked_remove(b, i);
	}
}

/* A fetch of one partition (a consumer's, or a part of a follower's):
 * ReplicaManager.readFromLog's checks and Partition.fetchRecords' epoch
 * checks, then, from a follower, Partition.updateFollowerFetchState.
 * Returns the answer when it must go as it is (an error, or a diverging
 * epoch), NULL when the partition may be read; *rp is the replica. */
static struct msg *
leader_accept_fetch(struct broker *b, const struct msg *m,
    struct replica **rp, int64_t now)
{
	struct replica *r = broker_replica(b, m->topic, m->partition);
	struct follower_state *f = NULL;
	enum kerr err = KERR_NONE;
	struct msg *resp;
	int64_t prev_leo;

	*rp = r;
	if (r == NULL)
		err = KERR_UNKNOWN_TOPIC_OR_PARTITION;
	else if (r->role != ROLE_LEADER)
		err = KERR_NOT_LEADER_OR_FOLLOWER;
	else if (m->leader_epoch >= 0 && m->leader_epoch < r->leader_epoch)
		err = KERR_FENCED_LEADER_EPOCH;
	else if (m->leader_epoch > r->leader_epoch)
		err = KERR_UNKNOWN_LEADER_EPOCH;
	else if (m->replica_id > 0 &&
	    (f = leader_follower(r, m->replica_id)) == NULL)
		err = KERR_NOT_LEADER_OR_FOLLOWER;
	if (err == KERR_NONE && f != NULL &&
	    m->last_fetched_epoch != EPOCH_UNDEFINED) {
		int32_t found;
		int64_t end = plog_end_offset_for_epoch(&r->log,
		    m->last_fetched_epoch, &found);

		/* Partition.readRecords: the follower's last epoch ended
		 * earlier here (or never existed): tell it where to cut. */
		if (end == OFFSET_UNDEFINED || found == EPOCH_UNDEFINED)
			err = KERR_OFFSET_OUT_OF_RANGE;
		else if (found < m->last_fetched_epoch ||
		    end < m->fetch_offset) {
			resp = fetch_response(b, m, KERR_NONE);
			resp->hw = r->hw;
			resp->log_start = r->log.log_start;
			resp->leo = r->log.leo;
			resp->diverging = true;
			resp->diverging_epoch = found;
			resp->diverging_end_offset = end;
			return resp;
		}
	}
	if (err == KERR_NONE && (m->fetch_offset < r->log.log_start ||
	    m->fetch_offset > r->log.leo))
		err = KERR_OFFSET_OUT_OF_RANGE;
	if (err != KERR_NONE) {
		resp = fetch_response(b, m, err);
		if (r != NULL) {
			resp->log_start = r->log.log_start;
			resp->leo = r->log.leo;
			resp->hw = r->hw;
		}
		return resp;
	}
	if (f != NULL) {
		prev_leo = f->leo;
		follower_update_fetch_state(f, m->fetch_offset, r->log.leo, now,
		    m->broker_epoch);
		leader_maybe_expand_isr(b, r, f, now);
		if (prev_leo != f->leo)
			leader_maybe_increment_hw(b, r, now);
	}
	return NULL;
}

/* A consumer's fetch of one partition. */
static void
broker_on_fetch(struct broker *b, struct msg *m, int64_t now)
{
	struct replica *r;
	struct msg *resp = leader_accept_fetch(b, m, &r, now);

	if (resp != NULL) {
		broker_reply(b, m, resp);
		msg_free(m);
	} else if (leader_serve_fetch(b, r, m, true))
		msg_free(m);
	else
		broker_park(b, m, now + m->max_wait_ms, 0);
}

/* Whether a read of r for follower f goes in the answer: as an
 * incremental fetch session's response (KIP-227) leaves out a partition
 * with no records and the HW and log start it last sent, which the
 * follower would only take again (CachedPartition.maybeUpdateResponseData,
 * FetchSession.scala:137-171 at 3.7.0). */
static bool
fetch_part_news(struct follower_state *f, const struct msg *part)
{
	if (f != NULL && part->error != KERR_NONE)
		f->hw_sent = -1;	/* sent again once the error is gone */
	if (f == NULL || part->error != KERR_NONE || part->diverging)
		return true;
	if (part->n_records == 0 && part->hw == f->hw_sent &&
	    part->log_start == f->log_start_sent)
		return false;
	f->hw_sent = part->hw;
	f->log_start_sent = part->log_start;
	return true;
}

/* The answer to a follower's FETCH: each part's given answer, or a read
 * of its partition, checked again (DelayedFetch.onComplete reads anew:
 * the leader may have lost the partition while the FETCH waited), less
 * the parts with no news. */
static void
leader_answer_replica_fetch(struct broker *b, struct msg *req,
    struct msg **answers)
{
	struct msg *resp = msg_new(MSG_FETCH_RESP, b->id, req->from);
	int i;

	resp->parts = answers != NULL ? answers :
	    xcalloc((size_t)req->n_parts, sizeof *resp->parts);
	for (i = 0; i < req->n_parts; i++) {
		const struct msg *part = req->parts[i];
		struct msg *answer = resp->parts[i];
		struct follower_state *f = NULL;
		struct replica *r;

		resp->parts[i] = NULL;
		r = broker_replica(b, part->topic, part->partition);
		if (r != NULL && r->role == ROLE_LEADER &&
		    (f = leader_follower(r, req->from)) != NULL)
			f->parked = false;
		if (answer != NULL)
			;
		else if (r == NULL)
			answer = fetch_response(b, part,
			    KERR_UNKNOWN_TOPIC_OR_PARTITION);
		else if (r->role != ROLE_LEADER)
			answer = fetch_response(b, part,
			    KERR_NOT_LEADER_OR_FOLLOWER);
		else if (part->leader_epoch < r->leader_epoch)
			answer = fetch_response(b, part,
			    KERR_FENCED_LEADER_EPOCH);
		else if (f != NULL && fetch_finds_nothing(r, part) &&
		    part->fetch_offset >= r->log.log_start &&
		    r->hw == f->hw_sent && r->log.log_start == f->log_start_sent)
			continue;	/* no news: not even read */
		else
			answer = fetch_read(b, r, part);
		if (fetch_part_news(f, answer))
			resp->parts[resp->n_parts++] = answer;
		else
			msg_free(answer);
	}
	broker_reply(b, req, resp);
	msg_free(req);
}

/* Take follower's waiting FETCH out of the purgatory and answer it. */
static void
leader_answer_follower_fetch(struct broker *b, int follower)
{
	struct msg *req = b->follower_fetch[follower].req;

	if (req == NULL)
		return;
	b->follower_fetch[follower].req = NULL;
	leader_answer_replica_fetch(b, req, NULL);
}

/* The followers whose waiting FETCH has a part for r (cleared). */
static int
leader_parked_followers(struct replica *r, int *out)
{
	int i, n = 0;

	for (i = 0; i < r->n_followers; i++) {
		if (r->followers[i].parked) {
			r->followers[i].parked = false;
			out[n++] = r->followers[i].broker;
		}
	}
	return n;
}

/* Something changed for r's readers (new records, or r left): answer the
 * followers' FETCHes waiting on it (DelayedFetch.tryComplete). */
static void
leader_wake_follower_fetches(struct broker *b, struct replica *r)
{
	int waiting[ISR_MAX_REPLICAS], n = leader_parked_followers(r, waiting),
	    i;

	for (i = 0; i < n; i++)
		leader_answer_follower_fetch(b, waiting[i]);
}

/* A follower's FETCH, one part per partition it follows here
 * (ReplicaManager.fetchMessages): answered at once when a part has an
 * error, a diverging epoch or records to read, else parked until one of
 * its partitions gets records or replica.fetch.wait.max.ms passes. */
static void
broker_on_replica_fetch(struct broker *b, struct msg *m, int64_t now)
{
	struct msg **answers;
	bool answer_now = m->max_wait_ms <= 0;
	int i;

	if (m->from < 1 || m->from > ISR_MAX_BROKERS) {
		msg_free(m);
		return;
	}
	/* A FETCH it gave up on (or sent before it restarted) still waits:
	 * answered, to be ignored. */
	leader_answer_follower_fetch(b, m->from);
	answers = xcalloc((size_t)m->n_parts, sizeof *answers);
	for (i = 0; i < m->n_parts; i++) {
		struct replica *r;

		answers[i] = leader_accept_fetch(b, m->parts[i], &r, now);
		if (answers[i] != NULL || !fetch_finds_nothing(r, m->parts[i]))
			answer_now = true;
		else	/* every part was accepted if it parks */
			leader_follower(r, m->from)->parked = true;
	}
	if (answer_now) {
		leader_answer_replica_fetch(b, m, answers);
		return;
	}
	free(answers);
	b->follower_fetch[m->from].req = m;
	b->follower_fetch[m->from].deadline_ms = now + m->max_wait_ms;
}

int64_t
broker_append_internal(struct broker *b, struct replica *r,
    struct record *recs, int n, int64_t now)
{
	int i;

	for (i = 0; i < n; i++) {
		recs[i].epoch = r->leader_epoch;
		recs[i].timestamp = now;
		plog_append(&r->log, &recs[i]);
	}
	leader_maybe_increment_hw(b, r, now);
	leader_complete_parked(b, r, now, false);
	leader_wake_follower_fetches(b, r);
	return r->log.leo;
}

void
broker_park_commit(struct broker *b, struct msg *req, int64_t deadline,
    int64_t required_offset)
{
	broker_park(b, req, deadline, required_offset);
}

/* Partition.appendRecordsToLeader and the produce purgatory. */
static void
broker_on_produce(struct broker *b, struct msg *m, int64_t now)
{
	struct replica *r = broker_replica(b, m->topic, m->partition);
	int64_t base, dup_first, dup_last;
	enum kerr perr;
	int i;

	if (r == NULL || r->role != ROLE_LEADER) {
		if (m->acks != 0)
			leader_answer_produce(b, r, m, r == NULL ?
			    KERR_UNKNOWN_TOPIC_OR_PARTITION :
			    KERR_NOT_LEADER_OR_FOLLOWER, -1);
		msg_free(m);
		return;
	}
	if (m->acks != 0 && m->acks != 1 && m->acks != -1) {
		leader_answer_produce(b, r, m, KERR_INVALID_REQUIRED_ACKS, -1);
		msg_free(m);
		return;
	}
	if (m->acks == -1 && r->n_isr < leader_effective_min_isr(b, r)) {
		leader_answer_produce(b, r, m, KERR_NOT_ENOUGH_REPLICAS, -1);
		msg_free(m);
		return;
	}
	/* Idempotent producers (real clients' batches): a repeated batch
	 * is answered with the offsets it has (once the HW covers them, for
	 * acks=all), a gap or a stale epoch refused. */
	perr = pstate_check(&r->producers, m->records, m->n_records,
	    &dup_first, &dup_last);
	if (perr != KERR_NONE || (dup_first >= 0 && m->acks != -1)) {
		if (m->acks != 0)
			leader_answer_produce(b, r, m, perr, dup_first);
		msg_free(m);
		return;
	}
	if (dup_first >= 0) {
		m->n_records = (int)(dup_last + 1 - dup_first);
		broker_park(b, m, now + m->timeout_ms, dup_last + 1);
		leader_complete_parked(b, r, now, false);
		return;
	}
	base = r->log.leo;
	for (i = 0; i < m->n_records; i++) {
		struct record rec = m->records[i];

		rec.epoch = r->leader_epoch;
		rec.timestamp = now;
		plog_append(&r->log, &rec);
	}
	free(m->records);		/* the log owns the data now */
	m->records = NULL;
	pstate_note(&r->producers, &r->log, base, r->log.leo);
	b->metrics.produce_requests++;
	b->metrics.records_in += m->n_records;

	leader_maybe_increment_hw(b, r, now);
	leader_complete_parked(b, r, now, false);	/* waiting fetches */
	leader_wake_follower_fetches(b, r);
	if (m->acks == 0) {
		msg_free(m);
		return;
	}
	if (m->acks == 1) {
		leader_answer_produce(b, r, m, KERR_NONE, base);
		msg_free(m);
		return;
	}
	broker_park(b, m, now + m->timeout_ms, r->log.leo);
	leader_complete_parked(b, r, now, false);
}

static void
broker_on_metadata_req(struct broker *b, struct msg *m)
{
	struct msg *resp = msg_new(MSG_METADATA_RESP, b->id, m->from);
	const struct topic_reg *t = image_topic(&b->image, m->topic);
	int i;

	msg_set_topic(resp, m->topic);
	for (i = 1; i < ISR_NODES - 1; i++)
		resp->live_brokers[i] = b->image.brokers[i].registered &&
		    !b->image.brokers[i].fenced;
	if (t == NULL)
		resp->error = KERR_UNKNOWN_TOPIC_OR_PARTITION;
	else {
		resp->n_md = t->n_partitions;
		resp->md = xcalloc((size_t)t->n_partitions, sizeof *resp->md);
		for (i = 0; i < t->n_partitions; i++) {
			resp->md[i].leader = t->parts[i].leader;
			resp->md[i].leader_epoch = t->parts[i].leader_epoch;
			resp->md[i].error = t->parts[i].leader ==
			    ISR_NO_LEADER ? KERR_LEADER_NOT_AVAILABLE :
			    KERR_NONE;
		}
	}
	broker_reply(b, m, resp);
}

/* --- Follower side -------------------------------------------------- */

/* The part of a FETCH for r: where its log ends and what it believes. */
static struct msg *
follower_fetch_part(const struct broker *b, const struct replica *r)
{
	struct msg *part = msg_new(MSG_FETCH, b->id, r->leader);

	msg_set_topic(part, r->topic);
	part->partition = r->partition;
	part->replica_id = b->id;
	part->broker_epoch = b->broker_epoch;
	part->fetch_offset = r->log.leo;
	part->last_fetched_epoch = plog_latest_epoch(&r->log);
	part->leader_epoch = r->leader_epoch;
	part->max_records = (int)b->settings.replica_fetch_max_records;
	return part;
}

/* AbstractFetcherThread.maybeFetch for the fetcher of leader: one FETCH
 * with every partition followed there that is not backing off, or, with
 * none, sleep until the first one may. */
static void
follower_maybe_fetch(struct broker *b, int leader, int64_t now)
{
	struct fetcher *ft = &b->fetchers[leader];
	struct msg *m;
	int64_t next = NEVER;
	size_t i, cap = 0;

	if (ft->in_flight && (now - ft->sent_ms >
	    b->settings.request_timeout_ms ||
	    b->image.brokers[leader].epoch != ft->leader_broker_epoch)) {
		/* Timed out, or the leader's process died under it (its new
		 * registration says so) and the connection with it. */
		ft->in_flight = false;
		ft->next_ms = now;
	}
	if (ft->in_flight || now < ft->next_ms)
		return;
	m = broker_msg(b, MSG_FETCH, leader);
	m->replica_id = b->id;
	m->max_wait_ms = b->settings.replica_fetch_wait_max_ms;
	for (i = 0; i < broker_n_replicas(b); i++) {
		const struct replica *r = broker_replica_at(b, i);

		if (r->role != ROLE_FOLLOWER || r->leader != leader)
			continue;
		if (now < r->next_fetch_ms) {
			if (r->next_fetch_ms < next)
				next = r->next_fetch_ms;
			continue;
		}
		if ((size_t)m->n_parts == cap) {
			cap = cap ? cap * 2 : 4;
			m->parts = xreallocarray(m->parts, cap,
			    sizeof *m->parts);
		}
		m->parts[m->n_parts++] = follower_fetch_part(b, r);
	}
	if (m->n_parts == 0) {
		ft->next_ms = next;
		msg_free(m);
		return;
	}
	ft->in_flight = true;
	ft->corr = m->corr;
	ft->sent_ms = now;
	ft->leader_broker_epoch = b->image.brokers[leader].epoch;
	outbox_push(&b->out, m);
}

static void
follower_truncate(struct broker *b, struct replica *r, int64_t offset,
    int64_t now, const char *why)
{
	struct event *e;
	int64_t from = r->log.leo;

	/* A leader never truncates its own log: only a follower gives up
	 * records, to match its leader's. */
	assert(r->role == ROLE_FOLLOWER);
	/* Epoch entries at the LEO go even when no record does. */
	plog_truncate(&r->log, offset);
	if (offset >= from)
		return;
	if (r->hw > r->log.leo)
		r->hw = r->log.leo;
	replica_assert_valid(b, r);
	e = evq_push(&b->events, EV_TRUNCATE, now);
	e->broker = b->id;
	snprintf(e->topic, sizeof e->topic, "%s", r->topic);
	e->partition = r->partition;
	e->off_from = from;
	e->off_to = r->log.leo;
	snprintf(e->reason, sizeof e->reason, "%s", why);
}

/* AbstractFetcherThread.truncateOnFetchResponse with a diverging epoch. */
static void
follower_on_diverging(struct broker *b, struct replica *r,
    const struct msg *m, int64_t now)
{
	int32_t found;
	int64_t mine = plog_end_offset_for_epoch(&r->log, m->diverging_epoch,
	    &found), to;
	char why[96];

	if (m->diverging_end_offset == OFFSET_UNDEFINED ||
	    mine == OFFSET_UNDEFINED)
		to = r->hw;
	else if (found != m->diverging_epoch)
		to = mine;
	else
		to = mine < m->diverging_end_offset ? mine :
		    m->diverging_end_offset;
	if (to > r->log.leo)
		to = r->log.leo;
	snprintf(why, sizeof why, "diverging epoch %" PRId32 " ends at %"
	    PRId64 " on leader %d", m->diverging_epoch,
	    m->diverging_end_offset, m->from);
	follower_truncate(b, r, to, now, why);
}

/* AbstractFetcherThread.processFetchRequest for one part: taken only when
 * the partition still follows that leader in that epoch from the offset
 * it asked for (it may have moved on while the FETCH was out). */
static void
follower_on_fetch_part(struct broker *b, int leader, struct msg *m,
    int64_t now)
{
	struct replica *r = broker_replica(b, m->topic, m->partition);
	int i;

	if (r == NULL || r->role != ROLE_FOLLOWER || r->leader != leader ||
	    r->leader_epoch != m->leader_epoch ||
	    r->log.leo != m->fetch_offset)
		return;
	r->next_fetch_ms = now;
	switch (m->error) {
	case KERR_NONE:
		if (m->diverging) {
			follower_on_diverging(b, r, m, now);
			return;
		}
		if (m->n_records > 0 && m->base_offset == r->log.leo) {
			for (i = 0; i < m->n_records; i++)
				plog_append_copy(&r->log, &m->records[i]);
			free(m->records);
			m->records = NULL;
			m->n_records = 0;
		}
		/* The follower's HW: the leader's, bounded by its own log. */
		r->hw = m->hw < r->log.leo ? m->hw : r->log.leo;
		if (r->hw < r->log.log_start)
			r->hw = r->log.log_start;
		break;
	case KERR_OFFSET_OUT_OF_RANGE:
		if (m->leo < r->log.leo) {
			follower_truncate(b, r, m->leo, now, "log end beyond "
			    "the leader's (unclean election)");
		} else if (r->log.leo < m->log_start) {
			plog_reset(&r->log, m->log_start);
			r->hw = m->log_start;
		}
		break;
	default:
		/* Not leader, stale epoch, unknown partition: wait for the
		 * metadata to catch up. */
		r->next_fetch_ms = now + b->settings.replica_fetch_backoff_ms;
		break;
	}
	replica_assert_valid(b, r);
}

static void
broker_on_fetch_resp(struct broker *b, struct msg *m, int64_t now)
{
	struct fetcher *ft;
	int i;

	if (m->from < 1 || m->from > ISR_MAX_BROKERS)
		return;
	ft = &b->fetchers[m->from];
	if (!ft->in_flight || ft->corr != m->corr)
		return;
	ft->in_flight = false;
	ft->next_ms = now;
	for (i = 0; i < m->n_parts; i++)
		follower_on_fetch_part(b, m->from, m->parts[i], now);
}

/* The leader's process is down (connection refused): back off. */
static void
broker_on_unreachable(struct broker *b, struct msg *m, int64_t now)
{
	struct fetcher *ft;

	if (m->bounced_type != MSG_FETCH || m->from < 1 ||
	    m->from > ISR_MAX_BROKERS)
		return;
	ft = &b->fetchers[m->from];
	if (ft->in_flight && ft->corr == m->corr) {
		ft->in_flight = false;
		ft->next_ms = now + b->settings.replica_fetch_backoff_ms;
	}
}

/* --- Entry points --------------------------------------------------- */

void
broker_step(struct broker *b, struct msg *m, int64_t now)
{
	bool owned = false;

	if (b->state == BROKER_DOWN) {
		msg_free(m);
		return;
	}
	switch (m->type) {
	case MSG_REGISTER_RESP:
		broker_on_register_resp(b, m, now);
		break;
	case MSG_HEARTBEAT_RESP:
		broker_on_heartbeat_resp(b, m, now);
		break;
	case MSG_METADATA_PUSH:
		broker_on_metadata(b, m, now);
		break;
	case MSG_ALTER_PARTITION_RESP:
		broker_on_alter_resp(b, m, now);
		break;
	case MSG_FETCH:
		if (m->replica_id > 0)
			broker_on_replica_fetch(b, m, now);
		else
			broker_on_fetch(b, m, now);
		owned = true;
		break;
	case MSG_FETCH_RESP:
		broker_on_fetch_resp(b, m, now);
		break;
	case MSG_PRODUCE:
		broker_on_produce(b, m, now);
		owned = true;
		break;
	case MSG_METADATA_REQ:
		broker_on_metadata_req(b, m);
		break;
	case MSG_UNREACHABLE:
		broker_on_unreachable(b, m, now);
		break;
	default:
		if (group_msg_is_request(m->type)) {
			gcoord_step(b, m, now);
			owned = true;
		}
		break;
	}
	if (!owned)
		msg_free(m);
	if (b->state != BROKER_DOWN)
		broker_tick(b, now);
}

/* Answer every parked request past its deadline.  A scan of b->parked
 * would find the lowest-placed expired request, answer its partition's
 * expired ones, and start again: the expired are taken lowest position
 * first to the same effect, a request that moves down (into a place an
 * answered one left) pushed again at its new place. */
static void
broker_expire_parked(struct broker *b, int64_t now)
{
	struct parked_expiry x = { .now = now };
	size_t n = rset_due(&b->replicas, now, &b->due, &b->cap_due), i, j;

	for (i = 0; i < n; i++) {
		const struct replica *r = (const struct replica *)b->due[i];

		for (j = 0; j < r->n_parked; j++) {
			const struct parked *pk = &b->parked[r->parked[j]];

			if (now >= pk->deadline_ms)
				expiry_push(&x, r->parked[j], pk->req);
		}
	}
	b->expiring = &x;
	while (x.n > 0) {
		struct parked_pos top = expiry_pop(&x);

		if (top.pos < b->n_parked && b->parked[top.pos].req == top.req)
			leader_complete_parked(b, b->parked[top.pos].owner, now,
			    true);
	}
	b->expiring = NULL;
	free(x.v);
	for (i = 1; i <= ISR_MAX_BROKERS; i++) {
		if (b->follower_fetch[i].req != NULL &&
		    now >= b->follower_fetch[i].deadline_ms)
			leader_answer_follower_fetch(b, (int)i);
	}
}

static int
due_cmp_slot(const void *a, const void *b)
{
	size_t x = (*(struct rset_node *const *)a)->slot,
	    y = (*(struct rset_node *const *)b)->slot;

	return x < y ? -1 : x > y;
}

void
broker_tick(struct broker *b, int64_t now)
{
	size_t i, n, k;

	if (b->state == BROKER_DOWN)
		return;
	if (b->state == BROKER_STARTING) {
		if (now >= b->next_register_ms)
			broker_send_register(b, now);
		return;
	}
	if (now >= b->next_heartbeat_ms)
		broker_send_heartbeat(b, now);

	if (now >= b->next_isr_check_ms) {
		/* ReplicaManager's isr-expiration task. */
		for (i = 0; i < broker_n_replicas(b); i++) {
			struct replica *r = broker_replica_at(b, i);

			if (r->role == ROLE_LEADER)
				leader_maybe_shrink_isr(b, r, now);
		}
		b->next_isr_check_ms = now +
		    b->settings.replica_lag_time_max_ms / 2;
	}
	/* Only the replicas due for an AlterPartition retry (not only for
	 * a parked request), in the broker's order. */
	n = rset_due(&b->replicas, now, &b->due, &b->cap_due);
	for (i = k = 0; i < n; i++) {
		const struct replica *r = (const struct replica *)b->due[i];

		if (r->role == ROLE_LEADER && r->alter != ALTER_NONE &&
		    now >= r->alter_retry_ms)
			b->due[k++] = b->due[i];
	}
	if (k > 1)
		qsort(b->due, k, sizeof *b->due, due_cmp_slot);
	for (i = 0; i < k; i++)
		leader_send_alter(b, (struct replica *)b->due[i], now,
		    "retrying AlterPartition");
	for (i = 1; i <= ISR_MAX_BROKERS; i++) {
		if ((int)i != b->id)
			follower_maybe_fetch(b, (int)i, now);
	}
	gcoord_tick(b, now);
	broker_expire_parked(b, now);
}

int64_t
broker_next_deadline(const struct broker *b)
{
	int64_t next = NEVER;
	int i;

#define EARLIER(t) do { if ((t) < next) next = (t); } while (0)
	if (b->state == BROKER_DOWN)
		return NEVER;
	if (b->state == BROKER_STARTING)
		return b->next_register_ms;
	EARLIER(b->next_heartbeat_ms);
	EARLIER(b->next_isr_check_ms);
	EARLIER(rset_next_due(&b->replicas));
	EARLIER(gcoord_next_deadline(b));
	for (i = 1; i <= ISR_MAX_BROKERS; i++) {
		const struct fetcher *ft = &b->fetchers[i];

		if (b->follower_fetch[i].req != NULL)
			EARLIER(b->follower_fetch[i].deadline_ms);
		EARLIER(ft->in_flight ? ft->sent_ms +
		    b->settings.request_timeout_ms + 1 : ft->next_ms);
	}
#undef EARLIER
	return next;
}
