/*
 * clients.c - produce and consume loops over the engine's client calls.
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/clients.h"
#include "console/servers.h"
#include "model/plog.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* Fetch attempts that made no progress before a partition is given up. */
#define CLIENTS_STALLS_MAX 20
/* Records asked for per fetch. */
#define CLIENTS_FETCH_MAX 500

struct clients_produce_arg {
	const char		*topic;
	int			 partition, acks, n;
	const char *const	*keys, *const *values;
};

static void
clients_produce_fn(struct client *cl, int64_t now, void *arg)
{
	struct clients_produce_arg	*a = arg;

	client_produce(cl, now, a->topic, a->partition, a->acks, a->keys,
	    a->values, a->n);
}

const char *
clients_exception(enum kerr e, char *buf, size_t len)
{
	if (e == KERR_TIMEOUT)
		snprintf(buf, len, "org.apache.kafka.common.errors."
		    "TimeoutException");
	else
		snprintf(buf, len, "org.apache.kafka.common.errors.%s",
		    kerr_exception(e));
	return buf;
}

const char *
clients_produce_error(const struct client_result *r, char *buf, size_t len)
{
	if (r->expired_ms < 0)
		return kerr_message(r->error);
	/* Sender.java:424-425 at 3.7.0; TopicPartition prints "t-0". */
	snprintf(buf, len, "Expiring %d record(s) for %s-%d:%" PRId64 " ms has "
	    "passed since batch creation", r->n_sent, r->topic, r->partition,
	    r->expired_ms);
	return buf;
}

/* The Java client's warning for a broker it cannot connect to. */
static void
clients_warn_connect(struct console *c, const char *log_id, int broker)
{
	struct server	sv;
	char		addr[96];

	memset(&sv, 0, sizeof sv);
	snprintf(sv.host, sizeof sv.host, "localhost");
	sv.port = servers_port(broker);
	servers_format(&sv, addr, sizeof addr);
	console_eprintf(c, "WARN [%s] Connection to node %d (%s) could not be "
	    "established. Node may not be available. (org.apache.kafka."
	    "clients.NetworkClient)\n", log_id, broker, addr);
}

static bool
clients_same_retry(const struct event *a, const struct event *b)
{
	return a->error == b->error && a->partition == b->partition &&
	    strcmp(a->topic, b->topic) == 0;
}

/* Print the retries a producer made, as the Java client logs them; a run
 * of identical retries prints once with a count, not once per attempt. */
static void
clients_print_retries(struct console *c, const char *log_id)
{
	struct event	*ev;
	bool		 warned[ISR_NODES] = { false };
	size_t		 i, j, n, more;

	n = console_events_new(c, &ev);
	for (i = 0; i < n; i = j) {
		j = i + 1;
		if (ev[i].type != EV_CLIENT_RETRY)
			continue;
		if (ev[i].error != KERR_NONE)
			console_error_add(c, kerr_name(ev[i].error));
		if (ev[i].error == KERR_NETWORK_EXCEPTION && ev[i].broker > 0 &&
		    ev[i].broker < ISR_NODES && !warned[ev[i].broker]) {
			clients_warn_connect(c, log_id, ev[i].broker);
			warned[ev[i].broker] = true;
		}
		if (ev[i].topic[0] == '\0') {
			console_eprintf(c, "WARN [%s] Retrying after error: %s "
			    "(%s)\n", log_id, kerr_name(ev[i].error),
			    ev[i].reason);
			continue;
		}
		/* Skip the same retry repeated (other events may sit
		 * between the attempts). */
		more = 0;
		while (j < n && (ev[j].type != EV_CLIENT_RETRY ||
		    clients_same_retry(&ev[i], &ev[j]))) {
			if (ev[j].type == EV_CLIENT_RETRY)
				more++;
			j++;
		}
		console_eprintf(c, "WARN [%s] Got error produce response on "
		    "topic-partition %s-%d, retrying. Error: %s (org.apache."
		    "kafka.clients.producer.internals.Sender)\n", log_id,
		    ev[i].topic, ev[i].partition, kerr_name(ev[i].error));
		if (more > 0)
			console_eprintf(c, "WARN [%s] (the same %zu more "
			    "time%s while the metadata was refreshed)\n",
			    log_id, more, more == 1 ? "" : "s");
	}
	free(ev);
}

