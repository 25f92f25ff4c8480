/*
 * bench_scale.c - how the simulator's costs grow with the number of
 * partitions: messages/s, idle CPU per lab-second, TUI frame time,
 * `describe` time and RSS for 1 to 10,000 partitions, with the fitted
 * growth exponent of each column.
 *
 * DESIGN
 * Each size runs in a child process of its own (so its peak RSS is its
 * own): the simulator with 3 brokers and one topic of P partitions, RF 3,
 * settled for 3 lab-seconds.  Then, each timed with the CPU clock of the
 * process (the simulator is single-threaded, so CPU time is the cost
 * whatever else the machine runs):
 *  - idle: IDLE_MS of lab time with no client (heartbeats, follower
 *    long-polls expiring and being sent again, ISR checks, the alarm
 *    scrape), reported as CPU ms per lab-second;
 *  - messages/s: the console's `produce bench --count RECORDS` (acks=all,
 *    one 13-byte value each, spread by the producer over the partitions),
 *    records acknowledged per CPU second, the idle cost of the lab time
 *    it takes included;
 *  - frame: the real TUI (120x40 on /dev/null, as bench_tui) after 100 lab
 *    ms, snapshot + rows + draw + refresh, median of FRAMES frames;
 *  - describe: `kafka-topics.sh --describe --topic bench`, median of
 *    DESCRIBES;
 *  - RSS: the child's peak resident set (VmHWM) at the end.
 * The exponent of a column is the least-squares slope of log(value)
 * against log(partitions) over the sizes from 100 up, where the
 * asymptotic growth shows: 0 is flat, 1 linear, 2 quadratic.
 *
 * `bench_scale MAX` stops at MAX partitions (default 10,000).
 */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "console/console.h"
#include "sim/sim.h"
#include "tui/tui-int.h"

#define IDLE_MS 2000
#define RECORDS 20000
#define FRAMES 31
#define DESCRIBES 5
#define FIT_FROM 100		/* sizes below are left out of the fit */

static const int sizes[] = { 1, 10, 100, 1000, 5000, 10000 };
#define N_SIZES (int)(sizeof sizes / sizeof sizes[0])

/* One size's figures, as the child writes them to the parent. */
struct row {
	int partitions;
	double msgs_per_s;		/* records acked per CPU second */
	double idle_ms;			/* CPU ms per idle lab-second */
	double frame_ms;		/* median frame */
	double describe_ms;		/* median describe */
	double rss_mb;			/* peak RSS */
};

static void
sink(void *arg, int fd, const char *s, size_t n)
{
	(void)arg;
	(void)fd;
	(void)s;
	(void)n;
}

static void
exec_or_die(struct console *c, const char *line)
{
	char err[256];

	if (console_exec(c, line, err, sizeof err) < 0) {
		fprintf(stderr, "bench_scale: %s: %s\n", line, err);
		exit(1);
	}
}

static double
peak_rss_mb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	double kb = 0;

	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = atof(line + 6);
	}
	if (f != NULL)
		fclose(f);
	return kb / 1024.0;
}

static double
frame_ms(struct sim *sim, int partitions)
{
	struct tui t;
	struct tui_options opt;
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr;
	double ms[FRAMES], t0;
	int i;

	if (out == NULL || in == NULL) {
		perror("bench_scale: /dev/null");
		exit(1);
	}
	memset(&opt, 0, sizeof opt);
	tui_state_init(&t, sim_engine(sim), &opt);
	scr = newterm("xterm-256color", out, in);
	if (scr == NULL) {
		fprintf(stderr, "bench_scale: newterm failed\n");
		exit(1);
	}
	resizeterm(40, 120);
	t.curses_on = true;
	tui_curses_setup(&t);
	for (i = 0; i < FRAMES; i++) {
		sim_run_for(sim, 100);
		t0 = bench_ms(CLOCK_PROCESS_CPUTIME_ID);
		t.now_real = t0;
		tui_model_update(&t, true);
		draw_frame(&t);
		refresh();
		ms[i] = bench_ms(CLOCK_PROCESS_CPUTIME_ID) - t0;
		t.sel_part = (t.sel_part + 7) % (size_t)partitions;
	}
	endwin();
	delscreen(scr);
	tui_state_free(&t);
	fclose(out);
	fclose(in);
	return bench_median(ms, FRAMES);
}

