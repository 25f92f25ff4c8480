/*
 * test_tui_layout.c - unit tests for the TUI's curses-free half:
 * src/tui/layout.c (cells, rows, bars, countdowns, event lines, fitting,
 * the key bar and the key table it reads), src/tui/lineedit.c,
 * src/tui/complete.c, src/tui/labview.c (the lab pane's wrapping,
 * checklist and rows) and src/tui/mode.c (the stack of input modes).
 *
 * Snapshots here are built by hand (three brokers, one partition), so the
 * tests say exactly which fields a row depends on and need no engine.
 * Widths are checked with util/utf8.h, which gives the same answers in
 * the C locale the runner uses as in a UTF-8 one.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "tui/complete.h"
#include "tui/labview.h"
#include "tui/layout.h"
#include "tui/lineedit.h"
#include "tui/mode.h"
#include "tui/tui-int.h"
#include "util/i18n.h"
#include "util/utf8.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* A cluster of three running brokers and email.send-0 on 1,2,3. */
struct fixture {
	struct snapshot		s;
	struct snap_partition	p;
	struct partition_reg	reg;
};

static void
fixture_init(struct fixture *f)
{
	int	b;

	memset(f, 0, sizeof *f);
	f->s.now = 42300;
	f->s.n_brokers = 3;
	links_init(&f->s.links);
	for (b = 1; b <= 3; b++) {
		f->s.brokers[b].state = BROKER_RUNNING;
		f->p.replicas[b].present = true;
		f->p.replicas[b].leo = 1042;
		f->p.replicas[b].caught_up_ms = 42200;
		f->reg.replicas[b - 1] = b;
		f->reg.isr[b - 1] = b;
	}
	f->s.brokers[1].leader_count = 1;
	f->reg.n_replicas = f->reg.n_isr = 3;
	f->reg.leader = 1;
	f->reg.leader_epoch = 0;
	f->p.topic = "email.send";
	f->p.partition = 0;
	f->p.reg = &f->reg;
	f->p.hw = 1042;
	f->p.leader_leo = 1042;
	f->s.parts = &f->p;
	f->s.n_parts = 1;
}

/* --- Glyphs, bars, time ---------------------------------------------------- */

START_TEST(test_lag_bar)
{
	static const struct { int64_t lag; int level; } cases[] = {
		{ 0, -1 }, { 1, 0 }, { 2, 1 }, { 3, 1 }, { 4, 2 }, { 7, 2 },
		{ 8, 3 }, { 64, 6 }, { 127, 6 }, { 128, 7 }, { 100000, 7 },
	};
	const struct layout_glyphs	*g = layout_glyphs(true);
	const struct layout_glyphs	*a = layout_glyphs(false);
	size_t				 i;

	for (i = 0; i < nitems(cases); i++) {
		const char *want = cases[i].level < 0 ? "" :
		    g->bars[cases[i].level];

		ck_assert_str_eq(layout_lag_bar(cases[i].lag, g), want);
		ck_assert_int_eq(utf8_width(layout_lag_bar(cases[i].lag, a)),
		    cases[i].level < 0 ? 0 : 1);
	}
}
END_TEST

START_TEST(test_time_left)
{
	static const struct { int64_t now, caught, max, want; } cases[] = {
		{ 10000, -1, 6000, -1 },	/* no caught-up time */
		{ 10000, 9800, 6000, -1 },	/* caught up 200 ms ago */
		{ 10000, 9500, 6000, 5500 },	/* 500 ms behind */
		{ 10000, 5900, 6000, 1900 },
		{ 10000, 4000, 6000, 0 },	/* due now */
		{ 10000, 1000, 6000, 0 },	/* overdue: clamped */
	};
	size_t	i;

	for (i = 0; i < nitems(cases); i++)
		ck_assert_int_eq(layout_time_left(cases[i].now,
		    cases[i].caught, cases[i].max), cases[i].want);
}
END_TEST

START_TEST(test_seconds)
{
	char	buf[16];

	layout_seconds(4150, buf, sizeof buf);
	ck_assert_str_eq(buf, "4.1s");
	layout_seconds(0, buf, sizeof buf);
	ck_assert_str_eq(buf, "0.0s");
	layout_seconds(-5, buf, sizeof buf);
	ck_assert_str_eq(buf, "0.0s");
	layout_seconds(61999, buf, sizeof buf);
	ck_assert_str_eq(buf, "61.9s");
}
END_TEST

START_TEST(test_speed_step)
{
	ck_assert(layout_speed_step(1, 1) == 2);
	ck_assert(layout_speed_step(1, -1) == 0.5);
	ck_assert(layout_speed_step(50, 1) == 50);
	ck_assert(layout_speed_step(0.1, -1) == 0.1);
	ck_assert(layout_speed_step(3, 1) == 5);
	ck_assert(layout_speed_step(3, -1) == 2);
}
END_TEST

/* --- Brokers ------------------------------------------------------------- */

START_TEST(test_broker_cell)
{
	struct fixture			 f;
	const struct layout_glyphs	*g = layout_glyphs(true);
	char				 buf[160];

	fixture_init(&f);
	layout_broker_cell(&f.s, 1, g, buf, sizeof buf);
	ck_assert_str_eq(buf, "[1] \u25cf UP  localhost:9092  L1");
	layout_broker_cell(&f.s, 2, g, buf, sizeof buf);
	ck_assert_str_eq(buf, "[2] \u25cf UP  localhost:19092");

	f.s.brokers[1].state = BROKER_DOWN;
	layout_broker_cell(&f.s, 1, layout_glyphs(false), buf, sizeof buf);
	ck_assert_str_eq(buf, "[1] X DOWN  localhost:9092");

	f.s.brokers[2].fenced = true;
	ck_assert_int_eq(layout_broker_state(&f.s, 2), LB_FENCED);
	links_isolate(&f.s.links, 3, 3, false);
	ck_assert_int_eq(layout_broker_state(&f.s, 3), LB_ISOLATED);
	ck_assert(!layout_broker_split(&f.s, 3));
	ck_assert(!layout_broker_split(&f.s, 1));	/* only cut from 3 */
	f.s.brokers[3].state = BROKER_STOPPING;
	ck_assert_int_eq(layout_broker_state(&f.s, 3), LB_STOPPING);

	links_init(&f.s.links);
	links_cut(&f.s.links, 2, 3);
	ck_assert(layout_broker_split(&f.s, 2));
	layout_broker_cell(&f.s, 2, g, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, g->split));

	snprintf(f.s.brokers[2].rack, sizeof f.s.brokers[2].rack, "a");
	layout_broker_cell(&f.s, 2, g, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "rack a"));
}
END_TEST

