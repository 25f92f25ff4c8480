/*
 * readfile.h - reading a whole input file, bounded: every file isrlab is
 * given to read (--replay, --summarize, --verify-log, --script, lab files)
 * goes through here.
 *
 * DESIGN
 * Only a regular file is read (checked with fstat on the opened file, so
 * a symbolic link is judged by what it points to); a FIFO, a device such
 * as /dev/zero, a socket or a directory is refused without blocking (the
 * file is opened O_NONBLOCK, which a regular file ignores).  The size is
 * checked before reading and again while reading, so a file that grows
 * meanwhile cannot take more than the limit, and no line may be longer
 * than the caller's line limit.  Every refusal says why, as
 * "PATH: REASON" or "PATH:LINE: REASON" in err.
 */
#ifndef ISRLAB_UTIL_READFILE_H
#define ISRLAB_UTIL_READFILE_H

#include <stddef.h>

/* The limits of one kind of input file. */
struct readfile_limits {
	size_t	max_size;	/* bytes in the whole file */
	size_t	max_line;	/* bytes in one line, without its newline */
};

/* Session logs and reports (.jsonl, .md): 64 MiB, lines of 4 MiB (one
 * command's output is kept up to 64 KiB, escaped in JSON). */
extern const struct readfile_limits readfile_log_limits;
/* Lab files and scripts: 4 MiB, lines of 64 KiB. */
extern const struct readfile_limits readfile_text_limits;

/* Read the regular file at path into *data (NUL-terminated, owned by the
 * caller; *len bytes without that NUL) within lim.  0, or -1 with the
 * reason in err and nothing allocated. */
int readfile_load(const char *path, const struct readfile_limits *lim,
    char **data, size_t *len, char *err, size_t errlen);

/* The first line of data (len bytes) longer than max_line, 1-based, or 0
 * when every line fits. */
long readfile_long_line(const char *data, size_t len, size_t max_line);

#endif
