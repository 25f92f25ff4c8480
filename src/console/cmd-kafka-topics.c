/*
 * cmd-kafka-topics.c - kafka-topics.sh: --create, --describe, --list,
 * --delete, with Kafka 3.7's TopicCommand output and errors.
 *
 * The admin client asks the first bootstrap broker that answers, so
 * --describe and --list print that broker's metadata image: a broker cut
 * off from the controller answers from its stale image, as a real one
 * does.  Creates and deletes go to the controller.  When no bootstrap
 * broker answers, Kafka's admin client logs a NetworkClient warning and
 * times out; isrlab prints the same lines at once instead of waiting
 * default.api.timeout.ms (60 s), and does not advance the clock.
 */

#include "config.h"

#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/cmd.h"
#include "console/describe.h"
#include "util/i18n.h"
#include "util/javahash.h"
#include "util/xmalloc.h"

/* TopicCommand.printException prints this to standard output
 * (tools/src/main/java/org/apache/kafka/tools/TopicCommand.java:130 at
 * 3.7.0). */
#define TOPICS_ERR "Error while executing topic command : "
#define TOPICS_ADMIN "AdminClient clientId=adminclient-1"
/* Longest wait for a created or deleted topic to reach every broker. */
#define TOPICS_SETTLE_MS 2000

static const struct args_opt topics_opts[] = {
	{ .name = "bootstrap-server", .has_value = true },
	{ .name = "command-config", .has_value = true },
	{ .name = "create" },
	{ .name = "describe" },
	{ .name = "list" },
	{ .name = "delete" },
	{ .name = "alter" },
	{ .name = "topic", .has_value = true },
	{ .name = "topic-id", .has_value = true },
	{ .name = "partitions", .has_value = true },
	{ .name = "replication-factor", .has_value = true },
	{ .name = "replica-assignment", .has_value = true },
	{ .name = "config", .has_value = true, .repeat = true },
	{ .name = "delete-config", .has_value = true },
	{ .name = "under-replicated-partitions" },
	{ .name = "unavailable-partitions" },
	{ .name = "under-min-isr-partitions" },
	{ .name = "at-min-isr-partitions" },
	{ .name = "topics-with-overrides" },
	{ .name = "exclude-internal" },
	{ .name = "if-exists" },
	{ .name = "if-not-exists" },
	{ .name = "disable-rack-aware" },
	{ .name = "help" },
	{ .name = "version" },
	{ NULL }
};

