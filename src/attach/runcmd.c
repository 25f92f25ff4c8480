/*
 * runcmd.c - one configured command, run and read back (runcmd.h).
 *
 * The child gets a process group of its own so that a deadline kills the
 * shell and whatever it started (docker's client, a pipeline) together.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "attach/runcmd.h"

#define RUNCMD_MAX_OUTPUT (64 * 1024)

static int64_t
runcmd_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
runcmd(const char *cmd, int timeout_ms, struct strbuf *out,
    struct runcmd_result *res, char *err, size_t len)
{
	int	 fds[2], devnull, status, left;
	pid_t	 pid;
	char	 buf[4096];
	ssize_t	 n;
	size_t	 kept = 0;
	int64_t	 end = runcmd_now_ms() + timeout_ms;
	struct pollfd pfd;

	memset(res, 0, sizeof *res);
	res->exit_status = -1;
	if (pipe(fds) != 0) {
		snprintf(err, len, "pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		snprintf(err, len, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	for (;;) {
		left = (int)(end - runcmd_now_ms());
		if (left <= 0) {
			res->timed_out = true;
			kill(-pid, SIGKILL);
			break;
		}
		if (poll(&pfd, 1, left) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if ((n = read(fds[0], buf, sizeof buf)) < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;			/* every writer closed it */
		if (kept < RUNCMD_MAX_OUTPUT) {
			if ((size_t)n > RUNCMD_MAX_OUTPUT - kept)
				n = (ssize_t)(RUNCMD_MAX_OUTPUT - kept);
			strbuf_add(out, buf, (size_t)n);
			kept += (size_t)n;
		}
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status))
		res->exit_status = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		res->signal = WTERMSIG(status);
	return 0;
}
