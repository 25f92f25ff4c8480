/*
 * test_groups.c - consumer groups: Java's String.hashCode and the
 * coordinator partition, the range and round-robin assignors, and end to
 * end on the simulator: generations move on every join and leave,
 * committed offsets survive the coordinator's crash, the exact
 * kafka-consumer-groups output, and seed 004 section 6 (three members,
 * two more, one leaves).
 *
 * Scripts run a real simulator with seed 1 and capture stdout and stderr
 * through the console's sink, so they are deterministic.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "harness.h"
#include "console/console.h"
#include "console/script.h"
#include "model/group.h"
#include "model/settings.h"
#include "sim/sim.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* --- hash and partition --------------------------------------------------- */

static const struct {
	const char	*s;
	int32_t		 hash;		/* Java's "s".hashCode() */
} hash_cases[] = {
	{ "", 0 },
	{ "a", 97 },
	{ "abc", 96354 },
	{ "order_processing_group", -215462108 },
	{ "가", 44032 },		/* U+AC00, one UTF-16 unit */
	{ "😀", 1772899 },		/* a surrogate pair: D83D DE00 */
	{ "\xff", 65533 },		/* an invalid byte is U+FFFD, as in Java */
	{ "a\xc0\xaf" "b", 67898561 },	/* overlong '/': two U+FFFD */
};

START_TEST(test_java_hash)
{
	size_t	i;

	for (i = 0; i < nitems(hash_cases); i++)
		ck_assert_msg(group_java_hash(hash_cases[i].s) ==
		    hash_cases[i].hash, "hash of \"%s\": %d, want %d",
		    hash_cases[i].s, group_java_hash(hash_cases[i].s),
		    hash_cases[i].hash);
	/* abs(-215462108) % 50 = 8, % 5 = 3. */
	ck_assert_int_eq(group_partition_for("order_processing_group", 50),
	    8);
	ck_assert_int_eq(group_partition_for("order_processing_group", 5), 3);
	ck_assert_int_eq(group_partition_for("abc", 50), 96354 % 50);
}
END_TEST

/* --- assignors ------------------------------------------------------------ */

static const struct {
	const char	*assignor;
	int		 members, partitions;
	const char	*want;		/* per member in id order, '|' apart */
} assign_cases[] = {
	{ "range", 2, 3, "0,1|2" },
	{ "range", 3, 3, "0|1|2" },
	{ "range", 3, 7, "0,1,2|3,4|5,6" },
	{ "range", 5, 3, "0|1|2||" },
	{ "range", 1, 3, "0,1,2" },
	{ "roundrobin", 2, 3, "0,2|1" },
	{ "roundrobin", 3, 7, "0,3,6|1,4|2,5" },
	{ "roundrobin", 4, 2, "0|1||" },
};

START_TEST(test_assignors)
{
	/* Ids given out of order: the assignors sort them. */
	const char	*ids[] = { "m-c", "m-a", "m-e", "m-b", "m-d" };
	const char	*sorted_pos[] = { "m-a", "m-b", "m-c", "m-d", "m-e" };
	int		*out[5], n_out[5], i, j, k;
	size_t		 c;

	for (c = 0; c < nitems(assign_cases); c++) {
		struct strbuf	 sb = STRBUF_INIT;
		const char	*sub[5];
		int		 n = assign_cases[c].members, pos = 0;

		/* The first n ids of the shuffled list, sorted rank order. */
		for (i = 0; i < n; i++) {
			sub[i] = ids[i];
			out[i] = xcalloc(16, sizeof *out[i]);
		}
		ck_assert_int_eq(group_assign(assign_cases[c].assignor, sub, n,
		    assign_cases[c].partitions, out, n_out), 0);
		for (k = 0; k < 5; k++) {
			for (i = 0; i < n; i++) {
				if (strcmp(sub[i], sorted_pos[k]) != 0)
					continue;
				if (pos++ > 0)
					strbuf_addc(&sb, '|');
				for (j = 0; j < n_out[i]; j++)
					strbuf_printf(&sb, "%s%d", j > 0 ?
					    "," : "", out[i][j]);
			}
		}
		ck_assert_msg(strcmp(strbuf_cstr(&sb), assign_cases[c].want) ==
		    0, "%s %d members %d partitions: %s, want %s",
		    assign_cases[c].assignor, n, assign_cases[c].partitions,
		    strbuf_cstr(&sb), assign_cases[c].want);
		strbuf_free(&sb);
		for (i = 0; i < n; i++)
			free(out[i]);
	}
	ck_assert_int_eq(group_assign("sticky", ids, 1, 1, out, n_out), -1);
}
END_TEST

