/*
 * test_console.c - unit tests for src/console: word splitting, bootstrap
 * addresses, the argument specs of native commands and Kafka's tools, the describe formatter, conditions, and
 * end-to-end scripts on the simulator (seed 000's failover lab must print
 * what the seed shows).
 *
 * Table-driven where the code is a mapping.  Script tests run a real
 * simulator with seed 1 and capture stdout and stderr through the
 * console's sink, so they are deterministic.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "harness.h"
#include "console/args.h"
#include "console/cmd.h"
#include "console/cond.h"
#include "console/console.h"
#include "console/describe.h"
#include "console/script.h"
#include "console/servers.h"
#include "console/words.h"
#include "model/settings.h"
#include "sim/sim.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* --- words --------------------------------------------------------------- */

static const struct {
	const char	*line;
	const char	*joined;	/* words joined by '|', NULL: error */
} words_cases[] = {
	{ "", "" },
	{ "   ", "" },
	{ "kill 1", "kill|1" },
	{ "  a   b\tc  ", "a|b|c" },
	{ "echo 'a b' \"c d\"", "echo|a b|c d" },
	{ "x'y'z", "xyz" },
	{ "''", "" },			/* one empty word, see below */
	{ "a \\ b", "a| b" },
	{ "a\\'b", "a'b" },
	{ "\"a\\\"b\\\\c\\n\"", "a\"b\\c\\n" },
	{ "'a\\b'", "a\\b" },
	{ "produce t # a comment", "produce|t" },
	{ "# only a comment", "" },
	{ "a#b", "a#b" },
	{ "'#x' \"#y\"", "#x|#y" },
	{ "> 테스트 메시지", ">|테스트|메시지" },
	{ "'unbalanced", NULL },
	{ "\"unbalanced", NULL },
	{ "trailing \\", NULL },
};

static char *
words_joined(const struct words *w)
{
	struct strbuf	sb = STRBUF_INIT;
	size_t		i;

	for (i = 0; i < w->n; i++) {
		if (i > 0)
			strbuf_addc(&sb, '|');
		strbuf_adds(&sb, w->v[i]);
	}
	return sb.s != NULL ? strbuf_detach(&sb) : xstrdup("");
}

START_TEST(test_words_split)
{
	struct words	 w = WORDS_INIT;
	char		 err[128], *j;
	int		 rc;

	rc = words_split(words_cases[_i].line, &w, err, sizeof err);
	if (words_cases[_i].joined == NULL) {
		ck_assert_int_eq(rc, -1);
		ck_assert_uint_eq(w.n, 0);
		ck_assert(strlen(err) > 0);
		return;
	}
	ck_assert_int_eq(rc, 0);
	j = words_joined(&w);
	ck_assert_str_eq(j, words_cases[_i].joined);
	free(j);
	words_free(&w);
}
END_TEST

START_TEST(test_words_empty_quotes)
{
	struct words	w = WORDS_INIT;
	char		err[64];

	ck_assert_int_eq(words_split("a '' b", &w, err, sizeof err), 0);
	ck_assert_uint_eq(w.n, 3);
	ck_assert_str_eq(w.v[1], "");
	ck_assert_ptr_null(w.v[3]);
	words_free(&w);
}
END_TEST

START_TEST(test_words_join_roundtrip)
{
	static const char *const lines[] = {
		"a b c", "'a b' c", "it\\'s", "\"x # y\"", "''", "a\\\\b",
	};
	struct words	 a = WORDS_INIT, b = WORDS_INIT;
	char		 err[64], *j;
	size_t		 i, k;

	for (i = 0; i < nitems(lines); i++) {
		ck_assert_int_eq(words_split(lines[i], &a, err, sizeof err), 0);
		j = words_join(&a, 0);
		ck_assert_int_eq(words_split(j, &b, err, sizeof err), 0);
		ck_assert_uint_eq(a.n, b.n);
		for (k = 0; k < a.n; k++)
			ck_assert_str_eq(a.v[k], b.v[k]);
		free(j);
		words_free(&a);
		words_free(&b);
	}
}
END_TEST

/* --- servers ------------------------------------------------------------- */

static const struct {
	const char	*host;
	int		 port, n_brokers, broker;
} servers_cases[] = {
	{ "localhost", 9092, 3, 1 },
	{ "localhost", 19092, 3, 2 },
	{ "localhost", 29092, 3, 3 },
	{ "127.0.0.1", 19092, 3, 2 },
	{ "localhost", 39092, 3, -1 },	/* no broker 4 in a 3-broker lab */
	{ "localhost", 39092, 4, 4 },
	{ "localhost", 59092, 6, 6 },
	{ "localhost", 9097, 9, 7 },
	{ "localhost", 9099, 9, 9 },
	{ "localhost", 9093, 3, -1 },
	{ "kafka1", 29092, 3, 1 },
	{ "kafka2", 29093, 3, 2 },
	{ "kafka3", 29094, 3, 3 },
	{ "kafka2", 19092, 3, 2 },
	{ "kafka2", 29092, 3, -1 },	/* kafka1's port on kafka2 */
	{ "kafka4", 29095, 3, -1 },
	{ "example.com", 9092, 3, -1 },
};

START_TEST(test_servers_lookup)
{
	ck_assert_int_eq(servers_lookup(servers_cases[_i].host,
	    servers_cases[_i].port, servers_cases[_i].n_brokers),
	    servers_cases[_i].broker);
}
END_TEST

START_TEST(test_servers_ports)
{
	static const int ports[] = { 0, 9092, 19092, 29092, 39092, 49092,
	    59092, 9097, 9098, 9099 };
	int	b;

	for (b = 1; b <= 9; b++)
		ck_assert_int_eq(servers_port(b), ports[b]);
}
END_TEST

START_TEST(test_servers_parse)
{
	struct servers	sv;
	bool		flags[ISR_NODES];
	char		err[256], addr[96];

	ck_assert_int_eq(servers_parse("localhost:9092, kafka2:29093,x:1", 3,
	    &sv, err, sizeof err), 0);
	ck_assert_int_eq(sv.n, 3);
	ck_assert_int_eq(sv.v[0].broker, 1);
	ck_assert_int_eq(sv.v[1].broker, 2);
	ck_assert_int_eq(sv.v[2].broker, -1);
	servers_flags(&sv, flags);
	ck_assert(flags[1] && flags[2] && !flags[3]);
	servers_format(&sv.v[0], addr, sizeof addr);
	ck_assert_str_eq(addr, "localhost/127.0.0.1:9092");

	ck_assert_int_eq(servers_parse("localhost", 3, &sv, err, sizeof err),
	    -1);
	ck_assert(strstr(err, "Invalid url in bootstrap.servers: localhost")
	    != NULL);
	ck_assert_int_eq(servers_parse("localhost:x", 3, &sv, err,
	    sizeof err), -1);
	ck_assert_int_eq(servers_parse(" , ", 3, &sv, err, sizeof err), -1);
}
END_TEST

