/*
 * layout.c - the TUI's text without curses (see layout.h).
 *
 * Pure functions of a snapshot and a glyph set; nothing here keeps state
 * or reads a clock.  The partition row follows DESIGN.md "Screen": per
 * replica LEO and lag (leader LEO − replica LEO) with a bar, and for a
 * follower still in the ISR that has not caught up for a while, the time
 * left before the leader's next lag check may drop it:
 * replica.lag.time.max.ms − (now − lastCaughtUpTime).
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "console/keys.h"
#include "console/servers.h"
#include "tui/layout.h"
#include "util/i18n.h"
#include "util/utf8.h"

/* A follower caught up within this long is healthy: no countdown. */
#define LAYOUT_COUNTDOWN_AFTER_MS 500
#define LAYOUT_TOPIC_MAX 24

static const struct layout_glyphs layout_unicode = {
	.up = "\u25cf", .down = "\u2716", .fenced = "\u26a0",
	.isolated = "\u26d3", .stopping = "\u25cc", .starting = "\u25cb",
	.play = "\u25b6", .pause = "\u23f8", .arrow = "\u2192",
	.split = "\u2702", .preferred = "*", .check = "\u2714",
	.bars = { "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586",
	    "\u2587", "\u2588" },
};

static const struct layout_glyphs layout_ascii = {
	.up = "o", .down = "X", .fenced = "!", .isolated = "#",
	.stopping = "~", .starting = ".", .play = ">", .pause = "||",
	.arrow = "->", .split = "%", .preferred = "*", .check = "+",
	.bars = { "_", ".", "-", "=", "+", "*", "#", "@" },
};

const struct layout_glyphs *
layout_glyphs(bool unicode)
{
	return unicode ? &layout_unicode : &layout_ascii;
}

enum layout_bstate
layout_broker_state(const struct snapshot *s, int b)
{
	const struct snap_broker *sb = &s->brokers[b];

	switch (sb->state) {
	case BROKER_DOWN:
		return LB_DOWN;
	case BROKER_STOPPING:
		return LB_STOPPING;
	case BROKER_STARTING:
	case BROKER_RUNNING:
		break;
	}
	if (links_isolated(&s->links, b, s->n_brokers))
		return LB_ISOLATED;
	if (sb->shutting_down)
		return LB_STOPPING;
	if (sb->fenced)
		return LB_FENCED;
	if (sb->state == BROKER_STARTING)
		return LB_STARTING;
	return LB_UP;
}

const char *
layout_bstate_name(enum layout_bstate st)
{
	switch (st) {
	/* TRANSLATORS: a broker's state in the brokers strip. */
	case LB_UP:		return _("UP");
	case LB_DOWN:		return _("DOWN");
	case LB_STARTING:	return _("starting");
	case LB_STOPPING:	return _("stopping");
	case LB_FENCED:		return _("FENCED");
	case LB_ISOLATED:	return _("ISOLATED");
	}
	return "?";
}

const char *
layout_bstate_glyph(enum layout_bstate st, const struct layout_glyphs *g)
{
	switch (st) {
	case LB_UP:		return g->up;
	case LB_DOWN:		return g->down;
	case LB_STARTING:	return g->starting;
	case LB_STOPPING:	return g->stopping;
	case LB_FENCED:		return g->fenced;
	case LB_ISOLATED:	return g->isolated;
	}
	return "?";
}

bool
layout_broker_split(const struct snapshot *s, int b)
{
	int	n;

	if (links_isolated(&s->links, b, s->n_brokers))
		return false;
	/* Links cut only because the other end is isolated do not count:
	 * that broker already shows ISOLATED. */
	for (n = 0; n < ISR_NODES; n++)
		if (n != b && s->links.cut[b][n] && !(n >= 1 &&
		    n <= s->n_brokers && links_isolated(&s->links, n,
		    s->n_brokers)))
			return true;
	return false;
}