/* --- end to end ----------------------------------------------------------- */

/* Run text, which must run without a syntax error. */
static void
run_ok(struct run *r, const char *text)
{
	ck_assert_int_eq(run_text(r, text), 0);
}

static void
run_reset(struct run *r)
{
	strbuf_reset(&r->cap.out);
	strbuf_reset(&r->cap.err);
}

/* How many lines of s contain needle. */
static int
count_lines(const char *s, const char *needle)
{
	const char	*p = s, *nl;
	int		 n = 0;
	char		*line;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		line = xstrndup(p, nl != NULL ? (size_t)(nl - p) : strlen(p));
		if (strstr(line, needle) != NULL)
			n++;
		free(line);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return n;
}

/* The coordinator of group on the simulator now. */
static int
coordinator_of(struct run *r, const char *group)
{
	struct controller		*ctl = sim_controller(r->sim);
	const struct topic_reg		*t = image_topic(&ctl->image,
	    GROUP_OFFSETS_TOPIC);

	ck_assert_ptr_nonnull(t);
	return t->parts[group_partition_for(group, t->n_partitions)].leader;
}

#define SETUP \
	"kafka-topics.sh --bootstrap-server localhost:9092 --create " \
	"--topic orders --partitions 3 --replication-factor 3\n" \
	"produce orders --partition 1 --count 30\n"

START_TEST(test_describe_golden)
{
	struct run	r;

	run_start(&r, 3);
	run_ok(&r, SETUP);
	run_reset(&r);
	/* Unknown group: Dead.  Also creates __consumer_offsets. */
	run_ok(&r, "kafka-consumer-groups.sh --bootstrap-server "
	    "localhost:9092 --describe --group nobody\n");
	ck_assert_str_eq(strbuf_cstr(&r.cap.out),
	    "\nError: Consumer group 'nobody' does not exist.\n");
	ck_assert_str_eq(strbuf_cstr(&r.cap.err), "");
	run_reset(&r);
	run_ok(&r, "consume orders --group order_processing_group "
	    "--from-beginning --max 7\n"
	    "kafka-consumer-groups.sh --bootstrap-server localhost:9092 "
	    "--describe --group order_processing_group\n"
	    "kafka-consumer-groups.sh --bootstrap-server localhost:9092 "
	    "--list\n");
	ck_assert_str_eq(strbuf_cstr(&r.cap.out),
	    "message-1\nmessage-2\nmessage-3\nmessage-4\nmessage-5\n"
	    "message-6\nmessage-7\n"
	    "\n"
	    "GROUP                  TOPIC           PARTITION  CURRENT-OFFSET  "
	    "LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            "
	    "CLIENT-ID\n"
	    "order_processing_group orders          0          0               "
	    "0               0               -               -               -\n"
	    "order_processing_group orders          1          7               "
	    "30              23              -               -               -\n"
	    "order_processing_group orders          2          0               "
	    "0               0               -               -               -\n"
	    "order_processing_group\n");
	ck_assert_str_eq(strbuf_cstr(&r.cap.err),
	    "Processed a total of 7 messages\n"
	    "\nConsumer group 'order_processing_group' has no active "
	    "members.\n");
	/* kafka-topics --list shows the internal topic, as Kafka's does. */
	run_reset(&r);
	run_ok(&r, "kafka-topics.sh --bootstrap-server localhost:9092 "
	    "--list\n");
	ck_assert_str_eq(strbuf_cstr(&r.cap.out),
	    "__consumer_offsets\norders\n");
	run_end(&r);
}
END_TEST

