/*
 * invariants.c - the invariant checker (see invariants.h for what is
 * checked and why each piece of state is trusted for it).
 *
 * A check first replays the controller's new metadata records into the
 * shadow image, judging each partition change against the registration it
 * replaces (1, 2, 9, 10); then, partition by partition, it looks at every
 * broker's replica (1, 3, 8, 10, 11), compares the current leader's log
 * with its ISR members' (4) and the ledger (5).  The first violation found
 * ends the check; the state is still brought up to date, so a caller may
 * go on checking after reporting it.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/invariants.h"
#include "util/xmalloc.h"

/* One check's inputs. */
struct inv_ctx {
	const struct controller *c;
	struct broker *const *brokers;
	int n;
	const struct ledger *ledger;
	struct inv_state *st;
	int64_t now;
	bool unclean_allowed;
	char *why;
	size_t len;
	bool failed;			/* why holds the first violation */
};

static int inv_fail(struct inv_ctx *x, int inv, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Return inv, explaining it as "t=12.345s <message>" in why unless an
 * earlier violation of this check already is. */
static int
inv_fail(struct inv_ctx *x, int inv, const char *fmt, ...)
{
	va_list ap;
	int used;

	if (x->failed || x->len == 0)
		return inv;
	x->failed = true;
	used = snprintf(x->why, x->len, "t=%" PRId64 ".%03" PRId64 "s ",
	    x->now / 1000, x->now % 1000);
	if (used < 0 || (size_t)used >= x->len)
		return inv;
	va_start(ap, fmt);
	vsnprintf(x->why + used, x->len - (size_t)used, fmt, ap);
	va_end(ap);
	return inv;
}

/* --- State ---------------------------------------------------------- */

static void
pair_reset(struct inv_pair *p, int leader)
{
	p->leader = leader;
	p->upto = 0;
	p->ml.off = p->mf.off = -1;
}

void
inv_state_init(struct inv_state *st)
{
	memset(st, 0, sizeof *st);
	image_init(&st->shadow);
}

static void
part_free(struct inv_partition *ip)
{
	free(ip->epoch_leader);
	free(ip->lost);
}

void
inv_state_free(struct inv_state *st)
{
	size_t i;

	for (i = 0; i < st->n_parts; i++)
		part_free(&st->parts[i]);
	free(st->parts);
	image_free(&st->shadow);
	inv_state_init(st);
}

static struct inv_partition *
part_find(struct inv_state *st, const char *topic, int partition)
{
	size_t i;

	for (i = 0; i < st->n_parts; i++) {
		if (st->parts[i].partition == partition &&
		    strcmp(st->parts[i].topic, topic) == 0)
			return &st->parts[i];
	}
	return NULL;
}

const struct inv_partition *
inv_state_partition(const struct inv_state *st, const char *topic,
    int partition)
{
	return part_find((struct inv_state *)st, topic, partition);
}

static struct inv_partition *
part_add(struct inv_state *st, const char *topic, int partition)
{
	struct inv_partition *ip;
	int b;

	if (st->n_parts == st->cap_parts) {
		st->cap_parts = st->cap_parts ? st->cap_parts * 2 : 16;
		st->parts = xreallocarray(st->parts, st->cap_parts,
		    sizeof *st->parts);
	}
	ip = &st->parts[st->n_parts++];
	memset(ip, 0, sizeof *ip);
	snprintf(ip->topic, sizeof ip->topic, "%s", topic);
	ip->partition = partition;
	ip->acked_leader = ISR_NO_LEADER;
	ip->acked_mark.off = -1;
	for (b = 0; b < ISR_NODES; b++) {
		ip->rep[b].epochs_mark.off = -1;
		pair_reset(&ip->rep[b].isr_pair, ISR_NO_LEADER);
		pair_reset(&ip->rep[b].follow_pair, ISR_NO_LEADER);
	}
	return ip;
}

static void
part_drop_topic(struct inv_state *st, const char *topic)
{
	size_t i = 0;

	while (i < st->n_parts) {
		if (strcmp(st->parts[i].topic, topic) == 0) {
			part_free(&st->parts[i]);
			st->parts[i] = st->parts[--st->n_parts];
		} else
			i++;
	}
}

/* Remember that epoch was given to leader (ISR_NO_LEADER for none). */
static void
part_set_epoch(struct inv_partition *ip, int32_t epoch, int leader)
{
	if (epoch < 0)
		return;
	while ((size_t)epoch >= ip->cap_epochs) {
		ip->cap_epochs = ip->cap_epochs ? ip->cap_epochs * 2 : 16;
		ip->epoch_leader = xreallocarray(ip->epoch_leader,
		    ip->cap_epochs, sizeof *ip->epoch_leader);
	}
	while (ip->n_epochs <= (size_t)epoch)
		ip->epoch_leader[ip->n_epochs++] = ISR_NO_LEADER;
	ip->epoch_leader[epoch] = leader;
}

/* The leader the metadata log gave epoch, or ISR_NO_LEADER. */
static int
part_epoch_leader(const struct inv_partition *ip, int32_t epoch)
{
	if (epoch < 0 || (size_t)epoch >= ip->n_epochs)
		return ISR_NO_LEADER;
	return ip->epoch_leader[epoch];
}

/* --- Logs ----------------------------------------------------------- */

static struct inv_mark
mark_at(const struct plog *l, int64_t off)
{
	struct inv_mark m = { -1, 0, 0 };
	const struct record *rec = plog_get(l, off);

	if (rec != NULL) {
		m.off = off;
		m.id = rec->id;
		m.epoch = rec->epoch;
	}
	return m;
}

/* Whether l still holds the remembered record (one that retention has
 * dropped since counts as held: nothing below log start changes). */
static bool
mark_holds(const struct plog *l, const struct inv_mark *m)
{
	const struct record *rec;

	if (m->off < 0)
		return true;
	if (m->off >= l->leo)
		return false;
	rec = plog_get(l, m->off);
	return rec == NULL || (rec->id == m->id && rec->epoch == m->epoch);
}

static bool
record_same(const struct record *a, const struct record *b)
{
	size_t kl = a->key_len == PLOG_NULL_KEY ? 0 : a->key_len;

	return a->epoch == b->epoch && a->id == b->id &&
	    a->key_len == b->key_len && a->value_len == b->value_len &&
	    a->timestamp == b->timestamp &&
	    memcmp(a->data, b->data, kl) == 0 &&
	    memcmp(record_value(a), record_value(b), a->value_len) == 0;
}

static int64_t
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* Compare follower log f with leader log l below limit, from where the
 * pair last stopped; returns the first offset where they differ, or -1. */
static int64_t
pair_compare(struct inv_pair *p, int leader, const struct plog *l,
    const struct plog *f, int64_t limit)
{
	int64_t o;

	if (p->leader != leader || p->upto > l->leo || p->upto > f->leo ||
	    !mark_holds(l, &p->ml) || !mark_holds(f, &p->mf))
		pair_reset(p, leader);
	if (limit > l->leo)
		limit = l->leo;
	if (limit > f->leo)
		limit = f->leo;
	for (o = max64(p->upto, max64(l->log_start, f->log_start)); o < limit;
	    o++) {
		if (!record_same(plog_get(l, o), plog_get(f, o)))
			return o;
	}
	if (limit > p->upto) {
		p->upto = limit;
		p->ml = mark_at(l, limit - 1);
		p->mf = mark_at(f, limit - 1);
	}
	return -1;
}

static void
record_describe(const struct plog *l, int64_t off, char *buf, size_t len)
{
	const struct record *rec = plog_get(l, off);

	if (rec == NULL)
		snprintf(buf, len, "nothing");
	else
		snprintf(buf, len, "id %" PRIu64 " epoch %" PRId32, rec->id,
		    rec->epoch);
}

/* --- Registrations (replay of the metadata log) --------------------- */

/* Invariant 2 on one registration.  Under ELR (KIP-966) the ISR may be
 * empty, but only while the partition has no leader, and the ELR holds
 * replicas outside the ISR. */
static int
reg_check(struct inv_ctx *x, const char *topic, int p,
    const struct partition_reg *reg)
{
	char isr[64], rep[64], what[64] = "";
	bool elr = profile_get(x->st->shadow.profile)->elr;
	int i;

	for (i = 0; i < reg->n_isr && what[0] == '\0'; i++) {
		if (!ids_contains(reg->replicas, reg->n_replicas, reg->isr[i]))
			snprintf(what, sizeof what, "holds broker %d, not a "
			    "replica", reg->isr[i]);
		else if (ids_contains(reg->isr, i, reg->isr[i]))
			snprintf(what, sizeof what, "names broker %d twice",
			    reg->isr[i]);
	}
	for (i = 0; i < reg->n_elr && what[0] == '\0'; i++) {
		if (!ids_contains(reg->replicas, reg->n_replicas, reg->elr[i]) ||
		    ids_contains(reg->isr, reg->n_isr, reg->elr[i]))
			snprintf(what, sizeof what, "beside ELR member %d, "
			    "not a replica outside the ISR", reg->elr[i]);
	}
	if (what[0] == '\0' && reg->n_isr < 1 && !elr)
		snprintf(what, sizeof what, "is empty");
	if (what[0] == '\0' && reg->n_isr < 1 && reg->leader != ISR_NO_LEADER)
		snprintf(what, sizeof what, "is empty under leader %d",
		    reg->leader);
	if (what[0] == '\0' && reg->leader != ISR_NO_LEADER &&
	    !ids_contains(reg->isr, reg->n_isr, reg->leader))
		snprintf(what, sizeof what, "lacks leader %d", reg->leader);
	if (what[0] == '\0')
		return 0;
	ids_format(reg->isr, reg->n_isr, isr, sizeof isr);
	ids_format(reg->replicas, reg->n_replicas, rep, sizeof rep);
	return inv_fail(x, 2, "%s-%d: ISR %s (replicas %s) %s", topic, p, isr,
	    rep, what);
}

static int
replay_topic(struct inv_ctx *x, const struct mrec *r)
{
	struct inv_partition *ip;
	int p, rc = 0;

	part_drop_topic(x->st, r->topic);
	for (p = 0; p < r->n_partitions; p++) {
		ip = part_add(x->st, r->topic, p);
		part_set_epoch(ip, r->parts[p].leader_epoch,
		    r->parts[p].leader);
		if (rc == 0)
			rc = reg_check(x, r->topic, p, &r->parts[p]);
	}
	return rc;
}

static struct replica *
ctx_replica(struct inv_ctx *x, int b, const char *topic, int p)
{
	if (b < 1 || b > x->n)
		return NULL;
	return broker_replica(x->brokers[b - 1], topic, p);
}

/* Invariant 10 on an ISR expansion just committed: the joiner reached the
 * leader's HW within the leader's epoch. */
static int
replay_expansion(struct inv_ctx *x, const struct mrec *r,
    const struct partition_reg *old)
{
	const struct partition_reg *nw = &r->preg;
	struct replica *rl = ctx_replica(x, nw->leader, r->topic, r->partition);
	int i;

	if (rl == NULL || rl->role != ROLE_LEADER ||
	    rl->leader_epoch != nw->leader_epoch ||
	    !broker_is_up(x->brokers[nw->leader - 1]))
		return 0;
	for (i = 0; i < nw->n_isr; i++) {
		int m = nw->isr[i];
		struct replica *rm;
		int64_t leo;

		if (ids_contains(old->isr, old->n_isr, m))
			continue;
		rm = ctx_replica(x, m, r->topic, r->partition);
		leo = rm != NULL ? rm->log.leo : 0;
		if (leo < rl->hw || leo < rl->epoch_start_offset)
			return inv_fail(x, 10, "%s-%d: broker %d joined the ISR "
			    "with LEO %" PRId64 ", below leader %d's HW %"
			    PRId64 " or epoch %" PRId32 " start offset %"
			    PRId64, r->topic, r->partition, m, leo,
			    nw->leader, rl->hw, nw->leader_epoch,
			    rl->epoch_start_offset);
	}
	return 0;
}

/* Invariants 1, 2, 9 and 10 on a partition change, against the
 * registration it replaces; judge_brokers when the brokers' state is that
 * of the moment the record was written. */
static int
replay_partition(struct inv_ctx *x, const struct mrec *r, bool judge_brokers)
{
	const struct partition_reg *old = image_partition(&x->st->shadow,
	    r->topic, r->partition), *nw = &r->preg;
	struct inv_partition *ip = part_find(x->st, r->topic, r->partition);
	const char *t = r->topic;
	int p = r->partition, rc;
	int32_t e;
	bool elr = profile_get(x->st->shadow.profile)->elr;

	if (old == NULL || ip == NULL)
		return 0;
	if ((rc = reg_check(x, t, p, nw)) != 0)
		return rc;
	if (nw->leader_epoch < old->leader_epoch)
		return inv_fail(x, 1, "%s-%d: leader epoch went back from %"
		    PRId32 " to %" PRId32, t, p, old->leader_epoch,
		    nw->leader_epoch);
	if (nw->partition_epoch <= old->partition_epoch)
		return inv_fail(x, 1, "%s-%d: partition epoch did not grow (%"
		    PRId32 " -> %" PRId32 ")", t, p, old->partition_epoch,
		    nw->partition_epoch);
	if (nw->leader != old->leader &&
	    nw->leader_epoch == old->leader_epoch)
		return inv_fail(x, 1, "%s-%d: leader %d -> %d within leader "
		    "epoch %" PRId32, t, p, old->leader, nw->leader,
		    nw->leader_epoch);
	for (e = old->leader_epoch + 1; e < nw->leader_epoch; e++)
		part_set_epoch(ip, e, ISR_NO_LEADER);
	part_set_epoch(ip, nw->leader_epoch, nw->leader);

	if (nw->leader != old->leader && nw->leader != ISR_NO_LEADER) {
		char isr[64];

		ids_format(old->isr, old->n_isr, isr, sizeof isr);
		if (!image_broker_active(&x->st->shadow, nw->leader))
			return inv_fail(x, 9, "%s-%d: broker %d elected leader "
			    "(epoch %" PRId32 ") while fenced or shutting "
			    "down", t, p, nw->leader, nw->leader_epoch);
		if (!ids_contains(old->isr, old->n_isr, nw->leader) &&
		    !(elr && ids_contains(old->elr, old->n_elr, nw->leader))) {
			/* Only an unclean election may do this: one asked
			 * of the controller (kafka-leader-election), one the
			 * topic's config allows where the profile honours
			 * it, or under ELR the last known leader, elected
			 * as unclean (recovering). */
			bool last_known = elr && nw->recovering &&
			    old->n_last_known_elr == 1 &&
			    old->last_known_elr[0] == nw->leader;

			if (!x->unclean_allowed && !last_known)
				return inv_fail(x, 9, "%s-%d: broker %d elected "
				    "leader (epoch %" PRId32 ") from outside "
				    "ISR %s with unclean election disabled",
				    t, p, nw->leader, nw->leader_epoch, isr);
			ip->unclean = true;
			x->st->unclean_elections++;
		}
	}
	if (judge_brokers && nw->leader == old->leader &&
	    nw->leader != ISR_NO_LEADER)
		return replay_expansion(x, r, old);
	return 0;
}

/* Replay the metadata records written since the last check. */
static int
replay_log(struct inv_ctx *x)
{
	struct inv_state *st = x->st;
	bool judge = st->started;
	int rc = 0, r1;

	/* Which rules made the log: invariants 2 and 9 differ under ELR. */
	st->shadow.profile = x->c->image.profile;
	while ((int64_t)st->log_pos < x->c->log_end) {
		const struct mrec *r = controller_log_get(x->c,
		    (int64_t)st->log_pos);

		/* Checks run after every step, well within the log's tail. */
		if (r == NULL)
			fatal("invariants: metadata record %zu was compacted "
			    "before it was checked", st->log_pos);

		r1 = 0;
		if (r->type == MREC_TOPIC)
			r1 = replay_topic(x, r);
		else if (r->type == MREC_PARTITION)
			r1 = replay_partition(x, r, judge);
		else if (r->type == MREC_REMOVE_TOPIC)
			part_drop_topic(st, r->topic);
		image_apply(&st->shadow, r);
		st->log_pos++;
		if (rc == 0)
			rc = r1;
	}
	return rc;
}

/* --- Replicas ------------------------------------------------------- */

/* Invariant 1 in a log: record epochs never go back, and each was an
 * epoch the metadata log gave to a leader. */
static int
check_record_epochs(struct inv_ctx *x, struct inv_partition *ip, int b,
    const struct replica *r)
{
	struct inv_replica *rep = &ip->rep[b];
	const struct plog *l = &r->log;
	const struct record *rec;
	int32_t prev = EPOCH_UNDEFINED;
	int64_t o;

	if (rep->epochs_upto > l->leo || !mark_holds(l, &rep->epochs_mark)) {
		rep->epochs_upto = 0;
		rep->epochs_mark.off = -1;
	}
	o = max64(rep->epochs_upto, l->log_start);
	if (o > l->log_start)
		prev = plog_get(l, o - 1)->epoch;
	for (; o < l->leo; o++) {
		rec = plog_get(l, o);
		if (rec->epoch < prev)
			return inv_fail(x, 1, "%s-%d: broker %d's log goes back "
			    "from epoch %" PRId32 " to %" PRId32 " at offset %"
			    PRId64, ip->topic, ip->partition, b, prev,
			    rec->epoch, o);
		if (part_epoch_leader(ip, rec->epoch) == ISR_NO_LEADER)
			return inv_fail(x, 1, "%s-%d: broker %d holds a record "
			    "at %" PRId64 " written in epoch %" PRId32 ", which "
			    "had no leader", ip->topic, ip->partition, b, o,
			    rec->epoch);
		prev = rec->epoch;
	}
	rep->epochs_upto = l->leo;
	rep->epochs_mark = mark_at(l, l->leo - 1);
	return 0;
}

/* The leader's maximal ISR (committed, plus a replica being added). */
static void
maximal_isr(const struct replica *r, int *out, int *n)
{
	const int *src = r->alter == ALTER_PENDING_EXPAND ? r->alter_isr :
	    r->isr;

	*n = r->alter == ALTER_PENDING_EXPAND ? r->n_alter_isr : r->n_isr;
	memcpy(out, src, (size_t)*n * sizeof out[0]);
}

static const struct follower_state *
follower_of(const struct replica *r, int b)
{
	int i;

	for (i = 0; i < r->n_followers; i++) {
		if (r->followers[i].broker == b)
			return &r->followers[i];
	}
	return NULL;
}

/* min.insync.replicas as broker b applies it to r (its own metadata). */
static int64_t
effective_min_isr(const struct broker *b, const struct replica *r)
{
	const struct topic_reg *t = image_topic(&b->image, r->topic);
	int64_t m = image_min_isr(&b->image, t,
	    b->settings.min_insync_replicas);

	return m < r->n_replicas ? m : r->n_replicas;
}

/* Invariants 3, 8, 10 and 4 for broker b acting as leader with replica r;
 * current when it leads the controller's current epoch. */
static int
check_leader(struct inv_ctx *x, struct inv_partition *ip,
    const struct partition_reg *reg, struct replica *const *rr, int b,
    bool current)
{
	const struct broker *bk = x->brokers[b - 1];
	const struct replica *r = rr[b];
	const struct inv_replica *rep = &ip->rep[b];
	int mem[2 * ISR_MAX_REPLICAS], n_mem, n_max, i;
	char isr[64];
	int64_t off;

	maximal_isr(r, mem, &n_max);
	n_mem = n_max;
	for (i = 0; current && i < reg->n_isr; i++) {
		if (!ids_contains(mem, n_mem, reg->isr[i]))
			mem[n_mem++] = reg->isr[i];
	}

	/* 3: the HW is on every member of the ISR. */
	for (i = 0; i < n_mem; i++) {
		int64_t leo = rr[mem[i]] != NULL ? rr[mem[i]]->log.leo : 0;

		if (mem[i] == b || r->hw <= leo)
			continue;
		ids_format(mem, n_mem, isr, sizeof isr);
		return inv_fail(x, 3, "%s-%d: leader %d (epoch %" PRId32 ") "
		    "has HW %" PRId64 " above ISR member %d's LEO %" PRId64
		    " (ISR %s)", ip->topic, ip->partition, b,
		    r->leader_epoch, r->hw, mem[i], leo, isr);
	}
	/* 3: never backwards while it leads this epoch. */
	if (rep->seen && rep->role == ROLE_LEADER &&
	    rep->incarnation == bk->incarnation &&
	    rep->epoch == r->leader_epoch && r->hw < rep->hw)
		return inv_fail(x, 3, "%s-%d: leader %d's HW went back from %"
		    PRId64 " to %" PRId64 " in epoch %" PRId32, ip->topic,
		    ip->partition, b, rep->hw, r->hw, r->leader_epoch);
	/* 8 and 10: what an advancing HW requires. */
	if (rep->seen && r->hw > rep->hw) {
		int64_t min_isr = effective_min_isr(bk, r);

		if (r->n_isr < min_isr)
			return inv_fail(x, 8, "%s-%d: leader %d advanced its HW "
			    "%" PRId64 " -> %" PRId64 " with ISR size %d below "
			    "min.insync.replicas %" PRId64, ip->topic,
			    ip->partition, b, rep->hw, r->hw, r->n_isr,
			    min_isr);
		for (i = 0; i < n_max; i++) {
			const struct follower_state *f = follower_of(r, mem[i]);

			if (mem[i] != b && (f == NULL || !f->fetched_this_epoch))
				return inv_fail(x, 10, "%s-%d: leader %d "
				    "advanced its HW %" PRId64 " -> %" PRId64
				    " before ISR member %d fetched in epoch %"
				    PRId32, ip->topic, ip->partition, b,
				    rep->hw, r->hw, mem[i], r->leader_epoch);
		}
	}
	/* 4: the ISR holds the leader's records below its HW. */
	for (i = 0; current && i < n_mem; i++) {
		const struct replica *rm = rr[mem[i]];
		char lr[64], fr[64];

		if (mem[i] == b || rm == NULL)
			continue;
		off = pair_compare(&ip->rep[mem[i]].isr_pair, b, &r->log,
		    &rm->log, r->hw);
		if (off < 0)
			continue;
		record_describe(&r->log, off, lr, sizeof lr);
		record_describe(&rm->log, off, fr, sizeof fr);
		return inv_fail(x, 4, "%s-%d: at offset %" PRId64 " below HW %"
		    PRId64 " leader %d has %s but ISR member %d has %s",
		    ip->topic, ip->partition, off, r->hw, b, lr, mem[i], fr);
	}
	return 0;
}

/* Invariant 11: a follower accepted in its leader's epoch holds a prefix
 * of the leader's log. */
static int
check_follower(struct inv_ctx *x, struct inv_partition *ip,
    struct replica *const *rr, int f)
{
	const struct replica *r = rr[f], *rl;
	const struct follower_state *fs;
	char lr[64], fr[64];
	int l = r->leader;
	int64_t off;

	if (l < 1 || l > x->n || (rl = rr[l]) == NULL ||
	    !broker_is_up(x->brokers[l - 1]) || rl->role != ROLE_LEADER ||
	    rl->leader_epoch != r->leader_epoch ||
	    (fs = follower_of(rl, f)) == NULL || !fs->fetched_this_epoch)
		return 0;
	if (r->log.leo > rl->log.leo)
		return inv_fail(x, 11, "%s-%d: follower %d's LEO %" PRId64
		    " is beyond leader %d's LEO %" PRId64 " in epoch %" PRId32,
		    ip->topic, ip->partition, f, r->log.leo, l, rl->log.leo,
		    rl->leader_epoch);
	off = pair_compare(&ip->rep[f].follow_pair, l, &rl->log, &r->log,
	    r->log.leo);
	if (off < 0)
		return 0;
	record_describe(&rl->log, off, lr, sizeof lr);
	record_describe(&r->log, off, fr, sizeof fr);
	return inv_fail(x, 11, "%s-%d: follower %d's log is not a prefix of "
	    "leader %d's (epoch %" PRId32 "): at %" PRId64 " leader has %s, "
	    "follower %s", ip->topic, ip->partition, f, l, rl->leader_epoch,
	    off, lr, fr);
}

static const struct ledger_partition *
ledger_find(const struct ledger *l, const char *topic, int partition)
{
	size_t i;

	for (i = 0; l != NULL && i < l->n_parts; i++) {
		if (l->parts[i].partition == partition &&
		    strcmp(l->parts[i].topic, topic) == 0)
			return &l->parts[i];
	}
	return NULL;
}

static bool
lost_has(const struct inv_partition *ip, int64_t offset, uint64_t id)
{
	size_t i;

	for (i = 0; i < ip->n_lost; i++) {
		if (ip->lost[i].offset == offset && ip->lost[i].id == id)
			return true;
	}
	return false;
}

static void
lost_add(struct inv_state *st, struct inv_partition *ip, int64_t offset,
    uint64_t id)
{
	if (ip->n_lost == ip->cap_lost) {
		ip->cap_lost = ip->cap_lost ? ip->cap_lost * 2 : 16;
		ip->lost = xreallocarray(ip->lost, ip->cap_lost,
		    sizeof *ip->lost);
	}
	ip->lost[ip->n_lost].offset = offset;
	ip->lost[ip->n_lost].id = id;
	ip->n_lost++;
	st->lost++;
}

/* Invariant 5: acknowledged acks=all records are on the current leader. */
static int
check_acked(struct inv_ctx *x, struct inv_partition *ip,
    const struct partition_reg *reg, struct replica *const *rr)
{
	const struct ledger_partition *lp = ledger_find(x->ledger, ip->topic,
	    ip->partition);
	static const struct plog empty;
	const struct plog *l;
	char have[64];
	size_t i;

	if (lp == NULL || reg->leader == ISR_NO_LEADER)
		return 0;
	l = rr[reg->leader] != NULL ? &rr[reg->leader]->log : &empty;
	if (ip->acked_leader != reg->leader ||
	    ip->acked_epoch != reg->leader_epoch || lp->n < ip->acked_n ||
	    (ip->acked_n > 0 && lp->v[ip->acked_n - 1].id !=
	    ip->acked_last_id) || !mark_holds(l, &ip->acked_mark)) {
		ip->acked_n = 0;
		ip->acked_leader = reg->leader;
		ip->acked_epoch = reg->leader_epoch;
	}
	for (i = ip->acked_n; i < lp->n; i++) {
		const struct ledger_entry *le = &lp->v[i];
		const struct record *rec;

		if (le->acks != -1 || le->offset < l->log_start)
			continue;
		rec = plog_get(l, le->offset);
		if (rec != NULL && rec->id == le->id)
			continue;
		if (!ip->unclean) {
			record_describe(l, le->offset, have, sizeof have);
			return inv_fail(x, 5, "%s-%d: acks=all record id %"
			    PRIu64 " acknowledged at offset %" PRId64 " is "
			    "not on leader %d (epoch %" PRId32 "), which has "
			    "%s there", ip->topic, ip->partition, le->id,
			    le->offset, reg->leader, reg->leader_epoch, have);
		}
		if (!lost_has(ip, le->offset, le->id))
			lost_add(x->st, ip, le->offset, le->id);
	}
	ip->acked_n = lp->n;
	ip->acked_last_id = lp->n > 0 ? lp->v[lp->n - 1].id : 0;
	ip->acked_mark = mark_at(l, l->leo - 1);
	return 0;
}

/* Broker b's replica of ip, unless b holds a different topic by that
 * name (one deleted and created again). */
static struct replica *
part_replica(struct inv_ctx *x, const struct inv_partition *ip, int b)
{
	const struct broker *bk = x->brokers[b - 1];
	const struct topic_reg *mine = image_topic(&bk->image, ip->topic);
	const struct topic_reg *truth = image_topic(&x->c->image, ip->topic);

	if (mine != NULL && truth != NULL && strcmp(mine->id, truth->id) != 0)
		return NULL;
	return broker_replica(bk, ip->topic, ip->partition);
}

/* Invariants 3 and 1 on broker b's replica r, whatever its role. */
static int
check_replica(struct inv_ctx *x, struct inv_partition *ip,
    const struct replica *r, int b)
{
	const struct broker *bk = x->brokers[b - 1];
	const struct inv_replica *rep = &ip->rep[b];
	int rc, owner;

	if (r->hw > r->log.leo)
		return inv_fail(x, 3, "%s-%d: broker %d's HW %" PRId64 " is "
		    "above its LEO %" PRId64, ip->topic, ip->partition, b,
		    r->hw, r->log.leo);
	if ((rc = check_record_epochs(x, ip, b, r)) != 0)
		return rc;
	if (!broker_is_up(bk) || r->role == ROLE_NONE)
		return 0;
	if (rep->seen && rep->role != ROLE_NONE &&
	    rep->incarnation == bk->incarnation &&
	    r->leader_epoch < rep->epoch)
		return inv_fail(x, 1, "%s-%d: broker %d went back from leader "
		    "epoch %" PRId32 " to %" PRId32, ip->topic, ip->partition,
		    b, rep->epoch, r->leader_epoch);
	if (r->role != ROLE_LEADER)
		return 0;
	/* The metadata log knows every epoch up to the controller's. */
	if ((owner = part_epoch_leader(ip, r->leader_epoch)) != b)
		return inv_fail(x, 1, "%s-%d: broker %d acts as leader in "
		    "epoch %" PRId32 ", which the controller gave to %d",
		    ip->topic, ip->partition, b, r->leader_epoch, owner);
	return 0;
}

/* Every broker-side invariant of one partition: each replica, then the
 * brokers acting as leader, the ledger, the followers. */
static int
check_partition(struct inv_ctx *x, struct inv_partition *ip)
{
	const struct partition_reg *reg = image_partition(&x->c->image,
	    ip->topic, ip->partition);
	struct replica *rr[ISR_NODES] = { NULL };
	int b, rc;

	if (reg == NULL)
		return 0;
	for (b = 1; b <= x->n; b++)
		rr[b] = part_replica(x, ip, b);

	rc = reg_check(x, ip->topic, ip->partition, reg);
	for (b = 1; b <= x->n && rc == 0; b++) {
		if (rr[b] != NULL)
			rc = check_replica(x, ip, rr[b], b);
	}
	for (b = 1; b <= x->n && rc == 0; b++) {
		bool current;

		if (rr[b] == NULL || rr[b]->role != ROLE_LEADER ||
		    !broker_is_up(x->brokers[b - 1]))
			continue;
		current = reg->leader == b &&
		    rr[b]->leader_epoch == reg->leader_epoch;
		/* A zombie of a partition that had an unclean election owns
		 * nothing the new leader must keep. */
		if (current || !ip->unclean)
			rc = check_leader(x, ip, reg, rr, b, current);
	}
	if (rc == 0)
		rc = check_acked(x, ip, reg, rr);
	for (b = 1; b <= x->n && rc == 0; b++) {
		if (rr[b] != NULL && rr[b]->role == ROLE_FOLLOWER &&
		    broker_is_up(x->brokers[b - 1]))
			rc = check_follower(x, ip, rr, b);
	}

	for (b = 1; b <= x->n; b++) {
		struct inv_replica *rep = &ip->rep[b];
		const struct replica *r = rr[b];

		if (r == NULL)
			continue;
		rep->seen = true;
		rep->incarnation = x->brokers[b - 1]->incarnation;
		rep->role = broker_is_up(x->brokers[b - 1]) ? r->role :
		    ROLE_NONE;
		rep->epoch = r->leader_epoch;
		rep->hw = r->hw;
	}
	return rc;
}

int
invariants_check(const struct controller *c, struct broker *const *brokers,
    int n_brokers, const struct ledger *ledger, struct inv_state *st,
    int64_t now, bool unclean_allowed, char *why, size_t len)
{
	struct inv_ctx x;
	size_t i;
	int rc, r1;

	x.c = c;
	x.brokers = brokers;
	x.n = n_brokers;
	x.ledger = ledger;
	x.st = st;
	x.now = now;
	x.unclean_allowed = unclean_allowed;
	x.why = why;
	x.len = len;
	x.failed = false;
	if (len > 0)
		why[0] = '\0';

	rc = replay_log(&x);
	st->started = true;
	for (i = 0; i < st->n_parts; i++) {
		r1 = check_partition(&x, &st->parts[i]);
		if (rc == 0)
			rc = r1;
	}
	return rc;
}
