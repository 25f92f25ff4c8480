/*
 * test_model.c - unit tests for src/model, and end-to-end tests of the
 * model on the simulator.
 *
 * Every assertion states an exact value derived from Kafka 3.7's rules
 * (research/kafka-semantics.md section 1); the comments say which rule.
 * The test cases go from the bottom up:
 *  - plog: the replica log, its retention and LeaderEpochFileCache;
 *  - assign: AdminUtils.assignReplicasToBrokers, table-driven;
 *  - image: metadata replay and config precedence;
 *  - controller: driven by hand-built messages and explicit times, with
 *    no simulator, so each rule is seen in isolation;
 *  - e2e: the whole cluster on the simulator, only through the engine
 *    interface the console uses (admin, fault, client_run, snapshot,
 *    events), on virtual time, so timings can be asserted to the
 *    millisecond.
 */

#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/assign.h"
#include "model/broker.h"
#include "model/controller.h"
#include "model/event.h"
#include "model/group.h"
#include "model/image.h"
#include "model/msg.h"
#include "model/plog.h"
#include "model/snapshot.h"
#include "sim/sim.h"
#include "tests.h"
#include "util/xmalloc.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* --- plog ---------------------------------------------------------------- */

/* Append one record with id `id` (value "v<id>") in `epoch`. */
static void
plog_put(struct plog *l, int32_t epoch, uint64_t id)
{
	struct record	rec;
	char		buf[32];
	int		n = snprintf(buf, sizeof buf, "v%llu",
			    (unsigned long long)id);

	memset(&rec, 0, sizeof rec);
	rec.epoch = epoch;
	rec.key_len = PLOG_NULL_KEY;
	rec.value_len = (uint32_t)n;
	rec.id = id;
	rec.data = xmalloc((size_t)n);
	memcpy(rec.data, buf, (size_t)n);
	plog_append(l, &rec);
}

START_TEST(test_plog_append_get)
{
	struct plog		 l;
	const struct record	*r;
	uint64_t		 i;

	plog_init(&l, 100);
	ck_assert_int_eq(l.leo, 0);
	ck_assert_ptr_null(plog_get(&l, 0));
	ck_assert_int_eq(plog_latest_epoch(&l), EPOCH_UNDEFINED);
	for (i = 0; i < 5; i++)
		plog_put(&l, 0, 100 + i);
	ck_assert_int_eq(l.leo, 5);
	ck_assert_int_eq(l.log_start, 0);
	for (i = 0; i < 5; i++) {
		r = plog_get(&l, (int64_t)i);
		ck_assert_ptr_nonnull(r);
		ck_assert_uint_eq(r->id, 100 + i);
		ck_assert_int_eq(r->epoch, 0);
	}
	r = plog_get(&l, 3);
	ck_assert_uint_eq(r->value_len, 4);
	ck_assert_int_eq(memcmp(record_value(r), "v103", 4), 0);
	ck_assert_ptr_null(plog_get(&l, 5));
	ck_assert_ptr_null(plog_get(&l, -1));
	/* The first append of epoch 0 put it in the cache at offset 0. */
	ck_assert_uint_eq(l.n_epochs, 1);
	ck_assert_int_eq(l.epochs[0].epoch, 0);
	ck_assert_int_eq(l.epochs[0].start_offset, 0);
	plog_free(&l);
}
END_TEST

START_TEST(test_plog_retention)
{
	struct plog	l;
	uint64_t	i;
	size_t		cap;

	/* Retention 16: the ring first grows to 64 slots (its minimum)
	 * and must never grow again however much is appended. */
	plog_init(&l, 16);
	for (i = 0; i < 10; i++)
		plog_put(&l, 0, i);
	for (i = 10; i < 20; i++)
		plog_put(&l, 1, i);
	for (i = 20; i < 30; i++)
		plog_put(&l, 2, i);
	ck_assert_int_eq(l.leo, 30);
	ck_assert_int_eq(l.log_start, 14);	/* 30 - 16 */
	ck_assert_ptr_null(plog_get(&l, 13));
	ck_assert_uint_eq(plog_get(&l, 14)->id, 14);
	ck_assert_uint_eq(plog_get(&l, 29)->id, 29);
	/* Epoch 0 ended at 10 < log start: gone.  Epoch 1 (from 10) still
	 * covers the log start, so it stays with its original start. */
	ck_assert_uint_eq(l.n_epochs, 2);
	ck_assert_int_eq(l.epochs[0].epoch, 1);
	ck_assert_int_eq(l.epochs[0].start_offset, 10);
	ck_assert_int_eq(l.epochs[1].epoch, 2);
	ck_assert_int_eq(l.epochs[1].start_offset, 20);

	cap = l.cap;
	ck_assert_uint_eq(cap, 64);
	for (i = 30; i < 100000; i++)
		plog_put(&l, 2, i);
	ck_assert_uint_eq(l.cap, cap);		/* memory stays bounded */
	ck_assert_int_eq(l.leo, 100000);
	ck_assert_int_eq(l.log_start, 100000 - 16);
	ck_assert_int_eq(l.leo - l.log_start, 16);
	ck_assert_uint_eq(plog_get(&l, 99999)->id, 99999);
	ck_assert_uint_eq(l.n_epochs, 1);
	ck_assert_int_eq(l.epochs[0].epoch, 2);
	plog_free(&l);
}
END_TEST

START_TEST(test_plog_truncate)
{
	struct plog	l;
	uint64_t	i;

	plog_init(&l, 100);
	for (i = 0; i < 5; i++)
		plog_put(&l, 0, i);
	for (i = 5; i < 10; i++)
		plog_put(&l, 1, i);
	plog_truncate(&l, 7);
	ck_assert_int_eq(l.leo, 7);
	ck_assert_ptr_null(plog_get(&l, 7));
	ck_assert_uint_eq(plog_get(&l, 6)->id, 6);
	ck_assert_uint_eq(l.n_epochs, 2);
	/* Truncating to the first offset of epoch 1 drops its entry. */
	plog_truncate(&l, 5);
	ck_assert_int_eq(l.leo, 5);
	ck_assert_uint_eq(l.n_epochs, 1);
	ck_assert_int_eq(plog_latest_epoch(&l), 0);
	/* Truncating at or above the LEO drops no record, but an epoch
	 * that starts at the LEO and wrote nothing goes (Kafka's
	 * UnifiedLog.truncateTo: truncateFromEnd(logEndOffset)). */
	plog_assign_epoch(&l, 2, 5);
	ck_assert_uint_eq(l.n_epochs, 2);
	plog_truncate(&l, 9);
	ck_assert_int_eq(l.leo, 5);
	ck_assert_uint_eq(l.n_epochs, 1);
	ck_assert_int_eq(plog_latest_epoch(&l), 0);
	/* Appending again continues at the new end. */
	plog_put(&l, 3, 55);
	ck_assert_int_eq(l.leo, 6);
	ck_assert_uint_eq(plog_get(&l, 5)->id, 55);
	ck_assert_int_eq(l.epochs[1].epoch, 3);
	ck_assert_int_eq(l.epochs[1].start_offset, 5);
	plog_free(&l);

	/* Below the log start, truncation stops at the log start; the
	 * epoch entry covering it stays. */
	plog_init(&l, 16);
	for (i = 0; i < 20; i++)
		plog_put(&l, 0, i);
	ck_assert_int_eq(l.log_start, 4);
	plog_truncate(&l, 1);
	ck_assert_int_eq(l.leo, 4);
	ck_assert_int_eq(l.log_start, 4);
	ck_assert_uint_eq(l.n_epochs, 1);
	plog_free(&l);
}
END_TEST

START_TEST(test_plog_epoch_cache)
{
	struct plog	l;
	int32_t		found;
	uint64_t	i;

	plog_init(&l, 1000);
	/* Empty cache: UNDEFINED for anything. */
	ck_assert_int_eq(plog_end_offset_for_epoch(&l, 0, &found),
	    OFFSET_UNDEFINED);
	ck_assert_int_eq(found, EPOCH_UNDEFINED);

	/* Epochs 1 [0,5), 3 [5,9), 5 [9,12): epoch 0, 2 and 4 wrote
	 * nothing here. */
	plog_assign_epoch(&l, 1, 0);
	for (i = 0; i < 5; i++)
		plog_put(&l, 1, i);
	for (i = 5; i < 9; i++)
		plog_put(&l, 3, i);
	/* A new leader records its epoch at once (makeLeader)... */
	plog_assign_epoch(&l, 4, 9);
	/* ...and one that wrote nothing is replaced by the next. */
	plog_assign_epoch(&l, 5, 9);
	for (i = 9; i < 12; i++)
		plog_put(&l, 5, i);
	ck_assert_uint_eq(l.n_epochs, 3);
	ck_assert_int_eq(l.epochs[2].epoch, 5);
	ck_assert_int_eq(l.epochs[2].start_offset, 9);
	/* Older or equal epochs are never added. */
	plog_assign_epoch(&l, 5, 11);
	plog_assign_epoch(&l, 2, 11);
	ck_assert_uint_eq(l.n_epochs, 3);

	/* LeaderEpochFileCache.endOffsetFor:
	 * requested == latest: (latest, LEO). */
	ck_assert_int_eq(plog_end_offset_for_epoch(&l, 5, &found), 12);
	ck_assert_int_eq(found, 5);
	/* requested known, not latest: (it, start of the next). */
	ck_assert_int_eq(plog_end_offset_for_epoch(&l, 3, &found), 9);
	ck_assert_int_eq(found, 3);
	ck_assert_int_eq(plog_end_offset_for_epoch(&l, 1, &found), 5);
	ck_assert_int_eq(found, 1);
	/* requested between known epochs: (floor epoch, start of the
	 * higher entry). */
	ck_assert_int_eq(plog_end_offset_for_epoch(&l, 4, &found), 9);
	ck_assert_int_eq(found, 3);
	ck_assert_int_eq(plog_end_offset_for_epoch(&l, 2, &found), 5);
	ck_assert_int_eq(found, 1);
	/* requested < earliest: (requested, start of the earliest). */
	ck_assert_int_eq(plog_end_offset_for_epoch(&l, 0, &found), 0);
	ck_assert_int_eq(found, 0);
	/* requested > latest: (UNDEFINED, UNDEFINED). */
	ck_assert_int_eq(plog_end_offset_for_epoch(&l, 6, &found),
	    OFFSET_UNDEFINED);
	ck_assert_int_eq(found, EPOCH_UNDEFINED);
	/* requested UNDEFINED: (UNDEFINED, UNDEFINED). */
	ck_assert_int_eq(plog_end_offset_for_epoch(&l, EPOCH_UNDEFINED,
	    &found), OFFSET_UNDEFINED);
	ck_assert_int_eq(found, EPOCH_UNDEFINED);
	plog_free(&l);
}
END_TEST

START_TEST(test_plog_reset)
{
	struct plog	l;
	uint64_t	i;

	plog_init(&l, 50);
	for (i = 0; i < 10; i++)
		plog_put(&l, 2, i);
	/* truncateFullyAndStartAt(1000): empty, both offsets at 1000,
	 * epochs forgotten, retention kept. */
	plog_reset(&l, 1000);
	ck_assert_int_eq(l.log_start, 1000);
	ck_assert_int_eq(l.leo, 1000);
	ck_assert_uint_eq(l.n_epochs, 0);
	ck_assert_int_eq(l.retention, 50);
	ck_assert_ptr_null(plog_get(&l, 999));
	ck_assert_ptr_null(plog_get(&l, 1000));
	plog_put(&l, 4, 77);
	ck_assert_int_eq(l.leo, 1001);
	ck_assert_uint_eq(plog_get(&l, 1000)->id, 77);
	ck_assert_int_eq(l.epochs[0].epoch, 4);
	ck_assert_int_eq(l.epochs[0].start_offset, 1000);
	plog_free(&l);
}
END_TEST

