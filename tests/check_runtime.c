/*
 * check_runtime.c - real-thread tests of src/runtime: a three-broker
 * cluster on threads at 20x lab speed, driven only through the engine
 * interface, as the console drives it.
 *
 * These are apart from the unit tests (tests/check_isrlab stays libc-only
 * and deterministic by construction): timings vary from run to run, so
 * every case waits for conditions with run_until and checks outcomes that
 * do not depend on timing (not fenced before the session timeout, the
 * leader moved in the fencing change, the ISR back to full, a data_loss
 * event, no shrink across a pause).  The lab clock is real time times 20,
 * so a wait bounded in lab time is a bound on the machine's speed: every
 * wait is bounded by PATIENCE_MS only, to catch a hang, and the timings
 * asserted are the ones the events record in lab time.  Each case has its
 * own timeout.  Debugging: CK_FORK=no tests/check_runtime,
 * CK_RUN_CASE=failover.
 */
#include "config.h"

#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/engine.h"
#include "model/image.h"
#include "model/settings.h"
#include "model/snapshot.h"
#include "runtime/runtime.h"
#include "tests.h"

#define SPEED 20.0
#define TOPIC "t"
/* How long a wait may take before it is a hang: 10 s of real time at
 * SPEED, far longer than any wait needs on an idle machine (a few hundred
 * lab ms to 12 lab s) and well inside the case's timeout (CASE_TIMEOUT,
 * times CK_TIMEOUT_MULTIPLIER under sanitizers). */
#define PATIENCE_MS 200000
#define CASE_TIMEOUT 30

/* Whether every broker of the three is active in the controller's image. */
static bool
all_active(const struct snapshot *s, void *arg)
{
	int b;

	(void)arg;
	for (b = 1; b <= 3; b++)
		if (!image_broker_active(&s->ctrl_image, b))
			return false;
	return true;
}

/* Three brokers on threads, every one registered and unfenced: a topic
 * made then is placed by the striped placer over all three, from the
 * offset TESTS_SEED_IN_ORDER draws (1,2,3 for its first partition).
 * Made before, it would be placed over the brokers registered by then. */
static struct engine *
rt_cluster(void)
{
	struct settings s;
	struct engine *e;

	settings_defaults(&s, false);
	e = runtime_engine_new(3, TESTS_SEED_IN_ORDER, &s, NULL, SPEED);
	ck_assert_ptr_nonnull(e);
	ck_assert(e->ops->run_until(e, all_active, NULL, PATIENCE_MS));
	return e;
}

struct part_want {
	int leader;		/* 0: any leader, -1: none wanted, else id */
	int not_leader;		/* 0: no constraint */
	int isr_n;		/* -1: any */
	int isr_has;		/* 0: no constraint */
	int isr_lacks;		/* 0: no constraint */
	bool replicas_up;	/* every ISR member holds the replica */
};

static bool
part_cond(const struct snapshot *s, void *arg)
{
	const struct part_want *w = arg;
	const struct snap_partition *p = snapshot_partition(s, TOPIC, 0);
	int i;
	bool has = false;

	if (p == NULL)
		return false;
	if (w->leader > 0 && p->reg->leader != w->leader)
		return false;
	if (w->leader == 0 && p->reg->leader == ISR_NO_LEADER)
		return false;
	if (w->not_leader > 0 && p->reg->leader == w->not_leader)
		return false;
	if (w->isr_n >= 0 && p->reg->n_isr != w->isr_n)
		return false;
	for (i = 0; i < p->reg->n_isr; i++) {
		if (p->reg->isr[i] == w->isr_has)
			has = true;
		if (p->reg->isr[i] == w->isr_lacks)
			return false;
		if (w->replicas_up && !p->replicas[p->reg->isr[i]].present)
			return false;
	}
	if (w->isr_has > 0 && !has)
		return false;
	if (w->leader > 0 && !p->leader_thinks[w->leader])
		return false;
	return true;
}

static bool
wait_part(struct engine *e, const struct part_want *w, int64_t timeout_ms)
{
	return e->ops->run_until(e, part_cond, (void *)w, timeout_ms);
}

/* Create TOPIC with one partition on brokers 1,2,3 and wait until it is
 * led by 1 with the full ISR. */
