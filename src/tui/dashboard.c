/*
 * dashboard.c - the teacher's screen of the class server (isrlab
 * --class-server ADDR:PORT): one row per student, who is stuck longest on
 * top, a student's timeline of steps on Enter.
 *
 * DESIGN
 * The class server (class/classserver.h) runs on its own thread; this
 * loop, on the UI thread, takes a copy of its rows and events once per
 * turn (class_server_view), sorts them (class_rows_sort) and draws one
 * frame.  A turn ends at a key or after DASH_TICK_MS, so the clocks on
 * the rows move by themselves.  The selection follows the student, not
 * the line, as the order changes.  Keys: arrows or j/k select, Enter
 * opens the timeline (Esc, q or Enter close it), q asks before quitting:
 * while the dashboard is closed no journal reaches the teacher (the
 * students keep theirs and catch up when it runs again).
 */

#include "config.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "class/classserver.h"
#include "journal/report.h"
#include "tui/tui-int.h"
#include "util/xmalloc.h"

#define DASH_TICK_MS	500	/* the rows' clocks move this often */
#define DASH_EVENTS	5	/* event lines shown under the rows */

enum dash_view {
	DASH_ROWS,		/* the class */
	DASH_TIMELINE,		/* one student's steps */
	DASH_QUIT,		/* the quit question over the class */
};

struct dash {
	struct tui		*t;	/* for drawing: size, glyphs, colours */
	struct class_server	*srv;
	struct class_view	 v;	/* this turn's copy, sorted */
	int64_t			 now;	/* wall ms */
	enum dash_view		 view;
	size_t			 sel;	/* selected row */
	char			*sel_session;	/* and whose it is (owned) */
	bool			 quit;
};

static int64_t
dash_wall_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A fresh copy of the server's rows, sorted, the selection kept on the
 * same student. */
static void
dash_refresh(struct dash *d)
{
	size_t	i;

	class_view_free(&d->v);
	class_server_view(d->srv, &d->v);
	d->now = dash_wall_ms();
	class_rows_sort(d->v.rows, d->v.n, d->now);
	for (i = 0; d->sel_session != NULL && i < d->v.n; i++)
		if (strcmp(d->v.rows[i].session, d->sel_session) == 0)
			d->sel = i;
	if (d->sel >= d->v.n)
		d->sel = d->v.n > 0 ? d->v.n - 1 : 0;
	free(d->sel_session);
	d->sel_session = d->v.n > 0 ? xstrdup(d->v.rows[d->sel].session) :
	    NULL;
}

/* "4m10s" or "12s". */
static void
dash_duration(int64_t ms, char *buf, size_t len)
{
	int64_t	s = ms / 1000;

	if (s >= 3600)
		snprintf(buf, len, "%dh%02dm", (int)(s / 3600),
		    (int)(s / 60 % 60));
	else if (s >= 60)
		snprintf(buf, len, "%dm%02ds", (int)(s / 60), (int)(s % 60));
	else
		snprintf(buf, len, "%ds", (int)s);
}

static const char *
dash_name(const struct class_row *r)
{
	return r->student != NULL ? r->student : r->student_id != NULL ?
	    r->student_id : r->session;
}

/* Columns of the class table: name and id, lab, step, on step, hints,
 * link, last error (the rest of the width). */
static const int dash_cols[] = { 26, 8, 7, 9, 6, 6 };

static void
dash_draw_header(struct dash *d)
{
	struct tui	*t = d->t;
	char		 line[512];
	size_t		 i;
	int		 on = 0;

	for (i = 0; i < d->v.n; i++)
		on += d->v.rows[i].connections > 0;
	snprintf(line, sizeof line, _(" isrlab class  %s  code %s  "
	    "%zu students, %d connected"), d->v.addr, d->v.code, d->v.n, on);
	draw_fill(t, 0, 0, t->w, tui_attr(t, R_HEADER));
	draw_text(t, 0, 0, t->w, line, tui_attr(t, R_HEADER));
}

