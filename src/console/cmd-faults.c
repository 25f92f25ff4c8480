/*
 * cmd-faults.c - the native fault commands: kill, stop, restart (start),
 * isolate, partition, heal, slow.
 *
 * They say nothing when they work (the event log and the next describe
 * show what happened), and "isrlab: kill: ..." when the engine refuses,
 * e.g. killing a broker that is already down.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "console/cmd.h"
#include "util/i18n.h"

/* The broker word of kill, stop, restart and heal. */
static const struct args_opt faults_broker_word[] = {
	{ .name = "BROKER", .kind = ARGS_BROKER },
	{ NULL }
};

static const struct args_spec faults_broker_spec = {
	.words = faults_broker_word,
	.min_words = 1,
	.max_words = 1,
};

static int
faults_simple(struct cmd_ctx *ctx, enum fault_kind kind)
{
	struct fault	f;

	memset(&f, 0, sizeof f);
	f.kind = kind;
	f.broker = (int)ctx->a->words[0].num;
	return cmd_fault(ctx, &f, ctx->args->v[0]);
}

static int
faults_kill(struct cmd_ctx *ctx)
{
	return faults_simple(ctx, FAULT_KILL);
}

static int
faults_stop(struct cmd_ctx *ctx)
{
	return faults_simple(ctx, FAULT_STOP);
}

/* restart B: kill -9 then start when it runs, start when it is down. */
static int
faults_restart(struct cmd_ctx *ctx)
{
	struct fault	f;

	memset(&f, 0, sizeof f);
	f.broker = (int)ctx->a->words[0].num;
	if (cmd_broker_up(ctx, f.broker)) {
		f.kind = FAULT_KILL;
		if (cmd_fault(ctx, &f, ctx->args->v[0]) != 0)
			return 1;
	}
	f.kind = FAULT_START;
	return cmd_fault(ctx, &f, ctx->args->v[0]);
}

static const struct args_opt faults_isolate_opts[] = {
	{ .name = "clients" },
	{ NULL }
};

static const struct args_spec faults_isolate_spec = {
	.opts = faults_isolate_opts,
	.words = faults_broker_word,
	.min_words = 1,
	.max_words = 1,
};

static int
faults_isolate(struct cmd_ctx *ctx)
{
	struct fault	f;

	memset(&f, 0, sizeof f);
	f.kind = FAULT_ISOLATE;
	f.with_clients = args_has(ctx->a, "clients");
	f.broker = (int)ctx->a->words[0].num;
	return cmd_fault(ctx, &f, "isolate");
}

/* One side of a partition: broker ids and "controller", separated by
 * commas or spaces.  Returns 0 or -1 (usage error). */
static int
faults_side(struct cmd_ctx *ctx, char *text, bool side[ISR_NODES],
    bool *named_controller, bool *any)
{
	char	*tok, *save;
	int	 b;

	for (tok = strtok_r(text, ", \t", &save); tok != NULL;
	    tok = strtok_r(NULL, ", \t", &save)) {
		if (strcmp(tok, "controller") == 0) {
			side[NODE_CONTROLLER] = true;
			*named_controller = true;
		} else {
			if (cmd_broker_arg(ctx, tok, &b) != 0)
				return -1;
			side[b] = true;
		}
		*any = true;
	}
	return 0;
}

static int
faults_partition(struct cmd_ctx *ctx)
{
	struct fault	 f;
	char		*all, *bar;
	bool		 ctl_a = false, ctl_b = false, any_a = false,
			 any_b = false;
	int		 i, rc = -1;

	memset(&f, 0, sizeof f);
	f.kind = FAULT_PARTITION;
	all = words_join(ctx->args, 1);	/* every word is a positional one */
	if ((bar = strchr(all, '|')) == NULL || strchr(bar + 1, '|') != NULL) {
		cmd_usage(ctx, "%s%s", _("usage: "), _("partition 1,2 | 3 "
		    "(two sides split by '|'; quote the '|' in a shell)"));
		goto out;
	}
	*bar = '\0';
	for (i = 0; all[i] != '\0'; i++)
		if (all[i] == '\'')
			all[i] = ' ';
	if (faults_side(ctx, all, f.side_a, &ctl_a, &any_a) != 0 ||
	    faults_side(ctx, bar + 1, f.side_b, &ctl_b, &any_b) != 0)
		goto out;
	if (!any_a || !any_b) {
		cmd_usage(ctx, "partition: both sides need at least one node");
		goto out;
	}
	for (i = 1; i <= ISR_MAX_BROKERS; i++)
		if (f.side_a[i] && f.side_b[i]) {
			cmd_usage(ctx, "partition: broker %d is on both sides",
			    i);
			goto out;
		}
	if (ctl_a && ctl_b) {
		cmd_usage(ctx, "partition: the controller is on both sides");
		goto out;
	}
	/* The controller stays with the first side unless a side names it. */
	if (!ctl_a && !ctl_b)
		f.side_a[NODE_CONTROLLER] = true;
	rc = cmd_fault(ctx, &f, "partition");
out:
	free(all);
	return rc;
}

