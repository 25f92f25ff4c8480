/*
 * group.c - the group coordinator, the group payload and the assignors
 * (see group.h for the design).
 *
 * The coordinator follows GroupCoordinator.scala of Kafka 3.7 request by
 * request: handleJoinGroup (doNewMemberJoinGroup / doCurrentMemberJoin-
 * Group), prepareRebalance, onCompleteJoin, handleSyncGroup,
 * handleHeartbeat, handleLeaveGroup, onExpireHeartbeat, handleCommit-
 * Offsets, handleFetchOffsets.  GroupMetadataManager's records are text
 * records in __consumer_offsets:
 *   key "offset\tGROUP\tTOPIC\tPARTITION"  value "OFFSET"
 *   key "group\tGROUP"  value "GENERATION\tASSIGNOR\tLEADER" and one line
 *       per member "\nID\tCLIENT\tHOST\tTOPIC\tSESSION\tREBALANCE\tP,P,.."
 * so that a console consumer of __consumer_offsets shows something
 * readable, and so that a new leader of the partition can load them.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/broker.h"
#include "model/group.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define NEVER INT64_MAX

/* --- Names, payload, hash ------------------------------------------- */

const char *
group_state_name(enum group_state s)
{
	switch (s) {
	case GROUP_EMPTY:
		return "Empty";
	case GROUP_PREPARING_REBALANCE:
		return "PreparingRebalance";
	case GROUP_COMPLETING_REBALANCE:
		return "CompletingRebalance";
	case GROUP_STABLE:
		return "Stable";
	case GROUP_DEAD:
		return "Dead";
	}
	return "Unknown";
}

bool
group_msg_is_request(int t)
{
	switch (t) {
	case MSG_FIND_COORDINATOR:
	case MSG_JOIN_GROUP:
	case MSG_SYNC_GROUP:
	case MSG_GROUP_HEARTBEAT:
	case MSG_LEAVE_GROUP:
	case MSG_OFFSET_COMMIT:
	case MSG_OFFSET_FETCH:
	case MSG_DESCRIBE_GROUP:
	case MSG_LIST_GROUPS:
		return true;
	default:
		return false;
	}
}

struct gpayload *
gpayload_new(void)
{
	struct gpayload *p = xcalloc(1, sizeof *p);

	p->generation = -1;
	p->coordinator = -1;
	return p;
}

void
gpayload_free(struct gpayload *p)
{
	int i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n_members; i++)
		free(p->members[i].parts);
	free(p->members);
	free(p->offsets);
	free(p->listings);
	free(p->parts);
	free(p);
}

static int *
ints_dup(const int *v, int n)
{
	int *d = xreallocarray(NULL, (size_t)(n > 0 ? n : 1), sizeof *d);

	if (n > 0)
		memcpy(d, v, (size_t)n * sizeof *d);
	return d;
}

struct gpayload *
gpayload_copy(const struct gpayload *p)
{
	struct gpayload *d = xmalloc(sizeof *d);
	int i;

	*d = *p;
	d->members = NULL;
	d->offsets = NULL;
	d->listings = NULL;
	d->parts = NULL;
	if (p->n_members > 0) {
		d->members = xreallocarray(NULL, (size_t)p->n_members,
		    sizeof *d->members);
		for (i = 0; i < p->n_members; i++) {
			d->members[i] = p->members[i];
			d->members[i].parts = ints_dup(p->members[i].parts,
			    p->members[i].n_parts);
		}
	}
	if (p->n_offsets > 0) {
		d->offsets = xreallocarray(NULL, (size_t)p->n_offsets,
		    sizeof *d->offsets);
		memcpy(d->offsets, p->offsets, (size_t)p->n_offsets *
		    sizeof *d->offsets);
	}
	if (p->n_listings > 0) {
		d->listings = xreallocarray(NULL, (size_t)p->n_listings,
		    sizeof *d->listings);
		memcpy(d->listings, p->listings, (size_t)p->n_listings *
		    sizeof *d->listings);
	}
	if (p->parts != NULL)
		d->parts = ints_dup(p->parts, p->n_parts);
	return d;
}

int32_t
group_java_hash(const char *s)
{
	size_t n = strlen(s), off = 0;
	uint32_t h = 0, cp;

	while (off < n) {
		/* An invalid byte is U+FFFD, as Java's UTF-8 decoder makes it. */
		off += utf8_decode(s + off, n - off, &cp);
		if (cp >= 0x10000) {
			/* Java strings are UTF-16: a surrogate pair. */
			cp -= 0x10000;
			h = 31 * h + (0xd800 + (cp >> 10));
			h = 31 * h + (0xdc00 + (cp & 0x3ff));
		} else
			h = 31 * h + cp;
	}
	return (int32_t)h;
}

int
group_partition_for(const char *group, int n_partitions)
{
	int32_t h = group_java_hash(group);

	/* Utils.abs: Integer.MIN_VALUE maps to 0. */
	if (h == INT32_MIN)
		h = 0;
	else if (h < 0)
		h = -h;
	return n_partitions > 0 ? (int)(h % n_partitions) : 0;
}

/* --- Assignors ------------------------------------------------------- */