/* --- args: the declared argument specs ----------------------------------- */

/* A native command with options of every kind a value can have. */
static const struct args_opt args_test_opts[] = {
	{ .name = "key", .has_value = true },
	{ .name = "count", .has_value = true, .kind = ARGS_NUMBER, .min = 1,
	  .max = 10 },
	{ .name = "seed", .has_value = true, .kind = ARGS_NUMBER },
	{ .name = "partition", .has_value = true, .kind = ARGS_PARTITION,
	  .max = 100 },
	{ .name = "timeout", .has_value = true, .kind = ARGS_DURATION },
	{ .name = "assignor", .has_value = true, .kind = ARGS_CHOICE,
	  .hint = "range|roundrobin|sticky" },
	{ .name = "acks", .has_value = true, .kind = ARGS_ACKS },
	{ .name = "label", .has_value = true, .repeat = true },
	{ .name = "all" },
	{ NULL }
};

static const struct args_opt args_test_words[] = {
	{ .name = "TOPIC", .kind = ARGS_TOPIC },
	{ .name = "VALUE" },
	{ NULL }
};

static const struct args_spec args_test_native = {
	.opts = args_test_opts,
	.words = args_test_words,
	.min_words = 1,
	.max_words = 2,
	.strict = true,
	.too_many = "t: one value only",
};

/* kill-like: one broker word, undeclared "--x" words are words. */
static const struct args_opt args_test_broker_words[] = {
	{ .name = "BROKER", .kind = ARGS_BROKER },
	{ .name = "DELAY", .kind = ARGS_DURATION, .hint = "250ms, 2s" },
	{ NULL }
};

static const struct args_spec args_test_loose = {
	.words = args_test_broker_words,
	.min_words = 1,
	.max_words = 2,
};

static const struct args_opt args_test_jopt_opts[] = {
	{ .name = "bootstrap-server", .has_value = true },
	{ .name = "topic", .has_value = true },
	{ .name = "from-beginning" },
	{ .name = "property", .has_value = true, .repeat = true },
	{ .name = "partition", .has_value = true },
	{ NULL }
};

static const struct args_spec args_test_jopt = {
	.dialect = ARGS_JOPT,
	.opts = args_test_jopt_opts,
	.max_words = ARGS_JOPT_MAX_WORDS,
	.too_many = ARGS_JOPT_TOO_MANY,
};

/* A tool with rules of every kind, checked in this order. */
static const struct args_opt args_test_tool_opts[] = {
	{ .name = "server", .has_value = true },
	{ .name = "list" },
	{ .name = "create" },
	{ .name = "topic", .has_value = true },
	{ .name = "partition", .has_value = true, .kind = ARGS_PARTITION,
	  .max = 99 },
	{ .name = "offset", .has_value = true, .kind = ARGS_OFFSET },
	{ .name = "type", .has_value = true, .kind = ARGS_CHOICE,
	  .hint = "preferred|unclean" },
	{ .name = "json", .has_value = true },
	{ NULL }
};

static const struct args_rule args_test_tool_rules[] = {
	{ ARGS_NO_WORDS, NULL, NULL, "stray: " },
	{ ARGS_ONE, "list create", NULL, "one action" },
	{ ARGS_REQUIRED, "server", NULL, NULL },
	{ ARGS_REQUIRED, "topic", "create !json", "create needs a topic" },
	{ ARGS_VALUE, "type", NULL, NULL },
	{ ARGS_VALUE, "partition", "topic", NULL },
	{ ARGS_NONE, "offset", "!partition", "offset needs a partition" },
	{ ARGS_VALUE, "offset", NULL, NULL },
	{ ARGS_UNSUPPORTED, "json", NULL, "isrlab: no --json" },
	{ ARGS_INVALID, "type create json", NULL, NULL },
	{ ARGS_END, NULL, NULL, NULL }
};

static const struct args_spec args_test_tool = {
	.dialect = ARGS_JOPT,
	.opts = args_test_tool_opts,
	.max_words = ARGS_JOPT_MAX_WORDS,
	.too_many = ARGS_JOPT_TOO_MANY,
	.rules = args_test_tool_rules,
};

#define ARGS_JEXC "Exception in thread \"main\" joptsimple."
#define ARGS_JCONV ARGS_JEXC "OptionArgumentConversionException: "

