/*
 * test_zk.c - the zk profile: Kafka 3.7.0 in ZooKeeper mode.  The rules
 * that tell it apart from KRaft: a broker is the controller through the
 * /controller znode and a new one takes over when its ZooKeeper session
 * ends; liveness is that session (zookeeper.session.timeout.ms); turning
 * unclean.leader.election.enable on elects at once; the auto rebalance
 * goes by leader.imbalance.per.broker.percentage; topics are placed by
 * AdminUtils with a random start index and shift, on live brokers only.
 *
 * Each test runs console scripts on a fresh simulator (seed 1, lab
 * timings: a 6 s ZooKeeper session, a 30 s rebalance interval).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "harness.h"
#include "model/assign.h"
#include "model/snapshot.h"
#include "sim/sim.h"
#include "util/strbuf.h"

#define ZK_CREATE(t, parts) \
	"kafka-topics --bootstrap-server localhost:9092 --create --topic " \
	t " --partitions " #parts " --replication-factor 3\n"

#define ZK_RUN(r, text) do { \
	strbuf_reset(&(r)->cap.out); \
	strbuf_reset(&(r)->cap.err); \
	ck_assert_int_eq(run_text((r), (text)), 0); \
} while (0)

/* The controller's image as it is now (free with snapshot_free). */
static void
zk_snapshot(struct run *r, struct snapshot *s)
{
	struct engine	*e = sim_engine(r->sim);

	e->ops->snapshot(e, s);
}

/* Partition p of topic t in the controller's image. */
static struct partition_reg
zk_part(struct run *r, const char *t, int p)
{
	struct snapshot		 s;
	struct partition_reg	 pr;

	zk_snapshot(r, &s);
	pr = image_topic(&s.ctrl_image, t)->parts[p];
	snapshot_free(&s);
	return pr;
}

static int
zk_controller(struct run *r)
{
	struct snapshot	s;
	int		c;

	zk_snapshot(r, &s);
	c = s.ctrl_image.controller;
	snapshot_free(&s);
	return c;
}

/* The broker holding /controller dies: nothing moves before its ZooKeeper
 * session (6 s) ends, where KRaft fences after 3 s; then another live
 * broker wins /controller (KafkaController.scala:1547-1575 at 3.7.0) and
 * its failover moves the dead broker's leaderships. */
START_TEST(test_zk_controller_failover)
{
	struct run	r;
	char		script[200];
	int		ctl, next, p;

	run_start_on(&r, 3, KAFKA_ZK);
	ZK_RUN(&r, ZK_CREATE("t", 3) "wait 1s\n");
	ctl = zk_controller(&r);
	ck_assert_int_ge(ctl, 1);
	ck_assert_int_le(ctl, 3);
	snprintf(script, sizeof script, "kill %d\nwait 4s\n", ctl);
	ZK_RUN(&r, script);
	ck_assert_int_eq(zk_controller(&r), ctl);	/* session still on */
	for (p = 0; p < 3; p++)
		if (zk_part(&r, "t", p).replicas[0] == ctl)
			ck_assert_int_eq(zk_part(&r, "t", p).leader, ctl);
	ZK_RUN(&r, "wait 3s\nevents\n");
	next = zk_controller(&r);
	ck_assert_int_ne(next, ctl);
	ck_assert_int_ge(next, 1);
	snprintf(script, sizeof script, "controller_change  broker %d  "
	    "(/controller: broker %d -> %d (broker %d's ZooKeeper session "
	    "ended))", next, ctl, next, ctl);
	ck_assert_msg(strstr(strbuf_cstr(&r.cap.out), script) != NULL,
	    "no '%s' in:\n%s", script, strbuf_cstr(&r.cap.out));
	for (p = 0; p < 3; p++)
		ck_assert_int_ne(zk_part(&r, "t", p).leader, ctl);
	/* The ZooKeeper controller's meters (KafkaController.scala:2781-2787
	 * at 3.7.0), no fencing (line 191). */
	ZK_RUN(&r, "metrics\n");
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.out),
	    "type=ControllerStats,name=LeaderElectionRateAndTimeMs count="));
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.out),
	    "name=FencedBrokerCount 0\n"));
	run_end(&r);
}
END_TEST

