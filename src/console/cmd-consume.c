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
#include "util/i18n.h"

static const struct args_opt consume_opts[] = {
	{ .name = "partition", .has_value = true, .kind = ARGS_PARTITION,
	  .max = 1000000 },
	{ .name = "max", .has_value = true, .kind = ARGS_NUMBER },
	{ .name = "group", .has_value = true },
	{ .name = "assignor", .has_value = true, .kind = ARGS_CHOICE,
	  .hint = "range|roundrobin" },
	{ .name = "from-beginning" },
	{ NULL }
};

static const struct args_opt consume_words[] = {
	{ .name = "TOPIC", .kind = ARGS_TOPIC },
	{ NULL }
};

static const struct args_spec consume_spec = {
	.opts = consume_opts,
	.words = consume_words,
	.min_words = 1,
	.max_words = 1,
	.strict = true,
	.too_many = "consume: one topic only",
};

static int
consume_exec(struct cmd_ctx *ctx)
{
	struct console		*c = ctx->c;
	struct engine		*e = c->engine;
	struct consume_opts	 co;
	struct snapshot		 s;
	const struct topic_reg	*t;
	bool			 boot[ISR_NODES];
	char			 client_id[GROUP_CLIENT_ID_MAX + 1];
	int64_t			 total;
	int			 b, h, parts;

	memset(&co, 0, sizeof co);
	co.topic = args_word(ctx->a, 0);
	co.partition = (int)args_num(ctx->a, "partition", -1);
	co.offset = -1;
	co.max = args_num(ctx->a, "max", -1);
	co.group = args_get(ctx->a, "group");
	co.assignor = args_get(ctx->a, "assignor");
	co.from_beginning = args_has(ctx->a, "from-beginning");

	/* cmd_run has checked the topic and the partition. */
	cmd_snapshot(ctx, &s);
	t = image_topic(&s.ctrl_image, co.topic);
	parts = t != NULL ? t->n_partitions : 0;
	snapshot_free(&s);

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
	.help = N_("read a topic up to its high watermark, one value per line"),
	.spec = &consume_spec,
	.exec = consume_exec,
};