static const struct {
	const struct args_spec	*spec;
	const char		*line;
	int			 rc;
	const char		*out;	/* rc 0: "opt=value ... | words";
					 * -1: the message */
} args_cases[] = {
	/* Native: values, forms, conversions. */
	{ &args_test_native, "t top --key k v", 0, "key=k | top v" },
	{ &args_test_native, "t --key=k=1 top", 0, "key=k=1 | top" },
	{ &args_test_native, "t top --key --all", 0, "key=--all | top" },
	{ &args_test_native, "t top --all --count 3", 0,
	  "all= count=3 | top" },
	{ &args_test_native, "t top --acks all --acks=0", 0, "acks=0 | top" },
	{ &args_test_native, "t top --assignor sticky", 0,
	  "assignor=sticky | top" },
	{ &args_test_native, "t top --", 0, "| top --" },
	/* Missing values. */
	{ &args_test_native, "t top --key", -1, "t: --key needs a value" },
	{ &args_test_native, "t top --timeout", -1,
	  "t: --timeout needs a duration" },
	/* Unknown options: a flag takes no "=V". */
	{ &args_test_native, "t top --bogus", -1,
	  "t: unknown option '--bogus'" },
	{ &args_test_native, "t top --all=1", -1,
	  "t: unknown option '--all=1'" },
	{ &args_test_native, "t top --keys k", -1,
	  "t: unknown option '--keys'" },
	/* Repeated options: the last value, or every value in order. */
	{ &args_test_native, "t top --key a --key b", 0, "key=b | top" },
	{ &args_test_native, "t top --label a --label b", 0,
	  "label=a label=b | top" },
	/* Bad values, in the order typed. */
	{ &args_test_native, "t top --count 11", -1, "t: --count is 1-10" },
	{ &args_test_native, "t top --count 0", -1, "t: --count is 1-10" },
	{ &args_test_native, "t top --seed -1", -1,
	  "t: --seed takes a number" },
	{ &args_test_native, "t top --partition 101", -1,
	  "t: --partition takes a partition number" },
	{ &args_test_native, "t top --timeout 5q", -1,
	  "t: '5q' is not a duration" },
	{ &args_test_native, "t top --assignor x", -1,
	  "t: --assignor is range, roundrobin or sticky" },
	{ &args_test_native, "t top --acks 2", -1, "t: --acks is 0, 1 or all" },
	{ &args_test_native, "t top --count x --bogus", -1,
	  "t: --count is 1-10" },
	{ &args_test_native, "t top --bogus --count x", -1,
	  "t: unknown option '--bogus'" },
	/* Arity. */
	{ &args_test_native, "t", ARGS_USAGE, NULL },
	{ &args_test_native, "t --all", ARGS_USAGE, NULL },
	{ &args_test_native, "t a b c", -1, "t: one value only" },
	{ &args_test_native, "t a b c --bogus", -1, "t: one value only" },
	{ &args_test_loose, "k", ARGS_USAGE, NULL },
	{ &args_test_loose, "k x y z", ARGS_USAGE, NULL },
	/* Positional kinds, after the count. */
	{ &args_test_loose, "k 2", 0, "| 2" },
	{ &args_test_loose, "k 2 250ms", 0, "| 2 250ms" },
	{ &args_test_loose, "k x", -1,
	  "k: 'x' is not a broker id (brokers are 1-3)" },
	{ &args_test_loose, "k --x", -1,
	  "k: '--x' is not a broker id (brokers are 1-3)" },
	{ &args_test_loose, "k 4", -1,
	  "k: broker 4 does not exist (brokers are 1-3)" },
	{ &args_test_loose, "k 0", -1,
	  "k: broker 0 does not exist (brokers are 1-3)" },
	{ &args_test_loose, "k 1 soon", -1,
	  "k: 'soon' is not a duration (250ms, 2s)" },
	/* Kafka's tools: prefixes, jopt-simple's texts. */
	{ &args_test_jopt, "x --bootstrap-server h:1 --topic=t --from-beg "
	  "--property a=1 --property b=2 pos", 0,
	  "bootstrap-server=h:1 topic=t from-beginning= property=a=1 "
	  "property=b=2 | pos" },
	{ &args_test_jopt, "x --topic a --topic b --", 0, "topic=b | --" },
	{ &args_test_jopt, "x --foo", -1, ARGS_JEXC "UnrecognizedOption"
	  "Exception: foo is not a recognized option" },
	{ &args_test_jopt, "x --p 1", -1, ARGS_JEXC "AmbiguousOption"
	  "Exception: p is ambiguous" },
	{ &args_test_jopt, "x --topic", -1, ARGS_JEXC "OptionMissingRequired"
	  "ArgumentException: Option topic requires an argument" },
	{ &args_test_jopt, "x --from-beginning=1", -1, ARGS_JEXC
	  "UnrecognizedOptionException: from-beginning does not take an "
	  "argument" },
	{ &args_test_jopt, "x 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", -1,
	  "too many arguments" },
	/* A tool's rules, the first that fails. */
	{ &args_test_tool, "x --list --server s", 0, "list= server=s |" },
	{ &args_test_tool, "x --list --server s w", -1, "stray: w" },
	{ &args_test_tool, "x --server s", -1, "one action" },
	{ &args_test_tool, "x --list --create --server s", -1, "one action" },
	{ &args_test_tool, "x --list", -1,
	  "Missing required argument \"[server]\"" },
	{ &args_test_tool, "x --create --server s", -1, "create needs a topic" },
	{ &args_test_tool, "x --create --server s --json j", ARGS_FAILED,
	  "isrlab: no --json" },
	{ &args_test_tool, "x --list --server s --type UNCLEAN", 0,
	  "list= server=s type=UNCLEAN |" },
	{ &args_test_tool, "x --list --server s --type other --json j", -1,
	  ARGS_JCONV "Cannot parse argument 'other' of option type" },
	{ &args_test_tool, "x --list --server s --partition x", 0,
	  "list= server=s partition=x |" },
	{ &args_test_tool, "x --list --server s --topic t --partition 100", -1,
	  ARGS_JCONV "Cannot parse argument '100' of option partition" },
	{ &args_test_tool, "x --list --server s --offset 1", -1,
	  "offset needs a partition" },
	{ &args_test_tool, "x --list --server s --partition 1 --offset soon",
	  -1, ARGS_JCONV "Cannot parse argument 'soon' of option offset" },
	{ &args_test_tool, "x --create --server s --topic t --type PREFERRED",
	  -1, "Option \"[type]\" can't be used with option \"[create]\"" },
	{ &args_test_tool, "x --list --server s --create --type PREFERRED", -1,
	  "one action" },
};

START_TEST(test_args_parse)
{
	struct words	 w = WORDS_INIT;
	struct args	 a;
	struct strbuf	 sb = STRBUF_INIT;
	char		 err[256] = "";
	size_t		 i;
	int		 rc;

	ck_assert_int_eq(words_split(args_cases[_i].line, &w, err,
	    sizeof err), 0);
	rc = args_parse(&a, args_cases[_i].spec, &w, 1, 3, err, sizeof err);
	ck_assert_msg(rc == args_cases[_i].rc, "%s: rc %d, err '%s'",
	    args_cases[_i].line, rc, err);
	if (rc == 0) {
		for (i = 0; i < a.n_opts; i++)
			strbuf_printf(&sb, "%s=%s ", a.opts[i].opt->name,
			    a.opts[i].value);
		strbuf_adds(&sb, "|");
		for (i = 0; i < a.n_words; i++)
			strbuf_printf(&sb, " %s", args_word(&a, i));
		ck_assert_str_eq(strbuf_cstr(&sb), args_cases[_i].out);
	} else if (rc == -1 || rc == ARGS_FAILED)
		ck_assert_str_eq(err, args_cases[_i].out);
	strbuf_free(&sb);
	args_free(&a);
	words_free(&w);
}
END_TEST

