/*
 * layout.h - the TUI's text, without curses: glyphs, broker cells, the
 * partition row, lag bars, time left before ISR removal, compact event
 * lines, the key bar (from console/keys.h's table) and width-exact
 * fitting.
 *
 * DESIGN
 * Everything the screen shows is first made into plain UTF-8 strings
 * here, so that it can be unit tested (tests/test_tui_layout.c) and the
 * curses side (draw.c and the modes) only places strings and picks
 * attributes.
 * These files go into src/libisrcore.a and must never include curses.
 * Two glyph sets exist: Unicode for UTF-8 locales and plain ASCII for
 * any other locale (or --ascii); every string a function here returns
 * uses only the set it was asked for.  Widths are display columns
 * (util/utf8.h), never bytes, so Korean titles line up.
 */
#ifndef ISRLAB_TUI_LAYOUT_H
#define ISRLAB_TUI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "console/keys.h"
#include "model/event.h"
#include "model/ids.h"
#include "model/snapshot.h"

/* The glyphs of one set. */
struct layout_glyphs {
	const char *up, *down, *fenced, *isolated, *stopping, *starting;
	const char *play, *pause;
	const char *arrow;		/* "→" or "->" */
	const char *split;		/* a broker with some links cut */
	const char *preferred;		/* marks the preferred replica */
	const char *bars[8];		/* lag bar, lowest to highest */
	const char *check;		/* ✔ / + */
};

/* The Unicode set (unicode) or the ASCII set. */
const struct layout_glyphs *layout_glyphs(bool unicode);

/* What a broker looks like in the broker strip. */
enum layout_bstate {
	LB_UP,			/* running, unfenced, links fine */
	LB_DOWN,		/* process not running */
	LB_STARTING,		/* registering with the controller */
	LB_STOPPING,		/* controlled shutdown in progress */
	LB_FENCED,		/* up but fenced by the controller */
	LB_ISOLATED,		/* cut from every broker and the controller */
};

enum layout_bstate layout_broker_state(const struct snapshot *s, int b);
/* "UP", "DOWN", ... (no glyph). */
const char *layout_bstate_name(enum layout_bstate st);
/* The glyph of st in g. */
const char *layout_bstate_glyph(enum layout_bstate st,
    const struct layout_glyphs *g);
/* Whether any link of broker b is cut (while b is not isolated). */
bool layout_broker_split(const struct snapshot *s, int b);

/* The broker cell: "[1] ● UP  localhost:9092  L1" (L only when it leads
 * anything; "rack a" when a rack is set; "ctrl" on the zk profile's
 * controller). */
void layout_broker_cell(const struct snapshot *s, int b,
    const struct layout_glyphs *g, char *buf, size_t len);

/* The zk profile's ZooKeeper node: "[ZK] ● UP  localhost:2181  /controller
 * 2" (who holds the znode, "none" between controllers). */
void layout_zk_cell(const struct snapshot *s, const struct layout_glyphs *g,
    char *buf, size_t len);

/* The lag bar glyph for lag records ("" for 0): one step per doubling. */
const char *layout_lag_bar(int64_t lag, const struct layout_glyphs *g);

/* Milliseconds as "4.1s" (one decimal, 0 and negative as "0.0s"). */
void layout_seconds(int64_t ms, char *buf, size_t len);

/* Time left before follower leaves the ISR: lag_max − (now − caught_up);
 * -1 when it does not apply (not in the ISR, the leader, no caught-up
 * time, or not behind for at least 500 ms), else clamped at 0. */
int64_t layout_time_left(int64_t now, int64_t caught_up_ms,
    int64_t lag_max_ms);

/* Kinds of per-replica cells, for colouring. */
enum layout_rkind {
	LR_LEADER,		/* the leader's own replica */
	LR_INSYNC,		/* follower in the ISR, not lagging */
	LR_LAGGING,		/* follower in the ISR, lagging (time left) */
	LR_OOS,			/* out of sync */
	LR_DOWN,		/* its broker is down */
};

#define LAYOUT_CELL 64

