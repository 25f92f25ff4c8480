/*
 * snapshot.c - copying the cluster into a snapshot readers can keep.
 *
 * Two halves (see snapshot.h): the fill functions copy one live object
 * into a part on the object's own thread; assembly joins the parts into
 * partitions ordered as the controller's image orders them, moving the
 * parts' images into the snapshot so that nothing is copied twice.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "util/xmalloc.h"

void
snapshot_fill_broker(struct snap_broker_part *p, const struct broker *b)
{
	size_t i;
	int f;

	image_free(&p->b.image);
	memset(&p->b, 0, sizeof p->b);
	p->b.state = b->state;
	p->b.serving = b->serving;
	memcpy(p->b.rack, b->rack, sizeof p->b.rack);
	p->b.incarnation = b->incarnation;
	image_copy(&p->b.image, &b->image);
	p->b.metrics = b->metrics;

	if (p->cap_replicas < broker_n_replicas(b)) {
		p->cap_replicas = broker_n_replicas(b);
		p->replicas = xreallocarray(p->replicas, p->cap_replicas,
		    sizeof *p->replicas);
	}
	p->n_replicas = broker_n_replicas(b);
	for (i = 0; i < p->n_replicas; i++) {
		const struct replica *r = broker_replica_at(b, i);
		struct snap_part_replica *pr = &p->replicas[i];

		memcpy(pr->topic, r->topic, strlen(r->topic) + 1);
		pr->partition = r->partition;
		memset(&pr->r, 0, sizeof pr->r);
		pr->r.present = true;
		pr->r.role = r->role;
		pr->r.leo = r->log.leo;
		pr->r.hw = r->hw;
		pr->r.log_start = r->log.log_start;
		pr->r.latest_epoch = plog_latest_epoch(&r->log);
		pr->r.caught_up_ms = -1;
		pr->n_followers = r->role == ROLE_LEADER ? r->n_followers : 0;
		for (f = 0; f < pr->n_followers; f++) {
			pr->follower_broker[f] = r->followers[f].broker;
			pr->follower_caught_up_ms[f] =
			    r->followers[f].last_caught_up_ms;
		}
	}
}

void
snapshot_broker_part_copy(struct snap_broker_part *dst,
    const struct snap_broker_part *src)
{
	image_free(&dst->b.image);
	dst->b = src->b;
	image_copy(&dst->b.image, &src->b.image);
	if (dst->cap_replicas < src->n_replicas) {
		dst->cap_replicas = src->n_replicas;
		dst->replicas = xreallocarray(dst->replicas, dst->cap_replicas,
		    sizeof *dst->replicas);
	}
	dst->n_replicas = src->n_replicas;
	if (src->n_replicas > 0)
		memcpy(dst->replicas, src->replicas,
		    src->n_replicas * sizeof *src->replicas);
}

void
snapshot_broker_part_free(struct snap_broker_part *p)
{
	image_free(&p->b.image);
	free(p->replicas);
	memset(p, 0, sizeof *p);
}

void
snapshot_fill_controller(struct snap_ctrl_part *p, const struct controller *c)
{
	image_free(&p->image);
	image_copy(&p->image, &c->image);
	p->leader_elections = c->leader_elections;
	p->unclean_elections = c->unclean_elections;
	p->min_insync_replicas = c->settings.min_insync_replicas;
}

void
snapshot_ctrl_part_copy(struct snap_ctrl_part *dst,
    const struct snap_ctrl_part *src)
{
	image_free(&dst->image);
	*dst = *src;
	image_copy(&dst->image, &src->image);
}

void
snapshot_ctrl_part_free(struct snap_ctrl_part *p)
{
	image_free(&p->image);
	memset(p, 0, sizeof *p);
}

static void
snapshot_metrics(struct snapshot *s, const struct snap_ctrl_part *c)
{
	struct snap_metrics *m = &s->metrics;
	size_t i;
	int b;

	memset(m, 0, sizeof *m);
	/* zk: a broker holds /controller, or none does between them. */
	m->active_controllers = profile_get(s->ctrl_image.profile)->zookeeper ?
	    s->ctrl_image.controller != 0 : 1;
	m->leader_elections = c->leader_elections;
	m->unclean_elections = c->unclean_elections;
	for (b = 1; b <= s->n_brokers; b++) {
		m->isr_shrinks += s->brokers[b].metrics.isr_shrinks;
		m->isr_expands += s->brokers[b].metrics.isr_expands;
		if (s->ctrl_image.brokers[b].registered &&
		    s->ctrl_image.brokers[b].fenced)
			m->fenced_brokers++;
	}
	for (i = 0; i < s->n_parts; i++) {
		const struct snap_partition *p = &s->parts[i];
		const struct topic_reg *t = image_topic(&s->ctrl_image,
		    p->topic);
		int64_t min_isr = image_min_isr(&s->ctrl_image, t,
		    c->min_insync_replicas);
		int r;

		if (p->reg->leader != ISR_NO_LEADER)
			s->brokers[p->reg->leader].leader_count++;
		if (p->reg->leader == ISR_NO_LEADER) {
			m->offline++;
			continue;
		}
		if (p->reg->n_isr < p->reg->n_replicas)
			m->under_replicated++;
		if (p->reg->n_isr < min_isr)
			m->under_min_isr++;
		if (p->reg->leader != p->reg->replicas[0])
			m->preferred_imbalance++;
		for (r = 0; r < p->reg->n_replicas; r++) {
			const struct snap_replica *sr =
			    &p->replicas[p->reg->replicas[r]];
			int64_t lag;

			/* leo -1: unknown (attach mode sees no replica's
			 * log end). */
			if (!sr->present || sr->role != ROLE_FOLLOWER ||
			    sr->leo < 0 || p->hw < 0)
				continue;
			lag = p->hw - sr->leo;	/* leaderHW - fetchOffset */
			if (lag > m->max_lag)
				m->max_lag = lag;
		}
	}
}

