/*
 * bench_first_frame.c - how long the live screen takes to show itself:
 * from starting `isrlab --lab 01` in a terminal to its first frame, and
 * to the frame where every broker is up.
 *
 * DESIGN
 * The real binary on a pseudo-terminal of 120x40 (forkpty), as a student
 * starts it, each run's state in a fresh directory so no interrupted
 * session is offered.  The clock starts just before the fork and stops when the
 * terminal has shown the broker box's title ("brokers", the first frame)
 * and then the third broker's "UP" (the cluster up).  Each run is ended
 * by SIGTERM, which isrlab takes as a hang-up (it keeps the session).
 * RUNS runs; the median and the largest of each figure are printed.
 *
 * `bench_first_frame [ISRLAB]` (default ./src/isrlab).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define RUNS 11
#define GIVE_UP_MS 10000.0

/* How many times needle occurs in the first n bytes of s. */
static int
count(const char *s, size_t n, const char *needle)
{
	size_t	k = strlen(needle), i;
	int	c = 0;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			c++;
	return c;
}

/* One run: ms to the first frame and to all three brokers up; -1 when
 * it did not come within GIVE_UP_MS. */
static int
run_once(const char *isrlab, const char *dir, int run, double *first,
    double *up)
{
	char		 state_dir[256];
	struct winsize	 ws = { .ws_row = 40, .ws_col = 120 };
	static char	 out[1 << 20];
	size_t		 n = 0;
	ssize_t		 r;
	struct pollfd	 pfd;
	double		 t0;
	pid_t		 pid;
	int		 fd, status;

	*first = *up = -1;
	snprintf(state_dir, sizeof state_dir, "%s/%d", dir, run);
	t0 = bench_ms(CLOCK_MONOTONIC);
	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0) {
		perror("forkpty");
		return -1;
	}
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("XDG_STATE_HOME", state_dir, 1);
		execl(isrlab, isrlab, "--lab", "01", (char *)NULL);
		_exit(127);
	}
	while (*up < 0 && bench_ms(CLOCK_MONOTONIC) - t0 < GIVE_UP_MS) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		r = read(fd, out + n, sizeof out - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
		if (*first < 0 && count(out, n, "brokers") > 0)
			*first = bench_ms(CLOCK_MONOTONIC) - t0;
		/* A frame redraws only what changed: three UPs seen in all
		 * the output so far are the three brokers. */
		if (*first >= 0 && count(out, n, "UP") >= 3)
			*up = bench_ms(CLOCK_MONOTONIC) - t0;
		if (n == sizeof out - 1)
			break;
	}
	kill(pid, SIGTERM);
	/* Read on until it exits: it restores the terminal first. */
	while ((r = read(fd, out, sizeof out)) > 0 || (r < 0 && errno == EINTR))
		;
	close(fd);
	waitpid(pid, &status, 0);
	return *up >= 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	const char	*isrlab = argc > 1 ? argv[1] : "./src/isrlab";
	char		 dir[] = "/tmp/isrlab-bench-XXXXXX";
	char		 cmd[sizeof dir + 16];
	double		 first[RUNS], up[RUNS];
	int		 i;

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	for (i = 0; i < RUNS; i++)
		if (run_once(isrlab, dir, i, &first[i], &up[i]) != 0) {
			fprintf(stderr, "bench_first_frame: run %d: no frame "
			    "with three brokers up within %.0f ms\n", i + 1,
			    GIVE_UP_MS);
			return 1;
		}
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_first_frame: could not remove %s\n",
		    dir);
	printf("live screen, lab 01 at 1x, %d runs (median / max):\n", RUNS);
	printf("  first frame      %7.1f / %7.1f ms\n",
	    bench_median(first, RUNS), first[RUNS - 1]);
	printf("  brokers all up   %7.1f / %7.1f ms\n", bench_median(up, RUNS),
	    up[RUNS - 1]);
	return 0;
}
