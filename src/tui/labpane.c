/*
 * labpane.c - the lab on the screen: its runner, its keys, its pane.
 *
 * DESIGN
 * A lab (opt.lab) runs through a labrun (lab/labrun.h) polled once per
 * loop turn on the latest snapshot: expectations tick in the lab pane, a
 * step that holds completes with a flash and the next one is entered (its
 * setup runs through the same console), and the finish summary pops up
 * at the end.  n/b/t/u are the lab's keys (next, back, hint, rewind:
 * rewind.c).  While a quiz
 * waits, the lab's mode, pushed over play, takes its choice letters
 * (they win over a, b, c, d) and Enter, which opens the answer line,
 * a mode of its own (answer.c).
 *
 * The pane shows the current step's text, wrapped once per step and
 * width (on the first step the lab's introduction after it, I folds it),
 * and under it the foot: the last flash, the checklist of the step's
 * expectations, the quiz, the hint, and what to do next.  The text
 * scrolls with PgUp/PgDn whatever has the focus (and j/k with F_LAB
 * focus); the foot always shows.
 */

#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/cond.h"
#include "lab/quiz.h"
#include "tui/mode.h"
#include "tui/tui-int.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

static const struct tui_mode lab_mode;

bool
tui_lab_en(const struct tui *t)
{
	return t->opt.lang == LAB_EN;
}

bool
tui_quiz_open(const struct tui *t)
{
	const struct labrun	*r = t->run;

	return r != NULL && !r->finished && r->cur == r->front &&
	    r->front < r->lab->n_steps &&
	    r->lab->steps[r->front].quiz != NULL &&
	    !r->st[r->front].quiz_solved;
}

/* The finish summary: time per step, faults, quiz score. */
static void
tui_lab_summary(struct tui *t)
{
	const struct labrun	*r = t->run;
	const struct lab	*lab = t->lab;
	char			 line[512], title[96];
	int64_t			 now = t->e->ops->now(t->e), total = 0, ms;
	int			 faults = 0, quizzes = 0, right = 0, tw = 0, w,
				 q, rewinds = 0;
	size_t			 i;

	for (i = 0; i < lab->n_steps; i++) {
		w = utf8_width(lab_str_get(&lab->steps[i].title, t->opt.lang));
		if (w > tw)
			tw = w;
	}
	if (tw > 40)
		tw = 40;
	tui_lines_clear(&t->popup.lines);
	tui_lines_add(&t->popup.lines, lab_str_get(&lab->title, t->opt.lang),
	    R_TITLE);
	tui_lines_add(&t->popup.lines, "", R_NORMAL);
	for (i = 0; i < lab->n_steps; i++) {
		ms = labrun_step_ms(r, i, now);
		total += ms;
		faults += r->st[i].faults;
		rewinds += r->st[i].rewinds;
		q = -1;
		if (lab->steps[i].quiz != NULL && r->st[i].quiz_tries > 0) {
			q = r->st[i].quiz_first_right;
			quizzes++;
			right += q;
		} else if (lab->steps[i].quiz != NULL)
			quizzes++;
		labview_summary_row(i, lab->n_steps, lab_str_get(
		    &lab->steps[i].title, t->opt.lang), tw, r->st[i].done, ms,
		    r->st[i].faults, q, t->unicode, line, sizeof line);
		tui_lines_add(&t->popup.lines, line, r->st[i].done ? R_NORMAL :
		    R_DIM);
	}
	tui_lines_add(&t->popup.lines, "", R_NORMAL);
	snprintf(line, sizeof line, ngettext("%zu/%zu steps in %" PRId64 ".%"
	    PRId64 "s of lab time, %d fault injected", "%zu/%zu steps in %"
	    PRId64 ".%" PRId64 "s of lab time, %d faults injected", faults),
	    labrun_done_count(r), lab->n_steps, total / 1000,
	    (total % 1000) / 100, faults);
	tui_lines_add(&t->popup.lines, line, R_UP);
	if (quizzes > 0) {
		snprintf(line, sizeof line, _("quiz: %d/%d right at the "
		    "first try"), right, quizzes);
		tui_lines_add(&t->popup.lines, line, R_UP);
	}
	if (rewinds > 0) {
		snprintf(line, sizeof line, ngettext("a step rewound %d time "
		    "(u)", "steps rewound %d times (u)", rewinds), rewinds);
		tui_lines_add(&t->popup.lines, line, R_UP);
	}
	tui_lines_add(&t->popup.lines, "", R_NORMAL);
	tui_lines_add(&t->popup.lines, t->opt.picker ? _("q: back to the "
	    "lab list; any other key: stay and play on") :
	    _("any key closes; q quits"), R_DIM);
	snprintf(title, sizeof title, "%s", _("lab finished"));
	tui_popup_open(t, P_SUMMARY, title);
}

