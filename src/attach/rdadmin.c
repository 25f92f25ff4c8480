/*
 * rdadmin.c - consumer groups through librdkafka's Admin API (rdadmin.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librdkafka/rdkafka.h>

#include "attach/acked.h"
#include "attach/rdadmin.h"
#include "attach/rdclient.h"
#include "model/cproto.h"
#include "model/image.h"
#include "util/xmalloc.h"

/* librdkafka's group states are Kafka's; UNKNOWN has no isrlab name and
 * reads as Dead, as the tool reads an unknown group. */
static enum group_state
rdadmin_state(rd_kafka_consumer_group_state_t s)
{
	switch (s) {
	case RD_KAFKA_CONSUMER_GROUP_STATE_PREPARING_REBALANCE:
		return GROUP_PREPARING_REBALANCE;
	case RD_KAFKA_CONSUMER_GROUP_STATE_COMPLETING_REBALANCE:
		return GROUP_COMPLETING_REBALANCE;
	case RD_KAFKA_CONSUMER_GROUP_STATE_STABLE:
		return GROUP_STABLE;
	case RD_KAFKA_CONSUMER_GROUP_STATE_EMPTY:
		return GROUP_EMPTY;
	default:
		return GROUP_DEAD;
	}
}

static enum kerr
rdadmin_kerr(rd_kafka_resp_err_t err)
{
	if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
		return KERR_NONE;
	return err > 0 ? (enum kerr)err : KERR_TIMEOUT;
}

/* One admin request already made on rq: its result event (the caller
 * destroys it), or NULL with Kafka's error in *err (KERR_TIMEOUT when no
 * event came within timeout_ms) and its message in why (when not NULL);
 * o and rq are destroyed. */
static rd_kafka_event_t *
rdadmin_result(rd_kafka_queue_t *rq, rd_kafka_AdminOptions_t *o,
    int timeout_ms, enum kerr *err, char *why, size_t len)
{
	rd_kafka_event_t	*ev = rd_kafka_queue_poll(rq, timeout_ms + 1000);
	rd_kafka_resp_err_t	 rerr;

	*err = KERR_TIMEOUT;
	if (ev != NULL && (rerr = rd_kafka_event_error(ev)) !=
	    RD_KAFKA_RESP_ERR_NO_ERROR) {
		*err = rdadmin_kerr(rerr);
		if (why != NULL)
			snprintf(why, len, "%s",
			    rd_kafka_event_error_string(ev));
		rd_kafka_event_destroy(ev);
		ev = NULL;
	} else if (ev != NULL)
		*err = KERR_NONE;
	rd_kafka_AdminOptions_destroy(o);
	rd_kafka_queue_destroy(rq);
	return ev;
}

/* Admin options for op on rk with a request timeout. */
static rd_kafka_AdminOptions_t *
rdadmin_options(rd_kafka_t *rk, rd_kafka_admin_op_t op, int timeout_ms)
{
	rd_kafka_AdminOptions_t	*o = rd_kafka_AdminOptions_new(rk, op);
	char			 errstr[128];

	rd_kafka_AdminOptions_set_request_timeout(o, timeout_ms, errstr,
	    sizeof errstr);
	return o;
}

/* A config resource's own error, with its message in why. */
static enum kerr
rdadmin_resource_error(const rd_kafka_ConfigResource_t *r, char *why,
    size_t len)
{
	rd_kafka_resp_err_t	 rerr = rd_kafka_ConfigResource_error(r);
	const char		*msg = rd_kafka_ConfigResource_error_string(r);

	if (rerr != RD_KAFKA_RESP_ERR_NO_ERROR)
		snprintf(why, len, "%s", msg != NULL ? msg : "");
	return rdadmin_kerr(rerr);
}

static void
rdadmin_listings(struct gpayload *gp, rd_kafka_event_t *ev)
{
	const rd_kafka_ListConsumerGroups_result_t *res =
	    rd_kafka_event_ListConsumerGroups_result(ev);
	const rd_kafka_ConsumerGroupListing_t **v;
	size_t n, i;

	v = rd_kafka_ListConsumerGroups_result_valid(res, &n);
	gp->listings = xcalloc(n + 1, sizeof *gp->listings);
	for (i = 0; i < n; i++) {
		struct gp_listing *l = &gp->listings[gp->n_listings++];

		snprintf(l->group, sizeof l->group, "%s",
		    rd_kafka_ConsumerGroupListing_group_id(v[i]));
		snprintf(l->protocol_type, sizeof l->protocol_type, "%s",
		    rd_kafka_ConsumerGroupListing_is_simple_consumer_group(
		    v[i]) ? "" : "consumer");
		l->state = rdadmin_state(
		    rd_kafka_ConsumerGroupListing_state(v[i]));
	}
}

