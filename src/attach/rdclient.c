/*
 * rdclient.c - producing and fetching through librdkafka (rdclient.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

#include "attach/rdclient.h"
#include "model/plog.h"
#include "util/xmalloc.h"

/* One record's delivery report. */
struct rdclient_dr {
	bool			done;
	rd_kafka_resp_err_t	err;
	int32_t			partition;
	int64_t			offset;
	int32_t			broker;
};

void
rdclient_log_quiet(const rd_kafka_t *rk, int level, const char *fac,
    const char *buf)
{
	(void)rk;
	(void)level;
	(void)fac;
	(void)buf;
}

/* Kafka's error codes are isrlab's (kerr.h); librdkafka's own (negative)
 * become what a Java client would report. */
static enum kerr
rdclient_kerr(rd_kafka_resp_err_t err)
{
	if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
		return KERR_NONE;
	if (err > 0)
		return (enum kerr)err;
	if (err == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT ||
	    err == RD_KAFKA_RESP_ERR__TIMED_OUT)
		return KERR_REQUEST_TIMED_OUT;
	if (err == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION ||
	    err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC)
		return KERR_UNKNOWN_TOPIC_OR_PARTITION;
	return KERR_NETWORK_EXCEPTION;
}

rd_kafka_t *
rdclient_new(rd_kafka_type_t type, const char *bootstrap,
    const char *const *kv, void (*dr)(rd_kafka_t *,
    const rd_kafka_message_t *, void *))
{
	rd_kafka_conf_t	*conf = rd_kafka_conf_new();
	rd_kafka_t	*rk;
	char		 errstr[256];

	if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, errstr,
	    sizeof errstr) != RD_KAFKA_CONF_OK) {
		rd_kafka_conf_destroy(conf);
		return NULL;
	}
	for (; kv[0] != NULL; kv += 2)
		if (rd_kafka_conf_set(conf, kv[0], kv[1], errstr,
		    sizeof errstr) != RD_KAFKA_CONF_OK) {
			rd_kafka_conf_destroy(conf);
			return NULL;
		}
	rd_kafka_conf_set_log_cb(conf, rdclient_log_quiet);
	if (dr != NULL)
		rd_kafka_conf_set_dr_msg_cb(conf, dr);
	if ((rk = rd_kafka_new(type, conf, errstr, sizeof errstr)) == NULL)
		rd_kafka_conf_destroy(conf);
	return rk;
}

static void
rdclient_dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	struct rdclient_dr	*d = m->_private;

	(void)rk;
	(void)opaque;
	d->done = true;
	d->err = m->err;
	d->partition = m->partition;
	d->offset = m->offset;
	d->broker = rd_kafka_message_broker_id(m);
}

static struct client_result *
rdclient_result(struct client_result **out, size_t *n, enum client_op_kind k,
    const char *topic, int partition)
{
	struct client_result	*r;

	*out = xreallocarray(*out, *n + 1, sizeof **out);
	r = &(*out)[(*n)++];
	memset(r, 0, sizeof *r);
	r->op = (int)*n;
	r->kind = k;
	snprintf(r->topic, sizeof r->topic, "%s", topic);
	r->partition = partition;
	r->base_offset = r->hw = r->log_start = -1;
	r->leader = -1;
	r->expired_ms = -1;
	return r;
}

size_t
rdclient_produce(const char *bootstrap, const char *topic, int partition,
    int acks, const char *const *keys, const char *const *values, int n,
    int timeout_ms, struct client_result **out,
    struct rdclient_delivery *each)
{
	struct rdclient_dr	*d = xcalloc((size_t)n + 1, sizeof *d);
	struct client_result	*r = NULL;
	char			 acks_s[8], tmo[16];
	const char		*kv[] = {
		"acks", acks_s,
		"message.timeout.ms", tmo,
		/* Java's partitioner for keyed records (murmur2). */
		"partitioner", "murmur2_random",
		"linger.ms", "5",
		NULL, NULL };
	rd_kafka_t		*rk;
	rd_kafka_resp_err_t	 err;
	size_t			 nres = 0;
	int			 i;

