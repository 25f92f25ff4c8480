/*
 * cmd.c - the command table and what commands share: name normalisation,
 * running an entry by its argument spec, usage lines, broker arguments,
 * --bootstrap-server resolution.
 *
 * Commands live one per file (cmd-*.c), each exporting one const
 * cmd_entry; this table is the only list of them (tmux's cmd.c pattern).
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/cmd.h"
#include "util/i18n.h"
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

void
cmd_usage_text(const struct cmd_entry *ce, struct strbuf *sb)
{
	const struct cmd_sub	*sub;

	if (ce->subs == NULL) {
		strbuf_adds(sb, ce->usage);
		return;
	}
	for (sub = ce->subs; sub->name != NULL; sub++)
		strbuf_printf(sb, "%s%s%s%s", sub == ce->subs ? "" : " | ",
		    sub->name, sub->usage[0] != '\0' ? " " : "", sub->usage);
}

int
cmd_usage_error(struct cmd_ctx *ctx)
{
	struct strbuf	 usage = STRBUF_INIT, line = STRBUF_INIT;
	const char	*name = ctx->args->v[0], *p, *alt;
	int		 depth = 0;

	if (ctx->sub != NULL)
		strbuf_printf(&usage, "%s %s", ctx->sub->name, ctx->sub->usage);
	else
		cmd_usage_text(ctx->entry, &usage);
	/* "usage: set NAME=VALUE | set --list": the name before each
	 * alternative outside brackets. */
	strbuf_adds(&line, _("usage: "));
	strbuf_adds(&line, name);
	for (p = alt = strbuf_cstr(&usage); ; p++) {
		if (*p == '[' || *p == '(')
			depth++;
		else if (*p == ']' || *p == ')')
			depth--;
		if (*p != '\0' && !(depth == 0 && strncmp(p, " | ", 3) == 0))
			continue;
		if (p > alt)
			strbuf_printf(&line, " %.*s", (int)(p - alt), alt);
		if (*p == '\0')
			break;
		strbuf_printf(&line, " | %s", name);
		alt = p + 3;
		p += 2;
	}
	if (ctx->entry->usage_hint != NULL)
		strbuf_printf(&line, " (%s)", _(ctx->entry->usage_hint));
	cmd_usage(ctx, "%s", strbuf_cstr(&line));
	strbuf_free(&usage);
	strbuf_free(&line);
	return -1;
}

/* A native command runs only on a topic that exists (in the controller's
 * image, which is the truth) and, with a partition, on one of its
 * partitions; else Kafka's UNKNOWN_TOPIC_OR_PARTITION. */
static int
cmd_check_topic(struct cmd_ctx *ctx, const struct args *a)
{
	const struct topic_reg	*t;
	struct snapshot		 s;
	const char		*topic = NULL;
	long long		 partition = -1;
	size_t			 i;
	bool			 known;

	for (i = 0; i < a->n_words; i++)
		if (a->words[i].opt != NULL &&
		    a->words[i].opt->kind == ARGS_TOPIC)
			topic = a->words[i].value;
	for (i = 0; i < a->n_opts; i++)
		if (a->opts[i].opt->kind == ARGS_TOPIC)
			topic = a->opts[i].value;
		else if (a->opts[i].opt->kind == ARGS_PARTITION)
			partition = a->opts[i].num;
	if (topic == NULL)
		return 0;
	cmd_snapshot(ctx, &s);
	t = image_topic(&s.ctrl_image, topic);
	known = t != NULL && partition < t->n_partitions;
	snapshot_free(&s);
	return known ? 0 : cmd_unknown_topic(ctx);
}

int
cmd_run(const struct cmd_entry *ce, struct cmd_ctx *ctx)
{
	const struct args_spec	*spec = ce->spec;
	int			(*exec)(struct cmd_ctx *) = ce->exec;
	struct args		 a;
	size_t			 from = 1;
	int			 rc;

	ctx->entry = ce;
	ctx->sub = NULL;
	ctx->a = NULL;
	if (ce->subs != NULL) {
		for (ctx->sub = ce->subs; ctx->sub->name != NULL; ctx->sub++)
			if (ctx->args->n > 1 &&
			    strcmp(ctx->sub->name, ctx->args->v[1]) == 0)
				break;
		if (ctx->sub->name == NULL) {
			ctx->sub = NULL;
			return cmd_usage_error(ctx);
		}
		spec = ctx->sub->spec;
		exec = ctx->sub->exec;
		from = 2;
	}
	if (spec == NULL)
		return exec(ctx);
	rc = args_parse(&a, spec, ctx->args, from, ctx->c->engine->n_brokers,
	    ctx->err, ctx->errlen);
	if (rc == ARGS_USAGE)
		rc = cmd_usage_error(ctx);
	else if (rc == ARGS_FAILED) {
		console_eprintf(ctx->c, "%s\n", ctx->err);
		ctx->err[0] = '\0';
		rc = 1;
	} else if (rc == 0 && spec->dialect == ARGS_NATIVE)
		rc = cmd_check_topic(ctx, &a);
	if (rc == 0) {
		ctx->a = &a;
		rc = exec(ctx);
		ctx->a = NULL;
	}
	args_free(&a);
	return rc;
}

int
cmd_broker_arg(struct cmd_ctx *ctx, const char *word, int *out)
{
	return args_broker(ctx->args->v[0], word, ctx->c->engine->n_brokers,
	    out, ctx->err, ctx->errlen);
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