/* A member's partitions as the consumer protocol's assignment, by topic
 * in the order they come. */
static void
rdadmin_assignment(const rd_kafka_topic_partition_list_t *l,
    struct cbytes *out)
{
	struct cproto_topic	*t = NULL;
	int			 n = 0, i, k;

	for (i = 0; l != NULL && i < l->cnt; i++) {
		for (k = 0; k < n; k++)
			if (strcmp(t[k].name, l->elems[i].topic) == 0)
				break;
		if (k == n) {
			t = xreallocarray(t, (size_t)n + 1, sizeof *t);
			memset(&t[n], 0, sizeof t[n]);
			snprintf(t[n].name, sizeof t[n].name, "%s",
			    l->elems[i].topic);
			n++;
		}
		t[k].parts = xreallocarray(t[k].parts,
		    (size_t)t[k].n_parts + 1, sizeof *t[k].parts);
		t[k].parts[t[k].n_parts++] = l->elems[i].partition;
	}
	cproto_assignment_encode(t, n, out);
	cproto_topics_free(t, n);
}

static void
rdadmin_description(struct gpayload *gp, rd_kafka_event_t *ev,
    enum kerr *err)
{
	const rd_kafka_DescribeConsumerGroups_result_t *res =
	    rd_kafka_event_DescribeConsumerGroups_result(ev);
	const rd_kafka_ConsumerGroupDescription_t **v, *d;
	const rd_kafka_error_t *e;
	size_t n, i;

	v = rd_kafka_DescribeConsumerGroups_result_groups(res, &n);
	gp->state = GROUP_DEAD;
	if (n == 0)
		return;
	d = v[0];
	if ((e = rd_kafka_ConsumerGroupDescription_error(d)) != NULL) {
		*err = rdadmin_kerr(rd_kafka_error_code(e));
		return;
	}
	snprintf(gp->group, sizeof gp->group, "%s",
	    rd_kafka_ConsumerGroupDescription_group_id(d));
	snprintf(gp->protocol, sizeof gp->protocol, "%s",
	    rd_kafka_ConsumerGroupDescription_partition_assignor(d));
	gp->state = rdadmin_state(rd_kafka_ConsumerGroupDescription_state(d));
	n = rd_kafka_ConsumerGroupDescription_member_count(d);
	gp->members = xcalloc(n + 1, sizeof *gp->members);
	for (i = 0; i < n; i++) {
		const rd_kafka_MemberDescription_t *md =
		    rd_kafka_ConsumerGroupDescription_member(d, i);
		struct gp_member *m = &gp->members[gp->n_members++];
		const char *inst =
		    rd_kafka_MemberDescription_group_instance_id(md);

		snprintf(m->member_id, sizeof m->member_id, "%s",
		    rd_kafka_MemberDescription_consumer_id(md));
		snprintf(m->instance_id, sizeof m->instance_id, "%s",
		    inst != NULL ? inst : "");
		snprintf(m->client_id, sizeof m->client_id, "%s",
		    rd_kafka_MemberDescription_client_id(md));
		snprintf(m->host, sizeof m->host, "%s",
		    rd_kafka_MemberDescription_host(md));
		rdadmin_assignment(rd_kafka_MemberAssignment_partitions(
		    rd_kafka_MemberDescription_assignment(md)), &m->assign);
	}
}

static void
rdadmin_offsets(struct gpayload *gp, rd_kafka_event_t *ev,
    enum kerr *err)
{
	const rd_kafka_ListConsumerGroupOffsets_result_t *res =
	    rd_kafka_event_ListConsumerGroupOffsets_result(ev);
	const rd_kafka_group_result_t **v;
	const rd_kafka_topic_partition_list_t *l;
	const rd_kafka_error_t *e;
	size_t n;
	int i;

