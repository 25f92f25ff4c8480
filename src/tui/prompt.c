/*
 * prompt.c - the prompt line: the console, a console producer's
 * messages, the student's name (a quiz's answer has a mode of its own,
 * answer.c, with its own line).
 *
 * DESIGN
 * A prompt is a mode (mode.h) that owns the status line and takes every
 * key into one line editor (lineedit.h): the console prompt (`:`, Tab
 * completes, Up/Down walk the history), the message prompt of a console
 * producer waiting for `> ` lines and the student's name before the
 * first export.  The three are three modes with
 * one key handler and one drawing; only one is open at a time, and a
 * prompt that changes kind (the console starting a producer) takes the
 * old one's place on the stack, under a popup if one opened meanwhile.
 * As with vim's `:`, Enter runs the console's line and closes the prompt,
 * so the screen's keys (which the labs ask for) work again; `:` reopens
 * it, Up walks the history.  A line that could not run stays open for
 * editing.  Ctrl-C closes a prompt (ending a console producer, as it
 * ends Kafka's); it never leaves the screen from here.
 */

#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal/student.h"
#include "tui/complete.h"
#include "tui/mode.h"
#include "tui/tui-int.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

static bool prompt_key(struct tui *, wint_t, bool);
static void prompt_draw_line(struct tui *, int);

static const struct tui_mode prompt_console = {
	.key = prompt_key, .draw_line = prompt_draw_line,
};
static const struct tui_mode prompt_producer = {
	.key = prompt_key, .draw_line = prompt_draw_line,
};
static const struct tui_mode prompt_student = {
	.key = prompt_key, .draw_line = prompt_draw_line,
};
static const struct tui_mode prompt_student_id = {
	.key = prompt_key, .draw_line = prompt_draw_line,
};

static const struct tui_mode *const prompt_modes[] = {
	[PR_CONSOLE] = &prompt_console,
	[PR_PRODUCER] = &prompt_producer,
	[PR_STUDENT] = &prompt_student,
	[PR_STUDENT_ID] = &prompt_student_id,
};

enum tui_prompt
tui_prompt_kind(const struct tui *t)
{
	size_t	i;

	for (i = 0; i < sizeof prompt_modes / sizeof prompt_modes[0]; i++)
		if (prompt_modes[i] != NULL && tui_mode_has(t, prompt_modes[i]))
			return (enum tui_prompt)i;
	return PR_NONE;
}

void
tui_prompt_open(struct tui *t, enum tui_prompt kind)
{
	enum tui_prompt	cur = tui_prompt_kind(t);

	tui_mode_replace(t, cur == PR_NONE ? NULL : prompt_modes[cur],
	    prompt_modes[kind]);
	t->dirty = true;
}

void
tui_prompt_close(struct tui *t)
{
	enum tui_prompt	cur = tui_prompt_kind(t);

	if (cur != PR_NONE)
		tui_mode_pop(t, prompt_modes[cur]);
	t->dirty = true;
}

/* `:` opens the console (the message prompt while a console producer
 * waits for lines). */
int
act_console(struct tui *t, int key)
{
	(void)key;
	tui_prompt_open(t, console_producer_pending(t->con) ? PR_PRODUCER :
	    PR_CONSOLE);
	t->output_shown = true;
	t->scroll[F_OUTPUT] = 0;
	return 1;
}

static void
tui_prompt_complete(struct tui *t)
{
	struct complete_result	 res;
	const char		*topics[256];
	size_t			 n = 0, i;
	char			 list[256];
	size_t			 o = 0;

	for (i = 0; i < t->snap.ctrl_image.n_topics && n < 256; i++)
		topics[n++] = t->snap.ctrl_image.topics[i].name;
	complete_line(&t->le, topics, n, t->snap.n_brokers, &res);
	if (res.n > 1 && res.inserted == 0) {
		list[0] = '\0';
		for (i = 0; i < (size_t)res.n && o + 2 < sizeof list; i++)
			o += (size_t)snprintf(list + o, sizeof list - o, "%s ",
			    res.cand[i]);
		tui_status(t, R_DIM, "%s", list);
	}
}

/* Enter on the name, then on the id: the name must be given, the id may
 * be left empty; both are remembered for later sessions
 * (journal/student.h), then the export runs. */