size_t
clients_produce(struct console *c, int handle, const char *log_id,
    const char *topic, int partition, int acks, const char *const *keys,
    const char *const *values, int n, struct client_result **out)
{
	struct engine			*e = c->engine;
	struct clients_produce_arg	 a;
	struct settings			 set;
	size_t				 nres, i;

	a.topic = topic;
	a.partition = partition;
	a.acks = acks;
	a.n = n;
	a.keys = keys;
	a.values = values;
	e->ops->get_settings(e, &set);
	console_events_skip(c);
	if (e->ops->real_produce != NULL)
		nres = e->ops->real_produce(e, handle, topic, partition, acks,
		    keys, values, n, out);
	else
		nres = e->ops->client_run(e, handle, clients_produce_fn, &a,
		    set.delivery_timeout_ms + set.request_timeout_ms, out);
	clients_print_retries(c, log_id);
	for (i = 0; i < nres; i++) {
		struct client_result	*r = &(*out)[i];

		if (r->kind != OP_PRODUCE)
			continue;
		if (r->error == KERR_NONE)
			console_count_produced(c, topic, r->n_sent);
		else
			console_error_add(c, kerr_name(r->error));
	}
	return nres;
}

void
clients_results_free(struct client_result *r, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		client_result_free(&r[i]);
	free(r);
}

struct clients_fetch_arg {
	const char	*topic;
	int		 partition;
	int64_t		 offset;
	int		 max;
};

static void
clients_fetch_fn(struct client *cl, int64_t now, void *arg)
{
	struct clients_fetch_arg	*a = arg;

	client_fetch(cl, now, a->topic, a->partition, a->offset, a->max);
}

static void
clients_print_record(struct console *c, const struct consume_opts *o,
    int partition, int64_t offset, const struct record *rec)
{
	struct strbuf	sb = STRBUF_INIT;

	if (o->print_partition)
		strbuf_printf(&sb, "Partition:%d\t", partition);
	if (o->print_offset)
		strbuf_printf(&sb, "Offset:%" PRId64 "\t", offset);
	if (o->print_key) {
		if (rec->key_len == PLOG_NULL_KEY)
			strbuf_adds(&sb, "null");
		else
			strbuf_add(&sb, rec->data, rec->key_len);
		strbuf_addc(&sb, '\t');
	}
	strbuf_add(&sb, record_value(rec), rec->value_len);
	strbuf_addc(&sb, '\n');
	console_write(c, 1, sb.s, sb.len);
	strbuf_free(&sb);
}

/* Read one partition from *offset up to the HW; returns records printed,
 * or -1 when the caller's max was reached (after printing). */
