/*
 * chaos.c - the chaos checker (see chaos.h for the design).
 *
 * One struct chaos lives for one schedule: the simulator, the checker's
 * state, the schedule's PRNG, the client, what the consumer has read, and
 * the step list printed when something breaks.  Steps are chosen from a
 * weighted table; a step that needs a target (the leader of a partition,
 * a broker that is down) draws it from the cluster as it is at that
 * moment, which is how bounces chase the current leader.  Every step is
 * written down in the command language before it runs, so the list read
 * back is a script that replays the schedule.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/invariants.h"
#include "sim/chaos.h"
#include "sim/sim.h"
#include "util/prng.h"
#include "util/xmalloc.h"

#define CHAOS_STEPS 40			/* steps per schedule */
#define CHAOS_TOPICS 2
#define CHAOS_PARTITIONS 3
#define CHAOS_FETCH_MAX 500		/* records per consumer fetch */
#define CHAOS_SLACK_MS 3000		/* added to the quiet period (7) */

static const char *const chaos_topic_names[CHAOS_TOPICS] = {
	"chaos-a",			/* min.insync.replicas=2 */
	"chaos-b",			/* min.insync.replicas=1 */
};

/* What the consumer has read of one partition. */
struct chaos_read {
	int64_t pos;			/* next offset to fetch */
	uint64_t *ids;			/* id read at each offset, 0 = none */
	int64_t n_ids;
};

struct chaos {
	struct sim *sim;
	struct engine *e;
	struct broker *brokers[ISR_MAX_BROKERS];
	int n;
	struct inv_state st;
	struct prng prng;
	bool unclean;
	int client;			/* engine client handle */
	int64_t timeout_ms;		/* for one client operation */
	int max_faults;			/* brokers hurt at once, at most */
	int step;			/* 1-based number of the running step */
	int violation;			/* 0, or the invariant broken */
	char why[512];
	struct strbuf steps;		/* the schedule so far, one per line */
	struct chaos_read reads[CHAOS_TOPICS][CHAOS_PARTITIONS];
	int64_t record_no;		/* values produced so far */
};

/* --- Violations and the step list ----------------------------------- */

