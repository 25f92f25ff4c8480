/*
 * labrun.c - the lab's step state machine, and what it tells a student
 * who went off the step's path.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/labrun.h"
#include "lab/quiz.h"
#include "util/i18n.h"
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
		r->st[i].mark_ms = -1;
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

/* --- off the path ------------------------------------------------------- */

/* The brokers a step is about, as its conditions name them. */
struct labrun_names {
	bool			 named[ISR_NODES];
	const struct snapshot	*s;
};

/* cond_name_fn: a broker named, or every replica of a partition named (a
 * clause about its leader, ISR or HW is about all of them; a topic alone,
 * as `produced` names it, says nothing of brokers). */
static void
labrun_named(void *arg, const char *topic, int partition, int broker)
{
	struct labrun_names		*nm = arg;
	const struct partition_reg	*p;
	int				 i;

	if (topic == NULL) {
		if (broker >= 1 && broker < ISR_NODES)
			nm->named[broker] = true;
		return;
	}
	if (partition < 0 || (p = image_partition(&nm->s->ctrl_image, topic,
	    partition)) == NULL)
		return;
	for (i = 0; i < p->n_replicas; i++)
		if (p->replicas[i] >= 1 && p->replicas[i] < ISR_NODES)
			nm->named[p->replicas[i]] = true;
}

/* Set the note (kind, broker) to text, or clear it (kind NONE). */
static void
labrun_offpath_set(struct labrun *r, enum labrun_offpath kind, int broker,
    const char *text)
{
	if (kind == LABRUN_OFF_NONE && r->off_kind == LABRUN_OFF_NONE)
		return;
	r->off_kind = kind;
	r->off_broker = broker;
	r->off_gen++;
	snprintf(r->offpath, sizeof r->offpath, "%s", text);
}

/* A fault the student made during the front step: a note when its broker
 * is not one the step's expectations name on s (a network partition has a
 * broker on each side, so it is never judged so). */
static void
labrun_offpath_fault(struct labrun *r, const struct event *ev,
    const struct snapshot *s)
{
	const struct lab_step	*st = &r->lab->steps[r->front];
	struct strbuf		 sb = STRBUF_INIT, need = STRBUF_INIT;
	struct labrun_names	 nm;
	enum labrun_offpath	 kind;
	bool			*named = nm.named;
	size_t			 i;
	int			 b = ev->broker, n = 0, k;

	if (b < 1 || b >= ISR_NODES)
		return;
	memset(&nm, 0, sizeof nm);
	nm.s = s;
	for (i = 0; i < st->n_expect; i++)
		cond_names(st->expect[i].cond, labrun_named, &nm);
	if (ev->type == EV_LINK_CUT)
		kind = strncmp(ev->reason, "replication", 11) == 0 ?
		    LABRUN_OFF_SLOW : LABRUN_OFF_CUT;
	else
		kind = LABRUN_OFF_DOWN;
	/* A broker the step names may still be one it needs serving (in
	 * the ISR, the leader, up): then the fault works against it. */
	for (i = 0; named[b] && kind != LABRUN_OFF_SLOW && need.len == 0 &&
	    i < st->n_expect; i++)
		cond_needs_broker(st->expect[i].cond, b,
		    kind == LABRUN_OFF_CUT, &need);
	if (named[b] && need.len == 0)
		return;
	/* What just happened, in the screen's language (the catalog's). */
	if (ev->type == EV_BROKER_CRASH)
		strbuf_printf(&sb, _("Broker %d crashed. "), b);
	else if (ev->type == EV_BROKER_STOP)
		strbuf_printf(&sb, _("Broker %d was stopped. "), b);
	else if (kind == LABRUN_OFF_SLOW)
		strbuf_printf(&sb, _("Replication to and from broker %d is "
		    "slowed down. "), b);
	else
		strbuf_printf(&sb, _("Broker %d was cut off from the other "
		    "brokers. "), b);
	/* What the step is about. */
	for (k = 1; k < ISR_NODES; k++)
		n += named[k];
	if (need.len > 0)
		strbuf_printf(&sb, _("This step needs it: %s. "),
		    strbuf_cstr(&need));
	else if (n == 0)
		strbuf_adds(&sb, _("This step does not ask for that. "));
	else {
		struct strbuf	list = STRBUF_INIT;

		for (k = 1, i = 0; k < ISR_NODES; k++) {
			if (!named[k])
				continue;
			/* TRANSLATORS: between the last two brokers of a
			 * list, "1, 2 and 3". */
			strbuf_printf(&list, "%s%d", i == 0 ? "" : i + 1 ==
			    (size_t)n ? _(" and ") : ", ", k);
			i++;
		}
		/* TRANSLATORS: %s lists brokers, "1, 2 and 3". */
		strbuf_printf(&sb, ngettext("This step is about broker %s. ",
		    "This step is about brokers %s. ", n), strbuf_cstr(&list));
		strbuf_free(&list);
	}
	/* How to get back. */
	if (kind == LABRUN_OFF_DOWN)
		strbuf_printf(&sb, _("Press %d then r to restart it, or u to "
		    "rewind the step."), b);
	else if (kind == LABRUN_OFF_CUT)
		strbuf_adds(&sb, _("Press h to heal the network, or u to "
		    "rewind the step."));
	else
		strbuf_adds(&sb, _("Press u to rewind the step."));
	labrun_offpath_set(r, kind, b, strbuf_cstr(&sb));
	r->off_ms = ev->t_ms;
	strbuf_free(&sb);
	strbuf_free(&need);
}

/* A command of the student's that failed since the last look gets a
 * note; a later success takes it away. */
