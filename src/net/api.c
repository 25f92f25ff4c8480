/*
 * api.c - the table of API handlers, and ApiVersions, which answers with
 * that table's ranges (request.c's request_apis[]).
 */
#include "config.h"

#include <stddef.h>

#include "net/api.h"

static const struct net_api *const net_apis[] = {
	&api_api_versions,
	&api_metadata,
	&api_produce,
	&api_fetch,
	&api_list_offsets,
	&api_offset_for_leader_epoch,
	&api_init_producer_id,
	&api_find_coordinator,
	&api_join_group,
	&api_sync_group,
	&api_heartbeat,
	&api_leave_group,
	&api_offset_commit,
	&api_offset_fetch,
	&api_describe_groups,
	&api_list_groups,
	&api_create_topics,
	&api_delete_topics,
	&api_describe_configs,
	&api_alter_configs,
	&api_incremental_alter_configs,
	&api_create_partitions,
	&api_elect_leaders,
};

const struct net_api *
net_api(int16_t key)
{
	size_t i;

	for (i = 0; i < sizeof net_apis / sizeof net_apis[0]; i++) {
		if (net_apis[i]->key == key)
			return request_api(key) != NULL ? net_apis[i] : NULL;
	}
	return NULL;
}

/* ApiVersionsResponse.json v0-2: ErrorCode, ApiKeys (key, min, max),
 * ThrottleTimeMs v1+.  A version above 2 gets the v0 layout with
 * UNSUPPORTED_VERSION and only ApiVersions' own range, so the client
 * retries with one isrlab knows (ApiVersionsRequest.getErrorResponse,
 * RequestContext.apiVersion at 3.7.0). */
static void
api_versions_handle(struct net_req *q, struct request *rq)
{
	const struct api_versions *self = request_api(API_API_VERSIONS);
	size_t i;
	int32_t n = 0;
	size_t at;

	(void)rq;
	if (q->h.version > self->max) {
		wr_i16(&q->out, 35);		/* UNSUPPORTED_VERSION */
		wr_i32(&q->out, 1);
		wr_i16(&q->out, self->key);
		wr_i16(&q->out, self->min);
		wr_i16(&q->out, self->max);
		net_req_done(q);
		return;
	}
	wr_i16(&q->out, 0);
	at = wr_hole(&q->out, 4);
	for (i = 0; i < request_n_apis; i++) {
		if (net_api(request_apis[i].key) == NULL)
			continue;
		wr_i16(&q->out, request_apis[i].key);
		wr_i16(&q->out, request_apis[i].min);
		wr_i16(&q->out, request_apis[i].max);
		n++;
	}
	wr_put_i32(&q->out, at, n);
	if (q->h.version >= 1)
		wr_i32(&q->out, 0);		/* ThrottleTimeMs */
	net_req_done(q);
}

const struct net_api api_api_versions = {
	.key = API_API_VERSIONS,
	.handle = api_versions_handle,
};

void
api_write_broker(struct net_broker *nb, struct wr *w, int b, bool with_rack)
{
	const struct broker_reg *reg = &nb->br->image.brokers[b];

	wr_i32(w, b);
	wr_string(w, "localhost");
	wr_i32(w, nb->net->b[b].port);
	if (with_rack)
		wr_string(w, reg->rack[0] != '\0' ? reg->rack : NULL);
}

struct replica *
api_leader_replica(struct net_broker *nb, const struct req_topic *t,
    int32_t partition, int32_t current_epoch, int16_t *err)
{
	struct replica *r;

	*err = KERR_NONE;
	if (t->name_bad || image_partition(&nb->br->image, t->name,
	    partition) == NULL) {
		*err = KERR_UNKNOWN_TOPIC_OR_PARTITION;
		return NULL;
	}
	r = broker_replica(nb->br, t->name, partition);
	if (r == NULL)
		*err = KERR_NOT_LEADER_OR_FOLLOWER;
	else if (current_epoch >= 0 && current_epoch < r->leader_epoch)
		*err = KERR_FENCED_LEADER_EPOCH;
	else if (current_epoch > r->leader_epoch)
		*err = KERR_UNKNOWN_LEADER_EPOCH;
	else if (r->role != ROLE_LEADER)
		*err = KERR_NOT_LEADER_OR_FOLLOWER;
	return *err == KERR_NONE ? r : NULL;
}
