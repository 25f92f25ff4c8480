/*
 * test_engine.c - what both engines share (src/engine): the timeline
 * that orders deliveries and ticks, and the fault rules and their
 * refusals.
 *
 * The timeline's order is what makes a seeded simulation repeat: items
 * leave by due time, and items due at the same millisecond in the order
 * they were pushed.  The fault refusals are the engine interface's own
 * answers to a caller that names a broker that does not exist or asks
 * for what the broker's state does not allow.
 */

#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "engine/fault.h"
#include "engine/timeline.h"
#include "model/broker.h"
#include "model/settings.h"
#include "net/codec.h"
#include "sim/sim.h"
#include "tests.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* --- timeline ------------------------------------------------------------ */

/* Pushed in this order (slot = push index); they must leave sorted by
 * due, equal dues in push order, across the heap's growth past 64. */
static const int64_t timeline_dues[] = {
	50, 10, 30, 10, 50, 0, 30, 10, 70, 0, 50, 10,
};

START_TEST(test_timeline_order)
{
	struct timeline			tl = { 0 };
	struct timeline_item		it;
	const struct timeline_item	*first;
	int64_t				last_due = -1;
	int				last_slot = -1, i, n = 0, round;

	ck_assert_ptr_null(timeline_peek(&tl));
	/* Twelve rounds of the table: 144 items, past the first growth. */
	for (round = 0; round < 12; round++)
		for (i = 0; i < (int)nitems(timeline_dues); i++)
			timeline_push(&tl, timeline_dues[i], NULL,
			    round * (int)nitems(timeline_dues) + i);
	ck_assert_uint_eq(tl.n, 144);
	ck_assert_uint_eq(tl.seq, 144);
	while ((first = timeline_peek(&tl)) != NULL) {
		int64_t due = first->due;

		it = timeline_pop(&tl);
		ck_assert_int_eq(it.due, due);
		ck_assert_ptr_null(it.m);
		ck_assert(it.due > last_due || (it.due == last_due &&
		    it.slot > last_slot));
		last_due = it.due;
		last_slot = it.slot;
		n++;
	}
	ck_assert_int_eq(n, 144);
	ck_assert_uint_eq(tl.seq, 144);	/* counts pushes, ever */
	timeline_free(&tl);
}
END_TEST

/* The timeline owns the messages it holds: free releases those still
 * queued (a leak here shows under the address sanitizer), a pop hands
 * one over to the caller. */
START_TEST(test_timeline_owns_messages)
{
	struct timeline		tl = { 0 };
	struct timeline_item	it;
	struct msg		*a = msg_new(MSG_FETCH, 1, 2);

	timeline_push(&tl, 5, a, -1);
	timeline_push(&tl, 3, msg_new(MSG_FETCH, 2, 1), -1);
	timeline_push(&tl, 4, NULL, 7);
	it = timeline_pop(&tl);
	ck_assert_int_eq(it.due, 3);
	msg_free(it.m);
	it = timeline_pop(&tl);
	ck_assert_ptr_null(it.m);
	ck_assert_int_eq(it.slot, 7);
	ck_assert_ptr_eq(timeline_peek(&tl)->m, a);
	timeline_free(&tl);
	ck_assert_uint_eq(tl.n, 0);
	ck_assert_ptr_null(timeline_peek(&tl));
}
END_TEST

/* --- faults -------------------------------------------------------------- */

static int
engine_fault(struct engine *e, enum fault_kind kind, int broker, char *err,
    size_t len)
{
	struct fault	f;

	memset(&f, 0, sizeof f);
	f.kind = kind;
	f.broker = broker;
	err[0] = '\0';
	return e->ops->fault(e, &f, err, len);
}

