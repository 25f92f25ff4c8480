/*
 * lab.h - a lab: a guide in CommonMark with steps the program checks.
 *
 * DESIGN
 * A lab file (DESIGN.md "Labs", isrlab-lab(5)) is Markdown that a teacher
 * can read as it is: YAML-like front matter between `---` lines, then text.
 * Each `##` heading starts a step; fenced blocks whose info string starts
 * with `lab` carry what the program needs:
 *
 *   lab setup       commands run before the step (before the first step:
 *                   when the lab starts)
 *   lab expect      conditions (cond.h), one per line, all must hold
 *   lab hint        one hint level; the step's hint blocks in order are
 *                   levels 1, 2, ...: `t` shows the first (or it shows
 *                   by itself after a delay), each further `t` the next,
 *                   the last being the exact command
 *   lab quiz        question:, a: b: c: choices, answer:, explain:
 *                   (`.en` variants); no choices = a short answer
 *   lab solution    what completes the step: commands, `key K`,
 *                   `answer A` (used by --solve and the tests)
 *
 * English comes from `.en` keys (title.en, question.en, ...) and from a
 * `## [en] Title` section after a step, whose text and hint/quiz blocks are
 * that step's English.  Lab files are data: every command is isrlab's own
 * command language, run by the console; nothing else is ever executed.
 *
 * lab_parse walks libcmark's tree (the only cmark user), so the library
 * that holds it, src/libisrlab.a, needs $(CMARK_CFLAGS); everything else
 * in src/lab is libc plus libisrcore.  Errors are "FILE:LINE:COL: message"
 * lines, all of them, so a teacher fixes a file in one go.
 */
#ifndef ISRLAB_LAB_LAB_H
#define ISRLAB_LAB_LAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "console/cond.h"
#include "console/words.h"
#include "lab/labtext.h"
#include "model/ids.h"
#include "model/profile.h"
#include "model/settings.h"
#include "util/strbuf.h"

enum lab_lang {
	LAB_KO,			/* the lab's own language (Korean) */
	LAB_EN,			/* English, falling back to Korean */
};

/* A text field with its English variant. */
struct lab_str {
	char	*ko;		/* owned, or NULL */
	char	*en;		/* owned, or NULL when there is none */
};

/* One logical line of a setup or solution block (continuations joined). */
struct lab_cmd {
	char	*text;		/* owned */
	int	 line, col;	/* where it starts in the file */
};

struct lab_expect {
	char		*text;	/* owned, as written */
	struct cond	*cond;	/* owned */
	int		 line, col;
};

/* One level of a step's hint: the n-th hint block of the step (Korean)
 * and the n-th of its [en] section (or `lab hint.en`). */
struct lab_hint {
	struct lab_str	 text;
	int		 line[2];	/* its block's line per language, 0: none */
};

struct lab_quiz {
	struct lab_str	 question;
	struct lab_str	*choices;	/* owned; a, b, c, ... */
	size_t		 n_choices;
	int		 answer;	/* choice index; -1: short answer */
	struct words	 accept;	/* short answers, normalised */
	struct lab_str	 explain;
	int		 line, col;
};

struct lab_step {
	struct lab_str	 title;		/* without its "N. " */
	struct labtext	 text[2];	/* [LAB_KO], [LAB_EN] (may be empty) */
	struct lab_cmd	*setup;
	size_t		 n_setup;
	struct lab_expect *expect;
	size_t		 n_expect;
	struct lab_hint	*hints;		/* owned; level 1 first */
	size_t		 n_hints;	/* levels (Korean or English blocks) */
	size_t		 n_hints_lang[2]; /* hint blocks per language */
	int64_t		 hint_after_ms;	/* delay before level 1 shows */
	struct lab_quiz	*quiz;		/* or NULL */
	struct lab_cmd	*solution;
	size_t		 n_solution;
	int		 n_code[2];	/* code blocks (not lab) per language */
	int		 line;		/* the heading's line */
	int		 en_line;	/* its `## [en]` heading's, 0: none */
};

struct lab {
	char		*path;		/* as given */
	char		*id;		/* front matter id */
	struct lab_str	 title, level, summary;
	int		 brokers;	/* 1..9, default 3 */
	int		 minutes;	/* estimated, 0 when not given */
	char		 racks[ISR_MAX_BROKERS][32];
	bool		 has_racks;
	int		 n_racks_given;	/* names in racks: */
	uint64_t	 seed;		/* layout seed, default 1 */
	enum kafka_profile kafka;	/* kafka:, default KAFKA_PROFILE_DEFAULT */
	bool		 attach;	/* attach: yes: it can run on a real
					   cluster (--attach): only what attach
					   mode observes and configures */
	bool		 has_seed;	/* seed: given: it pins every session's
					   cluster layout (lab_settings) */
	int64_t		 hint_after_ms;	/* default delay for hints */
	struct labtext	 intro[2];	/* text before the first step */
	int		 intro_code[2];	/* code blocks in intro per language */
	int		 intro_line[2];	/* first intro text line, 0: none */
	struct lab_cmd	*setup;		/* before the first step */
	size_t		 n_setup;
	struct lab_step	*steps;
	size_t		 n_steps;
};

/* Parse text (len bytes, named name in messages).  Returns 0 with *out
 * set, or -1 with every error appended to errs as "NAME:LINE:COL: message\n"
 * (and *out NULL). */
int lab_parse(const char *name, const char *text, size_t len,
    struct lab **out, struct strbuf *errs);
/* Read and parse the file at path. */
int lab_load(const char *path, struct lab **out, struct strbuf *errs);
void lab_free(struct lab *lab);

/* s in lang: the English text when asked for and present, else Korean
 * (never NULL: "" when both are missing). */
const char *lab_str_get(const struct lab_str *s, enum lab_lang lang);
/* The step's text in lang (Korean when there is no English). */
const struct labtext *lab_step_text(const struct lab_step *st,
    enum lab_lang lang);
/* Whether a step waits for `n` (no expectations and no quiz). */
bool lab_step_read_only(const struct lab_step *st);

/* The text of hint level (1-based) in lang, or NULL when the step has
 * no such level. */
const char *lab_hint_get(const struct lab_step *st, size_t level,
    enum lab_lang lang);

/* --check-lab's both-languages rule: every Korean step, its text, its
 * code blocks, hint levels and quiz (question, choices with Korean in
 * them, explanation) has its English, and every step has at least one
 * hint level.  Appends "FILE:LINE:COL: message\n" per failure to errs;
 * returns how many. */
int lab_check_languages(const struct lab *lab, struct strbuf *errs);

/* The cluster the lab runs on, in s: its Kafka profile unless
 * profile_fixed (--kafka or a journal chose one), and its layout seed
 * when its `seed:` pins one, so that every student's topics are placed
 * as its text says (model/settings.h). */
void lab_settings(const struct lab *lab, bool profile_fixed,
    struct settings *s);

/* The lab's number: the digits its id starts with ("01-..." -> 1), or 0. */
int lab_number(const struct lab *lab);

/* Split a block's content into logical lines (a `\` at the end of a line
 * continues it; blank and `#` lines are skipped; "> " producer lines stand
 * alone).  first_line is the file line of the content's first line and
 * col the column its text starts at. */
void lab_cmds_split(const char *content, int first_line, int col,
    struct lab_cmd **v, size_t *n);
void lab_cmds_free(struct lab_cmd *v, size_t n);

#endif
