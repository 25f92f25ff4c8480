/*
 * controller.c - the KRaft controller (see controller.h for the design).
 *
 * Every change goes through controller_append(): the record is given the
 * next metadata offset, applied to the authoritative image, and queued for
 * the brokers; controller_flush() sends the queued records to every
 * registered broker at the end of each entry point.  Partition changes are
 * computed by partition_change(), this file's PartitionChangeBuilder.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/assign.h"
#include "model/controller.h"
#include "model/group.h"
#include "model/placer-striped.h"
#include "util/i18n.h"
#include "util/prng.h"
#include "util/xmalloc.h"

/* How an election may pick a leader (PartitionChangeBuilder.Election). */
enum elect_mode {
	ELECT_ONLINE,		/* keep a valid leader, else first ISR member */
	ELECT_PREFERRED,	/* replicas[0] when it can lead */
	ELECT_UNCLEAN,		/* as ONLINE, then any active replica */
};

/* The seed of the layout (settings.h): the controller's own seed, or the
 * one the engines (sim.c, runtime.c) would draw for it from a session
 * seed equal to the pinned layout seed, so that a lab's `seed:` lays the
 * cluster out as a session run on that seed does. */
static uint64_t
controller_layout_seed(const struct settings *s, uint64_t seed)
{
	struct prng	p;

	if (!s->layout_seed_pinned)
		return seed;
	prng_seed(&p, s->layout_seed);
	return prng_next(&p);
}

struct controller *
controller_new(const struct settings *s, int n_brokers, uint64_t seed)
{
	struct controller *c = xcalloc(1, sizeof *c);

	c->settings = *s;
	image_init(&c->image);
	image_init(&c->snapshot);
	c->image.profile = c->snapshot.profile = s->profile;
	c->log_tail = CONTROLLER_LOG_TAIL;
	c->n_brokers = n_brokers;
	c->topic_id_state = seed ^ 0x746f70696373ULL;	/* "topics" */
	prng_seed(&c->prng, controller_layout_seed(s, seed) ^
	    0x7a6b636f6e74ULL);	/* "zkcont" */
	c->next_rebalance_ms = -1;
	c->next_unclean_ms = -1;
	return c;
}

void
controller_free(struct controller *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < (size_t)(c->log_end - c->log_start); i++)
		mrec_free(&c->log[i]);
	free(c->log);
	image_free(&c->image);
	image_free(&c->snapshot);
	outbox_clear(&c->out);
	evq_free(&c->events);
	free(c);
}

void
controller_set_settings(struct controller *c, const struct settings *s)
{
	c->settings = *s;
}

const struct mrec *
controller_log_get(const struct controller *c, int64_t offset)
{
	if (offset < c->log_start || offset >= c->log_end)
		return NULL;
	return &c->log[offset - c->log_start];
}

/* Fold the oldest log_tail records into the snapshot and free them. */
static void
controller_compact(struct controller *c)
{
	size_t n = c->log_tail, kept, i;

	for (i = 0; i < n; i++) {
		image_apply(&c->snapshot, &c->log[i]);
		mrec_free(&c->log[i]);
	}
	kept = (size_t)(c->log_end - c->log_start) - n;
	memmove(c->log, c->log + n, kept * sizeof *c->log);
	c->log_start += (int64_t)n;
}

/* Append r (whose owned parts move into the log) and apply it. */
static int64_t
controller_append(struct controller *c, struct mrec *r)
{
	size_t n = (size_t)(c->log_end - c->log_start);

	if (c->log_tail > 0 && n >= 2 * c->log_tail) {
		controller_compact(c);
		n -= c->log_tail;
	}
	if (n == c->cap_log) {
		c->cap_log = c->cap_log ? c->cap_log * 2 : 64;
		c->log = xreallocarray(c->log, c->cap_log, sizeof *c->log);
	}
	r->offset = c->log_end++;
	c->log[n] = *r;
	image_apply(&c->image, r);
	return r->offset;
}

/* Send the records from offset `from` on to broker b; from before the
 * log's start sends the snapshot and the whole log. */
static void
controller_send_records(struct controller *c, int b, int64_t from)
{
	struct msg *m;
	int64_t i;

	if (from >= c->log_end)
		return;
	m = msg_new(MSG_METADATA_PUSH, NODE_CONTROLLER, b);
	if (from < c->log_start) {
		m->snapshot = xmalloc(sizeof *m->snapshot);
		image_copy(m->snapshot, &c->snapshot);
		from = c->log_start;
	}
	m->n_recs = (int)(c->log_end - from);
	m->recs = xreallocarray(NULL, (size_t)m->n_recs, sizeof *m->recs);
	for (i = from; i < c->log_end; i++)
		mrec_copy(&m->recs[i - from], &c->log[i - c->log_start]);
	outbox_push(&c->out, m);
}

/* Records appended since `from` go to every registered broker (fenced
 * ones too: a fenced broker still replays metadata). */
static void
controller_flush(struct controller *c, int64_t from)
{
	int b;

	for (b = 1; b <= c->n_brokers; b++) {
		if (c->image.brokers[b].registered)
			controller_send_records(c, b, from);
	}
}

static struct event *
controller_event(struct controller *c, enum ev_type t, int64_t now)
{
	return evq_push(&c->events, t, now);
}

/* The ZooKeeper controller's rules apply (profile.h). */
static bool
controller_zk(const struct controller *c)
{
	return profile_get(c->settings.profile)->zookeeper;
}

/* How long a silent broker keeps its registration: its ZooKeeper session
 * (zookeeper.session.timeout.ms) or its KRaft heartbeat session. */
static int64_t
controller_session_ms(const struct controller *c)
{
	return controller_zk(c) ? c->settings.zk_session_timeout_ms :
	    c->settings.session_timeout_ms;
}

/* Whether the controller's rules may run: KRaft's quorum always, the zk
 * profile's only while a live broker holds /controller. */
static bool
controller_acting(const struct controller *c)
{
	return !controller_zk(c) || c->image.controller != 0;
}

/* Whether b may become leader given the target ISR. */
static bool
leader_valid(const struct controller *c, int b, const int *isr, int n_isr)
{
	return b != ISR_NO_LEADER && image_broker_active(&c->image, b) &&
	    ids_contains(isr, n_isr, b);
}

static const struct profile_desc *
controller_profile(const struct controller *c)
{
	return profile_get(c->settings.profile);
}

/* Whether some partition is not led by its preferred replica
 * (ReplicationControlManager.arePartitionLeadersImbalanced: a partition
 * is in imbalancedPartitions while leader != replicas[0]). */
static bool
controller_imbalanced(const struct controller *c)
{
	size_t ti;
	int p;

	for (ti = 0; ti < c->image.n_topics; ti++) {
		const struct topic_reg *t = &c->image.topics[ti];

		for (p = 0; p < t->n_partitions; p++)
			if (t->parts[p].leader != t->parts[p].replicas[0])
				return true;
	}
	return false;
}

/* QuorumController.maybeScheduleNextBalancePartitionLeaders (3.7.0): when
 * no check is scheduled and leaders are imbalanced, the next check runs
 * leader.imbalance.check.interval.seconds from now. */
static void
controller_balance_schedule(struct controller *c, int64_t now)
{
	if (!controller_zk(c) && c->next_rebalance_ms < 0 &&
	    c->settings.auto_leader_rebalance && controller_imbalanced(c))
		c->next_rebalance_ms = now +
		    c->settings.leader_imbalance_check_interval_s * 1000;
}

/* Whether some partition has no leader
 * (ReplicationControlManager.areSomePartitionsLeaderless). */
static bool
controller_leaderless(const struct controller *c)
{
	size_t ti;
	int p;

	for (ti = 0; ti < c->image.n_topics; ti++)
		for (p = 0; p < c->image.topics[ti].n_partitions; p++)
			if (c->image.topics[ti].parts[p].leader ==
			    ISR_NO_LEADER)
				return true;
	return false;
}

/* QuorumController.maybeScheduleNextElectUncleanLeaders (3.9.0-rc3,
 * QuorumController.java:1406-1444; KAFKA-12670): where the profile checks
 * the unclean config periodically, a leaderless partition schedules a
 * check unclean.leader.election.interval.ms from now. */
static void
controller_unclean_schedule(struct controller *c, int64_t now)
{
	if (controller_profile(c)->unclean_config == UNCLEAN_CONFIG_PERIODIC &&
	    c->next_unclean_ms < 0 && controller_leaderless(c))
		c->next_unclean_ms = now +
		    c->settings.unclean_election_interval_ms;
}

