/*
 * attach.c - the attached engine: a poller thread over librdkafka (see
 * attach.h for the design).
 *
 * Threads: the poller owns rk and prev (the last assembled snapshot, for
 * the diff); everything under mu (the published parts, the journal, the
 * version, paused, settings) is shared with the console's thread and the
 * screen's.  cv is signalled after every poll and when polling should
 * stop or resume.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

#include "attach/acked.h"
#include "attach/attach.h"
#include "attach/observe.h"
#include "attach/rdadmin.h"
#include "attach/rdclient.h"
#include "attach/runcmd.h"
#include "model/journal.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

#define ATTACH_FIRST_POLL_MS 10000	/* the first metadata, at most */
#define ATTACH_COMMAND_MS 60000		/* a configured command, at most */
#define ATTACH_CONFIRM_MS 30000		/* asking again confirms, within */

#define ATTACH_ADDR_MAX 280		/* "host:port" */
#define ATTACH_CLIENTS_MAX 32		/* the console's clients open at once */

/* One broker's own librdkafka handle, bootstrapped at its address alone,
 * so that what it answers is that broker's view of the cluster. */
struct attach_peer {
	rd_kafka_t	*rk;
	char		 addr[ATTACH_ADDR_MAX];	/* where rk connects */
};

/* Work on one handle, on a thread of its own, so that a broker that does
 * not answer costs a poll one timeout, not one per broker: the metadata
 * (lo NULL), or the log start and high watermark of the partitions in lo
 * and hi, answered in place. */
struct attach_job {
	rd_kafka_t				*rk;	/* NULL: no job */
	int					 timeout_ms;
	const struct rd_kafka_metadata		*md;	/* answer, or NULL */
	rd_kafka_topic_partition_list_t		*lo, *hi;
	pthread_t				 th;
	bool					 threaded;
};

struct attach {
	struct engine		 e;		/* first: engine * casts */
	struct attach_options	 o;
	char			*bootstrap;	/* o.bootstrap's copy (owned) */
	rd_kafka_t		*rk;		/* @thread poller */
	struct timespec		 t0;		/* attach time, monotonic */
	pthread_t		 th;
	bool			 started;

	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	bool			 stop, paused;	/* @lock mu */
	struct snap_ctrl_part	 pub_c;		/* the last poll (@lock mu) */
	struct snap_broker_part	 pub_b[ISR_MAX_BROKERS];
	int			 n_brokers;	/* highest id known (@lock mu) */
	struct journal		 journal;	/* @lock mu */
	uint64_t		 version;	/* @lock mu */
	struct settings		 settings;	/* @lock mu */
	char			 cluster_id[128]; /* as reported (@lock mu) */
	/* Broker b's "host:port" as the metadata lists it, "" while
	 * unknown (@lock mu; the console's clients connect there). */
	char			 addr[ISR_NODES][ATTACH_ADDR_MAX];
	/* The console's clients (client_open's handles): the brokers each
	 * was bootstrapped at (@lock mu). */
	bool			 client_used[ATTACH_CLIENTS_MAX];
	bool			 client_boot[ATTACH_CLIENTS_MAX][ISR_NODES];
	/* What the console's producers were told succeeded and no poll
	 * has judged yet (@lock mu). */
	struct acked_list	 acked;

	/* @thread poller */
	struct attach_peer	 peers[ISR_NODES];
	bool			 known[ISR_NODES]; /* ever seen */
	struct snapshot		 prev;
	bool			 have_prev;
	struct observed_group	*groups;	/* the last poll's, by name */
	int			 n_groups;
	bool			 have_groups;
	bool			 failing;	/* the last poll failed */
	bool			 told_big_id;	/* noted an id above 9 */

	/* @thread console: which commands the user confirmed, and the one
	 * last asked about (asked_act -1: none). */
	bool			 confirmed[ATTACH__COUNT][ISR_NODES];
	int			 asked_act, asked_broker;
	int64_t			 asked_ms;
};

static const struct engine_ops attach_engine_ops;

static void ae_get_settings(struct engine *e, struct settings *out);

static struct attach *
attach_of(struct engine *e)
{
	return (struct attach *)e;
}

static int64_t
attach_elapsed_ms(const struct attach *a)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)(ts.tv_sec - a->t0.tv_sec) * 1000 +
	    (ts.tv_nsec - a->t0.tv_nsec) / 1000000;
}

/* A note into the journal.  @lock mu */
static void
attach_note_locked(struct attach *a, int broker, const char *text)
{
	struct event	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = EV_NOTE;
	ev.t_ms = attach_elapsed_ms(a);
	ev.broker = broker;
	ev.partition = -1;
	snprintf(ev.reason, sizeof ev.reason, "%s", text);
	journal_add(&a->journal, &ev);
	a->version++;
}

/* --- One poll ------------------------------------------------------- */

/* Which topic of md comes first by name (qsort over indices). */
static const struct rd_kafka_metadata *attach_sort_md;

static int
attach_topic_cmp(const void *x, const void *y)
{
	const struct rd_kafka_metadata_topic *tx =
	    &attach_sort_md->topics[*(const int *)x];
	const struct rd_kafka_metadata_topic *ty =
	    &attach_sort_md->topics[*(const int *)y];

	return strcmp(tx->topic, ty->topic);
}

/* ids (broker ids from Kafka) into out, keeping those isrlab can show;
 * returns how many.  Marks them known. */
static int
attach_ids(struct attach *a, const int32_t *ids, int n, int *out)
{
	int	i, k = 0;

	for (i = 0; i < n && k < ISR_MAX_REPLICAS; i++) {
		if (ids[i] < 1 || ids[i] > ISR_MAX_BROKERS)
			continue;
		out[k++] = ids[i];
		a->known[ids[i]] = true;
	}
	return k;
}

/* The controller's part: brokers and topics as the metadata gives them.
 * live[b]: b is in md's broker list.  @thread poller */