static void
dash_draw_rows(struct dash *d, int y, int h)
{
	struct tui		*t = d->t;
	const char		*heads[] = { _("STUDENT"), _("LAB"), _("STEP"),
				    _("ON STEP"), _("HINTS"), _("LINK"),
				    _("LAST ERROR") };
	const struct class_row	*r;
	char			 buf[64];
	size_t			 i, first = 0;
	int			 x, c, a;

	for (x = 0, c = 0; c < 7; c++) {
		draw_text(t, y, x + 1, c < 6 ? dash_cols[c] - 1 : t->w - x - 1,
		    heads[c], tui_attr(t, R_TITLE));
		x += c < 6 ? dash_cols[c] : 0;
	}
	y++;
	h--;
	if (d->v.n == 0) {
		draw_text(t, y + 1, 2, t->w - 4, _("No student yet: give them "
		    "the address and the class code above (isrlab --class "
		    "ADDR:PORT --class-code CODE)."), tui_attr(t, R_DIM));
		return;
	}
	if (h > 0 && d->sel >= (size_t)h)
		first = d->sel - (size_t)h + 1;
	for (i = first; i < d->v.n && (int)(i - first) < h; i++) {
		r = &d->v.rows[i];
		a = i == d->sel ? tui_attr(t, R_SEL) : (int)A_NORMAL;
		if (i == d->sel)
			draw_fill(t, y, 0, t->w, a);
		/* The id after the name tells two students of one name
		 * apart. */
		x = 1 + draw_text(t, y, 1, dash_cols[0] - 1, dash_name(r), a);
		if (r->student != NULL && r->student_id != NULL &&
		    x + 2 < dash_cols[0])
			draw_text(t, y, x + 1, dash_cols[0] - x - 2,
			    r->student_id, i == d->sel ? a : tui_attr(t,
			    R_DIM));
		x = dash_cols[0];
		/* A lab by its number ("01"), as the students pick it. */
		if (r->lab_id == NULL)
			snprintf(buf, sizeof buf, "%s", _("free"));
		else
			snprintf(buf, sizeof buf, "%.*s", strspn(r->lab_id,
			    "0123456789") > 0 ? (int)strspn(r->lab_id,
			    "0123456789") : (int)strlen(r->lab_id), r->lab_id);
		draw_text(t, y, x + 1, dash_cols[1] - 1, buf, a);
		x += dash_cols[1];
		if (r->step >= 0)
			snprintf(buf, sizeof buf, "%d/%d", r->step + 1,
			    r->n_steps);
		else
			snprintf(buf, sizeof buf, "-");
		draw_text(t, y, x + 1, dash_cols[2] - 1, buf, a);
		x += dash_cols[2];
		/* isrlab's own run (--solve, --replay) says so instead of
		 * times that are not the student's. */
		if (r->origin != NULL)
			snprintf(buf, sizeof buf, "%s", strcmp(r->origin,
			    "replay") == 0 ? _("replay") : _("solve"));
		else if (class_row_finished(r))
			snprintf(buf, sizeof buf, "%s", _("done"));
		else if (r->step >= 0)
			dash_duration(class_row_stuck_ms(r, d->now), buf,
			    sizeof buf);
		else
			snprintf(buf, sizeof buf, "-");
		draw_text(t, y, x + 1, dash_cols[3] - 1, buf,
		    i == d->sel ? a : r->origin != NULL ? tui_attr(t,
		    R_WARN) : class_row_finished(r) ? a :
		    tui_attr(t, class_row_stuck_ms(r, d->now) >= 300000 ?
		    R_WARN : R_NORMAL));
		x += dash_cols[3];
		snprintf(buf, sizeof buf, "%d", r->hints);
		draw_text(t, y, x + 1, dash_cols[4] - 1, buf, a);
		x += dash_cols[4];
		draw_text(t, y, x + 1, dash_cols[5] - 1, r->connections > 0 ?
		    _("on") : _("off"), i == d->sel ? a : tui_attr(t,
		    r->connections > 0 ? R_UP : R_DOWN));
		x += dash_cols[5];
		draw_text(t, y, x + 1, t->w - x - 1, r->last_error, a);
		y++;
	}
}