/* React to labrun flags; done is the step that was the front before. */
static void
tui_lab_flags(struct tui *t, unsigned flags, size_t done)
{
	const struct lab	*lab = t->lab;

	if (flags == 0)
		return;
	t->dirty = true;
	if ((flags & LABRUN_DONE) && done < lab->n_steps) {
		snprintf(t->lab_pane.flash, sizeof t->lab_pane.flash,
		    "%s %zu/%zu %s: %s",
		    labview_mark(true, t->unicode), done + 1, lab->n_steps, _("done"), lab_str_get(&lab->steps[done].title,
		    t->opt.lang));
		t->lab_pane.flash_until = t->now_real + TUI_LAB_FLASH_MS;
		if (t->lab_pane.note[0] != '\0' &&
		    t->lab_pane.note_step == done)
			t->lab_pane.note_until = t->now_real + TUI_LAB_NOTE_MS;
	}
	if (flags & (LABRUN_ENTERED | LABRUN_FINISHED)) {
		t->lab_pane.text_w = 0;
		t->scroll[F_LAB] = 0;
	}
	if (flags & LABRUN_FINISHED)
		tui_lab_summary(t);
}

/* Run a runner call's setup output into the console pane's history. */
void
tui_lab_poll(struct tui *t)
{
	char		err[512] = "";
	enum tui_sink	old = t->sink;
	size_t		front;
	unsigned	flags;

	if (t->run == NULL || t->run->finished || !t->have_snap)
		return;
	front = t->run->front;
	t->sink = S_OUTPUT;
	flags = labrun_poll(t->run, &t->snap, err, sizeof err);
	tui_lines_flush(&t->output);
	t->sink = old;
	if (err[0] != '\0')
		tui_status(t, R_DOWN, "%s", err);
	if (flags & LABRUN_ENTERED)
		tui_model_update(t, true);
	tui_lab_flags(t, flags, front);
}

/* The lab's runner, not started yet (the journal observes it first). */
void
tui_lab_new(struct tui *t)
{
	t->lab = t->opt.lab;
	if (t->lab == NULL)
		return;
	/* TRANSLATORS: the header's lab: its number and its title. */
	snprintf(t->lab_pane.title, sizeof t->lab_pane.title, _("Lab %02d %s"),
	    lab_number(t->lab), lab_str_get(&t->lab->title, t->opt.lang));
	t->opt.title = t->lab_pane.title;
	t->run = labrun_new(t->lab, t->con, t->opt.lang);
	tui_mode_push(t, &lab_mode);
}

void
tui_lab_start(struct tui *t)
{
	char	err[512] = "";

	if (t->run == NULL)
		return;
	t->sink = S_OUTPUT;
	if (labrun_start(t->run, err, sizeof err) != 0)
		tui_status(t, R_DOWN, "%s", err);
	tui_lines_flush(&t->output);
	t->lab_pane.text_w = 0;
	tui_model_update(t, true);
}

/* Answer the current quiz with text: right, the explanation; wrong the
 * first time, a hint (the step's first level, when it has more than the
 * one that gives the answer away) and another try; wrong again, the
 * explanation, which gives the answer away.  labrun journals each try. */