/* --- assign -------------------------------------------------------------- */

struct assign_case {
	const char	*name;
	int		 brokers[ISR_MAX_BROKERS];
	const char	*racks[ISR_MAX_BROKERS]; /* NULL: rack-unaware */
	int		 n_brokers, n_partitions, rf;
	int		 want[8][ISR_MAX_REPLICAS];
};

/*
 * Rack-unaware cases follow kafka-semantics.md 1.11 (startIndex 0, shift
 * 0): replica j+1 of partition p is brokers[(first + 1 + (shift + j) %
 * (n - 1)) % n], and the shift grows by one every n partitions.
 *
 * Rack-aware cases, by hand from AdminUtils.assignReplicasToBrokersRackAware:
 * the brokers are first arranged rack-alternated (racks sorted, one broker
 * of each rack in turn, lowest id first), then the same round robin walks
 * that list with shift * numRacks, skipping a broker whose rack already
 * holds a replica while some rack holds none.
 *
 * "6 brokers, racks a,a,b,b,c,c": arranged 1,3,5,2,4,6 (racks
 *   a,b,c,a,b,c), n = 6, 3 racks.  p0: first 0 -> 1; k=0 -> idx 1 = 3 (b),
 *   k=1 -> idx 2 = 5 (c): 1,3,5.  p1: 3; idx 2 = 5, idx 3 = 2: 3,5,2.
 *   p2: 5,2,4.  p3: 2,4,6.  p4: 4,6,1.  p5: 6,1,3.  p6: shift 1, so
 *   shift*racks = 3: first 0 -> 1; k=0: 1 + (3+0)%5 = 4 -> idx 4 = 4,
 *   k=1: 1 + 4%5 = 5 -> idx 5 = 6: 1,4,6.  p7: 3; idx (1+4)%6 = 5 -> 6,
 *   idx (1+5)%6 = 0 -> 1: 3,6,1.
 * "4 brokers, racks a,a,b,c" (uneven): arranged 1,3,4,2 (racks a,b,c,a),
 *   n = 4.  p0: 1; idx 1 = 3 (b), idx 2 = 4 (c): 1,3,4.  p1: 3; 4, 2:
 *   3,4,2.  p2: 4 (c); k=0 idx 3 = 2 (a) taken; k=1 idx 0 = 1 (a) skipped,
 *   rack a already holds one while rack b holds none; k=2: 1 + 2%3 = 3 ->
 *   idx (2+3)%4 = 1 = 3 (b): 4,2,3.  p3: 2 (a); idx 0 = 1 (a) skipped;
 *   idx 1 = 3, idx 2 = 4: 2,3,4.  p4: shift 1 -> 3: 1 + 3%3 = 1 -> idx 1 =
 *   3, 1 + 4%3 = 2 -> idx 2 = 4: 1,3,4.
 * "same racks, RF 4" (every rack used): arranged 1,3,4,2; p0: 1,3,4, then
 *   k=2 -> idx 3 = 2 (a): a's rack is used but all 3 racks hold one, so
 *   it is taken: 1,3,4,2.
 * "Kafka's AdminRackAwareTest": brokers 0..5 on racks 1,3,3,2,2,1, 7
 *   partitions RF 3; Kafka's own expected assignment, copied from
 *   testGetRackAlternatedBrokerListAndAssignReplicasToBrokers.
 */
static const struct assign_case assign_cases[] = {
	{ "3 brokers, 3 partitions, RF 3", { 1, 2, 3 }, { NULL }, 3, 3, 3,
	  { { 1, 2, 3 }, { 2, 3, 1 }, { 3, 1, 2 } } },
	{ "3 brokers, 5 partitions, RF 2", { 1, 2, 3 }, { NULL }, 3, 5, 2,
	  { { 1, 2 }, { 2, 3 }, { 3, 1 }, { 1, 3 }, { 2, 1 } } },
	{ "3 brokers, 6 partitions, RF 3", { 1, 2, 3 }, { NULL }, 3, 6, 3,
	  { { 1, 2, 3 }, { 2, 3, 1 }, { 3, 1, 2 }, { 1, 3, 2 }, { 2, 1, 3 },
	    { 3, 2, 1 } } },
	{ "1 broker, 2 partitions, RF 1", { 4 }, { NULL }, 1, 2, 1,
	  { { 4 }, { 4 } } },
	{ "6 brokers, racks a,a,b,b,c,c", { 1, 2, 3, 4, 5, 6 },
	  { "a", "a", "b", "b", "c", "c" }, 6, 8, 3,
	  { { 1, 3, 5 }, { 3, 5, 2 }, { 5, 2, 4 }, { 2, 4, 6 }, { 4, 6, 1 },
	    { 6, 1, 3 }, { 1, 4, 6 }, { 3, 6, 1 } } },
	{ "4 brokers, racks a,a,b,c", { 1, 2, 3, 4 }, { "a", "a", "b", "c" },
	  4, 5, 3,
	  { { 1, 3, 4 }, { 3, 4, 2 }, { 4, 2, 3 }, { 2, 3, 4 },
	    { 1, 3, 4 } } },
	{ "4 brokers, racks a,a,b,c, RF 4", { 1, 2, 3, 4 },
	  { "a", "a", "b", "c" }, 4, 1, 4, { { 1, 3, 4, 2 } } },
	{ "Kafka's AdminRackAwareTest", { 0, 1, 2, 3, 4, 5 },
	  { "rack1", "rack3", "rack3", "rack2", "rack2", "rack1" }, 6, 7, 3,
	  { { 0, 3, 1 }, { 3, 1, 5 }, { 1, 5, 4 }, { 5, 4, 2 }, { 4, 2, 0 },
	    { 2, 0, 3 }, { 0, 4, 2 } } },
	/* One broker without a rack makes the whole placement unaware. */
	{ "racks a,b,\"\": rack-unaware", { 1, 2, 3 }, { "a", "b", "" }, 3, 3,
	  2, { { 1, 2 }, { 2, 3 }, { 3, 1 } } },
};

START_TEST(test_assign_table)
{
	const struct assign_case	*c = &assign_cases[_i];
	int				 out[8][ISR_MAX_REPLICAS];
	int				 p, j;

	memset(out, 0, sizeof out);
	assign_replicas(c->brokers, c->racks[0] != NULL ? c->racks : NULL,
	    c->n_brokers, c->n_partitions, c->rf, out);
	for (p = 0; p < c->n_partitions; p++) {
		for (j = 0; j < c->rf; j++)
			ck_assert_msg(out[p][j] == c->want[p][j],
			    "%s: partition %d replica %d is %d, want %d",
			    c->name, p, j, out[p][j], c->want[p][j]);
	}
}
END_TEST

/* --- image --------------------------------------------------------------- */

static void
mrec_topic(struct mrec *r, int64_t offset, const char *name, int n_parts)
{
	int	p;

	memset(r, 0, sizeof *r);
	r->type = MREC_TOPIC;
	r->offset = offset;
	snprintf(r->topic, sizeof r->topic, "%s", name);
	snprintf(r->topic_id, sizeof r->topic_id, "id-%s", name);
	r->tconfig.min_insync_replicas = -1;
	r->tconfig.unclean_leader_election = -1;
	r->tconfig.retention_records = -1;
	r->n_partitions = n_parts;
	r->parts = xcalloc((size_t)n_parts, sizeof *r->parts);
	for (p = 0; p < n_parts; p++) {
		r->parts[p].n_replicas = 1;
		r->parts[p].replicas[0] = p + 1;
		r->parts[p].n_isr = 1;
		r->parts[p].isr[0] = p + 1;
		r->parts[p].leader = p + 1;
	}
}

START_TEST(test_image_apply)
{
	struct image		 im, copy;
	struct mrec		 r;
	struct partition_reg	*p;
	const char		*names[] = { "b", "a", "c" };
	size_t			 i;

	image_init(&im);
	ck_assert_int_eq(im.offset, -1);
	for (i = 0; i < nitems(names); i++) {
		mrec_topic(&r, (int64_t)i, names[i], (int)i + 1);
		image_apply(&im, &r);
		mrec_free(&r);
	}
	ck_assert_int_eq(im.offset, 2);
	ck_assert_uint_eq(im.n_topics, 3);
	ck_assert_str_eq(im.topics[0].name, "a");	/* sorted by name */
	ck_assert_str_eq(im.topics[1].name, "b");
	ck_assert_str_eq(im.topics[2].name, "c");
	ck_assert_int_eq(image_topic(&im, "a")->n_partitions, 2);
	ck_assert_int_eq(image_topic(&im, "c")->n_partitions, 3);
	ck_assert_str_eq(image_topic(&im, "b")->id, "id-b");
	ck_assert_ptr_null(image_topic(&im, "d"));
	ck_assert_ptr_null(image_partition(&im, "a", 2));
	ck_assert_ptr_null(image_partition(&im, "a", -1));
	ck_assert_int_eq(image_partition(&im, "c", 2)->leader, 3);

	/* A partition record replaces the whole registration. */
	memset(&r, 0, sizeof r);
	r.type = MREC_PARTITION;
	r.offset = 3;
	snprintf(r.topic, sizeof r.topic, "c");
	r.partition = 1;
	r.preg.n_replicas = 3;
	r.preg.replicas[0] = 2;
	r.preg.replicas[1] = 3;
	r.preg.replicas[2] = 1;
	r.preg.n_isr = 2;
	r.preg.isr[0] = 3;
	r.preg.isr[1] = 1;
	r.preg.leader = 3;
	r.preg.leader_epoch = 4;
	r.preg.partition_epoch = 7;
	image_apply(&im, &r);
	p = image_partition(&im, "c", 1);
	ck_assert_int_eq(p->leader, 3);
	ck_assert_int_eq(p->leader_epoch, 4);
	ck_assert_int_eq(p->partition_epoch, 7);
	ck_assert(preg_in_isr(p, 1));
	ck_assert(!preg_in_isr(p, 2));
	ck_assert(preg_in_replicas(p, 2));
	ck_assert(!preg_in_replicas(p, 4));

	/* Broker registrations and activity. */
	memset(&r, 0, sizeof r);
	r.type = MREC_BROKER;
	r.offset = 4;
	r.broker = 2;
	r.breg.registered = true;
	r.breg.epoch = 4;
	r.breg.fenced = true;
	image_apply(&im, &r);
	ck_assert(!image_broker_active(&im, 2));	/* fenced */
	r.offset = 5;
	r.breg.fenced = false;
	image_apply(&im, &r);
	ck_assert(image_broker_active(&im, 2));
	r.offset = 6;
	r.breg.shutting_down = true;
	image_apply(&im, &r);
	ck_assert(!image_broker_active(&im, 2));	/* shutting down */
	ck_assert(!image_broker_active(&im, 3));	/* never registered */
	ck_assert(!image_broker_active(&im, 0));
	ck_assert(!image_broker_active(&im, ISR_NODES));

	/* A copy is deep: removing a topic from it leaves the original. */
	image_copy(&copy, &im);
	memset(&r, 0, sizeof r);
	r.type = MREC_REMOVE_TOPIC;
	r.offset = 7;
	snprintf(r.topic, sizeof r.topic, "b");
	image_apply(&copy, &r);
	ck_assert_uint_eq(copy.n_topics, 2);
	ck_assert_str_eq(copy.topics[0].name, "a");
	ck_assert_str_eq(copy.topics[1].name, "c");
	ck_assert_int_eq(image_partition(&copy, "c", 1)->leader_epoch, 4);
	ck_assert_uint_eq(im.n_topics, 3);
	ck_assert_int_eq(im.offset, 6);
	image_free(&copy);
	image_free(&im);
}
END_TEST

