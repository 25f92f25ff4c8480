/*
 * statefile.c - the per-user state file: writing the journal as it
 * happens, reading it back, --recover (see statefile.h for the design).
 *
 * A running session holds an exclusive flock(2) on its file, which the
 * kernel drops when the process dies however it dies; a file nobody
 * holds is an interrupted session, so two isrlab running at once never
 * offer each other's live session.  A session that ends normally removes
 * its file: the student was asked about exporting on the way out.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "console/console.h"
#include "journal/export.h"
#include "journal/ident.h"
#include "journal/jsonread.h"
#include "journal/statefile.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#define STATEFILE_SYNC_MS	1000	/* fdatasync at most this late */

struct statefile {
	struct slog	*log;		/* not owned */
	char		*path;
	int		 fd;
	unsigned	 meta_gen;	/* of the last header written */
	bool		 dirty;		/* written since the last fdatasync */
	int64_t		 synced_ms;	/* monotonic time of that fdatasync */
	bool		 failed;	/* a write failed: stop trying */
	statefile_tee_fn tee;		/* statefile_set_tee, or NULL */
	void		*tee_arg;
};

static int64_t
statefile_mono_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
statefile_dir(char *buf, size_t len, char *err, size_t errlen)
{
	const char	*xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	/* XDG: a relative $XDG_STATE_HOME is invalid and ignored. */
	if (xdg != NULL && xdg[0] == '/')
		snprintf(buf, len, "%s/isrlab", xdg);
	else if (home != NULL && home[0] != '\0')
		snprintf(buf, len, "%s/.local/state/isrlab", home);
	else {
		snprintf(err, errlen, "no state directory: neither "
		    "XDG_STATE_HOME nor HOME is set");
		return -1;
	}
	return 0;
}

int
statefile_mkdirs(const char *dir, char *err, size_t errlen)
{
	char	*p, *copy = xstrdup(dir), was;

	for (p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		was = *p;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", copy, strerror(errno));
			free(copy);
			return -1;
		}
		if (was == '\0')
			break;
		*p = '/';
	}
	free(copy);
	return 0;
}

/* --- writing ------------------------------------------------------------- */

static void
statefile_write(struct statefile *sf, const struct strbuf *sb)
{
	const char	*p = sb->s;
	size_t		 left = sb->len;
	ssize_t		 n;

	while (!sf->failed && left > 0) {
		n = write(sf->fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* A full disk must not stop the lab: the journal
			 * stays in memory (nothing more is released; what
			 * was is read back from what the file holds). */
			sf->failed = true;
			slog_set_sink(sf->log, NULL, sf);
			return;
		}
		p += n;
		left -= (size_t)n;
	}
	sf->dirty = sf->dirty || sb->len > 0;
	if (!sf->failed && sf->tee != NULL && sb->len > 0)
		sf->tee(sf->tee_arg, sb->s, sb->len);
}

static void
statefile_durable(struct statefile *sf, bool now)
{
	int64_t	t = statefile_mono_ms();

	if (!sf->dirty || sf->failed ||
	    (!now && t - sf->synced_ms < STATEFILE_SYNC_MS))
		return;
	fdatasync(sf->fd);
	sf->dirty = false;
	sf->synced_ms = t;
}

static void
statefile_sink(void *arg, const struct slog *log, size_t from, size_t to,
    bool boundary)
{
	struct statefile	*sf = arg;
	struct strbuf		 sb = STRBUF_INIT;
	size_t			 i;

	if (sf->meta_gen != log->meta_gen) {
		export_header_line(log, PACKAGE_VERSION, &sb);
		sf->meta_gen = log->meta_gen;
	}
	for (i = from; i < to; i++)
		export_rec_line(log, &log->v[i], &sb);
	statefile_write(sf, &sb);
	strbuf_free(&sb);
	statefile_durable(sf, boundary);
}

