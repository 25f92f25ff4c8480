/*
 * bench_model.c - throughput of the pure model: 100-byte records, RF 3,
 * acks=all, through produce, follower fetch and HW advance, on one core.
 *
 * DESIGN
 * The bench drives src/model directly, the way an engine does but with no
 * network delay: a controller and three brokers, one FIFO of messages,
 * and a loop that delivers the head, then moves every node's outbox to the
 * tail.  Nodes are ticked whenever their deadline has come; virtual time
 * moves one millisecond per produce request, so heartbeats, ISR checks and
 * long-poll expiry all happen as they would.  The producer is the bench
 * itself: it sends one Produce of BATCH records (acks=-1) to the leader,
 * waits for the answer, and counts the records acknowledged without error.
 * Each acknowledgement needs the leader's append, both followers' fetch
 * responses and appends, their next fetches, and the HW passing the batch:
 * the whole replication path.
 *
 * Timing is wall-clock (clock_gettime, CLOCK_MONOTONIC) around the produce
 * loop only; cluster setup is excluded.  Each figure is the median of
 * RUNS runs on a fresh cluster.  A final long run shows peak RSS staying
 * flat because isrlab.log.retention.records bounds every replica's log,
 * and one on 64 partitions shows isrlab.log.max.bytes bounding them all.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "model/broker.h"
#include "model/controller.h"
#include "util/xmalloc.h"

#define N_BROKERS 3
#define RECORD_BYTES 100
#define RUNS 5
#define MANY_PARTITIONS 64	/* the memory run's */
#define TOPIC "bench"

struct cluster {
	struct controller *ctrl;
	struct broker *b[N_BROKERS + 1]; /* index = broker id */
	struct msg **q;			/* FIFO ring */
	size_t head, n, cap;
	int64_t now;
	int batch;			/* records per produce */
	int partitions;			/* of the topic */
	int64_t acked;			/* records acked, no error */
	int64_t errors;			/* produce answers with one */
	int outstanding;		/* produce requests unanswered */
};

static void
q_push(struct cluster *c, struct msg *m)
{
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 256, i;
		struct msg **nq = xreallocarray(NULL, ncap, sizeof *nq);

		for (i = 0; i < c->n; i++)
			nq[i] = c->q[(c->head + i) % c->cap];
		free(c->q);
		c->q = nq;
		c->cap = ncap;
		c->head = 0;
	}
	c->q[(c->head + c->n) % c->cap] = m;
	c->n++;
}

static void
drain(struct cluster *c, struct outbox *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		q_push(c, o->v[i]);
	o->n = 0;		/* the queue owns them now; keep the array */
}

static void
drain_all(struct cluster *c)
{
	int i;

	drain(c, &c->ctrl->out);
	evq_clear(&c->ctrl->events);
	for (i = 1; i <= N_BROKERS; i++) {
		drain(c, &c->b[i]->out);
		evq_clear(&c->b[i]->events);
	}
}

static void
tick_due(struct cluster *c)
{
	int i;

	if (controller_next_deadline(c->ctrl) <= c->now)
		controller_tick(c->ctrl, c->now);
	for (i = 1; i <= N_BROKERS; i++) {
		if (broker_next_deadline(c->b[i]) <= c->now)
			broker_tick(c->b[i], c->now);
	}
	drain_all(c);
}

static void
deliver(struct cluster *c, struct msg *m)
{
	if (m->to == NODE_CONTROLLER)
		controller_step(c->ctrl, m, c->now);
	else if (m->to >= 1 && m->to <= N_BROKERS)
		broker_step(c->b[m->to], m, c->now);
	else {
		if (m->type == MSG_PRODUCE_RESP) {
			c->outstanding--;
			if (m->error == KERR_NONE)
				c->acked += c->batch;
			else
				c->errors++;
		}
		msg_free(m);
	}
	drain_all(c);
}

/* Deliver until nothing is queued (no network delay). */
static void
settle(struct cluster *c)
{
	while (c->n > 0) {
		struct msg *m = c->q[c->head];

		c->head = (c->head + 1) % c->cap;
		c->n--;
		deliver(c, m);
	}
}

/* Advance virtual time to t, ticking and settling every millisecond. */
static void
run_until(struct cluster *c, int64_t t)
{
	while (c->now < t) {
		c->now++;
		tick_due(c);
		settle(c);
	}
}

