/*
 * cmd-console-consumer.c - kafka-console-consumer.sh.
 *
 * Values one per line on stdout, "Processed a total of N messages" on
 * stderr, as the real tool prints when it ends.  A real console consumer
 * waits for new messages until Ctrl+C; in isrlab it stops once it has
 * caught up with the high watermark of every partition it reads (or after
 * --max-messages), which is what a script needs.  Without
 * --from-beginning it starts at the end (auto.offset.reset=latest), so it
 * prints nothing.  With --group G it joins consumer group G, starts from
 * the group's committed offsets, and commits its positions and leaves the
 * group when it stops; without --group it reads every partition without
 * a group (Kafka would join a random console-consumer-N group that never
 * commits: the output is the same).
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/clients.h"
#include "console/cmd.h"
#include "util/i18n.h"

static const struct args_opt consumer_opts[] = {
	{ .name = "bootstrap-server", .has_value = true },
	{ .name = "topic", .has_value = true },
	{ .name = "from-beginning" },
	{ .name = "partition", .has_value = true, .kind = ARGS_PARTITION },
	{ .name = "offset", .has_value = true, .kind = ARGS_OFFSET },
	{ .name = "group", .has_value = true },
	{ .name = "max-messages", .has_value = true, .kind = ARGS_NUMBER },
	{ .name = "property", .has_value = true, .repeat = true },
	{ .name = "consumer-property", .has_value = true },
	{ .name = "consumer.config", .has_value = true },
	{ .name = "formatter", .has_value = true },
	{ .name = "timeout-ms", .has_value = true },
	{ .name = "isolation-level", .has_value = true },
	{ .name = "key-deserializer", .has_value = true },
	{ .name = "value-deserializer", .has_value = true },
	{ .name = "skip-message-on-error" },
	{ .name = "include", .has_value = true },
	{ .name = "whitelist", .has_value = true },
	{ .name = "help" },
	{ .name = "version" },
	{ NULL }
};

/* ConsoleConsumer's checks, in its order. */
static const struct args_rule consumer_rules[] = {
	{ ARGS_REQUIRED, "bootstrap-server", NULL, NULL },
	{ ARGS_NONE, "include whitelist", "!topic", "isrlab: --include is not "
	  "supported yet; use --topic" },
	{ ARGS_REQUIRED, "topic", NULL, "Exactly one of --include/--topic is "
	  "required." },
	{ ARGS_VALUE, "partition", NULL, NULL },
	{ ARGS_REQUIRED, "partition", "offset", "The partition is required "
	  "when offset is specified." },
	{ ARGS_NONE, "from-beginning", "offset", "Options from-beginning and "
	  "offset cannot be specified together." },
	{ ARGS_VALUE, "offset", NULL, NULL },
	{ ARGS_NONE, "group", "partition", "Options group and partition "
	  "cannot be specified together." },
	{ ARGS_VALUE, "max-messages", NULL, NULL },
	{ ARGS_END, NULL, NULL, NULL }
};

static const struct args_spec consumer_spec = {
	.dialect = ARGS_JOPT,
	.opts = consumer_opts,
	.rules = consumer_rules,
	.max_words = ARGS_JOPT_MAX_WORDS,
	.too_many = ARGS_JOPT_TOO_MANY,
};

static int
consumer_exec(struct cmd_ctx *ctx)
{
	struct console		*c = ctx->c;
	struct engine		*e = c->engine;
	struct consume_opts	 co;
	struct snapshot		 s;
	struct servers		 sv;
	const struct topic_reg	*t;
	const char		*v;
	char			 log_id[128], group[64];
	bool			 boot[ISR_NODES];
	int64_t			 n, total;
	long long		 offset = args_num(ctx->a, "offset", -1);
	size_t			 i;
	int			 rc, broker, handle;

	memset(&co, 0, sizeof co);
	co.topic = args_get(ctx->a, "topic");
	co.partition = (int)args_num(ctx->a, "partition", -1);
	/* --offset earliest is -2, latest -1 (ListOffsets' sentinels). */
	co.from_beginning = args_has(ctx->a, "from-beginning") || offset == -2;
	co.offset = offset >= 0 ? offset : -1;
	co.max = args_num(ctx->a, "max-messages", -1);
	for (i = 0; (v = args_nth(ctx->a, "property", i)) != NULL; i++) {
		if (strcmp(v, "print.key=true") == 0)
			co.print_key = true;
		else if (strcmp(v, "print.partition=true") == 0)
			co.print_partition = true;
		else if (strcmp(v, "print.offset=true") == 0)
			co.print_offset = true;
	}

	if ((v = args_get(ctx->a, "group")) != NULL)
		snprintf(group, sizeof group, "%s", v);
	else	/* Kafka picks a random number below 100000. */
		snprintf(group, sizeof group, "console-consumer-%d",
		    (c->consumers * 7919 + 32213) % 100000);
	c->consumers++;
	snprintf(log_id, sizeof log_id, "Consumer clientId=console-consumer, "
	    "groupId=%s", group);

	cmd_snapshot(ctx, &s);
	rc = cmd_bootstrap(ctx, args_get(ctx->a, "bootstrap-server"), log_id,
	    &s, &sv, &broker);
	if (rc != 0) {
		snapshot_free(&s);
		if (rc == 1)
			console_eprintf(c, "Processed a total of 0 messages\n");
		return rc;
	}
	t = image_topic(&s.brokers[broker].image, co.topic);
	if (t == NULL || (co.partition >= t->n_partitions)) {
		console_error_add(c, kerr_name(KERR_UNKNOWN_TOPIC_OR_PARTITION));
		console_eprintf(c, "WARN [%s] Error while fetching metadata "
		    "with correlation id 2 : {%s=UNKNOWN_TOPIC_OR_PARTITION} "
		    "(org.apache.kafka.clients.NetworkClient)\n", log_id,
		    co.topic);
		console_eprintf(c, "Processed a total of 0 messages\n");
		snapshot_free(&s);
		return 1;
	}
	n = t->n_partitions;
	snapshot_free(&s);

	if (args_has(ctx->a, "group")) {
		co.group = group;
		co.client_id = "console-consumer";
	}
	servers_flags(&sv, boot);
	handle = e->ops->client_open(e, boot);
	total = clients_consume(c, handle, &co, (int)n);
	e->ops->client_close(e, handle);
	console_eprintf(c, "Processed a total of %" PRId64 " messages\n",
	    total);
	return 0;
}

const struct cmd_entry cmd_console_consumer_entry = {
	.name = "kafka-console-consumer",
	.usage = "--bootstrap-server H:P --topic T [--from-beginning] "
	    "[--partition N] [--group G] [--max-messages N] [--property "
	    "print.key=true] [--property print.partition=true]",
	.help = N_("read a topic up to its high watermark (Kafka's tool)"),
	.kafka_tool = true,
	.spec = &consumer_spec,
	.exec = consumer_exec,
};
