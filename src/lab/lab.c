/*
 * lab.c - parsing a lab file: front matter by hand (it is not Markdown),
 * the rest with libcmark.
 *
 * The front matter is blanked out (its bytes become spaces, newlines
 * stay) before cmark sees the text, so cmark's line numbers are the
 * file's.  Then one pass over the document's top-level blocks: a `##`
 * heading opens a step (or, as `## [en] ...`, the English of the step
 * before it); a fenced block with a `lab ...` info string goes to the
 * current step; anything else becomes the step's text.
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "console/cmd.h"
#include "console/keys.h"
#include "lab/lab.h"
#include "lab/quiz.h"
#include "util/duration.h"
#include "util/readfile.h"
#include "util/xmalloc.h"

#define LAB_HINT_AFTER_MS 60000		/* default delay before a hint */

/* The front matter's text fields, each with a `.en` variant. */
static const struct {
	const char	*key;
	size_t		 off;
} lab_fm_strs[] = {
	{ "title", offsetof(struct lab, title) },
	{ "level", offsetof(struct lab, level) },
	{ "summary", offsetof(struct lab, summary) },
};
#define LAB_FM_N_STRS (sizeof lab_fm_strs / sizeof lab_fm_strs[0])

/* The parser's state. */
struct lab_parser {
	const char	*name;
	const char	*text;		/* the file, front matter blanked */
	size_t		 len;
	struct strbuf	*errs;
	int		 n_errs;
	struct lab	*lab;
	long		 cur;		/* step index, -1 before the first */
	bool		 en;		/* inside a `## [en]` section */
	struct words	 fm_keys;	/* front matter keys given so far */
	int		*fm_lines;	/* and the line of each */
};

static void
lab_error(struct lab_parser *p, int line, int col, const char *fmt, ...)
    ISRLAB_PRINTFLIKE(4, 5);

static void
lab_error(struct lab_parser *p, int line, int col, const char *fmt, ...)
{
	va_list	ap;

	strbuf_printf(p->errs, "%s:%d:%d: ", p->name, line, col);
	va_start(ap, fmt);
	strbuf_vprintf(p->errs, fmt, ap);
	va_end(ap);
	strbuf_addc(p->errs, '\n');
	p->n_errs++;
}

const char *
lab_str_get(const struct lab_str *s, enum lab_lang lang)
{
	if (lang == LAB_EN && s->en != NULL)
		return s->en;
	return s->ko != NULL ? s->ko : (s->en != NULL ? s->en : "");
}

static void
lab_str_set(char **slot, const char *v, size_t n)
{
	free(*slot);
	*slot = xstrndup(v, n);
}

static void
lab_str_free(struct lab_str *s)
{
	free(s->ko);
	free(s->en);
	s->ko = s->en = NULL;
}

const struct labtext *
lab_step_text(const struct lab_step *st, enum lab_lang lang)
{
	if (lang == LAB_EN && !labtext_empty(&st->text[LAB_EN]))
		return &st->text[LAB_EN];
	return &st->text[LAB_KO];
}

bool
lab_step_read_only(const struct lab_step *st)
{
	return st->n_expect == 0 && st->quiz == NULL;
}

void
lab_settings(const struct lab *lab, bool profile_fixed, struct settings *s)
{
	if (!profile_fixed)
		s->profile = lab->kafka;
	if (lab->has_seed) {
		s->layout_seed_pinned = true;
		s->layout_seed = lab->seed;
	}
}

int
lab_number(const struct lab *lab)
{
	const char	*s = lab->id != NULL ? lab->id : "";
	int		 n = 0;

	while (isdigit((unsigned char)*s) && n < 100000)
		n = n * 10 + (*s++ - '0');
	return n;
}

/* --- commands ------------------------------------------------------------ */

void
lab_cmds_free(struct lab_cmd *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

static void
lab_cmds_push(struct lab_cmd **v, size_t *n, struct strbuf *sb, int line,
    int col)
{
	while (sb->len > 0 && (sb->s[sb->len - 1] == ' ' ||
	    sb->s[sb->len - 1] == '\t'))
		sb->s[--sb->len] = '\0';
	if (sb->len == 0)
		return;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].text = xstrdup(sb->s);
	(*v)[*n].line = line;
	(*v)[*n].col = col;
	(*n)++;
	strbuf_reset(sb);
}

void
lab_cmds_split(const char *content, int first_line, int col,
    struct lab_cmd **v, size_t *n)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*p = content, *nl, *s;
	size_t		 len, bs;
	int		 line = first_line, start = 0, scol = col;
	bool		 cont = false;

	*v = NULL;
	*n = 0;
	for (; *p != '\0'; p = nl + (*nl != '\0'), line++) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		s = p;
		while (s < nl && (*s == ' ' || *s == '\t'))
			s++;
		len = (size_t)(nl - s);
		while (len > 0 && s[len - 1] == '\r')
			len--;
		if (!cont) {
			if (len == 0 || *s == '#')
				continue;
			start = line;
			scol = col + (int)(s - p);
		}
		for (bs = 0; bs < len && s[len - 1 - bs] == '\\'; bs++)
			;
		cont = bs % 2 == 1;
		if (cont) {
			len--;
			while (len > 0 && (s[len - 1] == ' ' ||
			    s[len - 1] == '\t'))
				len--;
			strbuf_add(&sb, s, len);
			strbuf_addc(&sb, ' ');
			continue;
		}
		strbuf_add(&sb, s, len);
		lab_cmds_push(v, n, &sb, start, scol);
	}
	lab_cmds_push(v, n, &sb, start, scol);
	strbuf_free(&sb);
}