static int
cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
group_assign(const char *assignor, const char *const *member_ids, int n,
    int n_partitions, int **out, int *n_out)
{
	const char **sorted;
	int *order, i, j, k;
	bool range = strcmp(assignor, "range") == 0;

	if (!range && strcmp(assignor, "roundrobin") != 0)
		return -1;
	for (i = 0; i < n; i++)
		n_out[i] = 0;
	if (n <= 0)
		return 0;
	sorted = xreallocarray(NULL, (size_t)n, sizeof *sorted);
	order = xreallocarray(NULL, (size_t)n, sizeof *order);
	memcpy(sorted, member_ids, (size_t)n * sizeof *sorted);
	if (n > 1)
		qsort(sorted, (size_t)n, sizeof *sorted, cmp_str_ptr);
	/* order[s] = index in member_ids of the s-th member by id. */
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			if (sorted[i] == member_ids[j])
				break;
		}
		order[i] = j;
	}
	if (range) {
		/* RangeAssignor.assignRanges. */
		int per = n_partitions / n, extra = n_partitions % n;

		for (i = 0; i < n; i++) {
			int start = per * i + (i < extra ? i : extra);
			int len = per + (i + 1 > extra ? 0 : 1);

			for (k = 0; k < len; k++)
				out[order[i]][n_out[order[i]]++] = start + k;
		}
	} else {
		/* RoundRobinAssignor: partitions in order, members in a
		 * circle. */
		for (k = 0; k < n_partitions; k++) {
			int m = order[k % n];

			out[m][n_out[m]++] = k;
		}
	}
	free(sorted);
	free(order);
	return 0;
}

/* --- Coordinator: groups and members --------------------------------- */

static struct gc_group *
gc_find(struct gcoord *gc, const char *id)
{
	int i;

	for (i = 0; i < gc->n_groups; i++) {
		if (strcmp(gc->groups[i].id, id) == 0)
			return &gc->groups[i];
	}
	return NULL;
}

static struct gc_group *
gc_add(struct gcoord *gc, const char *id, int partition)
{
	struct gc_group *g;

	if (gc->n_groups == gc->cap_groups) {
		gc->cap_groups = gc->cap_groups ? gc->cap_groups * 2 : 8;
		gc->groups = xreallocarray(gc->groups, (size_t)gc->cap_groups,
		    sizeof *gc->groups);
	}
	g = &gc->groups[gc->n_groups++];
	memset(g, 0, sizeof *g);
	snprintf(g->id, sizeof g->id, "%s", id);
	g->partition = partition;
	g->state = GROUP_EMPTY;
	return g;
}

static struct gc_member *
gm_find(struct gc_group *g, const char *id)
{
	int i;

	for (i = 0; i < g->n_members; i++) {
		if (strcmp(g->members[i].id, id) == 0)
			return &g->members[i];
	}
	return NULL;
}

static void
gm_free(struct gc_member *m)
{
	msg_free(m->join);
	msg_free(m->sync);
	free(m->parts);
	m->join = m->sync = NULL;
	m->parts = NULL;
}

static struct gc_member *
gm_add(struct gc_group *g)
{
	struct gc_member *m;

	g->members = xreallocarray(g->members, (size_t)g->n_members + 1,
	    sizeof *g->members);
	m = &g->members[g->n_members++];
	memset(m, 0, sizeof *m);
	return m;
}

static void
gm_remove(struct gc_group *g, struct gc_member *m)
{
	int i = (int)(m - g->members);

	if (strcmp(g->leader, m->id) == 0)
		g->leader[0] = '\0';
	gm_free(m);
	memmove(&g->members[i], &g->members[i + 1],
	    (size_t)(g->n_members - i - 1) * sizeof *g->members);
	g->n_members--;
}

static void
gc_group_free(struct gc_group *g)
{
	int i;

	for (i = 0; i < g->n_members; i++)
		gm_free(&g->members[i]);
	free(g->members);
	free(g->offsets);
	g->members = NULL;
	g->offsets = NULL;
	g->n_members = g->n_offsets = 0;
}

void
gcoord_free(struct gcoord *gc)
{
	int i;

	for (i = 0; i < gc->n_groups; i++)
		gc_group_free(&gc->groups[i]);
	free(gc->groups);
	memset(gc, 0, sizeof *gc);
}

static void
gc_offset_set(struct gc_group *g, const char *topic, int partition,
    int64_t offset)
{
	int i;

	for (i = 0; i < g->n_offsets; i++) {
		if (g->offsets[i].partition == partition &&
		    strcmp(g->offsets[i].topic, topic) == 0) {
			g->offsets[i].offset = offset;
			return;
		}
	}
	g->offsets = xreallocarray(g->offsets, (size_t)g->n_offsets + 1,
	    sizeof *g->offsets);
	snprintf(g->offsets[g->n_offsets].topic,
	    sizeof g->offsets[g->n_offsets].topic, "%s", topic);
	g->offsets[g->n_offsets].partition = partition;
	g->offsets[g->n_offsets].offset = offset;
	g->n_offsets++;
}

static int64_t
gc_offset_get(const struct gc_group *g, const char *topic, int partition)
{
	int i;

	for (i = 0; i < g->n_offsets; i++) {
		if (g->offsets[i].partition == partition &&
		    strcmp(g->offsets[i].topic, topic) == 0)
			return g->offsets[i].offset;
	}
	return -1;
}

/* --- Coordinator: messages ------------------------------------------- */

/* A response to req of req's type + 1, with a payload naming the group,
 * queued in b's outbox. */
