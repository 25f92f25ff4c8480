/*
 * test_memory.c - stores that a long session fills stay bounded, and
 * bounding them changes nothing a student can see.
 *
 * The controller's metadata log is compacted into a snapshot: a cluster
 * whose controller compacts every few records must answer describe,
 * elections and events byte for byte as one that never compacts, brokers
 * restarted behind the log's start included.  The event ring grows by use
 * up to its bound.  Loops of the soak (tests/soak-memory.sh) on the
 * simulator leave every store within its bound.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tests.h"
#include "harness.h"
#include "model/broker.h"
#include "model/controller.h"
#include "model/journal.h"
#include "model/ledger.h"
#include "util/strbuf.h"

/* Brokers crash, restart and are cut off; elections of both kinds; every
 * step ends with what a student would look at. */
static const char compaction_script[] =
    "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic a "
    "--partitions 3 --replication-factor 3\n"
    "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic b "
    "--partitions 2 --replication-factor 2 --config min.insync.replicas=2\n"
    "produce a --count 5 --acks all x\n"
    "kill 1\nwait 4s\ndescribe\n"
    "restart 1\nwait 3s\ndescribe\n"
    "isolate 2\nwait 8s\ndescribe\n"
    "heal\nwait 6s\ndescribe\n"
    "kafka-leader-election.sh --bootstrap-server localhost:9092 "
    "--election-type PREFERRED --all-topic-partitions\n"
    "describe\n"
    "kill 2\nkill 3\nwait 4s\n"
    "kafka-configs.sh --bootstrap-server localhost:9092 --alter "
    "--entity-type topics --entity-name b --add-config "
    "unclean.leader.election.enable=true\n"
    "wait 2s\ndescribe\n"
    "restart 2\nrestart 3\nwait 8s\ndescribe\n"
    "kafka-topics.sh --bootstrap-server localhost:9092 --delete --topic b\n"
    "kill 3\nwait 4s\nrestart 3\nwait 6s\n"
    "produce a --count 3 --acks 1 y\n"
    "describe\nevents 200\n";

/* Run the script `loops` times on a cluster whose controller keeps
 * log_tail records when compacting (0: never compacts). */
static void
compaction_run(size_t log_tail, int loops, struct strbuf *out,
    struct controller **ctrl_out, struct run *r)
{
	int	i;

	run_start(r, 3);
	sim_controller(r->sim)->log_tail = log_tail;
	for (i = 0; i < loops; i++)
		ck_assert_int_eq(run_text(r, compaction_script), 0);
	strbuf_add(out, r->cap.out.s, r->cap.out.len);
	*ctrl_out = sim_controller(r->sim);
}

START_TEST(test_compaction_same_answers)
{
	struct strbuf		 plain = STRBUF_INIT, compacted = STRBUF_INIT;
	struct controller	*c0, *c1;
	struct run		 r0, r1;
	int			 b;

	compaction_run(0, 3, &plain, &c0, &r0);
	compaction_run(4, 3, &compacted, &c1, &r1);
	/* It did compact, and keeps at most twice its tail. */
	ck_assert_int_eq(c0->log_start, 0);
	ck_assert_int_gt(c1->log_start, 100);
	ck_assert_int_le(c1->log_end - c1->log_start, 8);
	ck_assert_int_eq(c1->log_end, c0->log_end);
	/* Same answers, same events, byte for byte. */
	ck_assert_uint_gt(plain.len, 1000);
	ck_assert_uint_eq(plain.len, compacted.len);
	ck_assert(memcmp(plain.s, compacted.s, plain.len) == 0);
	/* Every broker caught up to the same image, the restarted ones
	 * from the snapshot. */
	for (b = 1; b <= 3; b++) {
		const struct image	*i0 = &sim_broker(r0.sim, b)->image;
		const struct image	*i1 = &sim_broker(r1.sim, b)->image;
		size_t			 t;

		ck_assert_int_eq(i0->offset, i1->offset);
		ck_assert_uint_eq(i0->n_topics, i1->n_topics);
		for (t = 0; t < i0->n_topics; t++)
			ck_assert(memcmp(i0->topics[t].parts,
			    i1->topics[t].parts,
			    (size_t)i0->topics[t].n_partitions *
			    sizeof *i0->topics[t].parts) == 0);
	}
	/* The snapshot plus the tail is the image. */
	{
		struct image	im;
		int64_t		o;

		image_init(&im);
		image_copy(&im, &c1->snapshot);
		for (o = c1->log_start; o < c1->log_end; o++)
			image_apply(&im, controller_log_get(c1, o));
		ck_assert_int_eq(im.offset, c1->image.offset);
		ck_assert_uint_eq(im.n_topics, c1->image.n_topics);
		ck_assert(memcmp(im.topics[0].parts, c1->image.topics[0].parts,
		    (size_t)im.topics[0].n_partitions *
		    sizeof *im.topics[0].parts) == 0);
		image_free(&im);
	}
	ck_assert_ptr_null(controller_log_get(c1, c1->log_start - 1));
	ck_assert_ptr_null(controller_log_get(c1, c1->log_end));
	ck_assert_ptr_nonnull(controller_log_get(c1, c1->log_start));
	run_end(&r0);
	run_end(&r1);
	strbuf_free(&plain);
	strbuf_free(&compacted);
}
END_TEST

