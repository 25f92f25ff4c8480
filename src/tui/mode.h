/*
 * mode.h - the screen's input modes, kept as a stack.
 *
 * DESIGN
 * What a key means depends on what is open: the same `y` answers a
 * question, goes into a prompt's line, or is an unknown key on the plain
 * screen.  As tmux does with a pane's modes, the screen keeps a stack of
 * modes, each a const table of what it does: how it takes a key and what
 * it draws.  The bottom is the session's own mode (play or replay, which
 * look keys up in the key table, console/keys.h); a lab pushes its mode
 * (quiz letters) over it; prompts and popups are pushed while they are
 * open and popped when they close.
 *
 * A key goes to the top mode first; a mode that does not take it returns
 * false and the mode below gets it.  A few keys belong to the screen
 * itself and never reach a mode: a resize, a mouse click, and every key
 * but q, Ctrl-C and a question's answer while the terminal is too small
 * (tui_key, loop.c).  Ctrl-C is a key like the others: a prompt closes,
 * the plain screen asks what q asks.
 *
 * A frame is painted from the bottom up: draw_frame() paints the panes,
 * then each mode's draw() over it (a popup), then the status line, which
 * the topmost mode that has a draw_line() owns (a prompt); without one it
 * shows the status message.  A new mode (a pager over the whole screen, a
 * question at start) is one more const struct tui_mode and a push.
 *
 * Runs on the UI thread only.
 */
#ifndef ISRLAB_TUI_MODE_H
#define ISRLAB_TUI_MODE_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct tui;

/* Deep enough for a base, a lab, a prompt and a popup, with room. */
#define TUI_MODES_MAX 8

struct tui_mode {
	/* Take one key: wc is a character (is_key false) or a curses KEY_
	 * code.  Returns false to let the mode below have it. */
	bool		(*key)(struct tui *t, wint_t wc, bool is_key);
	/* Paint over the frame (bottom mode first), or NULL. */
	void		(*draw)(struct tui *t);
	/* Paint the status line at row y (the topmost mode with one owns
	 * it), or NULL. */
	void		(*draw_line)(struct tui *t, int y);
	/* The mode is popped, or NULL. */
	void		(*leave)(struct tui *t);
};

/* Push m on top.  The stack is never deeper than TUI_MODES_MAX (an
 * overflow is a bug: fatal). */
void tui_mode_push(struct tui *t, const struct tui_mode *m);
/* Whether m is on the stack. */
bool tui_mode_has(const struct tui *t, const struct tui_mode *m);
/* Put m in old's place, wherever old is, without old's leave hook (the
 * same thing changing kind); push m when old is not on the stack. */
void tui_mode_replace(struct tui *t, const struct tui_mode *old,
    const struct tui_mode *m);
/* Take m off the stack, from the top or wherever it is (a prompt under
 * a popup); its leave hook runs.  Nothing when m is not there. */
void tui_mode_pop(struct tui *t, const struct tui_mode *m);

/* Give a key to the modes, top first, until one takes it; false when
 * none did. */
bool tui_mode_key(struct tui *t, wint_t wc, bool is_key);

#endif
