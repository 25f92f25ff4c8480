/*
 * complete.c - Tab completion for the console line (see complete.h).
 *
 * Command names come from cmd_table (console/cmd.h), so a new command
 * completes without touching this file; the flags are listed here per
 * command because the table does not describe them.
 */

#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "console/cmd.h"
#include "console/servers.h"
#include "tui/complete.h"

struct complete_flags {
	const char		*cmd;
	const char *const	*flags;
};

#define FLAGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const struct complete_flags complete_flags[] = {
	{ "kafka-topics", FLAGS("--bootstrap-server", "--create",
	    "--describe", "--list", "--delete", "--topic", "--partitions",
	    "--replication-factor", "--config",
	    "--under-replicated-partitions", "--unavailable-partitions",
	    "--under-min-isr-partitions") },
	{ "kafka-console-producer", FLAGS("--bootstrap-server", "--topic",
	    "--producer-property", "--property") },
	{ "kafka-console-consumer", FLAGS("--bootstrap-server", "--topic",
	    "--from-beginning", "--partition", "--group", "--max-messages",
	    "--property") },
	{ "kafka-consumer-groups", FLAGS("--bootstrap-server", "--list",
	    "--describe", "--group") },
	{ "kafka-leader-election", FLAGS("--bootstrap-server",
	    "--election-type", "--topic", "--partition",
	    "--all-topic-partitions") },
	{ "kafka-configs", FLAGS("--bootstrap-server", "--alter",
	    "--entity-type", "--entity-name", "--add-config") },
	{ "isolate", FLAGS("--clients") },
	{ "produce", FLAGS("--key", "--partition", "--acks", "--count") },
	{ "consume", FLAGS("--partition", "--from-beginning", "--group",
	    "--max") },
	{ "set", FLAGS("--list") },
	{ "wait-until", FLAGS("--timeout") },
	{ "chaos", FLAGS("--schedules", "--seed") },
	{ NULL, NULL }
};

/* Commands whose first plain argument is a topic. */
static const char *const complete_topic_cmds[] = {
	"produce", "consume", "describe", NULL
};

/* Add c to res when it starts with prefix (and is not there yet). */
static void
complete_add(struct complete_result *res, const char *c, const char *prefix)
{
	int	i;

	if (strncmp(c, prefix, strlen(prefix)) != 0 || res->n >= COMPLETE_MAX)
		return;
	for (i = 0; i < res->n; i++)
		if (strcmp(res->cand[i], c) == 0)
			return;
	res->cand[res->n++] = c;
}

/* The command name of the line's first word without "bin/" and ".sh". */
static void
complete_cmd_name(const char *line, char *out, size_t len)
{
	const char	*p = line, *end, *slash;
	size_t		 n;

	while (*p == ' ')
		p++;
	end = strchr(p, ' ');
	n = end != NULL ? (size_t)(end - p) : strlen(p);
	slash = memchr(p, '/', n);
	while (slash != NULL) {
		n -= (size_t)(slash + 1 - p);
		p = slash + 1;
		slash = memchr(p, '/', n);
	}
	if (n >= 3 && memcmp(p + n - 3, ".sh", 3) == 0)
		n -= 3;
	if (n >= len)
		n = len - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

void
complete_line(struct lineedit *le, const char *const *topics,
    size_t n_topics, int n_brokers, struct complete_result *res)
{
	static char		 names[64][48];
	static char		 addrs[ISR_MAX_BROKERS][32];
	const struct cmd_entry	*const *ce;
	const struct complete_flags *cf;
	char			 word[LINEEDIT_MAX + 1], prev[64], cmd[64];
	size_t			 start, i, plen, common, ws;
	int			 n_names = 0, k, b, nwords = 0;
	bool			 first;

	memset(res, 0, sizeof *res);
	start = le->cur;
	while (start > 0 && le->buf[start - 1] != ' ')
		start--;
	memcpy(word, le->buf + start, le->cur - start);
	word[le->cur - start] = '\0';

	/* Which word is this, and the one before it. */
	prev[0] = '\0';
	for (i = 0; i < start; ) {
		while (i < start && le->buf[i] == ' ')
			i++;
		if (i >= start)
			break;
		ws = i;
		while (i < start && le->buf[i] != ' ')
			i++;
		nwords++;
		snprintf(prev, sizeof prev, "%.*s", (int)(i - ws),
		    le->buf + ws);
	}
	first = nwords == 0;
	complete_cmd_name(le->buf, cmd, sizeof cmd);

	if (first) {
		for (ce = cmd_table; *ce != NULL && n_names < 64; ce++) {
			if ((*ce)->kafka_tool && strncmp((*ce)->name,
			    "kafka-", 6) == 0)
				snprintf(names[n_names], sizeof names[0],
				    "%s.sh", (*ce)->name);
			else
				snprintf(names[n_names], sizeof names[0], "%s",
				    (*ce)->name);
			complete_add(res, names[n_names++], word);
		}
	} else if (strcmp(prev, "--bootstrap-server") == 0) {
		for (b = 1; b <= n_brokers && b <= ISR_MAX_BROKERS; b++) {
			snprintf(addrs[b - 1], sizeof addrs[0],
			    "localhost:%d", servers_port(b));
			complete_add(res, addrs[b - 1], word);
		}
	} else if (word[0] == '-') {
		for (cf = complete_flags; cf->cmd != NULL; cf++)
			if (strcmp(cf->cmd, cmd) == 0)
				for (k = 0; cf->flags[k] != NULL; k++)
					complete_add(res, cf->flags[k], word);
	} else {
		bool	want = strcmp(prev, "--topic") == 0;

		for (k = 0; complete_topic_cmds[k] != NULL && !want; k++)
			if (strcmp(cmd, complete_topic_cmds[k]) == 0 &&
			    nwords == 1)
				want = true;
		if (want)
			for (i = 0; i < n_topics; i++)
				complete_add(res, topics[i], word);
	}
	if (res->n == 0)
		return;

	/* The longest common prefix of the candidates. */
	common = strlen(res->cand[0]);
	for (k = 1; k < res->n; k++) {
		for (i = 0; i < common && res->cand[k][i] == res->cand[0][i];
		    i++)
			;
		common = i;
	}
	plen = strlen(word);
	for (i = plen; i < common; i++)
		if (lineedit_insert(le, (unsigned char)res->cand[0][i]))
			res->inserted++;
	if (res->n == 1 && (le->cur == le->len || le->buf[le->cur] != ' ') &&
	    lineedit_insert(le, ' '))
		res->inserted++;
}
