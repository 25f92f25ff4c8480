/*
 * alarms.c - raising and clearing the lecture's alarms.
 *
 * The ISR shrink rate is measured like a monitoring system would: the
 * cumulative IsrShrinksPerSec count is sampled at every check, and the
 * rate is the growth over the last minute of lab time.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model/alarms.h"

static const struct {
	const char *level;
	const char *rule;
} alarm_desc[ALARM__COUNT] = {
	[ALARM_URP] = { "critical", "under_replicated_partitions > 0" },
	[ALARM_OFFLINE] = { "critical", "offline_partitions > 0" },
	[ALARM_SHRINK_RATE] = { "warning", "isr_shrink_rate > 1/min" },
	[ALARM_LAG] = { "warning", "replica_lag > 10000 messages" },
};

void
alarms_init(struct alarms *a)
{
	memset(a, 0, sizeof *a);
}

/* ISR shrinks during the last minute, from the samples. */
static int64_t
alarms_shrinks_last_minute(struct alarms *a, int64_t shrinks, int64_t now)
{
	int64_t oldest = shrinks;
	int i;

	a->samples[a->head].t_ms = now;
	a->samples[a->head].shrinks = shrinks;
	a->head = (a->head + 1) % ALARM_SAMPLES;
	if (a->n_samples < ALARM_SAMPLES)
		a->n_samples++;
	for (i = 0; i < a->n_samples; i++) {
		if (now - a->samples[i].t_ms <= ALARM_SHRINK_WINDOW_MS &&
		    a->samples[i].shrinks < oldest)
			oldest = a->samples[i].shrinks;
	}
	return shrinks - oldest;
}

void
alarms_check(struct alarms *a, const struct snap_metrics *m, int64_t now,
    struct evq *out)
{
	int64_t value[ALARM__COUNT];
	int k;

	value[ALARM_URP] = m->under_replicated;
	value[ALARM_OFFLINE] = m->offline;
	value[ALARM_SHRINK_RATE] = alarms_shrinks_last_minute(a,
	    m->isr_shrinks, now);
	value[ALARM_LAG] = m->max_lag;
	for (k = 0; k < ALARM__COUNT; k++) {
		int64_t limit = k == ALARM_SHRINK_RATE ? 1 :
		    k == ALARM_LAG ? ALARM_LAG_MESSAGES : 0;
		bool raise = value[k] > limit;
		struct event *e;

		a->value[k] = value[k];
		if (raise == a->raised[k])
			continue;
		a->raised[k] = raise;
		e = evq_push(out, EV_ALARM, now);
		snprintf(e->reason, sizeof e->reason, "%s %s: %s (now %"
		    PRId64 ")", alarm_desc[k].level, raise ? "raised" :
		    "cleared", alarm_desc[k].rule, value[k]);
	}
}