static void
cluster_init(struct cluster *c, const struct settings *s, int batch,
    int partitions)
{
	char why[256];
	int i;

	memset(c, 0, sizeof *c);
	c->batch = batch;
	c->partitions = partitions;
	c->ctrl = controller_new(s, N_BROKERS, 1);
	for (i = 1; i <= N_BROKERS; i++) {
		c->b[i] = broker_new(i, NULL, s);
		broker_start(c->b[i], 0);
	}
	drain_all(c);
	settle(c);
	run_until(c, 1000);			/* registered, unfenced */
	if (controller_create_topic(c->ctrl, c->now, TOPIC, partitions,
	    N_BROKERS,
	    NULL, 0, why, sizeof why) != KERR_NONE) {
		fprintf(stderr, "bench_model: create topic: %s\n", why);
		exit(1);
	}
	drain_all(c);
	settle(c);
	run_until(c, 2000);			/* followers fetching */
}

static void
cluster_free(struct cluster *c)
{
	int i;

	while (c->n > 0) {
		msg_free(c->q[c->head]);
		c->head = (c->head + 1) % c->cap;
		c->n--;
	}
	free(c->q);
	for (i = 1; i <= N_BROKERS; i++)
		broker_free(c->b[i]);
	controller_free(c->ctrl);
}

/* One acks=all Produce of c->batch records to the leader of partition. */
static void
produce(struct cluster *c, uint64_t *next_id, int partition)
{
	const struct partition_reg *pr = image_partition(&c->ctrl->image,
	    TOPIC, partition);
	struct msg *m = msg_new(MSG_PRODUCE, NODE_CLIENTS, pr->leader);
	char *store = record_bytes((size_t)c->batch * RECORD_BYTES);
	int i;

	snprintf(m->topic, sizeof m->topic, "%s", TOPIC);
	m->partition = partition;
	m->acks = -1;
	m->timeout_ms = 30000;
	m->n_records = c->batch;
	m->records = xreallocarray(NULL, (size_t)c->batch,
	    sizeof *m->records);
	for (i = 0; i < c->batch; i++) {
		struct record *r = &m->records[i];

		memset(r, 0, sizeof *r);
		r->key_len = PLOG_NULL_KEY;
		r->value_len = RECORD_BYTES;
		r->id = (*next_id)++;
		/* One store for the batch's bytes, as client_produce makes. */
		r->flags = RECORD_DATA_IN_STORE;
		r->data = store + (size_t)i * RECORD_BYTES;
		r->batch = record_bytes_ref(store);
	}
	memset(store, 'v', (size_t)c->batch * RECORD_BYTES);
	record_bytes_unref(store);
	m->corr = (int64_t)*next_id;
	c->outstanding++;
	q_push(c, m);
}

/* Produce `records` records in batches, one partition after another;
 * returns records acked per second of wall time. */
static double
run_once(const struct settings *s, int batch, int partitions,
    int64_t records, int64_t *acked)
{
	struct cluster c;
	uint64_t next_id = 1;
	double t0, dt;
	int64_t n, held;
	int p;

	cluster_init(&c, s, batch, partitions);
	t0 = bench_ms(CLOCK_MONOTONIC) / 1000.0;
	for (n = 0; n < records; n += batch) {
		produce(&c, &next_id, (int)(n / batch % partitions));
		settle(&c);
		c.now++;
		tick_due(&c);
		settle(&c);
	}
	dt = bench_ms(CLOCK_MONOTONIC) / 1000.0 - t0;
	if (c.outstanding != 0 || c.errors != 0) {
		fprintf(stderr, "bench_model: %d unanswered, %" PRId64
		    " errors\n", c.outstanding, c.errors);
		exit(1);
	}
	/* Honesty check: every acked record is below its leader's HW and
	 * in both followers' logs. */
	for (n = 1; n <= N_BROKERS; n++) {
		held = 0;
		for (p = 0; p < partitions; p++) {
			const struct replica *r = broker_replica(c.b[n], TOPIC,
			    p);

			if (r == NULL || (r->role == ROLE_LEADER &&
			    r->hw != r->log.leo))
				held = -1;
			if (held >= 0)
				held += r->log.leo;
		}
		if (held != c.acked) {
			fprintf(stderr, "bench_model: broker %d does not hold "
			    "the %" PRId64 " acked records\n", (int)n,
			    c.acked);
			exit(1);
		}
	}
	*acked = c.acked;
	cluster_free(&c);
	return (double)*acked / dt;
}

