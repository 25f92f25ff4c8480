/*
 * utf8.h - UTF-8 text: decoding, display width, cutting and wrapping.
 *
 * The one place isrlab reads UTF-8 by hand; everything else decodes with
 * utf8_decode() and measures with the functions below, so one rule holds
 * everywhere:
 *
 * - Valid UTF-8 is RFC 3629: the shortest encoding of a code point in
 *   U+0000..U+10FFFF that is not a surrogate.  A byte that does not start
 *   such a sequence (a stray continuation byte, an overlong form, a
 *   surrogate, a code point beyond U+10FFFF, a sequence cut short) decodes
 *   as U+FFFD on its own, one byte long, so no input can make a caller
 *   loop or over-run a buffer.
 * - Korean takes two terminal columns per syllable, so text is measured in
 *   columns, never in bytes.  Widths come from utf8proc's Unicode tables,
 *   not from the process locale, so they are the same under `make check`,
 *   in a pipe and on the screen (see utf8_cp_width() for the two places
 *   where isrlab follows the terminal instead).  An invalid byte counts 1
 *   column (the width of the U+FFFD it decodes as); controls count 0.
 *
 * Strings are NUL-terminated unless a length is given.
 */

#ifndef ISRLAB_UTIL_UTF8_H
#define ISRLAB_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT	0xfffd	/* what an invalid byte decodes as */
#define UTF8_MAX_LEN		4	/* bytes in the longest sequence */

/*
 * Decodes the character at S (N > 0 bytes available) into *CP and returns
 * its length in bytes, 1 to 4.  An invalid byte gives U+FFFD and 1.
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/*
 * Returns the offset of the character that ends at byte OFF > 0 of S: the
 * one utf8_decode() would have read there, for valid UTF-8 and invalid
 * bytes alike.
 */
size_t utf8_prev(const char *s, size_t off);

/* Whether CP is a Unicode scalar value: <= U+10FFFF and not a surrogate. */
bool utf8_is_scalar(uint32_t cp);

/* Whether CP is a control character (C0, DEL or C1), which a terminal
 * would act on rather than show. */
bool utf8_is_control(uint32_t cp);

/*
 * Writes the UTF-8 encoding of scalar value CP to OUT (not NUL-terminated)
 * and returns its length; a CP that is not a scalar value writes U+FFFD.
 */
size_t utf8_encode(uint32_t cp, char out[UTF8_MAX_LEN]);

/* Returns the terminal columns code point CP takes: 0, 1 or 2. */
int utf8_cp_width(uint32_t cp);

#include "util/strbuf.h"

/* Returns the number of terminal columns S takes on one line. */
int utf8_width(const char *s);

/* utf8_width() of the first N bytes of S (no NUL needed). */
int utf8_width_n(const char *s, size_t n);

/*
 * Returns the byte length of the longest prefix of S that fits in COLS
 * columns, never cutting a character (zero-width marks stay with theirs).
 */
size_t utf8_bytes_for_width(const char *s, int cols);

/*
 * Cuts S into lines of at most COLS columns and calls EMIT(line, len, ARG)
 * for each, in order; LINE is not NUL-terminated.  Breaks at spaces when it
 * can (dropping the spaces at the break), else between characters; '\n'
 * always ends a line.  A character wider than COLS gets a line of its own.
 */
void utf8_wrap(const char *s, int cols,
    void (*emit)(const char *line, size_t len, void *arg), void *arg);

/*
 * Appends S to OUT with every control character escaped, so that text
 * read from a file (a student's name, a log line) cannot move the cursor
 * or change colours on the terminal that prints it, nor span lines: C0
 * and DEL as `\x1b`, C1 (U+0080-U+009F) as `\u009b`, newline, tab and CR
 * as `\n`, `\t`, `\r`, and bytes that are not UTF-8 as `\xff`.  With
 * MULTILINE, newlines and tabs stay as they are.
 */
void utf8_printable(struct strbuf *out, const char *s, bool multiline);
/* utf8_printable(S, one line) as a new string (NULL counts as ""). */
char *utf8_printable_dup(const char *s);

#endif /* ISRLAB_UTIL_UTF8_H */
