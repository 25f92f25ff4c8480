/*
 * tui-int.h - the screen's state and the functions its files share (the
 * list of files is in tui.c).  Private to src/tui/ and bench/bench_tui.c.
 *
 * DESIGN
 * Everything the screen shows is derived from struct tui: the latest
 * snapshot (re-read only when the engine's version moves or the lab clock
 * did), each partition's change-flash state and the table's column widths
 * taken from it once per snapshot (the rows themselves are formatted
 * only when drawn, and only those shown), line buffers for events,
 * console output and the consumer pane, and the UI state (selection,
 * focus, the stack of input modes).  Input and engine changes only mark
 * t->dirty; draw_frame() then paints the whole frame on stdscr and
 * curses sends the difference (tmux's "mark dirty, redraw once per loop
 * turn").
 * Runs on the UI thread only.
 *
 * Names: prow, a partition table row (struct layout_prow); bstate, how a
 * broker is drawn (enum layout_bstate); pstate, a partition as the last
 * snapshot showed it, for change flashes (struct tui_pstate, t->ps); le,
 * the prompt's line editor; prod and cons, the steady producer and the
 * consumer pane; sel_*, the selection.
 */
#ifndef ISRLAB_TUI_TUI_INT_H
#define ISRLAB_TUI_TUI_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "console/console.h"
#include "console/keys.h"
#include "journal/slog.h"
#include "lab/labrun.h"
#include "model/settings.h"
#include "model/snapshot.h"
#include "tui/labview.h"
#include "tui/layout.h"
#include "tui/lineedit.h"
#include "tui/mode.h"
#include "tui/tui.h"
#include "util/i18n.h"
#include "util/strbuf.h"

struct replay;

#define TUI_MIN_W 80
#define TUI_MIN_H 24
#define TUI_FLASH_MS 1500.0
#define TUI_LAB_FLASH_MS 2500.0		/* "✔ 2/6 done" after a step */
#define TUI_LAB_NOTE_MS 20000.0		/* a quiz's explanation */
#define TUI_SEED_RF 3		/* free play's email.send, capped at brokers */
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
	uint64_t	 added;		/* lines ever added (a command's
					   output is the last few) */
	char		 partial[1024];	/* an unfinished line */
	size_t		 plen;		/* its length */
	int		 prole;		/* its role */
};

/* What the last snapshot looked like per partition, for change flashes. */
struct tui_pstate {
	const char	*topic;		/* points into t->snap */
	int		 partition;
	int		 leader;
	int		 isr[ISR_MAX_REPLICAS];
	int		 n_isr;
	int64_t		 hw;
	double		 t_leader, t_isr, t_hw;	/* real ms of the last change */
};

/* F_LAB scrolls the lab text (its scroll counts lines down from the
 * top, the others lines up from the bottom). */
enum tui_focus { F_TABLE, F_EVENTS, F_OUTPUT, F_CONSUMER, F_LAB, F__COUNT };
/* The popups (popup.c). */
enum tui_popup {
	P_HELP,		/* the keys; the clock pauses while it shows */
	P_DESCRIBE,	/* kafka-topics --describe of the selected topic */
	P_METRICS,	/* the `metrics` command's output */
	P_QUIT,		/* quit (or, from the picker, back to the list)? */
	P_SUMMARY,	/* the lab's finish summary */
	P_EXPORT,	/* export before leaving? (y/n/esc) */
};
/* The prompts (prompt.c). */
enum tui_prompt {
	PR_NONE,	/* no prompt is open */
	PR_CONSOLE,	/* `:` commands */
	PR_PRODUCER,	/* a console producer's messages */
	PR_STUDENT,	/* the student's name, before the first export */
	PR_STUDENT_ID,	/* then the student's id (may be left empty) */
};
/* How a lab or free play ended. */
enum tui_end { TUI_END_QUIT, TUI_END_BACK };
/* What a successful export leads to. */
enum tui_after {
	TUI_AFTER_STAY,		/* `e`: nothing */
	TUI_AFTER_LEAVE,	/* y to "export before leaving?": export.leave */
};
/* Where console output goes while a command runs. */
enum tui_sink {
	S_OUTPUT,	/* the console pane */
	S_STATUS,	/* the console pane's history, last line as status */
	S_PRODUCER,	/* the steady producer's counter */
	S_POPUP,	/* the popup's lines */
	S_CAPTURE,	/* the console pane's history and export.capture */
	S_REQUEST,	/* kept aside while a request runs (request.c) */
};

