/*
 * test_chaos.c - the invariant checker (src/model/invariants.c) and the
 * chaos driver (src/sim/chaos.c).
 *
 * Two halves:
 *  - "invariants": a healthy 3-broker cluster on the simulator is checked
 *    clean, then broken by hand in one place at a time (a registration,
 *    a replica's log or HW or role, the ledger, a metadata record the
 *    controller never wrote) and the checker must name the invariant
 *    broken.  These prove that a check which passes does so because the
 *    state is right, not because the check looks nowhere;
 *  - "chaos": whole random schedules, clean elections (no violation) and
 *    unclean ones (data loss found and reported, not called a violation),
 *    and the same seed giving the same report.
 */

#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/invariants.h"
#include "sim/chaos.h"
#include "sim/sim.h"
#include "util/xmalloc.h"
#include "tests.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* --- A cluster to break by hand ------------------------------------------ */

struct hand {
	struct sim *sim;
	struct controller *c;
	struct broker *b[3];
	struct inv_state st;
	char why[512];
};

static void
hand_produce_fn(struct client *c, int64_t now, void *arg)
{
	static const char *const values[5] = { "a", "b", "c", "d", "e" };

	(void)arg;
	client_produce(c, now, "t", 0, -1, NULL, values, 5);
}

/* Topic t (1 partition, RF 3, leader 1), five acks=all records, every
 * replica caught up, and one clean check behind st. */
static void
hand_init(struct hand *h, enum kafka_profile profile)
{
	struct settings s;
	struct admin_req r = { .kind = ADMIN_CREATE_TOPIC, .topic = "t",
	    .partitions = 1, .replication_factor = 3 };
	bool bootstrap[ISR_NODES] = { false, true, true, true };
	struct client_result *res;
	struct engine *e;
	size_t n, i;
	int hd;

	memset(h, 0, sizeof *h);
	settings_defaults(&s, false);
	s.profile = profile;
	/* TESTS_SEED_IN_ORDER: t is placed 1,2,3, led by 1. */
	h->sim = sim_new(3, TESTS_SEED_IN_ORDER, &s, NULL);
	h->c = sim_controller(h->sim);
	for (i = 0; i < 3; i++)
		h->b[i] = sim_broker(h->sim, (int)i + 1);
	e = sim_engine(h->sim);
	ck_assert_int_eq(e->ops->admin(e, &r, h->why, sizeof h->why),
	    KERR_NONE);
	sim_run_for(h->sim, 2000);
	hd = e->ops->client_open(e, bootstrap);
	n = e->ops->client_run(e, hd, hand_produce_fn, NULL, 10000, &res);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(res[0].error, KERR_NONE);
	for (i = 0; i < n; i++)
		client_result_free(&res[i]);
	free(res);
	e->ops->client_close(e, hd);
	sim_run_for(h->sim, 2000);
	inv_state_init(&h->st);
	ck_assert_int_eq(invariants_check(h->c, h->b, 3, sim_ledger(h->sim),
	    &h->st, sim_now(h->sim), false, h->why, sizeof h->why), 0);
}

static void
hand_free(struct hand *h)
{
	inv_state_free(&h->st);
	sim_free(h->sim);
}

/* Check again; fresh forgets what st remembers (so logs are compared in
 * full, as a first check does). */
static int
hand_check(struct hand *h, bool fresh, bool unclean_allowed)
{
	if (fresh) {
		inv_state_free(&h->st);
		inv_state_init(&h->st);
	}
	return invariants_check(h->c, h->b, 3, sim_ledger(h->sim), &h->st,
	    sim_now(h->sim), unclean_allowed, h->why, sizeof h->why);
}

static struct replica *
hand_replica(struct hand *h, int b)
{
	return broker_replica(h->b[b - 1], "t", 0);
}

static struct partition_reg *
hand_reg(struct hand *h)
{
	return image_partition(&h->c->image, "t", 0);
}

/* Append a partition change the controller never made to its log. */
static void
hand_append(struct hand *h, const struct partition_reg *preg)
{
	struct controller *c = h->c;
	struct mrec r;

	memset(&r, 0, sizeof r);
	r.type = MREC_PARTITION;
	snprintf(r.topic, sizeof r.topic, "t");
	r.partition = 0;
	r.preg = *preg;
	r.offset = c->log_end++;
	if ((size_t)(c->log_end - c->log_start) > c->cap_log) {
		c->cap_log = c->cap_log * 2 + 1;
		c->log = xreallocarray(c->log, c->cap_log, sizeof *c->log);
	}
	c->log[r.offset - c->log_start] = r;
	image_apply(&c->image, &r);
}

