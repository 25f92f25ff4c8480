/*
 * cmd-describe.c - the native `describe [TOPIC]`: kafka-topics --describe
 * of the controller's own image, which is the truth (a broker's image can
 * lag behind it).
 */

#include "config.h"

#include "console/cmd.h"
#include "console/describe.h"

static int
describe_exec(struct cmd_ctx *ctx)
{
	struct snapshot		 s;
	struct strbuf		 out = STRBUF_INIT;
	const struct topic_reg	*t;
	size_t			 i;

	if (ctx->args->n > 2)
		return cmd_usage(ctx, "usage: describe [TOPIC]");
	cmd_snapshot(ctx, &s);
	if (ctx->args->n == 2) {
		t = image_topic(&s.ctrl_image, ctx->args->v[1]);
		if (t == NULL) {
			snapshot_free(&s);
			return cmd_unknown_topic(ctx);
		}
		describe_topic(&out, &s.ctrl_image, t);
	} else
		for (i = 0; i < s.ctrl_image.n_topics; i++)
			describe_topic(&out, &s.ctrl_image,
			    &s.ctrl_image.topics[i]);
	console_write(ctx->c, 1, out.s, out.len);
	strbuf_free(&out);
	snapshot_free(&s);
	return 0;
}

const struct cmd_entry cmd_describe_entry = {
	.name = "describe",
	.usage = "[TOPIC]",
	.help = "topics as the controller sees them (kafka-topics --describe "
	    "format)",
	.exec = describe_exec,
};
