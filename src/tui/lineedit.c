/*
 * lineedit.c - the console's input line (see lineedit.h).
 *
 * The cursor moves by whole UTF-8 characters: continuation bytes
 * (10xxxxxx) are skipped over, so a Hangul syllable is one step and is
 * never cut.  Everything that enters the line is filtered here, in one
 * place.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/lineedit.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

static bool
lineedit_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

void
lineedit_init(struct lineedit *le)
{
	memset(le, 0, sizeof *le);
}

void
lineedit_free(struct lineedit *le)
{
	int	i;

	for (i = 0; i < le->n_hist; i++)
		free(le->hist[i]);
	memset(le, 0, sizeof *le);
}

void
lineedit_clear(struct lineedit *le)
{
	le->buf[0] = '\0';
	le->len = le->cur = 0;
	le->hpos = le->n_hist;
}

void
lineedit_set(struct lineedit *le, const char *s)
{
	int	hpos = le->hpos;

	lineedit_clear(le);
	lineedit_insert_str(le, s);
	le->hpos = hpos;
}

/* Encode cp as UTF-8 into out; returns the length. */
static size_t
lineedit_encode(uint32_t cp, char *out)
{
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

bool
lineedit_insert(struct lineedit *le, uint32_t cp)
{
	char	enc[4];
	size_t	n;

	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    cp == 0x2028 || cp == 0x2029)
		return false;
	n = lineedit_encode(cp, enc);
	if (le->len + n > LINEEDIT_MAX)
		return false;
	memmove(le->buf + le->cur + n, le->buf + le->cur, le->len - le->cur);
	memcpy(le->buf + le->cur, enc, n);
	le->len += n;
	le->cur += n;
	le->buf[le->len] = '\0';
	return true;
}

/* Decode one UTF-8 character at s; returns its length (1 with U+FFFD for
 * an invalid byte). */
static size_t
lineedit_decode(const unsigned char *s, uint32_t *cp)
{
	size_t		n, i;
	uint32_t	v;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] < 0xe0) {
		n = 2;
		v = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] < 0xf0) {
		n = 3;
		v = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] < 0xf5) {
		n = 4;
		v = s[0] & 0x07;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if (!lineedit_cont(s[i])) {
			*cp = 0xfffd;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 ||
	    v > 0x10ffff))) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = v;
	return n;
}

int
lineedit_insert_str(struct lineedit *le, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 cp;
	int			 n = 0;

	while (*p != '\0') {
		p += lineedit_decode(p, &cp);
		if (cp == '\t')
			cp = ' ';
		if (lineedit_insert(le, cp))
			n++;
	}
	return n;
}

void
lineedit_left(struct lineedit *le)
{
	while (le->cur > 0) {
		le->cur--;
		if (!lineedit_cont((unsigned char)le->buf[le->cur]))
			break;
	}
}

void
lineedit_right(struct lineedit *le)
{
	if (le->cur >= le->len)
		return;
	le->cur++;
	while (le->cur < le->len &&
	    lineedit_cont((unsigned char)le->buf[le->cur]))
		le->cur++;
}

void
lineedit_home(struct lineedit *le)
{
	le->cur = 0;
}

void
lineedit_end(struct lineedit *le)
{
	le->cur = le->len;
}

/* Remove bytes [from, to). */
static void
lineedit_cut(struct lineedit *le, size_t from, size_t to)
{
	memmove(le->buf + from, le->buf + to, le->len - to);
	le->len -= to - from;
	le->buf[le->len] = '\0';
	if (le->cur >= to)
		le->cur -= to - from;
	else if (le->cur > from)
		le->cur = from;
}

void
lineedit_backspace(struct lineedit *le)
{
	size_t	to = le->cur;

	if (to == 0)
		return;
	lineedit_left(le);
	lineedit_cut(le, le->cur, to);
}

void
lineedit_delete(struct lineedit *le)
{
	size_t	from = le->cur;

	if (from >= le->len)
		return;
	lineedit_right(le);
	lineedit_cut(le, from, le->cur);
}

void
lineedit_kill_start(struct lineedit *le)
{
	lineedit_cut(le, 0, le->cur);
}

void
lineedit_kill_end(struct lineedit *le)
{
	lineedit_cut(le, le->cur, le->len);
}

void
lineedit_kill_word(struct lineedit *le)
{
	size_t	to = le->cur, from = le->cur;

	while (from > 0 && le->buf[from - 1] == ' ')
		from--;
	while (from > 0 && le->buf[from - 1] != ' ')
		from--;
	lineedit_cut(le, from, to);
}

void
lineedit_history_add(struct lineedit *le, const char *line)
{
	const char	*p;

	for (p = line; *p == ' '; p++)
		;
	if (*p == '\0')
		return;
	if (le->n_hist > 0 && strcmp(le->hist[le->n_hist - 1], line) == 0) {
		le->hpos = le->n_hist;
		return;
	}
	if (le->n_hist == LINEEDIT_HISTORY) {
		free(le->hist[0]);
		memmove(le->hist, le->hist + 1,
		    (LINEEDIT_HISTORY - 1) * sizeof le->hist[0]);
		le->n_hist--;
	}
	le->hist[le->n_hist++] = xstrdup(line);
	le->hpos = le->n_hist;
}

void
lineedit_history_up(struct lineedit *le)
{
	if (le->hpos <= 0)
		return;
	if (le->hpos >= le->n_hist) {
		le->hpos = le->n_hist;
		memcpy(le->saved, le->buf, le->len + 1);
	}
	le->hpos--;
	lineedit_set(le, le->hist[le->hpos]);
}

void
lineedit_history_down(struct lineedit *le)
{
	if (le->hpos >= le->n_hist)
		return;
	le->hpos++;
	if (le->hpos == le->n_hist)
		lineedit_set(le, le->saved);
	else
		lineedit_set(le, le->hist[le->hpos]);
}

int
lineedit_cursor_col(const struct lineedit *le)
{
	char	tmp[LINEEDIT_MAX + 1];

	memcpy(tmp, le->buf, le->cur);
	tmp[le->cur] = '\0';
	return utf8_width(tmp);
}