	v = rd_kafka_ListConsumerGroupOffsets_result_groups(res, &n);
	if (n == 0)
		return;
	if ((e = rd_kafka_group_result_error(v[0])) != NULL) {
		*err = rdadmin_kerr(rd_kafka_error_code(e));
		return;
	}
	l = rd_kafka_group_result_partitions(v[0]);
	gp->offsets = xcalloc((size_t)(l != NULL ? l->cnt : 0) + 1,
	    sizeof *gp->offsets);
	for (i = 0; l != NULL && i < l->cnt; i++) {
		struct gp_offset *o = &gp->offsets[gp->n_offsets++];

		snprintf(o->topic, sizeof o->topic, "%s", l->elems[i].topic);
		o->partition = l->elems[i].partition;
		/* RD_KAFKA_OFFSET_INVALID (-1001): none committed. */
		o->offset = l->elems[i].offset >= 0 ? l->elems[i].offset : -1;
		o->leader_epoch = -1;
		o->error = rdadmin_kerr(l->elems[i].err);
	}
}

struct gpayload *
rdadmin_group_query(const char *bootstrap, enum group_query q,
    const char *group, int timeout_ms, enum kerr *err)
{
	static const rd_kafka_admin_op_t op[] = {
		[GROUP_QUERY_LIST] = RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS,
		[GROUP_QUERY_DESCRIBE] =
		    RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS,
		[GROUP_QUERY_OFFSETS] =
		    RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS,
	};
	const char			*kv[] = { "client.id",
					    "isrlab-adminclient", NULL, NULL };
	rd_kafka_ListConsumerGroupOffsets_t *lo;
	rd_kafka_AdminOptions_t		*o;
	rd_kafka_queue_t		*rq;
	rd_kafka_event_t		*ev;
	rd_kafka_t			*rk;
	struct gpayload			*gp = NULL;

	*err = KERR_TIMEOUT;
	if ((rk = rdclient_new(RD_KAFKA_PRODUCER, bootstrap, kv, NULL)) ==
	    NULL)
		return NULL;
	rq = rd_kafka_queue_new(rk);
	o = rdadmin_options(rk, op[q], timeout_ms);
	switch (q) {
	case GROUP_QUERY_LIST:
		rd_kafka_ListConsumerGroups(rk, o, rq);
		break;
	case GROUP_QUERY_DESCRIBE:
		rd_kafka_DescribeConsumerGroups(rk, &group, 1, o, rq);
		break;
	case GROUP_QUERY_OFFSETS:
		lo = rd_kafka_ListConsumerGroupOffsets_new(group, NULL);
		rd_kafka_ListConsumerGroupOffsets(rk, &lo, 1, o, rq);
		rd_kafka_ListConsumerGroupOffsets_destroy(lo);
		break;
	}
	if ((ev = rdadmin_result(rq, o, timeout_ms, err, NULL, 0)) != NULL) {
		gp = gpayload_new();
		if (q == GROUP_QUERY_LIST)
			rdadmin_listings(gp, ev);
		else if (q == GROUP_QUERY_DESCRIBE)
			rdadmin_description(gp, ev, err);
		else
			rdadmin_offsets(gp, ev, err);
		if (*err != KERR_NONE) {
			gpayload_free(gp);
			gp = NULL;
		}
		rd_kafka_event_destroy(ev);
	}
	rd_kafka_destroy(rk);
	return gp;
}

static int
rdadmin_group_cmp(const void *a, const void *b)
{
	return strcmp(((const struct observed_group *)a)->group,
	    ((const struct observed_group *)b)->group);
}

