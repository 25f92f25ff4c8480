/*
 * test_util.c - unit tests for src/util.
 *
 * Table-driven where the function is a mapping (murmur2 vectors, widths,
 * wraps, durations).  The UTF-8 width tests run once in the C locale and
 * once in C.UTF-8, via loop tests, and must agree: widths come from
 * utf8proc, never from the locale.  fatal() tests rely on Check's fork
 * mode to survive abort().
 */

#include "config.h"

#include <inttypes.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests.h"
#include "util/duration.h"
#include "util/i18n.h"
#include "util/murmur2.h"
#include "util/prng.h"
#include "util/readfile.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* --- xmalloc ------------------------------------------------------------- */

/* Keeps the expected "isrlab: ..." lines of dying tests out of the log. */
static void
test_quiet_stderr(void)
{
	FILE	*f = freopen("/dev/null", "w", stderr);

	ck_assert_ptr_nonnull(f);
}

START_TEST(test_xmalloc_basic)
{
	unsigned char	*p;
	char		*s;
	size_t		 i;

	p = xmalloc(0);
	ck_assert_ptr_nonnull(p);
	free(p);

	p = xcalloc(16, 4);
	for (i = 0; i < 64; i++)
		ck_assert_uint_eq(p[i], 0);
	p = xreallocarray(p, 1000, 4);
	p[3999] = 7;
	p = xrealloc(p, 8000);
	ck_assert_uint_eq(p[3999], 7);
	free(p);

	s = xstrdup("리더");
	ck_assert_str_eq(s, "리더");
	free(s);
	s = xstrndup("abcdef", 3);
	ck_assert_str_eq(s, "abc");
	free(s);
	s = xstrndup("ab", 10);
	ck_assert_str_eq(s, "ab");
	free(s);
	s = xasprintf("%s-%d@%" PRId64, "email.send", 0, (int64_t)41);
	ck_assert_str_eq(s, "email.send-0@41");
	free(s);
}
END_TEST

START_TEST(test_xmalloc_overflow_aborts)
{
	void	*p;

	test_quiet_stderr();
	p = xreallocarray(NULL, SIZE_MAX / 2, 4);
	free(p);	/* not reached */
}
END_TEST

START_TEST(test_fatal_aborts)
{
	test_quiet_stderr();
	fatal("broken invariant %d", 42);
}
END_TEST

static void
test_hook_exit(void)
{
	_exit(3);
}

START_TEST(test_fatal_calls_hook_first)
{
	fatal_set_hook(test_hook_exit);
	fatal("hook should run before this is printed");
}
END_TEST

static void
test_hook_recurse(void)
{
	/* A failing hook must not loop: the inner fatal() has no hook. */
	fatal("inside the hook");
}

START_TEST(test_fatal_hook_runs_once)
{
	test_quiet_stderr();
	fatal_set_hook(test_hook_recurse);
	fatal("outer");
}
END_TEST

/* --- strbuf -------------------------------------------------------------- */

START_TEST(test_strbuf_basic)
{
	struct strbuf	 sb = STRBUF_INIT;
	char		*s;

	ck_assert_str_eq(strbuf_cstr(&sb), "");
	ck_assert_uint_eq(sb.len, 0);

	strbuf_adds(&sb, "Topic: ");
	strbuf_add(&sb, "email.send-extra", 10);
	strbuf_addc(&sb, '\t');
	strbuf_printf(&sb, "Partition: %d", 0);
	ck_assert_str_eq(strbuf_cstr(&sb), "Topic: email.send\tPartition: 0");
	ck_assert_uint_eq(sb.len, strlen(sb.s));
	ck_assert_uint_lt(sb.len, sb.cap);

	strbuf_reset(&sb);
	ck_assert_uint_eq(sb.len, 0);
	ck_assert_str_eq(strbuf_cstr(&sb), "");

	strbuf_adds(&sb, "x");
	s = strbuf_detach(&sb);
	ck_assert_str_eq(s, "x");
	free(s);
	ck_assert_ptr_null(sb.s);
	ck_assert_uint_eq(sb.len, 0);

	s = strbuf_detach(&sb);		/* empty: a new "" */
	ck_assert_str_eq(s, "");
	free(s);

	strbuf_add(&sb, "", 0);		/* adding nothing still terminates */
	ck_assert_ptr_nonnull(sb.s);
	ck_assert_str_eq(sb.s, "");
	strbuf_free(&sb);
	ck_assert_ptr_null(sb.s);
	ck_assert_uint_eq(sb.cap, 0);
}
END_TEST

