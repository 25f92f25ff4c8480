/*
 * cmd.h - the command table: one `const struct cmd_entry` per command (or
 * close family), each in its own cmd-*.c file, listed in cmd.c.
 *
 * An entry declares its arguments (struct args_spec, console/args.h):
 * options, how many positional words, and what each names (a broker, a
 * topic, a duration, ...).  cmd_run parses and checks them by that spec
 * and fails with the command's message or its usage line when they are
 * wrong (for what a Kafka tool form does not support yet, it says so and
 * fails as the tool fails); a native command's topic must exist.  Only
 * then does the exec function run, on ctx->a.  A command with
 * subcommands (group add-member | remove-member) declares one spec per
 * subcommand.  kafka-server-start/-stop and docker read their words
 * themselves (spec NULL): their grammars are shell scripts', not
 * jopt-simple's.
 *
 * The usage is written once, in the entry (or its subcommands): `help`
 * prints it, and a usage error prints "usage: NAME USAGE (HINT)" with the
 * name before each top-level "|" alternative.
 *
 * ctx->args holds the words, already normalised: argv[0] is the command
 * name without "bin/", ".sh" or a "docker exec -it kafkaN" prefix.  An
 * exec returns 0 when it ran, 1 when it failed as a Kafka tool fails
 * (printed; scripts go on), -1 on a usage error with a one-line message
 * in the context's err buffer.
 */
#ifndef ISRLAB_CONSOLE_CMD_H
#define ISRLAB_CONSOLE_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "console/args.h"
#include "console/console.h"
#include "console/servers.h"
#include "console/words.h"
#include "model/snapshot.h"
#include "util/attr.h"

struct cmd_entry;
struct cmd_sub;

struct cmd_ctx {
	struct console		*c;
	struct words		*args;		/* args->v[0] is the command name */
	struct args		*a;		/* parsed by the spec, or NULL */
	const struct cmd_entry	*entry;		/* the command running */
	const struct cmd_sub	*sub;		/* its subcommand, or NULL */
	int			 container;	/* N of "docker exec kafkaN", or 0 */
	char			*err;
	size_t			 errlen;
};

/* A subcommand: the word after the command's name picks it. */
struct cmd_sub {
	const char		 *name;		/* NULL ends a list */
	const char		 *usage;	/* arguments, after the name */
	const struct args_spec	 *spec;
	int			(*exec)(struct cmd_ctx *);
};

struct cmd_entry {
	const char		 *name;
	const char *const	 *aliases;	/* NULL-terminated, or NULL */
	const char		 *usage;	/* arguments, after the name (NULL
						 * with subs: theirs, joined) */
	const char		 *usage_hint;	/* said after the usage line of a
						 * usage error, or NULL */
	const char		 *help;		/* one line */
	bool			  kafka_tool;	/* a Kafka/docker tool form */
	const struct args_spec	 *spec;		/* NULL: exec reads ctx->args */
	const struct cmd_sub	 *subs;		/* or subcommands, or NULL */
	int			(*exec)(struct cmd_ctx *);
};

/* Every command, NULL-terminated, in `help` order. */
extern const struct cmd_entry *const cmd_table[];

/* The command named (or aliased) name, or NULL. */
const struct cmd_entry *cmd_find(const char *name);

/* Normalise w in place: drop a leading "$" prompt and a "docker exec
 * [-it] NAME" prefix (*container = N for kafkaN, -1 for another name,
 * which goes to cname; 0 without a prefix), and strip a directory and
 * ".sh" from the command name.  With split_eq (for `ran` matching),
 * "--opt=value" words become two words. */
void cmd_normalize(struct words *w, int *container, char *cname,
    size_t cnlen, bool split_eq);

/* For "docker exec": 0 when container N exists and runs, else print
 * docker's error and return 1. */
int cmd_check_container(struct cmd_ctx *ctx, int container,
    const char *cname);

/* Run ce on ctx's words: parse them by its spec (see above), then its
 * exec.  Returns what exec returns, or -1 on a usage error. */
int cmd_run(const struct cmd_entry *ce, struct cmd_ctx *ctx);

/* Append ce's usage (the arguments after its name, as `help` shows
 * them) to sb. */