static void
dash_draw_events(struct dash *d, int y, int h)
{
	struct tui	*t = d->t;
	size_t		 i, first;

	draw_box(t, y, 0, h, t->w, _("events"), false);
	first = d->v.n_events > (size_t)(h - 2) ? d->v.n_events -
	    (size_t)(h - 2) : 0;
	for (i = first; i < d->v.n_events; i++)
		draw_text(t, y + 1 + (int)(i - first), 2, t->w - 4,
		    d->v.events[i], A_NORMAL);
}

/* The selected student's steps: when each began, how long it took (or
 * has taken so far), hints and errors, and a bar of its time. */
static void
dash_draw_timeline(struct dash *d, int y, int h)
{
	struct tui		*t = d->t;
	const struct class_row	*r = &d->v.rows[d->sel];
	char			 title[512], who[200], line[512], dur[32],
				 at[16];
	int64_t			 ms[CLASS_STEPS_MAX], longest = 1;
	int			 n = r->n_steps < CLASS_STEPS_MAX ? r->n_steps :
				    CLASS_STEPS_MAX, s, bar, k, x;
	struct tm		 tm;
	time_t			 tt;

	if (r->student != NULL && r->student_id != NULL)
		snprintf(who, sizeof who, "%s %s", r->student, r->student_id);
	else
		snprintf(who, sizeof who, "%s", dash_name(r));
	snprintf(title, sizeof title, _("timeline: %s, lab %s"), who,
	    r->lab_title != NULL ? r->lab_title : r->lab_id !=
	    NULL ? r->lab_id : _("free"));
	draw_box(t, y, 0, h, t->w, title, true);
	for (s = 0; s < n; s++) {
		ms[s] = r->steps[s].took_ms >= 0 ? r->steps[s].took_ms :
		    s == r->step && !class_row_finished(r) ?
		    class_row_stuck_ms(r, d->now) : 0;
		if (ms[s] > longest)
			longest = ms[s];
	}
	if (n == 0)
		draw_text(t, y + 2, 2, t->w - 4, _("No steps: free play."),
		    tui_attr(t, R_DIM));
	for (s = 0; s < n && s < h - 3; s++) {
		if (r->steps[s].start_wall > 0) {
			tt = (time_t)(r->steps[s].start_wall / 1000);
			localtime_r(&tt, &tm);
			snprintf(at, sizeof at, "%02d:%02d:%02d", tm.tm_hour,
			    tm.tm_min, tm.tm_sec);
		} else
			snprintf(at, sizeof at, "--:--:--");
		dash_duration(ms[s], dur, sizeof dur);
		snprintf(line, sizeof line, "%2d/%d %s", s + 1, n,
		    r->steps[s].title);
		draw_text(t, y + 1 + s, 2, 34, line, s == r->step ?
		    tui_attr(t, R_FOCUS) : (int)A_NORMAL);
		snprintf(line, sizeof line, _("%s  %7s %s  hints %d  errors %d"),
		    at, r->steps[s].start_wall == 0 ? "" : dur,
		    r->steps[s].took_ms >= 0 ? _("done") :
		    r->steps[s].start_wall > 0 ? _("now ") : "    ",
		    r->steps[s].hints, r->steps[s].errors);
		x = 37 + draw_text(t, y + 1 + s, 37, t->w - 39, line, A_NORMAL);
		bar = (int)((t->w - x - 4) * ms[s] / longest);
		for (k = 0; k < bar; k++)
			draw_text(t, y + 1 + s, x + 2 + k, 1, t->unicode ?
			    "█" : "#", tui_attr(t, r->steps[s].took_ms >= 0 ?
			    R_GOOD : R_WARN));
	}
	if (r->last_error[0] != '\0' && h - 2 > n + 1) {
		snprintf(line, sizeof line, _("last error: %s"), r->last_error);
		draw_text(t, y + h - 2, 2, t->w - 4, line, tui_attr(t, R_DOWN));
	}
}

