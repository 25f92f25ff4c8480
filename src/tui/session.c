/*
 * session.c - one lab or free play as a session: its journal, its
 * export, and leaving it.
 *
 * DESIGN
 * Each lab or free play keeps its own session journal (journal/slog.h),
 * attached to the console and the lab runner before anything runs, so
 * the lab's start and free play's seed topic are in it (a replay needs
 * them), and writing it to its state file as it goes
 * (journal/statefile.h).  `e` runs `export` through the console, like a typed one, after
 * asking the student's name once (the student prompt, prompt.c); q with
 * activity not exported yet asks first whether to export (popup.c), and
 * from the picker whether to go back to the list.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "class/classclient.h"
#include "journal/export.h"
#include "journal/statefile.h"
#include "journal/student.h"
#include "tui/tui-int.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#define TUI_SEED_RF 3		/* free play's email.send, capped at brokers */

/* The journal of one lab or free play, observing the console and the
 * runner before anything runs, so lab_start and the seed topic are in
 * it (a replay needs them). */
void
tui_journal_begin(struct tui *t)
{
	const char		*racks[ISR_MAX_BROKERS];
	const char *const	*rk = t->opt.racks;
	char			 err[1024], *name = NULL, *id = NULL;
	int			 b;

	if (t->lab != NULL) {
		/* As main.c built the lab's cluster. */
		for (b = 0; b < t->lab->brokers && b < ISR_MAX_BROKERS; b++)
			racks[b] = t->lab->racks[b];
		rk = t->lab->has_racks ? racks : NULL;
	}
	t->log = slog_new(t->e, 0, NULL, NULL);
	slog_set_cluster(t->log, t->opt.ident.seed, t->e->n_brokers, rk,
	    t->opt.kafka_timings);
	slog_set_ident(t->log, &t->opt.ident);
	slog_set_export_dir(t->log, t->opt.export_dir);
	if (t->opt.student != NULL)
		slog_set_student(t->log, t->opt.student);
	else if (student_recall(&name, &id) == 0) {
		/* Asked once, at an earlier session's first export. */
		slog_set_student(t->log, name);
		slog_set_student_id(t->log, id);
	}
	if (t->opt.student_id != NULL)
		slog_set_student_id(t->log, t->opt.student_id);
	free(name);
	free(id);
	export_attach(t->log, t->con, t->run);
	t->sf = statefile_start(t->log, err, sizeof err);
	if (t->sf == NULL)
		tui_status(t, R_DOWN, _("no state file (%s): this session will "
		    "not survive a crash"), err);
	tui_class_begin(t);
}

void
tui_class_begin(struct tui *t)
{
	char	err[1024];

	if (t->opt.class_addr == NULL)
		return;
	if (t->sf == NULL)
		tui_status(t, R_DOWN, _("no state file: nothing goes to the "
		    "class server"));
	else if ((t->link = class_client_start(t->opt.class_addr,
	    t->opt.class_code, t->log, t->sf, err, sizeof err)) == NULL)
		tui_status(t, R_DOWN, _("class server: %s"), err);
}

void
tui_class_tick(struct tui *t)
{
	struct class_status	st;
	int			now;

	if (t->link == NULL)
		return;
	class_client_status(t->link, &st);
	now = st.connected ? 1 : st.said[0] != '\0' ? 2 : 0;
	if (now == t->link_said || now == 0)
		return;
	t->link_said = now;
	if (now == 1)
		tui_status(t, R_UP, _("class server: connected; your journal "
		    "goes to the teacher as you work"));
	else
		tui_status(t, R_DOWN, _("class server: %s (your work goes on "
		    "and is sent when the link is back)"), st.said);
}

/* Free play's topic: email.send, 1 partition, RF 3 or fewer when the
 * cluster is smaller.  A setup line in the journal. */
void
tui_seed_topic(struct tui *t)
{
	char	line[256];
	int	rf = t->e->n_brokers < TUI_SEED_RF ? t->e->n_brokers :
		    TUI_SEED_RF;

	snprintf(line, sizeof line, "kafka-topics.sh --bootstrap-server "
	    "localhost:9092 --create --topic email.send --partitions 1 "
	    "--replication-factor %d", rf);
	console_set_source(t->con, "setup");
	tui_exec(t, line, S_STATUS);
	console_set_source(t->con, NULL);
	t->activity = false;
}

/* Add the path an export line "wrote PATH" or "wrote PATH (...: kept)"
 * names to msg, made absolute (the student is told where the files went,
 * whatever --export-dir was relative to). */