START_TEST(test_inv_healthy)
{
	struct hand h;

	hand_init(&h, KAFKA_37);
	ck_assert_int_eq(hand_reg(&h)->leader, 1);
	ck_assert_int_eq(hand_replica(&h, 1)->hw, 5);
	ck_assert_int_eq(hand_replica(&h, 3)->log.leo, 5);
	ck_assert_int_eq(hand_check(&h, true, false), 0);
	ck_assert_str_eq(h.why, "");
	hand_free(&h);
}
END_TEST

/* Invariant 2, one broken registration per loop iteration; what breaks it
 * differs under ELR (4.x), where a leaderless partition's ISR may be
 * empty. */
static const struct {
	enum kafka_profile profile;
	int isr[3], n_isr, leader;
	int elr[3], n_elr;
	const char *words;
} bad_regs[] = {
	{ KAFKA_37, { 2, 3 }, 2, 1, { 0 }, 0, "lacks leader 1" },
	{ KAFKA_37, { 1, 2, 1 }, 3, 1, { 0 }, 0, "names broker 1 twice" },
	{ KAFKA_37, { 1, 4 }, 2, 1, { 0 }, 0,
	  "holds broker 4, not a replica" },
	{ KAFKA_37, { 0 }, 0, ISR_NO_LEADER, { 0 }, 0, "is empty" },
	{ KAFKA_4, { 0 }, 0, 1, { 1 }, 1, "is empty under leader 1" },
	{ KAFKA_4, { 1, 2 }, 2, 1, { 2 }, 1,
	  "beside ELR member 2, not a replica outside the ISR" },
};

START_TEST(test_inv2_registration)
{
	struct hand h;
	struct partition_reg *reg;

	hand_init(&h, bad_regs[_i].profile);
	reg = hand_reg(&h);
	memcpy(reg->isr, bad_regs[_i].isr, sizeof bad_regs[_i].isr);
	reg->n_isr = bad_regs[_i].n_isr;
	reg->leader = bad_regs[_i].leader;
	memcpy(reg->elr, bad_regs[_i].elr, sizeof bad_regs[_i].elr);
	reg->n_elr = bad_regs[_i].n_elr;
	ck_assert_int_eq(hand_check(&h, false, false), 2);
	ck_assert_ptr_nonnull(strstr(h.why, bad_regs[_i].words));
	hand_free(&h);
}
END_TEST

START_TEST(test_inv1_second_leader)
{
	struct hand h;

	hand_init(&h, KAFKA_37);
	/* Broker 2 believes it leads epoch 0, which is broker 1's. */
	hand_replica(&h, 2)->role = ROLE_LEADER;
	ck_assert_int_eq(hand_check(&h, false, false), 1);
	ck_assert_ptr_nonnull(strstr(h.why, "broker 2 acts as leader in "
	    "epoch 0, which the controller gave to 1"));
	hand_free(&h);
}
END_TEST

START_TEST(test_inv3_hw)
{
	struct hand h;

	hand_init(&h, KAFKA_37);
	hand_replica(&h, 3)->hw = 6;		/* LEO is 5 */
	ck_assert_int_eq(hand_check(&h, false, false), 3);
	hand_replica(&h, 3)->hw = 5;
	hand_replica(&h, 1)->hw = 4;		/* a leader's HW went back */
	ck_assert_int_eq(hand_check(&h, false, false), 3);
	ck_assert_ptr_nonnull(strstr(h.why, "went back from 5 to 4"));
	hand_free(&h);
}
END_TEST

/* Give replica b records of its own from offset on, the one at offset
 * changed by change(): replicas' logs share their records, so one replica
 * differs only by holding other records. */
static void
hand_rewrite(struct hand *h, int b, int64_t offset,
    void (*change)(struct record *))
{
	struct plog *l = &hand_replica(h, b)->log;
	int64_t n = l->leo - offset, i;
	struct record *recs = xcalloc((size_t)n, sizeof *recs);

	ck_assert_int_gt(n, 0);
	plog_copy_out(l, offset, n, recs);
	plog_truncate(l, offset);
	change(&recs[0]);
	for (i = 0; i < n; i++)
		plog_append(l, &recs[i]);
	free(recs);
}

static void
change_id(struct record *rec)
{
	rec->id += 1000;
}

