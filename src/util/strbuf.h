/*
 * strbuf.h - a growable byte string.
 *
 * A strbuf owns its buffer.  STRBUF_INIT (or zeroing) gives an empty
 * buffer with no allocation; once anything is added, s is NUL-terminated
 * at s[len], so it can be passed to any C string function (bytes added
 * with embedded NULs are kept, but C string functions stop at them).
 * Growth goes through xmalloc.h, so nothing here fails.
 */

#ifndef ISRLAB_UTIL_STRBUF_H
#define ISRLAB_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#include "util/attr.h"

struct strbuf {
	char	*s;	/* the bytes, NUL-terminated at len; NULL until used */
	size_t	 len;	/* bytes in use, not counting the NUL */
	size_t	 cap;	/* bytes allocated, including room for the NUL */
};

#define STRBUF_INIT { NULL, 0, 0 }

/* Makes room for at least EXTRA more bytes without reallocating. */
void strbuf_grow(struct strbuf *sb, size_t extra);

/* Appends LEN bytes from DATA. */
void strbuf_add(struct strbuf *sb, const void *data, size_t len);

/* Appends the C string STR. */
void strbuf_adds(struct strbuf *sb, const char *str);

/* Appends the byte C. */
void strbuf_addc(struct strbuf *sb, char c);

/* Appends text formatted as printf would. */
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
    ISRLAB_PRINTFLIKE(2, 3);

/* Appends text formatted from a va_list. */
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
    ISRLAB_PRINTFLIKE(2, 0);

/* Empties the buffer but keeps its memory for reuse. */
void strbuf_reset(struct strbuf *sb);

/* Frees the memory and leaves the buffer as STRBUF_INIT. */
void strbuf_free(struct strbuf *sb);

/*
 * Returns the contents as a NUL-terminated string that the caller now owns
 * (a new "" if empty) and leaves the buffer as STRBUF_INIT.
 */
char *strbuf_detach(struct strbuf *sb) ISRLAB_MUSTUSE;

/* Returns the contents as a C string, "" for a buffer never added to. */
const char *strbuf_cstr(const struct strbuf *sb);

#endif /* ISRLAB_UTIL_STRBUF_H */
