/*
 * image.c - replaying metadata records into an image.
 *
 * Every image (the controller's, each broker's, the invariant checker's
 * shadow) is built only by image_apply, so the asserts there name what
 * the metadata may never say: a registration with the leader outside the
 * ISR, an ISR outside the replicas or empty, a leader epoch that goes
 * back.  They hold by construction (controller.c's partition_change); an
 * assert firing means a bug upstream, caught at the record that carries
 * it.
 */
#include "config.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/image.h"
#include "util/xmalloc.h"

void
image_init(struct image *im)
{
	memset(im, 0, sizeof *im);
	im->offset = -1;
	im->profile = KAFKA_PROFILE_DEFAULT;
	im->overrides.min_insync_replicas = -1;
	im->overrides.unclean_leader_election = -1;
}

static void
topic_free(struct topic_reg *t)
{
	free(t->parts);
}

void
image_free(struct image *im)
{
	size_t i;

	enum kafka_profile profile = im->profile;

	for (i = 0; i < im->n_topics; i++)
		topic_free(&im->topics[i]);
	free(im->topics);
	/* Empty again, but still of its cluster: a restarted broker's
	 * image keeps the profile. */
	image_init(im);
	im->profile = profile;
}

void
image_copy(struct image *dst, const struct image *src)
{
	size_t i;

	*dst = *src;
	dst->topics = NULL;
	if (src->n_topics == 0)
		return;
	dst->topics = xreallocarray(NULL, src->n_topics, sizeof *dst->topics);
	for (i = 0; i < src->n_topics; i++) {
		const struct topic_reg *t = &src->topics[i];

		dst->topics[i] = *t;
		dst->topics[i].parts = xreallocarray(NULL,
		    (size_t)t->n_partitions, sizeof *t->parts);
		memcpy(dst->topics[i].parts, t->parts,
		    (size_t)t->n_partitions * sizeof *t->parts);
	}
}