static void
tui_prompt_student(struct tui *t, enum tui_prompt kind, char *line)
{
	char	*s = line, *end, err[512];

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	lineedit_clear(&t->le);
	if (kind == PR_STUDENT) {
		if (*s == '\0') {
			tui_status(t, R_WARN, "%s", _("type your name, then "
			    "Enter (Esc cancels)"));
			return;
		}
		slog_set_student(t->log, s);
		tui_prompt_close(t);
		tui_prompt_open(t, PR_STUDENT_ID);
		return;
	}
	slog_set_student_id(t->log, s);
	tui_prompt_close(t);
	if (student_remember(t->log->meta.student, t->log->meta.student_id,
	    err, sizeof err) != 0)
		tui_status(t, R_WARN, _("your name is not remembered for the "
		    "next lab (%s)"), err);
	tui_export_finish(t);
}

static void
tui_prompt_enter(struct tui *t)
{
	char		line[LINEEDIT_MAX + 1], echo[LINEEDIT_MAX + 3];
	enum tui_prompt	kind = tui_prompt_kind(t);
	int		rc;

	memcpy(line, t->le.buf, t->le.len + 1);
	if (kind == PR_STUDENT || kind == PR_STUDENT_ID) {
		tui_prompt_student(t, kind, line);
		return;
	}
	t->scroll[F_OUTPUT] = 0;
	if (kind == PR_PRODUCER) {
		tui_lines_write(&t->output, ">", 1, R_DIM);
		tui_lines_write(&t->output, line, strlen(line), R_DIM);
		tui_lines_write(&t->output, "\n", 1, R_DIM);
		lineedit_clear(&t->le);
		/* Sent through the request: an acks=all message waiting for
		 * a cut-off follower does not stop the screen. */
		tui_request_feed(t, line);
		return;
	}
	if (line[0] == '\0')
		return;
	lineedit_history_add(&t->le, line);
	if (t->wait.pending != NULL) {
		/* It runs once the wait is over. */
		t->wait.queue = xreallocarray(t->wait.queue,
		    t->wait.n_queue + 1, sizeof t->wait.queue[0]);
		t->wait.queue[t->wait.n_queue++] = xstrdup(line);
		lineedit_clear(&t->le);
		snprintf(echo, sizeof echo, "> %s", line);
		tui_lines_add(&t->output, echo, R_DIM);
		tui_lines_add(&t->output, _("  (queued until the wait is over)"),
		    R_DIM);
		tui_prompt_close(t);
		return;
	}
	tui_lines_add(&t->output, "", R_NORMAL);
	snprintf(echo, sizeof echo, "$ %s", line);
	tui_lines_add(&t->output, echo, R_FOCUS);
	if ((rc = tui_exec_typed(t, line)) < 0) {
		/* Keep the line for editing; the error is shown above. */
		return;
	}
	lineedit_clear(&t->le);
	/* rc 1: the line goes on running (request.c), the console is its
	 * until it is done. */
	if (rc == 0 && console_producer_pending(t->con))
		tui_prompt_producer(t);
	else {
		/* As vim's `:`: the line ran, the screen's keys are back
		 * (a lab's next instruction is often a key); `:` reopens
		 * the prompt with Up for the history. */
		tui_prompt_close(t);
	}
}

void
tui_prompt_producer(struct tui *t)
{
	tui_prompt_open(t, PR_PRODUCER);
	tui_status(t, R_NORMAL, "%s", _("type messages, Enter sends each; "
	    "Ctrl-D, Esc or Ctrl-C ends the producer"));
}

/* A key that edits the line: cursor moves, deletions, a character.
 * Returns false for the keys the prompt gives a meaning (Enter, Esc,
 * Ctrl-C, Ctrl-D, Tab, Up/Down, PgUp/PgDn). */
bool
tui_prompt_edit(struct lineedit *le, wint_t wc, bool is_key)
{
	if (is_key) {
		switch (wc) {
		case KEY_LEFT:	lineedit_left(le); return true;
		case KEY_RIGHT:	lineedit_right(le); return true;
		case KEY_HOME:	lineedit_home(le); return true;
		case KEY_END:	lineedit_end(le); return true;
		case KEY_BACKSPACE: lineedit_backspace(le); return true;
		case KEY_DC:	lineedit_delete(le); return true;
		default:	return false;
		}
	}
	switch (wc) {
	case 27:	/* Esc */
	case 4:		/* Ctrl-D */
	case 3:		/* Ctrl-C */
	case '\r':
	case '\n':
	case '\t':
		return false;
	case 127:
	case 8:
		lineedit_backspace(le);
		return true;
	case 1:		/* Ctrl-A */
		lineedit_home(le);
		return true;
	case 5:		/* Ctrl-E */
		lineedit_end(le);
		return true;
	case 2:		/* Ctrl-B */
		lineedit_left(le);
		return true;
	case 6:		/* Ctrl-F */
		lineedit_right(le);
		return true;
	case 21:	/* Ctrl-U */
		lineedit_kill_start(le);
		return true;
	case 11:	/* Ctrl-K */
		lineedit_kill_end(le);
		return true;
	case 23:	/* Ctrl-W */
		lineedit_kill_word(le);
		return true;
	default:
		lineedit_insert(le, (uint32_t)wc);	/* filters controls */
		return true;
	}
}