/* Whether unclean.leader.election.enable (topic, dynamic broker default or
 * static) lets the controller elect an out-of-sync replica on its own, in
 * the elections it runs itself (fencing, shutdown, AlterPartition,
 * unfencing, its periodic check): the profile's unclean_config.
 *  - IGNORED (KRaft 3.7): ConfigurationControlManager.
 *    uncleanLeaderElectionEnabledForTopic returns false with a TODO
 *    (metadata/src/main/java/org/apache/kafka/controller/
 *    ConfigurationControlManager.java:498-500 at 3.7.0), so only
 *    kafka-leader-election --election-type UNCLEAN elects one;
 *  - PERIODIC (3.9+, KAFKA-12670) and IMMEDIATE (ZooKeeper) read the
 *    config (ConfigurationControlManager.java:511-518 at 3.9.0-rc3,
 *    ReplicationControlManager.java:1075,1941 there). */
static bool
controller_config_allows_unclean(const struct controller *c,
    const struct topic_reg *t)
{
	if (controller_profile(c)->unclean_config == UNCLEAN_CONFIG_IGNORED)
		return false;
	return image_unclean(&c->image, t, c->settings.unclean_leader_election);
}

/* getTopicEffectiveMinIsr: the topic's min.insync.replicas capped at its
 * replication factor (ReplicationControlManager.java:2257-2263 at trunk
 * 1eb7644). */
static int
controller_min_isr(const struct controller *c, const struct topic_reg *t)
{
	int64_t v = image_min_isr(&c->image, t,
	    c->settings.min_insync_replicas);
	int rf = t->n_partitions > 0 ? t->parts[0].n_replicas : 0;

	return v < rf ? (int)v : rf;
}

/* Add b to the ascending set ids (n members) unless it is there: the
 * order of Java's HashSet<Integer> for broker ids below 16, which is what
 * the controller collects ELR members into. */
static void
ids_add_sorted(int *ids, int *n, int b)
{
	int i, j;

	for (i = 0; i < *n && ids[i] < b; i++)
		;
	if (i < *n && ids[i] == b)
		return;
	for (j = *n; j > i; j--)
		ids[j] = ids[j - 1];
	ids[i] = b;
	(*n)++;
}

static bool
ids_equal(const int *a, int na, const int *b, int nb)
{
	return na == nb && memcmp(a, b, (size_t)na * sizeof a[0]) == 0;
}

/* A partition change being built (PartitionChangeBuilder's targets). */
struct pchange {
	const struct partition_reg *old;
	int isr[ISR_MAX_REPLICAS], n_isr;
	int elr[ISR_MAX_REPLICAS], n_elr;
	int unclean_shutdown;		/* leaves ISR and ELR, or NO_LEADER */
	bool elr_on;			/* the profile tracks ELR */
};

/* isAcceptableLeader: active, and not the broker whose unclean shutdown
 * this change handles. */
static bool
pchange_acceptable(const struct controller *c, const struct pchange *pc,
    int b)
{
	return b != ISR_NO_LEADER && b != pc->unclean_shutdown &&
	    image_broker_active(&c->image, b);
}

/* isValidNewLeader: in the target ISR, or in the ELR when the ISR is
 * empty (PartitionChangeBuilder.java:322-326 at trunk 1eb7644). */
static bool
pchange_valid(const struct controller *c, const struct pchange *pc, int b)
{
	return (ids_contains(pc->isr, pc->n_isr, b) || (pc->n_isr == 0 &&
	    ids_contains(pc->elr, pc->n_elr, b))) &&
	    pchange_acceptable(c, pc, b);
}

/* maybePopulateTargetElr (PartitionChangeBuilder.java:539-570 at trunk
 * 1eb7644): with the target ISR below min ISR, the ELR gathers the old ISR
 * and ELR members outside the target ISR, less an unclean shutdown;
 * at or above min ISR it is emptied. */
static void
pchange_populate_elr(const struct controller *c, const struct topic_reg *t,
    struct pchange *pc)
{
	int cand[2 * ISR_MAX_REPLICAS], n = 0, i;

	if (!pc->elr_on)
		return;
	if (pc->n_isr >= controller_min_isr(c, t)) {
		pc->n_elr = 0;
		return;
	}
	for (i = 0; i < pc->n_elr; i++)
		cand[n++] = pc->elr[i];
	for (i = 0; i < pc->old->n_isr; i++)
		cand[n++] = pc->old->isr[i];
	pc->n_elr = 0;
	for (i = 0; i < n; i++) {
		if (!ids_contains(pc->isr, pc->n_isr, cand[i]) &&
		    cand[i] != pc->unclean_shutdown)
			ids_add_sorted(pc->elr, &pc->n_elr, cand[i]);
	}
}

/* canElectLastKnownLeader: ISR and ELR empty, one last known leader, and
 * (KAFKA-19522, 4.1) it is acceptable (PartitionChangeBuilder.java:291-320
 * at trunk 1eb7644; "Select the last known leader if it is unfenced",
 * kafka.apache.org/41/operations/eligible-leader-replicas). */
static bool
pchange_last_known_leader(const struct controller *c,
    const struct pchange *pc)
{
	return pc->elr_on && pc->n_isr == 0 && pc->n_elr == 0 &&
	    pc->old->n_last_known_elr == 1 &&
	    pchange_acceptable(c, pc, pc->old->last_known_elr[0]);
}

/* electPreferredLeader / electAnyLeader (PartitionChangeBuilder.java:
 * 221-289 at trunk 1eb7644): the new leader, *unclean set when it did not
 * come from the ISR or the ELR. */
static int
pchange_elect(const struct controller *c, const struct pchange *pc,
    enum elect_mode mode, bool *unclean)
{
	const struct partition_reg *old = pc->old;
	int i;

	*unclean = false;
	if (mode == ELECT_PREFERRED && pchange_valid(c, pc, old->replicas[0]))
		return old->replicas[0];
	if (pchange_valid(c, pc, old->leader))
		return old->leader;
	for (i = 0; i < old->n_replicas; i++)
		if (pchange_valid(c, pc, old->replicas[i]))
			return old->replicas[i];
	if (pchange_last_known_leader(c, pc)) {
		*unclean = true;
		return old->last_known_elr[0];
	}
	if (mode == ELECT_UNCLEAN) {
		for (i = 0; i < old->n_replicas; i++) {
			if (pchange_acceptable(c, pc, old->replicas[i])) {
				*unclean = true;
				return old->replicas[i];
			}
		}
	}
	return ISR_NO_LEADER;
}

/* maybeUpdateLastKnownLeader (PartitionChangeBuilder.java:496-507 at trunk
 * 1eb7644): the ISR emptied records the leader it had; a partition that
 * has or keeps a leader forgets it. */
static void
pchange_last_known(const struct pchange *pc, struct partition_reg *nw)
{
	const struct partition_reg *old = pc->old;
	bool isr_changed = !ids_equal(nw->isr, nw->n_isr, old->isr,
	    old->n_isr);
	bool leader_changed = nw->leader != old->leader;

	if (!pc->elr_on)
		return;
	if (isr_changed && nw->n_isr == 0 && !(old->n_last_known_elr == 1 &&
	    old->last_known_elr[0] == old->leader)) {
		nw->last_known_elr[0] = old->leader;
		nw->n_last_known_elr = 1;
	} else if (((leader_changed && nw->leader >= 0) ||
	    (old->leader != ISR_NO_LEADER && !(leader_changed &&
	    nw->leader == ISR_NO_LEADER))) && old->n_last_known_elr > 0)
		nw->n_last_known_elr = 0;
}

/* PartitionChangeBuilder.build: apply target_isr (NULL = unchanged),
 * track the ELR, elect a leader by mode; write a PARTITION record and
 * events if anything changed.  unclean_shutdown is a broker that leaves
 * the ISR and the ELR and may not lead (ISR_NO_LEADER: none).  Returns
 * whether it changed anything. */
