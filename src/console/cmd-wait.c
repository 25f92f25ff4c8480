/*
 * cmd-wait.c - lab time: `wait DURATION`, `step [DURATION]` and
 * `wait-until CONDITION [--timeout D]`.
 *
 * On the simulator these return at once, having simulated the time; on
 * the realtime engine they block for it.  wait-until checks the condition
 * against every snapshot the engine offers and prints when it held, in lab
 * time, or that it timed out (a command-level failure, so a script goes
 * on).
 *
 * A front end that must keep drawing (the TUI) sets a waiter
 * (console_set_waiter): wait and wait-until then hand it a console_wait
 * and return at once, and the front end lets lab time pass, asking
 * console_wait_over, which prints the same end message as here.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "console/cmd.h"
#include "console/cond.h"
#include "util/duration.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

#define WAIT_UNTIL_DEFAULT_MS 30000

#define WAIT_EXAMPLES "250ms, 5s, 1.5s, 1m"

static const struct args_opt wait_words[] = {
	{ .name = "DURATION", .kind = ARGS_DURATION, .hint = WAIT_EXAMPLES },
	{ NULL }
};

static const struct args_spec wait_spec = {
	.words = wait_words,
	.min_words = 1,
	.max_words = 1,
};

static int
wait_exec(struct cmd_ctx *ctx)
{
	struct engine	*e = ctx->c->engine;
	int64_t		 ms = ctx->a->words[0].num;

	if (ctx->c->waiter != NULL) {
		struct console_wait	*w = xcalloc(1, sizeof *w);

		w->start_ms = e->ops->now(e);
		w->until_ms = w->start_ms + ms;
		ctx->c->waiter(ctx->c->waiter_arg, w);
		return 0;
	}
	e->ops->advance(e, ms);
	return 0;
}

/* What wait-until prints at its end. */
static void
wait_until_report(struct console *c, const struct cond *cond, bool held,
    int64_t now, const char *tmo_text)
{
	struct strbuf	text = STRBUF_INIT;
	char		t[32];

	if (held) {
		duration_format(now, t, sizeof t);
		console_printf(c, _("condition met at %s\n"), t);
	} else {
		cond_format(cond, &text);
		/* TRANSLATORS: the timeout, then the condition. */
		console_printf(c, _("timed out after %s: %s\n"), tmo_text,
		    strbuf_cstr(&text));
	}
	strbuf_free(&text);
}

bool
console_wait_over(struct console *c, const struct console_wait *w,
    const struct snapshot *s)
{
	if (w->cond != NULL && cond_eval(w->cond, s, c)) {
		wait_until_report(c, w->cond, true, s->now, w->timeout);
		return true;
	}
	if (s->now < w->until_ms)
		return false;
	if (w->cond != NULL)
		wait_until_report(c, w->cond, false, s->now, w->timeout);
	return true;
}

void
console_wait_free(struct console_wait *w)
{
	if (w == NULL)
		return;
	cond_free(w->cond);
	free(w);
}

static const struct args_opt step_words[] = {
	{ .name = "DURATION", .kind = ARGS_DURATION },
	{ NULL }
};

static const struct args_spec step_spec = {
	.words = step_words,
	.max_words = 1,
};

static int
step_exec(struct cmd_ctx *ctx)
{
	struct engine	*e = ctx->c->engine;
	int64_t		 ms = ctx->a->n_words > 0 ? ctx->a->words[0].num : 100;
	char		 t[32];

	e->ops->advance(e, ms);
	duration_format(e->ops->now(e), t, sizeof t);
	console_printf(ctx->c, "t=%s\n", t);
	return 0;
}

struct wait_until_arg {
	const struct cond	*cond;
	const struct console	*console;
};

static bool
wait_until_check(const struct snapshot *s, void *arg)
{
	struct wait_until_arg	*a = arg;

	return cond_eval(a->cond, s, a->console);
}

static const struct args_opt wait_until_opts[] = {
	{ .name = "timeout", .has_value = true, .kind = ARGS_DURATION },
	{ NULL }
};

/* The condition's words are read by cond_parse_words. */
static const struct args_spec wait_until_spec = {
	.opts = wait_until_opts,
	.max_words = -1,
};

static int
wait_until_exec(struct cmd_ctx *ctx)
{
	struct engine		*e = ctx->c->engine;
	struct words		 w = WORDS_INIT;
	struct wait_until_arg	 a;
	struct cond		*cond;
	const char		*tmo_text = "30s";
	int64_t			 tmo = args_num(ctx->a, "timeout",
				    WAIT_UNTIL_DEFAULT_MS);
	bool			 held;
	size_t			 i;

	if (args_has(ctx->a, "timeout"))
		tmo_text = args_get(ctx->a, "timeout");
	for (i = 0; i < ctx->a->n_words; i++)
		words_add(&w, args_word(ctx->a, i));
	if (cond_parse_words(&w, 0, &cond, ctx->err, ctx->errlen) != 0) {
		words_free(&w);
		return -1;
	}
	words_free(&w);
	if (ctx->c->waiter != NULL) {
		struct console_wait	*cw = xcalloc(1, sizeof *cw);

		cw->start_ms = e->ops->now(e);
		cw->until_ms = cw->start_ms + tmo;
		cw->cond = cond;
		snprintf(cw->timeout, sizeof cw->timeout, "%s", tmo_text);
		ctx->c->waiter(ctx->c->waiter_arg, cw);
		return 0;
	}
	a.cond = cond;
	a.console = ctx->c;
	held = e->ops->run_until(e, wait_until_check, &a, tmo);
	wait_until_report(ctx->c, cond, held, e->ops->now(e), tmo_text);
	cond_free(cond);
	return held ? 0 : 1;
}

const struct cmd_entry cmd_wait_entry = {
	.name = "wait",
	.usage = "DURATION",
	.usage_hint = WAIT_EXAMPLES,
	.help = "let the cluster run for a while (" WAIT_EXAMPLES ")",
	.spec = &wait_spec,
	.exec = wait_exec,
};

const struct cmd_entry cmd_step_entry = {
	.name = "step",
	.usage = "[DURATION]",
	.help = N_("advance the clock by DURATION (default 100ms)"),
	.spec = &step_spec,
	.exec = step_exec,
};

const struct cmd_entry cmd_wait_until_entry = {
	.name = "wait-until",
	.usage = "CONDITION [--timeout D]",
	.help = N_("run until CONDITION holds (e.g. leader email.send/0 != 1), "
	    "at most D (30s)"),
	.spec = &wait_until_spec,
	.exec = wait_until_exec,
};
