/*
 * check_lab.c - Check suites for src/lab (the lab file parser, the step
 * runner) and src/console/keys, in their own runner because src/lab links
 * libcmark.  Everything runs on the simulator, single-threaded.
 */

#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/console.h"
#include "console/keys.h"
#include "lab/glossary.h"
#include "lab/lab.h"
#include "lab/labrun.h"
#include "lab/quiz.h"
#include "model/settings.h"
#include "sim/sim.h"
#include "util/xmalloc.h"

#include "labticks.h"
#include "tests.h"

static const char lab_text[] =
    "---\n"
    "id: 42-demo\n"
    "title: 데모\n"
    "title.en: Demo\n"
    "brokers: 3\n"
    "minutes: 5\n"
    "---\n"
    "Intro **굵게** and `code`.\n"
    "\n"
    "```lab setup\n"
    "kafka-topics.sh --bootstrap-server localhost:9092 --create \\\n"
    "    --topic t --partitions 1 --replication-factor 3\n"
    "```\n"
    "\n"
    "## 1. 리더 죽이기\n"
    "본문 *기울임*.\n"
    "\n"
    "```bash\n"
    "kill 1\n"
    "```\n"
    "\n"
    "```lab expect\n"
    "broker 1 down\n"
    "```\n"
    "```lab hint after=10s\n"
    "L 을 누르세요.\n"
    "```\n"
    "```lab solution\n"
    "key L\n"
    "```\n"
    "## [en] 1. Kill the leader\n"
    "Body.\n"
    "```lab hint\n"
    "Press L.\n"
    "```\n"
    "## 2. 퀴즈\n"
    "```lab quiz\n"
    "question: RF=3?\n"
    "a: 1\n"
    "b: 2\n"
    "answer: b\n"
    "```\n"
    "## [en] 2. Quiz\n"
    "```lab quiz\n"
    "question: RF=3 (en)?\n"
    "```\n"
    "## 3. 끝\n"
    "읽기만.\n";

static struct lab *
lab_must_parse(const char *text)
{
	struct strbuf	 errs = STRBUF_INIT;
	struct lab	*lab;

	if (lab_parse("demo.md", text, strlen(text), &lab, &errs) != 0)
		ck_abort_msg("parse failed: %s", strbuf_cstr(&errs));
	strbuf_free(&errs);
	return lab;
}

/* The first error line of text. */
static char *
lab_first_error(const char *text)
{
	struct strbuf	 errs = STRBUF_INIT;
	struct lab	*lab;
	char		*nl, *s;

	ck_assert_int_eq(lab_parse("bad.md", text, strlen(text), &lab,
	    &errs), -1);
	ck_assert_ptr_null(lab);
	s = strbuf_detach(&errs);
	if ((nl = strchr(s, '\n')) != NULL)
		*nl = '\0';
	return s;
}

START_TEST(test_parse_front_matter)
{
	struct lab	*lab = lab_must_parse(lab_text);

	ck_assert_str_eq(lab->id, "42-demo");
	ck_assert_str_eq(lab_str_get(&lab->title, LAB_KO), "데모");
	ck_assert_str_eq(lab_str_get(&lab->title, LAB_EN), "Demo");
	ck_assert_int_eq(lab->brokers, 3);
	ck_assert_int_eq(lab->minutes, 5);
	ck_assert_int_eq(lab_number(lab), 42);
	ck_assert_int_eq(lab->kafka, KAFKA_PROFILE_DEFAULT);
	lab_free(lab);
}
END_TEST

/* kafka: names the lab's profile, by its name or another spelling. */
START_TEST(test_parse_kafka_profile)
{
	static const struct {
		const char		*text;
		enum kafka_profile	 want;
	} cases[] = {
		{ "---\nid: 1-a\ntitle: a\nkafka: 3.7\n---\n## s\n", KAFKA_37 },
		{ "---\nid: 1-a\ntitle: a\nkafka: 4.x\n---\n## s\n", KAFKA_4 },
		{ "---\nid: 1-a\ntitle: a\nkafka: 4.1\n---\n## s\n", KAFKA_4 },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct lab	*lab = lab_must_parse(cases[i].text);

		ck_assert_int_eq(lab->kafka, cases[i].want);
		lab_free(lab);
	}
}
END_TEST