START_TEST(test_fault_refusals)
{
	struct settings	 s;
	struct sim	*sim;
	struct engine	*e;
	char		 err[128];

	settings_defaults(&s, false);
	sim = sim_new(3, 1, &s, NULL);
	e = sim_engine(sim);

	ck_assert_int_eq(engine_fault(e, FAULT_KILL, 4, err, sizeof err), -1);
	ck_assert_str_eq(err, "broker 4 does not exist (brokers are 1-3)");
	ck_assert_int_eq(engine_fault(e, FAULT_ISOLATE, 0, err, sizeof err),
	    -1);
	ck_assert_str_eq(err, "broker 0 does not exist (brokers are 1-3)");
	/* Healing every link names no broker. */
	ck_assert_int_eq(engine_fault(e, FAULT_HEAL, -1, err, sizeof err), 0);

	ck_assert_int_eq(engine_fault(e, FAULT_START, 1, err, sizeof err),
	    -1);
	ck_assert_str_eq(err, "broker 1 is already running");
	ck_assert_int_eq(engine_fault(e, FAULT_KILL, 2, err, sizeof err), 0);
	ck_assert_int_eq(engine_fault(e, FAULT_KILL, 2, err, sizeof err), -1);
	ck_assert_str_eq(err, "broker 2 is not running");
	ck_assert_int_eq(engine_fault(e, FAULT_STOP, 2, err, sizeof err), -1);
	ck_assert_str_eq(err, "broker 2 is not running");
	ck_assert_int_eq(engine_fault(e, FAULT_START, 2, err, sizeof err), 0);
	sim_free(sim);
}
END_TEST

/* Each half of the fault rules refuses (or ignores) the other half's
 * kinds, so an engine that routes a fault wrongly learns it at once. */
START_TEST(test_fault_kinds)
{
	struct settings	 s;
	struct broker	*b;
	struct links	 l;
	struct evq	 q = { 0 };
	struct fault	 f;
	char		 err[64];

	memset(&f, 0, sizeof f);
	f.kind = FAULT_HEAL;
	f.broker = 1;
	ck_assert(fault_is_link(&f));
	settings_defaults(&s, false);
	b = broker_new(1, NULL, &s);
	ck_assert_int_eq(fault_apply_broker(b, &f, 0, &q, err, sizeof err),
	    -1);
	ck_assert_str_eq(err, "not a broker fault");
	f.kind = FAULT_KILL;
	ck_assert(!fault_is_link(&f));
	links_init(&l);
	fault_apply_links(&l, 3, &f, 0, &q);
	ck_assert_uint_eq(q.n, 0);
	broker_free(b);
	evq_free(&q);
}
END_TEST

/* The wire codec's CRC-32C: RFC 3720's check value, and the processor's
 * crc32 (where crc32c uses it) equal to the tables at every alignment,
 * length and starting value. */
START_TEST(test_crc32c)
{
	uint8_t buf[600];
	size_t off, len;
	uint32_t x = 12345;
	int i;

	ck_assert_uint_eq(crc32c(0, "123456789", 9), 0xe3069283u);
	ck_assert_uint_eq(crc32c_portable(0, "123456789", 9), 0xe3069283u);
	for (i = 0; i < (int)sizeof buf; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (uint8_t)(x >> 16);
	}
	for (off = 0; off < 16; off++) {
		for (len = 0; len + off <= sizeof buf; len += 1 + len / 4) {
			ck_assert_uint_eq(crc32c(0, buf + off, len),
			    crc32c_portable(0, buf + off, len));
			ck_assert_uint_eq(crc32c(x, buf + off, len),
			    crc32c_portable(x, buf + off, len));
		}
	}
}
END_TEST

Suite *
suite_engine(void)
{
	Suite	*s = suite_create("engine");
	TCase	*tc;

	tc = tcase_create("timeline");
	tcase_add_test(tc, test_timeline_order);
	tcase_add_test(tc, test_timeline_owns_messages);
	suite_add_tcase(s, tc);

	tc = tcase_create("fault");
	tcase_add_test(tc, test_fault_refusals);
	tcase_add_test(tc, test_fault_kinds);
	suite_add_tcase(s, tc);

	tc = tcase_create("wire");
	tcase_add_test(tc, test_crc32c);
	suite_add_tcase(s, tc);

	return s;
}