START_TEST(test_image_config_precedence)
{
	struct image		 im;
	struct mrec		 r;
	const struct topic_reg	*t;

	image_init(&im);
	mrec_topic(&r, 0, "t", 1);
	image_apply(&im, &r);
	mrec_free(&r);
	t = image_topic(&im, "t");

	/* Nothing set: the static default. */
	ck_assert_int_eq(image_min_isr(&im, t, 1), 1);
	ck_assert(!image_unclean(&im, t, false));
	ck_assert(image_unclean(&im, t, true));

	/* A broker override beats the default. */
	memset(&r, 0, sizeof r);
	r.type = MREC_BROKER_CONFIG;
	r.offset = 1;
	r.overrides.min_insync_replicas = 2;
	r.overrides.unclean_leader_election = 1;
	image_apply(&im, &r);
	ck_assert_int_eq(image_min_isr(&im, t, 1), 2);
	ck_assert(image_unclean(&im, t, false));

	/* A topic override beats both, also when it says "false". */
	memset(&r, 0, sizeof r);
	r.type = MREC_TOPIC_CONFIG;
	r.offset = 2;
	snprintf(r.topic, sizeof r.topic, "t");
	r.tconfig.min_insync_replicas = 3;
	r.tconfig.unclean_leader_election = 0;
	r.tconfig.retention_records = -1;
	image_apply(&im, &r);
	t = image_topic(&im, "t");
	ck_assert_int_eq(image_min_isr(&im, t, 1), 3);
	ck_assert(!image_unclean(&im, t, true));

	/* Without a topic, only the broker level applies. */
	ck_assert_int_eq(image_min_isr(&im, NULL, 1), 2);
	ck_assert(image_unclean(&im, NULL, false));
	image_free(&im);
}
END_TEST

/* --- controller ---------------------------------------------------------- */

static struct controller *
ctl_new(int n_brokers)
{
	struct settings	s;

	settings_defaults(&s, false);	/* session timeout 3000 ms */
	s.auto_leader_rebalance = 0;
	return controller_new(&s, n_brokers, 42);
}

/* The first queued message of type t to node `to` (the caller frees it);
 * every other queued message is dropped.  Events stay. */
static struct msg *
ctl_take(struct controller *c, enum msg_type t, int to)
{
	struct msg	**v, *found = NULL;
	size_t		  n, i;

	v = outbox_take(&c->out, &n);
	for (i = 0; i < n; i++) {
		if (found == NULL && v[i]->type == t && v[i]->to == to)
			found = v[i];
		else
			msg_free(v[i]);
	}
	free(v);
	return found;
}

static void
ctl_flush(struct controller *c)
{
	outbox_clear(&c->out);
	evq_clear(&c->events);
}

static void
ctl_register(struct controller *c, int b, int64_t incarnation, int64_t now)
{
	struct msg	*m = msg_new(MSG_REGISTER, b, NODE_CONTROLLER);

	m->incarnation = incarnation;
	controller_step(c, m, now);
}

/* A heartbeat from b with its registered epoch and the given metadata
 * offset; returns the response (the caller frees it). */
static struct msg *
ctl_heartbeat_at(struct controller *c, int b, int64_t md_offset, int64_t now)
{
	struct msg	*m = msg_new(MSG_HEARTBEAT, b, NODE_CONTROLLER);

	m->broker_epoch = c->image.brokers[b].epoch;
	m->metadata_offset = md_offset;
	controller_step(c, m, now);
	return ctl_take(c, MSG_HEARTBEAT_RESP, b);
}

/* A heartbeat from b whose metadata is fully caught up. */
static void
ctl_beat(struct controller *c, int b, int64_t now)
{
	msg_free(ctl_heartbeat_at(c, b, (int64_t)c->n_log - 1, now));
}

/* Register b and unfence it with a caught-up heartbeat. */
static void
ctl_up(struct controller *c, int b, int64_t incarnation, int64_t now)
{
	ctl_register(c, b, incarnation, now);
	ctl_beat(c, b, now);
}

static void
ctl_topic(struct controller *c, const char *name, int partitions, int rf,
    int64_t now)
{
	char	why[256];

	ck_assert_int_eq(controller_create_topic(c, now, name, partitions,
	    rf, NULL, 0, why, sizeof why), KERR_NONE);
}

static void
assert_ids(const int *ids, int n, const char *want)
{
	char	buf[64];

	ids_format(ids, n, buf, sizeof buf);
	ck_assert_str_eq(buf, want);
}

/* Partition p of topic t: leader, ISR, epochs. */
static void
assert_part(const struct controller *c, const char *t, int p, int leader,
    const char *isr, int32_t leader_epoch, int32_t partition_epoch)
{
	const struct partition_reg *pr = image_partition(&c->image, t, p);

	ck_assert_ptr_nonnull(pr);
	ck_assert_int_eq(pr->leader, leader);
	assert_ids(pr->isr, pr->n_isr, isr);
	ck_assert_int_eq(pr->leader_epoch, leader_epoch);
	ck_assert_int_eq(pr->partition_epoch, partition_epoch);
}

START_TEST(test_controller_registration)
{
	struct controller	*c = ctl_new(3);
	struct msg		*resp, *m, **v;
	size_t			 n, i;
	bool			 pushed = false, answered = false;

	ctl_register(c, 1, 1, 0);
	resp = ctl_take(c, MSG_REGISTER_RESP, 1);
	ck_assert_ptr_nonnull(resp);
	ck_assert_int_eq(resp->error, KERR_NONE);
	ck_assert_int_eq(resp->broker_epoch, 0);	/* record offset */
	msg_free(resp);
	ck_assert(c->image.brokers[1].registered);
	ck_assert(c->image.brokers[1].fenced);
	ck_assert_uint_eq(c->n_log, 1);
	ck_assert_uint_eq(c->events.n, 0);

	/* Metadata behind its registration record: stays fenced, and is
	 * sent the records it lacks. */
	m = msg_new(MSG_HEARTBEAT, 1, NODE_CONTROLLER);
	m->broker_epoch = 0;
	m->metadata_offset = -1;
	controller_step(c, m, 100);
	v = outbox_take(&c->out, &n);
	for (i = 0; i < n; i++) {
		if (v[i]->type == MSG_METADATA_PUSH && v[i]->to == 1) {
			pushed = true;
			ck_assert_int_eq(v[i]->n_recs, 1);
			ck_assert_int_eq(v[i]->recs[0].offset, 0);
			ck_assert_int_eq(v[i]->recs[0].type, MREC_BROKER);
		}
		if (v[i]->type == MSG_HEARTBEAT_RESP) {
			answered = true;
			ck_assert(v[i]->fenced);
		}
		msg_free(v[i]);
	}
	free(v);
	ck_assert(pushed && answered);
	ck_assert(c->image.brokers[1].fenced);
	ck_assert_uint_eq(c->events.n, 0);

	/* Caught up to its registration record: unfenced, as an event. */
	resp = ctl_heartbeat_at(c, 1, 0, 200);
	ck_assert(!resp->fenced);
	ck_assert_int_eq(resp->broker_epoch, 0);
	msg_free(resp);
	ck_assert(!c->image.brokers[1].fenced);
	ck_assert(image_broker_active(&c->image, 1));
	ck_assert_uint_eq(c->n_log, 2);
	ck_assert_uint_eq(c->events.n, 1);
	ck_assert_int_eq(c->events.v[0].type, EV_BROKER_UNFENCED);
	ck_assert_int_eq(c->events.v[0].broker, 1);
	ck_assert_int_eq(c->events.v[0].t_ms, 200);

	/* A heartbeat with a stale broker epoch is refused. */
	m = msg_new(MSG_HEARTBEAT, 1, NODE_CONTROLLER);
	m->broker_epoch = 99;
	controller_step(c, m, 300);
	resp = ctl_take(c, MSG_HEARTBEAT_RESP, 1);
	ck_assert_int_eq(resp->error, KERR_STALE_BROKER_EPOCH);
	msg_free(resp);

	/* A new process while the old one still has a session is refused
	 * (DUPLICATE_BROKER_REGISTRATION) until the session expires. */
	ctl_register(c, 1, 2, 1000);
	resp = ctl_take(c, MSG_REGISTER_RESP, 1);
	ck_assert_int_eq(resp->error, KERR_STALE_BROKER_EPOCH);
	msg_free(resp);
	ck_assert(!c->image.brokers[1].fenced);
	controller_free(c);
}
END_TEST

START_TEST(test_controller_session_timeout)
{
	struct controller	*c = ctl_new(3);
	size_t			 log_before;
	const struct event	*e;

	ctl_up(c, 1, 1, 0);
	ctl_up(c, 2, 1, 0);
	ctl_up(c, 3, 1, 0);
	ctl_topic(c, "t", 3, 3, 10);	/* 1,2,3 / 2,3,1 / 3,1,2 */
	assert_part(c, "t", 0, 1, "1,2,3", 0, 0);
	ctl_beat(c, 2, 2000);
	ctl_beat(c, 3, 2000);
	ctl_flush(c);

	/* Broker 1 was last heard of at 0: due at 0 + 3000 + 1. */
	controller_tick(c, 2000);
	ck_assert_int_eq(controller_next_deadline(c), 3001);
	controller_tick(c, 3000);
	ck_assert(!c->image.brokers[1].fenced);
	ck_assert_uint_eq(c->events.n, 0);
	log_before = c->n_log;
	controller_tick(c, 3001);
	ck_assert(c->image.brokers[1].fenced);

	/* One broker record, then one change per partition that removes
	 * broker 1 from the ISR and moves its leadership in the same
	 * record: leader epoch +1 only where the leader changed,
	 * partition epoch +1 everywhere. */
	ck_assert_uint_eq(c->n_log - log_before, 4);
	assert_part(c, "t", 0, 2, "2,3", 1, 1);
	assert_part(c, "t", 1, 2, "2,3", 0, 1);
	assert_part(c, "t", 2, 3, "3,2", 0, 1);

	ck_assert_uint_eq(c->events.n, 4);
	e = &c->events.v[0];
	ck_assert_int_eq(e->type, EV_BROKER_FENCED);
	ck_assert_int_eq(e->broker, 1);
	ck_assert_str_eq(e->reason, "no heartbeat for 3001ms");
	e = &c->events.v[1];
	ck_assert_int_eq(e->type, EV_LEADER_CHANGE);
	ck_assert_str_eq(e->topic, "t");
	ck_assert_int_eq(e->partition, 0);
	ck_assert_int_eq(e->leader_from, 1);
	ck_assert_int_eq(e->leader_to, 2);
	ck_assert_int_eq(e->epoch_from, 0);
	ck_assert_int_eq(e->epoch_to, 1);
	assert_ids(e->isr_from, e->n_isr_from, "1,2,3");
	assert_ids(e->isr_to, e->n_isr_to, "2,3");
	ck_assert_int_eq(e->clean, 1);
	ck_assert_str_eq(e->reason, "broker 1 fenced");
	ck_assert_int_eq(c->events.v[2].type, EV_ISR_SHRINK);
	ck_assert_int_eq(c->events.v[2].partition, 1);
	ck_assert_int_eq(c->events.v[3].type, EV_ISR_SHRINK);
	ck_assert_int_eq(c->events.v[3].partition, 2);
	ck_assert_int_eq(c->leader_elections, 1);
	controller_free(c);
}
END_TEST