static void chaos_violate(struct chaos *ch, int inv, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record a violation found by the driver itself; the first one stands. */
static void
chaos_violate(struct chaos *ch, int inv, const char *fmt, ...)
{
	int64_t now = sim_now(ch->sim);
	va_list ap;
	int used;

	if (ch->violation != 0)
		return;
	ch->violation = inv;
	used = snprintf(ch->why, sizeof ch->why, "t=%" PRId64 ".%03" PRId64
	    "s ", now / 1000, now % 1000);
	va_start(ap, fmt);
	vsnprintf(ch->why + used, sizeof ch->why - (size_t)used, fmt, ap);
	va_end(ap);
}

static void chaos_note(struct chaos *ch, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Write the next step of the schedule down. */
static void
chaos_note(struct chaos *ch, const char *fmt, ...)
{
	va_list ap;

	ch->step++;
	strbuf_printf(&ch->steps, "  %3d  %7.3fs  ", ch->step,
	    (double)sim_now(ch->sim) / 1000.0);
	va_start(ap, fmt);
	strbuf_vprintf(&ch->steps, fmt, ap);
	va_end(ap);
	strbuf_addc(&ch->steps, '\n');
}

/* The observer: every invariant after every simulator step. */
static bool
chaos_observe(struct sim *sim, void *arg)
{
	struct chaos *ch = arg;
	int rc;

	if (ch->violation != 0)
		return false;
	rc = invariants_check(sim_controller(sim), ch->brokers, ch->n,
	    sim_ledger(sim), &ch->st, sim_now(sim), ch->unclean, ch->why,
	    sizeof ch->why);
	if (rc != 0)
		ch->violation = rc;
	return rc == 0;
}

static bool
chaos_stopped(const struct chaos *ch)
{
	return ch->violation != 0;
}

/* --- Looking at the cluster ----------------------------------------- */

static const struct partition_reg *
chaos_reg(const struct chaos *ch, int t, int p)
{
	return image_partition(&sim_controller(ch->sim)->image,
	    chaos_topic_names[t], p);
}

/* A uniformly drawn broker for which want(up) holds, or -1. */
static int
chaos_pick_broker(struct chaos *ch, bool up)
{
	int cand[ISR_MAX_BROKERS], n = 0, b;

	for (b = 1; b <= ch->n; b++) {
		if (broker_is_up(ch->brokers[b - 1]) == up)
			cand[n++] = b;
	}
	return n > 0 ? cand[prng_below(&ch->prng, (uint64_t)n)] : -1;
}

/* The controller's leader of a random partition that has one and is up,
 * else a random up broker, else -1. */
static int
chaos_pick_leader(struct chaos *ch)
{
	int t = (int)prng_below(&ch->prng, CHAOS_TOPICS);
	int p = (int)prng_below(&ch->prng, CHAOS_PARTITIONS), i;

	for (i = 0; i < CHAOS_TOPICS * CHAOS_PARTITIONS; i++) {
		const struct partition_reg *reg = chaos_reg(ch, t, p);

		if (reg != NULL && reg->leader != ISR_NO_LEADER &&
		    broker_is_up(ch->brokers[reg->leader - 1]))
			return reg->leader;
		p = (p + 1) % CHAOS_PARTITIONS;
		if (p == 0)
			t = (t + 1) % CHAOS_TOPICS;
	}
	return chaos_pick_broker(ch, true);
}

static int64_t
chaos_draw(struct chaos *ch, int64_t lo, int64_t hi)
{
	return lo + (int64_t)prng_below(&ch->prng, (uint64_t)(hi - lo + 1));
}

/* --- Steps ---------------------------------------------------------- */

static void
chaos_fault(struct chaos *ch, const struct fault *f)
{
	char err[128];

	if (ch->e->ops->fault(ch->e, f, err, sizeof err) != 0)
		strbuf_printf(&ch->steps, "         (refused: %s)\n", err);
}

static void
chaos_kill(struct chaos *ch, int b, bool clean)
{
	struct fault f = { .kind = clean ? FAULT_STOP : FAULT_KILL,
	    .broker = b };

	chaos_note(ch, "%s %d", clean ? "stop" : "kill", b);
	chaos_fault(ch, &f);
}

static void
chaos_restart(struct chaos *ch, int b)
{
	struct fault f = { .kind = FAULT_START, .broker = b };

	chaos_note(ch, "restart %d", b);
	chaos_fault(ch, &f);
}

static void
chaos_wait(struct chaos *ch, int64_t ms)
{
	chaos_note(ch, "wait %" PRId64 "ms", ms);
	sim_run_for(ch->sim, ms);
}

static void
chaos_isolate(struct chaos *ch, int b, bool with_clients)
{
	struct fault f = { .kind = FAULT_ISOLATE, .broker = b,
	    .with_clients = with_clients };

	chaos_note(ch, "isolate %d%s", b, with_clients ? " --clients" : "");
	chaos_fault(ch, &f);
}

static void
chaos_heal(struct chaos *ch, int b)
{
	struct fault f = { .kind = FAULT_HEAL, .broker = b };

	if (b < 0)
		chaos_note(ch, "heal");
	else
		chaos_note(ch, "heal %d", b);
	chaos_fault(ch, &f);
}

/* Two sides, each non-empty; the controller on a random one. */
static void
chaos_partition(struct chaos *ch)
{
	struct fault f = { .kind = FAULT_PARTITION };
	char a[64] = "", b[64] = "";
	size_t la = 0, lb = 0;
	uint64_t mask;
	int i;

	if (ch->n < 2)
		return;
	mask = 1 + prng_below(&ch->prng, ((uint64_t)1 << ch->n) - 2);
	for (i = 1; i <= ch->n; i++) {
		bool in_a = (mask >> (i - 1)) & 1;

		f.side_a[i] = in_a;
		f.side_b[i] = !in_a;
		if (in_a)
			la += (size_t)snprintf(a + la, sizeof a - la, "%s%d",
			    la ? "," : "", i);
		else
			lb += (size_t)snprintf(b + lb, sizeof b - lb, "%s%d",
			    lb ? "," : "", i);
	}
	if (prng_below(&ch->prng, 3) == 0) {
		f.side_b[NODE_CONTROLLER] = true;
		chaos_note(ch, "partition %s | %s,controller", a, b);
	} else {
		f.side_a[NODE_CONTROLLER] = true;
		chaos_note(ch, "partition %s | %s", a, b);
	}
	chaos_fault(ch, &f);
}

static void
chaos_slow(struct chaos *ch, int b, int64_t ms)
{
	struct fault f = { .kind = FAULT_SLOW, .broker = b, .ms = ms };

	chaos_note(ch, "slow %d %" PRId64, b, ms);
	chaos_fault(ch, &f);
}

/* Invariant 8 at the acknowledgement: an acks=all batch acknowledged is
 * on at least min.insync.replicas replicas (it was on the whole ISR when
 * the HW passed it, and clean elections never take committed records
 * away). */
static void
chaos_check_ack(struct chaos *ch, const struct client_result *r)
{
	const struct controller *c = sim_controller(ch->sim);
	const struct topic_reg *t = image_topic(&c->image, r->topic);
	const struct partition_reg *reg = image_partition(&c->image,
	    r->topic, r->partition);
	const struct inv_partition *ip = inv_state_partition(&ch->st,
	    r->topic, r->partition);
	int64_t min_isr;
	int holders = 0, b, i;

	if (t == NULL || reg == NULL || ip == NULL || ip->unclean)
		return;
	min_isr = image_min_isr(&c->image, t, c->settings.min_insync_replicas);
	if (min_isr > reg->n_replicas)
		min_isr = reg->n_replicas;
	for (b = 1; b <= ch->n; b++) {
		const struct replica *rep = broker_replica(ch->brokers[b - 1],
		    r->topic, r->partition);

		for (i = 0; rep != NULL && i < r->n_sent; i++) {
			const struct record *rec = plog_get(&rep->log,
			    r->base_offset + i);

			if (rec == NULL || rec->id != r->first_id + (uint64_t)i)
				break;
		}
		if (rep != NULL && i == r->n_sent)
			holders++;
	}
	if (holders < min_isr)
		chaos_violate(ch, 8, "%s-%d: acks=all batch at %" PRId64 " (%d "
		    "records) acknowledged by broker %d but held by %d "
		    "replica(s), below min.insync.replicas %" PRId64,
		    r->topic, r->partition, r->base_offset, r->n_sent,
		    r->leader, holders, min_isr);
}

static int
chaos_topic_index(const char *name)
{
	int t;

	for (t = 0; t < CHAOS_TOPICS; t++) {
		if (strcmp(chaos_topic_names[t], name) == 0)
			return t;
	}
	return -1;
}

/* Invariant 6 on one fetch result: nothing past the HW, offsets in order
 * from the consumer's position, and an offset read twice holds the same
 * record unless an unclean election took it away. */
static void
chaos_check_fetch(struct chaos *ch, const struct client_result *r,
    struct chaos_read *rd, bool unclean)
{
	int64_t end = r->base_offset + r->n_records, o;
	int i;

	if (r->error == KERR_OFFSET_OUT_OF_RANGE) {
		/* Retention moved the start, or the broker asked (a zombie
		 * or an uncleanly elected leader) holds less: go back to
		 * what it has committed and read again. */
		rd->pos = rd->pos < r->log_start ? r->log_start :
		    r->hw >= 0 && r->hw < rd->pos ? r->hw : rd->pos;
		return;
	}
	if (r->error != KERR_NONE || r->n_records == 0)
		return;
	if (r->base_offset != rd->pos) {
		chaos_violate(ch, 6, "%s-%d: consumer at offset %" PRId64 " got "
		    "records from %" PRId64, r->topic, r->partition, rd->pos,
		    r->base_offset);
		return;
	}
	if (end > r->hw) {
		chaos_violate(ch, 6, "%s-%d: consumer read up to offset %"
		    PRId64 " past HW %" PRId64 " from broker %d", r->topic,
		    r->partition, end - 1, r->hw, r->leader);
		return;
	}
	if (end > rd->n_ids) {
		rd->ids = xreallocarray(rd->ids, (size_t)end + 1,
		    sizeof *rd->ids);
		memset(rd->ids + rd->n_ids, 0,
		    (size_t)(end + 1 - rd->n_ids) * sizeof *rd->ids);
		rd->n_ids = end + 1;
	}
	for (i = 0; i < r->n_records; i++) {
		o = r->base_offset + i;
		if (rd->ids[o] != 0 && rd->ids[o] != r->records[i].id &&
		    !unclean) {
			chaos_violate(ch, 6, "%s-%d: consumer read id %" PRIu64
			    " at offset %" PRId64 " where it had read id %"
			    PRIu64 " (a committed record changed)", r->topic,
			    r->partition, r->records[i].id, o, rd->ids[o]);
			return;
		}
		rd->ids[o] = r->records[i].id;
	}
	rd->pos = end;
}

/* Check and free what one client operation returned. */
static void
chaos_results(struct chaos *ch, struct client_result *res, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct client_result *r = &res[i];
		int t = chaos_topic_index(r->topic);

		if (r->kind == OP_PRODUCE && r->error == KERR_NONE &&
		    r->acks == -1)
			chaos_check_ack(ch, r);
		else if (r->kind == OP_FETCH && t >= 0 && r->partition >= 0 &&
		    r->partition < CHAOS_PARTITIONS) {
			const struct inv_partition *ip = inv_state_partition(
			    &ch->st, r->topic, r->partition);

			chaos_check_fetch(ch, r, &ch->reads[t][r->partition],
			    ip != NULL && ip->unclean);
		}
		client_result_free(r);
	}
	free(res);
}

struct chaos_produce {
	const char *topic;
	int partition, acks, count;
	int64_t first_no;		/* number of the first value */
};

static void
chaos_produce_fn(struct client *c, int64_t now, void *arg)
{
	const struct chaos_produce *a = arg;
	char bufs[10][32];
	const char *values[10];
	int i;

	for (i = 0; i < a->count; i++) {
		snprintf(bufs[i], sizeof bufs[i], "v%" PRId64, a->first_no + i);
		values[i] = bufs[i];
	}
	client_produce(c, now, a->topic, a->partition, a->acks, NULL, values,
	    a->count);
}

static void
chaos_produce(struct chaos *ch, int t, int partition, int acks, int count)
{
	struct chaos_produce a = { chaos_topic_names[t], partition, acks,
	    count, ch->record_no };
	struct client_result *res;
	char part[32] = "";
	size_t n;

	if (partition >= 0)
		snprintf(part, sizeof part, " --partition %d", partition);
	chaos_note(ch, "produce %s%s --acks %s --count %d", a.topic, part,
	    acks == -1 ? "all" : acks == 0 ? "0" : "1", count);
	ch->record_no += count;
	n = ch->e->ops->client_run(ch->e, ch->client, chaos_produce_fn, &a,
	    ch->timeout_ms, &res);
	chaos_results(ch, res, n);
}

struct chaos_fetch {
	const char *topic;
	int partition;
	int64_t offset;
};

static void
chaos_fetch_fn(struct client *c, int64_t now, void *arg)
{
	const struct chaos_fetch *a = arg;

	client_fetch(c, now, a->topic, a->partition, a->offset,
	    CHAOS_FETCH_MAX);
}

/* One fetch from the consumer's position; the result is checked. */
static void
chaos_fetch(struct chaos *ch, int t, int p)
{
	struct chaos_fetch a = { chaos_topic_names[t], p,
	    ch->reads[t][p].pos };
	struct client_result *res;
	size_t n;

	n = ch->e->ops->client_run(ch->e, ch->client, chaos_fetch_fn, &a,
	    ch->timeout_ms, &res);
	chaos_results(ch, res, n);
}

static void
chaos_consume(struct chaos *ch, int t, int p)
{
	chaos_note(ch, "consume %s --partition %d  # from offset %" PRId64,
	    chaos_topic_names[t], p, ch->reads[t][p].pos);
	chaos_fetch(ch, t, p);
}

/* kafka-leader-election --election-type UNCLEAN for one partition: the
 * only way KRaft 3.7 elects an out-of-sync replica (controller.c,
 * controller_config_allows_unclean). */
static void
chaos_elect_unclean(struct chaos *ch, int t, int p)
{
	struct admin_req r = { .kind = ADMIN_ELECT };
	char why[256];

	chaos_note(ch, "kafka-leader-election --election-type UNCLEAN "
	    "--topic %s --partition %d", chaos_topic_names[t], p);
	r.topic = chaos_topic_names[t];
	r.partition = p;
	r.election = ELECTION_UNCLEAN;
	ch->e->ops->admin(ch->e, &r, why, sizeof why);
}

/* The unclean election of Kafka's lesson, as plain steps: a follower of
 * a partition is cut off until it leaves the ISR, acks=all writes go on
 * without it, the rest of the ISR crashes, the follower returns as the
 * only replica left, and an unclean election is asked for. */
static void
chaos_unclean_story(struct chaos *ch)
{
	int t = (int)prng_below(&ch->prng, CHAOS_TOPICS);
	int p = (int)prng_below(&ch->prng, CHAOS_PARTITIONS), i, f = -1;
	const struct partition_reg *reg = chaos_reg(ch, t, p);
	struct settings s;

	if (reg == NULL || reg->leader == ISR_NO_LEADER)
		return;
	for (i = 0; i < reg->n_isr; i++) {
		if (reg->isr[i] != reg->leader &&
		    broker_is_up(ch->brokers[reg->isr[i] - 1]))
			f = reg->isr[i];
	}
	if (f < 0)
		return;
	ch->e->ops->get_settings(ch->e, &s);
	/* Liveness is the ZooKeeper session on the zk profile. */
	if (profile_get(s.profile)->zookeeper)
		s.session_timeout_ms = s.zk_session_timeout_ms;
	chaos_isolate(ch, f, false);
	chaos_wait(ch, s.session_timeout_ms + s.heartbeat_interval_ms);
	chaos_produce(ch, t, p, -1, (int)chaos_draw(ch, 1, 8));
	for (i = 1; i <= ch->n && !chaos_stopped(ch); i++) {
		if (i != f && broker_is_up(ch->brokers[i - 1]))
			chaos_kill(ch, i, false);
	}
	chaos_heal(ch, f);
	chaos_wait(ch, s.session_timeout_ms + s.heartbeat_interval_ms);
	chaos_elect_unclean(ch, t, p);
	chaos_wait(ch, s.heartbeat_interval_ms);
}

/* Brokers that are down, cut off from anything or slowed. */
static int
chaos_faults(const struct chaos *ch)
{
	const struct links *l = sim_links(ch->sim);
	int b, o, n = 0;

	for (b = 1; b <= ch->n; b++) {
		bool hurt = !broker_is_up(ch->brokers[b - 1]) ||
		    l->slow_ms[b] != 0;

		for (o = 0; o < ISR_NODES && !hurt; o++)
			hurt = !links_up(l, b, o);
		n += hurt;
	}
	return n;
}

/* Undo a fault: restart a broker that is down, else heal one or all. */
static void
chaos_recover(struct chaos *ch)
{
	int b = chaos_pick_broker(ch, false);

	if (b > 0 && prng_below(&ch->prng, 3) != 0)
		chaos_restart(ch, b);
	else if (prng_below(&ch->prng, 2) == 0)
		chaos_heal(ch, -1);
	else
		chaos_heal(ch, 1 + (int)prng_below(&ch->prng,
		    (uint64_t)ch->n));
}

/* One random step (or a short story of them).  Faults pile up to the
 * schedule's budget (one or two brokers hurt at once); past it a fault
 * step recovers instead, so the cluster keeps working between faults as
 * in Kafka's system test. */
static void
chaos_step(struct chaos *ch)
{
	int64_t w = (int64_t)prng_below(&ch->prng, 100);
	int b, t = (int)prng_below(&ch->prng, CHAOS_TOPICS);
	int p = (int)prng_below(&ch->prng, CHAOS_PARTITIONS);

	if (w < 50 && chaos_faults(ch) >= ch->max_faults) {
		chaos_recover(ch);
	} else if (ch->unclean && w < 4) {
		chaos_unclean_story(ch);
	} else if (w < 12) {			/* hard shutdown of a leader */
		if ((b = chaos_pick_leader(ch)) > 0)
			chaos_kill(ch, b, false);
	} else if (w < 17) {			/* clean shutdown of a leader */
		if ((b = chaos_pick_leader(ch)) > 0)
			chaos_kill(ch, b, true);
	} else if (w < 19) {			/* any broker crashes */
		if ((b = chaos_pick_broker(ch, true)) > 0)
			chaos_kill(ch, b, false);
	} else if (w < 25) {			/* bounce the current leader */
		if ((b = chaos_pick_leader(ch)) > 0) {
			chaos_kill(ch, b, prng_below(&ch->prng, 2) == 0);
			chaos_wait(ch, chaos_draw(ch, 0, 3000));
			if (!broker_is_up(ch->brokers[b - 1]))
				chaos_restart(ch, b);
		}
	} else if (w < 32) {			/* zombie leader */
		if ((b = chaos_pick_leader(ch)) > 0)
			chaos_isolate(ch, b, prng_below(&ch->prng, 3) == 0);
	} else if (w < 34) {
		if ((b = chaos_pick_broker(ch, true)) > 0)
			chaos_isolate(ch, b, false);
	} else if (w < 37) {
		chaos_partition(ch);
	} else if (w < 42) {			/* slow follower */
		const struct partition_reg *reg = chaos_reg(ch, t, p);

		b = reg->replicas[prng_below(&ch->prng,
		    (uint64_t)reg->n_replicas)];
		if (b == reg->leader)
			b = reg->replicas[(b == reg->replicas[0]) ?
			    reg->n_replicas - 1 : 0];
		chaos_slow(ch, b, chaos_draw(ch, 200, 8000));
	} else if (w < 50) {
		chaos_recover(ch);
	} else if (w < 76) {
		static const int acks[] = { 0, 1, 1, -1, -1, -1 };

		chaos_produce(ch, t, prng_below(&ch->prng, 3) == 0 ? -1 : p,
		    acks[prng_below(&ch->prng, 6)], (int)chaos_draw(ch, 1, 10));
	} else if (w < 88) {
		chaos_consume(ch, t, p);
	} else
		chaos_wait(ch, chaos_draw(ch, 0, 8000));
}

/* --- End of a schedule ---------------------------------------------- */

/* heal, restart every broker that is down (letting controlled shutdowns
 * that waited on the network finish first), then 2 x (session timeout +
 * lag max) + slack of quiet; then invariant 7. */
static void
chaos_converge(struct chaos *ch)
{
	struct settings s;
	int round, b, t, p;
	bool busy = true;

	ch->e->ops->get_settings(ch->e, &s);
	chaos_heal(ch, -1);
	for (round = 0; round < 30 && busy && !chaos_stopped(ch); round++) {
		busy = false;
		sim_run_for(ch->sim, s.heartbeat_interval_ms);
		for (b = 1; b <= ch->n; b++) {
			struct broker *bk = ch->brokers[b - 1];

			if (bk->state == BROKER_STOPPING)
				busy = true;
			else if (bk->state == BROKER_DOWN)
				chaos_restart(ch, b);
		}
	}
	if (chaos_stopped(ch))
		return;
	if (profile_get(s.profile)->zookeeper)
		s.session_timeout_ms = s.zk_session_timeout_ms;
	chaos_wait(ch, 2 * (s.session_timeout_ms + s.replica_lag_time_max_ms) +
	    CHAOS_SLACK_MS);
	if (chaos_stopped(ch))
		return;
	for (t = 0; t < CHAOS_TOPICS; t++) {
		for (p = 0; p < CHAOS_PARTITIONS; p++) {
			const struct partition_reg *reg = chaos_reg(ch, t, p);
			char r[64], i[64];
			bool same = reg->n_isr == reg->n_replicas;

			for (b = 0; same && b < reg->n_replicas; b++)
				same = preg_in_isr(reg, reg->replicas[b]);
			if (reg->leader != ISR_NO_LEADER && same)
				continue;
			ids_format(reg->replicas, reg->n_replicas, r, sizeof r);
			ids_format(reg->isr, reg->n_isr, i, sizeof i);
			chaos_violate(ch, 7, "%s-%d: after heal and quiet, leader "
			    "%d, replicas %s, ISR %s", chaos_topic_names[t], p,
			    reg->leader, r, i);
			return;
		}
	}
}

/* Read every partition to its HW and find every acknowledged acks=all
 * record that was not lost to an unclean election (5), and every record
 * read before (6). */
static void
chaos_final_read(struct chaos *ch)
{
	struct sim *sim = ch->sim;
	int t, p;

	chaos_note(ch, "consume --from-beginning  # every partition");
	for (t = 0; t < CHAOS_TOPICS && !chaos_stopped(ch); t++) {
		for (p = 0; p < CHAOS_PARTITIONS && !chaos_stopped(ch); p++) {
			const char *topic = chaos_topic_names[t];
			struct chaos_read *rd = &ch->reads[t][p];
			const struct inv_partition *ip = inv_state_partition(
			    &ch->st, topic, p);
			const struct ledger_partition *lp = ledger_partition(
			    sim_ledger(sim), topic, p);
			const struct partition_reg *reg = chaos_reg(ch, t, p);
			const struct replica *lr = reg->leader ==
			    ISR_NO_LEADER ? NULL : broker_replica(
			    ch->brokers[reg->leader - 1], topic, p);
			int64_t start, prev = -1;
			size_t i;

			if (lr == NULL)
				continue;	/* invariant 7 said so */
			start = lr->log.log_start;

			/* Read again from the start: what was read before
			 * must read the same. */
			rd->pos = start;
			while (rd->pos < lr->hw && rd->pos != prev &&
			    !chaos_stopped(ch)) {
				prev = rd->pos;
				chaos_fetch(ch, t, p);
			}
			if (chaos_stopped(ch))
				return;
			if (rd->pos < lr->hw) {
				chaos_violate(ch, 6, "%s-%d: the consumer "
				    "stopped at offset %" PRId64 " below HW %"
				    PRId64, topic, p, rd->pos, lr->hw);
				return;
			}
			for (i = 0; lp != NULL && i < lp->n; i++) {
				const struct ledger_entry *le = &lp->v[i];
				bool lost = false;
				size_t k;

				for (k = 0; ip != NULL && k < ip->n_lost; k++)
					lost |= ip->lost[k].offset ==
					    le->offset && ip->lost[k].id ==
					    le->id;
				if (le->acks != -1 || lost || le->offset < start)
					continue;
				if (le->offset < rd->n_ids &&
				    rd->ids[le->offset] == le->id)
					continue;
				chaos_violate(ch, 5, "%s-%d: acks=all record id %"
				    PRIu64 " acknowledged at offset %" PRId64
				    " was not consumed (read id %" PRIu64
				    " there)", topic, p, le->id, le->offset,
				    le->offset < rd->n_ids ?
				    rd->ids[le->offset] : 0);
				return;
			}
		}
	}
}

/* --- Schedules ------------------------------------------------------ */

static void
chaos_create_topics(struct chaos *ch)
{
	struct topic_config_kv cfg[1];
	struct admin_req r = { .kind = ADMIN_CREATE_TOPIC };
	char why[256];
	int t;

	for (t = 0; t < CHAOS_TOPICS; t++) {
		int n = 0;

		if (t == 0) {
			cfg[n].key = "min.insync.replicas";
			cfg[n++].value = "2";
		}
		r.topic = chaos_topic_names[t];
		r.partitions = CHAOS_PARTITIONS;
		r.replication_factor = ch->n < 3 ? ch->n : 3;
		r.configs = cfg;
		r.n_configs = n;
		ch->e->ops->admin(ch->e, &r, why, sizeof why);
	}
	sim_run_for(ch->sim, 1000);
}

/* Run schedule number `schedule`; returns the steps it took. */
static int
chaos_schedule(struct chaos *ch, uint64_t seed, int schedule, bool unclean,
    int n_brokers, enum kafka_profile profile)
{
	struct settings s;
	struct prng mix;
	bool bootstrap[ISR_NODES] = { false };
	int b, t, p;

	prng_seed(&mix, seed ^ ((uint64_t)schedule * 0x9e3779b97f4a7c15ULL));
	settings_defaults(&s, false);
	s.profile = profile;
	s.request_timeout_ms = 3000;		/* short client timeouts */
	s.delivery_timeout_ms = 6000;
	memset(ch, 0, sizeof *ch);
	ch->sim = sim_new(n_brokers, prng_next(&mix), &s, NULL);
	prng_seed(&ch->prng, prng_next(&mix));
	ch->e = sim_engine(ch->sim);
	ch->n = n_brokers;
	ch->unclean = unclean;
	ch->max_faults = 1 + (int)prng_below(&ch->prng, 2);
	ch->timeout_ms = s.delivery_timeout_ms + s.request_timeout_ms + 2000;
	for (b = 1; b <= n_brokers; b++) {
		ch->brokers[b - 1] = sim_broker(ch->sim, b);
		bootstrap[b] = true;
	}
	inv_state_init(&ch->st);
	sim_set_observer(ch->sim, chaos_observe, ch);
	chaos_create_topics(ch);
	ch->client = ch->e->ops->client_open(ch->e, bootstrap);

	while (ch->step < CHAOS_STEPS && !chaos_stopped(ch))
		chaos_step(ch);
	if (!chaos_stopped(ch))
		chaos_converge(ch);
	if (!chaos_stopped(ch))
		chaos_final_read(ch);

	ch->e->ops->client_close(ch->e, ch->client);
	for (t = 0; t < CHAOS_TOPICS; t++) {
		for (p = 0; p < CHAOS_PARTITIONS; p++)
			free(ch->reads[t][p].ids);
	}
	return ch->step;
}

int
chaos_run(uint64_t seed, int schedules, bool unclean, int n_brokers,
    enum kafka_profile profile, struct strbuf *out)
{
	struct chaos *ch = xcalloc(1, sizeof *ch);
	int64_t steps = 0, lost = 0, elections = 0;
	int i, rc = 0;

	if (n_brokers < 1 || n_brokers > ISR_MAX_BROKERS)
		n_brokers = 3;
	for (i = 0; i < schedules; i++) {
		steps += chaos_schedule(ch, seed, i, unclean, n_brokers,
		    profile);
		lost += ch->st.lost;
		elections += ch->st.unclean_elections;
		if (ch->violation != 0) {
			strbuf_printf(out, "violation of invariant %d at "
			    "schedule %d step %d (seed %" PRIu64 "): %s\n",
			    ch->violation, i, ch->step, seed, ch->why);
			strbuf_printf(out, "steps of schedule %d (replay: chaos "
			    "--seed %" PRIu64 " --schedules %d%s):\n", i, seed,
			    i + 1, unclean ? " --unclean" : "");
			strbuf_add(out, ch->steps.s, ch->steps.len);
			rc = 1;
		}
		inv_state_free(&ch->st);
		strbuf_free(&ch->steps);
		sim_free(ch->sim);
		if (rc != 0)
			break;
	}
	if (rc == 0) {
		strbuf_printf(out, "%d schedules, %" PRId64 " steps, 0 "
		    "violations\n", schedules, steps);
		if (unclean)
			strbuf_printf(out, "data loss: %" PRId64 " acknowledged "
			    "records lost (unclean elections)\n"
			    "unclean elections: %" PRId64 "\n", lost, elections);
	}
	free(ch);
	return rc;
}
