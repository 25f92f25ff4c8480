/*
 * labsolve.c - running solutions headless, and the checks only a run can
 * make.
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/cmd.h"
#include "console/console.h"
#include "console/keys.h"
#include "console/script.h"
#include "lab/labrun.h"
#include "lab/labsolve.h"
#include "model/settings.h"
#include "sim/sim.h"
#include "util/xmalloc.h"

#define LABSOLVE_STEP_TIMEOUT_MS 120000

struct labsolve {
	const struct lab		*lab;
	const struct labsolve_opts	*o;
	FILE				*out;
	struct sim			*sim;
	struct engine			*e;
	struct console			*c;
	struct labrun			*r;
	struct keys_sel			 sel;
	bool				 sel_set;
	int				 errors;
};

static void
labsolve_write(void *arg, int fd, const char *s, size_t n)
{
	struct labsolve	*ls = arg;

	/* A student's script shows what it printed, as a headless script
	 * does; solutions only with --echo. */
	if (ls->o->script != NULL && fd == 2) {
		fflush(ls->out);
		fwrite(s, 1, n, stderr);
	} else if (ls->o->echo || ls->o->script != NULL)
		fwrite(s, 1, n, ls->out);
}

static void
labsolve_error(struct labsolve *ls, int line, int col, const char *fmt, ...)
    ISRLAB_PRINTFLIKE(4, 5);

static void
labsolve_error(struct labsolve *ls, int line, int col, const char *fmt, ...)
{
	va_list	ap;

	fflush(ls->out);
	fprintf(stderr, "%s:%d:%d: ", ls->lab->path, line, col);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	ls->errors++;
}

/* --- names (check) ------------------------------------------------------- */

static bool
labsolve_topic_exists(const struct snapshot *s, const char *topic,
    int partition)
{
	const struct topic_reg	*t = image_topic(&s->ctrl_image, topic);

	return t != NULL && (partition < 0 || partition < t->n_partitions);
}

/* The column of word in text (1-based from col), or col. */
static int
labsolve_col(const struct lab_cmd *cmd, const char *word)
{
	const char	*p = strstr(cmd->text, word);

	return cmd->col + (p != NULL ? (int)(p - cmd->text) : 0);
}

static void
labsolve_check_cmd(struct labsolve *ls, const struct lab_cmd *cmd)
{
	struct words	 w = WORDS_INIT;
	struct snapshot	 s;
	const char	*topic = NULL, *v;
	char		 err[256];
	size_t		 i;
	int		 container;
	bool		 create = false, missing = false, topics = false;

	if (words_split(cmd->text, &w, err, sizeof err) != 0)
		return;
	cmd_normalize(&w, &container, NULL, 0, false);
	if (w.n == 0) {
		words_free(&w);
		return;
	}
	for (i = 1; i < w.n; i++) {
		if (strcmp(w.v[i], "--create") == 0)
			create = true;
		else if (strcmp(w.v[i], "topics") == 0)
			topics = true;
		else if ((v = cmd_option(&w, &i, "--topic", &missing)) != NULL)
			topic = v;
		else if (topics && (v = cmd_option(&w, &i, "--entity-name",
		    &missing)) != NULL)
			topic = v;
	}
	if ((strcmp(w.v[0], "produce") == 0 || strcmp(w.v[0], "consume") ==
	    0 || strcmp(w.v[0], "describe") == 0) && w.n > 1 &&
	    w.v[1][0] != '-')
		topic = w.v[1];
	if (topic != NULL && !create) {
		ls->e->ops->snapshot(ls->e, &s);
		if (!labsolve_topic_exists(&s, topic, -1))
			labsolve_error(ls, cmd->line, labsolve_col(cmd, topic),
			    "unknown topic '%s' (create it in a 'lab setup' "
			    "block first)", topic);
		snapshot_free(&s);
	}
	words_free(&w);
}

struct labsolve_names {
	struct labsolve			*ls;
	const struct lab_expect		*x;
	const struct snapshot		*s;
};