START_TEST(test_generations)
{
	struct run	 r;
	const char	*out;

	run_start(&r, 3);
	run_ok(&r, SETUP);
	run_reset(&r);
	run_ok(&r, "group add-member g orders\n");
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.out),
	    "joined group g (generation 1, "));
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.out),
	    "orders-0, orders-1, orders-2\n"));
	run_reset(&r);
	run_ok(&r, "group add-member g orders\n");
	/* Range: the second member (ids sort by client id) gets [2]. */
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.out),
	    "consumer-g-2-"));
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.out),
	    "joined group g (generation 2, "));
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.out),
	    "): orders-2\n"));
	run_reset(&r);
	run_ok(&r, "group remove-member g\n"
	    "wait 2s\n"
	    "events 100\n");
	out = strbuf_cstr(&r.cap.out);
	ck_assert_ptr_nonnull(strstr(out, " left group g\n"));
	ck_assert_ptr_nonnull(strstr(out, "(group g: generation 3 Stable "
	    "(1 member(s), range))"));
	ck_assert_ptr_nonnull(strstr(out, "of group g generation 3: "
	    "partitions [0,1,2])"));
	/* A killed member is noticed after session.timeout.ms. */
	run_reset(&r);
	run_ok(&r, "group remove-member g --kill\n"
	    "wait 1s\n"
	    "kafka-consumer-groups.sh --bootstrap-server localhost:9092 "
	    "--describe --group g\n");
	/* "was killed" and three rows: still a member for now. */
	ck_assert_int_eq(count_lines(strbuf_cstr(&r.cap.out),
	    "consumer-g-1-"), 4);
	run_reset(&r);
	run_ok(&r, "wait 3s\n"
	    "kafka-consumer-groups.sh --bootstrap-server localhost:9092 "
	    "--describe --group g\n"
	    "events 3\n");
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.err),
	    "Consumer group 'g' has no active members."));
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.out),
	    "expired: no heartbeat for 3000 ms"));
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.out),
	    "generation 4 with no members: Empty"));
	run_end(&r);
}
END_TEST

START_TEST(test_offsets_survive_failover)
{
	struct run	 r;
	const char	*out;
	char		*kill;
	int		 coord, other;

	run_start(&r, 3);
	run_ok(&r, SETUP
	    "consume orders --group order_processing_group --from-beginning "
	    "--max 7\n"
	    "group add-member order_processing_group orders\n");
	coord = coordinator_of(&r, "order_processing_group");
	ck_assert_int_ge(coord, 1);
	other = coord == 1 ? 2 : 1;
	kill = xasprintf("kill %d\nwait 5s\n"
	    "kafka-consumer-groups.sh --bootstrap-server localhost:%d "
	    "--describe --group order_processing_group\nevents 30\n", coord,
	    other == 1 ? 9092 : 19092);
	run_reset(&r);
	run_ok(&r, kill);
	free(kill);
	/* A new coordinator, which loaded the offsets and the member. */
	ck_assert_int_ne(coordinator_of(&r, "order_processing_group"),
	    coord);
	out = strbuf_cstr(&r.cap.out);
	ck_assert_ptr_nonnull(strstr(out, "is the group coordinator: loaded "
	    "1 group(s)"));
	ck_assert_ptr_nonnull(strstr(out, "order_processing_group orders  "
	    "        1          7               30              23        "
	    "      consumer-order_processing_group-2-"));
	/* The member kept its generation: no rebalance after failover. */
	ck_assert_ptr_null(strstr(out, "generation 4"));
	ck_assert_str_eq(strbuf_cstr(&r.cap.err), "");
	/* A consumer of the group goes on from the committed offset. */
	run_reset(&r);
	run_ok(&r, "group remove-member order_processing_group\n"
	    "consume orders --group order_processing_group --max 2\n");
	ck_assert_str_eq(strbuf_cstr(&r.cap.out),
	    "consumer-order_processing_group-2-d1814151-dbae-4696-a40b-"
	    "44e00b0bcfc8 left group order_processing_group\n"
	    "message-8\nmessage-9\n");
	run_end(&r);
}
END_TEST

