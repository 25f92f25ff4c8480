/*
 * cmd.c - the command table and what commands share: name normalisation,
 * broker arguments, --bootstrap-server resolution.
 *
 * Commands live one per file (cmd-*.c), each exporting one const
 * cmd_entry; this table is the only list of them (tmux's cmd.c pattern).
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/cmd.h"
#include "util/xmalloc.h"

const struct cmd_entry *const cmd_table[] = {
	/* Kafka and docker tool forms. */
	&cmd_kafka_topics_entry,
	&cmd_console_producer_entry,
	&cmd_console_consumer_entry,
	&cmd_consumer_groups_entry,
	&cmd_leader_election_entry,
	&cmd_kafka_configs_entry,
	&cmd_server_start_entry,
	&cmd_server_stop_entry,
	&cmd_docker_entry,
	&cmd_docker_compose_entry,
	/* Faults. */
	&cmd_kill_entry,
	&cmd_stop_entry,
	&cmd_restart_entry,
	&cmd_isolate_entry,
	&cmd_partition_entry,
	&cmd_heal_entry,
	&cmd_slow_entry,
	/* Clients and views. */
	&cmd_produce_entry,
	&cmd_consume_entry,
	&cmd_group_entry,
	&cmd_describe_entry,
	&cmd_metrics_entry,
	&cmd_events_entry,
	&cmd_set_entry,
	/* Time. */
	&cmd_wait_entry,
	&cmd_wait_until_entry,
	&cmd_step_entry,
	&cmd_pause_entry,
	&cmd_resume_entry,
	&cmd_speed_entry,
	/* Other. */
	&cmd_chaos_entry,
	&cmd_export_entry,
	&cmd_help_entry,
	NULL
};

const struct cmd_entry *
cmd_find(const char *name)
{
	const struct cmd_entry	*ce;
	const char *const	*a;
	size_t			 i;

	for (i = 0; (ce = cmd_table[i]) != NULL; i++) {
		if (strcmp(ce->name, name) == 0)
			return ce;
		for (a = ce->aliases; a != NULL && *a != NULL; a++)
			if (strcmp(*a, name) == 0)
				return ce;
	}
	return NULL;
}

/* N for "kafkaN" (1..9), else -1. */
static int
cmd_container_number(const char *name)
{
	if (strncmp(name, "kafka", 5) == 0 && name[5] >= '1' &&
	    name[5] <= '9' && name[6] == '\0')
		return name[5] - '0';
	return -1;
}

void
cmd_normalize(struct words *w, int *container, char *cname, size_t cnlen,
    bool split_eq)
{
	struct words	 out = WORDS_INIT;
	const char	*slash, *eq;
	char		*name;
	size_t		 i, n, skip = 0;

	*container = 0;
	if (w->n > 0 && strcmp(w->v[0], "$") == 0)
		skip = 1;
	if (w->n >= skip + 2 && strcmp(w->v[skip], "docker") == 0 &&
	    strcmp(w->v[skip + 1], "exec") == 0) {
		skip += 2;
		while (skip < w->n && w->v[skip][0] == '-')
			skip++;
		if (skip < w->n) {
			*container = cmd_container_number(w->v[skip]);
			if (cname != NULL)
				snprintf(cname, cnlen, "%s", w->v[skip]);
			skip++;
		}
	}
	words_shift(w, skip);
	if (w->n == 0)
		return;

	/* bin/kafka-topics.sh -> kafka-topics */
	slash = strrchr(w->v[0], '/');
	name = xstrdup(slash != NULL ? slash + 1 : w->v[0]);
	n = strlen(name);
	if (n > 3 && strcmp(name + n - 3, ".sh") == 0)
		name[n - 3] = '\0';
	free(w->v[0]);
	w->v[0] = name;

	if (!split_eq)
		return;
	for (i = 0; i < w->n; i++) {
		eq = strchr(w->v[i], '=');
		if (strncmp(w->v[i], "--", 2) == 0 && eq != NULL) {
			char	*opt = xstrndup(w->v[i],
			    (size_t)(eq - w->v[i]));

			words_add(&out, opt);
			words_add(&out, eq + 1);
			free(opt);
		} else
			words_add(&out, w->v[i]);
	}
	words_free(w);
	*w = out;
}