static bool
partition_change(struct controller *c, int64_t now, struct topic_reg *t,
    int p, const int *target_isr, int n_target, enum elect_mode mode,
    int unclean_shutdown, const char *reason)
{
	struct partition_reg *old = &t->parts[p], nw = *old;
	struct pchange pc;
	struct mrec r;
	struct event *e;
	enum ev_type type;
	bool unclean;

	/* The controller's own elections turn unclean where the profile
	 * honours the config (builder.setElection(UNCLEAN)). */
	if (mode == ELECT_ONLINE && controller_config_allows_unclean(c, t))
		mode = ELECT_UNCLEAN;
	memset(&pc, 0, sizeof pc);
	pc.old = old;
	pc.unclean_shutdown = unclean_shutdown;
	pc.elr_on = controller_profile(c)->elr;
	if (target_isr == NULL) {
		target_isr = old->isr;
		n_target = old->n_isr;
	}
	memcpy(pc.isr, target_isr, (size_t)n_target * sizeof pc.isr[0]);
	pc.n_isr = n_target;
	memcpy(pc.elr, old->elr, (size_t)old->n_elr * sizeof pc.elr[0]);
	pc.n_elr = old->n_elr;
	pchange_populate_elr(c, t, &pc);

	/* tryElection: a leader from the ELR becomes the ISR; an unclean
	 * one (the last known leader too) is forced into it alone. */
	nw.leader = pchange_elect(c, &pc, mode, &unclean);
	if (nw.leader != old->leader && nw.leader != ISR_NO_LEADER &&
	    (unclean || ids_contains(pc.elr, pc.n_elr, nw.leader))) {
		int i, n = 0;

		for (i = 0; i < pc.n_elr; i++)
			if (pc.elr[i] != nw.leader)
				pc.elr[n++] = pc.elr[i];
		pc.n_elr = n;
		pc.isr[0] = nw.leader;
		pc.n_isr = 1;
	}
	/* maybeUpdateRecordElr: an unclean election clears the ELR. */
	if (unclean || !pc.elr_on)
		pc.n_elr = 0;
	/* Without ELR the ISR is never emptied: the last member stays
	 * (PartitionChangeBuilder.java:447 at trunk 1eb7644). */
	if (pc.n_isr > 0 || pc.elr_on) {
		memcpy(nw.isr, pc.isr, (size_t)pc.n_isr * sizeof pc.isr[0]);
		nw.n_isr = pc.n_isr;
	}
	memcpy(nw.elr, pc.elr, (size_t)pc.n_elr * sizeof pc.elr[0]);
	nw.n_elr = pc.n_elr;
	pchange_last_known(&pc, &nw);
	if (nw.leader != old->leader) {
		nw.leader_epoch = old->leader_epoch + 1;
		nw.recovering = unclean;
	}
	if (nw.leader == old->leader &&
	    ids_equal(nw.isr, nw.n_isr, old->isr, old->n_isr) &&
	    ids_equal(nw.elr, nw.n_elr, old->elr, old->n_elr) &&
	    ids_equal(nw.last_known_elr, nw.n_last_known_elr,
	    old->last_known_elr, old->n_last_known_elr))
		return false;
	nw.partition_epoch = old->partition_epoch + 1;

	if (nw.leader != old->leader)
		type = EV_LEADER_CHANGE;
	else if (!ids_equal(nw.isr, nw.n_isr, old->isr, old->n_isr))
		type = nw.n_isr < old->n_isr ? EV_ISR_SHRINK : EV_ISR_EXPAND;
	else
		type = EV_NOTE;		/* the ELR alone changed */
	e = controller_event(c, type, now);
	if (type == EV_LEADER_CHANGE) {
		e->leader_from = old->leader;
		e->leader_to = nw.leader;
		e->epoch_from = old->leader_epoch;
		e->epoch_to = nw.leader_epoch;
		e->clean = !unclean;
		if (nw.leader != ISR_NO_LEADER)
			c->leader_elections++;
		if (unclean)
			c->unclean_elections++;
	}
	snprintf(e->topic, sizeof e->topic, "%s", t->name);
	e->partition = p;
	memcpy(e->isr_from, old->isr, sizeof e->isr_from);
	e->n_isr_from = old->n_isr;
	memcpy(e->isr_to, nw.isr, sizeof e->isr_to);
	e->n_isr_to = nw.n_isr;
	memcpy(e->elr_from, old->elr, sizeof e->elr_from);
	e->n_elr_from = old->n_elr;
	memcpy(e->elr_to, nw.elr, sizeof e->elr_to);
	e->n_elr_to = nw.n_elr;
	snprintf(e->reason, sizeof e->reason, "%s", reason);

	memset(&r, 0, sizeof r);
	r.type = MREC_PARTITION;
	snprintf(r.topic, sizeof r.topic, "%s", t->name);
	r.partition = p;
	r.preg = nw;
	controller_append(c, &r);
	controller_balance_schedule(c, now);
	controller_unclean_schedule(c, now);
	return true;
}

static void
controller_set_broker(struct controller *c, int b, const struct broker_reg *reg)
{
	struct mrec r;

	memset(&r, 0, sizeof r);
	r.type = MREC_BROKER;
	r.broker = b;
	r.breg = *reg;
	controller_append(c, &r);
}

/* generateLeaderAndIsrUpdates for a broker leaving (fenced or shutting
 * down): drop it from every ISR and move its leaderships, one change per
 * partition.  The broker must already be inactive in the image.  With
 * unclean_shutdown (handleBrokerUncleanShutdown, ELR profiles: a broker
 * registering again after a crash) it leaves every ELR too
 * (ReplicationControlManager.java:1381-1386 at trunk 1eb7644). */
static void
controller_remove_from_isrs(struct controller *c, int64_t now, int b,
    bool unclean_shutdown, const char *reason)
{
	size_t ti;
	int p;

	for (ti = 0; ti < c->image.n_topics; ti++) {
		struct topic_reg *t = &c->image.topics[ti];

		for (p = 0; p < t->n_partitions; p++) {
			struct partition_reg *pr = &t->parts[p];
			int isr[ISR_MAX_REPLICAS], n = 0, i;

			if (!preg_in_isr(pr, b) && pr->leader != b &&
			    !(unclean_shutdown && ids_contains(pr->elr,
			    pr->n_elr, b)))
				continue;
			for (i = 0; i < pr->n_isr; i++) {
				if (pr->isr[i] != b)
					isr[n++] = pr->isr[i];
			}
			partition_change(c, now, t, p, isr, n, ELECT_ONLINE,
			    unclean_shutdown ? b : ISR_NO_LEADER, reason);
			t = &c->image.topics[ti];	/* image may move */
		}
	}
}

/* Elect leaders for leaderless partitions (after an unfence or a config
 * change); mode ELECT_UNCLEAN forces unclean election. */
static void
controller_elect_leaderless(struct controller *c, int64_t now,
    const char *topic, enum elect_mode mode, const char *reason)
{
	size_t ti;
	int p;

	if (!controller_acting(c))
		return;
	for (ti = 0; ti < c->image.n_topics; ti++) {
		struct topic_reg *t = &c->image.topics[ti];

		if (topic != NULL && strcmp(t->name, topic) != 0)
			continue;
		for (p = 0; p < t->n_partitions; p++) {
			if (t->parts[p].leader != ISR_NO_LEADER)
				continue;
			partition_change(c, now, t, p, NULL, 0, mode,
			    ISR_NO_LEADER, reason);
			t = &c->image.topics[ti];
		}
	}
}

/*
 * The /controller znode is free (its holder's session ended, or nobody
 * held it): every live broker races to create it and one wins
 * (KafkaController.elect, core/src/main/scala/kafka/controller/
 * KafkaController.scala:1547-1575 at 3.7.0); isrlab draws the winner from
 * its seeded generator.  The winner's onControllerFailover (lines 285-330)
 * reads which brokers are live, takes the replicas of the others offline
 * (out of every ISR, their leaderships moved: ZkReplicaStateMachine,
 * ReplicaStateMachine.scala:340-346) and elects leaders for leaderless
 * partitions (PartitionStateMachine.triggerOnlinePartitionStateChange),
 * and schedules the first auto rebalance check 5 s later (line 328).
 * gone is the broker whose session ended, 0 at startup.
 */
static void
controller_zk_elect(struct controller *c, int64_t now, int gone)
{
	int live[ISR_MAX_BROKERS], n = 0, b;
	struct event *e;
	struct mrec r;
	char reason[64];

	for (b = 1; b <= c->n_brokers; b++)
		if (c->image.brokers[b].registered &&
		    !c->image.brokers[b].shutting_down &&
		    c->brokers[b].alive_session)
			live[n++] = b;
	memset(&r, 0, sizeof r);
	r.type = MREC_CONTROLLER;
	r.broker = n > 0 ? live[prng_below(&c->prng, (uint64_t)n)] : 0;
	controller_append(c, &r);
	e = controller_event(c, EV_CONTROLLER_CHANGE, now);
	e->broker = r.broker > 0 ? r.broker : -1;
	if (gone == 0)
		snprintf(e->reason, sizeof e->reason, "/controller: broker %d "
		    "elected", r.broker);
	else if (r.broker > 0)
		snprintf(e->reason, sizeof e->reason, "/controller: broker %d "
		    "-> %d (broker %d's ZooKeeper session ended)", gone,
		    r.broker, gone);
	else
		snprintf(e->reason, sizeof e->reason, "/controller: broker %d "
		    "-> none (broker %d's ZooKeeper session ended)", gone,
		    gone);
	c->next_rebalance_ms = -1;
	if (r.broker == 0)
		return;
	/* Not live: registered without a session (a broker still
	 * registering has one, and counts as live as in ZooKeeper). */
	for (b = 1; b <= c->n_brokers; b++) {
		if (!c->image.brokers[b].registered ||
		    !c->image.brokers[b].fenced || c->brokers[b].alive_session)
			continue;
		snprintf(reason, sizeof reason, "broker %d not live "
		    "(controller failover)", b);
		controller_remove_from_isrs(c, now, b, false, reason);
	}
	controller_elect_leaderless(c, now, NULL, ELECT_ONLINE,
	    "controller failover");
	c->next_rebalance_ms = now + 5000;
}