START_TEST(test_event_ring_grows_to_bound)
{
	struct journal	j;
	struct event	e, out[4];
	uint64_t	i;

	journal_init(&j, 1000);
	ck_assert_uint_eq(j.cap, 0);
	memset(&e, 0, sizeof e);
	for (i = 1; i <= 100; i++) {
		e.t_ms = (int64_t)i;
		ck_assert_uint_eq(journal_add(&j, &e), i);
	}
	ck_assert_uint_eq(j.cap, 128);
	for (; i <= 5000; i++) {
		e.t_ms = (int64_t)i;
		journal_add(&j, &e);
	}
	ck_assert_uint_eq(j.cap, 1000);
	ck_assert_uint_eq(j.n, 1000);
	/* The newest 1000 are kept, in order. */
	ck_assert_uint_eq(journal_since(&j, 0, out, 4), 4);
	ck_assert_uint_eq(out[0].seq, 4001);
	ck_assert_int_eq(out[3].t_ms, 4004);
	ck_assert_uint_eq(journal_since(&j, 4998, out, 4), 2);
	ck_assert_uint_eq(out[1].seq, 5000);
	journal_free(&j);
}
END_TEST

/* The soak's loop (tests/soak-memory.sh). */
static const char soak_loop[] =
    "produce email.send --count 20 --acks all soak\n"
    "consume email.send --group soak --max 20\n"
    "kill 1\nwait 4s\nrestart 1\nwait 3s\n"
    "isolate 2\nwait 8s\nheal\nwait 6s\n"
    "produce email.send --count 5 --acks 1 after\n"
    "consume email.send --from-beginning --max 5\n"
    "describe email.send\nevents 3\n";

START_TEST(test_soak_loops_bounded)
{
	struct controller	*c;
	struct ledger_partition	*lp;
	struct run		 r;
	int			 i, p, b;

	run_start(&r, 3);
	c = sim_controller(r.sim);
	/* Retention small enough to be reached: the logs and the ledger
	 * are bounded by it. */
	ck_assert_int_eq(run_text(&r, "set isrlab.log.retention.records=200\n"
	    "kafka-topics.sh --bootstrap-server localhost:9092 --create "
	    "--topic email.send --partitions 3 --replication-factor 3\n"),
	    0);
	for (i = 0; i < 150; i++) {
		ck_assert_int_eq(run_text(&r, soak_loop), 0);
		ck_assert_int_le(c->log_end - c->log_start,
		    2 * CONTROLLER_LOG_TAIL);
		ck_assert_uint_le(c->cap_log, 2 * CONTROLLER_LOG_TAIL);
		/* Each different line once: two before, 14 in the loop. */
		ck_assert_uint_le(r.c->n_ran, 16);
		for (p = 0; p < 3; p++) {
			lp = ledger_partition(sim_ledger(r.sim), "email.send",
			    p);
			ck_assert(lp == NULL || lp->n <= 200 + 25);
			for (b = 1; b <= 3; b++) {
				const struct replica	*rep = broker_replica(
				    sim_broker(r.sim, b), "email.send", p);

				ck_assert(rep == NULL ||
				    rep->log.leo - rep->log.log_start <= 200);
			}
		}
		strbuf_reset(&r.cap.out);
		strbuf_reset(&r.cap.err);
	}
	ck_assert_int_gt(c->log_start, 0);	/* it did compact */
	/* 150 loops of 25 records: retention was reached. */
	lp = ledger_partition(sim_ledger(r.sim), "email.send", 0);
	ck_assert_uint_ge(lp->produced, 1000);
	run_end(&r);
}
END_TEST