START_TEST(test_controller_last_isr_member)
{
	struct controller	*c = ctl_new(3);
	size_t			 log_before;

	ctl_up(c, 1, 1, 0);
	ctl_up(c, 2, 1, 0);
	ctl_up(c, 3, 1, 0);
	ctl_topic(c, "t", 1, 3, 0);
	ctl_beat(c, 2, 2000);
	ctl_beat(c, 3, 2000);
	controller_tick(c, 3001);		/* 1 fenced */
	assert_part(c, "t", 0, 2, "2,3", 1, 1);
	ctl_beat(c, 3, 4000);
	controller_tick(c, 5001);		/* 2 fenced */
	assert_part(c, "t", 0, 3, "3", 2, 2);
	ctl_flush(c);
	controller_tick(c, 7001);		/* 3 fenced: nobody left */
	/* Leader none, leader epoch +1, and the last member stays. */
	assert_part(c, "t", 0, ISR_NO_LEADER, "3", 3, 3);
	ck_assert_int_eq(c->events.v[1].type, EV_LEADER_CHANGE);
	ck_assert_int_eq(c->events.v[1].leader_from, 3);
	ck_assert_int_eq(c->events.v[1].leader_to, ISR_NO_LEADER);
	assert_ids(c->events.v[1].isr_to, c->events.v[1].n_isr_to, "3");

	/* Broker 1 comes back: not in the ISR, so the partition stays
	 * leaderless and no partition record is written. */
	ctl_flush(c);
	log_before = c->n_log;
	ctl_up(c, 1, 2, 8000);
	ck_assert(!c->image.brokers[1].fenced);
	ck_assert_uint_eq(c->n_log - log_before, 2);	/* broker records */
	assert_part(c, "t", 0, ISR_NO_LEADER, "3", 3, 3);

	/* Broker 3, the ISR member, comes back: it leads again. */
	ctl_up(c, 3, 2, 8100);
	assert_part(c, "t", 0, 3, "3", 4, 4);
	controller_free(c);
}
END_TEST

/* Three brokers up, topic t (3 partitions) made leaderless with ISR {3}
 * by fencing 1, 2, then 3; broker 1 is back and unfenced. */
static struct controller *
ctl_all_leaderless(void)
{
	struct controller	*c = ctl_new(3);
	int			 p;

	ctl_up(c, 1, 1, 0);
	ctl_up(c, 2, 1, 0);
	ctl_up(c, 3, 1, 0);
	ctl_topic(c, "t", 3, 3, 0);
	ctl_beat(c, 2, 2000);
	ctl_beat(c, 3, 2000);
	controller_tick(c, 3001);
	ctl_beat(c, 3, 4000);
	controller_tick(c, 5001);
	controller_tick(c, 7001);
	ctl_up(c, 1, 2, 8000);
	ctl_flush(c);
	for (p = 0; p < 3; p++) {
		const struct partition_reg *pr = image_partition(&c->image,
		    "t", p);

		ck_assert_int_eq(pr->leader, ISR_NO_LEADER);
		assert_ids(pr->isr, pr->n_isr, "3");
	}
	return c;
}

START_TEST(test_controller_unclean_topic_config)
{
	struct controller	*c = ctl_all_leaderless();
	const struct partition_reg *pr;
	char			 why[256];
	int32_t			 epochs[3];
	int			 p;

	for (p = 0; p < 3; p++)
		epochs[p] = image_partition(&c->image, "t", p)->leader_epoch;
	/* The broker default (false) keeps them leaderless... */
	ck_assert_int_eq(c->unclean_elections, 0);
	/* ...until the topic turns unclean election on: each partition
	 * elects its first active replica in assignment order (1 for all
	 * three: 2 and 3 are fenced), with the ISR forced to it. */
	ck_assert_int_eq(controller_alter_topic_config(c, 9000, "t",
	    "unclean.leader.election.enable", "true", why, sizeof why),
	    KERR_NONE);
	for (p = 0; p < 3; p++) {
		pr = image_partition(&c->image, "t", p);
		ck_assert_int_eq(pr->leader, 1);
		assert_ids(pr->isr, pr->n_isr, "1");
		ck_assert_int_eq(pr->leader_epoch, epochs[p] + 1);
		ck_assert(pr->recovering);
	}
	ck_assert_int_eq(c->unclean_elections, 3);
	ck_assert_int_eq(c->events.v[0].type, EV_CONFIG_CHANGE);
	ck_assert_int_eq(c->events.v[1].type, EV_LEADER_CHANGE);
	ck_assert_int_eq(c->events.v[1].clean, 0);
	ck_assert_int_eq(c->events.v[1].leader_to, 1);
	ck_assert_int_eq(image_topic(&c->image, "t")->config.
	    unclean_leader_election, 1);
	controller_free(c);
}
END_TEST

START_TEST(test_controller_unclean_election)
{
	struct controller	*c = ctl_all_leaderless();
	const struct partition_reg *pr;

	ck_assert_int_eq(controller_elect(c, 9000, ELECTION_UNCLEAN, "t", 1),
	    KERR_NONE);
	pr = image_partition(&c->image, "t", 1);
	ck_assert_int_eq(pr->leader, 1);
	assert_ids(pr->isr, pr->n_isr, "1");
	ck_assert(pr->recovering);
	/* Only the partition asked for moved. */
	ck_assert_int_eq(image_partition(&c->image, "t", 0)->leader,
	    ISR_NO_LEADER);
	/* A partition with a leader needs no unclean election. */
	ck_assert_int_eq(controller_elect(c, 9000, ELECTION_UNCLEAN, "t", 1),
	    KERR_ELECTION_NOT_NEEDED);
	ck_assert_int_eq(controller_elect(c, 9000, ELECTION_UNCLEAN, "t", 5),
	    KERR_UNKNOWN_TOPIC_OR_PARTITION);
	controller_free(c);
}
END_TEST

/* An AlterPartition from broker `from` with the given epochs and ISR. */
static struct msg *
ctl_alter(struct controller *c, int from, int32_t leader_epoch,
    int32_t partition_epoch, const int *isr, int n_isr, int64_t now)
{
	struct msg	*m = msg_new(MSG_ALTER_PARTITION, from,
			    NODE_CONTROLLER);

	m->broker_epoch = c->image.brokers[from].epoch;
	snprintf(m->topic, sizeof m->topic, "t");
	m->partition = 0;
	m->leader_epoch = leader_epoch;
	m->partition_epoch = partition_epoch;
	memcpy(m->isr, isr, (size_t)n_isr * sizeof isr[0]);
	m->n_isr = n_isr;
	snprintf(m->reason, sizeof m->reason, "test");
	controller_step(c, m, now);
	return ctl_take(c, MSG_ALTER_PARTITION_RESP, from);
}

START_TEST(test_controller_preferred_election)
{
	struct controller	*c = ctl_new(3);
	struct msg		*resp;
	static const int	 expand[] = { 2, 3, 1 };

	ctl_up(c, 1, 1, 0);
	ctl_up(c, 2, 1, 0);
	ctl_up(c, 3, 1, 0);
	ctl_topic(c, "t", 1, 3, 0);
	/* Already on the preferred replica. */
	ck_assert_int_eq(controller_elect(c, 0, ELECTION_PREFERRED, "t", 0),
	    KERR_ELECTION_NOT_NEEDED);
	ctl_beat(c, 2, 2000);
	ctl_beat(c, 3, 2000);
	controller_tick(c, 3001);
	assert_part(c, "t", 0, 2, "2,3", 1, 1);
	/* Preferred replica fenced. */
	ck_assert_int_eq(controller_elect(c, 3001, ELECTION_PREFERRED, "t",
	    0), KERR_PREFERRED_LEADER_NOT_AVAILABLE);
	/* Back and unfenced, but not in the ISR: still not available, and
	 * it does not take leadership back by itself. */
	ctl_up(c, 1, 2, 3500);
	assert_part(c, "t", 0, 2, "2,3", 1, 1);
	ck_assert_int_eq(controller_elect(c, 3500, ELECTION_PREFERRED, "t",
	    0), KERR_PREFERRED_LEADER_NOT_AVAILABLE);
	/* The leader adds it (at the end of the ISR); now it can lead. */
	resp = ctl_alter(c, 2, 1, 1, expand, 3, 3600);
	ck_assert_int_eq(resp->error, KERR_NONE);
	msg_free(resp);
	assert_part(c, "t", 0, 2, "2,3,1", 1, 2);
	ctl_flush(c);
	ck_assert_int_eq(controller_elect(c, 3700, ELECTION_PREFERRED, "t",
	    0), KERR_NONE);
	/* The ISR order is not re-sorted. */
	assert_part(c, "t", 0, 1, "2,3,1", 2, 3);
	ck_assert_int_eq(c->events.v[0].type, EV_LEADER_CHANGE);
	ck_assert_str_eq(c->events.v[0].reason, "preferred leader election");
	controller_free(c);
}
END_TEST

/* Beat every live broker at now, then tick: sessions stay up. */
static void
ctl_tick_alive(struct controller *c, const int *live, int n, int64_t now)
{
	int	i;

	for (i = 0; i < n; i++)
		ctl_beat(c, live[i], now);
	controller_tick(c, now);
}

/* KRaft's auto leader rebalance (QuorumController and
 * ReplicationControlManager.maybeBalancePartitionLeaders, 3.7.0): the
 * first check runs one interval after a leader stops being the preferred
 * replica; a check that cannot elect (preferred replica fenced or out of
 * the ISR) checks again an interval later; any imbalanced partition is
 * elected, whatever leader.imbalance.per.broker.percentage says. */
START_TEST(test_controller_auto_rebalance)
{
	struct settings		 s;
	struct controller	*c;
	struct msg		*resp;
	static const int	 expand[] = { 2, 3, 1 }, two[] = { 2, 3 },
				 all[] = { 1, 2, 3 };

	settings_defaults(&s, false);	/* check interval 30 s */
	s.leader_imbalance_per_broker_pct = 100;	/* ZooKeeper's rule */
	c = controller_new(&s, 3, 42);
	ctl_up(c, 1, 1, 0);
	ctl_up(c, 2, 1, 0);
	ctl_up(c, 3, 1, 0);
	ctl_topic(c, "t", 1, 3, 0);
	ctl_tick_alive(c, all, 3, 2000);
	ck_assert_int_eq(c->next_rebalance_ms, -1);	/* balanced */

	/* Broker 1 fenced at 5001: leader 2, imbalance from then on. */
	ctl_tick_alive(c, two, 2, 5000);
	ctl_tick_alive(c, two, 2, 5001);
	assert_part(c, "t", 0, 2, "2,3", 1, 1);
	ck_assert_int_eq(c->next_rebalance_ms, 35001);

	/* The check finds broker 1 fenced: nothing, again at 65001. */
	ctl_flush(c);
	ctl_tick_alive(c, two, 2, 35001);
	assert_part(c, "t", 0, 2, "2,3", 1, 1);
	ck_assert_uint_eq(c->events.n, 0);
	ck_assert_int_eq(c->next_rebalance_ms, 65001);

	/* Back, unfenced, and added to the ISR by the leader. */
	ctl_up(c, 1, 2, 40000);
	resp = ctl_alter(c, 2, 1, 1, expand, 3, 40100);
	ck_assert_int_eq(resp->error, KERR_NONE);
	msg_free(resp);
	ctl_tick_alive(c, all, 3, 65000);
	assert_part(c, "t", 0, 2, "2,3,1", 1, 2);
	ctl_flush(c);
	ctl_tick_alive(c, all, 3, 65001);
	assert_part(c, "t", 0, 1, "2,3,1", 2, 3);
	ck_assert_uint_eq(c->events.n, 1);
	ck_assert_int_eq(c->events.v[0].type, EV_LEADER_CHANGE);
	ck_assert_str_eq(c->events.v[0].reason, "auto leader rebalance");
	ck_assert_int_eq(c->next_rebalance_ms, -1);
	controller_free(c);
}
END_TEST

