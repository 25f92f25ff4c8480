/*
 * student.h - the student remembered across sessions: the name and id
 * asked once on the screen, kept in the per-user state directory
 * ($XDG_STATE_HOME/isrlab/student.json) so later labs do not ask again.
 *
 * DESIGN
 * The screen asks for the name (and the id, which may be left empty) at
 * a session's first export, when neither --student nor a remembered name
 * gives one, and remembers the answer here; every later session, in the
 * same run or another, starts with it.  The file is one JSON object
 * {"student":"...","student_id":"..."} written atomically (0644 less the
 * umask, in the 0700 state directory).  A name or id that is not one line
 * without control characters is not read back.
 */
#ifndef ISRLAB_JOURNAL_STUDENT_H
#define ISRLAB_JOURNAL_STUDENT_H

#include <stdbool.h>
#include <stddef.h>

/* Whether s can be a student's name or id: not empty, one line, no
 * control characters. */
bool student_valid(const char *s);

/* The remembered name and id (either may come back NULL; the caller
 * frees them).  0 when a name is remembered, -1 when none is. */
int student_recall(char **name, char **id);

/* Remember name and id (id NULL or "": none).  0, or -1 with the reason
 * in err. */
int student_remember(const char *name, const char *id, char *err,
    size_t errlen);

#endif