/* --- front matter -------------------------------------------------------- */

static bool
lab_fm_is_fence(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	return n == 3 && memcmp(s, "---", 3) == 0;
}

static int
lab_fm_int(struct lab_parser *p, int line, int col, const char *key,
    const char *v, long lo, long hi, long *out)
{
	char	*end;

	errno = 0;
	*out = strtol(v, &end, 10);
	if (!isdigit((unsigned char)*v) || *end != '\0' || errno != 0 ||
	    *out < lo || *out > hi) {
		lab_error(p, line, col, "%s: expected a number %ld-%ld, not "
		    "'%s'", key, lo, hi, v);
		return -1;
	}
	return 0;
}

static void
lab_fm_racks(struct lab_parser *p, int line, int col, const char *v)
{
	struct lab	*lab = p->lab;
	const char	*s = v, *comma;
	size_t		 n;
	int		 i = 0;

	for (;;) {
		comma = strchr(s, ',');
		n = comma != NULL ? (size_t)(comma - s) : strlen(s);
		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
		while (n > 0 && s[n - 1] == ' ')
			n--;
		if (i == ISR_MAX_BROKERS || n == 0 || n > 31) {
			lab_error(p, line, col, "racks: expected one rack name "
			    "(1-31 characters) per broker, comma-separated");
			return;
		}
		memcpy(lab->racks[i], s, n);
		lab->racks[i][n] = '\0';
		i++;
		if (comma == NULL)
			break;
		s = comma + 1;
	}
	lab->has_racks = true;
	lab->n_racks_given = i;
}

/* -1 (with an error) when key was given before: the last one would
 * silently win. */
static int
lab_fm_once(struct lab_parser *p, int line, int col, const char *key)
{
	size_t	i;

	for (i = 0; i < p->fm_keys.n; i++)
		if (strcmp(p->fm_keys.v[i], key) == 0) {
			lab_error(p, line, col, "front matter: '%s' given "
			    "twice (first on line %d)", key, p->fm_lines[i]);
			return -1;
		}
	p->fm_lines = xreallocarray(p->fm_lines, p->fm_keys.n + 1,
	    sizeof *p->fm_lines);
	p->fm_lines[p->fm_keys.n] = line;
	words_add(&p->fm_keys, key);
	return 0;
}

static void
lab_fm_field(struct lab_parser *p, int line, int col, const char *key,
    const char *v, size_t vn)
{
	struct lab	*lab = p->lab;
	char		*val = xstrndup(v, vn);
	long		 n;
	int64_t		 ms;
	size_t		 i, kl = strlen(key);

	if (lab_fm_once(p, line, col, key) != 0)
		goto out;
	for (i = 0; i < LAB_FM_N_STRS; i++) {
		struct lab_str	*s = (struct lab_str *)(void *)
		    ((char *)lab + lab_fm_strs[i].off);

		if (strcmp(key, lab_fm_strs[i].key) == 0) {
			lab_str_set(&s->ko, val, vn);
			goto out;
		}
		if (kl == strlen(lab_fm_strs[i].key) + 3 &&
		    strncmp(key, lab_fm_strs[i].key, kl - 3) == 0 &&
		    strcmp(key + kl - 3, ".en") == 0) {
			lab_str_set(&s->en, val, vn);
			goto out;
		}
	}
	if (strcmp(key, "id") == 0)
		lab_str_set(&lab->id, val, vn);
	else if (strcmp(key, "brokers") == 0) {
		if (lab_fm_int(p, line, col, key, val, 1, ISR_MAX_BROKERS,
		    &n) == 0)
			lab->brokers = (int)n;
	} else if (strcmp(key, "minutes") == 0) {
		if (lab_fm_int(p, line, col, key, val, 1, 600, &n) == 0)
			lab->minutes = (int)n;
	} else if (strcmp(key, "seed") == 0) {
		if (lab_fm_int(p, line, col, key, val, 0, 2147483647L,
		    &n) == 0) {
			lab->seed = (uint64_t)n;
			lab->has_seed = true;
		}
	} else if (strcmp(key, "racks") == 0)
		lab_fm_racks(p, line, col, val);
	else if (strcmp(key, "kafka") == 0) {
		char	why[160];

		if (profile_choose(val, &lab->kafka, why, sizeof why) != 0)
			lab_error(p, line, col, "kafka: %s", why);
	} else if (strcmp(key, "attach") == 0) {
		if (strcmp(val, "yes") == 0)
			lab->attach = true;
		else if (strcmp(val, "no") != 0)
			lab_error(p, line, col, "attach: expected yes or no, "
			    "not '%s'", val);
	} else if (strcmp(key, "hint-after") == 0) {
		if (duration_parse(val, &ms) != 0)
			lab_error(p, line, col, "hint-after: expected a "
			    "duration such as 30s, not '%s'", val);
		else
			lab->hint_after_ms = ms;
	} else
		lab_error(p, line, col, "unknown front matter key '%s' (id, "
		    "title, title.en, brokers, minutes, level, racks, seed, "
		    "kafka, attach, summary, hint-after)", key);
out:
	free(val);
}

/* After the front matter closed on line close_line, the text from s:
 * another block of front matter there would become step 1 (a setext
 * heading) and pass as fine, so it is an error. */