	*out = NULL;
	snprintf(acks_s, sizeof acks_s, "%d", acks);
	snprintf(tmo, sizeof tmo, "%d", timeout_ms);
	if ((rk = rdclient_new(RD_KAFKA_PRODUCER, bootstrap, kv,
	    rdclient_dr_cb)) == NULL) {
		free(d);
		r = rdclient_result(out, &nres, OP_PRODUCE, topic, partition);
		r->error = KERR_NETWORK_EXCEPTION;
		return nres;
	}
	for (i = 0; i < n; i++) {
		void	*key = (void *)(uintptr_t)keys[i];
		size_t	 klen = keys[i] != NULL ? strlen(keys[i]) : 0;
		int32_t	 part = partition < 0 ? RD_KAFKA_PARTITION_UA :
			    partition;

		err = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic),
		    RD_KAFKA_V_PARTITION(part),
		    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
		    RD_KAFKA_V_KEY(key, klen),
		    RD_KAFKA_V_VALUE((void *)(uintptr_t)values[i],
		    strlen(values[i])),
		    RD_KAFKA_V_OPAQUE(&d[i]), RD_KAFKA_V_END);
		if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
			d[i].done = true;
			d[i].err = err;
			d[i].partition = partition;
			d[i].offset = -1;
			d[i].broker = -1;
		}
	}
	rd_kafka_flush(rk, timeout_ms);
	for (i = 0; i < n; i++) {
		if (!d[i].done) {
			d[i].err = RD_KAFKA_RESP_ERR__MSG_TIMED_OUT;
			d[i].offset = -1;
			d[i].partition = partition;
		}
		if (each != NULL) {
			each[i].error = rdclient_kerr(d[i].err);
			each[i].partition = d[i].partition;
			each[i].offset = each[i].error == KERR_NONE ?
			    d[i].offset : -1;
			each[i].broker = d[i].done ? d[i].broker : -1;
		}
		/* The same batch as the last record: same partition, next
		 * offset, both delivered. */
		if (r != NULL && d[i].err == RD_KAFKA_RESP_ERR_NO_ERROR &&
		    r->error == KERR_NONE && r->partition == d[i].partition &&
		    r->base_offset >= 0 &&
		    r->base_offset + r->n_sent == d[i].offset) {
			r->n_sent++;
			continue;
		}
		r = rdclient_result(out, &nres, OP_PRODUCE, topic,
		    d[i].partition);
		r->error = rdclient_kerr(d[i].err);
		r->acks = acks;
		r->n_sent = 1;
		r->base_offset = d[i].err == RD_KAFKA_RESP_ERR_NO_ERROR ?
		    d[i].offset : -1;
	}
	rd_kafka_destroy(rk);
	free(d);
	return nres;
}

/* The record m holds, copied. */
static void
rdclient_record(struct record *rec, const rd_kafka_message_t *m)
{
	size_t	klen = m->key != NULL ? m->key_len : 0;

	memset(rec, 0, sizeof *rec);
	rec->epoch = -1;
	rec->key_len = m->key != NULL ? (uint32_t)m->key_len : PLOG_NULL_KEY;
	rec->value_len = (uint32_t)m->len;
	rec->timestamp = rd_kafka_message_timestamp(m, NULL);
	rec->data = record_bytes(klen + m->len + 1);
	if (klen > 0)
		memcpy(rec->data, m->key, klen);
	if (m->len > 0)
		memcpy(rec->data + klen, m->payload, m->len);
}

size_t
rdclient_fetch(const char *bootstrap, const char *topic, int partition,
    int64_t offset, int max, int timeout_ms, struct client_result **out)
{
	const char		*kv[] = {
		"enable.partition.eof", "true",
		"auto.offset.reset", "error",
		NULL, NULL };
	struct client_result	*r;
	rd_kafka_t		*rk;
	rd_kafka_topic_t	*rkt;
	rd_kafka_message_t	*m;
	size_t			 nres = 0;
	int			 cap = 0, left;
	int64_t			 lo, hi;
	int64_t			 end;
	struct timespec		 ts;

	*out = NULL;
	r = rdclient_result(out, &nres, OP_FETCH, topic, partition);
	if ((rk = rdclient_new(RD_KAFKA_CONSUMER, bootstrap, kv, NULL)) ==
	    NULL) {
		r->error = KERR_NETWORK_EXCEPTION;
		return nres;
	}
	if (rd_kafka_query_watermark_offsets(rk, topic, partition, &lo, &hi,
	    timeout_ms) != RD_KAFKA_RESP_ERR_NO_ERROR) {
		r->error = KERR_LEADER_NOT_AVAILABLE;
		rd_kafka_destroy(rk);
		return nres;
	}
	r->log_start = lo;
	r->hw = hi;
	if (offset < lo || offset > hi) {
		r->error = KERR_OFFSET_OUT_OF_RANGE;
		rd_kafka_destroy(rk);
		return nres;
	}
	rkt = rd_kafka_topic_new(rk, topic, NULL);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	end = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + timeout_ms;
	if (offset < hi &&
	    rd_kafka_consume_start(rkt, partition, offset) == 0) {
		while (r->n_records < max) {
			clock_gettime(CLOCK_MONOTONIC, &ts);
			left = (int)(end - ((int64_t)ts.tv_sec * 1000 +
			    ts.tv_nsec / 1000000));
			if (left <= 0 ||
			    (m = rd_kafka_consume(rkt, partition, left)) ==
			    NULL)
				break;
			if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
				r->hw = m->offset;
				rd_kafka_message_destroy(m);
				break;
			}
			if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
				r->error = rdclient_kerr(m->err);
				rd_kafka_message_destroy(m);
				break;
			}
			if (r->n_records == cap) {
				cap = cap * 2 + 16;
				r->records = xreallocarray(r->records,
				    (size_t)cap, sizeof *r->records);
			}
			rdclient_record(&r->records[r->n_records++], m);
			rd_kafka_message_destroy(m);
		}
		rd_kafka_consume_stop(rkt, partition);
	}
	rd_kafka_topic_destroy(rkt);
	rd_kafka_destroy(rk);
	return nres;
}