static void
labsolve_name(void *arg, const char *topic, int partition, int broker)
{
	struct labsolve_names	*nm = arg;

	if (topic != NULL && !labsolve_topic_exists(nm->s, topic, -1))
		labsolve_error(nm->ls, nm->x->line, nm->x->col +
		    (int)(strstr(nm->x->text, topic) != NULL ?
		    strstr(nm->x->text, topic) - nm->x->text : 0),
		    "unknown topic '%s'", topic);
	else if (topic != NULL && !labsolve_topic_exists(nm->s, topic,
	    partition))
		labsolve_error(nm->ls, nm->x->line, nm->x->col,
		    "topic '%s' has no partition %d", topic, partition);
	if (topic == NULL && (broker < 1 || broker > nm->s->n_brokers))
		labsolve_error(nm->ls, nm->x->line, nm->x->col, "broker %d "
		    "does not exist (the lab has brokers 1-%d)", broker,
		    nm->s->n_brokers);
}

static void
labsolve_check_expect(struct labsolve *ls, const struct lab_step *st)
{
	struct labsolve_names	nm;
	struct snapshot		s;
	size_t			i;

	ls->e->ops->snapshot(ls->e, &s);
	nm.ls = ls;
	nm.s = &s;
	for (i = 0; i < st->n_expect; i++) {
		nm.x = &st->expect[i];
		cond_names(st->expect[i].cond, labsolve_name, &nm);
	}
	snapshot_free(&s);
}

/* --- solution lines ------------------------------------------------------ */

/* Press key as the screen does; -1 with the reason in err. */
static int
labsolve_key(struct labsolve *ls, const char *key, char *err, size_t len)
{
	const char	*hint;
	int		action;

	if (!ls->sel_set) {
		struct snapshot	s;

		ls->e->ops->snapshot(ls->e, &s);
		keys_sel_init(&ls->sel, &s);
		snapshot_free(&s);
		ls->sel_set = true;
	}
	action = keys_press(ls->c, key, &ls->sel, err, len);
	if (action < 0) {
		char	*why = xstrdup(err);

		snprintf(err, len, "key %s: %s", key, why);
		free(why);
		return -1;
	}
	if (action == KEYS_LAB) {
		if (strcmp(key, "n") == 0 && labrun_next(ls->r, err, len) < 0)
			return -1;
		if (strcmp(key, "b") == 0)
			labrun_back(ls->r);
		/* A student's script asks for the hint as the screen's t
		 * does (journaled); solutions show it only with --echo. */
		if (strcmp(key, "t") == 0 && (ls->o->echo ||
		    ls->o->script != NULL) &&
		    (hint = labrun_hint_show(ls->r)) != NULL)
			fprintf(ls->out, "hint: %s\n", hint);
	}
	return 0;
}

static int
labsolve_line(struct labsolve *ls, const struct lab_cmd *cmd)
{
	char		 err[512] = "";
	bool		 right;
	int		 rc;

	if (ls->o->echo)
		fprintf(ls->out, "%s%s\n", cmd->text[0] == '>' ? "" : "$ ",
		    cmd->text);
	if (strncmp(cmd->text, "key ", 4) == 0) {
		if (labsolve_key(ls, cmd->text + 4, err, sizeof err) != 0) {
			labsolve_error(ls, cmd->line, cmd->col, "%s", err);
			return -1;
		}
		return 0;
	}
	if (strncmp(cmd->text, "answer ", 7) == 0) {
		if (labrun_answer(ls->r, cmd->text + 7, &right, err,
		    sizeof err) != 0) {
			labsolve_error(ls, cmd->line, cmd->col, "%s", err);
			return -1;
		}
		if (!right) {
			labsolve_error(ls, cmd->line, cmd->col, "answer '%s' "
			    "is not the quiz's answer", cmd->text + 7);
			return -1;
		}
		return 0;
	}
	if (ls->o->check)
		labsolve_check_cmd(ls, cmd);
	rc = console_exec(ls->c, cmd->text, err, sizeof err);
	if (rc < 0) {
		labsolve_error(ls, cmd->line, cmd->col, "%s", err);
		return -1;
	}
	return 0;
}