/* The accessors and the converted values. */
START_TEST(test_args_values)
{
	struct words	 w = WORDS_INIT;
	struct args	 a;
	char		 err[256];

	words_split("t top --count 7 --timeout 1.5s --acks all --label x "
	    "--label y --partition=4", &w, err, sizeof err);
	ck_assert_int_eq(args_parse(&a, &args_test_native, &w, 1, 3, err,
	    sizeof err), 0);
	ck_assert_int_eq(args_num(&a, "count", 1), 7);
	ck_assert_int_eq(args_num(&a, "timeout", 0), 1500);
	ck_assert_int_eq(args_num(&a, "acks", 1), -1);
	ck_assert_int_eq(args_num(&a, "partition", -1), 4);
	ck_assert_int_eq(args_num(&a, "seed", 42), 42);
	ck_assert_str_eq(args_get(&a, "label"), "y");
	ck_assert_str_eq(args_nth(&a, "label", 0), "x");
	ck_assert_ptr_null(args_nth(&a, "label", 2));
	ck_assert(!args_has(&a, "all"));
	ck_assert_ptr_null(args_get(&a, "key"));
	ck_assert_str_eq(args_word(&a, 0), "top");
	ck_assert_ptr_null(args_word(&a, 1));
	args_free(&a);
	words_free(&w);

	words_split("k 3 800ms", &w, err, sizeof err);
	ck_assert_int_eq(args_parse(&a, &args_test_loose, &w, 1, 3, err,
	    sizeof err), 0);
	ck_assert_int_eq(a.words[0].num, 3);
	ck_assert_int_eq(a.words[1].num, 800);
	args_free(&a);
	words_free(&w);

	/* An ARGS_VALUE rule converts: earliest and latest are ListOffsets'
	 * -2 and -1. */
	words_split("x --list --server s --partition 7 --offset earliest", &w,
	    err, sizeof err);
	ck_assert_int_eq(args_parse(&a, &args_test_tool, &w, 1, 3, err,
	    sizeof err), 0);
	ck_assert_int_eq(args_num(&a, "offset", 0), -2);
	args_free(&a);
	words_free(&w);
	words_split("x --create --server s --topic t --partition 7 --offset "
	    "latest", &w, err, sizeof err);
	ck_assert_int_eq(args_parse(&a, &args_test_tool, &w, 1, 3, err,
	    sizeof err), 0);
	ck_assert_int_eq(args_num(&a, "partition", 0), 7);
	ck_assert_int_eq(args_num(&a, "offset", 0), -1);
	args_free(&a);
	words_free(&w);
}
END_TEST

/* --- describe ------------------------------------------------------------ */

/* A topic record of two partitions on replicas 1,2,3 with
 * min.insync.replicas=2 at offset, for the caller to fill parts[] (ISR,
 * leader, ELR) and apply. */
static void
describe_topic_rec(struct mrec *r, int64_t offset, const char *name,
    const char *id, struct partition_reg parts[2])
{
	memset(r, 0, sizeof *r);
	memset(parts, 0, 2 * sizeof parts[0]);
	r->type = MREC_TOPIC;
	r->offset = offset;
	snprintf(r->topic, sizeof r->topic, "%s", name);
	snprintf(r->topic_id, sizeof r->topic_id, "%s", id);
	r->n_partitions = 2;
	r->tconfig.min_insync_replicas = 2;
	r->tconfig.unclean_leader_election = -1;
	r->tconfig.retention_records = -1;
	parts[0].n_replicas = 3;
	parts[0].replicas[0] = 1;
	parts[0].replicas[1] = 2;
	parts[0].replicas[2] = 3;
	parts[1] = parts[0];
	r->parts = parts;
}

START_TEST(test_describe_format)
{
	struct image		 im;
	struct strbuf		 out = STRBUF_INIT;
	const struct topic_reg	*t;
	struct describe_filter	 f;
	const char		*want;

	/* A registration built by hand through the image's records; broker
	 * 2 is registered and active, broker 3 fenced.  KRaft 3.7's tool. */
	image_init(&im);
	im.profile = KAFKA_37;
	{
		struct mrec		r;
		struct partition_reg	parts[2];

		memset(&r, 0, sizeof r);
		memset(parts, 0, sizeof parts);
		r.type = MREC_BROKER;
		r.offset = 0;
		r.broker = 2;
		r.breg.registered = true;
		image_apply(&im, &r);
		r.offset = 1;
		r.broker = 3;
		r.breg.fenced = true;
		image_apply(&im, &r);
		describe_topic_rec(&r, 2, "email.send",
		    "bo8sKLtaTwuQ_Hvma6tixA", parts);
		parts[0].n_isr = 2;
		parts[0].isr[0] = 2;
		parts[0].isr[1] = 3;
		parts[0].leader = 2;
		parts[1].n_isr = 1;
		parts[1].isr[0] = 3;
		parts[1].leader = ISR_NO_LEADER;
		image_apply(&im, &r);
	}
	t = image_topic(&im, "email.send");
	ck_assert_ptr_nonnull(t);
	describe_topic(&out, &im, t);
	want = "Topic: email.send\tTopicId: bo8sKLtaTwuQ_Hvma6tixA\t"
	    "PartitionCount: 2\tReplicationFactor: 3\t"
	    "Configs: min.insync.replicas=2\n"
	    "\tTopic: email.send\tPartition: 0\tLeader: 2\t"
	    "Replicas: 1,2,3\tIsr: 2,3\n"
	    "\tTopic: email.send\tPartition: 1\tLeader: none\t"
	    "Replicas: 1,2,3\tIsr: 3\n";
	ck_assert_str_eq(strbuf_cstr(&out), want);

	/* Filters leave the header out. */
	strbuf_reset(&out);
	memset(&f, 0, sizeof f);
	f.unavailable = true;
	f.default_min_isr = 1;
	describe_topic_filtered(&out, &im, t, &f);
	ck_assert_str_eq(strbuf_cstr(&out), "\tTopic: email.send\t"
	    "Partition: 1\tLeader: none\tReplicas: 1,2,3\tIsr: 3\n");
	strbuf_reset(&out);
	memset(&f, 0, sizeof f);
	f.under_min_isr = true;
	f.default_min_isr = 1;
	describe_topic_filtered(&out, &im, t, &f);	/* min ISR 2 */
	ck_assert_str_eq(strbuf_cstr(&out), "\tTopic: email.send\t"
	    "Partition: 1\tLeader: none\tReplicas: 1,2,3\tIsr: 3\n");
	strbuf_free(&out);
	image_free(&im);
}
END_TEST

