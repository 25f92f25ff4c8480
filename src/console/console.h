/*
 * console.h - the command console: one execution context for the command
 * language, shared by --headless scripts, the TUI's `:` prompt and labs.
 *
 * DESIGN
 * A console holds an engine (the only way to touch the cluster), an output
 * sink, and what lab expectations ask about the session: records produced
 * and consumed per topic through the console, the Kafka error names seen,
 * every command line that succeeded (for `ran` and `saw`), the last one
 * that failed, and the keys pressed (recorded by the TUI).
 *
 * A command's outcome is decided in one place, console_exec_line: it
 * succeeded when its exec returned 0.  A Kafka tool that fails as the
 * real one does (a dead --bootstrap-server, an unknown group, a timeout)
 * returns 1 and a usage error -1; neither counts for `ran` or `saw`, and
 * the last such line is kept (console_failure) so a lab can say what went
 * wrong.  It also holds the pending console producer: after
 * `kafka-console-producer.sh ...`, lines starting with "> " are messages
 * until any other command ends it, as typing into the producer's prompt
 * and pressing Ctrl+C would.
 *
 * Output goes through one callback with fd 1 (stdout) or 2 (stderr), so
 * that a front end can capture it.  Everything here runs on one thread.
 */
#ifndef ISRLAB_CONSOLE_CONSOLE_H
#define ISRLAB_CONSOLE_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"
#include "console/words.h"
#include "util/attr.h"
#include "util/strbuf.h"

typedef void (*console_write_fn)(void *arg, int fd, const char *s,
    size_t n);

struct cond;
struct keys_sel;

/* The lab clock of a front end that keeps its own (the TUI over the
 * simulator, whose engine has no clock calls): `pause`, `resume` and
 * `speed` steer it instead of saying they have no effect. */
struct console_clock {
	void	(*set_paused)(void *arg, bool paused);
	void	(*set_speed)(void *arg, double speed);	/* 0.1..50 */
};

/* A `wait` or `wait-until` handed to a front end (console_set_waiter)
 * instead of blocking: the command returns at once and the front end
 * lets lab time pass, asking console_wait_over each turn. */
struct console_wait {
	int64_t		 start_ms;	/* lab time the command ran */
	int64_t		 until_ms;	/* it ends (wait) or gives up
					   (wait-until) at this lab time */
	struct cond	*cond;		/* wait-until's condition (owned), or
					   NULL for wait */
	char		 timeout[32];	/* wait-until's timeout as typed */
};

/* Takes w (free it with console_wait_free). */
typedef void (*console_waiter_fn)(void *arg, struct console_wait *w);

/* What an observer is told (see console_set_observer). */
enum console_obs_kind {
	CONSOLE_OBS_BEGIN,	/* a line is about to run: text, t_ms */
	CONSOLE_OBS_COMMAND,	/* it ran: text, output, rc, err, t_ms */
	CONSOLE_OBS_KEY,	/* keys_press translated a key: text, rc, err,
				   sel; its lines (if any) run next */
};

struct console_obs {
	enum console_obs_kind	 kind;
	const char		*text;	/* the line as given, or the key name */
	const char		*output; /* COMMAND: what it printed, stdout and
					   stderr in order (NUL-terminated) */
	size_t			 output_len;
	int			 rc;	/* COMMAND: console_exec's result; KEY:
					   the keys_action, or -1 */
	const char		*err;	/* the message when rc is -1, else "" */
	int64_t			 t_ms;	/* lab time when the line (key) began */
	const char		*source; /* who ran it: NULL for the student,
					   "setup" for a lab's setup lines */
	const char		*key;	/* COMMAND: the key whose line this is,
					   or NULL when typed */
	const struct keys_sel	*sel;	/* KEY: the selection before the
					   press (console/keys.h) */
};

/* Called on the console's thread; must not run console commands. */
typedef void (*console_observer_fn)(void *arg, const struct console_obs *o);

/* A consumer started by `group add-member`: an engine client that stays
 * a member of its group (heartbeating, rejoining on rebalances) until
 * `group remove-member` or the console ends. */
struct console_member {
	char	*group;		/* owned */
	char	*topic;		/* owned */
	char	*client_id;	/* owned */
	char	*member_id;	/* owned; as of its first assignment */
	int	 handle;	/* engine client */
};