START_TEST(test_controller_alter_partition)
{
	struct controller	*c = ctl_new(3);
	struct msg		*resp;
	static const int	 with1[] = { 2, 3, 1 }, only2[] = { 2 };
	static const int	 not_leader[] = { 3 };

	ctl_up(c, 1, 1, 0);
	ctl_up(c, 2, 1, 0);
	ctl_up(c, 3, 1, 0);
	ctl_topic(c, "t", 1, 3, 0);
	ctl_beat(c, 2, 2000);
	ctl_beat(c, 3, 2000);
	controller_tick(c, 3001);	/* leader 2, epoch 1, part. epoch 1 */
	ctl_register(c, 1, 2, 3100);	/* registered, still fenced */
	ctl_flush(c);

	/* An older leader epoch: FENCED_LEADER_EPOCH. */
	resp = ctl_alter(c, 2, 0, 1, only2, 1, 3200);
	ck_assert_int_eq(resp->error, KERR_FENCED_LEADER_EPOCH);
	msg_free(resp);
	/* A stale partition epoch: INVALID_UPDATE_VERSION. */
	resp = ctl_alter(c, 2, 1, 0, only2, 1, 3200);
	ck_assert_int_eq(resp->error, KERR_INVALID_UPDATE_VERSION);
	msg_free(resp);
	/* Not from the leader: INVALID_REQUEST. */
	resp = ctl_alter(c, 3, 1, 1, not_leader, 1, 3200);
	ck_assert_int_eq(resp->error, KERR_INVALID_REQUEST);
	msg_free(resp);
	/* Adding a fenced broker: INELIGIBLE_REPLICA. */
	resp = ctl_alter(c, 2, 1, 1, with1, 3, 3200);
	ck_assert_int_eq(resp->error, KERR_INELIGIBLE_REPLICA);
	msg_free(resp);
	assert_part(c, "t", 0, 2, "2,3", 1, 1);		/* untouched */
	ck_assert_uint_eq(c->events.n, 0);

	/* A valid shrink: partition epoch +1, leader epoch unchanged (an
	 * ISR shrink no longer bumps it, KAFKA-15021); the answer carries
	 * the committed state. */
	resp = ctl_alter(c, 2, 1, 1, only2, 1, 3300);
	ck_assert_int_eq(resp->error, KERR_NONE);
	assert_ids(resp->isr, resp->n_isr, "2");
	ck_assert_int_eq(resp->leader_epoch, 1);
	ck_assert_int_eq(resp->partition_epoch, 2);
	msg_free(resp);
	assert_part(c, "t", 0, 2, "2", 1, 2);
	controller_free(c);
}
END_TEST

START_TEST(test_controller_create_topic_errors)
{
	struct controller	*c = ctl_new(3);
	char			 why[512], longname[ISR_TOPIC_MAX + 2];
	static const struct topic_config_kv bad[] = {
		{ "no.such.config", "1" },
	};

	ctl_up(c, 1, 1, 0);
	ctl_up(c, 2, 1, 0);
	ctl_up(c, 3, 1, 0);
	ck_assert_int_eq(controller_create_topic(c, 0, "t", 1, 4, NULL, 0,
	    why, sizeof why), KERR_INVALID_REPLICATION_FACTOR);
	/* Kafka's text: ReplicationControlManager wraps the placer's. */
	ck_assert_str_eq(why, "Unable to replicate the partition 4 time(s): "
	    "The target replication factor of 4 cannot be reached because "
	    "only 3 broker(s) are registered.");
	ck_assert_uint_eq(c->image.n_topics, 0);

	ctl_topic(c, "t", 1, 3, 0);
	ck_assert_int_eq(controller_create_topic(c, 0, "t", 1, 1, NULL, 0,
	    why, sizeof why), KERR_TOPIC_ALREADY_EXISTS);
	ck_assert_str_eq(why, "Topic 't' already exists.");

	ck_assert_int_eq(controller_create_topic(c, 0, "a b", 1, 1, NULL, 0,
	    why, sizeof why), KERR_INVALID_TOPIC_EXCEPTION);
	ck_assert_str_eq(why, "Topic name \"a b\" is illegal, it contains a "
	    "character other than ASCII alphanumerics, '.', '_' and '-'");
	ck_assert_int_eq(controller_create_topic(c, 0, "", 1, 1, NULL, 0,
	    why, sizeof why), KERR_INVALID_TOPIC_EXCEPTION);
	ck_assert_str_eq(why, "Topic name is illegal, it can't be empty");
	ck_assert_int_eq(controller_create_topic(c, 0, "..", 1, 1, NULL, 0,
	    why, sizeof why), KERR_INVALID_TOPIC_EXCEPTION);
	ck_assert_str_eq(why, "Topic name cannot be \".\" or \"..\"");
	memset(longname, 'x', ISR_TOPIC_MAX + 1);
	longname[ISR_TOPIC_MAX + 1] = '\0';
	ck_assert_int_eq(controller_create_topic(c, 0, longname, 1, 1, NULL,
	    0, why, sizeof why), KERR_INVALID_TOPIC_EXCEPTION);
	ck_assert_int_eq(strncmp(why, "Topic name is illegal, it can't be "
	    "longer than 249 characters, topic name: xxx", 78), 0);
	ck_assert_uint_eq(strlen(why), 75 + ISR_TOPIC_MAX + 1);
	ck_assert_int_eq(controller_create_topic(c, 0, "u", 0, 1, NULL, 0,
	    why, sizeof why), KERR_INVALID_PARTITIONS);
	ck_assert_int_eq(controller_create_topic(c, 0, "u", 1, 1, bad, 1,
	    why, sizeof why), KERR_INVALID_CONFIG);
	ck_assert_str_eq(why, "Unknown topic config name: no.such.config");
	/* None of the failures left a trace. */
	ck_assert_uint_eq(c->image.n_topics, 1);
	controller_free(c);
}
END_TEST

/* --- end to end on the simulator ----------------------------------------- */

#define E2E_EVENTS 4096

struct e2e {
	struct sim	*sim;
	struct engine	*e;
	struct event	*ev;	/* the journal, after e2e_events */
	size_t		 n_ev;
};

/* Lab timings without auto rebalance: e2e_start's settings. */
static void
e2e_settings(struct settings *s)
{
	settings_defaults(s, false);
	s->auto_leader_rebalance = 0;
}

/* Three brokers at lab timings (heartbeat 500, session 3000, lag max
 * 6000, network delay 1 ms), no auto rebalance, and topic "t" with
 * `partitions` partitions, RF 3 and the given configs. */
static void
e2e_start(struct e2e *x, uint64_t seed, int partitions,
    const struct topic_config_kv *configs, int n_configs,
    const struct settings *override)
{
	struct settings		s;
	struct admin_req	ar;
	char			why[256];

	memset(x, 0, sizeof *x);
	e2e_settings(&s);
	if (override != NULL)
		s = *override;
	x->sim = sim_new(3, seed, &s, NULL);
	x->e = sim_engine(x->sim);
	x->ev = xcalloc(E2E_EVENTS, sizeof *x->ev);
	memset(&ar, 0, sizeof ar);
	ar.kind = ADMIN_CREATE_TOPIC;
	ar.topic = "t";
	ar.partitions = partitions;
	ar.replication_factor = 3;
	ar.configs = configs;
	ar.n_configs = n_configs;
	ck_assert_int_eq(x->e->ops->admin(x->e, &ar, why, sizeof why),
	    KERR_NONE);
	x->e->ops->advance(x->e, 1000);
}

static void
e2e_end(struct e2e *x)
{
	free(x->ev);
	sim_free(x->sim);
}

static void
e2e_fault(struct e2e *x, enum fault_kind kind, int broker, int64_t ms)
{
	struct fault	f;
	char		err[128];

	memset(&f, 0, sizeof f);
	f.kind = kind;
	f.broker = broker;
	f.ms = ms;
	ck_assert_int_eq(x->e->ops->fault(x->e, &f, err, sizeof err), 0);
}

struct e2e_prod {
	int		 partition, acks;
	const char	*value;
};

static void
e2e_prod_fn(struct client *c, int64_t now, void *arg)
{
	const struct e2e_prod	*p = arg;
	const char		*values[1] = { p->value };

	client_produce(c, now, "t", p->partition, p->acks, NULL, values, 1);
}

/* Produce one record to t/partition through a client bootstrapped at
 * `only` (0: every broker); returns its result (no records to free). */
static struct client_result
e2e_produce(struct e2e *x, int only, int partition, int acks,
    const char *value, int64_t timeout)
{
	bool			 bs[ISR_NODES] = { false };
	struct client_result	*r, out;
	struct e2e_prod		 p = { partition, acks, value };
	size_t			 n, i;
	int			 b, h;

	for (b = 1; b <= 3; b++)
		bs[b] = only == 0 || b == only;
	h = x->e->ops->client_open(x->e, bs);
	ck_assert_int_ge(h, 0);
	n = x->e->ops->client_run(x->e, h, e2e_prod_fn, &p, timeout, &r);
	ck_assert_uint_eq(n, 1);
	out = r[0];
	for (i = 0; i < n; i++)
		client_result_free(&r[i]);
	free(r);
	x->e->ops->client_close(x->e, h);
	return out;
}

/* The partition as the snapshot shows it. */
struct e2e_part {
	int		 leader, isr[ISR_MAX_REPLICAS], n_isr;
	int32_t		 leader_epoch;
	int64_t		 hw;
	int64_t		 leo[ISR_NODES], caught_up[ISR_NODES];
};

static struct e2e_part
e2e_part(struct e2e *x, int partition)
{
	struct snapshot			 s;
	const struct snap_partition	*sp;
	struct e2e_part			 p;
	int				 b;

	memset(&p, 0, sizeof p);
	x->e->ops->snapshot(x->e, &s);
	sp = snapshot_partition(&s, "t", partition);
	ck_assert_ptr_nonnull(sp);
	p.leader = sp->reg->leader;
	memcpy(p.isr, sp->reg->isr, sizeof p.isr);
	p.n_isr = sp->reg->n_isr;
	p.leader_epoch = sp->reg->leader_epoch;
	p.hw = sp->hw;
	for (b = 1; b <= 3; b++) {
		p.leo[b] = sp->replicas[b].leo;
		p.caught_up[b] = sp->replicas[b].caught_up_ms;
	}
	snapshot_free(&s);
	return p;
}

static void
e2e_events(struct e2e *x)
{
	x->n_ev = x->e->ops->events(x->e, 0, x->ev, E2E_EVENTS);
}

/* The nth (from 0) event of type t about partition p (-1: any), or NULL. */
static const struct event *
e2e_find(struct e2e *x, enum ev_type t, int p, int nth)
{
	size_t	i;

	e2e_events(x);
	for (i = 0; i < x->n_ev; i++) {
		if (x->ev[i].type == t && (p < 0 || (x->ev[i].topic[0] !=
		    '\0' && x->ev[i].partition == p)) && nth-- == 0)
			return &x->ev[i];
	}
	return NULL;
}

static int
e2e_count(struct e2e *x, enum ev_type t)
{
	size_t	i;
	int	n = 0;

	e2e_events(x);
	for (i = 0; i < x->n_ev; i++)
		n += x->ev[i].type == t;
	return n;
}

