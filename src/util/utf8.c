/*
 * utf8.c - measuring and cutting UTF-8 text by display columns.
 *
 * Everything goes through utf8_next(), which reads one character and its
 * width.  In a UTF-8 locale it decodes with mbrtowc() and measures with
 * wcwidth(), agreeing with what ncursesw will draw.  Otherwise (the C
 * locale of tests and pipes) it decodes UTF-8 itself and measures with a
 * small table after Markus Kuhn's wcwidth: East Asian wide and fullwidth
 * ranges are 2, combining marks and Hangul jamo vowels/finals 0.  Both
 * paths treat a byte that does not start a valid sequence (overlong,
 * surrogate, beyond U+10FFFF, truncated) as one character of width 1 so
 * that no input can make a caller loop or over-run a column.
 */

#include "config.h"

#include <langinfo.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "util/utf8.h"

struct utf8_range {
	uint32_t	first;
	uint32_t	last;
};

/* Zero-width: combining marks, Hangul jamo medial vowels and finals, ZW*. */
static const struct utf8_range utf8_zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x0e31, 0x0e31 },
	{ 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e }, { 0x1160, 0x11ff },
	{ 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff }, { 0x200b, 0x200f },
	{ 0x202a, 0x202e }, { 0x2060, 0x2064 }, { 0x20d0, 0x20ff },
	{ 0x302a, 0x302f }, { 0x3099, 0x309a }, { 0xd7b0, 0xd7ff },
	{ 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
	{ 0xe0100, 0xe01ef },
};

/* Two columns: East Asian Wide and Fullwidth, and common emoji. */
static const struct utf8_range utf8_wide[] = {
	{ 0x1100, 0x115f },	/* Hangul jamo initial consonants */
	{ 0x2329, 0x232a },	/* angle brackets */
	{ 0x2e80, 0x303e },	/* CJK radicals .. CJK symbols (not U+303F) */
	{ 0x3040, 0xa4cf },	/* kana, Hangul compatibility jamo, CJK, Yi */
	{ 0xa960, 0xa97f },	/* Hangul jamo extended-A */
	{ 0xac00, 0xd7a3 },	/* Hangul syllables */
	{ 0xf900, 0xfaff },	/* CJK compatibility ideographs */
	{ 0xfe10, 0xfe19 },	/* vertical forms */
	{ 0xfe30, 0xfe4f },	/* CJK compatibility forms */
	{ 0xff00, 0xff60 },	/* fullwidth forms */
	{ 0xffe0, 0xffe6 },	/* fullwidth signs */
	{ 0x1f300, 0x1f64f },	/* pictographs, emoticons */
	{ 0x1f900, 0x1f9ff },	/* supplemental pictographs */
	{ 0x20000, 0x2fffd },	/* CJK extension B and later */
	{ 0x30000, 0x3fffd },
};

static bool
utf8_in(const struct utf8_range *table, size_t n, uint32_t c)
{
	size_t	lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c < table[mid].first)
			hi = mid;
		else if (c > table[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Width of code point C from the built-in table. */
static int
utf8_table_width(uint32_t c)
{
	if (c < 0x20 || (c >= 0x7f && c < 0xa0))
		return 0;
	if (utf8_in(utf8_zero, sizeof utf8_zero / sizeof utf8_zero[0], c))
		return 0;
	if (utf8_in(utf8_wide, sizeof utf8_wide / sizeof utf8_wide[0], c))
		return 2;
	return 1;
}

/*
 * Decodes one UTF-8 character from the N > 0 bytes at S into *CP.
 * Returns its length, or 0 if S does not start a valid sequence.
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t	c, min;
	size_t		len, i;

	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Whether the current locale's character set is UTF-8. */
static bool
utf8_locale(void)
{
	const char	*cs;

	if (MB_CUR_MAX <= 1)
		return false;
	cs = nl_langinfo(CODESET);
	return strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0;
}

/*
 * Reads the character at S (N > 0 bytes left before the NUL) and sets
 * *WIDTH to its columns.  Returns its length in bytes, at least 1.
 */
static size_t
utf8_next(const char *s, size_t n, bool use_locale, int *width)
{
	uint32_t	cp;
	size_t		len;

	if (use_locale) {
		mbstate_t	ps;
		wchar_t		wc;
		int		w;

		memset(&ps, 0, sizeof ps);
		len = mbrtowc(&wc, s, n, &ps);
		if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
			*width = 1;
			return 1;
		}
		if ((w = wcwidth(wc)) < 0)
			w = utf8_table_width((uint32_t)wc);
		*width = w;
		return len;
	}

	if ((len = utf8_decode((const unsigned char *)s, n, &cp)) == 0) {
		*width = 1;
		return 1;
	}
	*width = utf8_table_width(cp);
	return len;
}

int
utf8_width(const char *s)
{
	bool	use_locale = utf8_locale();
	size_t	n = strlen(s), off = 0;
	int	total = 0, w;

	while (off < n) {
		off += utf8_next(s + off, n - off, use_locale, &w);
		if (total <= INT_MAX - w)
			total += w;
	}
	return total;
}

/* utf8_bytes_for_width() on the first N bytes of S. */
static size_t
utf8_fit(const char *s, size_t n, int cols, bool use_locale)
{
	size_t	off = 0, len;
	int	used = 0, w;

	while (off < n) {
		len = utf8_next(s + off, n - off, use_locale, &w);
		if (used + w > cols)
			break;
		used += w;
		off += len;
	}
	return off;
}

size_t
utf8_bytes_for_width(const char *s, int cols)
{
	if (cols <= 0)
		return 0;
	return utf8_fit(s, strlen(s), cols, utf8_locale());
}

/*
 * Wraps one line (no '\n') of N bytes at S, emitting at least one line.
 */
static void
utf8_wrap_line(const char *s, size_t n, int cols, bool use_locale,
    void (*emit)(const char *, size_t, void *), void *arg)
{
	size_t	fit, cut, next, end;
	int	w;

	for (;;) {
		fit = utf8_fit(s, n, cols, use_locale);
		if (fit == n) {
			emit(s, n, arg);
			return;
		}

		/* Last space at or just after the fitting prefix. */
		cut = fit;
		while (cut > 0 && s[cut] != ' ')
			cut--;
		if (s[cut] == ' ') {
			/* Drop the run of spaces at the break. */
			end = cut;
			while (end > 0 && s[end - 1] == ' ')
				end--;
			next = cut;
			while (next < n && s[next] == ' ')
				next++;
			if (end == 0) {
				/* Only spaces before the break: keep going. */
				s += next;
				n -= next;
				if (n == 0) {
					emit(s, 0, arg);
					return;
				}
				continue;
			}
		} else {
			/* No space: break between characters. */
			end = next = fit;
			if (fit == 0)
				end = next = utf8_next(s, n, use_locale, &w);
		}
		emit(s, end, arg);
		s += next;
		n -= next;
		if (n == 0)
			return;
	}
}

void
utf8_wrap(const char *s, int cols,
    void (*emit)(const char *line, size_t len, void *arg), void *arg)
{
	bool		 use_locale = utf8_locale();
	const char	*nl;
	size_t		 n;

	if (cols < 1)
		cols = 1;
	while (*s != '\0') {
		nl = strchr(s, '\n');
		n = nl != NULL ? (size_t)(nl - s) : strlen(s);
		utf8_wrap_line(s, n, cols, use_locale, emit, arg);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}