static struct statefile *
statefile_attach(struct slog *log, const char *path, int fd)
{
	struct statefile	*sf = xcalloc(1, sizeof *sf);

	sf->log = log;
	sf->path = xstrdup(path);
	sf->fd = fd;
	sf->meta_gen = log->meta_gen - 1;	/* a header first */
	sf->synced_ms = statefile_mono_ms();
	slog_set_sink(log, statefile_sink, sf);
	slog_sync(log);
	return sf;
}

/* Open path for appending, locked; -1 with the reason in err. */
static int
statefile_open_locked(const char *path, int flags, char *err, size_t errlen)
{
	int	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW |
		    flags, 0600);

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		snprintf(err, errlen, "%s: in use by another isrlab", path);
		close(fd);
		return -1;
	}
	return fd;
}

struct statefile *
statefile_start(struct slog *log, char *err, size_t errlen)
{
	struct statefile	*sf;
	char			 dir[4096], stamp[32], *path = NULL;
	struct tm		 tm;
	time_t			 t = time(NULL);
	int			 fd = -1, i;

	if (statefile_dir(dir, sizeof dir, err, errlen) != 0 ||
	    statefile_mkdirs(dir, err, errlen) != 0)
		return NULL;
	/* The real clock (the journal's may be a test's), and a number
	 * after the pid should one process start two in a second. */
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	for (i = 1; fd < 0 && i <= 100; i++) {
		free(path);
		path = i == 1 ? xasprintf("%s/session-%s-%ld.jsonl", dir, stamp,
		    (long)getpid()) : xasprintf("%s/session-%s-%ld-%d.jsonl",
		    dir, stamp, (long)getpid(), i);
		fd = statefile_open_locked(path, O_CREAT | O_EXCL, err,
		    errlen);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		free(path);
		return NULL;
	}
	sf = statefile_attach(log, path, fd);
	free(path);
	return sf;
}

struct statefile *
statefile_continue(struct slog *log, const char *path, char *err,
    size_t errlen)
{
	int		fd = statefile_open_locked(path, 0, err, errlen);
	struct event	chunk[64];
	size_t		n;

	if (fd < 0)
		return NULL;
	/* What was read back is in the file already, and what the engine
	 * did so far (the replay) too. */
	slog_set_synced(log);
	while (log->e != NULL && (n = log->e->ops->events(log->e,
	    log->ev_seen, chunk, 64)) > 0)
		log->ev_seen = chunk[n - 1].seq;
	return statefile_attach(log, path, fd);
}

void
statefile_tick(struct statefile *sf)
{
	if (sf != NULL)
		statefile_durable(sf, false);
}

const char *
statefile_path(const struct statefile *sf)
{
	return sf->path;
}

void
statefile_set_tee(struct statefile *sf, statefile_tee_fn fn, void *arg)
{
	sf->tee = fn;
	sf->tee_arg = arg;
}

void
statefile_close(struct statefile *sf, bool keep)
{
	if (sf == NULL)
		return;
	if (!sf->failed) {
		slog_sync(sf->log);
		statefile_durable(sf, true);
		if (!keep)
			unlink(sf->path);	/* nothing to recover */
	}
	slog_set_sink(sf->log, NULL, NULL);
	close(sf->fd);
	free(sf->path);
	free(sf);
}

/* --- reading ------------------------------------------------------------- */

static int
sf_ids(json_t *a, int *ids)
{
	size_t	i;
	int	n = 0;

	for (i = 0; json_is_array(a) && i < json_array_size(a) &&
	    n < ISR_MAX_REPLICAS; i++)
		ids[n++] = (int)json_integer_value(json_array_get(a, i));
	return n;
}

static int
sf_leader(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return json_is_integer(v) ? (int)json_integer_value(v) : ISR_NO_LEADER;
}

static enum kerr
sf_kerr(const char *name)
{
	int	e;

	for (e = -2; name != NULL && e < 128; e++)
		if (strcmp(kerr_name((enum kerr)e), name) == 0)
			return (enum kerr)e;
	return (enum kerr)-1;	/* UNKNOWN_SERVER_ERROR */
}

