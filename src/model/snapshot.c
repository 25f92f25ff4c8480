/*
 * snapshot.c - copying the cluster into a snapshot readers can keep.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "util/xmalloc.h"

static void
snapshot_metrics(struct snapshot *s, const struct controller *c,
    struct broker *const *brokers)
{
	struct snap_metrics *m = &s->metrics;
	size_t i;
	int b;

	memset(m, 0, sizeof *m);
	m->active_controllers = 1;
	m->leader_elections = c->leader_elections;
	m->unclean_elections = c->unclean_elections;
	for (b = 1; b <= s->n_brokers; b++) {
		m->isr_shrinks += brokers[b - 1]->metrics.isr_shrinks;
		m->isr_expands += brokers[b - 1]->metrics.isr_expands;
		if (s->ctrl_image.brokers[b].registered &&
		    s->ctrl_image.brokers[b].fenced)
			m->fenced_brokers++;
	}
	for (i = 0; i < s->n_parts; i++) {
		const struct snap_partition *p = &s->parts[i];
		const struct topic_reg *t = image_topic(&s->ctrl_image,
		    p->topic);
		int64_t min_isr = image_min_isr(&s->ctrl_image, t,
		    c->settings.min_insync_replicas);
		int r;

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

			if (!sr->present || sr->role != ROLE_FOLLOWER)
				continue;
			lag = p->hw - sr->leo;	/* leaderHW - fetchOffset */
			if (lag > m->max_lag)
				m->max_lag = lag;
		}
	}
}

void
snapshot_build(struct snapshot *s, int64_t now, const struct controller *c,
    struct broker *const *brokers, int n_brokers, const struct links *links)
{
	size_t ti, n = 0;
	int b, p;

	memset(s, 0, sizeof *s);
	s->now = now;
	s->n_brokers = n_brokers;
	image_copy(&s->ctrl_image, &c->image);
	s->links = *links;
	for (b = 1; b <= n_brokers; b++) {
		const struct broker *br = brokers[b - 1];
		struct snap_broker *sb = &s->brokers[b];

		sb->state = br->state;
		sb->fenced = c->image.brokers[b].fenced ||
		    !c->image.brokers[b].registered;
		sb->shutting_down = c->image.brokers[b].shutting_down;
		memcpy(sb->rack, br->rack, sizeof sb->rack);
		sb->incarnation = br->incarnation;
		image_copy(&sb->image, &br->image);
		sb->metrics = br->metrics;
	}

	for (ti = 0; ti < s->ctrl_image.n_topics; ti++)
		n += (size_t)s->ctrl_image.topics[ti].n_partitions;
	s->parts = xcalloc(n > 0 ? n : 1, sizeof *s->parts);
	for (ti = 0; ti < s->ctrl_image.n_topics; ti++) {
		const struct topic_reg *t = &s->ctrl_image.topics[ti];

		for (p = 0; p < t->n_partitions; p++) {
			struct snap_partition *sp = &s->parts[s->n_parts++];

			sp->topic = t->name;
			sp->partition = p;
			sp->reg = &t->parts[p];
			sp->hw = sp->leader_leo = -1;
			for (b = 1; b <= n_brokers; b++) {
				const struct replica *r = broker_replica(
				    brokers[b - 1], t->name, p);
				struct snap_replica *sr = &sp->replicas[b];


				if (r == NULL)
					continue;
				sr->present = true;
				sr->role = r->role;
				sr->leo = r->log.leo;
				sr->hw = r->hw;
				sr->log_start = r->log.log_start;
				sr->latest_epoch = plog_latest_epoch(&r->log);
				sr->caught_up_ms = -1;
				if (r->role == ROLE_LEADER &&
				    brokers[b - 1]->state != BROKER_DOWN)
					sp->leader_thinks[b] = true;
			}
			if (sp->reg->leader != ISR_NO_LEADER) {
				const struct replica *lr = broker_replica(
				    brokers[sp->reg->leader - 1], t->name, p);
				int f;

				if (lr != NULL && lr->role == ROLE_LEADER) {
					sp->hw = lr->hw;
					sp->leader_leo = lr->log.leo;
					for (f = 0; f < lr->n_followers; f++)
						sp->replicas[lr->followers[f]
						    .broker].caught_up_ms =
						    lr->followers[f]
						    .last_caught_up_ms;
				}
			}
		}
	}
	snapshot_metrics(s, c, brokers);
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
	size_t i;

	for (i = 0; i < s->n_parts; i++) {
		if (s->parts[i].partition == partition &&
		    strcmp(s->parts[i].topic, topic) == 0)
			return &s->parts[i];
	}
	return NULL;
}
