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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

#include "attach/attach.h"
#include "attach/observe.h"
#include "attach/rdclient.h"
#include "attach/runcmd.h"
#include "model/journal.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

#define ATTACH_FIRST_POLL_MS 10000	/* the first metadata, at most */
#define ATTACH_COMMAND_MS 60000		/* a configured command, at most */
#define ATTACH_CONFIRM_MS 30000		/* asking again confirms, within */

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

	/* @thread poller */
	bool			 known[ISR_NODES]; /* ever seen */
	struct snapshot		 prev;
	bool			 have_prev;
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

/* The log start and high watermark of every partition with a live
 * leader: ListOffsets for the earliest and the latest offset (timestamps
 * -2 and -1; the latest is the HW for a read_uncommitted client), each
 * batched by leader in one call.  Partitions whose leader does not answer
 * within timeout_ms keep -1.  @thread poller */
static void
attach_watermarks(struct attach *a, const struct image *im,
    rd_kafka_topic_partition_list_t **lo, rd_kafka_topic_partition_list_t **hi,
    int timeout_ms)
{
	size_t	ti;
	int	p;

	*lo = rd_kafka_topic_partition_list_new(16);
	*hi = rd_kafka_topic_partition_list_new(16);
	for (ti = 0; ti < im->n_topics; ti++)
		for (p = 0; p < im->topics[ti].n_partitions; p++) {
			if (im->topics[ti].parts[p].leader == ISR_NO_LEADER)
				continue;
			rd_kafka_topic_partition_list_add(*lo,
			    im->topics[ti].name, p)->offset =
			    RD_KAFKA_OFFSET_BEGINNING;
			rd_kafka_topic_partition_list_add(*hi,
			    im->topics[ti].name, p)->offset = RD_KAFKA_OFFSET_END;
		}
	if ((*lo)->cnt == 0)
		return;
	rd_kafka_offsets_for_times(a->rk, *lo, timeout_ms);
	rd_kafka_offsets_for_times(a->rk, *hi, timeout_ms);
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

/* Broker b's part: up or down, the partitions it leads with their log
 * start and high watermark, the ones it follows with nothing known.
 * @thread poller */
static void
attach_fill_broker(int b, bool live, const struct image *im,
    rd_kafka_topic_partition_list_t *lo, rd_kafka_topic_partition_list_t *hi,
    struct snap_broker_part *bp)
{
	size_t	ti;
	int	p;

	image_free(&bp->b.image);
	memset(&bp->b, 0, sizeof bp->b);
	bp->b.state = live ? BROKER_RUNNING : BROKER_DOWN;
	bp->b.serving = live;
	bp->b.incarnation = -1;
	image_copy(&bp->b.image, im);
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

/* Poll once and publish; false when the cluster did not answer.
 * @thread poller */
static bool
attach_poll(struct attach *a, int timeout_ms, char *err, size_t len)
{
	const struct rd_kafka_metadata	*md;
	rd_kafka_resp_err_t		 rerr;
	struct snap_ctrl_part		 cp;
	struct snap_broker_part		 bp[ISR_MAX_BROKERS];
	struct snapshot			 s;
	struct evq			 q = { 0 };
	rd_kafka_topic_partition_list_t	*lo, *hi;
	bool				 live[ISR_NODES] = { false };
	char				 note[160], *id;
	int				 i, b, n = 0, big = -1;
	int64_t				 now;
	size_t				 k;

	rd_kafka_poll(a->rk, 0);	/* drain librdkafka's own events */
	rerr = rd_kafka_metadata(a->rk, 1, NULL, &md, timeout_ms);
	if (rerr != RD_KAFKA_RESP_ERR_NO_ERROR) {
		snprintf(err, len, "%s: %s", a->bootstrap,
		    rd_kafka_err2str(rerr));
		return false;
	}
	for (i = 0; i < md->broker_cnt; i++) {
		b = md->brokers[i].id;
		if (b >= 1 && b <= ISR_MAX_BROKERS)
			live[b] = a->known[b] = true;
		else
			big = b;
	}
	memset(&cp, 0, sizeof cp);
	attach_fill_image(a, md, live, &cp.image);
	rd_kafka_metadata_destroy(md);
	for (b = 1; b <= ISR_MAX_BROKERS; b++)
		if (a->known[b])
			n = b;
	if (n == 0) {
		snapshot_ctrl_part_free(&cp);
		snprintf(err, len, "%s: no broker with an id in 1..%d",
		    a->bootstrap, ISR_MAX_BROKERS);
		return false;
	}
	id = rd_kafka_clusterid(a->rk, 0);	/* the metadata's, cached */
	/* The poll's time: when the metadata answered. */
	now = attach_elapsed_ms(a);
	attach_watermarks(a, &cp.image, &lo, &hi, timeout_ms / 2 > 100 ?
	    timeout_ms / 2 : 100);
	memset(bp, 0, sizeof bp);
	for (b = 1; b <= n; b++) {
		image_init(&bp[b - 1].b.image);
		attach_fill_broker(b, live[b], &cp.image, lo, hi, &bp[b - 1]);
	}
	rd_kafka_topic_partition_list_destroy(lo);
	rd_kafka_topic_partition_list_destroy(hi);

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
		rd_kafka_mem_free(a->rk, id);
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
	default:
		return -1;
	}
}

/* Run broker b's command for act and put what came of it in the event
 * log: a note with the command and its exit, one per output line.  A
 * slow command runs with the delay f asks for in $ISRLAB_SLOW_MS.
 * @thread console */
static void
attach_run_action(struct attach *a, enum attach_action act, int b,
    const struct fault *f)
{
	const char		*cmd = a->o.config->cmd[act][b];
	struct strbuf		 out = STRBUF_INIT;
	struct runcmd_result	 res;
	char			 note[160], err[128], *line, *next, *text;
	char			*run;

	/* The number is ours, so it can go before the user's text. */
	run = act == ATTACH_SLOW ? xasprintf("ISRLAB_SLOW_MS=%lld; export "
	    "ISRLAB_SLOW_MS; %s", (long long)f->ms, cmd) : xstrdup(cmd);
	if (runcmd(run, ATTACH_COMMAND_MS, &out, &res, err,
	    sizeof err) != 0)
		snprintf(note, sizeof note, "%s %d: `%s` did not start: %s",
		    attach_action_name(act), b, cmd, err);
	else if (res.timed_out)
		snprintf(note, sizeof note, "%s %d: ran `%s`: killed after "
		    "%d s", attach_action_name(act), b, cmd,
		    ATTACH_COMMAND_MS / 1000);
	else if (res.signal != 0)
		snprintf(note, sizeof note, "%s %d: ran `%s`: signal %d",
		    attach_action_name(act), b, cmd, res.signal);
	else
		snprintf(note, sizeof note, "%s %d: ran `%s`: exit %d",
		    attach_action_name(act), b, cmd, res.exit_status);
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
	free(run);
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
		    "stop, start, isolate, heal and slow, as --attach-config "
		    "gives them"));
		return -1;
	}
	first = last = f->broker;
	if (f->broker < 0) {		/* heal every broker */
		first = 1;
		last = ISR_MAX_BROKERS;
	}
	for (b = first; b <= last; b++)
		n += a->o.config != NULL && a->o.config->cmd[act][b] != NULL;
	if (n == 0) {
		const char *file = a->o.config != NULL ? a->o.config->path :
		    "--attach-config FILE";

		if (f->broker < 0)
			/* TRANSLATORS: %s is the --attach-config file. */
			snprintf(err, len, _("not configured: no `heal B = "
			    "COMMAND` in %s"), file);
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

/* Nothing changes a real cluster's topics from here: a create of a topic
 * the last poll saw gets Kafka's own answer (a lab's setup finds its
 * topics there); anything else is left to Kafka's tools. */
static enum kerr
ae_admin(struct engine *e, const struct admin_req *r, char *why, size_t len)
{
	struct snapshot	s;
	bool		exists;

	if (r->kind == ADMIN_CREATE_TOPIC) {
		ae_snapshot(e, &s);
		exists = image_topic(&s.ctrl_image, r->topic) != NULL;
		snapshot_free(&s);
		if (exists)
			return KERR_TOPIC_ALREADY_EXISTS;
	}
	snprintf(why, len, "%s", _("attached to a real cluster: use Kafka's "
	    "own tools to change it"));
	return KERR_INVALID_REQUEST;
}

/* isrlab's built-in clients run on the model; attached, the console
 * uses real_produce and real_fetch instead, and client_run has nothing to
 * run. */
static int
ae_client_open(struct engine *e, const bool bootstrap[ISR_NODES])
{
	(void)e;
	(void)bootstrap;
	return -1;
}

static void
ae_client_close(struct engine *e, int handle)
{
	(void)e;
	(void)handle;
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

static size_t
ae_real_produce(struct engine *e, const char *topic, int partition, int acks,
    const char *const *keys, const char *const *values, int n,
    struct client_result **results)
{
	struct attach	*a = attach_of(e);
	struct settings	 s;

	ae_get_settings(e, &s);
	return rdclient_produce(a->bootstrap, topic, partition, acks, keys,
	    values, n, (int)s.delivery_timeout_ms, results);
}

static size_t
ae_real_fetch(struct engine *e, const char *topic, int partition,
    int64_t offset, int max, struct client_result **results)
{
	struct attach	*a = attach_of(e);
	struct settings	 s;

	ae_get_settings(e, &s);
	return rdclient_fetch(a->bootstrap, topic, partition, offset, max,
	    (int)s.request_timeout_ms, results);
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
	rd_kafka_destroy(a->rk);
	snapshot_ctrl_part_free(&a->pub_c);
	for (b = 0; b < ISR_MAX_BROKERS; b++)
		snapshot_broker_part_free(&a->pub_b[b]);
	if (a->have_prev)
		snapshot_free(&a->prev);
	journal_free(&a->journal);
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
