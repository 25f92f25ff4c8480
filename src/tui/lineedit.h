/*
 * lineedit.h - the console's input line: editing and history, without
 * curses.
 *
 * DESIGN
 * The line is UTF-8 bytes with a cursor at a character boundary.  Keys
 * arrive already decoded (prompt.c maps curses keys to these calls), so
 * this file is plain data and unit tested.  Control characters never
 * enter the line and it never grows past LINEEDIT_MAX bytes, so a paste
 * of binary garbage or a huge line cannot break the screen: the excess
 * is dropped.
 * History keeps the last LINEEDIT_HISTORY distinct lines; browsing it
 * with up/down keeps what was being typed and gives it back at the
 * bottom.
 */
#ifndef ISRLAB_TUI_LINEEDIT_H
#define ISRLAB_TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINEEDIT_MAX 2048
#define LINEEDIT_HISTORY 200

struct lineedit {
	char	 buf[LINEEDIT_MAX + 1];	/* NUL-terminated */
	size_t	 len;
	size_t	 cur;			/* byte offset, at a char boundary */
	char	*hist[LINEEDIT_HISTORY];	/* owned, oldest first */
	int	 n_hist;
	int	 hpos;			/* browsing: index, or n_hist */
	char	 saved[LINEEDIT_MAX + 1];	/* the line before browsing */
};

void lineedit_init(struct lineedit *le);
void lineedit_free(struct lineedit *le);

/* Empty the line (history stays). */
void lineedit_clear(struct lineedit *le);
/* Replace the line by s (filtered and capped); cursor at the end. */
void lineedit_set(struct lineedit *le, const char *s);

/* Insert one Unicode code point at the cursor; false (and nothing
 * changes) for control characters or when the line is full. */
bool lineedit_insert(struct lineedit *le, uint32_t cp);
/* Insert a UTF-8 string (a paste): control characters are dropped,
 * invalid bytes become U+FFFD; returns how many characters went in. */
int lineedit_insert_str(struct lineedit *le, const char *s);

void lineedit_left(struct lineedit *le);
void lineedit_right(struct lineedit *le);
void lineedit_home(struct lineedit *le);
void lineedit_end(struct lineedit *le);
void lineedit_backspace(struct lineedit *le);
void lineedit_delete(struct lineedit *le);
void lineedit_kill_start(struct lineedit *le);	/* Ctrl-U */
void lineedit_kill_end(struct lineedit *le);	/* Ctrl-K */
void lineedit_kill_word(struct lineedit *le);	/* Ctrl-W */

/* Add the line to history (not when blank or equal to the newest). */
void lineedit_history_add(struct lineedit *le, const char *line);
void lineedit_history_up(struct lineedit *le);
void lineedit_history_down(struct lineedit *le);

/* Display columns of the text before the cursor. */
int lineedit_cursor_col(const struct lineedit *le);

#endif