START_TEST(test_e2e_hw_min_leo)
{
	struct e2e		x;
	struct e2e_part		p;
	struct client_result	r;

	e2e_start(&x, 1, 1, NULL, 0, NULL);
	/* Replication to and from broker 3 takes 1000 ms more. */
	e2e_fault(&x, FAULT_SLOW, 3, 1000);
	r = e2e_produce(&x, 0, 0, 1, "a", 5000);
	ck_assert_int_eq(r.error, KERR_NONE);
	ck_assert_int_eq(r.base_offset, 0);
	x.e->ops->advance(x.e, 300);
	p = e2e_part(&x, 0);
	/* Broker 2 has it, broker 3 not yet: HW = min LEO over the ISR. */
	ck_assert_int_eq(p.leo[1], 1);
	ck_assert_int_eq(p.leo[2], 1);
	ck_assert_int_eq(p.leo[3], 0);
	ck_assert_int_eq(p.hw, 0);
	/* Broker 3 receives the record about 1000 ms after it was written,
	 * but the leader learns so only from its next fetch, which takes
	 * another 1000 ms: until then the HW stays. */
	x.e->ops->advance(x.e, 1000);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leo[3], 1);
	ck_assert_int_eq(p.hw, 0);
	x.e->ops->advance(x.e, 1000);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.hw, 1);
	assert_ids(p.isr, p.n_isr, "1,2,3");

	/* acks=all is answered only once the HW passed the record: one
	 * slow round trip each way. */
	{
		int64_t t0 = x.e->ops->now(x.e);

		r = e2e_produce(&x, 0, 0, -1, "b", 10000);
		ck_assert_int_eq(r.error, KERR_NONE);
		ck_assert_int_eq(r.base_offset, 1);
		ck_assert_int_ge(x.e->ops->now(x.e) - t0, 2000);
		ck_assert_int_eq(e2e_part(&x, 0).hw, 2);
	}
	e2e_end(&x);
}
END_TEST

START_TEST(test_e2e_not_enough_replicas)
{
	static const struct topic_config_kv cfg[] = {
		{ "min.insync.replicas", "3" },
	};
	struct e2e		x;
	struct client_result	r;
	struct e2e_part		p;

	e2e_start(&x, 2, 1, cfg, 1, NULL);
	r = e2e_produce(&x, 0, 0, -1, "ok", 5000);
	ck_assert_int_eq(r.error, KERR_NONE);
	ck_assert_int_eq(r.base_offset, 0);
	e2e_fault(&x, FAULT_KILL, 3, 0);
	x.e->ops->advance(x.e, 4000);		/* fenced by now */
	p = e2e_part(&x, 0);
	assert_ids(p.isr, p.n_isr, "1,2");
	/* ISR 2 < min.insync.replicas 3: rejected before the append. */
	r = e2e_produce(&x, 0, 0, -1, "no", 5000);
	ck_assert_int_eq(r.error, KERR_NOT_ENOUGH_REPLICAS);
	ck_assert_int_eq(r.base_offset, -1);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leo[1], 1);		/* nothing appended */
	ck_assert_int_eq(p.hw, 1);
	ck_assert_ptr_nonnull(e2e_find(&x, EV_PRODUCE_ERROR, 0, 0));
	ck_assert_int_eq(e2e_find(&x, EV_PRODUCE_ERROR, 0, 0)->error,
	    KERR_NOT_ENOUGH_REPLICAS);
	/* acks=1 is not subject to min ISR: appended, but (3.7,
	 * KAFKA-15583) the HW does not move while ISR < min ISR. */
	r = e2e_produce(&x, 0, 0, 1, "one", 5000);
	ck_assert_int_eq(r.error, KERR_NONE);
	ck_assert_int_eq(r.base_offset, 1);
	x.e->ops->advance(x.e, 500);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leo[1], 2);
	ck_assert_int_eq(p.leo[2], 2);
	ck_assert_int_eq(p.hw, 1);
	e2e_end(&x);
}
END_TEST

/*
 * The produce waits (acks=all, min.insync.replicas 2, RF 3) while the
 * leader is cut from both followers, so it shrinks the ISR to itself.
 * Kafka 2.x-3.6 would answer NOT_ENOUGH_REPLICAS_AFTER_APPEND here once
 * the shrink lets the HW pass the record.  Kafka 3.7 does not: with
 * KAFKA-15583, maybeIncrementLeaderHW returns early while ISR < min ISR,
 * and checkEnoughReplicasReachOffset only reports AFTER_APPEND once the
 * HW has reached the required offset; the HW can only advance while the
 * committed ISR, hence the maximal ISR, is >= min ISR, so the check
 * never fails.  The DelayedProduce therefore expires: REQUEST_TIMED_OUT,
 * with the record in the leader's log above the HW.
 */
START_TEST(test_e2e_min_isr_violated_while_waiting)
{
	static const struct topic_config_kv cfg[] = {
		{ "min.insync.replicas", "2" },
	};
	struct settings		s;
	struct fault		f;
	struct e2e		x;
	struct client_result	r;
	struct e2e_part		p;
	const struct event	*e;
	char			err[128];
	int64_t			t0;

	settings_defaults(&s, false);
	s.auto_leader_rebalance = 0;
	s.request_timeout_ms = 20000;	/* longer than the lag window */
	e2e_start(&x, 3, 1, cfg, 1, &s);
	r = e2e_produce(&x, 0, 0, -1, "a", 5000);
	ck_assert_int_eq(r.error, KERR_NONE);

	memset(&f, 0, sizeof f);
	f.kind = FAULT_PARTITION;
	f.side_a[1] = true;
	f.side_b[2] = f.side_b[3] = true;
	ck_assert_int_eq(x.e->ops->fault(x.e, &f, err, sizeof err), 0);
	t0 = x.e->ops->now(x.e);
	r = e2e_produce(&x, 1, 0, -1, "b", 60000);
	ck_assert_int_eq(r.error, KERR_REQUEST_TIMED_OUT);
	/* Answered by the broker at its own timeout (the client waits
	 * 1000 ms longer): a metadata round trip (2 ms), the produce (1 ms),
	 * 20000 ms parked, the answer (1 ms). */
	ck_assert_int_eq(x.e->ops->now(x.e) - t0, 2 + 1 + 20000 + 1);
	e = e2e_find(&x, EV_ISR_SHRINK, 0, 0);
	ck_assert_ptr_nonnull(e);
	assert_ids(e->isr_from, e->n_isr_from, "1,2,3");
	assert_ids(e->isr_to, e->n_isr_to, "1");
	ck_assert_int_lt(e->t_ms - t0, 20000);	/* shrank while waiting */
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 1);
	ck_assert_int_eq(p.leo[1], 2);	/* the record is written */
	ck_assert_int_eq(p.hw, 1);		/* but never committed */
	ck_assert_int_eq(e2e_count(&x, EV_PRODUCE_ERROR), 1);
	/* Now ISR 1 < 2: the next acks=all is refused up front. */
	r = e2e_produce(&x, 1, 0, -1, "c", 5000);
	ck_assert_int_eq(r.error, KERR_NOT_ENOUGH_REPLICAS);
	e2e_end(&x);
}
END_TEST

START_TEST(test_e2e_isr_shrink_by_lag)
{
	struct e2e		x;
	struct client_result	r;
	struct e2e_part		p;
	const struct event	*e;
	struct snapshot		s;
	int64_t			caught_up, t0;

	e2e_start(&x, 4, 1, NULL, 0, NULL);
	e2e_fault(&x, FAULT_SLOW, 3, 60000);
	t0 = x.e->ops->now(x.e);
	r = e2e_produce(&x, 0, 0, 1, "a", 5000);
	ck_assert_int_eq(r.error, KERR_NONE);
	p = e2e_part(&x, 0);
	caught_up = p.caught_up[3];
	/* Its last fetch, at the log end, came within one long poll. */
	ck_assert_int_le(caught_up, t0);
	ck_assert_int_ge(caught_up, t0 - 100 - 2);
	x.e->ops->advance(x.e, 5900);
	ck_assert_ptr_null(e2e_find(&x, EV_ISR_SHRINK, 0, 0));
	x.e->ops->advance(x.e, 4000);
	e = e2e_find(&x, EV_ISR_SHRINK, 0, 0);
	ck_assert_ptr_nonnull(e);
	/* Removed by the isr-expiration task (every 3000 ms) once not
	 * caught up for > 6000 ms, so 6000..9000 ms after it last was;
	 * + 1 ms for the AlterPartition to reach the controller. */
	ck_assert_int_gt(e->t_ms - caught_up, 6000);
	ck_assert_int_le(e->t_ms - caught_up, 9000 + 1);
	assert_ids(e->isr_from, e->n_isr_from, "1,2,3");
	assert_ids(e->isr_to, e->n_isr_to, "1,2");
	ck_assert_int_eq(strncmp(e->reason, "replica 3 not caught up for ",
	    28), 0);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 1);
	ck_assert_int_eq(p.leader_epoch, 0);	/* a shrink keeps it */
	ck_assert_int_eq(p.hw, 1);
	/* Leader-initiated: IsrShrinksPerSec ticks on broker 1. */
	x.e->ops->snapshot(x.e, &s);
	ck_assert_int_eq(s.brokers[1].metrics.isr_shrinks, 1);
	ck_assert_int_eq(s.metrics.isr_shrinks, 1);
	ck_assert(!s.brokers[3].fenced);	/* it still heartbeats */
	snapshot_free(&s);
	e2e_end(&x);
}
END_TEST

START_TEST(test_e2e_expand_restart_preferred)
{
	struct e2e		x;
	struct client_result	r;
	struct e2e_part		p;
	struct snapshot		s;
	struct admin_req	ar;
	const struct event	*e;
	char			why[256];

	e2e_start(&x, 5, 1, NULL, 0, NULL);
	r = e2e_produce(&x, 0, 0, -1, "a", 5000);
	ck_assert_int_eq(r.error, KERR_NONE);
	e2e_fault(&x, FAULT_KILL, 1, 0);
	x.e->ops->advance(x.e, 4000);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 2);
	assert_ids(p.isr, p.n_isr, "2,3");
	r = e2e_produce(&x, 0, 0, -1, "b", 5000);
	ck_assert_int_eq(r.error, KERR_NONE);
	ck_assert_int_eq(r.base_offset, 1);

	/* Restart: it catches up and is appended at the end of the ISR;
	 * the leader stays 2. */
	e2e_fault(&x, FAULT_START, 1, 0);
	x.e->ops->advance(x.e, 3000);
	p = e2e_part(&x, 0);
	assert_ids(p.isr, p.n_isr, "2,3,1");
	ck_assert_int_eq(p.leader, 2);
	ck_assert_int_eq(p.leader_epoch, 1);
	ck_assert_int_eq(p.leo[1], 2);
	e = e2e_find(&x, EV_ISR_EXPAND, 0, 0);
	ck_assert_ptr_nonnull(e);
	assert_ids(e->isr_to, e->n_isr_to, "2,3,1");
	x.e->ops->snapshot(x.e, &s);
	ck_assert_int_eq(s.brokers[2].metrics.isr_expands, 1);
	snapshot_free(&s);
	x.e->ops->advance(x.e, 60000);	/* no rebalance: disabled */
	ck_assert_int_eq(e2e_part(&x, 0).leader, 2);

	/* A preferred election moves it back; the ISR is not re-sorted. */
	memset(&ar, 0, sizeof ar);
	ar.kind = ADMIN_ELECT;
	ar.topic = "t";
	ar.partition = 0;
	ar.election = ELECTION_PREFERRED;
	ck_assert_int_eq(x.e->ops->admin(x.e, &ar, why, sizeof why),
	    KERR_NONE);
	x.e->ops->advance(x.e, 100);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 1);
	ck_assert_int_eq(p.leader_epoch, 2);
	assert_ids(p.isr, p.n_isr, "2,3,1");
	ck_assert_int_eq(x.e->ops->admin(x.e, &ar, why, sizeof why),
	    KERR_ELECTION_NOT_NEEDED);

	/* Kill the leader 1: of the ISR 2,3 the first in assignment order
	 * (1,2,3) is 2, although 3 comes first in ISR order... make the
	 * orders disagree: kill 2 first so the ISR becomes 3,1. */
	e2e_fault(&x, FAULT_KILL, 2, 0);
	x.e->ops->advance(x.e, 4000);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 1);
	assert_ids(p.isr, p.n_isr, "3,1");
	e2e_fault(&x, FAULT_KILL, 1, 0);
	x.e->ops->advance(x.e, 4000);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 3);
	assert_ids(p.isr, p.n_isr, "3");
	e2e_end(&x);
}
END_TEST