START_TEST(test_parse_steps)
{
	struct lab		*lab = lab_must_parse(lab_text);
	const struct lab_step	*st;

	ck_assert_uint_eq(lab->n_steps, 3);
	ck_assert_uint_eq(lab->n_setup, 1);
	ck_assert_str_eq(lab->setup[0].text, "kafka-topics.sh "
	    "--bootstrap-server localhost:9092 --create --topic t "
	    "--partitions 1 --replication-factor 3");
	ck_assert_int_eq(lab->setup[0].line, 11);
	st = &lab->steps[0];
	ck_assert_str_eq(st->title.ko, "리더 죽이기");
	ck_assert_str_eq(st->title.en, "Kill the leader");
	ck_assert_uint_eq(st->n_expect, 1);
	ck_assert_int_eq(st->expect[0].line, 23);
	ck_assert_uint_eq(st->n_hints, 1);
	ck_assert_str_eq(st->hints[0].text.ko, "L 을 누르세요.");
	ck_assert_str_eq(st->hints[0].text.en, "Press L.");
	ck_assert_int_eq(st->hints[0].line[LAB_KO], 25);
	ck_assert_int_eq(st->hints[0].line[LAB_EN], 33);
	ck_assert_int_eq(st->hint_after_ms, 10000);
	ck_assert_uint_eq(st->n_solution, 1);
	ck_assert_str_eq(st->solution[0].text, "key L");
	ck_assert(!lab_step_read_only(st));
	ck_assert(lab_step_read_only(&lab->steps[2]));
	lab_free(lab);
}
END_TEST

START_TEST(test_parse_text)
{
	struct lab			*lab = lab_must_parse(lab_text);
	const struct labtext		*t = &lab->intro[LAB_KO];
	const struct labtext_line	*l;

	ck_assert_uint_eq(t->n_lines, 1);
	l = &t->lines[0];
	ck_assert_int_eq(l->kind, LT_PARA);
	ck_assert_uint_eq(l->n_spans, 5);
	ck_assert_str_eq(l->spans[1].text, "굵게");
	ck_assert_uint_eq(l->spans[1].attrs, LT_BOLD);
	ck_assert_str_eq(l->spans[3].text, "code");
	ck_assert_uint_eq(l->spans[3].attrs, LT_MONO);
	/* Step 1: paragraph, blank, code line; lab blocks are not text. */
	t = lab_step_text(&lab->steps[0], LAB_KO);
	ck_assert_uint_eq(t->n_lines, 3);
	ck_assert_int_eq(t->lines[1].kind, LT_BLANK);
	ck_assert_int_eq(t->lines[2].kind, LT_CODE);
	ck_assert_str_eq(t->lines[2].spans[0].text, "kill 1");
	ck_assert_str_eq(lab_step_text(&lab->steps[0], LAB_EN)->lines[0].
	    spans[0].text, "Body.");
	lab_free(lab);
}
END_TEST

START_TEST(test_parse_quiz)
{
	struct lab		*lab = lab_must_parse(lab_text);
	const struct lab_quiz	*q = lab->steps[1].quiz;
	bool			 right;

	ck_assert_ptr_nonnull(q);
	ck_assert_uint_eq(q->n_choices, 2);
	ck_assert_int_eq(q->answer, 1);
	ck_assert_str_eq(lab_str_get(&q->question, LAB_EN), "RF=3 (en)?");
	ck_assert_int_eq(quiz_check(q, "B", &right), 0);
	ck_assert(right);
	ck_assert_int_eq(quiz_check(q, "1", &right), 0);
	ck_assert(!right);
	ck_assert_int_eq(quiz_check(q, "z", &right), -1);
	lab_free(lab);
}
END_TEST

START_TEST(test_parse_short_answer)
{
	struct lab	*lab = lab_must_parse("---\nid: 1\ntitle: x\n---\n"
	    "## q\n```lab quiz\nquestion: ISR?\nanswer: 2,3\naccept: 3,2\n"
	    "```\n");
	bool		 right;

	ck_assert_int_eq(quiz_check(lab->steps[0].quiz, " 2, 3 ", &right), 0);
	ck_assert(right);
	ck_assert_int_eq(quiz_check(lab->steps[0].quiz, "3,2", &right), 0);
	ck_assert(right);
	ck_assert_int_eq(quiz_check(lab->steps[0].quiz, "1", &right), 0);
	ck_assert(!right);
	lab_free(lab);
}
END_TEST