static void
controller_fence(struct controller *c, int64_t now, int b, const char *why)
{
	struct broker_reg reg = c->image.brokers[b];
	struct event *e;
	char reason[64];

	reg.fenced = true;
	reg.shutting_down = false;
	controller_set_broker(c, b, &reg);
	c->brokers[b].alive_session = false;
	e = controller_event(c, EV_BROKER_FENCED, now);
	e->broker = b;
	snprintf(e->reason, sizeof e->reason, "%s", why);
	snprintf(reason, sizeof reason, "broker %d fenced", b);
	/* zk: the session held /controller too; the next controller's
	 * failover moves what b led.  Without a controller nobody acts. */
	if (controller_zk(c) && c->image.controller == b)
		controller_zk_elect(c, now, b);
	else if (controller_acting(c))
		controller_remove_from_isrs(c, now, b, false, reason);
}

static void
controller_unfence(struct controller *c, int64_t now, int b)
{
	struct broker_reg reg = c->image.brokers[b];
	struct event *e;
	char reason[64];

	reg.fenced = false;
	controller_set_broker(c, b, &reg);
	e = controller_event(c, EV_BROKER_UNFENCED, now);
	e->broker = b;
	snprintf(e->reason, sizeof e->reason, N_("metadata caught up"));
	snprintf(reason, sizeof reason, "broker %d unfenced", b);
	controller_elect_leaderless(c, now, NULL, ELECT_ONLINE, reason);
}

static int
controller_leader_count(const struct controller *c, int b)
{
	size_t ti;
	int p, n = 0;

	for (ti = 0; ti < c->image.n_topics; ti++) {
		for (p = 0; p < c->image.topics[ti].n_partitions; p++) {
			if (c->image.topics[ti].parts[p].leader == b)
				n++;
		}
	}
	return n;
}

static void
controller_reply(struct controller *c, struct msg *req, struct msg *resp)
{
	resp->corr = req->corr;
	outbox_push(&c->out, resp);
}

static void
controller_on_register(struct controller *c, struct msg *m, int64_t now)
{
	int b = m->from;
	struct controller_broker *cb = &c->brokers[b];
	struct broker_reg reg;
	struct msg *resp;
	bool unclean;
	char reason[64];

	resp = msg_new(MSG_REGISTER_RESP, NODE_CONTROLLER, b);
	if (c->image.brokers[b].registered && !c->image.brokers[b].fenced &&
	    cb->incarnation != m->incarnation &&
	    now - cb->last_contact_ms <= controller_session_ms(c)) {
		/* DUPLICATE_BROKER_REGISTRATION: the old process still has a
		 * session; the new one retries until it expires. */
		resp->error = KERR_STALE_BROKER_EPOCH;
		controller_reply(c, m, resp);
		return;
	}
	if (c->image.brokers[b].registered && !c->image.brokers[b].fenced)
		controller_fence(c, now, b, "re-registered by a new process");
	/* A new process whose previous broker epoch (m->broker_epoch, from
	 * its clean shutdown file) is not the registered one shut down
	 * uncleanly (KAFKA-15586, KAFKA-18635: ClusterControlManager.
	 * registerBroker, 4.0). */
	unclean = c->image.brokers[b].registered &&
	    cb->incarnation != m->incarnation &&
	    m->broker_epoch != c->image.brokers[b].epoch;

	memset(&reg, 0, sizeof reg);
	reg.registered = true;
	reg.epoch = c->log_end;		/* KRaft: the record offset */
	reg.fenced = true;
	snprintf(reg.rack, sizeof reg.rack, "%s", m->rack);
	controller_set_broker(c, b, &reg);
	cb->incarnation = m->incarnation;
	cb->registration_offset = reg.epoch;
	cb->last_contact_ms = now;
	cb->alive_session = true;
	resp->broker_epoch = reg.epoch;
	controller_reply(c, m, resp);
	/* Under ELR it may have lost what made it eligible: it leaves every
	 * ISR and ELR (handleBrokerUncleanShutdown; a no-op before ELR,
	 * ReplicationControlManager.java:1382 at trunk 1eb7644). */
	if (unclean && controller_profile(c)->elr) {
		snprintf(reason, sizeof reason, "broker %d restarted after an "
		    "unclean shutdown", b);
		controller_remove_from_isrs(c, now, b, true, reason);
	}
	/* zk: a starting broker runs for /controller when nobody holds it
	 * (KafkaController.startup, then elect). */
	if (controller_zk(c) && c->image.controller == 0)
		controller_zk_elect(c, now, 0);
}

static void
controller_on_heartbeat(struct controller *c, struct msg *m, int64_t now)
{
	int b = m->from;
	struct controller_broker *cb = &c->brokers[b];
	struct broker_reg *reg = &c->image.brokers[b];
	struct msg *resp = msg_new(MSG_HEARTBEAT_RESP, NODE_CONTROLLER, b);

	if (!reg->registered || reg->epoch != m->broker_epoch) {
		resp->error = KERR_STALE_BROKER_EPOCH;
		controller_reply(c, m, resp);
		return;
	}
	cb->last_contact_ms = now;
	cb->alive_session = true;

	if (m->want_shutdown && !reg->fenced && !reg->shutting_down) {
		struct broker_reg nreg = *reg;
		char reason[64];

		nreg.shutting_down = true;
		controller_set_broker(c, b, &nreg);
		snprintf(reason, sizeof reason,
		    "controlled shutdown of broker %d", b);
		controller_remove_from_isrs(c, now, b, false, reason);
		reg = &c->image.brokers[b];
	} else if (m->want_shutdown && reg->fenced) {
		resp->shutdown_now = true;	/* nothing left to move */
	} else if (!m->want_shutdown && reg->fenced &&
	    m->metadata_offset >= cb->registration_offset)
		controller_unfence(c, now, b);

	if (reg->shutting_down && controller_leader_count(c, b) == 0 &&
	    m->metadata_offset >= cb->registration_offset) {
		resp->shutdown_now = true;
		controller_fence(c, now, b, N_("controlled shutdown complete"));
	}
	resp->fenced = c->image.brokers[b].fenced;
	resp->broker_epoch = c->image.brokers[b].epoch;
	controller_reply(c, m, resp);
	/* A broker behind on metadata catches up through its heartbeats. */
	if (m->metadata_offset + 1 < c->log_end)
		controller_send_records(c, b, m->metadata_offset + 1);
}

static enum kerr
controller_validate_alter(const struct controller *c, const struct msg *m,
    const struct partition_reg *pr)
{
	int i;

	if (pr == NULL)
		return KERR_UNKNOWN_TOPIC_OR_PARTITION;
	if (c->image.brokers[m->from].epoch != m->broker_epoch)
		return KERR_STALE_BROKER_EPOCH;
	if (m->leader_epoch < pr->leader_epoch)
		return KERR_FENCED_LEADER_EPOCH;
	if (m->leader_epoch > pr->leader_epoch)
		return KERR_UNKNOWN_LEADER_EPOCH;
	if (pr->leader != m->from)
		return KERR_INVALID_REQUEST;
	if (m->partition_epoch != pr->partition_epoch)
		return KERR_INVALID_UPDATE_VERSION;
	if (!ids_contains(m->isr, m->n_isr, pr->leader))
		return KERR_INVALID_REQUEST;
	for (i = 0; i < m->n_isr; i++) {
		if (!preg_in_replicas(pr, m->isr[i]))
			return KERR_INVALID_REQUEST;
		if (!image_broker_active(&c->image, m->isr[i]) &&
		    !preg_in_isr(pr, m->isr[i]))
			return KERR_INELIGIBLE_REPLICA;
	}
	return KERR_NONE;
}