/* A cluster event's fields (export.c's export_event, read back). */
static bool
sf_event(json_t *o, const char *type, struct event *e)
{
	json_t	*v;
	int	 t;

	memset(e, 0, sizeof *e);
	for (t = 0; t < EV__COUNT; t++)
		if (strcmp(event_type_name((enum ev_type)t), type) == 0)
			break;
	if (t == EV__COUNT)
		return false;
	e->type = (enum ev_type)t;
	e->t_ms = jsonread_int(o, "t_ms", 0);
	e->broker = (int)jsonread_int(o, t == EV_TRUNCATE ? "replica" : "broker",
	    -1);
	if (json_is_string(v = json_object_get(o, "topic")))
		snprintf(e->topic, sizeof e->topic, "%s",
		    json_string_value(v));
	e->partition = (int)jsonread_int(o, "partition", 0);
	switch (e->type) {
	case EV_LEADER_CHANGE:
		e->leader_from = sf_leader(o, "from");
		e->leader_to = sf_leader(o, "to");
		e->epoch_to = (int32_t)jsonread_int(o, "epoch", 0);
		e->epoch_from = (int32_t)jsonread_int(o, "epoch_from", 0);
		e->clean = json_is_true(json_object_get(o, "clean"));
		e->n_isr_from = sf_ids(json_object_get(o, "isr_from"),
		    e->isr_from);
		e->n_isr_to = sf_ids(json_object_get(o, "isr_to"), e->isr_to);
		break;
	case EV_ISR_SHRINK:
	case EV_ISR_EXPAND:
		e->n_isr_from = sf_ids(json_object_get(o, "from"), e->isr_from);
		e->n_isr_to = sf_ids(json_object_get(o, "to"), e->isr_to);
		break;
	case EV_TRUNCATE:
		e->off_from = jsonread_int(o, "from", 0);
		e->off_to = jsonread_int(o, "to", 0);
		break;
	case EV_DATA_LOSS:
		v = json_object_get(o, "offsets");
		e->off_from = (int64_t)json_integer_value(json_array_get(v, 0));
		e->off_to = (int64_t)json_integer_value(json_array_get(v, 1));
		break;
	case EV_PRODUCE_ERROR:
	case EV_CLIENT_RETRY:
		e->error = sf_kerr(json_string_value(json_object_get(o,
		    "error")));
		break;
	default:
		break;
	}
	if (json_is_string(v = json_object_get(o, "reason")))
		snprintf(e->reason, sizeof e->reason, "%s",
		    json_string_value(v));
	return true;
}

static enum slog_origin
sf_origin(const char *s)
{
	if (s != NULL && strcmp(s, "solve") == 0)
		return SLOG_BY_SOLVE;
	if (s != NULL && strcmp(s, "replay") == 0)
		return SLOG_BY_REPLAY;
	return SLOG_BY_STUDENT;
}

