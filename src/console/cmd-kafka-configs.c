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

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/clients.h"
#include "console/cmd.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

static const struct args_opt configs_opts[] = {
	{ .name = "bootstrap-server", .has_value = true },
	{ .name = "command-config", .has_value = true },
	{ .name = "alter" },
	{ .name = "describe" },
	{ .name = "entity-type", .has_value = true },
	{ .name = "entity-name", .has_value = true },
	{ .name = "entity-default" },
	{ .name = "add-config", .has_value = true },
	{ .name = "add-config-file", .has_value = true },
	{ .name = "delete-config", .has_value = true },
	{ .name = "topic", .has_value = true },
	{ .name = "broker", .has_value = true },
	{ .name = "broker-defaults" },
	{ .name = "all" },
	{ .name = "help" },
	{ .name = "version" },
	{ NULL }
};

/* ConfigCommand's checks of the options alone, in its order (the entity
 * checks follow in configs_exec). */
static const struct args_rule configs_rules[] = {
	{ ARGS_REQUIRED, "bootstrap-server", NULL, NULL },
	{ ARGS_UNSUPPORTED, "describe delete-config add-config-file", NULL,
	  "isrlab: kafka-configs: only --alter --add-config is supported yet" },
	{ ARGS_REQUIRED, "alter", NULL, "Command must include exactly one "
	  "action: --describe, --alter" },
	{ ARGS_REQUIRED, "entity-type", "!topic !broker !broker-defaults",
	  NULL },
	{ ARGS_END, NULL, NULL, NULL }
};