START_TEST(test_strbuf_growth)
{
	struct strbuf	sb = STRBUF_INIT;
	char		big[1000];
	int		i;

	for (i = 0; i < 10000; i++)
		strbuf_addc(&sb, (char)('a' + i % 26));
	ck_assert_uint_eq(sb.len, 10000);
	ck_assert_int_eq(sb.s[9999], 'a' + 9999 % 26);
	ck_assert_int_eq(sb.s[10000], '\0');

	/* A printf longer than the free space takes the second pass. */
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	strbuf_reset(&sb);
	strbuf_printf(&sb, "<%s>", big);
	strbuf_printf(&sb, "%s", big);
	ck_assert_uint_eq(sb.len, 2 * 999 + 2);
	ck_assert_int_eq(sb.s[0], '<');
	ck_assert_int_eq(sb.s[1000], '>');
	ck_assert_uint_eq(strlen(sb.s), sb.len);

	/* Embedded NUL bytes are kept and counted. */
	strbuf_reset(&sb);
	strbuf_add(&sb, "a\0b", 3);
	ck_assert_uint_eq(sb.len, 3);
	ck_assert_mem_eq(sb.s, "a\0b", 4);
	strbuf_free(&sb);
}
END_TEST

/* --- prng ---------------------------------------------------------------- */

/* splitmix64 + xoshiro256** reference outputs (from the reference C code). */
static const struct {
	uint64_t	seed;
	uint64_t	state0;
	uint64_t	out[4];
} prng_vectors[] = {
	{ 0, UINT64_C(0xe220a8397b1dcdaf),
	  { UINT64_C(0x99ec5f36cb75f2b4), UINT64_C(0xbf6e1f784956452a),
	    UINT64_C(0x1a5f849d4933e6e0), UINT64_C(0x6aa594f1262d2d2c) } },
	{ 42, UINT64_C(0xbdd732262feb6e95),
	  { UINT64_C(0x15780b2e0c2ec716), UINT64_C(0x6104d9866d113a7e),
	    UINT64_C(0xae17533239e499a1), UINT64_C(0xecb8ad4703b360a1) } },
	{ 0xdeadbeef, UINT64_C(0x4adfb90f68c9eb9b),
	  { UINT64_C(0xc5555444a74d7e83), UINT64_C(0x65c30d37b4b16e38),
	    UINT64_C(0x54f773200a4efa23), UINT64_C(0x429aed75fb958af7) } },
};

START_TEST(test_prng_vectors)
{
	struct prng	p;
	int		i;

	prng_seed(&p, prng_vectors[_i].seed);
	ck_assert_uint_eq(p.s[0], prng_vectors[_i].state0);
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(prng_next(&p), prng_vectors[_i].out[i]);
}
END_TEST

START_TEST(test_prng_determinism)
{
	struct prng	a, b, c;
	int		i, same = 0;

	prng_seed(&a, 12345);
	prng_seed(&b, 12345);
	prng_seed(&c, 12346);
	for (i = 0; i < 1000; i++) {
		uint64_t x = prng_next(&a);

		ck_assert_uint_eq(x, prng_next(&b));
		if (x == prng_next(&c))
			same++;
	}
	ck_assert_int_eq(same, 0);

	/* Copying the state forks an identical stream. */
	c = a;
	for (i = 0; i < 10; i++)
		ck_assert_uint_eq(prng_next(&a), prng_next(&c));
}
END_TEST

START_TEST(test_prng_below_and_unit)
{
	struct prng	p;
	unsigned	counts[6] = { 0 };
	int		i;

	prng_seed(&p, 7);
	ck_assert_uint_eq(prng_below(&p, 0), 0);
	ck_assert_uint_eq(prng_below(&p, 1), 0);
	for (i = 0; i < 60000; i++) {
		uint64_t r = prng_below(&p, 6);

		ck_assert_uint_lt(r, 6);
		counts[r]++;
	}
	/* Each face near 10000: far outside 5 sigma (~450) means a bug. */
	for (i = 0; i < 6; i++) {
		ck_assert_uint_gt(counts[i], 9000);
		ck_assert_uint_lt(counts[i], 11000);
	}
	ck_assert_uint_lt(prng_below(&p, UINT64_MAX), UINT64_MAX);
	ck_assert_uint_lt(prng_below(&p, (UINT64_C(1) << 63) + 1),
	    (UINT64_C(1) << 63) + 1);

	for (i = 0; i < 10000; i++) {
		double u = prng_unit(&p);

		ck_assert(u >= 0.0 && u < 1.0);
	}
}
END_TEST

/* --- murmur2 ------------------------------------------------------------- */

/*
 * Kafka's Utils.murmur2 outputs; the first three are from Kafka's own
 * UtilsTest, the rest were checked against a transcription of the Java.
 */
