/*
 * labview.c - wrapping a step's styled text into display lines.
 *
 * A line of labtext is first cut into cells (one character each, with
 * its columns and attributes; tabs in code become spaces to the next
 * multiple of 8), then laid out greedily: a word goes on the current line
 * when it fits, else on the next; a word wider than a whole line is cut
 * between characters.  Spaces at a break are dropped.  Adjacent cells with
 * the same attributes share one segment.
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/labview.h"
#include "tui/layout.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* One character of the text being laid out. */
struct lv_cell {
	const char	*p;		/* its bytes (not owned) */
	size_t		 len;
	int		 w;		/* columns */
	unsigned	 attrs;
	bool		 space;		/* a break opportunity */
};

struct lv_cells {
	struct lv_cell	*v;
	size_t		 n, cap;
};

static const char lv_spaces[] = "        ";	/* a tab's worth */

void
labview_init(struct labview *v)
{
	memset(v, 0, sizeof *v);
}

void
labview_clear(struct labview *v)
{
	size_t	i, j;

	for (i = 0; i < v->n_lines; i++) {
		for (j = 0; j < v->lines[i].n_segs; j++)
			free(v->lines[i].segs[j].text);
		free(v->lines[i].segs);
	}
	v->n_lines = 0;
}

void
labview_free(struct labview *v)
{
	labview_clear(v);
	free(v->lines);
	labview_init(v);
}

static void
lv_line_new(struct labview *v)
{
	if (v->n_lines == v->cap) {
		v->cap = v->cap == 0 ? 32 : v->cap * 2;
		v->lines = xreallocarray(v->lines, v->cap, sizeof *v->lines);
	}
	memset(&v->lines[v->n_lines], 0, sizeof v->lines[0]);
	v->n_lines++;
}

/* Append n bytes of s with attrs to the last line. */
static void
lv_put(struct labview *v, const char *s, size_t n, unsigned attrs)
{
	struct labview_line	*l = &v->lines[v->n_lines - 1];
	struct labview_seg	*sg;
	size_t			 old;

	if (n == 0)
		return;
	if (l->n_segs > 0 && l->segs[l->n_segs - 1].attrs == attrs) {
		sg = &l->segs[l->n_segs - 1];
		old = strlen(sg->text);
		sg->text = xrealloc(sg->text, old + n + 1);
		memcpy(sg->text + old, s, n);
		sg->text[old + n] = '\0';
		return;
	}
	l->segs = xreallocarray(l->segs, l->n_segs + 1, sizeof *l->segs);
	sg = &l->segs[l->n_segs++];
	sg->text = xstrndup(s, n);
	sg->attrs = attrs;
}

static void
lv_puts(struct labview *v, const char *s, unsigned attrs)
{
	lv_put(v, s, strlen(s), attrs);
}

static void
lv_cell_add(struct lv_cells *c, const char *p, size_t len, int w,
    unsigned attrs, bool space)
{
	if (c->n == c->cap) {
		c->cap = c->cap == 0 ? 128 : c->cap * 2;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
	}
	c->v[c->n].p = p;
	c->v[c->n].len = len;
	c->v[c->n].w = w;
	c->v[c->n].attrs = attrs;
	c->v[c->n].space = space;
	c->n++;
}

/* Cut s into cells; *col counts columns for tab stops (code only). */
static void
lv_cells_add(struct lv_cells *c, const char *s, unsigned attrs, bool code,
    int *col)
{
	const char	*end = s + strlen(s);
	uint32_t	 cp;
	size_t		 n;
	int		 w;

	while (s < end) {
		n = utf8_decode(s, (size_t)(end - s), &cp);
		if (*s == '\t' && code) {
			w = 8 - *col % 8;
			lv_cell_add(c, lv_spaces, (size_t)w, w, attrs, true);
		} else if (*s == '\t' || *s == '\n' || *s == ' ') {
			w = 1;
			lv_cell_add(c, " ", 1, 1, attrs, true);
		} else if (utf8_is_control(cp)) {
			s += n;
			continue;
		} else {
			w = utf8_cp_width(cp);
			lv_cell_add(c, s, n, w, attrs, false);
		}
		*col += w;
		s += n;
	}
}

/* The line start: prefix on the first line; on the others prefix again
 * (repeat) or as many spaces. */
static void
lv_start(struct labview *v, const char *prefix, unsigned pattrs, int pw,
    bool first, bool repeat)
{
	int	i;

	lv_line_new(v);
	if (first || repeat) {
		lv_puts(v, prefix, pattrs);
		return;
	}
	for (i = 0; i < pw; i++)
		lv_put(v, " ", 1, 0);
}

