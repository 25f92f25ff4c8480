/*
 * cmd-docker.c - the docker commands of seed 004: docker stop|start|kill|
 * restart kafkaN..., docker ps, docker compose ps / docker-compose ps and
 * up -d.  (docker exec -it kafkaN CMD is unwrapped before lookup, see
 * cmd_normalize.)
 *
 * Container kafkaN is broker N.  docker stop sends SIGTERM, which is a
 * controlled shutdown, and waits for the container to exit (SIGKILL after
 * 10 s); docker kill sends SIGKILL.  Like docker, stop and
 * start print each container's name and do nothing to one already in
 * that state.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/cmd.h"
#include "util/i18n.h"

#define DOCKER_IMAGE "apache/kafka:3.7.0"
/* docker stop's default grace period (-t 10) before SIGKILL. */
#define DOCKER_GRACE_MS 10000

/* Broker N for "kafkaN" among the cluster's brokers, else -1. */
static int
docker_container(struct cmd_ctx *ctx, const char *name)
{
	int	n = ctx->c->engine->n_brokers;

	if (strncmp(name, "kafka", 5) == 0 && name[5] >= '1' &&
	    name[5] <= '0' + n && name[6] == '\0')
		return name[5] - '0';
	return -1;
}

static bool
docker_broker_down(const struct snapshot *s, void *arg)
{
	int	b = *(int *)arg;

	return s->brokers[b].state == BROKER_DOWN;
}

/* docker stop: SIGTERM (a controlled shutdown), wait for the container
 * to exit, and SIGKILL it after the grace period, as docker does. */
static int
docker_stop(struct cmd_ctx *ctx, int b)
{
	struct engine	*e = ctx->c->engine;
	struct fault	 f;

	memset(&f, 0, sizeof f);
	f.broker = b;
	f.kind = FAULT_STOP;
	if (cmd_fault(ctx, &f, "docker stop") != 0)
		return 1;
	if (e->ops->run_until(e, docker_broker_down, &b, DOCKER_GRACE_MS))
		return 0;
	f.kind = FAULT_KILL;
	return cmd_fault(ctx, &f, "docker stop");
}

static void
docker_ps_table(struct cmd_ctx *ctx, bool all)
{
	struct snapshot	s;
	char		ports[64];
	int		b;

	cmd_snapshot(ctx, &s);
	console_printf(ctx->c, "%-9s %-20s %-9s %-9s %s\n", "NAME", "IMAGE",
	    "SERVICE", "STATE", "PORTS");
	for (b = 1; b <= s.n_brokers; b++) {
		bool	up = s.brokers[b].state != BROKER_DOWN;
		char	name[16];

		if (!up && !all)
			continue;
		snprintf(name, sizeof name, "kafka%d", b);
		snprintf(ports, sizeof ports, "0.0.0.0:%d->%d/tcp",
		    servers_port(b), servers_port(b));
		console_printf(ctx->c, "%-9s %-20s %-9s %-9s %s\n", name,
		    DOCKER_IMAGE, name, up ? "Up" : "Exited", up ? ports : "");
	}
	snapshot_free(&s);
}

static int
docker_each(struct cmd_ctx *ctx, size_t from, const char *verb)
{
	struct fault	f;
	size_t		i;
	int		b, rc = 0;
	bool		up;

	if (from >= ctx->args->n)
		return cmd_usage(ctx, "\"docker %s\" requires at least 1 "
		    "argument.", verb);
	for (i = from; i < ctx->args->n; i++) {
		const char *name = ctx->args->v[i];

		if (name[0] == '-')
			continue;	/* -t 10 and the like */
		if ((b = docker_container(ctx, name)) < 0) {
			console_eprintf(ctx->c, "Error response from daemon: "
			    "No such container: %s\n", name);
			rc = 1;
			continue;
		}
		up = cmd_broker_up(ctx, b);
		memset(&f, 0, sizeof f);
		f.broker = b;
		if (strcmp(verb, "stop") == 0 && up) {
			rc |= docker_stop(ctx, b);
		} else if (strcmp(verb, "kill") == 0) {
			if (!up) {
				console_eprintf(ctx->c, "Error response from "
				    "daemon: Cannot kill container: %s: "
				    "Container is not running\n", name);
				rc = 1;
				continue;
			}
			f.kind = FAULT_KILL;
			rc |= cmd_fault(ctx, &f, "docker kill");
		} else if (strcmp(verb, "start") == 0 && !up) {
			f.kind = FAULT_START;
			rc |= cmd_fault(ctx, &f, "docker start");
		} else if (strcmp(verb, "restart") == 0) {
			if (up)
				rc |= docker_stop(ctx, b);
			f.kind = FAULT_START;
			if (!cmd_broker_up(ctx, b))
				rc |= cmd_fault(ctx, &f, "docker restart");
		}
		console_printf(ctx->c, "%s\n", name);
	}
	return rc;
}