/* One partition table row, as text. */
struct layout_prow {
	char topic[ISR_TOPIC_MAX + 1];
	char part[12];
	char leader[24];		/* "2 (1)" or "none (3)" */
	char replicas[40];		/* "1,2,3" */
	char isr[40];
	char oos[40];			/* replicas not in the ISR, "" */
	char hw[24];			/* "-" when leaderless */
	char rep[ISR_MAX_REPLICAS][LAYOUT_CELL];
	enum layout_rkind rkind[ISR_MAX_REPLICAS];
	int n_rep;
	bool leaderless;		/* Leader: none */
	bool offline;			/* no leader, or the leader is down */
	bool urp;			/* ISR smaller than the replicas */
	bool not_preferred;		/* leader is not the preferred replica */
	int leader_id;			/* broker id or ISR_NO_LEADER */
};

/* Fill row from partition p of s (lag_max_ms: replica.lag.time.max.ms). */
void layout_partition_row(const struct snapshot *s,
    const struct snap_partition *p, int64_t lag_max_ms,
    const struct layout_glyphs *g, struct layout_prow *row);

/* Column widths of the partition table. */
struct layout_cols {
	int topic, part, leader, replicas, isr, oos, hw;
};

/* Widths that fit the headers and the row of every partition of s
 * (topic capped at 24), without formatting the rows. */
void layout_columns(const struct snapshot *s, struct layout_cols *c);

/* The header line of the table with widths c, into buf. */
void layout_table_header(const struct layout_cols *c, char *buf,
    size_t len);

/* One row's fixed columns (TOPIC .. HW), padded to widths c. */
void layout_row_text(const struct layout_prow *r, const struct layout_cols *c,
    char *buf, size_t len);

/* The header's warning that the model falls behind the lab clock ("model
 * 1.2s behind") into buf, and true, when behind_ms of lab time is more
 * than a moment at speed (LAYOUT_BEHIND_REAL_MS of real time, at least
 * LAYOUT_BEHIND_LAB_MS); else false. */
#define LAYOUT_BEHIND_LAB_MS 200
#define LAYOUT_BEHIND_REAL_MS 25
bool layout_behind(int64_t behind_ms, double speed, char *buf, size_t len);

/* A compact event line for the events pane: "43.1s email.send-0 leader
 * 1→2 ep 1→2 isr 1,2,3→2,3 (broker 1 fenced)". */
void layout_event_line(const struct event *e, const struct layout_glyphs *g,
    char *buf, size_t len);

/* Copy src into dst cut to at most cols display columns (never mid
 * character) and, with pad, filled with spaces to exactly cols.
 * Returns the columns written. */
int layout_fit(char *dst, size_t dstlen, const char *src, int cols,
    bool pad);

/* Copy src into dst as valid UTF-8 (an invalid byte becomes U+FFFD), with
 * each control character replaced by '?', each non-ASCII character with
 * ascii by one '?' per column it takes, and tabs by spaces to the next
 * multiple of 8 columns; cut at a character boundary to fit dstlen. */
void layout_sanitize(char *dst, size_t dstlen, const char *src, bool ascii);

/* How the help and the key bar write k: "j/k", "space", "L". */
const char *layout_key_shown(const struct keys_entry *k);

/* Cut the key bar ("? help  1-9 broker  L crash leader ...": the rows of
 * keys_table with a bar label) into lines of at most cols columns;
 * returns how many lines (at most max), each written to lines[i]
 * (LAYOUT_BAR bytes). */
#define LAYOUT_BAR 512
/*
 * S fitted into COLS columns in BUF (LEN bytes): S itself when it fits;
 * else cut after its last whole word that fits with ELLIPSIS after it
 * ("Lab 01 리더 파티션에…"), never inside a word; only when not even the
 * first word fits is it cut inside one (at a character, with ELLIPSIS).
 */
void layout_fit_words(const char *s, int cols, const char *ellipsis,
    char *buf, size_t len);

int layout_keybar(int cols, char lines[][LAYOUT_BAR], int max);
/* The same, with the lab keys (n next, b back, t hint) when lab. */
int layout_keybar_lab(int cols, bool lab, char lines[][LAYOUT_BAR], int max);

/* The speeds +/- step through, and the next one up (dir 1) or down. */
double layout_speed_step(double speed, int dir);

#endif