void
layout_broker_cell(const struct snapshot *s, int b,
    const struct layout_glyphs *g, char *buf, size_t len)
{
	const struct snap_broker	*sb = &s->brokers[b];
	enum layout_bstate		 st = layout_broker_state(s, b);
	size_t				 o;

	o = (size_t)snprintf(buf, len, "[%d] %s %s  localhost:%d", b,
	    layout_bstate_glyph(st, g), layout_bstate_name(st),
	    servers_port(b));
	if (o < len && sb->rack[0] != '\0')
		o += (size_t)snprintf(buf + o, len - o, "  rack %s", sb->rack);
	if (o < len && sb->leader_count > 0 && st != LB_DOWN)
		o += (size_t)snprintf(buf + o, len - o, "  L%d",
		    sb->leader_count);
	/* C: real Kafka clients connected to its listener (src/net). */
	if (o < len && sb->wire_clients > 0 && st != LB_DOWN)
		o += (size_t)snprintf(buf + o, len - o, "  C%d",
		    sb->wire_clients);
	/* TRANSLATORS: marks the broker holding ZooKeeper's /controller
	 * znode (the zk profile's active controller). */
	if (o < len && s->ctrl_image.controller == b)
		o += (size_t)snprintf(buf + o, len - o, "  %s", _("ctrl"));
	if (o < len && layout_broker_split(s, b))
		snprintf(buf + o, len - o, " %s", g->split);
}

void
layout_zk_cell(const struct snapshot *s, const struct layout_glyphs *g,
    char *buf, size_t len)
{
	char	holder[16];

	if (s->ctrl_image.controller > 0)
		snprintf(holder, sizeof holder, "%d", s->ctrl_image.controller);
	else
		snprintf(holder, sizeof holder, "none");
	/* ZooKeeper's client port in the seeds' docker-compose files. */
	snprintf(buf, len, "[ZK] %s %s  localhost:2181  /controller %s",
	    layout_bstate_glyph(LB_UP, g), layout_bstate_name(LB_UP), holder);
}

const char *
layout_lag_bar(int64_t lag, const struct layout_glyphs *g)
{
	int	level = 0;

	if (lag <= 0)
		return "";
	while (lag > 1 && level < 7) {
		lag >>= 1;
		level++;
	}
	return g->bars[level];
}

void
layout_seconds(int64_t ms, char *buf, size_t len)
{
	if (ms < 0)
		ms = 0;
	snprintf(buf, len, "%" PRId64 ".%" PRId64 "s", ms / 1000,
	    (ms % 1000) / 100);
}

int64_t
layout_time_left(int64_t now, int64_t caught_up_ms, int64_t lag_max_ms)
{
	int64_t	behind;

	if (caught_up_ms < 0)
		return -1;
	behind = now - caught_up_ms;
	if (behind < LAYOUT_COUNTDOWN_AFTER_MS)
		return -1;
	return behind >= lag_max_ms ? 0 : lag_max_ms - behind;
}

/* The per-replica cell of broker b. */
static void
layout_replica_cell(const struct snapshot *s, const struct snap_partition *p,
    int b, int64_t lag_max_ms, const struct layout_glyphs *g,
    char *buf, size_t len, enum layout_rkind *kind)
{
	const struct partition_reg	*reg = p->reg;
	const struct snap_replica	*r = &p->replicas[b];
	const char			*pref;
	char				 t[24];
	int64_t				 lag, left;
	bool				 in_isr = preg_in_isr(reg, b);

	pref = reg->n_replicas > 0 && reg->replicas[0] == b ?
	    g->preferred : "";
	if (s->brokers[b].state == BROKER_DOWN) {
		*kind = LR_DOWN;
		snprintf(buf, len, "%d%s:%s", b, pref, g->down);
		return;
	}
	if (!r->present) {
		*kind = in_isr ? LR_INSYNC : LR_OOS;
		snprintf(buf, len, "%d%s:-", b, pref);
		return;
	}
	if (r->leo < 0) {
		/* Attached to a real cluster: no replica's log end is
		 * known (the HW column has the leader's). */
		*kind = reg->leader == b ? LR_LEADER : in_isr ? LR_INSYNC :
		    LR_OOS;
		snprintf(buf, len, "%d%s:?", b, pref);
		return;
	}
	if (reg->leader == b) {
		*kind = LR_LEADER;
		snprintf(buf, len, "%d%s:%" PRId64, b, pref, r->leo);
		return;
	}
	lag = p->leader_leo >= 0 ? p->leader_leo - r->leo : 0;
	if (lag < 0)
		lag = 0;
	left = in_isr && reg->leader != ISR_NO_LEADER ?
	    layout_time_left(s->now, r->caught_up_ms, lag_max_ms) : -1;
	*kind = !in_isr ? LR_OOS : left >= 0 ? LR_LAGGING : LR_INSYNC;
	if (lag == 0 && left < 0) {
		snprintf(buf, len, "%d%s:%" PRId64, b, pref, r->leo);
		return;
	}
	if (left >= 0) {
		layout_seconds(left, t, sizeof t);
		snprintf(buf, len, "%d%s:%" PRId64 " %s%" PRId64 " %s left", b,
		    pref, r->leo, layout_lag_bar(lag, g), lag, t);
	} else
		snprintf(buf, len, "%d%s:%" PRId64 " %s%" PRId64, b, pref,
		    r->leo, layout_lag_bar(lag, g), lag);
}