static long
peak_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void
print_machine(void)
{
	struct utsname u;
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256], *model = NULL;

	uname(&u);
	printf("machine: %s, %ld online CPU(s)", u.machine,
	    sysconf(_SC_NPROCESSORS_ONLN));
	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "model name", 10) == 0 &&
		    (model = strchr(line, ':')) != NULL) {
			model[strcspn(model, "\n")] = '\0';
			printf(", CPU%s", model);
			break;
		}
	}
	if (f != NULL)
		fclose(f);
	printf("\n");
}

/* memcpy's bandwidth on this machine, in bytes/s: the best of a few
 * copies of a buffer too big for the caches. */
static double
memcpy_rate(void)
{
	size_t n = (size_t)64 << 20;
	char *a = xmalloc(n), *b = xmalloc(n);
	double best = 0, t0, dt;
	int i;

	memset(a, 1, n);
	memset(b, 2, n);
	for (i = 0; i < 8; i++) {
		t0 = bench_ms(CLOCK_MONOTONIC);
		memcpy(i % 2 ? a : b, i % 2 ? b : a, n);
		dt = (bench_ms(CLOCK_MONOTONIC) - t0) / 1000.0;
		if (dt > 0 && (double)n / dt > best)
			best = (double)n / dt;
	}
	free(a);
	free(b);
	return best;
}

/* The median records/s of RUNS runs of batches of batch records. */
static double
bench_batch(const struct settings *s, int batch, int64_t records)
{
	double rate[RUNS];
	int64_t acked = 0;
	int i;

	for (i = 0; i < RUNS; i++)
		rate[i] = run_once(s, batch, 1, records, &acked);
	qsort(rate, RUNS, sizeof rate[0], bench_cmp_double);
	printf("batch %5d: %" PRId64 " records acked per run; median of %d: "
	    "%.0f records/s, %.1f MB/s (min %.0f, max %.0f)\n", batch, acked,
	    RUNS, rate[RUNS / 2], rate[RUNS / 2] * RECORD_BYTES / 1e6,
	    rate[0], rate[RUNS - 1]);
	return rate[RUNS / 2];
}

int
main(void)
{
	struct settings s;
	int64_t acked, records = 2000000;
	long rss_short, rss_long;
	double rate, copy, floor;

	settings_defaults(&s, false);
	s.network_delay_ms = 0;
	print_machine();
	printf("parameters: model driven directly, 1 partition, RF %d, "
	    "acks=all, %d-byte values, no network delay, one core; "
	    "isrlab.log.retention.records=%" PRId64 ", "
	    "isrlab.replica.fetch.max.records=%" PRId64 "\n", N_BROKERS,
	    RECORD_BYTES, s.log_retention_records,
	    s.replica_fetch_max_records);
	rate = bench_batch(&s, 1000, records);
	bench_batch(&s, 100, records);
	/* The floor: each record's value written once per replica, at the
	 * speed memcpy moves bytes here. */
	copy = memcpy_rate();
	floor = copy / (N_BROKERS * RECORD_BYTES);
	printf("memcpy floor: %.0f records/s (%d x %d bytes per record at "
	    "%.1f GB/s); batch 1000 reaches %.0f%% of it\n", floor, N_BROKERS,
	    RECORD_BYTES, copy / 1e9, 100.0 * rate / floor);
	rss_short = peak_rss_kb();
	run_once(&s, 1000, 1, 10 * records, &acked);
	rss_long = peak_rss_kb();
	printf("peak RSS: %ld KiB after the runs above, %ld KiB after a "
	    "further %" PRId64 " records (retention keeps it flat)\n",
	    rss_short, rss_long, acked);
	/* Many partitions: record retention alone would keep 100,000
	 * records on each of 192 replicas; isrlab.log.max.bytes bounds
	 * them all together. */
	run_once(&s, 1000, MANY_PARTITIONS, 10 * records, &acked);
	printf("peak RSS: %ld KiB after a further %" PRId64 " records on "
	    "%d partitions (isrlab.log.max.bytes=%" PRId64 ")\n",
	    peak_rss_kb(), acked, MANY_PARTITIONS, s.log_max_bytes);
	return 0;
}