/* Kafka 4.x's tool prints the ELR and the last known leader after the Isr,
 * empty lists when there are none (TopicCommand.java:374-388 at
 * 3.9.0-rc3). */
START_TEST(test_k4_describe_elr_fields)
{
	struct image		 im;
	struct mrec		 r;
	struct partition_reg	 parts[2];
	struct strbuf		 out = STRBUF_INIT;

	image_init(&im);
	ck_assert_int_eq(im.profile, KAFKA_4);
	describe_topic_rec(&r, 0, "t", "AAAAAAAAAAAAAAAAAAAAAA", parts);
	parts[0].n_isr = 1;			/* 3 leads; 2 left below min */
	parts[0].isr[0] = parts[0].leader = 3;
	parts[0].elr[0] = 2;
	parts[0].n_elr = 1;
	parts[1].leader = ISR_NO_LEADER;	/* everyone gone */
	parts[1].elr[0] = 2;
	parts[1].elr[1] = 3;
	parts[1].n_elr = 2;
	parts[1].last_known_elr[0] = 3;
	parts[1].n_last_known_elr = 1;
	image_apply(&im, &r);
	describe_topic(&out, &im, image_topic(&im, "t"));
	ck_assert_str_eq(strbuf_cstr(&out), "Topic: t\tTopicId: "
	    "AAAAAAAAAAAAAAAAAAAAAA\tPartitionCount: 2\tReplicationFactor: 3\t"
	    "Configs: min.insync.replicas=2\n"
	    "\tTopic: t\tPartition: 0\tLeader: 3\tReplicas: 1,2,3\tIsr: 3\t"
	    "Elr: 2\tLastKnownElr: \n"
	    "\tTopic: t\tPartition: 1\tLeader: none\tReplicas: 1,2,3\tIsr: \t"
	    "Elr: 2,3\tLastKnownElr: 3\n");
	strbuf_free(&out);
	image_free(&im);
}
END_TEST

START_TEST(test_describe_empty_configs)
{
	struct image		im;
	struct mrec		r;
	struct partition_reg	p;
	struct strbuf		out = STRBUF_INIT;

	image_init(&im);
	memset(&r, 0, sizeof r);
	memset(&p, 0, sizeof p);
	r.type = MREC_TOPIC;
	r.offset = 0;
	snprintf(r.topic, sizeof r.topic, "logs");
	snprintf(r.topic_id, sizeof r.topic_id, "AAAAAAAAAAAAAAAAAAAAAA");
	r.n_partitions = 1;
	r.tconfig.min_insync_replicas = -1;
	r.tconfig.unclean_leader_election = -1;
	r.tconfig.retention_records = -1;
	p.n_replicas = p.n_isr = 1;
	p.replicas[0] = p.isr[0] = p.leader = 1;
	r.parts = &p;
	image_apply(&im, &r);
	describe_topic_header(&out, &im, image_topic(&im, "logs"));
	ck_assert_str_eq(strbuf_cstr(&out), "Topic: logs\tTopicId: "
	    "AAAAAAAAAAAAAAAAAAAAAA\tPartitionCount: 1\tReplicationFactor: 1\t"
	    "Configs: \n");
	strbuf_free(&out);
	image_free(&im);
}
END_TEST

/* --- conditions ---------------------------------------------------------- */

static const struct {
	const char	*text;
	const char	*canonical;	/* NULL: must fail */
} cond_cases[] = {
	{ "leader email.send/0 == 2", "leader email.send/0 == 2" },
	{ "leader email.send/0 != 1", "leader email.send/0 != 1" },
	{ "leader t/3 == none", "leader t/3 == none" },
	{ "isr email.send/0 == 2,3,1", "isr email.send/0 == 2,3,1" },
	{ "isr t/0 contains 1", "isr t/0 contains 1" },
	{ "isr t/0 lacks 1", "isr t/0 lacks 1" },
	{ "broker 1 down", "broker 1 down" },
	{ "broker 2 isolated and broker 3 fenced",
	  "broker 2 isolated and broker 3 fenced" },
	{ "urp == 0", "urp == 0" },
	{ "offline >= 1", "offline >= 1" },
	{ "hw t/0 >= 10", "hw t/0 >= 10" },
	{ "produced email.send >= 1", "produced email.send >= 1" },
	{ "consumed email.send >= 1", "consumed email.send >= 1" },
	{ "error-seen NOT_ENOUGH_REPLICAS", "error-seen NOT_ENOUGH_REPLICAS" },
	{ "key-pressed L", "key-pressed L" },
	{ "ran bin/kafka-topics.sh --describe --topic=email.send",
	  "ran kafka-topics --describe --topic email.send" },
	{ "ran kill 1 and leader t/0 != 1", "ran kill 1 and leader t/0 != 1" },
	{ "", NULL },
	{ "leader", NULL },
	{ "leader t/0 >= 1", NULL },
	{ "leader t == 1", NULL },
	{ "leader t/x == 1", NULL },
	{ "isr t/0 == 1,a", NULL },
	{ "broker 1 sleepy", NULL },
	{ "broker 10 up", NULL },
	{ "urp == -1", NULL },
	{ "frob 1", NULL },
	{ "urp == 0 and", NULL },
	{ "and urp == 0", NULL },
	{ "error-seen", NULL },
	{ "ran", NULL },
	{ "leader 't/0 == 1", NULL },
};

START_TEST(test_cond_parse)
{
	struct cond	*c;
	struct strbuf	 sb = STRBUF_INIT;
	char		 err[256];
	int		 rc;

	err[0] = '\0';
	rc = cond_parse(cond_cases[_i].text, &c, err, sizeof err);
	if (cond_cases[_i].canonical == NULL) {
		ck_assert_msg(rc == -1, "'%s' parsed", cond_cases[_i].text);
		ck_assert_ptr_null(c);
		ck_assert(strlen(err) > 0);
		return;
	}
	ck_assert_msg(rc == 0, "'%s': %s", cond_cases[_i].text, err);
	cond_format(c, &sb);
	ck_assert_str_eq(strbuf_cstr(&sb), cond_cases[_i].canonical);
	strbuf_free(&sb);
	cond_free(c);
}
END_TEST

