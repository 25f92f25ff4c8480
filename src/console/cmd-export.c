/*
 * cmd-export.c - `export [PATH]`: the journal's Markdown and JSON Lines
 * export, which comes with src/journal.
 */

#include "config.h"

#include "console/cmd.h"

static int
export_exec(struct cmd_ctx *ctx)
{
	if (ctx->args->n > 2)
		return cmd_usage(ctx, "usage: export [PATH]");
	console_eprintf(ctx->c, "isrlab: export is not available yet\n");
	return 1;
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "[PATH]",
	.help = "write the session journal (Markdown + JSON Lines)",
	.exec = export_exec,
};