/* Lay cells out in lines of cols columns. */
static void
lv_layout(struct labview *v, const struct lv_cells *c, const char *prefix,
    unsigned pattrs, bool repeat, int cols)
{
	int	pw = utf8_width(prefix), avail = cols - pw, lw = 0, sw, ww;
	size_t	i = 0, j, k, m;
	bool	cont = false;

	if (avail < 4) {
		avail = cols > 4 ? cols : 4;
		prefix = "";
		pw = 0;
	}
	lv_start(v, prefix, pattrs, pw, true, repeat);
	while (i < c->n) {
		if (c->v[i].space) {
			for (j = i, sw = 0; j < c->n && c->v[j].space; j++)
				sw += c->v[j].w;
			for (k = j, ww = 0; k < c->n && !c->v[k].space; k++)
				ww += c->v[k].w;
			if (k == j)
				break;			/* trailing blanks */
			if (cont && lw == 0) {
				i = j;			/* no leading blanks */
				continue;
			}
			if (lw > 0 && lw + sw + ww > avail) {
				lv_start(v, prefix, pattrs, pw, false, repeat);
				cont = true;
				lw = 0;
				i = j;
				continue;
			}
			for (m = i; m < j && lw + c->v[m].w <= avail; m++) {
				lv_put(v, c->v[m].p, c->v[m].len,
				    c->v[m].attrs);
				lw += c->v[m].w;
			}
			i = j;
			continue;
		}
		for (k = i, ww = 0; k < c->n && !c->v[k].space; k++)
			ww += c->v[k].w;
		if (lw > 0 && lw + ww > avail) {
			lv_start(v, prefix, pattrs, pw, false, repeat);
			cont = true;
			lw = 0;
		}
		for (m = i; m < k; m++) {
			if (lw > 0 && lw + c->v[m].w > avail) {
				lv_start(v, prefix, pattrs, pw, false, repeat);
				cont = true;
				lw = 0;
			}
			lv_put(v, c->v[m].p, c->v[m].len, c->v[m].attrs);
			lw += c->v[m].w;
		}
		i = k;
	}
}

void
labview_add_blank(struct labview *v)
{
	lv_line_new(v);
}

void
labview_add_para(struct labview *v, const char *prefix, unsigned pattrs,
    const char *s, unsigned attrs, int cols)
{
	struct lv_cells	c = { NULL, 0, 0 };
	int		col = 0;

	lv_cells_add(&c, s, attrs, false, &col);
	lv_layout(v, &c, prefix != NULL ? prefix : "", pattrs, false, cols);
	free(c.v);
}

static bool
lv_last_blank(const struct labview *v)
{
	return v->n_lines == 0 || v->lines[v->n_lines - 1].n_segs == 0;
}

void
labview_add_text(struct labview *v, const struct labtext *t, int cols,
    bool unicode)
{
	const struct labtext_line	*l;
	struct lv_cells			 c = { NULL, 0, 0 };
	char				 prefix[64];
	unsigned			 extra, pattrs;
	size_t				 i, j;
	int				 col, k, rw;
	bool				 repeat;

	if (cols < 4)
		cols = 4;
	for (i = 0; i < t->n_lines; i++) {
		l = &t->lines[i];
		prefix[0] = '\0';
		extra = 0;
		pattrs = LV_DIM;
		repeat = false;
		switch (l->kind) {
		case LT_BLANK:
			if (!lv_last_blank(v))
				lv_line_new(v);
			continue;
		case LT_RULE:
			lv_line_new(v);
			rw = cols < 40 ? cols : 40;
			for (k = 0; k < rw; k++)
				lv_puts(v, unicode ? "─" : "-", LV_DIM);
			continue;
		case LT_HEADING:
			extra = LV_HEADING | LT_BOLD;
			break;
		case LT_CODE:
			extra = LV_CODE;
			snprintf(prefix, sizeof prefix, "  ");
			pattrs = 0;
			break;
		case LT_ITEM:
			for (k = 0; k < l->level && k < 8; k++)
				strcat(prefix, "  ");
			if (l->bullet[0] == '\0')
				strcat(prefix, "  ");
			else if (strcmp(l->bullet, "•") == 0 && !unicode)
				strcat(prefix, "* ");
			else {
				strcat(prefix, l->bullet);
				strcat(prefix, " ");
			}
			break;
		case LT_QUOTE:
			snprintf(prefix, sizeof prefix, "%s",
			    unicode ? "│ " : "| ");
			extra = LV_QUOTE;
			repeat = true;
			break;
		case LT_PARA:
			break;
		}
		c.n = 0;
		col = 0;
		for (j = 0; j < l->n_spans; j++)
			lv_cells_add(&c, l->spans[j].text,
			    l->spans[j].attrs | extra, l->kind == LT_CODE,
			    &col);
		lv_layout(v, &c, prefix, pattrs, repeat, cols);
	}
	free(c.v);
}

