/*
 * utf8.h - measuring and cutting UTF-8 text by display columns.
 *
 * Korean takes two terminal columns per syllable, so text is never
 * measured or cut by bytes.  Widths come from wcwidth() when the current
 * locale is UTF-8, else from a built-in table (East Asian wide ranges count
 * 2, combining marks 0), so results are right even in the C locale, as
 * under `make check`.  Bytes that are not valid UTF-8 count 1 column each;
 * control characters count 0.  Strings are NUL-terminated UTF-8.
 */

#ifndef ISRLAB_UTIL_UTF8_H
#define ISRLAB_UTIL_UTF8_H

#include <stddef.h>

/* Returns the number of terminal columns S takes on one line. */
int utf8_width(const char *s);

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

#endif /* ISRLAB_UTIL_UTF8_H */