/* A distinct command line that succeeded since the lab mark (`ran`,
 * `saw`): how often, when first and last (run sequence numbers), and the
 * output of its last success made while the witness said the step's
 * state held. */
struct console_run {
	struct words	 w;		/* normalised words (cmd_normalize) */
	int64_t		 n;		/* successes */
	uint64_t	 first, last;	/* their run_seq, first and last */
	char		*seen;		/* owned output, or NULL */
	uint64_t	 seen_seq;	/* the run_seq of that output */
};

/* Whether the state a lab step needs holds now (console_set_witness). */
typedef bool (*console_witness_fn)(void *arg);

/* A per-topic counter. */
struct console_count {
	char	*topic;		/* owned */
	int64_t	 n;
};

/* The console producer started by kafka-console-producer.sh. */
struct console_producer {
	bool	 active;
	char	 topic[ISR_TOPIC_MAX + 1];
	bool	 bootstrap[ISR_NODES];	/* brokers named by --bootstrap-server */
	bool	 unreachable;		/* none answered: every send times out */
	int	 acks;			/* 0, 1 or -1 */
	bool	 parse_key;		/* --property parse.key=true */
	char	 key_sep[16];		/* --property key.separator (default \t) */
	int	 handle;		/* engine client, or -1 until needed */
	int64_t	 sent;			/* messages acknowledged */
};

struct console {
	struct engine		*engine;	/* not owned */
	console_write_fn	 write;
	void			*write_arg;

	struct console_count	*produced;	/* acknowledged (or acks=0 sent) */
	size_t			 n_produced;
	struct console_count	*consumed;	/* printed by a consumer */
	size_t			 n_consumed;
	struct words		 errors;	/* Kafka error names seen */
	struct words		 keys;		/* keys pressed (TUI) */
	struct console_run	*ran;		/* successful lines since the
						   mark, each distinct line once */
	size_t			 n_ran, cap_ran;
	uint64_t		 run_seq;	/* successes so far (never reset) */
	uint64_t		 n_failed;	/* failed lines so far */
	char			*failed_line;	/* the last one (owned) */
	char			*failed_why;	/* what it said (owned) */
	bool			 failed_setup;	/* it was a lab's setup line */
	console_witness_fn	 witness;	/* console_set_witness */
	void			*witness_arg;
	uint64_t		 event_mark;	/* event-seen: seq > this */

	struct console_member	*members;	/* group add-member (owned) */
	size_t			 n_members;
	int			 member_seq;	/* client ids consumer-G-N */

	struct console_producer	 producer;
	uint64_t		 events_seen;	/* newest event seq read */
	int64_t			 message_no;	/* `produce` default values */
	int			 consumers;	/* console consumers started */

	console_observer_fn	 observer;	/* console_set_observer */
	void			*observer_arg;
	struct strbuf		 obs_out;	/* output of the lines running */
	int			 obs_depth;	/* capturing callers (observed
						   lines, console_exec_line) */
	const char		*source;	/* console_set_source (not owned) */
	const char		*key;		/* key whose lines run (keys.c) */

	/* `export [PATH]`: writes the session journal (console_set_exporter);
	 * 0 with what was written in msg, or -1 with the reason in msg. */
	int			(*exporter)(void *arg, const char *path,
				    struct strbuf *msg);
	void			*exporter_arg;

	const struct console_clock *clock;	/* console_set_clock, or NULL */
	void			*clock_arg;
	console_waiter_fn	 waiter;	/* console_set_waiter (or
						   NULL) */
	void			*waiter_arg;
};

/* A console over e writing through fn(arg, fd, s, n). */
struct console *console_new(struct engine *e, console_write_fn fn,
    void *arg);
/* Ends a pending producer, frees everything but the engine. */
void console_free(struct console *c);

/* Execute one logical line.  Returns 0 when it ran, 1 when it ran and
 * failed the way a Kafka tool fails (the failure is printed; a script goes
 * on), -1 on a syntax or usage error, with a one-line message in err and
 * nothing printed. */
int console_exec(struct console *c, const char *line, char *err,
    size_t errlen);

/* Tell fn(arg, obs) about every line console_exec runs (BEGIN before,
 * COMMAND after, with the output it printed) and every key keys_press
 * translates (KEY, before its lines run), e.g. for the session journal
 * (src/journal).  Lines that are blank or only a comment are not reported.
 * One observer per console; fn NULL removes it. */
