/*
 * test_labticks.c - when a lab step ticks: only commands that succeeded
 * count (`ran`), counts and order (`times`, `then`), a `saw` made while
 * the step's cluster facts held.  Part of tests/check_lab; everything
 * runs on the simulator.
 */

#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/cond.h"
#include "console/console.h"
#include "lab/lab.h"
#include "lab/labrun.h"
#include "model/settings.h"
#include "sim/sim.h"
#include "labticks.h"
#include "tests.h"

/* A one-step lab over topic t (1 partition, RF 3) expecting expect, and
 * a read-only step after it. */
#define TICK_LAB(expect)						\
	"---\nid: 90-ticks\ntitle: 틱\nbrokers: 3\n---\n"		\
	"```lab setup\n"						\
	"kafka-topics.sh --bootstrap-server localhost:9092 --create "	\
	"--topic t --partitions 1 --replication-factor 3\n"		\
	"```\n"								\
	"## 1. 단계\n"							\
	"```lab expect\n" expect "\n```\n"				\
	"## 2. 끝\n읽기만.\n"

struct tick {
	struct lab	*lab;
	struct sim	*sim;
	struct engine	*e;
	struct console	*c;
	struct labrun	*r;
};

static void
tick_sink(void *arg, int fd, const char *s, size_t n)
{
	(void)arg;
	(void)fd;
	(void)s;
	(void)n;
}

static void
tick_start(struct tick *t, const char *text)
{
	struct strbuf	errs = STRBUF_INIT;
	struct settings	set;
	char		err[256] = "";

	if (lab_parse("ticks.md", text, strlen(text), &t->lab, &errs) != 0)
		ck_abort_msg("parse failed: %s", strbuf_cstr(&errs));
	strbuf_free(&errs);
	settings_defaults(&set, false);
	t->sim = sim_new(3, TESTS_SEED_IN_ORDER, &set, NULL);
	t->e = sim_engine(t->sim);
	t->c = console_new(t->e, tick_sink, NULL);
	t->r = labrun_new(t->lab, t->c, LAB_EN);
	ck_assert_int_eq(labrun_start(t->r, err, sizeof err), 0);
}

static void
tick_end(struct tick *t)
{
	labrun_free(t->r);
	console_free(t->c);
	sim_free(t->sim);
	lab_free(t->lab);
}

/* Run line; its console_exec result. */
static int
tick_run(struct tick *t, const char *line)
{
	char	err[256] = "";

	return console_exec(t->c, line, err, sizeof err);
}

/* Whether step 1 is done after a poll. */
static bool
tick_done(struct tick *t)
{
	struct snapshot	s;
	char		err[256] = "";

	t->e->ops->snapshot(t->e, &s);
	labrun_poll(t->r, &s, err, sizeof err);
	snapshot_free(&s);
	ck_assert_str_eq(err, "");
	return t->r->st[0].done;
}

START_TEST(test_ran_counts_successes_only)
{
	struct tick	 t;
	const char	*line, *why;
	bool		 setup;

	tick_start(&t, TICK_LAB("ran kafka-topics --describe --topic t"));
	ck_assert_int_eq(tick_run(&t, "kill 1"), 0);
	/* The dead broker times out: a failure, which does not tick. */
	ck_assert_int_eq(tick_run(&t, "kafka-topics.sh --bootstrap-server "
	    "localhost:9092 --describe --topic t"), 1);
	ck_assert(!tick_done(&t));
	ck_assert_uint_eq(console_failure(t.c, &line, &why, &setup), 1);
	/* ... and the lab says so. */
	ck_assert_int_eq(t.r->off_kind, LABRUN_OFF_FAILED);
	ck_assert_ptr_nonnull(strstr(t.r->offpath, "'kafka-topics.sh "
	    "--bootstrap-server localhost:9092 --describe --topic t' failed: "));
	ck_assert_ptr_nonnull(strstr(t.r->offpath, "Timed out waiting for a "
	    "node assignment"));
	ck_assert_ptr_nonnull(strstr(t.r->offpath, "A command that fails does "
	    "not count for the step: fix it and run it again (t shows a "
	    "hint)."));
	ck_assert_ptr_nonnull(strstr(line, "localhost:9092"));
	ck_assert_ptr_nonnull(strstr(why, "Timed out waiting for a node "
	    "assignment"));
	ck_assert(!setup);
	/* A usage error fails too. */
	ck_assert_int_eq(tick_run(&t, "kafka-topics.sh --describe --topic t "
	    "--bogus"), -1);
	ck_assert(!tick_done(&t));
	ck_assert_uint_eq(console_failure(t.c, &line, &why, &setup), 2);
	ck_assert_int_eq(tick_run(&t, "kafka-topics.sh --bootstrap-server "
	    "localhost:19092 --describe --topic t"), 0);
	ck_assert(tick_done(&t));
	tick_end(&t);
}
END_TEST

