/*
 * group.c - the group coordinator, the group payload and the assignors
 * (see group.h for the design).
 *
 * The coordinator follows core/src/main/scala/kafka/coordinator/group/
 * GroupCoordinator.scala at 3.7.0 request by request: handleJoinGroup
 * (doNewMemberJoinGroup, doStaticNewMemberJoinGroup, doDynamicNewMember-
 * JoinGroup, doCurrentMemberJoinGroup, updateStaticMemberAndRebalance),
 * prepareRebalance, onCompleteJoin, handleSyncGroup (validateSyncGroup,
 * doSyncGroup), onExpirePendingSync, handleHeartbeat, handleLeaveGroup,
 * onExpireHeartbeat, handleCommitOffsets (validateOffsetCommit), handle-
 * FetchOffsets, handleDescribeGroup, handleListGroups; GroupMetadata.scala
 * for supportsProtocols, selectProtocol and the leader.
 * GroupMetadataManager's records are text records in __consumer_offsets:
 *   key "offset\tGROUP\tTOPIC\tPARTITION"  value "OFFSET\tLEADER_EPOCH"
 *   key "group\tGROUP"  value "GENERATION\tPROTOCOL_TYPE\tPROTOCOL\tLEADER"
 *       and one line per member "\nID\tINSTANCE\tCLIENT\tHOST\tSESSION\t
 *       REBALANCE\tMETADATA\tASSIGNMENT" (the two byte strings in hex)
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

static void
gp_members_free(struct gp_member *v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		cbytes_clear(&v[i].meta);
		cbytes_clear(&v[i].assign);
	}
	free(v);
}

static void
gp_protocols_free(struct gp_protocol *v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		cbytes_clear(&v[i].meta);
	free(v);
}

void
gpayload_free(struct gpayload *p)
{
	if (p == NULL)
		return;
	gp_protocols_free(p->protocols, p->n_protocols);
	gp_members_free(p->members, p->n_members);
	free(p->offsets);
	free(p->listings);
	cbytes_clear(&p->assign);
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

/* n elements of size sz from v, or NULL when there are none. */
static void *
array_dup(const void *v, int n, size_t sz)
{
	void *d;

	if (n <= 0)
		return NULL;
	d = xreallocarray(NULL, (size_t)n, sz);
	memcpy(d, v, (size_t)n * sz);
	return d;
}

static void
cbytes_copy(struct cbytes *dst, const struct cbytes *src)
{
	dst->p = NULL;
	dst->n = 0;
	cbytes_set(dst, src->p, src->n);
}

static struct gp_protocol *
gp_protocols_dup(const struct gp_protocol *v, int n)
{
	struct gp_protocol *d = array_dup(v, n, sizeof *v);
	int i;

	for (i = 0; i < n; i++)
		cbytes_copy(&d[i].meta, &v[i].meta);
	return d;
}

struct gpayload *
gpayload_copy(const struct gpayload *p)
{
	struct gpayload *d = xmalloc(sizeof *d);
	int i;

	*d = *p;
	d->protocols = gp_protocols_dup(p->protocols, p->n_protocols);
	d->members = array_dup(p->members, p->n_members, sizeof *p->members);
	for (i = 0; i < p->n_members; i++) {
		cbytes_copy(&d->members[i].meta, &p->members[i].meta);
		cbytes_copy(&d->members[i].assign, &p->members[i].assign);
	}
	d->offsets = array_dup(p->offsets, p->n_offsets, sizeof *p->offsets);
	d->listings = array_dup(p->listings, p->n_listings,
	    sizeof *p->listings);
	cbytes_copy(&d->assign, &p->assign);
	d->parts = p->parts != NULL ? ints_dup(p->parts, p->n_parts) : NULL;
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

/* AbstractPartitionAssignor.MemberInfo.compareTo. */
static int
cmp_sub(const void *a, const void *b)
{
	const struct group_sub *x = *(const struct group_sub *const *)a;
	const struct group_sub *y = *(const struct group_sub *const *)b;
	bool sx = x->instance_id != NULL && x->instance_id[0] != '\0';
	bool sy = y->instance_id != NULL && y->instance_id[0] != '\0';

	if (sx && sy)
		return strcmp(x->instance_id, y->instance_id);
	if (sx != sy)
		return sx ? -1 : 1;
	return strcmp(x->member_id, y->member_id);
}

static int
cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool
sub_has(const struct group_sub *s, const char *topic)
{
	int i;

	for (i = 0; i < s->n_topics; i++) {
		if (strcmp(s->topics[i], topic) == 0)
			return true;
	}
	return false;
}

/* Member i of subs gets partition p of topic. */
static void
assign_add(struct cproto_topic **out, int *n_out, int i, const char *topic,
    int p)
{
	struct cproto_topic *t = NULL;
	int k;

	for (k = 0; k < n_out[i]; k++) {
		if (strcmp(out[i][k].name, topic) == 0)
			t = &out[i][k];
	}
	if (t == NULL) {
		out[i] = xreallocarray(out[i], (size_t)n_out[i] + 1,
		    sizeof *out[i]);
		t = &out[i][n_out[i]++];
		memset(t, 0, sizeof *t);
		snprintf(t->name, sizeof t->name, "%s", topic);
	}
	t->parts = xreallocarray(t->parts, (size_t)t->n_parts + 1,
	    sizeof *t->parts);
	t->parts[t->n_parts++] = p;
}

int
group_assign(const char *assignor, const struct group_sub *subs, int n,
    const struct group_topic *topics, int n_topics,
    struct cproto_topic **out, int *n_out)
{
	const struct group_sub **sorted;
	const char **names;
	bool range = strcmp(assignor, "range") == 0;
	int i, k, t, n_names = 0, rr = 0;

	if (!range && strcmp(assignor, "roundrobin") != 0)
		return -1;
	for (i = 0; i < n; i++) {
		out[i] = NULL;
		n_out[i] = 0;
	}
	if (n <= 0)
		return 0;
	sorted = xreallocarray(NULL, (size_t)n, sizeof *sorted);
	for (i = 0; i < n; i++)
		sorted[i] = &subs[i];
	qsort(sorted, (size_t)n, sizeof *sorted, cmp_sub);
	/* The subscribed topics with metadata, sorted by name. */
	names = xreallocarray(NULL, (size_t)(n_topics > 0 ? n_topics : 1),
	    sizeof *names);
	for (t = 0; t < n_topics; t++) {
		for (i = 0; i < n && !sub_has(&subs[i], topics[t].name); i++)
			continue;
		if (i < n)
			names[n_names++] = topics[t].name;
	}
	qsort(names, (size_t)n_names, sizeof *names, cmp_str_ptr);
	for (t = 0; t < n_names; t++) {
		int np = 0, nsub = 0, j;
		int *members = xreallocarray(NULL, (size_t)n, sizeof *members);

		for (k = 0; k < n_topics; k++) {
			if (strcmp(topics[k].name, names[t]) == 0)
				np = topics[k].n_partitions;
		}
		for (j = 0; j < n; j++) {
			if (sub_has(sorted[j], names[t]))
				members[nsub++] = (int)(sorted[j] - subs);
		}
		if (range) {
			/* RangeAssignor.assignRanges. */
			int per = np / nsub, extra = np % nsub;

			for (j = 0; j < nsub; j++) {
				int start = per * j + (j < extra ? j : extra);
				int len = per + (j + 1 > extra ? 0 : 1);

				for (k = 0; k < len; k++)
					assign_add(out, n_out, members[j],
					    names[t], start + k);
			}
		} else {
			/* RoundRobinAssignor: one circle over every topic;
			 * members not subscribed to this one are passed. */
			for (k = 0; k < np; k++) {
				while (!sub_has(sorted[rr % n], names[t]))
					rr++;
				assign_add(out, n_out,
				    (int)(sorted[rr % n] - subs), names[t], k);
				rr++;
			}
		}
		free(members);
	}
	free(names);
	free(sorted);
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
	g->sync_deadline_ms = NEVER;
	return g;
}

static struct gc_member *
gm_find_in(struct gc_member *v, int n, const char *id)
{
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i].id, id) == 0)
			return &v[i];
	}
	return NULL;
}

