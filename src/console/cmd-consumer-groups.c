/*
 * cmd-consumer-groups.c - kafka-consumer-groups.sh --list and
 * --describe --group G, printed as Kafka 3.7's ConsumerGroupCommand does.
 *
 * The tool works as the real one does, through an admin client: --list
 * asks every live broker for its groups (ListGroups); --describe finds
 * the group's coordinator (FindCoordinator, which creates
 * __consumer_offsets the first time), asks it for the members
 * (DescribeGroups) and the committed offsets (OffsetFetch), and takes
 * LOG-END-OFFSET from the partition's high watermark (ListOffsets
 * latest).  The table: "\n%-Gs %-Ts %-10s %-15s %-15s %-15s %-Cs %-Hs %s"
 * per line, G, T, C, H = max(15, the longest value); members with
 * partitions first, most partitions first, then committed partitions
 * nobody is assigned with "-" as consumer; LAG = LOG-END-OFFSET -
 * CURRENT-OFFSET, "-" when either is unknown.  State notes go to stderr
 * ("Consumer group 'G' has no active members.", "Warning: Consumer group
 * 'G' is rebalancing."); an unknown group is Dead: "Error: Consumer group
 * 'G' does not exist." on stdout, and the command failed (1).
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
#include "util/utf8.h"
#include "util/xmalloc.h"

#define GROUPS_ADMIN "AdminClient clientId=adminclient-1"
#define GROUPS_ERR "\nError: Executing consumer group command failed due " \
	"to org.apache.kafka.common.errors.TimeoutException: "

static const struct args_opt groups_opts[] = {
	{ .name = "bootstrap-server", .has_value = true },
	{ .name = "list" },
	{ .name = "describe" },
	{ .name = "group", .has_value = true },
	{ .name = "all-groups" },
	{ .name = "members" },
	{ .name = "offsets" },
	{ .name = "state", .has_value = true },
	{ .name = "verbose" },
	{ .name = "timeout", .has_value = true },
	{ .name = "command-config", .has_value = true },
	{ .name = "delete" },
	{ .name = "reset-offsets" },
	{ .name = "delete-offsets" },
	{ .name = "topic", .has_value = true },
	{ .name = "help" },
	{ .name = "version" },
	{ NULL }
};

/* ConsumerGroupCommand's checks, in its order. */
static const struct args_rule groups_rules[] = {
	{ ARGS_ONE, "list describe delete reset-offsets delete-offsets", NULL,
	  "Command must include exactly one action: --list, --describe, "
	  "--delete, --reset-offsets, --delete-offsets" },
	{ ARGS_UNSUPPORTED, "delete reset-offsets delete-offsets", NULL,
	  "isrlab: not yet supported: kafka-consumer-groups (only --list and "
	  "--describe)" },
	{ ARGS_REQUIRED, "bootstrap-server", NULL, NULL },
	{ ARGS_NONE, "all-groups", "describe !group", "isrlab: --all-groups "
	  "is not supported yet; use --group" },
	{ ARGS_REQUIRED, "group", "describe", "Option [describe] takes one of "
	  "these options: [all-groups], [group]" },
	{ ARGS_UNSUPPORTED, "members state", NULL, "isrlab: not yet "
	  "supported: kafka-consumer-groups --members/--state" },
	{ ARGS_END, NULL, NULL, NULL }
};

static const struct args_spec groups_spec = {
	.dialect = ARGS_JOPT,
	.opts = groups_opts,
	.rules = groups_rules,
	.max_words = ARGS_JOPT_MAX_WORDS,
	.too_many = ARGS_JOPT_TOO_MANY,
};

/* One row of the describe table; "-" for a missing value. */
struct groups_row {
	const char	*topic;
	char		 partition[16], current[24], leo[24], lag[24];
	const char	*consumer, *host, *client;
};

static void
groups_list_fn(struct client *cl, int64_t now, void *arg)
{
	(void)arg;
	client_list_groups(cl, now);
}

static void
groups_describe_fn(struct client *cl, int64_t now, void *arg)
{
	client_describe_group(cl, now, arg);
}

static void
groups_offsets_fn(struct client *cl, int64_t now, void *arg)
{
	client_group_fetch_offsets(cl, now, arg, NULL, 0);
}

