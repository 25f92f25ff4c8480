/*
 * api-metadata.c - Metadata v0-8 (MetadataResponse.json at 3.7.0),
 * answered from the broker's own metadata image as KRaftMetadataCache
 * does (core/src/main/scala/kafka/server/metadata/KRaftMetadataCache.scala
 * at 3.7.0): so a broker cut off from the controller answers with what it
 * last knew, as a real one would.
 *
 *  - Brokers: every registered, unfenced broker (getAliveBrokerNodes,
 *    :229-232), at localhost and its listener's port.
 *  - ControllerId v1+: KRaft names a random alive broker, since clients
 *    cannot reach the controller (KIP-590, :299-318); isrlab names the
 *    lowest alive one, so that runs repeat.  In ZooKeeper mode (the zk
 *    profile) it is the broker holding /controller as this broker last
 *    heard it, -1 when none (KafkaApis.scala:1393-1406 at 3.7.0,
 *    ZkCachedControllerId).
 *  - Per partition (getPartitionMetadata, :85-140): LEADER_NOT_AVAILABLE
 *    and leader -1 when there is none; replicas and ISR as registered,
 *    except that v0 lists only alive ones and says REPLICA_NOT_AVAILABLE
 *    when some are left out; OfflineReplicas v5+ are the replicas on
 *    fenced or unknown brokers (:143-160).
 *  - Unknown topics: UNKNOWN_TOPIC_OR_PARTITION (isrlab never
 *    auto-creates topics); names that cannot be topics:
 *    INVALID_TOPIC_EXCEPTION.
 */
#include "config.h"

#include <string.h>

#include "model/group.h"
#include "model/profile.h"
#include "net/api.h"

#define KERR_REPLICA_NOT_AVAILABLE 9
#define ISRLAB_CLUSTER_ID "aXNybGFiLWxhYi0wMDAwMQ"	/* 22 chars */

static bool
alive(const struct image *im, int b)
{
	return b >= 1 && b <= ISR_MAX_BROKERS && im->brokers[b].registered &&
	    !im->brokers[b].fenced;
}

/* An int32 array of ids; with only_alive, the alive ones.  Returns how
 * many were left out. */
static int
write_ids(struct wr *w, const struct image *im, const int *ids, int n,
    bool only_alive)
{
	size_t at = wr_hole(w, 4);
	int i, kept = 0;

	for (i = 0; i < n; i++) {
		if (only_alive && !alive(im, ids[i]))
			continue;
		wr_i32(w, ids[i]);
		kept++;
	}
	wr_put_i32(w, at, kept);
	return n - kept;
}

static void
write_topic(struct net_req *q, const struct image *im, const char *name,
    bool name_bad)
{
	struct wr *w = &q->out;
	int16_t v = q->h.version;
	const struct topic_reg *t = name_bad ? NULL : image_topic(im, name);
	int i;

	wr_i16(w, name_bad ? 17 :
	    t == NULL ? 3 : 0);
	wr_string(w, name);
	if (v >= 1)
		wr_i8(w, strcmp(name, GROUP_OFFSETS_TOPIC) == 0);
	wr_i32(w, t != NULL ? t->n_partitions : 0);
	for (i = 0; t != NULL && i < t->n_partitions; i++) {
		const struct partition_reg *p = &t->parts[i];
		size_t err_at = wr_hole(w, 2);
		int16_t err = 0;
		int j, offline = 0, left_out;
		size_t at;

		wr_i32(w, i);
		wr_i32(w, p->leader);
		if (v >= 7)
			wr_i32(w, p->leader_epoch);
		/* Both arrays are always written (v0 leaves out the dead
		 * of each). */
		left_out = write_ids(w, im, p->replicas, p->n_replicas,
		    v == 0);
		left_out += write_ids(w, im, p->isr, p->n_isr, v == 0);
		if (left_out > 0)
			err = KERR_REPLICA_NOT_AVAILABLE;
		if (p->leader == ISR_NO_LEADER ||
		    !im->brokers[p->leader].registered)
			err = KERR_LEADER_NOT_AVAILABLE;
		if (v >= 5) {
			at = wr_hole(w, 4);
			for (j = 0; j < p->n_replicas; j++) {
				if (!alive(im, p->replicas[j])) {
					wr_i32(w, p->replicas[j]);
					offline++;
				}
			}
			wr_put_i32(w, at, offline);
		}
		w->p[err_at] = (uint8_t)(err >> 8);
		w->p[err_at + 1] = (uint8_t)err;
	}
	if (v >= 8)
		wr_i32(w, INT32_MIN);	/* TopicAuthorizedOperations */
}

static void
metadata_handle(struct net_req *q, struct request *rq)
{
	const struct image *im = &q->conn->nb->br->image;
	struct wr *w = &q->out;
	int16_t v = q->h.version;
	int b, controller = -1, n = 0;
	size_t at, i;

	if (v >= 3)
		wr_i32(w, 0);			/* ThrottleTimeMs */
	at = wr_hole(w, 4);
	for (b = 1; b <= q->conn->nb->net->n; b++) {
		if (!alive(im, b))
			continue;
		api_write_broker(q->conn->nb, w, b, v >= 1);
		if (controller < 0)
			controller = b;
		n++;
	}
	wr_put_i32(w, at, n);
	if (profile_get(im->profile)->zookeeper)
		controller = im->controller > 0 ? im->controller : -1;
	if (v >= 2)
		wr_string(w, ISRLAB_CLUSTER_ID);
	if (v >= 1)
		wr_i32(w, controller);
	if (rq->all_topics) {
		wr_i32(w, (int32_t)im->n_topics);
		for (i = 0; i < im->n_topics; i++)
			write_topic(q, im, im->topics[i].name, false);
	} else {
		wr_i32(w, rq->n_topics);
		for (b = 0; b < rq->n_topics; b++)
			write_topic(q, im, rq->topics[b].name,
			    rq->topics[b].name_bad);
	}
	if (v >= 8)
		wr_i32(w, INT32_MIN);	/* ClusterAuthorizedOperations */
	net_req_done(q);
}

const struct net_api api_metadata = {
	.key = API_METADATA,
	.handle = metadata_handle,
};
