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
#include <stdlib.h>
#include <string.h>

#include "console/clients.h"
#include "console/cmd.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

#define PRODUCE_MAX_COUNT 100000

static const struct args_opt produce_opts[] = {
	{ .name = "key", .has_value = true },
	{ .name = "partition", .has_value = true, .kind = ARGS_PARTITION },
	{ .name = "acks", .has_value = true, .kind = ARGS_ACKS },
	{ .name = "count", .has_value = true, .kind = ARGS_NUMBER, .min = 1,
	  .max = PRODUCE_MAX_COUNT },
	{ NULL }
};

static const struct args_opt produce_words[] = {
	{ .name = "TOPIC", .kind = ARGS_TOPIC },
	{ .name = "VALUE" },
	{ NULL }
};

static const struct args_spec produce_spec = {
	.opts = produce_opts,
	.words = produce_words,
	.min_words = 1,
	.max_words = 2,
	.strict = true,
	.too_many = "produce: one value only (quote it if it has spaces)",
};

static int
produce_exec(struct cmd_ctx *ctx)
{
	struct console		*c = ctx->c;
	struct engine		*e = c->engine;
	const char		*topic = args_word(ctx->a, 0);
	const char		*key = args_get(ctx->a, "key");
	const char		*value = args_word(ctx->a, 1);
	const char		**keys, **values;
	char			**owned;
	struct client_result	*res;
	bool			 boot[ISR_NODES];
	long long		 partition = args_num(ctx->a, "partition", -1);
	long long		 count = args_num(ctx->a, "count", 1);
	size_t			 i, nres;
	int			 acks = (int)args_num(ctx->a, "acks", -1), b;
	int			 rc = 0;
	char			 why[160];

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
			    clients_produce_error(r, why, sizeof why));
			rc = 1;
		} else if (r->base_offset < 0)
			console_printf(c, _("%s-%d (acks=0: sent, no offset "
			    "returned)\n"), r->topic, r->partition);
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
	.help = N_("produce records (default acks=all, values message-N)"),
	.spec = &produce_spec,
	.exec = produce_exec,
};