static const struct {
	const char	*key;
	size_t		 len;
	int32_t		 hash;
	int		 part3;		/* partition among 3 */
	int		 part12;	/* partition among 12 */
} murmur2_vectors[] = {
	{ "21", 2, -973932308, 0, 0 },
	{ "foobar", 6, -790332482, 0, 6 },
	{ "abc", 3, 479470107, 0, 3 },
	{ "", 0, 275646681, 0, 9 },
	{ "a", 1, -1563381124, 1, 4 },
	{ "ab", 2, 316155434, 2, 2 },
	{ "abcd", 4, -1323649548, 2, 8 },
	{ "email-key-1", 11, -1162190382, 2, 2 },
	{ "\xec\xa3\xbc\xeb\xac\xb8", 6, 1004645367, 0, 3 },	/* 주문 */
};

START_TEST(test_murmur2_vectors)
{
	const char	*key = murmur2_vectors[_i].key;
	size_t		 len = murmur2_vectors[_i].len;

	ck_assert_int_eq(murmur2(key, len), murmur2_vectors[_i].hash);
	ck_assert_int_eq(murmur2_partition(key, len, 1), 0);
	ck_assert_int_eq(murmur2_partition(key, len, 3),
	    murmur2_vectors[_i].part3);
	ck_assert_int_eq(murmur2_partition(key, len, 12),
	    murmur2_vectors[_i].part12);
}
END_TEST

START_TEST(test_murmur2_bytes)
{
	static const unsigned char abc[] = { 'a', 'b', 'c' };

	ck_assert_int_eq(murmur2(abc, sizeof abc), 479470107);
	ck_assert_int_eq(murmur2_partition(abc, sizeof abc, 0), -1);
	ck_assert_int_eq(murmur2_partition(abc, sizeof abc, -3), -1);
}
END_TEST

/* --- utf8 ---------------------------------------------------------------- */

/* Decoding: one validity rule (RFC 3629), an invalid byte is U+FFFD. */
static const struct {
	const char	*s;
	size_t		 n;		/* bytes available */
	uint32_t	 cp;
	size_t		 len;
} utf8_decodes[] = {
	{ "A", 1, 0x41, 1 },
	{ "\xc3\xa9", 2, 0xe9, 2 },			/* é */
	{ "\xea\xb0\x80", 3, 0xac00, 3 },		/* 가 */
	{ "\xed\x9f\xbf", 3, 0xd7ff, 3 },		/* last before surrogates */
	{ "\xee\x80\x80", 3, 0xe000, 3 },		/* private use */
	{ "\xf0\x9f\x98\x80", 4, 0x1f600, 4 },		/* 😀 */
	{ "\xf4\x8f\xbf\xbf", 4, 0x10ffff, 4 },		/* the last code point */
	{ "\xf4\x90\x80\x80", 4, 0xfffd, 1 },		/* U+110000 */
	{ "\xf5\x80\x80\x80", 4, 0xfffd, 1 },
	{ "\xc0\xaf", 2, 0xfffd, 1 },			/* overlong '/' */
	{ "\xc1\xbf", 2, 0xfffd, 1 },
	{ "\xe0\x80\xaf", 3, 0xfffd, 1 },		/* overlong, 3 bytes */
	{ "\xf0\x80\x80\xaf", 4, 0xfffd, 1 },		/* overlong, 4 bytes */
	{ "\xed\xa0\x80", 3, 0xfffd, 1 },		/* surrogate D800 */
	{ "\xed\xbf\xbf", 3, 0xfffd, 1 },		/* surrogate DFFF */
	{ "\x80", 1, 0xfffd, 1 },			/* stray continuation */
	{ "\xff", 1, 0xfffd, 1 },
	{ "\xea\xb0" "A", 3, 0xfffd, 1 },		/* cut short by 'A' */
	{ "\xf0\x9f\x98\x80", 3, 0xfffd, 1 },		/* cut short by N */
	{ "\xef\xbf\xbd", 3, 0xfffd, 3 },		/* a real U+FFFD */
};

START_TEST(test_utf8_decode)
{
	uint32_t	cp;
	size_t		len;

	len = utf8_decode(utf8_decodes[_i].s, utf8_decodes[_i].n, &cp);
	ck_assert_msg(cp == utf8_decodes[_i].cp && len == utf8_decodes[_i].len,
	    "case %d: U+%04" PRIX32 "/%zu, want U+%04" PRIX32 "/%zu", _i, cp,
	    len, utf8_decodes[_i].cp, utf8_decodes[_i].len);
}
END_TEST

/* Every scalar value survives encode + decode; the rest encode as U+FFFD.
 * (Failures are counted, not asserted one by one: each ck_assert costs a
 * write to Check's pipe, and this is 1.1 million code points.) */