/* --- the run ------------------------------------------------------------- */

static bool
labsolve_ready(const struct snapshot *s, void *arg)
{
	return labrun_ready(arg, s);
}

/* Poll the runner on a fresh snapshot; -1 on a setup error. */
static int
labsolve_poll(struct labsolve *ls)
{
	struct snapshot	s;
	char		err[512] = "";

	ls->e->ops->snapshot(ls->e, &s);
	labrun_poll(ls->r, &s, err, sizeof err);
	snapshot_free(&s);
	if (err[0] != '\0') {
		fflush(ls->out);
		fprintf(stderr, "%s\n", err);
		ls->errors++;
		return -1;
	}
	return 0;
}

static void
labsolve_report(struct labsolve *ls, size_t i, bool ok)
{
	const struct lab_step	*st = &ls->lab->steps[i];
	struct snapshot		 s;
	struct strbuf		 why = STRBUF_INIT;
	size_t			 j;
	int64_t			 ms = labrun_step_ms(ls->r, i,
				    ls->e->ops->now(ls->e));

	if (ls->o->check)
		return;
	fprintf(ls->out, "%s %zu/%zu %s (%.1fs)", ok ? "✔" : "✘", i + 1,
	    ls->lab->n_steps, lab_str_get(&st->title, ls->o->lang),
	    (double)ms / 1000.0);
	if (!ok) {
		ls->e->ops->snapshot(ls->e, &s);
		for (j = 0; j < st->n_expect && why.len == 0; j++)
			cond_format_failing(st->expect[j].cond, &s, ls->c,
			    &why);
		if (why.len == 0 && st->quiz != NULL)
			strbuf_adds(&why, "quiz not answered");
		fprintf(ls->out, ": not met: %s", strbuf_cstr(&why));
		snapshot_free(&s);
	}
	fputc('\n', ls->out);
	strbuf_free(&why);
}

/* Whether every expectation of step i already holds as the step begins
 * (its setup ran, nothing of its solution did): such a step completes
 * with nothing done, so it teaches nothing.  Reported, not fatal, so
 * --check-lab lists every such step in one go. */
static void
labsolve_check_vacuous(struct labsolve *ls, size_t i)
{
	const struct lab_step	*st = &ls->lab->steps[i];
	struct snapshot		 s;
	size_t			 j;
	bool			 all = true;

	if (st->n_expect == 0 || ls->r->front != i)
		return;
	ls->e->ops->snapshot(ls->e, &s);
	for (j = 0; j < st->n_expect && all; j++)
		all = cond_eval(st->expect[j].cond, &s, ls->c);
	snapshot_free(&s);
	if (!all)
		return;
	fflush(ls->out);
	fprintf(stderr, "%s:%d: step %zu: expectation already true before "
	    "the step\n", ls->lab->path, st->expect[0].line, i + 1);
	ls->errors++;
}

