/*
 * xmalloc.h - allocation that never fails, and fatal().
 *
 * isrlab treats out-of-memory as fatal, like tmux: every allocation goes
 * through these wrappers, which never return NULL, so callers carry no
 * NULL checks.  fatal() is for broken invariants and out-of-memory only;
 * ordinary errors return -1 with a message instead.  Before printing,
 * fatal() calls the hook set with fatal_set_hook() so that the TUI can put
 * the terminal back first.
 */

#ifndef ISRLAB_UTIL_XMALLOC_H
#define ISRLAB_UTIL_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

#include "util/attr.h"

/* Allocates SIZE bytes (at least one), uninitialised; never returns NULL. */
void *xmalloc(size_t size);

/* Allocates NMEMB zeroed elements of SIZE bytes; aborts on overflow. */
void *xcalloc(size_t nmemb, size_t size);

/* Resizes PTR (NULL allocates) to SIZE bytes (at least one). */
void *xrealloc(void *ptr, size_t size);

/* Resizes PTR to NMEMB elements of SIZE bytes; aborts on overflow. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);

/* Returns a new copy of the string S; the caller frees it. */
char *xstrdup(const char *s);

/* Returns a new string of at most N bytes of S (stopping at a NUL). */
char *xstrndup(const char *s, size_t n);

/* Returns a new string formatted as printf would; the caller frees it. */
char *xasprintf(const char *fmt, ...) ISRLAB_PRINTFLIKE(1, 2);

/* Returns a new string formatted from a va_list; the caller frees it. */
char *xvasprintf(const char *fmt, va_list ap) ISRLAB_PRINTFLIKE(1, 0);

/*
 * Calls the fatal hook, prints "isrlab: MESSAGE" and a newline to stderr,
 * and aborts.  For broken invariants and out-of-memory only.
 */
_Noreturn void fatal(const char *fmt, ...) ISRLAB_PRINTFLIKE(1, 2);

/*
 * Sets the function fatal() calls before printing (NULL for none), such as
 * one that ends curses mode.  The hook runs at most once.
 */
void fatal_set_hook(void (*hook)(void));

#endif /* ISRLAB_UTIL_XMALLOC_H */
