/*
 * cmd-chaos.c - `chaos [--schedules N] [--seed S] [--unclean]`: random
 * fault schedules on fresh simulated clusters with the invariants checked
 * after every step (src/sim/chaos.c); prints its report.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "console/cmd.h"
#include "sim/chaos.h"
#include "util/strbuf.h"

static int
chaos_exec(struct cmd_ctx *ctx)
{
	const struct words	*w = ctx->args;
	struct strbuf		 out = STRBUF_INIT;
	const char		*v;
	long long		 schedules = 100, seed = 1;
	bool			 unclean = false, missing = false;
	size_t			 i;
	int			 rc;

	for (i = 1; i < w->n; i++) {
		if ((v = cmd_option(w, &i, "--schedules", &missing)) != NULL) {
			if (!cmd_parse_int(v, &schedules) || schedules < 1 ||
			    schedules > 1000000)
				return cmd_usage(ctx, "chaos: --schedules is "
				    "1-1000000");
		} else if ((v = cmd_option(w, &i, "--seed", &missing)) !=
		    NULL) {
			if (!cmd_parse_int(v, &seed))
				return cmd_usage(ctx, "chaos: --seed takes a "
				    "number");
		} else if (missing)
			return cmd_usage(ctx, "chaos: %s needs a value",
			    w->v[i]);
		else if (strcmp(w->v[i], "--unclean") == 0)
			unclean = true;
		else
			return cmd_usage(ctx, "usage: chaos [--schedules N] "
			    "[--seed S] [--unclean]");
		if (missing)
			return cmd_usage(ctx, "chaos: %s needs a value",
			    w->v[i]);
	}
	rc = chaos_run((uint64_t)seed, (int)schedules, unclean,
	    ctx->c->engine->n_brokers, &out);
	console_write(ctx->c, 1, out.s, out.len);
	strbuf_free(&out);
	return rc == 0 ? 0 : 1;
}

const struct cmd_entry cmd_chaos_entry = {
	.name = "chaos",
	.usage = "[--schedules N] [--seed S] [--unclean]",
	.help = "random fault schedules with every invariant checked",
	.exec = chaos_exec,
};