/* The header's facts into meta. */
static void
sf_header(json_t *h, struct slog_meta *m)
{
	json_t	*lab, *a, *v;
	size_t	 i;
	int	 j;
	char	 why[160];

	free(m->student);
	m->student = jsonread_str(h, "student");
	free(m->student_id);
	m->student_id = jsonread_str(h, "student_id");
	m->origin = sf_origin(json_string_value(json_object_get(h, "origin")));
	m->seed_from = ident_seed_from_known(json_string_value(json_object_get(h,
	    "seed_from")));
	snprintf(m->session, sizeof m->session, "%s",
	    json_is_string(v = json_object_get(h, "session")) &&
	    strlen(json_string_value(v)) < sizeof m->session ?
	    json_string_value(v) : "");
	free(m->lab_id);
	free(m->lab_title);
	for (j = 0; j < m->n_steps; j++)
		free(m->step_titles[j]);
	free(m->step_titles);
	m->lab_id = m->lab_title = NULL;
	m->step_titles = NULL;
	m->n_steps = 0;
	lab = json_object_get(h, "lab");
	if (json_is_object(lab)) {
		m->lab_id = jsonread_str(lab, "id");
		m->lab_title = jsonread_str(lab, "title");
		a = json_object_get(lab, "steps");
		m->n_steps = json_is_array(a) ? (int)json_array_size(a) : 0;
		m->step_titles = xcalloc((size_t)m->n_steps + 1,
		    sizeof (char *));
		for (j = 0; j < m->n_steps; j++)
			m->step_titles[j] = xstrdup(json_is_string(v =
			    json_array_get(a, (size_t)j)) ?
			    json_string_value(v) : "");
	}
	m->lang = json_is_string(v = json_object_get(h, "lang")) &&
	    strcmp(json_string_value(v), "en") == 0 ? "en" : "ko";
	m->seed = (uint64_t)jsonread_int(h, "seed", 1);
	m->brokers = (int)jsonread_int(h, "brokers", 3);
	if (m->brokers < 1 || m->brokers > ISR_MAX_BROKERS)
		m->brokers = 3;
	a = json_object_get(h, "racks");
	m->has_racks = json_is_array(a);
	for (i = 0; i < (size_t)m->brokers; i++)
		snprintf(m->racks[i], sizeof m->racks[i], "%s",
		    json_is_string(v = json_array_get(a, i)) ?
		    json_string_value(v) : "");
	snprintf(m->engine, sizeof m->engine, "%s",
	    json_is_string(v = json_object_get(h, "engine")) ?
	    json_string_value(v) : "sim");
	m->kafka_timings = json_is_true(json_object_get(h, "kafka_timings"));
	jsonread_settings(json_object_get(h, "settings"), m->kafka_timings,
	    &m->settings);
	jsonread_layout(h, &m->settings);
	/* A state file is isrlab's own: a profile it does not model is
	 * one this build dropped, and the session resumes as legacy. */
	if (jsonread_profile(h, &m->settings.profile, why, sizeof why) != 0)
		m->settings.profile = KAFKA_PROFILE_LEGACY;
}

