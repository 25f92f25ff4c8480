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
#include "model/cproto.h"
#include "model/group.h"
#include "model/msg.h"
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

/* "t-0,t-2 u-1" for one member's assignment. */
static void
assign_text(struct strbuf *sb, const struct cproto_topic *t, int n)
{
	int	i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < t[i].n_parts; k++)
			strbuf_printf(sb, "%s%s-%d", i + k > 0 ? "," : "",
			    t[i].name, t[i].parts[k]);
	}
}

START_TEST(test_assignors)
{
	/* Ids given out of order: the assignors sort them. */
	const char		*ids[] = { "m-c", "m-a", "m-e", "m-b", "m-d" };
	const char		*sorted_pos[] = { "m-a", "m-b", "m-c", "m-d",
				    "m-e" };
	const char		*orders[] = { "orders" };
	struct group_sub	 sub[5];
	struct group_topic	 topic = { "orders", 0 };
	struct cproto_topic	*out[5];
	int			 n_out[5], i, j, k;
	size_t			 c;

	for (c = 0; c < nitems(assign_cases); c++) {
		struct strbuf	 sb = STRBUF_INIT;
		int		 n = assign_cases[c].members, pos = 0;

		memset(sub, 0, sizeof sub);
		for (i = 0; i < n; i++) {
			sub[i].member_id = ids[i];
			sub[i].topics = orders;
			sub[i].n_topics = 1;
		}
		topic.n_partitions = assign_cases[c].partitions;
		ck_assert_int_eq(group_assign(assign_cases[c].assignor, sub, n,
		    &topic, 1, out, n_out), 0);
		for (k = 0; k < 5; k++) {
			for (i = 0; i < n; i++) {
				if (strcmp(sub[i].member_id,
				    sorted_pos[k]) != 0)
					continue;
				if (pos++ > 0)
					strbuf_addc(&sb, '|');
				ck_assert_int_le(n_out[i], 1);
				for (j = 0; j < n_out[i]; j++) {
					int	p;

					for (p = 0; p < out[i][j].n_parts; p++)
						strbuf_printf(&sb, "%s%d",
						    p > 0 ? "," : "",
						    out[i][j].parts[p]);
				}
				cproto_topics_free(out[i], n_out[i]);
			}
		}
		ck_assert_msg(strcmp(strbuf_cstr(&sb), assign_cases[c].want) ==
		    0, "%s %d members %d partitions: %s, want %s",
		    assign_cases[c].assignor, n, assign_cases[c].partitions,
		    strbuf_cstr(&sb), assign_cases[c].want);
		strbuf_free(&sb);
	}
	ck_assert_int_eq(group_assign("sticky", sub, 1, &topic, 1, out, n_out),
	    -1);
}
END_TEST

/* Several topics, members subscribing to different ones, a static member
 * (sorted first by group.instance.id) and a topic without metadata: as
 * RangeAssignorTest and RoundRobinAssignorTest at 3.7.0 expect. */
START_TEST(test_assignors_topics)
{
	const char		*both[] = { "t2", "t1" }, *t1[] = { "t1" };
	const char		*gone[] = { "t1", "nometa" };
	struct group_topic	 topics[] = { { "t1", 3 }, { "t2", 2 } };
	struct group_sub	 sub[3] = {
		{ "c-1", NULL, both, 2 },
		{ "b-1", "", t1, 1 },
		{ "z-1", "static-a", gone, 2 },
	};
	static const struct {
		const char	*assignor, *want[3];
	} cases[] = {
		/* Order: z-1 (static), b-1, c-1.  Range per topic: t1 over
		 * all three, t2 over c-1 alone. */
		{ "range", { "t1-2,t2-0,t2-1", "t1-1", "t1-0" } },
		/* One circle: t1-0 z, t1-1 b, t1-2 c, then t2-0 skips z and
		 * b (not subscribed) to c, t2-1 likewise. */
		{ "roundrobin", { "t1-2,t2-0,t2-1", "t1-1", "t1-0" } },
	};
	struct cproto_topic	*out[3];
	int			 n_out[3], i;
	size_t			 c;

	for (c = 0; c < nitems(cases); c++) {
		ck_assert_int_eq(group_assign(cases[c].assignor, sub, 3, topics,
		    2, out, n_out), 0);
		for (i = 0; i < 3; i++) {
			struct strbuf	sb = STRBUF_INIT;

			assign_text(&sb, out[i], n_out[i]);
			ck_assert_msg(strcmp(strbuf_cstr(&sb),
			    cases[c].want[i]) == 0, "%s member %d: %s, want %s",
			    cases[c].assignor, i, strbuf_cstr(&sb),
			    cases[c].want[i]);
			strbuf_free(&sb);
			cproto_topics_free(out[i], n_out[i]);
		}
	}
}
END_TEST

