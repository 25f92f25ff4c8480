/*
 * test_model.c - unit tests for src/model, run by tests/check_model, which
 * links src/libisrmodel.a and Check alone.  The same rules end to end on
 * the simulator are in test_e2e.c.
 *
 * Every assertion states an exact value derived from Kafka 3.7's rules
 * (research/kafka-semantics.md section 1); the comments say which rule.
 * The test cases go from the bottom up:
 *  - plog: the replica log, its retention and LeaderEpochFileCache;
 *  - assign: AdminUtils.assignReplicasToBrokers, table-driven;
 *  - image: metadata replay and config precedence;
 *  - controller: driven by hand-built messages and explicit times, with
 *    no simulator, so each rule is seen in isolation.
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
#include "model/placer-striped.h"
#include "model/plog.h"
#include "model/rset.h"
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
	rec.data = record_bytes((size_t)n);
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

/* Bytes: each record "vN" (N < 10) costs its 56-byte slot and 2 bytes. */
START_TEST(test_plog_bytes)
{
	struct plog	l;
	uint64_t	i;
	size_t		one;

	plog_init(&l, 16);
	plog_put(&l, 0, 0);
	one = l.bytes;
	ck_assert_uint_eq(one, sizeof(struct record) + 2);
	plog_set_limits(&l, 16, (int64_t)(5 * one));
	for (i = 1; i < 10; i++)
		plog_put(&l, 0, i);
	/* Five fit: the oldest went as the sixth to ninth came. */
	ck_assert_int_eq(l.leo, 10);
	ck_assert_int_eq(l.log_start, 5);
	ck_assert_uint_eq(l.bytes, 5 * one);
	/* A smaller share drops at once; a truncation gives bytes back. */
	plog_set_limits(&l, 16, (int64_t)(2 * one));
	ck_assert_int_eq(l.log_start, 8);
	ck_assert_uint_eq(l.bytes, 2 * one);
	plog_truncate(&l, 9);
	ck_assert_uint_eq(l.bytes, one);
	/* Fewer bytes than one record: the log keeps only the newest. */
	plog_set_limits(&l, 16, 1);
	ck_assert_int_eq(l.log_start, 9);
	ck_assert_uint_eq(l.bytes, 0);
	plog_put(&l, 0, 9);
	ck_assert_int_eq(l.log_start, 9);
	ck_assert_int_eq(l.leo, 10);
	/* A reset keeps the limits; without a byte limit, records rule. */
	plog_reset(&l, 40);
	ck_assert_int_eq(l.max_bytes, 1);
	ck_assert_uint_eq(l.bytes, 0);
	plog_set_limits(&l, 16, -1);
	for (i = 0; i < 40; i++)
		plog_put(&l, 1, i % 10);
	ck_assert_int_eq(l.log_start, 80 - 16);
	ck_assert_uint_eq(l.bytes, 16 * one);
	plog_free(&l);
}
END_TEST

/* A full ring whose oldest records were dropped wraps around; growing it
 * keeps every record at its offset, whichever run of the wrap moves. */
START_TEST(test_plog_grow_wrapped)
{
	static const int	 dropped[] = { 24, 50 };	/* head <= or
								 * > cap/2 */
	struct plog		 l;
	uint64_t		 id;
	int64_t			 o;
	size_t			 k;

	for (k = 0; k < sizeof dropped / sizeof dropped[0]; k++) {
		plog_init(&l, 1000);
		for (id = 0; id < 64; id++)
			plog_put(&l, 0, id);
		ck_assert_uint_eq(l.cap, 64);
		plog_set_limits(&l, 64 - dropped[k], -1);
		plog_set_limits(&l, 1000, -1);
		ck_assert_uint_eq(l.head, (size_t)dropped[k]);
		for (; id < 64 + (uint64_t)dropped[k] + 10; id++)
			plog_put(&l, 0, id);
		ck_assert_uint_eq(l.cap, 128);
		ck_assert_int_eq(l.log_start, dropped[k]);
		for (o = l.log_start; o < l.leo; o++)
			ck_assert_uint_eq(plog_get(&l, o)->id, (uint64_t)o);
		plog_free(&l);
	}
}
END_TEST

/* Records that share a client's batch: each holds a reference to it, the
 * keyless ones read their value inside it, and its bytes count once, on
 * its first record.  Their homes follow the batch in its buffer (as
 * net/batch.c lays it out): the leader's log writes them, a follower's
 * log appending fetched copies shares them.  A record copied for a fetch
 * response outlives the logs' own references. */
