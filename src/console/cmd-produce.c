/*
 * cmd-produce.c - the native `produce`: send records with isrlab's own
 * producer and print where each batch landed ("email.send-0@41") or the
 * Kafka error ("ERROR NOT_ENOUGH_REPLICAS: Messages are rejected ...").
 *
 * The producer is bootstrapped at every broker, so it finds the leader
 * wherever it is; its retries print as the Java producer's WARN lines.
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/clients.h"
#include "console/cmd.h"
#include "util/xmalloc.h"

#define PRODUCE_MAX_COUNT 100000

static int
produce_exec(struct cmd_ctx *ctx)
{
	struct console		*c = ctx->c;
	struct engine		*e = c->engine;
	const struct words	*w = ctx->args;
	const char		*topic = NULL, *key = NULL, *value = NULL, *v;
	const char		**keys, **values;
	char			**owned;
	struct client_result	*res;
	struct snapshot		 s;
	const struct topic_reg	*t;
	bool			 boot[ISR_NODES], missing = false;
	long long		 partition = -1, count = 1;
	size_t			 i, nres;
	int			 acks = -1, b, rc = 0;

	for (i = 1; i < w->n; i++) {
		if ((v = cmd_option(w, &i, "--key", &missing)) != NULL)
			key = v;
		else if ((v = cmd_option(w, &i, "--partition", &missing)) !=
		    NULL) {
			if (!cmd_parse_int(v, &partition))
				return cmd_usage(ctx, "produce: --partition "
				    "takes a partition number");
		} else if ((v = cmd_option(w, &i, "--acks", &missing)) !=
		    NULL) {
			if (strcmp(v, "all") == 0 || strcmp(v, "-1") == 0)
				acks = -1;
			else if (strcmp(v, "0") == 0 || strcmp(v, "1") == 0)
				acks = v[0] - '0';
			else
				return cmd_usage(ctx, "produce: --acks is 0, "
				    "1 or all");
		} else if ((v = cmd_option(w, &i, "--count", &missing)) !=
		    NULL) {
			if (!cmd_parse_int(v, &count) || count < 1 ||
			    count > PRODUCE_MAX_COUNT)
				return cmd_usage(ctx, "produce: --count is "
				    "1-%d", PRODUCE_MAX_COUNT);
		} else if (missing)
			return cmd_usage(ctx, "produce: %s needs a value",
			    w->v[i]);
		else if (strncmp(w->v[i], "--", 2) == 0 && w->v[i][2] != '\0')
			return cmd_usage(ctx, "produce: unknown option '%s'",
			    w->v[i]);
		else if (topic == NULL)
			topic = w->v[i];
		else if (value == NULL)
			value = w->v[i];
		else
			return cmd_usage(ctx, "produce: one value only (quote "
			    "it if it has spaces)");
		if (missing)
			return cmd_usage(ctx, "produce: %s needs a value",
			    w->v[i]);
	}
	if (topic == NULL)
		return cmd_usage(ctx, "usage: produce TOPIC [--key K] "
		    "[--partition P] [--acks 0|1|all] [--count N] [VALUE]");

	cmd_snapshot(ctx, &s);
	t = image_topic(&s.ctrl_image, topic);
	if (t == NULL || partition >= t->n_partitions) {
		snapshot_free(&s);
		return cmd_unknown_topic(ctx);
	}
	snapshot_free(&s);

	keys = xcalloc((size_t)count, sizeof *keys);
	values = xcalloc((size_t)count, sizeof *values);
	owned = xcalloc((size_t)count, sizeof *owned);
	for (i = 0; i < (size_t)count; i++) {
		keys[i] = key;
		if (value != NULL)
			values[i] = value;
		else
			values[i] = owned[i] = xasprintf("message-%" PRId64,
			    ++c->message_no);
	}
	memset(boot, 0, sizeof boot);
	for (b = 1; b <= e->n_brokers; b++)
		boot[b] = true;
	{
		int	h = e->ops->client_open(e, boot);

		nres = clients_produce(c, h, "Producer clientId=isrlab-producer",
		    topic, (int)partition, acks, keys, values, (int)count,
		    &res);
		e->ops->client_close(e, h);
	}
	for (i = 0; i < nres; i++) {
		const struct client_result *r = &res[i];

		if (r->error != KERR_NONE) {
			console_printf(c, "ERROR %s: %s\n", kerr_name(r->error),
			    kerr_message(r->error));
			rc = 1;
		} else if (r->base_offset < 0)
			console_printf(c, "%s-%d (acks=0: sent, no offset "
			    "returned)\n", r->topic, r->partition);
		else
			console_printf(c, "%s-%d@%" PRId64 "\n", r->topic,
			    r->partition, r->base_offset);
	}
	if (nres == 0) {
		console_printf(c, "ERROR %s: %s\n", kerr_name(KERR_TIMEOUT),
		    kerr_message(KERR_TIMEOUT));
		rc = 1;
	}
	clients_results_free(res, nres);
	for (i = 0; i < (size_t)count; i++)
		free(owned[i]);
	free(owned);
	free(keys);
	free(values);
	return rc;
}

const struct cmd_entry cmd_produce_entry = {
	.name = "produce",
	.usage = "TOPIC [--key K] [--partition P] [--acks 0|1|all] "
	    "[--count N] [VALUE]",
	.help = "produce records (default acks=all, values message-N)",
	.exec = produce_exec,
};