static void
controller_on_alter_partition(struct controller *c, struct msg *m,
    int64_t now)
{
	struct topic_reg *t = image_topic(&c->image, m->topic);
	struct partition_reg *pr = image_partition(&c->image, m->topic,
	    m->partition);
	struct msg *resp = msg_new(MSG_ALTER_PARTITION_RESP, NODE_CONTROLLER,
	    m->from);

	snprintf(resp->topic, sizeof resp->topic, "%s", m->topic);
	resp->partition = m->partition;
	resp->error = controller_validate_alter(c, m, pr);
	if (resp->error == KERR_NONE) {
		partition_change(c, now, t, m->partition, m->isr, m->n_isr,
		    ELECT_ONLINE, ISR_NO_LEADER, m->reason);
		pr = image_partition(&c->image, m->topic, m->partition);
	}
	if (pr != NULL) {
		memcpy(resp->isr, pr->isr, sizeof resp->isr);
		resp->n_isr = pr->n_isr;
		resp->leader_epoch = pr->leader_epoch;
		resp->partition_epoch = pr->partition_epoch;
	}
	controller_reply(c, m, resp);
}

/* A broker's auto topic creation asks for __consumer_offsets (the first
 * FindCoordinator): offsets.topic.num.partitions partitions, replication
 * factor offsets.topic.replication.factor, or every registered broker
 * when there are fewer (isrlab lets a one- or two-broker lab have
 * groups).  A fenced broker counts, as in topic creation. */
static void
controller_on_create_internal(struct controller *c, int64_t now)
{
	int b, registered = 0;
	int64_t rf = c->settings.offsets_topic_rf;
	char why[256];

	if (image_topic(&c->image, GROUP_OFFSETS_TOPIC) != NULL)
		return;
	/* zk: auto topic creation counts the live brokers (AutoTopicCreation
	 * Manager, metadataCache.getAliveBrokers). */
	for (b = 1; b <= c->n_brokers; b++) {
		if (controller_zk(c) ? image_broker_active(&c->image, b) :
		    c->image.brokers[b].registered &&
		    !c->image.brokers[b].shutting_down)
			registered++;
	}
	if (rf > registered)
		rf = registered;
	if (rf < 1)
		return;
	(void)controller_create_topic(c, now, GROUP_OFFSETS_TOPIC,
	    (int)c->settings.offsets_topic_partitions, (int)rf, NULL, 0, why,
	    sizeof why);
}

void
controller_step(struct controller *c, struct msg *m, int64_t now)
{
	int64_t from = c->log_end;

	if (m->from >= 1 && m->from <= c->n_brokers) {
		switch (m->type) {
		case MSG_REGISTER:
			controller_on_register(c, m, now);
			break;
		case MSG_HEARTBEAT:
			controller_on_heartbeat(c, m, now);
			break;
		case MSG_ALTER_PARTITION:
			controller_on_alter_partition(c, m, now);
			break;
		case MSG_CREATE_INTERNAL_TOPIC:
			controller_on_create_internal(c, now);
			break;
		default:		/* bounces and strays: nothing to do */
			break;
		}
	}
	msg_free(m);
	controller_flush(c, from);
}

/* An election of mode, with reason, on every partition `pick` selects. */
static void
controller_elect_each(struct controller *c, int64_t now,
    bool (*pick)(const struct controller *, const struct topic_reg *,
    const struct partition_reg *), enum elect_mode mode, const char *reason)
{
	size_t ti;
	int p;

	for (ti = 0; ti < c->image.n_topics; ti++) {
		for (p = 0; p < c->image.topics[ti].n_partitions; p++) {
			struct topic_reg *t = &c->image.topics[ti];

			if (pick(c, t, &t->parts[p]))
				partition_change(c, now, t, p, NULL, 0, mode,
				    ISR_NO_LEADER, reason);
		}
	}
}

/* The auto leader rebalance as KRaft's controller runs it
 * (ReplicationControlManager.maybeBalancePartitionLeaders, 3.7.0): every
 * partition not led by its preferred replica gets a preferred election,
 * which moves the leader when that replica is active and in the ISR.
 * There is no per-broker percentage: leader.imbalance.per.broker.percentage
 * is the ZooKeeper controller's (KafkaController), and KRaft ignores it. */
static bool
pick_imbalanced(const struct controller *c, const struct topic_reg *t,
    const struct partition_reg *pr)
{
	(void)c;
	(void)t;
	return pr->leader != pr->replicas[0];
}

/* ReplicationControlManager.maybeTriggerUncleanLeaderElectionFor
 * LeaderlessPartitions (ReplicationControlManager.java:1693-1720 at
 * 3.9.0-rc3): an unclean election for each leaderless partition whose
 * topic enables it. */
static bool
pick_unclean_leaderless(const struct controller *c, const struct topic_reg *t,
    const struct partition_reg *pr)
{
	return pr->leader == ISR_NO_LEADER &&
	    controller_config_allows_unclean(c, t);
}

/* Whether replicas[0] of pr may lead: live and in the ISR
 * (KafkaController.canPreferredReplicaBeLeader, PartitionStateMachine.scala:
 * 549-551 at 3.7.0). */
static bool
controller_preferred_can_lead(const struct controller *c,
    const struct partition_reg *pr)
{
	return leader_valid(c, pr->replicas[0], pr->isr, pr->n_isr);
}

/*
 * The ZooKeeper controller's auto leader rebalance
 * (KafkaController.checkAndTriggerAutoLeaderRebalance, KafkaController.scala:
 * 1291-1322 at 3.7.0): partitions are grouped by preferred replica; a
 * broker whose share of them led by someone else (leaderless ones
 * included) is above leader.imbalance.per.broker.percentage gets a
 * preferred election for each of those whose preferred replica can lead.
 * A broker at or below the percentage is left alone.
 */
static void
controller_zk_rebalance(struct controller *c, int64_t now)
{
	int64_t pct = c->settings.leader_imbalance_per_broker_pct;
	size_t ti;
	int b, p, total, off;

	for (b = 1; b <= c->n_brokers; b++) {
		total = off = 0;
		for (ti = 0; ti < c->image.n_topics; ti++) {
			const struct topic_reg *t = &c->image.topics[ti];

			for (p = 0; p < t->n_partitions; p++) {
				if (t->parts[p].replicas[0] != b)
					continue;
				total++;
				off += t->parts[p].leader != b;
			}
		}
		/* off / total > pct / 100, in integers. */
		if (total == 0 || (int64_t)off * 100 <= pct * total)
			continue;
		for (ti = 0; ti < c->image.n_topics; ti++) {
			for (p = 0; p < c->image.topics[ti].n_partitions;
			    p++) {
				struct topic_reg *t = &c->image.topics[ti];
				const struct partition_reg *pr = &t->parts[p];

				if (pr->replicas[0] == b && pr->leader != b &&
				    controller_preferred_can_lead(c, pr))
					partition_change(c, now, t, p, NULL, 0,
					    ELECT_PREFERRED, ISR_NO_LEADER,
					    "auto leader rebalance");
			}
		}
	}
}

void
controller_tick(struct controller *c, int64_t now)
{
	int64_t from = c->log_end;
	int b;

	/* Every session that ended by now ends first, so that a controller
	 * race below sees only the brokers still live. */
	for (b = 1; b <= c->n_brokers; b++)
		if (now - c->brokers[b].last_contact_ms >
		    controller_session_ms(c))
			c->brokers[b].alive_session = false;
	for (b = 1; b <= c->n_brokers; b++) {
		const struct broker_reg *reg = &c->image.brokers[b];
		char why[64];

		if (!reg->registered || reg->fenced)
			continue;
		if (now - c->brokers[b].last_contact_ms <=
		    controller_session_ms(c))
			continue;
		snprintf(why, sizeof why, controller_zk(c) ? "ZooKeeper "
		    "session expired: no heartbeat for %" PRId64 "ms" :
		    "no heartbeat for %" PRId64 "ms",
		    now - c->brokers[b].last_contact_ms);
		controller_fence(c, now, b, why);
	}
	if (c->next_rebalance_ms >= 0 && now >= c->next_rebalance_ms) {
		c->next_rebalance_ms = -1;
		if (controller_zk(c)) {
			/* processAutoPreferredReplicaLeaderElection runs and
			 * reschedules itself every interval
			 * (KafkaController.scala:1330-1340 at 3.7.0). */
			if (c->settings.auto_leader_rebalance)
				controller_zk_rebalance(c, now);
			c->next_rebalance_ms = now + 1000 *
			    c->settings.leader_imbalance_check_interval_s;
		} else if (c->settings.auto_leader_rebalance)
			controller_elect_each(c, now, pick_imbalanced,
			    ELECT_PREFERRED, "auto leader rebalance");
	}
	if (c->next_unclean_ms >= 0 && now >= c->next_unclean_ms) {
		c->next_unclean_ms = -1;
		controller_elect_each(c, now, pick_unclean_leaderless,
		    ELECT_UNCLEAN, "unclean.leader.election.enable, periodic "
		    "check");
	}
	/* Still imbalanced (a preferred replica out of the ISR), or the
	 * rebalance was just turned on: check again an interval later;
	 * likewise a partition still without a leader. */
	controller_balance_schedule(c, now);
	controller_unclean_schedule(c, now);
	controller_flush(c, from);
}