void
layout_partition_row(const struct snapshot *s, const struct snap_partition *p,
    int64_t lag_max_ms, const struct layout_glyphs *g,
    struct layout_prow *row)
{
	const struct partition_reg	*reg = p->reg;
	int				 oos[ISR_MAX_REPLICAS], n_oos = 0, i, b;
	char				 ep[16];

	memset(row, 0, sizeof *row);
	snprintf(row->topic, sizeof row->topic, "%s", p->topic);
	snprintf(row->part, sizeof row->part, "%d", p->partition);
	row->leader_id = reg->leader;
	row->leaderless = reg->leader == ISR_NO_LEADER;
	event_epoch_format(reg->leader_epoch, ep, sizeof ep);
	if (row->leaderless)
		snprintf(row->leader, sizeof row->leader, "none (%s)", ep);
	else
		snprintf(row->leader, sizeof row->leader, "%d (%s)",
		    reg->leader, ep);
	row->offline = row->leaderless ||
	    s->brokers[reg->leader].state == BROKER_DOWN;
	row->urp = reg->n_isr < reg->n_replicas;
	row->not_preferred = !row->leaderless && reg->n_replicas > 0 &&
	    reg->replicas[0] != reg->leader;
	ids_format(reg->replicas, reg->n_replicas, row->replicas,
	    sizeof row->replicas);
	ids_format(reg->isr, reg->n_isr, row->isr, sizeof row->isr);
	for (i = 0; i < reg->n_replicas; i++)
		if (!preg_in_isr(reg, reg->replicas[i]))
			oos[n_oos++] = reg->replicas[i];
	ids_format(oos, n_oos, row->oos, sizeof row->oos);
	if (p->hw < 0)
		snprintf(row->hw, sizeof row->hw, "-");
	else
		snprintf(row->hw, sizeof row->hw, "%" PRId64, p->hw);
	for (i = 0; i < reg->n_replicas && i < ISR_MAX_REPLICAS; i++) {
		b = reg->replicas[i];
		if (b < 1 || b > ISR_MAX_BROKERS)
			continue;
		layout_replica_cell(s, p, b, lag_max_ms, g, row->rep[row->n_rep],
		    LAYOUT_CELL, &row->rkind[row->n_rep]);
		row->n_rep++;
	}
}

static int
layout_max(int a, int b)
{
	return a > b ? a : b;
}

/* Characters of "%" PRId64 for v. */
static int
layout_digits(int64_t v)
{
	uint64_t	u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	int		n = v < 0 ? 2 : 1;

	while (u >= 10) {
		u /= 10;
		n++;
	}
	return n;
}

/* Characters of ids_format(ids, n) (every id, comma-separated). */
static int
layout_ids_width(const int *ids, int n)
{
	int	w = n > 0 ? n - 1 : 0, i;

	for (i = 0; i < n; i++)
		w += layout_digits(ids[i]);
	return w;
}