/* Answers as a student types them, and what they compare as. */
static const struct {
	const char	*typed;
	const char	*normal;
} quiz_forms_typed[] = {
	{ "1", "1" }, { " 1 ", "1" }, { "1개", "1" }, { "1 개", "1" },
	{ "하나", "1" }, { "한 개", "1" }, { "한개", "1" }, { "One", "1" },
	{ "１", "1" }, { "１개", "1" }, { "\xe3\x80\x80" "1", "1" },
	{ "2대", "2" }, { "두 대", "2" }, { "둘", "2" }, { "0대", "0" },
	{ "일곱", "7" }, { "10명", "10" }, { "열", "10" },
	{ "2대, 3대", "2,3" }, { "2, 3", "2,3" }, { "２，３", "2,3" },
	{ "B", "b" }, { "Ｂ", "b" }, { "ACKS = ALL", "acks=all" },
	/* Words that are numbers only before a counter stay words. */
	{ "네", "네" }, { "이", "이" }, { "한", "한" },
	{ "1개요", "1개요" }, { "개", "개" }, { "", "" },
};

START_TEST(test_quiz_normalize)
{
	char	*n = quiz_normalize(quiz_forms_typed[_i].typed);

	ck_assert_msg(strcmp(n, quiz_forms_typed[_i].normal) == 0,
	    "'%s' became '%s', not '%s'", quiz_forms_typed[_i].typed, n,
	    quiz_forms_typed[_i].normal);
	free(n);
}
END_TEST

/* Lab 11's quiz (a number) takes 1개, 1 개, 하나; a choice quiz whose
 * texts are numbers ("0대", "1대") takes a choice's text as that choice;
 * the forms sentence never gives the answer. */
START_TEST(test_quiz_answer_forms)
{
	struct lab	*lab = lab_must_parse("---\nid: 1\ntitle: x\n---\n"
	    "## q\n```lab quiz\nquestion: idle?\nanswer: 1\n```\n"
	    "## c\n```lab quiz\nquestion: how many?\na: 0대\nb: 1대\n"
	    "c: 2대\nanswer: b\n```\n");
	const struct lab_quiz	*num = lab->steps[0].quiz;
	const struct lab_quiz	*choice = lab->steps[1].quiz;
	struct strbuf	 sb = STRBUF_INIT;
	const char	*ok[] = { "1", "1개", "1 개", "하나", "１", "한 개" };
	const char	*bad[] = { "2", "1개요", "둘", "11" };
	bool		 right;
	size_t		 i;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		ck_assert_int_eq(quiz_check(num, ok[i], &right), 0);
		ck_assert_msg(right, "'%s' was not taken for 1", ok[i]);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_int_eq(quiz_check(num, bad[i], &right), 0);
		ck_assert_msg(!right, "'%s' was taken for 1", bad[i]);
	}
	ck_assert_int_eq(quiz_check(choice, "1대", &right), 0);
	ck_assert(right);
	ck_assert_int_eq(quiz_check(choice, "1 대", &right), 0);
	ck_assert(right);
	ck_assert_int_eq(quiz_check(choice, "0대", &right), 0);
	ck_assert(!right);
	ck_assert_int_eq(quiz_check(choice, "Ｂ", &right), 0);
	ck_assert(right);
	ck_assert_int_eq(quiz_check(choice, "3", &right), 0);
	ck_assert(!right);
	ck_assert_int_eq(quiz_check(choice, "5대", &right), -1);

	/* No catalog is bound here: the msgids (po/ko.po translates). */
	quiz_forms(num, &sb);
	ck_assert_ptr_nonnull(strstr(strbuf_cstr(&sb), "Type a number"));
	ck_assert_ptr_null(strstr(strbuf_cstr(&sb), "1"));
	strbuf_reset(&sb);
	quiz_forms(choice, &sb);
	ck_assert_str_eq(strbuf_cstr(&sb), "Answer with a letter a-c (A-C "
	    "and 1-3 work too, or a choice's own text).");
	strbuf_free(&sb);
	lab_free(lab);
}
END_TEST