int
rdadmin_groups(rd_kafka_t *rk, int timeout_ms, struct observed_group **out,
    int *n)
{
	const rd_kafka_ConsumerGroupListing_t		**l;
	const rd_kafka_ConsumerGroupDescription_t	**d;
	rd_kafka_AdminOptions_t				*o;
	rd_kafka_queue_t				*rq;
	rd_kafka_event_t				*ev;
	const char					**ids;
	enum kerr					 err;
	size_t						 nl, nd, i, k;

	*out = NULL;
	*n = 0;
	rq = rd_kafka_queue_new(rk);
	o = rdadmin_options(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS,
	    timeout_ms);
	rd_kafka_ListConsumerGroups(rk, o, rq);
	if ((ev = rdadmin_result(rq, o, timeout_ms, &err, NULL, 0)) == NULL)
		return -1;
	l = rd_kafka_ListConsumerGroups_result_valid(
	    rd_kafka_event_ListConsumerGroups_result(ev), &nl);
	if (nl == 0) {
		rd_kafka_event_destroy(ev);
		return 0;
	}
	ids = xcalloc(nl, sizeof *ids);
	for (i = 0; i < nl; i++)
		ids[i] = rd_kafka_ConsumerGroupListing_group_id(l[i]);
	rq = rd_kafka_queue_new(rk);
	o = rdadmin_options(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS,
	    timeout_ms);
	rd_kafka_DescribeConsumerGroups(rk, ids, nl, o, rq);
	free(ids);
	rd_kafka_event_destroy(ev);
	if ((ev = rdadmin_result(rq, o, timeout_ms, &err, NULL, 0)) == NULL)
		return -1;
	d = rd_kafka_DescribeConsumerGroups_result_groups(
	    rd_kafka_event_DescribeConsumerGroups_result(ev), &nd);
	*out = xcalloc(nd + 1, sizeof **out);
	for (i = 0; i < nd; i++) {
		struct observed_group *g;
		uint64_t h = 0;

		if (rd_kafka_ConsumerGroupDescription_error(d[i]) != NULL)
			continue;
		g = &(*out)[(*n)++];
		snprintf(g->group, sizeof g->group, "%s",
		    rd_kafka_ConsumerGroupDescription_group_id(d[i]));
		g->state = rdadmin_state(
		    rd_kafka_ConsumerGroupDescription_state(d[i]));
		g->n_members = (int)
		    rd_kafka_ConsumerGroupDescription_member_count(d[i]);
		/* The same members in any order: a sum of their hashes. */
		for (k = 0; k < (size_t)g->n_members; k++) {
			const char *id = rd_kafka_MemberDescription_consumer_id(
			    rd_kafka_ConsumerGroupDescription_member(d[i], k));

			h += acked_hash(NULL, 0, id, strlen(id));
		}
		g->members = h;
	}
	rd_kafka_event_destroy(ev);
	qsort(*out, (size_t)*n, sizeof **out, rdadmin_group_cmp);
	return 0;
}

/* DescribeConfigs of the resources of type restype named names[0..n) on
 * rk: the result event (the caller destroys it), or NULL when there was
 * none within timeout_ms or it failed. */
static rd_kafka_event_t *
rdadmin_describe_configs(rd_kafka_t *rk, rd_kafka_ResourceType_t restype,
    const char *const *names, size_t n, int timeout_ms)
{
	rd_kafka_ConfigResource_t	**res = xcalloc(n + 1, sizeof *res);
	rd_kafka_AdminOptions_t		 *o;
	rd_kafka_queue_t		 *rq = rd_kafka_queue_new(rk);
	rd_kafka_event_t		 *ev;
	enum kerr			  err;
	size_t				  i;

	for (i = 0; i < n; i++)
		res[i] = rd_kafka_ConfigResource_new(restype, names[i]);
	o = rdadmin_options(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeout_ms);
	rd_kafka_DescribeConfigs(rk, res, n, o, rq);
	ev = rdadmin_result(rq, o, timeout_ms, &err, NULL, 0);
	rd_kafka_ConfigResource_destroy_array(res, n);
	free(res);
	return ev;
}

void
rdadmin_topic_configs(rd_kafka_t *rk, struct image *im, int timeout_ms)
{
	const rd_kafka_ConfigResource_t	**got;
	const rd_kafka_ConfigEntry_t	**ent;
	const char			**names;
	rd_kafka_event_t		 *ev;
	struct topic_reg		 *t;
	const char			 *name, *value;
	size_t				  i, n, k, n_ent;

	if (im->n_topics == 0)
		return;
	names = xcalloc(im->n_topics, sizeof *names);
	for (i = 0; i < im->n_topics; i++)
		names[i] = im->topics[i].name;
	ev = rdadmin_describe_configs(rk, RD_KAFKA_RESOURCE_TOPIC, names,
	    im->n_topics, timeout_ms);
	free(names);
	if (ev == NULL)
		return;
	got = rd_kafka_DescribeConfigs_result_resources(
	    rd_kafka_event_DescribeConfigs_result(ev), &n);
	for (i = 0; i < n; i++) {
		if (rd_kafka_ConfigResource_error(got[i]) !=
		    RD_KAFKA_RESP_ERR_NO_ERROR ||
		    (t = image_topic(im, rd_kafka_ConfigResource_name(got[i])))
		    == NULL)
			continue;
		ent = rd_kafka_ConfigResource_configs(got[i], &n_ent);
		for (k = 0; k < n_ent; k++) {
			if (rd_kafka_ConfigEntry_source(ent[k]) !=
			    RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG ||
			    (value = rd_kafka_ConfigEntry_value(ent[k])) ==
			    NULL)
				continue;
			name = rd_kafka_ConfigEntry_name(ent[k]);
			if (strcmp(name, "min.insync.replicas") == 0)
				t->config.min_insync_replicas =
				    strtoll(value, NULL, 10);
			else if (strcmp(name,
			    "unclean.leader.election.enable") == 0)
				t->config.unclean_leader_election =
				    strcmp(value, "true") == 0;
		}
	}
	rd_kafka_event_destroy(ev);
}