static void
attach_fill_image(struct attach *a, const struct rd_kafka_metadata *md,
    const bool live[ISR_NODES], struct image *im)
{
	int	*order, i, k, n = 0;

	image_init(im);
	/* Kafka 3.7's describe: no Elr fields, which the metadata of
	 * librdkafka 2.0.2 does not carry anyway. */
	im->profile = KAFKA_PROFILE_LEGACY;
	order = xcalloc((size_t)md->topic_cnt + 1, sizeof *order);
	for (i = 0; i < md->topic_cnt; i++)
		if (md->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR &&
		    md->topics[i].partition_cnt > 0 &&
		    strlen(md->topics[i].topic) <= ISR_TOPIC_MAX)
			order[n++] = i;
	attach_sort_md = md;
	qsort(order, (size_t)n, sizeof *order, attach_topic_cmp);
	im->topics = xcalloc((size_t)n + 1, sizeof *im->topics);
	for (k = 0; k < n; k++) {
		const struct rd_kafka_metadata_topic *mt =
		    &md->topics[order[k]];
		struct topic_reg *t = &im->topics[im->n_topics++];

		snprintf(t->name, sizeof t->name, "%s", mt->topic);
		snprintf(t->id, sizeof t->id, "?");	/* not in v0-v8 */
		t->config.min_insync_replicas = -1;
		t->config.unclean_leader_election = -1;
		t->config.retention_records = -1;
		for (i = 0; i < mt->partition_cnt; i++)
			if (mt->partitions[i].id >= t->n_partitions)
				t->n_partitions = mt->partitions[i].id + 1;
		t->parts = xcalloc((size_t)t->n_partitions, sizeof *t->parts);
		for (i = 0; i < t->n_partitions; i++) {
			t->parts[i].leader = ISR_NO_LEADER;
			t->parts[i].leader_epoch = -1;
			t->parts[i].partition_epoch = -1;
		}
		for (i = 0; i < mt->partition_cnt; i++) {
			const struct rd_kafka_metadata_partition *mp =
			    &mt->partitions[i];
			struct partition_reg *p = &t->parts[mp->id];

			if (mp->id < 0)
				continue;
			p->n_replicas = attach_ids(a, mp->replicas,
			    mp->replica_cnt, p->replicas);
			p->n_isr = attach_ids(a, mp->isrs, mp->isr_cnt, p->isr);
			if (mp->leader >= 1 && mp->leader <= ISR_MAX_BROKERS &&
			    live[mp->leader])
				p->leader = mp->leader;
		}
	}
	free(order);
	for (i = 1; i <= ISR_MAX_BROKERS; i++) {
		im->brokers[i].registered = a->known[i];
		im->brokers[i].fenced = !live[i];
		im->brokers[i].epoch = -1;
	}
}

static void *
attach_job_run(void *arg)
{
	struct attach_job	*j = arg;

	if (j->lo == NULL) {
		if (rd_kafka_metadata(j->rk, 1, NULL, &j->md, j->timeout_ms) !=
		    RD_KAFKA_RESP_ERR_NO_ERROR)
			j->md = NULL;
		return NULL;
	}
	rd_kafka_offsets_for_times(j->rk, j->lo, j->timeout_ms);
	rd_kafka_offsets_for_times(j->rk, j->hi, j->timeout_ms);
	return NULL;
}

/* Run the jobs v[0..n) with a handle side by side and wait for them. */
static void
attach_jobs_run(struct attach_job *v, int n)
{
	int	i;

	for (i = 0; i < n; i++)
		if (v[i].rk != NULL)
			v[i].threaded = pthread_create(&v[i].th, NULL,
			    attach_job_run, &v[i]) == 0;
	for (i = 0; i < n; i++) {
		if (v[i].rk == NULL)
			continue;
		if (v[i].threaded)
			pthread_join(v[i].th, NULL);
		else
			attach_job_run(&v[i]);
	}
}

/* The log start and high watermark of every partition with a live
 * leader: ListOffsets for the earliest and the latest offset (timestamps
 * -2 and -1; the latest is the HW for a read_uncommitted client), asked
 * of each leader through its own handle (its view names it leader; the
 * first handle's could be a zombie's), all leaders at once.  Partitions
 * whose leader does not answer within timeout_ms keep -1.
 * @thread poller */
static void
attach_watermarks(struct attach *a, const struct image *im,
    rd_kafka_topic_partition_list_t **lo, rd_kafka_topic_partition_list_t **hi,
    int timeout_ms)
{
	struct attach_job	 jobs[ISR_NODES];
	size_t			 ti;
	int			 p, b, i;

	memset(jobs, 0, sizeof jobs);
	for (ti = 0; ti < im->n_topics; ti++)
		for (p = 0; p < im->topics[ti].n_partitions; p++) {
			struct attach_job *j;

			b = im->topics[ti].parts[p].leader;
			if (b == ISR_NO_LEADER)
				continue;
			j = &jobs[b];
			if (j->rk == NULL) {
				j->rk = a->peers[b].rk != NULL ?
				    a->peers[b].rk : a->rk;
				j->timeout_ms = timeout_ms;
				j->lo = rd_kafka_topic_partition_list_new(16);
				j->hi = rd_kafka_topic_partition_list_new(16);
			}
			rd_kafka_topic_partition_list_add(j->lo,
			    im->topics[ti].name, p)->offset =
			    RD_KAFKA_OFFSET_BEGINNING;
			rd_kafka_topic_partition_list_add(j->hi,
			    im->topics[ti].name, p)->offset = RD_KAFKA_OFFSET_END;
		}
	attach_jobs_run(jobs, ISR_NODES);
	*lo = rd_kafka_topic_partition_list_new(16);
	*hi = rd_kafka_topic_partition_list_new(16);
	for (b = 0; b < ISR_NODES; b++) {
		if (jobs[b].rk == NULL)
			continue;
		for (i = 0; i < jobs[b].lo->cnt; i++) {
			rd_kafka_topic_partition_t *f = &jobs[b].lo->elems[i];
			rd_kafka_topic_partition_t *g = &jobs[b].hi->elems[i];

			rd_kafka_topic_partition_list_add(*lo, f->topic,
			    f->partition)->offset = f->err ? -1 : f->offset;
			rd_kafka_topic_partition_list_add(*hi, g->topic,
			    g->partition)->offset = g->err ? -1 : g->offset;
		}
		rd_kafka_topic_partition_list_destroy(jobs[b].lo);
		rd_kafka_topic_partition_list_destroy(jobs[b].hi);
	}
}

/* An offset the list answered for topic/p, or -1. */
static int64_t
attach_offset(rd_kafka_topic_partition_list_t *l, const char *topic, int p)
{
	const rd_kafka_topic_partition_t *tp =
	    rd_kafka_topic_partition_list_find(l, topic, p);

	if (tp == NULL || tp->err != RD_KAFKA_RESP_ERR_NO_ERROR ||
	    tp->offset < 0)
		return -1;
	return tp->offset;
}

/* Broker b's part: up or down, its own view of the cluster (own, the
 * metadata it answered; im, the cluster's, when it did not), the
 * partitions it leads in im with their log start and high watermark,
 * the ones it follows with nothing known.  @thread poller */