void
layout_columns(const struct snapshot *s, struct layout_cols *c)
{
	const char	*topic = NULL;
	size_t		 i;
	int		 oos[ISR_MAX_REPLICAS], n_oos, k;

	c->topic = 5;		/* TOPIC */
	c->part = 1;		/* P */
	c->leader = 10;		/* LEADER(ep) */
	c->replicas = 8;	/* REPLICAS */
	c->isr = 3;		/* ISR */
	c->oos = 3;		/* OOS */
	c->hw = 2;		/* HW */
	/* The widths layout_partition_row's texts would have, counted from
	 * the numbers so that no row is formatted: the screen formats only
	 * the rows it shows. */
	for (i = 0; i < s->n_parts; i++) {
		const struct snap_partition	*p = &s->parts[i];
		const struct partition_reg	*reg = p->reg;

		if (p->topic != topic) {	/* a topic's parts are adjacent */
			topic = p->topic;
			c->topic = layout_max(c->topic, utf8_width(topic));
		}
		c->part = layout_max(c->part, layout_digits(p->partition));
		/* "2 (5)", "none (5)"; an unknown epoch is "?". */
		c->leader = layout_max(c->leader, 3 + (reg->leader_epoch < 0 ?
		    1 : layout_digits(reg->leader_epoch)) + (reg->leader ==
		    ISR_NO_LEADER ? 4 : layout_digits(reg->leader)));
		c->replicas = layout_max(c->replicas,
		    layout_ids_width(reg->replicas, reg->n_replicas));
		c->isr = layout_max(c->isr, layout_ids_width(reg->isr,
		    reg->n_isr));
		for (k = n_oos = 0; k < reg->n_replicas; k++)
			if (!preg_in_isr(reg, reg->replicas[k]))
				oos[n_oos++] = reg->replicas[k];
		c->oos = layout_max(c->oos, layout_ids_width(oos, n_oos));
		c->hw = layout_max(c->hw, p->hw < 0 ? 1 : layout_digits(p->hw));
	}
	if (c->topic > LAYOUT_TOPIC_MAX)
		c->topic = LAYOUT_TOPIC_MAX;
}

/* Append src fitted to cols (padded) and a two-space gap. */
static size_t
layout_put(char *buf, size_t len, size_t o, const char *src, int cols)
{
	if (o + 1 >= len)
		return o;
	layout_fit(buf + o, len - o, src, cols, true);
	o += strlen(buf + o);
	if (o + 2 < len) {
		memcpy(buf + o, "  ", 3);
		o += 2;
	}
	return o;
}

void
layout_table_header(const struct layout_cols *c, char *buf, size_t len)
{
	size_t	o = 0;

	buf[0] = '\0';
	o = layout_put(buf, len, o, "TOPIC", c->topic);
	o = layout_put(buf, len, o, "P", c->part);
	o = layout_put(buf, len, o, "LEADER(ep)", c->leader);
	o = layout_put(buf, len, o, "REPLICAS", c->replicas);
	o = layout_put(buf, len, o, "ISR", c->isr);
	o = layout_put(buf, len, o, "OOS", c->oos);
	o = layout_put(buf, len, o, "HW", c->hw);
	if (o + 1 < len)
		snprintf(buf + o, len - o, "%s", _("LEO / LAG per replica"));
}

void
layout_row_text(const struct layout_prow *r, const struct layout_cols *c,
    char *buf, size_t len)
{
	size_t	o = 0;

	buf[0] = '\0';
	o = layout_put(buf, len, o, r->topic, c->topic);
	o = layout_put(buf, len, o, r->part, c->part);
	o = layout_put(buf, len, o, r->leader, c->leader);
	o = layout_put(buf, len, o, r->replicas, c->replicas);
	o = layout_put(buf, len, o, r->isr, c->isr);
	o = layout_put(buf, len, o, r->oos, c->oos);
	layout_put(buf, len, o, r->hw, c->hw);
}

bool
layout_behind(int64_t behind_ms, double speed, char *buf, size_t len)
{
	double	least = LAYOUT_BEHIND_REAL_MS * speed;
	char	t[32];

	if (least < LAYOUT_BEHIND_LAB_MS)
		least = LAYOUT_BEHIND_LAB_MS;
	buf[0] = '\0';
	if ((double)behind_ms < least)
		return false;
	layout_seconds(behind_ms, t, sizeof t);
	/* TRANSLATORS: the header when the model cannot keep up with the
	 * lab clock; %s is how far behind, in lab time, e.g. 1.2s. */
	snprintf(buf, len, _("model %s behind"), t);
	return true;
}

