/*
 * slog.h - the session journal: everything that happened from start to
 * quit, kept in memory until the student exports it for class.
 *
 * DESIGN
 * One journal per session.  It learns what the student did through hooks
 * (the console's observer: every command line with its output, every key;
 * the lab runner's observer: lab and step start, step done, hints, quiz
 * answers) and pulls what the cluster did from the engine's event ring
 * (engine->ops->events since the last seq it saw) each time a hook fires
 * and whenever the front end calls slog_poll.  Every record gets the
 * journal's own `seq`, the lab time `t_ms` and the wall clock `wall`.
 *
 * A command is recorded when it begins (BEGIN) and completed when it ends,
 * so it comes before the cluster events it caused.  Lines a lab's setup
 * runs are commands with source "setup"; lines a key ran carry the key.
 *
 * Exports keep at most max_cluster cluster events: past that the oldest
 * are dropped and counted per type, and exports print that count ("1234
 * earlier cluster events: 300 isr_expand, ...") where they were.  The
 * student's own records are never dropped (command output is capped at
 * SLOG_OUTPUT_MAX bytes each).
 *
 * A sink (the per-user state file, statefile.h) receives every record
 * once it is final, in seq order: slog_sync hands it what became final
 * at the end of every hook and poll.  With a sink, memory is bounded in
 * bytes instead: once the kept records hold more than SLOG_MEM_MAX, the
 * oldest that the sink has are released (`spilled`), and an export reads
 * them back from the sink's file (mem_max, SLOG_MEM_MAX unless a test
 * lowers it).  Without one everything stays in
 * memory, bounded by max_cluster as above.
 *
 * Wall-clock reads happen here (or in a clock the caller injects for
 * tests), never in src/model.  Curses-free and libc-only; the JSON Lines
 * writer and reader are in slogjson.h (jansson).  One thread: the
 * console's.
 */
#ifndef ISRLAB_JOURNAL_SLOG_H
#define ISRLAB_JOURNAL_SLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "console/console.h"
#include "engine/engine.h"
#include "console/keys.h"
#include "console/words.h"
#include "model/event.h"
#include "model/settings.h"

#define SLOG_FORMAT		1	/* JSON Lines format version */
#define SLOG_MAX_CLUSTER	20000	/* cluster events kept by default */
#define SLOG_OUTPUT_MAX		65536	/* bytes of one command's output kept */
#define SLOG_MEM_MAX		(1 << 20) /* bytes kept in memory with a sink */

enum slog_type {
	SLOG_SESSION_START,	/* the journal began */
	SLOG_LAB_START,		/* a lab began (text: id, title) */
	SLOG_STEP_START,	/* a step was entered */
	SLOG_STEP_DONE,		/* a step completed (flag: skipped) */
	SLOG_HINT_SHOWN,	/* text: the hint, n: its level (flag: by its
				   delay) */
	SLOG_QUIZ_ANSWER,	/* text: the answer, aux: the question, flag:
				   right */
	SLOG_REWIND,		/* the cluster went back to the step's start
				   (t_ms, after its setup): the student's
				   commands and keys since then are undone;
				   ms: the lab time it was asked at */
	SLOG_KEY,		/* text: the key, rc, err, sel */
	SLOG_COMMAND,		/* text, output, rc, err, source, key */
	SLOG_CLUSTER,		/* ev: an engine event (its own type name) */
	SLOG_EXPORT,		/* text: the files, rc, err */
	SLOG_SESSION_END,	/* the student quit */
	SLOG__DROPPED,		/* a dropped cluster event's slot (internal) */
	SLOG__COUNT
};

struct slog_rec {
	uint64_t	 seq;		/* 1, 2, ... in order of recording */
	enum slog_type	 type;
	int64_t		 t_ms;		/* lab time */
	int64_t		 wall_ms;	/* wall clock, ms since the epoch (UTC) */
	char		*text;		/* see enum slog_type (owned, or NULL) */
	char		*aux;		/* LAB_START: title; QUIZ: question;
					   (owned, or NULL) */
	char		*output;	/* COMMAND (owned, NUL-terminated) */
	size_t		 output_len;
	size_t		 output_cut;	/* bytes of output not kept */
	char		*err;		/* COMMAND, KEY, EXPORT (owned, or NULL) */
	const char	*source;	/* COMMAND: "setup" or NULL (static) */
	char		*key;		/* COMMAND: the key that ran it (owned) */
	int		 rc;		/* COMMAND, KEY, EXPORT */
	int		 step;		/* 0-based step, or -1 */
	int		 n;		/* LAB_START: steps; SESSION_END: done;
					   HINT_SHOWN: the hint's level */
	int64_t		 ms;		/* STEP_DONE: lab time on the step;
					   REWIND: lab time it was asked at */
	bool		 flag;		/* see enum slog_type */
	bool		 open;		/* COMMAND begun, not ended yet */
	struct keys_sel	 sel;		/* KEY: the selection before it */
	struct event	*ev;		/* CLUSTER (owned) */
};

