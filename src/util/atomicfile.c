/*
 * atomicfile.c - temporary file, fsync, rename, fsync the directory.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomicfile.h"
#include "util/xmalloc.h"

/* The directory part of path ("." when it has none); caller frees. */
static char *
atomicfile_dir(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* -1 with err when path exists as a symbolic link. */
static int
atomicfile_not_link(const char *path, char *err, size_t errlen)
{
	struct stat	st;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		snprintf(err, errlen, "cannot write %s: it is a symbolic link "
		    "(not replacing it)", path);
		return -1;
	}
	return 0;
}

/* fsync the directory of path, so a rename or link into it lasts. */
static void
atomicfile_sync_dir(const char *path)
{
	char	*dir = atomicfile_dir(path);
	int	 fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

char *
atomicfile_prepare(const char *path, const void *data, size_t len,
    char *err, size_t errlen)
{
	static unsigned	 counter;
	const char	*base = strrchr(path, '/');
	const char	*p = data;
	char		*dir, *tmp = NULL;
	ssize_t		 w;
	int		 fd = -1, tries, saved;

	if (atomicfile_not_link(path, err, errlen) != 0)
		return NULL;
	base = base != NULL ? base + 1 : path;
	dir = atomicfile_dir(path);
	for (tries = 0; tries < 100; tries++) {
		free(tmp);
		tmp = xasprintf("%s/.%s.tmp-%ld-%u", dir, base, (long)getpid(),
		    counter++);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0644);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	free(dir);
	if (fd < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(errno));
		free(tmp);
		return NULL;
	}
	while (len > 0) {
		w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	return tmp;
fail:
	saved = errno != 0 ? errno : EIO;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	snprintf(err, errlen, "cannot write %s: %s", path, strerror(saved));
	return NULL;
}

int
atomicfile_commit(const char *tmp, const char *path, char *err,
    size_t errlen)
{
	if (atomicfile_not_link(path, err, errlen) != 0) {
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path,
		    strerror(errno));
		unlink(tmp);
		return -1;
	}
	atomicfile_sync_dir(path);
	return 0;
}

int
atomicfile_commit_new(const char *tmp, const char *path, char *err,
    size_t errlen)
{
	struct stat	st;

	/* link() fails with EEXIST instead of replacing, atomically. */
	if (link(tmp, path) == 0) {
		unlink(tmp);
		atomicfile_sync_dir(path);
		return 0;
	}
	if ((errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP) &&
	    lstat(path, &st) != 0)
		/* A file system without hard links: check, then rename. */
		return atomicfile_commit(tmp, path, err, errlen);
	snprintf(err, errlen, "cannot write %s: %s", path, errno == EEXIST ?
	    "it exists (not replacing it)" : strerror(errno));
	unlink(tmp);
	return -1;
}

void
atomicfile_abort(const char *tmp)
{
	if (tmp != NULL)
		unlink(tmp);
}