START_TEST(test_e2e_leader_crash)
{
	struct e2e		x;
	struct e2e_part		p;
	struct client_result	r;
	struct snapshot		s;
	const struct event	*e;
	int64_t			tk;
	int			part;

	e2e_start(&x, 6, 3, NULL, 0, NULL);	/* 1,2,3 / 2,3,1 / 3,1,2 */
	for (part = 0; part < 3; part++) {
		r = e2e_produce(&x, 0, part, -1, "x", 5000);
		ck_assert_int_eq(r.error, KERR_NONE);
	}
	x.e->ops->advance(x.e, 777);		/* an arbitrary phase */
	tk = x.e->ops->now(x.e);
	e2e_fault(&x, FAULT_KILL, 1, 0);
	/* Nothing changes in metadata before the session expires. */
	x.e->ops->advance(x.e, 2400);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 1);
	assert_ids(p.isr, p.n_isr, "1,2,3");
	x.e->ops->advance(x.e, 1600);

	e = e2e_find(&x, EV_BROKER_FENCED, -1, 0);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->broker, 1);
	/* Fenced broker.session.timeout.ms after its last heartbeat, which
	 * came at most one heartbeat interval before the kill (+1 ms of
	 * network, +1 for the strict "later than"). */
	ck_assert_int_gt(e->t_ms - tk, 3000 - 500);
	ck_assert_int_le(e->t_ms - tk, 3000 + 2);
	e = e2e_find(&x, EV_LEADER_CHANGE, 0, 0);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->t_ms, e2e_find(&x, EV_BROKER_FENCED, -1, 0)->t_ms);
	ck_assert_int_eq(e->leader_from, 1);
	ck_assert_int_eq(e->leader_to, 2);
	assert_ids(e->isr_to, e->n_isr_to, "2,3");
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 2);
	ck_assert_int_eq(p.leader_epoch, 1);
	p = e2e_part(&x, 1);
	ck_assert_int_eq(p.leader, 2);
	ck_assert_int_eq(p.leader_epoch, 0);
	assert_ids(p.isr, p.n_isr, "2,3");
	p = e2e_part(&x, 2);
	ck_assert_int_eq(p.leader, 3);
	assert_ids(p.isr, p.n_isr, "3,2");
	ck_assert_int_eq(e2e_count(&x, EV_LEADER_CHANGE), 1);
	ck_assert_int_eq(e2e_count(&x, EV_ISR_SHRINK), 2);
	/* Controller-driven: IsrShrinksPerSec does not tick. */
	x.e->ops->snapshot(x.e, &s);
	ck_assert_int_eq(s.metrics.isr_shrinks, 0);
	ck_assert_int_eq(s.metrics.under_replicated, 3);
	snapshot_free(&s);
	/* Clients move to the new leader. */
	r = e2e_produce(&x, 0, 0, -1, "y", 5000);
	ck_assert_int_eq(r.error, KERR_NONE);
	ck_assert_int_eq(r.leader, 2);
	ck_assert_int_eq(r.base_offset, 1);
	e2e_end(&x);
}
END_TEST

START_TEST(test_e2e_zombie_leader)
{
	struct e2e		x;
	struct client_result	r;
	struct e2e_part		p;
	const struct event	*e;
	struct snapshot		s;
	int			i;

	e2e_start(&x, 7, 1, NULL, 0, NULL);
	for (i = 0; i < 2; i++) {
		r = e2e_produce(&x, 0, 0, -1, "acked", 5000);
		ck_assert_int_eq(r.error, KERR_NONE);
		ck_assert_int_eq(r.base_offset, i);
	}
	/* Cut from brokers and controller; clients still reach it. */
	e2e_fault(&x, FAULT_ISOLATE, 1, 0);
	for (i = 0; i < 2; i++) {
		r = e2e_produce(&x, 1, 0, 1, "zombie", 5000);
		ck_assert_int_eq(r.error, KERR_NONE);
		ck_assert_int_eq(r.leader, 1);
		ck_assert_int_eq(r.base_offset, 2 + i);
	}
	x.e->ops->advance(x.e, 4000);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 2);
	ck_assert_int_eq(p.leo[1], 4);
	x.e->ops->snapshot(x.e, &s);
	ck_assert(snapshot_partition(&s, "t", 0)->leader_thinks[1]);
	ck_assert(snapshot_partition(&s, "t", 0)->leader_thinks[2]);
	snapshot_free(&s);
	r = e2e_produce(&x, 2, 0, -1, "new", 5000);
	ck_assert_int_eq(r.error, KERR_NONE);
	ck_assert_int_eq(r.base_offset, 2);
	ck_assert_ptr_null(e2e_find(&x, EV_DATA_LOSS, -1, 0));

	e2e_fault(&x, FAULT_HEAL, -1, 0);
	x.e->ops->advance(x.e, 5000);
	/* Broker 1 truncates its epoch-0 tail 2..3 (the new leader's epoch
	 * 0 ended at 2) and the two acks=1 writes are reported lost. */
	e = e2e_find(&x, EV_TRUNCATE, 0, 0);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->broker, 1);
	ck_assert_int_eq(e->off_from, 4);
	ck_assert_int_eq(e->off_to, 2);
	e = e2e_find(&x, EV_DATA_LOSS, 0, 0);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->off_from, 2);
	ck_assert_int_eq(e->off_to, 4);
	ck_assert_int_eq(strncmp(e->reason, "acks=1 ", 7), 0);
	ck_assert_ptr_null(e2e_find(&x, EV_DATA_LOSS, 0, 1));
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 2);
	ck_assert_int_eq(p.leo[1], 3);		/* refetched "new" at 2 */
	ck_assert_int_eq(p.hw, 3);
	assert_ids(p.isr, p.n_isr, "2,3,1");
	{
		const struct record *rec = plog_get(&broker_replica(
		    sim_broker(x.sim, 1), "t", 0)->log, 2);

		ck_assert_ptr_nonnull(rec);
		ck_assert_uint_eq(rec->value_len, 3);
		ck_assert_int_eq(memcmp(record_value(rec), "new", 3), 0);
		ck_assert_int_eq(rec->epoch, 1);
	}
	e2e_end(&x);
}
END_TEST

/*
 * A broker elected leader that wrote nothing keeps an epoch entry at its
 * LEO.  Returning as a follower, its last fetched epoch is that one, the
 * leader answers "diverging, truncate to your LEO", and the entry must go
 * although no record does (UnifiedLog.truncateTo at or above the LEO
 * calls truncateFromEnd(LEO)); otherwise it diverges on every fetch and
 * never rejoins the ISR.
 */
START_TEST(test_e2e_empty_epoch_rejoins)
{
	struct e2e		x;
	struct client_result	r;
	struct e2e_part		p;

	e2e_start(&x, 9, 1, NULL, 0, NULL);
	r = e2e_produce(&x, 0, 0, -1, "a", 5000);
	ck_assert_int_eq(r.error, KERR_NONE);
	e2e_fault(&x, FAULT_KILL, 1, 0);
	x.e->ops->advance(x.e, 4000);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 2);
	ck_assert_int_eq(p.leader_epoch, 1);	/* 2 leads epoch 1, empty */
	e2e_fault(&x, FAULT_KILL, 2, 0);
	x.e->ops->advance(x.e, 4000);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 3);
	ck_assert_int_eq(p.leader_epoch, 2);
	e2e_fault(&x, FAULT_START, 2, 0);
	x.e->ops->advance(x.e, 3000);
	p = e2e_part(&x, 0);
	assert_ids(p.isr, p.n_isr, "3,2");
	ck_assert_int_eq(p.leo[2], 1);
	/* No record was dropped, so no truncate event. */
	ck_assert_ptr_null(e2e_find(&x, EV_TRUNCATE, 0, 0));
	e2e_end(&x);
}
END_TEST

/* A follower that was down while the leader's retention dropped the
 * records it needs next fetches below the leader's log start, gets
 * OFFSET_OUT_OF_RANGE and restarts its log at the leader's log start:
 * without that it could never catch up and rejoin the ISR. */
START_TEST(test_e2e_follower_out_of_range_log_start)
{
	struct settings		s;
	struct snapshot		snap;
	const struct snap_partition *sp;
	struct client_result	r;
	struct e2e		x;
	struct e2e_part		p;
	int			i;

	e2e_settings(&s);
	s.log_retention_records = 5;
	e2e_start(&x, 12, 1, NULL, 0, &s);
	e2e_fault(&x, FAULT_KILL, 3, 0);
	x.e->ops->advance(x.e, 4000);
	assert_ids(e2e_part(&x, 0).isr, e2e_part(&x, 0).n_isr, "1,2");
	for (i = 0; i < 20; i++) {
		r = e2e_produce(&x, 0, 0, -1, "v", 5000);
		ck_assert_int_eq(r.error, KERR_NONE);
	}
	e2e_fault(&x, FAULT_START, 3, 0);
	x.e->ops->advance(x.e, 5000);
	p = e2e_part(&x, 0);
	assert_ids(p.isr, p.n_isr, "1,2,3");
	ck_assert_int_eq(p.leo[3], 20);
	x.e->ops->snapshot(x.e, &snap);
	sp = snapshot_partition(&snap, "t", 0);
	ck_assert_int_eq(sp->replicas[1].log_start, 15);
	ck_assert_int_eq(sp->replicas[3].log_start, 15);
	snapshot_free(&snap);
	ck_assert_ptr_null(e2e_find(&x, EV_TRUNCATE, 0, 0));
	e2e_end(&x);
}
END_TEST

/* The old leader comes back after an unclean election made a replica
 * with none of its records leader: the new leader knows no epoch up to
 * the follower's, answers OFFSET_OUT_OF_RANGE, and the follower cuts
 * its log back to the leader's end. */
START_TEST(test_e2e_follower_out_of_range_truncates)
{
	struct settings		s;
	struct client_result	r;
	struct e2e		x;
	struct e2e_part		p;
	const struct event	*e;
	int			i;

	e2e_settings(&s);
	s.unclean_leader_election = 1;
	e2e_start(&x, 13, 1, NULL, 0, &s);
	e2e_fault(&x, FAULT_KILL, 2, 0);
	e2e_fault(&x, FAULT_KILL, 3, 0);
	x.e->ops->advance(x.e, 4000);
	assert_ids(e2e_part(&x, 0).isr, e2e_part(&x, 0).n_isr, "1");
	for (i = 0; i < 3; i++) {
		r = e2e_produce(&x, 0, 0, 1, "only-on-1", 5000);
		ck_assert_int_eq(r.error, KERR_NONE);
	}
	e2e_fault(&x, FAULT_KILL, 1, 0);
	x.e->ops->advance(x.e, 4000);
	e2e_fault(&x, FAULT_START, 2, 0);
	x.e->ops->advance(x.e, 4000);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 2);
	ck_assert_int_eq(p.leo[2], 0);
	e2e_fault(&x, FAULT_START, 1, 0);
	x.e->ops->advance(x.e, 5000);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 2);
	ck_assert_int_eq(p.leo[1], 0);
	assert_ids(p.isr, p.n_isr, "2,1");
	e = e2e_find(&x, EV_TRUNCATE, 0, 0);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->broker, 1);
	e2e_end(&x);
}
END_TEST