/* Every broker dies: /controller stays empty and nothing changes.  Broker
 * 2 comes back first, wins /controller, and its failover takes the dead
 * brokers 1 and 3 out of the ISR, so that 2, in sync, leads cleanly
 * (KafkaController.scala:285-330, ReplicaStateMachine.scala:340-346 at
 * 3.7.0). */
START_TEST(test_zk_all_down)
{
	struct partition_reg	pr;
	struct run		r;

	run_start_on(&r, 3, KAFKA_ZK);
	ZK_RUN(&r, ZK_CREATE("t", 1) "produce t --count 3\n"
	    "kill 1\nkill 2\nkill 3\nwait 10s\n");
	ck_assert_int_eq(zk_controller(&r), 0);
	pr = zk_part(&r, "t", 0);
	tests_assert_ids(pr.isr, pr.n_isr, "1,2,3");
	ZK_RUN(&r, "restart 2\nwait 5s\n");
	ck_assert_int_eq(zk_controller(&r), 2);
	pr = zk_part(&r, "t", 0);
	ck_assert_int_eq(pr.leader, 2);
	tests_assert_ids(pr.isr, pr.n_isr, "2");
	run_end(&r);
}
END_TEST

/* Only replica 1 is in the ISR when it dies; replica 2 comes back out of
 * sync.  Setting unclean.leader.election.enable on the topic makes the
 * ZooKeeper controller elect 2 at once (ConfigHandler.scala:110-112,
 * KafkaController.scala:1349-1353 at 3.7.0); KRaft 3.7 elects nobody. */
START_TEST(test_zk_unclean_config_elects_at_once)
{
	static const enum kafka_profile	profiles[2] = {
		KAFKA_ZK, KAFKA_37
	};
	struct partition_reg		pr;
	struct run			r;

	run_start_on(&r, 3, profiles[_i]);
	ZK_RUN(&r, ZK_CREATE("t", 1)
	    "kill 2\nkill 3\nwait-until isr t/0 == 1\n"
	    "produce t\nkill 1\nrestart 2\nwait 10s\n");
	pr = zk_part(&r, "t", 0);
	ck_assert_int_eq(pr.leader, ISR_NO_LEADER);
	ZK_RUN(&r, "kafka-configs --bootstrap-server localhost:19092 --alter "
	    "--entity-type topics --entity-name t "
	    "--add-config unclean.leader.election.enable=true\n");
	pr = zk_part(&r, "t", 0);
	if (profiles[_i] == KAFKA_ZK) {
		ck_assert_int_eq(pr.leader, 2);
		tests_assert_ids(pr.isr, pr.n_isr, "2");
		ZK_RUN(&r, "events 20\n");
		ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.out),
		    "UNCLEAN  (unclean.leader.election.enable turned on)"));
	} else
		ck_assert_int_eq(pr.leader, ISR_NO_LEADER);
	run_end(&r);
}
END_TEST

/* Broker 1 is the preferred replica of two partitions and leads one:
 * half of its partitions are off.  With leader.imbalance.per.broker.
 * percentage=50 the ZooKeeper controller leaves it (0.5 is not above
 * 0.5); at 40 it moves the other back (KafkaController.scala:1291-1322
 * at 3.7.0).  KRaft 3.7 ignores the percentage and moves it anyway. */
