/*
 * utf8.c - UTF-8 text: decoding, display width, cutting and wrapping.
 *
 * Everything goes through utf8_next(), which decodes one character with
 * utf8_decode() and measures it with utf8_cp_width().  Neither looks at the
 * process locale: the widths are utf8proc's (Unicode's East Asian Width
 * and general categories, emoji presentation), so a Hangul syllable or an
 * emoji is 2 columns in the C locale of `make check` exactly as on the
 * screen, where ncursesw measures with the C library's wcwidth().
 */

#include "config.h"

#include <limits.h>
#include <string.h>

#include <utf8proc.h>

#include "util/utf8.h"
#include "util/xmalloc.h"

bool
utf8_is_scalar(uint32_t cp)
{
	return cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
}

size_t
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 c, min;
	size_t			 len, i;

	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {		/* 0xc0, 0xc1: always overlong */
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {	/* 0xf5 and up: > U+10FFFF */
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		goto invalid;
	if (n < len)
		goto invalid;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto invalid;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || !utf8_is_scalar(c))
		goto invalid;
	*cp = c;
	return len;

invalid:
	*cp = UTF8_REPLACEMENT;
	return 1;
}

size_t
utf8_prev(const char *s, size_t off)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 start = off - 1;
	uint32_t		 cp;

	/* Back over at most three continuation bytes to a lead byte; if
	 * that sequence does not end exactly at OFF, the byte before OFF
	 * stands alone (as an invalid byte does when decoding forwards). */
	while (start > 0 && off - start < UTF8_MAX_LEN &&
	    (u[start] & 0xc0) == 0x80)
		start--;
	if (utf8_decode(s + start, off - start, &cp) == off - start)
		return start;
	return off - 1;
}

bool
utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

size_t
utf8_encode(uint32_t cp, char out[UTF8_MAX_LEN])
{
	if (!utf8_is_scalar(cp))
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * utf8proc's width, except in two places where terminals (and the C
 * library's wcwidth(), which ncursesw draws with) disagree with it:
 * - Hangul jamo medial vowels and final consonants (U+1160..U+11FF,
 *   U+D7B0..U+D7FF) are 0: they join the initial consonant before them
 *   into one two-column syllable, as decomposed (NFD) Korean is written.
 * - Spacing combining marks (category Mc, as in Devanagari) take the
 *   column utf8proc gives them none of.
 */
int
utf8_cp_width(uint32_t cp)
{
	int	w;

	if (!utf8_is_scalar(cp))
		return 1;			/* drawn as U+FFFD */
	if ((cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xd7b0 && cp <= 0xd7ff))
		return 0;
	w = utf8proc_charwidth((utf8proc_int32_t)cp);
	if (w == 0 &&
	    utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_MC)
		w = 1;
	return w;
}

/*
 * Reads the character at S (N > 0 bytes left) and sets *WIDTH to its
 * columns.  Returns its length in bytes, at least 1.
 */
static size_t
utf8_next(const char *s, size_t n, int *width)
{
	uint32_t	cp;
	size_t		len;

	len = utf8_decode(s, n, &cp);
	*width = utf8_cp_width(cp);
	return len;
}

int
utf8_width_n(const char *s, size_t n)
{
	size_t	off = 0;
	int	total = 0, w;

	while (off < n) {
		off += utf8_next(s + off, n - off, &w);
		if (total <= INT_MAX - w)
			total += w;
	}
	return total;
}

int
utf8_width(const char *s)
{
	return utf8_width_n(s, strlen(s));
}

/* utf8_bytes_for_width() on the first N bytes of S. */
static size_t
utf8_fit(const char *s, size_t n, int cols)
{
	size_t	off = 0, len;
	int	used = 0, w;

	while (off < n) {
		len = utf8_next(s + off, n - off, &w);
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
	return utf8_fit(s, strlen(s), cols);
}

/*
 * Wraps one line (no '\n') of N bytes at S, emitting at least one line.
 */
static void
utf8_wrap_line(const char *s, size_t n, int cols,
    void (*emit)(const char *, size_t, void *), void *arg)
{
	size_t	fit, cut, next, end;
	int	w;

	for (;;) {
		fit = utf8_fit(s, n, cols);
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
				end = next = utf8_next(s, n, &w);
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
	const char	*nl;
	size_t		 n;

	if (cols < 1)
		cols = 1;
	while (*s != '\0') {
		nl = strchr(s, '\n');
		n = nl != NULL ? (size_t)(nl - s) : strlen(s);
		utf8_wrap_line(s, n, cols, emit, arg);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

void
utf8_printable(struct strbuf *out, const char *s, bool multiline)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s), i, k;
	uint32_t		 c;

	for (i = 0; i < n; i += k) {
		k = utf8_decode(s + i, n - i, &c);
		if (c == 0xfffd && k == 1)	/* an invalid byte */
			strbuf_printf(out, "\\x%02x", p[i]);
		else if (multiline && (c == '\n' || c == '\t'))
			strbuf_addc(out, (char)c);
		else if (c == '\n')
			strbuf_adds(out, "\\n");
		else if (c == '\t')
			strbuf_adds(out, "\\t");
		else if (c == '\r')
			strbuf_adds(out, "\\r");
		else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
			strbuf_printf(out, c < 0x80 ? "\\x%02x" : "\\u%04x",
			    (unsigned)c);
		else
			strbuf_add(out, p + i, k);
	}
}

char *
utf8_printable_dup(const char *s)
{
	struct strbuf	sb = STRBUF_INIT;

	utf8_printable(&sb, s != NULL ? s : "", false);
	return strbuf_detach(&sb);
}
