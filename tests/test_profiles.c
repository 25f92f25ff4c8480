/*
 * test_profiles.c - the rules that tell the Kafka profiles apart
 * (src/model/profile.h), each run as a student would on the simulator:
 * kafka-topics --describe's lines and the event log are what is checked.
 *
 * 4.x: Eligible Leader Replicas (KIP-966; PartitionChangeBuilder.java at
 * trunk 1eb7644): the ISR shrinking below min.insync.replicas moves
 * replicas into the ELR; elections take the ISR, then the ELR, then the
 * last known leader; the high watermark stays where the ELR members have
 * it; a crash (not a clean stop) takes a replica out of the ELR when it
 * registers again; a min.insync.replicas change clears the ELR; the
 * controller honours unclean.leader.election.enable at its periodic check
 * (KAFKA-12670).  The same scripts under 3.7 show 3.7's answer where the
 * lesson is the difference.
 *
 * Every run pins TESTS_SEED_IN_ORDER: t is placed 1,2,3, the replicas,
 * leaders and stopping order the compared describe lines are written for.
 */
#include "config.h"

#include <string.h>

#include "harness.h"
#include "model/profile.h"
#include "tests.h"

#define CREATE_T_MIN2 \
	"kafka-topics --bootstrap-server localhost:9092 --create --topic t " \
	"--partitions 1 --replication-factor 3 " \
	"--config min.insync.replicas=2\n"

/* Through whichever broker is up, as a student lists them all. */
#define DESCRIBE_T \
	"kafka-topics --bootstrap-server localhost:9092,localhost:19092," \
	"localhost:29092 --describe --topic t\n"

/* Run text on r (it must succeed) and return what it printed. */
static const char *
profile_run(struct run *r, const char *text)
{
	strbuf_reset(&r->cap.out);
	strbuf_reset(&r->cap.err);
	ck_assert_msg(run_text(r, text) == 0, "%s%s", strbuf_cstr(&r->cap.out),
	    strbuf_cstr(&r->cap.err));
	return strbuf_cstr(&r->cap.out);
}

#define ck_assert_has(s, sub) \
	ck_assert_msg(strstr((s), (sub)) != NULL, \
	    "expected \"%s\" in:\n%s", (sub), (s))

/* Two of three replicas stopped one after the other on min ISR 2: the
 * second leaves the ISR below min ISR and becomes eligible; 3.7 has no
 * such field to print. */
START_TEST(test_k4_elr_on_shrink_below_min_isr)
{
	struct run	 r;
	const char	*out;

	run_start_seeded(&r, 3, KAFKA_4, TESTS_SEED_IN_ORDER);
	out = profile_run(&r, CREATE_T_MIN2
	    "stop 1\nwait-until isr t/0 == 2,3\n"
	    "stop 2\nwait-until isr t/0 == 3\n" DESCRIBE_T);
	ck_assert_has(out, "\tLeader: 3\tReplicas: 1,2,3\tIsr: 3\tElr: 2\t"
	    "LastKnownElr: \n");
	out = profile_run(&r, "events\n");
	ck_assert_has(out, "leader_change  t-0  leader 2 -> 3  epoch 1 -> 2  "
	    "isr 2,3 -> 3  elr none -> 2  (controlled shutdown of broker 2)");
	run_end(&r);

	run_start_seeded(&r, 3, KAFKA_37, TESTS_SEED_IN_ORDER);
	out = profile_run(&r, CREATE_T_MIN2
	    "stop 1\nwait-until isr t/0 == 2,3\n"
	    "stop 2\nwait-until isr t/0 == 3\n" DESCRIBE_T);
	ck_assert_has(out, "\tLeader: 3\tReplicas: 1,2,3\tIsr: 3\n");
	run_end(&r);
}
END_TEST

