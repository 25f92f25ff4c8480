/*
 * cmd-help.c - `help [COMMAND]`, printed from the command table.
 */

#include "config.h"

#include <string.h>

#include "console/cmd.h"

static void
help_one(struct console *c, const struct cmd_entry *ce)
{
	const char *const	*a;

	console_printf(c, "usage: %s%s%s\n  %s\n", ce->name,
	    ce->usage[0] != '\0' ? " " : "", ce->usage, ce->help);
	if (ce->aliases != NULL)
		for (a = ce->aliases; *a != NULL; a++)
			console_printf(c, "  also: %s\n", *a);
	if (ce->kafka_tool)
		console_printf(c, "  (also with bin/ and .sh, and after "
		    "docker exec -it kafkaN)\n");
}

static int
help_exec(struct cmd_ctx *ctx)
{
	const struct cmd_entry	*ce;
	size_t			 i;
	int			 w = 0;

	if (ctx->args->n > 2)
		return cmd_usage(ctx, "usage: help [COMMAND]");
	if (ctx->args->n == 2) {
		struct words	one = WORDS_INIT;
		int		container;

		words_add(&one, ctx->args->v[1]);
		cmd_normalize(&one, &container, NULL, 0, false);
		ce = cmd_find(one.v[0]);
		words_free(&one);
		if (ce == NULL)
			return cmd_usage(ctx, "help: unknown command '%s'",
			    ctx->args->v[1]);
		help_one(ctx->c, ce);
		return 0;
	}
	for (i = 0; (ce = cmd_table[i]) != NULL; i++)
		if ((int)strlen(ce->name) > w)
			w = (int)strlen(ce->name);
	console_printf(ctx->c, "Kafka tools (with or without bin/ and .sh):\n");
	for (i = 0; (ce = cmd_table[i]) != NULL; i++)
		if (ce->kafka_tool)
			console_printf(ctx->c, "  %-*s  %s\n", w, ce->name,
			    ce->help);
	console_printf(ctx->c, "isrlab commands:\n");
	for (i = 0; (ce = cmd_table[i]) != NULL; i++)
		if (!ce->kafka_tool)
			console_printf(ctx->c, "  %-*s  %s\n", w, ce->name,
			    ce->help);
	console_printf(ctx->c, "'help COMMAND' shows its arguments.\n");
	return 0;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[COMMAND]",
	.help = "list the commands, or show one's arguments",
	.exec = help_exec,
};
