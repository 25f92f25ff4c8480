/*
 * cmd-chaos.c - `chaos [--schedules N] [--seed S] [--unclean]`: random
 * fault schedules on fresh simulated clusters with the invariants checked
 * after every step (src/sim/chaos.c); prints its report.
 */

#include "config.h"


#include "console/cmd.h"
#include "sim/chaos.h"
#include "util/i18n.h"
#include "util/strbuf.h"

static const struct args_opt chaos_opts[] = {
	{ .name = "schedules", .has_value = true, .kind = ARGS_NUMBER,
	  .min = 1, .max = 1000000 },
	{ .name = "seed", .has_value = true, .kind = ARGS_NUMBER },
	{ .name = "unclean" },
	{ NULL }
};

static const struct args_spec chaos_spec = {
	.opts = chaos_opts,
	.max_words = 0,
};

static int
chaos_exec(struct cmd_ctx *ctx)
{
	struct strbuf	out = STRBUF_INIT;
	struct settings	set;
	int		rc;

	/* The schedules run on the session's Kafka profile. */
	ctx->c->engine->ops->get_settings(ctx->c->engine, &set);
	rc = chaos_run((uint64_t)args_num(ctx->a, "seed", 1),
	    (int)args_num(ctx->a, "schedules", 100),
	    args_has(ctx->a, "unclean"), ctx->c->engine->n_brokers,
	    set.profile, &out);
	console_write(ctx->c, 1, out.s, out.len);
	strbuf_free(&out);
	return rc == 0 ? 0 : 1;
}

const struct cmd_entry cmd_chaos_entry = {
	.name = "chaos",
	.usage = "[--schedules N] [--seed S] [--unclean]",
	.help = N_("random fault schedules with every invariant checked"),
	.spec = &chaos_spec,
	.exec = chaos_exec,
};