static struct msg *
gc_reply(struct broker *b, const struct msg *req, enum kerr error)
{
	struct msg *resp = msg_new((enum msg_type)(req->type + 1), b->id,
	    req->from);

	resp->corr = req->corr;
	resp->client_id = req->client_id;
	resp->error = error;
	resp->gp = gpayload_new();
	if (req->gp != NULL) {
		snprintf(resp->gp->group, sizeof resp->gp->group, "%s",
		    req->gp->group);
		snprintf(resp->gp->member_id, sizeof resp->gp->member_id, "%s",
		    req->gp->member_id);
	}
	outbox_push(&b->out, resp);
	return resp;
}

/* Refuse req with error, then free it: the handler owns req. */
static void
gc_reject(struct broker *b, struct msg *req, enum kerr error)
{
	gc_reply(b, req, error);
	msg_free(req);
}

/* An EV_NOTE "group G: what" from the coordinator. */
static void
gc_note(struct broker *b, const struct gc_group *g, int64_t now,
    const char *what)
{
	struct event *e = evq_push(&b->events, EV_NOTE, now);

	e->broker = b->id;
	snprintf(e->reason, sizeof e->reason, "group %.40s: %.100s", g->id,
	    what);
}

/* Member ids are client.id + "-" + a UUID (the coordinator's
 * UUID.randomUUID), made here from a counter so runs are reproducible. */
static void
gc_member_id(struct broker *b, const char *client_id, const char *group,
    char *out, size_t len)
{
	uint64_t x = ((uint64_t)(uint32_t)b->id << 48) ^
	    ((uint64_t)b->incarnation << 32) ^ ++b->groups.member_seq ^
	    ((uint64_t)(uint32_t)group_java_hash(group) << 16), hi, lo;

	/* splitmix64, twice. */
	x += 0x9e3779b97f4a7c15ULL;
	hi = x;
	hi = (hi ^ (hi >> 30)) * 0xbf58476d1ce4e5b9ULL;
	hi = (hi ^ (hi >> 27)) * 0x94d049bb133111ebULL;
	hi ^= hi >> 31;
	x += 0x9e3779b97f4a7c15ULL;
	lo = x;
	lo = (lo ^ (lo >> 30)) * 0xbf58476d1ce4e5b9ULL;
	lo = (lo ^ (lo >> 27)) * 0x94d049bb133111ebULL;
	lo ^= lo >> 31;
	hi = (hi & ~0xf000ULL) | 0x4000ULL;		/* version 4 */
	lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
	snprintf(out, len, "%.200s-%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64
	    "-%04" PRIx64 "-%012" PRIx64, client_id, (uint64_t)(hi >> 32),
	    (uint64_t)((hi >> 16) & 0xffff), (uint64_t)(hi & 0xffff),
	    (uint64_t)(lo >> 48), (uint64_t)(lo & 0xffffffffffffULL));
}

/* The leader replica of the group's partition on b, or NULL. */
static struct replica *
gc_replica(struct broker *b, int partition)
{
	struct replica *r = broker_replica(b, GROUP_OFFSETS_TOPIC, partition);

	return r != NULL && r->role == ROLE_LEADER ? r : NULL;
}

static struct record
gc_record(const char *key, const char *value)
{
	struct record rec;
	size_t kl = strlen(key), vl = strlen(value);

	memset(&rec, 0, sizeof rec);
	rec.key_len = (uint32_t)kl;
	rec.value_len = (uint32_t)vl;
	rec.data = xmalloc(kl + vl + 1);
	memcpy(rec.data, key, kl);
	memcpy(rec.data + kl, value, vl);
	return rec;
}

/* GroupMetadataManager.storeGroup: the group's generation and members. */
static void
gc_store_group(struct broker *b, struct gc_group *g, int64_t now)
{
	struct replica *r = gc_replica(b, g->partition);
	struct strbuf key = STRBUF_INIT, val = STRBUF_INIT;
	struct record rec;
	int i, k;

	if (r == NULL)
		return;
	strbuf_printf(&key, "group\t%s", g->id);
	strbuf_printf(&val, "%" PRId32 "\t%s\t%s", g->generation,
	    g->assignor, g->leader);
	for (i = 0; i < g->n_members; i++) {
		const struct gc_member *m = &g->members[i];

		strbuf_printf(&val, "\n%s\t%s\t%s\t%s\t%" PRId64 "\t%" PRId64
		    "\t", m->id, m->client_id, m->host, m->topic,
		    m->session_timeout_ms, m->rebalance_timeout_ms);
		for (k = 0; k < m->n_parts; k++)
			strbuf_printf(&val, "%s%d", k > 0 ? "," : "",
			    m->parts[k]);
	}
	rec = gc_record(strbuf_cstr(&key), strbuf_cstr(&val));
	strbuf_free(&key);
	strbuf_free(&val);
	broker_append_internal(b, r, &rec, 1, now);
}

/* --- Coordinator: the rebalance protocol ----------------------------- */

/* Answer a parked SyncGroup with the member's assignment (or error). */
static void
gc_answer_sync(struct broker *b, struct gc_member *m, enum kerr error)
{
	struct msg *resp;

	if (m->sync == NULL)
		return;
	resp = gc_reply(b, m->sync, error);
	if (error == KERR_NONE) {
		resp->gp->parts = ints_dup(m->parts, m->n_parts);
		resp->gp->n_parts = m->n_parts;
	}
	msg_free(m->sync);
	m->sync = NULL;
}

