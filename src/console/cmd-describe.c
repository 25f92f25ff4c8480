/*
 * cmd-describe.c - the native `describe [TOPIC]`: kafka-topics --describe
 * of the controller's own image, which is the truth (a broker's image can
 * lag behind it).
 */

#include "config.h"

#include "console/cmd.h"
#include "console/describe.h"
#include "util/i18n.h"

static const struct args_opt describe_words[] = {
	{ .name = "TOPIC", .kind = ARGS_TOPIC },
	{ NULL }
};

static const struct args_spec describe_spec = {
	.words = describe_words,
	.max_words = 1,
};

static int
describe_exec(struct cmd_ctx *ctx)
{
	struct snapshot		 s;
	struct strbuf		 out = STRBUF_INIT;
	const struct topic_reg	*t;
	const char		*topic = args_word(ctx->a, 0);
	size_t			 i;

	cmd_snapshot(ctx, &s);
	if (topic != NULL) {
		/* cmd_run checked it; the realtime controller may have
		 * deleted it since. */
		if ((t = image_topic(&s.ctrl_image, topic)) == NULL) {
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
	.help = N_("topics as the controller sees them (kafka-topics --describe "
	    "format)"),
	.spec = &describe_spec,
	.exec = describe_exec,
};