int
tui_quiz_answer(struct tui *t, const char *text)
{
	const struct lab_quiz	*q;
	struct strbuf		 sb = STRBUF_INIT;
	char			 err[256];
	bool			 right, hinted = false;
	const char		*ex, *mark;
	size_t			 level, levels;
	int			 tries;

	if (!tui_quiz_open(t))
		return -1;
	q = t->lab->steps[t->run->front].quiz;
	if (labrun_answer(t->run, text, &right, err, sizeof err) != 0) {
		tui_status(t, R_WARN, "%s", err);
		return -1;
	}
	tries = t->run->st[t->run->front].quiz_tries;
	mark = right ? labview_mark(true, t->unicode) : t->unicode ? "✘" :
	    "[!]";
	if (!right && tries == 1 && labrun_hint_current(t->run, &level,
	    &levels) == NULL && levels >= 2)
		hinted = labrun_hint_show(t->run) != NULL;
	ex = lab_str_get(&q->explain, t->opt.lang);
	/* TRANSLATORS: the quiz's verdicts: the mark, then what the
	 * student answered. */
	if (right)
		strbuf_printf(&sb, _("%s Right! (%s)"), mark, text);
	else if (tries == 1 && hinted)
		strbuf_printf(&sb, _("%s Not quite (%s). Read the hint below "
		    "and try again."), mark, text);
	else if (tries == 1 || ex[0] == '\0')
		strbuf_printf(&sb, _("%s Not quite (%s). Try again."), mark,
		    text);
	else
		strbuf_printf(&sb, _("%s Not right (%s). Read why, then answer "
		    "again:"), mark, text);
	/* The explanation gives the answer away: only once it is right,
	 * or after a second wrong try. */
	if (ex[0] != '\0' && (right || tries >= 2))
		strbuf_printf(&sb, " %s", ex);
	snprintf(t->lab_pane.note, sizeof t->lab_pane.note, "%s",
	    strbuf_cstr(&sb));
	strbuf_free(&sb);
	t->lab_pane.note_role = right ? R_UP : R_DOWN;
	t->lab_pane.note_step = t->run->front;
	t->lab_pane.note_until = 0;
	t->activity = true;
	t->dirty = true;
	tui_lab_poll(t);
	return 0;
}

/* Why the current step is not done: its first failing expectation. */
static void
tui_lab_why(struct tui *t, struct strbuf *why)
{
	const struct lab_step	*st = &t->lab->steps[t->run->front];
	size_t			 i;

	/* The first expectation not met, as the checklist says it: a
	 * sentence, not the condition's syntax. */
	for (i = 0; i < st->n_expect && why->len == 0; i++)
		if (!cond_eval(st->expect[i].cond, &t->snap, t->con))
			cond_describe(st->expect[i].cond, tui_lab_en(t), why);
	if (why->len == 0 && st->quiz != NULL &&
	    !t->run->st[t->run->front].quiz_solved)
		strbuf_adds(why, _("the quiz is not answered"));
}


/* n, b, t, u: the lab's next, back, hint and rewind. */
int
act_lab(struct tui *t, int key)
{
	struct strbuf	 why = STRBUF_INIT;
	char		 err[512] = "";
	const char	*hint;
	size_t		 front;
	int		 rc;

	if (t->run == NULL) {
		tui_status(t, R_WARN, "%s", t->opt.picker ? _("n/b/t/u are lab "
		    "keys: this is free play (q goes back to the lab list)") :
		    _("n/b/t/u are lab keys: this is free play"));
		return 1;
	}
	t->activity = true;
	switch (key) {
	case 'I':
		t->lab_pane.intro_folded = !t->lab_pane.intro_folded;
		t->lab_pane.text_w = 0;
		return 1;
	case 'n':
		if (t->run->finished && t->run->cur + 1 >= t->lab->n_steps) {
			tui_lab_summary(t);
			return 1;
		}
		front = t->run->front;
		rc = labrun_next(t->run, err, sizeof err);
		if (rc < 0) {
			tui_status(t, R_DOWN, "%s", err);
			return 1;
		}
		if (rc == 0) {
			tui_lab_why(t, &why);
			tui_status(t, R_WARN, "%s%s", _("not done yet: "),
			    strbuf_cstr(&why));
			strbuf_free(&why);
			return 1;
		}
		if (front != t->run->front || t->run->finished)
			tui_lab_flags(t, (unsigned)rc, front);
		else
			tui_lab_flags(t, (unsigned)rc & ~LABRUN_DONE, front);
		tui_model_update(t, true);
		return 1;
	case 'u':
		tui_lab_rewind(t);
		return 1;
	case 'b':
		if (labrun_back(t->run) == 0)
			tui_status(t, R_NORMAL, "%s", _("this is the first "
			    "step"));
		else {
			t->lab_pane.text_w = 0;
			t->scroll[F_LAB] = 0;
		}
		return 1;
	default:
		if ((hint = labrun_hint_show(t->run)) == NULL)
			tui_status(t, R_NORMAL, "%s", _("this step has no "
			    "hint"));
		return 1;
	}
}