static void
gc_answer_join(struct broker *b, struct gc_member *m, enum kerr error)
{
	if (m->join == NULL)
		return;
	gc_reply(b, m->join, error);
	msg_free(m->join);
	m->join = NULL;
}

/* GroupCoordinator.prepareRebalance. */
static void
gc_prepare_rebalance(struct broker *b, struct gc_group *g, int64_t now,
    const char *why)
{
	int64_t timeout = 0;
	int i;

	if (g->state == GROUP_COMPLETING_REBALANCE) {
		/* resetAndPropagateAssignmentError */
		for (i = 0; i < g->n_members; i++)
			gc_answer_sync(b, &g->members[i],
			    KERR_REBALANCE_IN_PROGRESS);
	}
	if (g->state == GROUP_EMPTY) {
		/* InitialDelayedJoin: wait for more members to come. */
		g->initial_delay = true;
		g->join_deadline_ms = now + b->settings.group_initial_delay_ms;
	} else {
		for (i = 0; i < g->n_members; i++) {
			if (g->members[i].rebalance_timeout_ms > timeout)
				timeout = g->members[i].rebalance_timeout_ms;
		}
		g->initial_delay = false;
		g->join_deadline_ms = now + timeout;
	}
	g->state = GROUP_PREPARING_REBALANCE;
	gc_note(b, g, now, why);
}

/* GroupCoordinator.onCompleteJoin: drop members that did not rejoin,
 * start the next generation and answer every parked JoinGroup. */
static void
gc_complete_join(struct broker *b, struct gc_group *g, int64_t now)
{
	char what[160];
	int i, k;

	i = 0;
	while (i < g->n_members) {
		if (g->members[i].join == NULL)
			gm_remove(g, &g->members[i]);
		else
			i++;
	}
	g->initial_delay = false;
	g->generation++;
	if (g->n_members == 0) {
		g->state = GROUP_EMPTY;
		g->assignor[0] = '\0';
		g->leader[0] = '\0';
		snprintf(what, sizeof what, "generation %" PRId32 " with no "
		    "members: Empty", g->generation);
		gc_note(b, g, now, what);
		gc_store_group(b, g, now);
		return;
	}
	if (g->leader[0] == '\0')
		snprintf(g->leader, sizeof g->leader, "%s", g->members[0].id);
	g->state = GROUP_COMPLETING_REBALANCE;
	for (i = 0; i < g->n_members; i++) {
		struct gc_member *m = &g->members[i];
		struct msg *resp = gc_reply(b, m->join, KERR_NONE);
		struct gpayload *p = resp->gp;

		snprintf(p->member_id, sizeof p->member_id, "%s", m->id);
		snprintf(p->leader_id, sizeof p->leader_id, "%s", g->leader);
		snprintf(p->assignor, sizeof p->assignor, "%s", g->assignor);
		p->generation = g->generation;
		if (strcmp(m->id, g->leader) == 0) {
			p->members = xcalloc((size_t)g->n_members,
			    sizeof *p->members);
			p->n_members = g->n_members;
			for (k = 0; k < g->n_members; k++) {
				struct gp_member *pm = &p->members[k];

				snprintf(pm->member_id, sizeof pm->member_id,
				    "%s", g->members[k].id);
				snprintf(pm->client_id, sizeof pm->client_id,
				    "%s", g->members[k].client_id);
				snprintf(pm->host, sizeof pm->host, "%s",
				    g->members[k].host);
				snprintf(pm->topic, sizeof pm->topic, "%s",
				    g->members[k].topic);
			}
		}
		msg_free(m->join);
		m->join = NULL;
		m->last_heartbeat_ms = now;
	}
	snprintf(what, sizeof what, "generation %" PRId32 " with %d "
	    "member(s), rebalancing", g->generation, g->n_members);
	gc_note(b, g, now, what);
}

/* The join phase ends when every member has rejoined (after the initial
 * delay) or when the rebalance timeout is up. */
static void
gc_maybe_complete_join(struct broker *b, struct gc_group *g, int64_t now)
{
	bool all = true;
	int i;

	if (g->state != GROUP_PREPARING_REBALANCE)
		return;
	for (i = 0; i < g->n_members; i++) {
		if (g->members[i].join == NULL)
			all = false;
	}
	if ((all && !g->initial_delay) || now >= g->join_deadline_ms)
		gc_complete_join(b, g, now);
}

/* A member is gone (left or expired): removeMemberAndUpdateGroup. */
static void
gc_member_gone(struct broker *b, struct gc_group *g, struct gc_member *m,
    int64_t now, const char *why)
{
	gc_answer_join(b, m, KERR_UNKNOWN_MEMBER_ID);
	gc_answer_sync(b, m, KERR_UNKNOWN_MEMBER_ID);
	gm_remove(g, m);
	switch (g->state) {
	case GROUP_STABLE:
	case GROUP_COMPLETING_REBALANCE:
		gc_prepare_rebalance(b, g, now, why);
		break;
	case GROUP_PREPARING_REBALANCE:
		gc_maybe_complete_join(b, g, now);
		break;
	default:
		break;
	}
}

