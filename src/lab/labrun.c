/*
 * labrun.c - the lab's step state machine.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/labrun.h"
#include "lab/quiz.h"
#include "util/xmalloc.h"

/* console_witness_fn: whether every cluster fact the current step
 * expects holds now, so that what a command just printed showed that
 * state (`saw`). */
static bool
labrun_witness(void *arg)
{
	struct labrun		*r = arg;
	struct engine		*e = r->c->engine;
	const struct lab_step	*st;
	struct snapshot		 s;
	size_t			 i;
	bool			 held = true;

	if (r->finished || r->front >= r->lab->n_steps)
		return true;
	st = &r->lab->steps[r->front];
	e->ops->snapshot(e, &s);
	for (i = 0; i < st->n_expect && held; i++)
		held = cond_eval_state(st->expect[i].cond, &s);
	snapshot_free(&s);
	return held;
}

struct labrun *
labrun_new(const struct lab *lab, struct console *c, enum lab_lang lang)
{
	struct labrun	*r = xcalloc(1, sizeof *r);
	size_t		 i;

	r->lab = lab;
	r->c = c;
	r->lang = lang;
	r->st = xcalloc(lab->n_steps, sizeof *r->st);
	for (i = 0; i < lab->n_steps; i++) {
		r->st[i].started_ms = r->st[i].done_ms = -1;
		r->st[i].met = xcalloc(lab->steps[i].n_expect + 1,
		    sizeof *r->st[i].met);
	}
	console_set_witness(c, labrun_witness, r);
	return r;
}

void
labrun_free(struct labrun *r)
{
	size_t	i;

	if (r == NULL)
		return;
	if (r->c->witness_arg == r)
		console_set_witness(r->c, NULL, NULL);
	for (i = 0; i < r->lab->n_steps; i++)
		free(r->st[i].met);
	free(r->st);
	free(r);
}

static int64_t
labrun_now(const struct labrun *r)
{
	struct engine	*e = r->c->engine;

	return e->ops->now(e);
}

void
labrun_set_observer(struct labrun *r, labrun_observer_fn fn, void *arg)
{
	r->observer = fn;
	r->observer_arg = arg;
}

/* Tell the observer o (kind and step set), filling in the rest. */
static void
labrun_tell(struct labrun *r, struct labrun_obs *o)
{
	if (r->observer == NULL)
		return;
	o->run = r;
	o->n_steps = r->lab->n_steps;
	o->lab_id = r->lab->id;
	if (o->kind == LABRUN_OBS_LAB_START)
		o->title = lab_str_get(&r->lab->title, r->lang);
	else if (o->step < r->lab->n_steps)
		o->title = lab_str_get(&r->lab->steps[o->step].title, r->lang);
	o->t_ms = labrun_now(r);
	r->observer(r->observer_arg, o);
}

static void
labrun_tell_step(struct labrun *r, enum labrun_obs_kind kind, size_t step)
{
	struct labrun_obs	o;

	memset(&o, 0, sizeof o);
	o.kind = kind;
	o.step = step;
	if (kind == LABRUN_OBS_STEP_DONE)
		o.ms = r->st[step].done_ms - r->st[step].started_ms;
	labrun_tell(r, &o);
}

/* Run setup lines; -1 with "FILE:LINE:COL: message" on a parse error. */
static int
labrun_setup(struct labrun *r, const struct lab_cmd *v, size_t n,
    char *err, size_t len)
{
	const char	*source = r->c->source;
	char		 msg[512];
	size_t		 i;

	console_set_source(r->c, "setup");
	for (i = 0; i < n; i++) {
		msg[0] = '\0';
		if (console_exec(r->c, v[i].text, msg, sizeof msg) < 0) {
			snprintf(err, len, "%s:%d:%d: %s", r->lab->path,
			    v[i].line, v[i].col, msg);
			console_set_source(r->c, source);
			return -1;
		}
	}
	console_producer_end(r->c);
	console_set_source(r->c, source);
	return 0;
}

/* Count the faults the engine journaled since the last look. */
static void
labrun_count_faults(struct labrun *r, bool count)
{
	struct engine	*e = r->c->engine;
	struct event	 chunk[64];
	size_t		 n, i;

	while ((n = e->ops->events(e, r->ev_seen, chunk, 64)) > 0) {
		for (i = 0; i < n && count; i++)
			if (chunk[i].type == EV_BROKER_CRASH ||
			    chunk[i].type == EV_BROKER_STOP ||
			    chunk[i].type == EV_LINK_CUT)
				r->st[r->front < r->lab->n_steps ?
				    r->front : r->lab->n_steps - 1].faults++;
		r->ev_seen = chunk[n - 1].seq;
		if (n < 64)
			break;
	}
}

