/*
 * api-delete-topics.c - DeleteTopics v1-3 (DeleteTopicsRequest.json /
 * ...Response.json at 3.7.0), answered by the controller as
 * kafka-topics.sh --delete is.  As ControllerApis.deleteTopics
 * (ControllerApis.scala:219-337 at 3.7.0): a name given twice is
 * INVALID_REQUEST, a topic that does not exist UNKNOWN_TOPIC_OR_PARTITION;
 * these versions carry no error message.
 */
#include "config.h"

#include <string.h>

#include "engine/admin.h"
#include "net/api.h"
#include "net/api-admin.h"

/* @thread controller */
static void
delete_topics_apply(struct controller *c, int64_t now, struct admin_job *j)
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
		if (r->name_bad) {
			api_admin_set(r, KERR_UNKNOWN_TOPIC_OR_PARTITION, NULL);
			continue;
		}
		memset(&ar, 0, sizeof ar);
		ar.kind = ADMIN_DELETE_TOPIC;
		ar.topic = r->name;
		api_admin_set(r, admin_apply(c, now, &ar, why, sizeof why),
		    why);
	}
}

/* @thread broker */
static void
delete_topics_write(struct net_req *q, const struct admin_job *j)
{
	size_t at;
	int i, n = 0;

	wr_i32(&q->out, 0);			/* ThrottleTimeMs */
	at = wr_hole(&q->out, 4);
	for (i = 0; i < j->n; i++) {
		if (!api_admin_first(j, i))
			continue;		/* a duplicate once */
		n++;
		wr_string(&q->out, j->res[i].name);
		wr_i16(&q->out, (int16_t)j->res[i].err);
	}
	wr_put_i32(&q->out, at, n);
}

static void
delete_topics_handle(struct net_req *q, struct request *rq)
{
	api_admin_post(api_admin_job(q, rq), delete_topics_apply,
	    delete_topics_write);
}

const struct net_api api_delete_topics = {
	.key = API_DELETE_TOPICS,
	.handle = delete_topics_handle,
};