static void
labrun_offpath_commands(struct labrun *r)
{
	const char	*line, *why;
	char		*text;
	bool		 setup;
	uint64_t	 n = console_failure(r->c, &line, &why, &setup);

	if (n != r->fail_seen) {
		r->fail_seen = n;
		if (setup || line == NULL)
			return;
		/* TRANSLATORS: the command, then why it failed. */
		text = xasprintf(_("'%.120s' failed: %.200s. A command that "
		    "fails does not count for the step: fix it and run it "
		    "again (t shows a hint)."), line, why != NULL &&
		    why[0] != '\0' ? why : "?");
		labrun_offpath_set(r, LABRUN_OFF_FAILED, 0, text);
		free(text);
		r->off_run = r->c->run_seq;
		return;
	}
	if (r->off_kind == LABRUN_OFF_FAILED && r->c->run_seq > r->off_run)
		labrun_offpath_set(r, LABRUN_OFF_NONE, 0, "");
}

/* Whether what the note answers was undone on s: the broker is up again,
 * back in touch.  Only a snapshot taken after the fault can tell (a front
 * end may poll with one taken just before it). */
static bool
labrun_offpath_undone(const struct labrun *r, const struct snapshot *s)
{
	int	b = r->off_broker;

	if (b < 1 || b > s->n_brokers || s->now <= r->off_ms)
		return false;
	if (r->off_kind == LABRUN_OFF_DOWN)
		return s->brokers[b].state != BROKER_DOWN;
	if (r->off_kind == LABRUN_OFF_CUT)
		return !links_isolated(&s->links, b, s->n_brokers);
	return false;
}

/* Count the faults the engine journaled since the last look; with judge
 * (the cluster now), a fault off the front step's path gets a note. */
static void
labrun_count_faults(struct labrun *r, bool count,
    const struct snapshot *judge)
{
	struct engine	*e = r->c->engine;
	struct event	 chunk[64];
	size_t		 n, i;

	while ((n = e->ops->events(e, r->ev_seen, chunk, 64)) > 0) {
		for (i = 0; i < n && count; i++) {
			if (chunk[i].type != EV_BROKER_CRASH &&
			    chunk[i].type != EV_BROKER_STOP &&
			    chunk[i].type != EV_LINK_CUT)
				continue;
			r->st[r->front < r->lab->n_steps ?
			    r->front : r->lab->n_steps - 1].faults++;
			if (judge != NULL && r->front < r->lab->n_steps)
				labrun_offpath_fault(r, &chunk[i], judge);
		}
		r->ev_seen = chunk[n - 1].seq;
		if (n < 64)
			break;
	}
}

/* The student's part of step i begins now: `ran` and the rest count from
 * here, and what went before leaves no note. */
static void
labrun_mark(struct labrun *r, size_t i)
{
	const char	*line, *why;
	bool		 setup;

	console_lab_mark(r->c);
	r->st[i].mark_ms = labrun_now(r);
	r->fail_seen = console_failure(r->c, &line, &why, &setup);
	labrun_offpath_set(r, LABRUN_OFF_NONE, 0, "");
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
	labrun_count_faults(r, true, NULL);
	if (labrun_setup(r, st->setup, st->n_setup, err, len) != 0)
		return -1;
	labrun_count_faults(r, false, NULL);
	labrun_mark(r, i);
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
	labrun_count_faults(r, false, NULL);
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
	labrun_count_faults(r, false, NULL);
	if (!r->finished)
		labrun_mark(r, r->front);
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
	labrun_count_faults(r, true, NULL);
	labrun_offpath_set(r, LABRUN_OFF_NONE, 0, "");
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
	unsigned		 flags = 0, gen = r->off_gen;
	size_t			 i;
	bool			 met, all = true;

	if (r->finished || r->front >= r->lab->n_steps)
		return 0;
	labrun_count_faults(r, true, s);
	labrun_offpath_commands(r);
	if (r->off_kind != LABRUN_OFF_NONE && labrun_offpath_undone(r, s))
		labrun_offpath_set(r, LABRUN_OFF_NONE, 0, "");
	if (r->off_gen != gen)
		flags |= LABRUN_OFFPATH;
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
		snprintf(err, len, "%s", _("the lab is finished"));
		return -1;
	}
	st = &r->lab->steps[r->front];
	rs = &r->st[r->front];
	if (st->quiz == NULL) {
		snprintf(err, len, _("step %zu has no quiz"), r->front + 1);
		return -1;
	}
	if (quiz_check(st->quiz, answer, right) != 0) {
		/* TRANSLATORS: what the student typed, then the last
		 * choice's letter. */
		snprintf(err, len, _("'%s' is not one of the choices (a-%c)"),
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

void
labrun_rewound(struct labrun *r, struct console *c, int64_t from_ms)
{
	struct labrun_step	*rs;
	struct labrun_obs	 o;

	if (r->c->witness_arg == r)
		console_set_witness(r->c, NULL, NULL);
	r->c = c;
	console_set_witness(c, labrun_witness, r);
	/* The new cluster's events so far replay what was journaled. */
	r->ev_seen = 0;
	labrun_count_faults(r, false, NULL);
	if (r->finished || r->front >= r->lab->n_steps)
		return;
	rs = &r->st[r->front];
	memset(rs->met, 0, r->lab->steps[r->front].n_expect * sizeof *rs->met);
	rs->rewinds++;
	labrun_mark(r, r->front);
	memset(&o, 0, sizeof o);
	o.kind = LABRUN_OBS_REWIND;
	o.step = r->front;
	o.ms = from_ms;
	labrun_tell(r, &o);
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
