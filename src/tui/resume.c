/*
 * resume.c - a session the terminal's death interrupted: the question at
 * the screen's start, and bringing the session back.
 *
 * DESIGN
 * A session's journal is written as it happens to its state file
 * (journal/statefile.h); a file left behind is an interrupted session.
 * The question comes before the picker and before any cluster exists, so
 * like the picker (picker.c) it has its own small loop rather than a mode
 * of a lab's stack: r resumes (main.c builds the session's cluster and
 * calls tui_run with opt->resume), e exports it as it was and says where,
 * n or Esc starts as usual.  tui_resume() then replays the recorded
 * commands and keys on the fresh cluster (journal/replay.h's
 * replay_apply, at their lab times), puts the lab runner at the step it
 * was on, and lets the journal go on in the same file.
 */

#include "config.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "journal/export.h"
#include "journal/replay.h"
#include "journal/statefile.h"
#include "tui/tui-int.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* The question's lines, centred, then msg (the export's answer) when
 * there is one. */
static void
tui_ask_resume_draw(const char *what, const char *msg)
{
	const char	*lines[8];
	const char	*p, *nl;
	int		 h, w, y, i, n = 0;

	erase();
	getmaxyx(stdscr, h, w);
	lines[n++] = _("isrlab was interrupted (the terminal closed?) with "
	    "a session in progress:");
	lines[n++] = what;
	lines[n++] = "";
	if (msg == NULL) {
		lines[n++] = _("r  resume it where it stopped");
		lines[n++] = _("e  export it as it was");
		lines[n++] = _("n  not now (asked again next time)");
	} else
		lines[n++] = _("Press any key.");
	y = (h - n - 4) / 2;
	for (i = 0; i < n; i++) {
		int	lw = utf8_width(lines[i]);

		mvaddstr(y + i, lw < w ? (w - lw) / 2 : 0, lines[i]);
	}
	for (p = msg, y += n + 1; p != NULL && *p != '\0' && y < h; p = nl,
	    y++) {
		nl = strchr(p, '\n');
		mvaddnstr(y, 2, p, nl != NULL ? (int)(nl - p) : -1);
		nl = nl != NULL ? nl + 1 : p + strlen(p);
	}
	refresh();
}

enum tui_resume_choice
tui_ask_resume(const struct tui_options *opt, const char *what,
    int (*export_fn)(void *arg, struct strbuf *msg), void *arg)
{
	enum tui_resume_choice	 choice = TUI_RESUME_LATER;
	struct strbuf		 msg = STRBUF_INIT;
	struct pollfd		 pfd;
	struct tui		 pt;
	bool			 answered = false;
	wint_t			 wc;
	int			 r;

	if (tui_term_begin(opt) != 0)
		return TUI_RESUME_LATER;
	memset(&pt, 0, sizeof pt);
	pt.opt = *opt;
	pt.g = layout_glyphs(false);
	tui_curses_look(&pt);
	tui_ask_resume_draw(what, NULL);
	while (!answered && !tui_interrupted()) {
		pfd.fd = STDIN_FILENO;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, 500) < 0 && errno != EINTR)
			break;
		while (!answered && (r = get_wch(&wc)) != ERR) {
			if (r == KEY_CODE_YES) {
				if (wc == KEY_RESIZE)
					tui_ask_resume_draw(what,
					    msg.len > 0 ? msg.s : NULL);
				continue;
			}
			if (msg.len > 0)
				answered = true;	/* any key */
			else if (wc == 'r' || wc == 'R') {
				choice = TUI_RESUME_YES;
				answered = true;
			} else if (wc == 'e' || wc == 'E') {
				choice = TUI_RESUME_EXPORT;
				if (export_fn(arg, &msg) != 0 || msg.len == 0)
					strbuf_adds(&msg, _("export failed"));
				tui_ask_resume_draw(what, msg.s);
			} else if (wc == 'n' || wc == 'N' || wc == 27 ||
			    wc == 'q')
				answered = true;
		}
	}
	tui_term_end();
	strbuf_free(&msg);
	return choice;
}

/* The current step's quiz answers and hints (t) again, before the
 * journal listens: the quiz's tries and the hint level as they were. */
static void
tui_resume_step(struct tui *t, const struct slog *log, size_t front)
{
	const struct slog_rec	*r;
	char			 err[256];
	bool			 right;
	size_t			 i;

	for (i = 0; i < log->n; i++) {
		r = &log->v[i];
		if (r->step < 0 || (size_t)r->step != front)
			continue;
		if (r->type == SLOG_QUIZ_ANSWER && r->text != NULL)
			(void)labrun_answer(t->run, r->text, &right, err,
			    sizeof err);
		else if (r->type == SLOG_HINT_SHOWN && !r->flag)
			(void)labrun_hint_show(t->run);
	}
}

