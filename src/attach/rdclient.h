/*
 * rdclient.h - the console's producer and consumer on a real cluster
 * (attach mode): librdkafka's clients, answered as isrlab's built-in
 * clients answer (struct client_result), so kafka-console-producer,
 * kafka-console-consumer, produce and consume print what they print on
 * the embedded cluster and count for the labs' produced/consumed.
 *
 * Each call makes its own short-lived librdkafka handle: the console's
 * commands are few and far apart, and a fresh handle carries no state
 * (acks, position) from one command into the next.  No consumer group:
 * the fetch reads a partition from an offset, as the built-in fetch does.
 */
#ifndef ISRLAB_ATTACH_RDCLIENT_H
#define ISRLAB_ATTACH_RDCLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <librdkafka/rdkafka.h>

#include "model/client.h"

/* librdkafka's log callback that drops every line: connection refused
 * while a broker is down would scribble over the screen and a script's
 * output, and the next poll shows what matters. */
void rdclient_log_quiet(const rd_kafka_t *rk, int level, const char *fac,
    const char *buf);

/* A handle of type on bootstrap with the settings kv (pairs, NULL-ended),
 * logging nothing, with dr as its delivery report callback (or NULL);
 * NULL with nothing allocated when librdkafka refuses. */
rd_kafka_t *rdclient_new(rd_kafka_type_t type, const char *bootstrap,
    const char *const *kv, void (*dr)(rd_kafka_t *,
    const rd_kafka_message_t *, void *));

/* Where one record went: its partition and offset (-1 when it failed or
 * acks=0 returned none) and the broker that acknowledged it (-1). */
struct rdclient_delivery {
	enum kerr	error;
	int		partition;
	int64_t		offset;
	int		broker;
};

/* Produce n records (keys[i] may be NULL) to topic, partition (-1:
 * Kafka's partitioner by key) with acks (0, 1, -1); waits up to
 * timeout_ms for every delivery report.  One OP_PRODUCE result per run of
 * consecutive offsets in one partition, in order; returns how many, and
 * *out (the caller frees each with client_result_free, then *out).  Each
 * record's own outcome into each[0..n) when each is not NULL.
 * @thread console */
size_t rdclient_produce(const char *bootstrap, const char *topic,
    int partition, int acks, const char *const *keys,
    const char *const *values, int n, int timeout_ms,
    struct client_result **out, struct rdclient_delivery *each);

/* Fetch up to max records of topic/partition from offset, waiting up to
 * timeout_ms for them: one OP_FETCH result with the records, the high
 * watermark and log start as the partition's leader reports them, or
 * KERR_OFFSET_OUT_OF_RANGE with the log start.  @thread console */
size_t rdclient_fetch(const char *bootstrap, const char *topic,
    int partition, int64_t offset, int max, int timeout_ms,
    struct client_result **out);

#endif
