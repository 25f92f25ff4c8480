/*
 * attr.h - compiler attributes used across isrlab.
 *
 * Kept in one place so that headers can ask the compiler to check printf
 * formats without repeating the GNU spelling, and so a compiler without
 * GNU attributes still builds (the checks are lost, nothing else).
 */

#ifndef ISRLAB_UTIL_ATTR_H
#define ISRLAB_UTIL_ATTR_H

#if defined(__GNUC__) || defined(__clang__)
/* Argument FMT is a printf format whose arguments start at argument FIRST. */
#define ISRLAB_PRINTFLIKE(fmt, first) __attribute__((format(printf, fmt, first)))
/* Ignoring the return value is a bug (for example, a string to free). */
#define ISRLAB_MUSTUSE __attribute__((warn_unused_result))
#else
#define ISRLAB_PRINTFLIKE(fmt, first)
#define ISRLAB_MUSTUSE
#endif

#endif /* ISRLAB_UTIL_ATTR_H */