/* Bring the interrupted session in t->opt.resume back: its commands and
 * keys again at their lab times on the fresh cluster (the threaded one
 * at top speed meanwhile), the lab runner at the step it was on (the
 * console marked when that step began), and its journal going on in the
 * same state file.  -1 (said on the status line) to start afresh. */
int
tui_resume(struct tui *t)
{
	struct engine		*e = t->e;
	struct slog		*log;
	struct replay_action	 a;
	struct keys_sel		 sel;
	const struct slog_rec	*r;
	int64_t			*started, *done, now;
	bool			*undone;
	size_t			 i, n, last_start = SIZE_MAX, front = 0;
	char			 err[1024];
	bool			 paused = false;
	double			 speed = 1.0;

	if (statefile_load(t->opt.resume, e, &log, NULL, err,
	    sizeof err) != 0) {
		tui_status(t, R_DOWN, "resume: %s", err);
		return -1;
	}
	n = t->lab != NULL ? t->lab->n_steps : 0;
	started = xcalloc(n + 1, sizeof *started);
	done = xcalloc(n + 1, sizeof *done);
	/* The console is marked where the current step (last) began, or
	 * was last rewound; what a rewind undid is not replayed. */
	for (i = 0; i < log->n; i++)
		if (log->v[i].type == SLOG_STEP_START ||
		    log->v[i].type == SLOG_REWIND)
			last_start = i;
	undone = xcalloc(log->n + 1, sizeof *undone);
	slog_undone(log, undone);
	if (!t->sim) {
		e->ops->get_clock(e, &paused, &speed);
		e->ops->set_speed(e, 50);
	}
	memset(&sel, 0, sizeof sel);
	t->sink = S_OUTPUT;
	for (i = 0; i < log->n; i++) {
		r = &log->v[i];
		memset(&a, 0, sizeof a);
		a.t_ms = r->t_ms;
		if (r->type == SLOG_STEP_START && r->step >= 0 &&
		    (size_t)r->step < n) {
			started[r->step] = r->t_ms;
			front = (size_t)r->step;
		} else if (r->type == SLOG_STEP_DONE && r->step >= 0 &&
		    (size_t)r->step < n) {
			done[r->step] = r->t_ms;
			front = (size_t)r->step + 1;
		}
		if (i == last_start) {
			/* `ran` and the rest count from the step's start. */
			now = e->ops->now(e);
			if (r->t_ms > now)
				e->ops->advance(e, r->t_ms - now);
			console_lab_mark(t->con);
		}
		if (undone[i])
			continue;
		if (r->type == SLOG_COMMAND && r->key == NULL) {
			a.kind = REPLAY_COMMAND;
			a.setup = r->source != NULL;
		} else if (r->type == SLOG_KEY) {
			a.kind = REPLAY_KEY;
			a.sel = r->sel;
		} else
			continue;
		a.text = r->text != NULL ? r->text : (char *)"";
		(void)replay_apply(NULL, t->con, &a, &sel, err, sizeof err);
	}
	if (log->n > 0 && (now = e->ops->now(e)) < log->v[log->n - 1].t_ms)
		e->ops->advance(e, log->v[log->n - 1].t_ms - now);
	if (!t->sim)
		e->ops->set_speed(e, speed);
	tui_lines_flush(&t->output);
	if (t->run != NULL) {
		labrun_resume(t->run, front, started, done);
		tui_resume_step(t, log, front);
	}
	free(started);
	free(done);
	free(undone);

	/* The journal goes on where it stopped. */
	slog_set_export_dir(log, t->opt.export_dir);
	if (t->opt.student != NULL)
		slog_set_student(log, t->opt.student);
	t->log = log;
	export_attach(t->log, t->con, t->run);
	t->sf = statefile_continue(log, t->opt.resume, err, sizeof err);
	tui_class_begin(t);
	if (t->sf == NULL)
		tui_status(t, R_DOWN, "resumed, but %s", err);
	else if (t->run != NULL && !t->run->finished)
		tui_status(t, R_UP, _("resumed at step %zu/%zu"), t->run->front + 1,
		    t->lab->n_steps);
	else
		tui_status(t, R_UP, _("resumed"));
	t->lab_pane.text_w = 0;
	tui_model_update(t, true);
	return 0;
}