static void
gc_on_join(struct broker *b, struct gc_group *g, struct msg *m, int64_t now)
{
	const struct gpayload *p = m->gp;
	struct gc_member *mem;
	char why[GROUP_MEMBER_ID_MAX + 64];

	if (g->n_members > 0 && strcmp(g->assignor, p->assignor) != 0) {
		gc_reject(b, m, KERR_INCONSISTENT_GROUP_PROTOCOL);
		return;
	}
	if (p->member_id[0] == '\0') {
		/* doNewMemberJoinGroup */
		mem = gm_add(g);
		gc_member_id(b, p->client_id, g->id, mem->id, sizeof mem->id);
		snprintf(mem->client_id, sizeof mem->client_id, "%s",
		    p->client_id);
		snprintf(mem->host, sizeof mem->host, "/127.0.0.1");
		snprintf(why, sizeof why, "new member %.200s joined", mem->id);
	} else if ((mem = gm_find(g, p->member_id)) == NULL) {
		gc_reject(b, m, KERR_UNKNOWN_MEMBER_ID);
		return;
	} else
		snprintf(why, sizeof why, "member %.200s rejoined", mem->id);
	snprintf(mem->topic, sizeof mem->topic, "%s", p->topic);
	mem->session_timeout_ms = p->session_timeout_ms;
	mem->rebalance_timeout_ms = p->rebalance_timeout_ms;
	mem->last_heartbeat_ms = now;
	msg_free(mem->join);
	mem->join = m;
	if (g->n_members == 1 || g->assignor[0] == '\0')
		snprintf(g->assignor, sizeof g->assignor, "%s", p->assignor);
	if (g->state != GROUP_PREPARING_REBALANCE)
		gc_prepare_rebalance(b, g, now, why);
	gc_maybe_complete_join(b, g, now);
}

static void
gc_on_sync(struct broker *b, struct gc_group *g, struct msg *m, int64_t now)
{
	const struct gpayload *p = m->gp;
	struct gc_member *mem = g != NULL ? gm_find(g, p->member_id) : NULL;
	char why[96];
	int i;

	if (mem == NULL || g->state == GROUP_EMPTY) {
		gc_reject(b, m, KERR_UNKNOWN_MEMBER_ID);
		return;
	}
	if (p->generation != g->generation) {
		gc_reject(b, m, KERR_ILLEGAL_GENERATION);
		return;
	}
	if (g->state == GROUP_PREPARING_REBALANCE) {
		gc_reject(b, m, KERR_REBALANCE_IN_PROGRESS);
		return;
	}
	mem->last_heartbeat_ms = now;
	msg_free(mem->sync);
	mem->sync = m;
	if (g->state == GROUP_STABLE) {
		gc_answer_sync(b, mem, KERR_NONE);
		return;
	}
	if (strcmp(mem->id, g->leader) != 0)
		return;			/* wait for the leader's assignment */
	for (i = 0; i < g->n_members; i++) {
		struct gc_member *gm = &g->members[i];
		int k;

		free(gm->parts);
		gm->parts = NULL;
		gm->n_parts = 0;
		for (k = 0; k < p->n_members; k++) {
			if (strcmp(p->members[k].member_id, gm->id) != 0)
				continue;
			gm->parts = ints_dup(p->members[k].parts,
			    p->members[k].n_parts);
			gm->n_parts = p->members[k].n_parts;
		}
	}
	g->state = GROUP_STABLE;
	gc_store_group(b, g, now);
	snprintf(why, sizeof why, "generation %" PRId32 " Stable (%d "
	    "member(s), %s)", g->generation, g->n_members, g->assignor);
	gc_note(b, g, now, why);
	for (i = 0; i < g->n_members; i++)
		gc_answer_sync(b, &g->members[i], KERR_NONE);
}

static void
gc_on_heartbeat(struct broker *b, struct gc_group *g, struct msg *m,
    int64_t now)
{
	struct gc_member *mem = g != NULL ? gm_find(g, m->gp->member_id) :
	    NULL;
	enum kerr err = KERR_NONE;

	if (mem == NULL || g->state == GROUP_EMPTY)
		err = KERR_UNKNOWN_MEMBER_ID;
	else if (m->gp->generation != g->generation)
		err = KERR_ILLEGAL_GENERATION;
	else {
		mem->last_heartbeat_ms = now;
		if (g->state == GROUP_PREPARING_REBALANCE)
			err = KERR_REBALANCE_IN_PROGRESS;
	}
	gc_reply(b, m, err);
	msg_free(m);
}

static void
gc_on_leave(struct broker *b, struct gc_group *g, struct msg *m,
    int64_t now)
{
	struct gc_member *mem = g != NULL ? gm_find(g, m->gp->member_id) :
	    NULL;
	char why[GROUP_MEMBER_ID_MAX + 64];

	if (mem == NULL) {
		gc_reject(b, m, KERR_UNKNOWN_MEMBER_ID);
		return;
	}
	gc_reply(b, m, KERR_NONE);
	snprintf(why, sizeof why, "member %.200s left", mem->id);
	gc_member_gone(b, g, mem, now, why);
	msg_free(m);
}

/* handleCommitOffsets: validate, append the records, answer once the HW
 * covers them (gcoord_commit_done). */