/* Seed 004 section 6: orders 3 partitions RF 3, group
 * order_processing_group with three members, two more join, one leaves. */
START_TEST(test_seed004_rebalance)
{
	struct run	 r;
	const char	*out;
	static const char describe[] = "kafka-consumer-groups --bootstrap-server "
	    "kafka1:29092 --describe --group order_processing_group\n";

	run_start(&r, 3);
	run_ok(&r, SETUP
	    "consume orders --group order_processing_group --from-beginning "
	    "--max 10\n"
	    "group add-member order_processing_group orders\n"
	    "group add-member order_processing_group orders\n"
	    "group add-member order_processing_group orders\n");
	run_reset(&r);
	run_ok(&r, describe);
	out = strbuf_cstr(&r.cap.out);
	/* One partition each, lag shown on partition 1. */
	ck_assert_int_eq(count_lines(out, "/127.0.0.1"), 3);
	ck_assert_int_eq(count_lines(out, "consumer-order_processing_group-2-"),
	    1);
	ck_assert_int_eq(count_lines(out, "consumer-order_processing_group-3-"),
	    1);
	ck_assert_int_eq(count_lines(out, "consumer-order_processing_group-4-"),
	    1);
	ck_assert_ptr_nonnull(strstr(out, "orders          1          10    "
	    "          30              20              "
	    "consumer-order_processing_group-3-"));
	ck_assert_str_eq(strbuf_cstr(&r.cap.err), "");

	/* Two more: five members, three partitions, two idle (not shown). */
	run_reset(&r);
	run_ok(&r, "group add-member order_processing_group orders\n"
	    "group add-member order_processing_group orders\n");
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.out),
	    "(generation 6, coordinator "));
	ck_assert_int_eq(count_lines(strbuf_cstr(&r.cap.out),
	    "no partitions"), 2);
	run_reset(&r);
	run_ok(&r, describe);
	ck_assert_int_eq(count_lines(strbuf_cstr(&r.cap.out), "/127.0.0.1"),
	    3);

	/* The newest leaves: still one partition each for 2, 3 and 4. */
	run_reset(&r);
	run_ok(&r, "group remove-member order_processing_group\n"
	    "wait 2s\n");
	run_ok(&r, describe);
	out = strbuf_cstr(&r.cap.out);
	ck_assert_int_eq(count_lines(out, "/127.0.0.1"), 3);
	ck_assert_int_eq(count_lines(out, "consumer-order_processing_group-6-"),
	    1);	/* the "left group" line only */

	/* Member 3 (partition 1) leaves: a rebalance, and with four members
	 * left for three partitions one stays idle. */
	run_reset(&r);
	run_ok(&r, "group remove-member order_processing_group 2\n"
	    "wait 2s\n");
	run_ok(&r, describe);
	out = strbuf_cstr(&r.cap.out);
	ck_assert_int_eq(count_lines(out, "/127.0.0.1"), 3);
	ck_assert_int_eq(count_lines(out, "consumer-order_processing_group-3-"),
	    1);	/* the "left group" line only */
	ck_assert_ptr_nonnull(strstr(out, "          1          10              "
	    "30              20              consumer-order_processing_group-"));
	run_end(&r);
}
END_TEST

Suite *
suite_groups(void)
{
	Suite	*s = suite_create("groups");
	TCase	*tc;

	tc = tcase_create("model");
	tcase_add_test(tc, test_java_hash);
	tcase_add_test(tc, test_assignors);
	suite_add_tcase(s, tc);

	tc = tcase_create("scripts");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_describe_golden);
	tcase_add_test(tc, test_generations);
	tcase_add_test(tc, test_offsets_survive_failover);
	tcase_add_test(tc, test_seed004_rebalance);
	suite_add_tcase(s, tc);
	return s;
}
