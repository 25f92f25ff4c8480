/*
 * words.h - split one command line into shell-like words.
 *
 * The console, scripts and lab files all type commands the way a student
 * types them in a shell (the seeds are shell transcripts), so the rules are
 * the shell's, minus everything that expands: single quotes group
 * literally, double quotes group and let a backslash escape `"`, `\`, `$`
 * and backquote, a backslash outside quotes escapes any character, and `#`
 * at the start of a word starts a comment.  Line continuation (a backslash
 * before the newline) is the script reader's job: a line here is already
 * one logical line.
 */
#ifndef ISRLAB_CONSOLE_WORDS_H
#define ISRLAB_CONSOLE_WORDS_H

#include <stddef.h>

/* A list of words; owns the strings and the array.  v[n] is NULL. */
struct words {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

#define WORDS_INIT { NULL, 0, 0 }

/* Split line into out (which must be empty or WORDS_INIT).  Returns 0, or
 * -1 with a one-line message in err on an unbalanced quote or a trailing
 * lone backslash; out is then empty. */
int words_split(const char *line, struct words *out, char *err, size_t len);

/* Append a copy of s. */
void words_add(struct words *w, const char *s);

/* Remove the first n words (n <= w->n). */
void words_shift(struct words *w, size_t n);

/* Free the strings and the array and leave w as WORDS_INIT. */
void words_free(struct words *w);

/* The words joined by single spaces, quoted where needed so that
 * words_split gives them back; the caller frees it. */
char *words_join(const struct words *w, size_t from);

#endif