/* ConsumerProtocol bytes: what kafka-python 2.0.2 sends for
 * subscribe(["orders"]) (version 0, null user data) is what isrlab's
 * consumers send; an assignment goes there and back; a version 3
 * subscription (OwnedPartitions, GenerationId, RackId after the v0
 * fields) reads as its v0 prefix; truncated bytes are refused. */
START_TEST(test_consumer_protocol)
{
	static const uint8_t	 sub_v0[] = { 0, 0, 0, 0, 0, 1, 0, 6, 'o',
	    'r', 'd', 'e', 'r', 's', 0xff, 0xff, 0xff, 0xff };
	static const uint8_t	 sub_v3[] = { 0, 3, 0, 0, 0, 1, 0, 1, 'a',
	    0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 7, 0xff, 0xff };
	const char		*topic = "orders";
	struct cbytes		 b = { NULL, 0 }, in;
	struct cproto_topic	 t[2], *back;
	int			 p0[] = { 0, 2 }, p1[] = { 1 }, n, i;
	char			**names;

	cproto_subscription_encode(&topic, 1, &b);
	ck_assert_uint_eq(b.n, sizeof sub_v0);
	ck_assert_int_eq(memcmp(b.p, sub_v0, b.n), 0);
	ck_assert_int_eq(cproto_subscription_decode(&b, &names, &n), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(names[0], "orders");
	cproto_names_free(names, n);
	in.p = (uint8_t *)sub_v3;
	in.n = sizeof sub_v3;
	ck_assert_int_eq(cproto_subscription_decode(&in, &names, &n), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(names[0], "a");
	cproto_names_free(names, n);
	for (i = 1; i < (int)sizeof sub_v0 - 4; i++) {
		in.p = (uint8_t *)sub_v0;
		in.n = (size_t)i;
		ck_assert_int_eq(cproto_subscription_decode(&in, &names, &n),
		    -1);
	}

	memset(t, 0, sizeof t);
	snprintf(t[0].name, sizeof t[0].name, "orders");
	t[0].parts = p0;
	t[0].n_parts = 2;
	snprintf(t[1].name, sizeof t[1].name, "events");
	t[1].parts = p1;
	t[1].n_parts = 1;
	cproto_assignment_encode(t, 2, &b);
	/* version, 2 topics, "orders" [0 2], "events" [1], null user data */
	ck_assert_uint_eq(b.n, 2 + 4 + (2 + 6 + 4 + 8) + (2 + 6 + 4 + 4) + 4);
	ck_assert_int_eq(cproto_assignment_decode(&b, &back, &n), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(back[1].name, "events");
	ck_assert_int_eq(back[0].n_parts, 2);
	ck_assert_int_eq(back[0].parts[1], 2);
	cproto_topics_free(back, n);
	b.n -= 5;
	ck_assert_int_eq(cproto_assignment_decode(&b, &back, &n), -1);
	cbytes_clear(&b);
	/* The coordinator's empty assignment: nothing, no error. */
	ck_assert_int_eq(cproto_assignment_decode(&b, &back, &n), 0);
	ck_assert_int_eq(n, 0);
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

	/* Seed 3: the group's coordinator is broker 1 (the leader of its
	 * __consumer_offsets partition as StripedReplicaPlacer draws it),
	 * whose member id the last output below compares. */
	run_start_seeded(&r, 3, KAFKA_37, 3);
	run_ok(&r, SETUP
	    "consume orders --group order_processing_group --from-beginning "
	    "--max 7\n"
	    "group add-member order_processing_group orders\n");
	coord = coordinator_of(&r, "order_processing_group");
	ck_assert_int_eq(coord, 1);
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

/* --- real clients' members ------------------------------------------------ */

/* What came back for the test's outside client (sim_set_outside). */
struct outside {
	struct msg	**v;
	size_t		  n;
};

static void
outside_take(struct msg *m, void *arg)
{
	struct outside	*o = arg;

	o->v = xreallocarray(o->v, o->n + 1, sizeof *o->v);
	o->v[o->n++] = m;
}

static int64_t	ext_corr;

/* A group request from a client outside the engine, as a wire listener
 * builds it from a real client's bytes. */
static struct msg *
ext_msg(enum msg_type t, int to, const char *group, const char *member)
{
	struct msg	*m = msg_new(t, NODE_CLIENTS, to);

	m->client_id = SIM_MAX_CLIENTS;
	m->corr = ++ext_corr;
	m->gp = gpayload_new();
	snprintf(m->gp->group, sizeof m->gp->group, "%s", group);
	snprintf(m->gp->member_id, sizeof m->gp->member_id, "%s", member);
	return m;
}

/* A consumer JoinGroup subscribing to orders, offering protocols (names
 * separated by commas), as kafka-python 2.0.2 sends it. */
static struct msg *
ext_join(int to, const char *group, const char *member,
    const char *protocols, const char *instance)
{
	struct msg	*m = ext_msg(MSG_JOIN_GROUP, to, group, member);
	const char	*topic = "orders", *p = protocols;

	snprintf(m->gp->client_id, sizeof m->gp->client_id,
	    "kafka-python-2.0.2");
	snprintf(m->gp->client_host, sizeof m->gp->client_host, "/127.0.0.1");
	snprintf(m->gp->protocol_type, sizeof m->gp->protocol_type, "%s",
	    CPROTO_TYPE);
	snprintf(m->gp->instance_id, sizeof m->gp->instance_id, "%s",
	    instance);
	m->gp->session_timeout_ms = 10000;
	m->gp->rebalance_timeout_ms = 30000;
	while (*p != '\0') {
		struct gp_protocol	*pr;
		size_t			 len = strcspn(p, ",");

		m->gp->protocols = xreallocarray(m->gp->protocols,
		    (size_t)m->gp->n_protocols + 1, sizeof *m->gp->protocols);
		pr = &m->gp->protocols[m->gp->n_protocols++];
		memset(pr, 0, sizeof *pr);
		snprintf(pr->name, sizeof pr->name, "%.*s", (int)len, p);
		cproto_subscription_encode(&topic, 1, &pr->meta);
		p += len + (p[len] == ',');
	}
	return m;
}

static struct msg *
ext_hb(int to, const char *group, const char *member, int32_t gen,
    const char *instance)
{
	struct msg	*m = ext_msg(MSG_GROUP_HEARTBEAT, to, group, member);

	m->gp->generation = gen;
	snprintf(m->gp->instance_id, sizeof m->gp->instance_id, "%s",
	    instance);
	return m;
}

/* SyncGroup; the leader passes n members with partitions of orders
 * (parts[i] a "0,1" list). */
static struct msg *
ext_sync(int to, const char *group, const char *member, int32_t gen,
    int n, const char *const *ids, const char *const *parts)
{
	struct msg	*m = ext_msg(MSG_SYNC_GROUP, to, group, member);
	int		 i;

	m->gp->generation = gen;
	m->gp->members = xcalloc((size_t)(n > 0 ? n : 1),
	    sizeof *m->gp->members);
	m->gp->n_members = n;
	for (i = 0; i < n; i++) {
		struct cproto_topic	 t;
		int			 v[16];
		const char		*p = parts[i];

		memset(&t, 0, sizeof t);
		snprintf(t.name, sizeof t.name, "orders");
		t.parts = v;
		while (*p != '\0') {
			v[t.n_parts++] = (int)strtol(p, NULL, 10);
			p += strcspn(p, ",");
			p += *p == ',';
		}
		snprintf(m->gp->members[i].member_id,
		    sizeof m->gp->members[i].member_id, "%s", ids[i]);
		cproto_assignment_encode(&t, 1, &m->gp->members[i].assign);
	}
	return m;
}

/* Send m and let the lab run (in 10 ms steps, 20 s at most) until its
 * answer is back; the caller frees it. */
static struct msg *
ext_wait(struct run *r, struct outside *o, int64_t corr)
{
	size_t	i;
	int	step;

	for (step = 0; step < 2000; step++) {
		for (i = 0; i < o->n; i++) {
			struct msg	*m = o->v[i];

			if (m->corr != corr)
				continue;
			memmove(&o->v[i], &o->v[i + 1], (o->n - i - 1) *
			    sizeof *o->v);
			o->n--;
			return m;
		}
		sim_run_for(r->sim, 10);
	}
	ck_abort_msg("no answer to request %lld", (long long)corr);
	return NULL;
}

static struct msg *
ext_call(struct run *r, struct outside *o, struct msg *m)
{
	int64_t	corr = m->corr;

	sim_send(r->sim, m);
	return ext_wait(r, o, corr);
}

/* The error of the answer to m, which is freed. */
static enum kerr
ext_error(struct run *r, struct outside *o, struct msg *m)
{
	struct msg	*resp = ext_call(r, o, m);
	enum kerr	 e = resp->error;

	msg_free(resp);
	return e;
}

/* "orders-0,orders-2" for the assignment bytes of a SyncGroup answer. */
static char *
ext_assigned(const struct msg *resp)
{
	struct cproto_topic	*t;
	struct strbuf		 sb = STRBUF_INIT;
	int			 n, i, k;

	ck_assert_int_eq(cproto_assignment_decode(&resp->gp->assign, &t, &n),
	    0);
	for (i = 0; i < n; i++) {
		for (k = 0; k < t[i].n_parts; k++)
			strbuf_printf(&sb, "%s%s-%d", sb.len > 0 ? "," : "",
			    t[i].name, t[i].parts[k]);
	}
	cproto_topics_free(t, n);
	strbuf_addc(&sb, '\0');
	return strbuf_detach(&sb);
}

/* A real client's member joins a group isrlab's own consumer leads: the
 * JoinGroup v4+ round with MEMBER_ID_REQUIRED, the leader's client-side
 * range assignment carried by SyncGroup, both in kafka-consumer-groups
 * --describe, the member errors of GroupCoordinator at 3.7.0, offsets
 * committed by the outside member surviving the coordinator's crash. */
START_TEST(test_outside_member_mixed)
{
	struct run	 r;
	struct outside	 o = { NULL, 0 };
	struct msg	*m, *resp;
	char		 id[GROUP_MEMBER_ID_MAX + 1], *asg, *cmd;
	const char	*out;
	int		 coord, other;

	run_start(&r, 3);
	sim_set_outside(r.sim, outside_take, &o);
	run_ok(&r, SETUP "group add-member g orders\n");
	coord = coordinator_of(&r, "g");

	m = ext_join(coord, "g", "", "range,roundrobin", "");
	m->gp->require_known_member_id = true;
	resp = ext_call(&r, &o, m);
	ck_assert_int_eq(resp->error, KERR_MEMBER_ID_REQUIRED);
	ck_assert_int_eq(strncmp(resp->gp->member_id, "kafka-python-2.0.2-",
	    19), 0);
	snprintf(id, sizeof id, "%s", resp->gp->member_id);
	msg_free(resp);

	/* The rejoin waits for isrlab's member to rejoin too. */
	m = ext_join(coord, "g", id, "range,roundrobin", "");
	m->gp->require_known_member_id = true;
	resp = ext_call(&r, &o, m);
	ck_assert_int_eq(resp->error, KERR_NONE);
	ck_assert_int_eq(resp->gp->generation, 2);
	ck_assert_str_eq(resp->gp->protocol, "range");
	ck_assert_str_eq(resp->gp->protocol_type, "consumer");
	ck_assert_int_eq(strncmp(resp->gp->leader_id, "consumer-g-1-", 13), 0);
	ck_assert_int_eq(resp->gp->n_members, 0);	/* not the leader */
	msg_free(resp);
	resp = ext_call(&r, &o, ext_sync(coord, "g", id, 2, 0, NULL, NULL));
	ck_assert_int_eq(resp->error, KERR_NONE);
	asg = ext_assigned(resp);
	ck_assert_str_eq(asg, "orders-2");	/* consumer-g-1 sorts first */
	free(asg);
	msg_free(resp);

	run_reset(&r);
	run_ok(&r, "kafka-consumer-groups.sh --bootstrap-server "
	    "localhost:9092 --describe --group g\n");
	out = strbuf_cstr(&r.cap.out);
	ck_assert_int_eq(count_lines(out, "/127.0.0.1"), 3);
	ck_assert_int_eq(count_lines(out, "consumer-g-1-"), 2);
	ck_assert_int_eq(count_lines(out, id), 1);
	ck_assert_ptr_nonnull(strstr(out, "orders          2          -    "));
	ck_assert_ptr_nonnull(strstr(out, " kafka-python-2.0.2\n"));

	/* Heartbeats as 3.7 answers them. */
	ck_assert_int_eq(ext_error(&r, &o, ext_hb(coord, "g", id, 2, "")),
	    KERR_NONE);
	ck_assert_int_eq(ext_error(&r, &o, ext_hb(coord, "g", id, 1, "")),
	    KERR_ILLEGAL_GENERATION);
	ck_assert_int_eq(ext_error(&r, &o, ext_hb(coord, "g", "nobody", 2,
	    "")), KERR_UNKNOWN_MEMBER_ID);
	ck_assert_int_eq(ext_error(&r, &o, ext_hb(coord, "", id, 2, "")),
	    KERR_INVALID_GROUP_ID);
	other = coord % 3 + 1;
	ck_assert_int_eq(ext_error(&r, &o, ext_hb(other, "g", id, 2, "")),
	    KERR_NOT_COORDINATOR);

	/* Commit: the member's generation, per partition errors. */
	m = ext_msg(MSG_OFFSET_COMMIT, coord, "g", id);
	m->gp->generation = 2;
	m->gp->offsets = xcalloc(2, sizeof *m->gp->offsets);
	m->gp->n_offsets = 2;
	snprintf(m->gp->offsets[0].topic, sizeof m->gp->offsets[0].topic,
	    "orders");
	m->gp->offsets[0].partition = 2;
	m->gp->offsets[0].offset = 5;
	m->gp->offsets[0].leader_epoch = 0;
	snprintf(m->gp->offsets[1].topic, sizeof m->gp->offsets[1].topic,
	    "nope");
	m->gp->offsets[1].offset = 1;
	resp = ext_call(&r, &o, m);
	ck_assert_int_eq(resp->error, KERR_NONE);
	ck_assert_int_eq(resp->gp->n_offsets, 2);
	ck_assert_int_eq(resp->gp->offsets[0].error, KERR_NONE);
	ck_assert_int_eq(resp->gp->offsets[1].error,
	    KERR_UNKNOWN_TOPIC_OR_PARTITION);
	msg_free(resp);
	m = ext_msg(MSG_OFFSET_COMMIT, coord, "g", id);
	m->gp->generation = 1;
	m->gp->offsets = xcalloc(1, sizeof *m->gp->offsets);
	m->gp->n_offsets = 1;
	snprintf(m->gp->offsets[0].topic, sizeof m->gp->offsets[0].topic,
	    "orders");
	resp = ext_call(&r, &o, m);
	ck_assert_int_eq(resp->gp->offsets[0].error, KERR_ILLEGAL_GENERATION);
	msg_free(resp);
	m = ext_msg(MSG_OFFSET_FETCH, coord, "g", "");
	m->gp->offsets = xcalloc(1, sizeof *m->gp->offsets);
	m->gp->n_offsets = 1;
	snprintf(m->gp->offsets[0].topic, sizeof m->gp->offsets[0].topic,
	    "orders");
	m->gp->offsets[0].partition = 2;
	resp = ext_call(&r, &o, m);
	ck_assert_int_eq(resp->gp->offsets[0].offset, 5);
	ck_assert_int_eq(resp->gp->offsets[0].leader_epoch, 0);
	msg_free(resp);

	/* LeaveGroup v3: a list of members, an error each. */
	m = ext_msg(MSG_LEAVE_GROUP, coord, "g", "");
	m->gp->members = xcalloc(2, sizeof *m->gp->members);
	m->gp->n_members = 2;
	snprintf(m->gp->members[0].member_id,
	    sizeof m->gp->members[0].member_id, "%s", id);
	snprintf(m->gp->members[1].member_id,
	    sizeof m->gp->members[1].member_id, "ghost");
	resp = ext_call(&r, &o, m);
	ck_assert_int_eq(resp->error, KERR_NONE);
	ck_assert_int_eq(resp->gp->members[0].error, KERR_NONE);
	ck_assert_int_eq(resp->gp->members[1].error, KERR_UNKNOWN_MEMBER_ID);
	msg_free(resp);

	/* The coordinator crashes: the new one has the offset committed. */
	cmd = xasprintf("wait 2s\nkill %d\nwait 5s\n"
	    "kafka-consumer-groups.sh --bootstrap-server localhost:%d "
	    "--describe --group g\n", coord, other == 1 ? 9092 : other == 2 ?
	    19092 : 29092);
	run_reset(&r);
	run_ok(&r, cmd);
	free(cmd);
	ck_assert_int_ne(coordinator_of(&r, "g"), coord);
	out = strbuf_cstr(&r.cap.out);
	ck_assert_ptr_nonnull(strstr(out, "orders          2          5    "));
	ck_assert_int_eq(count_lines(out, "consumer-g-1-"), 3);
	ck_assert_uint_eq(o.n, 0);
	free(o.v);
	run_end(&r);
}
END_TEST

/* Groups of real clients only: the leader gets everyone's metadata and
 * assigns client-side, the protocol all members support is chosen,
 * INCONSISTENT_GROUP_PROTOCOL and INVALID_SESSION_TIMEOUT, and a static
 * member that restarts takes its place back without a rebalance while
 * its old member id is fenced. */
START_TEST(test_outside_leader_and_static)
{
	struct run	 r;
	struct outside	 o = { NULL, 0 };
	struct msg	*m, *resp, *r1, *r2;
	char		 a[GROUP_MEMBER_ID_MAX + 1], b[GROUP_MEMBER_ID_MAX + 1];
	char		*asg;
	const char	*ids[2], *parts[2];
	int64_t		 c1, c2;
	int		 coord;

	run_start(&r, 3);
	sim_set_outside(r.sim, outside_take, &o);
	run_ok(&r, SETUP "group add-member x orders\n"
	    "group remove-member x\n");
	coord = coordinator_of(&r, "x");

	resp = ext_call(&r, &o, ext_join(coord, "x", "", "range", ""));
	ck_assert_int_eq(resp->error, KERR_NONE);
	snprintf(a, sizeof a, "%s", resp->gp->member_id);
	ck_assert_str_eq(resp->gp->leader_id, a);
	ck_assert_int_eq(resp->gp->n_members, 1);
	ck_assert_str_eq(resp->gp->members[0].member_id, a);
	ck_assert_uint_eq(resp->gp->members[0].meta.n, 18);
	msg_free(resp);
	ids[0] = a;
	parts[0] = "0,1,2";
	resp = ext_call(&r, &o, ext_sync(coord, "x", a, 3, 1, ids, parts));
	asg = ext_assigned(resp);
	ck_assert_str_eq(asg, "orders-0,orders-1,orders-2");
	free(asg);
	msg_free(resp);

	/* A second member: the first learns from its heartbeat. */
	m = ext_join(coord, "x", "", "roundrobin,range", "");
	c2 = m->corr;
	sim_send(r.sim, m);
	ck_assert_int_eq(ext_error(&r, &o, ext_hb(coord, "x", a, 3, "")),
	    KERR_REBALANCE_IN_PROGRESS);
	ck_assert_int_eq(ext_error(&r, &o, ext_join(coord, "x", "",
	    "cooperative-sticky", "")), KERR_INCONSISTENT_GROUP_PROTOCOL);
	m = ext_join(coord, "x", "", "range", "");
	m->gp->session_timeout_ms = 500;
	ck_assert_int_eq(ext_error(&r, &o, m), KERR_INVALID_SESSION_TIMEOUT);
	m = ext_join(coord, "x", a, "range", "");
	c1 = m->corr;
	sim_send(r.sim, m);
	r1 = ext_wait(&r, &o, c1);
	r2 = ext_wait(&r, &o, c2);
	ck_assert_int_eq(r1->gp->generation, 4);
	ck_assert_str_eq(r1->gp->protocol, "range");	/* both offer it */
	ck_assert_int_eq(r1->gp->n_members, 2);
	ck_assert_int_eq(r2->gp->n_members, 0);
	snprintf(b, sizeof b, "%s", r2->gp->member_id);
	msg_free(r1);
	msg_free(r2);
	/* The follower's SyncGroup waits for the leader's. */
	m = ext_sync(coord, "x", b, 4, 0, NULL, NULL);
	c2 = m->corr;
	sim_send(r.sim, m);
	ids[1] = b;
	parts[0] = "0";
	parts[1] = "1,2";
	resp = ext_call(&r, &o, ext_sync(coord, "x", a, 4, 2, ids, parts));
	msg_free(resp);
	resp = ext_wait(&r, &o, c2);
	asg = ext_assigned(resp);
	ck_assert_str_eq(asg, "orders-1,orders-2");
	free(asg);
	msg_free(resp);

	/* Static membership: group s, a member with group.instance.id i-1
	 * restarts (no member id) and is given its place back. */
	resp = ext_call(&r, &o, ext_join(coord, "s", "", "range", "i-1"));
	ck_assert_int_eq(strncmp(resp->gp->member_id, "i-1-", 4), 0);
	snprintf(a, sizeof a, "%s", resp->gp->member_id);
	ck_assert_int_eq(resp->gp->generation, 1);
	msg_free(resp);
	ids[0] = a;
	parts[0] = "2";
	msg_free(ext_call(&r, &o, ext_sync(coord, "s", a, 1, 1, ids, parts)));
	resp = ext_call(&r, &o, ext_join(coord, "s", "", "range", "i-1"));
	ck_assert_int_eq(resp->error, KERR_NONE);
	snprintf(b, sizeof b, "%s", resp->gp->member_id);
	ck_assert_str_ne(a, b);
	ck_assert_int_eq(resp->gp->generation, 1);	/* no rebalance */
	ck_assert_str_eq(resp->gp->leader_id, a);	/* the old id */
	msg_free(resp);
	ck_assert_int_eq(ext_error(&r, &o, ext_hb(coord, "s", a, 1, "i-1")),
	    KERR_FENCED_INSTANCE_ID);
	ck_assert_int_eq(ext_error(&r, &o, ext_hb(coord, "s", b, 1, "i-1")),
	    KERR_NONE);
	resp = ext_call(&r, &o, ext_sync(coord, "s", b, 1, 0, NULL, NULL));
	asg = ext_assigned(resp);
	ck_assert_str_eq(asg, "orders-2");
	free(asg);
	msg_free(resp);
	run_reset(&r);
	run_ok(&r, "kafka-consumer-groups.sh --bootstrap-server "
	    "localhost:9092 --describe --group s\n");
	ck_assert_int_eq(count_lines(strbuf_cstr(&r.cap.out), b), 1);
	ck_assert_int_eq(count_lines(strbuf_cstr(&r.cap.out), a), 0);
	run_end(&r);
	free(o.v);
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
	tcase_add_test(tc, test_assignors_topics);
	tcase_add_test(tc, test_consumer_protocol);
	suite_add_tcase(s, tc);

	tc = tcase_create("scripts");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_describe_golden);
	tcase_add_test(tc, test_generations);
	tcase_add_test(tc, test_offsets_survive_failover);
	tcase_add_test(tc, test_seed004_rebalance);
	tcase_add_test(tc, test_outside_member_mixed);
	tcase_add_test(tc, test_outside_leader_and_static);
	suite_add_tcase(s, tc);
	return s;
}
