/*
 * describe.h - `kafka-topics.sh --describe` output, exactly as Kafka 3.7
 * prints it, from a metadata image.
 *
 * The console's `kafka-topics --describe` formats the image of the broker
 * it asked (which may be stale), the native `describe` the controller's;
 * the TUI reuses the same formatter for its `d` key.
 */
#ifndef ISRLAB_CONSOLE_DESCRIBE_H
#define ISRLAB_CONSOLE_DESCRIBE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/image.h"
#include "util/strbuf.h"

/* The partition filters of kafka-topics --describe.  With any of them set,
 * the topic header lines are left out, as Kafka does. */
struct describe_filter {
	bool	under_replicated;	/* ISR smaller than the replicas */
	bool	unavailable;		/* no leader, or the leader is not live */
	bool	under_min_isr;		/* no leader, or ISR < min.insync */
	bool	at_min_isr;		/* ISR == min.insync */
	bool	with_overrides;		/* only the headers of topics with
					   config overrides */
	int64_t	default_min_isr;	/* broker default min.insync.replicas */
};

/* The header line and every partition line of t (each ending in \n). */
void describe_topic(struct strbuf *out, const struct image *im,
    const struct topic_reg *t);

/* The same, honouring f (NULL: no filter). */
void describe_topic_filtered(struct strbuf *out, const struct image *im,
    const struct topic_reg *t, const struct describe_filter *f);

/* Only the header line ("Topic: T\tTopicId: ...\tConfigs: ..."). */
void describe_topic_header(struct strbuf *out, const struct image *im,
    const struct topic_reg *t);

/* One partition line ("\tTopic: T\tPartition: P\tLeader: ..."), with the
 * Elr fields where im's profile prints them. */
void describe_partition(struct strbuf *out, const struct image *im,
    const struct topic_reg *t, int partition);

/* Whether partition p of t passes f. */
bool describe_filter_match(const struct describe_filter *f,
    const struct image *im, const struct topic_reg *t, int partition);

/* Whether f selects anything less than every partition. */
bool describe_filter_active(const struct describe_filter *f);

#endif
