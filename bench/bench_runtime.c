/*
 * bench_runtime.c - the threaded runtime: throughput through client_run,
 * failover latency in lab time, and the CPU an idle cluster uses.
 *
 * DESIGN
 * Everything goes through the engine interface, as the console drives it.
 *  - Throughput: three brokers on threads, a topic with one partition and
 *    RF 3, acks=all, 100-byte values; the main thread produces BATCH
 *    records per client_run for RUN_SECONDS while a second thread takes a
 *    snapshot every 33 ms (what the TUI does).  Records/s counts only
 *    records acknowledged without error, over real time, and the HW is
 *    checked to cover them afterwards.  At 50x (the clock's fastest) and
 *    at 1x, where every network hop waits a real millisecond.
 *  - Failover: kill the partition's leader, then one acks=all produce
 *    through a client bootstrapped at every broker; the client retries by
 *    itself (metadata refresh after the broker went away) until the new
 *    leader answers.  The figure is lab time from the kill to that answer,
 *    which the session timeout dominates.
 *  - Idle CPU: a cluster with the topic and nothing to do, at speed 1,
 *    and with a topic of 1,000 partitions at speed 10, getrusage over
 *    IDLE_SECONDS of real time.
 *  - Produce latency: LATENCY_PRODUCES acks=all produces of one record,
 *    one after another, walking the partitions, each timed in lab time
 *    from its client_run to its acknowledgement: on one partition at
 *    speed 1, and on 1,000 partitions at speed 10, where a model that
 *    falls behind the lab clock answers late.
 * Each figure is the median of RUNS runs, each on a fresh cluster.
 */
#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "engine/engine.h"
#include "model/settings.h"
#include "model/snapshot.h"
#include "runtime/runtime.h"

#define RUNS 5
#define RECORD_BYTES 100
#define BATCH 2000
#define RUN_SECONDS 2.0
#define IDLE_SECONDS 2.0
#define FAILOVER_SPEED 10.0
#define TOPIC "bench"
#define LATENCY_PRODUCES 500

static void
bench_machine(void)
{
	struct utsname u;
	char line[256], model[256] = "?";
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "model name", 10) == 0) {
			char *p = strchr(line, ':');

			snprintf(model, sizeof model, "%s", p ? p + 2 : line);
			model[strcspn(model, "\n")] = '\0';
			break;
		}
	}
	if (f != NULL)
		fclose(f);
	uname(&u);
	printf("machine: %s %s %s, %ld CPUs, %s\n", u.sysname, u.release,
	    u.machine, sysconf(_SC_NPROCESSORS_ONLN), model);
}

static struct engine *
bench_cluster(double speed, int partitions)
{
	struct settings s;
	struct engine *e;
	struct admin_req r = { .kind = ADMIN_CREATE_TOPIC, .topic = TOPIC,
	    .partitions = partitions, .replication_factor = 3 };
	char why[256];

	settings_defaults(&s, false);
	e = runtime_engine_new(3, 1, &s, NULL, speed);
	if (e == NULL || e->ops->admin(e, &r, why, sizeof why) != KERR_NONE) {
		fprintf(stderr, "bench_runtime: cannot set up: %s\n", why);
		exit(1);
	}
	return e;
}

static bool
bench_partition_healthy(const struct snapshot *s, int partition)
{
	const struct snap_partition *p = snapshot_partition(s, TOPIC,
	    partition);
	int i;

	if (p == NULL || p->reg->leader == ISR_NO_LEADER || p->reg->n_isr != 3)
		return false;
	for (i = 0; i < p->reg->n_isr; i++) {
		if (!p->replicas[p->reg->isr[i]].present)
			return false;
	}
	return p->leader_thinks[p->reg->leader];
}

static bool
bench_healthy(const struct snapshot *s, void *arg)
{
	(void)arg;
	return bench_partition_healthy(s, 0);
}

/* Every one of *(int *)arg partitions led, with its full ISR. */
static bool
bench_all_healthy(const struct snapshot *s, void *arg)
{
	int p;

	for (p = 0; p < *(int *)arg; p++)
		if (!bench_partition_healthy(s, p))
			return false;
	return true;
}

struct bench_produce {
	int partition, n;
	const char *const *values;
};

static void
bench_produce_fn(struct client *c, int64_t now, void *arg)
{
	struct bench_produce *a = arg;

	client_produce(c, now, TOPIC, a->partition, -1, NULL, a->values, a->n);
}

/* Records acknowledged without error by one client_run of n records to
 * partition. */
static int64_t
bench_produce(struct engine *e, int h, int partition,
    const char *const *values, int n)
{
	struct bench_produce a = { .partition = partition, .n = n,
	    .values = values };
	struct client_result *res;
	size_t nres, i;
	int64_t ok = 0;

	nres = e->ops->client_run(e, h, bench_produce_fn, &a, 30000, &res);
	for (i = 0; i < nres; i++) {
		if (res[i].kind == OP_PRODUCE && res[i].error == KERR_NONE)
			ok += res[i].n_sent;
		client_result_free(&res[i]);
	}
	free(res);
	return ok;
}