/* Deleting a topic removes its replicas, logs and all, from the running
 * brokers at once and from a broker that was down at the time when it
 * comes back and reads the metadata. */
START_TEST(test_e2e_deleted_topic_cleanup)
{
	struct admin_req	ar;
	struct client_result	r;
	struct snapshot		snap;
	struct e2e		x;
	char			why[256];
	int			b;

	e2e_start(&x, 14, 2, NULL, 0, NULL);
	r = e2e_produce(&x, 0, 0, -1, "gone-soon", 5000);
	ck_assert_int_eq(r.error, KERR_NONE);
	for (b = 1; b <= 3; b++)
		ck_assert_ptr_nonnull(broker_replica(sim_broker(x.sim, b),
		    "t", 0));
	e2e_fault(&x, FAULT_KILL, 3, 0);
	x.e->ops->advance(x.e, 4000);
	memset(&ar, 0, sizeof ar);
	ar.kind = ADMIN_DELETE_TOPIC;
	ar.topic = "t";
	ck_assert_int_eq(x.e->ops->admin(x.e, &ar, why, sizeof why),
	    KERR_NONE);
	x.e->ops->advance(x.e, 1000);
	x.e->ops->snapshot(x.e, &snap);
	ck_assert_ptr_null(image_topic(&snap.ctrl_image, "t"));
	snapshot_free(&snap);
	for (b = 1; b <= 2; b++) {
		ck_assert_ptr_null(broker_replica(sim_broker(x.sim, b), "t",
		    0));
		ck_assert_ptr_null(broker_replica(sim_broker(x.sim, b), "t",
		    1));
	}
	/* Broker 3 still holds its logs while down ... */
	ck_assert_ptr_nonnull(broker_replica(sim_broker(x.sim, 3), "t", 0));
	e2e_fault(&x, FAULT_START, 3, 0);
	x.e->ops->advance(x.e, 3000);
	/* ... and drops them once it has the metadata. */
	ck_assert_ptr_null(broker_replica(sim_broker(x.sim, 3), "t", 0));
	ck_assert_ptr_null(broker_replica(sim_broker(x.sim, 3), "t", 1));
	/* Deleting it again is an error. */
	ck_assert_int_eq(x.e->ops->admin(x.e, &ar, why, sizeof why),
	    KERR_UNKNOWN_TOPIC_OR_PARTITION);
	e2e_end(&x);
}
END_TEST

/* Observer: fails the run if the controller ever shows t-0 leaderless. */
static bool
e2e_never_offline(struct sim *sim, void *arg)
{
	const struct partition_reg *pr = image_partition(
	    &sim_controller(sim)->image, "t", 0);
	bool *offline = arg;

	if (pr != NULL && pr->leader == ISR_NO_LEADER)
		*offline = true;
	return true;
}

START_TEST(test_e2e_controlled_shutdown)
{
	struct e2e		x;
	struct e2e_part		p;
	const struct event	*e;
	bool			offline = false;
	int64_t			t0;

	e2e_start(&x, 8, 3, NULL, 0, NULL);
	sim_set_observer(x.sim, e2e_never_offline, &offline);
	t0 = x.e->ops->now(x.e);
	e2e_fault(&x, FAULT_STOP, 1, 0);
	x.e->ops->advance(x.e, 2000);
	ck_assert(!offline);
	e = e2e_find(&x, EV_LEADER_CHANGE, 0, 0);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->leader_from, 1);
	ck_assert_int_eq(e->leader_to, 2);
	ck_assert_str_eq(e->reason, "controlled shutdown of broker 1");
	/* At once, not after a session timeout: the heartbeat with
	 * wantShutDown takes one network hop. */
	ck_assert_int_eq(e->t_ms - t0, 1);
	ck_assert_ptr_nonnull(e2e_find(&x, EV_BROKER_STOP, -1, 0));
	ck_assert_int_eq(e2e_count(&x, EV_LEADER_CHANGE), 1);
	p = e2e_part(&x, 0);
	ck_assert_int_eq(p.leader, 2);
	assert_ids(p.isr, p.n_isr, "2,3");
	p = e2e_part(&x, 2);
	ck_assert_int_eq(p.leader, 3);
	assert_ids(p.isr, p.n_isr, "3,2");
	ck_assert_int_eq(sim_broker(x.sim, 1)->state, BROKER_DOWN);
	e2e_end(&x);
}
END_TEST

/* A run with every kind of fault; its journal, formatted, into buf. */
static void
e2e_scenario(uint64_t seed, char *buf, size_t len)
{
	struct e2e	x;
	size_t		i, used = 0;
	char		line[512];

	e2e_start(&x, seed, 3, NULL, 0, NULL);
	(void)e2e_produce(&x, 0, -1, -1, "a", 5000);
	e2e_fault(&x, FAULT_ISOLATE, 1, 0);
	(void)e2e_produce(&x, 1, 0, 1, "z", 5000);
	x.e->ops->advance(x.e, 4000);
	e2e_fault(&x, FAULT_HEAL, -1, 0);
	e2e_fault(&x, FAULT_SLOW, 3, 8000);
	(void)e2e_produce(&x, 0, -1, 1, "s", 5000);
	x.e->ops->advance(x.e, 12000);
	e2e_fault(&x, FAULT_HEAL, -1, 0);
	e2e_fault(&x, FAULT_KILL, 2, 0);
	x.e->ops->advance(x.e, 5000);
	e2e_fault(&x, FAULT_START, 2, 0);
	e2e_fault(&x, FAULT_STOP, 3, 0);
	x.e->ops->advance(x.e, 5000);
	e2e_events(&x);
	buf[0] = '\0';
	for (i = 0; i < x.n_ev && used + sizeof line < len; i++) {
		event_format(&x.ev[i], line, sizeof line);
		used += (size_t)snprintf(buf + used, len - used, "%llu %s\n",
		    (unsigned long long)x.ev[i].seq, line);
	}
	ck_assert_uint_gt(x.n_ev, 15);
	e2e_end(&x);
}

START_TEST(test_e2e_determinism)
{
	size_t	 len = 1 << 20;
	char	*a = xmalloc(len), *b = xmalloc(len);

	e2e_scenario(99, a, len);
	e2e_scenario(99, b, len);
	ck_assert_str_eq(a, b);
	ck_assert(strstr(a, "leader_change") != NULL);
	ck_assert(strstr(a, "isr_shrink") != NULL);
	ck_assert(strstr(a, "data_loss") != NULL);
	free(a);
	free(b);
}
END_TEST

/* --- enum name tables ---------------------------------------------------- */

/* Logs print states and types by name (STYLE.md): every value has one,
 * no two share one, and a value out of range gets the fallback. */
static void
names_check(const char *what, const char *(*name)(int), int count,
    const char *fallback)
{
	int	i, j;

	for (i = 0; i < count; i++) {
		ck_assert_msg(name(i) != NULL && strcmp(name(i), fallback) != 0,
		    "%s %d has no name", what, i);
		for (j = 0; j < i; j++)
			ck_assert_msg(strcmp(name(i), name(j)) != 0,
			    "%s %d and %d are both %s", what, j, i, name(i));
	}
	ck_assert_str_eq(name(count), fallback);
	ck_assert_str_eq(name(-1), fallback);
}

static const char *
names_broker(int v)
{
	return broker_state_name((enum broker_state)v);
}

static const char *
names_group(int v)
{
	return group_state_name((enum group_state)v);
}

static const char *
names_msg(int v)
{
	return msg_type_name((enum msg_type)v);
}

static const char *
names_event(int v)
{
	return event_type_name((enum ev_type)v);
}

START_TEST(test_enum_names)
{
	names_check("broker state", names_broker, BROKER_STOPPING + 1, "?");
	ck_assert_str_eq(broker_state_name(BROKER_DOWN), "down");
	ck_assert_str_eq(broker_state_name(BROKER_STARTING), "starting");
	ck_assert_str_eq(broker_state_name(BROKER_RUNNING), "running");
	ck_assert_str_eq(broker_state_name(BROKER_STOPPING), "stopping");

	/* Kafka's own names, as kafka-consumer-groups.sh --state prints. */
	names_check("group state", names_group, GROUP_DEAD + 1, "Unknown");
	ck_assert_str_eq(group_state_name(GROUP_EMPTY), "Empty");
	ck_assert_str_eq(group_state_name(GROUP_PREPARING_REBALANCE),
	    "PreparingRebalance");
	ck_assert_str_eq(group_state_name(GROUP_COMPLETING_REBALANCE),
	    "CompletingRebalance");
	ck_assert_str_eq(group_state_name(GROUP_STABLE), "Stable");
	ck_assert_str_eq(group_state_name(GROUP_DEAD), "Dead");

	names_check("message type", names_msg, MSG__COUNT, "?");
	ck_assert_str_eq(msg_type_name(MSG_FETCH), "FETCH");
	ck_assert_str_eq(msg_type_name(MSG_METADATA_REQ), "METADATA");
	ck_assert_str_eq(msg_type_name(MSG_CREATE_INTERNAL_TOPIC),
	    "CREATE_INTERNAL_TOPIC");

	names_check("event type", names_event, EV__COUNT, "?");
}
END_TEST

/* --- suite --------------------------------------------------------------- */

Suite *
suite_model(void)
{
	Suite	*s = suite_create("model");
	TCase	*tc;

	tc = tcase_create("names");
	tcase_add_test(tc, test_enum_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("plog");
	tcase_add_test(tc, test_plog_append_get);
	tcase_add_test(tc, test_plog_retention);
	tcase_add_test(tc, test_plog_truncate);
	tcase_add_test(tc, test_plog_epoch_cache);
	tcase_add_test(tc, test_plog_reset);
	suite_add_tcase(s, tc);

	tc = tcase_create("assign");
	tcase_add_loop_test(tc, test_assign_table, 0,
	    (int)nitems(assign_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("image");
	tcase_add_test(tc, test_image_apply);
	tcase_add_test(tc, test_image_config_precedence);
	suite_add_tcase(s, tc);

	tc = tcase_create("controller");
	tcase_add_test(tc, test_controller_registration);
	tcase_add_test(tc, test_controller_session_timeout);
	tcase_add_test(tc, test_controller_last_isr_member);
	tcase_add_test(tc, test_controller_unclean_topic_config);
	tcase_add_test(tc, test_controller_unclean_election);
	tcase_add_test(tc, test_controller_preferred_election);
	tcase_add_test(tc, test_controller_auto_rebalance);
	tcase_add_test(tc, test_controller_alter_partition);
	tcase_add_test(tc, test_controller_create_topic_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("e2e");
	tcase_add_test(tc, test_e2e_hw_min_leo);
	tcase_add_test(tc, test_e2e_not_enough_replicas);
	tcase_add_test(tc, test_e2e_min_isr_violated_while_waiting);
	tcase_add_test(tc, test_e2e_isr_shrink_by_lag);
	tcase_add_test(tc, test_e2e_expand_restart_preferred);
	tcase_add_test(tc, test_e2e_leader_crash);
	tcase_add_test(tc, test_e2e_zombie_leader);
	tcase_add_test(tc, test_e2e_empty_epoch_rejoins);
	tcase_add_test(tc, test_e2e_follower_out_of_range_log_start);
	tcase_add_test(tc, test_e2e_follower_out_of_range_truncates);
	tcase_add_test(tc, test_e2e_deleted_topic_cleanup);
	tcase_add_test(tc, test_e2e_controlled_shutdown);
	tcase_add_test(tc, test_e2e_determinism);
	suite_add_tcase(s, tc);

	return s;
}