START_TEST(test_utf8_encode_roundtrip)
{
	char		buf[UTF8_MAX_LEN];
	uint32_t	c, back, first_bad = 0;
	size_t		n;
	unsigned	bad = 0;
	bool		ok;

	for (c = 0; c <= 0x10ffff; c++) {
		n = utf8_encode(c, buf);
		if (!utf8_is_scalar(c))
			ok = (c >= 0xd800 && c <= 0xdfff && n == 3 &&
			    memcmp(buf, "\xef\xbf\xbd", 3) == 0);
		else
			ok = n == (c < 0x80 ? 1u : c < 0x800 ? 2u :
			    c < 0x10000 ? 3u : 4u) &&
			    utf8_decode(buf, n, &back) == n && back == c;
		if (!ok && bad++ == 0)
			first_bad = c;
	}
	ck_assert_msg(bad == 0, "%u code points fail, the first U+%04" PRIX32,
	    bad, first_bad);
	ck_assert(!utf8_is_scalar(0x110000));
	ck_assert_uint_eq(utf8_encode(0x110000, buf), 3);
}
END_TEST

/* utf8_prev() finds the boundaries utf8_decode() makes, going forwards. */
START_TEST(test_utf8_prev)
{
	static const char *const texts[] = {
		"a\xc3\xa9\xea\xb0\x80\xf0\x9f\x98\x80z",
		"\x80\x80\x80\x80\x80",		/* stray continuations */
		"\xe3\x81" "a\xf0\x9f\x98",		/* cut short */
		"\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80",	/* invalid forms */
	};
	size_t	i, off, n, k, starts[32], n_starts;
	uint32_t cp;

	for (i = 0; i < nitems(texts); i++) {
		n = strlen(texts[i]);
		n_starts = 0;
		for (off = 0; off < n; off += utf8_decode(texts[i] + off,
		    n - off, &cp))
			starts[n_starts++] = off;
		for (k = n_starts, off = n; k > 0; k--) {
			off = utf8_prev(texts[i], off);
			ck_assert_msg(off == starts[k - 1],
			    "text %zu: prev is %zu, want %zu", i, off,
			    starts[k - 1]);
		}
	}
}
END_TEST

START_TEST(test_utf8_is_control)
{
	ck_assert(utf8_is_control(0x00));
	ck_assert(utf8_is_control(0x1b));
	ck_assert(utf8_is_control(0x7f));
	ck_assert(utf8_is_control(0x9b));	/* CSI */
	ck_assert(!utf8_is_control(' '));
	ck_assert(!utf8_is_control(0xa0));
	ck_assert(!utf8_is_control(0xac00));
}
END_TEST

/* Known code points (the old hand-made table had the emoji here at 1). */
static const struct {
	uint32_t	cp;
	int		width;
} utf8_cp_widths[] = {
	{ 0x0041, 1 },		/* A */
	{ 0x00e9, 1 },		/* é */
	{ 0xac00, 2 },		/* 가, first Hangul syllable */
	{ 0xd55c, 2 },		/* 한 */
	{ 0xd7a3, 2 },		/* 힣, last Hangul syllable */
	{ 0x1100, 2 },		/* jamo initial ᄀ */
	{ 0x1161, 0 },		/* jamo medial ᅡ: joins the initial */
	{ 0x11a8, 0 },		/* jamo final ᆨ */
	{ 0xd7b0, 0 },		/* jamo extended-B medial */
	{ 0x3131, 2 },		/* compatibility jamo ㄱ */
	{ 0x4e2d, 2 },		/* 中 */
	{ 0x3042, 2 },		/* あ */
	{ 0xff21, 2 },		/* fullwidth Ａ */
	{ 0x20000, 2 },		/* CJK extension B */
	{ 0x0300, 0 },		/* combining grave */
	{ 0x0301, 0 },		/* combining acute */
	{ 0x20d0, 0 },		/* combining mark for symbols */
	{ 0x0903, 1 },		/* Devanagari visarga, a spacing mark */
	{ 0x200b, 0 },		/* zero width space */
	{ 0xfe0f, 0 },		/* variation selector 16 */
	{ 0x1f600, 2 },		/* 😀 */
	{ 0x1f680, 2 },		/* 🚀 */
	{ 0x1f44d, 2 },		/* 👍 */
	{ 0x2705, 2 },		/* ✅ */
	{ 0x231a, 2 },		/* ⌚ */
	{ 0x2764, 1 },		/* ❤ text presentation by default */
	{ 0x25cf, 1 },		/* ● narrow (ambiguous counts 1) */
	{ 0x2500, 1 },		/* ─ box drawing */
	{ 0x0000, 0 },
	{ 0x001b, 0 },		/* ESC */
	{ 0x007f, 0 },		/* DEL */
	{ 0x0085, 0 },		/* C1 control */
	{ 0xfffd, 1 },
	{ 0xd800, 1 },		/* not a scalar: drawn as U+FFFD */
	{ 0x110000, 1 },
};

