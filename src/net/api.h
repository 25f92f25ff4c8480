/*
 * api.h - the API handlers, one const struct net_api per file api-*.c,
 * listed in api.c's table.  A handler's contract is in net-int.h.
 */
#ifndef ISRLAB_NET_API_H
#define ISRLAB_NET_API_H

#include "model/msg.h"
#include "net/net-int.h"

extern const struct net_api api_api_versions;
extern const struct net_api api_metadata;
extern const struct net_api api_produce;
extern const struct net_api api_fetch;
extern const struct net_api api_list_offsets;
extern const struct net_api api_offset_for_leader_epoch;
extern const struct net_api api_init_producer_id;
extern const struct net_api api_find_coordinator;
extern const struct net_api api_join_group;
extern const struct net_api api_sync_group;
extern const struct net_api api_heartbeat;
extern const struct net_api api_leave_group;
extern const struct net_api api_offset_commit;
extern const struct net_api api_offset_fetch;
extern const struct net_api api_describe_groups;
extern const struct net_api api_list_groups;
extern const struct net_api api_create_topics;
extern const struct net_api api_delete_topics;
extern const struct net_api api_describe_configs;
extern const struct net_api api_alter_configs;
extern const struct net_api api_incremental_alter_configs;
extern const struct net_api api_create_partitions;
extern const struct net_api api_elect_leaders;

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

/* --- The group APIs' share (api-group.c) --- */

struct cbytes;
struct gp_offset;
struct gpayload;

/* A request's string into dst of size cap, cut to fit ("" when null). */
void api_str_copy(char *dst, size_t cap, const struct req_str *s);
/* A group request of type from q's client (its client id and host) with
 * g's group id, member id, group.instance.id, generation and members
 * (SyncGroup's assignments, LeaveGroup v3's members); NULL: none,
 * generation -1. */
struct msg *api_group_msg(struct net_req *q, enum msg_type type,
    const struct req_group *g);
/* Send m (owned) into the broker's coordinator for q; its answer comes to
 * q's on_msg with part in corr's low bits.  A broker that takes no
 * client requests answers at once with COORDINATOR_NOT_AVAILABLE (m
 * turned into its response). */
void api_group_send(struct net_req *q, struct msg *m, uint32_t part);
/* Group bytes (metadata, an assignment): never null, maybe empty. */
void api_write_cbytes(struct wr *w, const struct cbytes *b);
/* Offsets as OffsetCommit / OffsetFetch responses give them: per topic
 * (in order of first appearance) its partitions, each written by part. */
void api_write_offsets(struct wr *w, const struct gp_offset *v, int n,
    void (*part)(struct wr *w, const struct gp_offset *o, void *arg),
    void *arg);
/* The partitions of rq's topics as p's offsets (offset, leader epoch). */
void api_gp_offsets_from(struct gpayload *p, const struct request *rq);

#endif
