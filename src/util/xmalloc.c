/*
 * xmalloc.c - allocation that never fails, and fatal().
 *
 * Every wrapper either returns usable memory or ends the process through
 * fatal(), so no caller handles NULL.  Zero-byte requests are rounded up
 * to one byte: malloc(0) may return NULL, which would look like failure.
 *
 * The fatal hook is a plain pointer, set once at start-up by the UI thread
 * before other threads exist; fatal() clears it before calling it, so a
 * hook that itself fails cannot recurse.
 */

#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

static void (*fatal_hook)(void);

void *
xmalloc(size_t size)
{
	void	*p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		fatal("out of memory allocating %zu bytes", size);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if (nmemb > SIZE_MAX / size)
		fatal("xcalloc: %zu * %zu bytes overflows", nmemb, size);
	if ((p = calloc(nmemb, size)) == NULL)
		fatal("out of memory allocating %zu * %zu bytes", nmemb, size);
	return p;
}

void *
xrealloc(void *ptr, size_t size)
{
	return xreallocarray(ptr, 1, size);
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void	*p;
	size_t	 total;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if (nmemb > SIZE_MAX / size)
		fatal("xreallocarray: %zu * %zu bytes overflows", nmemb, size);
	total = nmemb * size;
	if ((p = realloc(ptr, total)) == NULL)
		fatal("out of memory allocating %zu bytes", total);
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len;

	for (len = 0; len < n && s[len] != '\0'; len++)
		continue;
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list	 ap2;
	char	*s;
	int	 n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatal("xvasprintf: bad format \"%s\": %s", fmt, strerror(errno));
	s = xmalloc((size_t)n + 1);
	if (vsnprintf(s, (size_t)n + 1, fmt, ap) != n)
		fatal("xvasprintf: format \"%s\" changed length", fmt);
	return s;
}

void
fatal(const char *fmt, ...)
{
	void	(*hook)(void) = fatal_hook;
	va_list	  ap;

	fatal_hook = NULL;
	if (hook != NULL)
		hook();

	fflush(stdout);
	fputs("isrlab: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	abort();
}

void
fatal_set_hook(void (*hook)(void))
{
	fatal_hook = hook;
}
