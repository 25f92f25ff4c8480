/*
 * readfile.c - a whole regular file into memory, within limits.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/readfile.h"
#include "util/xmalloc.h"

const struct readfile_limits readfile_log_limits = {
	.max_size = 64u << 20,
	.max_line = 4u << 20,
};

const struct readfile_limits readfile_text_limits = {
	.max_size = 4u << 20,
	.max_line = 64u << 10,
};

/* What a file that is not regular is, for the message. */
static const char *
readfile_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

long
readfile_long_line(const char *data, size_t len, size_t max_line)
{
	const char	*p = data, *end = data + len, *nl;
	long		 line = 1;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if ((size_t)((nl != NULL ? nl : end) - p) > max_line)
			return line;
		if (nl == NULL)
			break;
		p = nl + 1;
		line++;
	}
	return 0;
}

int
readfile_load(const char *path, const struct readfile_limits *lim,
    char **data, size_t *len, char *err, size_t errlen)
{
	struct stat	 st;
	char		*buf = NULL;
	size_t		 used = 0, cap;
	ssize_t		 got;
	long		 line;
	int		 fd;

	*data = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: refused: %s, not a regular file",
		    path, readfile_kind(st.st_mode));
		goto fail;
	}
	if (st.st_size < 0 || (unsigned long long)st.st_size >
	    lim->max_size) {
		snprintf(err, errlen, "%s: refused: %lld bytes, more than the "
		    "limit of %zu", path, (long long)st.st_size,
		    lim->max_size);
		goto fail;
	}
	/* One byte more than the limit shows a file that grew meanwhile. */
	cap = (size_t)st.st_size + 1;
	buf = xmalloc(cap + 1);
	for (;;) {
		if (used == cap) {
			if (cap > lim->max_size) {
				snprintf(err, errlen, "%s: refused: it grew "
				    "past the limit of %zu bytes while being "
				    "read", path, lim->max_size);
				goto fail;
			}
			cap = cap * 2 < lim->max_size + 1 ? cap * 2 :
			    lim->max_size + 1;
			buf = xrealloc(buf, cap + 1);
		}
		got = read(fd, buf + used, cap - used);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (got == 0)
			break;
		used += (size_t)got;
	}
	if (used > lim->max_size) {
		snprintf(err, errlen, "%s: refused: it grew past the limit of "
		    "%zu bytes while being read", path, lim->max_size);
		goto fail;
	}
	if ((line = readfile_long_line(buf, used, lim->max_line)) > 0) {
		snprintf(err, errlen, "%s:%ld: refused: a line longer than "
		    "%zu bytes", path, line, lim->max_line);
		goto fail;
	}
	close(fd);
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}