/* Each clause kind as the checklist says it, in Korean and English. */
static const struct {
	const char	*text, *ko, *en;
} cond_sentences[] = {
	{ "isr email.send/0 == 2,3", "email.send-0의 ISR이 2,3이 된다",
	  "The ISR of email.send-0 becomes 2,3" },
	{ "isr email.send/0 == 1,2", "email.send-0의 ISR이 1,2가 된다",
	  "The ISR of email.send-0 becomes 1,2" },
	{ "isr t/1 != 1,2,3", "t-1의 ISR이 1,2,3이 아니다",
	  "The ISR of t-1 is not 1,2,3" },
	{ "isr t/0 contains 2", "브로커 2가 t-0의 ISR에 있다",
	  "Broker 2 is in the ISR of t-0" },
	{ "isr t/0 lacks 3", "브로커 3이 t-0의 ISR에서 빠진다",
	  "Broker 3 is out of the ISR of t-0" },
	{ "leader email.send/0 != 1", "email.send-0의 리더가 브로커 1이 아니다",
	  "The leader of email.send-0 is no longer broker 1" },
	{ "leader t/0 == 2", "t-0의 리더가 브로커 2가 된다",
	  "The leader of t-0 is broker 2" },
	{ "leader t/0 == none", "t-0의 리더가 없어진다 (Leader: none)",
	  "t-0 has no leader" },
	{ "broker 1 down", "브로커 1이 다운된다", "Broker 1 is down" },
	{ "broker 2 up", "브로커 2가 실행 중이다", "Broker 2 is up" },
	{ "broker 3 fenced", "브로커 3이 펜싱된다", "Broker 3 is fenced" },
	{ "broker 4 isolated", "브로커 4가 격리된다", "Broker 4 is isolated" },
	{ "urp == 0", "복제가 부족한 파티션(URP)이 0개다",
	  "The number of under-replicated partitions (URP) is 0" },
	{ "offline >= 1", "오프라인 파티션이 1개 이상이다",
	  "The number of offline partitions is at least 1" },
	{ "hw t/0 >= 5", "t-0의 하이 워터마크(HW)가 5 이상이다",
	  "The high watermark of t-0 is at least 5" },
	{ "hw t/0 == 3", "t-0의 하이 워터마크(HW)가 3이다",
	  "The high watermark of t-0 is 3" },
	{ "produced email.send >= 1", "email.send에 보낸 메시지가 1건 이상이다",
	  "The number of messages produced to email.send is at least 1" },
	{ "consumed t > 2", "t에서 읽은 메시지가 2건보다 많다",
	  "The number of messages consumed from t is more than 2" },
	{ "error-seen NOT_ENOUGH_REPLICAS",
	  "NOT_ENOUGH_REPLICAS 오류를 확인한다",
	  "See the error NOT_ENOUGH_REPLICAS" },
	{ "ran kafka-topics --describe --topic email.send",
	  "`kafka-topics --describe --topic email.send` 명령을 실행한다",
	  "Run `kafka-topics --describe --topic email.send`" },
	{ "key-pressed L", "L 키를 누른다", "Press the L key" },
	{ "event-seen data_loss email.send",
	  "이벤트 로그에 email.send의 data_loss 이벤트가 보인다",
	  "The event log shows data_loss on email.send" },
	{ "broker 1 down and urp == 1",
	  "브로커 1이 다운된다, 그리고 복제가 부족한 파티션(URP)이 1개다",
	  "Broker 1 is down and the number of under-replicated partitions "
	  "(URP) is 1" },
};

START_TEST(test_cond_describe)
{
	struct cond	*c;
	struct strbuf	 ko = STRBUF_INIT, en = STRBUF_INIT;
	char		 err[256];

	ck_assert_msg(cond_parse(cond_sentences[_i].text, &c, err,
	    sizeof err) == 0, "%s: %s", cond_sentences[_i].text, err);
	cond_describe(c, false, &ko);
	cond_describe(c, true, &en);
	ck_assert_str_eq(strbuf_cstr(&ko), cond_sentences[_i].ko);
	ck_assert_str_eq(strbuf_cstr(&en), cond_sentences[_i].en);
	strbuf_free(&ko);
	strbuf_free(&en);
	cond_free(c);
}
END_TEST

/* --- end to end ---------------------------------------------------------- */

/* The lines of out that start with "\tTopic: ", in order. */
static void
partition_lines(const char *out, struct words *lines)
{
	const char	*p = out, *nl;
	char		*line;

	while ((nl = strchr(p, '\n')) != NULL) {
		if (strncmp(p, "\tTopic: ", 8) == 0) {
			line = xstrndup(p, (size_t)(nl - p));
			words_add(lines, line);
			free(line);
		}
		p = nl + 1;
	}
}

START_TEST(test_script_leader_failover)
{
	struct run	 r;
	struct words	 lines = WORDS_INIT;
	char		*path;
	FILE		*f;
	const char	*out;

	path = xasprintf("%s/examples/leader-failover.isr", tests_srcdir());
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	/* TESTS_SEED_IN_ORDER: email.send is placed 1,2,3, so the broker
	 * the example kills is its leader. */
	run_start_seeded(&r, 3, KAFKA_37, TESTS_SEED_IN_ORDER);
	ck_assert_int_eq(script_run(r.c, f, path, NULL), 0);
	fclose(f);
	free(path);
	out = strbuf_cstr(&r.cap.out);
	partition_lines(out, &lines);
	ck_assert_uint_eq(lines.n, 3);
	ck_assert_str_eq(lines.v[0], "\tTopic: email.send\tPartition: 0\t"
	    "Leader: 1\tReplicas: 1,2,3\tIsr: 1,2,3");
	ck_assert_str_eq(lines.v[1], "\tTopic: email.send\tPartition: 0\t"
	    "Leader: 2\tReplicas: 1,2,3\tIsr: 2,3");
	ck_assert_str_eq(lines.v[2], "\tTopic: email.send\tPartition: 0\t"
	    "Leader: 2\tReplicas: 1,2,3\tIsr: 2,3,1");
	/* The message produced while broker 1 was down is consumed. */
	ck_assert_ptr_nonnull(strstr(out, "\ntest-message-after-fail\n"));
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.err),
	    "Processed a total of 1 messages\n"));
	ck_assert_int_eq(console_produced(r.c, "email.send"), 1);
	ck_assert_int_eq(console_consumed(r.c, "email.send"), 1);
	words_free(&lines);
	run_end(&r);
}
END_TEST