static struct gc_member *
gm_find(struct gc_group *g, const char *id)
{
	return g != NULL ? gm_find_in(g->members, g->n_members, id) : NULL;
}

/* GroupMetadata.currentStaticMemberId. */
static struct gc_member *
gm_find_static(struct gc_group *g, const char *instance_id)
{
	int i;

	for (i = 0; g != NULL && i < g->n_members; i++) {
		if (instance_id[0] != '\0' &&
		    strcmp(g->members[i].instance_id, instance_id) == 0)
			return &g->members[i];
	}
	return NULL;
}

static void
gm_free(struct gc_member *m)
{
	gp_protocols_free(m->protocols, m->n_protocols);
	msg_free(m->join);
	msg_free(m->sync);
	cbytes_clear(&m->assign);
	memset(m, 0, sizeof *m);
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

/* GroupMetadata.remove: the next member leads when the leader goes. */
static void
gm_remove(struct gc_group *g, struct gc_member *m)
{
	int i = (int)(m - g->members);
	bool leader = strcmp(g->leader, m->id) == 0;

	gm_free(m);
	memmove(&g->members[i], &g->members[i + 1],
	    (size_t)(g->n_members - i - 1) * sizeof *g->members);
	g->n_members--;
	if (leader)
		snprintf(g->leader, sizeof g->leader, "%s",
		    g->n_members > 0 ? g->members[0].id : "");
}

static void
gc_pending_remove(struct gc_group *g, struct gc_member *p)
{
	*p = g->pending[--g->n_pending];
}

static void
gc_group_free(struct gc_group *g)
{
	int i;

	for (i = 0; i < g->n_members; i++)
		gm_free(&g->members[i]);
	free(g->members);
	free(g->pending);
	free(g->offsets);
	g->members = NULL;
	g->pending = NULL;
	g->offsets = NULL;
	g->n_members = g->n_pending = g->n_offsets = 0;
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
gc_offset_set(struct gc_group *g, const struct gp_offset *o)
{
	struct gc_offset *d = NULL;
	int i;

	for (i = 0; i < g->n_offsets; i++) {
		if (g->offsets[i].partition == o->partition &&
		    strcmp(g->offsets[i].topic, o->topic) == 0)
			d = &g->offsets[i];
	}
	if (d == NULL) {
		g->offsets = xreallocarray(g->offsets,
		    (size_t)g->n_offsets + 1, sizeof *g->offsets);
		d = &g->offsets[g->n_offsets++];
		snprintf(d->topic, sizeof d->topic, "%s", o->topic);
		d->partition = o->partition;
	}
	d->offset = o->offset;
	d->leader_epoch = o->leader_epoch;
}

static const struct gc_offset *
gc_offset_get(const struct gc_group *g, const char *topic, int partition)
{
	int i;

	for (i = 0; g != NULL && i < g->n_offsets; i++) {
		if (g->offsets[i].partition == partition &&
		    strcmp(g->offsets[i].topic, topic) == 0)
			return &g->offsets[i];
	}
	return NULL;
}

/* --- Coordinator: protocols ------------------------------------------ */

static const struct gp_protocol *
gm_protocol(const struct gc_member *m, const char *name)
{
	int i;

	for (i = 0; i < m->n_protocols; i++) {
		if (strcmp(m->protocols[i].name, name) == 0)
			return &m->protocols[i];
	}
	return NULL;
}

/* Whether every member offers protocol name. */
static bool
gc_all_offer(const struct gc_group *g, const char *name)
{
	int i;

	for (i = 0; i < g->n_members; i++) {
		if (gm_protocol(&g->members[i], name) == NULL)
			return false;
	}
	return true;
}

/* GroupMetadata.supportsProtocols: an empty group takes any non-empty
 * protocol type and list; otherwise the type must match and one of the
 * protocols be offered by every member. */
static bool
gc_supports(const struct gc_group *g, const struct gpayload *p)
{
	int i;

	if (g->state == GROUP_EMPTY)
		return p->protocol_type[0] != '\0' && p->n_protocols > 0;
	if (strcmp(g->protocol_type, p->protocol_type) != 0)
		return false;
	for (i = 0; i < p->n_protocols; i++) {
		if (gc_all_offer(g, p->protocols[i].name))
			return true;
	}
	return false;
}

/* GroupMetadata.selectProtocol: each member votes for the first protocol
 * in its own order that every member offers; the most votes win (a tie
 * goes to the one voted for first). */
static const char *
gc_select_protocol(const struct gc_group *g)
{
	const char *best = NULL;
	int i, j, k, votes, best_votes = 0;

	for (i = 0; i < g->n_members; i++) {
		const char *vote = NULL, *other;

		for (k = 0; k < g->members[i].n_protocols && vote == NULL; k++) {
			if (gc_all_offer(g, g->members[i].protocols[k].name))
				vote = g->members[i].protocols[k].name;
		}
		if (vote == NULL)
			continue;
		votes = 0;
		for (j = 0; j < g->n_members; j++) {
			other = NULL;
			for (k = 0; k < g->members[j].n_protocols &&
			    other == NULL; k++) {
				if (gc_all_offer(g,
				    g->members[j].protocols[k].name))
					other = g->members[j].protocols[k].name;
			}
			if (other != NULL && strcmp(other, vote) == 0)
				votes++;
		}
		if (votes > best_votes) {
			best = vote;
			best_votes = votes;
		}
	}
	return best != NULL ? best : "";
}

/* MemberMetadata.matches: the same protocols, names and bytes, in the
 * same order. */
static bool
gm_matches(const struct gc_member *m, const struct gpayload *p)
{
	int i;

	if (m->n_protocols != p->n_protocols)
		return false;
	for (i = 0; i < p->n_protocols; i++) {
		if (strcmp(m->protocols[i].name, p->protocols[i].name) != 0 ||
		    !cbytes_equal(&m->protocols[i].meta, &p->protocols[i].meta))
			return false;
	}
	return true;
}

/* GroupMetadata.rebalanceTimeoutMs: the largest of the members'. */
static int64_t
gc_rebalance_timeout(const struct gc_group *g)
{
	int64_t t = 0;
	int i;

	for (i = 0; i < g->n_members; i++) {
		if (g->members[i].rebalance_timeout_ms > t)
			t = g->members[i].rebalance_timeout_ms;
	}
	return t;
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

/* Member ids are client.id (group.instance.id for static members) + "-"
 * + a UUID (GroupMetadata.generateMemberId's UUID.randomUUID), made here
 * from a counter so runs are reproducible. */
static void
gc_member_id(struct broker *b, const char *prefix, const char *group,
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
	snprintf(out, len, "%.255s-%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64
	    "-%04" PRIx64 "-%012" PRIx64, prefix, (uint64_t)(hi >> 32),
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
	rec.data = record_bytes(kl + vl + 1);
	memcpy(rec.data, key, kl);
	memcpy(rec.data + kl, value, vl);
	return rec;
}

/* A text field of a group record: tabs and line ends would split it. */
static void
put_field(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++)
		strbuf_addc(sb, *s == '\t' || *s == '\n' ? ' ' : *s);
}

static void
put_hex(struct strbuf *sb, const struct cbytes *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		strbuf_printf(sb, "%02x", b->p[i]);
}

/* GroupMetadataManager.storeGroup: the group's generation, protocol and
 * members with their metadata for the group's protocol and assignment. */
static void
gc_store_group(struct broker *b, struct gc_group *g, int64_t now)
{
	struct replica *r = gc_replica(b, g->partition);
	struct strbuf key = STRBUF_INIT, val = STRBUF_INIT;
	struct record rec;
	int i;

	if (r == NULL)
		return;
	strbuf_printf(&key, "group\t%s", g->id);
	strbuf_printf(&val, "%" PRId32 "\t", g->generation);
	put_field(&val, g->protocol_type);
	strbuf_addc(&val, '\t');
	put_field(&val, g->protocol);
	strbuf_printf(&val, "\t%s", g->leader);
	for (i = 0; i < g->n_members; i++) {
		const struct gc_member *m = &g->members[i];
		const struct gp_protocol *pr = gm_protocol(m, g->protocol);

		strbuf_printf(&val, "\n%s\t", m->id);
		put_field(&val, m->instance_id);
		strbuf_addc(&val, '\t');
		put_field(&val, m->client_id);
		strbuf_addc(&val, '\t');
		put_field(&val, m->host);
		strbuf_printf(&val, "\t%" PRId64 "\t%" PRId64 "\t",
		    m->session_timeout_ms, m->rebalance_timeout_ms);
		if (pr != NULL)
			put_hex(&val, &pr->meta);
		strbuf_addc(&val, '\t');
		put_hex(&val, &m->assign);
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
	if (error == KERR_NONE)
		cbytes_copy(&resp->gp->assign, &m->assign);
	msg_free(m->sync);
	m->sync = NULL;
}

static void
gc_answer_join_error(struct broker *b, struct gc_member *m, enum kerr error)
{
	if (m->join == NULL)
		return;
	gc_reply(b, m->join, error);
	msg_free(m->join);
	m->join = NULL;
}

/* A member as JoinGroup (to the leader) and DescribeGroups give it: its
 * ids and host, and its metadata for protocol (none when NULL). */
static void
gm_describe(const struct gc_member *gm, const char *protocol,
    struct gp_member *pm)
{
	const struct gp_protocol *pr = protocol != NULL ?
	    gm_protocol(gm, protocol) : NULL;

	snprintf(pm->member_id, sizeof pm->member_id, "%s", gm->id);
	snprintf(pm->instance_id, sizeof pm->instance_id, "%s",
	    gm->instance_id);
	snprintf(pm->client_id, sizeof pm->client_id, "%s", gm->client_id);
	snprintf(pm->host, sizeof pm->host, "%s", gm->host);
	if (pr != NULL)
		cbytes_copy(&pm->meta, &pr->meta);
}

/* A successful JoinGroup answer for the current generation to m's parked
 * request (or to req when given), naming leader as the group's leader;
 * the leader is given every member's metadata. */
static void
gc_answer_join(struct broker *b, struct gc_group *g, struct gc_member *m,
    struct msg *req, const char *leader)
{
	struct msg *resp = gc_reply(b, req != NULL ? req : m->join, KERR_NONE);
	struct gpayload *p = resp->gp;
	int k;

	snprintf(p->member_id, sizeof p->member_id, "%s", m->id);
	snprintf(p->leader_id, sizeof p->leader_id, "%s", leader);
	snprintf(p->protocol_type, sizeof p->protocol_type, "%s",
	    g->protocol_type);
	snprintf(p->protocol, sizeof p->protocol, "%s", g->protocol);
	p->generation = g->generation;
	if (strcmp(m->id, leader) == 0 && g->n_members > 0) {
		p->members = xcalloc((size_t)g->n_members, sizeof *p->members);
		p->n_members = g->n_members;
		for (k = 0; k < g->n_members; k++)
			gm_describe(&g->members[k], g->protocol,
			    &p->members[k]);
	}
	if (req != NULL)
		msg_free(req);
	else {
		msg_free(m->join);
		m->join = NULL;
	}
}

/* GroupCoordinator.prepareRebalance. */
static void
gc_prepare_rebalance(struct broker *b, struct gc_group *g, int64_t now,
    const char *why)
{
	int i;

	if (g->state == GROUP_COMPLETING_REBALANCE) {
		/* resetAndPropagateAssignmentError */
		for (i = 0; i < g->n_members; i++)
			gc_answer_sync(b, &g->members[i],
			    KERR_REBALANCE_IN_PROGRESS);
	}
	/* removeSyncExpiration */
	for (i = 0; i < g->n_members; i++)
		g->members[i].sync_pending = false;
	g->sync_deadline_ms = NEVER;
	if (g->state == GROUP_EMPTY) {
		/* InitialDelayedJoin: wait for more members to come. */
		g->initial_delay = true;
		g->join_deadline_ms = now + b->settings.group_initial_delay_ms;
	} else {
		g->initial_delay = false;
		g->join_deadline_ms = now + gc_rebalance_timeout(g);
	}
	g->state = GROUP_PREPARING_REBALANCE;
	gc_note(b, g, now, why);
}

/* maybePrepareRebalance: from Stable, CompletingRebalance or Empty. */
static void
gc_maybe_prepare_rebalance(struct broker *b, struct gc_group *g,
    int64_t now, const char *why)
{
	if (g->state != GROUP_PREPARING_REBALANCE && g->state != GROUP_DEAD)
		gc_prepare_rebalance(b, g, now, why);
}

/* GroupCoordinator.onCompleteJoin: drop dynamic members that did not
 * rejoin, start the next generation and answer every parked JoinGroup. */
static void
gc_complete_join(struct broker *b, struct gc_group *g, int64_t now)
{
	char what[160];
	int i;

	i = 0;
	while (i < g->n_members) {
		if (g->members[i].join == NULL &&
		    g->members[i].instance_id[0] == '\0')
			gm_remove(g, &g->members[i]);
		else
			i++;
	}
	g->initial_delay = false;
	if (g->n_members > 0) {
		/* maybeElectNewJoinedLeader: a static leader that has not
		 * rejoined hands over to one that has; if none has, wait. */
		struct gc_member *lead = gm_find(g, g->leader);

		if (lead == NULL || lead->join == NULL) {
			for (i = 0; i < g->n_members; i++) {
				if (g->members[i].join != NULL)
					break;
			}
			if (i == g->n_members) {
				g->join_deadline_ms = now +
				    gc_rebalance_timeout(g);
				return;
			}
			snprintf(g->leader, sizeof g->leader, "%s",
			    g->members[i].id);
		}
	}
	g->generation++;
	if (g->n_members == 0) {
		g->state = GROUP_EMPTY;
		g->protocol[0] = '\0';
		g->leader[0] = '\0';
		snprintf(what, sizeof what, "generation %" PRId32 " with no "
		    "members: Empty", g->generation);
		gc_note(b, g, now, what);
		gc_store_group(b, g, now);
		return;
	}
	snprintf(g->protocol, sizeof g->protocol, "%s",
	    gc_select_protocol(g));
	g->state = GROUP_COMPLETING_REBALANCE;
	for (i = 0; i < g->n_members; i++) {
		struct gc_member *m = &g->members[i];

		if (m->join != NULL)
			gc_answer_join(b, g, m, NULL, g->leader);
		m->last_heartbeat_ms = now;
		m->sync_pending = true;
	}
	/* schedulePendingSync */
	g->sync_deadline_ms = now + gc_rebalance_timeout(g);
	snprintf(what, sizeof what, "generation %" PRId32 " with %d "
	    "member(s), rebalancing", g->generation, g->n_members);
	gc_note(b, g, now, what);
}

/* The join phase ends when every member has rejoined and no member id
 * handed out is still pending (after the initial delay), or when the
 * rebalance timeout is up. */
static void
gc_maybe_complete_join(struct broker *b, struct gc_group *g, int64_t now)
{
	bool all = g->n_pending == 0;
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
	gc_answer_join_error(b, m, KERR_UNKNOWN_MEMBER_ID);
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

/* GroupCoordinator.validateCurrentMember: a static member's instance id
 * must map to this member id; the member must exist. */
static enum kerr
gc_validate_member(struct gc_group *g, const char *member_id,
    const char *instance_id, struct gc_member **out)
{
	struct gc_member *s;

	*out = NULL;
	if (g == NULL)
		return KERR_UNKNOWN_MEMBER_ID;
	if (instance_id[0] != '\0') {
		if ((s = gm_find_static(g, instance_id)) == NULL)
			return KERR_UNKNOWN_MEMBER_ID;
		if (strcmp(s->id, member_id) != 0)
			return KERR_FENCED_INSTANCE_ID;
	}
	if ((*out = gm_find(g, member_id)) == NULL)
		return KERR_UNKNOWN_MEMBER_ID;
	return KERR_NONE;
}

/* Take a JoinGroup's protocols and timeouts into m and park the request
 * (GroupMetadata.updateMember / add). */
static void
gm_update(struct gc_member *m, struct msg *req, int64_t now)
{
	struct gpayload *p = req->gp;

	gp_protocols_free(m->protocols, m->n_protocols);
	m->protocols = p->protocols;
	m->n_protocols = p->n_protocols;
	p->protocols = NULL;
	p->n_protocols = 0;
	snprintf(m->protocol_type, sizeof m->protocol_type, "%s",
	    p->protocol_type);
	m->session_timeout_ms = p->session_timeout_ms;
	m->rebalance_timeout_ms = p->rebalance_timeout_ms;
	m->last_heartbeat_ms = now;
	msg_free(m->join);
	m->join = req;
}

/* addMemberAndRebalance. */
static void
gc_add_member(struct broker *b, struct gc_group *g, struct msg *req,
    const char *id, int64_t now)
{
	const struct gpayload *p = req->gp;
	struct gc_member *mem;
	char why[GROUP_MEMBER_ID_MAX + 64];

	if (g->n_members == 0)
		snprintf(g->protocol_type, sizeof g->protocol_type, "%s",
		    p->protocol_type);
	mem = gm_add(g);
	snprintf(mem->id, sizeof mem->id, "%s", id);
	snprintf(mem->instance_id, sizeof mem->instance_id, "%s",
	    p->instance_id);
	snprintf(mem->client_id, sizeof mem->client_id, "%s", p->client_id);
	snprintf(mem->host, sizeof mem->host, "%s", p->client_host[0] != '\0' ?
	    p->client_host : "/127.0.0.1");
	if (g->leader[0] == '\0')
		snprintf(g->leader, sizeof g->leader, "%s", id);
	snprintf(why, sizeof why, "new member %.200s joined", id);
	gm_update(mem, req, now);
	gc_maybe_prepare_rebalance(b, g, now, why);
}

/* updateStaticMemberAndRebalance: a known group.instance.id joins with
 * no member id (the process restarted): it takes over the old member's
 * place under a new id, fencing the old one. */
static void
gc_replace_static(struct broker *b, struct gc_group *g, struct gc_member *mem,
    struct msg *req, const char *new_id, int64_t now)
{
	char old_leader[GROUP_MEMBER_ID_MAX + 1], why[GROUP_MEMBER_ID_MAX + 96];

	snprintf(old_leader, sizeof old_leader, "%s", g->leader);
	gc_answer_join_error(b, mem, KERR_FENCED_INSTANCE_ID);
	gc_answer_sync(b, mem, KERR_FENCED_INSTANCE_ID);
	if (strcmp(g->leader, mem->id) == 0)
		snprintf(g->leader, sizeof g->leader, "%s", new_id);
	snprintf(mem->id, sizeof mem->id, "%s", new_id);
	gm_update(mem, req, now);
	snprintf(why, sizeof why, "static member %.100s rejoined as %.200s",
	    mem->instance_id, new_id);
	switch (g->state) {
	case GROUP_STABLE:
		if (strcmp(gc_select_protocol(g), g->protocol) == 0) {
			/* Nothing to rebalance: persist the new id and give
			 * the old leader's id, so that the member (even the
			 * leader) just syncs and gets its assignment back. */
			gc_store_group(b, g, now);
			gc_note(b, g, now, why);
			gc_answer_join(b, g, mem, NULL, old_leader);
		} else
			gc_prepare_rebalance(b, g, now, why);
		break;
	case GROUP_COMPLETING_REBALANCE:
		gc_prepare_rebalance(b, g, now, why);
		break;
	default:
		break;		/* PreparingRebalance: it waits with the rest */
	}
}

static void
gc_on_join(struct broker *b, struct gc_group *g, struct msg *m, int64_t now)
{
	const struct gpayload *p = m->gp;
	struct gc_member *mem;
	struct gc_member *pend;
	char id[GROUP_MEMBER_ID_MAX + 1], why[GROUP_MEMBER_ID_MAX + 96];
	enum kerr err;

	if (!gc_supports(g, p)) {
		gc_reject(b, m, KERR_INCONSISTENT_GROUP_PROTOCOL);
		return;
	}
	if (p->member_id[0] == '\0') {
		/* doNewMemberJoinGroup */
		gc_member_id(b, p->instance_id[0] != '\0' ? p->instance_id :
		    p->client_id, g->id, id, sizeof id);
		if ((mem = gm_find_static(g, p->instance_id)) != NULL)
			gc_replace_static(b, g, mem, m, id, now);
		else if (p->instance_id[0] == '\0' &&
		    p->require_known_member_id) {
			/* doDynamicNewMemberJoinGroup, v4+. */
			struct msg *resp = gc_reply(b, m,
			    KERR_MEMBER_ID_REQUIRED);

			snprintf(resp->gp->member_id,
			    sizeof resp->gp->member_id, "%s", id);
			g->pending = xreallocarray(g->pending,
			    (size_t)g->n_pending + 1, sizeof *g->pending);
			pend = &g->pending[g->n_pending++];
			memset(pend, 0, sizeof *pend);
			snprintf(pend->id, sizeof pend->id, "%s", id);
			pend->session_timeout_ms = p->session_timeout_ms;
			pend->last_heartbeat_ms = now;
			msg_free(m);
		} else
			gc_add_member(b, g, m, id, now);
	} else if ((pend = gm_find_in(g->pending, g->n_pending,
	    p->member_id)) != NULL) {
		snprintf(id, sizeof id, "%s", pend->id);
		gc_pending_remove(g, pend);
		gc_add_member(b, g, m, id, now);
	} else if ((err = gc_validate_member(g, p->member_id, p->instance_id,
	    &mem)) != KERR_NONE)
		gc_reject(b, m, err);
	else {
		switch (g->state) {
		case GROUP_PREPARING_REBALANCE:
			gm_update(mem, m, now);
			break;
		case GROUP_COMPLETING_REBALANCE:
			if (gm_matches(mem, p)) {
				/* It missed the answer: give it again. */
				mem->last_heartbeat_ms = now;
				gc_answer_join(b, g, mem, m, g->leader);
				break;
			}
			snprintf(why, sizeof why, "member %.200s changed its "
			    "metadata", mem->id);
			gm_update(mem, m, now);
			gc_prepare_rebalance(b, g, now, why);
			break;
		case GROUP_STABLE:
			if (strcmp(mem->id, g->leader) != 0 &&
			    gm_matches(mem, p)) {
				mem->last_heartbeat_ms = now;
				gc_answer_join(b, g, mem, m, g->leader);
				break;
			}
			snprintf(why, sizeof why, "member %.200s rejoined",
			    mem->id);
			gm_update(mem, m, now);
			gc_prepare_rebalance(b, g, now, why);
			break;
		default:
			gc_reject(b, m, KERR_UNKNOWN_MEMBER_ID);
			break;
		}
	}
	gc_maybe_complete_join(b, g, now);
}

/* Whether a member still owes its SyncGroup this generation. */
static void
gc_sync_received(struct gc_group *g, struct gc_member *mem)
{
	int i;

	mem->sync_pending = false;
	for (i = 0; i < g->n_members; i++) {
		if (g->members[i].sync_pending)
			return;
	}
	g->sync_deadline_ms = NEVER;
}

static void
gc_on_sync(struct broker *b, struct gc_group *g, struct msg *m, int64_t now)
{
	const struct gpayload *p = m->gp;
	struct gc_member *mem;
	char why[96];
	enum kerr err;
	int i, k;

	err = gc_validate_member(g, p->member_id, p->instance_id, &mem);
	if (err == KERR_NONE && p->generation != g->generation)
		err = KERR_ILLEGAL_GENERATION;
	if (err == KERR_NONE && g->state == GROUP_EMPTY)
		err = KERR_UNKNOWN_MEMBER_ID;
	if (err == KERR_NONE && g->state == GROUP_PREPARING_REBALANCE)
		err = KERR_REBALANCE_IN_PROGRESS;
	if (err != KERR_NONE) {
		gc_reject(b, m, err);
		return;
	}
	mem->last_heartbeat_ms = now;
	msg_free(mem->sync);
	mem->sync = m;
	gc_sync_received(g, mem);
	if (g->state == GROUP_STABLE) {
		gc_answer_sync(b, mem, KERR_NONE);
		return;
	}
	if (strcmp(mem->id, g->leader) != 0)
		return;			/* wait for the leader's assignment */
	/* The leader's assignment; members it left out get none. */
	for (i = 0; i < g->n_members; i++) {
		struct gc_member *gm = &g->members[i];

		cbytes_clear(&gm->assign);
		for (k = 0; k < p->n_members; k++) {
			if (strcmp(p->members[k].member_id, gm->id) == 0)
				cbytes_copy(&gm->assign, &p->members[k].assign);
		}
	}
	g->state = GROUP_STABLE;
	gc_store_group(b, g, now);
	snprintf(why, sizeof why, "generation %" PRId32 " Stable (%d "
	    "member(s), %.40s)", g->generation, g->n_members, g->protocol);
	gc_note(b, g, now, why);
	for (i = 0; i < g->n_members; i++)
		gc_answer_sync(b, &g->members[i], KERR_NONE);
}

static void
gc_on_heartbeat(struct broker *b, struct gc_group *g, struct msg *m,
    int64_t now)
{
	struct gc_member *mem;
	enum kerr err;

	err = gc_validate_member(g, m->gp->member_id, m->gp->instance_id,
	    &mem);
	if (err == KERR_NONE && m->gp->generation != g->generation)
		err = KERR_ILLEGAL_GENERATION;
	if (err == KERR_NONE && g->state == GROUP_EMPTY)
		err = KERR_UNKNOWN_MEMBER_ID;
	if (err == KERR_NONE) {
		mem->last_heartbeat_ms = now;
		if (g->state == GROUP_PREPARING_REBALANCE)
			err = KERR_REBALANCE_IN_PROGRESS;
	}
	gc_reject(b, m, err);
}

/* handleLeaveGroup: v3 names several members (by member id, or by
 * group.instance.id alone); v0-2 one, in gp->member_id. */
static void
gc_on_leave(struct broker *b, struct gc_group *g, struct msg *m,
    int64_t now)
{
	struct gpayload *p = m->gp;
	struct msg *resp = gc_reply(b, m, KERR_NONE);
	struct gp_member one, *v = p->members;
	int n = p->n_members, i;

	if (n == 0) {
		memset(&one, 0, sizeof one);
		snprintf(one.member_id, sizeof one.member_id, "%s",
		    p->member_id);
		v = &one;
		n = 1;
	}
	resp->gp->members = xcalloc((size_t)n, sizeof *resp->gp->members);
	resp->gp->n_members = n;
	for (i = 0; i < n; i++) {
		struct gp_member *out = &resp->gp->members[i];
		struct gc_member *mem = NULL;
		struct gc_member *pend;
		char why[GROUP_MEMBER_ID_MAX + 64];

		snprintf(out->member_id, sizeof out->member_id, "%s",
		    v[i].member_id);
		snprintf(out->instance_id, sizeof out->instance_id, "%s",
		    v[i].instance_id);
		if (g == NULL)
			out->error = KERR_UNKNOWN_MEMBER_ID;
		else if (v[i].member_id[0] == '\0') {
			mem = gm_find_static(g, v[i].instance_id);
			out->error = mem != NULL ? KERR_NONE :
			    KERR_UNKNOWN_MEMBER_ID;
		} else if ((pend = gm_find_in(g->pending, g->n_pending,
		    v[i].member_id)) !=
		    NULL) {
			gc_pending_remove(g, pend);
			gc_maybe_complete_join(b, g, now);
		} else
			out->error = gc_validate_member(g, v[i].member_id,
			    v[i].instance_id, &mem);
		if (mem != NULL && out->error == KERR_NONE) {
			snprintf(why, sizeof why, "member %.200s left",
			    mem->id);
			gc_member_gone(b, g, mem, now, why);
		}
	}
	/* v0-2 carry the member's error at the top (LeaveGroupResponse). */
	if (p->n_members == 0)
		resp->error = resp->gp->members[0].error;
	msg_free(m);
}

/* GroupCoordinator.validateOffsetCommit. */
static enum kerr
gc_validate_commit(struct gc_group *g, const struct gpayload *p,
    struct gc_member **mem)
{
	enum kerr err;

	*mem = NULL;
	if (p->generation < 0 && g->state == GROUP_EMPTY)
		return KERR_NONE;	/* admin, or assign() without a group */
	if (p->generation >= 0 || p->member_id[0] != '\0' ||
	    p->instance_id[0] != '\0') {
		err = gc_validate_member(g, p->member_id, p->instance_id, mem);
		if (err == KERR_NONE && p->generation != g->generation)
			err = KERR_ILLEGAL_GENERATION;
		return err;
	}
	return g->state != GROUP_EMPTY ? KERR_UNKNOWN_MEMBER_ID : KERR_NONE;
}

/* A commit answered at once with error for every partition. */
static void
gc_commit_reject(struct broker *b, struct msg *m, enum kerr err)
{
	int i;

	for (i = 0; i < m->gp->n_offsets; i++)
		m->gp->offsets[i].error = err;
	gcoord_commit_done(b, m, err);
}

/* handleCommitOffsets: validate, append the records, answer once the HW
 * covers them (gcoord_commit_done).  Partitions of unknown topics get
 * UNKNOWN_TOPIC_OR_PARTITION, as KafkaApis.handleOffsetCommitRequest
 * gives them, and the rest are committed. */
static void
gc_on_commit(struct broker *b, struct gc_group *g, struct msg *m,
    int64_t now, struct replica *r, int partition)
{
	struct gpayload *p = m->gp;
	struct gc_member *mem;
	struct record *recs;
	char key[GROUP_ID_MAX + ISR_TOPIC_MAX + 32], val[48];
	enum kerr err;
	int64_t end;
	int i, n = 0;

	if (g == NULL) {
		if (p->generation >= 0) {
			gc_commit_reject(b, m, KERR_ILLEGAL_GENERATION);
			return;
		}
		g = gc_add(&b->groups, p->group, partition);
	}
	if ((err = gc_validate_commit(g, p, &mem)) == KERR_NONE &&
	    g->state == GROUP_COMPLETING_REBALANCE)
		err = KERR_REBALANCE_IN_PROGRESS;
	if (err != KERR_NONE) {
		gc_commit_reject(b, m, err);
		return;
	}
	if (mem != NULL)
		mem->last_heartbeat_ms = now;
	recs = xreallocarray(NULL, (size_t)(p->n_offsets > 0 ? p->n_offsets :
	    1), sizeof *recs);
	for (i = 0; i < p->n_offsets; i++) {
		struct gp_offset *o = &p->offsets[i];
		const struct topic_reg *t = image_topic(&b->image, o->topic);

		o->error = KERR_NONE;
		if (t == NULL || o->partition < 0 ||
		    o->partition >= t->n_partitions) {
			o->error = KERR_UNKNOWN_TOPIC_OR_PARTITION;
			continue;
		}
		snprintf(key, sizeof key, "offset\t%s\t%s\t%d", p->group,
		    o->topic, o->partition);
		snprintf(val, sizeof val, "%" PRId64 "\t%" PRId32, o->offset,
		    o->leader_epoch);
		recs[n++] = gc_record(key, val);
	}
	if (n == 0) {
		free(recs);
		gcoord_commit_done(b, m, KERR_NONE);
		return;
	}
	end = broker_append_internal(b, r, recs, n, now);
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
	struct msg *resp;
	int i;

	if (error == KERR_NONE && g == NULL)
		error = KERR_NOT_COORDINATOR;
	for (i = 0; i < req->gp->n_offsets; i++) {
		struct gp_offset *o = &req->gp->offsets[i];

		if (o->error != KERR_NONE)
			continue;
		o->error = error;
		if (error == KERR_NONE)
			gc_offset_set(g, o);
	}
	if (b->state != BROKER_DOWN) {
		resp = gc_reply(b, req, error);
		resp->gp->offsets = array_dup(req->gp->offsets,
		    req->gp->n_offsets, sizeof *req->gp->offsets);
		resp->gp->n_offsets = req->gp->n_offsets;
	}
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
		p->offsets = array_dup(m->gp->offsets, m->gp->n_offsets,
		    sizeof *p->offsets);
		p->n_offsets = m->gp->n_offsets;
		for (i = 0; i < p->n_offsets; i++) {
			const struct gc_offset *o = gc_offset_get(g,
			    p->offsets[i].topic, p->offsets[i].partition);

			p->offsets[i].offset = o != NULL ? o->offset : -1;
			p->offsets[i].leader_epoch = o != NULL ?
			    o->leader_epoch : -1;
			p->offsets[i].error = KERR_NONE;
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
			p->offsets[i].leader_epoch = g->offsets[i].leader_epoch;
		}
	}
	msg_free(m);
}

/* DescribeGroups: an unknown group is Dead with no members; the protocol
 * and the members' metadata and assignments only while Stable
 * (GroupMetadata.summary / summaryNoMetadata). */
static void
gc_on_describe(struct broker *b, struct gc_group *g, struct msg *m)
{
	struct msg *resp = gc_reply(b, m, KERR_NONE);
	struct gpayload *p = resp->gp;
	bool stable = g != NULL && g->state == GROUP_STABLE;
	int i;

	p->state = g != NULL ? g->state : GROUP_DEAD;
	p->coordinator = b->id;
	if (g != NULL) {
		p->generation = g->generation;
		snprintf(p->protocol_type, sizeof p->protocol_type, "%s",
		    g->protocol_type);
		if (stable)
			snprintf(p->protocol, sizeof p->protocol, "%s",
			    g->protocol);
		snprintf(p->leader_id, sizeof p->leader_id, "%s", g->leader);
		if (g->n_members > 0)
			p->members = xcalloc((size_t)g->n_members,
			    sizeof *p->members);
		p->n_members = g->n_members;
		for (i = 0; i < g->n_members; i++) {
			gm_describe(&g->members[i], stable ? g->protocol :
			    NULL, &p->members[i]);
			if (stable)
				cbytes_copy(&p->members[i].assign,
				    &g->members[i].assign);
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
		const struct gc_group *g = &b->groups.groups[i];

		snprintf(p->listings[i].group, sizeof p->listings[i].group,
		    "%s", g->id);
		snprintf(p->listings[i].protocol_type,
		    sizeof p->listings[i].protocol_type, "%s",
		    g->protocol_type);
		p->listings[i].state = g->state;
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

/* GroupCoordinator.isValidGroupId: the offset and describe APIs take an
 * empty group id, the membership APIs do not. */
static bool
gc_group_id_valid(const struct msg *m)
{
	return m->gp->group[0] != '\0' || m->type == MSG_OFFSET_COMMIT ||
	    m->type == MSG_OFFSET_FETCH || m->type == MSG_DESCRIBE_GROUP;
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
	if (m->type != MSG_FIND_COORDINATOR && m->type != MSG_LIST_GROUPS &&
	    !gc_group_id_valid(m)) {
		gc_reject(b, m, KERR_INVALID_GROUP_ID);
		return;
	}
	if (b->state != BROKER_RUNNING && b->state != BROKER_STOPPING) {
		if (m->type == MSG_OFFSET_COMMIT)
			gc_commit_reject(b, m, KERR_COORDINATOR_NOT_AVAILABLE);
		else
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
		if (m->type == MSG_OFFSET_COMMIT)
			gc_commit_reject(b, m, KERR_NOT_COORDINATOR);
		else
			gc_reject(b, m, KERR_NOT_COORDINATOR);
		return;
	}
	g = gc_find(&b->groups, m->gp->group);
	switch (m->type) {
	case MSG_JOIN_GROUP:
		if (m->gp->session_timeout_ms <
		    b->settings.group_min_session_ms ||
		    m->gp->session_timeout_ms >
		    b->settings.group_max_session_ms) {
			gc_reject(b, m, KERR_INVALID_SESSION_TIMEOUT);
			return;
		}
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

/* onExpirePendingSync: members that did not send SyncGroup within the
 * rebalance timeout are removed, and the group rebalances. */
static void
gc_expire_sync(struct broker *b, struct gc_group *g, int64_t now)
{
	char why[96];
	int i = 0, gone = 0;

	if (g->state != GROUP_COMPLETING_REBALANCE &&
	    g->state != GROUP_STABLE)
		return;
	while (i < g->n_members) {
		if (g->members[i].sync_pending) {
			gm_remove(g, &g->members[i]);
			gone++;
		} else
			i++;
	}
	g->sync_deadline_ms = NEVER;
	snprintf(why, sizeof why, "%d member(s) sent no SyncGroup in time",
	    gone);
	gc_prepare_rebalance(b, g, now, why);
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
		/* Member ids handed out that never came back. */
		i = 0;
		while (i < g->n_pending) {
			if (now - g->pending[i].last_heartbeat_ms >
			    g->pending[i].session_timeout_ms)
				gc_pending_remove(g, &g->pending[i]);
			else
				i++;
		}
		if (now >= g->sync_deadline_ms)
			gc_expire_sync(b, g, now);
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
		if (g->sync_deadline_ms < next)
			next = g->sync_deadline_ms;
		for (i = 0; i < g->n_pending; i++) {
			int64_t t = g->pending[i].last_heartbeat_ms +
			    g->pending[i].session_timeout_ms + 1;

			if (t < next)
				next = t;
		}
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
get_hex(struct cbytes *out, const char *s)
{
	size_t n = strlen(s) / 2, i;
	unsigned v;

	cbytes_clear(out);
	if (n == 0)
		return;
	out->p = xmalloc(n);
	out->n = n;
	for (i = 0; i < n; i++) {
		sscanf(s + 2 * i, "%2x", &v);
		out->p[i] = (uint8_t)v;
	}
}

static void
gc_load_group_record(struct gc_group *g, char *val, int64_t now)
{
	char *line = val, *next, *f[8];
	int i, k;

	for (i = 0; i < g->n_members; i++)
		gm_free(&g->members[i]);
	g->n_members = 0;
	next = gc_cut(line, '\n');
	f[0] = line;
	for (k = 1; k < 4; k++)
		f[k] = gc_cut(f[k - 1], '\t');
	g->generation = (int32_t)strtol(f[0], NULL, 10);
	snprintf(g->protocol_type, sizeof g->protocol_type, "%s",
	    f[1] ? f[1] : "");
	snprintf(g->protocol, sizeof g->protocol, "%s", f[2] ? f[2] : "");
	snprintf(g->leader, sizeof g->leader, "%s", f[3] ? f[3] : "");
	while ((line = next) != NULL) {
		struct gc_member *m;

		next = gc_cut(line, '\n');
		f[0] = line;
		for (k = 1; k < 8; k++)
			f[k] = gc_cut(f[k - 1], '\t');
		if (f[7] == NULL)
			continue;
		m = gm_add(g);
		snprintf(m->id, sizeof m->id, "%s", f[0]);
		snprintf(m->instance_id, sizeof m->instance_id, "%s", f[1]);
		snprintf(m->client_id, sizeof m->client_id, "%s", f[2]);
		snprintf(m->host, sizeof m->host, "%s", f[3]);
		snprintf(m->protocol_type, sizeof m->protocol_type, "%s",
		    g->protocol_type);
		m->session_timeout_ms = strtoll(f[4], NULL, 10);
		m->rebalance_timeout_ms = strtoll(f[5], NULL, 10);
		m->last_heartbeat_ms = now;
		/* A loaded member offers the group's protocol only, with the
		 * metadata stored for it (GroupMetadataManager.readGroup-
		 * MessageValue). */
		m->protocols = xcalloc(1, sizeof *m->protocols);
		m->n_protocols = 1;
		snprintf(m->protocols[0].name, sizeof m->protocols[0].name,
		    "%s", g->protocol);
		get_hex(&m->protocols[0].meta, f[6]);
		get_hex(&m->assign, f[7]);
	}
	g->sync_deadline_ms = NEVER;
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
		char *key, *val, *f1, *f2, *f3, *epoch;
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
			    f3 != NULL) {
				struct gp_offset o;

				memset(&o, 0, sizeof o);
				snprintf(o.topic, sizeof o.topic, "%s", f2);
				o.partition = (int)strtol(f3, NULL, 10);
				epoch = gc_cut(val, '\t');
				o.offset = strtoll(val, NULL, 10);
				o.leader_epoch = epoch != NULL ?
				    (int32_t)strtol(epoch, NULL, 10) : -1;
				gc_offset_set(g, &o);
			}
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
			gc_answer_join_error(b, &g->members[i],
			    KERR_NOT_COORDINATOR);
			gc_answer_sync(b, &g->members[i], KERR_NOT_COORDINATOR);
		}
		gc_group_free(g);
		b->groups.groups[gi] = b->groups.groups[--b->groups.n_groups];
	}
}
