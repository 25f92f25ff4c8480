/*
 * labtext.h - a step's text as lines of styled spans, ready to draw.
 *
 * DESIGN
 * The lab parser turns CommonMark into this small form so that a front end
 * never sees Markdown: a line has a kind (paragraph, heading, code, list
 * item, quote, rule, blank) and spans with attributes (bold, emphasis,
 * inline code, link).  A paragraph is one line that the front end wraps to
 * its width (by display columns: Korean is two columns a character); a code
 * block is one line per source line and is never wrapped.  labtext_plain
 * gives the same text for a terminal without attributes.
 */
#ifndef ISRLAB_LAB_LABTEXT_H
#define ISRLAB_LAB_LABTEXT_H

#include <stddef.h>

#include "util/strbuf.h"

enum labtext_kind {
	LT_PARA,		/* a paragraph: wrap it */
	LT_HEADING,		/* a heading inside a step (###); level set */
	LT_CODE,		/* one line of a code block: do not wrap */
	LT_ITEM,		/* a list item; level = depth, bullet set */
	LT_QUOTE,		/* a block quote's paragraph */
	LT_RULE,		/* a thematic break */
	LT_BLANK,		/* space between blocks */
};

/* Span attributes, or-ed. */
#define LT_BOLD		0x01
#define LT_EMPH		0x02
#define LT_MONO		0x04	/* inline code */
#define LT_LINK		0x08

struct labtext_span {
	char		*text;		/* owned, UTF-8 */
	unsigned	 attrs;
};

struct labtext_line {
	enum labtext_kind	 kind;
	int			 level;		/* heading level, list depth 0.. */
	char			 bullet[8];	/* "•", "1.", or "" (continued) */
	struct labtext_span	*spans;		/* owned */
	size_t			 n_spans;
};

struct labtext {
	struct labtext_line	*lines;		/* owned */
	size_t			 n_lines;
};

#define LABTEXT_INIT { NULL, 0 }

/* Start a new line of kind k. */
struct labtext_line *labtext_line_add(struct labtext *t,
    enum labtext_kind k, int level);
/* Append n bytes of s with attrs to the last line (merged with the last
 * span when the attributes are the same). */
void labtext_span_add(struct labtext *t, const char *s, size_t n,
    unsigned attrs);
/* Drop trailing blank lines. */
void labtext_trim(struct labtext *t);
/* Whether t has no text. */
int labtext_empty(const struct labtext *t);
void labtext_free(struct labtext *t);

/* The text without attributes: paragraphs wrapped to cols (0: never),
 * code indented by four spaces, items with their bullets. */
void labtext_plain(const struct labtext *t, int cols, struct strbuf *out);

#endif
