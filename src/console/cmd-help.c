/*
 * cmd-help.c - `help [COMMAND]`, printed from the command table.
 */

#include "config.h"

#include <string.h>

#include "console/cmd.h"
#include "util/i18n.h"

static void
help_one(struct console *c, const struct cmd_entry *ce)
{
	struct strbuf		 usage = STRBUF_INIT;
	const char *const	*a;

	cmd_usage_text(ce, &usage);
	/* TRANSLATORS: the command, a blank, its arguments, then what it
	 * does. */
	console_printf(c, _("usage: %s%s%s\n  %s\n"), ce->name,
	    usage.len > 0 ? " " : "", strbuf_cstr(&usage), _(ce->help));
	strbuf_free(&usage);
	if (ce->aliases != NULL)
		for (a = ce->aliases; *a != NULL; a++)
			console_printf(c, _("  also: %s\n"), *a);
	if (ce->kafka_tool)
		console_printf(c, "%s", _("  (also with bin/ and .sh, and after "
		    "docker exec -it kafkaN)\n"));
}

static const struct args_spec help_spec = {
	.max_words = 1,
};

static int
help_exec(struct cmd_ctx *ctx)
{
	const struct cmd_entry	*ce;
	size_t			 i;
	int			 w = 0;

	if (ctx->a->n_words == 1) {
		struct words	one = WORDS_INIT;
		int		container;

		words_add(&one, args_word(ctx->a, 0));
		cmd_normalize(&one, &container, NULL, 0, false);
		ce = cmd_find(one.v[0]);
		words_free(&one);
		if (ce == NULL)
			return cmd_usage(ctx, _("help: unknown command '%s'"),
			    args_word(ctx->a, 0));
		help_one(ctx->c, ce);
		return 0;
	}
	for (i = 0; (ce = cmd_table[i]) != NULL; i++)
		if ((int)strlen(ce->name) > w)
			w = (int)strlen(ce->name);
	console_printf(ctx->c, "%s", _("Kafka tools (with or without bin/ and "
	    ".sh):\n"));
	for (i = 0; (ce = cmd_table[i]) != NULL; i++)
		if (ce->kafka_tool)
			console_printf(ctx->c, "  %-*s  %s\n", w, ce->name,
			    _(ce->help));
	console_printf(ctx->c, "%s", _("isrlab commands:\n"));
	for (i = 0; (ce = cmd_table[i]) != NULL; i++)
		if (!ce->kafka_tool)
			console_printf(ctx->c, "  %-*s  %s\n", w, ce->name,
			    _(ce->help));
	console_printf(ctx->c, "%s", _("'help COMMAND' shows its "
	    "arguments.\n"));
	return 0;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[COMMAND]",
	.help = N_("list the commands, or show one's arguments"),
	.spec = &help_spec,
	.exec = help_exec,
};
