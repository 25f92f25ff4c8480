/*
 * runcmd.h - running one configured command (attach-config.h) on the
 * user's machine: /bin/sh -c, its standard output and error together,
 * within a deadline.
 */
#ifndef ISRLAB_ATTACH_RUNCMD_H
#define ISRLAB_ATTACH_RUNCMD_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* What became of a command. */
struct runcmd_result {
	int exit_status;		/* its exit status, or -1 */
	int signal;			/* the signal that ended it, or 0 */
	bool timed_out;			/* killed at the deadline */
};

/* Run cmd with /bin/sh -c, standard input from /dev/null, our
 * environment with the NAME=VALUE strings of env (NULL-ended, or NULL)
 * added, appending what it writes (stdout and stderr, at most 64 KiB) to
 * out; kill its process group after timeout_ms.  -1 with a message in
 * err when it could not start.  Blocks the calling thread.
 * @thread console */
int runcmd(const char *cmd, const char *const *env, int timeout_ms,
    struct strbuf *out, struct runcmd_result *res, char *err, size_t len);

#endif