START_TEST(test_plog_batch_shared)
{
	struct plog	 l, f;
	struct record	 rec, sent, out[3];
	char		*batch = record_bytes(200 + 3 * sizeof(struct record));
	struct record	*homes = (struct record *)(void *)(batch + 200);
	int		 i;

	memset(batch, 'b', 200);
	memset(homes, 0, 3 * sizeof *homes);
	plog_init(&l, 16);
	plog_init(&f, 16);
	for (i = 0; i < 3; i++) {
		memset(&rec, 0, sizeof rec);
		rec.key_len = PLOG_NULL_KEY;
		rec.value_len = 10;
		rec.flags = RECORD_DATA_IN_BATCH;
		rec.data = batch + 61 + 20 * i;
		rec.batch = (uint8_t *)record_bytes_ref(batch);
		rec.batch_len = i == 0 ? 200 : 0;
		rec.batch_rest = (uint32_t)(2 - i);
		rec.home = &homes[i];
		plog_append(&l, &rec);
	}
	record_bytes_unref(batch);
	ck_assert_ptr_eq(plog_get(&l, 1), &homes[1]);
	ck_assert_uint_eq(l.bytes, 3 * sizeof(struct record) + 200);
	ck_assert_ptr_eq(record_value(plog_get(&l, 2)), batch + 101);
	plog_copy_out(&l, 0, 3, out);
	for (i = 0; i < 3; i++)
		plog_append_copy(&f, &out[i]);
	ck_assert_ptr_eq(plog_get(&f, 2), plog_get(&l, 2));
	ck_assert_uint_eq(f.bytes, l.bytes);
	record_copy(&sent, plog_get(&l, 2));
	plog_set_limits(&l, 1, -1);
	ck_assert_int_eq(l.log_start, 2);
	ck_assert_uint_eq(l.bytes, sizeof(struct record));
	plog_free(&l);
	ck_assert_int_eq(record_value(plog_get(&f, 0))[0], 'b');
	plog_free(&f);
	/* The copy still reads the batch (ASan: no use after free). */
	ck_assert_int_eq(record_value(&sent)[0], 'b');
	record_release(&sent);
	ck_assert_ptr_null(sent.batch);
}
END_TEST

/* A key in a client's batch is followed by its value's length, then the
 * value: record_value steps over the varint. */
START_TEST(test_record_value_in_batch)
{
	struct record	 rec;
	/* key "k1", value of 200 bytes: its length 200 is zigzag 400, a
	 * varint of two bytes. */
	char		 bytes[2 + 2 + 200];

	memcpy(bytes, "k1", 2);
	bytes[2] = (char)(0x80 | (400 & 0x7f));
	bytes[3] = (char)(400 >> 7);
	memset(bytes + 4, 'v', 200);
	memset(&rec, 0, sizeof rec);
	rec.flags = RECORD_DATA_IN_BATCH;
	rec.data = bytes;
	rec.key_len = 2;
	rec.value_len = 200;
	ck_assert_ptr_eq(record_value(&rec), bytes + 4);
	rec.value_len = 63;			/* zigzag 126: one byte */
	ck_assert_ptr_eq(record_value(&rec), bytes + 3);
	rec.value_len = 64;			/* zigzag 128: two */
	ck_assert_ptr_eq(record_value(&rec), bytes + 4);
	rec.key_len = PLOG_NULL_KEY;
	ck_assert_ptr_eq(record_value(&rec), bytes);
}
END_TEST

/* Records of one produce share a store of their bytes: each counts its
 * own key and value, plog_copy_out takes a reference per record it
 * copies (in one go for a run sharing the store, one by one for a record
 * of its own), and the store lives until the last reference goes. */
START_TEST(test_plog_store_shared)
{
	struct plog	 l;
	struct record	 rec, sent[4];
	char		*store = record_bytes(30), *own = record_bytes(5);
	int		 i;

	memcpy(store, "k0v0k1v1k2v2", 12);
	memcpy(own, "owned", 5);
	plog_init(&l, 16);
	for (i = 0; i < 3; i++) {
		memset(&rec, 0, sizeof rec);
		rec.key_len = 2;
		rec.value_len = 2;
		rec.flags = RECORD_DATA_IN_STORE;
		rec.data = store + 4 * i;
		rec.batch = (uint8_t *)record_bytes_ref(store);
		plog_append(&l, &rec);
	}
	record_bytes_unref(store);
	memset(&rec, 0, sizeof rec);
	rec.key_len = PLOG_NULL_KEY;
	rec.value_len = 5;
	rec.data = own;
	plog_append(&l, &rec);
	ck_assert_uint_eq(l.bytes, 4 * sizeof(struct record) + 3 * 4 + 5);
	plog_copy_out(&l, 0, 4, sent);
	/* The log lets go of all of them; the copies still read theirs
	 * (ASan and valgrind: no use after free, no leak). */
	plog_free(&l);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(memcmp(record_value(&sent[i]), "v", 1), 0);
		ck_assert_int_eq(record_value(&sent[i])[1], '0' + i);
	}
	ck_assert_int_eq(memcmp(record_value(&sent[3]), "owned", 5), 0);
	for (i = 0; i < 4; i++)
		record_release(&sent[i]);
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

