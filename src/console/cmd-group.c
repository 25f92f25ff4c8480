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

static int
group_add(struct cmd_ctx *ctx)
{
	struct console		*c = ctx->c;
	struct engine		*e = c->engine;
	const struct words	*w = ctx->args;
	struct group_join_arg	 a;
	struct console_member	*m;
	struct gpayload		*gp;
	struct snapshot		 s;
	struct strbuf		 sb = STRBUF_INIT;
	const char		*v;
	char			 client_id[GROUP_CLIENT_ID_MAX + 1];
	bool			 boot[ISR_NODES], missing = false, known;
	enum kerr		 err;
	size_t			 i;
	int			 b, h, k;

	memset(&a, 0, sizeof a);
	a.assignor = "range";
	for (i = 2; i < w->n; i++) {
		if ((v = cmd_option(w, &i, "--assignor", &missing)) != NULL) {
			if (strcmp(v, "range") != 0 &&
			    strcmp(v, "roundrobin") != 0)
				return cmd_usage(ctx, "group: --assignor is "
				    "range or roundrobin");
			a.assignor = v;
		} else if (missing)
			return cmd_usage(ctx, "group: %s needs a value",
			    w->v[i]);
		else if (strncmp(w->v[i], "--", 2) == 0)
			return cmd_usage(ctx, "group: unknown option '%s'",
			    w->v[i]);
		else if (a.group == NULL)
			a.group = w->v[i];
		else if (a.topic == NULL)
			a.topic = w->v[i];
		else
			return cmd_usage(ctx, "usage: group add-member GROUP "
			    "TOPIC [--assignor range|roundrobin]");
	}
	if (a.topic == NULL)
		return cmd_usage(ctx, "usage: group add-member GROUP TOPIC "
		    "[--assignor range|roundrobin]");
	if (strlen(a.group) > GROUP_ID_MAX)
		return cmd_usage(ctx, "group: the group name is too long");
	cmd_snapshot(ctx, &s);
	known = image_topic(&s.ctrl_image, a.topic) != NULL;
	snapshot_free(&s);
	if (!known)
		return cmd_unknown_topic(ctx);

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
	console_printf(c, "%s joined group %s (generation %" PRId32 ", "
	    "coordinator %d): %s\n", gp->member_id, a.group, gp->generation,
	    gp->coordinator, sb.len > 0 ? strbuf_cstr(&sb) :
	    "no partitions");
	strbuf_free(&sb);
	gpayload_free(gp);
	return 0;
}

static int
group_remove(struct cmd_ctx *ctx)
{
	struct console		*c = ctx->c;
	struct engine		*e = c->engine;
	const struct words	*w = ctx->args;
	const char		*group = NULL, *which = NULL;
	struct console_member	 m;
	struct gpayload		*gp;
	enum kerr		 err;
	bool			 kill = false;
	long long		 nth;
	size_t			 i, found = (size_t)-1, seen = 0;

	for (i = 2; i < w->n; i++) {
		if (strcmp(w->v[i], "--kill") == 0)
			kill = true;
		else if (strncmp(w->v[i], "--", 2) == 0)
			return cmd_usage(ctx, "group: unknown option '%s'",
			    w->v[i]);
		else if (group == NULL)
			group = w->v[i];
		else if (which == NULL)
			which = w->v[i];
		else
			return cmd_usage(ctx, "usage: group remove-member "
			    "GROUP [MEMBER] [--kill]");
	}
	if (group == NULL)
		return cmd_usage(ctx, "usage: group remove-member GROUP "
		    "[MEMBER] [--kill]");
	if (which != NULL && !cmd_parse_int(which, &nth))
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
		console_eprintf(c, "isrlab: group: no member %s%sof group %s "
		    "was added with group add-member\n", which != NULL ?
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
	console_printf(c, "%s %s group %s\n", m.member_id,
	    kill ? "was killed (no LeaveGroup) in" : "left", m.group);
	free(m.group);
	free(m.topic);
	free(m.client_id);
	free(m.member_id);
	return 0;
}

static int
group_exec(struct cmd_ctx *ctx)
{
	const struct words	*w = ctx->args;

	if (w->n >= 2 && strcmp(w->v[1], "add-member") == 0)
		return group_add(ctx);
	if (w->n >= 2 && strcmp(w->v[1], "remove-member") == 0)
		return group_remove(ctx);
	return cmd_usage(ctx, "usage: group add-member GROUP TOPIC "
	    "[--assignor range|roundrobin] | group remove-member GROUP "
	    "[MEMBER] [--kill]");
}

const struct cmd_entry cmd_group_entry = {
	.name = "group",
	.usage = "add-member GROUP TOPIC [--assignor range|roundrobin] | "
	    "remove-member GROUP [MEMBER] [--kill]",
	.help = "start or stop a consumer group member that stays running",
	.exec = group_exec,
};