START_TEST(test_utf8_cp_width)
{
	size_t	i;

	for (i = 0; i < nitems(utf8_cp_widths); i++)
		ck_assert_msg(utf8_cp_width(utf8_cp_widths[i].cp) ==
		    utf8_cp_widths[i].width, "U+%04" PRIX32 ": %d, want %d",
		    utf8_cp_widths[i].cp, utf8_cp_width(utf8_cp_widths[i].cp),
		    utf8_cp_widths[i].width);
}
END_TEST

/* Loop index 0: the C locale; 1: C.UTF-8.  Widths must not differ. */
static const char *const utf8_locales[] = { "C", "C.UTF-8" };

static int
utf8_use_locale(int i)
{
	if (setlocale(LC_CTYPE, utf8_locales[i]) != NULL)
		return 1;
	/* Some systems spell it C.utf8 or lack it; then there is nothing to test. */
	return setlocale(LC_CTYPE, "C.utf8") != NULL;
}

static const struct {
	const char	*s;
	int		 width;
} utf8_widths[] = {
	{ "", 0 },
	{ "abc", 3 },
	{ "리더 파티션", 11 },
	{ "Lab 01 리더 파티션 장애", 23 },
	{ "日本語", 6 },
	{ "ＡＢ", 4 },			/* fullwidth forms */
	{ "é", 1 },			/* precomposed U+00E9 */
	{ "e\xcc\x81", 1 },		/* e + combining acute */
	{ "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", 2 },	/* jamo ㅎ+ㅏ+ㄴ */
	{ "● UP", 4 },			/* narrow symbols stay narrow */
	{ "\xff\xfe", 2 },		/* invalid bytes: 1 each */
	{ "a\xea\xb0", 3 },		/* truncated sequence */
	{ "\xc0\xaf", 2 },		/* overlong '/' */
	{ "\xed\xa0\x80", 3 },		/* surrogate */
	{ "\xf0\xa0\x80\x80", 2 },	/* U+20000, CJK extension B */
	{ "😀", 2 },
	{ "🚀 ok", 5 },
	{ "✅ done", 7 },
	{ "中文", 4 },
	{ "\xe1\x84\x92\xe1\x85\xa1x", 3 },	/* jamo ㅎ+ㅏ, then x */
};

START_TEST(test_utf8_width)
{
	size_t	i;

	if (!utf8_use_locale(_i))
		return;
	for (i = 0; i < nitems(utf8_widths); i++)
		ck_assert_msg(utf8_width(utf8_widths[i].s) == utf8_widths[i].width,
		    "locale %s: width of \"%s\" is %d, want %d", utf8_locales[_i],
		    utf8_widths[i].s, utf8_width(utf8_widths[i].s),
		    utf8_widths[i].width);
	setlocale(LC_CTYPE, "C");
}
END_TEST

static const struct {
	const char	*s;
	int		 cols;
	size_t		 bytes;
} utf8_prefixes[] = {
	{ "리더 파티션", 0, 0 },
	{ "리더 파티션", -5, 0 },
	{ "리더 파티션", 1, 0 },		/* half a syllable never fits */
	{ "리더 파티션", 2, 3 },
	{ "리더 파티션", 3, 3 },
	{ "리더 파티션", 4, 6 },
	{ "리더 파티션", 5, 7 },
	{ "리더 파티션", 11, 16 },
	{ "리더 파티션", 100, 16 },
	{ "e\xcc\x81x", 1, 3 },		/* the mark stays with its e */
	{ "abc", 2, 2 },
	{ "\xff\xfe", 1, 1 },
	{ "😀x", 1, 0 },			/* half an emoji never fits */
	{ "😀x", 2, 4 },
	{ "a\xcc\x81😀", 2, 3 },
};

START_TEST(test_utf8_bytes_for_width)
{
	size_t	i;

	if (!utf8_use_locale(_i))
		return;
	for (i = 0; i < nitems(utf8_prefixes); i++)
		ck_assert_msg(utf8_bytes_for_width(utf8_prefixes[i].s,
		    utf8_prefixes[i].cols) == utf8_prefixes[i].bytes,
		    "locale %s: \"%s\" in %d cols is %zu bytes, want %zu",
		    utf8_locales[_i], utf8_prefixes[i].s, utf8_prefixes[i].cols,
		    utf8_bytes_for_width(utf8_prefixes[i].s,
		    utf8_prefixes[i].cols), utf8_prefixes[i].bytes);
	setlocale(LC_CTYPE, "C");
}
END_TEST

struct wrap_result {
	struct strbuf	out;	/* lines joined with '|' */
	int		cols;
	int		lines;
	int		too_wide;	/* lines over cols that could be cut */
};