/* Esc, Ctrl-C or Ctrl-D: a console producer ends (Ctrl-D keeps the
 * console open; Ctrl-C ends it as it ends Kafka's console producer), Ctrl-D
 * on a line deletes, the student prompt cancels its export; otherwise the
 * prompt closes.  Ctrl-C never leaves the screen from a prompt. */
static void
prompt_escape(struct tui *t, wint_t wc)
{
	struct lineedit	*le = &t->le;
	enum tui_prompt	 kind = tui_prompt_kind(t);

	if (kind == PR_PRODUCER) {
		t->sink = S_OUTPUT;
		console_producer_end(t->con);
		tui_lines_add(&t->output, _("(producer ended)"), R_DIM);
		kind = PR_CONSOLE;
		tui_prompt_open(t, kind);
		lineedit_clear(le);
		if (wc == 4)
			return;
	}
	if (wc == 4 && le->len > 0) {
		lineedit_delete(le);
		return;
	}
	if (wc == 3)
		lineedit_clear(le);	/* as a shell drops the line */
	if (kind == PR_STUDENT || kind == PR_STUDENT_ID) {
		t->export.after = TUI_AFTER_STAY;
		lineedit_clear(le);
		tui_status(t, R_NORMAL, "%s", _("export cancelled"));
	}
	tui_prompt_close(t);
}

/* Every key goes into the line (the prompt takes them all). */
static bool
prompt_key(struct tui *t, wint_t wc, bool is_key)
{
	struct lineedit	*le = &t->le;
	enum tui_prompt	 kind = tui_prompt_kind(t);

	t->dirty = true;
	if (tui_prompt_edit(le, wc, is_key))
		return true;
	if (is_key) {
		switch (wc) {
		case KEY_UP:
			if (kind == PR_CONSOLE)
				lineedit_history_up(le);
			break;
		case KEY_DOWN:
			if (kind == PR_CONSOLE)
				lineedit_history_down(le);
			break;
		case KEY_ENTER:
			tui_prompt_enter(t);
			break;
		case KEY_PPAGE:
			t->scroll[F_OUTPUT] += 5;
			break;
		case KEY_NPAGE:
			t->scroll[F_OUTPUT] = t->scroll[F_OUTPUT] > 5 ?
			    t->scroll[F_OUTPUT] - 5 : 0;
			break;
		default:
			break;
		}
		return true;
	}
	switch (wc) {
	case 27:	/* Esc */
	case 4:		/* Ctrl-D */
	case 3:		/* Ctrl-C */
		prompt_escape(t, wc);
		break;
	case '\r':
	case '\n':
		tui_prompt_enter(t);
		break;
	case '\t':
		if (kind == PR_CONSOLE)
			tui_prompt_complete(t);
		break;
	}
	return true;
}

/* The prompt pr, then le's line scrolled so the cursor stays visible,
 * skipping whole characters only; the cursor shows. */
void
tui_prompt_draw(struct tui *t, int y, const char *pr,
    const struct lineedit *le)
{
	int	 pw = utf8_width(pr), avail = t->w - 1 - pw, cx, start = 0;
	size_t	 skip = 0;

	draw_text(t, y, 0, pw, pr, tui_attr(t, R_FOCUS));
	cx = lineedit_cursor_col(le);
	if (cx > avail - 1) {
		skip = utf8_bytes_for_width(le->buf, cx - (avail - 1));
		if (utf8_width_n(le->buf, skip) < cx - (avail - 1))
			skip = utf8_bytes_for_width(le->buf,
			    cx - (avail - 1) + 1);
		start = utf8_width_n(le->buf, skip);
	}
	draw_text(t, y, pw, avail, le->buf + skip, A_NORMAL);
	move(y, pw + cx - start);
	curs_set(1);
}

static void
prompt_draw_line(struct tui *t, int y)
{
	enum tui_prompt	 kind = tui_prompt_kind(t);

	tui_prompt_draw(t, y, kind == PR_CONSOLE ? ": " :
	    kind == PR_STUDENT ? _("export: your name> ") :
	    kind == PR_STUDENT_ID ? _("export: your student id (Enter: "
	    "none)> ") : "> ", &t->le);
}