static void
tui_export_path(struct strbuf *msg, const char *p, size_t len)
{
	char	*path, *cut, *abs;

	path = xstrndup(p, len);
	if ((cut = strstr(path, " (")) != NULL)
		*cut = '\0';
	abs = realpath(path, NULL);
	strbuf_adds(msg, abs != NULL ? abs : path);
	if (cut != NULL && (cut = strstr(p, " (")) != NULL &&
	    (size_t)(cut - p) < len)
		strbuf_add(msg, cut, len - (size_t)(cut - p));
	free(abs);
	free(path);
}

/* Run `export` through the console (so it is journaled like a typed
 * one); "wrote A, B" (full paths) or "export: reason" on the status line,
 * and kept in t->export.said for after the screen.  Returns 0 when both
 * files were written; a failure keeps everything for another try. */
static int
tui_export_run(struct tui *t)
{
	struct strbuf	 msg = STRBUF_INIT;
	const char	*p, *nl, *last = "";
	size_t		 len, last_len = 0;
	int		 rc;

	strbuf_reset(&t->export.capture);
	tui_lines_add(&t->output, "", R_NORMAL);
	tui_lines_add(&t->output, "$ export", R_FOCUS);
	rc = tui_exec(t, "export", S_CAPTURE);
	for (p = strbuf_cstr(&t->export.capture); *p != '\0'; p = nl) {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		nl = nl != NULL ? nl + 1 : p + len;
		if (len == 0)
			continue;
		last = p;
		last_len = len;
		if (rc != 0)
			continue;
		if (len > 6 && strncmp(p, "wrote ", 6) == 0) {
			strbuf_adds(&msg, msg.len > 0 ? ", " : "wrote ");
			tui_export_path(&msg, p + 6, len - 6);
		} else {
			if (msg.len > 0)
				strbuf_adds(&msg, ", ");
			strbuf_add(&msg, p, len);
		}
	}
	if (rc == 0) {
		tui_status(t, R_UP, "%s", strbuf_cstr(&msg));
		snprintf(t->export.said, sizeof t->export.said, "%s",
		    strbuf_cstr(&msg));
	} else if (last_len > 0)
		tui_status(t, R_DOWN, "%.*s", (int)last_len, last);
	else
		tui_status(t, R_DOWN, "%s", _("export: failed"));
	t->status.until = t->now_real + 15000;
	strbuf_free(&msg);
	return rc == 0 ? 0 : -1;
}

/* The export asked for ends: leave when it was "y" to the leaving
 * question and the files were written. */
void
tui_export_finish(struct tui *t)
{
	enum tui_after	after = t->export.after;

	t->export.after = TUI_AFTER_STAY;
	if (tui_export_run(t) == 0 && after == TUI_AFTER_LEAVE) {
		t->end = t->export.leave;
		t->quit = true;
	}
}

/* `e`, or y to "export before leaving?": first the student's name on the
 * prompt line when it is not known yet. */
void
tui_export_start(struct tui *t, enum tui_after after)
{
	t->export.after = after;
	if (slog_needs_student(t->log)) {
		lineedit_clear(&t->le);
		tui_prompt_open(t, PR_STUDENT);
		return;
	}
	tui_export_finish(t);
}

int
act_export(struct tui *t, int key)
{
	(void)key;
	if (t->log == NULL) {
		tui_status(t, R_WARN, _("a replay has nothing to export"));
		return 1;
	}
	tui_export_start(t, TUI_AFTER_STAY);
	return 1;
}

int
act_quit(struct tui *t, int key)
{
	const char	*q;

	(void)key;
	if (t->replay.rp != NULL) {
		t->quit = true;
		return 0;
	}
	if (t->log != NULL && slog_unexported(t->log)) {
		/* Each lab or free play is its own journal: offer to export
		 * it before it is gone. */
		t->export.leave = t->opt.picker ? TUI_END_BACK : TUI_END_QUIT;
		tui_lines_clear(&t->popup.lines);
		q = t->opt.picker ? _("Export before going back to the lab "
		    "list? (y/n/esc)") : _("export before quitting? (y/n/esc)");
		tui_lines_add(&t->popup.lines, q, R_NORMAL);
		tui_lines_add(&t->popup.lines, _("This session has activity "
		    "that was not exported."), R_NORMAL);
		q = t->opt.picker ? _("y: export, then the list   n: the list   "
		    "Esc: stay") : _("y: export, then quit   n: quit   Esc: stay");
		tui_lines_add(&t->popup.lines, q, R_DIM);
		tui_popup_open(t, P_EXPORT, _("export"));
		return 1;
	}
	if (t->opt.picker) {
		tui_lines_clear(&t->popup.lines);
		tui_lines_add(&t->popup.lines, _("Back to the lab list?"),
		    R_NORMAL);
		tui_lines_add(&t->popup.lines, _("y: the list   Q: quit isrlab   "
		    "other keys: stay"), R_DIM);
		tui_popup_open(t, P_QUIT, _("leave"));
		return 1;
	}
	t->quit = true;
	return 0;
}