int
cmd_usage(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(ctx->err, ctx->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

bool
cmd_parse_int(const char *word, long long *out)
{
	char		*end;
	long long	 v;

	if (word == NULL || !isdigit((unsigned char)word[0]))
		return false;
	errno = 0;
	v = strtoll(word, &end, 10);
	if (*end != '\0' || errno != 0)
		return false;
	*out = v;
	return true;
}

int
cmd_broker_arg(struct cmd_ctx *ctx, const char *word, int *out)
{
	int		 n = ctx->c->engine->n_brokers;
	long long	 v;

	if (word == NULL)
		return cmd_usage(ctx, "%s: a broker id is needed (brokers "
		    "are 1-%d)", ctx->args->v[0], n);
	if (!cmd_parse_int(word, &v))
		return cmd_usage(ctx, "%s: '%s' is not a broker id (brokers "
		    "are 1-%d)", ctx->args->v[0], word, n);
	if (v < 1 || v > n)
		return cmd_usage(ctx, "%s: broker %s does not exist (brokers "
		    "are 1-%d)", ctx->args->v[0], word, n);
	*out = (int)v;
	return 0;
}

void
cmd_snapshot(struct cmd_ctx *ctx, struct snapshot *s)
{
	struct engine	*e = ctx->c->engine;

	e->ops->snapshot(e, s);
}

int
cmd_check_container(struct cmd_ctx *ctx, int container, const char *cname)
{
	struct snapshot	s;
	bool		running;

	if (container < 1 || container > ctx->c->engine->n_brokers) {
		console_eprintf(ctx->c, "Error response from daemon: No such "
		    "container: %s\n", cname);
		return 1;
	}
	cmd_snapshot(ctx, &s);
	running = s.brokers[container].state != BROKER_DOWN;
	snapshot_free(&s);
	if (!running) {
		/* docker names the container by its id here. */
		console_eprintf(ctx->c, "Error response from daemon: "
		    "Container %08x%04x is not running\n",
		    0x5eedc0deU + (unsigned)container, 0xa000U + container);
		return 1;
	}
	return 0;
}

void
cmd_warn_unreachable(struct cmd_ctx *ctx, const struct servers *sv,
    const char *client)
{
	char	addr[128];
	int	i;

	for (i = 0; i < sv->n; i++) {
		servers_format(&sv->v[i], addr, sizeof addr);
		console_eprintf(ctx->c, "WARN [%s] Connection to node %d (%s) "
		    "could not be established. Node may not be available. "
		    "(org.apache.kafka.clients.NetworkClient)\n", client,
		    -1 - i, addr);
	}
}

int
cmd_bootstrap(struct cmd_ctx *ctx, const char *list, const char *client,
    const struct snapshot *s, struct servers *sv, int *broker)
{
	const struct server	*first;

	if (servers_parse(list, ctx->c->engine->n_brokers, sv, ctx->err,
	    ctx->errlen) != 0)
		return -1;
	if ((first = servers_first_reachable(sv, s)) == NULL) {
		cmd_warn_unreachable(ctx, sv, client);
		return 1;
	}
	*broker = first->broker;
	return 0;
}

int
cmd_fault(struct cmd_ctx *ctx, const struct fault *f, const char *what)
{
	struct engine	*e = ctx->c->engine;
	char		 why[256] = "";

	if (e->ops->fault(e, f, why, sizeof why) != 0) {
		console_eprintf(ctx->c, "isrlab: %s: %s\n", what,
		    why[0] != '\0' ? why : "refused");
		return 1;
	}
	return 0;
}

bool
cmd_broker_up(struct cmd_ctx *ctx, int b)
{
	struct snapshot	s;
	bool		up;

	cmd_snapshot(ctx, &s);
	up = b >= 1 && b <= s.n_brokers && s.brokers[b].state != BROKER_DOWN;
	snapshot_free(&s);
	return up;
}

const char *
cmd_option(const struct words *w, size_t *i, const char *name, bool *missing)
{
	const char	*word = w->v[*i];
	size_t		 n = strlen(name);

	if (strncmp(word, name, n) != 0)
		return NULL;
	if (word[n] == '=')
		return word + n + 1;
	if (word[n] != '\0')
		return NULL;
	if (*i + 1 >= w->n) {
		*missing = true;
		return NULL;
	}
	return w->v[++*i];
}

int
cmd_unknown_topic(struct cmd_ctx *ctx)
{
	enum kerr	ke = KERR_UNKNOWN_TOPIC_OR_PARTITION;

	console_error_add(ctx->c, kerr_name(ke));
	console_eprintf(ctx->c, "ERROR %s: %s\n", kerr_name(ke),
	    kerr_message(ke));
	return 1;
}