/* Broken files: the first error, exactly. */
static const struct {
	const char	*text;
	const char	*error;
} lab_errors[] = {
	{ "## x\n", "bad.md:1:1: a lab starts with front matter: a '---' "
	  "line, then 'id:', 'title:', ... and another '---'" },
	{ "---\nid: x\ntitle: y\ncolour: red\n---\n## s\n",
	  "bad.md:4:1: unknown front matter key 'colour' (id, title, "
	  "title.en, brokers, minutes, level, racks, seed, kafka, attach, "
	  "summary, hint-after)" },
	{ "---\nid: x\ntitle: y\nattach: maybe\n---\n## s\n",
	  "bad.md:4:1: attach: expected yes or no, not 'maybe'" },
	/* attach: yes refuses what a real cluster cannot observe or do. */
	{ "---\nid: x\ntitle: y\nattach: yes\n---\n## s\n```lab expect\n"
	  "broker 1 isolated\n```\n", "bad.md:8:1: attach: yes: broker 1 "
	  "isolated: attached, isrlab cannot see which links are cut (a "
	  "broker is up, fenced or down)" },
	{ "---\nid: x\ntitle: y\nattach: yes\n---\n## s\n```lab expect\n"
	  "event-seen truncate\n```\n", "bad.md:8:1: attach: yes: "
	  "event-seen truncate: attached, isrlab observes only leader_change, "
	  "isr_shrink, isr_expand, topic_created, topic_deleted, data_loss "
	  "and note" },
	{ "---\nid: x\ntitle: y\nattach: yes\n---\n```lab setup\nkill 1\n"
	  "```\n## s\n", "bad.md:7:1: attach: yes: ```lab setup: 'kill' "
	  "would act on a real cluster (a setup may only create topics and "
	  "wait)" },
	{ "---\nid: x\ntitle: y\nattach: yes\n---\n## s\n```lab solution\n"
	  "kafka-leader-election --bootstrap-server localhost:9092 "
	  "--election-type preferred --all-topic-partitions\n```\n",
	  "bad.md:8:1: attach: yes: ```lab solution: 'kafka-leader-election' "
	  "cannot run on a real cluster (only kill, stop, start, isolate, "
	  "heal, slow and partition, as --attach-config gives them)" },
	{ "---\nid: x\ntitle: y\nkafka: 2.8\n---\n## s\n",
	  "bad.md:4:1: kafka: no Kafka profile '2.8' (zk, 3.7, 4.x)" },
	{ "---\nid: x\ntitle: y\n---\n## s\n```lab expect\nleader t/0 ?? 1\n"
	  "```\n", "bad.md:7:1: condition: expected 'leader T/P == B'" },
	{ "---\nid: x\ntitle: y\n---\n## s\n```lab expect\nbroker 1 up\n",
	  "bad.md:6:1: unclosed ```lab expect block (it runs to the end of "
	  "the file)" },
	{ "---\nid: x\ntitle: y\n---\n## s\n```lab frobnicate\n```\n",
	  "bad.md:6:1: unknown block 'lab frobnicate' (setup, expect, hint, "
	  "quiz, solution)" },
	{ "---\nid: x\ntitle: y\n---\n## s\n```lab quiz\nquestion: q\n"
	  "a: 1\nb: 2\nanswer: c\n```\n", "bad.md:10:1: lab quiz: answer 'c' "
	  "is not one of the choices' letters" },
	{ "---\nid: x\ntitle: y\n---\n```lab expect\nbroker 1 up\n```\n",
	  "bad.md:5:1: ```lab expect before the first step (a '##' "
	  "heading)" },
};

START_TEST(test_parse_errors)
{
	char	*e = lab_first_error(lab_errors[_i].text);

	ck_assert_str_eq(e, lab_errors[_i].error);
	free(e);
}
END_TEST

/* --- keys ---------------------------------------------------------------- */

static void
lab_sink(void *arg, int fd, const char *s, size_t n)
{
	(void)arg;
	(void)fd;
	(void)s;
	(void)n;
}

struct lab_fixture {
	struct sim	*sim;
	struct console	*c;
};

static void
lab_fixture_new(struct lab_fixture *f)
{
	struct settings	set;
	char		err[256];

	settings_defaults(&set, false);
	f->sim = sim_new(3, TESTS_SEED_IN_ORDER, &set, NULL);
	f->c = console_new(sim_engine(f->sim), lab_sink, NULL);
	ck_assert_int_eq(console_exec(f->c, "kafka-topics.sh "
	    "--bootstrap-server localhost:9092 --create --topic t "
	    "--partitions 2 --replication-factor 3", err, sizeof err), 0);
}

static void
lab_fixture_free(struct lab_fixture *f)
{
	console_free(f->c);
	sim_free(f->sim);
}