START_TEST(test_broker_ports)
{
	static const struct { int b; const char *port; } cases[] = {
		{ 1, ":9092" }, { 2, ":19092" }, { 3, ":29092" },
		{ 6, ":59092" }, { 7, ":9097" }, { 9, ":9099" },
	};
	struct snapshot	s;
	char		buf[160];
	size_t		i;

	memset(&s, 0, sizeof s);
	s.n_brokers = 9;
	links_init(&s.links);
	for (i = 0; i < nitems(cases); i++) {
		s.brokers[cases[i].b].state = BROKER_RUNNING;
		layout_broker_cell(&s, cases[i].b, layout_glyphs(false), buf,
		    sizeof buf);
		ck_assert_msg(strstr(buf, cases[i].port) != NULL, "%s", buf);
	}
}
END_TEST

/* --- The partition row --------------------------------------------------- */

START_TEST(test_row_healthy)
{
	struct fixture		f;
	struct layout_prow	r;
	struct layout_cols	c;
	char			buf[512];

	fixture_init(&f);
	layout_partition_row(&f.s, &f.p, 6000, layout_glyphs(true), &r);
	ck_assert_str_eq(r.topic, "email.send");
	ck_assert_str_eq(r.part, "0");
	ck_assert_str_eq(r.leader, "1 (0)");
	ck_assert_str_eq(r.replicas, "1,2,3");
	ck_assert_str_eq(r.isr, "1,2,3");
	ck_assert_str_eq(r.oos, "");
	ck_assert_str_eq(r.hw, "1042");
	ck_assert(!r.urp && !r.offline && !r.leaderless && !r.not_preferred);
	ck_assert_int_eq(r.n_rep, 3);
	ck_assert_str_eq(r.rep[0], "1*:1042");
	ck_assert_int_eq(r.rkind[0], LR_LEADER);
	ck_assert_str_eq(r.rep[1], "2:1042");
	ck_assert_int_eq(r.rkind[1], LR_INSYNC);

	layout_columns(&f.s, &c);
	layout_table_header(&c, buf, sizeof buf);
	ck_assert_str_eq(buf, "TOPIC       P  LEADER(ep)  REPLICAS  ISR    "
	    "OOS  HW    LEO / LAG per replica");
	layout_row_text(&r, &c, buf, sizeof buf);
	ck_assert_str_eq(buf, "email.send  0  1 (0)       1,2,3     1,2,3  "
	    "     1042  ");
}
END_TEST

START_TEST(test_row_after_crash)
{
	struct fixture		f;
	struct layout_prow	r;

	fixture_init(&f);
	f.s.brokers[1].state = BROKER_DOWN;
	f.reg.leader = 2;
	f.reg.leader_epoch = 1;
	f.reg.isr[0] = 2;
	f.reg.isr[1] = 3;
	f.reg.n_isr = 2;
	layout_partition_row(&f.s, &f.p, 6000, layout_glyphs(true), &r);
	ck_assert_str_eq(r.leader, "2 (1)");
	ck_assert_str_eq(r.isr, "2,3");
	ck_assert_str_eq(r.oos, "1");
	ck_assert(r.urp && !r.offline && r.not_preferred);
	ck_assert_str_eq(r.rep[0], "1*:\u2716");
	ck_assert_int_eq(r.rkind[0], LR_DOWN);
	ck_assert_int_eq(r.rkind[1], LR_LEADER);
}
END_TEST

START_TEST(test_row_lagging_and_offline)
{
	struct fixture		f;
	struct layout_prow	r;

	fixture_init(&f);
	/* 3 is 2 records behind and last caught up 1.9 s ago: 4.1 s left. */
	f.p.replicas[3].leo = 1040;
	f.p.replicas[3].caught_up_ms = 42300 - 1900;
	layout_partition_row(&f.s, &f.p, 6000, layout_glyphs(true), &r);
	ck_assert_str_eq(r.rep[2], "3:1040 \u2582" "2 4.1s left");
	ck_assert_int_eq(r.rkind[2], LR_LAGGING);

	/* Out of the ISR: lag but no countdown. */
	f.reg.n_isr = 2;
	layout_partition_row(&f.s, &f.p, 6000, layout_glyphs(false), &r);
	ck_assert_str_eq(r.rep[2], "3:1040 .2");
	ck_assert_int_eq(r.rkind[2], LR_OOS);
	ck_assert_str_eq(r.oos, "3");

	/* Leaderless. */
	f.reg.leader = ISR_NO_LEADER;
	f.reg.leader_epoch = 3;
	f.p.hw = -1;
	f.p.leader_leo = -1;
	layout_partition_row(&f.s, &f.p, 6000, layout_glyphs(false), &r);
	ck_assert_str_eq(r.leader, "none (3)");
	ck_assert_str_eq(r.hw, "-");
	ck_assert(r.leaderless && r.offline);
}
END_TEST

