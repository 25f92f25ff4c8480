/*
 * answer.c - the quiz's answer: an input mode of its own, with its own
 * line.
 *
 * DESIGN
 * While the current step's quiz waits, the lab's mode (labpane.c) takes
 * its choice letters and Enter, which pushes this mode: the answer line on
 * the status row, edited as a prompt is (tui_prompt_edit) but never the
 * console's line or history, so an answer can never run as a command and
 * a command never lands in a quiz.  Enter answers (tui_quiz_answer:
 * normalised, journaled, a hint after the first wrong try, the
 * explanation after a right one or the second try); the line stays open
 * for another try until the quiz is solved.  Esc or Ctrl-C closes it.
 * Runs on the UI thread only.
 */

#include "config.h"

#include <curses.h>

#include "tui/mode.h"
#include "tui/tui-int.h"

static bool answer_key(struct tui *, wint_t, bool);
static void answer_draw_line(struct tui *, int);

static const struct tui_mode answer_mode = {
	.key = answer_key, .draw_line = answer_draw_line,
};

void
tui_answer_open(struct tui *t)
{
	if (!tui_mode_has(t, &answer_mode)) {
		lineedit_clear(&t->answer);
		tui_mode_push(t, &answer_mode);
	}
	t->dirty = true;
}

bool
tui_answer_is_open(const struct tui *t)
{
	return tui_mode_has(t, &answer_mode);
}

static void
answer_enter(struct tui *t)
{
	if (t->answer.len == 0)
		return;
	if (tui_quiz_answer(t, t->answer.buf) != 0)
		return;		/* not one of the choices: fix the line */
	lineedit_clear(&t->answer);
	if (!tui_quiz_open(t))
		tui_mode_pop(t, &answer_mode);
}

/* Every key goes into the answer while the quiz waits. */
static bool
answer_key(struct tui *t, wint_t wc, bool is_key)
{
	if (!tui_quiz_open(t)) {
		/* The step moved on (b, a rewind): nothing to answer. */
		tui_mode_pop(t, &answer_mode);
		return false;
	}
	t->dirty = true;
	if (tui_prompt_edit(&t->answer, wc, is_key))
		return true;
	if ((is_key && wc == KEY_ENTER) || (!is_key && (wc == '\r' ||
	    wc == '\n')))
		answer_enter(t);
	else if (!is_key && (wc == 27 || wc == 3 || (wc == 4 &&
	    t->answer.len == 0)))
		tui_mode_pop(t, &answer_mode);
	else if (!is_key && wc == 4)
		lineedit_delete(&t->answer);
	return true;
}

static void
answer_draw_line(struct tui *t, int y)
{
	tui_prompt_draw(t, y, _("answer> "), &t->answer);
}