/* The answer to q: the real cluster's (attach mode), else the one the
 * console's model client gets. */
static struct gpayload *
groups_query(struct console *c, int handle, enum group_query q,
    const char *group, enum kerr *err)
{
	static const client_fn fn[] = {
		[GROUP_QUERY_LIST] = groups_list_fn,
		[GROUP_QUERY_DESCRIBE] = groups_describe_fn,
		[GROUP_QUERY_OFFSETS] = groups_offsets_fn,
	};
	struct engine	*e = c->engine;

	if (e->ops->real_group_query != NULL)
		return e->ops->real_group_query(e, handle, q, group, err);
	return clients_group_op(c, handle, fn[q], (void *)(uintptr_t)group,
	    err);
}

static int
groups_cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct gp_listing *)a)->group,
	    ((const struct gp_listing *)b)->group);
}

static int
groups_list(struct cmd_ctx *ctx, int handle)
{
	struct gpayload	*gp;
	enum kerr	 err;
	int		 i;

	gp = groups_query(ctx->c, handle, GROUP_QUERY_LIST, NULL, &err);
	if (gp == NULL && err != KERR_UNKNOWN_TOPIC_OR_PARTITION) {
		console_printf(ctx->c, GROUPS_ERR "Timed out waiting for a "
		    "node assignment. Call: listConsumerGroups\n");
		return 1;
	}
	if (gp == NULL)		/* no __consumer_offsets: no groups yet */
		return 0;
	if (gp->n_listings > 1)
		qsort(gp->listings, (size_t)gp->n_listings,
		    sizeof *gp->listings, groups_cmp_name);
	for (i = 0; i < gp->n_listings; i++)
		console_printf(ctx->c, "%s\n", gp->listings[i].group);
	gpayload_free(gp);
	return 0;
}

static int
groups_cmp_offset(const void *a, const void *b)
{
	const struct gp_offset	*x = a, *y = b;
	int			 c = strcmp(x->topic, y->topic);

	return c != 0 ? c : x->partition - y->partition;
}

/* Committed offset of topic/partition in off, or -1. */
static int64_t
groups_committed(const struct gpayload *off, const char *topic, int p)
{
	int	i;

	for (i = 0; off != NULL && i < off->n_offsets; i++) {
		if (off->offsets[i].partition == p &&
		    strcmp(off->offsets[i].topic, topic) == 0)
			return off->offsets[i].offset;
	}
	return -1;
}

static void
groups_row_fill(struct groups_row *r, const struct snapshot *s,
    const struct gpayload *off, const char *topic, int p)
{
	const struct snap_partition	*sp = snapshot_partition(s, topic, p);
	int64_t				 cur = groups_committed(off, topic, p);
	int64_t				 hw = sp != NULL ? sp->hw : -1;

	r->topic = topic;
	snprintf(r->partition, sizeof r->partition, "%d", p);
	if (cur >= 0)
		snprintf(r->current, sizeof r->current, "%" PRId64, cur);
	else
		snprintf(r->current, sizeof r->current, "-");
	if (hw >= 0)
		snprintf(r->leo, sizeof r->leo, "%" PRId64, hw);
	else
		snprintf(r->leo, sizeof r->leo, "-");
	if (cur >= 0 && hw >= 0)
		snprintf(r->lag, sizeof r->lag, "%" PRId64, hw - cur);
	else
		snprintf(r->lag, sizeof r->lag, "-");
}

/* Java's String.length() of a UTF-8 string: UTF-16 units. */
static int
groups_jlen(const char *s)
{
	size_t		n = strlen(s), off = 0;
	uint32_t	cp;
	int		units = 0;

	while (off < n) {
		off += utf8_decode(s + off, n - off, &cp);
		units += cp >= 0x10000 ? 2 : 1;		/* a surrogate pair */
	}
	return units;
}

static int
groups_width(int w, const char *s)
{
	int	n = groups_jlen(s);

	return n > w ? n : w;
}

/* Java's "%-Ns": pad to N UTF-16 units (not bytes, not columns). */
static void
groups_col(struct strbuf *sb, const char *s, int w)
{
	int	n;

	strbuf_adds(sb, s);
	for (n = groups_jlen(s); n < w; n++)
		strbuf_addc(sb, ' ');
}