void
snapshot_assemble(struct snapshot *s, int64_t now, struct snap_ctrl_part *c,
    struct snap_broker_part *const *parts, int n_brokers,
    const struct links *links)
{
	const struct snap_part_replica **leaders;
	size_t ti, n = 0, i, *base;
	int b, p;

	memset(s, 0, sizeof *s);
	s->now = now;
	s->n_brokers = n_brokers;
	s->ctrl_image = c->image;		/* moved */
	image_init(&c->image);
	s->links = *links;
	for (b = 1; b <= n_brokers; b++) {
		struct snap_broker_part *bp = parts[b - 1];
		struct snap_broker *sb = &s->brokers[b];

		*sb = bp->b;			/* image moved */
		image_init(&bp->b.image);
		sb->fenced = s->ctrl_image.brokers[b].fenced ||
		    !s->ctrl_image.brokers[b].registered;
		sb->shutting_down = s->ctrl_image.brokers[b].shutting_down;
	}

	/* One pass over each broker's replicas, each placed by its topic's
	 * first index in s->parts (topics in image order) plus its
	 * partition, so assembly stays linear in partitions. */
	base = xreallocarray(NULL, s->ctrl_image.n_topics + 1, sizeof *base);
	for (ti = 0; ti < s->ctrl_image.n_topics; ti++) {
		base[ti] = n;
		n += (size_t)s->ctrl_image.topics[ti].n_partitions;
	}
	s->parts = xcalloc(n > 0 ? n : 1, sizeof *s->parts);
	leaders = xcalloc(n > 0 ? n : 1, sizeof *leaders);
	for (ti = 0; ti < s->ctrl_image.n_topics; ti++) {
		const struct topic_reg *t = &s->ctrl_image.topics[ti];

		for (p = 0; p < t->n_partitions; p++) {
			struct snap_partition *sp = &s->parts[s->n_parts++];

			sp->topic = t->name;
			sp->partition = p;
			sp->reg = &t->parts[p];
			sp->hw = sp->leader_leo = -1;
		}
	}
	for (b = 1; b <= n_brokers; b++) {
		const struct snap_broker_part *bp = parts[b - 1];
		const struct topic_reg *t = NULL;

		for (i = 0; i < bp->n_replicas; i++) {
			const struct snap_part_replica *r = &bp->replicas[i];
			struct snap_partition *sp;
			size_t at;

			/* A broker's replicas of a topic mostly come one
			 * after another: the last topic is tried first. */
			if (t == NULL || strcmp(t->name, r->topic) != 0)
				t = image_topic(&s->ctrl_image, r->topic);

			if (t == NULL || r->partition < 0 ||
			    r->partition >= t->n_partitions)
				continue;
			at = base[t - s->ctrl_image.topics] +
			    (size_t)r->partition;
			sp = &s->parts[at];
			sp->replicas[b] = r->r;
			if (r->r.role == ROLE_LEADER &&
			    bp->b.state != BROKER_DOWN)
				sp->leader_thinks[b] = true;
			if (sp->reg->leader == b)
				leaders[at] = r;
		}
	}
	/* The leader's own view: HW, LEO and when each follower last
	 * caught up (after every replica is in place). */
	for (i = 0; i < n; i++) {
		struct snap_partition *sp = &s->parts[i];
		const struct snap_part_replica *lr = leaders[i];
		int f;

		if (lr == NULL || lr->r.role != ROLE_LEADER)
			continue;
		sp->hw = lr->r.hw;
		sp->leader_leo = lr->r.leo;
		for (f = 0; f < lr->n_followers; f++)
			sp->replicas[lr->follower_broker[f]].caught_up_ms =
			    lr->follower_caught_up_ms[f];
	}
	free(leaders);
	free(base);
	snapshot_metrics(s, c);
}

void
snapshot_build(struct snapshot *s, int64_t now, const struct controller *c,
    struct broker *const *brokers, int n_brokers, const struct links *links)
{
	struct snap_ctrl_part cp = { 0 };
	struct snap_broker_part bp[ISR_MAX_BROKERS];
	struct snap_broker_part *pp[ISR_MAX_BROKERS] = { 0 };
	int b;

	memset(bp, 0, sizeof bp);
	snapshot_fill_controller(&cp, c);
	for (b = 0; b < n_brokers; b++) {
		snapshot_fill_broker(&bp[b], brokers[b]);
		pp[b] = &bp[b];
	}
	snapshot_assemble(s, now, &cp, pp, n_brokers, links);
	for (b = 0; b < n_brokers; b++)
		snapshot_broker_part_free(&bp[b]);
	snapshot_ctrl_part_free(&cp);
}

void
snapshot_free(struct snapshot *s)
{
	int b;

	for (b = 1; b <= s->n_brokers; b++)
		image_free(&s->brokers[b].image);
	image_free(&s->ctrl_image);
	free(s->parts);
	memset(s, 0, sizeof *s);
}

const struct snap_partition *
snapshot_partition(const struct snapshot *s, const char *topic,
    int partition)
{
	size_t lo = 0, hi = s->n_parts;

	/* Parts are in the image's topic order (by name), then partition. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s->parts[mid].topic, topic);

		if (c == 0)
			c = s->parts[mid].partition < partition ? -1 :
			    s->parts[mid].partition > partition;
		if (c == 0)
			return &s->parts[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
snapshot_wire_clients(const struct snapshot *s)
{
	int b, n = 0;

	for (b = 1; b <= s->n_brokers; b++)
		n += s->brokers[b].wire_clients;
	return n;
}
