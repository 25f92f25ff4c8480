/*
 * cmd-kafka-configs.c - kafka-configs.sh --alter --add-config for topics
 * and brokers.
 *
 * isrlab models broker configs cluster-wide only, so "--entity-type
 * brokers --entity-name 2" changes the value for every broker (the message
 * still names broker 2, as Kafka's does).  --describe and --delete-config
 * are not there yet.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/clients.h"
#include "console/cmd.h"
#include "console/toolopt.h"
#include "util/xmalloc.h"

static const struct toolopt_spec configs_opts[] = {
	{ "bootstrap-server", true },
	{ "command-config", true },
	{ "alter", false },
	{ "describe", false },
	{ "entity-type", true },
	{ "entity-name", true },
	{ "entity-default", false },
	{ "add-config", true },
	{ "add-config-file", true },
	{ "delete-config", true },
	{ "topic", true },
	{ "broker", true },
	{ "broker-defaults", false },
	{ "all", false },
	{ "help", false },
	{ "version", false },
	{ NULL, false }
};

/* Kafka's failure: the args, then the exception on its own line. */
static int
configs_fail(struct cmd_ctx *ctx, const char *exc, const char *msg)
{
	char	*args = words_join(ctx->args, 1);

	console_eprintf(ctx->c, "Error while executing config command with "
	    "args '%s'\njava.util.concurrent.ExecutionException: %s: %s\n",
	    args, exc, msg);
	free(args);
	return 1;
}

static int
configs_exec(struct cmd_ctx *ctx)
{
	struct engine		*e = ctx->c->engine;
	struct toolopt		 o;
	struct snapshot		 s;
	struct servers		 sv;
	struct admin_req	 r;
	const char		*etype, *ename, *add;
	char			*list = NULL, *item, *save, *eq;
	char			 why[256], exc[160];
	bool			 topics, dflt;
	enum kerr		 ke;
	int			 rc = -1, broker;

	if (toolopt_parse(&o, configs_opts, ctx->args, 1, ctx->err,
	    ctx->errlen) != 0)
		return -1;
	etype = toolopt_get(&o, "entity-type");
	ename = toolopt_get(&o, "entity-name");
	dflt = toolopt_has(&o, "entity-default") ||
	    toolopt_has(&o, "broker-defaults");
	if (toolopt_has(&o, "topic")) {
		etype = "topics";
		ename = toolopt_get(&o, "topic");
	} else if (toolopt_has(&o, "broker")) {
		etype = "brokers";
		ename = toolopt_get(&o, "broker");
	} else if (toolopt_has(&o, "broker-defaults"))
		etype = "brokers";
	add = toolopt_get(&o, "add-config");

	if (!toolopt_has(&o, "bootstrap-server")) {
		cmd_usage(ctx, "Missing required argument \"[bootstrap-server]\"");
		goto out;
	}
	if (toolopt_has(&o, "describe") || toolopt_has(&o, "delete-config") ||
	    toolopt_has(&o, "add-config-file")) {
		console_eprintf(ctx->c, "isrlab: kafka-configs: only --alter "
		    "--add-config is supported yet\n");
		rc = 1;
		goto out;
	}
	if (!toolopt_has(&o, "alter")) {
		cmd_usage(ctx, "Command must include exactly one action: "
		    "--describe, --alter");
		goto out;
	}
	if (etype == NULL) {
		cmd_usage(ctx, "Missing required argument \"[entity-type]\"");
		goto out;
	}
	if (strcmp(etype, "topics") != 0 && strcmp(etype, "brokers") != 0) {
		cmd_usage(ctx, "Invalid entity type %s, the entity type must "
		    "be one of topics, brokers (isrlab)", etype);
		goto out;
	}
	topics = strcmp(etype, "topics") == 0;
	if (ename == NULL && !(dflt && !topics)) {
		cmd_usage(ctx, "an entity name must be specified with --alter "
		    "of %s", etype);
		goto out;
	}
	if (add == NULL) {
		cmd_usage(ctx, "At least one of --add-config, --add-config-file"
		    ", or --delete-config must be specified with --alter");
		goto out;
	}

	cmd_snapshot(ctx, &s);
	rc = cmd_bootstrap(ctx, toolopt_get(&o, "bootstrap-server"),
	    "AdminClient clientId=adminclient-1", &s, &sv, &broker);
	snapshot_free(&s);
	if (rc == 1) {
		configs_fail(ctx, "org.apache.kafka.common.errors."
		    "TimeoutException", "Timed out waiting for a node "
		    "assignment. Call: describeConfigs");
		goto out;
	}
	if (rc != 0)
		goto out;

	list = xstrdup(add);
	for (item = strtok_r(list, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(item, '=')) == NULL || eq == item) {
			rc = configs_fail(ctx, "java.lang."
			    "IllegalArgumentException", "requirement failed: "
			    "Invalid entity config: all configs to be added "
			    "must be in the format \"key=val\".");
			goto out;
		}
		*eq = '\0';
		memset(&r, 0, sizeof r);
		r.kind = topics ? ADMIN_ALTER_TOPIC_CONFIG :
		    ADMIN_ALTER_BROKER_CONFIG;
		r.topic = topics ? ename : NULL;
		r.key = item;
		r.value = eq + 1;
		why[0] = '\0';
		ke = e->ops->admin(e, &r, why, sizeof why);
		if (ke != KERR_NONE) {
			console_error_add(ctx->c, kerr_name(ke));
			rc = configs_fail(ctx, clients_exception(ke, exc,
			    sizeof exc), why[0] != '\0' ? why :
			    kerr_message(ke));
			goto out;
		}
	}
	if (topics)
		console_printf(ctx->c, "Completed updating config for topic "
		    "%s.\n", ename);
	else if (ename == NULL)
		console_printf(ctx->c, "Completed updating default config for "
		    "brokers in the cluster.\n");
	else
		console_printf(ctx->c, "Completed updating config for broker "
		    "%s.\n", ename);
	rc = 0;
out:
	free(list);
	toolopt_free(&o);
	return rc;
}

const struct cmd_entry cmd_kafka_configs_entry = {
	.name = "kafka-configs",
	.usage = "--bootstrap-server H:P --alter --entity-type topics|brokers "
	    "(--entity-name X | --entity-default) --add-config K=V[,K=V]",
	.help = "change a topic's or the brokers' configs (Kafka's tool)",
	.kafka_tool = true,
	.exec = configs_exec,
};
