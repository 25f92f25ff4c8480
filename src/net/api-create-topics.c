/*
 * api-create-topics.c - CreateTopics v2-4 (CreateTopicsRequest.json /
 * ...Response.json at 3.7.0), answered by the controller as
 * kafka-topics.sh --create is: same placement, same errors.
 *
 * As ControllerApis.createTopics (ControllerApis.scala:387-447 at 3.7.0):
 * a name given twice is INVALID_REQUEST "Duplicate topic name.", listed
 * after the others; NumPartitions and ReplicationFactor -1 take the
 * brokers' num.partitions and default.replication.factor, 1 each
 * (ReplicationControlManager.java:737-740); validateOnly checks and
 * writes nothing.  Manual replica assignments are refused as the
 * console's --replica-assignment is: isrlab places replicas as Kafka's
 * placer does.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "engine/admin.h"
#include "net/api.h"
#include "net/api-admin.h"
#include "util/xmalloc.h"

/* num.partitions and default.replication.factor (KafkaConfig at 3.7.0). */
#define CREATE_DEFAULT_PARTITIONS 1
#define CREATE_DEFAULT_RF 1

/* @thread controller */
static void
create_topics_apply(struct controller *c, int64_t now, struct admin_job *j)
{
	struct topic_config_kv *kv;
	struct admin_req ar;
	char why[256];
	int i, k;

	for (i = 0; i < j->n; i++) {
		struct admin_res *r = &j->res[i];

		if (api_admin_duplicate(j, i)) {
			api_admin_set(r, KERR_INVALID_REQUEST,
			    "Duplicate topic name.");
			continue;
		}
		if (r->n_assignments > 0) {
			api_admin_set(r, KERR_INVALID_REPLICA_ASSIGNMENT,
			    "isrlab places replicas as Kafka's replica placer "
			    "does; manual replica assignments are not "
			    "supported");
			continue;
		}
		if (r->name_bad) {
			api_admin_set(r, KERR_INVALID_TOPIC_EXCEPTION, NULL);
			continue;
		}
		kv = xcalloc((size_t)r->n_cfg + 1, sizeof *kv);
		for (k = 0; k < r->n_cfg; k++) {
			kv[k].key = r->cfg[k].key;
			kv[k].value = r->cfg[k].value;
		}
		memset(&ar, 0, sizeof ar);
		ar.kind = ADMIN_CREATE_TOPIC;
		ar.topic = r->name;
		ar.partitions = r->count == -1 ? CREATE_DEFAULT_PARTITIONS :
		    r->count;
		ar.replication_factor = r->rf == -1 ? CREATE_DEFAULT_RF :
		    r->rf;
		ar.configs = kv;
		ar.n_configs = r->n_cfg;
		ar.validate_only = j->validate_only;
		api_admin_set(r, admin_apply(c, now, &ar, why, sizeof why),
		    why);
		free(kv);
	}
}

/* @thread broker */
static void
create_topics_write(struct net_req *q, const struct admin_job *j)
{
	size_t at;
	int i, n = 0;

	wr_i32(&q->out, 0);			/* ThrottleTimeMs */
	at = wr_hole(&q->out, 4);
	for (i = 0; i < j->n; i++) {
		const struct admin_res *r = &j->res[i];

		/* A duplicate once, after the others. */
		if (api_admin_duplicate(j, i))
			continue;
		wr_string(&q->out, r->name);
		api_admin_write_error(&q->out, r);
		n++;
	}
	for (i = 0; i < j->n; i++) {
		if (!api_admin_duplicate(j, i) || !api_admin_first(j, i))
			continue;
		wr_string(&q->out, j->res[i].name);
		api_admin_write_error(&q->out, &j->res[i]);
		n++;
	}
	wr_put_i32(&q->out, at, n);
}

static void
create_topics_handle(struct net_req *q, struct request *rq)
{
	api_admin_post(api_admin_job(q, rq), create_topics_apply,
	    create_topics_write);
}

const struct net_api api_create_topics = {
	.key = API_CREATE_TOPICS,
	.handle = create_topics_handle,
};