/* The short words the event pane uses for events without details. */
static const char *const layout_event_verbs[EV__COUNT] = {
	[EV_BROKER_CRASH] = N_("crashed"),
	[EV_BROKER_STOP] = N_("stopped"),
	[EV_BROKER_START] = N_("started"),
	[EV_BROKER_FENCED] = N_("fenced"),
	[EV_BROKER_UNFENCED] = N_("unfenced"),
	[EV_TOPIC_CREATED] = N_("created"),
	[EV_TOPIC_DELETED] = N_("deleted"),
	/* TRANSLATORS: the zk profile: the broker now holds /controller. */
	[EV_CONTROLLER_CHANGE] = N_("is the controller"),
	[EV_LINK_CUT] = N_("cut off"),
	[EV_LINK_HEAL] = N_("healed"),
	[EV_CONFIG_CHANGE] = N_("config changed"),
	[EV_ALARM] = N_("alarm"),
	[EV_NOTE] = N_("note"),
};

/* The model's reasons that carry numbers, each number written %d (the
 * model formats them in English, being pure: no catalog there).  A
 * reason of one of these shapes is shown in the screen's language, its
 * numbers put back in order. */
static const char *const layout_reason_shapes[] = {
	N_("no heartbeat for %dms"),
	N_("broker %d fenced"),
	N_("broker %d unfenced"),
	N_("controlled shutdown of broker %d"),
	N_("replica %d caught up to HW %d"),
	N_("replica %d not caught up for %dms"),
	N_("%d replicas not caught up for up to %dms"),
	N_("%d partition(s), replication factor %d"),
	N_("%d partition(s) added, %d in all"),
	N_("%d record(s), acks=all"),
	N_("%d record(s), acks=%d"),
	N_("produce from broker %d, refreshing metadata"),
	N_("fetch from broker %d, refreshing metadata"),
	N_("critical raised: under_replicated_partitions > %d (now %d)"),
	N_("critical cleared: under_replicated_partitions > %d (now %d)"),
	N_("critical raised: offline_partitions > %d (now %d)"),
	N_("critical cleared: offline_partitions > %d (now %d)"),
	N_("warning raised: isr_shrink_rate > %d/min (now %d)"),
	N_("warning cleared: isr_shrink_rate > %d/min (now %d)"),
	N_("warning raised: replica_lag > %d messages (now %d)"),
	N_("warning cleared: replica_lag > %d messages (now %d)"),
};

/* A reason in the screen's language: a fixed one through the catalog, one
 * with numbers through its shape (layout_reason_shapes), any other as
 * the model wrote it. */
static void
layout_reason(const char *r, char *buf, size_t len)
{
	char		 shape[256];
	const char	*num[8], *t, *p;
	size_t		 num_len[8], n = 0, o = 0, k, i;

	for (p = r; *p != '\0' && o + 3 < sizeof shape; ) {
		if (*p == '%')
			break;		/* not a shape of ours */
		if (*p < '0' || *p > '9') {
			shape[o++] = *p++;
			continue;
		}
		if (n == sizeof num / sizeof num[0])
			break;
		num[n] = p;
		while (*p >= '0' && *p <= '9')
			p++;
		num_len[n] = (size_t)(p - num[n]);
		n++;
		shape[o++] = '%';
		shape[o++] = 'd';
	}
	shape[o] = '\0';
	if (n == 0 || *p != '\0') {
		snprintf(buf, len, "%s", n == 0 ? _(r) : r);
		return;
	}
	for (i = 0; i < sizeof layout_reason_shapes /
	    sizeof layout_reason_shapes[0]; i++)
		if (strcmp(shape, layout_reason_shapes[i]) == 0)
			break;
	if (i == sizeof layout_reason_shapes / sizeof layout_reason_shapes[0]) {
		snprintf(buf, len, "%s", r);
		return;
	}
	/* The translation's %d in order, each the next number. */
	for (t = _(layout_reason_shapes[i]), o = 0, k = 0; *t != '\0' &&
	    o + 1 < len; t++) {
		if (t[0] == '%' && t[1] == 'd' && k < n) {
			o += (size_t)snprintf(buf + o, len - o, "%.*s",
			    (int)num_len[k], num[k]);
			k++;
			t++;
		} else
			buf[o++] = *t;
	}
	buf[o < len ? o : len - 1] = '\0';
}