struct bench_snapper {
	struct engine *e;
	atomic_bool stop;
	int64_t taken;
};

/* The TUI's part: a snapshot every 33 ms from another thread. */
static void *
bench_snapper_main(void *arg)
{
	struct bench_snapper *sn = arg;
	struct timespec ts = { 0, 33 * 1000 * 1000 };
	struct snapshot s;

	while (!atomic_load(&sn->stop)) {
		sn->e->ops->snapshot(sn->e, &s);
		snapshot_free(&s);
		sn->taken++;
		nanosleep(&ts, NULL);
	}
	return NULL;
}

static int64_t bench_want_hw;

static bool
bench_hw_reached(const struct snapshot *s, void *arg)
{
	const struct snap_partition *p = snapshot_partition(s, TOPIC, 0);

	(void)arg;
	return p != NULL && p->hw >= bench_want_hw;
}

static const bool bench_boot[ISR_NODES] = { [1] = true, [2] = true,
    [3] = true };

static double
bench_throughput(double speed, const char *const *values, int64_t *snaps)
{
	struct engine *e = bench_cluster(speed, 1);
	struct bench_snapper sn = { .e = e };
	pthread_t t;
	double t0, t1;
	int64_t acked = 0;
	int h;

	e->ops->run_until(e, bench_healthy, NULL, 10000);
	h = e->ops->client_open(e, bench_boot);
	bench_produce(e, h, 0, values, 10);	/* metadata, warm up */
	atomic_init(&sn.stop, false);
	pthread_create(&t, NULL, bench_snapper_main, &sn);
	t0 = bench_ms(CLOCK_MONOTONIC) / 1000.0;
	do
		acked += bench_produce(e, h, 0, values, BATCH);
	while ((t1 = bench_ms(CLOCK_MONOTONIC) / 1000.0) - t0 < RUN_SECONDS);
	atomic_store(&sn.stop, true);
	pthread_join(t, NULL);
	*snaps = sn.taken;
	/* Honest counting: the partition's HW covers every acked record. */
	bench_want_hw = acked + 10;
	if (!e->ops->run_until(e, bench_hw_reached, NULL, 10000)) {
		fprintf(stderr, "bench_runtime: HW below the %" PRId64
		    " records acknowledged\n", bench_want_hw);
		exit(1);
	}
	e->ops->client_close(e, h);
	runtime_engine_free(e);
	return (double)acked / (t1 - t0);
}

/* Lab time from the kill to the new leader serving (the election the
 * journal records, plus the network delay that tells the new leader) in
 * *serving, and to the first acks=all write the client got acknowledged,
 * which adds its retry backoff and metadata refresh, as returned value. */
static double
bench_failover(const char *const *values, double *serving)
{
	struct engine *e = bench_cluster(FAILOVER_SPEED, 1);
	struct fault f = { .kind = FAULT_KILL };
	struct snapshot s;
	struct settings set;
	struct event ev[256];
	size_t n, i;
	uint64_t since = 0;
	char err[128];
	int64_t t0, t1;
	int h;

	e->ops->run_until(e, bench_healthy, NULL, 10000);
	e->ops->get_settings(e, &set);
	h = e->ops->client_open(e, bench_boot);
	bench_produce(e, h, 0, values, 10);	/* knows the leader */
	e->ops->snapshot(e, &s);
	f.broker = snapshot_partition(&s, TOPIC, 0)->reg->leader;
	snapshot_free(&s);
	t0 = e->ops->now(e);
	if (e->ops->fault(e, &f, err, sizeof err) != 0) {
		fprintf(stderr, "bench_runtime: %s\n", err);
		exit(1);
	}
	while (bench_produce(e, h, 0, values, 1) != 1)
		;
	t1 = e->ops->now(e);
	*serving = -1;
	while ((n = e->ops->events(e, since, ev, 256)) > 0) {
		for (i = 0; i < n; i++) {
			since = ev[i].seq;
			if (ev[i].type == EV_LEADER_CHANGE && ev[i].t_ms >= t0 &&
			    ev[i].leader_to != ISR_NO_LEADER && *serving < 0)
				*serving = (double)(ev[i].t_ms - t0 +
				    set.network_delay_ms);
		}
	}
	e->ops->client_close(e, h);
	runtime_engine_free(e);
	return (double)(t1 - t0);
}

/* The CPU (of every thread) a cluster with a topic of partitions uses
 * at speed with nothing to do, in % of one CPU. */