/* Whose work a journal records.  Only a student's own counts in a
 * summary; the others are marked in the header ("origin"), the report and
 * every summary. */
enum slog_origin {
	SLOG_BY_STUDENT,	/* the student at the screen or in a script */
	SLOG_BY_SOLVE,		/* --solve played the lab's own solutions */
	SLOG_BY_REPLAY,		/* --replay re-ran another session's inputs */
};

/* Who, what and on which cluster, for the export's header. */
struct slog_meta {
	char		*student;	/* NULL until known (owned) */
	char		*student_id;	/* --student-id or asked once; NULL:
					   none given (owned) */
	enum slog_origin origin;
	const char	*seed_from;	/* "random", "option", "lab" (static;
					   ident.h), NULL: not recorded */
	char		 session[33];	/* the session id (ident.h), or "" */
	char		*lab_id;	/* NULL in free play (owned) */
	char		*lab_title;	/* (owned) */
	int		 n_steps;
	char		**step_titles;	/* n_steps (owned) */
	uint64_t	 seed;
	int		 brokers;
	char		 racks[ISR_MAX_BROKERS][32];
	bool		 has_racks;
	bool		 kafka_timings;
	struct settings	 settings;	/* at session start */
	char		 engine[16];	/* "sim", "realtime", "attach" */
	/* Attached to a real cluster (--attach): its bootstrap list, the
	 * cluster id its brokers report and the commands --attach-config
	 * gives ("kill 1 = ..."), all owned; bootstrap NULL when not. */
	char		*attach_bootstrap;
	char		*attach_cluster_id;
	struct words	 attach_commands;
	const char	*lang;		/* "ko" or "en" (static) */
};

/* Reads the wall clock: ms since the epoch. */
typedef int64_t (*slog_clock_fn)(void *arg);

struct slog;

/* A successful export: the JSON Lines file's path and its bytes. */
typedef void (*slog_export_fn)(void *arg, const char *path,
    const char *jsonl, size_t len);

/* Receives log->v[from..to), final and in seq order; boundary: a step
 * began or ended, or the session ended (a moment to make it durable). */
typedef void (*slog_sink_fn)(void *arg, const struct slog *log,
    size_t from, size_t to, bool boundary);

struct slog {
	struct engine	*e;		/* not owned */
	struct console	*c;		/* not owned; NULL when detached */
	struct slog_meta meta;
	struct slog_rec	*v;		/* records in seq order (owned) */
	size_t		 n, cap;
	uint64_t	 next_seq;	/* seq of the last record */
	uint64_t	 ev_seen;	/* newest engine event pulled */
	size_t		 max_cluster;
	size_t		 n_cluster;	/* cluster records kept */
	size_t		 n_dropped_slots; /* SLOG__DROPPED in v */
	size_t		 scan;		/* no cluster record before this */
	/* What was dropped: how many, of which engine types, from which
	 * seq (the summary goes there) and over which lab time. */
	uint64_t	 dropped;
	uint64_t	 dropped_by_type[EV__COUNT];
	uint64_t	 dropped_seq;
	int64_t		 dropped_from_ms, dropped_to_ms;
	uint64_t	 open[8];	/* seqs of commands begun, innermost last */
	int		 n_open;
	slog_clock_fn	 clock;
	void		*clock_arg;
	bool		 ended;		/* slog_end was called */
	bool		 unexported;	/* the student acted since the last
					   export that worked */
	unsigned	 meta_gen;	/* +1 whenever meta changes */
	slog_sink_fn	 sink;		/* slog_set_sink, or NULL */
	void		*sink_arg;
	size_t		 synced;	/* v[0..synced) went to the sink */
	bool		 boundary;	/* a boundary since the last sync */
	size_t		 mem;		/* bytes the synced records hold */
	size_t		 mem_max;	/* release past this (SLOG_MEM_MAX) */
	uint64_t	 spilled;	/* records released to the sink only */
	size_t		 spilled_steps;	/* step_done records among them */
	char		*export_dir;	/* where `export` writes (owned; NULL:
					   the current directory) */
	slog_export_fn	 export_fn;	/* told of each export, or NULL */
	void		*export_arg;
};

/* A journal of the session on engine e, reading the wall clock with clock
 * (NULL: the real one) and keeping at most max_cluster cluster events
 * (0: SLOG_MAX_CLUSTER).  Records session_start at once. */
struct slog *slog_new(struct engine *e, size_t max_cluster,
    slog_clock_fn clock, void *clock_arg);