void
layout_event_line(const struct event *e, const struct layout_glyphs *g,
    char *buf, size_t len)
{
	char	 subj[ISR_TOPIC_MAX + 16], a[40], b[40], ia[40], ib[40];
	char	 ea[16], eb[16], detail[200], reason[256];
	size_t	 o;

	if (e->topic[0] != '\0' && e->partition >= 0)
		snprintf(subj, sizeof subj, "%s-%d", e->topic, e->partition);
	else if (e->topic[0] != '\0')
		snprintf(subj, sizeof subj, "%s", e->topic);
	else if (e->broker > 0)
		snprintf(subj, sizeof subj, _("broker %d"), e->broker);
	else
		subj[0] = '\0';

	detail[0] = '\0';
	switch (e->type) {
	case EV_LEADER_CHANGE:
		if (e->leader_from == ISR_NO_LEADER)
			snprintf(a, sizeof a, "none");
		else
			snprintf(a, sizeof a, "%d", e->leader_from);
		if (e->leader_to == ISR_NO_LEADER)
			snprintf(b, sizeof b, "none");
		else
			snprintf(b, sizeof b, "%d", e->leader_to);
		ids_format(e->isr_from, e->n_isr_from, ia, sizeof ia);
		ids_format(e->isr_to, e->n_isr_to, ib, sizeof ib);
		event_epoch_format(e->epoch_from, ea, sizeof ea);
		event_epoch_format(e->epoch_to, eb, sizeof eb);
		/* TRANSLATORS: leader FROM→TO, leader epoch FROM→TO (an
		 * epoch is "?" when unknown), ISR FROM→TO; the last %s is
		 * " UNCLEAN" or "". */
		snprintf(detail, sizeof detail, _("leader %s%s%s ep %s%s%s "
		    "isr %s%s%s%s"), a, g->arrow, b, ea, g->arrow, eb, ia,
		    g->arrow, ib, e->clean ? "" : " UNCLEAN");
		break;
	case EV_ISR_SHRINK:
	case EV_ISR_EXPAND:
		ids_format(e->isr_from, e->n_isr_from, ia, sizeof ia);
		ids_format(e->isr_to, e->n_isr_to, ib, sizeof ib);
		snprintf(detail, sizeof detail, e->type == EV_ISR_SHRINK ?
		    _("shrink isr %s%s%s") : _("expand isr %s%s%s"), ia,
		    g->arrow, ib);
		break;
	case EV_TRUNCATE:
		snprintf(detail, sizeof detail, _("replica %d truncated %" PRId64
		    "%s%" PRId64), e->broker, e->off_from, g->arrow, e->off_to);
		break;
	case EV_DATA_LOSS:
		snprintf(detail, sizeof detail, _("DATA LOSS offsets %" PRId64
		    "..%" PRId64), e->off_from, e->off_to - 1);
		break;
	case EV_PRODUCE_ERROR:
		snprintf(detail, sizeof detail, _("produce %s"),
		    kerr_name(e->error));
		break;
	case EV_CLIENT_RETRY:
		snprintf(detail, sizeof detail, _("retry %s"),
		    kerr_name(e->error));
		break;
	default:
		snprintf(detail, sizeof detail, "%s",
		    layout_event_verbs[e->type] != NULL ?
		    _(layout_event_verbs[e->type]) : event_type_name(e->type));
		break;
	}

	o = (size_t)snprintf(buf, len, "%" PRId64 ".%" PRId64 "s", e->t_ms /
	    1000, (e->t_ms % 1000) / 100);
	if (o < len && subj[0] != '\0')
		o += (size_t)snprintf(buf + o, len - o, " %s", subj);
	if (o < len && detail[0] != '\0')
		o += (size_t)snprintf(buf + o, len - o, " %s", detail);
	if (o < len && e->reason[0] != '\0') {
		layout_reason(e->reason, reason, sizeof reason);
		snprintf(buf + o, len - o, " (%s)", reason);
	}
}