static void
wrap_collect(const char *line, size_t len, void *arg)
{
	struct wrap_result	*r = arg;
	char			*copy = xstrndup(line, len);

	if (r->lines++ > 0)
		strbuf_addc(&r->out, '|');
	strbuf_add(&r->out, line, len);
	/* Over width is only right for one character wider than cols. */
	if (utf8_width(copy) > r->cols && utf8_bytes_for_width(copy, r->cols) > 0)
		r->too_wide++;
	free(copy);
}

static const struct {
	const char	*s;
	int		 cols;
	const char	*want;
} utf8_wraps[] = {
	{ "hello world", 20, "hello world" },
	{ "hello world", 11, "hello world" },
	{ "hello world", 5, "hello|world" },
	{ "hello world", 7, "hello|world" },
	{ "hello   world  ", 5, "hello|world" },
	{ "abcdefgh", 3, "abc|def|gh" },
	{ "a verylongword", 5, "a|veryl|ongwo|rd" },
	{ "  indented text", 10, "  indented|text" },
	{ "리더 파티션 장애", 6, "리더|파티션|장애" },
	{ "리더 파티션 장애", 11, "리더 파티션|장애" },
	{ "리더파티션", 5, "리더|파티|션" },
	{ "노드 1이 종료되었으므로 다른 노드를 통해 조회한다.", 20,
	  "노드 1이|종료되었으므로 다른|노드를 통해|조회한다." },
	{ "日", 1, "日" },			/* wider than cols: alone */
	{ "🚀🚀🚀", 4, "🚀🚀|🚀" },
	{ "ok 🚀 go", 4, "ok|🚀|go" },
	{ "a\n\nb", 10, "a||b" },
	{ "first line\nsecond line\n", 6, "first|line|second|line" },
	{ "x", 0, "x" },			/* cols < 1 acts as 1 */
	{ "", 5, "" },
};

START_TEST(test_utf8_wrap)
{
	struct wrap_result	r;
	size_t			i;

	if (!utf8_use_locale(_i))
		return;
	for (i = 0; i < nitems(utf8_wraps); i++) {
		memset(&r, 0, sizeof r);
		r.cols = utf8_wraps[i].cols < 1 ? 1 : utf8_wraps[i].cols;
		utf8_wrap(utf8_wraps[i].s, utf8_wraps[i].cols, wrap_collect, &r);
		ck_assert_msg(strcmp(strbuf_cstr(&r.out), utf8_wraps[i].want) == 0,
		    "locale %s: wrap(\"%s\", %d) = \"%s\", want \"%s\"",
		    utf8_locales[_i], utf8_wraps[i].s, utf8_wraps[i].cols,
		    strbuf_cstr(&r.out), utf8_wraps[i].want);
		ck_assert_int_eq(r.too_wide, 0);
		strbuf_free(&r.out);
	}
	memset(&r, 0, sizeof r);
	utf8_wrap("", 5, wrap_collect, &r);
	ck_assert_int_eq(r.lines, 0);
	setlocale(LC_CTYPE, "C");
}
END_TEST

/* --- duration ------------------------------------------------------------ */

static const struct {
	const char	*s;
	int		 ok;
	int64_t		 ms;
} duration_parses[] = {
	{ "250ms", 1, 250 },
	{ "5s", 1, 5000 },
	{ "1.5s", 1, 1500 },
	{ "0.1s", 1, 100 },
	{ "0.001s", 1, 1 },
	{ "1m", 1, 60000 },
	{ "1.5m", 1, 90000 },
	{ "2h", 1, 7200000 },
	{ "250", 1, 250 },
	{ "0", 1, 0 },
	{ "0ms", 1, 0 },
	{ "1.000000000000000000000s", 1, 1000 },
	{ "24h", 1, DURATION_MAX_MS },		/* the maximum */
	{ "1440m", 1, DURATION_MAX_MS },
	{ "86400000", 1, DURATION_MAX_MS },
	{ "", 0, 0 },
	{ "s", 0, 0 },
	{ "ms", 0, 0 },
	{ "-5s", 0, 0 },
	{ "+5s", 0, 0 },
	{ " 5s", 0, 0 },
	{ "5s ", 0, 0 },
	{ "5 s", 0, 0 },
	{ "5x", 0, 0 },
	{ "5S", 0, 0 },
	{ "5sec", 0, 0 },
	{ "1.5", 0, 0 },		/* 1.5 ms */
	{ "1.0005s", 0, 0 },		/* 1000.5 ms */
	{ "1.", 0, 0 },
	{ ".5s", 0, 0 },
	{ "1..5s", 0, 0 },
	{ "9223372036854775807", 0, 0 },	/* past 24 h */
	{ "86400001", 0, 0 },
	{ "24.001h", 0, 0 },
	{ "25h", 0, 0 },
	{ "100000000h", 0, 0 },		/* issue 11 */
	{ "9223372036854775808", 0, 0 },
	{ "9223372036854775807s", 0, 0 },
	{ "99999999999999999999999ms", 0, 0 },
};

