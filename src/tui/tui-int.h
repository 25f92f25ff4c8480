/*
 * tui-int.h - the TUI's state, shared by tui.c (loop, keys, console) and
 * draw.c (one frame).  Private to src/tui/ and bench/bench_tui.c.
 *
 * DESIGN
 * Everything the screen shows is derived from struct tui: the latest
 * snapshot (re-read only when the engine's version moves or the lab clock
 * did), the rows made from it once per snapshot, line buffers for events,
 * console output and the consumer pane, and the UI state (selection,
 * focus, popup, prompt).  Input and engine changes only mark t->dirty;
 * draw_frame() then paints the whole frame on stdscr and curses sends
 * the difference (tmux's "mark dirty, redraw once per loop turn").
 * Runs on the UI thread only.
 */
#ifndef ISRLAB_TUI_TUI_INT_H
#define ISRLAB_TUI_TUI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "console/console.h"
#include "console/keys.h"
#include "journal/slog.h"
#include "lab/labrun.h"
#include "model/settings.h"
#include "model/snapshot.h"
#include "tui/labview.h"
#include "tui/layout.h"
#include "tui/lineedit.h"
#include "tui/tui.h"
#include "util/strbuf.h"

struct replay;

#define TUI_MIN_W 80
#define TUI_MIN_H 24
#define TUI_FLASH_MS 1500.0
#define TUI_LAB_FLASH_MS 2500.0		/* "✔ 2/6 done" after a step */
#define TUI_LAB_NOTE_MS 20000.0		/* a quiz's explanation */
#define TUI_PRODUCER_EVERY_MS 100	/* steady producer: 10 msg/s */

/* Colour/attribute roles; tui_attr() maps them for colour or mono. */
enum tui_role {
	R_NORMAL,
	R_HEADER,	/* the top line */
	R_TITLE,	/* box titles */
	R_FOCUS,	/* title of the focused box */
	R_UP,		/* broker up, leader replica */
	R_DOWN,		/* broker down, errors */
	R_WARN,		/* fenced, lagging, URP */
	R_ISO,		/* isolated, split */
	R_OFFLINE,	/* a partition without a live leader */
	R_URP,		/* an under-replicated partition */
	R_SEL,		/* selection */
	R_FLASH,	/* a value that just changed */
	R_DIM,		/* secondary text */
	R_ALARM,	/* header alarms */
	R_GOOD,		/* header: no alarms */
	R_CODE,		/* lab text: inline code and code blocks */
	R__COUNT
};

/* A pane of text lines (newest last), capped; owns its lines. */
struct tui_line {
	char	*s;
	int	 role;			/* enum tui_role */
};

struct tui_lines {
	struct tui_line	*v;
	size_t		 n, cap, max;
	char		 partial[1024];	/* an unfinished line */
	size_t		 plen;
	int		 prole;
};

/* What the last snapshot looked like per partition, for change flashes. */
struct tui_pstate {
	char	*topic;			/* owned */
	int	 partition;
	int	 leader;
	char	 isr[40];
	int64_t	 hw;
	double	 t_leader, t_isr, t_hw;	/* real ms of the last change */
};

/* F_LAB scrolls the lab text (its scroll counts lines down from the
 * top, the others lines up from the bottom). */
enum tui_focus { F_TABLE, F_EVENTS, F_OUTPUT, F_CONSUMER, F_LAB, F__COUNT };
enum tui_popup {
	P_NONE,
	P_HELP,
	P_DESCRIBE,
	P_METRICS,
	P_QUIT,		/* quit (or, from the picker, back to the list)? */
	P_SUMMARY,	/* the lab's finish summary */
	P_EXPORT,	/* export before leaving? (y/n/esc) */
};
enum tui_prompt {
	PR_NONE,
	PR_CONSOLE,
	PR_PRODUCER,
	PR_ANSWER,	/* the quiz's answer line */
	PR_STUDENT,	/* the student's name, before the first export */
};
/* How a lab or free play ended. */
enum tui_end { TUI_END_QUIT, TUI_END_BACK };
/* What a successful export leads to. */
enum tui_after {
	TUI_AFTER_STAY,		/* `e`: nothing */
	TUI_AFTER_LEAVE,	/* y to "export before leaving?": t->leave */
};
/* Where console output goes while a command runs. */
enum tui_sink {
	S_OUTPUT,	/* the console pane */
	S_STATUS,	/* the console pane's history, last line as status */
	S_PRODUCER,	/* the steady producer's counter */
	S_POPUP,	/* the popup's lines */
	S_CAPTURE,	/* the console pane's history and t->capture */
};

struct tui {
	struct engine		*e;		/* not owned */
	struct console		*con;		/* owned */
	struct tui_options	 opt;
	const struct layout_glyphs *g;
	bool			 unicode;	/* Unicode frames and signs */
	bool			 utf8;		/* the locale shows non-ASCII
						   text (even with --ascii) */
	bool			 color, curses_on, sim;

	struct snapshot		 snap;
	bool			 have_snap;
	uint64_t		 version;
	struct settings		 settings;
	struct layout_prow	*rows;		/* one per snapshot partition */
	size_t			 cap_rows;
	struct layout_cols	 cols;
	struct tui_pstate	*ps;
	size_t			 n_ps;
	uint64_t		 ev_seq;