/* TopicCommand's checks, in its order. */
static const struct args_rule topics_rules[] = {
	{ ARGS_NONE, "help version", NULL, "kafka-topics: --help and "
	  "--version are not available in isrlab (try 'help kafka-topics')" },
	{ ARGS_NO_WORDS, NULL, NULL, "Exception in thread \"main\" java.lang."
	  "IllegalArgumentException: Found non argument parameters: " },
	{ ARGS_ONE, "create describe list delete alter", NULL, "Command must "
	  "include exactly one action: --list, --describe, --create, --alter "
	  "or --delete" },
	/* checkRequiredArgs (TopicCommand.java:943-961 at 3.7.0). */
	{ ARGS_REQUIRED, "bootstrap-server", NULL, "--bootstrap-server must be "
	  "specified" },
	{ ARGS_REQUIRED, "topic topic-id", "describe if-exists", "--topic or "
	  "--topic-id is required to describe a topic" },
	{ ARGS_REQUIRED, "topic", "create", NULL },
	{ ARGS_REQUIRED, "topic", "delete", NULL },
	{ ARGS_REQUIRED, "topic", "alter", NULL },
	/* --config with --alter: the set {bootstrap-server, config} printed
	 * as Java's HashSet orders it (AbstractOptionSpec.hashCode is its
	 * names' list's: bucket 3, then 14). */
	{ ARGS_NONE, "config", "alter bootstrap-server", "Option combination "
	  "\"[[bootstrap-server], [config]]\" can't be used with option "
	  "\"[alter]\" (the kafka-configs CLI supports altering topic "
	  "configs with a --bootstrap-server option)" },
	{ ARGS_REQUIRED, "partitions", "alter", NULL },
	/* checkInvalidArgs (lines 963-990): each option against the actions
	 * it does not go with; one action is given, so the first hit is the
	 * one Kafka's sets name. */
	{ ARGS_INVALID, "config describe list delete", NULL, NULL },
	{ ARGS_INVALID, "delete-config create describe list delete "
	  "bootstrap-server", NULL, NULL },
	{ ARGS_INVALID, "partitions describe list delete", NULL, NULL },
	{ ARGS_INVALID, "replication-factor alter describe list delete", NULL,
	  NULL },
	{ ARGS_INVALID, "replica-assignment describe list delete", NULL, NULL },
	{ ARGS_INVALID, "replica-assignment partitions replication-factor",
	  "create", NULL },
	{ ARGS_INVALID, "under-replicated-partitions alter create list delete "
	  "topics-with-overrides", NULL, NULL },
	{ ARGS_INVALID, "under-min-isr-partitions alter create list delete "
	  "topics-with-overrides", NULL, NULL },
	{ ARGS_INVALID, "at-min-isr-partitions alter create list delete "
	  "topics-with-overrides", NULL, NULL },
	{ ARGS_INVALID, "unavailable-partitions alter create list delete "
	  "topics-with-overrides", NULL, NULL },
	{ ARGS_INVALID, "topics-with-overrides alter create list delete", NULL,
	  NULL },
	{ ARGS_INVALID, "if-exists create list", NULL, NULL },
	{ ARGS_INVALID, "if-not-exists alter describe list delete", NULL,
	  NULL },
	{ ARGS_INVALID, "exclude-internal alter create delete", NULL, NULL },
	{ ARGS_END, NULL, NULL, NULL }
};

static const struct args_spec topics_spec = {
	.dialect = ARGS_JOPT,
	.opts = topics_opts,
	.rules = topics_rules,
	.max_words = ARGS_JOPT_MAX_WORDS,
	.too_many = ARGS_JOPT_TOO_MANY,
};

/* Kafka's TopicFilter.IncludeList: the --topic value is a regular
 * expression ("," separating alternatives) that must match the whole
 * name. */
struct topics_filter {
	bool		 any;		/* no --topic: every topic */
	bool		 compiled;
	regex_t		 re;
	const char	*literal;
};

static void
topics_filter_init(struct topics_filter *f, const char *topic)
{
	char	*pat, *p;

	memset(f, 0, sizeof *f);
	if (topic == NULL) {
		f->any = true;
		return;
	}
	f->literal = topic;
	pat = xasprintf("^(%s)$", topic);
	for (p = pat; *p != '\0'; p++)
		if (*p == ',')
			*p = '|';
	f->compiled = regcomp(&f->re, pat, REG_EXTENDED | REG_NOSUB) == 0;
	free(pat);
}

static bool
topics_filter_match(const struct topics_filter *f, const char *name)
{
	if (f->any)
		return true;
	if (strcmp(f->literal, name) == 0)
		return true;
	return f->compiled && regexec(&f->re, name, 0, NULL, 0) == 0;
}

static void
topics_filter_free(struct topics_filter *f)
{
	if (f->compiled)
		regfree(&f->re);
}

/* Whether any topic of im passes f. */
static bool
topics_any(const struct image *im, const struct topics_filter *f)
{
	size_t	i;

	for (i = 0; i < im->n_topics; i++)
		if (topics_filter_match(f, im->topics[i].name))
			return true;
	return false;
}

static int
topics_missing(struct cmd_ctx *ctx, const struct args *o)
{
	if (args_has(o, "if-exists"))
		return 0;
	console_printf(ctx->c, TOPICS_ERR "Topic '%s' does not exist as "
	    "expected\n", args_get(o, "topic"));
	return 1;
}

/* --exclude-internal leaves out Kafka's internal topics
 * (__consumer_offsets, __transaction_state). */
static bool
topics_excluded(const struct args *o, const char *name)
{
	return args_has(o, "exclude-internal") &&
	    strncmp(name, "__", 2) == 0;
}

