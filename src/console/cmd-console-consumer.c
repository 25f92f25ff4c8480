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
#include "console/toolopt.h"

static const struct toolopt_spec consumer_opts[] = {
	{ "bootstrap-server", true },
	{ "topic", true },
	{ "from-beginning", false },
	{ "partition", true },
	{ "offset", true },
	{ "group", true },
	{ "max-messages", true },
	{ "property", true },
	{ "consumer-property", true },
	{ "consumer.config", true },
	{ "formatter", true },
	{ "timeout-ms", true },
	{ "isolation-level", true },
	{ "key-deserializer", true },
	{ "value-deserializer", true },
	{ "skip-message-on-error", false },
	{ "include", true },
	{ "whitelist", true },
	{ "help", false },
	{ "version", false },
	{ NULL, false }
};

/* Parse an option that must be a non-negative integer. */
static int
consumer_int(struct cmd_ctx *ctx, const char *name, const char *v,
    int64_t *out)
{
	long long	n;

	if (!cmd_parse_int(v, &n))
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
	struct toolopt		 o;
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

	if (toolopt_parse(&o, consumer_opts, ctx->args, 1, ctx->err,
	    ctx->errlen) != 0)
		return -1;
	memset(&co, 0, sizeof co);
	co.partition = -1;
	co.offset = -1;
	co.max = -1;
	co.topic = toolopt_get(&o, "topic");
	co.from_beginning = toolopt_has(&o, "from-beginning");
	if (!toolopt_has(&o, "bootstrap-server")) {
		cmd_usage(ctx, "Missing required argument \"[bootstrap-server]\"");
		goto out;
	}
	if (co.topic == NULL) {
		cmd_usage(ctx, toolopt_has(&o, "include") ||
		    toolopt_has(&o, "whitelist") ? "isrlab: --include is not "
		    "supported yet; use --topic" : "Exactly one of --include/"
		    "--topic is required.");
		goto out;
	}
	if ((v = toolopt_get(&o, "partition")) != NULL) {
		if (consumer_int(ctx, "partition", v, &n) != 0)
			goto out;
		co.partition = (int)n;
	}
	if ((v = toolopt_get(&o, "offset")) != NULL) {
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
	if (co.partition >= 0 && toolopt_has(&o, "group")) {
		cmd_usage(ctx, "Options group and partition cannot be "
		    "specified together.");
		goto out;
	}
	if ((v = toolopt_get(&o, "max-messages")) != NULL &&
	    consumer_int(ctx, "max-messages", v, &co.max) != 0)
		goto out;
	for (i = 0; (v = toolopt_nth(&o, "property", i)) != NULL; i++) {
		if (strcmp(v, "print.key=true") == 0)
			co.print_key = true;
		else if (strcmp(v, "print.partition=true") == 0)
			co.print_partition = true;
		else if (strcmp(v, "print.offset=true") == 0)
			co.print_offset = true;
	}

	if ((v = toolopt_get(&o, "group")) != NULL)
		snprintf(group, sizeof group, "%s", v);
	else	/* Kafka picks a random number below 100000. */
		snprintf(group, sizeof group, "console-consumer-%d",
		    (c->consumers * 7919 + 32213) % 100000);
	c->consumers++;
	snprintf(log_id, sizeof log_id, "Consumer clientId=console-consumer, "
	    "groupId=%s", group);

	cmd_snapshot(ctx, &s);
	rc = cmd_bootstrap(ctx, toolopt_get(&o, "bootstrap-server"), log_id,
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

	if (toolopt_has(&o, "group")) {
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
	toolopt_free(&o);
	return rc;
}

const struct cmd_entry cmd_console_consumer_entry = {
	.name = "kafka-console-consumer",
	.usage = "--bootstrap-server H:P --topic T [--from-beginning] "
	    "[--partition N] [--group G] [--max-messages N] [--property "
	    "print.key=true] [--property print.partition=true]",
	.help = "read a topic up to its high watermark (Kafka's tool)",
	.kafka_tool = true,
	.exec = consumer_exec,
};
