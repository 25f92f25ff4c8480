/*
 * cond.h - conditions over the cluster and the session, for wait-until and
 * lab expectations (DESIGN.md "Conditions").
 *
 *   leader T/P == B | != B        (B may be "none")
 *   isr T/P == 1,2,3 | != ...     (as sets: the ISR's order does not matter)
 *   isr T/P contains B | lacks B
 *   broker B up|down|fenced|isolated
 *   urp OP N      offline OP N     hw T/P OP N
 *   produced T OP N               consumed T OP N
 *   error-seen NAME               key-pressed KEY
 *   ran CMD-PREFIX [times OP N]   (words up to the next "and"; N
 *                                 successes, default times >= 1)
 *   saw CMD-PREFIX matching TEXT  (a success printed TEXT while the
 *                                 step's cluster facts held)
 *   event-seen TYPE [TOPIC]       (an engine event such as data_loss)
 * joined by "and", or by "then" between two ran/saw clauses (the second
 * happened after the first).  OP is one of == != >= <= > <.  Cluster
 * facts are read from the controller's image (leader, ISR) and the
 * snapshot (HW, broker state, metrics); session facts from the console,
 * which counts only commands that succeeded.
 */
#ifndef ISRLAB_CONSOLE_COND_H
#define ISRLAB_CONSOLE_COND_H

#include <stdbool.h>
#include <stddef.h>

#include "console/words.h"
#include "model/snapshot.h"
#include "util/strbuf.h"

struct console;
struct cond;

/* Parse text; 0 with *out set (free with cond_free), or -1 with a
 * one-line message in err. */
int cond_parse(const char *text, struct cond **out, char *err, size_t len);
/* The same over already split words w->v[from..]. */
int cond_parse_words(const struct words *w, size_t from, struct cond **out,
    char *err, size_t len);
void cond_free(struct cond *c);

/* Whether attach mode (a real cluster, polled) can observe every clause
 * of c; -1 with the first that it cannot in why. */
int cond_attach_check(const struct cond *c, char *why, size_t len);

/* Whether every clause holds.  console may be NULL (session clauses are
 * then false). */
bool cond_eval(const struct cond *c, const struct snapshot *s,
    const struct console *console);

/* Whether every clause about the cluster (leader, isr, broker, urp,
 * offline, hw) holds on s; the clauses about the session are passed
 * over.  The state a `saw` must have been made under. */
bool cond_eval_state(const struct cond *c, const struct snapshot *s);

/* What a condition names, for lab checks: fn(arg, topic, partition, 0)
 * for each topic (partition -1 when the clause names a topic only) and
 * fn(arg, NULL, -1, broker) for each broker id. */
typedef void (*cond_name_fn)(void *arg, const char *topic, int partition,
    int broker);
void cond_names(const struct cond *c, cond_name_fn fn, void *arg);

/* Whether a clause of c can hold only while broker b serves: `leader T/P
 * == b`, `isr T/P == ...` with b in it, `isr T/P contains b`, and unless
 * in_isr_only, `broker b up`.  The first such clause is formatted into
 * out. */
bool cond_needs_broker(const struct cond *c, int b, bool in_isr_only,
    struct strbuf *out);

/* The condition in canonical form ("leader email.send/0 != 1 and ..."). */
void cond_format(const struct cond *c, struct strbuf *out);

/* The condition as a sentence for a lab's checklist, in Korean or (en)
 * English: "email.send-0의 ISR이 2,3이 된다" / "The ISR of email.send-0
 * becomes 2,3" for `isr email.send/0 == 2,3`.  What a student reads
 * instead of the syntax; the syntax stays in the lab file. */
void cond_describe(const struct cond *c, bool en, struct strbuf *out);

/* The first clause that does not hold, formatted (for hints and the
 * timeout message); nothing when all hold. */
void cond_format_failing(const struct cond *c, const struct snapshot *s,
    const struct console *console, struct strbuf *out);

#endif