/* One "\n%-Gs %-Ts %-10s %-15s %-15s %-15s %-Cs %-Hs %s" line. */
static void
groups_line(struct console *c, const int *w, const char *const *v)
{
	struct strbuf	sb = STRBUF_INIT;
	int		i;

	strbuf_addc(&sb, '\n');
	for (i = 0; i < 8; i++) {
		groups_col(&sb, v[i], w[i]);
		strbuf_addc(&sb, ' ');
	}
	strbuf_adds(&sb, v[8]);
	console_write(c, 1, sb.s, sb.len);
	strbuf_free(&sb);
}

/* A member's assignment as (topic, partition) pairs sorted by both
 * (struct gp_offset used for the pair). */
struct groups_tps {
	struct gp_offset	*v;
	int			 n;
};

static void
groups_assignment(const struct gp_member *m, struct groups_tps *out)
{
	struct cproto_topic	*t;
	int			 n, i, k;

	out->v = NULL;
	out->n = 0;
	if (cproto_assignment_decode(&m->assign, &t, &n) != 0)
		return;
	for (i = 0; i < n; i++) {
		for (k = 0; k < t[i].n_parts; k++) {
			struct gp_offset	*o;

			out->v = xreallocarray(out->v, (size_t)out->n + 1,
			    sizeof *out->v);
			o = &out->v[out->n++];
			memset(o, 0, sizeof *o);
			snprintf(o->topic, sizeof o->topic, "%s", t[i].name);
			o->partition = t[i].parts[k];
		}
	}
	cproto_topics_free(t, n);
	if (out->n > 1)
		qsort(out->v, (size_t)out->n, sizeof *out->v,
		    groups_cmp_offset);
}

