/*
 * rewind.c - replaying a session's inputs up to the start of a step.
 */

#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal/replay.h"
#include "journal/rewind.h"
#include "util/xmalloc.h"

int64_t
rewind_replay(const struct slog *log, int step, struct console *c,
    char *err, size_t len)
{
	struct engine		*e = c->engine;
	const struct slog_rec	*r;
	struct replay_action	 a;
	struct keys_sel		 sel;
	bool			*undone;
	size_t			 i, start = SIZE_MAX;
	int64_t			 now;
	char			 msg[512];

	for (i = 0; i < log->n; i++)
		if (log->v[i].type == SLOG_STEP_START && log->v[i].step == step)
			start = i;
	if (start == SIZE_MAX) {
		snprintf(err, len, "step %d has not begun", step + 1);
		return -1;
	}
	undone = xcalloc(log->n + 1, sizeof *undone);
	slog_undone(log, undone);
	memset(&sel, 0, sizeof sel);
	for (i = 0; i < log->n; i++) {
		r = &log->v[i];
		if (undone[i] || !((r->type == SLOG_COMMAND &&
		    r->key == NULL) || r->type == SLOG_KEY))
			continue;
		/* After the step began only its setup lines. */
		if (i > start && r->source == NULL)
			continue;
		memset(&a, 0, sizeof a);
		a.kind = r->type == SLOG_KEY ? REPLAY_KEY : REPLAY_COMMAND;
		a.t_ms = r->t_ms;
		a.text = r->text != NULL ? r->text : (char *)"";
		a.setup = r->source != NULL;
		a.sel = r->sel;
		(void)replay_apply(NULL, c, &a, &sel, msg, sizeof msg);
	}
	free(undone);
	console_producer_end(c);
	now = e->ops->now(e);
	if (log->v[start].t_ms > now)
		e->ops->advance(e, log->v[start].t_ms - now);
	return e->ops->now(e);
}
