/*
 * attach.h - isrlab as a window on a real Kafka cluster (--attach): an
 * engine (engine.h) whose snapshots come from polling the cluster with
 * librdkafka instead of from a model.
 *
 * DESIGN
 * A peer of the simulator and the runtime: the console, the labs, the
 * journal and the screen read the attached cluster through the same
 * engine calls and snapshots, so describe, the partition table and the
 * labs' conditions work unchanged.  One poller thread owns the librdkafka
 * handles: the --attach one and one per broker, bootstrapped at that
 * broker's address alone.  Every interval it asks each broker for its
 * metadata (brokers, topics, partitions with leader, replicas and ISR),
 * all at once, and takes the view most brokers share as the cluster's
 * (observe_pick_view: a zombie leader answers from a stale image); each
 * broker's own answer is its snapshot image, what describe through it
 * prints.  Then each leader's log start and high watermark (ListOffsets
 * through its own handle), the topics' configs (DescribeConfigs) and the
 * consumer groups (rdadmin.h); it judges what the console's producers
 * were acknowledged (acked.h), builds the snapshot's parts and publishes
 * them under the engine's lock, together with the events observe.h
 * derives from the previous poll.  Readers (the console's thread, the
 * screen's) copy the published parts and assemble.
 *
 * What a poll cannot see stays unknown, never guessed: leader epochs
 * (-1), topic ids ("?"), each replica's log end offset (-1), the ELR
 * (describe prints as Kafka 3.7's tool, without Elr fields).  Metadata
 * lists only live brokers; a broker named in a replica list or seen
 * before but absent from the cluster's view now is shown down, or up and
 * fenced while it still answers.  Broker ids must be 1..9.
 *
 * Lab time is real time since attaching; the clock cannot be sped up,
 * and pausing freezes the picture (polling stops) while the cluster goes
 * on.  Nothing here changes the cluster by itself: a fault runs only the
 * command the user configured for it (attach-config.h), output into the
 * event log; of the admin requests only a topic's config change goes to
 * the cluster; the console's producer, consumer and group queries go
 * through librdkafka's own (rdclient.h, rdadmin.h), each to the broker
 * its --bootstrap-server names.
 */
#ifndef ISRLAB_ATTACH_ATTACH_H
#define ISRLAB_ATTACH_ATTACH_H

#include <stddef.h>
#include <stdint.h>

#include "attach/attach-config.h"
#include "engine/engine.h"

#define ATTACH_INTERVAL_MS 1000		/* default poll interval */

struct attach_options {
	const char *bootstrap;		/* "host:port[,host:port...]" */
	int64_t interval_ms;		/* between polls, >= 100 */
	/* The commands faults may run (not owned; outlives the engine),
	 * or NULL: none. */
	const struct attach_config *config;
	bool confirm;			/* ask before a command's first run
					   (the screen; a script is the
					   user's own say-so) */
};

/* Connect to o->bootstrap and make the first poll; returns the engine,
 * or NULL with a message in err when the cluster cannot be reached or
 * shows no broker isrlab can draw.  @thread console */
struct engine *attach_engine_new(const struct attach_options *o, char *err,
    size_t len);
/* Stop polling and free everything.  @thread console */
void attach_engine_free(struct engine *e);

/* The cluster id the brokers report ("" when they report none).
 * @thread any */
void attach_cluster_id(struct engine *e, char *buf, size_t len);

#endif
