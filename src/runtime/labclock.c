/*
 * labclock.c - lab time from real time (see labclock.h).
 */
#include "config.h"

#include <time.h>

#include "runtime/labclock.h"

int64_t
labclock_real_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static double
labclock_clamp(double speed)
{
	if (!(speed >= LABCLOCK_SPEED_MIN))	/* also catches NaN */
		return LABCLOCK_SPEED_MIN;
	return speed > LABCLOCK_SPEED_MAX ? LABCLOCK_SPEED_MAX : speed;
}

/* Lab microseconds at real time real_us.  Needs c->mu. */
static int64_t
labclock_lab_us_locked(const struct labclock *c, int64_t real_us)
{
	int64_t t = c->base_lab_us;

	if (!c->paused)
		t += (int64_t)(c->speed * (double)(real_us - c->base_real_us));
	return t < c->limit_us ? t : c->limit_us;
}

/* Make the current instant the new base.  Needs c->mu. */
static void
labclock_rebase_locked(struct labclock *c)
{
	int64_t real = labclock_real_us();

	c->base_lab_us = labclock_lab_us_locked(c, real);
	c->base_real_us = real;
}

void
labclock_init(struct labclock *c, double speed)
{
	pthread_mutex_init(&c->mu, NULL);
	c->paused = false;
	c->speed = labclock_clamp(speed);
	c->base_lab_us = 0;
	c->base_real_us = labclock_real_us();
	c->limit_us = INT64_MAX;
}

void
labclock_destroy(struct labclock *c)
{
	pthread_mutex_destroy(&c->mu);
}

int64_t
labclock_now(struct labclock *c)
{
	int64_t t;

	pthread_mutex_lock(&c->mu);
	t = labclock_lab_us_locked(c, labclock_real_us());
	pthread_mutex_unlock(&c->mu);
	return t / 1000;
}

int64_t
labclock_real_until(struct labclock *c, int64_t lab_ms)
{
	int64_t real = labclock_real_us(), want = lab_ms * 1000, r;
	double wait;

	pthread_mutex_lock(&c->mu);
	if (labclock_lab_us_locked(c, real) >= want)
		r = 0;
	else if (c->paused || want > c->limit_us)
		r = -1;
	else {
		/* Real instant at which base + speed * dt reaches want; one
		 * microsecond more so that the floor of the product is
		 * there by the time a timer fires. */
		wait = (double)(want - c->base_lab_us) / c->speed;
		r = c->base_real_us + (int64_t)wait + 1 - real;
		if (r < 0)
			r = 0;
	}
	pthread_mutex_unlock(&c->mu);
	return r;
}

void
labclock_set_paused(struct labclock *c, bool paused)
{
	pthread_mutex_lock(&c->mu);
	labclock_rebase_locked(c);
	c->paused = paused;
	c->limit_us = INT64_MAX;
	pthread_mutex_unlock(&c->mu);
}

void
labclock_set_speed(struct labclock *c, double speed)
{
	pthread_mutex_lock(&c->mu);
	labclock_rebase_locked(c);
	c->speed = labclock_clamp(speed);
	pthread_mutex_unlock(&c->mu);
}

void
labclock_get(struct labclock *c, bool *paused, double *speed)
{
	pthread_mutex_lock(&c->mu);
	*paused = c->paused;
	*speed = c->speed;
	pthread_mutex_unlock(&c->mu);
}

void
labclock_run_to(struct labclock *c, int64_t lab_ms)
{
	pthread_mutex_lock(&c->mu);
	labclock_rebase_locked(c);
	c->paused = false;
	c->limit_us = lab_ms * 1000;
	pthread_mutex_unlock(&c->mu);
}