START_TEST(test_duration_parse)
{
	int64_t	ms = -7;
	int	rc;

	rc = duration_parse(duration_parses[_i].s, &ms);
	if (duration_parses[_i].ok) {
		ck_assert_msg(rc == 0, "\"%s\" refused", duration_parses[_i].s);
		ck_assert_int_eq(ms, duration_parses[_i].ms);
	} else {
		ck_assert_msg(rc == -1, "\"%s\" accepted as %" PRId64,
		    duration_parses[_i].s, ms);
		ck_assert_int_eq(ms, -7);	/* left alone */
	}
}
END_TEST

START_TEST(test_duration_format)
{
	static const struct {
		int64_t		 ms;
		const char	*want;
	} cases[] = {
		{ 0, "0.000s" },
		{ 1, "0.001s" },
		{ 12300, "12.300s" },
		{ 42300, "42.300s" },
		{ 3600000, "3600.000s" },
		{ DURATION_MAX_MS, "86400.000s" },
		{ -250, "-0.250s" },
		{ INT64_MAX, "9223372036854775.807s" },
		{ INT64_MIN, "-9223372036854775.808s" },
	};
	char	buf[32], small[4];
	size_t	i;

	for (i = 0; i < nitems(cases); i++) {
		duration_format(cases[i].ms, buf, sizeof buf);
		ck_assert_str_eq(buf, cases[i].want);
	}
	duration_format(12300, small, sizeof small);
	ck_assert_str_eq(small, "12.");		/* truncated, terminated */

	/* What format prints, parse reads back. */
	for (i = 0; i < 6; i++) {
		int64_t	ms;

		duration_format(cases[i].ms, buf, sizeof buf);
		ck_assert_int_eq(duration_parse(buf, &ms), 0);
		ck_assert_int_eq(ms, cases[i].ms);
	}
}
END_TEST

/* --- readfile ------------------------------------------------------------ */

/* A fresh temporary folder; the caller removes what it made. */
static char *
readfile_tmpdir(void)
{
	char	tmpl[] = "/tmp/isrlab-readfile-XXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	return xstrdup(tmpl);
}