/* Enter step i (the front): run its setup once, mark the console. */
static int
labrun_enter(struct labrun *r, size_t i, char *err, size_t len)
{
	const struct lab_step	*st = &r->lab->steps[i];

	r->cur = r->front = i;
	if (r->st[i].entered)
		return 0;
	r->st[i].entered = true;
	r->st[i].started_ms = labrun_now(r);
	labrun_tell_step(r, LABRUN_OBS_STEP_START, i);
	labrun_count_faults(r, true);
	if (labrun_setup(r, st->setup, st->n_setup, err, len) != 0)
		return -1;
	labrun_count_faults(r, false);
	console_lab_mark(r->c);
	return 0;
}

int
labrun_start(struct labrun *r, char *err, size_t len)
{
	struct labrun_obs	o;

	memset(&o, 0, sizeof o);
	o.kind = LABRUN_OBS_LAB_START;
	labrun_tell(r, &o);
	if (labrun_setup(r, r->lab->setup, r->lab->n_setup, err, len) != 0)
		return -1;
	labrun_count_faults(r, false);
	if (r->lab->n_steps == 0) {
		r->finished = true;
		return 0;
	}
	return labrun_enter(r, 0, err, len);
}

void
labrun_resume(struct labrun *r, size_t front, const int64_t *started_ms,
    const int64_t *done_ms)
{
	size_t	i;

	for (i = 0; i < r->lab->n_steps && i <= front; i++) {
		r->st[i].entered = true;
		r->st[i].started_ms = started_ms[i];
		if (i < front) {
			r->st[i].done = true;
			r->st[i].done_ms = done_ms[i];
		}
	}
	r->cur = r->front = front < r->lab->n_steps ? front : r->lab->n_steps;
	r->finished = front >= r->lab->n_steps;
	labrun_count_faults(r, false);
}

bool
labrun_ready(const struct labrun *r, const struct snapshot *s)
{
	const struct lab_step	*st;
	size_t			 i;

	if (r->finished || r->front >= r->lab->n_steps)
		return false;
	st = &r->lab->steps[r->front];
	if (lab_step_read_only(st))
		return false;
	if (st->quiz != NULL && !r->st[r->front].quiz_solved)
		return false;
	for (i = 0; i < st->n_expect; i++)
		if (!cond_eval(st->expect[i].cond, s, r->c))
			return false;
	return true;
}

/* Complete the front step and enter the next one. */
static unsigned
labrun_complete(struct labrun *r, bool skipped, char *err, size_t len)
{
	struct labrun_obs	o;
	unsigned		flags = LABRUN_DONE;
	size_t			i = r->front;

	r->st[i].done = true;
	r->st[i].done_ms = labrun_now(r);
	memset(&o, 0, sizeof o);
	o.kind = LABRUN_OBS_STEP_DONE;
	o.step = i;
	o.skipped = skipped;
	o.ms = r->st[i].done_ms - r->st[i].started_ms;
	labrun_tell(r, &o);
	labrun_count_faults(r, true);
	if (i + 1 >= r->lab->n_steps) {
		r->finished = true;
		r->front = r->lab->n_steps;
		return flags | LABRUN_FINISHED;
	}
	if (labrun_enter(r, i + 1, err, len) != 0)
		return flags;
	return flags | LABRUN_ENTERED;
}

/* Show step i's next hint level (the last again when all were shown);
 * the observer hears of each level once. */
static const char *
labrun_hint_advance(struct labrun *r, size_t i, bool by_delay)
{
	const struct lab_step	*st = &r->lab->steps[i];
	struct labrun_step	*rs = &r->st[i];
	struct labrun_obs	 o;

	if (rs->hint_level >= st->n_hints)
		return lab_hint_get(st, rs->hint_level, r->lang);
	rs->hint_level++;
	memset(&o, 0, sizeof o);
	o.kind = LABRUN_OBS_HINT;
	o.step = i;
	o.by_delay = by_delay;
	o.level = rs->hint_level;
	o.levels = st->n_hints;
	o.text = lab_hint_get(st, rs->hint_level, r->lang);
	labrun_tell(r, &o);
	return o.text;
}

