/*
 * glossary.h - the labs' vocabulary: which Korean term isrlab uses for
 * each concept, and which terms a lab should not use.
 *
 * DESIGN
 * The glossary is data, not code: a Markdown file, GLOSSARY.md, installed
 * with the labs and read by --check-lab from the directory of the lab it
 * checks.  Each row of its table is
 *
 *   | concept | isrlab's Korean term | English term | terms to avoid |
 *
 * and every `backquoted` phrase in the last cell is an avoided term.  A lab
 * line (outside plain code blocks and inline code, where Kafka's own words
 * stand) that contains one gets a warning naming the term to use instead;
 * warnings never fail the check.  Libc only.
 */
#ifndef ISRLAB_LAB_GLOSSARY_H
#define ISRLAB_LAB_GLOSSARY_H

#include <stddef.h>
#include <stdio.h>

#include "util/strbuf.h"

#define GLOSSARY_FILE "GLOSSARY.md"

struct glossary_term {
	char	*avoid;		/* the term to avoid (owned) */
	char	*use;		/* the row's isrlab term (owned) */
	int	 line;		/* its row in the glossary */
};

struct glossary {
	char			*path;	/* owned */
	struct glossary_term	*v;	/* owned */
	size_t			 n;
};

/* Parse a glossary (text of len bytes, named path). */
void glossary_parse(struct glossary *g, const char *path, const char *text,
    size_t len);
/* The glossary beside lab_path (GLOSSARY.md in its directory): 0 when
 * one was read, -1 when there is none. */
int glossary_load_beside(struct glossary *g, const char *lab_path);
void glossary_free(struct glossary *g);

/* Append "NAME:LINE: warning: ..." for every avoided term in text (a lab
 * file of len bytes, named name) to out; returns how many. */
int glossary_scan(const struct glossary *g, const char *name,
    const char *text, size_t len, struct strbuf *out);

/* --check-lab's vocabulary pass: read lab_path and the glossary beside
 * it and print the warnings to err; returns how many (0 when there is no
 * glossary). */
int glossary_check_file(const char *lab_path, FILE *err);

#endif