static void
readfile_put(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(test_readfile_regular)
{
	struct readfile_limits	 lim = { .max_size = 16, .max_line = 5 };
	char			*dir = readfile_tmpdir(), *path, *data, err[256];
	size_t			 len;

	path = xasprintf("%s/ok", dir);
	readfile_put(path, "ab\ncde\n");
	ck_assert_int_eq(readfile_load(path, &lim, &data, &len, err,
	    sizeof err), 0);
	ck_assert_uint_eq(len, 7);
	ck_assert_str_eq(data, "ab\ncde\n");
	free(data);

	/* Exactly at the limits is fine; one byte more is refused. */
	readfile_put(path, "12345\n1234567890");
	ck_assert_int_eq(readfile_load(path, &lim, &data, &len, err,
	    sizeof err), -1);
	ck_assert_ptr_null(data);
	ck_assert_ptr_nonnull(strstr(err, ":2: refused: a line longer than "
	    "5 bytes"));
	readfile_put(path, "1234\n1234\n1234\n12");
	ck_assert_int_eq(readfile_load(path, &lim, &data, &len, err,
	    sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "refused: 17 bytes, more than the "
	    "limit of 16"));
	unlink(path);
	free(path);
	rmdir(dir);
	free(dir);
}
END_TEST

/* A FIFO, a directory, /dev/zero and a link to it: refused at once, with
 * the reason (issue 11: they blocked or grew without end). */
START_TEST(test_readfile_not_regular)
{
	char	*dir = readfile_tmpdir(), *fifo, *link, *data, err[256];
	size_t	 len;

	fifo = xasprintf("%s/x.jsonl", dir);
	link = xasprintf("%s/zero.jsonl", dir);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(symlink("/dev/zero", link), 0);
	ck_assert_int_eq(readfile_load(fifo, &readfile_log_limits, &data,
	    &len, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "refused: a FIFO"));
	ck_assert_int_eq(readfile_load(link, &readfile_log_limits, &data,
	    &len, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "refused: a character device"));
	ck_assert_int_eq(readfile_load("/dev/zero", &readfile_log_limits,
	    &data, &len, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "/dev/zero: refused"));
	ck_assert_int_eq(readfile_load(dir, &readfile_text_limits, &data,
	    &len, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "refused: a directory"));
	ck_assert_int_eq(readfile_load("/nonexistent/x", &readfile_text_limits,
	    &data, &len, err, sizeof err), -1);
	ck_assert_str_eq(err, "/nonexistent/x: No such file or directory");
	unlink(fifo);
	unlink(link);
	rmdir(dir);
	free(fifo);
	free(link);
	free(dir);
}
END_TEST

/* --- suite --------------------------------------------------------------- */


/* Which language the environment asks for: LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG in that order; a locale of neither language means Korean. */
static const struct {
	const char	*language, *lc_all, *lc_messages, *lang;
	bool		 english;
} i18n_envs[] = {
	{ NULL, NULL, NULL, NULL, false },
	{ NULL, NULL, NULL, "en_US.UTF-8", true },
	{ NULL, NULL, NULL, "ko_KR.UTF-8", false },
	{ NULL, "C.UTF-8", NULL, "en_US.UTF-8", false },
	{ "", "", "", "en_GB", true },
	{ NULL, NULL, "en_US.UTF-8", "ko_KR.UTF-8", true },
	{ "fr:en", NULL, NULL, "ko_KR.UTF-8", true },
	{ "ko:en", "en_US.UTF-8", NULL, NULL, false },
	{ "fr", NULL, NULL, "en", true },
	{ NULL, NULL, NULL, "eng_XX", false },
	{ NULL, NULL, NULL, "en@quot", true },
	{ NULL, "POSIX", NULL, "en_US.UTF-8", false },
};

START_TEST(test_i18n_env_english)
{
	ck_assert_int_eq(i18n_env_english(i18n_envs[_i].language,
	    i18n_envs[_i].lc_all, i18n_envs[_i].lc_messages,
	    i18n_envs[_i].lang), i18n_envs[_i].english);
}
END_TEST

Suite *
suite_util(void)
{
	Suite	*s = suite_create("util");
	TCase	*tc;

	tc = tcase_create("xmalloc");
	tcase_add_test(tc, test_xmalloc_basic);
	/* These end the process: only with Check's fork mode (the default). */
	if (getenv("CK_FORK") == NULL || strcmp(getenv("CK_FORK"), "no") != 0) {
		tcase_add_test_raise_signal(tc, test_xmalloc_overflow_aborts,
		    SIGABRT);
		tcase_add_test_raise_signal(tc, test_fatal_aborts, SIGABRT);
		tcase_add_exit_test(tc, test_fatal_calls_hook_first, 3);
		tcase_add_test_raise_signal(tc, test_fatal_hook_runs_once,
		    SIGABRT);
	}
	suite_add_tcase(s, tc);

	tc = tcase_create("strbuf");
	tcase_add_test(tc, test_strbuf_basic);
	tcase_add_test(tc, test_strbuf_growth);
	suite_add_tcase(s, tc);

	tc = tcase_create("prng");
	tcase_add_loop_test(tc, test_prng_vectors, 0, (int)nitems(prng_vectors));
	tcase_add_test(tc, test_prng_determinism);
	tcase_add_test(tc, test_prng_below_and_unit);
	suite_add_tcase(s, tc);

	tc = tcase_create("murmur2");
	tcase_add_loop_test(tc, test_murmur2_vectors, 0,
	    (int)nitems(murmur2_vectors));
	tcase_add_test(tc, test_murmur2_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("utf8");
	tcase_add_loop_test(tc, test_utf8_decode, 0, (int)nitems(utf8_decodes));
	tcase_add_test(tc, test_utf8_encode_roundtrip);
	tcase_add_test(tc, test_utf8_prev);
	tcase_add_test(tc, test_utf8_is_control);
	tcase_add_test(tc, test_utf8_cp_width);
	tcase_add_loop_test(tc, test_utf8_width, 0, (int)nitems(utf8_locales));
	tcase_add_loop_test(tc, test_utf8_bytes_for_width, 0,
	    (int)nitems(utf8_locales));
	tcase_add_loop_test(tc, test_utf8_wrap, 0, (int)nitems(utf8_locales));
	suite_add_tcase(s, tc);

	tc = tcase_create("duration");
	tcase_add_loop_test(tc, test_duration_parse, 0,
	    (int)nitems(duration_parses));
	tcase_add_test(tc, test_duration_format);
	suite_add_tcase(s, tc);

	tc = tcase_create("readfile");
	tcase_add_test(tc, test_readfile_regular);
	tcase_add_test(tc, test_readfile_not_regular);
	suite_add_tcase(s, tc);

	tc = tcase_create("i18n");
	tcase_add_loop_test(tc, test_i18n_env_english, 0,
	    (int)nitems(i18n_envs));
	suite_add_tcase(s, tc);

	return s;
}