START_TEST(test_script_dead_bootstrap)
{
	struct run	r;

	run_start(&r, 3);
	ck_assert_int_eq(run_text(&r,
	    "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic t --partitions 1 --replication-factor 3\n"
	    "kill 1\n"
	    "bin/kafka-topics.sh --bootstrap-server localhost:9092 "
	    "--describe --topic t\n"), 0);
	ck_assert_str_eq(strbuf_cstr(&r.cap.err),
	    "WARN [AdminClient clientId=adminclient-1] Connection to node -1 "
	    "(localhost/127.0.0.1:9092) could not be established. Node may "
	    "not be available. (org.apache.kafka.clients.NetworkClient)\n");
	ck_assert_str_eq(strbuf_cstr(&r.cap.out), "Created topic t.\n"
	    "Error while executing topic command : Timed out waiting for a "
	    "node assignment. Call: listTopics\n");
	run_end(&r);
}
END_TEST

START_TEST(test_script_errors)
{
	struct run	r;

	run_start(&r, 3);
	ck_assert_int_eq(run_text(&r, "# nothing\n\nfrob 1\n"), 2);
	ck_assert_str_eq(strbuf_cstr(&r.cap.err), "isrlab: test.isr:3: "
	    "unknown command 'frob' (try 'help')\n");
	strbuf_reset(&r.cap.err);
	ck_assert_int_eq(run_text(&r, "kill 7\n"), 2);
	ck_assert_str_eq(strbuf_cstr(&r.cap.err), "isrlab: test.isr:1: "
	    "kill: broker 7 does not exist (brokers are 1-3)\n");
	strbuf_reset(&r.cap.err);
	ck_assert_int_eq(run_text(&r, "kafka-topics --bootstrap-server \\\n"
	    "  localhost:9092 --list --foo\n"), 2);
	ck_assert_str_eq(strbuf_cstr(&r.cap.err), "isrlab: test.isr:1: "
	    "Exception in thread \"main\" joptsimple."
	    "UnrecognizedOptionException: foo is not a recognized option\n");
	strbuf_reset(&r.cap.err);
	ck_assert_int_eq(run_text(&r, "kafka-topics --bootstrap-server "
	    "localhost:9092 --create --partitions 1\n"), 2);
	ck_assert(strstr(strbuf_cstr(&r.cap.err),
	    "Missing required argument \"[topic]\"") != NULL);
	strbuf_reset(&r.cap.err);
	/* Kafka-level errors are results: the script goes on. */
	ck_assert_int_eq(run_text(&r, "produce nosuch\nconsume nosuch\n"), 0);
	ck_assert_str_eq(strbuf_cstr(&r.cap.err),
	    "ERROR UNKNOWN_TOPIC_OR_PARTITION: This server does not host this "
	    "topic-partition.\n"
	    "ERROR UNKNOWN_TOPIC_OR_PARTITION: This server does not host this "
	    "topic-partition.\n");
	ck_assert(console_error_seen(r.c, "UNKNOWN_TOPIC_OR_PARTITION"));
	strbuf_reset(&r.cap.err);
	ck_assert_int_eq(run_text(&r, "'unbalanced\n"), 2);
	run_end(&r);
}
END_TEST

/* Usage lines come from the entries' one usage text. */
static const struct {
	const char	*line;
	int		 rc;		/* run_text's */
	const char	*err;		/* what the script prints on stderr */
} usage_cases[] = {
	{ "start\n", 2, "isrlab: test.isr:1: usage: start BROKER\n" },
	{ "metrics now\n", 2, "isrlab: test.isr:1: usage: metrics\n" },
	{ "slow 1\n", 2, "isrlab: test.isr:1: usage: slow BROKER DELAY (e.g. "
	  "slow 3 800ms; slow 3 0 undoes it)\n" },
	{ "set --list x=1\n", 2, "isrlab: test.isr:1: usage: set NAME=VALUE | "
	  "set --list\n" },
	{ "group\n", 2, "isrlab: test.isr:1: usage: group add-member GROUP "
	  "TOPIC [--assignor range|roundrobin] | group remove-member GROUP "
	  "[MEMBER] [--kill]\n" },
	{ "group add-member g\n", 2, "isrlab: test.isr:1: usage: group "
	  "add-member GROUP TOPIC [--assignor range|roundrobin]\n" },
	{ "group add-member g nosuch --assignor x\n", 2, "isrlab: test.isr:1: "
	  "group: --assignor is range or roundrobin\n" },
	/* Checked by the spec, then a Kafka-level result. */
	{ "group add-member g nosuch\n", 0, "ERROR UNKNOWN_TOPIC_OR_PARTITION: "
	  "This server does not host this topic-partition.\n" },
	/* What a tool form does not support is said, and the script goes on. */
	{ "kafka-consumer-groups --bootstrap-server localhost:9092 "
	  "--reset-offsets --group g\n", 0, "isrlab: not yet supported: "
	  "kafka-consumer-groups (only --list and --describe)\n" },
};

START_TEST(test_script_usage_lines)
{
	struct run	r;

	run_start(&r, 3);
	ck_assert_int_eq(run_text(&r, usage_cases[_i].line),
	    usage_cases[_i].rc);
	ck_assert_str_eq(strbuf_cstr(&r.cap.err), usage_cases[_i].err);
	run_end(&r);
}
END_TEST

START_TEST(test_script_wait_until_and_ran)
{
	struct run	 r;
	struct words	 prefix = WORDS_INIT;
	int		 container;

	run_start(&r, 3);
	ck_assert_int_eq(run_text(&r,
	    "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic t --partitions 1 --replication-factor 3\n"
	    "produce t --count 3\n"
	    "wait-until hw t/0 >= 3 and produced t >= 3\n"
	    "docker exec -it kafka2 kafka-topics --bootstrap-server "
	    "kafka2:29093 --describe --topic t\n"
	    "kill 1\n"
	    "wait-until leader t/0 != 1 and isr t/0 lacks 1 --timeout 10s\n"
	    "wait-until leader t/0 == 1 --timeout 1s\n"), 0);
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.out),
	    "condition met at "));
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.out),
	    "timed out after 1s: leader t/0 == 1\n"));
	words_add(&prefix, "kafka-topics.sh");
	words_add(&prefix, "--describe");
	words_add(&prefix, "--topic");
	words_add(&prefix, "t");
	cmd_normalize(&prefix, &container, NULL, 0, true);
	ck_assert(console_ran(r.c, &prefix));
	words_shift(&prefix, prefix.n);
	words_add(&prefix, "kafka-topics");
	words_add(&prefix, "--list");
	ck_assert(!console_ran(r.c, &prefix));
	words_free(&prefix);
	run_end(&r);
}
END_TEST

