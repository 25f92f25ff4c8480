/*
 * replay.c - reading a session's inputs back from its JSON Lines export
 * and running them again on the simulator.
 */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "journal/export.h"
#include "journal/jsonread.h"
#include "journal/replay.h"
#include "journal/report.h"
#include "journal/slog.h"
#include "sim/sim.h"
#include "util/attr.h"
#include "util/readfile.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* The reader's state: where it is and what it saw where. */
struct replay_reader {
	const char	*path;
	long		 line;
	long		 header_line, final_line;
	uint64_t	*seqs;		/* seq of each record so far, rising */
	long		*seq_lines;	/* and its line */
	size_t		 n_seqs;
	char		*err;
	size_t		 errlen;
	size_t		 step_action;	/* actions before the last step_start */
};

/* A rewind: the student's actions since the step began are undone (its
 * setup lines stay), and lab time goes on from the step's start. */
static void
replay_rewind(struct replay_reader *rr, struct replay *rp)
{
	size_t	i, k = rr->step_action;

	for (i = rr->step_action; i < rp->n; i++) {
		if (rp->v[i].setup) {
			rp->v[k++] = rp->v[i];
			continue;
		}
		free(rp->v[i].text);
		free(rp->v[i].output);
	}
	rp->n = k;
}

static int
replay_fail(struct replay_reader *rr, const char *fmt, ...)
    ISRLAB_PRINTFLIKE(2, 3);