/* A journal to read a recorded session back into (slog_restore): no
 * session_start, no engine events pulled.  e may be NULL (nothing is
 * recorded live then). */
struct slog *slog_new_restored(struct engine *e, size_t max_cluster);
/* Append r as it was recorded (its seq, times and fields); takes
 * ownership of its strings and event.  Applies the max_cluster bound. */
void slog_restore(struct slog *log, struct slog_rec *r);
/* Free r's strings and event (r itself is the caller's). */
void slog_rec_clear(struct slog_rec *r);
/* A deep copy of r into dst. */
void slog_rec_copy(struct slog_rec *dst, const struct slog_rec *r);
/* Replace dst's metadata with a deep copy of src's. */
void slog_meta_copy(struct slog_meta *dst, const struct slog_meta *src);

/* Hand every record, once final, to fn (see slog_sink_fn); from then on
 * memory is bounded by SLOG_MEM_MAX.  Records so far go at the next
 * sync. */
void slog_set_sink(struct slog *log, slog_sink_fn fn, void *arg);
/* The sink has every record already (a journal read back from its own
 * file, slog_restore). */
void slog_set_synced(struct slog *log);
/* Give the sink what became final (slog_poll and every hook do). */
void slog_sync(struct slog *log);
/* Whether the student did anything since the last export that worked: a
 * command of their own (not a setup line), a key, a step completed, a
 * hint, a quiz answer. */
bool slog_unexported(const struct slog *log);

/* Detaches from the console and frees everything. */
void slog_free(struct slog *log);

/* What goes into session_start and the export header.  Call before
 * anything is recorded that should carry it (student may come later). */
void slog_set_cluster(struct slog *log, uint64_t seed, int brokers,
    const char *const *racks, bool kafka_timings);
void slog_set_student(struct slog *log, const char *name);
/* The real cluster the session is attached to (see slog_meta). */
void slog_set_attach(struct slog *log, const char *bootstrap,
    const char *cluster_id, const struct words *commands);
/* Tell fn of every export that worked (NULL: nobody).  One observer. */
void slog_set_export_observer(struct slog *log, slog_export_fn fn,
    void *arg);
/* The student's id (NULL or "": none). */
void slog_set_student_id(struct slog *log, const char *id);
void slog_set_origin(struct slog *log, enum slog_origin origin);
/* "student", "solve" or "replay". */
const char *slog_origin_name(enum slog_origin origin);
/* The session's seed, where it came from and its id (ident.h); sets the
 * seed slog_set_cluster sets too. */
struct ident;
void slog_set_ident(struct slog *log, const struct ident *id);
/* Where `export` without a path writes (NULL: the current directory). */
void slog_set_export_dir(struct slog *log, const char *dir);
/* Whether the student's name is still unknown (the TUI asks at first
 * export). */
bool slog_needs_student(const struct slog *log);
/* The login name (getpwuid), or "student". */
const char *slog_default_student(void);

/* Observe console c: its observer becomes the journal's.  (The exporter
 * is set by slogx_attach, which needs the writers.) */
void slog_attach_console(struct slog *log, struct console *c);
/* The runner's observer (labrun_set_observer(r, slog_labrun_hook, log)). */
struct labrun_obs;
void slog_labrun_hook(void *arg, const struct labrun_obs *o);

/* The cluster was rebuilt (a rewind): read events from e from now on,
 * skipping those it holds already (a replay of what is journaled). */
void slog_set_engine(struct slog *log, struct engine *e);
/* Which records a later rewind undid: undone[i] (log->v has n) is set
 * for the student's commands and keys between the start of a step and a
 * rewind of that step; the rest are cleared. */
void slog_undone(const struct slog *log, bool *undone);

/* Pull new cluster events from the engine.  The front end calls it
 * regularly (each loop turn is fine): the engine's ring is bounded. */
void slog_poll(struct slog *log);
/* Record session_end (once). */
void slog_end(struct slog *log);
/* Record an export attempt (files written, or the error). */
void slog_note_export(struct slog *log, const char *files, const char *err);

/* The JSON/Markdown name of a record's type ("command", "leader_change"). */
const char *slog_type_name(const struct slog_rec *r);
/* "2025-03-01T05:06:07.123+00:00" (UTC) into buf (at least 32 bytes). */
void slog_wall_format(int64_t wall_ms, char *buf, size_t len);
/* slog_wall_format's text back to ms since the epoch (0 when it is not
 * that). */
int64_t slog_wall_parse(const char *s);
/* "1234 earlier cluster events: 300 isr_expand, 12 leader_change" into
 * buf, or "" when nothing was dropped. */
void slog_dropped_text(const struct slog *log, char *buf, size_t len);

#endif