START_TEST(test_keys_translate)
{
	struct lab_fixture	 f;
	struct keys_sel		 sel;
	struct snapshot		 s;
	struct words		 cmds = WORDS_INIT;
	char			 err[256];
	struct engine		*e;

	lab_fixture_new(&f);
	e = sim_engine(f.sim);
	e->ops->snapshot(e, &s);
	keys_sel_init(&sel, &s);
	ck_assert_str_eq(sel.topic, "t");
	ck_assert_int_eq(keys_translate("L", &sel, &s, &cmds, err,
	    sizeof err), KEYS_COMMANDS);
	ck_assert_str_eq(cmds.v[0], "kill 1");
	ck_assert_int_eq(keys_translate("j", &sel, &s, &cmds, err,
	    sizeof err), KEYS_SELECT);
	ck_assert_int_eq(sel.partition, 1);
	ck_assert_int_eq(keys_translate("L", &sel, &s, &cmds, err,
	    sizeof err), KEYS_COMMANDS);
	ck_assert_str_eq(cmds.v[1], "kill 2");
	ck_assert_int_eq(keys_translate("3", &sel, &s, &cmds, err,
	    sizeof err), KEYS_SELECT);
	ck_assert_int_eq(keys_translate("x", &sel, &s, &cmds, err,
	    sizeof err), KEYS_COMMANDS);
	ck_assert_str_eq(cmds.v[2], "kill 3");
	ck_assert_int_eq(keys_translate("a", &sel, &s, &cmds, err,
	    sizeof err), KEYS_SELECT);
	ck_assert_int_eq(keys_translate("p", &sel, &s, &cmds, err,
	    sizeof err), KEYS_COMMANDS);
	ck_assert_str_eq(cmds.v[3], "produce t --partition 1 --acks 1");
	ck_assert_int_eq(keys_translate("h", &sel, &s, &cmds, err,
	    sizeof err), KEYS_COMMANDS);
	ck_assert_str_eq(cmds.v[4], "heal");
	ck_assert_int_eq(keys_translate("7", &sel, &s, &cmds, err,
	    sizeof err), -1);
	ck_assert_str_eq(err, "7: there is no broker 7 (brokers are 1-3)");
	ck_assert_int_eq(keys_translate("n", &sel, &s, &cmds, err,
	    sizeof err), KEYS_LAB);
	ck_assert_int_eq(keys_translate("?", &sel, &s, &cmds, err,
	    sizeof err), KEYS_SCREEN);
	snapshot_free(&s);
	words_free(&cmds);
	lab_fixture_free(&f);
}
END_TEST

START_TEST(test_keys_press)
{
	struct lab_fixture	 f;
	struct keys_sel		 sel;
	struct snapshot		 s;
	char			 err[256];
	struct engine		*e;
	struct words		 w = WORDS_INIT;

	lab_fixture_new(&f);
	e = sim_engine(f.sim);
	e->ops->snapshot(e, &s);
	keys_sel_init(&sel, &s);
	snapshot_free(&s);
	ck_assert_int_eq(keys_press(f.c, "L", &sel, err, sizeof err),
	    KEYS_COMMANDS);
	ck_assert(console_key_pressed(f.c, "L"));
	words_add(&w, "kill");
	words_add(&w, "1");
	ck_assert(console_ran(f.c, &w));
	words_free(&w);
	lab_fixture_free(&f);
}
END_TEST

/* --- the runner ---------------------------------------------------------- */

static unsigned
lab_poll(struct labrun *r, struct engine *e)
{
	struct snapshot	s;
	char		err[256] = "";
	unsigned	f;

	e->ops->snapshot(e, &s);
	f = labrun_poll(r, &s, err, sizeof err);
	snapshot_free(&s);
	ck_assert_str_eq(err, "");
	return f;
}