static int64_t
clients_consume_partition(struct console *c, int handle,
    const struct consume_opts *o, int p, int64_t offset, int64_t budget,
    int64_t *position)
{
	struct engine			*e = c->engine;
	struct clients_fetch_arg	 a;
	struct client_result		*res;
	struct settings			 set;
	size_t				 nres, i;
	int64_t				 printed = 0;
	int				 stalls = 0, k;
	bool				 done = false;

	e->ops->get_settings(e, &set);
	while (!done && stalls < CLIENTS_STALLS_MAX &&
	    (budget < 0 || printed < budget)) {
		a.topic = o->topic;
		a.partition = p;
		a.offset = offset;
		a.max = CLIENTS_FETCH_MAX;
		if (budget >= 0 && budget - printed < a.max)
			a.max = (int)(budget - printed);
		if (e->ops->real_fetch != NULL)
			nres = e->ops->real_fetch(e, handle, a.topic,
			    a.partition, a.offset, a.max, &res);
		else
			nres = e->ops->client_run(e, handle, clients_fetch_fn,
			    &a, set.request_timeout_ms * 2, &res);
		if (nres == 0) {
			stalls++;
			free(res);
			continue;
		}
		for (i = 0; i < nres; i++) {
			struct client_result	*r = &res[i];

			if (r->kind != OP_FETCH)
				continue;
			if (r->error == KERR_OFFSET_OUT_OF_RANGE) {
				/* auto.offset.reset=earliest */
				stalls++;
				if (offset < r->log_start)
					offset = r->log_start;
				else
					done = true;
				continue;
			}
			if (r->error != KERR_NONE) {
				console_error_add(c, kerr_name(r->error));
				stalls++;
				continue;
			}
			for (k = 0; k < r->n_records; k++) {
				if (budget >= 0 && printed >= budget)
					break;
				clients_print_record(c, o, p, offset,
				    &r->records[k]);
				offset++;
				printed++;
			}
			if (r->n_records == 0)
				stalls++;
			if (offset >= r->hw)
				done = true;
		}
		clients_results_free(res, nres);
	}
	if (position != NULL)
		*position = offset;
	return printed;
}

/* --- Consumer groups ------------------------------------------------ */

struct clients_group_arg {
	const struct consume_opts	*o;
	struct gp_offset		*offsets;
	int				 n;
};

static void
clients_join_fn(struct client *cl, int64_t now, void *arg)
{
	const struct consume_opts	*o = arg;

	client_group_join(cl, now, o->group, o->topic, o->assignor != NULL ?
	    o->assignor : "range", o->client_id != NULL ? o->client_id :
	    "console-consumer");
}

static void
clients_fetch_offsets_fn(struct client *cl, int64_t now, void *arg)
{
	struct clients_group_arg	*a = arg;

	client_group_fetch_offsets(cl, now, a->o->group, a->offsets, a->n);
}

static void
clients_commit_fn(struct client *cl, int64_t now, void *arg)
{
	struct clients_group_arg	*a = arg;

	client_group_commit(cl, now, a->o->group, a->offsets, a->n);
}

static void
clients_leave_fn(struct client *cl, int64_t now, void *arg)
{
	(void)arg;
	client_group_leave(cl, now);
}

/* Run one group operation; its result's payload (the caller frees it
 * with gpayload_free), or NULL with *err set. */
struct gpayload *
clients_group_op(struct console *c, int handle, client_fn fn, void *arg,
    enum kerr *err)
{
	struct engine		*e = c->engine;
	struct client_result	*res;
	struct gpayload		*gp = NULL;
	struct settings		 set;
	size_t			 n, i;

	e->ops->get_settings(e, &set);
	*err = KERR_TIMEOUT;
	n = e->ops->client_run(e, handle, fn, arg, set.request_timeout_ms +
	    set.group_rebalance_timeout_ms + set.group_initial_delay_ms +
	    5000, &res);
	for (i = 0; i < n; i++) {
		if (res[i].kind < OP_JOIN)
			continue;
		*err = res[i].error;
		if (gp == NULL && res[i].error == KERR_NONE) {
			gp = res[i].gp;
			res[i].gp = NULL;
		}
	}
	clients_results_free(res, n);
	if (gp == NULL && *err == KERR_NONE)
		gp = gpayload_new();
	return gp;
}