static int
labsolve_step(struct labsolve *ls, size_t i)
{
	const struct lab_step	*st = &ls->lab->steps[i];
	int64_t			 tmo = ls->o->step_timeout_ms > 0 ?
				    ls->o->step_timeout_ms :
				    LABSOLVE_STEP_TIMEOUT_MS;
	char			 err[512] = "";
	size_t			 j;

	labsolve_check_vacuous(ls, i);
	for (j = 0; j < st->n_solution; j++) {
		if (labsolve_line(ls, &st->solution[j]) != 0)
			return 2;
		if (ls->r->front != i)
			break;		/* `key n` moved on */
	}
	console_producer_end(ls->c);
	if (ls->o->check)
		labsolve_check_expect(ls, st);
	if (ls->r->front == i && lab_step_read_only(st) &&
	    labrun_next(ls->r, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (ls->r->front == i && labsolve_poll(ls) != 0)
		return 2;
	if (ls->r->front == i) {
		ls->e->ops->run_until(ls->e, labsolve_ready, ls->r, tmo);
		if (labsolve_poll(ls) != 0)
			return 2;
	}
	if (ls->r->front == i) {
		labsolve_report(ls, i, false);
		if (!ls->o->check)
			return 1;
		if (labrun_skip(ls->r, err, sizeof err) < 0) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		return 0;
	}
	labsolve_report(ls, i, true);
	return 0;
}

/* --- a student's script ------------------------------------------------- */

/* script_opts.exec: one line of the student's script, then the runner
 * judges the cluster. */
static int
labsolve_script_line(void *arg, const char *line, char *err, size_t len)
{
	struct labsolve	*ls = arg;
	bool		 right;
	int		 rc = 0;

	if (strncmp(line, "answer ", 7) == 0)
		rc = labrun_answer(ls->r, line + 7, &right, err, len) != 0 ?
		    -1 : 0;
	else if (strncmp(line, "key ", 4) == 0)
		rc = labsolve_key(ls, line + 4, err, len);
	else
		rc = console_exec(ls->c, line, err, len);
	if (rc >= 0 && labsolve_poll(ls) != 0) {
		snprintf(err, len, "the lab's setup failed");
		return -1;
	}
	return rc;
}

static int
labsolve_script(struct labsolve *ls)
{
	struct script_opts	so;

	memset(&so, 0, sizeof so);
	so.echo = ls->o->echo;
	so.exec = labsolve_script_line;
	so.exec_arg = ls;
	if (labsolve_poll(ls) != 0)
		return 2;
	return script_run(ls->c, ls->o->script, ls->o->script_name, &so);
}

int
labsolve_run(const struct lab *lab, const struct labsolve_opts *o,
    FILE *out)
{
	struct labsolve		 ls;
	struct settings		 set;
	const char		*racks[ISR_MAX_BROKERS];
	char			 err[512] = "";
	size_t			 i;
	int			 rc = 0, b;

	memset(&ls, 0, sizeof ls);
	ls.lab = lab;
	ls.o = o;
	ls.out = out;
	for (b = 0; b < lab->brokers; b++)
		racks[b] = lab->racks[b];
	settings_defaults(&set, o->kafka_timings);
	if (o->profile_given)
		set.profile = o->profile;
	lab_settings(lab, o->profile_given, &set);
	if (o->engine != NULL)
		ls.e = o->engine;
	else {
		ls.sim = sim_new(lab->brokers, o->seed, &set,
		    lab->has_racks ? racks : NULL);
		ls.e = sim_engine(ls.sim);
	}
	ls.c = console_new(ls.e, labsolve_write, &ls);
	ls.r = labrun_new(lab, ls.c, o->lang);
	if (o->session != NULL)
		o->session(o->session_arg, LABSOLVE_BEGIN, ls.e, ls.c, ls.r, 0);
	if (labrun_start(ls.r, err, sizeof err) != 0) {
		fflush(out);
		fprintf(stderr, "%s\n", err);
		rc = 2;
		goto out;
	}
	if (o->script != NULL)
		rc = labsolve_script(&ls);
	else
		for (i = 0; i < lab->n_steps && rc == 0; i++)
			rc = labsolve_step(&ls, i);
	if (rc == 0 && ls.errors > 0)
		rc = 2;
	if (rc == 0 && !o->check)
		fprintf(out, "%s: %zu/%zu steps done in %.1fs of lab time\n",
		    lab->id, labrun_done_count(ls.r), lab->n_steps,
		    (double)ls.e->ops->now(ls.e) / 1000.0);
out:
	fflush(out);
	if (o->session != NULL)
		o->session(o->session_arg, LABSOLVE_END, ls.e, ls.c, ls.r, rc);
	labrun_free(ls.r);
	console_free(ls.c);
	if (ls.sim != NULL)
		sim_free(ls.sim);
	return rc;
}