void console_set_observer(struct console *c, console_observer_fn fn,
    void *arg);
/* Who runs the lines that follow (reported as obs->source): NULL for the
 * student, "setup" while a lab's setup runs.  source is not copied. */
void console_set_source(struct console *c, const char *source);
/* What `export [PATH]` calls; without one it says export is unavailable.
 * fn(arg, path or NULL, msg) returns 0 (msg: what was written) or -1
 * (msg: why not). */
void console_set_exporter(struct console *c,
    int (*fn)(void *arg, const char *path, struct strbuf *msg), void *arg);

/* Let pause/resume/speed steer clk (not copied) instead of the engine's
 * clock; NULL gives them back to the engine. */
void console_set_clock(struct console *c, const struct console_clock *clk,
    void *arg);
/* Hand `wait` and `wait-until` to fn instead of blocking (NULL: block
 * again).  The command is journaled as it ran, with no output; what it
 * would have printed at its end, console_wait_over prints. */
void console_set_waiter(struct console *c, console_waiter_fn fn, void *arg);
/* Whether the wait w is over on snapshot s (at lab time s->now); when it
 * is, prints what the blocking command prints at its end (wait-until:
 * "condition met at T" or "timed out after D: CONDITION"). */
bool console_wait_over(struct console *c, const struct console_wait *w,
    const struct snapshot *s);
void console_wait_free(struct console_wait *w);

/* Whether a console producer waits for "> " lines. */
bool console_producer_pending(const struct console *c);
/* Give the pending producer one line (the text after "> ", or "" for a
 * bare ">").  Returns 0, 1 when the send failed (printed), -1 with err
 * when no producer is pending. */
int console_feed_producer_line(struct console *c, const char *line,
    char *err, size_t errlen);
/* End the pending producer (Ctrl+C), if any. */
void console_producer_end(struct console *c);

/* Output. */
void console_write(struct console *c, int fd, const char *s, size_t n);
void console_printf(struct console *c, const char *fmt, ...)
    ISRLAB_PRINTFLIKE(2, 3);
void console_eprintf(struct console *c, const char *fmt, ...)
    ISRLAB_PRINTFLIKE(2, 3);

/* Session facts for conditions. */
void console_count_produced(struct console *c, const char *topic, int64_t n);
void console_count_consumed(struct console *c, const char *topic, int64_t n);
int64_t console_produced(const struct console *c, const char *topic);
int64_t console_consumed(const struct console *c, const char *topic);
void console_error_add(struct console *c, const char *name);
bool console_error_seen(const struct console *c, const char *name);
void console_key_add(struct console *c, const char *key);
bool console_key_pressed(const struct console *c, const char *key);
/* How many times a command matching prefix (normalised words, see
 * cmd_normalize: the first word names the command, the others appear in
 * that order among its words) succeeded since the mark; *first and *last
 * (either may be NULL) get the run_seq of the first and last of them. */
int64_t console_ran_count(const struct console *c, const struct words *prefix,
    uint64_t *first, uint64_t *last);
/* Whether it did at least once. */
bool console_ran(const struct console *c, const struct words *prefix);
/* Whether a success of a command matching prefix, made while the witness
 * said the state held, printed text; *seq (may be NULL) gets its
 * run_seq. */
bool console_saw(const struct console *c, const struct words *prefix,
    const char *text, uint64_t *seq);
/* After each success, ask fn(arg) whether the state a lab step needs
 * holds (its output then counts for `saw`); NULL: always. */
void console_set_witness(struct console *c, console_witness_fn fn,
    void *arg);
/* The failed lines so far (a counter), and the last one with what it
 * said (its usage error, or its last line of output); NULL before any. */
uint64_t console_failure(const struct console *c, const char **line,
    const char **why, bool *setup);

/* Whether the engine journaled an event of type t (enum ev_type) about
 * topic (any topic when NULL) since the last console_lab_mark. */
bool console_event_seen(const struct console *c, int t, const char *topic);
/* A lab step begins: from now on `ran`, `key-pressed`, `error-seen` and
 * `event-seen` look only at what happens after this call. */
void console_lab_mark(struct console *c);

/* Events the engine journaled since the last call (oldest first); the
 * caller frees the array.  Returns how many. */
size_t console_events_new(struct console *c, struct event **out);
/* Forget every event so far (so the next call returns only newer ones). */
void console_events_skip(struct console *c);

#endif