/* The steady producer (`P`) and the acks of `p` and `P`. */
struct tui_producer {
	bool		 on;
	int		 acks;		/* 0, 1, -1 (all) */
	char		 topic[ISR_TOPIC_MAX + 1];
	int64_t		 next;		/* lab ms of the next batch */
	int64_t		 sent, errors;
	char		 last[160];	/* its last output line */
};

/* The consumer pane (`c`): reads a topic from the beginning to the HW. */
struct tui_consumer {
	bool		 on;
	char		 topic[ISR_TOPIC_MAX + 1];
	int		 handle;	/* engine client, -1 when closed */
	int64_t		*off;		/* next offset per partition; owned */
	int		 n_parts;
};

/* The status line: a message that fades. */
struct tui_status_line {
	char		 text[320];
	int		 role;		/* enum tui_role */
	double		 until;		/* real ms, 0 = sticky */
};

/* The popup's text (help, describe, metrics, questions, summary); the
 * popup modes (popup.c) show it. */
struct tui_popup_text {
	struct tui_lines lines;
	char		 title[ISR_TOPIC_MAX + 64];
	int		 scroll;	/* lines down from the top */
};

/* Lab time as the screen steers it. */
struct tui_clock_state {
	bool		 paused;	/* simulator: ours */
	double		 speed;		/* simulator: ours */
	double		 lab_target;	/* simulator: lab ms we owe */
	double		 last_real;	/* real ms of the last advance */
	bool		 help_paused;	/* `?` paused the clock */
	int64_t		 shown_tenths;	/* t= on screen */
};

/* What the lab pane shows besides the lab itself. */
struct tui_lab_pane {
	char		 title[320];	/* "Lab 01 title" */
	struct labview	 text;		/* the shown step, wrapped */
	size_t		 text_step;	/* ... which step */
	int		 text_w;	/* ... to what width (0: stale) */
	int		 text_h;	/* text rows shown last frame */
	bool		 intro_folded;	/* I: the lab's introduction as one
					   line */
	char		 flash[320];	/* "✔ 2/6 done: ..." */
	double		 flash_until;	/* real ms */
	char		 note[1536];	/* quiz result + explain */
	int		 note_role;
	size_t		 note_step;	/* the quiz's step */
	double		 note_until;	/* real ms, once its step is done */
};

/* The pager (pager.c): one command's output too wide for its pane,
 * over the whole screen as less -S shows it. */
struct tui_pager {
	struct tui_lines lines;
	char		 title[LINEEDIT_MAX + 3];	/* "$ the command" */
	int		 top;		/* first line shown */
	int		 left;		/* first column shown */
	int		 rows, cols;	/* the text area, as last drawn */
};

/* A command running on a thread of its own (request.c). */
enum tui_req_kind {
	TUI_REQ_KEY,		/* a key's lines (keys_press) */
	TUI_REQ_LINE,		/* a line typed at the console */
	TUI_REQ_FEED,		/* a message typed at the producer's > */
	TUI_REQ_PRODUCER,	/* the steady producer's batch */
};
#define TUI_REQUEST_KEYS 64	/* keys held while it runs */
struct tui_queued_key {
	wint_t		 wc;
	bool		 is_key;
};
struct tui_request_out {
	int		 fd;
	char		*s;		/* owned */
	size_t		 n;
};
struct tui_request {
	enum tui_req_kind kind;
	char		 key[2];	/* TUI_REQ_KEY */
	struct keys_sel	 sel;
	char		 line[LINEEDIT_MAX + 1];	/* LINE, FEED, PRODUCER */
	int64_t		 count;		/* PRODUCER: messages in the batch */
	struct console_wait *wait;	/* LINE: a typed wait (owned) */
	uint64_t	 added;		/* output.added when it began */
	bool		 detached;	/* went on running after the grace */
	bool		 running;	/* a worker has the console */
	pthread_t	 th;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	bool		 done;		/* under mu */
	int		 rc;		/* the command's result, once done */
	char		 err[512];
	struct tui_request_out *out;	/* its output, in order */
	size_t		 n_out, cap_out;
	struct tui_queued_key keys[TUI_REQUEST_KEYS];
	size_t		 n_keys;
	double		 started;	/* real ms */
};

