/*
 * check_journal.c - Check suites for the JSON side of src/journal (the
 * JSON Lines export, replay, --summarize) and the Markdown report, in
 * their own runner because they link jansson (and src/lab, libcmark).
 *
 * Every session runs on the simulator with a fixed wall clock, so files
 * are byte-for-byte stable.  Golden files live in tests/golden/;
 * ISRLAB_REGEN_GOLDEN=1 rewrites them (then review the diff).
 */

#include "config.h"

#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "console/console.h"
#include "console/keys.h"
#include "journal/export.h"
#include "journal/replay.h"
#include "journal/rewind.h"
#include "journal/report.h"
#include "journal/slog.h"
#include "journal/statefile.h"
#include "journal/summarize.h"
#include "util/readfile.h"
#include "lab/lab.h"
#include "lab/labrun.h"
#include "lab/labsolve.h"
#include "model/settings.h"
#include "sim/sim.h"
#include "util/xmalloc.h"

#define T0 1740819600000LL	/* 2025-03-01T09:00:00Z */

static const char *
srcdir(void)
{
	const char	*d = getenv("ISRLAB_SRCDIR");

	return d != NULL ? d : ".";
}

static int64_t
fixed_clock(void *arg)
{
	int64_t	*t = arg;

	return *t += 1000;
}

/* A fresh directory under /tmp (the caller removes it with rm_rf). */
static char *
tmpdir(void)
{
	char	tmpl[] = "/tmp/isrlab-journal-XXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	return xstrdup(tmpl);
}

