/*
 * check_statefile.c - the per-user state file (src/journal/statefile.c)
 * and the journal's memory bound, in a runner of their own (they link
 * jansson and src/lab).
 *
 * A session on the simulator with a fixed wall clock writes its state
 * file; what is read back must export byte for byte as the live journal
 * does.  A journal whose memory bound forces it to release records to its
 * state file must export exactly as one that kept everything.  A session
 * that died (a child process that exits without closing anything) is
 * listed and exported by --recover's code, and is gone afterwards.
 */

#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "console/console.h"
#include "journal/export.h"
#include "journal/report.h"
#include "journal/slog.h"
#include "journal/statefile.h"
#include "lab/lab.h"
#include "lab/labrun.h"
#include "model/settings.h"
#include "sim/sim.h"
#include "util/xmalloc.h"

#define T0 1767225600000LL	/* 2026-01-01T00:00:00Z */

static int64_t
tick_clock(void *arg)
{
	int64_t	*t = arg;

	return *t += 250;
}

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

/* One lab session on the simulator, journaled. */
struct play {
	struct lab	 *lab;
	struct sim	 *sim;
	struct engine	 *e;
	struct console	 *c;
	struct labrun	 *r;
	struct slog	 *log;
	struct statefile *sf;
	int64_t		  wall;
};

static void
play_poll(struct play *p)
{
	struct snapshot	snap;
	char		err[256] = "";

	p->e->ops->snapshot(p->e, &snap);
	labrun_poll(p->r, &snap, err, sizeof err);
	snapshot_free(&snap);
	ck_assert_str_eq(err, "");
}

static void
play_line(struct play *p, const char *line)
{
	char	err[256];

	ck_assert_msg(console_exec(p->c, line, err, sizeof err) >= 0, "%s: %s",
	    line, err);
	play_poll(p);
}

/* Start the lab; with_state: a state file in $XDG_STATE_HOME. */
static void
play_start(struct play *p, bool with_state, size_t mem_max)
{
	struct strbuf	errs = STRBUF_INIT;
	struct settings	set;
	char		err[512];

	memset(p, 0, sizeof *p);
	ck_assert_msg(lab_parse("state.md", two_step_lab,
	    sizeof two_step_lab - 1, &p->lab, &errs) == 0, "%s",
	    strbuf_cstr(&errs));
	strbuf_free(&errs);
	settings_defaults(&set, false);
	p->sim = sim_new(3, p->lab->seed, &set, NULL);
	p->e = sim_engine(p->sim);
	p->c = console_new(p->e, NULL, NULL);
	p->r = labrun_new(p->lab, p->c, LAB_KO);
	p->wall = T0;
	p->log = slog_new(p->e, 0, tick_clock, &p->wall);
	if (mem_max > 0)
		p->log->mem_max = mem_max;
	slog_set_cluster(p->log, p->lab->seed, 3, NULL, false);
	slog_set_student(p->log, "이서연");
	export_attach(p->log, p->c, p->r);
	if (with_state) {
		p->sf = statefile_start(p->log, err, sizeof err);
		ck_assert_msg(p->sf != NULL, "%s", err);
	}
	ck_assert_int_eq(labrun_start(p->r, err, sizeof err), 0);
}

/* `loops` rounds of traffic and faults, broker 2 down (step 2). */
static void
play_traffic(struct play *p, int loops)
{
	int	i;

	for (i = 0; i < loops; i++) {
		play_line(p, "produce s --count 3 --acks 1 v");
		play_line(p, "isolate 3");
		play_line(p, "wait 7s");
		play_line(p, "heal");
		play_line(p, "wait 5s");
		play_line(p, "describe");
	}
	ck_assert_uint_eq(p->r->front, 1);
}

/* Step 1 done, then traffic in step 2. */
static void
play_steps(struct play *p, int loops)
{
	play_line(p, "kill 2");
	play_traffic(p, loops);
}

static void
play_free(struct play *p)
{
	labrun_set_observer(p->r, NULL, NULL);
	slog_free(p->log);
	labrun_free(p->r);
	console_free(p->c);
	sim_free(p->sim);
	lab_free(p->lab);
}

