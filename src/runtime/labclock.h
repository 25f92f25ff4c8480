/*
 * labclock.h - the lab clock of the threaded runtime: lab time runs at
 * `speed` times real time, and stands still while paused.
 *
 * DESIGN
 * Lab time is kept in microseconds as a base (the lab time at the last
 * resume, pause or speed change) plus speed times the real (monotonic)
 * time elapsed since then, so changing speed or pausing never makes it
 * jump or go back.  A limit can hold it: "step 100ms" while paused lets
 * lab time run up to exactly the limit and stop there, so a step lands on
 * the millisecond it promised.  Every node reads "now" here, under the
 * clock's lock, so the model only ever sees lab time: a pause freezes
 * every lag and session timer, and resuming shrinks no ISR by itself.
 *
 * Any thread may call any function; the lock is the clock's own and is
 * never held while calling out.
 */
#ifndef ISRLAB_RUNTIME_LABCLOCK_H
#define ISRLAB_RUNTIME_LABCLOCK_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define LABCLOCK_SPEED_MIN 0.1
#define LABCLOCK_SPEED_MAX 50.0

struct labclock {
	pthread_mutex_t mu;
	bool paused;			/* lab time stands still */
	double speed;			/* lab ms per real ms */
	int64_t base_lab_us;		/* lab time at base_real_us */
	int64_t base_real_us;		/* CLOCK_MONOTONIC at the last change */
	int64_t limit_us;		/* lab time never passes this (step),
					   INT64_MAX when unlimited */
};

/* A running clock at lab time 0 with speed (clamped to 0.1..50). */
void labclock_init(struct labclock *c, double speed);
void labclock_destroy(struct labclock *c);

/* Real monotonic time, microseconds. */
int64_t labclock_real_us(void);

/* Lab time now, ms. */
int64_t labclock_now(struct labclock *c);

/* Real microseconds from now until lab time reaches lab_ms (0 when it has),
 * or -1 when the clock will not get there by itself (paused, or held by a
 * limit below lab_ms). */
int64_t labclock_real_until(struct labclock *c, int64_t lab_ms);

void labclock_set_paused(struct labclock *c, bool paused);
void labclock_set_speed(struct labclock *c, double speed);
void labclock_get(struct labclock *c, bool *paused, double *speed);

/* Let a paused clock run up to lab time lab_ms and hold there (resume
 * with a limit); labclock_set_paused(c, true) afterwards pauses it at the
 * limit exactly. */
void labclock_run_to(struct labclock *c, int64_t lab_ms);

#endif