static void
lab_fm_second(struct lab_parser *p, const char *s, const char *end,
    int close_line)
{
	const char	*nl;
	size_t		 n;
	int		 lineno = close_line + 1;

	for (; s < end; s = nl + 1, lineno++) {
		nl = memchr(s, '\n', (size_t)(end - s));
		n = nl != NULL ? (size_t)(nl - s) : (size_t)(end - s);
		if (strspn(s, " \t\r") < n) {
			if (lab_fm_is_fence(s, n))
				lab_error(p, lineno, 1, "a second front matter "
				    "block (the first ends on line %d): give "
				    "each key once, in one block", close_line);
			return;
		}
		if (nl == NULL)
			return;
	}
}

/* Parse and blank the front matter of buf (len bytes, writable). */
static void
lab_front_matter(struct lab_parser *p, char *buf, size_t len)
{
	char	*line = buf, *nl, *colon, *k, *v, *end;
	int	 lineno = 1;
	size_t	 n, kn, vn;
	bool	 closed = false;

	nl = memchr(buf, '\n', len);
	if (len == 0 || !lab_fm_is_fence(buf, nl != NULL ?
	    (size_t)(nl - buf) : len)) {
		lab_error(p, 1, 1, "a lab starts with front matter: a '---' "
		    "line, then 'id:', 'title:', ... and another '---'");
		return;
	}
	end = buf + len;
	for (;;) {
		nl = memchr(line, '\n', (size_t)(end - line));
		n = nl != NULL ? (size_t)(nl - line) : (size_t)(end - line);
		if (lineno > 1 && lab_fm_is_fence(line, n))
			closed = true;
		else if (lineno > 1) {
			k = line;
			while (k < line + n && (*k == ' ' || *k == '\t'))
				k++;
			if (k < line + n && *k != '#') {
				colon = memchr(k, ':', (size_t)(line + n - k));
				if (colon == NULL) {
					lab_error(p, lineno, (int)(k - line) +
					    1, "front matter: expected "
					    "'key: value'");
				} else {
					for (kn = (size_t)(colon - k); kn > 0 &&
					    isspace((unsigned char)k[kn - 1]);
					    kn--)
						;
					v = colon + 1;
					while (v < line + n && (*v == ' ' ||
					    *v == '\t'))
						v++;
					vn = (size_t)(line + n - v);
					while (vn > 0 && isspace(
					    (unsigned char)v[vn - 1]))
						vn--;
					if (vn >= 2 && (v[0] == '"' ||
					    v[0] == '\'') && v[vn - 1] == v[0]) {
						v++;
						vn -= 2;
					}
					{
						char	*key = xstrndup(k, kn);

						lab_fm_field(p, lineno,
						    (int)(k - line) + 1, key,
						    v, vn);
						free(key);
					}
				}
			}
		}
		memset(line, ' ', n);
		if (closed || nl == NULL)
			break;
		line = nl + 1;
		lineno++;
	}
	if (!closed)
		lab_error(p, 1, 1, "front matter: no closing '---' line");
	else
		lab_fm_second(p, nl != NULL ? nl + 1 : end, end, lineno);
	if (p->lab->id == NULL)
		lab_error(p, 1, 1, "front matter: 'id:' is missing");
	if (p->lab->title.ko == NULL)
		lab_error(p, 1, 1, "front matter: 'title:' is missing");
	if (p->lab->has_racks && p->lab->n_racks_given != p->lab->brokers)
		lab_error(p, 1, 1, "racks: %d rack names for %d brokers",
		    p->lab->n_racks_given, p->lab->brokers);
}

/* --- text ---------------------------------------------------------------- */

static void lab_render_block(cmark_node *n, struct labtext *t, int depth,
    enum labtext_kind kind);

static void
lab_render_inlines(cmark_node *n, struct labtext *t, unsigned attrs)
{
	cmark_node	*c;
	const char	*s;

	for (c = cmark_node_first_child(n); c != NULL;
	    c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
			s = cmark_node_get_literal(c);
			labtext_span_add(t, s, strlen(s), attrs);
			break;
		case CMARK_NODE_CODE:
			s = cmark_node_get_literal(c);
			labtext_span_add(t, s, strlen(s), attrs | LT_MONO);
			break;
		case CMARK_NODE_SOFTBREAK:
			labtext_span_add(t, " ", 1, attrs);
			break;
		case CMARK_NODE_LINEBREAK: {
			struct labtext_line	*prev = &t->lines[t->n_lines - 1];
			struct labtext_line	*l;
			enum labtext_kind	 k = prev->kind;
			int			 level = prev->level;

			l = labtext_line_add(t, k, level);
			(void)l;
			break;
		}
		case CMARK_NODE_EMPH:
			lab_render_inlines(c, t, attrs | LT_EMPH);
			break;
		case CMARK_NODE_STRONG:
			lab_render_inlines(c, t, attrs | LT_BOLD);
			break;
		case CMARK_NODE_LINK:
			lab_render_inlines(c, t, attrs | LT_LINK);
			break;
		case CMARK_NODE_IMAGE:
			/* A terminal shows no pictures: its alt text. */
			labtext_span_add(t, "[", 1, attrs);
			lab_render_inlines(c, t, attrs);
			labtext_span_add(t, "]", 1, attrs);
			break;
		default:
			break;		/* inline HTML */
		}
	}
}