/* partition reads its words itself: "1,2 | 3", "1,2 '|' 3", "1,2|3". */
static const struct args_spec faults_partition_spec = {
	.max_words = -1,
};

static const struct args_spec faults_heal_spec = {
	.words = faults_broker_word,
	.max_words = 1,
};

static int
faults_heal(struct cmd_ctx *ctx)
{
	struct fault	f;

	memset(&f, 0, sizeof f);
	f.kind = FAULT_HEAL;
	f.broker = ctx->a->n_words > 0 ? (int)ctx->a->words[0].num : -1;
	return cmd_fault(ctx, &f, "heal");
}

static const struct args_opt faults_slow_words[] = {
	{ .name = "BROKER", .kind = ARGS_BROKER },
	{ .name = "DELAY", .kind = ARGS_DURATION, .hint = "250ms, 2s, 1.5s" },
	{ NULL }
};

static const struct args_spec faults_slow_spec = {
	.words = faults_slow_words,
	.min_words = 2,
	.max_words = 2,
};

static int
faults_slow(struct cmd_ctx *ctx)
{
	struct fault	f;

	memset(&f, 0, sizeof f);
	f.kind = FAULT_SLOW;
	f.broker = (int)ctx->a->words[0].num;
	f.ms = ctx->a->words[1].num;
	return cmd_fault(ctx, &f, "slow");
}

const struct cmd_entry cmd_kill_entry = {
	.name = "kill",
	.usage = "BROKER",
	.help = N_("crash a broker (kill -9): nothing happens until it is fenced"),
	.spec = &faults_broker_spec,
	.exec = faults_kill,
};

const struct cmd_entry cmd_stop_entry = {
	.name = "stop",
	.usage = "BROKER",
	.help = N_("controlled shutdown: leadership moves away first"),
	.spec = &faults_broker_spec,
	.exec = faults_stop,
};

const struct cmd_entry cmd_restart_entry = {
	.name = "restart",
	.aliases = (const char *const[]){ "start", NULL },
	.usage = "BROKER",
	.help = N_("start a down broker (a running one is killed first)"),
	.spec = &faults_broker_spec,
	.exec = faults_restart,
};

const struct cmd_entry cmd_isolate_entry = {
	.name = "isolate",
	.usage = "BROKER [--clients]",
	.help = N_("cut a broker from the other brokers and the controller "
	    "(and from clients with --clients)"),
	.spec = &faults_isolate_spec,
	.exec = faults_isolate,
};

const struct cmd_entry cmd_partition_entry = {
	.name = "partition",
	.usage = "NODES | NODES",
	.help = N_("split the network in two sides, e.g. partition 1,2 | 3 "
	    "(nodes: broker ids, controller)"),
	.spec = &faults_partition_spec,
	.exec = faults_partition,
};

const struct cmd_entry cmd_heal_entry = {
	.name = "heal",
	.usage = "[BROKER]",
	.help = N_("heal every link (or one broker's links and slowness)"),
	.spec = &faults_heal_spec,
	.exec = faults_heal,
};

const struct cmd_entry cmd_slow_entry = {
	.name = "slow",
	.usage = "BROKER DELAY",
	.usage_hint = N_("e.g. slow 3 800ms; slow 3 0 undoes it"),
	.help = N_("delay replication traffic to and from a broker"),
	.spec = &faults_slow_spec,
	.exec = faults_slow,
};