static void
attach_fill_broker(int b, bool live, const struct image *im,
    const struct image *own, rd_kafka_topic_partition_list_t *lo,
    rd_kafka_topic_partition_list_t *hi, struct snap_broker_part *bp)
{
	size_t	ti;
	int	p;

	image_free(&bp->b.image);
	memset(&bp->b, 0, sizeof bp->b);
	bp->b.state = live ? BROKER_RUNNING : BROKER_DOWN;
	bp->b.serving = live;
	bp->b.incarnation = -1;
	image_copy(&bp->b.image, own != NULL ? own : im);
	bp->n_replicas = 0;
	if (!live)
		return;
	for (ti = 0; ti < im->n_topics; ti++) {
		const struct topic_reg *t = &im->topics[ti];

		for (p = 0; p < t->n_partitions; p++) {
			const struct partition_reg *reg = &t->parts[p];
			struct snap_part_replica *pr;

			if (!preg_in_replicas(reg, b))
				continue;
			if (bp->n_replicas == bp->cap_replicas) {
				bp->cap_replicas = bp->cap_replicas * 2 + 8;
				bp->replicas = xreallocarray(bp->replicas,
				    bp->cap_replicas, sizeof *bp->replicas);
			}
			pr = &bp->replicas[bp->n_replicas++];
			memset(pr, 0, sizeof *pr);
			snprintf(pr->topic, sizeof pr->topic, "%s", t->name);
			pr->partition = p;
			pr->r.present = true;
			pr->r.role = reg->leader == b ? ROLE_LEADER :
			    ROLE_FOLLOWER;
			pr->r.leo = pr->r.hw = pr->r.log_start = -1;
			pr->r.latest_epoch = -1;
			pr->r.caught_up_ms = -1;
			if (reg->leader == b) {
				pr->r.log_start = attach_offset(lo, t->name, p);
				pr->r.hw = attach_offset(hi, t->name, p);
			}
		}
	}
}

/* A snapshot of copies of the parts c and b[0..n) (brokers 1..n), which
 * stay the caller's; no links are cut in a picture from outside. */
static void
attach_assemble(const struct snap_ctrl_part *c,
    const struct snap_broker_part *b, int n, int64_t now, struct snapshot *out)
{
	struct snap_ctrl_part	 cc;
	struct snap_broker_part	 cb[ISR_MAX_BROKERS];
	struct snap_broker_part	*pp[ISR_MAX_BROKERS] = { 0 };
	struct links		 links;
	int			 i;

	memset(&cc, 0, sizeof cc);
	memset(cb, 0, sizeof cb);
	image_init(&cc.image);
	snapshot_ctrl_part_copy(&cc, c);
	for (i = 0; i < n; i++) {
		image_init(&cb[i].b.image);
		snapshot_broker_part_copy(&cb[i], &b[i]);
		pp[i] = &cb[i];
	}
	links_init(&links);
	snapshot_assemble(out, now, &cc, pp, n, &links);
	for (i = 0; i < n; i++)
		snapshot_broker_part_free(&cb[i]);
	snapshot_ctrl_part_free(&cc);
}

/* The brokers md lists that isrlab can show, as bits (bit b: broker b),
 * into live[] too when live is not NULL. */
static uint32_t
attach_listed(const struct rd_kafka_metadata *md, bool live[ISR_NODES])
{
	uint32_t	mask = 0;
	int		i, b;

	for (i = 0; i < md->broker_cnt; i++) {
		b = md->brokers[i].id;
		if (b < 1 || b > ISR_MAX_BROKERS)
			continue;
		mask |= 1u << b;
		if (live != NULL)
			live[b] = true;
	}
	return mask;
}

/* Broker b's own handle, made anew on addr. */
static void
attach_peer_new(struct attach *a, int b, const char *addr)
{
	struct attach_peer	*pe = &a->peers[b];
	const char		*kv[] = { "client.id", "isrlab-attach", NULL,
				    NULL };

	if (pe->rk != NULL)
		rd_kafka_destroy(pe->rk);
	if (addr != pe->addr)
		snprintf(pe->addr, sizeof pe->addr, "%s", addr);
	pe->rk = rdclient_new(RD_KAFKA_PRODUCER, pe->addr, kv, NULL);
}

/* Learn the addresses md lists: each broker's handle of its own, made
 * again when its address moved (only when md is the cluster's view,
 * moved: a stale view may hold an old address), and the addresses the
 * console's clients use.  Returns an id above ISR_MAX_BROKERS that md
 * lists, or -1.  @thread poller */
static int
attach_learn(struct attach *a, const struct rd_kafka_metadata *md,
    bool moved)
{
	struct attach_peer	*pe;
	char			 addr[ATTACH_ADDR_MAX];
	int			 i, b, big = -1;

	for (i = 0; i < md->broker_cnt; i++) {
		b = md->brokers[i].id;
		if (b < 1 || b > ISR_MAX_BROKERS) {
			big = b;
			continue;
		}
		a->known[b] = true;
		snprintf(addr, sizeof addr, "%s:%d", md->brokers[i].host,
		    md->brokers[i].port);
		pe = &a->peers[b];
		if (pe->rk != NULL && (!moved || strcmp(pe->addr, addr) == 0))
			continue;
		attach_peer_new(a, b, addr);
		pthread_mutex_lock(&a->mu);
		snprintf(a->addr[b], sizeof a->addr[b], "%s", addr);
		pthread_mutex_unlock(&a->mu);
	}
	return big;
}

/* Ask every broker for its metadata through its own handle, all at
 * once: view[b] is broker b's answer or NULL.  A handle whose broker is
 * down may get its answer from another broker it learned of; that one
 * is not b's view and is dropped.  When no broker answers this way
 * (before the first answer named any), the --attach handle asks, and
 * its answer counts as the view of the broker that gave it.  False when
 * nothing answered.  @thread poller */
static bool
attach_views(struct attach *a, int timeout_ms,
    const struct rd_kafka_metadata *view[ISR_NODES], char *err, size_t len)
{
	struct attach_job		 jobs[ISR_NODES];
	const struct rd_kafka_metadata	*md;
	rd_kafka_resp_err_t		 rerr;
	int				 b, c, n = 0;

	memset(jobs, 0, sizeof jobs);
	for (b = 1; b <= ISR_MAX_BROKERS; b++) {
		jobs[b].rk = a->peers[b].rk;
		jobs[b].timeout_ms = timeout_ms;
	}
	attach_jobs_run(jobs, ISR_NODES);
	for (b = 0; b < ISR_NODES; b++)
		view[b] = NULL;
	/* -1: the answer came through the bootstrap connection, which is
	 * b's address. */
	for (b = 1; b <= ISR_MAX_BROKERS; b++)
		if ((md = jobs[b].md) != NULL && (md->orig_broker_id == b ||
		    md->orig_broker_id == -1)) {
			view[b] = md;
			n++;
		}
	/* An answer from another broker c: a handle connects to the
	 * brokers it learns of when its own does not answer, and then asks
	 * any of them.  It is c's view (when c gave none); the handle is
	 * made anew, to ask b alone again. */
	for (b = 1; b <= ISR_MAX_BROKERS; b++) {
		if ((md = jobs[b].md) == NULL || view[b] == md)
			continue;
		c = md->orig_broker_id;
		if (c >= 1 && c <= ISR_MAX_BROKERS && view[c] == NULL) {
			view[c] = md;
			n++;
		} else
			rd_kafka_metadata_destroy(md);
		attach_peer_new(a, b, a->peers[b].addr);
	}
	if (n > 0)
		return true;
	rerr = rd_kafka_metadata(a->rk, 1, NULL, &md, timeout_ms);
	if (rerr != RD_KAFKA_RESP_ERR_NO_ERROR) {
		snprintf(err, len, "%s: %s", a->bootstrap,
		    rd_kafka_err2str(rerr));
		return false;
	}
	b = md->orig_broker_id;
	if (b < 1 || b > ISR_MAX_BROKERS)
		b = 0;			/* some broker's: the cluster's */
	view[b] = md;
	return true;
}

