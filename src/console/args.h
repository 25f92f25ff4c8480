/*
 * args.h - a command's declared arguments and the one parser that checks
 * them (tmux's args_parse over a cmd_entry's template).
 *
 * DESIGN
 * A spec lists a command's options (name, whether it takes a value,
 * whether it may repeat, what kind of value) and its positional words (how
 * many, and what each names: a broker, a topic, a duration, ...).
 * args_parse reads the words left to right and refuses the first thing
 * wrong with the message the command gives, converting numbers on the
 * way, so that a command's exec gets arguments that are already checked.
 *
 * Two dialects:
 *   ARGS_NATIVE  isrlab's own commands: "--name V" or "--name=V", exact
 *                names, and messages that start with the command's name
 *                ("produce: --count is 1-100000").  Option values and the
 *                count of words are checked in the order typed; the kinds
 *                of the positional words after the count is known.
 *   ARGS_JOPT    Kafka's tools, read as jopt-simple reads them: unique
 *                prefixes ("--from-beg"), jopt-simple's exception texts.
 *                Then the spec's rules, in the order the tool checks them
 *                (required options, one action of several, values
 *                converted when the tool asks for them, ...).
 */
#ifndef ISRLAB_CONSOLE_ARGS_H
#define ISRLAB_CONSOLE_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "console/words.h"

/* What a value is.  ARGS_NATIVE checks every value as it parses; ARGS_JOPT
 * checks one when an ARGS_VALUE rule asks (Kafka's enums case-blind). */
enum args_kind {
	ARGS_WORD,	/* any word */
	ARGS_BROKER,	/* a broker id, 1 to the cluster's size */
	ARGS_TOPIC,	/* a topic: the command runs only if it exists */
	ARGS_PARTITION,	/* a partition of the ARGS_TOPIC word (max: its cap) */
	ARGS_GROUP,	/* a consumer group id, at most GROUP_ID_MAX bytes */
	ARGS_NUMBER,	/* an integer; min..max unless both are 0 */
	ARGS_DURATION,	/* 250ms, 5s, 1.5s, 1m; hint: examples for errors */
	ARGS_CHOICE,	/* one of hint's '|'-separated words */
	ARGS_ACKS,	/* a producer's acks: 0, 1, all (or -1, kept as -1) */
	ARGS_SPEED,	/* a clock speed, 0.1 to 50, "x" allowed after it */
	ARGS_SETTING,	/* NAME=VALUE */
	ARGS_OFFSET,	/* a log offset: a number, earliest (kept as -2) or
			 * latest (-1), Kafka's ListOffsets sentinels */
};

/* An option (name without the dashes) or, in a spec's words, a
 * positional word (name: its placeholder, e.g. "TOPIC"). */
struct args_opt {
	const char	*name;
	bool		 has_value;	/* options: takes a value (else a flag) */
	bool		 repeat;	/* every value is kept (else the last) */
	enum args_kind	 kind;
	long long	 min, max;	/* ARGS_NUMBER range; ARGS_PARTITION cap */
	const char	*hint;		/* ARGS_DURATION examples, ARGS_CHOICE words */
};

/* A check of a Kafka tool's options together, made after parsing. */
enum args_rule_kind {
	ARGS_END,	/* ends a list of rules */
	ARGS_REQUIRED,	/* the option is given; default text: jopt-simple's
			 * Missing required argument "[name]" */
	ARGS_ONE,	/* exactly one of the options is given */
	ARGS_NONE,	/* none of the options is given */
	ARGS_NO_WORDS,	/* no positional word (text: before the first) */
	ARGS_VALUE,	/* a given option's value is of its kind, else
			 * jopt-simple's OptionArgumentConversionException */
	ARGS_UNSUPPORTED, /* none of the options is given, else the text is
			 * what isrlab says instead of doing it (status 1) */
	ARGS_INVALID,	/* names "USED A B ...": when USED is given, none of
			 * A B ... is (checked in that order), else
			 * CommandLineUtils.checkInvalidArgs' Option "[USED]"
			 * can't be used with option "[A]" */
};