int
layout_fit(char *dst, size_t dstlen, const char *src, int cols, bool pad)
{
	size_t	n;
	int	w;

	if (dstlen == 0)
		return 0;
	if (cols < 0)
		cols = 0;
	n = utf8_bytes_for_width(src, cols);
	while (n >= dstlen) {
		/* The buffer is the limit: take fewer columns, whole
		 * characters only. */
		cols--;
		n = utf8_bytes_for_width(src, cols);
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	w = utf8_width(dst);
	if (pad) {
		while (w < cols && n + 1 < dstlen) {
			dst[n++] = ' ';
			w++;
		}
		dst[n] = '\0';
	}
	return w;
}

void
layout_sanitize(char *dst, size_t dstlen, const char *src, bool ascii)
{
	char		enc[UTF8_MAX_LEN];
	size_t		n = strlen(src), off = 0, o = 0, len, k;
	uint32_t	cp;
	int		col = 0, w;
	char		fill;

	if (dstlen == 0)
		return;
	for (; off < n; off += len) {
		len = utf8_decode(src + off, n - off, &cp);
		fill = '?';
		if (cp == '\t') {
			w = 8 - col % 8;	/* to the next tab stop */
			k = (size_t)w;
			fill = ' ';
		} else if (utf8_is_control(cp)) {
			w = 1;
			k = 1;
		} else if (ascii && cp >= 0x80) {
			/* One '?' per column, so the line keeps its width. */
			w = utf8_cp_width(cp);
			k = (size_t)w;
		} else {
			/* An invalid byte was decoded as U+FFFD. */
			w = utf8_cp_width(cp);
			k = utf8_encode(cp, enc);
			fill = '\0';
		}
		if (o + k >= dstlen)
			break;			/* whole characters only */
		if (fill != '\0')
			memset(dst + o, fill, k);
		else
			memcpy(dst + o, enc, k);
		o += k;
		col += w;
	}
	dst[o] = '\0';
}

void
layout_fit_words(const char *s, int cols, const char *ellipsis, char *buf,
    size_t len)
{
	int	ew = utf8_width(ellipsis), w;
	size_t	cut = 0, i, n;

	if (len == 0)
		return;
	if (cols <= 0) {
		buf[0] = '\0';
		return;
	}
	if (utf8_width(s) <= cols) {
		snprintf(buf, len, "%s", s);
		return;
	}
	/* The last blank before which the words and the ellipsis fit. */
	n = utf8_bytes_for_width(s, cols - ew > 0 ? cols - ew : 0);
	for (i = 1; i <= n && i < strlen(s) + 1; i++)
		if (s[i] == ' ' && (w = utf8_width_n(s, i)) + ew <= cols)
			cut = i;
	if (cut == 0)
		cut = n;
	while (cut > 0 && s[cut - 1] == ' ')
		cut--;
	snprintf(buf, len, "%.*s%s", (int)cut, s, ellipsis);
}

const char *
layout_key_shown(const struct keys_entry *k)
{
	return k->shown != NULL ? k->shown : k->key;
}

int
layout_keybar(int cols, char lines[][LAYOUT_BAR], int max)
{
	return layout_keybar_lab(cols, false, lines, max);
}

int
layout_keybar_lab(int cols, bool lab, char lines[][LAYOUT_BAR], int max)
{
	const struct keys_entry	*k;
	char			 item[64];
	int			 n = 0, w = 0, iw;
	size_t			 o = 0;

	if (max <= 0)
		return 0;
	lines[0][0] = '\0';
	for (k = keys_table; k->key != NULL; k++) {
		if (k->bar == NULL || (k->lab && !lab))
			continue;
		snprintf(item, sizeof item, "%s %s", layout_key_shown(k),
		    _(k->bar));
		iw = utf8_width(item);
		if (w > 0 && w + 2 + iw > cols) {
			if (n + 1 >= max)
				return n + 1;
			n++;
			lines[n][0] = '\0';
			o = 0;
			w = 0;
		}
		if (o + strlen(item) + 3 >= LAYOUT_BAR)
			continue;
		o += (size_t)snprintf(lines[n] + o, LAYOUT_BAR - o, "%s%s",
		    w > 0 ? "  " : "", item);
		w += (w > 0 ? 2 : 0) + iw;
	}
	return n + 1;
}

double
layout_speed_step(double speed, int dir)
{
	static const double	 steps[] = { 0.1, 0.25, 0.5, 1, 2, 5, 10, 20,
	    50 };
	const int		 n = (int)(sizeof steps / sizeof steps[0]);
	int			 i;

	if (dir > 0) {
		for (i = 0; i < n; i++)
			if (steps[i] > speed + 1e-9)
				return steps[i];
		return steps[n - 1];
	}
	for (i = n - 1; i >= 0; i--)
		if (steps[i] < speed - 1e-9)
			return steps[i];
	return steps[0];
}