static const struct args_spec configs_spec = {
	.dialect = ARGS_JOPT,
	.opts = configs_opts,
	.rules = configs_rules,
	.max_words = ARGS_JOPT_MAX_WORDS,
	.too_many = ARGS_JOPT_TOO_MANY,
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

/* One --add-config entry, split in place. */
struct configs_kv {
	char	*key, *value;
};

/* Trim blanks from both ends of s, in place. */
static char *
configs_trim(char *s)
{
	char	*end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

/* Split "K=V[,K=V]" in list (modified) as parseConfigsToBeAdded does
 * (core/src/main/scala/kafka/admin/ConfigCommand.scala:284-294 at 3.7.0):
 * commas and "=" inside [...] do not split, every entry needs exactly one
 * "=" (an empty value is allowed), the brackets are dropped from values.
 * Returns the count, or -1 when an entry is malformed; *out is owned by
 * the caller either way. */
static int
configs_parse(char *list, struct configs_kv **out)
{
	struct configs_kv	*kv = NULL;
	char			*p, *item, *eq, *r, *w;
	int			 n = 0, depth = 0, eqs;
	bool			 last;

	*out = NULL;
	for (item = p = list; ; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']' && depth > 0)
			depth--;
		if (*p != '\0' && !(*p == ',' && depth == 0))
			continue;
		last = *p == '\0';
		*p = '\0';
		eqs = 0;
		eq = NULL;
		for (r = item, depth = 0; *r != '\0'; r++) {
			if (*r == '[')
				depth++;
			else if (*r == ']' && depth > 0)
				depth--;
			else if (*r == '=' && depth == 0 && eqs++ == 0)
				eq = r;
		}
		depth = 0;
		if (eqs != 1) {
			*out = kv;
			return -1;
		}
		*eq = '\0';
		for (r = w = eq + 1; *r != '\0'; r++)	/* drop [ and ] */
			if (*r != '[' && *r != ']')
				*w++ = *r;
		*w = '\0';
		kv = xreallocarray(kv, (size_t)n + 1, sizeof *kv);
		kv[n].key = configs_trim(item);
		kv[n].value = configs_trim(eq + 1);
		n++;
		if (last)
			break;
		item = p + 1;
	}
	*out = kv;
	return n;
}

/* Apply the n entries to topic ename, or to the brokers; 0, or 1 with
 * Kafka's failure printed. */
static int
configs_alter(struct cmd_ctx *ctx, bool topics, const char *ename,
    const struct configs_kv *kv, int n)
{
	struct engine		*e = ctx->c->engine;
	struct admin_req	 r;
	char			 why[256], exc[160];
	enum kerr		 ke;
	int			 i;

	for (i = 0; i < n; i++) {
		memset(&r, 0, sizeof r);
		r.kind = topics ? ADMIN_ALTER_TOPIC_CONFIG :
		    ADMIN_ALTER_BROKER_CONFIG;
		r.topic = topics ? ename : NULL;
		r.key = kv[i].key;
		r.value = kv[i].value;
		why[0] = '\0';
		ke = e->ops->admin(e, &r, why, sizeof why);
		if (ke != KERR_NONE) {
			console_error_add(ctx->c, kerr_name(ke));
			return configs_fail(ctx, clients_exception(ke, exc,
			    sizeof exc), why[0] != '\0' ? why :
			    kerr_message(ke));
		}
	}
	return 0;
}

/* Longest wait for a config change to reach every running broker. */
#define CONFIGS_SETTLE_MS 2000

/* Whether every running broker has applied the controller's metadata
 * log up to offset *arg. */
static bool
configs_settled(const struct snapshot *s, void *arg)
{
	const int64_t	*want = arg;
	int		 b;

	for (b = 1; b <= s->n_brokers; b++)
		if (s->brokers[b].state == BROKER_RUNNING &&
		    s->brokers[b].image.offset < *want)
			return false;
	return true;
}

/* Let the change reach the brokers before the tool returns, as it has by
 * the time the next command's JVM starts: the next describe shows it. */
static void
configs_settle(struct cmd_ctx *ctx)
{
	struct engine	*e = ctx->c->engine;
	struct snapshot	 s;
	int64_t		 want;

	cmd_snapshot(ctx, &s);
	want = s.ctrl_image.offset;
	snapshot_free(&s);
	e->ops->run_until(e, configs_settled, &want, CONFIGS_SETTLE_MS);
}

static int
configs_exec(struct cmd_ctx *ctx)
{
	struct snapshot	 s;
	struct servers	 sv;
	struct configs_kv *kv = NULL;
	const char	*etype, *ename, *add = args_get(ctx->a, "add-config");
	char		*list;
	bool		 topics, dflt;
	int		 rc, broker, n;

	/* --topic T, --broker B and --broker-defaults name the entity
	 * without --entity-type. */
	etype = args_get(ctx->a, "entity-type");
	ename = args_get(ctx->a, "entity-name");
	dflt = args_has(ctx->a, "entity-default") ||
	    args_has(ctx->a, "broker-defaults");
	if (args_has(ctx->a, "topic")) {
		etype = "topics";
		ename = args_get(ctx->a, "topic");
	} else if (args_has(ctx->a, "broker")) {
		etype = "brokers";
		ename = args_get(ctx->a, "broker");
	} else if (args_has(ctx->a, "broker-defaults"))
		etype = "brokers";
	if (strcmp(etype, "topics") != 0 && strcmp(etype, "brokers") != 0)
		return cmd_usage(ctx, "Invalid entity type %s, the entity type "
		    "must be one of topics, brokers (isrlab)", etype);
	topics = strcmp(etype, "topics") == 0;
	if (ename == NULL && !(dflt && !topics))
		return cmd_usage(ctx, "an entity name must be specified with "
		    "--alter of %s", etype);
	if (add == NULL)
		return cmd_usage(ctx, "At least one of --add-config, "
		    "--add-config-file, or --delete-config must be specified "
		    "with --alter");

	/* The entries are checked before any request; a malformed one is
	 * an IllegalArgumentException, which main prints alone on standard
	 * error (ConfigCommand.scala:100-103). */
	list = xstrdup(add);
	if ((n = configs_parse(list, &kv)) < 0) {
		console_eprintf(ctx->c, "requirement failed: Invalid entity "
		    "config: all configs to be added must be in the format "
		    "\"key=val\".\n");
		rc = 1;
		goto out;
	}
	cmd_snapshot(ctx, &s);
	rc = cmd_bootstrap(ctx, args_get(ctx->a, "bootstrap-server"),
	    "AdminClient clientId=adminclient-1", &s, &sv, &broker);
	snapshot_free(&s);
	if (rc == 1)
		configs_fail(ctx, "org.apache.kafka.common.errors."
		    "TimeoutException", "Timed out waiting for a node "
		    "assignment. Call: describeConfigs");
	if (rc != 0 || (rc = configs_alter(ctx, topics, ename, kv, n)) != 0)
		goto out;
	configs_settle(ctx);
	if (topics)
		console_printf(ctx->c, "Completed updating config for topic "
		    "%s.\n", ename);
	else if (ename == NULL)
		console_printf(ctx->c, "Completed updating default config for "
		    "brokers in the cluster.\n");
	else
		console_printf(ctx->c, "Completed updating config for broker "
		    "%s.\n", ename);
out:
	free(kv);
	free(list);
	return rc;
}

const struct cmd_entry cmd_kafka_configs_entry = {
	.name = "kafka-configs",
	.usage = "--bootstrap-server H:P --alter --entity-type topics|brokers "
	    "(--entity-name X | --entity-default) --add-config K=V[,K=V]",
	.help = N_("change a topic's or the brokers' configs (Kafka's tool)"),
	.kafka_tool = true,
	.spec = &configs_spec,
	.exec = configs_exec,
};
