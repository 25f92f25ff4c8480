/*
 * atomicfile.h - writing a file so that readers see the old one or the
 * new one, never half of it, and never through a symlink.
 *
 * DESIGN
 * atomicfile_prepare writes the bytes to a temporary file in the target's
 * directory (".NAME.tmp-PID-N", opened O_CREAT|O_EXCL|O_NOFOLLOW, mode
 * 0644 less the umask) and fsyncs it; atomicfile_commit renames it over
 * the target and fsyncs the directory.  Splitting the two lets a caller
 * prepare several files before committing any.  A target that exists as a
 * symbolic link is refused (checked with lstat before writing and again
 * before the rename), so an export never writes where a link points.
 * Errors are "cannot write PATH: REASON" in err.
 */
#ifndef ISRLAB_UTIL_ATOMICFILE_H
#define ISRLAB_UTIL_ATOMICFILE_H

#include <stddef.h>

/* Write len bytes at data to a new temporary file beside path and return
 * its name (the caller frees it), or NULL with err set. */
char *atomicfile_prepare(const char *path, const void *data, size_t len,
    char *err, size_t errlen);
/* Rename tmp over path; 0, or -1 with err set (tmp is removed). */
int atomicfile_commit(const char *tmp, const char *path, char *err,
    size_t errlen);
/* Give tmp the name path only when path does not exist (a hard link,
 * then tmp is removed); 0, or -1 with err set ("it exists") and tmp
 * removed.  For files that must never replace another. */
int atomicfile_commit_new(const char *tmp, const char *path, char *err,
    size_t errlen);
/* Remove a prepared file that will not be committed. */
void atomicfile_abort(const char *tmp);

#endif