static void
lab_render_code(const char *s, struct labtext *t)
{
	const char	*nl;

	while (*s != '\0') {
		nl = strchr(s, '\n');
		labtext_line_add(t, LT_CODE, 0);
		labtext_span_add(t, s, nl != NULL ? (size_t)(nl - s) :
		    strlen(s), LT_MONO);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

static void
lab_render_list(cmark_node *list, struct labtext *t, int depth)
{
	cmark_node		*item, *c;
	struct labtext_line	*l;
	int			 no = cmark_node_get_list_start(list);
	bool			 ordered = cmark_node_get_list_type(list) ==
				    CMARK_ORDERED_LIST, first;

	for (item = cmark_node_first_child(list); item != NULL;
	    item = cmark_node_next(item), no++) {
		first = true;
		for (c = cmark_node_first_child(item); c != NULL;
		    c = cmark_node_next(c)) {
			if (cmark_node_get_type(c) == CMARK_NODE_LIST) {
				lab_render_list(c, t, depth + 1);
				continue;
			}
			if (cmark_node_get_type(c) != CMARK_NODE_PARAGRAPH) {
				lab_render_block(c, t, depth + 1, LT_PARA);
				continue;
			}
			l = labtext_line_add(t, LT_ITEM, depth);
			if (first && ordered)
				snprintf(l->bullet, sizeof l->bullet, "%d.",
				    no);
			else if (first)
				snprintf(l->bullet, sizeof l->bullet, "•");
			first = false;
			lab_render_inlines(c, t, 0);
		}
	}
}

/* Render block n into t, after a blank line when t has text. */
static void
lab_render_block(cmark_node *n, struct labtext *t, int depth,
    enum labtext_kind kind)
{
	cmark_node	*c;

	if (t->n_lines > 0 && depth == 0)
		labtext_line_add(t, LT_BLANK, 0);
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		labtext_line_add(t, kind, 0);
		lab_render_inlines(n, t, 0);
		break;
	case CMARK_NODE_HEADING:
		labtext_line_add(t, LT_HEADING, cmark_node_get_heading_level(n));
		lab_render_inlines(n, t, LT_BOLD);
		break;
	case CMARK_NODE_CODE_BLOCK:
		lab_render_code(cmark_node_get_literal(n), t);
		break;
	case CMARK_NODE_LIST:
		lab_render_list(n, t, depth);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		for (c = cmark_node_first_child(n); c != NULL;
		    c = cmark_node_next(c))
			lab_render_block(c, t, depth + 1, LT_QUOTE);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		labtext_line_add(t, LT_RULE, 0);
		break;
	default:
		if (t->n_lines > 0 && t->lines[t->n_lines - 1].kind ==
		    LT_BLANK)
			labtext_trim(t);
		break;		/* HTML blocks */
	}
}

/* --- lab blocks ---------------------------------------------------------- */

static struct lab_step *
lab_cur_step(struct lab_parser *p)
{
	return p->cur >= 0 ? &p->lab->steps[p->cur] : NULL;
}

/* The start of line lineno (1-based) of the source, or NULL. */
static const char *
lab_source_line(struct lab_parser *p, int lineno)
{
	const char	*s = p->text, *e = p->text + p->len, *nl;
	int		 line = 1;

	while (line < lineno) {
		if ((nl = memchr(s, '\n', (size_t)(e - s))) == NULL)
			return NULL;
		s = nl + 1;
		line++;
	}
	return s;
}

/* Whether the fence of code block n is closed in the source (libcmark
 * runs an unclosed fence to the end of the document without a word). */
static bool
lab_fence_closed(struct lab_parser *p, cmark_node *n)
{
	const char	*s, *e = p->text + p->len;
	char		 ch;
	int		 len, i;

	if ((s = lab_source_line(p, cmark_node_get_start_line(n))) == NULL)
		return false;
	for (i = 0; i < 3 && s < e && *s == ' '; i++)
		s++;
	ch = *s;
	for (len = 0; s < e && *s == ch; len++)
		s++;
	if (cmark_node_get_end_line(n) <= cmark_node_get_start_line(n) ||
	    (s = lab_source_line(p, cmark_node_get_end_line(n))) == NULL)
		return false;
	for (i = 0; i < 3 && s < e && *s == ' '; i++)
		s++;
	for (i = 0; s < e && *s == ch; i++)
		s++;
	if (i < len)
		return false;
	while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++;
	return s == e || *s == '\n';
}

static void
lab_block_expect(struct lab_parser *p, struct lab_step *st,
    const struct lab_cmd *v, size_t n)
{
	struct lab_expect	*x;
	char			 err[256];
	size_t			 i;

	for (i = 0; i < n; i++) {
		struct cond	*c;

		if (cond_parse(v[i].text, &c, err, sizeof err) != 0) {
			lab_error(p, v[i].line, v[i].col, "%s", err);
			continue;
		}
		st->expect = xreallocarray(st->expect, st->n_expect + 1,
		    sizeof *st->expect);
		if (p->lab->attach &&
		    cond_attach_check(c, err, sizeof err) != 0)
			lab_error(p, v[i].line, v[i].col, "attach: yes: %s",
			    err);
		x = &st->expect[st->n_expect++];
		x->text = xstrdup(v[i].text);
		x->cond = c;
		x->line = v[i].line;
		x->col = v[i].col;
	}
}

static void
lab_cmds_append(struct lab_cmd **dst, size_t *dn, struct lab_cmd *v,
    size_t n)
{
	*dst = xreallocarray(*dst, *dn + n + 1, sizeof **dst);
	if (n > 0)		/* an empty block: v is NULL */
		memcpy(*dst + *dn, v, n * sizeof *v);
	*dn += n;
	free(v);
}

/* Commands a lab file may not run: a lab is data and drives only the
 * simulated cluster.  export writes files; pause, resume and speed steer
 * the student's own clock on the screen; chaos runs other clusters, as
 * many as it is told (hours of CPU for --check-lab). */
static const struct cmd_entry *const lab_refused[] = {
	&cmd_export_entry,
	&cmd_pause_entry,
	&cmd_resume_entry,
	&cmd_speed_entry,
	&cmd_chaos_entry,
};

/* Why a lab may not run ce, for the message. */
static const char *
lab_refused_why(const struct cmd_entry *ce)
{
	if (ce == &cmd_export_entry)
		return "it writes files";
	if (ce == &cmd_chaos_entry)
		return "it runs other clusters, outside the lab's";
	return "it steers the student's clock, outside the cluster";
}

/* On a real cluster (attach: yes) a setup block may only make sure
 * topics exist and wait; nothing from a lab file runs a configured
 * command. */
static const char *const lab_attach_setup[] = {
	"kafka-topics", "wait",
};

/* What no --attach-config can give and attach mode refuses. */
static const char *const lab_attach_refused[] = {
	"set", "kafka-configs", "kafka-leader-election", "group",
};

/* The error for ce in a block of kind in an attach: yes lab, if any. */
static void
lab_attach_cmd_check(struct lab_parser *p, const char *kind,
    const struct lab_cmd *cmd, const struct cmd_entry *ce)
{
	size_t	k;

	if (strcmp(kind, "setup") == 0) {
		for (k = 0; k < sizeof lab_attach_setup /
		    sizeof lab_attach_setup[0]; k++)
			if (strcmp(ce->name, lab_attach_setup[k]) == 0)
				return;
		lab_error(p, cmd->line, cmd->col, "attach: yes: ```lab setup: "
		    "'%s' would act on a real cluster (a setup may only "
		    "create topics and wait)", ce->name);
		return;
	}
	for (k = 0; k < sizeof lab_attach_refused /
	    sizeof lab_attach_refused[0]; k++)
		if (strcmp(ce->name, lab_attach_refused[k]) == 0)
			lab_error(p, cmd->line, cmd->col, "attach: yes: ```lab "
			    "%s: '%s' cannot run on a real cluster (only kill, "
			    "stop, start, isolate, heal, slow and partition, as "
			    "--attach-config gives them)", kind, ce->name);
}

/* Errors for every command in v that a lab may not run (kind: the
 * block's kind, for the message). */
static void
lab_cmds_check(struct lab_parser *p, const char *kind,
    const struct lab_cmd *v, size_t n)
{
	const struct cmd_entry	*ce;
	const struct keys_entry	*ke;
	struct words		 w = WORDS_INIT;
	char			 err[256], cname[64];
	size_t			 i, k;
	int			 container;

	for (i = 0; i < n; i++) {
		/* Lines for a console producer are data, not commands. */
		if (v[i].text[0] == '>' ||
		    words_split(v[i].text, &w, err, sizeof err) != 0)
			continue;
		/* `key K` in a solution runs what the screen's key runs. */
		if (w.n == 2 && strcmp(w.v[0], "key") == 0 &&
		    (ke = keys_find(w.v[1])) != NULL &&
		    (ke->act == KEYS_ACT_EXPORT || ke->act == KEYS_ACT_PAUSE ||
		    ke->act == KEYS_ACT_SPEED))
			lab_error(p, v[i].line, v[i].col, "```lab %s: key '%s' "
			    "is not allowed in a lab file (%s)", kind, w.v[1],
			    ke->act == KEYS_ACT_EXPORT ? "it writes files" :
			    "it steers the student's clock, outside the "
			    "cluster");
		cmd_normalize(&w, &container, cname, sizeof cname, false);
		ce = w.n > 0 ? cmd_find(w.v[0]) : NULL;
		for (k = 0; ce != NULL && k < sizeof lab_refused /
		    sizeof lab_refused[0]; k++)
			if (ce == lab_refused[k])
				lab_error(p, v[i].line, v[i].col, "```lab %s: "
				    "'%s' is not allowed in a lab file (%s)",
				    kind, ce->name, lab_refused_why(ce));
		if (ce != NULL && p->lab->attach)
			lab_attach_cmd_check(p, kind, &v[i], ce);
		words_free(&w);
	}
}

/* Add a hint block: the next level of the step in language lang (a
 * level the other language already opened is filled in). */
static void
lab_hint_add(struct lab_step *st, enum lab_lang lang, const char *lit,
    int line)
{
	size_t		 n = strlen(lit), k = st->n_hints_lang[lang]++;
	struct lab_hint	*h;

	while (n > 0 && isspace((unsigned char)lit[n - 1]))
		n--;
	if (k == st->n_hints) {
		st->hints = xreallocarray(st->hints, st->n_hints + 1,
		    sizeof *st->hints);
		memset(&st->hints[st->n_hints++], 0, sizeof *st->hints);
	}
	h = &st->hints[k];
	lab_str_set(lang == LAB_EN ? &h->text.en : &h->text.ko, lit, n);
	h->line[lang] = line;
}

const char *
lab_hint_get(const struct lab_step *st, size_t level, enum lab_lang lang)
{
	if (level == 0 || level > st->n_hints)
		return NULL;
	return lab_str_get(&st->hints[level - 1].text, lang);
}

static void
lab_lab_block(struct lab_parser *p, cmark_node *n, const char *info)
{
	struct lab_step	*st = lab_cur_step(p);
	struct words	 w = WORDS_INIT;
	struct lab_cmd	*v;
	size_t		 nv, i;
	int		 line = cmark_node_get_start_line(n),
			 col = cmark_node_get_start_column(n);
	const char	*kind, *lit = cmark_node_get_literal(n);
	char		 err[256];
	int64_t		 ms;

	if (!lab_fence_closed(p, n)) {
		lab_error(p, line, col, "unclosed ```%s block (it runs to the "
		    "end of the file)", info);
		return;
	}
	if (words_split(info, &w, err, sizeof err) != 0 || w.n < 2) {
		lab_error(p, line, col, "'%s': expected 'lab setup', 'lab "
		    "expect', 'lab hint', 'lab quiz' or 'lab solution'", info);
		goto out;
	}
	kind = w.v[1];
	lab_cmds_split(lit, line + 1, col, &v, &nv);
	if (strcmp(kind, "setup") == 0 || strcmp(kind, "solution") == 0)
		lab_cmds_check(p, kind, v, nv);
	if (strcmp(kind, "setup") == 0 || strcmp(kind, "expect") == 0 ||
	    strcmp(kind, "solution") == 0) {
		if (p->en) {
			lab_error(p, line, col, "```lab %s belongs to the "
			    "step itself, not to its [en] section", kind);
			lab_cmds_free(v, nv);
		} else if (strcmp(kind, "setup") == 0) {
			if (st == NULL)
				lab_cmds_append(&p->lab->setup,
				    &p->lab->n_setup, v, nv);
			else
				lab_cmds_append(&st->setup, &st->n_setup, v,
				    nv);
		} else if (st == NULL) {
			lab_error(p, line, col, "```lab %s before the first "
			    "step (a '##' heading)", kind);
			lab_cmds_free(v, nv);
		} else if (strcmp(kind, "expect") == 0) {
			lab_block_expect(p, st, v, nv);
			lab_cmds_free(v, nv);
		} else
			lab_cmds_append(&st->solution, &st->n_solution, v,
			    nv);
		goto out;
	}
	lab_cmds_free(v, nv);
	if (st == NULL && (strcmp(kind, "hint") == 0 ||
	    strcmp(kind, "hint.en") == 0 || strcmp(kind, "quiz") == 0)) {
		lab_error(p, line, col, "```lab %s before the first step (a "
		    "'##' heading)", kind);
		goto out;
	}
	if (strcmp(kind, "hint") == 0 || strcmp(kind, "hint.en") == 0) {
		lab_hint_add(st, p->en || kind[4] == '.' ? LAB_EN : LAB_KO,
		    lit, line);
		for (i = 2; i < w.n; i++) {
			if (strncmp(w.v[i], "after=", 6) == 0 &&
			    duration_parse(w.v[i] + 6, &ms) == 0)
				st->hint_after_ms = ms;
			else
				lab_error(p, line, col, "lab hint: unknown "
				    "'%s' (after=30s)", w.v[i]);
		}
	} else if (strcmp(kind, "quiz") == 0) {
		if (p->en) {
			if (st->quiz == NULL)
				lab_error(p, line, col, "an [en] quiz needs "
				    "the step's own ```lab quiz first");
			else
				quiz_parse_en(st->quiz, lit, line + 1, col,
				    p->name, p->errs, &p->n_errs);
		} else if (st->quiz != NULL)
			lab_error(p, line, col, "a step has one ```lab quiz");
		else
			st->quiz = quiz_parse(lit, line + 1, col, line,
			    p->name, p->errs, &p->n_errs);
	} else
		lab_error(p, line, col, "unknown block 'lab %s' (setup, expect, "
		    "hint, quiz, solution)", kind);
out:
	words_free(&w);
}

/* --- steps --------------------------------------------------------------- */

/* The heading's plain text. */
static char *
lab_heading_text(cmark_node *n)
{
	struct labtext	 t = LABTEXT_INIT;
	struct strbuf	 sb = STRBUF_INIT;
	size_t		 i;

	labtext_line_add(&t, LT_PARA, 0);
	lab_render_inlines(n, &t, 0);
	for (i = 0; i < t.lines[0].n_spans; i++)
		strbuf_adds(&sb, t.lines[0].spans[i].text);
	labtext_free(&t);
	return strbuf_detach(&sb);
}

/* "1. Title" -> "Title" (also "1) ", "Step 1: " is left alone). */
static const char *
lab_strip_number(const char *s)
{
	const char	*p = s;

	while (isdigit((unsigned char)*p))
		p++;
	if (p > s && (*p == '.' || *p == ')') && p[1] == ' ') {
		p += 2;
		while (*p == ' ')
			p++;
		return p;
	}
	return s;
}

static void
lab_heading(struct lab_parser *p, cmark_node *n)
{
	struct lab	*lab = p->lab;
	struct lab_step	*st;
	char		*text = lab_heading_text(n);
	const char	*t = text;

	if (strncmp(t, "[en]", 4) == 0) {
		t += 4;
		while (*t == ' ')
			t++;
		p->en = true;
		if (p->cur >= 0)
			lab->steps[p->cur].en_line =
			    cmark_node_get_start_line(n);
		if (p->cur >= 0 && *t != '\0')
			lab_str_set(&lab->steps[p->cur].title.en,
			    lab_strip_number(t), strlen(lab_strip_number(t)));
		free(text);
		return;
	}
	p->en = false;
	lab->steps = xreallocarray(lab->steps, lab->n_steps + 1,
	    sizeof *lab->steps);
	st = &lab->steps[lab->n_steps];
	memset(st, 0, sizeof *st);
	p->cur = (long)lab->n_steps++;
	t = lab_strip_number(t);
	st->title.ko = xstrdup(t);
	st->line = cmark_node_get_start_line(n);
	st->hint_after_ms = -1;
	free(text);
}

static void
lab_walk(struct lab_parser *p, cmark_node *doc)
{
	cmark_node	*n;
	struct labtext	*t;
	const char	*info;
	enum lab_lang	 lang;
	bool		 code;

	for (n = cmark_node_first_child(doc); n != NULL;
	    n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(n) == 2) {
			lab_heading(p, n);
			continue;
		}
		if (cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK &&
		    (info = cmark_node_get_fence_info(n)) != NULL &&
		    strncmp(info, "lab", 3) == 0 &&
		    (info[3] == '\0' || info[3] == ' ')) {
			lab_lab_block(p, n, info);
			continue;
		}
		/* A `# Title` line before the steps is the file's own title. */
		if (p->cur < 0 && cmark_node_get_type(n) ==
		    CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 1)
			continue;
		lang = p->en ? LAB_EN : LAB_KO;
		code = cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK;
		if (p->cur < 0) {
			t = &p->lab->intro[lang];
			p->lab->intro_code[lang] += code;
			if (p->lab->intro_line[lang] == 0)
				p->lab->intro_line[lang] =
				    cmark_node_get_start_line(n);
		} else {
			t = &p->lab->steps[p->cur].text[lang];
			p->lab->steps[p->cur].n_code[lang] += code;
		}
		lab_render_block(n, t, 0, LT_PARA);
	}
}