static void
gc_on_commit(struct broker *b, struct gc_group *g, struct msg *m,
    int64_t now, struct replica *r, int partition)
{
	const struct gpayload *p = m->gp;
	struct gc_member *mem;
	struct record *recs;
	char key[GROUP_ID_MAX + ISR_TOPIC_MAX + 32], val[32];
	int64_t end;
	int i;

	if (p->generation < 0) {
		/* A commit without group management (assign()): only for
		 * a group nobody is a member of. */
		if (g != NULL && g->state != GROUP_EMPTY) {
			gc_reject(b, m, KERR_UNKNOWN_MEMBER_ID);
			return;
		}
		if (g == NULL)
			g = gc_add(&b->groups, p->group, partition);
	} else {
		mem = g != NULL ? gm_find(g, p->member_id) : NULL;
		if (mem == NULL) {
			gc_reject(b, m, g == NULL ? KERR_ILLEGAL_GENERATION :
			    KERR_UNKNOWN_MEMBER_ID);
			return;
		}
		if (p->generation != g->generation) {
			gc_reject(b, m, KERR_ILLEGAL_GENERATION);
			return;
		}
		if (g->state == GROUP_COMPLETING_REBALANCE) {
			gc_reject(b, m, KERR_REBALANCE_IN_PROGRESS);
			return;
		}
		mem->last_heartbeat_ms = now;
	}
	if (p->n_offsets == 0) {
		gc_reject(b, m, KERR_NONE);
		return;
	}
	recs = xreallocarray(NULL, (size_t)p->n_offsets, sizeof *recs);
	for (i = 0; i < p->n_offsets; i++) {
		snprintf(key, sizeof key, "offset\t%s\t%s\t%d", p->group,
		    p->offsets[i].topic, p->offsets[i].partition);
		snprintf(val, sizeof val, "%" PRId64, p->offsets[i].offset);
		recs[i] = gc_record(key, val);
	}
	end = broker_append_internal(b, r, recs, p->n_offsets, now);
	free(recs);
	snprintf(m->topic, sizeof m->topic, "%s", GROUP_OFFSETS_TOPIC);
	m->partition = partition;
	if (r->hw >= end)
		gcoord_commit_done(b, m, KERR_NONE);
	else
		broker_park_commit(b, m, now + b->settings.request_timeout_ms,
		    end);
}

void
gcoord_commit_done(struct broker *b, struct msg *req, enum kerr error)
{
	struct gc_group *g = gc_find(&b->groups, req->gp->group);
	int i;

	if (error == KERR_NONE && g == NULL)
		error = KERR_NOT_COORDINATOR;
	if (error == KERR_NONE) {
		for (i = 0; i < req->gp->n_offsets; i++)
			gc_offset_set(g, req->gp->offsets[i].topic,
			    req->gp->offsets[i].partition,
			    req->gp->offsets[i].offset);
	}
	if (b->state != BROKER_DOWN)
		gc_reply(b, req, error);
	msg_free(req);
}

static void
gc_on_offset_fetch(struct broker *b, struct gc_group *g, struct msg *m)
{
	struct msg *resp = gc_reply(b, m, KERR_NONE);
	struct gpayload *p = resp->gp;
	int i;

	if (m->gp->n_offsets > 0) {
		/* The partitions asked for, -1 where nothing is committed. */
		p->offsets = xcalloc((size_t)m->gp->n_offsets,
		    sizeof *p->offsets);
		p->n_offsets = m->gp->n_offsets;
		for (i = 0; i < p->n_offsets; i++) {
			p->offsets[i] = m->gp->offsets[i];
			p->offsets[i].offset = g != NULL ? gc_offset_get(g,
			    p->offsets[i].topic, p->offsets[i].partition) : -1;
		}
	} else if (g != NULL && g->n_offsets > 0) {
		p->offsets = xcalloc((size_t)g->n_offsets, sizeof *p->offsets);
		p->n_offsets = g->n_offsets;
		for (i = 0; i < g->n_offsets; i++) {
			snprintf(p->offsets[i].topic,
			    sizeof p->offsets[i].topic, "%s",
			    g->offsets[i].topic);
			p->offsets[i].partition = g->offsets[i].partition;
			p->offsets[i].offset = g->offsets[i].offset;
		}
	}
	msg_free(m);
}

/* DescribeGroups: an unknown group is Dead with no members; assignments
 * are only shown while Stable (GroupMetadata.summary). */
static void
gc_on_describe(struct broker *b, struct gc_group *g, struct msg *m)
{
	struct msg *resp = gc_reply(b, m, KERR_NONE);
	struct gpayload *p = resp->gp;
	int i;

	p->state = g != NULL ? g->state : GROUP_DEAD;
	p->coordinator = b->id;
	if (g != NULL) {
		p->generation = g->generation;
		snprintf(p->assignor, sizeof p->assignor, "%s", g->assignor);
		snprintf(p->leader_id, sizeof p->leader_id, "%s", g->leader);
		if (g->n_members > 0)
			p->members = xcalloc((size_t)g->n_members,
			    sizeof *p->members);
		p->n_members = g->n_members;
		for (i = 0; i < g->n_members; i++) {
			const struct gc_member *gm = &g->members[i];
			struct gp_member *pm = &p->members[i];

			snprintf(pm->member_id, sizeof pm->member_id, "%s",
			    gm->id);
			snprintf(pm->client_id, sizeof pm->client_id, "%s",
			    gm->client_id);
			snprintf(pm->host, sizeof pm->host, "%s", gm->host);
			snprintf(pm->topic, sizeof pm->topic, "%s", gm->topic);
			if (g->state == GROUP_STABLE && gm->n_parts > 0) {
				pm->parts = ints_dup(gm->parts, gm->n_parts);
				pm->n_parts = gm->n_parts;
			}
		}
	}
	msg_free(m);
}