START_TEST(test_columns_cap_topic)
{
	struct fixture		f;
	struct snap_partition	p[2];
	struct partition_reg	reg[2];
	struct layout_cols	c;

	fixture_init(&f);
	p[0] = p[1] = f.p;
	reg[0] = reg[1] = f.reg;
	p[0].reg = &reg[0];
	p[1].reg = &reg[1];
	p[0].topic = "a.very.long.topic.name.that.goes.on.and.on";
	p[1].topic = "t";
	p[1].hw = 123456789;
	f.s.parts = p;
	f.s.n_parts = 2;
	layout_columns(&f.s, &c);
	ck_assert_int_eq(c.topic, 24);
	ck_assert_int_eq(c.hw, 9);
	ck_assert_int_eq(c.leader, 10);
}
END_TEST

/* The widths layout_columns counts from the numbers are those of the
 * formatted rows, over leaders, epochs, ISRs, HWs and topics of every
 * size (the screen formats only the rows it shows). */
static const struct {
	const char *topic;
	int partition, leader;
	int32_t epoch;
	int isr[ISR_MAX_REPLICAS], n_isr;
	int64_t hw;
} column_cases[] = {
	{ "t", 0, 1, 0, { 1, 2, 3 }, 3, 0 },
	{ "email.send", 9, 2, 9, { 2 }, 1, 9 },
	{ "주문.결제", 10, ISR_NO_LEADER, 10, { 3 }, 1, -1 },
	{ "x", 123456, 3, 2147483647, { 0 }, 0, 99 },
	{ "y", 7, ISR_NO_LEADER, 123, { 1, 3 }, 2, 100000 },
	{ "z", 1, 1, 1, { 3, 1, 2 }, 3, INT64_MAX },
	{ "attached", 12, 2, -1, { 2, 3 }, 2, 7 },	/* epoch unknown */
};

START_TEST(test_columns_match_rows)
{
	struct fixture		f;
	struct layout_prow	r;
	struct layout_cols	c;
	int			w;

	fixture_init(&f);
	f.p.topic = column_cases[_i].topic;
	f.p.partition = column_cases[_i].partition;
	f.reg.leader = column_cases[_i].leader;
	f.reg.leader_epoch = column_cases[_i].epoch;
	memcpy(f.reg.isr, column_cases[_i].isr, sizeof f.reg.isr);
	f.reg.n_isr = column_cases[_i].n_isr;
	f.p.hw = column_cases[_i].hw;
	layout_partition_row(&f.s, &f.p, 6000, layout_glyphs(false), &r);
	layout_columns(&f.s, &c);
	w = utf8_width(r.topic);
	ck_assert_int_eq(c.topic, w > 5 ? w : 5);
	ck_assert_int_eq(c.part, (int)strlen(r.part));
	ck_assert_int_eq(c.leader, strlen(r.leader) > 10 ?
	    (int)strlen(r.leader) : 10);
	ck_assert_int_eq(c.replicas, 8);
	ck_assert_int_eq(c.isr, strlen(r.isr) > 3 ? (int)strlen(r.isr) : 3);
	ck_assert_int_eq(c.oos, strlen(r.oos) > 3 ? (int)strlen(r.oos) : 3);
	ck_assert_int_eq(c.hw, strlen(r.hw) > 2 ? (int)strlen(r.hw) : 2);
}
END_TEST

/* The header's warning: more than a moment of real time at the clock's
 * speed, never less than LAYOUT_BEHIND_LAB_MS of lab time. */
static const struct {
	int64_t behind_ms;
	double speed;
	bool shown;
	const char *text;
} behind_cases[] = {
	{ 0, 1.0, false, "" },
	{ 199, 1.0, false, "" },
	{ 200, 1.0, true, "model 0.2s behind" },
	{ 1234, 1.0, true, "model 1.2s behind" },
	{ 240, 10.0, false, "" },		/* 24 ms of real time */
	{ 250, 10.0, true, "model 0.2s behind" },
	{ 1249, 50.0, false, "" },
	{ 61000, 50.0, true, "model 61.0s behind" },
};

START_TEST(test_behind)
{
	char	buf[64];

	ck_assert_int_eq(layout_behind(behind_cases[_i].behind_ms,
	    behind_cases[_i].speed, buf, sizeof buf), behind_cases[_i].shown);
	ck_assert_str_eq(buf, behind_cases[_i].text);
}
END_TEST

/* --- Events -------------------------------------------------------------- */

START_TEST(test_event_line)
{
	struct event	e;
	char		buf[512];

	memset(&e, 0, sizeof e);
	e.type = EV_LEADER_CHANGE;
	e.t_ms = 43150;
	snprintf(e.topic, sizeof e.topic, "email.send");
	e.partition = 0;
	e.leader_from = 1;
	e.leader_to = 2;
	e.epoch_from = 0;
	e.epoch_to = 1;
	e.isr_from[0] = 1; e.isr_from[1] = 2; e.isr_from[2] = 3;
	e.n_isr_from = 3;
	e.isr_to[0] = 2; e.isr_to[1] = 3;
	e.n_isr_to = 2;
	e.clean = 1;
	snprintf(e.reason, sizeof e.reason, "broker 1 fenced");
	layout_event_line(&e, layout_glyphs(true), buf, sizeof buf);
	ck_assert_str_eq(buf, "43.1s email.send-0 leader 1\u21922 ep "
	    "0\u21921 isr 1,2,3\u21922,3 (broker 1 fenced)");
	layout_event_line(&e, layout_glyphs(false), buf, sizeof buf);
	ck_assert_str_eq(buf, "43.1s email.send-0 leader 1->2 ep 0->1 isr "
	    "1,2,3->2,3 (broker 1 fenced)");

	memset(&e, 0, sizeof e);
	e.type = EV_BROKER_CRASH;
	e.t_ms = 40100;
	e.broker = 1;
	e.partition = -1;
	layout_event_line(&e, layout_glyphs(false), buf, sizeof buf);
	ck_assert_str_eq(buf, "40.1s broker 1 crashed");
}
END_TEST

/* --- Fitting and sanitising ---------------------------------------------- */