unsigned
labrun_poll(struct labrun *r, const struct snapshot *s, char *err,
    size_t len)
{
	const struct lab_step	*st;
	struct labrun_step	*rs;
	unsigned		 flags = 0;
	size_t			 i;
	bool			 met, all = true;

	if (r->finished || r->front >= r->lab->n_steps)
		return 0;
	labrun_count_faults(r, true);
	st = &r->lab->steps[r->front];
	rs = &r->st[r->front];
	for (i = 0; i < st->n_expect; i++) {
		met = cond_eval(st->expect[i].cond, s, r->c);
		if (met != rs->met[i])
			flags |= LABRUN_MET;
		rs->met[i] = met;
		all = all && met;
	}
	if (rs->hint_level == 0 && st->n_hints > 0 &&
	    s->now - rs->started_ms >= st->hint_after_ms) {
		labrun_hint_advance(r, r->front, true);
		flags |= LABRUN_HINT;
	}
	if (lab_step_read_only(st) || !all ||
	    (st->quiz != NULL && !rs->quiz_solved))
		return flags;
	return flags | labrun_complete(r, false, err, len);
}

int
labrun_next(struct labrun *r, char *err, size_t len)
{
	if (r->cur < r->front) {
		r->cur++;
		return LABRUN_ENTERED;
	}
	if (r->finished || r->front >= r->lab->n_steps)
		return 0;
	if (!lab_step_read_only(&r->lab->steps[r->front]))
		return 0;
	err[0] = '\0';
	{
		unsigned	f = labrun_complete(r, false, err, len);

		return err[0] != '\0' ? -1 : (int)f;
	}
}

int
labrun_skip(struct labrun *r, char *err, size_t len)
{
	unsigned	f;

	if (r->finished || r->front >= r->lab->n_steps)
		return 0;
	err[0] = '\0';
	f = labrun_complete(r, true, err, len);
	return err[0] != '\0' ? -1 : (int)f;
}

int
labrun_back(struct labrun *r)
{
	if (r->cur == 0)
		return 0;
	if (r->cur >= r->lab->n_steps)
		r->cur = r->lab->n_steps;
	r->cur--;
	return LABRUN_ENTERED;
}

const char *
labrun_hint_show(struct labrun *r)
{
	size_t	i = r->cur < r->lab->n_steps ? r->cur : r->lab->n_steps - 1;

	if (r->lab->steps[i].n_hints == 0)
		return NULL;
	return labrun_hint_advance(r, i, false);
}

const char *
labrun_hint_current(const struct labrun *r, size_t *level, size_t *levels)
{
	size_t			 i;
	const struct lab_step	*st;

	if (r->lab->n_steps == 0)
		return NULL;
	i = r->cur < r->lab->n_steps ? r->cur : r->lab->n_steps - 1;
	st = &r->lab->steps[i];
	*level = r->st[i].hint_level;
	*levels = st->n_hints;
	return lab_hint_get(st, *level, r->lang);
}

int
labrun_answer(struct labrun *r, const char *answer, bool *right, char *err,
    size_t len)
{
	const struct lab_step	*st;
	struct labrun_step	*rs;

	if (r->finished || r->front >= r->lab->n_steps) {
		snprintf(err, len, "the lab is finished");
		return -1;
	}
	st = &r->lab->steps[r->front];
	rs = &r->st[r->front];
	if (st->quiz == NULL) {
		snprintf(err, len, "step %zu has no quiz", r->front + 1);
		return -1;
	}
	if (quiz_check(st->quiz, answer, right) != 0) {
		snprintf(err, len, "'%s' is not one of the choices (a-%c)",
		    answer, (char)('a' + st->quiz->n_choices - 1));
		return -1;
	}
	if (rs->quiz_tries++ == 0)
		rs->quiz_first_right = *right;
	if (*right)
		rs->quiz_solved = true;
	{
		struct labrun_obs	o;

		memset(&o, 0, sizeof o);
		o.kind = LABRUN_OBS_QUIZ;
		o.step = r->front;
		o.text = answer;
		o.right = *right;
		o.question = lab_str_get(&st->quiz->question, r->lang);
		labrun_tell(r, &o);
	}
	return 0;
}

size_t
labrun_done_count(const struct labrun *r)
{
	size_t	i, n = 0;

	for (i = 0; i < r->lab->n_steps; i++)
		n += r->st[i].done;
	return n;
}

int64_t
labrun_step_ms(const struct labrun *r, size_t i, int64_t now)
{
	if (i >= r->lab->n_steps || r->st[i].started_ms < 0)
		return 0;
	return (r->st[i].done_ms >= 0 ? r->st[i].done_ms : now) -
	    r->st[i].started_ms;
}