static void
gc_on_list(struct broker *b, struct msg *m)
{
	struct msg *resp = gc_reply(b, m, KERR_NONE);
	struct gpayload *p = resp->gp;
	int i;

	if (b->groups.n_groups > 0)
		p->listings = xcalloc((size_t)b->groups.n_groups,
		    sizeof *p->listings);
	for (i = 0; i < b->groups.n_groups; i++) {
		snprintf(p->listings[i].group, sizeof p->listings[i].group,
		    "%s", b->groups.groups[i].id);
		p->listings[i].state = b->groups.groups[i].state;
	}
	p->n_listings = b->groups.n_groups;
	msg_free(m);
}

/* FindCoordinator: the leader of the group's partition, as this broker's
 * metadata says.  Without __consumer_offsets, ask the controller to
 * create it and answer COORDINATOR_NOT_AVAILABLE meanwhile. */
static void
gc_on_find(struct broker *b, struct msg *m, int64_t now)
{
	const struct topic_reg *t = image_topic(&b->image,
	    GROUP_OFFSETS_TOPIC);
	struct msg *resp;
	int p, leader;

	if (t == NULL || t->n_partitions < 1) {
		if (b->internal_topic_asked_ms < 0 ||
		    now - b->internal_topic_asked_ms >=
		    b->settings.request_timeout_ms) {
			struct msg *c = msg_new(MSG_CREATE_INTERNAL_TOPIC,
			    b->id, NODE_CONTROLLER);

			c->broker_epoch = b->broker_epoch;
			outbox_push(&b->out, c);
			b->internal_topic_asked_ms = now;
		}
		gc_reject(b, m, KERR_COORDINATOR_NOT_AVAILABLE);
		return;
	}
	p = group_partition_for(m->gp->group, t->n_partitions);
	leader = t->parts[p].leader;
	if (leader == ISR_NO_LEADER || !image_broker_active(&b->image, leader))
		resp = gc_reply(b, m, KERR_COORDINATOR_NOT_AVAILABLE);
	else {
		resp = gc_reply(b, m, KERR_NONE);
		resp->gp->coordinator = leader;
	}
	msg_free(m);
}

void
gcoord_step(struct broker *b, struct msg *m, int64_t now)
{
	const struct topic_reg *t;
	struct replica *r;
	struct gc_group *g;
	int p;

	if (m->gp == NULL)
		m->gp = gpayload_new();
	if (b->state != BROKER_RUNNING && b->state != BROKER_STOPPING) {
		gc_reject(b, m, KERR_COORDINATOR_NOT_AVAILABLE);
		return;
	}
	if (m->type == MSG_FIND_COORDINATOR) {
		gc_on_find(b, m, now);
		return;
	}
	if (m->type == MSG_LIST_GROUPS) {
		gc_on_list(b, m);
		return;
	}
	t = image_topic(&b->image, GROUP_OFFSETS_TOPIC);
	p = t != NULL ? group_partition_for(m->gp->group, t->n_partitions) :
	    -1;
	r = p >= 0 ? gc_replica(b, p) : NULL;
	if (r == NULL) {
		gc_reject(b, m, KERR_NOT_COORDINATOR);
		return;
	}
	g = gc_find(&b->groups, m->gp->group);
	switch (m->type) {
	case MSG_JOIN_GROUP:
		if (g == NULL && m->gp->member_id[0] != '\0') {
			gc_reject(b, m, KERR_UNKNOWN_MEMBER_ID);
			return;
		}
		if (g == NULL)
			g = gc_add(&b->groups, m->gp->group, p);
		gc_on_join(b, g, m, now);
		break;
	case MSG_SYNC_GROUP:
		gc_on_sync(b, g, m, now);
		break;
	case MSG_GROUP_HEARTBEAT:
		gc_on_heartbeat(b, g, m, now);
		break;
	case MSG_LEAVE_GROUP:
		gc_on_leave(b, g, m, now);
		break;
	case MSG_OFFSET_COMMIT:
		gc_on_commit(b, g, m, now, r, p);
		break;
	case MSG_OFFSET_FETCH:
		gc_on_offset_fetch(b, g, m);
		break;
	case MSG_DESCRIBE_GROUP:
		gc_on_describe(b, g, m);
		break;
	default:
		msg_free(m);
		break;
	}
}

void
gcoord_tick(struct broker *b, int64_t now)
{
	int gi, i;

	for (gi = 0; gi < b->groups.n_groups; gi++) {
		struct gc_group *g = &b->groups.groups[gi];

		/* onExpireHeartbeat: members awaiting a join or sync answer
		 * are kept alive. */
		i = 0;
		while (i < g->n_members) {
			struct gc_member *m = &g->members[i];
			char why[GROUP_MEMBER_ID_MAX + 96];

			if (m->join != NULL || m->sync != NULL ||
			    now - m->last_heartbeat_ms <=
			    m->session_timeout_ms) {
				i++;
				continue;
			}
			snprintf(why, sizeof why, "member %.200s expired: no "
			    "heartbeat for %" PRId64 " ms", m->id,
			    m->session_timeout_ms);
			gc_member_gone(b, g, m, now, why);
			i = 0;
		}
		gc_maybe_complete_join(b, g, now);
	}
}

