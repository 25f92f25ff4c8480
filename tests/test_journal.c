/*
 * test_journal.c - unit tests for util/sha256 and the libc-only part of
 * src/journal: the journal's ordering and bounds, and the seals.
 *
 * The journal runs over the simulator with a fixed wall clock, so every
 * record is deterministic.  The JSON side (export, replay, summarize) is
 * in tests/check_journal.c, which links jansson.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/console.h"
#include "console/keys.h"
#include "journal/report.h"
#include "journal/slog.h"
#include "model/settings.h"
#include "sim/sim.h"
#include "tests.h"
#include "util/sha256.h"
#include "util/strbuf.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* --- sha256 (FIPS 180-4 / NIST CAVP examples) --------------------------- */

static const struct {
	const char	*msg;
	const char	*hex;
} sha256_vectors[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc",
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

START_TEST(test_sha256_vectors)
{
	char	hex[SHA256_HEX_LEN + 1];

	sha256_hex(sha256_vectors[_i].msg, strlen(sha256_vectors[_i].msg),
	    hex);
	ck_assert_str_eq(hex, sha256_vectors[_i].hex);
}
END_TEST

START_TEST(test_sha256_million_a)
{
	struct sha256	ctx;
	unsigned char	d[SHA256_LEN];
	char		block[1000], hex[SHA256_HEX_LEN + 1];
	int		i;

	/* In uneven pieces, so block boundaries fall everywhere. */
	memset(block, 'a', sizeof block);
	sha256_init(&ctx);
	for (i = 0; i < 1000; i++)
		sha256_update(&ctx, block, 999);
	sha256_update(&ctx, block, 1000);
	ck_assert_uint_eq(ctx.bits, 8000000);
	sha256_final(&ctx, d);
	sha256_to_hex(d, hex);
	ck_assert_str_eq(hex,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

START_TEST(test_sha256_split_equals_whole)
{
	struct sha256	ctx;
	unsigned char	d[SHA256_LEN];
	char		msg[200], a[SHA256_HEX_LEN + 1], b[SHA256_HEX_LEN + 1];
	size_t		cut;

	for (cut = 0; cut < sizeof msg; cut++)
		msg[cut] = (char)(cut * 7 + 1);
	sha256_hex(msg, sizeof msg, a);
	for (cut = 0; cut <= sizeof msg; cut++) {
		sha256_init(&ctx);
		sha256_update(&ctx, msg, cut);
		sha256_update(&ctx, msg + cut, sizeof msg - cut);
		sha256_final(&ctx, d);
		sha256_to_hex(d, b);
		ck_assert_str_eq(a, b);
	}
}
END_TEST

/* --- the journal --------------------------------------------------------- */

/* 2025-03-01T09:00:00Z, one second more at every read. */
static int64_t
fixed_clock(void *arg)
{
	int64_t	*t = arg;

	return *t += 1000;
}

struct fixture {
	struct sim	*sim;
	struct engine	*e;
	struct console	*c;
	struct slog	*log;
	int64_t		 wall;
};

static void
fixture_init(struct fixture *f, size_t max_cluster)
{
	struct settings	set;

	settings_defaults(&set, false);
	f->sim = sim_new(3, 1, &set, NULL);
	f->e = sim_engine(f->sim);
	f->c = console_new(f->e, NULL, NULL);
	f->wall = 1740819600000LL - 1000;
	f->log = slog_new(f->e, max_cluster, fixed_clock, &f->wall);
	slog_set_student(f->log, "kim");
	slog_attach_console(f->log, f->c);
}

static void
fixture_free(struct fixture *f)
{
	slog_free(f->log);
	console_free(f->c);
	sim_free(f->sim);
}

static void
run(struct fixture *f, const char *line)
{
	char	err[256];

	ck_assert_msg(console_exec(f->c, line, err, sizeof err) >= 0,
	    "%s: %s", line, err);
}

static size_t
count_type(const struct slog *log, enum slog_type t)
{
	size_t	i, n = 0;

	for (i = 0; i < log->n; i++)
		n += log->v[i].type == t;
	return n;
}

START_TEST(test_slog_order)
{
	struct fixture		 f;
	const struct slog_rec	*r;
	struct keys_sel		 sel;
	struct snapshot		 s;
	char			 err[256];
	size_t			 i, kill_at = 0, crash_at = 0, key_at = 0;
	char			 kill_cmd[32];

	fixture_init(&f, 0);
	run(&f, "kafka-topics.sh --bootstrap-server localhost:9092 --create "
	    "--topic t --partitions 1 --replication-factor 3");
	run(&f, "   # a comment is not a command");
	f.e->ops->snapshot(f.e, &s);
	keys_sel_init(&sel, &s);
	/* L kills the selected partition's (t-0's) leader, whichever
	 * broker the placer made it. */
	ck_assert_uint_ge(s.n_parts, 1);
	snprintf(kill_cmd, sizeof kill_cmd, "kill %d", s.parts[0].reg->leader);
	snapshot_free(&s);
	ck_assert_int_eq(keys_press(f.c, "L", &sel, err, sizeof err),
	    KEYS_COMMANDS);
	run(&f, "wait 5s");
	slog_end(f.log);

	ck_assert_int_eq(f.log->v[0].type, SLOG_SESSION_START);
	ck_assert_int_eq(f.log->v[f.log->n - 1].type, SLOG_SESSION_END);
	for (i = 0; i < f.log->n; i++) {
		r = &f.log->v[i];
		ck_assert_uint_eq(r->seq, i + 1);
		if (i > 0)
			ck_assert_int_ge(r->wall_ms, f.log->v[i - 1].wall_ms);
		if (r->type == SLOG_KEY)
			key_at = i;
		if (r->type == SLOG_COMMAND && strcmp(r->text, kill_cmd) == 0) {
			kill_at = i;
			ck_assert_str_eq(r->key, "L");
			ck_assert_ptr_null(r->source);
		}
		if (r->type == SLOG_CLUSTER &&
		    r->ev->type == EV_BROKER_CRASH)
			crash_at = i;
	}
	/* The key, then the line it ran, then what that line caused. */
	ck_assert_uint_gt(key_at, 0);
	ck_assert_uint_gt(kill_at, key_at);
	ck_assert_uint_gt(crash_at, kill_at);
	ck_assert_uint_eq(count_type(f.log, SLOG_COMMAND), 3);
	/* The create's output was captured. */
	r = &f.log->v[1];
	ck_assert_int_eq(r->type, SLOG_COMMAND);
	ck_assert_ptr_nonnull(strstr(r->output, "Created topic t."));
	ck_assert_int_eq(r->rc, 0);
	ck_assert_str_eq(f.log->v[0].seq == 1 ? "ok" : "", "ok");
	fixture_free(&f);
}
END_TEST

START_TEST(test_slog_bounds)
{
	struct fixture	f;
	char		text[512], line[64];
	size_t		i, cluster, commands = 0;
	uint64_t	total;
	int		k;

	fixture_init(&f, 10);
	run(&f, "kafka-topics.sh --bootstrap-server localhost:9092 --create "
	    "--topic t --partitions 3 --replication-factor 3");
	for (k = 0; k < 8; k++) {
		snprintf(line, sizeof line, "kill %d", k % 3 + 1);
		run(&f, line);
		run(&f, "wait 4s");
		snprintf(line, sizeof line, "restart %d", k % 3 + 1);
		run(&f, line);
		run(&f, "wait 8s");
	}
	slog_end(f.log);
	cluster = count_type(f.log, SLOG_CLUSTER);
	ck_assert_uint_eq(cluster, 10);
	ck_assert_uint_eq(f.log->n_cluster, 10);
	ck_assert_uint_gt(f.log->dropped, 0);
	/* Every command is still there, in order. */
	for (i = 0; i < f.log->n; i++)
		if (f.log->v[i].type == SLOG_COMMAND)
			commands++;
	ck_assert_uint_eq(commands, 1 + 8 * 4);
	for (i = 1; i < f.log->n; i++)
		ck_assert_uint_gt(f.log->v[i].seq, f.log->v[i - 1].seq);
	/* The per-type counts add up, and the text says so. */
	total = 0;
	for (k = 0; k < EV__COUNT; k++)
		total += f.log->dropped_by_type[k];
	ck_assert_uint_eq(total, f.log->dropped);
	slog_dropped_text(f.log, text, sizeof text);
	snprintf(line, sizeof line, "%llu earlier cluster events: ",
	    (unsigned long long)f.log->dropped);
	ck_assert_msg(strncmp(text, line, strlen(line)) == 0, "%s", text);
	snprintf(line, sizeof line, "%llu broker_crash",
	    (unsigned long long)f.log->dropped_by_type[EV_BROKER_CRASH]);
	ck_assert_msg(strstr(text, line) != NULL, "%s", text);
	/* The seq of the first dropped event precedes every kept cluster
	 * event. */
	for (i = 0; i < f.log->n; i++)
		if (f.log->v[i].type == SLOG_CLUSTER)
			ck_assert_uint_gt(f.log->v[i].seq, f.log->dropped_seq);
	fixture_free(&f);
}
END_TEST

START_TEST(test_slog_output_cap)
{
	struct fixture	f;
	size_t		i;

	fixture_init(&f, 0);
	run(&f, "kafka-topics.sh --bootstrap-server localhost:9092 --create "
	    "--topic t --partitions 1 --replication-factor 3");
	run(&f, "produce t --count 3000");
	run(&f, "consume t --from-beginning --max 3000");
	for (i = 0; i < f.log->n; i++)
		if (f.log->v[i].type == SLOG_COMMAND &&
		    strncmp(f.log->v[i].text, "consume", 7) == 0) {
			ck_assert_uint_le(f.log->v[i].output_len,
			    SLOG_OUTPUT_MAX);
			ck_assert_uint_eq(strlen(f.log->v[i].output),
			    f.log->v[i].output_len);
		}
	fixture_free(&f);
}
END_TEST

START_TEST(test_slog_wall_format)
{
	char	buf[40];

	slog_wall_format(1740819600123LL, buf, sizeof buf);
	ck_assert_str_eq(buf, "2025-03-01T09:00:00.123+00:00");
}
END_TEST

/* --- seals --------------------------------------------------------------- */

START_TEST(test_report_seals)
{
	struct strbuf	md = STRBUF_INIT, jl = STRBUF_INIT;

	strbuf_adds(&md, "# report\n\nsome text\n");
	report_seal_markdown(&md);
	ck_assert_int_eq(report_verify(md.s, md.len), REPORT_OK);
	md.s[3] = 'R';
	ck_assert_int_eq(report_verify(md.s, md.len), REPORT_MODIFIED);
	md.s[3] = 'r';
	/* Anything after the seal, or no seal at all. */
	strbuf_adds(&md, "more\n");
	ck_assert_int_eq(report_verify(md.s, md.len), REPORT_UNSEALED);
	ck_assert_int_eq(report_verify("x\n", 2), REPORT_UNSEALED);
	ck_assert_int_eq(report_verify("", 0), REPORT_UNSEALED);

	strbuf_adds(&jl, "{\"type\":\"header\"}\n{\"seq\":1}\n");
	report_seal_jsonl(&jl);
	ck_assert_int_eq(report_verify(jl.s, jl.len), REPORT_OK);
	ck_assert_ptr_nonnull(strstr(jl.s, "{\"type\":\"checksum\",\"sha256\":\""));
	jl.s[jl.len - 5] = jl.s[jl.len - 5] == '0' ? '1' : '0';
	ck_assert_int_eq(report_verify(jl.s, jl.len), REPORT_MODIFIED);
	strbuf_free(&md);
	strbuf_free(&jl);
}
END_TEST

Suite *
suite_journal(void)
{
	Suite	*s = suite_create("journal");
	TCase	*tc;

	tc = tcase_create("sha256");
	tcase_add_loop_test(tc, test_sha256_vectors, 0,
	    (int)nitems(sha256_vectors));
	tcase_add_test(tc, test_sha256_million_a);
	tcase_add_test(tc, test_sha256_split_equals_whole);
	suite_add_tcase(s, tc);

	tc = tcase_create("slog");
	tcase_add_test(tc, test_slog_order);
	tcase_add_test(tc, test_slog_bounds);
	tcase_add_test(tc, test_slog_output_cap);
	tcase_add_test(tc, test_slog_wall_format);
	suite_add_tcase(s, tc);

	tc = tcase_create("seals");
	tcase_add_test(tc, test_report_seals);
	suite_add_tcase(s, tc);
	return s;
}
