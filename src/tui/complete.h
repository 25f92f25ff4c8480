/*
 * complete.h - Tab completion for the console's input line, without
 * curses: command names from the console's command table (Kafka tools
 * as "kafka-topics.sh"), the flags each command takes, topic names, and
 * broker addresses after --bootstrap-server.
 *
 * DESIGN
 * complete_line() looks at the word before the cursor, gathers every
 * candidate that starts with it, and inserts their longest common prefix
 * (plus a space when exactly one matched).  The candidates come back so
 * the TUI can list them when the prefix could not grow.
 */
#ifndef ISRLAB_TUI_COMPLETE_H
#define ISRLAB_TUI_COMPLETE_H

#include <stddef.h>

#include "tui/lineedit.h"

#define COMPLETE_MAX 64

struct complete_result {
	const char	*cand[COMPLETE_MAX];	/* candidates (static or
						   pointing into topics) */
	int		 n;
	int		 inserted;	/* bytes added to the line */
};

/* Complete the word before the cursor of le.  topics (n_topics names) are
 * the topic names known; n_brokers the brokers (for addresses). */
void complete_line(struct lineedit *le, const char *const *topics,
    size_t n_topics, int n_brokers, struct complete_result *res);

#endif