static void
lab_finish(struct lab_parser *p)
{
	struct lab	*lab = p->lab;
	size_t		 i;

	labtext_trim(&lab->intro[LAB_KO]);
	labtext_trim(&lab->intro[LAB_EN]);
	for (i = 0; i < lab->n_steps; i++) {
		labtext_trim(&lab->steps[i].text[LAB_KO]);
		labtext_trim(&lab->steps[i].text[LAB_EN]);
		if (lab->steps[i].hint_after_ms < 0)
			lab->steps[i].hint_after_ms = lab->hint_after_ms;
	}
	if (lab->n_steps == 0)
		lab_error(p, 1, 1, "a lab needs at least one step (a '##' "
		    "heading)");
}

int
lab_parse(const char *name, const char *text, size_t len, struct lab **out,
    struct strbuf *errs)
{
	struct lab_parser	 p;
	cmark_node		*doc;
	char			*buf = xstrndup(text, len);

	memset(&p, 0, sizeof p);
	p.name = name;
	p.errs = errs;
	p.cur = -1;
	p.lab = xcalloc(1, sizeof *p.lab);
	p.lab->path = xstrdup(name);
	p.lab->brokers = 3;
	p.lab->seed = 1;
	p.lab->kafka = KAFKA_PROFILE_DEFAULT;
	p.lab->hint_after_ms = LAB_HINT_AFTER_MS;
	if (strlen(buf) < len) {
		/* Text stops at a NUL byte; the rest would vanish unseen. */
		const char	*q, *bol = text;
		int		 line = 1;

		for (q = text; *q != '\0'; q++)
			if (*q == '\n') {
				line++;
				bol = q + 1;
			}
		lab_error(&p, line, (int)(q - bol) + 1, "a NUL byte in the "
		    "file: a lab is text");
	}
	len = strlen(buf);
	lab_front_matter(&p, buf, len);
	p.text = buf;
	p.len = len;
	doc = cmark_parse_document(buf, len, CMARK_OPT_DEFAULT);
	lab_walk(&p, doc);
	cmark_node_free(doc);
	lab_finish(&p);
	free(buf);
	words_free(&p.fm_keys);
	free(p.fm_lines);
	if (p.n_errs > 0) {
		lab_free(p.lab);
		*out = NULL;
		return -1;
	}
	*out = p.lab;
	return 0;
}

