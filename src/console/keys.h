/*
 * keys.h - the screen's keys: one table, and keys as command lines.
 *
 * DESIGN
 * DESIGN.md "Screen" gives every fault and view a single key (`L` crash the
 * leader of the selected partition, `x` crash the selected broker, ...).
 * keys_table lists every key once: its name, where it works (the live
 * screen, a replay on the screen, `key K` in scripts and lab solutions),
 * what the screen does with it, what a script makes of it, and its key
 * bar label and help line.  The screen dispatches through it and draws
 * its `?` help and key bar from it; the console's `key` command
 * translates through it.  The screen's actions are named here by an enum
 * (keys_act) that src/tui binds to its functions, so this layer knows
 * what a key is for without knowing the screen.
 *
 * Keys act on a selection (a broker, a partition), so the same key means a
 * different command at different moments.  keys_translate() turns a key
 * plus the selection plus a snapshot into the command line(s) a student
 * could have typed instead (`L` -> `kill 2`), so the screen and a lab's
 * `key L` solution line share one implementation and every key shows up
 * in the console's history as the command it stands for.  Keys that only
 * move the selection or act on the screen itself (help, panes, the lab's
 * n/b/t) are reported as such and left to the caller.  Curses-free: it
 * lives in libisrcore.
 */
#ifndef ISRLAB_CONSOLE_KEYS_H
#define ISRLAB_CONSOLE_KEYS_H

#include <stdbool.h>
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
	KEYS_LAB,		/* a lab key: n (next), b (back), t (hint),
				   u (rewind the step; the screen only) */
	KEYS_SCREEN,		/* the screen's own: ?, q, :, Tab, P, c, +, -,
				   space, ...; nothing to run here */
};

/* What a key needs selected before it can become command lines. */
enum keys_need {
	KEYS_NEED_NONE,
	KEYS_NEED_BROKER,	/* a selected broker */
	KEYS_NEED_PARTITION,	/* a selected partition */
};

/* What the screen does with a key (src/tui/actions.c binds each). */
enum keys_act {
	KEYS_ACT_BROKER,	/* 1-9: select the broker */
	KEYS_ACT_DOWN,		/* the next partition, or scroll the pane */
	KEYS_ACT_UP,		/* the one before, or scroll the pane */
	KEYS_ACT_PAGE,		/* a page of the focused pane */
	KEYS_ACT_FOCUS,		/* the next pane */
	KEYS_ACT_CLUSTER,	/* run the key's command lines (keys_press) */
	KEYS_ACT_PRODUCER,	/* start/stop the steady producer */
	KEYS_ACT_ACKS,		/* cycle the producer's acks */
	KEYS_ACT_CONSUMER,	/* open/close the consumer pane */
	KEYS_ACT_DESCRIBE,	/* the describe popup */
	KEYS_ACT_METRICS,	/* the metrics popup */
	KEYS_ACT_CONSOLE,	/* the console prompt */
	KEYS_ACT_PAUSE,		/* pause/resume the clock */
	KEYS_ACT_SPEED,		/* faster/slower clock */
	KEYS_ACT_STEP,		/* 100 ms of lab time, paused */
	KEYS_ACT_EXPORT,	/* export the session */
	KEYS_ACT_LAB,		/* the lab's next, back, hint, rewind */
	KEYS_ACT_HELP,		/* the help popup */
	KEYS_ACT_QUIT,		/* leave (asking first when needed) */
	KEYS_ACT__COUNT
};

/* Where a key works (bits of keys_entry.ctx). */
enum keys_ctx {
	KEYS_IN_PLAY = 1 << 0,		/* the screen, a lab or free play */
	KEYS_IN_REPLAY = 1 << 1,	/* the screen playing a session back:
					   keys that touch neither the
					   cluster nor time */
	KEYS_IN_SCRIPT = 1 << 2,	/* `key K` in scripts and lab
					   solutions (keys_translate) */
};

/* One key. */
struct keys_entry {
	const char	*key;		/* its name: "L", "Tab", "Space",
					   "PgDn"; with digit, how help
					   shows it */
	const char	*alias;		/* another name for it ("Down"), or
					   NULL */
	bool		 digit;		/* stands for each of 1-9 */
	unsigned	 ctx;		/* enum keys_ctx bits */
	enum keys_act	 act;		/* what the screen does */
	enum keys_action kind;		/* what keys_translate makes of it */
	enum keys_need	 need;		/* KEYS_COMMANDS: what it acts on */
	const char	*cmd;		/* KEYS_COMMANDS: the command, given the
					   broker or topic (NULL: L and p,
					   which build their own) */
	const char	*shown;		/* how help and the key bar write it,
					   when not key ("j/k"), or NULL */
	const char	*bar;		/* its key bar label, or NULL */
	bool		 lab;		/* a lab key: in the bar only with
					   a lab */
	const char	*help;		/* its help line, or NULL when the row
					   before covers it (k after j/k) */
};

/* Every key, in help order, ended by a NULL key. */
extern const struct keys_entry keys_table[];

/* The row of the key named name (its key, its alias, or a digit 1-9),
 * whatever its context, or NULL. */
const struct keys_entry *keys_find(const char *name);

/* Broker 1, the first partition of s (if any), acks=all. */
void keys_sel_init(struct keys_sel *sel, const struct snapshot *s);

/* Translate key ("L", "1", "j", "Down", "Space", ...; the keys that work
 * in KEYS_IN_SCRIPT) under sel and s.
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