/* The topic configs of from into the same topics of to: a broker's own
 * view describes its topics with the cluster's configs. */
static void
attach_copy_configs(struct image *to, const struct image *from)
{
	const struct topic_reg	*f;
	size_t			 i;

	for (i = 0; i < to->n_topics; i++)
		if ((f = image_topic(from, to->topics[i].name)) != NULL)
			to->topics[i].config = f->config;
}

/* Read back from leader the records v[0..n) (one partition, offsets in
 * a row) should be: each one read with its key and value goes, one read
 * with another is lost, one not read stays for the next poll.
 * @thread poller */
static void
attach_read_back(struct attach *a, int leader, const struct acked *v,
    size_t n, struct acked_list *keep, struct acked_list *lost,
    int timeout_ms)
{
	struct client_result	*res = NULL;
	const struct record	*rec;
	char			 addr[ATTACH_ADDR_MAX];
	size_t			 nres = 0, i;
	int64_t			 k;

	pthread_mutex_lock(&a->mu);
	snprintf(addr, sizeof addr, "%s", a->addr[leader]);
	pthread_mutex_unlock(&a->mu);
	if (addr[0] != '\0')
		nres = rdclient_fetch(addr, v[0].topic, v[0].partition,
		    v[0].offset, (int)n, timeout_ms, &res);
	for (i = 0; i < n; i++) {
		k = v[i].offset - v[0].offset;
		rec = nres == 1 && res[0].error == KERR_NONE &&
		    k < res[0].n_records ? &res[0].records[k] : NULL;
		if (rec == NULL)
			acked_add(keep, &v[i]);
		else if (acked_record_hash(rec) != v[i].hash)
			acked_add(lost, &v[i]);
	}
	for (i = 0; i < nres; i++)
		client_result_free(&res[i]);
	free(res);
}

/* Judge what the console's producers had acknowledged by this poll's
 * cluster image im and high watermarks hi (acked.h), reading back what
 * another leader now holds; the lost ones become data_loss events in q.
 * @thread poller */
static void
attach_judge_acked(struct attach *a, const struct image *im,
    rd_kafka_topic_partition_list_t *hi, int64_t now, int timeout_ms,
    struct evq *q)
{
	struct acked_list		 work, keep = { 0 }, lost = { 0 };
	const struct partition_reg	*reg;
	enum acked_verdict		*verdict;
	size_t				 i, j;

	pthread_mutex_lock(&a->mu);
	work = a->acked;
	memset(&a->acked, 0, sizeof a->acked);
	pthread_mutex_unlock(&a->mu);
	if (work.n == 0)
		return;
	verdict = xcalloc(work.n, sizeof *verdict);
	for (i = 0; i < work.n; i++)
		verdict[i] = acked_judge(&work.v[i], im,
		    attach_offset(hi, work.v[i].topic, work.v[i].partition));
	for (i = 0; i < work.n; i = j) {
		j = i + 1;
		if (verdict[i] == ACKED_PENDING)
			acked_add(&keep, &work.v[i]);
		else if (verdict[i] == ACKED_LOST)
			acked_add(&lost, &work.v[i]);
		if (verdict[i] != ACKED_READ_BACK)
			continue;
		/* One read for a run of offsets of one partition. */
		while (j < work.n && verdict[j] == ACKED_READ_BACK &&
		    strcmp(work.v[j].topic, work.v[i].topic) == 0 &&
		    work.v[j].partition == work.v[i].partition &&
		    work.v[j].offset == work.v[j - 1].offset + 1)
			j++;
		reg = image_partition(im, work.v[i].topic,
		    work.v[i].partition);
		attach_read_back(a, reg->leader, &work.v[i], j - i, &keep,
		    &lost, timeout_ms);
	}
	for (i = 0; i < lost.n; i = j) {
		for (j = i + 1; j < lost.n &&
		    strcmp(lost.v[j].topic, lost.v[i].topic) == 0 &&
		    lost.v[j].partition == lost.v[i].partition; j++)
			;
		reg = image_partition(im, lost.v[i].topic,
		    lost.v[i].partition);
		acked_loss_events(&lost.v[i], j - i, reg->leader, now, q);
	}
	pthread_mutex_lock(&a->mu);
	acked_move(&keep, &a->acked);	/* the ones added meanwhile last */
	acked_free(&a->acked);
	a->acked = keep;
	pthread_mutex_unlock(&a->mu);
	acked_free(&lost);
	acked_free(&work);
	free(verdict);
}

/* The consumer groups, against the last poll's: a note in q for each
 * that changed (observe_groups); nothing when they did not answer.
 * @thread poller */
static void
attach_poll_groups(struct attach *a, int64_t now, int timeout_ms,
    struct evq *q)
{
	struct observed_group	*g;
	int			 n;

	if (rdadmin_groups(a->rk, timeout_ms, &g, &n) != 0)
		return;
	if (a->have_groups)
		observe_groups(a->groups, a->n_groups, g, n, now, q);
	free(a->groups);
	a->groups = g;
	a->n_groups = n;
	a->have_groups = true;
}

/* Poll once and publish; false when the cluster did not answer.
 * @thread poller */