int64_t
controller_next_deadline(const struct controller *c)
{
	int64_t next = c->next_rebalance_ms < 0 ? INT64_MAX :
	    c->next_rebalance_ms;

	if (c->next_unclean_ms >= 0 && c->next_unclean_ms < next)
		next = c->next_unclean_ms;
	int b;

	for (b = 1; b <= c->n_brokers; b++) {
		const struct broker_reg *reg = &c->image.brokers[b];
		int64_t due;

		if (!reg->registered || reg->fenced)
			continue;
		due = c->brokers[b].last_contact_ms +
		    controller_session_ms(c) + 1;
		if (due < next)
			next = due;
	}
	return next;
}

/* --- Admin ---------------------------------------------------------- */

static void
topic_id_make(struct controller *c, char out[23])
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	struct prng p;
	unsigned char bytes[16];
	int i, o = 0;
	uint32_t acc = 0;
	int bits = 0;

	do {
		prng_seed(&p, c->topic_id_state++);
		for (i = 0; i < 16; i++)
			bytes[i] = (unsigned char)prng_next(&p);
		bytes[6] = (unsigned char)((bytes[6] & 0x0f) | 0x40);
		bytes[8] = (unsigned char)((bytes[8] & 0x3f) | 0x80);
		o = 0;
		acc = 0;
		bits = 0;
		for (i = 0; i < 16; i++) {
			acc = (acc << 8) | bytes[i];
			bits += 8;
			while (bits >= 6) {
				out[o++] = b64[(acc >> (bits - 6)) & 63];
				bits -= 6;
			}
		}
		if (bits > 0)
			out[o++] = b64[(acc << (6 - bits)) & 63];
		out[o] = '\0';
	} while (out[0] == '-');	/* Uuid.randomUuid avoids these */
}

static bool
topic_name_legal(const char *name, char *why, size_t why_len)
{
	const char *p, *bad = NULL;

	/* Topic.detectInvalidTopic (clients/src/main/java/org/apache/kafka/
	 * common/internals/Topic.java:49-61 at 3.7.0), prefixed as
	 * Topic.validate does (line 72). */
	for (p = name; *p != '\0' && bad == NULL; p++) {
		char ch = *p;

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
		    ch == '-'))
			bad = p;
	}
	if (name[0] == '\0')
		snprintf(why, why_len, "Topic name is invalid: the empty "
		    "string is not allowed");
	else if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		snprintf(why, why_len, "Topic name is invalid: '%s' is not "
		    "allowed", name);
	else if (strlen(name) > ISR_TOPIC_MAX)
		snprintf(why, why_len, "Topic name is invalid: the length of "
		    "'%s' is longer than the max allowed length %d", name,
		    ISR_TOPIC_MAX);
	else if (bad != NULL)
		snprintf(why, why_len, "Topic name is invalid: '%s' contains "
		    "one or more characters other than ASCII alphanumerics, "
		    "'.', '_' and '-'", name);
	else
		return true;
	return false;
}

/* Topic.unifyCollisionChars: '.' and '_' collide in metric names. */
static void
topic_name_unify(const char *name, char *out, size_t len)
{
	size_t i;

	for (i = 0; name[i] != '\0' && i + 1 < len; i++)
		out[i] = name[i] == '.' ? '_' : name[i];
	out[i] = '\0';
}

/* An existing topic whose name differs from name only in '.' and '_',
 * or NULL (ReplicationControlManager.validateNewTopicNames,
 * ReplicationControlManager.java:860-867 at 3.7.0). */
static const char *
topic_collision(const struct controller *c, const char *name)
{
	char want[ISR_TOPIC_MAX + 1], have[ISR_TOPIC_MAX + 1];
	size_t i;

	if (strpbrk(name, "._") == NULL)
		return NULL;
	topic_name_unify(name, want, sizeof want);
	for (i = 0; i < c->image.n_topics; i++) {
		topic_name_unify(c->image.topics[i].name, have, sizeof have);
		if (strcmp(want, have) == 0)
			return c->image.topics[i].name;
	}
	return NULL;
}

/* Apply one topic-level config to cfg; KERR_INVALID_CONFIG on error. */
static enum kerr
topic_config_set(struct topic_config *cfg, const char *key,
    const char *value, char *why, size_t why_len)
{
	const struct setting_desc *d = settings_find(key);
	char reason[64];
	int64_t v;

	if (d == NULL || !d->topic_level) {
		snprintf(why, why_len, "Unknown topic config name: %s", key);
		return KERR_INVALID_CONFIG;
	}
	if (value == NULL) {		/* --delete-config */
		v = -1;
	} else if (settings_parse_value(d, value, &v, reason,
	    sizeof reason) != 0) {
		snprintf(why, why_len, "Invalid value %s for configuration "
		    "%s: %s", value, key, reason);
		return KERR_INVALID_CONFIG;
	}
	if (strcmp(key, "min.insync.replicas") == 0)
		cfg->min_insync_replicas = v;
	else if (strcmp(key, "unclean.leader.election.enable") == 0)
		cfg->unclean_leader_election = v;
	else
		cfg->retention_records = v;
	return KERR_NONE;
}

/*
 * The brokers a zk topic is placed on: ZkAdminManager.createTopics
 * assigns over the live brokers only
 * (core/src/main/scala/kafka/server/ZkAdminManager.scala:165-190 at
 * 3.7.0), refusing a replication factor above their count.
 */
static enum kerr
controller_zk_brokers(struct controller *c, int rf, int *usable,
    const char **racks, int *n_usable, char *why, size_t why_len)
{
	int b, n = 0;

	for (b = 1; b <= c->n_brokers; b++) {
		if (!image_broker_active(&c->image, b))
			continue;
		racks[n] = c->image.brokers[b].rack;
		usable[n++] = b;
	}
	if (rf > n) {
		snprintf(why, why_len, "Replication factor: %d larger than "
		    "available brokers: %d.", rf, n);
		return KERR_INVALID_REPLICATION_FACTOR;
	}
	*n_usable = n;
	return KERR_NONE;
}

/* The brokers rf replicas of a partition may be placed on (usable, with
 * their racks and whether each is fenced), as the zk or the KRaft
 * controller picks them. */
static enum kerr
placement_brokers(struct controller *c, int rf, int *usable, bool *fenced,
    const char **racks, int *n_usable, char *why, size_t why_len)
{
	int n_live = 0, b;

	if (controller_zk(c)) {
		for (b = 0; b < ISR_MAX_BROKERS; b++)
			fenced[b] = false;
		return controller_zk_brokers(c, rf, usable, racks, n_usable,
		    why, why_len);
	}
	/* KRaft places replicas on every registered broker not shutting
	 * down, fenced ones too, unfenced first; only the leader must be
	 * unfenced (BrokerHeartbeatManager.java:495-497,
	 * StripedReplicaPlacer.java:400-418 at 3.7.0). */
	*n_usable = 0;
	for (b = 1; b <= c->n_brokers; b++) {
		const struct broker_reg *br = &c->image.brokers[b];

		if (!br->registered || br->shutting_down)
			continue;
		n_live += !br->fenced;
		racks[*n_usable] = br->rack;
		fenced[*n_usable] = !image_broker_active(&c->image, b);
		usable[(*n_usable)++] = b;
	}
	if (n_live == 0) {
		snprintf(why, why_len, "Unable to replicate the partition %d "
		    "time(s): All brokers are currently fenced.", rf);
		return KERR_INVALID_REPLICATION_FACTOR;
	}
	if (rf > *n_usable) {
		snprintf(why, why_len, "Unable to replicate the partition %d "
		    "time(s): The target replication factor of %d cannot be "
		    "reached because only %d broker(s) are registered.", rf,
		    rf, *n_usable);
		return KERR_INVALID_REPLICATION_FACTOR;
	}
	return KERR_NONE;
}

/*
 * Place count partitions of rf replicas, numbered from `from`, on the
 * usable brokers by the profile's placer.  StripedReplicaPlacer draws
 * from the controller's PRNG (ClusterControlManager.java:145-146 at
 * 3.7.0).  AdminUtils takes the start index and shift the caller chose,
 * on the unfenced brokers alone when there are enough of them, as the
 * striped placer takes fenced ones only when the unfenced run out.
 */
