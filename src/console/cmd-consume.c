/*
 * cmd-consume.c - the native `consume`: read a topic up to its high
 * watermark with a consumer bootstrapped at every broker, printing one
 * value per line.  With --group G it is a member of consumer group G: it
 * joins (a rebalance), reads the partitions assigned to it from the
 * group's committed offsets, commits and leaves (another rebalance).
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "console/clients.h"
#include "console/cmd.h"

static int
consume_exec(struct cmd_ctx *ctx)
{
	struct console		*c = ctx->c;
	struct engine		*e = c->engine;
	const struct words	*w = ctx->args;
	struct consume_opts	 co;
	struct snapshot		 s;
	const struct topic_reg	*t;
	const char		*v;
	bool			 boot[ISR_NODES], missing = false;
	char			 client_id[GROUP_CLIENT_ID_MAX + 1];
	long long		 n;
	size_t			 i;
	int64_t			 total;
	int			 b, h, parts;

	memset(&co, 0, sizeof co);
	co.partition = -1;
	co.offset = -1;
	co.max = -1;
	for (i = 1; i < w->n; i++) {
		if ((v = cmd_option(w, &i, "--partition", &missing)) != NULL) {
			if (!cmd_parse_int(v, &n) || n > 1000000)
				return cmd_usage(ctx, "consume: --partition "
				    "takes a partition number");
			co.partition = (int)n;
		} else if ((v = cmd_option(w, &i, "--max", &missing)) != NULL) {
			if (!cmd_parse_int(v, &n))
				return cmd_usage(ctx, "consume: --max takes a "
				    "number");
			co.max = n;
		} else if ((v = cmd_option(w, &i, "--group", &missing)) !=
		    NULL)
			co.group = v;
		else if ((v = cmd_option(w, &i, "--assignor", &missing)) !=
		    NULL) {
			if (strcmp(v, "range") != 0 &&
			    strcmp(v, "roundrobin") != 0)
				return cmd_usage(ctx, "consume: --assignor is "
				    "range or roundrobin");
			co.assignor = v;
		}
		else if (missing)
			return cmd_usage(ctx, "consume: %s needs a value",
			    w->v[i]);
		else if (strcmp(w->v[i], "--from-beginning") == 0)
			co.from_beginning = true;
		else if (strncmp(w->v[i], "--", 2) == 0)
			return cmd_usage(ctx, "consume: unknown option '%s'",
			    w->v[i]);
		else if (co.topic == NULL)
			co.topic = w->v[i];
		else
			return cmd_usage(ctx, "consume: one topic only");
		if (missing)
			return cmd_usage(ctx, "consume: %s needs a value",
			    w->v[i]);
	}
	if (co.topic == NULL)
		return cmd_usage(ctx, "usage: consume TOPIC [--partition P] "
		    "[--from-beginning] [--group G] [--max N]");

	cmd_snapshot(ctx, &s);
	t = image_topic(&s.ctrl_image, co.topic);
	parts = t != NULL ? t->n_partitions : 0;
	snapshot_free(&s);
	if (t == NULL || co.partition >= parts)
		return cmd_unknown_topic(ctx);

	memset(boot, 0, sizeof boot);
	for (b = 1; b <= e->n_brokers; b++)
		boot[b] = true;
	if (co.group != NULL) {
		/* Java's default client.id: consumer-GROUP-N. */
		snprintf(client_id, sizeof client_id, "consumer-%.200s-%d",
		    co.group, ++c->member_seq);
		co.client_id = client_id;
	}
	h = e->ops->client_open(e, boot);
	total = clients_consume(c, h, &co, parts);
	e->ops->client_close(e, h);
	console_eprintf(c, "Processed a total of %" PRId64 " messages\n",
	    total);
	return 0;
}

const struct cmd_entry cmd_consume_entry = {
	.name = "consume",
	.usage = "TOPIC [--partition P] [--from-beginning] [--group G] "
	    "[--assignor range|roundrobin] [--max N]",
	.help = "read a topic up to its high watermark, one value per line",
	.exec = consume_exec,
};