static void
rm_rf(const char *dir)
{
	char	*cmd = xasprintf("rm -rf '%s'", dir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static char *
slurp(const char *path, size_t *len)
{
	char	*data, err[512];
	size_t	 n;

	ck_assert_msg(readfile_load(path, &readfile_log_limits, &data, &n, err,
	    sizeof err) == 0, "%s", err);
	if (len != NULL)
		*len = n;
	return data;
}

static void
spit(const char *path, const char *data, size_t len)
{
	FILE	*f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* --- a fixed session ----------------------------------------------------- */

static const char demo_lab[] =
    "---\n"
    "id: 42-demo\n"
    "title: 데모 실습\n"
    "brokers: 3\n"
    "kafka: 3.7\n"
    "seed: 4\n"
    "---\n"
    "```lab setup\n"
    "kafka-topics.sh --bootstrap-server localhost:9092 --create \\\n"
    "    --topic t --partitions 1 --replication-factor 3\n"
    "```\n"
    "## 1. 리더 죽이기\n"
    "```lab expect\n"
    "broker 1 down\n"
    "```\n"
    "```lab hint\n"
    "리더를 멈추는 키가 있다.\n"
    "```\n"
    "```lab hint\n"
    "L 을 누르세요.\n"
    "```\n"
    "## 2. 퀴즈\n"
    "```lab quiz\n"
    "question: 새 리더는?\n"
    "a: 1\n"
    "b: 2\n"
    "answer: b\n"
    "```\n"
    "## 3. 복구\n"
    "```lab expect\n"
    "isr t/0 == 2,3,1\n"
    "```\n";

struct session {
	struct lab	*lab;
	struct sim	*sim;
	struct engine	*e;
	struct console	*c;
	struct labrun	*r;
	struct slog	*log;
	int64_t		 wall;
};

static void
poll_run(struct session *s)
{
	struct snapshot	snap;
	char		err[256] = "";

	s->e->ops->snapshot(s->e, &snap);
	labrun_poll(s->r, &snap, err, sizeof err);
	snapshot_free(&snap);
	ck_assert_str_eq(err, "");
}

static void
exec(struct session *s, const char *line)
{
	char	err[256];

	ck_assert_msg(console_exec(s->c, line, err, sizeof err) >= 0, "%s: %s",
	    line, err);
	poll_run(s);
}

/* The lab in text (len bytes) started on the simulator by student, its
 * journal on a fixed clock. */
static void
session_start(struct session *s, const char *text, size_t len,
    const char *student)
{
	struct strbuf	 errs = STRBUF_INIT;
	struct settings	 set;
	char		 err[256];

	ck_assert_msg(lab_parse("demo.md", text, len, &s->lab, &errs) == 0,
	    "%s", strbuf_cstr(&errs));
	strbuf_free(&errs);
	settings_defaults(&set, false);
	lab_settings(s->lab, false, &set);	/* as labsolve runs a lab */
	s->sim = sim_new(3, s->lab->seed, &set, NULL);
	s->e = sim_engine(s->sim);
	s->c = console_new(s->e, NULL, NULL);
	s->r = labrun_new(s->lab, s->c, LAB_KO);
	s->wall = T0;
	s->log = slog_new(s->e, 0, fixed_clock, &s->wall);
	slog_set_cluster(s->log, s->lab->seed, 3, NULL, false);
	slog_set_student(s->log, student);
	export_attach(s->log, s->c, s->r);
	ck_assert_int_eq(labrun_start(s->r, err, sizeof err), 0);
}

/* The demo lab played by a student: a wrong quiz answer, two hint levels,
 * a key. */
static void
session_play(struct session *s, const char *student)
{
	struct keys_sel	 sel;
	struct snapshot	 snap;
	char		 err[256];
	bool		 right;

	session_start(s, demo_lab, sizeof demo_lab - 1, student);

	/* Two hint levels: t, then t again for the more specific one. */
	ck_assert_str_eq(labrun_hint_show(s->r), "리더를 멈추는 키가 있다.");
	ck_assert_str_eq(labrun_hint_show(s->r), "L 을 누르세요.");
	s->e->ops->snapshot(s->e, &snap);
	keys_sel_init(&sel, &snap);
	snapshot_free(&snap);
	ck_assert_int_eq(keys_press(s->c, "L", &sel, err, sizeof err),
	    KEYS_COMMANDS);
	poll_run(s);
	exec(s, "wait 4s");
	ck_assert_int_eq(labrun_answer(s->r, "a", &right, err, sizeof err), 0);
	ck_assert(!right);
	ck_assert_int_eq(labrun_answer(s->r, "b", &right, err, sizeof err), 0);
	poll_run(s);
	exec(s, "produce t --count 2 hello");
	exec(s, "restart 1");
	exec(s, "wait 3s");
	exec(s, "describe");
	ck_assert(s->r->finished);
	slog_end(s->log);
}

static void
session_free(struct session *s)
{
	slog_free(s->log);
	labrun_free(s->r);
	console_free(s->c);
	sim_free(s->sim);
	lab_free(s->lab);
}

static void
golden(const char *name, const struct strbuf *got)
{
	char	*path = xasprintf("%s/tests/golden/%s", srcdir(), name);
	char	*want;
	size_t	 len;

	if (getenv("ISRLAB_REGEN_GOLDEN") != NULL)
		spit(path, got->s, got->len);
	want = slurp(path, &len);
	ck_assert_msg(len == got->len && memcmp(want, got->s, len) == 0,
	    "%s differs from the output (ISRLAB_REGEN_GOLDEN=1 rewrites it)",
	    path);
	free(want);
	free(path);
}

START_TEST(test_golden_markdown)
{
	struct session	s;
	struct strbuf	desc = STRBUF_INIT, md = STRBUF_INIT;

	memset(&s, 0, sizeof s);
	session_play(&s, "김민수");
	export_describe(s.e, &desc);
	report_markdown(s.log, "0.0-test", strbuf_cstr(&desc), &md);
	report_seal_markdown(&md);
	golden("journal-session.md", &md);
	ck_assert_int_eq(report_verify(md.s, md.len), REPORT_OK);
	strbuf_free(&md);
	strbuf_free(&desc);
	session_free(&s);
}
END_TEST

START_TEST(test_golden_jsonl)
{
	struct session	s;
	struct strbuf	desc = STRBUF_INIT, jl = STRBUF_INIT;

	memset(&s, 0, sizeof s);
	session_play(&s, "김민수");
	export_describe(s.e, &desc);
	export_jsonl(s.log, "0.0-test", strbuf_cstr(&desc), &jl);
	report_seal_jsonl(&jl);
	golden("journal-session.jsonl", &jl);
	ck_assert_int_eq(report_verify(jl.s, jl.len), REPORT_OK);
	strbuf_free(&jl);
	strbuf_free(&desc);
	session_free(&s);
}
END_TEST

/* Text that is not valid UTF-8 reaches the JSON with each bad byte as
 * U+FFFD (an overlong '/', then a surrogate's three bytes). */
START_TEST(test_jsonl_invalid_utf8)
{
	struct session	 s;
	struct strbuf	 desc = STRBUF_INIT, jl = STRBUF_INIT;
	const char	*want = "\"student\":\"kim\xef\xbf\xbd\xef\xbf\xbd"
			    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"";

	memset(&s, 0, sizeof s);
	session_play(&s, "kim\xc0\xaf\xed\xa0\x80");
	export_describe(s.e, &desc);
	export_jsonl(s.log, "0.0-test", strbuf_cstr(&desc), &jl);
	ck_assert_msg(strstr(strbuf_cstr(&jl), want) != NULL, "%s",
	    strbuf_cstr(&jl));
	strbuf_free(&jl);
	strbuf_free(&desc);
	session_free(&s);
}
END_TEST

/* --- export, verify ------------------------------------------------------ */

START_TEST(test_export_and_verify)
{
	struct session	 s;
	struct strbuf	 msg = STRBUF_INIT;
	char		*dir = tmpdir(), *md, *jl, *data, *want;
	size_t		 len;
	FILE		*out;
	char		 buf[1024];

	memset(&s, 0, sizeof s);
	session_play(&s, "Kim Min/su");
	slog_set_export_dir(s.log, dir);
	ck_assert_int_eq(export_session(s.log, NULL, &msg), 0);
	/* The clock read for the name is the wall after the last record. */
	md = xasprintf("%s/isrlab-42-Kim_Min_su-20250301-%s.md", dir,
	    "090000");
	(void)md;
	free(md);
	ck_assert_ptr_nonnull(strstr(msg.s, "wrote "));
	md = xstrndup(msg.s + 6, (size_t)(strchr(msg.s, '\n') - msg.s - 6));
	jl = xstrndup(strchr(msg.s, '\n') + 7, strlen(strchr(msg.s, '\n') +
	    7) - 1);
	ck_assert_msg(strstr(md, "/isrlab-42-Kim_Min_su-20250301-") != NULL,
	    "%s", md);
	ck_assert_str_eq(jl + strlen(jl) - 6, ".jsonl");
	ck_assert_int_eq(strncmp(md, jl, strlen(md) - 3), 0);

	out = fmemopen(buf, sizeof buf, "w");
	ck_assert_int_eq(export_verify(md, out), 0);
	ck_assert_int_eq(export_verify(jl, out), 0);
	fclose(out);
	want = xasprintf("%s: OK\n%s: OK\n", md, jl);
	ck_assert_str_eq(buf, want);
	free(want);

	/* A teacher's view of an edited file: one character changed. */
	data = slurp(jl, &len);
	*strstr(data, "\"right\":false") = ' ';
	spit(jl, data, len);
	free(data);
	data = slurp(md, &len);
	*strstr(data, "✘ 오답") = 'X';
	spit(md, data, len);
	free(data);
	out = fmemopen(buf, sizeof buf, "w");
	ck_assert_int_eq(export_verify(md, out), 1);
	ck_assert_int_eq(export_verify(jl, out), 1);
	fclose(out);
	want = xasprintf("%s: MODIFIED\n%s: MODIFIED\n", md, jl);
	ck_assert_str_eq(buf, want);
	free(want);

	free(md);
	free(jl);
	strbuf_free(&msg);
	session_free(&s);
	rm_rf(dir);
	free(dir);
}
END_TEST

START_TEST(test_export_failures)
{
	struct session	 s;
	struct strbuf	 msg = STRBUF_INIT;
	char		*dir = tmpdir(), *path, *file, *want, *link;
	size_t		 i, failed = 0;

	memset(&s, 0, sizeof s);
	session_play(&s, "kim");

	/* A missing directory. */
	path = xasprintf("%s/missing/report.md", dir);
	ck_assert_int_eq(export_session(s.log, path, &msg), -1);
	want = xasprintf("cannot write %s: No such file or directory", path);
	ck_assert_str_eq(msg.s, want);
	free(want);
	free(path);

	/* A "directory" that is a regular file (fails even as root). */
	file = xasprintf("%s/plain", dir);
	spit(file, "x", 1);
	path = xasprintf("%s/sub/report.md", file);
	strbuf_reset(&msg);
	ck_assert_int_eq(export_session(s.log, path, &msg), -1);
	want = xasprintf("cannot write %s: Not a directory", path);
	ck_assert_str_eq(msg.s, want);
	free(want);
	free(path);

	/* An empty path (an unset shell variable) is refused: it used to
	 * read before the buffer and write into / (issue 11). */
	strbuf_reset(&msg);
	ck_assert_int_eq(export_session(s.log, "", &msg), -1);
	ck_assert_str_eq(msg.s, "an empty path: give a directory or a file "
	    "name ending in .md or .jsonl");
	slog_set_export_dir(s.log, "");
	strbuf_reset(&msg);
	ck_assert_int_eq(export_session(s.log, NULL, &msg), -1);
	slog_set_export_dir(s.log, NULL);

	/* A symbolic link where the report would go is never followed nor
	 * replaced: the export takes the next numbered name. */
	link = xasprintf("%s/report.md", dir);
	ck_assert_int_eq(symlink(file, link), 0);
	strbuf_reset(&msg);
	ck_assert_int_eq(export_session(s.log, link, &msg), 0);
	want = xasprintf("wrote %s/report-2.md (%s/report.md or .jsonl "
	    "exists: kept)\nwrote %s/report-2.jsonl\n", dir, dir, dir);
	ck_assert_str_eq(msg.s, want);
	free(want);
	{
		char	*data = slurp(file, NULL);

		ck_assert_str_eq(data, "x");
		free(data);
	}
	unlink(link);
	free(link);
	/* ... and so is a link at the .jsonl's name: both files move on. */
	link = xasprintf("%s/report.jsonl", dir);
	ck_assert_int_eq(symlink(file, link), 0);
	path = xasprintf("%s/report.md", dir);
	strbuf_reset(&msg);
	ck_assert_int_eq(export_session(s.log, path, &msg), 0);
	ck_assert_int_eq(access(path, F_OK), -1);
	free(path);
	path = xasprintf("%s/report-3.md", dir);
	ck_assert_int_eq(access(path, F_OK), 0);
	free(path);
	unlink(link);
	free(link);

	/* The journal is kept: the next try writes everything, with the
	 * failed attempts on record. */
	path = xasprintf("%s/report.md", dir);
	strbuf_reset(&msg);
	ck_assert_int_eq(export_session(s.log, path, &msg), 0);
	for (i = 0; i < s.log->n; i++)
		failed += s.log->v[i].type == SLOG_EXPORT &&
		    s.log->v[i].err != NULL;
	ck_assert_uint_eq(failed, 4);	/* missing, not a dir, "" twice */
	{
		FILE	*devnull = fopen("/dev/null", "w");

		ck_assert_int_eq(export_verify(path, devnull), 0);
		fclose(devnull);
	}
	free(path);
	free(file);
	strbuf_free(&msg);
	session_free(&s);
	rm_rf(dir);
	free(dir);
}
END_TEST

/* A name with a terminal escape, a newline and a code fence (the screen's
 * name prompt or a hand-made journal can carry one): the report keeps it
 * on one line, escaped, so it opens no Markdown and moves no cursor. */
START_TEST(test_report_hostile_name)
{
	struct session	 s;
	struct strbuf	 md = STRBUF_INIT;
	const char	*p;

	memset(&s, 0, sizeof s);
	session_play(&s, "kim\x1b[2J\n```\n# injected\x9b");
	report_markdown(s.log, "0.0-test", "", &md);
	ck_assert_ptr_null(memchr(md.s, '\x1b', md.len));
	ck_assert_ptr_null(strstr(md.s, "\n# injected"));
	ck_assert_ptr_nonnull(strstr(md.s, "| 학생 (student) | "
	    "kim\\x1b[2J\\n```\\n# injected\\x9b |\n"));
	ck_assert_ptr_nonnull(strstr(md.s, "session_start  student "
	    "kim\\x1b[2J\\n```\\n# injected\\x9b, seed 4\n"));
	/* Still one timeline fence, longer than the name's backticks. */
	p = strstr(md.s, "## 전체 기록 (timeline)\n\n````text\n");
	ck_assert_ptr_nonnull(p);
	strbuf_free(&md);
	session_free(&s);
}
END_TEST

/* A student name of 75 Hangul syllables (225 bytes) used to fail with
 * "File name too long": the file name takes 96 bytes of it, cut on a
 * character boundary; the report keeps all of it. */
START_TEST(test_export_long_name)
{
	struct session	 s;
	struct strbuf	 msg = STRBUF_INIT, name = STRBUF_INIT;
	char		*dir = tmpdir(), *md, *data, *base;
	int		 i;

	for (i = 0; i < 75; i++)
		strbuf_adds(&name, "가");
	memset(&s, 0, sizeof s);
	session_play(&s, name.s);
	slog_set_export_dir(s.log, dir);
	ck_assert_msg(export_session(s.log, NULL, &msg) == 0, "%s", msg.s);
	md = xstrndup(msg.s + 6, (size_t)(strchr(msg.s, '\n') - msg.s - 6));
	base = strrchr(md, '/') + 1;
	/* "isrlab-42-" + 32 syllables (96 bytes) + "-YYYYmmdd-HHMMSS.md" */
	ck_assert_uint_eq(strlen(base), 10 + 96 + 19);
	ck_assert_int_eq(strncmp(base + 10, name.s, 96), 0);
	data = slurp(md, NULL);
	ck_assert_ptr_nonnull(strstr(data, name.s));
	free(data);
	free(md);
	strbuf_free(&msg);
	strbuf_free(&name);
	session_free(&s);
	rm_rf(dir);
	free(dir);
}
END_TEST

/* --- replay -------------------------------------------------------------- */

struct solve_hook {
	struct slog	*log;
	int64_t		 wall;
	const char	*dir;
	const char	*student;
	const struct lab *lab;
	char		*jsonl;
	char		*describe;
};

static void
solve_session(void *arg, enum labsolve_phase phase, struct engine *e,
    struct console *c, struct labrun *r, int rc)
{
	struct solve_hook	*h = arg;
	struct strbuf		 msg = STRBUF_INIT, desc = STRBUF_INIT;
	char			*nl;

	(void)rc;
	if (phase == LABSOLVE_BEGIN) {
		h->log = slog_new(e, 0, fixed_clock, &h->wall);
		slog_set_cluster(h->log, h->lab->seed, h->lab->brokers, NULL,
		    false);
		slog_set_student(h->log, h->student);
		slog_set_export_dir(h->log, h->dir);
		export_attach(h->log, c, r);
		return;
	}
	slog_end(h->log);
	ck_assert_int_eq(export_session(h->log, NULL, &msg), 0);
	nl = strchr(msg.s, '\n');
	h->jsonl = xstrndup(nl + 7, strlen(nl + 7) - 1);
	export_describe(e, &desc);
	h->describe = strbuf_detach(&desc);
	strbuf_free(&msg);
	slog_free(h->log);
}

/* Solve lab 01 on the simulator as --solve does, journalled; returns the
 * .jsonl written into dir. */
static void
solve_lab01(struct solve_hook *h, const char *dir, const char *student)
{
	struct labsolve_opts	 o;
	struct strbuf		 errs = STRBUF_INIT;
	struct lab		*lab;
	char			*path = xasprintf("%s/labs/01-leader-failover.md",
				    srcdir());
	FILE			*devnull = fopen("/dev/null", "w");

	ck_assert_msg(lab_load(path, &lab, &errs) == 0, "%s", errs.s);
	memset(h, 0, sizeof *h);
	h->wall = T0;
	h->dir = dir;
	h->student = student;
	h->lab = lab;
	memset(&o, 0, sizeof o);
	o.seed = lab->seed;
	o.session = solve_session;
	o.session_arg = h;
	ck_assert_int_eq(labsolve_run(lab, &o, devnull), 0);
	fclose(devnull);
	lab_free(lab);
	strbuf_free(&errs);
	free(path);
}

/* u in step 1 of the demo lab: after a wrong crash (broker 2, which the
 * step does not name) and a produce, the cluster rebuilt from the journal
 * describes exactly as at the step's start; the step goes on there, the
 * journal has the rewind, and a replay of the export (without the undone
 * inputs) ends in the session's final state. */
START_TEST(test_rewind_step_start)
{
	struct session	 s;
	struct strbuf	 start = STRBUF_INIT, now = STRBUF_INIT,
			 jl = STRBUF_INIT, final = STRBUF_INIT;
	struct sim	*sim2;
	struct console	*c2;
	struct settings	 set;
	struct keys_sel	 sel;
	struct snapshot	 snap;
	char		*dir = tmpdir(), *path, err[256] = "";
	int64_t		 mark, from, to;
	FILE		*devnull;

	session_start(&s, demo_lab, sizeof demo_lab - 1, "kim");
	poll_run(&s);
	export_describe(s.e, &start);
	mark = s.r->st[0].mark_ms;
	exec(&s, "kill 2");
	exec(&s, "produce t --count 2 lost");
	exec(&s, "wait 5s");
	poll_run(&s);
	ck_assert_str_eq(s.r->offpath, "Broker 2 crashed. This step is about "
	    "broker 1. Press 2 then r to restart it, or u to rewind the "
	    "step.");
	export_describe(s.e, &now);
	ck_assert_str_ne(now.s, start.s);	/* ISR 1,3 */

	/* u: a fresh cluster, the journal replayed to the step's start. */
	from = s.e->ops->now(s.e);
	settings_defaults(&set, false);
	lab_settings(s.lab, false, &set);	/* as the screen rebuilds it */
	sim2 = sim_new(3, s.lab->seed, &set, NULL);
	c2 = console_new(sim_engine(sim2), NULL, NULL);
	to = rewind_replay(s.log, 0, c2, err, sizeof err);
	ck_assert_int_eq(to, mark);
	strbuf_reset(&now);
	export_describe(sim_engine(sim2), &now);
	ck_assert_str_eq(now.s, start.s);
	slog_set_engine(s.log, sim_engine(sim2));
	export_attach(s.log, c2, s.r);
	labrun_rewound(s.r, c2, from);
	console_free(s.c);
	sim_free(s.sim);
	s.sim = sim2;
	s.e = sim_engine(sim2);
	s.c = c2;
	ck_assert_str_eq(s.r->offpath, "");
	ck_assert_int_eq(s.r->st[0].rewinds, 1);
	ck_assert_int_eq(s.log->v[s.log->n - 1].type, SLOG_REWIND);
	ck_assert_int_eq(s.log->v[s.log->n - 1].step, 0);
	ck_assert_int_eq(s.log->v[s.log->n - 1].ms, from);
	ck_assert_int_eq(s.log->v[s.log->n - 1].t_ms, mark);

	/* The step goes on from there. */
	s.e->ops->snapshot(s.e, &snap);
	keys_sel_init(&sel, &snap);
	snapshot_free(&snap);
	ck_assert_int_eq(keys_press(s.c, "L", &sel, err, sizeof err),
	    KEYS_COMMANDS);
	poll_run(&s);
	ck_assert(s.r->st[0].done);
	exec(&s, "wait 4s");
	slog_end(s.log);

	/* The export replays to the same end, the undone inputs left out. */
	export_describe(s.e, &final);
	export_jsonl(s.log, "test", final.s, &jl);
	report_seal_jsonl(&jl);
	ck_assert_ptr_nonnull(strstr(jl.s, "\"rewind\""));
	{
		struct strbuf	md = STRBUF_INIT;
		char		*row = xasprintf("| 1 | %" PRId64 ".%03" PRId64
				    "s | %" PRId64 ".%03" PRId64 "s |\n",
				    from / 1000, from % 1000, mark / 1000,
				    mark % 1000);

		report_markdown(s.log, "test", final.s, &md);
		ck_assert_ptr_nonnull(strstr(md.s, "## 되돌리기 (rewinds)"));
		ck_assert_ptr_nonnull(strstr(md.s, row));
		free(row);
		strbuf_free(&md);
	}
	path = xasprintf("%s/rewind.jsonl", dir);
	spit(path, jl.s, jl.len);
	devnull = fopen("/dev/null", "w");
	ck_assert_int_eq(replay_run(path, 0, NULL, devnull), 0);
	fclose(devnull);

	free(path);
	rm_rf(dir);
	free(dir);
	strbuf_free(&start);
	strbuf_free(&now);
	strbuf_free(&jl);
	strbuf_free(&final);
	session_free(&s);
}
END_TEST

START_TEST(test_replay_lab01)
{
	struct solve_hook		 h;
	struct replay			*rp;
	const struct replay_action	*a;
	struct console			*c;
	struct strbuf			 desc = STRBUF_INIT;
	struct keys_sel			 sel;
	char				*dir = tmpdir(), err[512];
	size_t				 keys = 0, setup = 0;
	FILE				*devnull;

	solve_lab01(&h, dir, "kim");
	ck_assert_int_eq(replay_load(h.jsonl, &rp, err, sizeof err), 0);
	ck_assert_str_eq(rp->lab_id, "01-leader-failover");
	ck_assert_str_eq(rp->student, "kim");
	ck_assert_str_eq(rp->describe, h.describe);
	/* Lab 01 names kafka: 3.7; the header carries it to the replay. */
	ck_assert_int_eq(rp->settings.profile, KAFKA_37);
	c = console_new(replay_engine(rp), NULL, NULL);
	memset(&sel, 0, sizeof sel);
	while ((a = replay_next_action(rp)) != NULL) {
		keys += a->kind == REPLAY_KEY;
		setup += a->setup;
		ck_assert_int_ge(replay_apply(rp, c, a, &sel, err, sizeof err),
		    0);
	}
	ck_assert_uint_ge(keys, 1);		/* key L */
	ck_assert_uint_ge(setup, 1);		/* the lab's topic */
	replay_finish(rp, c);
	export_describe(c->engine, &desc);
	ck_assert_str_eq(desc.s, h.describe);
	/* Lab 01 ends after the auto leader rebalance gave it back to 1. */
	ck_assert_ptr_nonnull(strstr(desc.s, "Leader: 1\tReplicas: 1,2,3\t"
	    "Isr: 2,3,1"));
	console_free(c);
	replay_free(rp);

	/* The headless front end agrees. */
	devnull = fopen("/dev/null", "w");
	ck_assert_int_eq(replay_run(h.jsonl, 0, NULL, devnull), 0);
	fclose(devnull);

	strbuf_free(&desc);
	free(h.jsonl);
	free(h.describe);
	rm_rf(dir);
	free(dir);
}
END_TEST

/* Logs built by hand: a valid header, records after it. */
#define HDR "{\"type\":\"header\",\"format\":1,\"brokers\":3,\"seed\":1}"

START_TEST(test_replay_bad_file)
{
	struct replay	*rp;
	char		*dir = tmpdir(), *path, err[512], *want;

	path = xasprintf("%s/x.jsonl", dir);
	spit(path, HDR "\nnot json\n", strlen(HDR) + 10);
	ck_assert_int_eq(replay_load(path, &rp, err, sizeof err), -1);
	want = xasprintf("%s:2: not a JSON object: ", path);
	ck_assert_int_eq(strncmp(err, want, strlen(want)), 0);
	free(want);
	free(path);
	rm_rf(dir);
	free(dir);
}
END_TEST

#define REC(seq, t) "{\"seq\":" #seq ",\"t_ms\":" #t ",\"type\":\"command\"," \
	"\"text\":\"describe\"}"

/* Each hostile file of issue 11 is refused with the file and line. */
static const struct {
	const char	*text;
	size_t		 len;		/* 0: strlen(text) */
	const char	*want;		/* after "x.jsonl" */
} replay_hostile[] = {
	/* It used to spin for ever: no header, so no brokers. */
	{ "\n", 0, ":1: not an isrlab session log (its first line is empty, "
	    "not the header)" },
	{ "", 0, ": empty file, not an isrlab session log" },
	{ REC(1, 0) "\n", 0, ":1: not an isrlab session log (its first line "
	    "is not the header)" },
	{ "{\"type\":\"header\",\"format\":2,\"brokers\":3,\"seed\":1}\n", 0,
	    ":1: format 2 of the session log; this isrlab reads format 1" },
	{ "{\"type\":\"header\",\"brokers\":3,\"seed\":1}\n", 0,
	    ":1: format -1 of the session log; this isrlab reads format 1" },
	{ "{\"type\":\"header\",\"format\":1,\"brokers\":0,\"seed\":1}\n", 0,
	    ":1: brokers: 0, not 1-9" },
	{ "{\"type\":\"header\",\"format\":1,\"brokers\":3}\n", 0,
	    ":1: the header has no seed" },
	{ "{\"type\":\"header\",\"format\":1,\"brokers\":3,\"seed\":1,"
	    "\"settings\":{\"broker.heartbeat.interval.ms\":"
	    "9000000000000000000}}\n", 0, ":1: settings: "
	    "broker.heartbeat.interval.ms 9000000000000000000 is outside "
	    "10-600000" },
	{ "{\"type\":\"header\",\"format\":1,\"brokers\":3,\"seed\":1,"
	    "\"kafka\":\"2.8\"}\n", 0, ":1: no Kafka profile '2.8' (zk, 3.7, "
	    "4.x)" },
	/* Duplicated lines: they leaked, now they are named. */
	{ HDR "\n" HDR "\n", 0, ":2: a second header (the first is line 1)" },
	{ HDR "\n{\"type\":\"final_state\",\"t_ms\":0,\"describe\":\"a\"}\n"
	    "{\"type\":\"final_state\",\"t_ms\":0,\"describe\":\"b\"}\n", 0,
	    ":3: a second final_state (the first is line 2)" },
	{ HDR "\n" REC(1, 0) "\n" REC(2, 5) "\n" REC(2, 5) "\n", 0,
	    ":4: seq 2 again: the same record as line 3 (a duplicated line)" },
	{ HDR "\n" REC(1, 0) "\n" REC(3, 5) "\n" REC(2, 5) "\n", 0,
	    ":4: seq 2 after seq 3 (line 3): lines out of order" },
	{ HDR "\n{\"t_ms\":0,\"type\":\"command\"}\n", 0,
	    ":2: a record without its seq number" },
	{ HDR "\n{\"type\":\"final_state\",\"t_ms\":0}\n" REC(1, 0) "\n", 0,
	    ":3: a record after the final_state (line 2)" },
	/* Times: a resealed 9e18 made --replay run for ever. */
	{ HDR "\n" REC(1, 9000000000000000000) "\n", 0,
	    ":2: t_ms is not a lab time from 0 to 604800000 (7 days)" },
	{ HDR "\n" REC(1, -1) "\n", 0,
	    ":2: t_ms is not a lab time from 0 to 604800000 (7 days)" },
	{ HDR "\n" REC(1, 604800001) "\n", 0,
	    ":2: t_ms is not a lab time from 0 to 604800000 (7 days)" },
	{ HDR "\n{\"seq\":1,\"t_ms\":\"5\",\"type\":\"command\"}\n", 0,
	    ":2: t_ms is not a lab time from 0 to 604800000 (7 days)" },
	{ HDR "\n" REC(1, 0) "\0\n", sizeof HDR "\n" REC(1, 0) "\0\n" - 1,
	    ":2: a NUL byte in the line" },
	/* Well formed, but not a whole export. */
	{ HDR "\n" REC(1, 0) "\n", 0, ": no isrlab checksum at the end (not a "
	    "whole export)" },
};

START_TEST(test_replay_hostile)
{
	struct replay	*rp = (struct replay *)&rp;
	char		 err[512], *want;
	size_t		 len = replay_hostile[_i].len;

	if (len == 0)
		len = strlen(replay_hostile[_i].text);
	ck_assert_int_eq(replay_parse("x.jsonl", replay_hostile[_i].text, len,
	    &rp, err, sizeof err), -1);
	ck_assert_ptr_null(rp);
	want = xasprintf("x.jsonl%s", replay_hostile[_i].want);
	ck_assert_str_eq(err, want);
	free(want);
}
END_TEST

/* A copy of data without its checksum line, sealed again: what someone
 * who edits a log and reseals it would make. */
static char *
reseal(const char *data)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*seal = strstr(data, "{\"type\":\"checksum\"");

	ck_assert_ptr_nonnull(seal);
	strbuf_add(&sb, data, (size_t)(seal - data));
	report_seal_jsonl(&sb);
	return strbuf_detach(&sb);
}

/* Lab 01's real export, edited: a duplicated line, a changed one, and a
 * resealed one with a time of 9e18. */
START_TEST(test_replay_edited_export)
{
	struct solve_hook	 h;
	struct replay		*rp;
	struct strbuf		 sb = STRBUF_INIT;
	char			*dir = tmpdir(), *data, *line, *nl, *edited,
				 err[512], *want;
	size_t			 len, at;
	long			 lineno = 1;

	solve_lab01(&h, dir, "kim");
	data = slurp(h.jsonl, &len);
	ck_assert_int_eq(replay_parse("x.jsonl", data, len, &rp, err,
	    sizeof err), 0);
	replay_free(rp);

	/* Duplicate the first command line in place. */
	line = strstr(data, "\"type\":\"command\"");
	while (line > data && line[-1] != '\n')
		line--;
	nl = strchr(line, '\n');
	for (at = 0; data + at < line; at++)
		lineno += data[at] == '\n';
	strbuf_add(&sb, data, (size_t)(nl + 1 - data));
	strbuf_add(&sb, line, (size_t)(nl + 1 - line));
	strbuf_adds(&sb, nl + 1);
	edited = reseal(sb.s);
	ck_assert_int_eq(replay_parse("x.jsonl", edited, strlen(edited), &rp,
	    err, sizeof err), -1);
	want = xasprintf("x.jsonl:%ld: seq ", lineno + 1);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "%s", err);
	ck_assert_msg(strstr(err, "(a duplicated line)") != NULL, "%s", err);
	free(want);
	free(edited);

	/* Change one output byte: the seal says MODIFIED. */
	edited = xstrdup(data);
	*strstr(edited, "Leader: 2") = 'l';
	ck_assert_int_eq(replay_parse("x.jsonl", edited, strlen(edited), &rp,
	    err, sizeof err), -1);
	ck_assert_str_eq(err, "x.jsonl: MODIFIED: its checksum does not match "
	    "(edited after the export; --verify-log says the same)");
	free(edited);

	/* Resealed with a time no session reaches: refused, not run. */
	strbuf_reset(&sb);
	line = strstr(data, "\"t_ms\":");
	strbuf_add(&sb, data, (size_t)(line - data));
	strbuf_adds(&sb, "\"t_ms\":9000000000000000000");
	strbuf_adds(&sb, line + 7 + strspn(line + 7, "0123456789"));
	edited = reseal(sb.s);
	ck_assert_int_eq(replay_parse("x.jsonl", edited, strlen(edited), &rp,
	    err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "t_ms is not a lab time"));
	free(edited);

	strbuf_free(&sb);
	free(data);
	free(h.jsonl);
	free(h.describe);
	rm_rf(dir);
	free(dir);
}
END_TEST

/* --- summarize ----------------------------------------------------------- */

START_TEST(test_summarize)
{
	struct session		 s;
	struct solve_hook	 h;
	struct summarize_opts	 so;
	struct strbuf		 msg = STRBUF_INIT;
	char			*dir = tmpdir(), *data, *path;
	char			 buf[2048];
	size_t			 len;
	FILE			*out;

	/* park solves lab 01; 김민수 plays the demo lab (one wrong quiz
	 * answer first); lee solves lab 01 and edits the log. */
	solve_lab01(&h, dir, "park");
	free(h.jsonl);
	free(h.describe);
	solve_lab01(&h, dir, "lee");
	data = slurp(h.jsonl, &len);
	strstr(data, "\"took_ms\":5000")[10] = '1';	/* still JSON */
	spit(h.jsonl, data, len);
	free(data);
	free(h.jsonl);
	free(h.describe);
	memset(&s, 0, sizeof s);
	session_play(&s, "김민수");
	path = xasprintf("%s/demo.jsonl", dir);
	ck_assert_int_eq(export_session(s.log, path, &msg), 0);
	free(path);
	session_free(&s);
	/* Not a log: ignored. */
	path = xasprintf("%s/notes.txt", dir);
	spit(path, "hello\n", 6);
	free(path);

	out = fmemopen(buf, sizeof buf, "w");
	memset(&so, 0, sizeof so);
	ck_assert_int_eq(summarize_dir(dir, &so, out), 1);
	fclose(out);
	/* park's and lee's logs are the lab's solution at its lab times
	 * (journaled as a student's, not through --solve): the same
	 * timeline, each names the other. */
	ck_assert_str_eq(buf,
	    "ID  STUDENT  LAB                 STEPS  FINISHED  WALL   LAB TIME  "
	    "HINTS  FAILED  WRONG  QUIZ  REWINDS  BY       SEAL    DUPLICATE OF\n"
	    "-   lee      01-leader-failover  7/7    yes       38.0s  32.9s     "
	    "0      0       0      -     0        student  edited  "
	    "isrlab-01-park-20250301-090042.jsonl (timeline)\n"
	    "-   park     01-leader-failover  7/7    yes       38.0s  32.9s     "
	    "0      0       0      -     0        student  ok      "
	    "isrlab-01-lee-20250301-090042.jsonl (timeline)\n"
	    "-   김민수   42-demo             3/3    yes       26.0s  7.1s      "
	    "2      0       1      0/1   0        student  ok      -\n");
	strbuf_free(&msg);
	rm_rf(dir);
	free(dir);
}
END_TEST

static const char two_step_lab[] =
    "---\n"
    "id: 77-state\n"
    "title: 상태 파일\n"
    "title.en: State file\n"
    "brokers: 3\n"
    "---\n"
    "```lab setup\n"
    "kafka-topics.sh --bootstrap-server localhost:9092 --create "
    "--topic s --partitions 2 --replication-factor 3\n"
    "```\n"
    "## 1. 브로커 2 끄기\n"
    "```lab expect\n"
    "broker 2 down\n"
    "```\n"
    "## 2. 되살리기\n"
    "```lab expect\n"
    "broker 2 up\n"
    "```\n";

/* --- the state file (statefile.h) --------------------------------------- */

/* two_step_lab started by 이서연; a state file in $XDG_STATE_HOME when sf
 * is not NULL; mem_max > 0 bounds the journal's memory. */
static void
state_start(struct session *s, struct statefile **sf, size_t mem_max)
{
	char	err[512];

	memset(s, 0, sizeof *s);
	session_start(s, two_step_lab, sizeof two_step_lab - 1, "이서연");
	if (mem_max > 0)
		s->log->mem_max = mem_max;
	if (sf != NULL) {
		*sf = statefile_start(s->log, err, sizeof err);
		ck_assert_msg(*sf != NULL, "%s", err);
	}
}

/* `loops` rounds of traffic and faults, broker 2 down (step 2). */
static void
play_traffic(struct session *p, int loops)
{
	int	i;

	for (i = 0; i < loops; i++) {
		exec(p, "produce s --count 3 --acks 1 v");
		exec(p, "isolate 3");
		exec(p, "wait 7s");
		exec(p, "heal");
		exec(p, "wait 5s");
		exec(p, "describe");
	}
	ck_assert_uint_eq(p->r->front, 1);
}

/* Step 1 done, then traffic in step 2. */
static void
play_steps(struct session *p, int loops)
{
	exec(p, "kill 2");
	play_traffic(p, loops);
}

/* The JSON Lines export of log (with the cluster's describe). */
static char *
play_jsonl(struct session *p, const struct slog *log)
{
	struct strbuf	desc = STRBUF_INIT, jl = STRBUF_INIT;

	export_describe(p->e, &desc);
	export_jsonl(log, "0.0-test", strbuf_cstr(&desc), &jl);
	strbuf_free(&desc);
	return strbuf_detach(&jl);
}

static char *state_home;

static void
state_setup(void)
{
	char	tmpl[] = "/tmp/isrlab-state-XXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	state_home = xstrdup(tmpl);
	setenv("XDG_STATE_HOME", state_home, 1);
}

static void
state_teardown(void)
{
	char	*cmd = xasprintf("rm -rf '%s'", state_home);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(state_home);
}

START_TEST(test_state_file_written)
{
	struct session		 p;
	struct statefile	*sf;
	struct slog		*back;
	struct stat		 st;
	char			 err[512], *live, *read, *dir;

	state_start(&p, &sf, 0);
	play_steps(&p, 2);
	/* 0700 directory, 0600 file, in $XDG_STATE_HOME/isrlab. */
	dir = xasprintf("%s/isrlab", state_home);
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	ck_assert_int_eq(strncmp(statefile_path(sf), dir, strlen(dir)), 0);
	ck_assert_int_eq(stat(statefile_path(sf), &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	/* Everything so far is in the file: it reads back to the same
	 * export, header facts included. */
	ck_assert_int_eq(statefile_load(statefile_path(sf), NULL, &back,
	    NULL, err, sizeof err), 0);
	live = play_jsonl(&p, p.log);
	read = play_jsonl(&p, back);
	ck_assert_str_eq(read, live);
	ck_assert_ptr_nonnull(strstr(read, "\"student\":\"이서연\""));
	ck_assert_ptr_nonnull(strstr(read, "\"type\":\"step_done\""));
	free(live);
	free(read);
	slog_free(back);
	/* A session that ends normally leaves nothing to recover. */
	{
		char	*path = xstrdup(statefile_path(sf));

		slog_end(p.log);
		statefile_close(sf, false);
		ck_assert_int_eq(access(path, F_OK), -1);
		free(path);
	}
	free(dir);
	session_free(&p);
}
END_TEST

START_TEST(test_spill_exports_the_same)
{
	struct session		 kept, spilled;
	struct statefile	*sf;
	struct slog		*full;
	char			 err[512], *a, *b;
	size_t			 most = 0;
	int			 i;

	/* Same seed, same clock, same inputs: one keeps everything, the
	 * other may hold 16 kB of records in memory. */
	state_start(&kept, NULL, 0);
	state_start(&spilled, &sf, 16384);
	exec(&kept, "kill 2");
	exec(&spilled, "kill 2");
	for (i = 0; i < 8; i++) {
		play_traffic(&kept, 5);
		play_traffic(&spilled, 5);
		if (spilled.log->mem > most)
			most = spilled.log->mem;
	}
	ck_assert_uint_gt(spilled.log->spilled, 100);
	ck_assert_uint_le(most, 16384 + 4096);
	ck_assert_uint_lt(spilled.log->n, kept.log->n / 4);
	full = statefile_full(spilled.log, err, sizeof err);
	ck_assert_msg(full != NULL, "%s", err);
	ck_assert_ptr_ne(full, spilled.log);
	a = play_jsonl(&kept, kept.log);
	b = play_jsonl(&spilled, full);
	for (i = 0; a[i] != '\0' && a[i] == b[i]; i++)
		;
	ck_assert_msg(a[i] == b[i], "exports differ at byte %d: ...%.80s",
	    i, a + (i > 40 ? i - 40 : 0));
	free(a);
	free(b);
	slog_free(full);
	/* slog_end counts the steps done that were released too. */
	slog_end(kept.log);
	slog_end(spilled.log);
	ck_assert_int_eq(kept.log->v[kept.log->n - 1].n,
	    spilled.log->v[spilled.log->n - 1].n);
	statefile_close(sf, false);
	session_free(&kept);
	session_free(&spilled);
}
END_TEST

/* A session that dies at step 2: a child that exits holding everything
 * open. */
static void
state_crash(void)
{
	struct session		 p;
	struct statefile	*sf;
	pid_t			 pid;
	int			 status;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		state_start(&p, &sf, 0);
		play_steps(&p, 1);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

START_TEST(test_recover_after_crash)
{
	struct statefile_info	*v;
	struct strbuf		 msg = STRBUF_INIT;
	char			*dir, *md, *jl;
	FILE			*devnull;
	size_t			 n;

	state_crash();
	n = statefile_list(&v);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0].student, "이서연");
	ck_assert_str_eq(v[0].lab_id, "77-state");
	ck_assert_int_eq(v[0].n_steps, 2);
	ck_assert_int_eq(v[0].steps_done, 1);
	ck_assert_int_eq(v[0].step, 1);
	ck_assert_int_eq(strncmp(v[0].id, "session-", 8), 0);

	dir = xasprintf("%s/out", state_home);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	ck_assert_int_eq(statefile_export(&v[0], dir, &msg), 0);
	/* Two sealed files, and the session is no longer offered. */
	ck_assert_int_eq(strncmp(msg.s, "wrote ", 6), 0);
	md = xstrndup(msg.s + 6, (size_t)(strchr(msg.s, '\n') - msg.s - 6));
	jl = xasprintf("%.*s.jsonl", (int)(strlen(md) - 3), md);
	devnull = fopen("/dev/null", "w");
	ck_assert_int_eq(export_verify(md, devnull), 0);
	ck_assert_int_eq(export_verify(jl, devnull), 0);
	fclose(devnull);
	ck_assert_int_eq(access(v[0].path, F_OK), -1);
	statefile_list_free(v, n);
	ck_assert_uint_eq(statefile_list(&v), 0);
	free(md);
	free(jl);
	free(dir);
	strbuf_free(&msg);
}
END_TEST

START_TEST(test_continue_appends_once)
{
	struct statefile	*sf;
	struct slog		*log, *again;
	struct settings		 set;
	struct sim		*sim;
	char			 err[512], *path;
	size_t			 n, i;

	state_crash();
	{
		struct statefile_info	*v;

		ck_assert_uint_eq(statefile_list(&v), 1);
		path = xstrdup(v[0].path);
		statefile_list_free(v, 1);
	}
	/* Resumed: read back, then one more record. */
	settings_defaults(&set, false);
	sim = sim_new(3, 1, &set, NULL);
	ck_assert_int_eq(statefile_load(path, sim_engine(sim), &log, NULL,
	    err, sizeof err), 0);
	n = log->n;
	sf = statefile_continue(log, path, err, sizeof err);
	ck_assert_msg(sf != NULL, "%s", err);
	slog_note_export(log, "x.md x.jsonl", NULL);
	ck_assert_int_eq(statefile_load(path, NULL, &again, NULL, err,
	    sizeof err), 0);
	ck_assert_uint_eq(again->n, n + 1);
	for (i = 1; i < again->n; i++)
		ck_assert_uint_gt(again->v[i].seq, again->v[i - 1].seq);
	ck_assert_int_eq(again->v[n].type, SLOG_EXPORT);
	ck_assert_str_eq(again->meta.student, "이서연");
	slog_free(again);
	statefile_close(sf, false);
	ck_assert_int_eq(access(path, F_OK), -1);
	slog_free(log);
	sim_free(sim);
	free(path);
}
END_TEST

START_TEST(test_close_keeps_on_signal)
{
	struct statefile_info	*v;
	struct statefile	*sf;
	struct session		 p;
	char			*path;

	/* The screen ended by SIGHUP: the session stays to resume. */
	state_start(&p, &sf, 0);
	play_steps(&p, 1);
	path = xstrdup(statefile_path(sf));
	statefile_close(sf, true);
	ck_assert_int_eq(access(path, F_OK), 0);
	ck_assert_uint_eq(statefile_list(&v), 1);
	ck_assert_str_eq(v[0].path, path);
	ck_assert_int_eq(v[0].step, 1);
	statefile_list_free(v, 1);
	free(path);
	session_free(&p);
}
END_TEST

START_TEST(test_state_file_time_bounded)
{
	struct slog	*log;
	char		*path = xasprintf("%s/far.jsonl", state_home), err[512];
	static const char far[] =
	    "{\"type\":\"header\",\"format\":1,\"brokers\":3,\"seed\":1}\n"
	    "{\"seq\":1,\"t_ms\":9000000000000000000,\"type\":\"command\","
	    "\"text\":\"kill 1\"}\n";

	/* A resume would advance the clock to it: refused. */
	spit(path, far, sizeof far - 1);
	ck_assert_int_eq(statefile_load(path, NULL, &log, NULL, err,
	    sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "far.jsonl:2: t_ms is not a lab "
	    "time"));
	free(path);
}
END_TEST

START_TEST(test_live_session_not_offered)
{
	struct statefile_info	*v, one;
	struct session		 p;
	struct statefile	*sf;
	char			 err[512];

	state_start(&p, &sf, 0);
	/* This process holds it: not interrupted. */
	ck_assert_uint_eq(statefile_list(&v), 0);
	free(v);
	ck_assert_int_eq(statefile_find(strrchr(statefile_path(sf),
	    '/') + 1, &one, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "still running"));
	ck_assert_int_eq(statefile_find("../x", &one, err, sizeof err), -1);
	slog_end(p.log);
	statefile_close(sf, false);
	session_free(&p);
}
END_TEST

START_TEST(test_report_says_finished)
{
	struct session	p;
	struct strbuf	md = STRBUF_INIT;

	state_start(&p, NULL, 0);
	play_steps(&p, 1);
	report_markdown(p.log, "0.0-test", "", &md);
	ck_assert_ptr_nonnull(strstr(md.s, "(세션 진행 중, in progress) |"));
	strbuf_reset(&md);
	exec(&p, "restart 2");
	exec(&p, "wait 10s");
	ck_assert(p.r->finished);
	/* Exported before quitting (the screen's q, then e). */
	report_markdown(p.log, "0.0-test", "", &md);
	ck_assert_ptr_nonnull(strstr(md.s, "(실습 완료, finished) |"));
	ck_assert_ptr_null(strstr(md.s, "in progress) |"));
	strbuf_free(&md);
	session_free(&p);
}
END_TEST

static Suite *
journal_suite(void)
{
	Suite	*s = suite_create("journal_json");
	TCase	*tc;

	tc = tcase_create("golden");
	tcase_add_test(tc, test_golden_markdown);
	tcase_add_test(tc, test_golden_jsonl);
	tcase_add_test(tc, test_jsonl_invalid_utf8);
	suite_add_tcase(s, tc);

	tc = tcase_create("export");
	tcase_add_test(tc, test_export_and_verify);
	tcase_add_test(tc, test_export_failures);
	tcase_add_test(tc, test_report_hostile_name);
	tcase_add_test(tc, test_export_long_name);
	suite_add_tcase(s, tc);

	tc = tcase_create("replay");
	tcase_add_test(tc, test_replay_lab01);
	tcase_add_test(tc, test_replay_bad_file);
	tcase_add_loop_test(tc, test_replay_hostile, 0,
	    (int)(sizeof replay_hostile / sizeof replay_hostile[0]));
	tcase_add_test(tc, test_replay_edited_export);
	tcase_add_test(tc, test_rewind_step_start);
	suite_add_tcase(s, tc);

	tc = tcase_create("summarize");
	tcase_add_test(tc, test_summarize);
	suite_add_tcase(s, tc);

	tc = tcase_create("statefile");
	tcase_add_checked_fixture(tc, state_setup, state_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_state_file_written);
	tcase_add_test(tc, test_spill_exports_the_same);
	tcase_add_test(tc, test_recover_after_crash);
	tcase_add_test(tc, test_continue_appends_once);
	tcase_add_test(tc, test_close_keeps_on_signal);
	tcase_add_test(tc, test_state_file_time_bounded);
	tcase_add_test(tc, test_live_session_not_offered);
	tcase_add_test(tc, test_report_says_finished);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(journal_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
