/*
 * statefile.h - the session journal on disk as it happens, so that a
 * session survives the terminal dying; reading it back to resume or
 * export an interrupted session.
 *
 * DESIGN
 * Each session appends to its own file in the per-user state directory,
 * $XDG_STATE_HOME/isrlab/ (default ~/.local/state/isrlab/; the directory
 * mode 0700, files 0600), named session-YYYYmmdd-HHMMSS-PID.jsonl (UTC).
 * The file is JSON Lines in the export's own vocabulary (export.h): a
 * header object, then one object per journal record, written when the
 * record is final and in seq order (a command still running is written
 * when it ends).  Whenever the header's facts change (the student's name,
 * the lab) a new header line follows; the last one wins.  A session that
 * ends removes its file; one that a signal or a crash ended leaves it.
 *
 * Records reach the kernel with one write(2) per sync (every hook and
 * every poll of the journal, slog.h), so kill -9 loses nothing written;
 * fdatasync(2) runs at every step boundary and at most a second after
 * anything was written, so a power cut loses at most the last second.
 *
 * A file left behind is an interrupted session: `isrlab --recover` lists
 * them and exports one (the file then goes), and the screen offers to
 * resume the newest (its actions replayed on a fresh cluster,
 * journal/replay.h; the file goes on) or to export it as it was.
 *
 * With a state file the in-memory journal spills (slog.h): an export
 * reads the released records back from here (statefile_full).
 */
#ifndef ISRLAB_JOURNAL_STATEFILE_H
#define ISRLAB_JOURNAL_STATEFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "journal/replay.h"
#include "journal/slog.h"
#include "util/strbuf.h"

struct statefile;

/* The state directory into buf: $XDG_STATE_HOME/isrlab, else
 * $HOME/.local/state/isrlab.  -1 with the reason in err when neither
 * variable is set. */
int statefile_dir(char *buf, size_t len, char *err, size_t errlen);
/* mkdir -p dir, each missing level 0700; -1 with the reason in err. */
int statefile_mkdirs(const char *dir, char *err, size_t errlen);

/* Start log's state file in the state directory (made 0700 if missing)
 * and make it log's sink.  NULL with the reason in err; the session then
 * runs without one (memory unbounded by spilling, as before). */
struct statefile *statefile_start(struct slog *log, char *err,
    size_t errlen);
/* Continue the interrupted session in path (statefile_load'ed into log,
 * its inputs replayed on log->e): append to it from here on, engine
 * events from now on. */
struct statefile *statefile_continue(struct slog *log, const char *path,
    char *err, size_t errlen);
/* Write what is pending, detach from the journal and free.  The session
 * ended (the student left, the script ended): the file goes.  keep: it
 * did not (SIGHUP or SIGTERM ended the screen): the file stays for a
 * resume.  Call before slog_free. */
void statefile_close(struct statefile *sf, bool keep);
/* Make what was written durable now if a second passed since the last
 * time (the front end calls it now and then; syncs do it too). */
void statefile_tick(struct statefile *sf);
/* The file's path. */
const char *statefile_path(const struct statefile *sf);
/* Bytes written to the file: whole lines, as they reach it. */
typedef void (*statefile_tee_fn)(void *arg, const char *s, size_t n);
/* Call fn with everything written to the file from now on (the class
 * link, class/classclient.h; NULL: nobody).  One tee. */
void statefile_set_tee(struct statefile *sf, statefile_tee_fn fn,
    void *arg);

/* A copy of log with every record, the released ones read back from its
 * state file; log itself when nothing was released.  Free with slog_free
 * when it is not log.  NULL with the reason in err when the file cannot
 * be read. */
struct slog *statefile_full(struct slog *log, char *err, size_t errlen);

/* One interrupted session found in the state directory. */
struct statefile_info {
	char	*path;			/* owned */
	char	*id;			/* the name without .jsonl (owned) */
	char	*student;		/* or NULL (owned) */
	char	*lab_id;		/* NULL in free play (owned) */
	int	 n_steps;		/* the lab's */
	int	 steps_done;		/* step_done records */
	int	 step;			/* 0-based step last entered, or -1 */
	int64_t	 t_ms;			/* lab time of the last record */
	int64_t	 wall_ms;		/* wall clock of the last record */
	size_t	 records;
};

/* Interrupted sessions in the state directory, newest first.  Returns
 * how many (*out owned; statefile_list_free). */
size_t statefile_list(struct statefile_info **out);
void statefile_list_free(struct statefile_info *v, size_t n);
void statefile_info_free(struct statefile_info *in);
/* The session named id (its file name with or without .jsonl) in the
 * state directory; 0, or -1 with the reason in err. */
int statefile_find(const char *id, struct statefile_info *out, char *err,
    size_t errlen);

/* Read path back: a journal (e: the engine it will export from, or NULL)
 * and its actions for replay_engine/replay_apply.  0, or -1 with
 * "FILE:LINE: message" in err. */
int statefile_load(const char *path, struct engine *e, struct slog **log,
    struct replay **rp, char *err, size_t errlen);

/* Mark an interrupted session dealt with (exported or resumed). */
int statefile_mark_closed(const char *path, char *err, size_t errlen);

/* "lab 01, step 3/6" or "free play" into buf. */
void statefile_describe(const struct statefile_info *in, char *buf,
    size_t len);
/* Export the interrupted session in as it was into dir (NULL: the
 * current directory), the cluster's final state by replaying it on the
 * simulator, and remove its state file.  0 with "wrote FILE" lines in
 * msg, or -1 with the reason. */
int statefile_export(const struct statefile_info *in, const char *dir,
    struct strbuf *msg);

/* isrlab --recover: list the interrupted sessions on out (id is NULL), or
 * export the one named id into dir (the cluster's final state by
 * replaying it on the simulator).  Exit status: 0, 1 (none found, or the
 * export failed), 2 (bad arguments). */
int statefile_recover(const char *id, const char *dir, FILE *out);

#endif