/* The export flow (session.c). */
struct tui_export {
	struct strbuf	 capture;	/* S_CAPTURE's output */
	enum tui_after	 after;		/* what a successful export leads to */
	enum tui_end	 leave;		/* what P_EXPORT leaves to */
	char		 said[2048];	/* the last export's "wrote A, B"
					   (full paths), or "" */
};

/* A `wait`/`wait-until` typed at the console runs while the screen
 * draws (console_set_waiter); lines typed meanwhile queue (wait.c). */
struct tui_wait {
	struct console_wait *pending;	/* owned, or NULL */
	char		**queue;	/* owned lines */
	size_t		 n_queue;
};

/* tui_replay: the session played back (playback.c). */
struct tui_playback {
	struct replay	*rp;		/* not owned, or NULL */
	struct keys_sel	 sel;		/* the recorded selection */
	bool		 done;
	int		 rc;		/* 0 same, 1 different */
};

/* Click targets, set by draw_frame. */
struct tui_click {
	int		 broker_y[ISR_NODES], broker_x0[ISR_NODES],
			 broker_x1[ISR_NODES];
	int		 rows_y0, rows_n;
};

struct tui {
	struct engine		*e;		/* the cluster: e0, or after a
						   rewind one opt.engine_new
						   built (owned then) */
	struct engine		*e0;		/* the one tui_play was given
						   (not owned) */
	struct console		*con;		/* owned */
	struct tui_options	 opt;
	const struct layout_glyphs *g;
	bool			 unicode;	/* Unicode frames and signs */
	bool			 utf8;		/* the locale shows non-ASCII
						   text (even with --ascii) */
	bool			 color, curses_on, sim;

	/* The model as last read (state.c). */
	struct snapshot		 snap;
	bool			 have_snap;
	uint64_t		 version;
	struct settings		 settings;
	struct layout_cols	 cols;		/* of every partition's row */
	struct tui_pstate	*ps;		/* one per snapshot partition */
	size_t			 n_ps, cap_ps;
	struct tui_pstate	*ps_old;	/* the last snapshot's, kept for
						   its allocation */
	size_t			 cap_ps_old;
	uint64_t		 ev_seq;

	/* Selection and panes. */
	int			 sel_broker;	/* 1..n */
	size_t			 sel_part;
	size_t			 part_top;	/* first row shown */
	enum tui_focus		 focus;
	int			 scroll[F__COUNT];	/* lines up from
							   the bottom */
	struct tui_lines	 events, output, consumer;
	bool			 output_shown;

	/* Key input: the mode stack (mode.h) and the prompt's line. */
	const struct tui_mode	*modes[TUI_MODES_MAX];
	size_t			 n_modes;
	struct lineedit		 le;		/* the prompts' line */
	struct lineedit		 answer;	/* the quiz's (answer.c) */
	struct tui_popup_text	 popup;
	struct tui_pager	 pager;

	/* Where console output goes (sink.c). */
	enum tui_sink		 sink;
	char			 sink_last[256];

	struct tui_producer	 prod;
	struct tui_consumer	 cons;
	struct tui_status_line	 status;
	struct tui_clock_state	 clock;

	/* The lab (opt.lab), its runner and what the pane shows. */
	const struct lab	*lab;		/* not owned, or NULL */
	struct labrun		*run;		/* owned */
	struct tui_lab_pane	 lab_pane;
	enum tui_end		 end;

	/* The session journal of this lab or free play (NULL in a replay
	 * and in benchmarks), and the export flow. */
	struct slog		*log;		/* owned */
	struct statefile	*sf;		/* log's state file (owned), or
						   NULL */
	struct class_client	*link;		/* sf's lines to the class server
						   (owned), or NULL */
	int			 link_said;	/* what the status line said of
						   it: 0 nothing, 1 connected,
						   2 a problem */
	struct tui_export	 export;
	struct tui_wait		 wait;
	struct tui_request	 req;
	struct tui_playback	 replay;

	int			 w, h;
	bool			 dirty, quit, activity;
	bool			 starting;	/* the brokers are coming up:
						   the lab waits (tui_begin) */
	double			 now_real;	/* ms, monotonic */
	struct tui_click	 click;
};

/* state.c: state without curses (console, first snapshot, the play
 * mode at the bottom of the stack); then tui_model_update. */
void tui_state_init(struct tui *t, struct engine *e,
    const struct tui_options *opt);
void tui_state_free(struct tui *t);
/* session.c: the class link of the session's state file, when the
 * student was given a class server (opt.class_addr). */
