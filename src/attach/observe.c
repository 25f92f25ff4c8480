/*
 * observe.c - events from the difference of two polls (see observe.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "attach/observe.h"
#include "model/image.h"

bool
observe_broker_up(const struct snapshot *s, int b)
{
	return b >= 1 && b <= s->n_brokers &&
	    s->brokers[b].state != BROKER_DOWN;
}

/* Whether broker b is in the metadata s was built from. */
static bool
observe_broker_listed(const struct snapshot *s, int b)
{
	return b >= 1 && b <= s->n_brokers && !s->brokers[b].fenced;
}

static int
observe_bits(uint32_t x)
{
	int	n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
}

int
observe_pick_view(const uint32_t *alive, int n)
{
	int	i, j, best = -1, best_votes = 0, votes;

	for (i = 0; i < n; i++) {
		for (votes = 0, j = 0; j < n; j++)
			votes += alive[j] == alive[i];
		if (best < 0 || votes > best_votes ||
		    (votes == best_votes && observe_bits(alive[i]) <
		    observe_bits(alive[best]))) {
			best = i;
			best_votes = votes;
		}
	}
	return best;
}

static void
observe_brokers(const struct snapshot *old, const struct snapshot *new,
    int64_t now, struct evq *out)
{
	struct event	*ev;
	bool		 was, is, up;
	int		 b;

	for (b = 1; b <= new->n_brokers; b++) {
		was = observe_broker_listed(old, b);
		is = observe_broker_listed(new, b);
		up = observe_broker_up(new, b);
		if (was == is && (is || up == observe_broker_up(old, b)))
			continue;
		ev = evq_push(out, EV_NOTE, now);
		ev->broker = b;
		if (is)
			snprintf(ev->reason, sizeof ev->reason,
			    "observed: broker %d is back in the metadata", b);
		else if (up)
			snprintf(ev->reason, sizeof ev->reason, "observed: "
			    "broker %d is gone from the metadata but still "
			    "answers (fenced)", b);
		else if (was)
			snprintf(ev->reason, sizeof ev->reason,
			    "observed: broker %d is gone from the metadata", b);
		else
			snprintf(ev->reason, sizeof ev->reason,
			    "observed: broker %d no longer answers", b);
	}
}

static void
observe_topics(const struct snapshot *a, const struct snapshot *b,
    enum ev_type type, int64_t now, struct evq *out)
{
	struct event	*ev;
	size_t		 i;

	/* Topics in b that a does not have. */
	for (i = 0; i < b->ctrl_image.n_topics; i++) {
		const char *name = b->ctrl_image.topics[i].name;

		if (image_topic(&a->ctrl_image, name) != NULL)
			continue;
		ev = evq_push(out, type, now);
		snprintf(ev->topic, sizeof ev->topic, "%s", name);
		snprintf(ev->reason, sizeof ev->reason, "observed");
	}
}

static bool
observe_ids_equal(const int *a, int na, const int *b, int nb)
{
	return na == nb && memcmp(a, b, (size_t)na * sizeof *a) == 0;
}

static bool
observe_lost_member(const struct partition_reg *from,
    const struct partition_reg *to)
{
	int	i;

	for (i = 0; i < from->n_isr; i++)
		if (!preg_in_isr(to, from->isr[i]))
			return true;
	return false;
}

static void
observe_partition(const struct snap_partition *p,
    const struct partition_reg *from, int64_t now, struct evq *out)
{
	const struct partition_reg	*to = p->reg;
	struct event			*ev;
	enum ev_type			 type;

	if (from->leader != to->leader)
		type = EV_LEADER_CHANGE;
	else if (observe_ids_equal(from->isr, from->n_isr, to->isr,
	    to->n_isr))
		return;
	else
		type = observe_lost_member(from, to) ? EV_ISR_SHRINK :
		    EV_ISR_EXPAND;
	ev = evq_push(out, type, now);
	snprintf(ev->topic, sizeof ev->topic, "%s", p->topic);
	ev->partition = p->partition;
	ev->leader_from = from->leader;
	ev->leader_to = to->leader;
	/* Unknown from librdkafka's metadata: -1, printed "?". */
	ev->epoch_from = from->leader_epoch;
	ev->epoch_to = to->leader_epoch;
	memcpy(ev->isr_from, from->isr, sizeof ev->isr_from);
	ev->n_isr_from = from->n_isr;
	memcpy(ev->isr_to, to->isr, sizeof ev->isr_to);
	ev->n_isr_to = to->n_isr;
	/* Whether the new leader came from the ISR cannot be told from two
	 * polls (it may have joined the ISR in between): never claim
	 * UNCLEAN. */
	ev->clean = 1;
	snprintf(ev->reason, sizeof ev->reason, "observed");
}

/* One group's note: what changed from o (NULL: it appeared) to g (NULL:
 * it went). */
static void
observe_group_note(const struct observed_group *o,
    const struct observed_group *g, int64_t now, struct evq *out)
{
	struct event	*ev = evq_push(out, EV_NOTE, now);
	const char	*name = g != NULL ? g->group : o->group;

	if (o == NULL)
		snprintf(ev->reason, sizeof ev->reason, "observed: group %.60s: "
		    "%s, %d member(s)", name, group_state_name(g->state),
		    g->n_members);
	else if (g == NULL)
		snprintf(ev->reason, sizeof ev->reason, "observed: group %.60s: "
		    "gone", name);
	else if (o->state != g->state)
		snprintf(ev->reason, sizeof ev->reason, "observed: group %.60s: "
		    "%s -> %s, %d -> %d member(s)", name,
		    group_state_name(o->state), group_state_name(g->state),
		    o->n_members, g->n_members);
	else
		snprintf(ev->reason, sizeof ev->reason, "observed: group %.60s: "
		    "%s, %d -> %d member(s), members changed", name,
		    group_state_name(g->state), o->n_members, g->n_members);
}

void
observe_groups(const struct observed_group *old, int n_old,
    const struct observed_group *new, int n_new, int64_t now,
    struct evq *out)
{
	int	i = 0, j = 0, c;

	while (i < n_old || j < n_new) {
		c = i == n_old ? 1 : j == n_new ? -1 :
		    strcmp(old[i].group, new[j].group);
		if (c < 0)
			observe_group_note(&old[i++], NULL, now, out);
		else if (c > 0)
			observe_group_note(NULL, &new[j++], now, out);
		else {
			if (old[i].state != new[j].state ||
			    old[i].members != new[j].members)
				observe_group_note(&old[i], &new[j], now, out);
			i++;
			j++;
		}
	}
}

void
observe_diff(const struct snapshot *old, const struct snapshot *new,
    int64_t now, struct evq *out)
{
	const struct partition_reg	*from;
	size_t				 i;

	if (old == NULL)
		return;
	observe_brokers(old, new, now, out);
	observe_topics(old, new, EV_TOPIC_CREATED, now, out);
	observe_topics(new, old, EV_TOPIC_DELETED, now, out);
	for (i = 0; i < new->n_parts; i++) {
		const struct snap_partition *p = &new->parts[i];

		from = image_partition(&old->ctrl_image, p->topic,
		    p->partition);
		if (from != NULL)
			observe_partition(p, from, now, out);
	}
}