struct topic_reg *
image_topic(const struct image *im, const char *name)
{
	size_t lo = 0, hi = im->n_topics;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(im->topics[mid].name, name);

		if (c == 0)
			return &im->topics[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct partition_reg *
image_partition(const struct image *im, const char *topic, int partition)
{
	struct topic_reg *t = image_topic(im, topic);

	if (t == NULL || partition < 0 || partition >= t->n_partitions)
		return NULL;
	return &t->parts[partition];
}

static void
image_add_topic(struct image *im, const struct mrec *r)
{
	size_t at = 0;
	struct topic_reg *t;

	while (at < im->n_topics && strcmp(im->topics[at].name, r->topic) < 0)
		at++;
	im->topics = xreallocarray(im->topics, im->n_topics + 1,
	    sizeof *im->topics);
	memmove(&im->topics[at + 1], &im->topics[at],
	    (im->n_topics - at) * sizeof *im->topics);
	im->n_topics++;
	t = &im->topics[at];
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", r->topic);
	memcpy(t->id, r->topic_id, sizeof t->id);
	t->config = r->tconfig;
	t->n_partitions = r->n_partitions;
	t->parts = xreallocarray(NULL, (size_t)r->n_partitions,
	    sizeof *t->parts);
	memcpy(t->parts, r->parts, (size_t)r->n_partitions * sizeof *t->parts);
}

static void
image_remove_topic(struct image *im, const char *name)
{
	struct topic_reg *t = image_topic(im, name);
	size_t at;

	if (t == NULL)
		return;
	at = (size_t)(t - im->topics);
	topic_free(t);
	memmove(&im->topics[at], &im->topics[at + 1],
	    (im->n_topics - at - 1) * sizeof *im->topics);
	im->n_topics--;
}

/* DESIGN.md invariant 2 for one registration: replicas distinct, ISR
 * non-empty (empty allowed only under ELR, and then only leaderless),
 * distinct and within the replicas, leader in the ISR when there is one;
 * the ELR within the replicas and apart from the ISR; epochs start at 0. */
static void
preg_assert_valid(const struct image *im, const struct partition_reg *p)
{
	int i;

	assert(p->n_replicas >= 1 && p->n_replicas <= ISR_MAX_REPLICAS);
	for (i = 0; i < p->n_replicas; i++)
		assert(!ids_contains(p->replicas, i, p->replicas[i]));
	assert(p->n_isr >= (profile_get(im->profile)->elr ? 0 : 1) &&
	    p->n_isr <= p->n_replicas);
	for (i = 0; i < p->n_isr; i++) {
		assert(preg_in_replicas(p, p->isr[i]));
		assert(!ids_contains(p->isr, i, p->isr[i]));
	}
	for (i = 0; i < p->n_elr; i++) {
		assert(preg_in_replicas(p, p->elr[i]));
		assert(!preg_in_isr(p, p->elr[i]));
	}
	assert(p->leader == ISR_NO_LEADER || preg_in_isr(p, p->leader));
	assert(p->leader_epoch >= 0 && p->partition_epoch >= 0);
}

/* A partition's registration replaced by the next: every change bumps
 * the partition epoch, the leader epoch never goes back, and a new
 * leader always comes with a new leader epoch (invariant 1: one leader
 * per epoch). */
static void
preg_assert_change(const struct image *im, const struct partition_reg *old,
    const struct partition_reg *nw)
{
	preg_assert_valid(im, nw);
	assert(nw->partition_epoch > old->partition_epoch);
	assert(nw->leader_epoch >= old->leader_epoch);
	assert(nw->leader == old->leader ||
	    nw->leader_epoch > old->leader_epoch);
}

void
image_apply(struct image *im, const struct mrec *r)
{
	struct topic_reg *t;
	struct partition_reg *p;
	int i;

	/* The metadata log is replayed in order, without gaps. */
	assert(r->offset == im->offset + 1);
	im->offset = r->offset;
	switch (r->type) {
	case MREC_BROKER:
		im->brokers[r->broker] = r->breg;
		break;
	case MREC_TOPIC:
		for (i = 0; i < r->n_partitions; i++)
			preg_assert_valid(im, &r->parts[i]);
		image_remove_topic(im, r->topic);
		image_add_topic(im, r);
		break;
	case MREC_PARTITION:
		p = image_partition(im, r->topic, r->partition);
		t = image_topic(im, r->topic);
		if (p != NULL) {
			preg_assert_change(im, p, &r->preg);
			*p = r->preg;
		} else if (t != NULL && r->partition == t->n_partitions) {
			/* A partition added (CreatePartitions), as KRaft's
			 * PartitionRecord of a new partition id. */
			preg_assert_valid(im, &r->preg);
			t->parts = xreallocarray(t->parts,
			    (size_t)t->n_partitions + 1, sizeof *t->parts);
			t->parts[t->n_partitions++] = r->preg;
		}
		break;
	case MREC_TOPIC_CONFIG:
		t = image_topic(im, r->topic);
		if (t != NULL)
			t->config = r->tconfig;
		break;
	case MREC_BROKER_CONFIG:
		im->overrides = r->overrides;
		break;
	case MREC_REMOVE_TOPIC:
		image_remove_topic(im, r->topic);
		break;
	case MREC_CONTROLLER:
		im->controller = r->broker;
		break;
	}
}

int64_t
image_topic_config_get(const struct topic_config *c, const char *key)
{
	if (strcmp(key, "min.insync.replicas") == 0)
		return c->min_insync_replicas;
	if (strcmp(key, "unclean.leader.election.enable") == 0)
		return c->unclean_leader_election;
	if (strcmp(key, "isrlab.log.retention.records") == 0)
		return c->retention_records;
	return -1;
}

int64_t
image_override_get(const struct broker_overrides *o, const char *key)
{
	if (strcmp(key, "min.insync.replicas") == 0)
		return o->min_insync_replicas;
	if (strcmp(key, "unclean.leader.election.enable") == 0)
		return o->unclean_leader_election;
	return -1;
}

int64_t
image_min_isr(const struct image *im, const struct topic_reg *t, int64_t dflt)
{
	if (t != NULL && t->config.min_insync_replicas >= 0)
		return t->config.min_insync_replicas;
	if (im->overrides.min_insync_replicas >= 0)
		return im->overrides.min_insync_replicas;
	return dflt;
}

bool
image_unclean(const struct image *im, const struct topic_reg *t, bool dflt)
{
	if (t != NULL && t->config.unclean_leader_election >= 0)
		return t->config.unclean_leader_election != 0;
	if (im->overrides.unclean_leader_election >= 0)
		return im->overrides.unclean_leader_election != 0;
	return dflt;
}

bool
image_broker_active(const struct image *im, int b)
{
	const struct broker_reg *r;

	if (b < 1 || b >= ISR_NODES)
		return false;
	r = &im->brokers[b];
	return r->registered && !r->fenced && !r->shutting_down;
}

bool
ids_contains(const int *ids, int n, int b)
{
	int i;

	for (i = 0; i < n; i++) {
		if (ids[i] == b)
			return true;
	}
	return false;
}

bool
preg_in_isr(const struct partition_reg *p, int b)
{
	return ids_contains(p->isr, p->n_isr, b);
}

bool
preg_in_replicas(const struct partition_reg *p, int b)
{
	return ids_contains(p->replicas, p->n_replicas, b);
}

void
ids_format(const int *ids, int n, char *buf, size_t len)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n && used < len; i++) {
		int w = snprintf(buf + used, len - used, "%s%d", i ? "," : "",
		    ids[i]);

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

void
mrec_copy(struct mrec *dst, const struct mrec *src)
{
	*dst = *src;
	if (src->type == MREC_TOPIC && src->n_partitions > 0) {
		dst->parts = xreallocarray(NULL, (size_t)src->n_partitions,
		    sizeof *dst->parts);
		memcpy(dst->parts, src->parts,
		    (size_t)src->n_partitions * sizeof *dst->parts);
	} else
		dst->parts = NULL;
}

void
mrec_free(struct mrec *r)
{
	free(r->parts);
	r->parts = NULL;
}