void tui_class_begin(struct tui *t);
/* Each loop turn: the status line says when the class link comes up or
 * has a problem (the work goes on either way). */
void tui_class_tick(struct tui *t);
/* Read events, and a new snapshot when the engine changed; marks dirty. */
void tui_model_update(struct tui *t, bool force);
/* A status line message for 6 s. */
void tui_status(struct tui *t, int role, const char *fmt, ...)
    ISRLAB_PRINTFLIKE(3, 4);
/* The selected partition, or NULL when there is none. */
const struct snap_partition *tui_sel_part(struct tui *t);

/* lines.c */
void tui_lines_init(struct tui_lines *l, size_t max);
void tui_lines_free(struct tui_lines *l);
void tui_lines_clear(struct tui_lines *l);
void tui_lines_add(struct tui_lines *l, const char *s, int role);
/* Append output bytes, splitting at newlines. */
void tui_lines_write(struct tui_lines *l, const char *s, size_t n, int role);
void tui_lines_flush(struct tui_lines *l);

/* sink.c: the console's write callback, and one line run through the
 * console into sink (an error goes to the status line). */
void tui_console_write(void *arg, int fd, const char *s, size_t n);
int tui_exec(struct tui *t, const char *line, enum tui_sink sink);

/* term.c */
int tui_term_begin(const struct tui_options *opt);
void tui_term_end(void);
/* Whether SIGINT, SIGTERM or SIGHUP arrived. */
bool tui_interrupted(void);
/* Glyphs and colours (no engine needed: the picker uses it too). */
void tui_curses_look(struct tui *t);
/* The same once curses is up, and the model read again. */
void tui_curses_setup(struct tui *t);
/* The attribute of a role. */
int tui_attr(const struct tui *t, enum tui_role r);

/* loop.c */
void tui_loop(struct tui *t);
/* One key from the terminal (or held while a request ran). */
void tui_key(struct tui *t, wint_t wc, bool is_key);
/* Monotonic real time in ms. */
double tui_now_ms(void);
/* The lab clock as shown: paused, speed. */
void tui_clock(struct tui *t, bool *paused, double *speed);
void tui_set_paused(struct tui *t, bool paused);
void tui_set_speed(struct tui *t, double speed);
/* The console's pause/resume/speed on the simulator. */
extern const struct console_clock tui_console_clock;

/* tui.c: one lab or free play on e, curses already on; how it ended,
 * and in said (len bytes) where its last export went, or "". */
enum tui_end tui_play(struct engine *e, const struct tui_options *opt,
    bool *finished, char *said, size_t len);
/* tui.c: the cluster is up, the lab begins (the loop calls it once a
 * threaded cluster has started). */
void tui_begin(struct tui *t);

/* The key actions, one per concern's file; each returns 1 when the
 * screen must be redrawn.  key is the curses key code. */
int act_help(struct tui *t, int key);		/* popup.c */
int act_describe(struct tui *t, int key);
int act_metrics(struct tui *t, int key);
int act_console(struct tui *t, int key);	/* prompt.c */
int act_lab(struct tui *t, int key);		/* labpane.c: n, b, t */
int act_producer(struct tui *t, int key);	/* traffic.c */
int act_acks(struct tui *t, int key);
int act_consumer(struct tui *t, int key);
int act_export(struct tui *t, int key);		/* session.c */
int act_quit(struct tui *t, int key);

/* actions.c: the base modes of a lab or free play, and of a replay. */
extern const struct tui_mode tui_mode_play;
extern const struct tui_mode tui_mode_replay;

/* popup.c: fill t->popup.lines, then open; one replaces another. */
void tui_popup_open(struct tui *t, enum tui_popup kind, const char *title);
/* Whether a question (quit? export before leaving?) waits for y/n. */
bool tui_popup_asking(const struct tui *t);
/* The open popup's mode, or NULL. */
const struct tui_mode *tui_popup_mode(const struct tui *t);

/* prompt.c: open kind (in the place of an open prompt), close it, and
 * which is open (PR_NONE: none).  Opening keeps the line. */
void tui_prompt_open(struct tui *t, enum tui_prompt kind);
void tui_prompt_close(struct tui *t);
/* The console producer's prompt, with its status line. */
void tui_prompt_producer(struct tui *t);
enum tui_prompt tui_prompt_kind(const struct tui *t);
/* A key that edits le (cursor, deletions, a character); false for the
 * keys a prompt gives a meaning. */
