/*
 * cmd-faults.c - the native fault commands: kill, stop, restart (start),
 * isolate, partition, heal, slow.
 *
 * They say nothing when they work (the event log and the next describe
 * show what happened), and "isrlab: kill: ..." when the engine refuses,
 * e.g. killing a broker that is already down.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/cmd.h"
#include "util/duration.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

static int
faults_simple(struct cmd_ctx *ctx, enum fault_kind kind)
{
	struct fault	f;
	int		b;

	if (ctx->args->n != 2)
		return cmd_usage(ctx, "usage: %s BROKER", ctx->args->v[0]);
	if (cmd_broker_arg(ctx, ctx->args->v[1], &b) != 0)
		return -1;
	memset(&f, 0, sizeof f);
	f.kind = kind;
	f.broker = b;
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
	int		b;

	if (ctx->args->n != 2)
		return cmd_usage(ctx, "usage: %s BROKER", ctx->args->v[0]);
	if (cmd_broker_arg(ctx, ctx->args->v[1], &b) != 0)
		return -1;
	memset(&f, 0, sizeof f);
	f.broker = b;
	if (cmd_broker_up(ctx, b)) {
		f.kind = FAULT_KILL;
		if (cmd_fault(ctx, &f, ctx->args->v[0]) != 0)
			return 1;
	}
	f.kind = FAULT_START;
	return cmd_fault(ctx, &f, ctx->args->v[0]);
}

static int
faults_isolate(struct cmd_ctx *ctx)
{
	struct fault	f;
	size_t		i;
	int		b = -1;

	memset(&f, 0, sizeof f);
	f.kind = FAULT_ISOLATE;
	for (i = 1; i < ctx->args->n; i++) {
		if (strcmp(ctx->args->v[i], "--clients") == 0)
			f.with_clients = true;
		else if (b == -1) {
			if (cmd_broker_arg(ctx, ctx->args->v[i], &b) != 0)
				return -1;
		} else
			return cmd_usage(ctx, "usage: isolate BROKER "
			    "[--clients]");
	}
	if (b == -1)
		return cmd_usage(ctx, "usage: isolate BROKER [--clients]");
	f.broker = b;
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
	all = words_join(ctx->args, 1);
	if ((bar = strchr(all, '|')) == NULL || strchr(bar + 1, '|') != NULL) {
		cmd_usage(ctx, "usage: partition 1,2 | 3 (two sides split by "
		    "'|'; quote the '|' in a shell)");
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

static int
faults_heal(struct cmd_ctx *ctx)
{
	struct fault	f;
	int		b = -1;

	if (ctx->args->n > 2)
		return cmd_usage(ctx, "usage: heal [BROKER]");
	if (ctx->args->n == 2 && cmd_broker_arg(ctx, ctx->args->v[1], &b) != 0)
		return -1;
	memset(&f, 0, sizeof f);
	f.kind = FAULT_HEAL;
	f.broker = b;
	return cmd_fault(ctx, &f, "heal");
}

static int
faults_slow(struct cmd_ctx *ctx)
{
	struct fault	f;
	int64_t		ms;
	int		b;

	if (ctx->args->n != 3)
		return cmd_usage(ctx, "usage: slow BROKER DELAY (e.g. slow 3 "
		    "800ms; slow 3 0 undoes it)");
	if (cmd_broker_arg(ctx, ctx->args->v[1], &b) != 0)
		return -1;
	if (duration_parse(ctx->args->v[2], &ms) != 0)
		return cmd_usage(ctx, "slow: '%s' is not a duration (250ms, "
		    "2s, 1.5s)", ctx->args->v[2]);
	memset(&f, 0, sizeof f);
	f.kind = FAULT_SLOW;
	f.broker = b;
	f.ms = ms;
	return cmd_fault(ctx, &f, "slow");
}

const struct cmd_entry cmd_kill_entry = {
	.name = "kill",
	.usage = "BROKER",
	.help = "crash a broker (kill -9): nothing happens until it is fenced",
	.exec = faults_kill,
};

const struct cmd_entry cmd_stop_entry = {
	.name = "stop",
	.usage = "BROKER",
	.help = "controlled shutdown: leadership moves away first",
	.exec = faults_stop,
};

const struct cmd_entry cmd_restart_entry = {
	.name = "restart",
	.aliases = (const char *const[]){ "start", NULL },
	.usage = "BROKER",
	.help = "start a down broker (a running one is killed first)",
	.exec = faults_restart,
};

const struct cmd_entry cmd_isolate_entry = {
	.name = "isolate",
	.usage = "BROKER [--clients]",
	.help = "cut a broker from the other brokers and the controller "
	    "(and from clients with --clients)",
	.exec = faults_isolate,
};

const struct cmd_entry cmd_partition_entry = {
	.name = "partition",
	.usage = "NODES | NODES",
	.help = "split the network in two sides, e.g. partition 1,2 | 3 "
	    "(nodes: broker ids, controller)",
	.exec = faults_partition,
};

const struct cmd_entry cmd_heal_entry = {
	.name = "heal",
	.usage = "[BROKER]",
	.help = "heal every link (or one broker's links and slowness)",
	.exec = faults_heal,
};

const struct cmd_entry cmd_slow_entry = {
	.name = "slow",
	.usage = "BROKER DELAY",
	.help = "delay replication traffic to and from a broker",
	.exec = faults_slow,
};