/* rset: 3,000 nodes over three topics, a third removed again: every one
 * left is found, none removed is, the order keeps slot == index, and the
 * heap gives the earliest due time and exactly the nodes due. */
START_TEST(test_rset_find_remove_due)
{
	enum { N = 3000 };
	static const char *const topics[] = { "a", "orders", "a.b" };
	struct rset_node *nodes = xcalloc(N, sizeof *nodes), **due = NULL;
	struct rset s;
	size_t i, cap = 0, n_due, want;
	int64_t earliest = RSET_NEVER;

	rset_init(&s);
	for (i = 0; i < N; i++) {
		nodes[i].topic = topics[i % 3];
		nodes[i].partition = (int)(i / 3);
		rset_add(&s, &nodes[i]);
		rset_schedule(&s, &nodes[i], (int64_t)((i * 7919) % N));
	}
	for (i = 0; i < N; i += 3)
		rset_remove(&s, &nodes[i]);
	ck_assert_uint_eq(s.n, N - N / 3);
	for (i = 0; i < s.n; i++)
		ck_assert_uint_eq(s.v[i]->slot, i);
	for (i = 0; i < N; i++) {
		struct rset_node *f = rset_find(&s, topics[i % 3],
		    (int)(i / 3));

		ck_assert_ptr_eq(f, i % 3 == 0 ? NULL : &nodes[i]);
		if (i % 3 != 0 && nodes[i].due_ms < earliest)
			earliest = nodes[i].due_ms;
	}
	ck_assert_int_eq(rset_next_due(&s), earliest);
	/* Reschedule some later, some never. */
	for (i = 1; i < N; i += 3) {
		rset_schedule(&s, &nodes[i], i % 2 ? RSET_NEVER :
		    nodes[i].due_ms + N);
	}
	for (i = want = 0; i < N; i++) {
		if (i % 3 != 0 && nodes[i].due_ms <= 100)
			want++;
	}
	n_due = rset_due(&s, 100, &due, &cap);
	ck_assert_uint_eq(n_due, want);
	for (i = 0; i < n_due; i++)
		ck_assert_int_le(due[i]->due_ms, 100);
	free(due);
	rset_free(&s);
	free(nodes);
}
END_TEST

START_TEST(test_assign_table)
{
	const struct assign_case	*c = &assign_cases[_i];
	int				 out[8][ISR_MAX_REPLICAS];
	int				 p, j;

	memset(out, 0, sizeof out);
	assign_replicas(c->brokers, c->racks[0] != NULL ? c->racks : NULL,
	    c->n_brokers, 0, c->n_partitions, c->rf, 0, 0, out);
	for (p = 0; p < c->n_partitions; p++) {
		for (j = 0; j < c->rf; j++)
			ck_assert_msg(out[p][j] == c->want[p][j],
			    "%s: partition %d replica %d is %d, want %d",
			    c->name, p, j, out[p][j], c->want[p][j]);
	}
}
END_TEST

/* The ZooKeeper controller draws the start index and the shift at random
 * (AdminUtils.java:146-148 at 3.7.0).  Start 1, shift 2 on brokers 1,2,3:
 * p0 starts at brokers[1] = 2, then 1 + (2+0)%2 = 1 -> 3 and
 * 1 + (2+1)%2 = 2 -> 1; p3 starts a new round with shift 3: 2, then
 * 1 + 3%2 = 2 -> 1 and 1 + 4%2 = 1 -> 3. */
START_TEST(test_assign_random_start)
{
	static const int	brokers[3] = { 1, 2, 3 };
	static const int	want[4][3] = { { 2, 3, 1 }, { 3, 1, 2 },
				    { 1, 2, 3 }, { 2, 1, 3 } };
	int			out[4][ISR_MAX_REPLICAS];
	int			p;

	assign_replicas(brokers, NULL, 3, 0, 4, 3, 1, 2, out);
	for (p = 0; p < 4; p++)
		ck_assert_mem_eq(out[p], want[p], sizeof want[p]);
}
END_TEST