/* --- both languages (--check-lab) ------------------------------------- */

/* Whether s holds a byte outside ASCII (Korean, for a quiz choice). */
static bool
lab_non_ascii(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

static int
lab_check_error(struct strbuf *errs, const struct lab *lab, int line,
    const char *fmt, ...) ISRLAB_PRINTFLIKE(4, 5);

static int
lab_check_error(struct strbuf *errs, const struct lab *lab, int line,
    const char *fmt, ...)
{
	va_list	ap;

	strbuf_printf(errs, "%s:%d:1: ", lab->path, line > 0 ? line : 1);
	va_start(ap, fmt);
	strbuf_vprintf(errs, fmt, ap);
	va_end(ap);
	strbuf_addc(errs, '\n');
	return 1;
}

static int
lab_check_quiz(const struct lab *lab, size_t i, const struct lab_quiz *q,
    struct strbuf *errs)
{
	int	n = 0;
	size_t	c;

	if (q->question.en == NULL)
		n += lab_check_error(errs, lab, q->line, "step %zu: the quiz "
		    "has no question.en", i + 1);
	for (c = 0; c < q->n_choices; c++)
		if (q->choices[c].en == NULL &&
		    lab_non_ascii(q->choices[c].ko))
			n += lab_check_error(errs, lab, q->line, "step %zu: "
			    "quiz choice %c has no %c.en", i + 1,
			    (char)('a' + c), (char)('a' + c));
	if (q->explain.ko != NULL && q->explain.en == NULL)
		n += lab_check_error(errs, lab, q->line, "step %zu: the quiz "
		    "has no explain.en", i + 1);
	return n;
}

static int
lab_check_step(const struct lab *lab, size_t i, struct strbuf *errs)
{
	const struct lab_step	*st = &lab->steps[i];
	int			 n = 0, at;
	size_t			 k;

	if (st->n_hints == 0)
		n += lab_check_error(errs, lab, st->line, "step %zu has no "
		    "hint (a ```lab hint block per level, in the step and in "
		    "its English section)", i + 1);
	if (st->en_line == 0 || st->title.en == NULL)
		return n + lab_check_error(errs, lab, st->line, "step %zu has "
		    "no English section (a '## [en] %zu. Title' heading after "
		    "it)", i + 1, i + 1);
	at = st->en_line;
	if (!labtext_empty(&st->text[LAB_KO]) &&
	    labtext_empty(&st->text[LAB_EN]))
		n += lab_check_error(errs, lab, at, "step %zu: the English "
		    "section has no text", i + 1);
	if (st->n_code[LAB_KO] != st->n_code[LAB_EN])
		n += lab_check_error(errs, lab, at, "step %zu: %d code "
		    "block(s) in Korean but %d in English", i + 1,
		    st->n_code[LAB_KO], st->n_code[LAB_EN]);
	for (k = 0; k < st->n_hints; k++) {
		if (st->hints[k].text.ko == NULL)
			n += lab_check_error(errs, lab,
			    st->hints[k].line[LAB_EN], "step %zu: English "
			    "hint %zu has no Korean hint %zu", i + 1, k + 1,
			    k + 1);
		else if (st->hints[k].text.en == NULL)
			n += lab_check_error(errs, lab,
			    st->hints[k].line[LAB_KO], "step %zu: hint %zu "
			    "has no English (hint %zu of the [en] section)",
			    i + 1, k + 1, k + 1);
	}
	if (st->quiz != NULL)
		n += lab_check_quiz(lab, i, st->quiz, errs);
	return n;
}

/* The four levels a lab may give, Korean and the English that matches. */
static const struct {
	const char	*ko, *en;
} lab_levels[] = {
	{ "입문", "beginner" },
	{ "기초", "basic" },
	{ "중급", "intermediate" },
	{ "고급", "advanced" },
};

/* level: is one of lab_levels and level.en its English (1 error) or 0. */
static int
lab_check_level(const struct lab *lab, struct strbuf *errs)
{
	size_t	i;

	if (lab->level.ko == NULL)
		return 0;
	for (i = 0; i < sizeof lab_levels / sizeof lab_levels[0]; i++)
		if (strcmp(lab->level.ko, lab_levels[i].ko) == 0)
			break;
	if (i == sizeof lab_levels / sizeof lab_levels[0])
		return lab_check_error(errs, lab, 1, "front matter: 'level: "
		    "%s' is not one of 입문, 기초, 중급, 고급", lab->level.ko);
	if (lab->level.en != NULL && strcmp(lab->level.en,
	    lab_levels[i].en) != 0)
		return lab_check_error(errs, lab, 1, "front matter: 'level.en: "
		    "%s' for %s: it is '%s'", lab->level.en, lab->level.ko,
		    lab_levels[i].en);
	return 0;
}

int
lab_check_languages(const struct lab *lab, struct strbuf *errs)
{
	int	n = 0;
	size_t	i;

	n += lab_check_level(lab, errs);

	for (i = 0; i < LAB_FM_N_STRS; i++) {
		const struct lab_str	*s = (const struct lab_str *)
		    (const void *)((const char *)lab + lab_fm_strs[i].off);

		if (s->ko != NULL && s->en == NULL)
			n += lab_check_error(errs, lab, 1, "front matter: "
			    "'%s:' has no '%s.en:'", lab_fm_strs[i].key,
			    lab_fm_strs[i].key);
	}
	if (!labtext_empty(&lab->intro[LAB_KO]) &&
	    labtext_empty(&lab->intro[LAB_EN]))
		n += lab_check_error(errs, lab, lab->intro_line[LAB_KO], "the "
		    "introduction has no English (a '## [en]' section before "
		    "the first step)");
	else if (lab->intro_code[LAB_KO] != lab->intro_code[LAB_EN])
		n += lab_check_error(errs, lab, lab->intro_line[LAB_EN], "the "
		    "introduction has %d code block(s) in Korean but %d in "
		    "English", lab->intro_code[LAB_KO],
		    lab->intro_code[LAB_EN]);
	for (i = 0; i < lab->n_steps; i++)
		n += lab_check_step(lab, i, errs);
	return n;
}

int
lab_load(const char *path, struct lab **out, struct strbuf *errs)
{
	char	*data, err[1024];
	size_t	 len;
	int	 rc;

	*out = NULL;
	if (readfile_load(path, &readfile_text_limits, &data, &len, err,
	    sizeof err) != 0) {
		strbuf_printf(errs, "%s\n", err);
		return -1;
	}
	rc = lab_parse(path, data, len, out, errs);
	free(data);
	return rc;
}

void
lab_free(struct lab *lab)
{
	struct lab_step	*st;
	size_t		 i, j;

	if (lab == NULL)
		return;
	for (i = 0; i < lab->n_steps; i++) {
		st = &lab->steps[i];
		lab_str_free(&st->title);
		labtext_free(&st->text[LAB_KO]);
		labtext_free(&st->text[LAB_EN]);
		lab_cmds_free(st->setup, st->n_setup);
		for (j = 0; j < st->n_expect; j++) {
			free(st->expect[j].text);
			cond_free(st->expect[j].cond);
		}
		free(st->expect);
		for (j = 0; j < st->n_hints; j++)
			lab_str_free(&st->hints[j].text);
		free(st->hints);
		quiz_free(st->quiz);
		lab_cmds_free(st->solution, st->n_solution);
	}
	free(lab->steps);
	labtext_free(&lab->intro[LAB_KO]);
	labtext_free(&lab->intro[LAB_EN]);
	lab_cmds_free(lab->setup, lab->n_setup);
	lab_str_free(&lab->title);
	lab_str_free(&lab->level);
	lab_str_free(&lab->summary);
	free(lab->id);
	free(lab->path);
	free(lab);
}