START_TEST(test_ran_times_then)
{
	struct tick	 t;
	struct strbuf	 sb = STRBUF_INIT;
	static const char expect[] = "ran group add-member g t times >= 2 "
	    "then ran kafka-consumer-groups --describe --group g";

	tick_start(&t, TICK_LAB("ran group add-member g t times >= 2 then "
	    "ran kafka-consumer-groups.sh --describe --group g"));
	cond_format(t.lab->steps[0].expect[0].cond, &sb);
	ck_assert_str_eq(strbuf_cstr(&sb), expect);
	strbuf_free(&sb);
	/* The group does not exist yet: the tool fails, nothing counts. */
	ck_assert_int_eq(tick_run(&t, "kafka-consumer-groups.sh "
	    "--bootstrap-server localhost:9092 --describe --group g"), 1);
	ck_assert_int_eq(tick_run(&t, "group add-member g t"), 0);
	ck_assert_int_eq(tick_run(&t, "kafka-consumer-groups.sh "
	    "--bootstrap-server localhost:9092 --describe --group g"), 0);
	ck_assert(!tick_done(&t));		/* one member, not two */
	ck_assert_int_eq(tick_run(&t, "group add-member g t"), 0);
	ck_assert(!tick_done(&t));		/* described before the 2nd */
	ck_assert_int_eq(tick_run(&t, "kafka-consumer-groups.sh "
	    "--bootstrap-server localhost:9092 --describe --group g"), 0);
	ck_assert(tick_done(&t));
	tick_end(&t);
}
END_TEST

START_TEST(test_saw_while_state_held)
{
	struct tick	 t;

	tick_start(&t, TICK_LAB("broker 3 down\n"
	    "saw kafka-topics --describe --topic t matching \"Leader: 1\""));
	/* The output matches, but broker 3 is up: it was not seen under
	 * the state the step teaches. */
	ck_assert_int_eq(tick_run(&t, "kafka-topics.sh --bootstrap-server "
	    "localhost:9092 --describe --topic t"), 0);
	ck_assert_int_eq(tick_run(&t, "kill 3"), 0);
	ck_assert(!tick_done(&t));
	/* The same output with broker 3 down counts. */
	ck_assert_int_eq(tick_run(&t, "kafka-topics.sh --bootstrap-server "
	    "localhost:9092 --describe --topic t"), 0);
	ck_assert(tick_done(&t));
	tick_end(&t);
}
END_TEST

START_TEST(test_saw_output_must_match)
{
	struct tick	 t;

	tick_start(&t, TICK_LAB("leader t/0 != 1\n"
	    "saw kafka-topics --describe --topic t matching \"Leader: 2\""));
	ck_assert_int_eq(tick_run(&t, "kill 1"), 0);
	ck_assert_int_eq(tick_run(&t, "wait 5s"), 0);
	/* A describe of another topic form (no --topic) does not match the
	 * prefix; --topic t does. */
	ck_assert_int_eq(tick_run(&t, "kafka-topics.sh --bootstrap-server "
	    "localhost:19092 --list"), 0);
	ck_assert(!tick_done(&t));
	ck_assert_int_eq(tick_run(&t, "kafka-topics.sh --bootstrap-server "
	    "localhost:19092 --describe --topic t"), 0);
	ck_assert(tick_done(&t));
	tick_end(&t);
}
END_TEST

