/*
 * api-create-partitions.c - CreatePartitions v0-1
 * (CreatePartitionsRequest.json / ...Response.json at 3.7.0), answered by
 * the controller: the new partitions are placed as a new topic's are.
 *
 * As ControllerApis.createPartitions (ControllerApis.scala:788-850 at
 * 3.7.0) and ReplicationControlManager.createPartitions (:1656-1760): a
 * name given twice is INVALID_REQUEST "Duplicate topic name.", an unknown
 * topic UNKNOWN_TOPIC_OR_PARTITION, a count that is no increase
 * INVALID_PARTITIONS; ValidateOnly checks only.  Manual assignments are
 * refused as CreateTopics' are.
 */
#include "config.h"

#include <string.h>

#include "engine/admin.h"
#include "net/api.h"
#include "net/api-admin.h"

/* @thread controller */
static void
create_partitions_apply(struct controller *c, int64_t now,
    struct admin_job *j)
{
	struct admin_req ar;
	char why[256];
	int i;

	for (i = 0; i < j->n; i++) {
		struct admin_res *r = &j->res[i];

		if (api_admin_duplicate(j, i)) {
			api_admin_set(r, KERR_INVALID_REQUEST,
			    "Duplicate topic name.");
			continue;
		}
		if (r->n_assignments >= 0) {
			api_admin_set(r, KERR_INVALID_REPLICA_ASSIGNMENT,
			    "isrlab places replicas as Kafka's replica placer "
			    "does; manual replica assignments are not "
			    "supported");
			continue;
		}
		if (r->name_bad) {
			api_admin_set(r, KERR_UNKNOWN_TOPIC_OR_PARTITION, NULL);
			continue;
		}
		memset(&ar, 0, sizeof ar);
		ar.kind = ADMIN_CREATE_PARTITIONS;
		ar.topic = r->name;
		ar.partitions = r->count;
		ar.validate_only = j->validate_only;
		api_admin_set(r, admin_apply(c, now, &ar, why, sizeof why),
		    why);
	}
}

/* CreatePartitionsResponse.json v0-1: per topic Name, ErrorCode,
 * ErrorMessage; a duplicate once.  @thread broker */
static void
create_partitions_write(struct net_req *q, const struct admin_job *j)
{
	size_t at;
	int i, n = 0;

	wr_i32(&q->out, 0);			/* ThrottleTimeMs */
	at = wr_hole(&q->out, 4);
	for (i = 0; i < j->n; i++) {
		if (!api_admin_first(j, i))
			continue;
		wr_string(&q->out, j->res[i].name);
		api_admin_write_error(&q->out, &j->res[i]);
		n++;
	}
	wr_put_i32(&q->out, at, n);
}

static void
create_partitions_handle(struct net_req *q, struct request *rq)
{
	api_admin_post(api_admin_job(q, rq), create_partitions_apply,
	    create_partitions_write);
}

const struct net_api api_create_partitions = {
	.key = API_CREATE_PARTITIONS,
	.handle = create_partitions_handle,
};