START_TEST(test_runner)
{
	struct lab	*lab = lab_must_parse(lab_text);
	struct settings	 set;
	struct sim	*sim;
	struct console	*c;
	struct labrun	*r;
	struct engine	*e;
	struct keys_sel	 sel;
	char		 err[256] = "";
	bool		 right;

	settings_defaults(&set, false);
	sim = sim_new(3, TESTS_SEED_IN_ORDER, &set, NULL);
	e = sim_engine(sim);
	c = console_new(e, lab_sink, NULL);
	r = labrun_new(lab, c, LAB_KO);
	ck_assert_int_eq(labrun_start(r, err, sizeof err), 0);
	ck_assert_uint_eq(r->cur, 0);
	ck_assert_uint_eq(lab_poll(r, e) & LABRUN_DONE, 0);
	ck_assert(!r->st[0].met[0]);
	/* n does not pass a step with expectations. */
	ck_assert_int_eq(labrun_next(r, err, sizeof err), 0);
	memset(&sel, 0, sizeof sel);
	snprintf(sel.topic, sizeof sel.topic, "t");
	ck_assert_int_eq(keys_press(c, "L", &sel, err, sizeof err),
	    KEYS_COMMANDS);
	ck_assert(lab_poll(r, e) & LABRUN_DONE);
	ck_assert_uint_eq(r->cur, 1);
	ck_assert(r->st[0].done);
	ck_assert_int_eq(r->st[0].faults, 1);
	/* The quiz: wrong, then right. */
	ck_assert_int_eq(labrun_answer(r, "a", &right, err, sizeof err), 0);
	ck_assert(!right);
	ck_assert_uint_eq(lab_poll(r, e) & LABRUN_DONE, 0);
	ck_assert_int_eq(labrun_answer(r, "b", &right, err, sizeof err), 0);
	ck_assert(right);
	ck_assert(lab_poll(r, e) & LABRUN_DONE);
	ck_assert(!r->st[1].quiz_first_right);
	ck_assert_int_eq(r->st[1].quiz_tries, 2);
	/* Back shows step 2 again; next returns; the read-only step waits. */
	ck_assert_int_eq(labrun_back(r), LABRUN_ENTERED);
	ck_assert_uint_eq(r->cur, 1);
	ck_assert_int_eq(labrun_next(r, err, sizeof err), LABRUN_ENTERED);
	ck_assert_uint_eq(lab_poll(r, e) & LABRUN_DONE, 0);
	ck_assert(labrun_next(r, err, sizeof err) & LABRUN_FINISHED);
	ck_assert(r->finished);
	ck_assert_uint_eq(labrun_done_count(r), 3);
	labrun_free(r);
	console_free(c);
	sim_free(sim);
	lab_free(lab);
}
END_TEST

/* --- hint levels, both languages, the glossary ------------------------- */

/* A step with three hint levels; the English ones in its [en] section
 * in the same order (the last written as `lab hint.en`). */
static const char lab_levels[] =
    "---\nid: 43-levels\ntitle: 단계\ntitle.en: Levels\n---\n"
    "소개.\n"
    "## [en]\n"
    "Intro.\n"
    "## 1. 죽이기\n"
    "본문.\n"
    "```bash\nkill 1\n```\n"
    "```lab expect\nbroker 1 down\n```\n"
    "```lab hint after=5s\n리더를 멈추면 된다.\n```\n"
    "```lab hint\nL 키가 리더를 강제 종료한다.\n```\n"
    "```lab hint\n: 를 누르고 kill 1 을 입력한다.\n```\n"
    "## [en] 1. Kill\n"
    "Body.\n"
    "```bash\nkill 1\n```\n"
    "```lab hint\nStop the leader.\n```\n"
    "```lab hint\nL crashes the leader.\n```\n"
    "```lab hint.en\nPress :, type kill 1.\n```\n";

struct lab_hint_log {
	size_t	n;
	size_t	level[8];
	bool	by_delay[8];
};

static void
lab_hint_observer(void *arg, const struct labrun_obs *o)
{
	struct lab_hint_log	*log = arg;

	if (o->kind != LABRUN_OBS_HINT || log->n == 8)
		return;
	ck_assert_uint_eq(o->levels, 3);
	log->level[log->n] = o->level;
	log->by_delay[log->n++] = o->by_delay;
}

START_TEST(test_hint_levels_parse)
{
	struct lab		*lab = lab_must_parse(lab_levels);
	const struct lab_step	*st = &lab->steps[0];
	struct strbuf		 errs = STRBUF_INIT;

	ck_assert_uint_eq(st->n_hints, 3);
	ck_assert_str_eq(lab_hint_get(st, 1, LAB_KO), "리더를 멈추면 된다.");
	ck_assert_str_eq(lab_hint_get(st, 2, LAB_EN), "L crashes the leader.");
	ck_assert_str_eq(lab_hint_get(st, 3, LAB_KO),
	    ": 를 누르고 kill 1 을 입력한다.");
	ck_assert_str_eq(lab_hint_get(st, 3, LAB_EN), "Press :, type kill 1.");
	ck_assert_ptr_null(lab_hint_get(st, 0, LAB_KO));
	ck_assert_ptr_null(lab_hint_get(st, 4, LAB_KO));
	ck_assert_int_eq(st->hint_after_ms, 5000);
	ck_assert_int_eq(st->n_code[LAB_KO], 1);
	ck_assert_int_eq(st->n_code[LAB_EN], 1);
	ck_assert_int_eq(lab_check_languages(lab, &errs), 0);
	ck_assert_str_eq(strbuf_cstr(&errs), "");
	strbuf_free(&errs);
	lab_free(lab);
}
END_TEST

/* t shows levels 1, 2, 3 in turn, then the last again; the first also
 * comes by itself after its delay; the observer hears of each once. */