/* StripedReplicaPlacer on one rack of brokers 1,2,3, all unfenced, seed 7:
 * BrokerList.initialize draws the offset o = nextInt(3), RackList the
 * rack offset nextInt(1); epoch 0 starts at o without advancing it, and
 * each later epoch advances it by one (StripedReplicaPlacer.java:153-198
 * at 3.7.0).  So partition k is ids[o+k], ids[o+k+1], ids[o+k+2]. */
START_TEST(test_striped_one_rack)
{
	static const int	brokers[3] = { 1, 2, 3 };
	static const bool	fenced[3];
	struct prng		p, q;
	int			out[3][ISR_MAX_REPLICAS], k, j, o;

	prng_seed(&p, 7);
	prng_seed(&q, 7);
	o = (int)prng_below(&q, 3);
	placer_striped_place(&p, brokers, fenced, NULL, 3, 3, 3, out);
	for (k = 0; k < 3; k++)
		for (j = 0; j < 3; j++)
			ck_assert_int_eq(out[k][j], brokers[(o + k + j) % 3]);
}
END_TEST

/* Over many seeds and shapes: rf distinct brokers per partition, the
 * first unfenced, fenced brokers only when the unfenced run out, every
 * rack once before any twice, and on one rack each run of as many
 * partitions as unfenced brokers led by each unfenced broker once. */