int64_t
gcoord_next_deadline(const struct broker *b)
{
	int64_t next = NEVER;
	int gi, i;

	for (gi = 0; gi < b->groups.n_groups; gi++) {
		const struct gc_group *g = &b->groups.groups[gi];

		if (g->state == GROUP_PREPARING_REBALANCE &&
		    g->join_deadline_ms < next)
			next = g->join_deadline_ms;
		for (i = 0; i < g->n_members; i++) {
			const struct gc_member *m = &g->members[i];
			int64_t t = m->last_heartbeat_ms +
			    m->session_timeout_ms + 1;

			if (m->join == NULL && m->sync == NULL && t < next)
				next = t;
		}
	}
	return next;
}

/* --- Loading and unloading ------------------------------------------ */

/* Split s at the first sep: returns the rest (or NULL), s is cut. */
static char *
gc_cut(char *s, char sep)
{
	char *p = s != NULL ? strchr(s, sep) : NULL;

	if (p == NULL)
		return NULL;
	*p = '\0';
	return p + 1;
}

static void
gc_load_group_record(struct gc_group *g, char *val, int64_t now)
{
	char *line = val, *next, *f[7];
	int i, k;

	for (i = 0; i < g->n_members; i++)
		gm_free(&g->members[i]);
	g->n_members = 0;
	next = gc_cut(line, '\n');
	f[0] = line;
	for (k = 1; k < 3; k++)
		f[k] = gc_cut(f[k - 1], '\t');
	g->generation = (int32_t)strtol(f[0], NULL, 10);
	snprintf(g->assignor, sizeof g->assignor, "%s", f[1] ? f[1] : "");
	snprintf(g->leader, sizeof g->leader, "%s", f[2] ? f[2] : "");
	while ((line = next) != NULL) {
		struct gc_member *m;
		char *pp;

		next = gc_cut(line, '\n');
		f[0] = line;
		for (k = 1; k < 7; k++)
			f[k] = gc_cut(f[k - 1], '\t');
		if (f[6] == NULL)
			continue;
		m = gm_add(g);
		snprintf(m->id, sizeof m->id, "%s", f[0]);
		snprintf(m->client_id, sizeof m->client_id, "%s", f[1]);
		snprintf(m->host, sizeof m->host, "%s", f[2]);
		snprintf(m->topic, sizeof m->topic, "%s", f[3]);
		m->session_timeout_ms = strtoll(f[4], NULL, 10);
		m->rebalance_timeout_ms = strtoll(f[5], NULL, 10);
		m->last_heartbeat_ms = now;
		for (pp = f[6]; pp != NULL && *pp != '\0';
		    pp = gc_cut(pp, ',')) {
			m->parts = xreallocarray(m->parts,
			    (size_t)m->n_parts + 1, sizeof *m->parts);
			m->parts[m->n_parts++] = (int)strtol(pp, NULL, 10);
		}
	}
	g->state = g->n_members > 0 ? GROUP_STABLE : GROUP_EMPTY;
}

void
gcoord_load(struct broker *b, struct replica *r, int64_t now)
{
	int64_t off;
	int loaded = 0, before;
	struct event *e;

	gcoord_unload(b, r->partition);
	before = b->groups.n_groups;
	for (off = r->log.log_start; off < r->log.leo; off++) {
		const struct record *rec = plog_get(&r->log, off);
		char *key, *val, *f1, *f2, *f3;
		struct gc_group *g;

		if (rec == NULL || rec->key_len == PLOG_NULL_KEY)
			continue;
		key = xstrndup(rec->data, rec->key_len);
		val = xstrndup(record_value(rec), rec->value_len);
		f1 = gc_cut(key, '\t');
		f2 = gc_cut(f1, '\t');
		f3 = gc_cut(f2, '\t');
		if (f1 != NULL) {
			g = gc_find(&b->groups, f1);
			if (g == NULL)
				g = gc_add(&b->groups, f1, r->partition);
			if (strcmp(key, "group") == 0)
				gc_load_group_record(g, val, now);
			else if (strcmp(key, "offset") == 0 && f2 != NULL &&
			    f3 != NULL)
				gc_offset_set(g, f2, (int)strtol(f3, NULL, 10),
				    strtoll(val, NULL, 10));
		}
		free(key);
		free(val);
	}
	loaded = b->groups.n_groups - before;
	if (loaded > 0) {
		e = evq_push(&b->events, EV_NOTE, now);
		e->broker = b->id;
		snprintf(e->topic, sizeof e->topic, "%s", GROUP_OFFSETS_TOPIC);
		e->partition = r->partition;
		snprintf(e->reason, sizeof e->reason, "broker %d is the group "
		    "coordinator: loaded %d group(s)", b->id, loaded);
	}
}

void
gcoord_unload(struct broker *b, int partition)
{
	int gi = 0, i;

	while (gi < b->groups.n_groups) {
		struct gc_group *g = &b->groups.groups[gi];

		if (partition >= 0 && g->partition != partition) {
			gi++;
			continue;
		}
		for (i = 0; i < g->n_members; i++) {
			gc_answer_join(b, &g->members[i], KERR_NOT_COORDINATOR);
			gc_answer_sync(b, &g->members[i], KERR_NOT_COORDINATOR);
		}
		gc_group_free(g);
		b->groups.groups[gi] = b->groups.groups[--b->groups.n_groups];
	}
}