static double
bench_idle_cpu(double speed, int partitions)
{
	struct engine *e = bench_cluster(speed, partitions);
	struct rusage r0, r1;
	struct timespec ts = { (time_t)IDLE_SECONDS, 0 };
	double cpu;

	if (!e->ops->run_until(e, bench_all_healthy, &partitions, 60000)) {
		fprintf(stderr, "bench_runtime: %d partitions not all healthy "
		    "within 60 lab-s\n", partitions);
		exit(1);
	}
	getrusage(RUSAGE_SELF, &r0);
	nanosleep(&ts, NULL);
	getrusage(RUSAGE_SELF, &r1);
	cpu = (double)(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) +
	    (double)(r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) / 1e6 +
	    (double)(r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) +
	    (double)(r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
	runtime_engine_free(e);
	return 100.0 * cpu / IDLE_SECONDS;
}

/* Lab ms from each of LATENCY_PRODUCES one-record acks=all produces to
 * its acknowledgement, sorted into lat. */
static void
bench_latency(double speed, int partitions, const char *const *values,
    double *lat)
{
	struct engine *e = bench_cluster(speed, partitions);
	int64_t t0;
	int h, i;

	if (!e->ops->run_until(e, bench_all_healthy, &partitions, 60000)) {
		fprintf(stderr, "bench_runtime: %d partitions not all healthy "
		    "within 60 lab-s\n", partitions);
		exit(1);
	}
	h = e->ops->client_open(e, bench_boot);
	bench_produce(e, h, 0, values, 1);		/* metadata */
	for (i = 0; i < LATENCY_PRODUCES; i++) {
		t0 = e->ops->now(e);
		if (bench_produce(e, h, i % partitions, values, 1) != 1) {
			fprintf(stderr, "bench_runtime: a produce failed\n");
			exit(1);
		}
		lat[i] = (double)(e->ops->now(e) - t0);
	}
	e->ops->client_close(e, h);
	runtime_engine_free(e);
	qsort(lat, LATENCY_PRODUCES, sizeof *lat, bench_cmp_double);
}

int
main(void)
{
	static char value[RECORD_BYTES + 1];
	const char **values = calloc(BATCH, sizeof *values);
	double tput[RUNS], fo[RUNS], serve[RUNS], idle[RUNS];
	double lat[LATENCY_PRODUCES];
	struct settings s;
	/* 50x: as fast as the lab clock goes; 1x: each network hop costs a
	 * real millisecond, so batches wait on the clock. */
	static const double speeds[2] = { 50.0, 1.0 };
	/* The idle cluster as a lab starts it, and as a student who made
	 * a topic of a thousand partitions and sped the clock up finds it. */
	static const struct {
		double speed;
		int partitions;
	} idle_at[2] = { { 1.0, 1 }, { 10.0, 1000 } };
	int64_t snaps = 0;
	int i, k;

	memset(value, 'v', RECORD_BYTES);
	for (i = 0; i < BATCH; i++)
		values[i] = value;
	settings_defaults(&s, false);
	bench_machine();
	printf("parameters: 3 brokers on threads, 1 partition, RF 3, acks=all, "
	    "%d-byte values, %d records per client_run, lab defaults "
	    "(network delay %" PRId64 " ms, session timeout %" PRId64
	    " ms), median of %d runs\n", RECORD_BYTES, BATCH,
	    s.network_delay_ms, s.session_timeout_ms, RUNS);

	for (k = 0; k < 2; k++) {
		for (i = 0; i < RUNS; i++)
			tput[i] = bench_throughput(speeds[k], values, &snaps);
		printf("throughput: %.0f records/s (%.1f MB/s) at speed %.0fx, "
		    "%.0f s per run, a snapshot every 33 ms meanwhile (%"
		    PRId64 " in the last run); HW checked to cover every "
		    "acked record\n", bench_median(tput, RUNS),
		    bench_median(tput, RUNS) * RECORD_BYTES / 1e6, speeds[k],
		    RUN_SECONDS, snaps);
	}

	for (i = 0; i < RUNS; i++)
		fo[i] = bench_failover(values, &serve[i]);
	printf("failover: %.0f ms lab time from kill of the leader to the new "
	    "leader serving produce (session timeout %" PRId64 " ms; speed "
	    "%.0fx)\n", bench_median(serve, RUNS), s.session_timeout_ms,
	    FAILOVER_SPEED);
	printf("failover: %.0f ms lab time from kill of the leader to the "
	    "first acks=all write acknowledged by the new one, with the "
	    "client's retries (retry.backoff.ms %" PRId64 ")\n",
	    bench_median(fo, RUNS), s.retry_backoff_ms);

	for (k = 0; k < 2; k++) {
		for (i = 0; i < RUNS; i++)
			idle[i] = bench_idle_cpu(idle_at[k].speed,
			    idle_at[k].partitions);
		printf("idle CPU: %.2f%% of one CPU (a topic of %d "
		    "partition(s), RF 3, nothing to do, speed %.0fx, %.0f s)\n",
		    bench_median(idle, RUNS), idle_at[k].partitions,
		    idle_at[k].speed, IDLE_SECONDS);
	}

	for (k = 0; k < 2; k++) {
		bench_latency(idle_at[k].speed, idle_at[k].partitions, values,
		    lat);
		printf("produce latency: p50 %.0f, p99 %.0f, max %.0f lab-ms "
		    "(%d acks=all produces of one record, one at a time, "
		    "over a topic of %d partition(s), speed %.0fx)\n",
		    lat[LATENCY_PRODUCES / 2],
		    lat[LATENCY_PRODUCES * 99 / 100],
		    lat[LATENCY_PRODUCES - 1], LATENCY_PRODUCES,
		    idle_at[k].partitions, idle_at[k].speed);
	}
	free(values);
	return 0;
}
