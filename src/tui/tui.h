/*
 * tui.h - the live full-screen view of the cluster (ncursesw).
 *
 * DESIGN
 * tui_run() owns the terminal from start to end on the calling (UI)
 * thread: it draws the header, broker strip, partition table, events,
 * lab and console panes and the key bar (DESIGN.md "Screen"), reads keys
 * through one table of actions, and runs every cluster change through a
 * console (console/console.h) over the engine, so keys, typed commands
 * and labs share one implementation.  Only src/tui/ includes curses.
 *
 * On the simulator (whose clock calls are NULL) the TUI drives virtual
 * time itself, by real elapsed time × speed, and owns pause and speed;
 * on the realtime engine it asks the engine's lab clock.
 */
#ifndef ISRLAB_TUI_TUI_H
#define ISRLAB_TUI_TUI_H

#include <stdbool.h>

#include "console/engine.h"

struct tui_options {
	const char	*title;		/* lab title for the header, or NULL
					   (free play) */
	bool		 seed_topic;	/* create email.send (1 partition,
					   RF 3) through the console first */
	bool		 ascii;		/* ASCII frames and markers even in a
					   UTF-8 locale */
	bool		 mono;		/* no colours (also when NO_COLOR is
					   set or the terminal has none) */
	bool		 no_mouse;	/* leave the mouse to the terminal */
};

/* Run the TUI on e until the user quits.  The caller has called
 * setlocale(LC_ALL, "").  Returns 0, or 1 when the terminal could not be
 * set up (a message is printed on stderr). */
int tui_run(struct engine *e, const struct tui_options *opt);

#endif
