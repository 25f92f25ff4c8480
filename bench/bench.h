/*
 * bench.h - what every benchmark measures with: a clock in milliseconds
 * and the median of a run of figures.
 */
#ifndef ISRLAB_BENCH_BENCH_H
#define ISRLAB_BENCH_BENCH_H

#include <stdlib.h>
#include <time.h>

/* Milliseconds on clock: CLOCK_MONOTONIC for real time,
 * CLOCK_PROCESS_CPUTIME_ID for the CPU the process used. */
static inline double
bench_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* qsort's comparison of doubles, ascending. */
static inline int
bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sort v (n figures) and return its median. */
static inline double
bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#endif
