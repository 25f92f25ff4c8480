/*
 * cmd-server.c - kafka-server-start.sh and kafka-server-stop.sh.
 *
 * kafka-server-start.sh config/server-N.properties starts broker N;
 * config/server.properties (seed 000's step 5: "restart the node you
 * stopped") starts the down broker with the lowest id.  Starting a broker
 * that runs fails as Kafka does, on the log directory lock.
 *
 * kafka-server-stop.sh signals SIGTERM (a controlled shutdown) to every
 * Kafka process on the machine, which is what the real script does, so
 * without arguments it stops every running broker.  With
 * config/server-N.properties or --node-id N it stops broker N only.
 */

#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/cmd.h"
#include "util/i18n.h"

/* The broker a properties path names: N for ".../server-N.properties",
 * 0 for ".../server.properties", -1 otherwise. */
static int
server_config_broker(const char *path)
{
	const char	*base = strrchr(path, '/');
	char		*end;
	long		 n;

	base = base != NULL ? base + 1 : path;
	if (strcmp(base, "server.properties") == 0 ||
	    strcmp(base, "broker.properties") == 0)
		return 0;
	if (strncmp(base, "server-", 7) != 0 && strncmp(base, "server.", 7) != 0 &&
	    strncmp(base, "broker-", 7) != 0)
		return -1;
	if (!isdigit((unsigned char)base[7]))
		return -1;
	n = strtol(base + 7, &end, 10);
	if (strcmp(end, ".properties") != 0 || n < 1 || n > ISR_MAX_BROKERS)
		return -1;
	return (int)n;
}

static int
server_start_exec(struct cmd_ctx *ctx)
{
	struct snapshot	 s;
	struct fault	 f;
	const char	*path = NULL;
	size_t		 i;
	int		 b, n = ctx->c->engine->n_brokers;
	bool		 up;

	for (i = 1; i < ctx->args->n; i++) {
		const char *a = ctx->args->v[i];

		if (strcmp(a, "-daemon") == 0)
			continue;
		if (strcmp(a, "--override") == 0) {
			i++;
			continue;
		}
		if (path == NULL)
			path = a;
	}
	if (path == NULL)
		return cmd_usage(ctx, "USAGE: kafka-server-start.sh [-daemon] "
		    "server.properties [--override property=value]*");
	b = server_config_broker(path);
	if (b < 0 || b > n)
		return cmd_usage(ctx, "kafka-server-start: %s: no such broker "
		    "config (use config/server.properties or "
		    "config/server-N.properties, N = 1-%d)", path, n);
	if (b == 0) {
		cmd_snapshot(ctx, &s);
		for (b = 1; b <= n; b++)
			if (s.brokers[b].state == BROKER_DOWN)
				break;
		snapshot_free(&s);
		if (b > n)
			b = 1;	/* all up: fails on the lock below */
	}
	up = cmd_broker_up(ctx, b);
	if (up) {
		console_eprintf(ctx->c, "ERROR Exiting Kafka due to fatal "
		    "exception during startup. (kafka.Kafka$)\n"
		    "org.apache.kafka.common.KafkaException: Failed to acquire "
		    "lock on file .lock in /tmp/kraft-broker-logs-%d. A Kafka "
		    "instance in another process or thread is using this "
		    "directory.\n", b);
		return 1;
	}
	memset(&f, 0, sizeof f);
	f.kind = FAULT_START;
	f.broker = b;
	if (cmd_fault(ctx, &f, "kafka-server-start") != 0)
		return 1;
	console_printf(ctx->c, "INFO [KafkaRaftServer nodeId=%d] Kafka Server "
	    "started (kafka.server.KafkaRaftServer)\n", b);
	return 0;
}

static int
server_stop_exec(struct cmd_ctx *ctx)
{
	struct snapshot	 s;
	struct fault	 f;
	const char	*a;
	size_t		 i;
	int		 b = 0, n = ctx->c->engine->n_brokers, rc = 0;
	bool		 any = false;

	for (i = 1; i < ctx->args->n; i++) {
		a = ctx->args->v[i];
		if (strcmp(a, "--node-id") == 0 && i + 1 < ctx->args->n) {
			if (cmd_broker_arg(ctx, ctx->args->v[++i], &b) != 0)
				return -1;
		} else if (strncmp(a, "--node-id=", 10) == 0) {
			if (cmd_broker_arg(ctx, a + 10, &b) != 0)
				return -1;
		} else if (strncmp(a, "--process-role", 14) == 0) {
			if (a[14] == '\0')
				i++;
		} else if ((b = server_config_broker(a)) <= 0 || b > n) {
			return cmd_usage(ctx, "kafka-server-stop: %s: give "
			    "config/server-N.properties or --node-id N, or "
			    "nothing to stop every broker", a);
		}
	}
	memset(&f, 0, sizeof f);
	f.kind = FAULT_STOP;
	cmd_snapshot(ctx, &s);
	for (i = 1; i <= (size_t)n; i++) {
		if ((b != 0 && (int)i != b) ||
		    s.brokers[i].state == BROKER_DOWN ||
		    s.brokers[i].state == BROKER_STOPPING)
			continue;
		f.broker = (int)i;
		any = true;
		if (cmd_fault(ctx, &f, "kafka-server-stop") != 0)
			rc = 1;
	}
	snapshot_free(&s);
	if (!any) {
		console_printf(ctx->c, "No kafka server to stop\n");
		return 1;
	}
	return rc;
}

const struct cmd_entry cmd_server_start_entry = {
	.name = "kafka-server-start",
	.usage = "config/server-N.properties | config/server.properties",
	.help = N_("start broker N (server.properties: the lowest-id down broker)"),
	.kafka_tool = true,
	.exec = server_start_exec,
};

const struct cmd_entry cmd_server_stop_entry = {
	.name = "kafka-server-stop",
	.usage = "[config/server-N.properties | --node-id N]",
	.help = N_("controlled shutdown of broker N, or of every broker as the "
	    "real script does"),
	.kafka_tool = true,
	.exec = server_stop_exec,
};
