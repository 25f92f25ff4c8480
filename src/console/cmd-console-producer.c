/*
 * cmd-console-producer.c - kafka-console-producer.sh, and the pending
 * producer that the following "> " lines feed.
 *
 * The command only sets the producer up, as the real one only opens its
 * prompt: the client connects on the first message.  Each "> " line is
 * sent at once and waited for (the Java producer batches, but its
 * console's send is effectively one record at a time); failures print
 * what ErrorLoggingCallback logs.  Differences from Kafka, on purpose:
 * topics are never auto-created (auto.create.topics.enable is off in
 * isrlab), and a send to an unreachable cluster reports the metadata
 * timeout at once instead of after max.block.ms (60 s).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/clients.h"
#include "console/cmd.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

#define PRODUCER_LOG_ID "Producer clientId=console-producer"

static const struct args_opt producer_opts[] = {
	{ .name = "bootstrap-server", .has_value = true },
	{ .name = "broker-list", .has_value = true },
	{ .name = "topic", .has_value = true },
	{ .name = "producer-property", .has_value = true, .repeat = true },
	{ .name = "property", .has_value = true, .repeat = true },
	{ .name = "producer.config", .has_value = true },
	{ .name = "request-required-acks", .has_value = true },
	{ .name = "sync" },
	{ .name = "compression-codec", .has_value = true },
	{ .name = "batch-size", .has_value = true },
	{ .name = "message-send-max-retries", .has_value = true },
	{ .name = "retry-backoff-ms", .has_value = true },
	{ .name = "timeout", .has_value = true },
	{ .name = "max-block-ms", .has_value = true },
	{ .name = "help" },
	{ .name = "version" },
	{ NULL }
};

/* ConsoleProducer's checks of the options alone, in its order. */
static const struct args_rule producer_rules[] = {
	{ ARGS_REQUIRED, "bootstrap-server", "!broker-list", NULL },
	{ ARGS_REQUIRED, "topic", NULL, NULL },
	{ ARGS_END, NULL, NULL, NULL }
};

static const struct args_spec producer_spec = {
	.dialect = ARGS_JOPT,
	.opts = producer_opts,
	.rules = producer_rules,
	.max_words = ARGS_JOPT_MAX_WORDS,
	.too_many = ARGS_JOPT_TOO_MANY,
};

bool
console_producer_pending(const struct console *c)
{
	return c->producer.active;
}

void
console_producer_end(struct console *c)
{
	struct console_producer	*p = &c->producer;

	if (!p->active)
		return;
	if (p->handle >= 0)
		c->engine->ops->client_close(c->engine, p->handle);
	memset(p, 0, sizeof *p);
	p->handle = -1;
}

/* acks from "all", "-1", "1", "0"; -2 when invalid. */
static int
producer_acks(const char *v)
{
	if (strcmp(v, "all") == 0 || strcmp(v, "-1") == 0)
		return -1;
	if (strcmp(v, "1") == 0)
		return 1;
	if (strcmp(v, "0") == 0)
		return 0;
	return -2;
}

static void
producer_send_error(struct console *c, const char *key, size_t value_len,
    enum kerr e, const char *msg)
{
	struct console_producer	*p = &c->producer;
	char			 exc[160];

	char			 keys[32];

	if (key == NULL)
		snprintf(keys, sizeof keys, "null");
	else
		snprintf(keys, sizeof keys, "%zu bytes", strlen(key));
	console_eprintf(c, "ERROR Error when sending message to topic %s with "
	    "key: %s, value: %zu bytes with error: (org.apache.kafka.clients."
	    "producer.internals.ErrorLoggingCallback)\n%s: %s\n", p->topic,
	    keys, value_len, clients_exception(e, exc, sizeof exc), msg);
}

