/*
 * cmd-export.c - `export [PATH]`: writes the session journal as a Markdown
 * report and a JSON Lines log side by side.
 *
 * The writer lives in src/journal (it needs jansson, which the core
 * library does not link), so the front end that keeps a journal hands the
 * console an exporter (console_set_exporter); this command only calls it.
 */

#include "config.h"

#include "console/cmd.h"
#include "util/i18n.h"

static const struct args_spec export_spec = {
	.max_words = 1,
};

static int
export_exec(struct cmd_ctx *ctx)
{
	struct console	*c = ctx->c;
	struct strbuf	 msg = STRBUF_INIT;
	int		 rc;

	if (c->exporter == NULL) {
		console_eprintf(c, "export: this session keeps no journal\n");
		return 1;
	}
	rc = c->exporter(c->exporter_arg, args_word(ctx->a, 0), &msg);
	if (rc == 0)
		console_printf(c, "%s", strbuf_cstr(&msg));
	else
		console_eprintf(c, "export: %s\n", strbuf_cstr(&msg));
	strbuf_free(&msg);
	return rc == 0 ? 0 : 1;
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "[PATH]",
	.help = N_("write the session journal (Markdown report + JSON Lines log)"),
	.spec = &export_spec,
	.exec = export_exec,
};