START_TEST(test_fit_korean)
{
	char	buf[64];
	int	w;

	/* "리더 파티션": 리, 더 are 2 columns each. */
	w = layout_fit(buf, sizeof buf, "\ub9ac\ub354 \ud30c\ud2f0\uc158", 5,
	    true);
	ck_assert_str_eq(buf, "\ub9ac\ub354 ");
	ck_assert_int_eq(w, 5);
	w = layout_fit(buf, sizeof buf, "\ub9ac\ub354", 3, false);
	ck_assert_str_eq(buf, "\ub9ac");
	ck_assert_int_eq(w, 2);
	w = layout_fit(buf, sizeof buf, "\ub9ac\ub354", 3, true);
	ck_assert_str_eq(buf, "\ub9ac ");
	ck_assert_int_eq(w, 3);
	/* A tiny buffer: whole characters only. */
	w = layout_fit(buf, 5, "\ub9ac\ub354", 10, false);
	ck_assert_str_eq(buf, "\ub9ac");
	ck_assert_int_eq(layout_fit(buf, sizeof buf, "abc", 0, true), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_sanitize)
{
	char	buf[64];

	layout_sanitize(buf, sizeof buf, "a\tb\x1b[31mc\x7f", false);
	ck_assert_str_eq(buf, "a       b?[31mc?");
	/* Without UTF-8 a character keeps its columns, one '?' each. */
	layout_sanitize(buf, sizeof buf, "\ub9ac!", true);
	ck_assert_str_eq(buf, "\?\?!");
	layout_sanitize(buf, sizeof buf, "e\xcc\x81x\xc3\xa9", true);
	ck_assert_str_eq(buf, "ex?");
	layout_sanitize(buf, sizeof buf, "\ub9ac!", false);
	ck_assert_str_eq(buf, "\ub9ac!");
	/* Tab stops count columns: 리 takes two. */
	layout_sanitize(buf, sizeof buf, "\ub9ac\tx", false);
	ck_assert_str_eq(buf, "\ub9ac      x");
	/* C1 controls (CSI) are controls; an invalid byte becomes U+FFFD. */
	layout_sanitize(buf, sizeof buf, "a\xc2\x9b" "2Jb\xff", false);
	ck_assert_str_eq(buf, "a?2Jb\xef\xbf\xbd");
	/* Cut by the buffer: never half a character. */
	layout_sanitize(buf, 5, "ab\ub9ac", false);
	ck_assert_str_eq(buf, "ab");
}
END_TEST

START_TEST(test_keybar)
{
	char	lines[4][LAYOUT_BAR];
	int	n, i;

	n = layout_keybar(79, lines, 4);
	ck_assert_int_ge(n, 2);
	for (i = 0; i < n; i++)
		ck_assert_int_le(utf8_width(lines[i]), 79);
	ck_assert_ptr_nonnull(strstr(lines[0], "? help"));
	n = layout_keybar(400, lines, 4);
	ck_assert_int_eq(n, 1);
	ck_assert_ptr_nonnull(strstr(lines[0], "q quit"));
	ck_assert_ptr_nonnull(strstr(lines[0], "1-9 broker"));
	ck_assert_ptr_nonnull(strstr(lines[0], "+/- speed"));
	ck_assert_ptr_null(strstr(lines[0], "n next"));
	layout_keybar_lab(400, true, lines, 4);
	ck_assert_ptr_nonnull(strstr(lines[0], "? help  n next  b back"));
}
END_TEST

/* The one key table: names, aliases and digits find their row, and
 * where each key works is consistent with what it does. */
START_TEST(test_key_table)
{
	const struct keys_entry	*k;

	ck_assert_ptr_eq(keys_find("Down"), keys_find("j"));
	ck_assert_ptr_eq(keys_find(" "), keys_find("Space"));
	ck_assert(keys_find("7")->digit);
	ck_assert_ptr_null(keys_find("0"));
	ck_assert_ptr_null(keys_find("F1"));
	ck_assert_str_eq(layout_key_shown(keys_find("k")), "k");
	ck_assert_str_eq(layout_key_shown(keys_find("j")), "j/k");
	/* The help's first line has text; a row without one follows one
	 * that speaks for both (j/k, PgUp/PgDn, +/-) and has no bar label. */
	ck_assert_ptr_nonnull(keys_table[0].help);
	for (k = keys_table; k->key != NULL; k++) {
		ck_assert_msg(k->ctx & KEYS_IN_PLAY, "%s", k->key);
		ck_assert_msg(k->help != NULL || (k->bar == NULL &&
		    k[-1].help != NULL), "%s", k->key);
		/* What changes the cluster is not replayed by hand. */
		if (k->act == KEYS_ACT_CLUSTER)
			ck_assert_msg(k->kind == KEYS_COMMANDS &&
			    !(k->ctx & KEYS_IN_REPLAY), "%s", k->key);
		ck_assert_msg(k->kind != KEYS_COMMANDS || k->cmd != NULL ||
		    k->need == KEYS_NEED_PARTITION, "%s", k->key);
	}
	ck_assert(!(keys_find("PgDn")->ctx & KEYS_IN_SCRIPT));
	ck_assert(keys_find("PgDn")->ctx & KEYS_IN_REPLAY);
	ck_assert(!(keys_find("x")->ctx & KEYS_IN_REPLAY));
}
END_TEST

/* --- The mode stack ------------------------------------------------------ */

/* Test modes: "base" takes every key, "pass" only 'p', "take" every
 * key; each records what reached it and when it left. */
static char	mode_log[64];

static void
mode_note(char c)
{
	size_t	n = strlen(mode_log);

	if (n + 1 < sizeof mode_log) {
		mode_log[n] = c;
		mode_log[n + 1] = '\0';
	}
}

static bool
mode_base_key(struct tui *t, wint_t wc, bool is_key)
{
	(void)t;
	(void)wc;
	(void)is_key;
	mode_note('B');
	return true;
}

static bool
mode_pass_key(struct tui *t, wint_t wc, bool is_key)
{
	(void)t;
	(void)is_key;
	mode_note('P');
	return wc == 'p';
}

static bool
mode_take_key(struct tui *t, wint_t wc, bool is_key)
{
	(void)t;
	(void)wc;
	(void)is_key;
	mode_note('T');
	return true;
}

static void
mode_pass_leave(struct tui *t)
{
	(void)t;
	mode_note('p');
}

static void
mode_take_leave(struct tui *t)
{
	(void)t;
	mode_note('t');
}

static const struct tui_mode mode_base = { .key = mode_base_key };
static const struct tui_mode mode_pass = { .key = mode_pass_key,
    .leave = mode_pass_leave };
static const struct tui_mode mode_take = { .key = mode_take_key,
    .leave = mode_take_leave };
static const struct tui_mode mode_keyless = { .leave = NULL };

START_TEST(test_mode_stack)
{
	static struct tui	t;	/* large: not on the stack */

	memset(&t, 0, sizeof t);
	mode_log[0] = '\0';
	tui_mode_push(&t, &mode_base);
	tui_mode_push(&t, &mode_pass);
	ck_assert(tui_mode_has(&t, &mode_pass));
	ck_assert(!tui_mode_has(&t, &mode_take));
	ck_assert(!tui_mode_has(&t, NULL));
	/* Top first; a mode that does not take the key hands it down. */
	ck_assert(tui_mode_key(&t, 'x', false));
	ck_assert_str_eq(mode_log, "PB");
	mode_log[0] = '\0';
	ck_assert(tui_mode_key(&t, 'p', false));
	ck_assert_str_eq(mode_log, "P");
	/* A popup over a prompt: the prompt is popped from under it (its
	 * leave hook runs), the popup keeps the keys. */
	mode_log[0] = '\0';
	tui_mode_push(&t, &mode_take);
	tui_mode_pop(&t, &mode_pass);
	ck_assert_str_eq(mode_log, "p");
	ck_assert_uint_eq(t.n_modes, 2);
	ck_assert_ptr_eq(t.modes[1], &mode_take);
	/* Replacing keeps the place and skips the leave hook; replacing
	 * what is not there pushes. */
	mode_log[0] = '\0';
	tui_mode_replace(&t, &mode_take, &mode_pass);
	ck_assert_str_eq(mode_log, "");
	ck_assert_ptr_eq(t.modes[1], &mode_pass);
	tui_mode_replace(&t, &mode_take, &mode_take);
	ck_assert_uint_eq(t.n_modes, 3);
	ck_assert_ptr_eq(t.modes[2], &mode_take);
	/* Popping what is absent does nothing; a mode without keys or
	 * hooks is passed over. */
	tui_mode_pop(&t, &mode_keyless);
	ck_assert_uint_eq(t.n_modes, 3);
	tui_mode_pop(&t, &mode_take);
	tui_mode_pop(&t, &mode_pass);
	ck_assert_str_eq(mode_log, "tp");
	tui_mode_push(&t, &mode_keyless);
	mode_log[0] = '\0';
	ck_assert(tui_mode_key(&t, 'x', false));
	ck_assert_str_eq(mode_log, "B");
	/* With no mode that takes it, the key is left over. */
	memset(&t, 0, sizeof t);
	tui_mode_push(&t, &mode_pass);
	ck_assert(!tui_mode_key(&t, 'x', false));
}
END_TEST

/* --- Line editor --------------------------------------------------------- */

START_TEST(test_lineedit_edit)
{
	struct lineedit	le;

	lineedit_init(&le);
	lineedit_insert_str(&le, "describe \ub9ac\ub354");
	ck_assert_str_eq(le.buf, "describe \ub9ac\ub354");
	ck_assert_int_eq(lineedit_cursor_col(&le), 13);
	lineedit_left(&le);
	ck_assert_int_eq(lineedit_cursor_col(&le), 11);
	lineedit_backspace(&le);		/* removes 리 whole */
	ck_assert_str_eq(le.buf, "describe \ub354");
	lineedit_home(&le);
	lineedit_delete(&le);
	ck_assert_str_eq(le.buf, "escribe \ub354");
	lineedit_end(&le);
	lineedit_kill_word(&le);
	ck_assert_str_eq(le.buf, "escribe ");
	lineedit_insert(&le, 'x');
	lineedit_left(&le);
	lineedit_kill_end(&le);
	ck_assert_str_eq(le.buf, "escribe ");
	lineedit_left(&le);
	lineedit_kill_start(&le);
	ck_assert_str_eq(le.buf, " ");
	ck_assert(!lineedit_insert(&le, 0x1b));
	ck_assert(!lineedit_insert(&le, '\n'));
	ck_assert(!lineedit_insert(&le, 0x9b));
	/* Bad bytes come in as U+FFFD; the cursor steps over whole
	 * characters, an emoji included. */
	lineedit_clear(&le);
	ck_assert_int_eq(lineedit_insert_str(&le, "a\xff\xf0\x9f\x9a\x80"), 3);
	ck_assert_str_eq(le.buf, "a\xef\xbf\xbd\xf0\x9f\x9a\x80");
	ck_assert_int_eq(lineedit_cursor_col(&le), 4);
	lineedit_left(&le);
	ck_assert_uint_eq(le.cur, 4);
	lineedit_left(&le);
	ck_assert_uint_eq(le.cur, 1);
	lineedit_right(&le);
	ck_assert_uint_eq(le.cur, 4);
	lineedit_free(&le);
}
END_TEST

START_TEST(test_lineedit_garbage)
{
	struct lineedit	le;
	char		junk[10000];
	size_t		i;

	lineedit_init(&le);
	for (i = 0; i < sizeof junk - 1; i++)
		junk[i] = (char)(1 + (i * 37) % 255);
	junk[sizeof junk - 1] = '\0';
	lineedit_insert_str(&le, junk);
	ck_assert_uint_le(le.len, LINEEDIT_MAX);
	ck_assert_uint_eq(strlen(le.buf), le.len);
	for (i = 0; i < le.len; i++)
		ck_assert((unsigned char)le.buf[i] >= 0x20 &&
		    le.buf[i] != 0x7f);
	/* Valid UTF-8 throughout: the width function sees no bad bytes. */
	ck_assert_int_ge(utf8_width(le.buf), 1);
	lineedit_free(&le);
}
END_TEST

START_TEST(test_lineedit_history)
{
	struct lineedit	le;

	lineedit_init(&le);
	lineedit_history_add(&le, "one");
	lineedit_history_add(&le, "two");
	lineedit_history_add(&le, "two");
	lineedit_history_add(&le, "   ");
	ck_assert_int_eq(le.n_hist, 2);
	lineedit_insert_str(&le, "draft");
	lineedit_history_up(&le);
	ck_assert_str_eq(le.buf, "two");
	lineedit_history_up(&le);
	ck_assert_str_eq(le.buf, "one");
	lineedit_history_up(&le);
	ck_assert_str_eq(le.buf, "one");
	lineedit_history_down(&le);
	ck_assert_str_eq(le.buf, "two");
	lineedit_history_down(&le);
	ck_assert_str_eq(le.buf, "draft");
	lineedit_history_down(&le);
	ck_assert_str_eq(le.buf, "draft");
	lineedit_free(&le);
}
END_TEST

/* --- Completion ---------------------------------------------------------- */

START_TEST(test_complete)
{
	static const char *const topics[] = { "email.send", "orders" };
	static const struct { const char *in, *out; int n; } cases[] = {
		{ "kafka-to", "kafka-topics.sh ", 1 },
		{ "kafka-topics.sh --bootstrap-server localhost:9092 --cr",
		  "kafka-topics.sh --bootstrap-server localhost:9092 --create ",
		  1 },
		{ "kafka-topics.sh --describe --topic em",
		  "kafka-topics.sh --describe --topic email.send ", 1 },
		{ "describe o", "describe orders ", 1 },
		{ "kafka-topics.sh --bootstrap-server loc",
		  "kafka-topics.sh --bootstrap-server localhost:", 3 },
		{ "bin/kafka-console-producer.sh --t",
		  "bin/kafka-console-producer.sh --topic ", 1 },
		{ "res", "res", 2 },	/* restart, resume */
		{ "zzz", "zzz", 0 },
	};
	struct complete_result	res;
	struct lineedit		le;
	size_t			i;

	for (i = 0; i < nitems(cases); i++) {
		lineedit_init(&le);
		lineedit_insert_str(&le, cases[i].in);
		complete_line(&le, topics, 2, 3, &res);
		ck_assert_msg(strcmp(le.buf, cases[i].out) == 0,
		    "'%s' -> '%s'", cases[i].in, le.buf);
		ck_assert_int_eq(res.n, cases[i].n);
		lineedit_free(&le);
	}
}
END_TEST

/* --- Lab pane (labview.c) ------------------------------------------------ */

/* A labtext built by hand: labview must not need src/lab's code.  Spans
 * own their text in real use, hence the casts. */
#define LV_S(s)	((char *)(uintptr_t)(s))
/* The screen's catalog in LANG ("ko" or "en") from the build tree
 * (ISRLAB_LOCALEDIR, which make check sets), bound as src/main.c binds
 * it; _nl_msg_cat_cntr tells gettext that the language changed. */
static void
tl_messages(const char *lang)
{
	extern int	 _nl_msg_cat_cntr;
	const char	*dir = getenv("ISRLAB_LOCALEDIR");

	ck_assert_msg(dir != NULL, "ISRLAB_LOCALEDIR is not set (make check "
	    "sets it)");
	ck_assert_int_eq(setenv("LANGUAGE", lang, 1), 0);
	ck_assert_ptr_nonnull(setlocale(LC_MESSAGES, "C.UTF-8"));
	ck_assert_ptr_nonnull(bindtextdomain(PACKAGE, dir));
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	++_nl_msg_cat_cntr;
}

static struct labtext_span lv_p_spans[] = {
	{ LV_S("노드 1이 "), 0 },
	{ LV_S("종료"), LT_BOLD },
	{ LV_S("되었으므로 "), 0 },
	{ LV_S("kafka-topics.sh --describe"), LT_MONO },
	{ LV_S(" 로 토픽 상태를 다시 조회한다."), 0 },
};
static struct labtext_span lv_code_span[] = {
	{ LV_S("Topic: email.send\tPartition: 0"), 0 },
};
static struct labtext_span lv_item_span[] = {
	{ LV_S("Leader가 2로 변경: 팔로워였던 2번 노드가 승격되었다."), 0 },
};
static struct labtext_span lv_head_span[] = { { LV_S("정리"), 0 } };
static struct labtext_line lv_lines[] = {
	{ LT_HEADING, 3, "", lv_head_span, 1 },
	{ LT_PARA, 0, "", lv_p_spans, 5 },
	{ LT_BLANK, 0, "", NULL, 0 },
	{ LT_BLANK, 0, "", NULL, 0 },
	{ LT_CODE, 0, "", lv_code_span, 1 },
	{ LT_ITEM, 0, "•", lv_item_span, 1 },
};

START_TEST(test_labview_wrap)
{
	struct labtext	 t = { lv_lines, nitems(lv_lines) };
	struct labview	 v;
	char		 buf[512];
	size_t		 i, j;
	bool		 bold = false, mono = false, head = false,
			 code = false;

	labview_init(&v);
	labview_add_text(&v, &t, 24, true);
	ck_assert_uint_gt(v.n_lines, 6);
	for (i = 0; i < v.n_lines; i++) {
		/* Every line fits 24 columns; none ends in a blank. */
		ck_assert_int_le(labview_line_width(&v.lines[i]), 24);
		labview_line_text(&v.lines[i], buf, sizeof buf);
		if (buf[0] != '\0')
			ck_assert_int_ne(buf[strlen(buf) - 1], ' ');
		for (j = 0; j < v.lines[i].n_segs; j++) {
			unsigned a = v.lines[i].segs[j].attrs;

			if ((a & LT_BOLD) && strstr(v.lines[i].segs[j].text,
			    "종료") != NULL)
				bold = true;
			if ((a & LT_MONO) && strstr(v.lines[i].segs[j].text,
			    "kafka-topics.sh") != NULL)
				mono = true;
			head = head || (a & LV_HEADING);
			code = code || (a & LV_CODE);
		}
	}
	ck_assert(bold && mono && head && code);
	/* The heading first, then the paragraph broken at spaces. */
	labview_line_text(&v.lines[0], buf, sizeof buf);
	ck_assert_str_eq(buf, "정리");
	labview_line_text(&v.lines[1], buf, sizeof buf);
	ck_assert_str_eq(buf, "노드 1이 종료되었으므로");
	labview_line_text(&v.lines[2], buf, sizeof buf);
	ck_assert_str_eq(buf, "kafka-topics.sh");
	labview_line_text(&v.lines[3], buf, sizeof buf);
	ck_assert_str_eq(buf, "--describe 로 토픽");
	/* Two blank lines collapse into one. */
	for (i = 1; i + 1 < v.n_lines; i++)
		ck_assert(!(v.lines[i].n_segs == 0 &&
		    v.lines[i + 1].n_segs == 0));
	/* Code: indented, the tab expanded to the next multiple of 8. */
	for (i = 0; i < v.n_lines; i++) {
		labview_line_text(&v.lines[i], buf, sizeof buf);
		if (strncmp(buf, "  Topic:", 8) == 0)
			break;
	}
	ck_assert_uint_lt(i, v.n_lines);
	ck_assert_str_eq(buf, "  Topic: email.send");
	labview_line_text(&v.lines[i + 1], buf, sizeof buf);
	ck_assert_str_eq(buf, "  Partition: 0");
	/* The item: bullet on its first line, the rest indented. */
	for (i = 0; i < v.n_lines; i++) {
		labview_line_text(&v.lines[i], buf, sizeof buf);
		if (strncmp(buf, "• ", strlen("• ")) == 0)
			break;
	}
	ck_assert_uint_lt(i + 1, v.n_lines);
	ck_assert_str_eq(buf, "• Leader가 2로 변경:");
	labview_line_text(&v.lines[i + 1], buf, sizeof buf);
	ck_assert_str_eq(buf, "  팔로워였던 2번 노드가");
	labview_free(&v);

	/* ASCII: the bullet becomes '*'. */
	labview_init(&v);
	labview_add_text(&v, &t, 80, false);
	for (i = 0; i < v.n_lines; i++) {
		labview_line_text(&v.lines[i], buf, sizeof buf);
		ck_assert(strstr(buf, "•") == NULL);
	}
	labview_free(&v);
}
END_TEST

START_TEST(test_labview_long_word)
{
	struct labview	v;
	char		buf[256];
	size_t		i;

	/* A word wider than the pane is cut between characters, Korean
	 * never split; the prefix starts the first line only. */
	labview_init(&v);
	labview_add_para(&v, "힌트: ", LV_DIM, "가나다라마바사아자차카타파하",
	    0, 12);
	ck_assert_uint_ge(v.n_lines, 3);
	for (i = 0; i < v.n_lines; i++)
		ck_assert_int_le(labview_line_width(&v.lines[i]), 12);
	labview_line_text(&v.lines[0], buf, sizeof buf);
	ck_assert_str_eq(buf, "힌트: 가나다");
	labview_line_text(&v.lines[1], buf, sizeof buf);
	ck_assert_str_eq(buf, "      라마바");
	ck_assert_uint_eq(v.lines[0].segs[0].attrs, LV_DIM);
	labview_free(&v);
}
END_TEST

START_TEST(test_labview_checklist)
{
	struct labview	v;
	char		buf[256], pre[16];

	ck_assert_str_eq(labview_mark(true, true), "✔");
	ck_assert_str_eq(labview_mark(false, true), "▶");
	ck_assert_str_eq(labview_mark(true, false), "[x]");
	ck_assert_str_eq(labview_mark(false, false), "[ ]");
	tl_messages("ko");
	labview_step_title(2, 6, "리더 승격 및 상태 확인", buf, sizeof buf);
	ck_assert_str_eq(buf, "실습 3/6: 리더 승격 및 상태 확인");
	/* The hint's label says which of the step's levels it is. */
	labview_hint_label(2, 3, buf, sizeof buf);
	ck_assert_str_eq(buf, "힌트 2/3:");
	labview_hint_label(1, 1, buf, sizeof buf);
	ck_assert_str_eq(buf, "힌트:");
	tl_messages("en");
	labview_hint_label(3, 3, buf, sizeof buf);
	ck_assert_str_eq(buf, "hint 3/3:");
	labview_step_title(2, 6, "Leader election", buf, sizeof buf);
	ck_assert_str_eq(buf, "lab 3/6: Leader election");

	/* A checklist line as the pane makes it, wrapped under its mark. */
	labview_init(&v);
	snprintf(pre, sizeof pre, "%s ", labview_mark(false, false));
	labview_add_para(&v, pre, LT_BOLD, "ran kafka-topics --describe "
	    "--topic email.send", 0, 31);
	labview_line_text(&v.lines[0], buf, sizeof buf);
	ck_assert_str_eq(buf, "[ ] ran kafka-topics --describe");
	labview_line_text(&v.lines[1], buf, sizeof buf);
	ck_assert_str_eq(buf, "    --topic email.send");
	labview_free(&v);
}
END_TEST

/* A title that does not fit loses whole words, never half of one. */
START_TEST(test_layout_fit_words)
{
	const char	*title = "실습 01 리더 파티션에 장애가 발생하면 어떻게 될까?";
	char		 buf[256];

	layout_fit_words(title, 80, "…", buf, sizeof buf);
	ck_assert_str_eq(buf, title);
	/* "실습 01 리더 파티션에 장" would be the cut by columns. */
	layout_fit_words(title, 24, "…", buf, sizeof buf);
	ck_assert_str_eq(buf, "실습 01 리더 파티션에…");
	ck_assert_int_le(utf8_width(buf), 24);
	layout_fit_words(title, 8, "...", buf, sizeof buf);
	ck_assert_str_eq(buf, "실습...");
	/* No blank early enough: a cut at a character, still marked. */
	layout_fit_words("파티션에장애가", 7, "…", buf, sizeof buf);
	ck_assert_str_eq(buf, "파티션…");
	layout_fit_words(title, 0, "…", buf, sizeof buf);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_labview_rows)
{
	struct labview_pick	p = { 1, "리더 파티션 장애", "입문", 15, false,
				    NULL };
	struct labview_pick	fp = { 0, "자유 실습", "", 0, false, NULL };
	char			buf[512];

	tl_messages("ko");
	labview_pick_row(&p, 20, 4, true, buf, sizeof buf);
	ck_assert_str_eq(buf, "01  리더 파티션 장애      입문   15분");
	/* Without minutes, blanks as wide as the minutes would be. */
	p.minutes = 0;
	p.done = true;
	labview_pick_row(&p, 20, 4, true, buf, sizeof buf);
	ck_assert_str_eq(buf, "01  리더 파티션 장애      입문         ✔ 완료");
	p.minutes = 15;
	/* A long title loses whole words and shows an ellipsis, padded to
	 * its column ("리더 파" would be the cut by columns). */
	labview_pick_row(&p, 7, 4, true, buf, sizeof buf);
	ck_assert_str_eq(buf, "01  리더…    입문   15분  ✔ 완료");
	labview_pick_row(&p, 7, 4, false, buf, sizeof buf);
	ck_assert_str_eq(buf, "01  리더...  입문   15분  [x] 완료");
	labview_pick_row(&fp, 20, 4, true, buf, sizeof buf);
	ck_assert_str_eq(buf, "    자유 실습");
	labview_summary_row(2, 6, "리더 승격", 10, true, 12345, 1, -1, true,
	    buf, sizeof buf);
	ck_assert_str_eq(buf, "✔ 3/6 리더 승격      12.3s  장애 1");

	tl_messages("en");
	labview_pick_row(&p, 20, 4, false, buf, sizeof buf);
	ck_assert_str_eq(buf,
	    "01  리더 파티션 장애      입문   15 min  [x] done");
	labview_summary_row(0, 3, "quiz", 6, false, 0, 0, 0, false,
	    buf, sizeof buf);
	ck_assert_str_eq(buf, "[ ] 1/3 quiz        0.0s  quiz wrong");
}
END_TEST

/* The model's reasons in the screen's language: a fixed one, and one with
 * numbers by its shape (the numbers put back); another stays English. */
START_TEST(test_event_reason_korean)
{
	struct event	e = { .type = EV_BROKER_FENCED, .t_ms = 7500,
			    .broker = 1, .partition = -1,
			    .reason = "no heartbeat for 3001ms" };
	char		buf[512];

	tl_messages("ko");
	layout_event_line(&e, layout_glyphs(true), buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "(3001ms 동안 하트비트 없음)"));
	snprintf(e.reason, sizeof e.reason, "critical raised: "
	    "under_replicated_partitions > 0 (now 12)");
	layout_event_line(&e, layout_glyphs(true), buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "(심각 발생: "
	    "under_replicated_partitions > 0 (현재 12))"));
	snprintf(e.reason, sizeof e.reason, "killed");
	layout_event_line(&e, layout_glyphs(true), buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "(강제 종료)"));
	snprintf(e.reason, sizeof e.reason, "group g1: 2 members");
	layout_event_line(&e, layout_glyphs(true), buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "(group g1: 2 members)"));
	tl_messages("en");
	snprintf(e.reason, sizeof e.reason, "no heartbeat for 3001ms");
	layout_event_line(&e, layout_glyphs(true), buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "(no heartbeat for 3001ms)"));
}
END_TEST