START_TEST(test_striped_properties)
{
	static const char *const rack_sets[3][6] = {
		{ NULL },
		{ "a", "a", "b", "b", "c", "c" },
		{ "b", "a", "b", "a", "c", "a" },
	};
	int	out[24][ISR_MAX_REPLICAS], brokers[6], seed, n, rf, nf, k, j, i;
	bool	fenced[6];

	for (seed = 0; seed < 40; seed++)
	for (n = 1; n <= 6; n++)
	for (nf = 0; nf < n; nf++)
	for (rf = 1; rf <= n; rf++) {
		const char *const *racks = rack_sets[seed % 3][0] == NULL ?
		    NULL : rack_sets[seed % 3];
		int n_racks = 0, leaders[7] = { 0 };
		struct prng p;

		for (i = 0; i < n; i++) {
			brokers[i] = i + 1;
			fenced[i] = i >= n - nf;
		}
		if (racks != NULL)
			for (i = 0; i < n; i++) {
				for (j = 0; j < i; j++)
					if (strcmp(racks[j], racks[i]) == 0)
						break;
				n_racks += j == i;
			}
		prng_seed(&p, (uint64_t)seed);
		placer_striped_place(&p, brokers, fenced, racks, n, 24, rf,
		    out);
		for (k = 0; k < 24; k++) {
			int n_fenced = 0;

			ck_assert(!fenced[out[k][0] - 1]);
			for (j = 0; j < rf; j++) {
				ck_assert_int_ge(out[k][j], 1);
				ck_assert_int_le(out[k][j], n);
				n_fenced += fenced[out[k][j] - 1];
				for (i = 0; i < j; i++)
					ck_assert_int_ne(out[k][i],
					    out[k][j]);
				/* a rack repeats only once all have one */
				for (i = 0; racks != NULL && j < n_racks &&
				    i < j; i++)
					ck_assert_str_ne(
					    racks[out[k][i] - 1],
					    racks[out[k][j] - 1]);
			}
			if (racks == NULL)
				ck_assert_int_le(n_fenced, rf > n - nf ?
				    rf - (n - nf) : 0);
			if (racks == NULL && k < n - nf)
				leaders[out[k][0]]++;
		}
		for (i = 1; racks == NULL && i <= n - nf; i++)
			ck_assert_int_eq(leaders[i], 1);
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

/* controller_new's seed under which StripedReplicaPlacer draws offset 0
 * for the first topic on three brokers, 1,2,3 / 2,3,1 / 3,1,2 (under 3.7
 * and 4.x alike), the layout these tests read; 42 draws 2,3,1 first. */
#define CTL_SEED_IN_ORDER	1

static struct controller *
ctl_new(int n_brokers)
{
	struct settings	s;

	settings_defaults(&s, false);	/* session timeout 3000 ms */
	s.auto_leader_rebalance = 0;
	s.profile = KAFKA_37;		/* these tests are 3.7's rules */
	return controller_new(&s, n_brokers, CTL_SEED_IN_ORDER);
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
	msg_free(ctl_heartbeat_at(c, b, c->log_end - 1, now));
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

/* Partition p of topic t: leader, ISR, epochs. */
static void
assert_part(const struct controller *c, const char *t, int p, int leader,
    const char *isr, int32_t leader_epoch, int32_t partition_epoch)
{
	const struct partition_reg *pr = image_partition(&c->image, t, p);

	ck_assert_ptr_nonnull(pr);
	ck_assert_int_eq(pr->leader, leader);
	tests_assert_ids(pr->isr, pr->n_isr, isr);
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
	ck_assert_int_eq(c->log_end, 1);
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
	ck_assert_int_eq(c->log_end, 2);
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
	int64_t			 log_before;
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
	log_before = c->log_end;
	controller_tick(c, 3001);
	ck_assert(c->image.brokers[1].fenced);

	/* One broker record, then one change per partition that removes
	 * broker 1 from the ISR and moves its leadership in the same
	 * record: leader epoch +1 only where the leader changed,
	 * partition epoch +1 everywhere. */
	ck_assert_int_eq(c->log_end - log_before, 4);
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
	tests_assert_ids(e->isr_from, e->n_isr_from, "1,2,3");
	tests_assert_ids(e->isr_to, e->n_isr_to, "2,3");
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
	int64_t			 log_before;

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
	tests_assert_ids(c->events.v[1].isr_to, c->events.v[1].n_isr_to, "3");

	/* Broker 1 comes back: not in the ISR, so the partition stays
	 * leaderless and no partition record is written. */
	ctl_flush(c);
	log_before = c->log_end;
	ctl_up(c, 1, 2, 8000);
	ck_assert(!c->image.brokers[1].fenced);
	ck_assert_int_eq(c->log_end - log_before, 2);	/* broker records */
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
		tests_assert_ids(pr->isr, pr->n_isr, "3");
	}
	return c;
}

START_TEST(test_controller_unclean_only_on_request)
{
	struct controller	*c = ctl_all_leaderless();
	const struct partition_reg *pr;
	char			 why[256];
	int32_t			 epochs[3];
	int			 p;

	for (p = 0; p < 3; p++)
		epochs[p] = image_partition(&c->image, "t", p)->leader_epoch;
	ck_assert_int_eq(c->unclean_elections, 0);
	/* The topic turning unclean election on elects nobody in KRaft 3.7
	 * (ConfigurationControlManager.java:498-500 at 3.7.0)... */
	ck_assert_int_eq(controller_alter_topic_config(c, 9000, "t",
	    "unclean.leader.election.enable", "true", why, sizeof why),
	    KERR_NONE);
	ck_assert_uint_eq(c->events.n, 1);
	ck_assert_int_eq(c->events.v[0].type, EV_CONFIG_CHANGE);
	ck_assert_int_eq(image_topic(&c->image, "t")->config.
	    unclean_leader_election, 1);
	for (p = 0; p < 3; p++)
		ck_assert_int_eq(image_partition(&c->image, "t", p)->leader,
		    ISR_NO_LEADER);
	/* ...an unclean election asked for does: each partition elects its
	 * first active replica in assignment order (1 for all three: 2 and
	 * 3 are fenced), with the ISR forced to it. */
	for (p = 0; p < 3; p++) {
		ck_assert_int_eq(controller_elect(c, 9000, ELECTION_UNCLEAN,
		    "t", p), KERR_NONE);
		pr = image_partition(&c->image, "t", p);
		ck_assert_int_eq(pr->leader, 1);
		tests_assert_ids(pr->isr, pr->n_isr, "1");
		ck_assert_int_eq(pr->leader_epoch, epochs[p] + 1);
		ck_assert(pr->recovering);
	}
	ck_assert_int_eq(c->unclean_elections, 3);
	ck_assert_int_eq(c->events.v[1].type, EV_LEADER_CHANGE);
	ck_assert_int_eq(c->events.v[1].clean, 0);
	ck_assert_int_eq(c->events.v[1].leader_to, 1);
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
	tests_assert_ids(pr->isr, pr->n_isr, "1");
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
	c = controller_new(&s, 3, CTL_SEED_IN_ORDER);
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
	tests_assert_ids(resp->isr, resp->n_isr, "2");
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
	ck_assert_str_eq(why, "Topic name is invalid: 'a b' contains one or "
	    "more characters other than ASCII alphanumerics, '.', '_' and "
	    "'-'");
	ck_assert_int_eq(controller_create_topic(c, 0, "", 1, 1, NULL, 0,
	    why, sizeof why), KERR_INVALID_TOPIC_EXCEPTION);
	ck_assert_str_eq(why, "Topic name is invalid: the empty string is "
	    "not allowed");
	ck_assert_int_eq(controller_create_topic(c, 0, "..", 1, 1, NULL, 0,
	    why, sizeof why), KERR_INVALID_TOPIC_EXCEPTION);
	ck_assert_str_eq(why, "Topic name is invalid: '..' is not allowed");
	memset(longname, 'x', ISR_TOPIC_MAX + 1);
	longname[ISR_TOPIC_MAX + 1] = '\0';
	ck_assert_int_eq(controller_create_topic(c, 0, longname, 1, 1, NULL,
	    0, why, sizeof why), KERR_INVALID_TOPIC_EXCEPTION);
	/* why (256 bytes) holds the start: "... the length of 'xxx..." */
	ck_assert_int_eq(strncmp(why, "Topic name is invalid: the length of "
	    "'xxx", 41), 0);
	ck_assert_int_eq(controller_create_topic(c, 0, "a.b", 1, 1, NULL, 0,
	    why, sizeof why), KERR_NONE);
	ck_assert_int_eq(controller_create_topic(c, 0, "a_b", 1, 1, NULL, 0,
	    why, sizeof why), KERR_INVALID_TOPIC_EXCEPTION);
	ck_assert_str_eq(why, "Topic 'a_b' collides with existing topic: a.b");
	ck_assert_int_eq(controller_create_topic(c, 0, "u", 0, 1, NULL, 0,
	    why, sizeof why), KERR_INVALID_PARTITIONS);
	ck_assert_int_eq(controller_create_topic(c, 0, "u", 1, 1, bad, 1,
	    why, sizeof why), KERR_INVALID_CONFIG);
	ck_assert_str_eq(why, "Unknown topic config name: no.such.config");
	/* validateOnly: the same checks, and nothing created. */
	ck_assert_int_eq(controller_validate_topic(c, "u", 1, 4, NULL, 0,
	    why, sizeof why), KERR_INVALID_REPLICATION_FACTOR);
	ck_assert_int_eq(controller_validate_topic(c, "t", 1, 1, NULL, 0,
	    why, sizeof why), KERR_TOPIC_ALREADY_EXISTS);
	ck_assert_int_eq(controller_validate_topic(c, "u", 2, 3, NULL, 0,
	    why, sizeof why), KERR_NONE);
	/* None of the failures left a trace. */
	ck_assert_uint_eq(c->image.n_topics, 2);
	controller_free(c);
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
	tcase_add_test(tc, test_plog_bytes);
	tcase_add_test(tc, test_plog_grow_wrapped);
	tcase_add_test(tc, test_plog_batch_shared);
	tcase_add_test(tc, test_record_value_in_batch);
	tcase_add_test(tc, test_plog_store_shared);
	tcase_add_test(tc, test_plog_truncate);
	tcase_add_test(tc, test_plog_epoch_cache);
	tcase_add_test(tc, test_plog_reset);
	suite_add_tcase(s, tc);

	tc = tcase_create("rset");
	tcase_add_test(tc, test_rset_find_remove_due);
	suite_add_tcase(s, tc);

	tc = tcase_create("assign");
	tcase_add_test(tc, test_assign_random_start);
	tcase_add_loop_test(tc, test_assign_table, 0,
	    (int)nitems(assign_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("placer-striped");
	tcase_add_test(tc, test_striped_one_rack);
	tcase_add_test(tc, test_striped_properties);
	suite_add_tcase(s, tc);

	tc = tcase_create("image");
	tcase_add_test(tc, test_image_apply);
	tcase_add_test(tc, test_image_config_precedence);
	suite_add_tcase(s, tc);

	tc = tcase_create("controller");
	tcase_add_test(tc, test_controller_registration);
	tcase_add_test(tc, test_controller_session_timeout);
	tcase_add_test(tc, test_controller_last_isr_member);
	tcase_add_test(tc, test_controller_unclean_only_on_request);
	tcase_add_test(tc, test_controller_unclean_election);
	tcase_add_test(tc, test_controller_preferred_election);
	tcase_add_test(tc, test_controller_auto_rebalance);
	tcase_add_test(tc, test_controller_alter_partition);
	tcase_add_test(tc, test_controller_create_topic_errors);
	suite_add_tcase(s, tc);

	return s;
}