/* One record line into r; false for lines that are not records. */
static bool
sf_record(json_t *o, const char *type, struct slog_rec *r)
{
	json_t		*sel;
	const char	*s;

	memset(r, 0, sizeof *r);
	r->seq = (uint64_t)jsonread_int(o, "seq", 0);
	r->t_ms = jsonread_int(o, "t_ms", 0);
	r->wall_ms = slog_wall_parse(json_string_value(json_object_get(o, "wall")));
	r->step = (int)jsonread_int(o, "step", 0) - 1;
	if (strcmp(type, "session_start") == 0)
		r->type = SLOG_SESSION_START;
	else if (strcmp(type, "lab_start") == 0) {
		r->type = SLOG_LAB_START;
		r->text = jsonread_str(o, "lab");
		r->aux = jsonread_str(o, "title");
		r->n = (int)jsonread_int(o, "steps", 0);
	} else if (strcmp(type, "step_start") == 0 ||
	    strcmp(type, "step_done") == 0) {
		r->type = type[5] == 's' ? SLOG_STEP_START : SLOG_STEP_DONE;
		r->text = jsonread_str(o, "title");
		r->ms = jsonread_int(o, "took_ms", 0);
		r->flag = json_is_true(json_object_get(o, "skipped"));
	} else if (strcmp(type, "hint_shown") == 0) {
		r->type = SLOG_HINT_SHOWN;
		r->text = jsonread_str(o, "hint");
		r->flag = json_is_true(json_object_get(o, "by_delay"));
	} else if (strcmp(type, "quiz_answer") == 0) {
		r->type = SLOG_QUIZ_ANSWER;
		r->aux = jsonread_str(o, "question");
		r->text = jsonread_str(o, "answer");
		r->flag = json_is_true(json_object_get(o, "right"));
	} else if (strcmp(type, "rewind") == 0) {
		r->type = SLOG_REWIND;
		r->text = jsonread_str(o, "title");
		r->ms = jsonread_int(o, "from_ms", 0);
	} else if (strcmp(type, "key") == 0) {
		r->type = SLOG_KEY;
		r->text = jsonread_str(o, "key");
		r->rc = (int)jsonread_int(o, "rc", 0);
		r->err = jsonread_str(o, "error");
		if (json_is_object(sel = json_object_get(o, "sel"))) {
			r->sel.broker = (int)jsonread_int(sel, "broker", 1);
			s = json_string_value(json_object_get(sel, "topic"));
			snprintf(r->sel.topic, sizeof r->sel.topic, "%s",
			    s != NULL ? s : "");
			r->sel.partition = (int)jsonread_int(sel, "partition", 0);
			r->sel.acks = (int)jsonread_int(sel, "acks", -1);
		}
	} else if (strcmp(type, "command") == 0) {
		r->type = SLOG_COMMAND;
		r->text = jsonread_str(o, "text");
		r->source = json_object_get(o, "source") != NULL ? "setup" :
		    NULL;
		r->key = jsonread_str(o, "key");
		r->output = jsonread_str(o, "output");
		r->output_len = r->output != NULL ? strlen(r->output) : 0;
		r->output_cut = (size_t)jsonread_int(o, "output_cut", 0);
		r->rc = (int)jsonread_int(o, "rc", 0);
		r->err = jsonread_str(o, "error");
	} else if (strcmp(type, "export") == 0) {
		r->type = SLOG_EXPORT;
		r->text = jsonread_str(o, "files");
		r->err = jsonread_str(o, "error");
		r->rc = r->err != NULL ? -1 : 0;
	} else if (strcmp(type, "session_end") == 0) {
		r->type = SLOG_SESSION_END;
		r->n = (int)jsonread_int(o, "steps_done", 0);
	} else {
		struct event	e;

		if (!sf_event(o, type, &e))
			return false;
		r->type = SLOG_CLUSTER;
		r->ev = xmalloc(sizeof *r->ev);
		*r->ev = e;
	}
	if (r->type != SLOG_STEP_START && r->type != SLOG_STEP_DONE &&
	    r->type != SLOG_HINT_SHOWN && r->type != SLOG_QUIZ_ANSWER &&
	    r->type != SLOG_REWIND)
		r->step = -1;
	return true;
}

/* Read path, calling back for the header and for each record whose seq
 * is below `below` (0: all); -1 with "FILE:LINE: message" in err. */