/* Same id, other bytes, in a buffer of the record's own. */
static void
change_payload(struct record *rec)
{
	size_t kl = rec->key_len == PLOG_NULL_KEY ? 0 : rec->key_len;
	char *bytes = record_bytes(kl + rec->value_len);

	ck_assert_uint_gt(kl + rec->value_len, 0);
	memcpy(bytes, rec->data, kl);
	memcpy(bytes + kl, record_value(rec), rec->value_len);
	bytes[0] = 'z';
	record_release(rec);
	rec->data = bytes;
}

START_TEST(test_inv4_divergent_member)
{
	struct hand h;

	hand_init(&h, KAFKA_37);
	hand_rewrite(&h, 3, 2, change_id);
	ck_assert_int_eq(hand_check(&h, true, false), 4);
	ck_assert_ptr_nonnull(strstr(h.why, "at offset 2 below HW 5"));
	hand_free(&h);
}
END_TEST

START_TEST(test_inv4_payload)
{
	struct hand h;

	hand_init(&h, KAFKA_37);
	hand_rewrite(&h, 2, 4, change_payload);
	ck_assert_int_eq(hand_check(&h, true, false), 4);
	hand_free(&h);
}
END_TEST

START_TEST(test_inv5_acked_missing)
{
	struct hand h;
	struct ledger_partition *lp;

	hand_init(&h, KAFKA_37);
	lp = ledger_partition(sim_ledger(h.sim), "t", 0);
	ck_assert_ptr_nonnull(lp);
	ck_assert_uint_eq(lp->n, 5);
	lp->v[3].id += 1000;	/* acknowledged, but not what the log has */
	ck_assert_int_eq(hand_check(&h, true, false), 5);
	ck_assert_ptr_nonnull(strstr(h.why, "acknowledged at offset 3"));
	hand_free(&h);
}
END_TEST

START_TEST(test_inv9_unclean_election)
{
	struct hand h;
	struct partition_reg reg;
	int round;

	for (round = 0; round < 2; round++) {
		hand_init(&h, KAFKA_37);
		reg = *hand_reg(&h);
		reg.n_isr = 2;			/* ISR 1,2 */
		reg.partition_epoch++;
		hand_append(&h, &reg);
		reg.leader = 3;			/* from outside the ISR */
		reg.isr[0] = 3;
		reg.n_isr = 1;
		reg.leader_epoch++;
		reg.partition_epoch++;
		reg.recovering = true;
		hand_append(&h, &reg);
		if (round == 0) {
			ck_assert_int_eq(hand_check(&h, false, false), 9);
			ck_assert_ptr_nonnull(strstr(h.why, "from outside ISR "
			    "1,2"));
		} else {
			/* Allowed, and remembered as unclean. */
			ck_assert_int_eq(hand_check(&h, false, true), 0);
			ck_assert_int_eq(h.st.unclean_elections, 1);
			ck_assert(inv_state_partition(&h.st, "t", 0)->unclean);
		}
		hand_free(&h);
	}
}
END_TEST

START_TEST(test_inv10_join_below_hw)
{
	struct hand h;
	struct partition_reg reg;

	hand_init(&h, KAFKA_37);
	reg = *hand_reg(&h);
	reg.n_isr = 2;				/* 3 leaves the ISR */
	reg.partition_epoch++;
	hand_append(&h, &reg);
	ck_assert_int_eq(hand_check(&h, false, false), 0);
	plog_truncate(&hand_replica(&h, 3)->log, 2);
	hand_replica(&h, 3)->hw = 2;
	reg.n_isr = 3;				/* and joins at LEO 2 < HW 5 */
	reg.partition_epoch++;
	hand_append(&h, &reg);
	ck_assert_int_eq(hand_check(&h, false, false), 10);
	ck_assert_ptr_nonnull(strstr(h.why, "broker 3 joined the ISR with "
	    "LEO 2"));
	hand_free(&h);
}
END_TEST

START_TEST(test_inv11_follower_not_prefix)
{
	struct hand h;
	struct replica *r3;
	struct record rec;

	hand_init(&h, KAFKA_37);
	/* Out of the ISR (so 4 does not apply), yet accepted as a follower
	 * of epoch 0, with a record the leader never had. */
	hand_reg(&h)->n_isr = 2;
	hand_replica(&h, 1)->n_isr = 2;
	r3 = hand_replica(&h, 3);
	memset(&rec, 0, sizeof rec);
	rec.epoch = 0;
	rec.id = 77;
	rec.key_len = PLOG_NULL_KEY;
	rec.value_len = 1;
	rec.data = record_bytes(1);
	rec.data[0] = 'x';
	plog_append(&r3->log, &rec);
	ck_assert_int_eq(hand_check(&h, true, false), 11);
	ck_assert_ptr_nonnull(strstr(h.why, "follower 3's LEO 6 is beyond"));
	hand_free(&h);
}
END_TEST

