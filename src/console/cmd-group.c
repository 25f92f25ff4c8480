/*
 * cmd-group.c - the native `group`: long-lived consumer group members.
 *
 *   group add-member G T [--assignor range|roundrobin]
 *   group remove-member G [MEMBER] [--kill]
 *
 * add-member starts a consumer (an engine client that is never closed)
 * that joins group G subscribed to topic T and stays a member while the
 * lab runs: it heartbeats, rejoins when the group rebalances and finds the
 * new coordinator after a failover, as a running consumer process would.
 * It prints the assignment it got; kafka-consumer-groups.sh --describe
 * shows everyone's.  remove-member stops one (by member id, client id or
 * its number in the order added; the newest by default): cleanly with
 * LeaveGroup, or with --kill like a crashed process, so that the
 * coordinator only notices after session.timeout.ms.
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/clients.h"
#include "console/cmd.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

struct group_join_arg {
	const char	*group, *topic, *assignor, *client_id;
};

static void
group_join_fn(struct client *cl, int64_t now, void *arg)
{
	struct group_join_arg	*a = arg;

	client_group_join(cl, now, a->group, a->topic, a->assignor,
	    a->client_id);
}

static void
group_leave_fn(struct client *cl, int64_t now, void *arg)
{
	(void)arg;
	client_group_leave(cl, now);
}

static int
group_cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static const struct args_opt group_add_opts[] = {
	{ .name = "assignor", .has_value = true, .kind = ARGS_CHOICE,
	  .hint = "range|roundrobin" },
	{ NULL }
};

static const struct args_opt group_add_words[] = {
	{ .name = "GROUP", .kind = ARGS_GROUP },
	{ .name = "TOPIC", .kind = ARGS_TOPIC },
	{ NULL }
};

static const struct args_spec group_add_spec = {
	.opts = group_add_opts,
	.words = group_add_words,
	.min_words = 2,
	.max_words = 2,
	.strict = true,
};

static int
group_add(struct cmd_ctx *ctx)
{
	struct console		*c = ctx->c;
	struct engine		*e = c->engine;
	struct group_join_arg	 a;
	struct console_member	*m;
	struct gpayload		*gp;
	struct strbuf		 sb = STRBUF_INIT;
	char			 client_id[GROUP_CLIENT_ID_MAX + 1];
	bool			 boot[ISR_NODES];
	enum kerr		 err;
	int			 b, h, k;

	if (e->ops->real_fetch != NULL) {
		/* Attached: isrlab's members are model clients. */
		console_eprintf(c, "isrlab: group: not on a real cluster: use "
		    "Kafka's own consumers\n");
		return 1;
	}
	memset(&a, 0, sizeof a);
	a.group = args_word(ctx->a, 0);
	a.topic = args_word(ctx->a, 1);
	a.assignor = args_has(ctx->a, "assignor") ?
	    args_get(ctx->a, "assignor") : "range";

	snprintf(client_id, sizeof client_id, "consumer-%.200s-%d", a.group,
	    ++c->member_seq);
	a.client_id = client_id;
	memset(boot, 0, sizeof boot);
	for (b = 1; b <= e->n_brokers; b++)
		boot[b] = true;
	if ((h = e->ops->client_open(e, boot)) < 0) {
		console_eprintf(c, "isrlab: group: too many clients\n");
		return 1;
	}
	gp = clients_group_op(c, h, group_join_fn, &a, &err);
	if (gp == NULL) {
		console_error_add(c, kerr_name(err));
		console_eprintf(c, "ERROR %s: %s\n", kerr_name(err),
		    kerr_message(err));
		e->ops->client_close(e, h);
		return 1;
	}
	c->members = xreallocarray(c->members, c->n_members + 1,
	    sizeof *c->members);
	m = &c->members[c->n_members++];
	m->group = xstrdup(a.group);
	m->topic = xstrdup(a.topic);
	m->client_id = xstrdup(client_id);
	m->member_id = xstrdup(gp->member_id);
	m->handle = h;
	if (gp->n_parts > 1)
		qsort(gp->parts, (size_t)gp->n_parts, sizeof *gp->parts,
		    group_cmp_int);
	for (k = 0; k < gp->n_parts; k++)
		strbuf_printf(&sb, "%s%s-%d", k > 0 ? ", " : "", a.topic,
		    gp->parts[k]);
	/* TRANSLATORS: the member, the group, its generation, the
	 * coordinator broker, the partitions it got. */
	console_printf(c, _("%s joined group %s (generation %" PRId32 ", "
	    "coordinator %d): %s\n"), gp->member_id, a.group, gp->generation,
	    gp->coordinator, sb.len > 0 ? strbuf_cstr(&sb) :
	    _("no partitions"));
	strbuf_free(&sb);
	gpayload_free(gp);
	return 0;
}

static const struct args_opt group_remove_opts[] = {
	{ .name = "kill" },
	{ NULL }
};

static const struct args_spec group_remove_spec = {
	.opts = group_remove_opts,
	.min_words = 1,
	.max_words = 2,
	.strict = true,
};

static int
group_remove(struct cmd_ctx *ctx)
{
	struct console		*c = ctx->c;
	struct engine		*e = c->engine;
	const char		*group = args_word(ctx->a, 0);
	const char		*which = args_word(ctx->a, 1);
	struct console_member	 m;
	struct gpayload		*gp;
	enum kerr		 err;
	bool			 kill = args_has(ctx->a, "kill");
	long long		 nth;
	size_t			 i, found = (size_t)-1, seen = 0;

	if (which != NULL && !args_parse_int(which, &nth))
		nth = -1;
	else if (which == NULL)
		nth = 0;
	for (i = 0; i < c->n_members; i++) {
		if (strcmp(c->members[i].group, group) != 0)
			continue;
		seen++;
		if (which == NULL || (nth > 0 && (long long)seen == nth) ||
		    strcmp(which, c->members[i].member_id) == 0 ||
		    strcmp(which, c->members[i].client_id) == 0)
			found = i;
	}
	if (found == (size_t)-1) {
		/* TRANSLATORS: the member asked for (or nothing), a blank
		 * after it (or nothing), the group. */
		console_eprintf(c, _("isrlab: group: no member %s%sof group %s "
		    "was added with group add-member\n"), which != NULL ?
		    which : "", which != NULL ? " " : "", group);
		return 1;
	}
	m = c->members[found];
	memmove(&c->members[found], &c->members[found + 1],
	    (c->n_members - found - 1) * sizeof *c->members);
	c->n_members--;
	if (!kill) {
		gp = clients_group_op(c, m.handle, group_leave_fn, NULL, &err);
		gpayload_free(gp);
	}
	e->ops->client_close(e, m.handle);
	console_printf(c, kill ? _("%s was killed (no LeaveGroup) in group "
	    "%s\n") : _("%s left group %s\n"), m.member_id, m.group);
	free(m.group);
	free(m.topic);
	free(m.client_id);
	free(m.member_id);
	return 0;
}

static const struct cmd_sub group_subs[] = {
	{ "add-member", "GROUP TOPIC [--assignor range|roundrobin]",
	  &group_add_spec, group_add },
	{ "remove-member", "GROUP [MEMBER] [--kill]", &group_remove_spec,
	  group_remove },
	{ NULL, NULL, NULL, NULL }
};

const struct cmd_entry cmd_group_entry = {
	.name = "group",
	.help = N_("start or stop a consumer group member that stays running"),
	.subs = group_subs,
};