/* ---- The lab's mode ----------------------------------------------------- */

/* While the quiz waits: a choice letter answers it, Enter opens the
 * answer line.  Other keys go to play. */
static bool
lab_key(struct tui *t, wint_t wc, bool is_key)
{
	char	ans[2];

	if (!tui_quiz_open(t))
		return false;
	if ((!is_key && (wc == '\r' || wc == '\n')) ||
	    (is_key && wc == KEY_ENTER)) {
		tui_answer_open(t);
		return true;
	}
	if (!is_key && wc >= 'a' && wc < (wint_t)('a' +
	    t->lab->steps[t->run->front].quiz->n_choices)) {
		ans[0] = (char)wc;
		ans[1] = '\0';
		console_key_add(t->con, ans);
		tui_quiz_answer(t, ans);
		return true;
	}
	return false;
}

static const struct tui_mode lab_mode = { .key = lab_key };

/* ---- The lab pane ------------------------------------------------------- */

/* A foot line's role rides in the high bits of its segments' attrs. */
#define DRAW_ROLE(r)	((unsigned)(r) << 16)

/* The curses attribute of a labview segment. */
static int
draw_lab_attr(struct tui *t, unsigned attrs)
{
	int	a = A_NORMAL;

	if (attrs >> 16)
		a |= tui_attr(t, (enum tui_role)(attrs >> 16));
	if (attrs & (LV_CODE | LT_MONO))
		a |= tui_attr(t, R_CODE);
	if (attrs & (LT_BOLD | LV_HEADING))
		a |= A_BOLD;
	if (attrs & (LT_EMPH | LT_LINK | LV_HEADING))
		a |= A_UNDERLINE;
	if (attrs & LV_DIM)
		a |= A_DIM;
	return a;
}

static void
draw_lab_line(struct tui *t, int y, int x, int w,
    const struct labview_line *l)
{
	size_t	i;
	int	cx = x;

	for (i = 0; i < l->n_segs && cx < x + w; i++)
		cx += draw_text(t, y, cx, x + w - cx, l->segs[i].text,
		    draw_lab_attr(t, l->segs[i].attrs));
}