enum kerr
rdadmin_alter_topic_config(const char *bootstrap, const char *topic,
    const char *key, const char *value, int timeout_ms, char *why,
    size_t len)
{
	const char			*kv[] = { "client.id", "adminclient-1",
					    NULL, NULL };
	const rd_kafka_ConfigResource_t	**got;
	const rd_kafka_ConfigEntry_t	**ent;
	rd_kafka_ConfigResource_t	*res;
	rd_kafka_AdminOptions_t		*o;
	rd_kafka_queue_t		*rq;
	rd_kafka_event_t		*ev;
	rd_kafka_t			*rk;
	enum kerr			 ke;
	size_t				 n, i;

	if ((rk = rdclient_new(RD_KAFKA_PRODUCER, bootstrap, kv, NULL)) ==
	    NULL)
		return KERR_NETWORK_EXCEPTION;
	/* AlterConfigs (librdkafka 2.0.2 has no incremental one) replaces
	 * the whole dynamic set: the ones there now go along unchanged, as
	 * kafka-configs.sh did before KIP-339 (ConfigCommand.alterConfig
	 * at 2.2: describe, add, alterConfigs). */
	if ((ev = rdadmin_describe_configs(rk, RD_KAFKA_RESOURCE_TOPIC,
	    &topic, 1, timeout_ms)) == NULL) {
		snprintf(why, len, "Timed out waiting for a node assignment. "
		    "Call: describeConfigs");
		rd_kafka_destroy(rk);
		return KERR_TIMEOUT;
	}
	got = rd_kafka_DescribeConfigs_result_resources(
	    rd_kafka_event_DescribeConfigs_result(ev), &n);
	if (n == 1 && (ke = rdadmin_resource_error(got[0], why, len)) !=
	    KERR_NONE) {
		rd_kafka_event_destroy(ev);
		rd_kafka_destroy(rk);
		return ke;
	}
	res = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic);
	ent = n == 1 ? rd_kafka_ConfigResource_configs(got[0], &n) : NULL;
	for (i = 0; ent != NULL && i < n; i++)
		if (rd_kafka_ConfigEntry_source(ent[i]) ==
		    RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG &&
		    strcmp(rd_kafka_ConfigEntry_name(ent[i]), key) != 0)
			rd_kafka_ConfigResource_set_config(res,
			    rd_kafka_ConfigEntry_name(ent[i]),
			    rd_kafka_ConfigEntry_value(ent[i]));
	rd_kafka_ConfigResource_set_config(res, key, value);
	rd_kafka_event_destroy(ev);

	rq = rd_kafka_queue_new(rk);
	o = rdadmin_options(rk, RD_KAFKA_ADMIN_OP_ALTERCONFIGS, timeout_ms);
	rd_kafka_AlterConfigs(rk, &res, 1, o, rq);
	if ((ev = rdadmin_result(rq, o, timeout_ms, &ke, why, len)) != NULL) {
		got = rd_kafka_AlterConfigs_result_resources(
		    rd_kafka_event_AlterConfigs_result(ev), &n);
		if (n == 1)
			ke = rdadmin_resource_error(got[0], why, len);
		rd_kafka_event_destroy(ev);
	} else if (ke == KERR_TIMEOUT)
		snprintf(why, len, "Timed out waiting for a node assignment. "
		    "Call: incrementalAlterConfigs");
	rd_kafka_ConfigResource_destroy(res);
	rd_kafka_destroy(rk);
	return ke;
}
