/*
 * sink.c - where console output goes, and running a line through it.
 *
 * DESIGN
 * Every cluster change the screen makes is a console command, so that
 * keys, typed lines and labs are journaled and checked alike.  The
 * console writes through one callback (tui_console_write); t->sink says
 * where that output belongs at the moment: the console pane, the status
 * line (a key's command), the steady producer's counter, the popup, or
 * the console pane plus a capture buffer (export reads its own output).
 * tui_exec() sets the sink for one line and puts it back.
 */

#include "config.h"

#include <string.h>

#include "tui/tui-int.h"

void
tui_console_write(void *arg, int fd, const char *s, size_t n)
{
	struct tui	*t = arg;
	int		 role = fd == 2 ? R_DOWN : R_NORMAL;
	size_t		 i, start, len;

	switch (t->sink) {
	case S_REQUEST:
		/* The worker's thread: nothing of the screen is touched. */
		tui_request_write(t, fd, s, n);
		return;
	case S_POPUP:
		tui_lines_write(&t->popup.lines, s, n, role);
		break;
	case S_PRODUCER:
		for (i = 0, start = 0; i <= n; i++) {
			if (i < n && s[i] != '\n')
				continue;
			len = i - start;
			if (len > 0) {
				if (len >= sizeof t->prod.last)
					len = sizeof t->prod.last - 1;
				memcpy(t->prod.last, s + start, len);
				t->prod.last[len] = '\0';
				if (fd == 2 || strncmp(t->prod.last, "ERROR",
				    5) == 0)
					t->prod.errors++;
			}
			start = i + 1;
		}
		break;
	case S_STATUS:
		/* Kept in the console pane's history too; the last line
		 * becomes the status. */
		tui_lines_write(&t->output, s, n, role);
		for (i = 0, start = 0; i <= n; i++) {
			if (i < n && s[i] != '\n')
				continue;
			len = i - start;
			if (len > 0) {
				if (len >= sizeof t->sink_last)
					len = sizeof t->sink_last - 1;
				memcpy(t->sink_last, s + start, len);
				t->sink_last[len] = '\0';
				tui_status(t, role, "%s", t->sink_last);
			}
			start = i + 1;
		}
		break;
	case S_CAPTURE:
		strbuf_add(&t->export.capture, s, n);
		tui_lines_write(&t->output, s, n, role);
		break;
	case S_OUTPUT:
		tui_lines_write(&t->output, s, n, role);
		break;
	}
	t->dirty = true;
}

/* Run one command line through the console into sink.  Returns the
 * console's result; a usage error goes to the status line (and, in the
 * console, the output pane). */
int
tui_exec(struct tui *t, const char *line, enum tui_sink sink)
{
	char		err[512];
	enum tui_sink	old = t->sink;
	int		rc;

	t->sink = sink;
	err[0] = '\0';
	rc = console_exec(t->con, line, err, sizeof err);
	tui_lines_flush(&t->output);
	t->sink = old;
	if (rc < 0) {
		if (sink == S_OUTPUT)
			tui_lines_add(&t->output, err, R_DOWN);
		tui_status(t, R_DOWN, "%s", err);
	}
	t->activity = true;
	tui_model_update(t, true);
	return rc;
}
