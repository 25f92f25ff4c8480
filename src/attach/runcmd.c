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
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "attach/runcmd.h"
#include "util/xmalloc.h"

extern char **environ;

#define RUNCMD_MAX_OUTPUT (64 * 1024)

static int64_t
runcmd_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Our environment with the NAME=VALUE strings of env (NULL-ended) in
 * place of the same names: built before fork, since the child of a
 * threaded process may only call async-signal-safe functions.  Free the
 * array, not its strings. */
static char **
runcmd_env(const char *const *env)
{
	char	**v;
	size_t	  n = 0, k = 0, i, j, name;
	bool	  replaced;

	while (environ[n] != NULL)
		n++;
	for (j = 0; env != NULL && env[j] != NULL; j++)
		;
	v = xcalloc(n + j + 1, sizeof *v);
	for (i = 0; i < n; i++) {
		replaced = false;
		for (j = 0; env != NULL && env[j] != NULL; j++) {
			name = strcspn(env[j], "=") + 1;
			if (strncmp(environ[i], env[j], name) == 0)
				replaced = true;
		}
		if (!replaced)
			v[k++] = environ[i];
	}
	for (j = 0; env != NULL && env[j] != NULL; j++)
		v[k++] = (char *)(uintptr_t)env[j];
	return v;
}

int
runcmd(const char *cmd, const char *const *env, int timeout_ms,
    struct strbuf *out, struct runcmd_result *res, char *err, size_t len)
{
	char	 sh[] = "sh", dash_c[] = "-c";
	char	*const argv[] = { sh, dash_c, (char *)(uintptr_t)cmd, NULL };
	char	**envp;
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
	envp = runcmd_env(env);
	if ((pid = fork()) < 0) {
		snprintf(err, len, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		free(envp);
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
		execve("/bin/sh", argv, envp);
		_exit(127);
	}
	free(envp);
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