bool tui_prompt_edit(struct lineedit *le, wint_t wc, bool is_key);
/* Draw pr and le's line on the status row y, with the cursor. */
void tui_prompt_draw(struct tui *t, int y, const char *pr,
    const struct lineedit *le);

/* answer.c: the quiz's answer line, a mode of its own. */
void tui_answer_open(struct tui *t);
bool tui_answer_is_open(const struct tui *t);

/* labpane.c */
/* The lab's runner, not started yet (the journal observes it first),
 * and its mode pushed. */
void tui_lab_new(struct tui *t);
void tui_lab_start(struct tui *t);
/* Poll the runner on the latest snapshot; its setup output goes to the
 * console pane. */
void tui_lab_poll(struct tui *t);
/* rewind.c: `u`, the current step from its start again. */
void tui_lab_rewind(struct tui *t);
/* Whether the lab's language is English. */
bool tui_lab_en(const struct tui *t);
/* Whether the current step's quiz waits for an answer. */
bool tui_quiz_open(const struct tui *t);
/* Answer the current quiz with text; -1 when it does not take it. */
int tui_quiz_answer(struct tui *t, const char *text);
/* Paint the lab pane in the box at y, x. */
void draw_lab(struct tui *t, int y, int x, int h, int w);

/* traffic.c: once per loop turn. */
void tui_producer_tick(struct tui *t);
void tui_consumer_tick(struct tui *t);

/* session.c */
void tui_journal_begin(struct tui *t);
void tui_seed_topic(struct tui *t);
/* `e`, or y to "export before leaving?": the name first if unknown. */
void tui_export_start(struct tui *t, enum tui_after after);
/* The export asked for runs; leaves when it was to and it worked. */
void tui_export_finish(struct tui *t);

/* pager.c: when the last `lines` lines of the console pane (one typed
 * command's output) hold a line of standard output wider than the pane,
 * show them in the pager under the title "$ command". */
void tui_pager_offer(struct tui *t, const char *command, size_t lines);
/* Close the pager if it is open (a popup takes its place). */
void tui_pager_close(struct tui *t);

/* request.c: a key's lines, or the steady producer's batch of count
 * messages, run on a thread of their own on the threaded engine, the
 * screen drawing meanwhile (on the simulator and in a replay, here). */
void tui_request_key(struct tui *t, const char *key,
    const struct keys_sel *sel);
void tui_request_producer(struct tui *t, const char *line, int64_t count);
/* A message typed at the console producer's prompt. */
void tui_request_feed(struct tui *t, const char *line);
/* A typed line: its result, or 1 when it goes on running (the screen
 * shows its output when it is done). */
int tui_request_line(struct tui *t, const char *line);
/* Whether one runs: the UI thread then leaves the console alone. */
bool tui_request_running(const struct tui *t);
/* Each loop turn: finish one that is done (with wait, wait for it). */
void tui_request_tick(struct tui *t, bool wait);
/* S_REQUEST: keep the worker's output aside.  Worker thread. */
void tui_request_write(struct tui *t, int fd, const char *s, size_t n);
/* Wait for one that runs, then free what is kept. */
void tui_request_free(struct tui *t);

/* resume.c: bring back the interrupted session in t->opt.resume (its
 * journal replayed on t->e, the lab at its step); -1 (said on the status
 * line) to start afresh instead. */
int tui_resume(struct tui *t);

/* wait.c */
/* console_waiter_fn: a typed wait runs while the screen draws. */
void tui_waiter(void *arg, struct console_wait *w);
/* A line typed at the console (or queued behind a wait). */
int tui_exec_typed(struct tui *t, const char *line);
void tui_wait_cancel(struct tui *t);
void tui_wait_tick(struct tui *t);

/* playback.c: a replay's actions whose lab time has come. */
void tui_replay_tick(struct tui *t);

/* draw.c: one frame on stdscr (no refresh), and its primitives. */
void draw_frame(struct tui *t);
/* Put s at y,x in at most w columns with attribute a; returns columns. */
int draw_text(struct tui *t, int y, int x, int w, const char *s, int a);
/* The text columns of the console pane, shown or not yet. */
int draw_output_cols(const struct tui *t);
/* Fill w columns at y,x with spaces in attribute a. */
void draw_fill(struct tui *t, int y, int x, int w, int a);
/* A frame with title at y,x (the focus colour when focused). */
void draw_box(struct tui *t, int y, int x, int h, int w, const char *title,
    bool focused);

#endif