static bool
attach_poll(struct attach *a, int timeout_ms, char *err, size_t len)
{
	const struct rd_kafka_metadata	*view[ISR_NODES], *md;
	struct snap_ctrl_part		 cp;
	struct snap_broker_part		 bp[ISR_MAX_BROKERS];
	struct snapshot			 s;
	struct evq			 q = { 0 };
	rd_kafka_topic_partition_list_t	*lo, *hi;
	rd_kafka_t			*id_rk;
	struct image			 own;
	uint32_t			 alive[ISR_NODES];
	bool				 live[ISR_NODES] = { false };
	bool				 own_live[ISR_NODES];
	char				 note[160], *id;
	int				 i, b, n = 0, big = -1, nv = 0;
	int				 from[ISR_NODES], pick;
	int64_t				 now;
	size_t				 k;

	rd_kafka_poll(a->rk, 0);	/* drain librdkafka's own events */
	if (!attach_views(a, timeout_ms, view, err, len))
		return false;
	/* The cluster's view: the one most brokers share. */
	for (b = 0; b < ISR_NODES; b++)
		if (view[b] != NULL) {
			from[nv] = b;
			alive[nv++] = attach_listed(view[b], NULL);
		}
	pick = from[observe_pick_view(alive, nv)];
	md = view[pick];
	attach_listed(md, live);
	for (i = 0; i < nv; i++)
		if ((b = attach_learn(a, view[from[i]], from[i] == pick)) >= 0)
			big = b;
	memset(&cp, 0, sizeof cp);
	attach_fill_image(a, md, live, &cp.image);
	for (b = 1; b <= ISR_MAX_BROKERS; b++)
		if (a->known[b])
			n = b;
	if (n == 0) {
		snapshot_ctrl_part_free(&cp);
		for (b = 0; b < ISR_NODES; b++)
			if (view[b] != NULL)
				rd_kafka_metadata_destroy(view[b]);
		snprintf(err, len, "%s: no broker with an id in 1..%d",
		    a->bootstrap, ISR_MAX_BROKERS);
		return false;
	}
	/* The cluster id the metadata gave, cached by the handle that
	 * asked. */
	id_rk = pick >= 1 && a->peers[pick].rk != NULL ? a->peers[pick].rk :
	    a->rk;
	id = rd_kafka_clusterid(id_rk, 0);
	/* The poll's time: when the metadata answered. */
	now = attach_elapsed_ms(a);
	rdadmin_topic_configs(a->rk, &cp.image, timeout_ms / 2 > 100 ?
	    timeout_ms / 2 : 100);
	attach_watermarks(a, &cp.image, &lo, &hi, timeout_ms / 2 > 100 ?
	    timeout_ms / 2 : 100);
	memset(bp, 0, sizeof bp);
	for (b = 1; b <= n; b++) {
		image_init(&bp[b - 1].b.image);
		image_init(&own);
		/* A broker answers with its own view, which a zombie's
		 * differs from; one out of the cluster's metadata that
		 * still answers is up, and fenced. */
		if (view[b] != NULL) {
			memset(own_live, 0, sizeof own_live);
			attach_listed(view[b], own_live);
			attach_fill_image(a, view[b], own_live, &own);
			attach_copy_configs(&own, &cp.image);
		}
		attach_fill_broker(b, live[b] || view[b] != NULL, &cp.image,
		    view[b] != NULL ? &own : NULL, lo, hi, &bp[b - 1]);
		image_free(&own);
	}
	attach_judge_acked(a, &cp.image, hi, now, timeout_ms, &q);
	attach_poll_groups(a, now, timeout_ms / 2 > 100 ? timeout_ms / 2 :
	    100, &q);
	rd_kafka_topic_partition_list_destroy(lo);
	rd_kafka_topic_partition_list_destroy(hi);
	for (b = 0; b < ISR_NODES; b++)
		if (view[b] != NULL)
			rd_kafka_metadata_destroy(view[b]);

	/* The diff against the previous poll, on our own assembled copy. */
	attach_assemble(&cp, bp, n, now, &s);
	observe_diff(a->have_prev ? &a->prev : NULL, &s, now, &q);
	if (a->have_prev)
		snapshot_free(&a->prev);
	a->prev = s;
	a->have_prev = true;

	pthread_mutex_lock(&a->mu);
	snapshot_ctrl_part_free(&a->pub_c);
	a->pub_c = cp;				/* moved */
	for (b = 1; b <= n; b++) {
		snapshot_broker_part_free(&a->pub_b[b - 1]);
		a->pub_b[b - 1] = bp[b - 1];	/* moved */
	}
	a->n_brokers = n;
	a->e.n_brokers = n;
	if (id != NULL)
		snprintf(a->cluster_id, sizeof a->cluster_id, "%s", id);
	for (k = 0; k < q.n; k++)
		journal_add(&a->journal, &q.v[k]);
	if (a->failing) {
		snprintf(note, sizeof note, "observed: %s answers again",
		    a->bootstrap);
		attach_note_locked(a, -1, note);
		a->failing = false;
	}
	if (big >= 0 && !a->told_big_id) {
		snprintf(note, sizeof note, "observed: broker %d is not "
		    "shown (isrlab shows ids 1..%d)", big, ISR_MAX_BROKERS);
		attach_note_locked(a, -1, note);
		a->told_big_id = true;
	}
	a->version++;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	if (id != NULL)
		rd_kafka_mem_free(id_rk, id);
	evq_free(&q);
	return true;
}

/* The poller: a poll every interval, none while paused.  @thread poller */
static void *
attach_main(void *arg)
{
	struct attach	*a = arg;
	struct timespec	 ts;
	char		 err[256], note[300];
	int64_t		 ns;

	pthread_mutex_lock(&a->mu);
	while (!a->stop) {
		if (!a->paused) {
			pthread_mutex_unlock(&a->mu);
			if (!attach_poll(a, (int)a->o.interval_ms, err,
			    sizeof err)) {
				pthread_mutex_lock(&a->mu);
				if (!a->failing) {
					snprintf(note, sizeof note,
					    "observed: poll failed: %s", err);
					attach_note_locked(a, -1, note);
					a->failing = true;
				}
				pthread_cond_broadcast(&a->cv);
				pthread_mutex_unlock(&a->mu);
			}
			pthread_mutex_lock(&a->mu);
		}
		if (a->stop)
			break;
		clock_gettime(CLOCK_REALTIME, &ts);
		ns = ts.tv_nsec + (a->o.interval_ms % 1000) * 1000000;
		ts.tv_sec += a->o.interval_ms / 1000 + ns / 1000000000;
		ts.tv_nsec = ns % 1000000000;
		if (a->paused)
			pthread_cond_wait(&a->cv, &a->mu);
		else
			pthread_cond_timedwait(&a->cv, &a->mu, &ts);
	}
	pthread_mutex_unlock(&a->mu);
	return NULL;
}

/* --- The engine calls ----------------------------------------------- */

static int64_t
ae_now(struct engine *e)
{
	return attach_elapsed_ms(attach_of(e));
}

