/*
 * api.h - the API handlers, one const struct net_api per file api-*.c,
 * listed in api.c's table.  A handler's contract is in net-int.h.
 */
#ifndef ISRLAB_NET_API_H
#define ISRLAB_NET_API_H

#include "net/net-int.h"

extern const struct net_api api_api_versions;
extern const struct net_api api_metadata;
extern const struct net_api api_produce;
extern const struct net_api api_fetch;
extern const struct net_api api_list_offsets;
extern const struct net_api api_offset_for_leader_epoch;
extern const struct net_api api_init_producer_id;

/* The port, host and rack a Metadata or FindCoordinator answer gives for
 * broker b: "localhost" and its listener's port. */
void api_write_broker(struct net_broker *nb, struct wr *w, int b,
    bool with_rack);

/* The replica of topic/partition that this broker leads, for a client's
 * request carrying current_epoch (-1: none); NULL with *err set:
 * UNKNOWN_TOPIC_OR_PARTITION when the metadata does not know it,
 * FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH when current_epoch is older /
 * newer than the broker's (Partition.checkCurrentLeaderEpoch), and
 * NOT_LEADER_OR_FOLLOWER when it does not lead (Partition.getLocalLog,
 * Partition.scala:492-520 at 3.7.0). */
struct replica *api_leader_replica(struct net_broker *nb,
    const struct req_topic *t, int32_t partition, int32_t current_epoch,
    int16_t *err);

#endif