static void
placement_assign(struct controller *c, int *usable, const bool *fenced,
    const char **racks, int n_usable, int from, int count, int rf,
    int start, int shift, int (*out)[ISR_MAX_REPLICAS])
{
	int b, i, n_live = 0;

	if (controller_profile(c)->placer == PLACER_STRIPED) {
		placer_striped_place(&c->prng, usable, fenced, racks,
		    n_usable, count, rf, out);
		return;
	}
	for (b = 0; b < n_usable; b++)
		n_live += !fenced[b];
	if (rf <= n_live) {
		for (b = 0, i = 0; b < n_usable; b++) {
			if (fenced[b])
				continue;
			racks[i] = racks[b];
			usable[i++] = usable[b];
		}
		n_usable = i;
	}
	assign_replicas(usable, racks, n_usable, from, count, rf,
	    start % n_usable, shift % n_usable, out);
}

/* A new partition's registration on the rf brokers of replicas.  The
 * leader must be unfenced: the first unfenced replica moves to the
 * front.  ISR = active replicas in that order, leader = ISR[0]
 * (ReplicationControlManager.java:749-750 at 3.7.0), epochs 0. */
static void
partition_place(const struct controller *c, struct partition_reg *pr,
    const int *replicas, int rf)
{
	int i, b;

	memset(pr, 0, sizeof *pr);
	pr->n_replicas = rf;
	memcpy(pr->replicas, replicas, (size_t)rf * sizeof(int));
	for (i = 0; !image_broker_active(&c->image, pr->replicas[i]); i++)
		;
	b = pr->replicas[i];
	memmove(&pr->replicas[1], &pr->replicas[0],
	    (size_t)i * sizeof pr->replicas[0]);
	pr->replicas[0] = b;
	for (i = 0; i < rf; i++)
		if (image_broker_active(&c->image, pr->replicas[i]))
			pr->isr[pr->n_isr++] = pr->replicas[i];
	pr->leader = pr->isr[0];
}

/* Create topic name, or (apply false) only check that it could be. */
static enum kerr
topic_create(struct controller *c, int64_t now, const char *name,
    int partitions, int rf, const struct topic_config_kv *configs,
    int n_configs, bool apply, char *why, size_t why_len)
{
	int usable[ISR_MAX_BROKERS], n_usable = 0, p, i;
	int start = 0, shift = 0;
	bool fenced[ISR_MAX_BROKERS];
	const char *racks[ISR_MAX_BROKERS], *other;
	int (*assignment)[ISR_MAX_REPLICAS];
	struct mrec r;
	struct event *e;
	enum kerr err;
	int64_t from = c->log_end;

	why[0] = '\0';
	/* createTopics' order: the name, then the existing topics
	 * (ReplicationControlManager.java:601-606 at 3.7.0). */
	if (image_topic(&c->image, name) != NULL) {
		snprintf(why, why_len, "Topic '%s' already exists.", name);
		return KERR_TOPIC_ALREADY_EXISTS;
	}
	if (!topic_name_legal(name, why, why_len))
		return KERR_INVALID_TOPIC_EXCEPTION;
	if ((other = topic_collision(c, name)) != NULL) {
		snprintf(why, why_len, "Topic '%s' collides with existing "
		    "topic: %s", name, other);
		return KERR_INVALID_TOPIC_EXCEPTION;
	}
	if (partitions < 1) {
		snprintf(why, why_len, "Number of partitions was set to an "
		    "invalid non-positive value.");
		return KERR_INVALID_PARTITIONS;
	}
	if (rf < 1) {
		snprintf(why, why_len, "Replication factor must be larger "
		    "than 0, or -1 to use the default value.");
		return KERR_INVALID_REPLICATION_FACTOR;
	}
	err = placement_brokers(c, rf, usable, fenced, racks, &n_usable,
	    why, why_len);
	if (err != KERR_NONE)
		return err;
	/* The zk controller's AdminUtils.assignReplicasToBrokers draws the
	 * start index and shift at random (AdminUtils.java:128, 146-148 at
	 * 3.7.0). */
	if (controller_profile(c)->placer == PLACER_ADMINUTILS) {
		start = (int)prng_below(&c->prng, (uint64_t)n_usable);
		shift = (int)prng_below(&c->prng, (uint64_t)n_usable);
	}
	memset(&r, 0, sizeof r);
	r.type = MREC_TOPIC;
	snprintf(r.topic, sizeof r.topic, "%s", name);
	r.tconfig.min_insync_replicas = -1;
	r.tconfig.unclean_leader_election = -1;
	r.tconfig.retention_records = -1;
	for (i = 0; i < n_configs; i++) {
		err = topic_config_set(&r.tconfig, configs[i].key,
		    configs[i].value, why, why_len);
		if (err != KERR_NONE)
			return err;
	}
	/* validateOnly: every check made, no record written
	 * (ReplicationControlManager.java:666-668 at 3.7.0). */
	if (!apply)
		return KERR_NONE;
	topic_id_make(c, r.topic_id);
	r.n_partitions = partitions;
	r.parts = xcalloc((size_t)partitions, sizeof *r.parts);
	assignment = xcalloc((size_t)partitions, sizeof *assignment);
	placement_assign(c, usable, fenced, racks, n_usable, 0, partitions,
	    rf, start, shift, assignment);
	for (p = 0; p < partitions; p++)
		partition_place(c, &r.parts[p], assignment[p], rf);
	free(assignment);
	controller_append(c, &r);

	e = controller_event(c, EV_TOPIC_CREATED, now);
	snprintf(e->topic, sizeof e->topic, "%s", name);
	snprintf(e->reason, sizeof e->reason, "%d partition(s), "
	    "replication factor %d", partitions, rf);
	controller_flush(c, from);
	return KERR_NONE;
}

enum kerr
controller_create_topic(struct controller *c, int64_t now, const char *name,
    int partitions, int rf, const struct topic_config_kv *configs,
    int n_configs, char *why, size_t why_len)
{
	return topic_create(c, now, name, partitions, rf, configs, n_configs,
	    true, why, why_len);
}

enum kerr
controller_validate_topic(struct controller *c, const char *name,
    int partitions, int rf, const struct topic_config_kv *configs,
    int n_configs, char *why, size_t why_len)
{
	return topic_create(c, 0, name, partitions, rf, configs, n_configs,
	    false, why, why_len);
}

enum kerr
controller_create_partitions(struct controller *c, int64_t now,
    const char *name, int count, bool validate_only, char *why,
    size_t why_len)
{
	const struct topic_reg *t = image_topic(&c->image, name);
	int usable[ISR_MAX_BROKERS], n_usable = 0, n, rf, start = 0, p;
	bool fenced[ISR_MAX_BROKERS];
	const char *racks[ISR_MAX_BROKERS];
	int (*assignment)[ISR_MAX_REPLICAS];
	struct mrec r;
	struct event *e;
	enum kerr err;
	int64_t from = c->log_end;

	why[0] = '\0';
	if (t == NULL)
		return KERR_UNKNOWN_TOPIC_OR_PARTITION;
	n = t->n_partitions;
	if (count == n) {
		snprintf(why, why_len, "Topic already has %d partition(s).", n);
		return KERR_INVALID_PARTITIONS;
	}
	if (count < n) {
		snprintf(why, why_len, "The topic %s currently has %d "
		    "partition(s); %d would not be an increase.", name, n,
		    count);
		return KERR_INVALID_PARTITIONS;
	}
	rf = t->parts[0].n_replicas;
	err = placement_brokers(c, rf, usable, fenced, racks, &n_usable,
	    why, why_len);
	if (err != KERR_NONE)
		return err;
	if (validate_only)
		return KERR_NONE;
	/* The zk controller continues the stripe from partition 0's first
	 * replica (AdminZkClient.createPartitions, AdminZkClient.scala:
	 * 232-250 at 3.7.0). */
	if (controller_profile(c)->placer == PLACER_ADMINUTILS)
		for (p = 0; p < n_usable; p++)
			if (usable[p] >= t->parts[0].replicas[0]) {
				start = p;
				break;
			}
	assignment = xcalloc((size_t)(count - n), sizeof *assignment);
	placement_assign(c, usable, fenced, racks, n_usable, n, count - n,
	    rf, start, start, assignment);
	for (p = n; p < count; p++) {
		memset(&r, 0, sizeof r);
		r.type = MREC_PARTITION;
		snprintf(r.topic, sizeof r.topic, "%s", name);
		r.partition = p;
		partition_place(c, &r.preg, assignment[p - n], rf);
		controller_append(c, &r);
	}
	free(assignment);
	e = controller_event(c, EV_NOTE, now);
	snprintf(e->topic, sizeof e->topic, "%s", name);
	e->partition = -1;
	snprintf(e->reason, sizeof e->reason, "%d partition(s) added, %d in "
	    "all", count - n, count);
	controller_flush(c, from);
	return KERR_NONE;
}