int
cmd_producer_feed(struct console *c, const char *line, char *err,
    size_t errlen)
{
	struct console_producer	*p = &c->producer;
	struct engine		*e = c->engine;
	struct client_result	*res;
	struct snapshot		 s;
	const char		*value = line, *sep;
	char			*key = NULL, msg[512];
	const struct image	*im = NULL;
	size_t			 nres, i;
	int			 b, rc = 0;

	if (!p->active) {
		snprintf(err, errlen, "'>' line without a console producer "
		    "(start one with kafka-console-producer.sh)");
		return -1;
	}
	if (p->parse_key) {
		sep = strstr(line, p->key_sep);
		if (sep == NULL) {
			console_eprintf(c, "org.apache.kafka.common."
			    "KafkaException: No key separator found on line "
			    "number %lld: '%s'\n", (long long)p->sent + 1,
			    line);
			console_producer_end(c);
			return 1;
		}
		key = xstrndup(line, (size_t)(sep - line));
		value = sep + strlen(p->key_sep);
	}

	e->ops->snapshot(e, &s);
	for (b = 1; b <= s.n_brokers && im == NULL; b++)
		if (p->bootstrap[b] && servers_reachable(&s, b))
			im = &s.brokers[b].image;
	if (im == NULL) {
		if (!p->unreachable) {
			struct servers	sv;

			memset(&sv, 0, sizeof sv);
			for (b = 1; b <= s.n_brokers; b++)
				if (p->bootstrap[b] && sv.n < SERVERS_MAX) {
					snprintf(sv.v[sv.n].host,
					    sizeof sv.v[0].host, "localhost");
					sv.v[sv.n++].port = servers_port(b);
				}
			for (b = 0; b < sv.n; b++) {
				char	addr[96];

				servers_format(&sv.v[b], addr, sizeof addr);
				console_eprintf(c, "WARN [" PRODUCER_LOG_ID
				    "] Connection to node %d (%s) could not "
				    "be established. Node may not be "
				    "available. (org.apache.kafka.clients."
				    "NetworkClient)\n", -1 - b, addr);
			}
			p->unreachable = true;
		}
		snprintf(msg, sizeof msg, "Topic %s not present in metadata "
		    "after 60000 ms.", p->topic);
		producer_send_error(c, key, strlen(value), KERR_TIMEOUT, msg);
		rc = 1;
		goto out;
	}
	p->unreachable = false;
	if (image_topic(im, p->topic) == NULL) {
		console_error_add(c, kerr_name(KERR_UNKNOWN_TOPIC_OR_PARTITION));
		console_eprintf(c, "WARN [" PRODUCER_LOG_ID "] Error while "
		    "fetching metadata with correlation id 1 : {%s="
		    "UNKNOWN_TOPIC_OR_PARTITION} (org.apache.kafka.clients."
		    "NetworkClient)\n", p->topic);
		snprintf(msg, sizeof msg, "Topic %s not present in metadata "
		    "after 60000 ms.", p->topic);
		producer_send_error(c, key, strlen(value), KERR_TIMEOUT, msg);
		rc = 1;
		goto out;
	}

	if (p->handle < 0)
		p->handle = e->ops->client_open(e, p->bootstrap);
	{
		const char *const	keys[1] = { key };
		const char *const	values[1] = { value };

		nres = clients_produce(c, p->handle, PRODUCER_LOG_ID,
		    p->topic, -1, p->acks, keys, values, 1, &res);
	}
	for (i = 0; i < nres; i++) {
		if (res[i].error == KERR_NONE) {
			p->sent++;
			continue;
		}
		producer_send_error(c, key, strlen(value), res[i].error,
		    clients_produce_error(&res[i], msg, sizeof msg));
		rc = 1;
	}
	if (nres == 0) {
		producer_send_error(c, key, strlen(value), KERR_TIMEOUT,
		    "Expiring 1 record(s) for the topic-partition: "
		    "delivery.timeout.ms has passed");
		rc = 1;
	}
	clients_results_free(res, nres);
out:
	snapshot_free(&s);
	free(key);
	return rc;
}

static int
producer_exec(struct cmd_ctx *ctx)
{
	struct console_producer	*p = &ctx->c->producer;
	struct servers		 sv;
	const char		*list, *v;
	size_t			 i;
	int			 acks = -1;
	bool			 parse_key = false;
	char			 sep[16] = "\t";

	list = args_get(ctx->a, "bootstrap-server");
	if (list == NULL)
		list = args_get(ctx->a, "broker-list");
	if ((v = args_get(ctx->a, "request-required-acks")) != NULL &&
	    (acks = producer_acks(v)) == -2)
		return cmd_usage(ctx, "Invalid value %s for configuration acks: "
		    "String must be one of: all, -1, 0, 1", v);
	for (i = 0; (v = args_nth(ctx->a, "producer-property", i)) != NULL;
	    i++) {
		if (strncmp(v, "acks=", 5) == 0 &&
		    (acks = producer_acks(v + 5)) == -2)
			return cmd_usage(ctx, "org.apache.kafka.common.config."
			    "ConfigException: Invalid value %s for "
			    "configuration acks: String must be one of: all, "
			    "-1, 0, 1", v + 5);
	}
	for (i = 0; (v = args_nth(ctx->a, "property", i)) != NULL; i++) {
		if (strcmp(v, "parse.key=true") == 0)
			parse_key = true;
		else if (strncmp(v, "key.separator=", 14) == 0)
			snprintf(sep, sizeof sep, "%s", v + 14);
	}
	if (sep[0] == '\0')
		return cmd_usage(ctx, "key.separator must not be empty");
	if (servers_parse(list, ctx->c->engine->n_brokers, &sv, ctx->err,
	    ctx->errlen) != 0)
		return -1;

	console_producer_end(ctx->c);
	p->active = true;
	snprintf(p->topic, sizeof p->topic, "%s", args_get(ctx->a, "topic"));
	servers_flags(&sv, p->bootstrap);
	p->acks = acks;
	p->parse_key = parse_key;
	snprintf(p->key_sep, sizeof p->key_sep, "%s", sep);
	p->handle = -1;
	return 0;
}

const struct cmd_entry cmd_console_producer_entry = {
	.name = "kafka-console-producer",
	.usage = "--bootstrap-server H:P --topic T [--producer-property "
	    "acks=all] [--property parse.key=true --property key.separator=:]",
	.help = N_("start a console producer; the lines after it that start "
	    "with '> ' are its messages"),
	.kafka_tool = true,
	.spec = &producer_spec,
	.exec = producer_exec,
};