void
labview_line_text(const struct labview_line *l, char *buf, size_t len)
{
	size_t	i, o = 0, n;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < l->n_segs; i++) {
		n = strlen(l->segs[i].text);
		if (o + n >= len)
			n = len - 1 - o;
		memcpy(buf + o, l->segs[i].text, n);
		o += n;
		buf[o] = '\0';
	}
}

int
labview_line_width(const struct labview_line *l)
{
	size_t	i;
	int	w = 0;

	for (i = 0; i < l->n_segs; i++)
		w += utf8_width(l->segs[i].text);
	return w;
}

const char *
labview_mark(bool met, bool unicode)
{
	if (unicode)
		return met ? "✔" : "▶";
	return met ? "[x]" : "[ ]";
}

void
labview_hint_label(size_t level, size_t levels, char *buf, size_t len)
{
	if (levels > 1)
		snprintf(buf, len, "%s %zu/%zu:", _("hint"), level,
		    levels);
	else
		snprintf(buf, len, "%s:", _("hint"));
}

void
labview_step_title(size_t i, size_t n, const char *title, char *buf,
    size_t len)
{
	/* TRANSLATORS: the lab pane's title: step %zu of %zu, its title. */
	snprintf(buf, len, _("lab %zu/%zu: %s"), i + 1, n, title);
}

/* Append s padded (or cut) to exactly w columns at buf+*o. */
static void
lv_pad(char *buf, size_t len, size_t *o, const char *s, int w)
{
	size_t	n;
	int	sw;

	if (*o >= len)
		return;
	n = utf8_bytes_for_width(s, w);
	if (n >= len - *o)
		n = len - *o - 1;
	memcpy(buf + *o, s, n);
	*o += n;
	buf[*o] = '\0';
	sw = utf8_width_n(s, n);
	for (; sw < w && *o + 1 < len; sw++) {
		buf[(*o)++] = ' ';
		buf[*o] = '\0';
	}
}

/* A title in w columns: whole words and an ellipsis when it is wider
 * (never half a word or half a wide character), then padded. */
static void
lv_pad_title(char *buf, size_t len, size_t *o, const char *s, int w,
    bool unicode)
{
	char	fit[512];

	layout_fit_words(s, w, unicode ? "…" : "...", fit, sizeof fit);
	lv_pad(buf, len, o, fit, w);
}

void
labview_pick_row(const struct labview_pick *p, int title_w, int level_w,
    bool unicode, char *buf, size_t len)
{
	size_t	o = 0;
	char	tmp[64];

	if (len == 0)
		return;
	buf[0] = '\0';
	if (p->number == 0) {
		snprintf(buf, len, "    %s", p->title);
		return;
	}
	snprintf(buf, len, "%02d  ", p->number);
	o = strlen(buf);
	lv_pad_title(buf, len, &o, p->title, title_w, unicode);
	lv_pad(buf, len, &o, "  ", 2);
	lv_pad(buf, len, &o, p->level != NULL ? p->level : "", level_w);
	/* TRANSLATORS: a lab's minutes in the picker, "%3d" kept. */
	snprintf(tmp, sizeof tmp, _("  %3d min"), p->minutes);
	if (p->minutes > 0)
		lv_pad(buf, len, &o, tmp, utf8_width(tmp));
	else
		lv_pad(buf, len, &o, "", utf8_width(tmp));
	if (p->done) {
		snprintf(tmp, sizeof tmp, "  %s %s", unicode ? "✔" : "[x]",
		    _("done"));
		lv_pad(buf, len, &o, tmp, utf8_width(tmp));
	}
}

void
labview_summary_row(size_t i, size_t n, const char *title, int title_w,
    bool done, int64_t ms, int faults, int quiz, bool unicode, char *buf,
    size_t len)
{
	size_t	o = 0;
	char	tmp[128];

	if (len == 0)
		return;
	snprintf(buf, len, "%s %zu/%zu ", done ? (unicode ? "✔" : "[x]") :
	    (unicode ? "·" : "[ ]"), i + 1, n);
	o = strlen(buf);
	lv_pad_title(buf, len, &o, title, title_w, unicode);
	snprintf(tmp, sizeof tmp, " %6" PRId64 ".%" PRId64 "s", ms / 1000,
	    (ms % 1000) / 100);
	lv_pad(buf, len, &o, tmp, utf8_width(tmp));
	if (faults > 0) {
		snprintf(tmp, sizeof tmp, _("  faults %d"), faults);
		lv_pad(buf, len, &o, tmp, utf8_width(tmp));
	}
	if (quiz >= 0) {
		snprintf(tmp, sizeof tmp, "  %s %s", _("quiz"),
		    quiz ? (unicode ? "✔" : _("right")) :
		    (unicode ? "✘" : _("wrong")));
		lv_pad(buf, len, &o, tmp, utf8_width(tmp));
	}
	/* No trailing blanks. */
	while (o > 0 && buf[o - 1] == ' ')
		buf[--o] = '\0';
}