	int			 sel_broker;	/* 1..n */
	size_t			 sel_part;
	size_t			 part_top;	/* first row shown */
	enum tui_focus		 focus;
	int			 scroll[F__COUNT];	/* lines up from bottom */

	struct tui_lines	 events, output, consumer, popup;
	enum tui_popup		 popup_kind;
	char			 popup_title[ISR_TOPIC_MAX + 64];
	int			 popup_scroll;

	enum tui_prompt		 prompt;
	struct lineedit		 le;
	bool			 output_shown;
	enum tui_sink		 sink;
	char			 sink_last[256];

	bool			 producing;
	int			 acks;		/* 0, 1, -1 (all) */
	char			 prod_topic[ISR_TOPIC_MAX + 1];
	int64_t			 prod_next, prod_sent, prod_errors;
	char			 prod_last[160];

	bool			 consuming;
	char			 cons_topic[ISR_TOPIC_MAX + 1];
	int			 cons_handle;
	int64_t			*cons_off;
	int			 cons_parts;

	char			 status[320];
	int			 status_role;
	double			 status_until;	/* real ms, 0 = sticky */

	bool			 paused;	/* simulator: ours */
	double			 speed;		/* simulator: ours */
	double			 lab_target;	/* simulator: lab ms we owe */
	double			 last_real;
	bool			 help_paused;	/* `?` paused the clock */
	int64_t			 shown_tenths;	/* t= on screen */

	/* The lab (opt.lab), its runner and what the pane shows. */
	const struct lab	*lab;		/* not owned, or NULL */
	struct labrun		*run;		/* owned */
	char			 lab_title[320];	/* "Lab 01 title" */
	struct labview		 lab_text;	/* the shown step, wrapped */
	size_t			 lab_text_step;	/* ... which step */
	int			 lab_text_w;	/* ... to what width (0: stale) */
	int			 lab_text_h;	/* text rows shown last frame */
	char			 lab_flash[320];	/* "✔ 2/6 done: ..." */
	double			 lab_flash_until;	/* real ms */
	char			 lab_note[1536];	/* quiz result + explain */
	int			 lab_note_role;
	size_t			 lab_note_step;	/* the quiz's step */
	double			 lab_note_until;	/* real ms, once its step
						   is done */
	enum tui_end		 end;

	/* The session journal of this lab or free play (NULL in a replay
	 * and in benchmarks), and the export flow. */
	struct slog		*log;		/* owned */
	struct strbuf		 capture;	/* S_CAPTURE's output */
	enum tui_after		 after_export;
	enum tui_end		 leave;		/* what P_EXPORT leaves to */

	/* A `wait`/`wait-until` typed at the console runs while the screen
	 * draws (console_set_waiter); lines typed meanwhile queue. */
	struct console_wait	*wait;		/* owned, or NULL */
	char			**queue;	/* owned lines */
	size_t			 n_queue;

	/* tui_replay: the session played back. */
	struct replay		*rp;		/* not owned, or NULL */
	struct keys_sel		 rsel;		/* the recorded selection */
	bool			 replay_done;
	int			 replay_rc;	/* 0 same, 1 different */

	int			 w, h;
	bool			 dirty, quit, activity;
	double			 now_real;	/* ms, monotonic */

	/* Click targets, set by draw_frame. */
	int			 bc_y[ISR_NODES], bc_x0[ISR_NODES],
				 bc_x1[ISR_NODES];
	int			 rows_y0, rows_n;
};

/* State without curses: console, first snapshot.  Then tui_model_update. */
void tui_state_init(struct tui *t, struct engine *e,
    const struct tui_options *opt);
void tui_state_free(struct tui *t);
/* Read events, and a new snapshot when the engine changed; marks dirty. */
void tui_model_update(struct tui *t, bool force);
/* Colours and glyphs once curses is up (after initscr/newterm). */
void tui_curses_setup(struct tui *t);

/* Lines. */
void tui_lines_init(struct tui_lines *l, size_t max);
void tui_lines_free(struct tui_lines *l);
void tui_lines_clear(struct tui_lines *l);
void tui_lines_add(struct tui_lines *l, const char *s, int role);
/* Append output bytes, splitting at newlines. */
void tui_lines_write(struct tui_lines *l, const char *s, size_t n, int role);
void tui_lines_flush(struct tui_lines *l);

/* The attribute of a role. */
int tui_attr(const struct tui *t, enum tui_role r);

/* The lab clock as shown: paused, speed. */
void tui_clock(struct tui *t, bool *paused, double *speed);

/* Whether the lab's language is English. */
bool tui_lab_en(const struct tui *t);
/* Whether the current step's quiz waits for an answer. */
bool tui_quiz_open(const struct tui *t);

/* Paint one frame on stdscr (no refresh). */
void draw_frame(struct tui *t);

/* The lab picker's state. */
struct tui_picker {
	struct labview_pick	*v;		/* [0] is free play; owned */
	size_t			 n, sel, top;
	int			 title_w, level_w;
	bool			 en;
};
/* Paint the picker on stdscr with t's size, glyphs and colours. */
void draw_picker(struct tui *t, struct tui_picker *p);

#endif
