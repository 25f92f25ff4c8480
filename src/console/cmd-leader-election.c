/*
 * cmd-leader-election.c - kafka-leader-election.sh: a preferred or unclean
 * election for one partition or all of them, answered by the controller,
 * with LeaderElectionCommand's three kinds of lines (all on stdout, as
 * Kafka prints them) and its final AdminCommandFailedException.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "console/clients.h"
#include "console/cmd.h"
#include "util/i18n.h"
#include "util/strbuf.h"

static const struct args_opt elect_opts[] = {
	{ .name = "bootstrap-server", .has_value = true },
	{ .name = "election-type", .has_value = true, .kind = ARGS_CHOICE,
	  .hint = "preferred|unclean" },
	{ .name = "topic", .has_value = true },
	{ .name = "partition", .has_value = true, .kind = ARGS_PARTITION,
	  .max = 1000000 },
	{ .name = "all-topic-partitions" },
	{ .name = "path-to-json-file", .has_value = true },
	{ .name = "admin.config", .has_value = true },
	{ .name = "help" },
	{ .name = "version" },
	{ NULL }
};

/* LeaderElectionCommand's checks, in its order. */
static const struct args_rule elect_rules[] = {
	{ ARGS_REQUIRED, "bootstrap-server", NULL, NULL },
	{ ARGS_REQUIRED, "election-type", NULL, NULL },
	{ ARGS_VALUE, "election-type", NULL, NULL },
	{ ARGS_ONE, "topic all-topic-partitions path-to-json-file", NULL,
	  "One and only one of the following options is required: "
	  "--all-topic-partitions, --topic, --path-to-json-file" },
	{ ARGS_UNSUPPORTED, "path-to-json-file", NULL, "isrlab: "
	  "kafka-leader-election --path-to-json-file is not supported" },
	{ ARGS_REQUIRED, "partition", "topic", NULL },
	{ ARGS_VALUE, "partition", "topic", NULL },
	{ ARGS_END, NULL, NULL, NULL }
};

static const struct args_spec elect_spec = {
	.dialect = ARGS_JOPT,
	.opts = elect_opts,
	.rules = elect_rules,
	.max_words = ARGS_JOPT_MAX_WORDS,
	.too_many = ARGS_JOPT_TOO_MANY,
};

struct elect_run {
	struct cmd_ctx		*ctx;
	enum election_type	 type;
	struct strbuf		 ok, noop, failed;
	int			 n_failed;
};

static void
elect_list_add(struct strbuf *sb, const char *topic, int p)
{
	strbuf_printf(sb, "%s%s-%d", sb->len > 0 ? ", " : "", topic, p);
}

/* all: --all-topic-partitions, whose answer leaves out the partitions
 * that need no election (ReplicationControlManager.electLeaders,
 * metadata/src/main/java/org/apache/kafka/controller/
 * ReplicationControlManager.java:1433-1441 at 3.7.0). */
static void
elect_one(struct elect_run *run, const char *topic, int p, bool all,
    const struct image *ctrl)
{
	struct engine		*e = run->ctx->c->engine;
	struct admin_req	 r;
	char			 why[256] = "", exc[160];
	enum kerr		 ke;

	memset(&r, 0, sizeof r);
	r.kind = ADMIN_ELECT;
	r.topic = topic;
	r.partition = p;
	r.election = run->type;
	ke = e->ops->admin(e, &r, why, sizeof why);
	if (ke == KERR_NONE) {
		elect_list_add(&run->ok, topic, p);
		return;
	}
	if (ke == KERR_ELECTION_NOT_NEEDED) {
		if (!all)
			elect_list_add(&run->noop, topic, p);
		return;
	}
	/* electLeader's messages (ReplicationControlManager.java:1473-1485
	 * at 3.7.0). */
	if (ke == KERR_UNKNOWN_TOPIC_OR_PARTITION && why[0] == '\0') {
		if (image_topic(ctrl, topic) == NULL)
			snprintf(why, sizeof why, "No such topic as %s", topic);
		else
			snprintf(why, sizeof why, "No such partition as %s-%d",
			    topic, p);
	}
	console_error_add(run->ctx->c, kerr_name(ke));
	strbuf_printf(&run->failed, "Error completing leader election (%s) "
	    "for partition: %s-%d: %s: %s\n", run->type == ELECTION_PREFERRED ?
	    "PREFERRED" : "UNCLEAN", topic, p,
	    clients_exception(ke, exc, sizeof exc),
	    why[0] != '\0' ? why : kerr_message(ke));
	run->n_failed++;
}

static int
elect_exec(struct cmd_ctx *ctx)
{
	struct console		*c = ctx->c;
	struct snapshot		 s;
	struct servers		 sv;
	struct elect_run	 run;
	const char		*topic = args_get(ctx->a, "topic"), *name;
	int			 rc, broker, pi;
	size_t			 i;

	memset(&run, 0, sizeof run);
	run.ctx = ctx;
	run.type = strcasecmp(args_get(ctx->a, "election-type"),
	    "preferred") == 0 ? ELECTION_PREFERRED : ELECTION_UNCLEAN;

	cmd_snapshot(ctx, &s);
	rc = cmd_bootstrap(ctx, args_get(ctx->a, "bootstrap-server"),
	    "AdminClient clientId=adminclient-1", &s, &sv, &broker);
	if (rc == 1) {
		console_eprintf(c, "Exception in thread \"main\" org.apache."
		    "kafka.common.errors.TimeoutException: Timed out waiting "
		    "for a node assignment. Call: electLeaders\n");
	} else if (rc == 0) {
		if (topic != NULL)
			elect_one(&run, topic,
			    (int)args_num(ctx->a, "partition", 0), false,
			    &s.ctrl_image);
		else
			for (i = 0; i < s.ctrl_image.n_topics; i++) {
				name = s.ctrl_image.topics[i].name;
				for (pi = 0; pi < s.ctrl_image.topics[i].
				    n_partitions; pi++)
					elect_one(&run, name, pi, true,
					    &s.ctrl_image);
			}
		if (run.ok.len > 0)
			console_printf(c, "Successfully completed leader "
			    "election (%s) for partitions %s\n", run.type ==
			    ELECTION_PREFERRED ? "PREFERRED" : "UNCLEAN",
			    run.ok.s);
		if (run.noop.len > 0)
			console_printf(c, "Valid replica already elected for "
			    "partitions %s\n", run.noop.s);
		if (run.n_failed > 0) {
			console_write(c, 1, run.failed.s, run.failed.len);
			/* main prints the exception's message, then its
			 * stack trace (LeaderElectionCommand.java:68-69). */
			console_eprintf(c, "%d replica(s) could not be elected\n"
			    "org.apache.kafka.server.common."
			    "AdminCommandFailedException: %d replica(s) could "
			    "not be elected\n", run.n_failed, run.n_failed);
			rc = 1;
		}
	}
	snapshot_free(&s);
	strbuf_free(&run.ok);
	strbuf_free(&run.noop);
	strbuf_free(&run.failed);
	return rc;
}

const struct cmd_entry cmd_leader_election_entry = {
	.name = "kafka-leader-election",
	.usage = "--bootstrap-server H:P --election-type PREFERRED|UNCLEAN "
	    "(--topic T --partition N | --all-topic-partitions)",
	.help = N_("run a preferred or unclean leader election (Kafka's tool)"),
	.kafka_tool = true,
	.spec = &elect_spec,
	.exec = elect_exec,
};