static void
measure(int partitions, struct row *r)
{
	struct settings st;
	struct sim *sim;
	struct console *c;
	char line[256];
	double t0, ms[DESCRIBES];
	int i;

	memset(r, 0, sizeof *r);
	r->partitions = partitions;
	settings_defaults(&st, false);
	sim = sim_new(3, 1, &st, NULL);
	c = console_new(sim_engine(sim), sink, NULL);
	snprintf(line, sizeof line, "kafka-topics.sh --bootstrap-server "
	    "localhost:9092 --create --topic bench --partitions %d "
	    "--replication-factor 3", partitions);
	exec_or_die(c, line);
	sim_run_for(sim, 3000);

	t0 = bench_ms(CLOCK_PROCESS_CPUTIME_ID);
	sim_run_for(sim, IDLE_MS);
	r->idle_ms = (bench_ms(CLOCK_PROCESS_CPUTIME_ID) - t0) * 1000.0 / IDLE_MS;

	snprintf(line, sizeof line, "produce bench --count %d", RECORDS);
	t0 = bench_ms(CLOCK_PROCESS_CPUTIME_ID);
	exec_or_die(c, line);
	r->msgs_per_s = RECORDS / ((bench_ms(CLOCK_PROCESS_CPUTIME_ID) - t0) / 1000.0);

	for (i = 0; i < DESCRIBES; i++) {
		t0 = bench_ms(CLOCK_PROCESS_CPUTIME_ID);
		exec_or_die(c, "kafka-topics.sh --bootstrap-server "
		    "localhost:9092 --describe --topic bench");
		ms[i] = bench_ms(CLOCK_PROCESS_CPUTIME_ID) - t0;
	}
	r->describe_ms = bench_median(ms, DESCRIBES);
	console_free(c);
	r->frame_ms = frame_ms(sim, partitions);
	r->rss_mb = peak_rss_mb();
	sim_free(sim);
}

/* Least-squares slope of log(y) on log(x) over rows from FIT_FROM up. */
static double
exponent(const struct row *rows, int n, size_t field)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0, k = 0;
	int i;

	for (i = 0; i < n; i++) {
		double y = *(const double *)((const char *)&rows[i] + field);
		double x;

		if (rows[i].partitions < FIT_FROM || y <= 0)
			continue;
		x = log(rows[i].partitions);
		y = log(y);
		sx += x;
		sy += y;
		sxx += x * x;
		sxy += x * y;
		k++;
	}
	if (k < 2)
		return NAN;
	return (k * sxy - sx * sy) / (k * sxx - sx * sx);
}

static void
print_load(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	char line[128] = "?";

	if (f != NULL) {
		if (fgets(line, sizeof line, f) == NULL)
			strcpy(line, "?");
		fclose(f);
	}
	line[strcspn(line, "\n")] = '\0';
	printf("bench_scale: simulator, 3 brokers, one topic, RF 3; CPU time "
	    "of the process; load average %s\n", line);
}

int
main(int argc, char **argv)
{
	struct row rows[N_SIZES];
	int max = argc > 1 ? atoi(argv[1]) : 10000, n = 0, i;

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	print_load();
	printf("%10s %12s %14s %10s %12s %8s\n", "partitions", "messages/s",
	    "idle ms/lab-s", "frame ms", "describe ms", "RSS MB");
	fflush(stdout);
	for (i = 0; i < N_SIZES && sizes[i] <= max; i++) {
		int fd[2], status;
		pid_t pid;

		if (pipe(fd) < 0 || (pid = fork()) < 0) {
			perror("bench_scale");
			return 1;
		}
		if (pid == 0) {
			close(fd[0]);
			measure(sizes[i], &rows[i]);
			if (write(fd[1], &rows[i], sizeof rows[i]) !=
			    (ssize_t)sizeof rows[i])
				_exit(1);
			_exit(0);
		}
		close(fd[1]);
		if (read(fd[0], &rows[i], sizeof rows[i]) !=
		    (ssize_t)sizeof rows[i] || waitpid(pid, &status, 0) < 0 ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "bench_scale: %d partitions failed\n",
			    sizes[i]);
			return 1;
		}
		close(fd[0]);
		printf("%10d %12.0f %14.2f %10.3f %12.3f %8.1f\n",
		    rows[i].partitions, rows[i].msgs_per_s, rows[i].idle_ms,
		    rows[i].frame_ms, rows[i].describe_ms, rows[i].rss_mb);
		fflush(stdout);
		n++;
	}
	printf("%10s %12.2f %14.2f %10.2f %12.2f %8.2f\n", "exponent",
	    exponent(rows, n, offsetof(struct row, msgs_per_s)),
	    exponent(rows, n, offsetof(struct row, idle_ms)),
	    exponent(rows, n, offsetof(struct row, frame_ms)),
	    exponent(rows, n, offsetof(struct row, describe_ms)),
	    exponent(rows, n, offsetof(struct row, rss_mb)));
	return 0;
}
