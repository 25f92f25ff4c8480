/*
 * msg.c - message allocation, names and the outbox queue.
 *
 * msg_bounce lives here so that both engines answer a message to a down
 * process the same way.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/group.h"
#include "model/msg.h"
#include "util/xmalloc.h"

struct msg *
msg_new(enum msg_type t, int from, int to)
{
	struct msg *m = xcalloc(1, sizeof *m);

	m->type = t;
	m->from = from;
	m->to = to;
	m->diverging_epoch = EPOCH_UNDEFINED;
	m->diverging_end_offset = OFFSET_UNDEFINED;
	m->last_fetched_epoch = EPOCH_UNDEFINED;
	return m;
}

void
msg_free(struct msg *m)
{
	int i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n_recs; i++)
		mrec_free(&m->recs[i]);
	free(m->recs);
	if (m->snapshot != NULL)
		image_free(m->snapshot);
	free(m->snapshot);
	for (i = 0; m->records != NULL && i < m->n_records; i++)
		record_release(&m->records[i]);
	free(m->records);
	free(m->md);
	for (i = 0; i < m->n_parts; i++)
		msg_free(m->parts[i]);
	free(m->parts);
	gpayload_free(m->gp);
	free(m);
}

const char *
msg_type_name(enum msg_type t)
{
	static const char *const names[MSG__COUNT] = {
		[MSG_REGISTER] = "REGISTER",
		[MSG_REGISTER_RESP] = "REGISTER_RESP",
		[MSG_HEARTBEAT] = "HEARTBEAT",
		[MSG_HEARTBEAT_RESP] = "HEARTBEAT_RESP",
		[MSG_METADATA_PUSH] = "METADATA_PUSH",
		[MSG_ALTER_PARTITION] = "ALTER_PARTITION",
		[MSG_ALTER_PARTITION_RESP] = "ALTER_PARTITION_RESP",
		[MSG_FETCH] = "FETCH",
		[MSG_FETCH_RESP] = "FETCH_RESP",
		[MSG_PRODUCE] = "PRODUCE",
		[MSG_PRODUCE_RESP] = "PRODUCE_RESP",
		[MSG_METADATA_REQ] = "METADATA",
		[MSG_METADATA_RESP] = "METADATA_RESP",
		[MSG_UNREACHABLE] = "UNREACHABLE",
		[MSG_FIND_COORDINATOR] = "FIND_COORDINATOR",
		[MSG_FIND_COORDINATOR_RESP] = "FIND_COORDINATOR_RESP",
		[MSG_JOIN_GROUP] = "JOIN_GROUP",
		[MSG_JOIN_GROUP_RESP] = "JOIN_GROUP_RESP",
		[MSG_SYNC_GROUP] = "SYNC_GROUP",
		[MSG_SYNC_GROUP_RESP] = "SYNC_GROUP_RESP",
		[MSG_GROUP_HEARTBEAT] = "GROUP_HEARTBEAT",
		[MSG_GROUP_HEARTBEAT_RESP] = "GROUP_HEARTBEAT_RESP",
		[MSG_LEAVE_GROUP] = "LEAVE_GROUP",
		[MSG_LEAVE_GROUP_RESP] = "LEAVE_GROUP_RESP",
		[MSG_OFFSET_COMMIT] = "OFFSET_COMMIT",
		[MSG_OFFSET_COMMIT_RESP] = "OFFSET_COMMIT_RESP",
		[MSG_OFFSET_FETCH] = "OFFSET_FETCH",
		[MSG_OFFSET_FETCH_RESP] = "OFFSET_FETCH_RESP",
		[MSG_DESCRIBE_GROUP] = "DESCRIBE_GROUP",
		[MSG_DESCRIBE_GROUP_RESP] = "DESCRIBE_GROUP_RESP",
		[MSG_LIST_GROUPS] = "LIST_GROUPS",
		[MSG_LIST_GROUPS_RESP] = "LIST_GROUPS_RESP",
		[MSG_CREATE_INTERNAL_TOPIC] = "CREATE_INTERNAL_TOPIC",
	};

	if ((unsigned)t < MSG__COUNT && names[t] != NULL)
		return names[t];
	return "?";
}

void
outbox_push(struct outbox *o, struct msg *m)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 16;
		o->v = xreallocarray(o->v, o->cap, sizeof *o->v);
	}
	o->v[o->n++] = m;
}

struct msg **
outbox_take(struct outbox *o, size_t *n)
{
	struct msg **v = o->v;

	*n = o->n;
	o->v = NULL;
	o->n = o->cap = 0;
	return v;
}

void
outbox_clear(struct outbox *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		msg_free(o->v[i]);
	free(o->v);
	o->v = NULL;
	o->n = o->cap = 0;
}

struct msg *
msg_bounce(struct msg *m)
{
	struct msg *b;

	if (m->type == MSG_UNREACHABLE || m->from == m->to) {
		msg_free(m);
		return NULL;
	}
	b = msg_new(MSG_UNREACHABLE, m->to, m->from);
	b->corr = m->corr;
	b->client_id = m->client_id;
	b->bounced_type = m->type;
	msg_set_topic(b, m->topic);
	b->partition = m->partition;
	msg_free(m);
	return b;
}