static int
docker_exec_fn(struct cmd_ctx *ctx)
{
	const char	*sub = ctx->args->n > 1 ? ctx->args->v[1] : NULL;

	if (sub == NULL)
		return cmd_usage(ctx, "%s%s", _("usage: "), "docker "
		    "stop|start|kill|restart kafkaN..., docker ps, docker "
		    "compose ps, docker exec -it kafkaN COMMAND");
	if (strcmp(sub, "stop") == 0 || strcmp(sub, "start") == 0 ||
	    strcmp(sub, "kill") == 0 || strcmp(sub, "restart") == 0)
		return docker_each(ctx, 2, sub);
	if (strcmp(sub, "ps") == 0) {
		docker_ps_table(ctx, ctx->args->n > 2 &&
		    strcmp(ctx->args->v[2], "-a") == 0);
		return 0;
	}
	if (strcmp(sub, "compose") == 0) {
		words_shift(ctx->args, 1);
		return cmd_run(&cmd_docker_compose_entry, ctx);
	}
	if (strcmp(sub, "exec") == 0)
		return cmd_usage(ctx, "docker exec: give a container and a "
		    "command, e.g. docker exec -it kafka1 kafka-topics ...");
	console_eprintf(ctx->c, _("isrlab: not yet supported: docker %s\n"),
	    sub);
	return 1;
}

static int
docker_compose_exec(struct cmd_ctx *ctx)
{
	struct snapshot	s;
	struct fault	f;
	const char	*sub = ctx->args->n > 1 ? ctx->args->v[1] : NULL;
	int		b, rc = 0;

	if (sub != NULL && strcmp(sub, "ps") == 0) {
		docker_ps_table(ctx, true);
		return 0;
	}
	if (sub != NULL && strcmp(sub, "up") == 0) {
		cmd_snapshot(ctx, &s);
		memset(&f, 0, sizeof f);
		f.kind = FAULT_START;
		for (b = 1; b <= s.n_brokers; b++) {
			if (s.brokers[b].state == BROKER_DOWN) {
				f.broker = b;
				rc |= cmd_fault(ctx, &f, "docker compose up");
				console_printf(ctx->c, " Container kafka%d  "
				    "Started\n", b);
			} else
				console_printf(ctx->c, " Container kafka%d  "
				    "Running\n", b);
		}
		snapshot_free(&s);
		return rc;
	}
	if (sub == NULL)
		return cmd_usage(ctx, "%s%s", _("usage: "),
		    "docker compose ps | up -d");
	console_eprintf(ctx->c, _("isrlab: not yet supported: docker compose "
	    "%s\n"), sub);
	return 1;
}

const struct cmd_entry cmd_docker_entry = {
	.name = "docker",
	.usage = "stop|start|kill|restart kafkaN... | ps | compose ps | exec "
	    "-it kafkaN COMMAND",
	.help = N_("the seed's docker commands: container kafkaN is broker N"),
	.kafka_tool = true,
	.exec = docker_exec_fn,
};

const struct cmd_entry cmd_docker_compose_entry = {
	.name = "docker-compose",
	.usage = "ps | up -d",
	.help = N_("list the broker containers, or start them all"),
	.kafka_tool = true,
	.exec = docker_compose_exec,
};