static int
groups_describe(struct cmd_ctx *ctx, int handle, const char *group)
{
	struct console		*c = ctx->c;
	struct gpayload		*desc, *off;
	struct groups_tps	*asg;
	struct groups_row	*rows;
	struct snapshot		 s;
	enum kerr		 err;
	int			*order, n_rows = 0, cap, i, j, k;
	int			 gw, tw, cw, hw, rc;

	desc = groups_query(c, handle, GROUP_QUERY_DESCRIBE, group, &err);
	if (desc == NULL) {
		console_printf(c, GROUPS_ERR "Timed out waiting for a node "
		    "assignment. Call: describeConsumerGroups\n");
		return 1;
	}
	off = groups_query(c, handle, GROUP_QUERY_OFFSETS, group, &err);
	cmd_snapshot(ctx, &s);

	/* Each member's assignment, as the admin client decodes it
	 * (ConsumerProtocol.deserializeAssignment), sorted. */
	asg = xcalloc((size_t)(desc->n_members + 1), sizeof *asg);
	cap = (off != NULL ? off->n_offsets : 0) + 1;
	for (i = 0; i < desc->n_members; i++) {
		groups_assignment(&desc->members[i], &asg[i]);
		cap += asg[i].n;
	}
	rows = xcalloc((size_t)cap, sizeof *rows);
	/* Members with partitions, the most first (a stable sort). */
	order = xcalloc((size_t)(desc->n_members + 1), sizeof *order);
	for (i = 0; i < desc->n_members; i++)
		order[i] = i;
	for (i = 1; i < desc->n_members; i++) {
		for (j = i; j > 0 && asg[order[j]].n > asg[order[j - 1]].n;
		    j--) {
			k = order[j];
			order[j] = order[j - 1];
			order[j - 1] = k;
		}
	}
	for (i = 0; i < desc->n_members; i++) {
		struct gp_member	*m = &desc->members[order[i]];
		struct groups_tps	*a = &asg[order[i]];

		for (k = 0; k < a->n; k++) {
			struct groups_row	*r = &rows[n_rows++];

			groups_row_fill(r, &s, off, a->v[k].topic,
			    a->v[k].partition);
			r->consumer = m->member_id;
			r->host = m->host;
			r->client = m->client_id;
		}
	}
	/* Committed partitions no member is assigned. */
	if (off != NULL && off->n_offsets > 1)
		qsort(off->offsets, (size_t)off->n_offsets,
		    sizeof *off->offsets, groups_cmp_offset);
	for (i = 0; off != NULL && i < off->n_offsets; i++) {
		bool	assigned = false;

		for (j = 0; j < desc->n_members && !assigned; j++) {
			for (k = 0; k < asg[j].n; k++) {
				if (asg[j].v[k].partition ==
				    off->offsets[i].partition &&
				    strcmp(asg[j].v[k].topic,
				    off->offsets[i].topic) == 0)
					assigned = true;
			}
		}
		if (assigned || off->offsets[i].offset < 0)
			continue;
		groups_row_fill(&rows[n_rows], &s, off, off->offsets[i].topic,
		    off->offsets[i].partition);
		rows[n_rows].consumer = rows[n_rows].host =
		    rows[n_rows].client = "-";
		n_rows++;
	}

	switch (desc->state) {
	case GROUP_DEAD:
		console_printf(c, "\nError: Consumer group '%s' does not "
		    "exist.\n", group);
		break;
	case GROUP_EMPTY:
		console_eprintf(c, "\nConsumer group '%s' has no active "
		    "members.\n", group);
		break;
	case GROUP_PREPARING_REBALANCE:
	case GROUP_COMPLETING_REBALANCE:
		console_eprintf(c, "\nWarning: Consumer group '%s' is "
		    "rebalancing.\n", group);
		break;
	default:
		break;
	}
	if (desc->state != GROUP_DEAD && n_rows > 0) {
		gw = groups_width(15, group);
		tw = cw = hw = 15;
		for (i = 0; i < n_rows; i++) {
			tw = groups_width(tw, rows[i].topic);
			cw = groups_width(cw, rows[i].consumer);
			hw = groups_width(hw, rows[i].host);
		}
		int		 w[8] = { gw, tw, 10, 15, 15, 15, cw, hw };
		const char	*head[9] = { "GROUP", "TOPIC", "PARTITION",
		    "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID",
		    "HOST", "CLIENT-ID" };

		groups_line(c, w, head);
		for (i = 0; i < n_rows; i++) {
			const char	*v[9] = { group, rows[i].topic,
			    rows[i].partition, rows[i].current, rows[i].leo,
			    rows[i].lag, rows[i].consumer, rows[i].host,
			    rows[i].client };

			groups_line(c, w, v);
		}
		console_printf(c, "\n");
	}
	/* A group that does not exist is the tool's failure (nothing was
	 * described), though it says so on stdout. */
	rc = desc->state == GROUP_DEAD ? 1 : 0;
	snapshot_free(&s);
	for (i = 0; i < desc->n_members; i++)
		free(asg[i].v);
	free(asg);
	free(rows);
	free(order);
	gpayload_free(desc);
	gpayload_free(off);
	return rc;
}

static int
groups_exec(struct cmd_ctx *ctx)
{
	struct console	*c = ctx->c;
	struct engine	*e = c->engine;
	struct snapshot	 s;
	struct servers	 sv;
	bool		 boot[ISR_NODES];
	int		 rc, broker, handle;

	cmd_snapshot(ctx, &s);
	rc = cmd_bootstrap(ctx, args_get(ctx->a, "bootstrap-server"),
	    GROUPS_ADMIN, &s, &sv, &broker);
	snapshot_free(&s);
	if (rc == 1)
		console_printf(c, GROUPS_ERR "Timed out waiting for a node "
		    "assignment. Call: %s\n", args_has(ctx->a, "list") ?
		    "listConsumerGroups" : "describeConsumerGroups");
	if (rc != 0)
		return rc;
	servers_flags(&sv, boot);
	handle = e->ops->client_open(e, boot);
	if (args_has(ctx->a, "list"))
		rc = groups_list(ctx, handle);
	else
		rc = groups_describe(ctx, handle, args_get(ctx->a, "group"));
	e->ops->client_close(e, handle);
	return rc;
}

const struct cmd_entry cmd_consumer_groups_entry = {
	.name = "kafka-consumer-groups",
	.usage = "--bootstrap-server H:P (--list | --describe --group G)",
	.help = N_("list consumer groups or describe one (Kafka's tool)"),
	.kafka_tool = true,
	.spec = &groups_spec,
	.exec = groups_exec,
};
