/*
 * api-offset-fetch.c - OffsetFetch v1-5 (OffsetFetchRequest.json /
 * ...Response.json at 3.7.0): the group's committed offsets for the
 * partitions asked for (-1 where none is committed), or (v2+, a null
 * topic list) every one it has.  The group's error (NOT_COORDINATOR,
 * COORDINATOR_NOT_AVAILABLE, ...) is top-level from v2; v1 has no such
 * field and carries it on every partition asked for
 * (OffsetFetchResponse.java:237-245 at 3.7.0).  Metadata is "" (isrlab
 * keeps no commit metadata).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/group.h"
#include "net/api.h"
#include "util/xmalloc.h"

/* The partitions asked for, for v1's error answer. */
struct offset_fetch_st {
	struct gp_offset *asked;
	int n_asked;
};

static void
offset_fetch_free(void *arg)
{
	struct offset_fetch_st *st = arg;

	free(st->asked);
	free(st);
}

static void
offset_fetch_handle(struct net_req *q, struct request *rq)
{
	struct msg *m = api_group_msg(q, MSG_OFFSET_FETCH, &rq->grp);
	struct offset_fetch_st *st = xcalloc(1, sizeof *st);

	api_gp_offsets_from(m->gp, rq);
	if (m->gp->n_offsets > 0) {
		st->asked = xcalloc((size_t)m->gp->n_offsets,
		    sizeof *st->asked);
		memcpy(st->asked, m->gp->offsets,
		    (size_t)m->gp->n_offsets * sizeof *st->asked);
		st->n_asked = m->gp->n_offsets;
	}
	q->st = st;
	api_group_send(q, m, 0);
}

static void
offset_fetch_part(struct wr *w, const struct gp_offset *o, void *arg)
{
	const struct net_req *q = arg;
	bool ok = o->error == KERR_NONE;

	wr_i32(w, o->partition);
	wr_i64(w, ok ? o->offset : -1);
	if (q->h.version >= 5)
		wr_i32(w, ok ? o->leader_epoch : -1);
	wr_string(w, "");			/* Metadata */
	wr_i16(w, (int16_t)o->error);
}

static void
offset_fetch_on_msg(struct net_req *q, struct msg *m, int64_t now)
{
	struct offset_fetch_st *st = q->st;
	int i;

	(void)now;
	if (q->h.version >= 3)
		wr_i32(&q->out, 0);		/* ThrottleTimeMs */
	if (m->error != KERR_NONE && q->h.version < 2) {
		for (i = 0; i < st->n_asked; i++)
			st->asked[i].error = m->error;
		api_write_offsets(&q->out, st->asked, st->n_asked,
		    offset_fetch_part, q);
	} else
		api_write_offsets(&q->out, m->gp->offsets, m->error ==
		    KERR_NONE ? m->gp->n_offsets : 0, offset_fetch_part, q);
	if (q->h.version >= 2)
		wr_i16(&q->out, (int16_t)m->error);
	msg_free(m);
	net_req_done(q);
}

const struct net_api api_offset_fetch = {
	.key = API_OFFSET_FETCH,
	.handle = offset_fetch_handle,
	.on_msg = offset_fetch_on_msg,
	.free_state = offset_fetch_free,
};