/* "PATH:LINE: message" into the reader's err; returns -1. */
static int
replay_fail(struct replay_reader *rr, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	n = snprintf(rr->err, rr->errlen, "%s:%ld: ", rr->path, rr->line);
	if (n < 0 || (size_t)n >= rr->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(rr->err + n, rr->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int
replay_header(struct replay_reader *rr, struct replay *rp, json_t *h)
{
	const struct setting_desc	*bad;
	json_t				*lab, *racks, *steps;
	char				 why[160];
	int64_t				 format, brokers;
	size_t				 i;

	format = jsonread_int(h, "format", -1);
	if (format != SLOG_FORMAT)
		return replay_fail(rr, "format %" PRId64 " of the session log; "
		    "this isrlab reads format %d", format, SLOG_FORMAT);
	brokers = jsonread_int(h, "brokers", 0);
	if (brokers < 1 || brokers > ISR_MAX_BROKERS)
		return replay_fail(rr, "brokers: %" PRId64 ", not 1-%d",
		    brokers, ISR_MAX_BROKERS);
	if (!json_is_integer(json_object_get(h, "seed")))
		return replay_fail(rr, "the header has no seed");
	rp->student = jsonread_str(h, "student");
	rp->student_id = jsonread_str(h, "student_id");
	rp->kafka_timings = json_is_true(json_object_get(h, "kafka_timings"));
	rp->seed = (uint64_t)jsonread_int(h, "seed", 1);
	rp->brokers = (int)brokers;
	lab = json_object_get(h, "lab");
	if (json_is_object(lab)) {
		rp->lab_id = jsonread_str(lab, "id");
		rp->lab_title = jsonread_str(lab, "title");
		steps = json_object_get(lab, "steps");
		rp->step_titles = xcalloc(json_array_size(steps) + 1,
		    sizeof *rp->step_titles);
		for (i = 0; i < json_array_size(steps); i++)
			rp->step_titles[rp->n_steps++] = xstrdup(
			    json_is_string(json_array_get(steps, i)) ?
			    json_string_value(json_array_get(steps, i)) : "");
	}
	racks = json_object_get(h, "racks");
	if (json_is_array(racks)) {
		rp->has_racks = true;
		for (i = 0; i < json_array_size(racks) && i < ISR_MAX_BROKERS;
		    i++)
			snprintf(rp->racks[i], sizeof rp->racks[i], "%s",
			    json_is_string(json_array_get(racks, i)) ?
			    json_string_value(json_array_get(racks, i)) : "");
	}
	bad = jsonread_settings(json_object_get(h, "settings"),
	    json_is_true(json_object_get(h, "kafka_timings")), &rp->settings);
	jsonread_layout(h, &rp->settings);
	if (jsonread_profile(h, &rp->settings.profile, why, sizeof why) != 0)
		return replay_fail(rr, "%s", why);
	if (bad != NULL)
		return replay_fail(rr, "settings: %s %" PRId64 " is outside %"
		    PRId64 "-%" PRId64, bad->name, (int64_t)json_integer_value(
		    json_object_get(json_object_get(h, "settings"), bad->name)),
		    bad->min, bad->max);
	return 0;
}

/* The line an earlier record with seq was on, or 0. */
static long
replay_seq_line(const struct replay_reader *rr, uint64_t seq)
{
	size_t	lo = 0, hi = rr->n_seqs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rr->seqs[mid] == seq)
			return rr->seq_lines[mid];
		if (rr->seqs[mid] < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* A record's seq must rise line by line: a duplicated, moved or
 * hand-inserted line shows here, with what differs. */
static int
replay_seq(struct replay_reader *rr, json_t *o)
{
	json_t		*v = json_object_get(o, "seq");
	uint64_t	 seq, last;
	long		 at;

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return replay_fail(rr, "a record without its seq number");
	seq = (uint64_t)json_integer_value(v);
	if (rr->n_seqs > 0 && seq <= (last = rr->seqs[rr->n_seqs - 1])) {
		if ((at = replay_seq_line(rr, seq)) > 0)
			return replay_fail(rr, "seq %" PRIu64 " again: the "
			    "same record as line %ld (a duplicated line)", seq,
			    at);
		return replay_fail(rr, "seq %" PRIu64 " after seq %" PRIu64
		    " (line %ld): lines out of order", seq, last,
		    rr->seq_lines[rr->n_seqs - 1]);
	}
	rr->seqs = xreallocarray(rr->seqs, rr->n_seqs + 1, sizeof *rr->seqs);
	rr->seq_lines = xreallocarray(rr->seq_lines, rr->n_seqs + 1,
	    sizeof *rr->seq_lines);
	rr->seqs[rr->n_seqs] = seq;
	rr->seq_lines[rr->n_seqs++] = rr->line;
	return 0;
}

/* t_ms, when the line has one, must be lab time a session can reach. */
static int
replay_time(struct replay_reader *rr, json_t *o, int64_t *t_ms)
{
	json_t	*v = json_object_get(o, "t_ms");

	*t_ms = 0;
	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > REPLAY_MAX_T_MS)
		return replay_fail(rr, "t_ms is not a lab time from 0 to %lld "
		    "(%d days)", (long long)REPLAY_MAX_T_MS,
		    (int)(REPLAY_MAX_T_MS / 86400000));
	*t_ms = (int64_t)json_integer_value(v);
	return 0;
}

static void
replay_add(struct replay *rp, json_t *o, enum replay_kind kind,
    int64_t t_ms)
{
	struct replay_action	*a;
	json_t			*sel;

	rp->v = xreallocarray(rp->v, rp->n + 1, sizeof *rp->v);
	a = &rp->v[rp->n++];
	memset(a, 0, sizeof *a);
	a->kind = kind;
	a->t_ms = t_ms;
	a->text = jsonread_str(o, kind == REPLAY_KEY ? "key" : "text");
	if (a->text == NULL)
		a->text = xstrdup("");
	a->output = jsonread_str(o, "output");
	a->setup = json_object_get(o, "source") != NULL;
	if (kind == REPLAY_KEY && json_is_object(sel = json_object_get(o,
	    "sel"))) {
		a->sel.broker = (int)jsonread_int(sel, "broker", 1);
		snprintf(a->sel.topic, sizeof a->sel.topic, "%s",
		    json_is_string(json_object_get(sel, "topic")) ?
		    json_string_value(json_object_get(sel, "topic")) : "");
		a->sel.partition = (int)jsonread_int(sel, "partition", 0);
		a->sel.acks = (int)jsonread_int(sel, "acks", -1);
	}
}

/* One line of the log (NUL-terminated, without its newline). */
static int
replay_line(struct replay_reader *rr, struct replay *rp, const char *line)
{
	json_error_t	 jerr;
	json_t		*o;
	const char	*type;
	int64_t		 t_ms;
	int		 rc = -1;

	o = json_loads(line, JSON_DISABLE_EOF_CHECK, &jerr);
	if (!json_is_object(o)) {
		json_decref(o);
		return replay_fail(rr, "not a JSON object: %s", jerr.text);
	}
	type = json_string_value(json_object_get(o, "type"));
	if (type == NULL)
		type = "";
	if (rr->line == 1 && strcmp(type, "header") != 0) {
		replay_fail(rr, "not an isrlab session log (its first line is "
		    "not the header)");
		goto out;
	}
	if (strcmp(type, "header") == 0) {
		if (rr->header_line > 0) {
			replay_fail(rr, "a second header (the first is line "
			    "%ld)", rr->header_line);
			goto out;
		}
		rr->header_line = rr->line;
		rc = replay_header(rr, rp, o);
		goto out;
	}
	if (strcmp(type, "checksum") == 0) {
		rc = 0;
		goto out;
	}
	if (replay_time(rr, o, &t_ms) != 0)
		goto out;
	if (strcmp(type, "final_state") == 0) {
		if (rr->final_line > 0) {
			replay_fail(rr, "a second final_state (the first is "
			    "line %ld)", rr->final_line);
			goto out;
		}
		rr->final_line = rr->line;
		rp->describe = jsonread_str(o, "describe");
		rc = 0;
		goto out;
	}
	if (rr->final_line > 0) {
		replay_fail(rr, "a record after the final_state (line %ld)",
		    rr->final_line);
		goto out;
	}
	if (replay_seq(rr, o) != 0)
		goto out;
	if (strcmp(type, "command") == 0 && json_object_get(o, "key") == NULL)
		replay_add(rp, o, REPLAY_COMMAND, t_ms);
	else if (strcmp(type, "key") == 0)
		replay_add(rp, o, REPLAY_KEY, t_ms);
	else if (strcmp(type, "step_start") == 0)
		rr->step_action = rp->n;
	else if (strcmp(type, "rewind") == 0)
		replay_rewind(rr, rp);
	/* The last record's time, not the largest: after a rewind lab time
	 * went back to the step's start. */
	rp->end_ms = t_ms;
	rc = 0;
out:
	json_decref(o);
	return rc;
}

int
replay_parse(const char *path, const char *data, size_t size,
    struct replay **out, char *err, size_t len)
{
	struct replay_reader	 rr;
	struct replay		*rp;
	enum report_verdict	 seal;
	const char		*p = data, *end = data + size, *nl;
	char			*line;
	int			 rc = 0;

	*out = NULL;
	memset(&rr, 0, sizeof rr);
	rr.path = path;
	rr.err = err;
	rr.errlen = len;
	rp = xcalloc(1, sizeof *rp);
	rp->path = xstrdup(path);
	for (; p < end && rc == 0; p = nl + 1) {
		rr.line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (memchr(p, '\0', (size_t)(nl - p)) != NULL) {
			rc = replay_fail(&rr, "a NUL byte in the line");
			break;
		}
		line = xstrndup(p, (size_t)(nl - p));
		if (line[0] == '\0' && rr.line == 1)
			rc = replay_fail(&rr, "not an isrlab session log (its "
			    "first line is empty, not the header)");
		else if (line[0] != '\0')
			rc = replay_line(&rr, rp, line);
		free(line);
	}
	if (rc == 0 && rr.header_line == 0) {
		snprintf(err, len, "%s: empty file, not an isrlab session log",
		    path);
		rc = -1;
	}
	if (rc == 0 && (seal = report_verify(data, size)) != REPORT_OK) {
		snprintf(err, len, "%s: %s", path, seal == REPORT_UNSEALED ?
		    "no isrlab checksum at the end (not a whole export)" :
		    "MODIFIED: its checksum does not match (edited after the "
		    "export; --verify-log says the same)");
		rc = -1;
	}
	free(rr.seqs);
	free(rr.seq_lines);
	if (rc != 0) {
		replay_free(rp);
		return -1;
	}
	*out = rp;
	return 0;
}

int
replay_load(const char *path, struct replay **out, char *err, size_t len)
{
	char	*data;
	size_t	 size;
	int	 rc;

	*out = NULL;
	if (readfile_load(path, &readfile_log_limits, &data, &size, err,
	    len) != 0)
		return -1;
	rc = replay_parse(path, data, size, out, err, len);
	free(data);
	return rc;
}

void
replay_free(struct replay *rp)
{
	size_t	i;

	if (rp == NULL)
		return;
	for (i = 0; i < rp->n; i++) {
		free(rp->v[i].text);
		free(rp->v[i].output);
	}
	free(rp->v);
	free(rp->path);
	free(rp->student);
	free(rp->student_id);
	free(rp->lab_id);
	free(rp->lab_title);
	for (i = 0; i < (size_t)rp->n_steps; i++)
		free(rp->step_titles[i]);
	free(rp->step_titles);
	free(rp->describe);
	sim_free(rp->sim);
	free(rp);
}

struct engine *
replay_engine(struct replay *rp)
{
	const char	*racks[ISR_MAX_BROKERS];
	int		 i;

	if (rp->sim == NULL) {
		for (i = 0; i < rp->brokers; i++)
			racks[i] = rp->racks[i];
		rp->sim = sim_new(rp->brokers, rp->seed, &rp->settings,
		    rp->has_racks ? racks : NULL);
	}
	return sim_engine(rp->sim);
}

const struct replay_action *
replay_next_action(struct replay *rp)
{
	return rp->next < rp->n ? &rp->v[rp->next++] : NULL;
}

static void
replay_advance_to(struct console *c, int64_t t_ms)
{
	struct engine	*e = c->engine;
	int64_t		 now = e->ops->now(e);

	if (t_ms > now)
		e->ops->advance(e, t_ms - now);
}

int
replay_apply(struct replay *rp, struct console *c,
    const struct replay_action *a, struct keys_sel *sel, char *err,
    size_t len)
{
	const char	*source = c->source;
	int		 rc;

	(void)rp;
	replay_advance_to(c, a->t_ms);
	if (a->kind == REPLAY_KEY) {
		*sel = a->sel;
		return keys_press(c, a->text, sel, err, len);
	}
	console_set_source(c, a->setup ? "setup" : NULL);
	rc = console_exec(c, a->text, err, len);
	console_set_source(c, source);
	return rc;
}

void
replay_finish(struct replay *rp, struct console *c)
{
	replay_advance_to(c, rp->end_ms);
}

/* The replayed commands' output, escaped: a hostile log can produce a
 * record whose value is a terminal escape and consume it. */
static void
replay_write(void *arg, int fd, const char *s, size_t n)
{
	struct strbuf	sb = STRBUF_INIT;
	char		*text = xstrndup(s, n);

	(void)fd;
	utf8_printable(&sb, text, true);
	fwrite(strbuf_cstr(&sb), 1, sb.len, arg);
	strbuf_free(&sb);
	free(text);
}

static void
replay_sleep(int64_t ms)
{
	struct timespec	ts;

	if (ms <= 0)
		return;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* The replay's own journal, for --export-dir: the original's student,
 * lab and cluster, marked as isrlab's re-run.  The console's exporter is
 * not set, so the `export` lines replayed write nothing. */
static struct slog *
replay_journal(struct replay *rp, struct engine *e, struct console *c,
    const char *export_dir)
{
	struct slog	*log = slog_new(e, 0, NULL, NULL);
	const char	*racks[ISR_MAX_BROKERS];
	int		 i;

	for (i = 0; i < rp->brokers; i++)
		racks[i] = rp->racks[i];
	slog_set_cluster(log, rp->seed, rp->brokers, rp->has_racks ? racks :
	    NULL, rp->kafka_timings);
	slog_set_origin(log, SLOG_BY_REPLAY);
	slog_set_student(log, rp->student);
	slog_set_student_id(log, rp->student_id);
	slog_set_export_dir(log, export_dir);
	if (rp->lab_id != NULL) {
		log->meta.lab_id = xstrdup(rp->lab_id);
		log->meta.lab_title = xstrdup(rp->lab_title != NULL ?
		    rp->lab_title : "");
		/* The lab's steps, so that the replay's log reads as the
		 * same lab (its steps none of them done). */
		log->meta.step_titles = xcalloc((size_t)rp->n_steps + 1,
		    sizeof *log->meta.step_titles);
		for (i = 0; i < rp->n_steps; i++)
			log->meta.step_titles[i] = xstrdup(rp->step_titles[i]);
		log->meta.n_steps = rp->n_steps;
	}
	slog_attach_console(log, c);
	return log;
}

/* End and export the replay's journal: 0, or 1 (the reason printed). */
static int
replay_export(struct slog *log, FILE *out)
{
	struct strbuf	msg = STRBUF_INIT;
	int		rc = 0;

	slog_end(log);
	fflush(out);
	if (export_session(log, NULL, &msg) == 0)
		fputs(strbuf_cstr(&msg), out);
	else {
		fprintf(stderr, "isrlab: export: %s\n", strbuf_cstr(&msg));
		rc = 1;
	}
	strbuf_free(&msg);
	return rc;
}

int
replay_run(const char *path, double speed, const char *export_dir,
    FILE *out)
{
	struct slog			*log = NULL;
	struct replay			*rp;
	const struct replay_action	*a;
	struct console			*c;
	struct engine			*e;
	struct strbuf			 desc = STRBUF_INIT;
	struct keys_sel			 sel;
	char				 err[1024], *student, *lab, *text;
	int64_t				 last;
	int				 rc;

	if (replay_load(path, &rp, err, sizeof err) != 0) {
		fprintf(stderr, "isrlab: %s\n", err);
		return 2;
	}
	e = replay_engine(rp);
	c = console_new(e, replay_write, out);
	if (export_dir != NULL)
		log = replay_journal(rp, e, c, export_dir);
	memset(&sel, 0, sizeof sel);
	/* Names and lines come from a file: escaped, so they cannot drive
	 * the terminal that prints them. */
	student = utf8_printable_dup(rp->student != NULL ? rp->student : "?");
	lab = utf8_printable_dup(rp->lab_id != NULL ? rp->lab_id :
	    "free play");
	fprintf(out, "replay of %s: student %s, lab %s, seed %llu, %zu "
	    "actions\n", path, student, lab, (unsigned long long)rp->seed,
	    rp->n);
	free(student);
	free(lab);
	last = e->ops->now(e);
	while ((a = replay_next_action(rp)) != NULL) {
		if (speed > 0)
			replay_sleep((int64_t)((double)(a->t_ms - last) /
			    speed));
		last = a->t_ms > last ? a->t_ms : last;
		text = utf8_printable_dup(a->text);
		if (a->kind == REPLAY_KEY)
			fprintf(out, "[%7.3fs] key %s\n",
			    (double)a->t_ms / 1000.0, text);
		else
			fprintf(out, "[%7.3fs] %s$ %s\n",
			    (double)a->t_ms / 1000.0, a->setup ? "(setup) " :
			    "", text);
		free(text);
		err[0] = '\0';
		if (replay_apply(rp, c, a, &sel, err, sizeof err) < 0 &&
		    err[0] != '\0')
			fprintf(out, "isrlab: %s\n", err);
	}
	replay_finish(rp, c);
	export_describe(e, &desc);
	fprintf(out, "--- final describe (t=%.3fs) ---\n%s",
	    (double)e->ops->now(e) / 1000.0, strbuf_cstr(&desc));
	if (rp->describe == NULL) {
		fprintf(out, "replay: the log has no final state to compare\n");
		rc = 0;
	} else if (strcmp(rp->describe, strbuf_cstr(&desc)) == 0) {
		fprintf(out, "replay: same final state as recorded\n");
		rc = 0;
	} else {
		strbuf_reset(&desc);
		utf8_printable(&desc, rp->describe, true);
		fprintf(out, "replay: DIFFERENT final state; recorded:\n%s",
		    strbuf_cstr(&desc));
		rc = 1;
	}
	if (log != NULL) {
		if (replay_export(log, out) != 0)
			rc = 1;
		slog_free(log);
	}
	fflush(out);
	strbuf_free(&desc);
	console_free(c);
	replay_free(rp);
	return rc;
}