/* isrlab.log.max.bytes: every log keeps its even share of the cap, a
 * partition's replicas drop the same records, and a new topic shrinks
 * the shares of the logs already there. */
START_TEST(test_log_max_bytes)
{
	static const char	 value[] = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
	struct run		 r;
	struct strbuf		 cmd = STRBUF_INIT;
	const struct replica	*rep;
	int64_t			 start, share, cost;
	size_t			 total;
	int			 b, p;

	run_start(&r, 3);
	strbuf_printf(&cmd, "set isrlab.log.max.bytes=1048576\n"
	    "kafka-topics.sh --bootstrap-server localhost:9092 --create "
	    "--topic big --partitions 4 --replication-factor 3\n"
	    "wait 2s\nproduce big --partition 0 --count 3000 --acks all %s\n"
	    "wait 2s\n", value);
	ck_assert_int_eq(run_text(&r, cmd.s), 0);
	/* 12 replicas: 87381 bytes each; a record costs its 100 value bytes
	 * and its struct, so as many whole records as fit are kept. */
	share = 1048576 / 12;
	start = -1;
	cost = 0;
	for (b = 1; b <= 3; b++) {
		rep = broker_replica(sim_broker(r.sim, b), "big", 0);
		ck_assert_ptr_nonnull(rep);
		cost = (int64_t)plog_record_bytes(plog_get(&rep->log,
		    rep->log.leo - 1));
		ck_assert_int_eq(cost, (int64_t)sizeof(struct record) + 100);
		ck_assert_int_eq(rep->log.max_bytes, share);
		ck_assert_uint_le(rep->log.bytes, (size_t)share);
		ck_assert_int_eq(rep->log.leo, 3000);
		ck_assert_int_eq(rep->log.leo - rep->log.log_start,
		    share / cost);
		if (start >= 0)
			ck_assert_int_eq(rep->log.log_start, start);
		start = rep->log.log_start;
	}
	/* Four more partitions: half the share each, at once. */
	ck_assert_int_eq(run_text(&r, "kafka-topics.sh --bootstrap-server "
	    "localhost:9092 --create --topic more --partitions 4 "
	    "--replication-factor 3\nwait 2s\n"), 0);
	total = 0;
	for (b = 1; b <= 3; b++)
		for (p = 0; p < 4; p++) {
			rep = broker_replica(sim_broker(r.sim, b), "big", p);
			ck_assert_int_eq(rep->log.max_bytes, 1048576 / 24);
			total += rep->log.bytes;
		}
	ck_assert_uint_le(total, 1048576 / 2);
	rep = broker_replica(sim_broker(r.sim, 1), "big", 0);
	ck_assert_int_eq(rep->log.leo - rep->log.log_start,
	    1048576 / 24 / cost);
	strbuf_free(&cmd);
	run_end(&r);
}
END_TEST

START_TEST(test_ledger_follows_log_start)
{
	struct ledger		 l;
	struct ledger_partition	*lp;

	ledger_init(&l, 0);
	ledger_ack(&l, "t", 0, 0, 10, 100, -1, 0);
	ledger_ack(&l, "t", 0, 10, 10, 110, 1, 0);
	lp = ledger_partition(&l, "t", 0);
	ck_assert_uint_eq(lp->n, 20);
	/* Retention moved the leader's log start to 15: 0..14 retire. */
	ledger_ack(&l, "t", 0, 20, 5, 120, -1, 15);
	ck_assert_uint_eq(lp->n, 10);
	ck_assert_int_eq(lp->v[0].offset, 15);
	ck_assert_uint_eq(lp->v[0].id, 115);
	ck_assert_int_eq(lp->produced, 25);
	ledger_free(&l);
}
END_TEST

Suite *
suite_memory(void)
{
	Suite	*s = suite_create("memory");
	TCase	*tc = tcase_create("compaction");

	tcase_add_test(tc, test_compaction_same_answers);
	tcase_add_test(tc, test_event_ring_grows_to_bound);
	tcase_add_test(tc, test_ledger_follows_log_start);
	tcase_add_test(tc, test_log_max_bytes);
	suite_add_tcase(s, tc);
	tc = tcase_create("bounded");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_soak_loops_bounded);
	suite_add_tcase(s, tc);
	return s;
}