static void
dash_draw(struct dash *d)
{
	struct tui	*t = d->t;
	int		 ev_h = DASH_EVENTS + 2, body = t->h - 2 - ev_h;
	const char	*keys;

	erase();
	dash_draw_header(d);
	if (body < 3) {
		ev_h = 0;
		body = t->h - 2;
	}
	if (d->view == DASH_TIMELINE && d->sel < d->v.n)
		dash_draw_timeline(d, 1, body);
	else
		dash_draw_rows(d, 1, body);
	if (ev_h > 0)
		dash_draw_events(d, 1 + body, ev_h);
	if (d->view == DASH_QUIT) {
		keys = _(" Quit the class server? Students' journals stop "
		    "reaching you until it runs again.  y: quit  n: stay");
		draw_fill(t, t->h - 1, 0, t->w, tui_attr(t, R_OFFLINE));
		draw_text(t, t->h - 1, 0, t->w, keys, tui_attr(t, R_OFFLINE));
	} else {
		keys = d->view == DASH_TIMELINE ? _(" Enter/Esc back to the "
		    "class  q back") : _(" ↑↓ select  Enter timeline  q quit");
		draw_text(t, t->h - 1, 0, t->w, keys, tui_attr(t, R_DIM));
	}
	refresh();
}

static void
dash_key(struct dash *d, wint_t wc, bool is_key)
{
	if (is_key && wc == KEY_RESIZE) {
		getmaxyx(stdscr, d->t->h, d->t->w);
		return;
	}
	if (d->view == DASH_QUIT) {
		if (wc == 'y' || wc == 'Y')
			d->quit = true;
		else
			d->view = DASH_ROWS;
		return;
	}
	if (d->view == DASH_TIMELINE) {
		if (wc == 27 || wc == 'q' || wc == '\r' || wc == '\n' ||
		    (is_key && wc == KEY_ENTER))
			d->view = DASH_ROWS;
		return;
	}
	if ((is_key && wc == KEY_UP) || wc == 'k') {
		if (d->sel > 0)
			d->sel--;
	} else if ((is_key && wc == KEY_DOWN) || wc == 'j') {
		if (d->sel + 1 < d->v.n)
			d->sel++;
	} else if ((wc == '\r' || wc == '\n' || (is_key && wc == KEY_ENTER)) &&
	    d->v.n > 0)
		d->view = DASH_TIMELINE;
	else if (wc == 'q' || wc == 3)	/* q, Ctrl-C */
		d->view = DASH_QUIT;
	free(d->sel_session);
	d->sel_session = d->v.n > 0 ? xstrdup(d->v.rows[d->sel].session) :
	    NULL;
}

int
tui_class_dashboard(const char *addr, const char *dir,
    const struct tui_options *opt)
{
	struct dash	 d;
	struct pollfd	 pfd;
	char		 err[1024];
	wint_t		 wc;
	int		 r;

	memset(&d, 0, sizeof d);
	if ((d.srv = class_server_start(addr, dir, NULL, err,
	    sizeof err)) == NULL) {
		fprintf(stderr, "isrlab: --class-server: %s\n", err);
		return 1;
	}
	if (tui_term_begin(opt) != 0) {
		class_server_stop(d.srv);
		return 1;
	}
	d.t = xcalloc(1, sizeof *d.t);
	d.t->opt = *opt;
	tui_curses_look(d.t);
	while (!d.quit && !tui_interrupted()) {
		dash_refresh(&d);
		dash_draw(&d);
		pfd.fd = STDIN_FILENO;
		pfd.events = POLLIN;
		pfd.revents = 0;
		r = poll(&pfd, 1, DASH_TICK_MS);
		if (r < 0 && errno != EINTR)
			break;
		while (!d.quit && (r = get_wch(&wc)) != ERR)
			dash_key(&d, wc, r == KEY_CODE_YES);
	}
	tui_term_end();
	class_view_free(&d.v);
	free(d.sel_session);
	free(d.t);
	class_server_stop(d.srv);
	return 0;
}