static void
rt_topic(struct engine *e)
{
	struct admin_req r = { .kind = ADMIN_CREATE_TOPIC, .topic = TOPIC,
	    .partitions = 1, .replication_factor = 3 };
	struct part_want w = { .leader = 1, .isr_n = 3, .replicas_up = true };
	char why[256];

	ck_assert_int_eq(e->ops->admin(e, &r, why, sizeof why), KERR_NONE);
	ck_assert(wait_part(e, &w, PATIENCE_MS));
}

struct produce_arg {
	int acks;
	int n;
	const char *const *values;
};

static void
produce_fn(struct client *c, int64_t now, void *arg)
{
	struct produce_arg *a = arg;

	client_produce(c, now, TOPIC, 0, a->acks, NULL, a->values, a->n);
}

struct fetch_arg {
	int64_t offset;
	int max;
};

static void
fetch_fn(struct client *c, int64_t now, void *arg)
{
	struct fetch_arg *a = arg;

	client_fetch(c, now, TOPIC, 0, a->offset, a->max);
}

/* Produce n records through a client bootstrapped at the flagged brokers;
 * returns the number acknowledged. */
static int
produce(struct engine *e, const bool boot[ISR_NODES], int acks, int n)
{
	const char **values = calloc((size_t)n, sizeof *values);
	struct produce_arg a = { .acks = acks, .n = n, .values = values };
	struct client_result *res;
	size_t nres, i;
	int h, ok = 0;

	for (i = 0; i < (size_t)n; i++)
		values[i] = "value";
	h = e->ops->client_open(e, boot);
	ck_assert_int_ge(h, 0);
	nres = e->ops->client_run(e, h, produce_fn, &a, PATIENCE_MS,
	    &res);
	for (i = 0; i < nres; i++) {
		if (res[i].kind == OP_PRODUCE && res[i].error == KERR_NONE)
			ok += res[i].n_sent;
		client_result_free(&res[i]);
	}
	free(res);
	e->ops->client_close(e, h);
	free(values);
	return ok;
}

static const bool boot_all[ISR_NODES] = { [1] = true, [2] = true, [3] = true };

/* The first event of type t after seq since, about broker (-1: any), into
 * *out; false when there is none. */
static bool
find_event(struct engine *e, enum ev_type t, int broker, uint64_t since,
    struct event *out)
{
	struct event ev[64];
	size_t n, i;

	while ((n = e->ops->events(e, since, ev, 64)) > 0) {
		for (i = 0; i < n; i++) {
			if (ev[i].type == t && (broker < 0 ||
			    ev[i].broker == broker)) {
				*out = ev[i];
				return true;
			}
		}
		since = ev[n - 1].seq;
	}
	return false;
}

static bool
saw_event(struct engine *e, enum ev_type t, uint64_t since)
{
	struct event ev;

	return find_event(e, t, -1, since, &ev);
}

static uint64_t
last_seq(struct engine *e)
{
	struct event ev[64];
	uint64_t since = 0;
	size_t n;

	while ((n = e->ops->events(e, since, ev, 64)) > 0)
		since = ev[n - 1].seq;
	return since;
}

static void
fault(struct engine *e, enum fault_kind k, int broker)
{
	struct fault f = { .kind = k, .broker = broker };
	char err[128];

	ck_assert_msg(e->ops->fault(e, &f, err, sizeof err) == 0, "%s", err);
}

/* --- Cases ---------------------------------------------------------- */

START_TEST(test_failover)
{
	struct engine *e = rt_cluster();
	struct settings s;
	struct part_want w = { .leader = 0, .not_leader = 1, .isr_n = -1 };
	struct event crash, fenced, moved;
	uint64_t since;

	e->ops->get_settings(e, &s);
	rt_topic(e);
	since = last_seq(e);
	fault(e, FAULT_KILL, 1);
	ck_assert(wait_part(e, &w, PATIENCE_MS));
	/* In lab time as the events record it (how late a loaded machine
	 * runs the controller's timer is not the model's to assert): the
	 * controller fences the dead broker once a whole session timeout
	 * passed without its heartbeat, not before, and the leader moves
	 * in that same change. */
	ck_assert(find_event(e, EV_BROKER_CRASH, 1, since, &crash));
	ck_assert(find_event(e, EV_BROKER_FENCED, 1, since, &fenced));
	ck_assert(find_event(e, EV_LEADER_CHANGE, -1, since, &moved));
	ck_assert_int_ge(fenced.t_ms - crash.t_ms,
	    s.session_timeout_ms - s.heartbeat_interval_ms);
	ck_assert_int_eq(moved.leader_from, 1);
	ck_assert_int_eq(moved.t_ms, fenced.t_ms);
	ck_assert_int_eq(produce(e, boot_all, -1, 10), 10);
	runtime_engine_free(e);
}
END_TEST

