/*
 * keys.h - the screen's one-key actions as command-language lines.
 *
 * DESIGN
 * DESIGN.md "Screen" gives every fault and view a single key (`L` crash the
 * leader of the selected partition, `x` crash the selected broker, ...).
 * Keys act on a selection (a broker, a partition), so the same key means a
 * different command at different moments.  This file turns a key plus the
 * selection plus a snapshot into the command line(s) a student could have
 * typed instead (`L` -> `kill 2`), so the TUI and a lab's `key L` solution
 * line share one implementation and every key shows up in the console's
 * history as the command it stands for.  Keys that only move the selection
 * or act on the screen itself (help, panes, the lab's n/b/t) are reported
 * as such and left to the caller.  Curses-free: it lives in libisrcore.
 */
#ifndef ISRLAB_CONSOLE_KEYS_H
#define ISRLAB_CONSOLE_KEYS_H

#include <stddef.h>

#include "console/console.h"
#include "console/words.h"
#include "model/ids.h"
#include "model/snapshot.h"

/* What the screen has selected.  Zero it (keys_sel_init) to start. */
struct keys_sel {
	int	broker;			/* selected broker 1..9, 0 for none */
	char	topic[ISR_TOPIC_MAX + 1]; /* selected partition's topic, "" */
	int	partition;		/* selected partition */
	int	acks;			/* acks of `p`/`P`: -1 (all), 1 or 0 */
};

/* What a key did. */
enum keys_action {
	KEYS_COMMANDS,		/* lines to run were appended to cmds */
	KEYS_SELECT,		/* only the selection (or acks) changed */
	KEYS_LAB,		/* a lab key: n (next), b (back), t (hint) */
	KEYS_SCREEN,		/* the screen's own: ?, q, :, Tab, P, c, +, -,
				   space, ...; nothing to run here */
};

/* Broker 1, the first partition of s (if any), acks=all. */
void keys_sel_init(struct keys_sel *sel, const struct snapshot *s);

/* Translate key ("L", "1", "j", "Down", "Space", ...) under sel and s.
 * KEYS_COMMANDS appends one command line per word to cmds (the caller
 * owns cmds); 1-9/j/k/a update sel.  Returns the action, or -1 with a
 * one-line message in err (no broker selected, no leader to crash, broker
 * 7 on a 3-broker cluster, an unknown key). */
int keys_translate(const char *key, struct keys_sel *sel,
    const struct snapshot *s, struct words *cmds, char *err, size_t len);

/* Press key on console c: record it for `key-pressed`, translate it
 * against a fresh snapshot, tell the console's observer (CONSOLE_OBS_KEY,
 * with the selection before the press) and run the resulting lines.  Returns the
 * action (KEYS_LAB and KEYS_SCREEN are left to the caller), or -1 with
 * err set when the key cannot act or a line failed to parse. */
int keys_press(struct console *c, const char *key, struct keys_sel *sel,
    char *err, size_t len);

#endif
