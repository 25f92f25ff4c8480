/*
 * export.c - the JSON Lines writer (jansson), the two-file export and the
 * seal check behind --verify-log.
 *
 * Every JSON line is jansson's compact form with keys in insertion order,
 * so a fixed session gives the same bytes (tests/golden).  Text that is
 * not valid UTF-8 (a student can type anything) is written with each bad
 * byte replaced by U+FFFD rather than dropped.
 */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "console/describe.h"
#include "journal/export.h"
#include "journal/report.h"
#include "journal/statefile.h"
#include "util/atomicfile.h"
#include "util/readfile.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* --- JSON values --------------------------------------------------------- */

static json_t *
jstrn(const char *s, size_t n)
{
	struct strbuf	 sb = STRBUF_INIT;
	json_t		*j;
	char		 enc[UTF8_MAX_LEN];
	uint32_t	 cp;
	size_t		 i, k;

	if (s == NULL)
		return json_null();
	if ((j = json_stringn(s, n)) != NULL)
		return j;
	/* Not valid UTF-8: each invalid byte becomes U+FFFD. */
	for (i = 0; i < n; i += k) {
		k = utf8_decode(s + i, n - i, &cp);
		strbuf_add(&sb, enc, utf8_encode(cp, enc));
	}
	j = json_stringn(sb.s != NULL ? sb.s : "", sb.len);
	strbuf_free(&sb);
	return j != NULL ? j : json_string("");
}

static json_t *
jstr(const char *s)
{
	return s != NULL ? jstrn(s, strlen(s)) : json_null();
}