/* The JSON Lines export of log (with the cluster's describe). */
static char *
play_jsonl(struct play *p, const struct slog *log)
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
	struct play	 p;
	struct slog	*back;
	struct stat	 st;
	char		 err[512], *live, *read, *dir;

	play_start(&p, true, 0);
	play_steps(&p, 2);
	/* 0700 directory, 0600 file, in $XDG_STATE_HOME/isrlab. */
	dir = xasprintf("%s/isrlab", state_home);
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	ck_assert_int_eq(strncmp(statefile_path(p.sf), dir, strlen(dir)), 0);
	ck_assert_int_eq(stat(statefile_path(p.sf), &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	/* Everything so far is in the file: it reads back to the same
	 * export, header facts included. */
	ck_assert_int_eq(statefile_load(statefile_path(p.sf), NULL, &back,
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
		char	*path = xstrdup(statefile_path(p.sf));

		slog_end(p.log);
		statefile_close(p.sf);
		ck_assert_int_eq(access(path, F_OK), -1);
		free(path);
	}
	free(dir);
	play_free(&p);
}
END_TEST

START_TEST(test_spill_exports_the_same)
{
	struct play	 kept, spilled;
	struct slog	*full;
	char		 err[512], *a, *b;
	size_t		 most = 0;
	int		 i;

	/* Same seed, same clock, same inputs: one keeps everything, the
	 * other may hold 16 kB of records in memory. */
	play_start(&kept, false, 0);
	play_start(&spilled, true, 16384);
	play_line(&kept, "kill 2");
	play_line(&spilled, "kill 2");
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
	statefile_close(spilled.sf);
	play_free(&kept);
	play_free(&spilled);
}
END_TEST

START_TEST(test_recover_after_crash)
{
	struct statefile_info	*v;
	struct strbuf		 msg = STRBUF_INIT;
	struct play		 p;
	pid_t			 pid;
	char			*dir, *md, *jl;
	FILE			*devnull;
	size_t			 n;
	int			 status;

	/* The session dies: the child exits holding everything open. */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		play_start(&p, true, 0);
		play_steps(&p, 1);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);

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
	struct play		 p;
	pid_t			 pid;
	char			 err[512], *path;
	size_t			 n, i;
	int			 status;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		play_start(&p, true, 0);
		play_steps(&p, 1);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
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
	statefile_close(sf);
	ck_assert_int_eq(access(path, F_OK), -1);
	slog_free(log);
	sim_free(sim);
	free(path);
}
END_TEST

START_TEST(test_live_session_not_offered)
{
	struct statefile_info	*v, one;
	struct play		 p;
	char			 err[512];

	play_start(&p, true, 0);
	/* This process holds it: not interrupted. */
	ck_assert_uint_eq(statefile_list(&v), 0);
	free(v);
	ck_assert_int_eq(statefile_find(strrchr(statefile_path(p.sf),
	    '/') + 1, &one, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "still running"));
	ck_assert_int_eq(statefile_find("../x", &one, err, sizeof err), -1);
	slog_end(p.log);
	statefile_close(p.sf);
	play_free(&p);
}
END_TEST

START_TEST(test_report_says_finished)
{
	struct play	p;
	struct strbuf	md = STRBUF_INIT;

	play_start(&p, false, 0);
	play_steps(&p, 1);
	report_markdown(p.log, "0.0-test", "", &md);
	ck_assert_ptr_nonnull(strstr(md.s, "(세션 진행 중, in progress) |"));
	strbuf_reset(&md);
	play_line(&p, "restart 2");
	play_line(&p, "wait 10s");
	ck_assert(p.r->finished);
	/* Exported before quitting (the screen's q, then e). */
	report_markdown(p.log, "0.0-test", "", &md);
	ck_assert_ptr_nonnull(strstr(md.s, "(실습 완료, finished) |"));
	ck_assert_ptr_null(strstr(md.s, "in progress) |"));
	strbuf_free(&md);
	play_free(&p);
}
END_TEST

static Suite *
statefile_suite(void)
{
	Suite	*s = suite_create("statefile");
	TCase	*tc = tcase_create("statefile");

	tcase_add_checked_fixture(tc, state_setup, state_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_state_file_written);
	tcase_add_test(tc, test_spill_exports_the_same);
	tcase_add_test(tc, test_recover_after_crash);
	tcase_add_test(tc, test_continue_appends_once);
	tcase_add_test(tc, test_live_session_not_offered);
	tcase_add_test(tc, test_report_says_finished);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(statefile_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