void cmd_usage_text(const struct cmd_entry *ce, struct strbuf *sb);

/* Set ctx->err and return -1. */
int cmd_usage(struct cmd_ctx *ctx, const char *fmt, ...)
    ISRLAB_PRINTFLIKE(2, 3);

/* Set ctx->err to the running command's usage line and return -1. */
int cmd_usage_error(struct cmd_ctx *ctx);

/* Parse a broker id for command `what`: 0, or -1 with "isrlab: kill:
 * broker 7 does not exist (brokers are 1-3)" style usage errors. */
int cmd_broker_arg(struct cmd_ctx *ctx, const char *word, int *out);

/* Take a snapshot of the engine (free with snapshot_free). */
void cmd_snapshot(struct cmd_ctx *ctx, struct snapshot *s);

/* Resolve a --bootstrap-server list for a Kafka tool and find the broker
 * that answers.  On a malformed list: -1 (usage error).  When no broker
 * answers: prints the NetworkClient warning of client (e.g. "AdminClient
 * clientId=adminclient-1") for each address and returns 1.  Else 0 with
 * *broker set. */
int cmd_bootstrap(struct cmd_ctx *ctx, const char *list, const char *client,
    const struct snapshot *s, struct servers *sv, int *broker);

/* Print the NetworkClient connection warning for every server in sv. */
void cmd_warn_unreachable(struct cmd_ctx *ctx, const struct servers *sv,
    const char *client);

/* Inject f through the engine.  On refusal prints "isrlab: WHAT: why"
 * on stderr and returns 1; else 0. */
int cmd_fault(struct cmd_ctx *ctx, const struct fault *f, const char *what);

/* Whether broker b's process is up now. */
bool cmd_broker_up(struct cmd_ctx *ctx, int b);

/* A native option at w->v[*i], for readers of a command line that is not
 * run (lab checks): "--name V" or "--name=V" gives V (and moves *i past
 * V); NULL when the word is another one, or with *missing set when V is
 * missing. */
const char *cmd_option(const struct words *w, size_t *i, const char *name,
    bool *missing);

/* Print "ERROR UNKNOWN_TOPIC_OR_PARTITION: ..." and return 1. */
int cmd_unknown_topic(struct cmd_ctx *ctx);

/* console_feed_producer_line without telling the console's observer
 * (console.c reports the line itself). */
int cmd_producer_feed(struct console *c, const char *line, char *err,
    size_t errlen);

/* The commands, one extern per entry. */
extern const struct cmd_entry cmd_kafka_topics_entry;
extern const struct cmd_entry cmd_console_producer_entry;
extern const struct cmd_entry cmd_console_consumer_entry;
extern const struct cmd_entry cmd_consumer_groups_entry;
extern const struct cmd_entry cmd_leader_election_entry;
extern const struct cmd_entry cmd_kafka_configs_entry;
extern const struct cmd_entry cmd_server_start_entry;
extern const struct cmd_entry cmd_server_stop_entry;
extern const struct cmd_entry cmd_docker_entry;
extern const struct cmd_entry cmd_docker_compose_entry;
extern const struct cmd_entry cmd_kill_entry;
extern const struct cmd_entry cmd_stop_entry;
extern const struct cmd_entry cmd_restart_entry;
extern const struct cmd_entry cmd_isolate_entry;
extern const struct cmd_entry cmd_partition_entry;
extern const struct cmd_entry cmd_heal_entry;
extern const struct cmd_entry cmd_slow_entry;
extern const struct cmd_entry cmd_produce_entry;
extern const struct cmd_entry cmd_consume_entry;
extern const struct cmd_entry cmd_group_entry;
extern const struct cmd_entry cmd_describe_entry;
extern const struct cmd_entry cmd_metrics_entry;
extern const struct cmd_entry cmd_events_entry;
extern const struct cmd_entry cmd_set_entry;
extern const struct cmd_entry cmd_wait_entry;
extern const struct cmd_entry cmd_wait_until_entry;
extern const struct cmd_entry cmd_step_entry;
extern const struct cmd_entry cmd_pause_entry;
extern const struct cmd_entry cmd_resume_entry;
extern const struct cmd_entry cmd_speed_entry;
extern const struct cmd_entry cmd_chaos_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_help_entry;

#endif