/* All three stopped cleanly: the ISR empties (3.7 keeps its last member)
 * and the first to come back is elected from the ELR, cleanly, with the
 * high watermark where it was: no acknowledged record is lost, the acks=1
 * record above the HW is. */
START_TEST(test_k4_elect_from_elr_keeps_hw)
{
	struct run	 r;
	const char	*out;

	run_start_seeded(&r, 3, KAFKA_4, TESTS_SEED_IN_ORDER);
	out = profile_run(&r, CREATE_T_MIN2
	    "produce t --acks all --count 3 a\nwait 1s\n"
	    "stop 1\nwait-until isr t/0 == 2,3\nwait 1s\n"
	    "stop 2\nwait-until isr t/0 == 3\nwait-until hw t/0 >= 3\n"
	    "produce t --acks 1 b\n"
	    "wait-until hw t/0 >= 4 --timeout 3s\n"
	    "consume t --from-beginning\n");
	/* Appended at 3, but below min ISR the HW stays at 3: consumers
	 * do not see it. */
	ck_assert_has(out, "t-0@3\n");
	ck_assert_has(out, "timed out after 3s: hw t/0 >= 4\n");
	ck_assert_has(out, "a\na\na\n");
	ck_assert_ptr_null(strstr(out, "b\n"));
	/* Every replica down: the tools reach no broker, the controller's
	 * view shows the emptied ISR. */
	out = profile_run(&r, "stop 3\nwait-until leader t/0 == none\n"
	    "describe t\n");
	ck_assert_has(out, "\tLeader: none\tReplicas: 1,2,3\tIsr: \t"
	    "Elr: 2,3\tLastKnownElr: 3\n");
	out = profile_run(&r, "start 2\nwait-until leader t/0 == 2\n"
	    DESCRIBE_T);
	ck_assert_has(out, "\tLeader: 2\tReplicas: 1,2,3\tIsr: 2\tElr: 3\t"
	    "LastKnownElr: \n");
	out = profile_run(&r, "events\n");
	ck_assert_has(out, "leader_change  t-0  leader none -> 2  epoch 3 -> 4  "
	    "isr none -> 2  elr 2,3 -> 3  (broker 2 unfenced)\n");
	out = profile_run(&r, "start 3\nstart 1\nwait-until isr t/0 == 2,1,3\n"
	    "consume t --from-beginning\nevents\n");
	ck_assert_has(out, "a\na\na\n");
	ck_assert_has(out, "data_loss  t-0  offset 3 lost  (acks=1 write(s) "
	    "truncated from the returning replica)");
	ck_assert_ptr_null(strstr(out, "b\n"));
	run_end(&r);
}
END_TEST

/* All three crashed: a crashed replica leaves the ELR when it registers
 * again (KAFKA-15586), so the partition waits for the last one; then the
 * last known leader is elected, as an unclean election.  3.7 elects the
 * ISR's last member as soon as it is back. */
START_TEST(test_k4_last_known_leader_after_crashes)
{
	static const char kill_all[] = CREATE_T_MIN2
	    "kill 1\nwait-until isr t/0 == 2,3\n"
	    "kill 2\nwait-until isr t/0 == 3\n"
	    "kill 3\nwait-until leader t/0 == none\n"
	    "restart 3\nwait 5s\n" DESCRIBE_T;
	struct run	 r;
	const char	*out;

	run_start_seeded(&r, 3, KAFKA_4, TESTS_SEED_IN_ORDER);
	out = profile_run(&r, kill_all);
	ck_assert_has(out, "\tLeader: none\tReplicas: 1,2,3\tIsr: \tElr: 2\t"
	    "LastKnownElr: 3\n");
	out = profile_run(&r, "restart 2\nwait-until leader t/0 == 3\n"
	    DESCRIBE_T "events\n");
	ck_assert_has(out, "\tLeader: 3\tReplicas: 1,2,3\tIsr: 3\tElr: \t"
	    "LastKnownElr: \n");
	ck_assert_has(out, "leader_change  t-0  leader none -> 3  epoch 3 -> 4  "
	    "isr none -> 3  UNCLEAN  elr 2 -> none  (broker 2 restarted after "
	    "an unclean shutdown)");
	run_end(&r);

	run_start_seeded(&r, 3, KAFKA_37, TESTS_SEED_IN_ORDER);
	out = profile_run(&r, kill_all);
	ck_assert_has(out, "\tLeader: 3\tReplicas: 1,2,3\tIsr: 3\n");
	run_end(&r);
}
END_TEST

