/*
 * cmd-set.c - `set K=V` changes a setting everywhere (and journals it as a
 * config_change event); `set --list` shows every setting with its current
 * value, isrlab's default and Kafka's.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/cmd.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

static int
set_list(struct cmd_ctx *ctx)
{
	const struct setting_desc	*d;
	struct settings			 cur;
	char				 a[32], b[32], c[32];
	int				 w = 4;

	ctx->c->engine->ops->get_settings(ctx->c->engine, &cur);
	for (d = settings_table; d->name != NULL; d++)
		if ((int)strlen(d->name) > w)
			w = (int)strlen(d->name);
	console_printf(ctx->c, "%-*s  %-10s  %-14s  %s\n", w, "NAME",
	    "CURRENT", "ISRLAB DEFAULT", "KAFKA DEFAULT");
	for (d = settings_table; d->name != NULL; d++) {
		settings_format(d, settings_get(&cur, d), a, sizeof a);
		settings_format(d, d->lab_default, b, sizeof b);
		settings_format(d, d->kafka_default, c, sizeof c);
		console_printf(ctx->c, "%-*s  %-10s  %-14s  %s\n", w, d->name,
		    a, b, c);
	}
	return 0;
}

static const struct args_opt set_opts[] = {
	{ .name = "list" },
	{ NULL }
};

static const struct args_opt set_words[] = {
	{ .name = "NAME=VALUE", .kind = ARGS_SETTING },
	{ NULL }
};

static const struct args_spec set_spec = {
	.opts = set_opts,
	.words = set_words,
	.max_words = 1,
};

static int
set_exec(struct cmd_ctx *ctx)
{
	struct engine			*e = ctx->c->engine;
	const struct setting_desc	*d;
	struct settings			 cur;
	struct event			 ev;
	char				 why[64];
	char				*name, *eq, old[32], new[32];
	int64_t				 v;
	int				 rc = -1;

	/* One of the two forms. */
	if (args_has(ctx->a, "list") != (ctx->a->n_words == 0))
		return cmd_usage_error(ctx);
	if (args_has(ctx->a, "list"))
		return set_list(ctx);
	name = xstrdup(args_word(ctx->a, 0));
	eq = strchr(name, '=');
	*eq = '\0';
	if ((d = settings_find(name)) == NULL) {
		cmd_usage(ctx, "set: unknown config name '%s' (see 'set "
		    "--list')", name);
		goto out;
	}
	if (settings_parse_value(d, eq + 1, &v, why, sizeof why) != 0) {
		cmd_usage(ctx, "set: invalid value '%s' for %s: %s", eq + 1,
		    name, why);
		goto out;
	}
	e->ops->get_settings(e, &cur);
	settings_format(d, settings_get(&cur, d), old, sizeof old);
	settings_put(&cur, d, v);
	settings_format(d, v, new, sizeof new);
	e->ops->set_settings(e, &cur);

	memset(&ev, 0, sizeof ev);
	ev.type = EV_CONFIG_CHANGE;
	ev.t_ms = e->ops->now(e);
	ev.broker = -1;
	ev.partition = -1;
	ev.leader_from = ev.leader_to = ISR_NO_LEADER;
	snprintf(ev.reason, sizeof ev.reason, "%s: %s -> %s", d->name, old,
	    new);
	e->ops->post_event(e, &ev);
	console_printf(ctx->c, "%s=%s (was %s)\n", d->name, new, old);
	rc = 0;
out:
	free(name);
	return rc;
}

const struct cmd_entry cmd_set_entry = {
	.name = "set",
	.usage = "NAME=VALUE | --list",
	.help = N_("change a broker/client setting, or list them with defaults"),
	.spec = &set_spec,
	.exec = set_exec,
};
