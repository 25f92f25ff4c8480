/*
 * bench_tui.c - the time to build and render one frame of the TUI.
 *
 * DESIGN
 * A simulated cluster (3 brokers / 20 partitions, then 9 brokers / 200
 * partitions, RF 3, some records produced) is shown by the real TUI code
 * on a curses screen created with newterm() on /dev/null (TERM
 * xterm-256color, 120x40, C.UTF-8 when available), so nothing reaches a
 * terminal.  Between frames the simulator runs 100 ms of lab time (not
 * timed), so every frame sees a new snapshot, as during a live lab.  A
 * frame = read events + take a snapshot + build the rows
 * (tui_model_update) + paint (draw_frame) + send the difference
 * (refresh).  Figures: median and 95th percentile of FRAMES frames, in
 * ms, wall clock (CLOCK_MONOTONIC).  Targets: < 2 ms and < 10 ms.
 */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "bench.h"
#include "console/console.h"
#include "sim/sim.h"
#include "tui/tui-int.h"

#define FRAMES 300

static void
bench_sink(void *arg, int fd, const char *s, size_t n)
{
	(void)arg;
	(void)fd;
	(void)s;
	(void)n;
}

static void
bench_one(int brokers, int partitions, FILE *out, FILE *in)
{
	struct settings		 st;
	struct sim		*sim;
	struct console		*c;
	struct tui		 t;
	struct tui_options	 opt;
	SCREEN			*scr;
	char			 line[256], err[256];
	double			*ms, t0;
	int			 i;

	settings_defaults(&st, false);
	sim = sim_new(brokers, 1, &st, NULL);
	c = console_new(sim_engine(sim), bench_sink, NULL);
	snprintf(line, sizeof line, "kafka-topics.sh --bootstrap-server "
	    "localhost:9092 --create --topic bench --partitions %d "
	    "--replication-factor 3", partitions);
	if (console_exec(c, line, err, sizeof err) < 0) {
		fprintf(stderr, "bench_tui: %s\n", err);
		exit(1);
	}
	sim_run_for(sim, 2000);
	console_exec(c, "produce bench --count 500", err, sizeof err);
	console_free(c);

	memset(&opt, 0, sizeof opt);
	tui_state_init(&t, sim_engine(sim), &opt);
	scr = newterm("xterm-256color", out, in);
	if (scr == NULL) {
		fprintf(stderr, "bench_tui: newterm failed\n");
		exit(1);
	}
	resizeterm(40, 120);
	t.curses_on = true;
	tui_curses_setup(&t);
	ms = calloc(FRAMES, sizeof *ms);
	for (i = 0; i < FRAMES; i++) {
		sim_run_for(sim, 100);
		t0 = bench_ms(CLOCK_MONOTONIC);
		t.now_real = t0;
		tui_model_update(&t, true);
		draw_frame(&t);
		refresh();
		ms[i] = bench_ms(CLOCK_MONOTONIC) - t0;
		/* Walk the selection so rows and scrolling change too. */
		t.sel_part = (t.sel_part + 7) % (size_t)partitions;
	}
	endwin();
	delscreen(scr);
	tui_state_free(&t);
	sim_free(sim);
	qsort(ms, FRAMES, sizeof *ms, bench_cmp_double);
	printf("  %d brokers, %3d partitions, 120x40: median %.3f ms, p95 "
	    "%.3f ms per frame (%d frames; target < %s)\n", brokers,
	    partitions, ms[FRAMES / 2], ms[FRAMES * 95 / 100], FRAMES,
	    partitions <= 20 ? "2 ms" : "10 ms");
	free(ms);
}

int
main(void)
{
	struct utsname	u;
	FILE		*out, *in;

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	if (out == NULL || in == NULL) {
		perror("bench_tui: /dev/null");
		return 1;
	}
	if (uname(&u) == 0)
		printf("bench_tui: %s %s %s\n", u.sysname, u.release,
		    u.machine);
	printf("  frame = events + snapshot + rows + draw + refresh to "
	    "/dev/null\n");
	bench_one(3, 20, out, in);
	bench_one(9, 200, out, in);
	fclose(out);
	fclose(in);
	return 0;
}