START_TEST(test_offpath_faults)
{
	struct tick	 t;

	tick_start(&t, TICK_LAB("broker 1 down"));
	/* A broker the step does not name. */
	ck_assert_int_eq(tick_run(&t, "kill 2"), 0);
	ck_assert(!tick_done(&t));
	ck_assert_str_eq(t.r->offpath, "Broker 2 crashed. This step is about "
	    "broker 1. Press 2 then r to restart it, or u to rewind the "
	    "step.");
	/* Undone: the note goes. */
	ck_assert_int_eq(tick_run(&t, "restart 2"), 0);
	ck_assert_int_eq(tick_run(&t, "wait 1s"), 0);
	ck_assert(!tick_done(&t));
	ck_assert_str_eq(t.r->offpath, "");
	ck_assert_int_eq(tick_run(&t, "isolate 3"), 0);
	ck_assert(!tick_done(&t));
	ck_assert_str_eq(t.r->offpath, "Broker 3 was cut off from the other "
	    "brokers. This step is about broker 1. Press h to heal the "
	    "network, or u to rewind the step.");
	ck_assert_int_eq(tick_run(&t, "heal"), 0);
	ck_assert_int_eq(tick_run(&t, "wait 1s"), 0);
	ck_assert(!tick_done(&t));
	ck_assert_str_eq(t.r->offpath, "");
	/* The broker the step names: on the path, no note. */
	ck_assert_int_eq(tick_run(&t, "kill 1"), 0);
	ck_assert(tick_done(&t));
	ck_assert_str_eq(t.r->offpath, "");
	tick_end(&t);
}
END_TEST

START_TEST(test_offpath_needed_broker)
{
	struct tick	 t;

	tick_start(&t, TICK_LAB("leader t/0 != 1 and isr t/0 == 2,3\n"
	    "ran kafka-topics --describe --topic t"));
	ck_assert_int_eq(tick_run(&t, "kill 1"), 0);
	ck_assert(!tick_done(&t));
	ck_assert_str_eq(t.r->offpath, "");	/* what the step is about */
	/* Broker 2 is named, and the step needs it in the ISR. */
	ck_assert_int_eq(tick_run(&t, "kill 2"), 0);
	ck_assert(!tick_done(&t));
	ck_assert_str_eq(t.r->offpath, "Broker 2 crashed. This step needs it: "
	    "isr t/0 == 2,3. Press 2 then r to restart it, or u to rewind the "
	    "step.");
	tick_end(&t);
}
END_TEST

START_TEST(test_offpath_slow_and_stop)
{
	struct tick	 t;
	char		 err[256] = "";

	tick_start(&t, TICK_LAB("leader t/0 == 2 and isr t/0 == 2,3"));
	ck_assert_int_eq(tick_run(&t, "slow 1 5000"), 0);
	ck_assert(!tick_done(&t));
	/* Broker 1 is a replica of t/0, which the step is about. */
	ck_assert_str_eq(t.r->offpath, "");
	ck_assert_int_eq(console_exec(t.c, "heal", err, sizeof err), 0);
	labrun_free(t.r);
	lab_free(t.lab);
	console_free(t.c);
	sim_free(t.sim);
	tick_start(&t, TICK_LAB("broker 1 down"));
	ck_assert_int_eq(tick_run(&t, "stop 3"), 0);
	ck_assert_int_eq(tick_run(&t, "wait 2s"), 0);
	ck_assert(!tick_done(&t));
	/* The screen's language is the catalog's (none is bound here). */
	ck_assert_str_eq(t.r->offpath, "Broker 3 was stopped. This step is "
	    "about broker 1. Press 3 then r to restart it, or u to rewind "
	    "the step.");
	tick_end(&t);
}
END_TEST

/* Conditions that do not parse. */
static const struct {
	const char	*text;
	const char	*error;
} tick_bad[] = {
	{ "broker 1 down then ran kill",
	  "condition: 'then' orders two 'ran' or 'saw' clauses" },
	{ "saw describe t",
	  "condition: expected 'saw COMMAND-PREFIX matching TEXT'" },
	{ "saw matching x",
	  "condition: expected 'saw COMMAND-PREFIX matching TEXT'" },
	{ "ran kill times >= x",
	  "condition: expected 'ran COMMAND-PREFIX [times >= N]'" },
};

START_TEST(test_tick_cond_errors)
{
	struct cond	*c;
	char		 err[256] = "";

	ck_assert_int_eq(cond_parse(tick_bad[_i].text, &c, err, sizeof err),
	    -1);
	ck_assert_str_eq(err, tick_bad[_i].error);
}
END_TEST

TCase *
labticks_tcase(void)
{
	TCase	*tc = tcase_create("ticks");

	tcase_add_test(tc, test_ran_counts_successes_only);
	tcase_add_test(tc, test_ran_times_then);
	tcase_add_test(tc, test_saw_while_state_held);
	tcase_add_test(tc, test_saw_output_must_match);
	tcase_add_test(tc, test_offpath_faults);
	tcase_add_test(tc, test_offpath_slow_and_stop);
	tcase_add_test(tc, test_offpath_needed_broker);
	tcase_add_loop_test(tc, test_tick_cond_errors, 0,
	    sizeof tick_bad / sizeof tick_bad[0]);
	return tc;
}
