/*
 * strbuf.c - a growable byte string.
 *
 * The capacity doubles (from 64 bytes) so that appending n bytes one at a
 * time costs O(n) overall.  cap always counts the terminating NUL, so the
 * invariant once allocated is len < cap and s[len] == '\0'.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xmalloc.h"

#define STRBUF_MIN_CAP 64

void
strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t	need, cap;

	if (extra > SIZE_MAX - sb->len - 1)
		fatal("strbuf_grow: %zu + %zu bytes overflows", sb->len, extra);
	need = sb->len + extra + 1;
	if (sb->s != NULL && need <= sb->cap)
		return;
	cap = sb->cap < STRBUF_MIN_CAP ? STRBUF_MIN_CAP : sb->cap;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	sb->s = xrealloc(sb->s, cap);
	sb->cap = cap;
	sb->s[sb->len] = '\0';
}

void
strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	strbuf_grow(sb, len);
	if (len != 0)
		memcpy(sb->s + sb->len, data, len);
	sb->len += len;
	sb->s[sb->len] = '\0';
}

void
strbuf_adds(struct strbuf *sb, const char *str)
{
	strbuf_add(sb, str, strlen(str));
}

void
strbuf_addc(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void
strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

void
strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list	ap2;
	int	n;

	/* Try the free space first; most lines fit and need one pass. */
	strbuf_grow(sb, 0);
	va_copy(ap2, ap);
	n = vsnprintf(sb->s + sb->len, sb->cap - sb->len, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatal("strbuf_vprintf: bad format \"%s\"", fmt);
	if ((size_t)n >= sb->cap - sb->len) {
		strbuf_grow(sb, (size_t)n);
		if (vsnprintf(sb->s + sb->len, sb->cap - sb->len, fmt, ap) != n)
			fatal("strbuf_vprintf: format \"%s\" changed length",
			    fmt);
	}
	sb->len += (size_t)n;
}

void
strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->s != NULL)
		sb->s[0] = '\0';
}

void
strbuf_free(struct strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

char *
strbuf_detach(struct strbuf *sb)
{
	char	*s;

	strbuf_grow(sb, 0);
	s = sb->s;
	sb->s = NULL;
	sb->len = sb->cap = 0;
	return s;
}

const char *
strbuf_cstr(const struct strbuf *sb)
{
	return sb->s != NULL ? sb->s : "";
}