static int
clients_cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static int64_t
clients_consume_group(struct console *c, int handle,
    const struct consume_opts *o)
{
	struct clients_group_arg	 a;
	struct gpayload			*joined, *committed;
	struct snapshot			 s;
	const struct snap_partition	*sp;
	enum kerr			 err;
	int64_t				 total = 0, start, pos, got;
	int				 i;

	joined = clients_group_op(c, handle, clients_join_fn, (void *)o,
	    &err);
	if (joined == NULL) {
		console_error_add(c, kerr_name(err));
		console_eprintf(c, "WARN [Consumer clientId=%s, groupId=%s] "
		    "Could not join the group: %s\n", o->client_id != NULL ?
		    o->client_id : "console-consumer", o->group,
		    kerr_name(err));
		return 0;
	}
	if (joined->n_parts > 1)
		qsort(joined->parts, (size_t)joined->n_parts,
		    sizeof *joined->parts, clients_cmp_int);
	memset(&a, 0, sizeof a);
	a.o = o;
	a.n = joined->n_parts;
	a.offsets = xcalloc((size_t)(a.n > 0 ? a.n : 1), sizeof *a.offsets);
	for (i = 0; i < a.n; i++) {
		snprintf(a.offsets[i].topic, sizeof a.offsets[i].topic, "%s",
		    o->topic);
		a.offsets[i].partition = joined->parts[i];
	}
	committed = a.n > 0 ? clients_group_op(c, handle,
	    clients_fetch_offsets_fn, &a, &err) : NULL;
	for (i = 0; i < a.n; i++) {
		int p = a.offsets[i].partition;

		c->engine->ops->snapshot(c->engine, &s);
		sp = snapshot_partition(&s, o->topic, p);
		start = -1;
		if (committed != NULL && i < committed->n_offsets)
			start = committed->offsets[i].offset;
		if (start < 0)	/* auto.offset.reset */
			start = o->from_beginning ? 0 :
			    (sp != NULL && sp->hw > 0 ? sp->hw : 0);
		pos = start;
		snapshot_free(&s);
		if (o->max < 0 || total < o->max) {
			got = clients_consume_partition(c, handle, o, p, start,
			    o->max >= 0 ? o->max - total : -1, &pos);
			total += got;
		}
		a.offsets[i].offset = pos;
	}
	gpayload_free(committed);
	/* Close: commit the positions (auto-commit), then leave. */
	if (a.n > 0) {
		committed = clients_group_op(c, handle, clients_commit_fn, &a,
		    &err);
		if (committed == NULL)
			console_error_add(c, kerr_name(err));
		gpayload_free(committed);
	}
	gpayload_free(clients_group_op(c, handle, clients_leave_fn, NULL,
	    &err));
	free(a.offsets);
	gpayload_free(joined);
	if (total > 0)
		console_count_consumed(c, o->topic, total);
	return total;
}

int64_t
clients_consume(struct console *c, int handle, const struct consume_opts *o,
    int n_partitions)
{
	struct snapshot			 s;
	const struct snap_partition	*sp;
	int64_t				 total = 0, start, got;
	int				 p;

	if (o->group != NULL && c->engine->ops->real_fetch != NULL) {
		/* Attached, the console's consumer reads partitions as a
		 * consumer without a group does. */
		console_eprintf(c, "isrlab: --group: not on a real cluster: "
		    "read without --group, or use Kafka's own tools\n");
		return 0;
	}
	if (o->group != NULL)
		return clients_consume_group(c, handle, o);

	for (p = 0; p < n_partitions; p++) {
		if (o->partition >= 0 && p != o->partition)
			continue;
		if (o->max >= 0 && total >= o->max)
			break;
		if (o->offset >= 0)
			start = o->offset;
		else if (o->from_beginning)
			start = 0;
		else {
			/* auto.offset.reset=latest: start at the HW, so a
			 * script's consumer only sees what comes next. */
			c->engine->ops->snapshot(c->engine, &s);
			sp = snapshot_partition(&s, o->topic, p);
			start = sp != NULL && sp->hw > 0 ? sp->hw : 0;
			snapshot_free(&s);
		}
		/* The fetches say where the HW is: the consumer reads until
		 * it has caught up with it, as a script's consumer should;
		 * a snapshot may be a moment old and must not decide. */
		got = clients_consume_partition(c, handle, o, p, start,
		    o->max >= 0 ? o->max - total : -1, NULL);
		total += got;
	}
	if (total > 0)
		console_count_consumed(c, o->topic, total);
	return total;
}