enum kerr
controller_delete_topic(struct controller *c, int64_t now, const char *name,
    char *why, size_t why_len)
{
	struct mrec r;
	struct event *e;
	int64_t from = c->log_end;

	if (image_topic(&c->image, name) == NULL) {
		snprintf(why, why_len, "Topic '%s' does not exist as "
		    "expected", name);
		return KERR_UNKNOWN_TOPIC_OR_PARTITION;
	}
	memset(&r, 0, sizeof r);
	r.type = MREC_REMOVE_TOPIC;
	snprintf(r.topic, sizeof r.topic, "%s", name);
	controller_append(c, &r);
	e = controller_event(c, EV_TOPIC_DELETED, now);
	snprintf(e->topic, sizeof e->topic, "%s", name);
	controller_flush(c, from);
	return KERR_NONE;
}

static void
config_event(struct controller *c, int64_t now, const char *what,
    const char *key, const char *value)
{
	struct event *e = controller_event(c, EV_CONFIG_CHANGE, now);

	snprintf(e->reason, sizeof e->reason, "%.60s %.60s=%.30s", what, key,
	    value != NULL ? value : "(default)");
}

/* A changed min.insync.replicas makes the ELR meaningless: clear it and
 * the last known leader, for topic or (NULL) every topic (ClearElrRecord;
 * "if min.insync.replicas is updated for a topic, the ELR field will be
 * cleaned. If cluster default min ISR is updated, all the ELR fields will
 * be cleaned", kafka.apache.org/40/operations/eligible-leader-replicas). */
static void
controller_clear_elr(struct controller *c, int64_t now, const char *topic)
{
	size_t ti;
	int p;

	for (ti = 0; ti < c->image.n_topics; ti++) {
		for (p = 0; p < c->image.topics[ti].n_partitions; p++) {
			struct topic_reg *t = &c->image.topics[ti];
			struct partition_reg *pr = &t->parts[p];
			struct event *e;
			struct mrec r;

			if ((topic != NULL && strcmp(t->name, topic) != 0) ||
			    (pr->n_elr == 0 && pr->n_last_known_elr == 0))
				continue;
			e = controller_event(c, EV_NOTE, now);
			snprintf(e->topic, sizeof e->topic, "%s", t->name);
			e->partition = p;
			memcpy(e->elr_from, pr->elr, sizeof e->elr_from);
			e->n_elr_from = pr->n_elr;
			snprintf(e->reason, sizeof e->reason,
			    "min.insync.replicas changed");
			memset(&r, 0, sizeof r);
			r.type = MREC_PARTITION;
			snprintf(r.topic, sizeof r.topic, "%s", t->name);
			r.partition = p;
			r.preg = *pr;
			r.preg.n_elr = r.preg.n_last_known_elr = 0;
			r.preg.partition_epoch++;
			controller_append(c, &r);
		}
	}
}

/*
 * unclean.leader.election.enable just set to true, for topic or (NULL) as
 * the brokers' default.  The ZooKeeper controller elects at once: the
 * config change handler queues TopicUncleanLeaderElectionEnable
 * (core/src/main/scala/kafka/server/ConfigHandler.scala:110-112 at 3.7.0),
 * or UncleanLeaderElectionEnable for the dynamic broker default
 * (DynamicBrokerConfig.scala:759), and the controller runs the leaderless
 * partitions' elections with unclean allowed (KafkaController.scala:
 * 1343-1353).  KRaft 3.7 does nothing here.
 */
static void
controller_unclean_turned_on(struct controller *c, int64_t now,
    const char *topic, const char *key, const char *value)
{
	if (profile_get(c->settings.profile)->unclean_config !=
	    UNCLEAN_CONFIG_IMMEDIATE ||
	    strcmp(key, "unclean.leader.election.enable") != 0 ||
	    value == NULL || strcasecmp(value, "true") != 0)
		return;
	controller_elect_leaderless(c, now, topic, ELECT_ONLINE,
	    "unclean.leader.election.enable turned on");
}

enum kerr
controller_check_topic_config(const struct controller *c, const char *topic,
    const char *key, const char *value, char *why, size_t why_len)
{
	struct topic_reg *t = image_topic(&c->image, topic);
	struct topic_config cfg;

	if (t == NULL) {
		snprintf(why, why_len, "Topic '%s' does not exist as "
		    "expected", topic);
		return KERR_UNKNOWN_TOPIC_OR_PARTITION;
	}
	cfg = t->config;
	return topic_config_set(&cfg, key, value, why, why_len);
}

enum kerr
controller_alter_topic_config(struct controller *c, int64_t now,
    const char *topic, const char *key, const char *value, char *why,
    size_t why_len)
{
	struct mrec r;
	enum kerr err;
	int64_t from = c->log_end;
	char what[ISR_TOPIC_MAX + 8];

	err = controller_check_topic_config(c, topic, key, value, why,
	    why_len);
	if (err != KERR_NONE)
		return err;
	memset(&r, 0, sizeof r);
	r.type = MREC_TOPIC_CONFIG;
	snprintf(r.topic, sizeof r.topic, "%s", topic);
	r.tconfig = image_topic(&c->image, topic)->config;
	topic_config_set(&r.tconfig, key, value, why, why_len);
	controller_append(c, &r);
	snprintf(what, sizeof what, "topic %s", topic);
	config_event(c, now, what, key, value);
	if (strcmp(key, "min.insync.replicas") == 0)
		controller_clear_elr(c, now, topic);
	controller_unclean_turned_on(c, now, topic, key, value);
	controller_flush(c, from);
	return KERR_NONE;
}

enum kerr
controller_check_broker_config(const char *key, const char *value,
    int64_t *out, char *why, size_t why_len)
{
	const struct setting_desc *d = settings_find(key);
	char reason[64];

	*out = -1;
	if (d == NULL || (strcmp(key, "min.insync.replicas") != 0 &&
	    strcmp(key, "unclean.leader.election.enable") != 0)) {
		snprintf(why, why_len, "Cannot update these configs "
		    "dynamically: Set(%s)", key);
		return KERR_INVALID_CONFIG;
	}
	if (value != NULL && settings_parse_value(d, value, out, reason,
	    sizeof reason) != 0) {
		snprintf(why, why_len, "Invalid value %s for configuration "
		    "%s: %s", value, key, reason);
		return KERR_INVALID_CONFIG;
	}
	return KERR_NONE;
}

enum kerr
controller_alter_broker_config(struct controller *c, int64_t now,
    const char *key, const char *value, char *why, size_t why_len)
{
	struct mrec r;
	int64_t v, from = c->log_end;
	enum kerr err;

	err = controller_check_broker_config(key, value, &v, why, why_len);
	if (err != KERR_NONE)
		return err;
	memset(&r, 0, sizeof r);
	r.type = MREC_BROKER_CONFIG;
	r.overrides = c->image.overrides;
	if (strcmp(key, "min.insync.replicas") == 0)
		r.overrides.min_insync_replicas = v;
	else
		r.overrides.unclean_leader_election = v;
	controller_append(c, &r);
	config_event(c, now, "brokers", key, value);
	if (strcmp(key, "min.insync.replicas") == 0)
		controller_clear_elr(c, now, NULL);
	controller_unclean_turned_on(c, now, NULL, key, value);
	controller_flush(c, from);
	return KERR_NONE;
}

enum kerr
controller_elect(struct controller *c, int64_t now, enum election_type type,
    const char *topic, int partition)
{
	struct topic_reg *t = image_topic(&c->image, topic);
	struct partition_reg *pr;
	int64_t from = c->log_end;
	enum kerr err = KERR_NONE;

	if (t == NULL || partition < 0 || partition >= t->n_partitions)
		return KERR_UNKNOWN_TOPIC_OR_PARTITION;
	pr = &t->parts[partition];
	if (type == ELECTION_PREFERRED) {
		if (pr->leader == pr->replicas[0])
			return KERR_ELECTION_NOT_NEEDED;
		if (!leader_valid(c, pr->replicas[0], pr->isr, pr->n_isr))
			return KERR_PREFERRED_LEADER_NOT_AVAILABLE;
		partition_change(c, now, t, partition, NULL, 0,
		    ELECT_PREFERRED, ISR_NO_LEADER, "preferred leader election");
	} else {
		if (pr->leader != ISR_NO_LEADER)
			return KERR_ELECTION_NOT_NEEDED;
		if (!partition_change(c, now, t, partition, NULL, 0,
		    ELECT_UNCLEAN, ISR_NO_LEADER, "unclean leader election"))
			err = KERR_ELIGIBLE_LEADERS_NOT_AVAILABLE;
	}
	controller_flush(c, from);
	return err;
}
