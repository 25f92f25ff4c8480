/*
 * glossary.c - reading GLOSSARY.md and warning on avoided terms.
 */

#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/glossary.h"
#include "util/readfile.h"
#include "util/xmalloc.h"

/* The text of a table cell [s, e) without blanks, `*` and backquotes. */
static char *
glossary_cell_text(const char *s, const char *e)
{
	struct strbuf	sb = STRBUF_INIT;

	for (; s < e; s++)
		if (*s != '`' && *s != '*')
			strbuf_addc(&sb, *s);
	while (sb.len > 0 && sb.s[sb.len - 1] == ' ')
		sb.s[--sb.len] = '\0';
	if (sb.len == 0)
		return xstrdup("");
	{
		char	*t = strbuf_detach(&sb), *p = t;

		while (*p == ' ')
			p++;
		memmove(t, p, strlen(p) + 1);
		return t;
	}
}

/* One table row [s, e) at line: its avoided terms. */
static void
glossary_row(struct glossary *g, const char *s, const char *e, int line)
{
	const char	*cell[5], *q, *b;
	size_t		 n = 0;
	char		*use;

	for (q = s; q < e && n < 5; q++)
		if (*q == '|')
			cell[n++] = q;
	if (n < 5)
		return;		/* not | concept | term | English | avoid | */
	use = glossary_cell_text(cell[1] + 1, cell[2]);
	for (q = cell[3] + 1; q < cell[4]; q = b + 1) {
		if ((q = memchr(q, '`', (size_t)(cell[4] - q))) == NULL)
			break;
		q++;
		if ((b = memchr(q, '`', (size_t)(cell[4] - q))) == NULL)
			break;
		if (b == q)
			continue;
		g->v = xreallocarray(g->v, g->n + 1, sizeof *g->v);
		g->v[g->n].avoid = xstrndup(q, (size_t)(b - q));
		g->v[g->n].use = xstrdup(use);
		g->v[g->n].line = line;
		g->n++;
	}
	free(use);
}

void
glossary_parse(struct glossary *g, const char *path, const char *text,
    size_t len)
{
	const char	*p = text, *e = text + len, *nl;
	int		 line = 1;

	memset(g, 0, sizeof *g);
	g->path = xstrdup(path);
	for (; p < e; p = nl + 1, line++) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		if (*p == '|')
			glossary_row(g, p, nl, line);
		if (nl == e)
			break;
	}
}

/* Read the file at path into sb (util/readfile.h: a regular file within
 * the text limits); -1 when it cannot be read. */
static int
glossary_slurp(const char *path, struct strbuf *sb)
{
	char	*data, err[512];
	size_t	 len;

	if (readfile_load(path, &readfile_text_limits, &data, &len, err,
	    sizeof err) != 0)
		return -1;
	strbuf_add(sb, data, len);
	free(data);
	return 0;
}

int
glossary_load_beside(struct glossary *g, const char *lab_path)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*slash = strrchr(lab_path, '/');
	char		*path;
	int		 rc = -1;

	memset(g, 0, sizeof *g);
	if (slash != NULL)
		path = xasprintf("%.*s/%s", (int)(slash - lab_path), lab_path,
		    GLOSSARY_FILE);
	else
		path = xstrdup(GLOSSARY_FILE);
	if (glossary_slurp(path, &sb) == 0) {
		glossary_parse(g, path, strbuf_cstr(&sb), sb.len);
		rc = 0;
	}
	strbuf_free(&sb);
	free(path);
	return rc;
}

void
glossary_free(struct glossary *g)
{
	size_t	i;

	for (i = 0; i < g->n; i++) {
		free(g->v[i].avoid);
		free(g->v[i].use);
	}
	free(g->v);
	free(g->path);
	memset(g, 0, sizeof *g);
}

/* Whether line [s, e) opens or closes a code fence; *lab when its info
 * string starts with "lab" (those blocks hold the lab's own prose). */
static bool
glossary_fence(const char *s, const char *e, bool *lab)
{
	while (s < e && *s == ' ')
		s++;
	if (e - s < 3 || !((s[0] == '`' && s[1] == '`' && s[2] == '`') ||
	    (s[0] == '~' && s[1] == '~' && s[2] == '~')))
		return false;
	s += 3;
	while (s < e && (*s == '`' || *s == '~'))
		s++;
	*lab = e - s >= 3 && strncmp(s, "lab", 3) == 0;
	return true;
}

/* The line [s, e) with inline code blanked out (Kafka's own words). */
static char *
glossary_prose(const char *s, const char *e)
{
	char	*t = xstrndup(s, (size_t)(e - s)), *p, *q;

	for (p = t; (p = strchr(p, '`')) != NULL; p = q + 1) {
		if ((q = strchr(p + 1, '`')) == NULL)
			break;
		memset(p, ' ', (size_t)(q - p + 1));
	}
	return t;
}

int
glossary_scan(const struct glossary *g, const char *name, const char *text,
    size_t len, struct strbuf *out)
{
	const char	*p = text, *e = text + len, *nl;
	char		*prose;
	int		 line = 1, n = 0;
	size_t		 i;
	bool		 fenced = false, skip = false, lab = false;

	for (; p < e; p = nl + 1, line++) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		if (glossary_fence(p, nl, &lab)) {
			skip = !fenced && !lab;	/* a plain block opens */
			fenced = !fenced;
		} else if (!skip) {
			prose = glossary_prose(p, nl);
			for (i = 0; i < g->n; i++) {
				if (strstr(prose, g->v[i].avoid) == NULL)
					continue;
				strbuf_printf(out, "%s:%d: warning: '%s' is "
				    "not isrlab's term: use '%s' (%s:%d)\n",
				    name, line, g->v[i].avoid, g->v[i].use,
				    g->path, g->v[i].line);
				n++;
			}
			free(prose);
		}
		if (nl == e)
			break;
	}
	return n;
}

int
glossary_check_file(const char *lab_path, FILE *err)
{
	struct glossary	g;
	struct strbuf	text = STRBUF_INIT, out = STRBUF_INIT;
	int		n = 0;

	if (glossary_load_beside(&g, lab_path) != 0)
		return 0;
	if (glossary_slurp(lab_path, &text) == 0)
		n = glossary_scan(&g, lab_path, strbuf_cstr(&text), text.len,
		    &out);
	fputs(strbuf_cstr(&out), err);
	strbuf_free(&out);
	strbuf_free(&text);
	glossary_free(&g);
	return n;
}