static json_t *
jlist(const int *v, int n)
{
	json_t	*a = json_array();
	int	 i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

static json_t *
jleader(int b)
{
	return b == ISR_NO_LEADER ? json_null() : json_integer(b);
}

static void
export_line(json_t *o, struct strbuf *out)
{
	char	*s = json_dumps(o, JSON_COMPACT);

	if (s == NULL)
		fatal("json_dumps failed");
	strbuf_adds(out, s);
	strbuf_addc(out, '\n');
	free(s);
	json_decref(o);
}

/* --- the JSON Lines file ------------------------------------------------- */

static json_t *
export_header(const struct slog *log, const char *version)
{
	const struct slog_meta		*m = &log->meta;
	const struct setting_desc	*d;
	json_t				*h = json_object(), *o, *a;
	int				 i;

	json_object_set_new(h, "type", json_string("header"));
	json_object_set_new(h, "format", json_integer(SLOG_FORMAT));
	json_object_set_new(h, "tool", json_string("isrlab"));
	json_object_set_new(h, "version", jstr(version));
	json_object_set_new(h, "student", jstr(m->student));
	/* The fields below that carry no news are left out, so logs from
	 * before them read the same: no student_id, origin "student", and
	 * a seed nobody recorded the source of. */
	if (m->student_id != NULL)
		json_object_set_new(h, "student_id", jstr(m->student_id));
	if (m->origin != SLOG_BY_STUDENT)
		json_object_set_new(h, "origin",
		    json_string(slog_origin_name(m->origin)));
	if (m->lab_id != NULL) {
		o = json_object();
		json_object_set_new(o, "id", jstr(m->lab_id));
		json_object_set_new(o, "title", jstr(m->lab_title));
		a = json_array();
		for (i = 0; i < m->n_steps; i++)
			json_array_append_new(a, jstr(m->step_titles[i]));
		json_object_set_new(o, "steps", a);
		json_object_set_new(h, "lab", o);
	} else
		json_object_set_new(h, "lab", json_null());
	json_object_set_new(h, "lang", json_string(m->lang));
	json_object_set_new(h, "seed", json_integer((json_int_t)m->seed));
	if (m->seed_from != NULL)
		json_object_set_new(h, "seed_from", json_string(m->seed_from));
	if (m->session[0] != '\0')
		json_object_set_new(h, "session", json_string(m->session));
	json_object_set_new(h, "brokers", json_integer(m->brokers));
	if (m->has_racks) {
		a = json_array();
		for (i = 0; i < m->brokers; i++)
			json_array_append_new(a, jstr(m->racks[i]));
		json_object_set_new(h, "racks", a);
	} else
		json_object_set_new(h, "racks", json_null());
	json_object_set_new(h, "engine", jstr(m->engine));
	if (m->attach_bootstrap != NULL) {
		o = json_object();
		json_object_set_new(o, "bootstrap", jstr(m->attach_bootstrap));
		json_object_set_new(o, "cluster_id",
		    jstr(m->attach_cluster_id));
		a = json_array();
		for (i = 0; i < (int)m->attach_commands.n; i++)
			json_array_append_new(a,
			    jstr(m->attach_commands.v[i]));
		json_object_set_new(o, "commands", a);
		json_object_set_new(h, "attach", o);
	}
	json_object_set_new(h, "kafka_timings",
	    json_boolean(m->kafka_timings));
	json_object_set_new(h, "kafka",
	    json_string(profile_get(m->settings.profile)->name));
	if (m->settings.layout_seed_pinned)
		json_object_set_new(h, "layout_seed",
		    json_integer((json_int_t)m->settings.layout_seed));
	o = json_object();
	for (d = settings_table; d->name != NULL; d++) {
		int64_t	v = settings_get(&m->settings, d);

		json_object_set_new(o, d->name, d->kind == SETTING_BOOL ?
		    json_boolean(v != 0) : json_integer(v));
	}
	json_object_set_new(h, "settings", o);
	return h;
}

/* The fields of a cluster event by type (DESIGN.md "Journal and export"). */
static void
export_event(json_t *o, const struct event *e)
{
	char	line[512];

	if (e->broker >= 0 && e->type != EV_TRUNCATE)
		json_object_set_new(o, "broker", json_integer(e->broker));
	if (e->topic[0] != '\0') {
		json_object_set_new(o, "topic", jstr(e->topic));
		json_object_set_new(o, "partition", json_integer(e->partition));
	}
	switch (e->type) {
	case EV_LEADER_CHANGE:
		json_object_set_new(o, "from", jleader(e->leader_from));
		json_object_set_new(o, "to", jleader(e->leader_to));
		json_object_set_new(o, "epoch", json_integer(e->epoch_to));
		json_object_set_new(o, "epoch_from",
		    json_integer(e->epoch_from));
		json_object_set_new(o, "clean", json_boolean(e->clean));
		json_object_set_new(o, "isr_from", jlist(e->isr_from,
		    e->n_isr_from));
		json_object_set_new(o, "isr_to", jlist(e->isr_to, e->n_isr_to));
		break;
	case EV_ISR_SHRINK:
	case EV_ISR_EXPAND:
		json_object_set_new(o, "from", jlist(e->isr_from,
		    e->n_isr_from));
		json_object_set_new(o, "to", jlist(e->isr_to, e->n_isr_to));
		break;
	case EV_TRUNCATE:
		json_object_set_new(o, "replica", json_integer(e->broker));
		json_object_set_new(o, "from", json_integer(e->off_from));
		json_object_set_new(o, "to", json_integer(e->off_to));
		break;
	case EV_DATA_LOSS:
		json_object_set_new(o, "offsets", json_pack("[I,I]",
		    (json_int_t)e->off_from, (json_int_t)e->off_to));
		break;
	case EV_PRODUCE_ERROR:
	case EV_CLIENT_RETRY:
		json_object_set_new(o, "error", jstr(kerr_name(e->error)));
		break;
	default:
		break;
	}
	json_object_set_new(o, "reason", jstr(e->reason));
	event_format(e, line, sizeof line);
	json_object_set_new(o, "text", jstr(line + strspn(line, " ")));
}

static json_t *
export_sel(const struct keys_sel *sel)
{
	json_t	*o = json_object();

	json_object_set_new(o, "broker", json_integer(sel->broker));
	json_object_set_new(o, "topic", jstr(sel->topic));
	json_object_set_new(o, "partition", json_integer(sel->partition));
	json_object_set_new(o, "acks", json_integer(sel->acks));
	return o;
}

static json_t *
export_rec(const struct slog *log, const struct slog_rec *r)
{
	json_t	*o = json_object();
	char	 wall[40];

	slog_wall_format(r->wall_ms, wall, sizeof wall);
	json_object_set_new(o, "seq", json_integer((json_int_t)r->seq));
	json_object_set_new(o, "t_ms", json_integer(r->t_ms));
	json_object_set_new(o, "wall", json_string(wall));
	json_object_set_new(o, "type", jstr(slog_type_name(r)));
	switch (r->type) {
	case SLOG_SESSION_START:
		json_object_set_new(o, "student", jstr(log->meta.student));
		json_object_set_new(o, "seed",
		    json_integer((json_int_t)log->meta.seed));
		break;
	case SLOG_LAB_START:
		json_object_set_new(o, "lab", jstr(r->text));
		json_object_set_new(o, "title", jstr(r->aux));
		json_object_set_new(o, "steps", json_integer(r->n));
		break;
	case SLOG_STEP_START:
	case SLOG_STEP_DONE:
		json_object_set_new(o, "step", json_integer(r->step + 1));
		json_object_set_new(o, "title", jstr(r->text));
		if (r->type == SLOG_STEP_DONE) {
			json_object_set_new(o, "took_ms", json_integer(r->ms));
			json_object_set_new(o, "skipped",
			    json_boolean(r->flag));
		}
		break;
	case SLOG_HINT_SHOWN:
		json_object_set_new(o, "step", json_integer(r->step + 1));
		json_object_set_new(o, "level", json_integer(r->n));
		json_object_set_new(o, "hint", jstr(r->text));
		json_object_set_new(o, "by_delay", json_boolean(r->flag));
		break;
	case SLOG_QUIZ_ANSWER:
		json_object_set_new(o, "step", json_integer(r->step + 1));
		json_object_set_new(o, "question", jstr(r->aux));
		json_object_set_new(o, "answer", jstr(r->text));
		json_object_set_new(o, "right", json_boolean(r->flag));
		break;
	case SLOG_REWIND:
		json_object_set_new(o, "step", json_integer(r->step + 1));
		json_object_set_new(o, "title", jstr(r->text));
		json_object_set_new(o, "from_ms", json_integer(r->ms));
		break;
	case SLOG_KEY:
		json_object_set_new(o, "key", jstr(r->text));
		json_object_set_new(o, "sel", export_sel(&r->sel));
		json_object_set_new(o, "rc", json_integer(r->rc));
		if (r->err != NULL)
			json_object_set_new(o, "error", jstr(r->err));
		break;
	case SLOG_COMMAND:
		json_object_set_new(o, "text", jstr(r->text));
		if (r->source != NULL)
			json_object_set_new(o, "source", jstr(r->source));
		if (r->key != NULL)
			json_object_set_new(o, "key", jstr(r->key));
		json_object_set_new(o, "output", r->output != NULL ?
		    jstrn(r->output, r->output_len) : json_string(""));
		if (r->output_cut > 0)
			json_object_set_new(o, "output_cut",
			    json_integer((json_int_t)r->output_cut));
		json_object_set_new(o, "rc", json_integer(r->open ? 0 :
		    r->rc));
		if (r->err != NULL)
			json_object_set_new(o, "error", jstr(r->err));
		break;
	case SLOG_CLUSTER:
		export_event(o, r->ev);
		break;
	case SLOG_EXPORT:
		json_object_set_new(o, "files", jstr(r->text));
		json_object_set_new(o, "ok", json_boolean(r->err == NULL));
		if (r->err != NULL)
			json_object_set_new(o, "error", jstr(r->err));
		break;
	case SLOG_SESSION_END:
		json_object_set_new(o, "steps_done", json_integer(r->n));
		json_object_set_new(o, "steps", json_integer(
		    log->meta.n_steps));
		break;
	default:
		break;
	}
	return o;
}

static json_t *
export_summary(const struct slog *log)
{
	json_t	*o = json_object(), *c = json_object();
	char	 text[512];
	int	 t;

	slog_dropped_text(log, text, sizeof text);
	json_object_set_new(o, "seq", json_integer((json_int_t)
	    log->dropped_seq));
	json_object_set_new(o, "t_ms", json_integer(log->dropped_from_ms));
	json_object_set_new(o, "type", json_string("cluster_summary"));
	json_object_set_new(o, "dropped", json_integer((json_int_t)
	    log->dropped));
	json_object_set_new(o, "to_ms", json_integer(log->dropped_to_ms));
	for (t = 0; t < EV__COUNT; t++)
		if (log->dropped_by_type[t] > 0)
			json_object_set_new(c, event_type_name(t),
			    json_integer((json_int_t)log->dropped_by_type[t]));
	json_object_set_new(o, "counts", c);
	json_object_set_new(o, "text", jstr(text));
	return o;
}

void
export_header_line(const struct slog *log, const char *version,
    struct strbuf *out)
{
	export_line(export_header(log, version), out);
}

void
export_rec_line(const struct slog *log, const struct slog_rec *r,
    struct strbuf *out)
{
	export_line(export_rec(log, r), out);
}

void
export_jsonl(const struct slog *log, const char *version,
    const char *describe, struct strbuf *out)
{
	const struct slog_rec	*last = log->n > 0 ? &log->v[log->n - 1] :
				    NULL;
	json_t			*o;
	size_t			 i;
	bool			 summarised = false;

	export_line(export_header(log, version), out);
	for (i = 0; i < log->n; i++) {
		if (log->v[i].type == SLOG__DROPPED)
			continue;
		if (!summarised && log->dropped > 0 &&
		    log->v[i].seq > log->dropped_seq) {
			export_line(export_summary(log), out);
			summarised = true;
		}
		export_line(export_rec(log, &log->v[i]), out);
	}
	o = json_object();
	json_object_set_new(o, "type", json_string("final_state"));
	json_object_set_new(o, "t_ms", json_integer(last != NULL ?
	    last->t_ms : 0));
	json_object_set_new(o, "describe", jstr(describe));
	export_line(o, out);
}

/* --- the export ---------------------------------------------------------- */

void
export_describe(struct engine *e, struct strbuf *out)
{
	struct snapshot	s;
	size_t		i;

	e->ops->snapshot(e, &s);
	for (i = 0; i < s.ctrl_image.n_topics; i++)
		describe_topic(out, &s.ctrl_image, &s.ctrl_image.topics[i]);
	snapshot_free(&s);
}

/* At most this many bytes of a name go into a file name, so that the
 * whole name (with ".md", ".jsonl" and atomicfile's ".NAME.tmp-PID-N")
 * stays under NAME_MAX (255) however long the student's name is. */
#define EXPORT_NAME_PART_MAX	96
#define EXPORT_LAB_PART_MAX	32

/* name made safe for a file name: '/', spaces, controls and a leading
 * dot become '_'; other bytes (Korean) stay.  At most max bytes, cut
 * before a UTF-8 character, never inside one: only the file's name is
 * shortened, the report keeps the whole name. */
static void
export_safe(struct strbuf *out, const char *name, size_t max)
{
	const unsigned char	*p = (const unsigned char *)name;
	size_t			 n = strlen(name), k;

	if (n > max) {
		n = max;
		/* Back off continuation bytes to the character's start. */
		while (n > 0 && (p[n] & 0xc0) == 0x80)
			n--;
	}
	for (k = 0; k < n; k++)
		strbuf_addc(out, p[k] == '/' || p[k] == '\\' || p[k] <= ' ' ||
		    p[k] == 0x7f || (k == 0 && p[k] == '.') ? '_' :
		    (char)p[k]);
}

char *
export_basename(struct slog *log)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*id = log->meta.lab_id;
	const char	*student = log->meta.student != NULL ?
			    log->meta.student : slog_default_student();
	int64_t		 wall = log->clock(log->clock_arg);
	time_t		 t = (time_t)(wall / 1000);
	struct tm	 tm;
	size_t		 digits;

	strbuf_adds(&sb, "isrlab-");
	if (id == NULL || id[0] == '\0')
		strbuf_adds(&sb, "free");
	else if ((digits = strspn(id, "0123456789")) > 0)
		strbuf_add(&sb, id, digits < EXPORT_LAB_PART_MAX ? digits :
		    EXPORT_LAB_PART_MAX);
	else
		export_safe(&sb, id, EXPORT_LAB_PART_MAX);
	strbuf_addc(&sb, '-');
	export_safe(&sb, student, EXPORT_NAME_PART_MAX);
	gmtime_r(&t, &tm);
	strbuf_printf(&sb, "-%04d%02d%02d-%02d%02d%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return strbuf_detach(&sb);
}

static bool
export_ends(const char *s, const char *suffix)
{
	size_t	n = strlen(s), k = strlen(suffix);

	return n > k && strcmp(s + n - k, suffix) == 0;
}

/* Whether path exists (as anything, a dangling link included). */
static bool
export_exists(const char *path)
{
	struct stat	st;

	return lstat(path, &st) == 0;
}

/* The first of base, base-2, base-3, ... for which neither .md nor
 * .jsonl exists: an export never replaces a file, it keeps both.  NULL
 * when the first 999 are all taken. */
static char *
export_free_base(const char *base)
{
	char	*b, *md, *jl;
	int	 i;
	bool	 taken;

	for (i = 1; i < 1000; i++) {
		b = i == 1 ? xstrdup(base) : xasprintf("%s-%d", base, i);
		md = xasprintf("%s.md", b);
		jl = xasprintf("%s.jsonl", b);
		taken = export_exists(md) || export_exists(jl);
		free(md);
		free(jl);
		if (!taken)
			return b;
		free(b);
	}
	return NULL;
}

int
export_session(struct slog *log, const char *path, struct strbuf *msg)
{
	struct strbuf	 md = STRBUF_INIT, jl = STRBUF_INIT, desc = STRBUF_INIT;
	struct slog	*full;
	char		*base, *want, *name, *path_md, *path_jl, *tmp_md = NULL,
			*tmp_jl = NULL;
	const char	*dir;
	char		 err[1024];
	int		 rc = -1;

	slog_poll(log);
	dir = path != NULL ? path : log->export_dir != NULL ?
	    log->export_dir : ".";
	if (dir[0] == '\0') {
		strbuf_adds(msg, "an empty path: give a directory or a file "
		    "name ending in .md or .jsonl");
		slog_note_export(log, "", "an empty path");
		return -1;
	}
	if (path != NULL && export_ends(path, ".md"))
		want = xstrndup(path, strlen(path) - 3);
	else if (path != NULL && export_ends(path, ".jsonl"))
		want = xstrndup(path, strlen(path) - 6);
	else {
		name = export_basename(log);
		want = xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ?
		    "" : "/", name);
		free(name);
	}
	if ((base = export_free_base(want)) == NULL) {
		strbuf_printf(msg, "cannot write %s.md: it and 998 numbered "
		    "names exist (not replacing them)", want);
		slog_note_export(log, want, "every numbered name exists");
		free(want);
		return -1;
	}
	path_md = xasprintf("%s.md", base);
	path_jl = xasprintf("%s.jsonl", base);
	if (log->meta.student == NULL)
		slog_set_student(log, slog_default_student());

	export_describe(log->e, &desc);
	/* Records spilled to the state file are read back for the files. */
	if ((full = statefile_full(log, err, sizeof err)) == NULL) {
		strbuf_adds(msg, err);
		slog_note_export(log, path_md, err);
		goto out;
	}
	report_markdown(full, PACKAGE_VERSION, strbuf_cstr(&desc), &md);
	report_seal_markdown(&md);
	export_jsonl(full, PACKAGE_VERSION, strbuf_cstr(&desc), &jl);
	report_seal_jsonl(&jl);
	if (full != log)
		slog_free(full);

	tmp_md = atomicfile_prepare(path_md, md.s, md.len, err, sizeof err);
	if (tmp_md != NULL)
		tmp_jl = atomicfile_prepare(path_jl, jl.s, jl.len, err,
		    sizeof err);
	if (tmp_md == NULL || tmp_jl == NULL) {
		atomicfile_abort(tmp_md);
	} else if (atomicfile_commit_new(tmp_md, path_md, err,
	    sizeof err) != 0) {
		atomicfile_abort(tmp_jl);
	} else if (atomicfile_commit_new(tmp_jl, path_jl, err,
	    sizeof err) == 0)
		rc = 0;
	if (rc == 0) {
		if (log->export_fn != NULL)
			log->export_fn(log->export_arg, path_jl, jl.s, jl.len);
		if (strcmp(base, want) != 0)
			strbuf_printf(msg, "wrote %s (%s.md or .jsonl exists: "
			    "kept)\nwrote %s\n", path_md, want, path_jl);
		else
			strbuf_printf(msg, "wrote %s\nwrote %s\n", path_md,
			    path_jl);
		{
			char	*files = xasprintf("%s %s", path_md, path_jl);

			slog_note_export(log, files, NULL);
			free(files);
		}
	} else {
		strbuf_adds(msg, err);
		slog_note_export(log, path_md, err);
	}
out:
	free(base);
	free(want);
	free(tmp_md);
	free(tmp_jl);
	free(path_md);
	free(path_jl);
	strbuf_free(&md);
	strbuf_free(&jl);
	strbuf_free(&desc);
	return rc;
}

static int
export_console_hook(void *arg, const char *path, struct strbuf *msg)
{
	return export_session(arg, path, msg);
}

void
export_attach(struct slog *log, struct console *c, struct labrun *r)
{
	slog_attach_console(log, c);
	console_set_exporter(c, export_console_hook, log);
	if (r != NULL)
		labrun_set_observer(r, slog_labrun_hook, log);
}

/* --- verify -------------------------------------------------------------- */

int
export_verify(const char *path, FILE *out)
{
	enum report_verdict	 v;
	char			*data, err[1024];
	size_t			 len;

	if (readfile_load(path, &readfile_log_limits, &data, &len, err,
	    sizeof err) != 0) {
		fprintf(stderr, "isrlab: %s\n", err);
		return 2;
	}
	v = report_verify(data, len);
	free(data);
	if (v == REPORT_OK)
		fprintf(out, "%s: OK\n", path);
	else
		fprintf(out, "%s: MODIFIED%s\n", path, v == REPORT_UNSEALED ?
		    " (no isrlab checksum at the end)" : "");
	return v == REPORT_OK ? 0 : 1;
}