/* A changed min.insync.replicas clears the ELR and the last known leader
 * (kafka.apache.org/40/operations/eligible-leader-replicas). */
START_TEST(test_k4_min_isr_change_clears_elr)
{
	struct run	 r;
	const char	*out;

	run_start_seeded(&r, 3, KAFKA_4, TESTS_SEED_IN_ORDER);
	out = profile_run(&r, CREATE_T_MIN2
	    "stop 1\nwait-until isr t/0 == 2,3\n"
	    "stop 2\nwait-until isr t/0 == 3\n"
	    "kafka-configs --bootstrap-server localhost:29092 --alter "
	    "--entity-type topics --entity-name t "
	    "--add-config min.insync.replicas=1\n" DESCRIBE_T "events\n");
	ck_assert_has(out, "\tLeader: 3\tReplicas: 1,2,3\tIsr: 3\tElr: \t"
	    "LastKnownElr: \n");
	ck_assert_has(out, "note  t-0  elr 2 -> none  (min.insync.replicas "
	    "changed)");
	run_end(&r);
}
END_TEST

/* unclean.leader.election.enable turned on for a leaderless partition:
 * 4.x elects at the controller's next periodic check
 * (unclean.leader.election.interval.ms, lab-scaled to 30 s; KAFKA-12670),
 * not at once; 3.7 never (test_k37_unclean_config_elects_nobody). */
START_TEST(test_k4_unclean_config_periodic_check)
{
	struct run	 r;
	const char	*out;

	run_start_seeded(&r, 3, KAFKA_4, TESTS_SEED_IN_ORDER);
	out = profile_run(&r,
	    "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic t --partitions 1 --replication-factor 3\n"
	    "kill 2\nkill 3\nwait-until isr t/0 == 1\n"
	    "kill 1\nwait-until leader t/0 == none\n"
	    "restart 2\nwait 2s\n"
	    "kafka-configs --bootstrap-server localhost:19092 --alter "
	    "--entity-type topics --entity-name t "
	    "--add-config unclean.leader.election.enable=true\n"
	    "wait 1s\n" DESCRIBE_T);
	ck_assert_has(out, "\tLeader: none\tReplicas: 1,2,3\tIsr: \tElr: 1\t"
	    "LastKnownElr: 1\n");
	out = profile_run(&r, "wait-until leader t/0 == 2 --timeout 35s\n"
	    DESCRIBE_T "events\n");
	ck_assert_has(out, "\tLeader: 2\tReplicas: 1,2,3\tIsr: 2\tElr: \t"
	    "LastKnownElr: \n");
	ck_assert_has(out, "UNCLEAN  elr 1 -> none  (unclean.leader.election."
	    "enable, periodic check)");
	run_end(&r);
}
END_TEST

Suite *
suite_profiles(void)
{
	Suite	*s = suite_create("profiles");
	TCase	*tc = tcase_create("k4");

	tcase_add_test(tc, test_k4_elr_on_shrink_below_min_isr);
	tcase_add_test(tc, test_k4_elect_from_elr_keeps_hw);
	tcase_add_test(tc, test_k4_last_known_leader_after_crashes);
	tcase_add_test(tc, test_k4_min_isr_change_clears_elr);
	tcase_add_test(tc, test_k4_unclean_config_periodic_check);
	suite_add_tcase(s, tc);
	return s;
}
