/*
 * request-int.h - what request.c shares with the decoders kept in files
 * of their own (request-group.c, request-admin.c): readers of the fields many requests
 * have, and the group APIs' decoders.  Pure, as request.c.
 */
#ifndef ISRLAB_NET_REQUEST_INT_H
#define ISRLAB_NET_REQUEST_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/codec.h"
#include "net/request.h"

/* A topic name: longer than Kafka allows is kept out (name_bad) but read
 * past, so the handler can answer INVALID_TOPIC_EXCEPTION for it. */
void request_rd_topic_name(struct rd *r, struct req_topic *t);
/* A string (int16 length) left in the frame; null (-1) only when
 * nullable. */
void request_rd_str(struct rd *r, struct req_str *s, bool nullable);
/* Read past a nullable string; whether it was not null. */
bool request_rd_skip_string(struct rd *r);
/* An array length whose elements take at least min_bytes each; null
 * (-1) is bad unless nullable. */
int32_t request_rd_count(struct rd *r, size_t min_bytes, bool nullable);
/* The topics array of q (q->n_topics, q->topics allocated). */
void request_rd_topics(struct rd *r, struct request *q, size_t min_bytes,
    bool nullable);
/* The partitions array of t (t->n_parts, t->parts allocated). */
void request_rd_parts(struct rd *r, struct req_topic *t, size_t min_bytes);

/* The group APIs (request-group.c), at the versions request_apis[]
 * names. */
void request_dec_find_coordinator(struct rd *r, struct request *q);
void request_dec_join_group(struct rd *r, struct request *q);
void request_dec_sync_group(struct rd *r, struct request *q);
void request_dec_heartbeat(struct rd *r, struct request *q);
void request_dec_leave_group(struct rd *r, struct request *q);
void request_dec_offset_commit(struct rd *r, struct request *q);
void request_dec_offset_fetch(struct rd *r, struct request *q);
void request_dec_describe_groups(struct rd *r, struct request *q);
void request_dec_list_groups(struct rd *r, struct request *q);

/* The admin APIs (request-admin.c), likewise. */
void request_dec_create_topics(struct rd *r, struct request *q);
void request_dec_delete_topics(struct rd *r, struct request *q);
void request_dec_create_partitions(struct rd *r, struct request *q);
void request_dec_describe_configs(struct rd *r, struct request *q);
void request_dec_alter_configs(struct rd *r, struct request *q);
void request_dec_incremental_alter_configs(struct rd *r,
    struct request *q);
void request_dec_elect_leaders(struct rd *r, struct request *q);

#endif