START_TEST(test_restart_rejoins)
{
	struct engine *e = rt_cluster();
	struct part_want gone = { .not_leader = 1, .isr_n = 2,
	    .isr_lacks = 1 };
	struct part_want back = { .isr_n = 3, .isr_has = 1,
	    .replicas_up = true };

	rt_topic(e);
	fault(e, FAULT_KILL, 1);
	ck_assert(wait_part(e, &gone, PATIENCE_MS));
	ck_assert_int_eq(produce(e, boot_all, -1, 50), 50);
	fault(e, FAULT_START, 1);
	ck_assert(wait_part(e, &back, PATIENCE_MS));
	runtime_engine_free(e);
}
END_TEST

START_TEST(test_isolate_heal_loses_acks1)
{
	struct engine *e = rt_cluster();
	static const bool boot_1[ISR_NODES] = { [1] = true };
	struct part_want moved = { .leader = 0, .not_leader = 1,
	    .isr_n = -1 };
	struct fault iso = { .kind = FAULT_ISOLATE, .broker = 1 };
	struct fault heal = { .kind = FAULT_HEAL, .broker = -1 };
	char err[128];
	uint64_t since;
	int64_t end;
	bool lost = false;

	rt_topic(e);
	since = last_seq(e);
	ck_assert_int_eq(e->ops->fault(e, &iso, err, sizeof err), 0);
	/* The zombie leader still takes acks=1 writes from clients. */
	ck_assert_int_eq(produce(e, boot_1, 1, 5), 5);
	ck_assert(wait_part(e, &moved, PATIENCE_MS));
	ck_assert_int_eq(e->ops->fault(e, &heal, err, sizeof err), 0);
	end = e->ops->now(e) + PATIENCE_MS;
	while (!lost && e->ops->now(e) < end) {
		e->ops->advance(e, 200);
		lost = saw_event(e, EV_DATA_LOSS, since);
	}
	ck_assert(saw_event(e, EV_TRUNCATE, since));
	ck_assert_msg(lost, "no data_loss event after the zombie's "
	    "writes were truncated");
	runtime_engine_free(e);
}
END_TEST

START_TEST(test_pause_no_shrink)
{
	struct engine *e = rt_cluster();
	struct part_want full = { .leader = 1, .isr_n = 3,
	    .replicas_up = true };
	struct snapshot s;
	struct timespec ts = { 0, 800 * 1000 * 1000 };
	int64_t shrinks, t_paused;
	uint64_t since;
	bool paused;
	double speed;

	rt_topic(e);
	ck_assert_int_eq(produce(e, boot_all, -1, 20), 20);
	e->ops->snapshot(e, &s);
	shrinks = s.metrics.isr_shrinks;
	snapshot_free(&s);
	since = last_seq(e);

	e->ops->set_paused(e, true);
	e->ops->get_clock(e, &paused, &speed);
	ck_assert(paused);
	t_paused = e->ops->now(e);
	/* 0.8 s real at 20x would be 16 s of lab time: far past the session
	 * timeout and replica.lag.time.max.ms, had the clock run. */
	nanosleep(&ts, NULL);
	ck_assert_int_eq(e->ops->now(e), t_paused);
	/* A step while paused runs exactly that much lab time. */
	e->ops->advance(e, 250);
	ck_assert_int_eq(e->ops->now(e), t_paused + 250);
	e->ops->set_paused(e, false);
	e->ops->advance(e, 2000);

	ck_assert(wait_part(e, &full, PATIENCE_MS));
	e->ops->snapshot(e, &s);
	ck_assert_int_eq(s.metrics.isr_shrinks, shrinks);
	snapshot_free(&s);
	ck_assert(!saw_event(e, EV_ISR_SHRINK, since));
	ck_assert(!saw_event(e, EV_BROKER_FENCED, since));
	runtime_engine_free(e);
}
END_TEST