START_TEST(test_hint_levels_run)
{
	struct lab		*lab = lab_must_parse(lab_levels);
	struct settings		 set;
	struct sim		*sim;
	struct console		*c;
	struct labrun		*r;
	struct engine		*e;
	struct lab_hint_log	 log;
	char			 err[256] = "";
	size_t			 level, levels;

	memset(&log, 0, sizeof log);
	settings_defaults(&set, false);
	sim = sim_new(3, TESTS_SEED_IN_ORDER, &set, NULL);
	e = sim_engine(sim);
	c = console_new(e, lab_sink, NULL);
	r = labrun_new(lab, c, LAB_EN);
	labrun_set_observer(r, lab_hint_observer, &log);
	ck_assert_int_eq(labrun_start(r, err, sizeof err), 0);
	ck_assert_ptr_null(labrun_hint_current(r, &level, &levels));
	ck_assert_uint_eq(lab_poll(r, e) & LABRUN_HINT, 0);
	e->ops->advance(e, 6000);
	ck_assert(lab_poll(r, e) & LABRUN_HINT);
	ck_assert_str_eq(labrun_hint_current(r, &level, &levels),
	    "Stop the leader.");
	ck_assert_uint_eq(level, 1);
	ck_assert_uint_eq(levels, 3);
	ck_assert_str_eq(labrun_hint_show(r), "L crashes the leader.");
	ck_assert_str_eq(labrun_hint_show(r), "Press :, type kill 1.");
	ck_assert_str_eq(labrun_hint_show(r), "Press :, type kill 1.");
	ck_assert_str_eq(labrun_hint_current(r, &level, &levels),
	    "Press :, type kill 1.");
	ck_assert_uint_eq(level, 3);
	ck_assert_uint_eq(log.n, 3);
	ck_assert(log.by_delay[0] && !log.by_delay[1] && !log.by_delay[2]);
	ck_assert_uint_eq(log.level[0], 1);
	ck_assert_uint_eq(log.level[2], 3);
	labrun_free(r);
	console_free(c);
	sim_free(sim);
	lab_free(lab);
}
END_TEST

/* What --check-lab says about a lab whose languages differ. */
static const struct {
	const char	*text;
	const char	*error;		/* the first line */
} lab_lang_errors[] = {
	{ "---\nid: x\ntitle: y\ntitle.en: Y\n---\n## 1. s\n본문.\n"
	  "```lab hint\n힌트.\n```\n",
	  "bad.md:6:1: step 1 has no English section (a '## [en] 1. Title' "
	  "heading after it)" },
	{ "---\nid: x\ntitle: y\ntitle.en: Y\n---\n## 1. s\n본문.\n"
	  "## [en] 1. S\nText.\n",
	  "bad.md:6:1: step 1 has no hint (a ```lab hint block per level, in "
	  "the step and in its English section)" },
	{ "---\nid: x\ntitle: y\ntitle.en: Y\n---\n## 1. s\n본문.\n"
	  "```bash\nkill 1\n```\n```lab hint\n힌트.\n```\n"
	  "## [en] 1. S\nText.\n```lab hint\nHint.\n```\n",
	  "bad.md:14:1: step 1: 1 code block(s) in Korean but 0 in English" },
	{ "---\nid: x\ntitle: y\ntitle.en: Y\n---\n## 1. s\n본문.\n"
	  "```lab hint\n힌트.\n```\n```lab hint\n더 자세히.\n```\n"
	  "## [en] 1. S\nText.\n```lab hint\nHint.\n```\n",
	  "bad.md:11:1: step 1: hint 2 has no English (hint 2 of the [en] "
	  "section)" },
	{ "---\nid: x\ntitle: y\n---\n## 1. s\n본문.\n```lab hint\n힌트.\n"
	  "```\n## [en] 1. S\nText.\n```lab hint\nHint.\n```\n",
	  "bad.md:1:1: front matter: 'title:' has no 'title.en:'" },
	{ "---\nid: x\ntitle: y\ntitle.en: Y\n---\n## 1. s\n"
	  "```lab quiz\nquestion: 몇 개?\nquestion.en: How many?\n"
	  "a: 한 개\nb: 두 개\nb.en: two\nanswer: b\n```\n"
	  "```lab hint\n힌트.\n```\n"
	  "## [en] 1. S\n```lab hint\nHint.\n```\n",
	  "bad.md:7:1: step 1: quiz choice a has no a.en" },
	{ "---\nid: x\ntitle: y\ntitle.en: Y\n---\n소개.\n## 1. s\n본문.\n"
	  "```lab hint\n힌트.\n```\n## [en] 1. S\nText.\n```lab hint\n"
	  "Hint.\n```\n",
	  "bad.md:6:1: the introduction has no English (a '## [en]' section "
	  "before the first step)" },
};