/* Stable: order v[0..n) by bucket index in a table of cap buckets, as a
 * HashMap filled in v's order iterates them. */
static void
topics_java_bucket_sort(const struct topic_reg **v, size_t n, uint32_t cap)
{
	const struct topic_reg *t;
	size_t i, j;

	for (i = 1; i < n; i++) {
		t = v[i];
		for (j = i; j > 0 && javahash_bucket(v[j - 1]->name, cap) >
		    javahash_bucket(t->name, cap); j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

/* The order kafka-topics --describe prints topics in: TopicCommand sorts
 * the names (tools/src/main/java/org/apache/kafka/tools/
 * TopicCommand.java:648 at 3.7.0) but prints the descriptions in the
 * order of the HashMap the admin client hands back (line 571): the
 * sorted names go through HashMap(n) (KafkaAdminClient.java:2117), a
 * copy of it (line 2189) and DescribeTopicsResult.all's HashMap(n)
 * (DescribeTopicsResult.java:134).  Each iterates by bucket, then in
 * insertion order; a chain of 8 that would make Java treeify or resize
 * a small table takes more topics than a lab has. */
static void
topics_describe_order(const struct topic_reg **v, size_t n)
{
	uint32_t cap_new = javahash_capacity((uint32_t)n, n);
	uint32_t cap_copy = javahash_capacity((uint32_t)((float)n / 0.75f +
	    1.0f), n);

	topics_java_bucket_sort(v, n, cap_new);
	topics_java_bucket_sort(v, n, cap_copy);
	topics_java_bucket_sort(v, n, cap_new);
}

static int
topics_name_cmp(const void *a, const void *b)
{
	const struct topic_reg *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

static int
topics_describe(struct cmd_ctx *ctx, const struct args *o,
    const struct image *im)
{
	struct topics_filter	 f;
	struct describe_filter	 df;
	struct settings		 set;
	struct strbuf		 out = STRBUF_INIT;
	const struct topic_reg	**v;
	size_t			 i, n = 0;

	topics_filter_init(&f, args_get(o, "topic"));
	if (!f.any && !topics_any(im, &f)) {
		topics_filter_free(&f);
		return topics_missing(ctx, o);
	}
	ctx->c->engine->ops->get_settings(ctx->c->engine, &set);
	memset(&df, 0, sizeof df);
	df.under_replicated = args_has(o, "under-replicated-partitions");
	df.unavailable = args_has(o, "unavailable-partitions");
	df.under_min_isr = args_has(o, "under-min-isr-partitions");
	df.at_min_isr = args_has(o, "at-min-isr-partitions");
	df.with_overrides = args_has(o, "topics-with-overrides");
	df.default_min_isr = set.min_insync_replicas;
	v = xcalloc(im->n_topics + 1, sizeof *v);
	for (i = 0; i < im->n_topics; i++)
		if (topics_filter_match(&f, im->topics[i].name) &&
		    !topics_excluded(o, im->topics[i].name))
			v[n++] = &im->topics[i];
	qsort(v, n, sizeof *v, topics_name_cmp);
	topics_describe_order(v, n);
	for (i = 0; i < n; i++)
		describe_topic_filtered(&out, im, v[i], &df);
	free(v);
	console_write(ctx->c, 1, out.s, out.len);
	strbuf_free(&out);
	topics_filter_free(&f);
	return 0;
}

static int
topics_list(struct cmd_ctx *ctx, const struct args *o,
    const struct image *im)
{
	struct topics_filter	f;
	size_t			i;

	topics_filter_init(&f, args_get(o, "topic"));
	for (i = 0; i < im->n_topics; i++)
		if (topics_filter_match(&f, im->topics[i].name) &&
		    !topics_excluded(o, im->topics[i].name))
			console_printf(ctx->c, "%s\n", im->topics[i].name);
	topics_filter_free(&f);
	return 0;
}

struct topics_settle_arg {
	const char	*topic;
	bool		 present;
	int		 partitions;	/* present: at least this many */
};

/* Whether every running broker's image agrees on the topic. */
static bool
topics_settled(const struct snapshot *s, void *arg)
{
	struct topics_settle_arg	*a = arg;
	const struct topic_reg		*t;
	int				 b;

	for (b = 1; b <= s->n_brokers; b++) {
		if (s->brokers[b].state != BROKER_RUNNING)
			continue;
		t = image_topic(&s->brokers[b].image, a->topic);
		if ((t != NULL) != a->present ||
		    (t != NULL && t->n_partitions < a->partitions))
			return false;
	}
	return true;
}

/* Let the change reach the brokers' images before the tool returns, as it
 * has by the time a student types the next command (a JVM takes a second
 * to start). */
static void
topics_settle(struct cmd_ctx *ctx, const char *topic, bool present,
    int partitions)
{
	struct engine			*e = ctx->c->engine;
	struct topics_settle_arg	 a = { topic, present, partitions };

	e->ops->run_until(e, topics_settled, &a, TOPICS_SETTLE_MS);
}

static int
topics_admin_error(struct cmd_ctx *ctx, enum kerr ke, const char *why)
{
	console_error_add(ctx->c, kerr_name(ke));
	console_printf(ctx->c, TOPICS_ERR "%s\n",
	    why[0] != '\0' ? why : kerr_message(ke));
	return 1;
}

/* An Integer option's value: jopt-simple converts it when
 * CommandTopicPartition asks (TopicCommand.java:258-264 at 3.7.0), inside
 * execute's try, so a bad one is the tool's error on standard output
 * (lines 117-131), not a usage error. */
static int
topics_int_opt(struct cmd_ctx *ctx, const struct args *o,
    const char *name, int dflt, int *out)
{
	const char	*v = args_get(o, name);
	long long	 n;
	char		*end;

	if (v == NULL) {
		*out = dflt;
		return 0;
	}
	n = strtoll(v, &end, 10);
	if (*v == '\0' || *end != '\0' || n < -2147483648LL ||
	    n > 2147483647LL) {
		console_printf(ctx->c, TOPICS_ERR "Cannot parse argument '%s' "
		    "of option %s\n", v, name);
		return 1;
	}
	*out = (int)n;
	return 0;
}

/* A --config K=V split as parseTopicConfigsToBeAdded splits it, on "=" with
 * the blanks around it and trailing empty parts dropped (String.split), so
 * that exactly two parts are wanted: "a=" and "a=b=c" are refused, "=b"
 * is not (TopicCommand.java:159-172 at 3.7.0).  Returns "K\0V" (free the
 * pointer), or NULL. */
static char *
topics_config_pair(const char *v)
{
	const char	*eq = strchr(v, '='), *k = v, *val, *vend;
	size_t		 klen;
	char		*out;

	if (eq == NULL)
		return NULL;
	for (val = eq + 1; *val == ' ' || *val == '\t'; val++)
		;
	if (*val == '\0' || strchr(val, '=') != NULL)
		return NULL;
	for (vend = val + strlen(val); vend[-1] == ' ' || vend[-1] == '\t';
	    vend--)
		;
	while (*k == ' ' || *k == '\t')
		k++;
	for (klen = (size_t)(eq - k); klen > 0 && (k[klen - 1] == ' ' ||
	    k[klen - 1] == '\t'); klen--)
		;
	out = xmalloc(klen + 1 + (size_t)(vend - val) + 1);
	memcpy(out, k, klen);
	out[klen] = '\0';
	memcpy(out + klen + 1, val, (size_t)(vend - val));
	out[klen + 1 + (vend - val)] = '\0';
	return out;
}

/* --replica-assignment is said, not silently ignored: placement here is
 * always the profile's replica placer's (see isrlab(1), FIDELITY). */
static bool
topics_manual_assignment(struct cmd_ctx *ctx, const struct args *o)
{
	if (!args_has(o, "replica-assignment"))
		return false;
	console_eprintf(ctx->c, TOPICS_ERR "isrlab places replicas as Kafka's "
	    "replica placer does; --replica-assignment is not supported\n");
	return true;
}

static int
topics_create(struct cmd_ctx *ctx, const struct args *o)
{
	struct engine		*e = ctx->c->engine;
	struct admin_req	 r;
	struct topic_config_kv	*kv = NULL;
	char			*store, why[512] = "";
	const char		*topic = args_get(o, "topic"), *v;
	size_t			 i, n = 0;
	enum kerr		 ke;
	int			 rc = 0;

	if (topics_manual_assignment(ctx, o))
		return 1;
	memset(&r, 0, sizeof r);
	r.kind = ADMIN_CREATE_TOPIC;
	r.topic = topic;
	if (topics_int_opt(ctx, o, "partitions", 1, &r.partitions) != 0 ||
	    topics_int_opt(ctx, o, "replication-factor", 1,
	    &r.replication_factor) != 0)
		return 1;
	for (i = 0; args_nth(o, "config", i) != NULL; i++)
		n++;
	kv = xcalloc(n + 1, sizeof *kv);
	for (i = 0; i < n; i++) {
		v = args_nth(o, "config", i);
		if ((store = topics_config_pair(v)) == NULL) {
			while (i > 0)	/* the configs stored so far */
				free((char *)kv[--i].key);
			free(kv);
			console_printf(ctx->c, TOPICS_ERR "requirement "
			    "failed: Invalid topic config: all configs to be "
			    "added must be in the format \"key=val\".\n");
			return 1;
		}
		kv[i].key = store;
		kv[i].value = store + strlen(store) + 1;
	}
	r.configs = kv;
	r.n_configs = (int)n;

	if (strchr(topic, '.') != NULL || strchr(topic, '_') != NULL)
		console_printf(ctx->c, "WARNING: Due to limitations in metric "
		    "names, topics with a period ('.') or underscore ('_') "
		    "could collide. To avoid issues it is best to use either, "
		    "but not both.\n");
	/* TopicService.createTopic's own checks, before any request
	 * (TopicCommand.java:450-455 at 3.7.0). */
	ke = KERR_NONE;
	if (r.replication_factor < 1 || r.replication_factor > 32767)
		snprintf(why, sizeof why, "The replication factor must be "
		    "between 1 and 32767 inclusive");
	else if (r.partitions < 1)
		snprintf(why, sizeof why, "The partitions must be greater "
		    "than 0");
	else
		ke = e->ops->admin(e, &r, why, sizeof why);
	if (why[0] != '\0' && ke == KERR_NONE) {
		console_printf(ctx->c, TOPICS_ERR "%s\n", why);
		rc = 1;
	} else if (ke == KERR_NONE) {
		topics_settle(ctx, topic, true, 0);
		console_printf(ctx->c, "Created topic %s.\n", topic);
	} else if (ke == KERR_TOPIC_ALREADY_EXISTS &&
	    args_has(o, "if-not-exists"))
		rc = 0;
	else if (ke == KERR_TOPIC_ALREADY_EXISTS && why[0] == '\0') {
		console_error_add(ctx->c, kerr_name(ke));
		console_printf(ctx->c, TOPICS_ERR "Topic '%s' already "
		    "exists.\n", topic);
		rc = 1;
	} else
		rc = topics_admin_error(ctx, ke, why);
	for (i = 0; i < n; i++)
		free((char *)kv[i].key);
	free(kv);
	return rc;
}

/* The topics --topic names (TopicService.getTopics), into names. */
static void
topics_matching(const struct args *o, const struct image *im,
    struct words *names)
{
	struct topics_filter	 f;
	size_t			 i;

	topics_filter_init(&f, args_get(o, "topic"));
	for (i = 0; i < im->n_topics; i++)
		if (topics_filter_match(&f, im->topics[i].name))
			words_add(names, im->topics[i].name);
	topics_filter_free(&f);
}

/* TopicService.alterTopic (TopicCommand.java:490-502 at 3.7.0): every
 * topic --topic matches grows to --partitions, placed as a new topic's
 * partitions are; the tool prints nothing when it worked, and the
 * controller's own message when it did not ("Topic already has 3
 * partition(s).", ReplicationControlManager.java:1712-1722). */
static int
topics_alter(struct cmd_ctx *ctx, const struct args *o,
    const struct image *im)
{
	struct engine		*e = ctx->c->engine;
	struct admin_req	 r;
	struct words		 names = WORDS_INIT;
	char			 why[256];
	size_t			 i;
	enum kerr		 ke, first = KERR_NONE;
	char			 first_why[256] = "";
	int			 count;

	if (topics_manual_assignment(ctx, o) ||
	    topics_int_opt(ctx, o, "partitions", 1, &count) != 0)
		return 1;
	topics_matching(o, im, &names);
	if (names.n == 0) {
		words_free(&names);
		return topics_missing(ctx, o);
	}
	/* One CreatePartitions request: each topic succeeds or fails on its
	 * own, and all().get() throws the first failure. */
	for (i = 0; i < names.n; i++) {
		memset(&r, 0, sizeof r);
		r.kind = ADMIN_CREATE_PARTITIONS;
		r.topic = names.v[i];
		r.partitions = count;
		why[0] = '\0';
		ke = e->ops->admin(e, &r, why, sizeof why);
		if (ke == KERR_NONE)
			topics_settle(ctx, names.v[i], true, count);
		else if (first == KERR_NONE) {
			first = ke;
			snprintf(first_why, sizeof first_why, "%s", why);
		}
	}
	words_free(&names);
	if (first != KERR_NONE)
		return topics_admin_error(ctx, first, first_why);
	return 0;
}

static int
topics_delete(struct cmd_ctx *ctx, const struct args *o,
    const struct image *im)
{
	struct engine		*e = ctx->c->engine;
	struct admin_req	 r;
	struct words		 names = WORDS_INIT;
	char			 why[256];
	size_t			 i;
	enum kerr		 ke;
	int			 rc = 0;

	topics_matching(o, im, &names);
	if (names.n == 0)
		return topics_missing(ctx, o);
	for (i = 0; i < names.n && rc == 0; i++) {
		memset(&r, 0, sizeof r);
		r.kind = ADMIN_DELETE_TOPIC;
		r.topic = names.v[i];
		why[0] = '\0';
		ke = e->ops->admin(e, &r, why, sizeof why);
		if (ke != KERR_NONE)
			rc = topics_admin_error(ctx, ke, why);
		else
			topics_settle(ctx, names.v[i], false, 0);
	}
	words_free(&names);
	return rc;
}

static int
topics_exec(struct cmd_ctx *ctx)
{
	struct snapshot		 s;
	struct servers		 sv;
	const struct image	*im;
	bool			 create = args_has(ctx->a, "create");
	int			 rc, broker;

	cmd_snapshot(ctx, &s);
	rc = cmd_bootstrap(ctx, args_get(ctx->a, "bootstrap-server"),
	    TOPICS_ADMIN, &s, &sv, &broker);
	if (rc == 1)
		console_printf(ctx->c, TOPICS_ERR "Timed out waiting for a "
		    "node assignment. Call: %s\n", create ? "createTopics" :
		    "listTopics");
	if (rc != 0) {
		snapshot_free(&s);
		return rc;
	}
	im = &s.brokers[broker].image;
	if (args_has(ctx->a, "describe"))
		rc = topics_describe(ctx, ctx->a, im);
	else if (args_has(ctx->a, "list"))
		rc = topics_list(ctx, ctx->a, im);
	else if (create)
		rc = topics_create(ctx, ctx->a);
	else if (args_has(ctx->a, "alter"))
		rc = topics_alter(ctx, ctx->a, im);
	else
		rc = topics_delete(ctx, ctx->a, im);
	snapshot_free(&s);
	return rc;
}

const struct cmd_entry cmd_kafka_topics_entry = {
	.name = "kafka-topics",
	.usage = "--bootstrap-server H:P (--create --topic T --partitions N "
	    "--replication-factor R [--config K=V]... | --describe [--topic T] "
	    "[--under-replicated-partitions] [--unavailable-partitions] "
	    "[--under-min-isr-partitions] | --list | --alter --topic T "
	    "--partitions N | --delete --topic T)",
	.help = N_("create, describe, list, alter or delete topics (Kafka's "
	    "tool)"),
	.kafka_tool = true,
	.spec = &topics_spec,
	.exec = topics_exec,
};
