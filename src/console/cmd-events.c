/*
 * cmd-events.c - `events [N]`: the last N events of the journal (default
 * 20), one line each in event_format's layout.
 */

#include "config.h"

#include <stdlib.h>

#include "console/cmd.h"
#include "model/journal.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

#define EVENTS_DEFAULT 20
#define EVENTS_CHUNK 256

static const struct args_opt events_words[] = {
	{ .name = "N", .kind = ARGS_NUMBER, .min = 1,
	  .max = JOURNAL_MAX_EVENTS },
	{ NULL }
};

static const struct args_spec events_spec = {
	.words = events_words,
	.max_words = 1,
};

static int
events_exec(struct cmd_ctx *ctx)
{
	struct engine	*e = ctx->c->engine;
	struct event	*ring, chunk[EVENTS_CHUNK];
	long long	 want = ctx->a->n_words > 0 ? ctx->a->words[0].num :
			    EVENTS_DEFAULT;
	uint64_t	 since = 0;
	size_t		 n, i, total = 0, start, k;
	char		 line[512];

	ring = xcalloc((size_t)want, sizeof *ring);
	while ((n = e->ops->events(e, since, chunk, EVENTS_CHUNK)) > 0) {
		for (i = 0; i < n; i++)
			ring[total++ % (size_t)want] = chunk[i];
		since = chunk[n - 1].seq;
		if (n < EVENTS_CHUNK)
			break;
	}
	start = total > (size_t)want ? total - (size_t)want : 0;
	for (k = start; k < total; k++) {
		event_format(&ring[k % (size_t)want], line, sizeof line);
		console_printf(ctx->c, "%s\n", line);
	}
	free(ring);
	return 0;
}

const struct cmd_entry cmd_events_entry = {
	.name = "events",
	.usage = "[N]",
	.usage_hint = "N = 1-100000",
	.help = N_("the last N events (default 20)"),
	.spec = &events_spec,
	.exec = events_exec,
};