START_TEST(test_check_languages)
{
	struct lab	*lab = lab_must_parse(lab_lang_errors[_i].text);
	struct strbuf	 errs = STRBUF_INIT;
	char		*s, *nl;

	free(lab->path);
	lab->path = xstrdup("bad.md");
	ck_assert_int_ge(lab_check_languages(lab, &errs), 1);
	s = strbuf_detach(&errs);
	if ((nl = strchr(s, '\n')) != NULL)
		*nl = '\0';
	ck_assert_str_eq(s, lab_lang_errors[_i].error);
	free(s);
	lab_free(lab);
}
END_TEST

START_TEST(test_glossary)
{
	static const char gloss[] =
	    "# 용어\n\n"
	    "| 개념 | isrlab 용어 | English | 피할 말 |\n"
	    "|---|---|---|---|\n"
	    "| RF | **복제 계수** | replication factor | `복제 팩터`, "
	    "`복제 인자` |\n"
	    "| fencing | 펜싱 | fencing | `펜스` |\n";
	static const char text[] =
	    "---\nid: x\ntitle: 복제 팩터\n---\n"	/* 3: warned */
	    "복제 계수는 3이다.\n"			/* 5: fine */
	    "`복제 팩터` 는 코드다.\n"		/* 6: inline code */
	    "```text\n복제 팩터\n```\n"		/* 8: plain code */
	    "```lab hint\n브로커를 펜스한다.\n```\n"	/* 11: warned */
	    "복제 인자와 펜스.\n";			/* 13: two */
	struct glossary	 g;
	struct strbuf	 out = STRBUF_INIT;

	glossary_parse(&g, "G.md", gloss, strlen(gloss));
	ck_assert_uint_eq(g.n, 3);
	ck_assert_str_eq(g.v[0].avoid, "복제 팩터");
	ck_assert_str_eq(g.v[1].use, "복제 계수");
	ck_assert_int_eq(g.v[2].line, 6);
	ck_assert_int_eq(glossary_scan(&g, "x.md", text, strlen(text), &out),
	    4);
	ck_assert_str_eq(strbuf_cstr(&out),
	    "x.md:3: warning: '복제 팩터' is not isrlab's term: use "
	    "'복제 계수' (G.md:5)\n"
	    "x.md:11: warning: '펜스' is not isrlab's term: use '펜싱' "
	    "(G.md:6)\n"
	    "x.md:13: warning: '복제 인자' is not isrlab's term: use "
	    "'복제 계수' (G.md:5)\n"
	    "x.md:13: warning: '펜스' is not isrlab's term: use '펜싱' "
	    "(G.md:6)\n");
	strbuf_free(&out);
	glossary_free(&g);
}
END_TEST

static Suite *
suite_lab(void)
{
	Suite	*s = suite_create("lab");
	TCase	*tc;

	tc = tcase_create("parse");
	tcase_add_test(tc, test_parse_front_matter);
	tcase_add_test(tc, test_parse_kafka_profile);
	tcase_add_test(tc, test_parse_steps);
	tcase_add_test(tc, test_parse_text);
	tcase_add_test(tc, test_parse_quiz);
	tcase_add_test(tc, test_parse_short_answer);
	tcase_add_loop_test(tc, test_quiz_normalize, 0,
	    sizeof quiz_forms_typed / sizeof quiz_forms_typed[0]);
	tcase_add_test(tc, test_quiz_answer_forms);
	tcase_add_loop_test(tc, test_parse_errors, 0,
	    sizeof lab_errors / sizeof lab_errors[0]);
	suite_add_tcase(s, tc);
	tc = tcase_create("languages");
	tcase_add_test(tc, test_hint_levels_parse);
	tcase_add_loop_test(tc, test_check_languages, 0,
	    sizeof lab_lang_errors / sizeof lab_lang_errors[0]);
	tcase_add_test(tc, test_glossary);
	suite_add_tcase(s, tc);
	tc = tcase_create("keys");
	tcase_add_test(tc, test_keys_translate);
	tcase_add_test(tc, test_keys_press);
	suite_add_tcase(s, tc);
	tc = tcase_create("runner");
	tcase_add_test(tc, test_runner);
	tcase_add_test(tc, test_hint_levels_run);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, labticks_tcase());
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(suite_lab());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
