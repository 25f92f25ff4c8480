/*
 * alarms.h - the monitoring alarms of the replication lecture (seed 001,
 * "알람 설정 기준"):
 *
 *   critical: under_replicated_partitions > 0, offline_partitions > 0
 *   warning:  isr_shrink_rate > 1/min, replica_lag > 10000 messages
 *
 * An engine feeds the cluster's metrics in as they change; each alarm
 * raised or cleared becomes an EV_ALARM event, so students see in the
 * event log the moment a real monitoring system would page them.
 */
#ifndef ISRLAB_MODEL_ALARMS_H
#define ISRLAB_MODEL_ALARMS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/event.h"
#include "model/snapshot.h"

enum alarm_kind {
	ALARM_URP,		/* critical: under-replicated partitions > 0 */
	ALARM_OFFLINE,		/* critical: offline partitions > 0 */
	ALARM_SHRINK_RATE,	/* warning: ISR shrinks > 1 in the last minute */
	ALARM_LAG,		/* warning: a follower > 10000 messages behind */
	ALARM__COUNT
};

#define ALARM_SHRINK_WINDOW_MS 60000
#define ALARM_LAG_MESSAGES 10000
#define ALARM_SAMPLES 64

struct alarms {
	bool raised[ALARM__COUNT];
	int64_t value[ALARM__COUNT];	/* the value when last checked */
	struct {
		int64_t t_ms;
		int64_t shrinks;	/* cumulative IsrShrinks at t_ms */
	} samples[ALARM_SAMPLES];	/* ring, for the one-minute rate */
	int n_samples, head;
};

void alarms_init(struct alarms *a);

/* Compare m at time now with the alarms' state; push an EV_ALARM event to
 * out for every alarm raised or cleared. */
void alarms_check(struct alarms *a, const struct snap_metrics *m,
    int64_t now, struct evq *out);

#endif
