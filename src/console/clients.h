/*
 * clients.h - producing and consuming through the engine's clients, for
 * the console producer/consumer tools and the native produce/consume.
 *
 * DESIGN
 * A produce runs one engine client until every batch is answered; the
 * retries the client makes on the way (it refreshes metadata after
 * NOT_LEADER_OR_FOLLOWER, a broker that went away, ...) come back as
 * EV_CLIENT_RETRY events and are printed as the Java producer logs them.
 * A consume reads each partition from its start offset until it has caught
 * up with the high watermark it was told (a console consumer in a script
 * stops there instead of waiting for more), printing each value.
 */
#ifndef ISRLAB_CONSOLE_CLIENTS_H
#define ISRLAB_CONSOLE_CLIENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "console/console.h"
#include "model/image.h"

/* Produce n records; prints the client's retries as WARN lines from
 * client_id ("Producer clientId=console-producer"), counts acknowledged
 * records and notes error names.  Returns the results (one per batch),
 * which the caller frees with clients_results_free. */
size_t clients_produce(struct console *c, int handle, const char *log_id,
    const char *topic, int partition, int acks, const char *const *keys,
    const char *const *values, int n, struct client_result **out);
void clients_results_free(struct client_result *r, size_t n);

struct consume_opts {
	const char	*topic;
	int		 partition;	/* -1: every partition */
	bool		 from_beginning;
	int64_t		 offset;	/* >= 0: start there (--offset N) */
	int64_t		 max;		/* stop after this many, -1 no limit */
	bool		 print_key;
	bool		 print_partition;
	bool		 print_offset;
	const char	*group;		/* consume as a member of this group */
	const char	*client_id;	/* the member's client.id */
	const char	*assignor;	/* "range" (default) or "roundrobin" */
};

/* Consume o->topic (with n_partitions partitions) through the client
 * handle; prints values on stdout, counts them as consumed, returns how
 * many were printed.  With o->group the client joins the group, reads the
 * partitions assigned to it from the committed offsets (else from the
 * start with from_beginning, else from the end, as auto.offset.reset
 * does), commits its positions and leaves, as a console consumer does
 * when it stops. */
int64_t clients_consume(struct console *c, int handle,
    const struct consume_opts *o, int n_partitions);

/* Run one group operation fn (client_group_*, client_describe_group,
 * client_list_groups) on the client handle and return the payload of its
 * result (free with gpayload_free), or NULL with *err set. */
struct gpayload *clients_group_op(struct console *c, int handle,
    client_fn fn, void *arg, enum kerr *err);

/* Kafka's exception class name for an error, for log lines:
 * "org.apache.kafka.common.errors.NotEnoughReplicasException". */
const char *clients_exception(enum kerr e, char *buf, size_t len);

/* The message of a failed produce result: Kafka's text for its error, or
 * for a batch that expired unsent the Java producer's "Expiring N
 * record(s) for t-0:M ms has passed since batch creation". */
const char *clients_produce_error(const struct client_result *r, char *buf,
    size_t len);

#endif