static int
sf_read(const char *path, struct slog_meta *meta, struct slog *into,
    uint64_t below, char *err, size_t errlen)
{
	FILE		*f = fopen(path, "r");
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 got;
	json_error_t	 jerr;
	json_t		*o;
	const char	*type;
	struct slog_rec	 r;
	int		 lineno = 0, rc = 0;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((got = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[got - 1] != '\n')
			break;		/* cut off by the crash: not a record */
		o = json_loads(line, JSON_DISABLE_EOF_CHECK, &jerr);
		type = json_string_value(json_object_get(o, "type"));
		if (!json_is_object(o) || type == NULL ||
		    (lineno == 1 && strcmp(type, "header") != 0)) {
			snprintf(err, errlen, "%s:%d: not an isrlab session "
			    "state line", path, lineno);
			json_decref(o);
			rc = -1;
			break;
		}
		if (strcmp(type, "header") == 0) {
			if (meta != NULL)
				sf_header(o, meta);
		} else if (sf_record(o, type, &r)) {
			if (r.t_ms < 0 || r.t_ms > REPLAY_MAX_T_MS) {
				/* A resume replays up to it: no hang. */
				snprintf(err, errlen, "%s:%d: t_ms is not a lab "
				    "time from 0 to %lld", path, lineno,
				    (long long)REPLAY_MAX_T_MS);
				slog_rec_clear(&r);
				json_decref(o);
				rc = -1;
				break;
			}
			if (below == 0 || r.seq < below)
				slog_restore(into, &r);
			else
				slog_rec_clear(&r);
		}
		json_decref(o);
	}
	if (rc == 0 && lineno == 0) {
		snprintf(err, errlen, "%s: empty file", path);
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

struct slog *
statefile_full(struct slog *log, char *err, size_t errlen)
{
	struct statefile	*sf = log->sink_arg;
	struct slog		*full;
	struct slog_rec		 r;
	size_t			 i;

	if (log->spilled == 0)
		return log;
	if (sf == NULL) {
		snprintf(err, errlen, "the session's state file is closed");
		return NULL;
	}
	full = slog_new_restored(NULL, log->max_cluster);
	if (sf_read(sf->path, NULL, full, log->n > 0 ? log->v[0].seq :
	    log->next_seq + 1, err, errlen) != 0) {
		slog_free(full);
		return NULL;
	}
	for (i = 0; i < log->n; i++) {
		if (log->v[i].type == SLOG__DROPPED)
			continue;
		slog_rec_copy(&r, &log->v[i]);
		slog_restore(full, &r);
	}
	slog_meta_copy(&full->meta, &log->meta);
	full->e = log->e;
	full->clock = log->clock;
	full->clock_arg = log->clock_arg;
	full->ended = log->ended;
	return full;
}

/* --- interrupted sessions ------------------------------------------------ */

/* The actions of log (commands not run by a key, keys) for replay. */
static struct replay *
sf_replay(const char *path, const struct slog *log)
{
	const struct slog_meta	*m = &log->meta;
	struct replay		*rp = xcalloc(1, sizeof *rp);
	struct replay_action	*a;
	bool			*undone;
	size_t			 i;

	rp->path = xstrdup(path);
	rp->student = m->student != NULL ? xstrdup(m->student) : NULL;
	rp->lab_id = m->lab_id != NULL ? xstrdup(m->lab_id) : NULL;
	rp->lab_title = m->lab_title != NULL ? xstrdup(m->lab_title) : NULL;
	rp->seed = m->seed;
	rp->brokers = m->brokers;
	memcpy(rp->racks, m->racks, sizeof rp->racks);
	rp->has_racks = m->has_racks;
	rp->settings = m->settings;
	rp->v = xcalloc(log->n + 1, sizeof *rp->v);
	undone = xcalloc(log->n + 1, sizeof *undone);
	slog_undone(log, undone);
	for (i = 0; i < log->n; i++) {
		const struct slog_rec	*r = &log->v[i];

		rp->end_ms = r->t_ms;	/* the last: a rewind goes back */
		if ((!(r->type == SLOG_COMMAND && r->key == NULL) &&
		    r->type != SLOG_KEY) || undone[i])
			continue;
		a = &rp->v[rp->n++];
		a->kind = r->type == SLOG_KEY ? REPLAY_KEY : REPLAY_COMMAND;
		a->t_ms = r->t_ms;
		a->text = xstrdup(r->text != NULL ? r->text : "");
		a->setup = r->source != NULL;
		a->sel = r->sel;
		a->output = r->output != NULL ? xstrdup(r->output) : NULL;
	}
	free(undone);
	return rp;
}

int
statefile_load(const char *path, struct engine *e, struct slog **log,
    struct replay **rp, char *err, size_t errlen)
{
	struct slog	*l = slog_new_restored(e, 0);

	*log = NULL;
	if (rp != NULL)
		*rp = NULL;
	if (sf_read(path, &l->meta, l, 0, err, errlen) != 0) {
		slog_free(l);
		return -1;
	}
	if (rp != NULL)
		*rp = sf_replay(path, l);
	*log = l;
	return 0;
}

/* What a list shows of the session in path. */
static int
sf_info(const char *path, const char *name, struct statefile_info *info,
    char *err, size_t errlen)
{
	struct slog	*log;
	size_t		 i, k;

	if (statefile_load(path, NULL, &log, NULL, err, errlen) != 0)
		return -1;
	memset(info, 0, sizeof *info);
	info->path = xstrdup(path);
	k = strlen(name);
	if (k > 6 && strcmp(name + k - 6, ".jsonl") == 0)
		k -= 6;
	info->id = xstrndup(name, k);
	info->student = log->meta.student != NULL ?
	    xstrdup(log->meta.student) : NULL;
	info->lab_id = log->meta.lab_id != NULL ?
	    xstrdup(log->meta.lab_id) : NULL;
	info->n_steps = log->meta.n_steps;
	info->step = -1;
	for (i = 0; i < log->n; i++) {
		const struct slog_rec	*r = &log->v[i];

		info->steps_done += r->type == SLOG_STEP_DONE;
		if (r->type == SLOG_STEP_START)
			info->step = r->step;
		info->t_ms = r->t_ms;
		info->wall_ms = r->wall_ms;
	}
	info->records = log->n + log->dropped;
	slog_free(log);
	return 0;
}

/* Whether a live isrlab holds path. */
static bool
sf_live(const char *path)
{
	int	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	bool	live;

	if (fd < 0)
		return true;	/* unreadable: not ours to offer */
	live = flock(fd, LOCK_EX | LOCK_NB) != 0;
	close(fd);
	return live;
}

static int
sf_newest_first(const void *a, const void *b)
{
	const struct statefile_info	*x = a, *y = b;

	if (x->wall_ms != y->wall_ms)
		return x->wall_ms > y->wall_ms ? -1 : 1;
	return strcmp(y->id, x->id);
}

size_t
statefile_list(struct statefile_info **out)
{
	char			 dir[4096], err[512], *path;
	struct statefile_info	*v = NULL;
	struct dirent		*d;
	struct stat		 st;
	size_t			 n = 0, k;
	DIR			*dp;

	*out = NULL;
	if (statefile_dir(dir, sizeof dir, err, sizeof err) != 0 ||
	    (dp = opendir(dir)) == NULL)
		return 0;
	while ((d = readdir(dp)) != NULL) {
		k = strlen(d->d_name);
		if (strncmp(d->d_name, "session-", 8) != 0 || k < 7 ||
		    strcmp(d->d_name + k - 6, ".jsonl") != 0)
			continue;
		path = xasprintf("%s/%s", dir, d->d_name);
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
		    sf_live(path)) {
			free(path);
			continue;
		}
		v = xreallocarray(v, n + 1, sizeof *v);
		if (sf_info(path, d->d_name, &v[n], err, sizeof err) == 0)
			n++;
		free(path);
	}
	closedir(dp);
	if (n > 1)
		qsort(v, n, sizeof *v, sf_newest_first);
	*out = v;
	return n;
}

void
statefile_info_free(struct statefile_info *in)
{
	free(in->path);
	free(in->id);
	free(in->student);
	free(in->lab_id);
	memset(in, 0, sizeof *in);
}

void
statefile_list_free(struct statefile_info *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		statefile_info_free(&v[i]);
	free(v);
}

int
statefile_find(const char *id, struct statefile_info *out, char *err,
    size_t errlen)
{
	char		 dir[4096], *name, *path;
	struct stat	 st;
	size_t		 k = strlen(id);
	int		 rc = -1;

	if (statefile_dir(dir, sizeof dir, err, errlen) != 0)
		return -1;
	if (id[0] == '\0' || strchr(id, '/') != NULL || id[0] == '.') {
		snprintf(err, errlen, _("%s: not a session id (see isrlab "
		    "--recover)"), id);
		return -1;
	}
	name = k > 6 && strcmp(id + k - 6, ".jsonl") == 0 ? xstrdup(id) :
	    xasprintf("%s.jsonl", id);
	path = xasprintf("%s/%s", dir, name);
	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		snprintf(err, errlen, _("%s: no interrupted session of that "
		    "name in %s"), id, dir);
	else if (sf_live(path))
		snprintf(err, errlen, _("%s: that session is still running"),
		    id);
	else
		rc = sf_info(path, name, out, err, errlen);
	free(name);
	free(path);
	return rc;
}

int
statefile_mark_closed(const char *path, char *err, size_t errlen)
{
	if (unlink(path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* "lab 01, step 3/6" or "free play" into buf, in the screen's language. */
void
statefile_describe(const struct statefile_info *in, char *buf, size_t len)
{
	if (in->lab_id == NULL)
		snprintf(buf, len, "%s", _("free play"));
	else if (in->step >= 0)
		snprintf(buf, len, _("lab %s, step %d/%d"), in->lab_id,
		    in->step + 1, in->n_steps);
	else
		snprintf(buf, len, _("lab %s"), in->lab_id);
}

static void
sf_discard_write(void *arg, int fd, const char *s, size_t n)
{
	(void)arg;
	(void)fd;
	(void)s;
	(void)n;
}

int
statefile_export(const struct statefile_info *in, const char *dir,
    struct strbuf *msg)
{
	const struct replay_action	*a;
	struct replay			*rp;
	struct slog			*log;
	struct console			*c;
	struct engine			*e;
	struct keys_sel			 sel;
	struct event			 chunk[64];
	char				 err[1024];
	size_t				 n;
	int				 rc;

	if (statefile_load(in->path, NULL, &log, &rp, err, sizeof err) != 0) {
		strbuf_adds(msg, err);
		return -1;
	}
	/* The cluster as it was: the session's inputs again, on the
	 * simulator (a threaded session's timing was real, so its state
	 * there may differ). */
	e = replay_engine(rp);
	c = console_new(e, sf_discard_write, NULL);
	memset(&sel, 0, sizeof sel);
	while ((a = replay_next_action(rp)) != NULL)
		(void)replay_apply(rp, c, a, &sel, err, sizeof err);
	replay_finish(rp, c);
	log->e = e;
	while ((n = e->ops->events(e, log->ev_seen, chunk, 64)) > 0)
		log->ev_seen = chunk[n - 1].seq;
	if (dir != NULL)
		slog_set_export_dir(log, dir);
	rc = export_session(log, NULL, msg);
	if (rc == 0 && statefile_mark_closed(in->path, err, sizeof err) != 0)
		strbuf_printf(msg, "isrlab: %s\n", err);
	console_free(c);
	slog_free(log);
	replay_free(rp);
	return rc;
}

int
statefile_recover(const char *id, const char *dir, FILE *out)
{
	struct statefile_info	*v, one;
	struct strbuf		 msg = STRBUF_INIT;
	char			 err[1024], what[128], wall[40];
	size_t			 n, i;
	int			 rc;

	if (id == NULL) {
		n = statefile_list(&v);
		if (n == 0)
			fprintf(out, "%s\n", _("no interrupted sessions"));
		for (i = 0; i < n; i++) {
			statefile_describe(&v[i], what, sizeof what);
			slog_wall_format(v[i].wall_ms, wall, sizeof wall);
			fprintf(out, _("%s  %s  %s, %d/%d steps done, lab time "
			    "%.1fs, last %s\n"), v[i].id, v[i].student != NULL ?
			    v[i].student : "?", what, v[i].steps_done,
			    v[i].n_steps, (double)v[i].t_ms / 1000.0, wall);
		}
		statefile_list_free(v, n);
		return 0;
	}
	if (statefile_find(id, &one, err, sizeof err) != 0) {
		fprintf(stderr, "isrlab: --recover: %s\n", err);
		return 1;
	}
	rc = statefile_export(&one, dir, &msg);
	if (rc == 0)
		fprintf(out, "%s", strbuf_cstr(&msg));
	else
		fprintf(stderr, "isrlab: --recover: %s\n", strbuf_cstr(&msg));
	strbuf_free(&msg);
	statefile_info_free(&one);
	return rc == 0 ? 0 : 1;
}
