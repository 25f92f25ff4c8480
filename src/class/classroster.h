/*
 * classroster.h - what the teacher's dashboard shows of each student:
 * a fold of the journal lines the class server receives.
 *
 * DESIGN
 * A row is one student's session, built only from its journal lines (the
 * state file's vocabulary, journal/export.h): the header names the
 * student (an id and a name) and the lab, step_start/step_done move the step and time it,
 * hint_shown counts hints, a command or key that failed and a wrong quiz
 * answer become the last error.  Times are the journal's wall clock (the
 * student's machine).  A student who starts another lab gets a new
 * session; the older row is then `superseded` and left off the dashboard,
 * so the teacher sees one row per student.  A student is their id when
 * the header has one (Minsu Kim and 김민수 under one id are one student;
 * two Kims with two ids are two), else their name.  Connection counts are the
 * server's to set.  Jansson and libc; one thread (the server's).
 */
#ifndef ISRLAB_CLASS_CLASSROSTER_H
#define ISRLAB_CLASS_CLASSROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLASS_STEPS_MAX	64	/* steps a row times (labs have up to 12) */
#define CLASS_ERROR_MAX	160	/* bytes of the last error kept */

/* One step of a row's lab. */
struct class_step {
	int64_t	start_wall;	/* when it was last entered, 0: never */
	int64_t	took_ms;	/* step_done's lab time on it, -1: not done */
	int	hints;
	int	errors;		/* failed commands, keys, wrong answers */
	char	title[96];
};

struct class_row {
	char	*session;	/* the session's id (owned) */
	char	*student;	/* from the header, or NULL (owned) */
	char	*student_id;	/* from the header, or NULL (owned) */
	char	*origin;	/* the header's "solve" or "replay": isrlab's
				   run, not the student's work; NULL for the
				   student's own (owned) */
	char	*lab_id;	/* NULL in free play (owned) */
	char	*lab_title;	/* (owned, or NULL) */
	int	 n_steps;
	int	 step;		/* 0-based step entered last, -1: none */
	int	 steps_done;
	int64_t	 step_wall;	/* when the current step began (wall ms) */
	int64_t	 last_wall;	/* the newest line's wall clock */
	int	 hints;
	int	 errors;
	char	 last_error[CLASS_ERROR_MAX];
	bool	 ended;		/* session_end came */
	bool	 superseded;	/* the student has a newer session */
	int	 connections;	/* live connections (the server's) */
	uint64_t lines;		/* journal lines received */
	struct class_step steps[CLASS_STEPS_MAX];
};

/* The rows (owned, each allocated). */
struct class_roster {
	struct class_row	**v;
	size_t			  n;
};

/* The row of session id, made when new. */
struct class_row *class_roster_row(struct class_roster *ro, const char *id);
/* Fold journal line line[0..len) of row's session into it.  Lines that
 * do not parse are counted and otherwise ignored. */
void class_roster_line(struct class_roster *ro, struct class_row *row,
    const char *line, size_t len);
void class_roster_free(struct class_roster *ro);

/* Who the row's student is: the id, else the name, else NULL. */
const char *class_row_who(const struct class_row *row);
/* Whether the row's student is done with the lab (ended, or every step
 * done): the dashboard stops its clock. */
bool class_row_finished(const struct class_row *row);
/* How long the row has been on its current step at wall time now. */
int64_t class_row_stuck_ms(const struct class_row *row, int64_t now);
/* A deep copy of r. */
void class_row_copy(struct class_row *dst, const struct class_row *r);
void class_row_clear(struct class_row *r);

/* Sort rows for the dashboard: students still working first, the one
 * on their step longest on top; finished ones last; then by name, then
 * by id. */
void class_rows_sort(struct class_row *v, size_t n, int64_t now);

#endif