/* Real time passes; the cluster goes on by itself. */
static void
ae_advance(struct engine *e, int64_t ms)
{
	struct timespec	ts;

	(void)e;
	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void
ae_snapshot(struct engine *e, struct snapshot *out)
{
	struct attach	*a = attach_of(e);

	pthread_mutex_lock(&a->mu);
	attach_assemble(&a->pub_c, a->pub_b, a->n_brokers,
	    attach_elapsed_ms(a), out);
	pthread_mutex_unlock(&a->mu);
}

static uint64_t
ae_version(struct engine *e)
{
	struct attach	*a = attach_of(e);
	uint64_t	 v;

	pthread_mutex_lock(&a->mu);
	v = a->version;
	pthread_mutex_unlock(&a->mu);
	return v;
}

/* Look at each new poll until cond holds or timeout_ms of real time. */
static bool
ae_run_until(struct engine *e, bool (*cond)(const struct snapshot *, void *),
    void *arg, int64_t timeout_ms)
{
	struct attach	*a = attach_of(e);
	int64_t		 end = attach_elapsed_ms(a) + timeout_ms, left;
	uint64_t	 seen;
	struct snapshot	 s;
	struct timespec	 ts;
	bool		 ok;

	for (;;) {
		seen = ae_version(e);
		ae_snapshot(e, &s);
		ok = cond(&s, arg);
		snapshot_free(&s);
		if (ok)
			return true;
		if ((left = end - attach_elapsed_ms(a)) <= 0)
			return false;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += left / 1000;
		ts.tv_nsec += (left % 1000) * 1000000;
		ts.tv_sec += ts.tv_nsec / 1000000000;
		ts.tv_nsec %= 1000000000;
		pthread_mutex_lock(&a->mu);
		while (a->version == seen)
			if (pthread_cond_timedwait(&a->cv, &a->mu, &ts) ==
			    ETIMEDOUT)
				break;
		pthread_mutex_unlock(&a->mu);
	}
}

/* The action a fault asks for on a real cluster, or -1. */
static int
attach_fault_action(enum fault_kind kind)
{
	switch (kind) {
	case FAULT_KILL:
		return ATTACH_KILL;
	case FAULT_STOP:
		return ATTACH_STOP;
	case FAULT_START:
		return ATTACH_START;
	case FAULT_ISOLATE:
		return ATTACH_ISOLATE;
	case FAULT_HEAL:
		return ATTACH_HEAL;
	case FAULT_SLOW:
		return ATTACH_SLOW;
	case FAULT_PARTITION:
		return ATTACH_PARTITION;
	default:
		return -1;
	}
}

/* The two sides of a partition as $ISRLAB_PARTITION gives them:
 * "1,2|3", "controller" where the console put it. */
static void
attach_partition_sides(const struct fault *f, char *buf, size_t len)
{
	const bool	*side;
	size_t		 n = 0;
	int		 s, b;

	buf[0] = '\0';
	for (s = 0; s < 2; s++) {
		side = s == 0 ? f->side_a : f->side_b;
		if (s == 1 && n < len)
			n += (size_t)snprintf(buf + n, len - n, "|");
		if (side[NODE_CONTROLLER] && n < len)
			n += (size_t)snprintf(buf + n, len - n, "controller");
		for (b = 1; b <= ISR_MAX_BROKERS && n < len; b++)
			if (side[b])
				n += (size_t)snprintf(buf + n, len - n, "%s%d",
				    n > 0 && buf[n - 1] != '|' ? "," : "", b);
	}
}

/* Run broker b's command for act (b ATTACH_CLUSTER: the cluster's) and
 * put what came of it in the event log: a note with the command and its
 * exit, one per output line.  A slow command runs with the delay f asks
 * for in $ISRLAB_SLOW_MS, a partition with f's sides in
 * $ISRLAB_PARTITION, every one with the configuration's directory in
 * $ISRLAB_CONFIG_DIR.  @thread console */
static void
attach_run_action(struct attach *a, enum attach_action act, int b,
    const struct fault *f)
{
	const char		*cmd = a->o.config->cmd[act][b];
	struct strbuf		 out = STRBUF_INIT;
	struct runcmd_result	 res;
	char			 note[400], err[128], who[32], sides[64];
	char			*line, *next, *text, *dir, *set_dir;
	char			*set_arg = NULL;
	const char		*env[4];
	int			 n_env = 0;

	attach_config_who(act, b, who, sizeof who);
	/* What the command may want: the delay, the sides, and where the
	 * configuration lives (its scripts may sit beside it). */
	dir = xstrdup(a->o.config->path);
	env[n_env++] = set_dir = xasprintf("ISRLAB_CONFIG_DIR=%s",
	    dirname(dir));
	if (act == ATTACH_SLOW)
		env[n_env++] = set_arg = xasprintf("ISRLAB_SLOW_MS=%lld",
		    (long long)f->ms);
	else if (act == ATTACH_PARTITION) {
		attach_partition_sides(f, sides, sizeof sides);
		env[n_env++] = set_arg = xasprintf("ISRLAB_PARTITION=%s",
		    sides);
	}
	env[n_env] = NULL;
	if (runcmd(cmd, env, ATTACH_COMMAND_MS, &out, &res, err,
	    sizeof err) != 0)
		snprintf(note, sizeof note, "%s: `%s` did not start: %s", who,
		    cmd, err);
	else if (res.timed_out)
		snprintf(note, sizeof note, "%s: ran `%s`: killed after %d s",
		    who, cmd, ATTACH_COMMAND_MS / 1000);
	else if (res.signal != 0)
		snprintf(note, sizeof note, "%s: ran `%s`: signal %d", who,
		    cmd, res.signal);
	else
		snprintf(note, sizeof note, "%s: ran `%s`: exit %d", who, cmd,
		    res.exit_status);
	b = b == ATTACH_CLUSTER ? -1 : b;
	pthread_mutex_lock(&a->mu);
	attach_note_locked(a, b, note);
	text = strbuf_detach(&out);
	for (line = text; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		snprintf(note, sizeof note, "| %s", line);
		attach_note_locked(a, b, note);
	}
	pthread_mutex_unlock(&a->mu);
	free(text);
	free(set_arg);
	free(set_dir);
	free(dir);
}

/* The slots of act's commands f runs, into [*first, *last]: broker
 * f->broker's; the cluster's for a partition; for a heal of every
 * broker the cluster's line when the file has one, else each broker's. */
static void
attach_fault_slots(const struct attach_config *c, enum attach_action act,
    const struct fault *f, int *first, int *last)
{
	*first = *last = f->broker;
	if (act == ATTACH_PARTITION ||
	    (act == ATTACH_HEAL && f->broker < 0 && c != NULL &&
	    c->cmd[act][ATTACH_CLUSTER] != NULL))
		*first = *last = ATTACH_CLUSTER;
	else if (f->broker < 0) {
		*first = 1;
		*last = ISR_MAX_BROKERS;
	}
}

/* Faults on a real cluster are the configured commands, nothing else:
 * an action without one is refused saying how to add it; with
 * o.confirm (the screen), the first time a command would run it is
 * refused once, naming the exact command, and runs when asked again
 * within ATTACH_CONFIRM_MS.  @thread console */
static int
ae_fault(struct engine *e, const struct fault *f, char *err, size_t len)
{
	struct attach	*a = attach_of(e);
	int		 act = attach_fault_action(f->kind), b, first, last, n = 0;
	int64_t		 now = attach_elapsed_ms(a);

	if (act < 0) {
		snprintf(err, len, "%s", _("not on a real cluster: only kill, "
		    "stop, start, isolate, heal, slow and partition, as "
		    "--attach-config gives them"));
		return -1;
	}
	attach_fault_slots(a->o.config, act, f, &first, &last);
	for (b = first; b <= last; b++)
		n += a->o.config != NULL && a->o.config->cmd[act][b] != NULL;
	if (n == 0) {
		const char *file = a->o.config != NULL ? a->o.config->path :
		    "--attach-config FILE";

		if (act == ATTACH_PARTITION)
			/* TRANSLATORS: %s is the --attach-config file. */
			snprintf(err, len, _("not configured: add `partition "
			    "= COMMAND` to %s"), file);
		else if (f->broker < 0)
			/* TRANSLATORS: %s is the --attach-config file. */
			snprintf(err, len, _("not configured: no `heal = "
			    "COMMAND` or `heal B = COMMAND` in %s"), file);
		else
			/* TRANSLATORS: `ACTION BROKER = COMMAND` to FILE. */
			snprintf(err, len, _("not configured: add `%s %d = "
			    "COMMAND` to %s"), attach_action_name(act),
			    f->broker, file);
		return -1;
	}
	for (b = first; b <= last; b++) {
		const char *cmd = a->o.config->cmd[act][b];

		if (cmd == NULL || !a->o.confirm || a->confirmed[act][b])
			continue;
		if (a->asked_act == act && a->asked_broker == b &&
		    now - a->asked_ms <= ATTACH_CONFIRM_MS) {
			a->confirmed[act][b] = true;
			continue;
		}
		a->asked_act = act;
		a->asked_broker = b;
		a->asked_ms = now;
		/* TRANSLATORS: %s is the configured command, %d seconds. */
		snprintf(err, len, _("this runs `%s` on this machine: ask "
		    "again within %d s to run it"), cmd,
		    ATTACH_CONFIRM_MS / 1000);
		return -1;
	}
	for (b = first; b <= last; b++)
		if (a->o.config->cmd[act][b] != NULL)
			attach_run_action(a, act, b, f);
	return 0;
}

/* A real cluster's topics are created and deleted with Kafka's own
 * tools: a create of a topic the last poll saw gets Kafka's own answer (a
 * lab's setup finds its topics there).  kafka-configs.sh's --alter of a
 * topic goes to the cluster (rdadmin.h); broker configs (isrlab's are
 * cluster-wide, a real cluster's per broker), elections and new
 * partitions are left to Kafka's tools. */
static enum kerr
ae_admin(struct engine *e, const struct admin_req *r, char *why, size_t len)
{
	struct attach	*a = attach_of(e);
	struct snapshot	 s;
	struct settings	 set;
	bool		 exists;

	if (r->kind == ADMIN_CREATE_TOPIC) {
		ae_snapshot(e, &s);
		exists = image_topic(&s.ctrl_image, r->topic) != NULL;
		snapshot_free(&s);
		if (exists)
			return KERR_TOPIC_ALREADY_EXISTS;
	}
	if (r->kind == ADMIN_ALTER_TOPIC_CONFIG) {
		ae_get_settings(e, &set);
		return rdadmin_alter_topic_config(a->bootstrap, r->topic, r->key,
		    r->value, (int)set.request_timeout_ms, why, len);
	}
	snprintf(why, len, "%s", _("attached to a real cluster: use Kafka's "
	    "own tools to change it"));
	return KERR_INVALID_REQUEST;
}

/* isrlab's built-in clients run on the model; attached, a handle only
 * remembers where the console's command bootstrapped its client, and
 * real_produce and real_fetch connect there with librdkafka's; client_run
 * has nothing to run. */
static int
ae_client_open(struct engine *e, const bool bootstrap[ISR_NODES])
{
	struct attach	*a = attach_of(e);
	int		 h;

	pthread_mutex_lock(&a->mu);
	for (h = 0; h < ATTACH_CLIENTS_MAX && a->client_used[h]; h++)
		;
	if (h < ATTACH_CLIENTS_MAX) {
		a->client_used[h] = true;
		memcpy(a->client_boot[h], bootstrap, sizeof a->client_boot[h]);
	} else
		h = -1;
	pthread_mutex_unlock(&a->mu);
	return h;
}

static void
ae_client_close(struct engine *e, int handle)
{
	struct attach	*a = attach_of(e);

	if (handle < 0 || handle >= ATTACH_CLIENTS_MAX)
		return;
	pthread_mutex_lock(&a->mu);
	a->client_used[handle] = false;
	pthread_mutex_unlock(&a->mu);
}

static size_t
ae_client_run(struct engine *e, int handle, client_fn fn, void *arg,
    int64_t timeout_ms, struct client_result **results)
{
	(void)e;
	(void)handle;
	(void)fn;
	(void)arg;
	(void)timeout_ms;
	*results = NULL;
	return 0;
}

/* The bootstrap list of the console's client handle: the addresses the
 * metadata gave for the brokers its command named (the lab's
 * localhost:9092 is broker 1 wherever broker 1 listens), or --attach's
 * when it named none isrlab knows.  The caller frees it.  @thread any */
static char *
attach_client_bootstrap(struct attach *a, int handle)
{
	struct strbuf	sb = STRBUF_INIT;
	int		b;

	pthread_mutex_lock(&a->mu);
	if (handle >= 0 && handle < ATTACH_CLIENTS_MAX &&
	    a->client_used[handle])
		for (b = 1; b <= ISR_MAX_BROKERS; b++)
			if (a->client_boot[handle][b] && a->addr[b][0] != '\0')
				strbuf_printf(&sb, "%s%s", sb.len > 0 ? "," :
				    "", a->addr[b]);
	pthread_mutex_unlock(&a->mu);
	if (sb.len == 0)
		strbuf_adds(&sb, a->bootstrap);
	return strbuf_detach(&sb);
}

static size_t
ae_real_produce(struct engine *e, int handle, const char *topic,
    int partition, int acks, const char *const *keys,
    const char *const *values, int n, struct client_result **results)
{
	struct attach		 *a = attach_of(e);
	struct settings		  s;
	struct rdclient_delivery *each = xcalloc((size_t)n + 1, sizeof *each);
	struct acked		  ak;
	char			 *boot = attach_client_bootstrap(a, handle);
	size_t			  nres;
	int			  i;

	ae_get_settings(e, &s);
	nres = rdclient_produce(boot, topic, partition, acks, keys, values, n,
	    (int)s.delivery_timeout_ms, results, each);
	/* What was acknowledged, for the polls to judge (acked.h). */
	pthread_mutex_lock(&a->mu);
	for (i = 0; i < n; i++) {
		if (each[i].error != KERR_NONE || each[i].offset < 0)
			continue;
		memset(&ak, 0, sizeof ak);
		snprintf(ak.topic, sizeof ak.topic, "%s", topic);
		ak.partition = each[i].partition;
		ak.offset = each[i].offset;
		ak.broker = each[i].broker;
		ak.acks = acks;
		ak.hash = acked_hash(keys[i], keys[i] != NULL ?
		    strlen(keys[i]) : 0, values[i], strlen(values[i]));
		acked_add(&a->acked, &ak);
	}
	pthread_mutex_unlock(&a->mu);
	free(each);
	free(boot);
	return nres;
}

static size_t
ae_real_fetch(struct engine *e, int handle, const char *topic,
    int partition, int64_t offset, int max, struct client_result **results)
{
	struct attach	*a = attach_of(e);
	struct settings	 s;
	char		*boot = attach_client_bootstrap(a, handle);
	size_t		 nres;

	ae_get_settings(e, &s);
	nres = rdclient_fetch(boot, topic, partition, offset, max,
	    (int)s.request_timeout_ms, results);
	free(boot);
	return nres;
}

static struct gpayload *
ae_real_group_query(struct engine *e, int handle, enum group_query q,
    const char *group, enum kerr *err)
{
	struct attach	*a = attach_of(e);
	struct settings	 s;
	char		*boot = attach_client_bootstrap(a, handle);
	struct gpayload	*gp;

	ae_get_settings(e, &s);
	gp = rdadmin_group_query(boot, q, group, (int)s.request_timeout_ms,
	    err);
	free(boot);
	return gp;
}

static void
ae_get_settings(struct engine *e, struct settings *out)
{
	struct attach *a = attach_of(e);

	pthread_mutex_lock(&a->mu);
	*out = a->settings;
	pthread_mutex_unlock(&a->mu);
}

/* Kept for the readers (the screen's lag timers); the real cluster's
 * own settings are its brokers'. */
static void
ae_set_settings(struct engine *e, const struct settings *s)
{
	struct attach *a = attach_of(e);

	pthread_mutex_lock(&a->mu);
	a->settings = *s;
	a->version++;
	pthread_mutex_unlock(&a->mu);
}

static size_t
ae_events(struct engine *e, uint64_t since, struct event *out, size_t max)
{
	struct attach	*a = attach_of(e);
	size_t		 n;

	pthread_mutex_lock(&a->mu);
	n = journal_since(&a->journal, since, out, max);
	pthread_mutex_unlock(&a->mu);
	return n;
}

static void
ae_post_event(struct engine *e, const struct event *ev)
{
	struct attach *a = attach_of(e);

	pthread_mutex_lock(&a->mu);
	journal_add(&a->journal, ev);
	a->version++;
	pthread_mutex_unlock(&a->mu);
}

/* Pausing freezes the picture: no polls until resumed. */
static void
ae_set_paused(struct engine *e, bool paused)
{
	struct attach *a = attach_of(e);

	pthread_mutex_lock(&a->mu);
	a->paused = paused;
	a->version++;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
}

/* A real cluster runs at 1x. */
static void
ae_set_speed(struct engine *e, double speed)
{
	(void)e;
	(void)speed;
}

static void
ae_get_clock(struct engine *e, bool *paused, double *speed)
{
	struct attach *a = attach_of(e);

	pthread_mutex_lock(&a->mu);
	*paused = a->paused;
	pthread_mutex_unlock(&a->mu);
	*speed = 1.0;
}

static const struct engine_ops attach_engine_ops = {
	.name = "attach",
	.now = ae_now,
	.advance = ae_advance,
	.run_until = ae_run_until,
	.fault = ae_fault,
	.admin = ae_admin,
	.client_open = ae_client_open,
	.client_close = ae_client_close,
	.client_run = ae_client_run,
	.real_produce = ae_real_produce,
	.real_fetch = ae_real_fetch,
	.real_group_query = ae_real_group_query,
	.snapshot = ae_snapshot,
	.get_settings = ae_get_settings,
	.set_settings = ae_set_settings,
	.events = ae_events,
	.post_event = ae_post_event,
	.version = ae_version,
	.set_paused = ae_set_paused,
	.set_speed = ae_set_speed,
	.get_clock = ae_get_clock,
};

/* --- Construction --------------------------------------------------- */

struct engine *
attach_engine_new(const struct attach_options *o, char *err, size_t len)
{
	struct attach	*a;
	rd_kafka_conf_t	*conf;
	char		 errstr[512];

	conf = rd_kafka_conf_new();
	if (rd_kafka_conf_set(conf, "bootstrap.servers", o->bootstrap,
	    errstr, sizeof errstr) != RD_KAFKA_CONF_OK ||
	    rd_kafka_conf_set(conf, "client.id", "isrlab-attach", errstr,
	    sizeof errstr) != RD_KAFKA_CONF_OK) {
		rd_kafka_conf_destroy(conf);
		snprintf(err, len, "--attach %s: %s", o->bootstrap, errstr);
		return NULL;
	}
	rd_kafka_conf_set_log_cb(conf, rdclient_log_quiet);
	a = xcalloc(1, sizeof *a);
	a->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
	if (a->rk == NULL) {
		rd_kafka_conf_destroy(conf);
		free(a);
		snprintf(err, len, "--attach %s: %s", o->bootstrap, errstr);
		return NULL;
	}
	a->e.ops = &attach_engine_ops;
	a->asked_act = -1;
	a->o = *o;
	a->bootstrap = xstrdup(o->bootstrap);
	a->o.bootstrap = a->bootstrap;
	clock_gettime(CLOCK_MONOTONIC, &a->t0);
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	image_init(&a->pub_c.image);
	journal_init(&a->journal, JOURNAL_MAX_EVENTS);
	settings_defaults(&a->settings, true);
	a->settings.profile = KAFKA_PROFILE_LEGACY;
	if (!attach_poll(a, ATTACH_FIRST_POLL_MS, err, len)) {
		attach_engine_free(&a->e);
		return NULL;
	}
	if (pthread_create(&a->th, NULL, attach_main, a) != 0)
		fatal("attach: cannot start the poller thread");
	a->started = true;
	return &a->e;
}

void
attach_engine_free(struct engine *e)
{
	struct attach	*a;
	int		 b;

	if (e == NULL)
		return;
	a = attach_of(e);
	if (a->started) {
		pthread_mutex_lock(&a->mu);
		a->stop = true;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		pthread_join(a->th, NULL);
	}
	for (b = 0; b < ISR_NODES; b++)
		if (a->peers[b].rk != NULL)
			rd_kafka_destroy(a->peers[b].rk);
	rd_kafka_destroy(a->rk);
	snapshot_ctrl_part_free(&a->pub_c);
	for (b = 0; b < ISR_MAX_BROKERS; b++)
		snapshot_broker_part_free(&a->pub_b[b]);
	if (a->have_prev)
		snapshot_free(&a->prev);
	journal_free(&a->journal);
	acked_free(&a->acked);
	free(a->groups);
	pthread_cond_destroy(&a->cv);
	pthread_mutex_destroy(&a->mu);
	free(a->bootstrap);
	free(a);
}

void
attach_cluster_id(struct engine *e, char *buf, size_t len)
{
	struct attach *a = attach_of(e);

	pthread_mutex_lock(&a->mu);
	snprintf(buf, len, "%s", a->cluster_id);
	pthread_mutex_unlock(&a->mu);
}