/* --- Whole schedules ------------------------------------------------------ */

/* Seeds, each run on every available profile (_i / 3 picks it). */
static const uint64_t clean_seeds[] = { 1, 2, 3 };

/* The profiles whose rules are modelled, in table order. */
static enum kafka_profile
chaos_profile(int i)
{
	int p, n = 0;

	for (p = 0; p < KAFKA_N_PROFILES; p++)
		if (profile_get((enum kafka_profile)p)->available && n++ == i)
			return (enum kafka_profile)p;
	return KAFKA_PROFILE_DEFAULT;
}

static int
chaos_profiles(void)
{
	int p, n = 0;

	for (p = 0; p < KAFKA_N_PROFILES; p++)
		n += profile_get((enum kafka_profile)p)->available;
	return n;
}

START_TEST(test_chaos_clean)
{
	struct strbuf out = STRBUF_INIT;
	int rc = chaos_run(clean_seeds[_i % 3], 10, false, 3,
	    chaos_profile(_i / 3), &out);

	ck_assert_msg(rc == 0, "%s: %s", profile_get(chaos_profile(_i /
	    3))->name, strbuf_cstr(&out));
	ck_assert_ptr_nonnull(strstr(out.s, "10 schedules, "));
	ck_assert_ptr_nonnull(strstr(out.s, " steps, 0 violations\n"));
	ck_assert_ptr_null(strstr(out.s, "data loss"));
	strbuf_free(&out);
}
END_TEST

START_TEST(test_chaos_unclean_loses_data)
{
	struct strbuf out = STRBUF_INIT;
	const char *p;
	long long lost = -1;
	int rc = chaos_run(7, 10, true, 3, chaos_profile(_i), &out);

	ck_assert_msg(rc == 0, "%s", strbuf_cstr(&out));
	p = strstr(out.s, "data loss: ");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(sscanf(p, "data loss: %lld acknowledged records "
	    "lost (unclean elections)", &lost), 1);
	ck_assert_int_gt(lost, 0);
	strbuf_free(&out);
}
END_TEST

START_TEST(test_chaos_deterministic)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	ck_assert_int_eq(chaos_run(99, 3, true, 3, chaos_profile(_i), &a), 0);
	ck_assert_int_eq(chaos_run(99, 3, true, 3, chaos_profile(_i), &b), 0);
	ck_assert_str_eq(strbuf_cstr(&a), strbuf_cstr(&b));
	strbuf_free(&a);
	strbuf_free(&b);
}
END_TEST

START_TEST(test_chaos_five_brokers)
{
	struct strbuf out = STRBUF_INIT;
	int rc = chaos_run(5, 5, false, 5, chaos_profile(_i), &out);

	ck_assert_msg(rc == 0, "%s", strbuf_cstr(&out));
	strbuf_free(&out);
}
END_TEST

Suite *
suite_chaos(void)
{
	Suite	*s = suite_create("chaos");
	TCase	*tc;

	tc = tcase_create("invariants");
	tcase_add_test(tc, test_inv_healthy);
	tcase_add_loop_test(tc, test_inv2_registration, 0,
	    (int)nitems(bad_regs));
	tcase_add_test(tc, test_inv1_second_leader);
	tcase_add_test(tc, test_inv3_hw);
	tcase_add_test(tc, test_inv4_divergent_member);
	tcase_add_test(tc, test_inv4_payload);
	tcase_add_test(tc, test_inv5_acked_missing);
	tcase_add_test(tc, test_inv9_unclean_election);
	tcase_add_test(tc, test_inv10_join_below_hw);
	tcase_add_test(tc, test_inv11_follower_not_prefix);
	suite_add_tcase(s, tc);

	/* Whole schedules take a second or two each; generous for sanitizer
	 * and valgrind builds. */
	tc = tcase_create("schedules");
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_chaos_clean, 0,
	    (int)nitems(clean_seeds) * chaos_profiles());
	tcase_add_loop_test(tc, test_chaos_unclean_loses_data, 0,
	    chaos_profiles());
	tcase_add_loop_test(tc, test_chaos_deterministic, 0, chaos_profiles());
	tcase_add_loop_test(tc, test_chaos_five_brokers, 0, chaos_profiles());
	suite_add_tcase(s, tc);
	return s;
}
