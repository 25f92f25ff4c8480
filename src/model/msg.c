/*
 * msg.c - message allocation, names and the outbox queue.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

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
	for (i = 0; m->records != NULL && i < m->n_records; i++)
		free(m->records[i].data);
	free(m->records);
	free(m->md);
	free(m);
}

const char *
msg_type_name(enum msg_type t)
{
	static const char *const names[] = {
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
	};

	if ((unsigned)t < sizeof names / sizeof names[0] && names[t] != NULL)
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