START_TEST(test_script_producer_lines)
{
	struct run	r;

	run_start(&r, 3);
	ck_assert_int_eq(run_text(&r,
	    "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic t --partitions 1 --replication-factor 3\n"
	    "kafka-console-producer --bootstrap-server localhost:9092 "
	    "--topic t --property parse.key=true --property "
	    "key.separator=:\n"
	    "> k1:v1\n"
	    "> k2:v2\n"
	    "kafka-console-consumer --bootstrap-server localhost:9092 "
	    "--topic t --from-beginning --property print.key=true\n"), 0);
	ck_assert_str_eq(strbuf_cstr(&r.cap.out), "Created topic t.\n"
	    "k1\tv1\nk2\tv2\n");
	/* A "> " line with no producer is a script error. */
	ck_assert_int_eq(run_text(&r, "> orphan\n"), 2);
	run_end(&r);
}
END_TEST

/* The hooks a drawing front end sets: pause/resume/speed reach its clock
 * (console_set_clock), and wait/wait-until hand it the wait instead of
 * running the clock (console_set_waiter); console_wait_over ends them. */
struct hooks_seen {
	int			 paused, resumed;
	double			 speed;
	struct console_wait	*wait;
};

static void
hooks_paused(void *arg, bool paused)
{
	struct hooks_seen	*h = arg;

	if (paused)
		h->paused++;
	else
		h->resumed++;
}

static void
hooks_speed(void *arg, double speed)
{
	((struct hooks_seen *)arg)->speed = speed;
}

static void
hooks_waiter(void *arg, struct console_wait *w)
{
	struct hooks_seen	*h = arg;

	console_wait_free(h->wait);
	h->wait = w;
}

START_TEST(test_console_hooks)
{
	static const struct console_clock clk = {
		.set_paused = hooks_paused,
		.set_speed = hooks_speed,
	};
	struct hooks_seen	 h;
	struct run		 r;
	struct snapshot		 s;
	struct engine		*e;
	char			 err[256];
	int64_t			 t0;

	memset(&h, 0, sizeof h);
	run_start(&r, 3);
	e = r.c->engine;
	console_set_clock(r.c, &clk, &h);
	ck_assert_int_eq(console_exec(r.c, "pause", err, sizeof err), 0);
	ck_assert_int_eq(console_exec(r.c, "resume", err, sizeof err), 0);
	ck_assert_int_eq(console_exec(r.c, "speed 5x", err, sizeof err), 0);
	ck_assert_int_eq(h.paused, 1);
	ck_assert_int_eq(h.resumed, 1);
	ck_assert(h.speed == 5.0);
	ck_assert_ptr_null(strstr(strbuf_cstr(&r.cap.err), "no effect"));

	console_set_waiter(r.c, hooks_waiter, &h);
	t0 = e->ops->now(e);
	ck_assert_int_eq(console_exec(r.c, "wait 3s", err, sizeof err), 0);
	ck_assert_int_eq(e->ops->now(e), t0);	/* no time passed */
	ck_assert_ptr_nonnull(h.wait);
	ck_assert_ptr_null(h.wait->cond);
	ck_assert_int_eq(h.wait->until_ms - h.wait->start_ms, 3000);
	e->ops->snapshot(e, &s);
	ck_assert(!console_wait_over(r.c, h.wait, &s));
	snapshot_free(&s);
	e->ops->advance(e, 3000);
	e->ops->snapshot(e, &s);
	ck_assert(console_wait_over(r.c, h.wait, &s));
	snapshot_free(&s);

	ck_assert_int_eq(console_exec(r.c, "wait-until broker 1 down "
	    "--timeout 2s", err, sizeof err), 0);
	ck_assert_ptr_nonnull(h.wait->cond);
	ck_assert_str_eq(h.wait->timeout, "2s");
	e->ops->advance(e, 2500);
	e->ops->snapshot(e, &s);
	ck_assert(console_wait_over(r.c, h.wait, &s));
	snapshot_free(&s);
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&r.cap.out),
	    "timed out after 2s: broker 1 down\n"));
	console_wait_free(h.wait);
	run_end(&r);
}
END_TEST

Suite *
suite_console(void)
{
	Suite	*s = suite_create("console");
	TCase	*tc;

	tc = tcase_create("words");
	tcase_add_loop_test(tc, test_words_split, 0, nitems(words_cases));
	tcase_add_test(tc, test_words_empty_quotes);
	tcase_add_test(tc, test_words_join_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("servers");
	tcase_add_loop_test(tc, test_servers_lookup, 0, nitems(servers_cases));
	tcase_add_test(tc, test_servers_ports);
	tcase_add_test(tc, test_servers_parse);
	suite_add_tcase(s, tc);

	tc = tcase_create("args");
	tcase_add_loop_test(tc, test_args_parse, 0, nitems(args_cases));
	tcase_add_test(tc, test_args_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("describe");
	tcase_add_test(tc, test_describe_format);
	tcase_add_test(tc, test_k4_describe_elr_fields);
	tcase_add_test(tc, test_describe_empty_configs);
	suite_add_tcase(s, tc);

	tc = tcase_create("cond");
	tcase_add_loop_test(tc, test_cond_parse, 0, nitems(cond_cases));
	tcase_add_loop_test(tc, test_cond_describe, 0,
	    nitems(cond_sentences));
	suite_add_tcase(s, tc);

	tc = tcase_create("script");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_script_leader_failover);
	tcase_add_test(tc, test_script_dead_bootstrap);
	tcase_add_test(tc, test_script_errors);
	tcase_add_loop_test(tc, test_script_usage_lines, 0,
	    nitems(usage_cases));
	tcase_add_test(tc, test_script_wait_until_and_ran);
	tcase_add_test(tc, test_script_producer_lines);
	tcase_add_test(tc, test_console_hooks);
	suite_add_tcase(s, tc);
	return s;
}
