/*
 * lineedit.c - the console's input line (see lineedit.h).
 *
 * The cursor moves by whole UTF-8 characters (util/utf8.h), so a Hangul
 * syllable is one step and is never cut.  Everything that enters the line
 * is filtered here, in one place, so the buffer always holds valid UTF-8.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/lineedit.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

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

bool
lineedit_insert(struct lineedit *le, uint32_t cp)
{
	char	enc[UTF8_MAX_LEN];
	size_t	n;

	if (utf8_is_control(cp) || !utf8_is_scalar(cp) ||
	    cp == 0x2028 || cp == 0x2029)	/* line, paragraph separators */
		return false;
	n = utf8_encode(cp, enc);
	if (le->len + n > LINEEDIT_MAX)
		return false;
	memmove(le->buf + le->cur + n, le->buf + le->cur, le->len - le->cur);
	memcpy(le->buf + le->cur, enc, n);
	le->len += n;
	le->cur += n;
	le->buf[le->len] = '\0';
	return true;
}

int
lineedit_insert_str(struct lineedit *le, const char *s)
{
	size_t		len = strlen(s), off = 0;
	uint32_t	cp;
	int		n = 0;

	while (off < len) {
		off += utf8_decode(s + off, len - off, &cp);
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
	if (le->cur > 0)
		le->cur = utf8_prev(le->buf, le->cur);
}

void
lineedit_right(struct lineedit *le)
{
	uint32_t	cp;

	if (le->cur < le->len)
		le->cur += utf8_decode(le->buf + le->cur, le->len - le->cur,
		    &cp);
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
	return utf8_width_n(le->buf, le->cur);
}