/* The lines under the text: flash, checklist, quiz, hint, what to do. */
static void
draw_lab_foot(struct tui *t, struct labview *f, int w)
{
	const struct labrun	*r = t->run;
	const struct lab	*lab = t->lab;
	const struct lab_step	*st;
	const struct lab_quiz	*q;
	bool			 done, met;
	size_t			 cur = r->cur < lab->n_steps ? r->cur :
				    lab->n_steps - 1, i;
	char			 pre[64], *s;
	const char		*hint;
	size_t			 level, levels;

	if (t->lab_pane.flash[0] != '\0' && t->lab_pane.flash_until > 0)
		labview_add_para(f, "", 0, t->lab_pane.flash,
		    DRAW_ROLE(R_FLASH), w);
	if (t->lab_pane.note[0] != '\0' && t->lab_pane.note_step != cur &&
	    t->lab_pane.note_until > 0)
		labview_add_para(f, "", 0, t->lab_pane.note,
		    DRAW_ROLE(t->lab_pane.note_role), w);
	if (lab->n_steps == 0)
		return;
	st = &lab->steps[cur];
	done = r->st[cur].done;
	/* Off the step's path: what happened and how to get back. */
	if (r->offpath[0] != '\0' && cur == r->front)
		labview_add_para(f, "", 0, r->offpath, DRAW_ROLE(R_DOWN) |
		    LT_BOLD, w);
	for (i = 0; i < st->n_expect; i++) {
		/* A sentence, not the condition's syntax. */
		struct strbuf	said = STRBUF_INIT;

		met = done || r->st[cur].met[i];
		snprintf(pre, sizeof pre, "%s ", labview_mark(met,
		    t->unicode));
		cond_describe(st->expect[i].cond, tui_lab_en(t), &said);
		labview_add_para(f, pre, DRAW_ROLE(met ? R_UP : R_WARN) |
		    LT_BOLD, strbuf_cstr(&said), met ? 0 :
		    DRAW_ROLE(R_NORMAL), w);
		strbuf_free(&said);
	}
	if ((q = st->quiz) != NULL) {
		snprintf(pre, sizeof pre, "%s ", _("Q."));
		labview_add_para(f, pre, DRAW_ROLE(R_FOCUS),
		    lab_str_get(&q->question, t->opt.lang), LT_BOLD, w);
		for (i = 0; i < q->n_choices; i++) {
			snprintf(pre, sizeof pre, "  %c) ", (char)('a' + i));
			labview_add_para(f, pre, DRAW_ROLE(R_FOCUS) | LT_BOLD,
			    lab_str_get(&q->choices[i], t->opt.lang), 0, w);
		}
		if (t->lab_pane.note[0] != '\0' && t->lab_pane.note_step == cur)
			labview_add_para(f, "", 0, t->lab_pane.note,
			    DRAW_ROLE(t->lab_pane.note_role), w);
		else if (r->st[cur].quiz_solved)
			labview_add_para(f, "", 0, _("answered right"),
			    DRAW_ROLE(R_UP), w);
		/* How to answer, until the first try (then the answer
		 * line, its prompt on the status line, says it). */
		if (tui_quiz_open(t) && r->st[cur].quiz_tries == 0) {
			struct strbuf	forms = STRBUF_INIT;

			if (q->n_choices > 0)
				s = xasprintf(_("press a-%c to answer (Enter: "
				    "type it)"), (char)('a' + q->n_choices - 1));
			else
				s = xstrdup(tui_answer_is_open(t) ?
				    _("type your answer, then Enter (Esc: "
				    "later)") : _("press Enter and type your "
				    "answer"));
			labview_add_para(f, "", 0, s, DRAW_ROLE(R_DIM), w);
			free(s);
			quiz_forms(q, &forms);
			labview_add_para(f, "", 0, strbuf_cstr(&forms),
			    DRAW_ROLE(R_DIM), w);
			strbuf_free(&forms);
		}

	}
	if ((hint = labrun_hint_current(r, &level, &levels)) != NULL) {
		labview_hint_label(level, levels, pre, sizeof pre - 1);
		strcat(pre, " ");
		labview_add_para(f, pre, DRAW_ROLE(R_WARN) | LT_BOLD, hint,
		    DRAW_ROLE(R_WARN), w);
		if (level < levels)
			labview_add_para(f, "", 0, _("(t again: a more "
			    "specific hint)"), DRAW_ROLE(R_DIM), w);
	}
	if (r->finished)
		labview_add_para(f, "", 0, _("Lab finished. n: summary, "
		    "b: earlier steps, q: leave"), DRAW_ROLE(R_UP) | LT_BOLD, w);
	else if (cur < r->front)
		labview_add_para(f, "", 0, _("(done; n: forward)"), DRAW_ROLE(R_DIM), w);
	else if (lab_step_read_only(st))
		labview_add_para(f, "", 0, _("Read it, then press n for the "
		    "next step."),
		    DRAW_ROLE(R_DIM), w);
}

