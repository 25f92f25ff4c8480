/*
 * slog.c - the session journal in memory: recording, pulling cluster
 * events, and keeping memory bounded by summarising old cluster events.
 *
 * Dropping is lazy: the oldest cluster record's slot becomes
 * SLOG__DROPPED (its event freed) and the array is compacted once such
 * slots are half of it, so recording stays amortised O(1).  With a sink
 * nothing is dropped here: records the sink has are released from the
 * front instead (slog_release), down to half of mem_max.
 */

#include "config.h"

#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "journal/ident.h"
#include "journal/slog.h"
#include "lab/labrun.h"
#include "util/xmalloc.h"

static int64_t
slog_real_clock(void *arg)
{
	struct timespec	ts;

	(void)arg;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t
slog_now(const struct slog *log)
{
	return log->e->ops->now(log->e);
}

/* Append a zeroed record of type at lab time t_ms and return it. */
static struct slog_rec *
slog_push(struct slog *log, enum slog_type type, int64_t t_ms)
{
	struct slog_rec	*r;

	if (log->n == log->cap) {
		log->cap = log->cap == 0 ? 256 : log->cap * 2;
		log->v = xreallocarray(log->v, log->cap, sizeof *log->v);
	}
	r = &log->v[log->n++];
	memset(r, 0, sizeof *r);
	r->seq = ++log->next_seq;
	r->type = type;
	r->t_ms = t_ms;
	r->wall_ms = log->clock(log->clock_arg);
	r->step = -1;
	return r;
}

/* Bytes r holds, for the memory bound. */
static size_t
slog_rec_size(const struct slog_rec *r)
{
	return sizeof *r + (r->text != NULL ? strlen(r->text) + 1 : 0) +
	    (r->aux != NULL ? strlen(r->aux) + 1 : 0) + r->output_len +
	    (r->output != NULL ? 1 : 0) +
	    (r->err != NULL ? strlen(r->err) + 1 : 0) +
	    (r->key != NULL ? strlen(r->key) + 1 : 0) +
	    (r->ev != NULL ? sizeof *r->ev : 0);
}

static void
slog_rec_free(struct slog_rec *r)
{
	free(r->text);
	free(r->aux);
	free(r->output);
	free(r->err);
	free(r->key);
	free(r->ev);
}

struct slog *
slog_new_restored(struct engine *e, size_t max_cluster)
{
	struct slog	*log = xcalloc(1, sizeof *log);

	log->e = e;
	log->max_cluster = max_cluster > 0 ? max_cluster : SLOG_MAX_CLUSTER;
	log->mem_max = SLOG_MEM_MAX;
	log->clock = slog_real_clock;
	log->meta.seed = 1;
	log->meta.lang = "ko";
	if (e != NULL) {
		log->meta.brokers = e->n_brokers;
		snprintf(log->meta.engine, sizeof log->meta.engine, "%s",
		    e->ops->name);
		e->ops->get_settings(e, &log->meta.settings);
	}
	return log;
}

struct slog *
slog_new(struct engine *e, size_t max_cluster, slog_clock_fn clock,
    void *clock_arg)
{
	struct slog	*log = slog_new_restored(e, max_cluster);
	struct slog_rec	*r;

	log->clock = clock != NULL ? clock : slog_real_clock;
	log->clock_arg = clock_arg;
	/* Only what happens from now on is this session's. */
	{
		struct event	chunk[64];
		size_t		n;

		while ((n = e->ops->events(e, log->ev_seen, chunk, 64)) > 0)
			log->ev_seen = chunk[n - 1].seq;
	}
	r = slog_push(log, SLOG_SESSION_START, slog_now(log));
	(void)r;
	return log;
}

void
slog_free(struct slog *log)
{
	size_t	i;
	int	j;

	if (log == NULL)
		return;
	if (log->c != NULL && log->c->observer_arg == log) {
		console_set_observer(log->c, NULL, NULL);
		console_set_exporter(log->c, NULL, NULL);
	}
	for (i = 0; i < log->n; i++)
		slog_rec_free(&log->v[i]);
	free(log->v);
	free(log->meta.student);
	free(log->meta.student_id);
	free(log->meta.attach_bootstrap);
	free(log->meta.attach_cluster_id);
	words_free(&log->meta.attach_commands);
	free(log->meta.lab_id);
	free(log->meta.lab_title);
	for (j = 0; j < log->meta.n_steps; j++)
		free(log->meta.step_titles[j]);
	free(log->meta.step_titles);
	free(log->export_dir);
	free(log);
}

void
slog_set_cluster(struct slog *log, uint64_t seed, int brokers,
    const char *const *racks, bool kafka_timings)
{
	int	i;

	log->meta.seed = seed;
	log->meta.brokers = brokers;
	log->meta.kafka_timings = kafka_timings;
	log->meta.has_racks = racks != NULL;
	for (i = 0; i < brokers && i < ISR_MAX_BROKERS; i++)
		snprintf(log->meta.racks[i], sizeof log->meta.racks[i], "%s",
		    racks != NULL && racks[i] != NULL ? racks[i] : "");
	log->meta_gen++;
}

void
slog_set_attach(struct slog *log, const char *bootstrap,
    const char *cluster_id, const struct words *commands)
{
	size_t	i;

	free(log->meta.attach_bootstrap);
	free(log->meta.attach_cluster_id);
	words_free(&log->meta.attach_commands);
	log->meta.attach_bootstrap = xstrdup(bootstrap);
	log->meta.attach_cluster_id = xstrdup(cluster_id);
	for (i = 0; i < commands->n; i++)
		words_add(&log->meta.attach_commands, commands->v[i]);
	log->meta_gen++;
}

void
slog_set_student(struct slog *log, const char *name)
{
	free(log->meta.student);
	log->meta.student = name != NULL && name[0] != '\0' ?
	    xstrdup(name) : NULL;
	log->meta_gen++;
}

void
slog_set_student_id(struct slog *log, const char *id)
{
	free(log->meta.student_id);
	log->meta.student_id = id != NULL && id[0] != '\0' ? xstrdup(id) :
	    NULL;
	log->meta_gen++;
}

void
slog_set_origin(struct slog *log, enum slog_origin origin)
{
	log->meta.origin = origin;
	log->meta_gen++;
}

const char *
slog_origin_name(enum slog_origin origin)
{
	switch (origin) {
	case SLOG_BY_STUDENT:
		return "student";
	case SLOG_BY_SOLVE:
		return "solve";
	case SLOG_BY_REPLAY:
		return "replay";
	}
	return "student";
}

void
slog_set_ident(struct slog *log, const struct ident *id)
{
	log->meta.seed = id->seed;
	log->meta.seed_from = id->from;
	snprintf(log->meta.session, sizeof log->meta.session, "%s",
	    id->session);
	log->meta_gen++;
}

void
slog_set_export_dir(struct slog *log, const char *dir)
{
	free(log->export_dir);
	log->export_dir = dir != NULL ? xstrdup(dir) : NULL;
}

bool
slog_needs_student(const struct slog *log)
{
	return log->meta.student == NULL;
}

const char *
slog_default_student(void)
{
	struct passwd	*pw = getpwuid(getuid());

	return pw != NULL && pw->pw_name != NULL && pw->pw_name[0] != '\0' ?
	    pw->pw_name : "student";
}

/* --- cluster events and their bound -------------------------------------- */

static void
slog_compact(struct slog *log)
{
	size_t	i, j;

	for (i = j = 0; i < log->n; i++)
		if (log->v[i].type != SLOG__DROPPED)
			log->v[j++] = log->v[i];
	log->n = j;
	log->n_dropped_slots = 0;
	log->scan = 0;
}

/* Drop the oldest kept cluster event, counting it. */
static void
slog_drop_oldest(struct slog *log)
{
	struct slog_rec	*r;

	while (log->scan < log->n && log->v[log->scan].type != SLOG_CLUSTER)
		log->scan++;
	if (log->scan == log->n)
		return;
	r = &log->v[log->scan];
	if (log->dropped == 0) {
		log->dropped_seq = r->seq;
		log->dropped_from_ms = r->t_ms;
	}
	log->dropped++;
	log->dropped_to_ms = r->t_ms;
	if ((unsigned)r->ev->type < EV__COUNT)
		log->dropped_by_type[r->ev->type]++;
	slog_rec_free(r);
	r->type = SLOG__DROPPED;
	r->ev = NULL;
	log->n_cluster--;
	log->n_dropped_slots++;
	if (log->n_dropped_slots > 64 && log->n_dropped_slots * 2 > log->n)
		slog_compact(log);
}

void
slog_poll(struct slog *log)
{
	struct event	 chunk[64];
	struct slog_rec	*r;
	size_t		 n, i;

	while ((n = log->e->ops->events(log->e, log->ev_seen, chunk,
	    64)) > 0) {
		for (i = 0; i < n; i++) {
			r = slog_push(log, SLOG_CLUSTER, chunk[i].t_ms);
			r->ev = xmalloc(sizeof *r->ev);
			*r->ev = chunk[i];
			log->n_cluster++;
			if (log->n_cluster > log->max_cluster &&
			    log->sink == NULL)
				slog_drop_oldest(log);
		}
		log->ev_seen = chunk[n - 1].seq;
		if (n < 64)
			break;
	}
	slog_sync(log);
}

void
slog_dropped_text(const struct slog *log, char *buf, size_t len)
{
	size_t	used;
	int	t, best, first = 1;
	bool	done[EV__COUNT];

	buf[0] = '\0';
	if (log->dropped == 0 || len == 0)
		return;
	snprintf(buf, len, "%" PRIu64 " earlier cluster event%s:",
	    log->dropped, log->dropped == 1 ? "" : "s");
	memset(done, 0, sizeof done);
	/* Most frequent first; ties by type order. */
	for (;;) {
		best = -1;
		for (t = 0; t < EV__COUNT; t++)
			if (!done[t] && log->dropped_by_type[t] > 0 &&
			    (best < 0 || log->dropped_by_type[t] >
			    log->dropped_by_type[best]))
				best = t;
		if (best < 0)
			break;
		done[best] = true;
		used = strlen(buf);
		if (used < len)
			snprintf(buf + used, len - used, "%s %" PRIu64 " %s",
			    first ? "" : ",", log->dropped_by_type[best],
			    event_type_name((enum ev_type)best));
		first = 0;
	}
}

/* --- the console's observer ---------------------------------------------- */

static struct slog_rec *
slog_find(struct slog *log, uint64_t seq)
{
	size_t	i;

	for (i = log->n; i > 0; i--)
		if (log->v[i - 1].seq == seq)
			return &log->v[i - 1];
	return NULL;
}

static void
slog_console_hook(void *arg, const struct console_obs *o)
{
	struct slog	*log = arg;
	struct slog_rec	*r;
	size_t		 keep;

	slog_poll(log);
	switch (o->kind) {
	case CONSOLE_OBS_BEGIN:
		r = slog_push(log, SLOG_COMMAND, o->t_ms);
		r->text = xstrdup(o->text);
		r->source = o->source != NULL ? "setup" : NULL;
		r->key = o->key != NULL ? xstrdup(o->key) : NULL;
		r->open = true;
		if (r->source == NULL)
			log->unexported = true;
		if (log->n_open < (int)(sizeof log->open / sizeof log->open[0]))
			log->open[log->n_open++] = r->seq;
		break;
	case CONSOLE_OBS_COMMAND:
		if (log->n_open == 0 ||
		    (r = slog_find(log, log->open[--log->n_open])) == NULL)
			break;
		keep = o->output_len < SLOG_OUTPUT_MAX ? o->output_len :
		    SLOG_OUTPUT_MAX;
		r->output = xstrndup(o->output, keep);
		r->output_len = keep;
		r->output_cut = o->output_len - keep;
		r->rc = o->rc;
		r->err = o->err != NULL && o->err[0] != '\0' ?
		    xstrdup(o->err) : NULL;
		r->open = false;
		break;
	case CONSOLE_OBS_KEY:
		r = slog_push(log, SLOG_KEY, o->t_ms);
		r->text = xstrdup(o->text);
		r->rc = o->rc;
		r->err = o->rc < 0 && o->err != NULL ? xstrdup(o->err) : NULL;
		if (o->sel != NULL)
			r->sel = *o->sel;
		log->unexported = true;
		break;
	}
	slog_sync(log);
}

void
slog_attach_console(struct slog *log, struct console *c)
{
	log->c = c;
	console_set_observer(c, slog_console_hook, log);
}

/* --- the lab runner's observer ------------------------------------------- */

static const char *
slog_lab_str(const struct lab_str *s, enum lab_lang lang)
{
	if (lang == LAB_EN && s->en != NULL)
		return s->en;
	return s->ko != NULL ? s->ko : s->en != NULL ? s->en : "";
}

static void
slog_lab_meta(struct slog *log, const struct labrun_obs *o)
{
	const struct lab	*lab = o->run->lab;
	int			 i;

	for (i = 0; i < log->meta.n_steps; i++)
		free(log->meta.step_titles[i]);
	free(log->meta.step_titles);
	free(log->meta.lab_id);
	free(log->meta.lab_title);
	log->meta.lab_id = xstrdup(o->lab_id != NULL ? o->lab_id : "");
	log->meta.lab_title = xstrdup(o->title != NULL ? o->title : "");
	log->meta.n_steps = (int)lab->n_steps;
	log->meta.step_titles = xcalloc(lab->n_steps + 1, sizeof (char *));
	for (i = 0; i < (int)lab->n_steps; i++)
		log->meta.step_titles[i] = xstrdup(slog_lab_str(
		    &lab->steps[i].title, o->run->lang));
	log->meta.lang = o->run->lang == LAB_EN ? "en" : "ko";
	log->meta_gen++;
}

void
slog_labrun_hook(void *arg, const struct labrun_obs *o)
{
	struct slog	*log = arg;
	struct slog_rec	*r;

	slog_poll(log);
	switch (o->kind) {
	case LABRUN_OBS_LAB_START:
		slog_lab_meta(log, o);
		r = slog_push(log, SLOG_LAB_START, o->t_ms);
		r->text = xstrdup(log->meta.lab_id);
		r->aux = xstrdup(log->meta.lab_title);
		r->n = (int)o->n_steps;
		break;
	case LABRUN_OBS_STEP_START:
		r = slog_push(log, SLOG_STEP_START, o->t_ms);
		r->step = (int)o->step;
		r->text = xstrdup(o->title != NULL ? o->title : "");
		break;
	case LABRUN_OBS_STEP_DONE:
		r = slog_push(log, SLOG_STEP_DONE, o->t_ms);
		r->step = (int)o->step;
		r->text = xstrdup(o->title != NULL ? o->title : "");
		r->ms = o->ms;
		r->flag = o->skipped;
		log->unexported = true;
		break;
	case LABRUN_OBS_HINT:
		r = slog_push(log, SLOG_HINT_SHOWN, o->t_ms);
		r->step = (int)o->step;
		r->text = xstrdup(o->text != NULL ? o->text : "");
		r->n = (int)o->level;
		r->flag = o->by_delay;
		log->unexported = true;
		break;
	case LABRUN_OBS_REWIND:
		r = slog_push(log, SLOG_REWIND, o->t_ms);
		r->step = (int)o->step;
		r->text = xstrdup(o->title != NULL ? o->title : "");
		r->ms = o->ms;
		log->unexported = true;
		break;
	case LABRUN_OBS_QUIZ:
		r = slog_push(log, SLOG_QUIZ_ANSWER, o->t_ms);
		r->step = (int)o->step;
		r->text = xstrdup(o->text != NULL ? o->text : "");
		r->aux = xstrdup(o->question != NULL ? o->question : "");
		r->flag = o->right;
		log->unexported = true;
		break;
	}
	if (o->kind == LABRUN_OBS_STEP_START || o->kind == LABRUN_OBS_STEP_DONE ||
	    o->kind == LABRUN_OBS_REWIND)
		log->boundary = true;
	slog_sync(log);
}

void
slog_set_engine(struct slog *log, struct engine *e)
{
	struct event	chunk[64];
	size_t		n;

	log->e = e;
	log->ev_seen = 0;
	while ((n = e->ops->events(e, log->ev_seen, chunk, 64)) > 0) {
		log->ev_seen = chunk[n - 1].seq;
		if (n < 64)
			break;
	}
}

void
slog_undone(const struct slog *log, bool *undone)
{
	const struct slog_rec	*r;
	size_t			 i, j, start = 0;

	for (i = 0; i < log->n; i++) {
		r = &log->v[i];
		undone[i] = false;
		if (r->type == SLOG_STEP_START)
			start = i;
		if (r->type != SLOG_REWIND)
			continue;
		for (j = start + 1; j < i; j++)
			if ((log->v[j].type == SLOG_KEY ||
			    log->v[j].type == SLOG_COMMAND) &&
			    log->v[j].source == NULL)
				undone[j] = true;
	}
}

/* --- end, export --------------------------------------------------------- */

void
slog_end(struct slog *log)
{
	struct slog_rec	*r;
	size_t		 i;
	int		 done = 0;

	if (log->ended)
		return;
	slog_poll(log);
	done = (int)log->spilled_steps;
	for (i = 0; i < log->n; i++)
		done += log->v[i].type == SLOG_STEP_DONE;
	r = slog_push(log, SLOG_SESSION_END, slog_now(log));
	r->n = done;
	log->ended = true;
	log->boundary = true;
	slog_sync(log);
}

void
slog_note_export(struct slog *log, const char *files, const char *err)
{
	struct slog_rec	*r;

	slog_poll(log);
	r = slog_push(log, SLOG_EXPORT, slog_now(log));
	r->text = xstrdup(files != NULL ? files : "");
	r->rc = err != NULL ? -1 : 0;
	r->err = err != NULL ? xstrdup(err) : NULL;
	if (err == NULL)
		log->unexported = false;
	slog_sync(log);
}

const char *
slog_type_name(const struct slog_rec *r)
{
	static const char *const names[SLOG__COUNT] = {
		[SLOG_SESSION_START] = "session_start",
		[SLOG_LAB_START] = "lab_start",
		[SLOG_STEP_START] = "step_start",
		[SLOG_STEP_DONE] = "step_done",
		[SLOG_HINT_SHOWN] = "hint_shown",
		[SLOG_QUIZ_ANSWER] = "quiz_answer",
		[SLOG_REWIND] = "rewind",
		[SLOG_KEY] = "key",
		[SLOG_COMMAND] = "command",
		[SLOG_CLUSTER] = "cluster",
		[SLOG_EXPORT] = "export",
		[SLOG_SESSION_END] = "session_end",
		[SLOG__DROPPED] = "dropped",
	};

	if (r->type == SLOG_CLUSTER && r->ev != NULL)
		return event_type_name(r->ev->type);
	return (unsigned)r->type < SLOG__COUNT ? names[r->type] : "?";
}

void
slog_wall_format(int64_t wall_ms, char *buf, size_t len)
{
	struct tm	tm;
	time_t		t = (time_t)(wall_ms / 1000);

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+00:00",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (int)(wall_ms % 1000));
}

int64_t
slog_wall_parse(const char *s)
{
	struct tm	tm;
	int		ms = 0;

	if (s == NULL)
		return 0;
	memset(&tm, 0, sizeof tm);
	if (sscanf(s, "%d-%d-%dT%d:%d:%d.%d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

/* --- the sink, and reading a session back -------------------------------- */

void
slog_set_export_observer(struct slog *log, slog_export_fn fn, void *arg)
{
	log->export_fn = fn;
	log->export_arg = arg;
}

void
slog_set_sink(struct slog *log, slog_sink_fn fn, void *arg)
{
	log->sink = fn;
	log->sink_arg = arg;
}

void
slog_set_synced(struct slog *log)
{
	size_t	i;

	for (i = log->synced; i < log->n; i++)
		log->mem += slog_rec_size(&log->v[i]);
	log->synced = log->n;
}

/* Release the oldest records the sink has until half of SLOG_MEM_MAX is
 * left (the open commands' seqs stay valid: they are never synced). */
static void
slog_release(struct slog *log)
{
	size_t	k = 0;

	while (k < log->synced && log->mem > log->mem_max / 2) {
		log->mem -= slog_rec_size(&log->v[k]);
		if (log->v[k].type == SLOG_STEP_DONE)
			log->spilled_steps++;
		if (log->v[k].type == SLOG_CLUSTER)
			log->n_cluster--;
		slog_rec_free(&log->v[k]);
		k++;
	}
	memmove(log->v, log->v + k, (log->n - k) * sizeof *log->v);
	log->n -= k;
	log->synced -= k;
	log->spilled += k;
	log->scan = 0;
}

void
slog_sync(struct slog *log)
{
	size_t	to = log->synced, i;

	if (log->sink == NULL)
		return;
	while (to < log->n && !log->v[to].open)
		to++;
	if (to > log->synced || log->boundary) {
		log->sink(log->sink_arg, log, log->synced, to, log->boundary);
		for (i = log->synced; i < to; i++)
			log->mem += slog_rec_size(&log->v[i]);
		log->synced = to;
		log->boundary = false;
	}
	if (log->mem > log->mem_max)
		slog_release(log);
}

bool
slog_unexported(const struct slog *log)
{
	return log->unexported;
}

void
slog_restore(struct slog *log, struct slog_rec *r)
{
	struct slog_rec	*d;

	if (log->n == log->cap) {
		log->cap = log->cap == 0 ? 256 : log->cap * 2;
		log->v = xreallocarray(log->v, log->cap, sizeof *log->v);
	}
	d = &log->v[log->n++];
	*d = *r;
	memset(r, 0, sizeof *r);
	if (d->seq > log->next_seq)
		log->next_seq = d->seq;
	if (d->type == SLOG_SESSION_END)
		log->ended = true;
	if (d->type == SLOG_CLUSTER && ++log->n_cluster > log->max_cluster)
		slog_drop_oldest(log);
}

void
slog_rec_clear(struct slog_rec *r)
{
	slog_rec_free(r);
	memset(r, 0, sizeof *r);
}

static char *
slog_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
slog_rec_copy(struct slog_rec *dst, const struct slog_rec *r)
{
	*dst = *r;
	dst->text = slog_dup(r->text);
	dst->aux = slog_dup(r->aux);
	dst->output = r->output != NULL ? xstrndup(r->output, r->output_len) :
	    NULL;
	dst->err = slog_dup(r->err);
	dst->key = slog_dup(r->key);
	if (r->ev != NULL) {
		dst->ev = xmalloc(sizeof *dst->ev);
		*dst->ev = *r->ev;
	}
}

void
slog_meta_copy(struct slog_meta *dst, const struct slog_meta *src)
{
	int	i;

	free(dst->student);
	free(dst->student_id);
	free(dst->lab_id);
	free(dst->lab_title);
	for (i = 0; i < dst->n_steps; i++)
		free(dst->step_titles[i]);
	free(dst->step_titles);
	*dst = *src;
	dst->student = slog_dup(src->student);
	dst->student_id = slog_dup(src->student_id);
	dst->lab_id = slog_dup(src->lab_id);
	dst->lab_title = slog_dup(src->lab_title);
	dst->step_titles = xcalloc((size_t)src->n_steps + 1,
	    sizeof (char *));
	for (i = 0; i < src->n_steps; i++)
		dst->step_titles[i] = slog_dup(src->step_titles[i]);
}