START_TEST(test_produce_consume)
{
	struct engine *e = rt_cluster();
	struct fetch_arg fa = { .offset = 0, .max = 1000 };
	struct client_result *res;
	size_t nres, i;
	int h, got = 0;

	rt_topic(e);
	ck_assert_int_eq(produce(e, boot_all, -1, 100), 100);
	h = e->ops->client_open(e, boot_all);
	nres = e->ops->client_run(e, h, fetch_fn, &fa, PATIENCE_MS, &res);
	for (i = 0; i < nres; i++) {
		if (res[i].kind == OP_FETCH && res[i].error == KERR_NONE) {
			got += res[i].n_records;
			ck_assert_int_ge(res[i].hw, 100);
			if (res[i].n_records > 0)
				ck_assert_int_eq(res[i].records[0]
				    .value_len, 5);
		}
		client_result_free(&res[i]);
	}
	free(res);
	e->ops->client_close(e, h);
	ck_assert_int_eq(got, 100);
	runtime_engine_free(e);
}
END_TEST

START_TEST(test_clean_shutdown)
{
	struct engine *e = rt_cluster();
	struct snapshot s;
	struct event ev;
	uint64_t v;

	rt_topic(e);
	ck_assert_int_eq(produce(e, boot_all, 1, 10), 10);
	fault(e, FAULT_STOP, 2);
	memset(&ev, 0, sizeof ev);
	ev.type = EV_NOTE;
	ev.broker = -1;
	strcpy(ev.reason, "a note");
	v = e->ops->version(e);
	e->ops->post_event(e, &ev);
	ck_assert_uint_gt(e->ops->version(e), v);
	ck_assert(saw_event(e, EV_NOTE, 0));
	e->ops->snapshot(e, &s);
	ck_assert_int_eq(s.n_brokers, 3);
	snapshot_free(&s);
	/* Freed with messages in flight, a broker stopping, clients gone. */
	runtime_engine_free(e);
}
END_TEST

/* A cluster started without waiting: once it says it is no longer
 * starting, every broker is registered and unfenced (what the screen
 * waits for before the lab begins), and it stays so.  It also stops
 * starting at a deadline whatever the brokers did; at 1x that is 12 s of
 * real time, far beyond a loaded machine's registration, and a snapshot
 * taken before it proves the brokers, not the deadline, ended the start. */
START_TEST(test_start_then_up)
{
	struct settings s;
	struct engine *e;
	struct snapshot snap;
	struct timespec ms = { 0, 1000000 };
	int64_t deadline;
	int b;

	settings_defaults(&s, false);
	deadline = 4 * s.session_timeout_ms + 10 * (s.network_delay_ms + 1);
	e = runtime_engine_start(3, TESTS_SEED_IN_ORDER, &s, NULL, 1.0);
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(e->ops->starting);
	while (e->ops->starting(e))
		nanosleep(&ms, NULL);
	e->ops->snapshot(e, &snap);
	ck_assert_int_lt(snap.now, deadline);
	ck_assert(all_active(&snap, NULL));
	for (b = 1; b <= 3; b++)
		ck_assert(!snap.brokers[b].fenced);
	snapshot_free(&snap);
	ck_assert(!e->ops->starting(e));
	runtime_engine_free(e);

	e = runtime_engine_new(3, TESTS_SEED_IN_ORDER, &s, NULL, SPEED);
	ck_assert(!e->ops->starting(e));
	runtime_engine_free(e);
}
END_TEST

static Suite *
suite_runtime(void)
{
	Suite *s = suite_create("runtime");
	struct {
		const char *name;
		const TTest *test;
	} cases[] = {
		{ "failover", test_failover },
		{ "restart", test_restart_rejoins },
		{ "isolate_heal", test_isolate_heal_loses_acks1 },
		{ "pause", test_pause_no_shrink },
		{ "produce_consume", test_produce_consume },
		{ "shutdown", test_clean_shutdown },
		{ "start", test_start_then_up },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		TCase *tc = tcase_create(cases[i].name);

		tcase_set_timeout(tc, CASE_TIMEOUT);
		tcase_add_test(tc, cases[i].test);
		suite_add_tcase(s, tc);
	}
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite_runtime());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