void
draw_lab(struct tui *t, int y, int x, int h, int w)
{
	static struct labview	 foot;
	const struct lab	*lab = t->lab;
	const struct labrun	*r = t->run;
	size_t			 cur, i;
	int			 iw = w - 3, rows = h - 2, text_rows, fn, max,
				 row;
	char			 title[512], more[64];

	if (r == NULL || lab == NULL || h < 3 || iw < 8)
		return;
	cur = r->cur < lab->n_steps ? r->cur : lab->n_steps - 1;
	if (lab->n_steps == 0)
		snprintf(title, sizeof title, _("lab: %s"),
		    lab_str_get(&lab->title, t->opt.lang));
	else
		labview_step_title(cur, lab->n_steps,
		    lab_str_get(&lab->steps[cur].title, t->opt.lang), title,
		    sizeof title);
	draw_box(t, y, x, h, w, title, t->focus == F_LAB);

	/* The step's text, wrapped once per step and width: the step's
	 * instructions first; on the first step the lab's introduction
	 * after them, folded to one line by I. */
	if (t->lab_pane.text_w != iw || t->lab_pane.text_step != cur) {
		labview_clear(&t->lab_pane.text);
		if (lab->n_steps > 0)
			labview_add_text(&t->lab_pane.text, lab_step_text(
			    &lab->steps[cur], t->opt.lang), iw, t->unicode);
		if (cur == 0) {
			const struct labtext	*in = &lab->intro[
			    t->opt.lang == LAB_EN &&
			    !labtext_empty(&lab->intro[LAB_EN]) ? LAB_EN :
			    LAB_KO];

			if (!labtext_empty(in)) {
				labview_add_blank(&t->lab_pane.text);
				labview_add_para(&t->lab_pane.text, "", 0,
				    t->lab_pane.intro_folded ?
				    _("+ About this lab (I shows it)") :
				    _("- About this lab (I folds it)"),
				    LV_DIM | LT_BOLD, iw);
				if (!t->lab_pane.intro_folded)
					labview_add_text(&t->lab_pane.text, in,
					    iw, t->unicode);
			}
		}
		t->lab_pane.text_w = iw;
		t->lab_pane.text_step = cur;
	}

	labview_clear(&foot);
	draw_lab_foot(t, &foot, iw);
	fn = (int)foot.n_lines;
	/* The foot (checklist, quiz, answer, hint) comes first; the text
	 * keeps at least a row and scrolls. */
	text_rows = rows - fn - 1;
	if (text_rows < 1)
		text_rows = 1;
	if (fn > rows - text_rows - 1)
		fn = rows - text_rows - 1 > 0 ? rows - text_rows - 1 : 0;
	if (fn == 0)
		text_rows = rows;
	t->lab_pane.text_h = text_rows;
	max = (int)t->lab_pane.text.n_lines - text_rows;
	if (max < 0)
		max = 0;
	if (t->scroll[F_LAB] > max)
		t->scroll[F_LAB] = max;
	for (row = 0; row < text_rows; row++) {
		i = (size_t)(t->scroll[F_LAB] + row);
		if (i >= t->lab_pane.text.n_lines)
			break;
		draw_lab_line(t, y + 1 + row, x + 2, iw,
		    &t->lab_pane.text.lines[i]);
	}
	if (max > 0) {
		snprintf(more, sizeof more, " %d%% %s ", max == 0 ? 100 :
		    t->scroll[F_LAB] * 100 / max, t->focus == F_LAB ?
		    "j/k PgUp/PgDn" : "PgUp/PgDn");
		draw_text(t, y + h - 1, x + w - 2 - utf8_width(more),
		    utf8_width(more), more, tui_attr(t, R_DIM));
	}
	if (fn > 0) {
		if (t->unicode)
			mvhline_set(y + 1 + text_rows, x + 1, WACS_HLINE, w - 2);
		else
			mvhline(y + 1 + text_rows, x + 1, '-', w - 2);
		for (row = 0; row < fn; row++)
			draw_lab_line(t, y + 2 + text_rows + row, x + 2, iw,
			    &foot.lines[row]);
	}
}

