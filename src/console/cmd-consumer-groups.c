/*
 * cmd-consumer-groups.c - kafka-consumer-groups.sh, not modelled yet:
 * consumer groups come with the group coordinator.
 */

#include "config.h"

#include "console/cmd.h"

static int
groups_exec(struct cmd_ctx *ctx)
{
	console_eprintf(ctx->c, "isrlab: not yet supported: "
	    "kafka-consumer-groups\n");
	return 1;
}

const struct cmd_entry cmd_consumer_groups_entry = {
	.name = "kafka-consumer-groups",
	.usage = "--bootstrap-server H:P (--list | --describe --group G)",
	.help = "consumer groups (not yet supported)",
	.kafka_tool = true,
	.exec = groups_exec,
};
