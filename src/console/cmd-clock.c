/*
 * cmd-clock.c - pause, resume and speed: they steer the realtime engine's
 * lab clock (engine set_paused / set_speed), or the clock of a front end
 * that drives the simulator by real time (console_set_clock: the TUI).
 * Headless on the simulator, which runs on virtual time, they mean
 * nothing (its clock calls are NULL), so there they only say so.
 */

#include "config.h"

#include <string.h>

#include "console/cmd.h"
#include "util/i18n.h"

static const struct args_spec clock_pause_spec = {
	.max_words = 0,
};

static const struct args_opt clock_speed_words[] = {
	{ .name = "X", .kind = ARGS_SPEED },
	{ NULL }
};

static const struct args_spec clock_speed_spec = {
	.words = clock_speed_words,
	.min_words = 1,
	.max_words = 1,
};

static int
clock_exec(struct cmd_ctx *ctx)
{
	const struct engine_ops	*ops = ctx->c->engine->ops;
	const char		*name = ctx->args->v[0];
	double			 x = 1.0;

	if (strcmp(name, "speed") == 0) {
		struct snapshot	 s;

		x = ctx->a->words[0].real;
		cmd_snapshot(ctx, &s);
		/* Real clients' timeouts run on real time (issue 16). */
		if (x != 1.0 && snapshot_wire_clients(&s) > 0)
			console_eprintf(ctx->c, _("isrlab: speed %g: real "
			    "clients are connected; their own timeouts "
			    "(request, session) run on real time and do not "
			    "scale\n"), x);
		snapshot_free(&s);
	}
	if (ctx->c->clock != NULL) {
		if (strcmp(name, "speed") == 0)
			ctx->c->clock->set_speed(ctx->c->clock_arg, x);
		else
			ctx->c->clock->set_paused(ctx->c->clock_arg,
			    strcmp(name, "pause") == 0);
		return 0;
	}
	if (ops->set_paused == NULL || ops->set_speed == NULL) {
		console_eprintf(ctx->c, _("isrlab: %s has no effect on the "
		    "simulator (virtual time)\n"), name);
		return 0;
	}
	if (strcmp(name, "speed") == 0)
		ops->set_speed(ctx->c->engine, x);
	else
		ops->set_paused(ctx->c->engine, strcmp(name, "pause") == 0);
	return 0;
}

const struct cmd_entry cmd_pause_entry = {
	.name = "pause",
	.usage = "",
	.help = N_("stop the lab clock"),
	.spec = &clock_pause_spec,
	.exec = clock_exec,
};

const struct cmd_entry cmd_resume_entry = {
	.name = "resume",
	.usage = "",
	.help = N_("restart the lab clock"),
	.spec = &clock_pause_spec,
	.exec = clock_exec,
};

const struct cmd_entry cmd_speed_entry = {
	.name = "speed",
	.usage = "X",
	.usage_hint = N_("e.g. 0.5, 2"),
	.help = N_("run the lab clock X times as fast (0.1-50)"),
	.spec = &clock_speed_spec,
	.exec = clock_exec,
};