START_TEST(test_zk_rebalance_percentage)
{
	static const enum kafka_profile	profiles[2] = {
		KAFKA_ZK, KAFKA_37
	};
	struct run			r;
	char				script[256];
	int				mine[6], n = 0, p;

	run_start_on(&r, 3, profiles[_i]);
	ZK_RUN(&r, "set auto.leader.rebalance.enable=false\n"
	    "set leader.imbalance.per.broker.percentage=50\n"
	    ZK_CREATE("t", 6) "wait 1s\n");
	for (p = 0; p < 6; p++)
		if (zk_part(&r, "t", p).replicas[0] == 1)
			mine[n++] = p;
	ck_assert_int_eq(n, 2);
	ZK_RUN(&r, "kill 1\nwait 10s\nrestart 1\n"
	    "wait-until isr t/0 contains 1 and isr t/1 contains 1 and "
	    "isr t/2 contains 1 and isr t/3 contains 1 and "
	    "isr t/4 contains 1 and isr t/5 contains 1 --timeout 60s\n");
	ck_assert_int_ne(zk_part(&r, "t", mine[0]).leader, 1);
	ck_assert_int_ne(zk_part(&r, "t", mine[1]).leader, 1);
	snprintf(script, sizeof script, "kafka-leader-election "
	    "--bootstrap-server localhost:19092 --election-type PREFERRED "
	    "--topic t --partition %d\n"
	    "set auto.leader.rebalance.enable=true\nwait 70s\n", mine[0]);
	ZK_RUN(&r, script);
	ck_assert_int_eq(zk_part(&r, "t", mine[0]).leader, 1);
	if (profiles[_i] == KAFKA_ZK) {
		ck_assert_int_ne(zk_part(&r, "t", mine[1]).leader, 1);
		ZK_RUN(&r, "set leader.imbalance.per.broker.percentage=40\n"
		    "wait 35s\n");
	}
	ck_assert_int_eq(zk_part(&r, "t", mine[1]).leader, 1);
	run_end(&r);
}
END_TEST

/* Whether the replicas of t are AdminUtils' layout for some start index
 * and shift; returns the start (0..2), or -1. */
static int
zk_adminutils_start(struct run *r, const char *t, int parts)
{
	static const int	brokers[3] = { 1, 2, 3 };
	int			out[8][ISR_MAX_REPLICAS];
	int			start, shift, p;
	bool			same;

	for (start = 0; start < 3; start++) {
		for (shift = 0; shift < 3; shift++) {
			assign_replicas(brokers, NULL, 3, 0, parts, 3, start,
			    shift, out);
			same = true;
			for (p = 0; p < parts && same; p++) {
				struct partition_reg pr = zk_part(r, t, p);

				same = memcmp(pr.replicas, out[p],
				    3 * sizeof(int)) == 0;
			}
			if (same)
				return start;
		}
	}
	return -1;
}

/* Topics are placed by AdminUtils from a random start index and shift
 * (AdminUtils.java:146-148 at 3.7.0), drawn from the run's seed, on live
 * brokers only: with one broker gone RF 3 is refused
 * (ZkAdminManager.scala:165-190, AdminUtils.java:128), where KRaft 3.7
 * places a replica on the fenced broker. */
START_TEST(test_zk_placement)
{
	struct run	r;
	char		name[8], script[160];
	bool		seen_other = false;
	int		i, start;

	run_start_on(&r, 3, KAFKA_ZK);
	for (i = 0; i < 6; i++) {
		snprintf(script, sizeof script, "kafka-topics "
		    "--bootstrap-server localhost:9092 --create --topic t%d "
		    "--partitions 6 --replication-factor 3\n", i);
		ZK_RUN(&r, script);
	}
	for (i = 0; i < 6; i++) {
		snprintf(name, sizeof name, "t%d", i);
		start = zk_adminutils_start(&r, name, 6);
		ck_assert_msg(start >= 0, "%s is no AdminUtils layout", name);
		seen_other = seen_other || start != 0;
	}
	ck_assert(seen_other);
	ZK_RUN(&r, "kill 3\nwait 10s\n" ZK_CREATE("u", 1));
	ck_assert_str_eq(strbuf_cstr(&r.cap.out), "Error while executing "
	    "topic command : Replication factor: 3 larger than available "
	    "brokers: 2.\n");
	run_end(&r);
}
END_TEST

Suite *
suite_zk(void)
{
	Suite	*s = suite_create("zk");
	TCase	*tc = tcase_create("zk");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_zk_controller_failover);
	tcase_add_test(tc, test_zk_all_down);
	tcase_add_loop_test(tc, test_zk_unclean_config_elects_at_once, 0, 2);
	tcase_add_loop_test(tc, test_zk_rebalance_percentage, 0, 2);
	tcase_add_test(tc, test_zk_placement);
	suite_add_tcase(s, tc);
	return s;
}