Suite *
suite_tui_layout(void)
{
	Suite	*s = suite_create("tui_layout");
	TCase	*tc;

	tc = tcase_create("text");
	tcase_add_test(tc, test_lag_bar);
	tcase_add_test(tc, test_time_left);
	tcase_add_test(tc, test_seconds);
	tcase_add_test(tc, test_speed_step);
	tcase_add_test(tc, test_fit_korean);
	tcase_add_test(tc, test_sanitize);
	tcase_add_test(tc, test_keybar);
	tcase_add_test(tc, test_key_table);
	tcase_add_test(tc, test_event_line);
	suite_add_tcase(s, tc);

	tc = tcase_create("table");
	tcase_add_test(tc, test_broker_cell);
	tcase_add_test(tc, test_broker_ports);
	tcase_add_test(tc, test_row_healthy);
	tcase_add_test(tc, test_row_after_crash);
	tcase_add_test(tc, test_row_lagging_and_offline);
	tcase_add_test(tc, test_columns_cap_topic);
	tcase_add_loop_test(tc, test_columns_match_rows, 0,
	    (int)nitems(column_cases));
	tcase_add_loop_test(tc, test_behind, 0, (int)nitems(behind_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("mode");
	tcase_add_test(tc, test_mode_stack);
	suite_add_tcase(s, tc);

	tc = tcase_create("lineedit");
	tcase_add_test(tc, test_lineedit_edit);
	tcase_add_test(tc, test_lineedit_garbage);
	tcase_add_test(tc, test_lineedit_history);
	tcase_add_test(tc, test_complete);
	suite_add_tcase(s, tc);

	tc = tcase_create("labview");
	tcase_add_test(tc, test_labview_wrap);
	tcase_add_test(tc, test_labview_long_word);
	tcase_add_test(tc, test_labview_checklist);
	tcase_add_test(tc, test_labview_rows);
	tcase_add_test(tc, test_event_reason_korean);
	tcase_add_test(tc, test_layout_fit_words);
	suite_add_tcase(s, tc);
	return s;
}
