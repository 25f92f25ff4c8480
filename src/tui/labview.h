/*
 * labview.h - the lab pane's text, without curses: a step's rich text
 * wrapped into display lines of styled segments, checklist lines, the
 * pane title, the lab picker's rows and the finish summary's rows.
 *
 * DESIGN
 * src/lab turns a step's Markdown into labtext lines of spans (bold,
 * inline code, ...); this file wraps them to the pane's width by display
 * columns (Korean is two columns a syllable, util/utf8.h), breaking at
 * spaces when it can and between characters when it must, and keeps each
 * piece's attributes, so draw.c only maps attributes to curses ones and
 * places segments.  List items and quotes carry their bullet or bar on the
 * first line and indent the rest; code lines are wrapped too (a narrow
 * pane must not hide a command) with tabs expanded.  It reads labtext's
 * structures only and calls nothing in src/lab, so it lives in
 * libisrcore and tests/test_tui_layout.c tests it without libcmark.
 */
#ifndef ISRLAB_TUI_LABVIEW_H
#define ISRLAB_TUI_LABVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lab/labtext.h"

/* Attributes beside labtext's LT_BOLD, LT_EMPH, LT_MONO, LT_LINK. */
#define LV_HEADING	0x100	/* a heading line */
#define LV_CODE		0x200	/* a line of a code block */
#define LV_QUOTE	0x400	/* a block quote's text */
#define LV_DIM		0x800	/* bullets, quote bars, rules */

struct labview_seg {
	char		*text;		/* owned, UTF-8, no newline */
	unsigned	 attrs;		/* LT_* | LV_* */
};

/* One display line: segments side by side, at most the width asked. */
struct labview_line {
	struct labview_seg	*segs;	/* owned */
	size_t			 n_segs;
};

/* Display lines; owns them. */
struct labview {
	struct labview_line	*lines;
	size_t			 n_lines, cap;
};

void labview_init(struct labview *v);
void labview_clear(struct labview *v);
void labview_free(struct labview *v);

/* Append t wrapped to cols columns (cols >= 4). */
void labview_add_text(struct labview *v, const struct labtext *t, int cols,
    bool unicode);

/* Append s as one paragraph wrapped to cols with attrs: prefix (in
 * pattrs) starts the first line, the others are indented by its width. */
void labview_add_para(struct labview *v, const char *prefix,
    unsigned pattrs, const char *s, unsigned attrs, int cols);

/* An empty line. */
void labview_add_blank(struct labview *v);

/* The text of line l (segments joined), for tests and plain output. */
void labview_line_text(const struct labview_line *l, char *buf, size_t len);
/* Its width in columns. */
int labview_line_width(const struct labview_line *l);

/* A checklist mark: "✔"/"▶" (unicode) or "[x]"/"[ ]". */
const char *labview_mark(bool met, bool unicode);

/* The label before hint level (1-based) of levels, in the screen's
 * language: "힌트 2/3:" or "hint 2/3:" ("힌트:", "hint:" for a single
 * level). */
void labview_hint_label(size_t level, size_t levels, char *buf,
    size_t len);

/* The pane title: "실습 3/6: 리더 승격 및 상태 확인" or "lab 3/6: ..."
 * (i from 0). */
void labview_step_title(size_t i, size_t n, const char *title, char *buf,
    size_t len);

/* One lab in the picker. */
struct labview_pick {
	int		 number;	/* 0: free play */
	const char	*title;
	const char	*level;		/* "" when not given */
	int		 minutes;	/* 0 when not given */
	bool		 done;		/* finished this session */
	const char	*summary;	/* one line about it, or NULL */
};

/* A picker row: "01  title…  level  15분  ✔ 완료" with the title padded
 * to title_w columns or cut there at a word with an ellipsis, and the
 * level to level_w (in English "15 min", "done").  Free play (number 0)
 * shows only its title. */
void labview_pick_row(const struct labview_pick *p, int title_w, int level_w,
    bool unicode, char *buf, size_t len);

/* A summary row: "✔ 3/6 title…   12.3s  faults 1  quiz ✔", the title
 * cut as in the picker (quiz: -1 no quiz, 0 first answer wrong, 1 first
 * answer right). */
void labview_summary_row(size_t i, size_t n, const char *title, int title_w,
    bool done, int64_t ms, int faults, int quiz, bool unicode, char *buf,
    size_t len);

#endif