struct args_rule {
	enum args_rule_kind	 kind;
	const char		*names;		/* option names, space-separated */
	const char		*when;		/* the rule applies only when these
						 * are given ("!x": x is not);
						 * NULL: always */
	const char		*text;		/* message (see the kinds) */
};

enum args_dialect {
	ARGS_NATIVE,	/* isrlab's commands */
	ARGS_JOPT,	/* Kafka's tools (jopt-simple) */
};

struct args_spec {
	enum args_dialect	 dialect;
	const struct args_opt	*opts;		/* NULL-name terminated, or NULL */
	const struct args_opt	*words;		/* kinds of the first positional
						 * words, NULL-name terminated,
						 * or NULL (all ARGS_WORD) */
	int			 min_words;	/* fewer: usage error */
	int			 max_words;	/* -1: any number */
	bool			 strict;	/* an undeclared "--x" is an unknown
						 * option, not a word */
	const char		*too_many;	/* message for a word past
						 * max_words; NULL: usage error */
	const struct args_rule	*rules;		/* ARGS_JOPT: checked in order,
						 * up to ARGS_END; or NULL */
};

/* One option given, or one positional word. */
struct args_val {
	const struct args_opt	*opt;		/* its declaration, or NULL for a
						 * word past spec->words */
	const char		*value;		/* points into the words; "" for
						 * a flag */
	long long		 num;		/* ARGS_NUMBER, ARGS_PARTITION,
						 * ARGS_BROKER, ARGS_ACKS,
						 * ARGS_OFFSET value (ARGS_JOPT:
						 * after its ARGS_VALUE rule);
						 * ARGS_DURATION in ms */
	double			 real;		/* ARGS_SPEED value */
};

/* Parsed arguments.  Owns the arrays, not the strings (the words must
 * outlive it). */
struct args {
	const struct args_spec	*spec;
	struct args_val		*opts;		/* in the order given */
	size_t			 n_opts;
	struct args_val		*words;		/* positional words, in order */
	size_t			 n_words;
};

/* What the Kafka tools' specs allow of positional words: a tool names the
 * first in its own error ("Found non argument parameters"). */
#define ARGS_JOPT_MAX_WORDS 16
#define ARGS_JOPT_TOO_MANY "too many arguments"

/* args_parse's answer when the command's usage line is the message. */
#define ARGS_USAGE -2
/* args_parse's answer for an ARGS_UNSUPPORTED rule: err says why the
 * command does not run; it is no usage error. */
#define ARGS_FAILED -3

/* Parse w->v[from..] by spec into out; w->v[0] names the command in
 * messages and n_brokers bounds ARGS_BROKER.  Returns 0; -1 with a
 * one-line message in err; ARGS_USAGE (err untouched); or ARGS_FAILED
 * with the message in err.  out needs args_free either way. */
int args_parse(struct args *out, const struct args_spec *spec,
    const struct words *w, size_t from, int n_brokers, char *err,
    size_t len);
void args_free(struct args *a);

/* Whether option name was given. */
bool args_has(const struct args *a, const char *name);
/* The last value given for option name ("" for a flag), or NULL. */
const char *args_get(const struct args *a, const char *name);
/* The i-th value given for option name (in order), or NULL past the end. */
const char *args_nth(const struct args *a, const char *name, size_t i);
/* The converted value of option name, or dflt when it was not given. */
long long args_num(const struct args *a, const char *name, long long dflt);
/* Positional word i, or NULL past the end. */
const char *args_word(const struct args *a, size_t i);

/* Check a broker id for command cmd: 0 with *out set, or -1 with
 * "cmd: broker 7 does not exist (brokers are 1-3)" style messages. */
int args_broker(const char *cmd, const char *word, int n_brokers, int *out,
    char *err, size_t len);

/* A non-negative decimal integer; false when word is not one. */
bool args_parse_int(const char *word, long long *out);

#endif
