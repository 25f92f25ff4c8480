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

static const struct args_opt consumer_opts[] = {
	{ .name = "bootstrap-server", .has_value = true },
	{ .name = "topic", .has_value = true },
	{ .name = "from-beginning" },
	{ .name = "partition", .has_value = true },
	{ .name = "offset", .has_value = true },
	{ .name = "group", .has_value = true },
	{ .name = "max-messages", .has_value = true },
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

static const struct args_spec consumer_spec = {
	.dialect = ARGS_JOPT,
	.opts = consumer_opts,
	.max_words = ARGS_JOPT_MAX_WORDS,
	.too_many = ARGS_JOPT_TOO_MANY,
};

/* Parse an option that must be a non-negative integer. */
static int
consumer_int(struct cmd_ctx *ctx, const char *name, const char *v,
    int64_t *out)
{
	long long	n;

	if (!args_parse_int(v, &n))
		return cmd_usage(ctx, "Exception in thread \"main\" joptsimple."
		    "OptionArgumentConversionException: Cannot parse argument "
		    "'%s' of option %s", v, name);
	*out = n;
	return 0;
}

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
	int64_t			 n = 0, total = 0;
	size_t			 i;
	int			 rc = -1, broker, handle;

	memset(&co, 0, sizeof co);
	co.partition = -1;
	co.offset = -1;
	co.max = -1;
	co.topic = args_get(ctx->a, "topic");
	co.from_beginning = args_has(ctx->a, "from-beginning");
	if (!args_has(ctx->a, "bootstrap-server")) {
		cmd_usage(ctx, "Missing required argument \"[bootstrap-server]\"");
		goto out;
	}
	if (co.topic == NULL) {
		cmd_usage(ctx, args_has(ctx->a, "include") ||
		    args_has(ctx->a, "whitelist") ? "isrlab: --include is not "
		    "supported yet; use --topic" : "Exactly one of --include/"
		    "--topic is required.");
		goto out;
	}
	if ((v = args_get(ctx->a, "partition")) != NULL) {
		if (consumer_int(ctx, "partition", v, &n) != 0)
			goto out;
		co.partition = (int)n;
	}
	if ((v = args_get(ctx->a, "offset")) != NULL) {
		if (co.partition < 0) {
			cmd_usage(ctx, "The partition is required when offset "
			    "is specified.");
			goto out;
		}
		if (co.from_beginning) {
			cmd_usage(ctx, "Options from-beginning and offset "
			    "cannot be specified together.");
			goto out;
		}
		if (strcmp(v, "earliest") == 0)
			co.from_beginning = true;
		else if (strcmp(v, "latest") != 0 &&
		    consumer_int(ctx, "offset", v, &co.offset) != 0)
			goto out;
	}
	if (co.partition >= 0 && args_has(ctx->a, "group")) {
		cmd_usage(ctx, "Options group and partition cannot be "
		    "specified together.");
		goto out;
	}
	if ((v = args_get(ctx->a, "max-messages")) != NULL &&
	    consumer_int(ctx, "max-messages", v, &co.max) != 0)
		goto out;
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
		goto out;
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
		rc = 1;
		goto out;
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
	rc = 0;
out:
	return rc;
}

const struct cmd_entry cmd_console_consumer_entry = {
	.name = "kafka-console-consumer",
	.usage = "--bootstrap-server H:P --topic T [--from-beginning] "
	    "[--partition N] [--group G] [--max-messages N] [--property "
	    "print.key=true] [--property print.partition=true]",
	.help = "read a topic up to its high watermark (Kafka's tool)",
	.kafka_tool = true,
	.spec = &consumer_spec,
	.exec = consumer_exec,
};
