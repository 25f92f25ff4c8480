/*
 * traffic.c - the screen's own clients: the steady producer (P) and the
 * consumer pane (c).
 *
 * DESIGN
 * The steady producer sends 10 messages per second of lab time, as
 * `produce T --acks A --count N` through the console, batched per loop
 * turn by the lab time that passed, so a fast clock sends more per turn
 * and a paused one none; its output feeds the counter on the status line
 * (S_PRODUCER).  It holds off while a console producer waits for its
 * lines, which any other command would end.  The consumer pane is an
 * engine client of its own that fetches every partition of its topic
 * from offset 0 up to the HW, as a console consumer would, and counts
 * what it read into the console's consumed totals.
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui-int.h"
#include "util/xmalloc.h"

static const char *
tui_acks_name(int acks)
{
	return acks == -1 ? "all" : acks == 0 ? "0" : "1";
}

void
tui_producer_tick(struct tui *t)
{
	char	line[ISR_TOPIC_MAX + 64];
	int64_t	now = t->snap.now, n;

	if (!t->prod.on)
		return;
	/* Any other command would end a console producer waiting for
	 * "> " lines (console.h), so the steady producer holds off. */
	if (console_producer_pending(t->con)) {
		t->prod.next = now;
		return;
	}
	if (t->prod.next == 0 || t->prod.next > now + 1000)
		t->prod.next = now;
	if (now < t->prod.next)
		return;
	n = (now - t->prod.next) / TUI_PRODUCER_EVERY_MS + 1;
	if (n > 50)
		n = 50;
	t->prod.next += n * TUI_PRODUCER_EVERY_MS;
	if (t->prod.next < now - 1000)
		t->prod.next = now;
	snprintf(line, sizeof line, "produce %s --acks %s --count %" PRId64,
	    t->prod.topic, tui_acks_name(t->prod.acks), n);
	tui_request_producer(t, line, n);
}

struct tui_fetch {
	const char	*topic;
	int		 partition;
	int64_t		 offset;
};

static void
tui_fetch_fn(struct client *c, int64_t now, void *arg)
{
	struct tui_fetch	*f = arg;

	client_fetch(c, now, f->topic, f->partition, f->offset, 100);
}

void
tui_consumer_tick(struct tui *t)
{
	struct client_result	*res;
	struct tui_fetch	 f;
	const struct topic_reg	*tr;
	const struct snap_partition *sp;
	char			 line[1024];
	size_t			 n, i;
	int			 p, k;
	int64_t			 got = 0;

	if (!t->cons.on)
		return;
	tr = image_topic(&t->snap.ctrl_image, t->cons.topic);
	if (tr == NULL)
		return;
	if (tr->n_partitions > t->cons.n_parts) {
		t->cons.off = xreallocarray(t->cons.off,
		    (size_t)tr->n_partitions, sizeof t->cons.off[0]);
		for (p = t->cons.n_parts; p < tr->n_partitions; p++)
			t->cons.off[p] = 0;
		t->cons.n_parts = tr->n_partitions;
	}
	for (p = 0; p < t->cons.n_parts; p++) {
		sp = snapshot_partition(&t->snap, t->cons.topic, p);
		if (sp == NULL || sp->hw <= t->cons.off[p] ||
		    sp->reg->leader == ISR_NO_LEADER ||
		    t->snap.brokers[sp->reg->leader].state == BROKER_DOWN)
			continue;
		f.topic = t->cons.topic;
		f.partition = p;
		f.offset = t->cons.off[p];
		n = t->e->ops->client_run(t->e, t->cons.handle, tui_fetch_fn,
		    &f, 1000, &res);
		for (i = 0; i < n; i++) {
			for (k = 0; k < res[i].n_records; k++) {
				const struct record	*r = &res[i].records[k];
				int			 vl = (int)r->value_len;

				if (vl > 400)
					vl = 400;
				snprintf(line, sizeof line, "p%d@%" PRId64
				    "  %.*s", p, t->cons.off[p], vl,
				    record_value(r));
				tui_lines_add(&t->consumer, line, R_NORMAL);
				t->cons.off[p]++;
				got++;
			}
			client_result_free(&res[i]);
		}
		free(res);
	}
	if (got > 0) {
		console_count_consumed(t->con, t->cons.topic, got);
		t->dirty = true;
	}
}

int
act_producer(struct tui *t, int key)
{
	const struct snap_partition	*p = tui_sel_part(t);

	(void)key;
	if (t->prod.on) {
		t->prod.on = false;
		tui_status(t, R_NORMAL, _("producer stopped: %" PRId64 " sent, %"
		    PRId64 " errors"), t->prod.sent, t->prod.errors);
		return 1;
	}
	if (p == NULL) {
		tui_status(t, R_WARN, "%s", _("no topic to produce to"));
		return 1;
	}
	snprintf(t->prod.topic, sizeof t->prod.topic, "%s", p->topic);
	t->prod.on = true;
	t->prod.next = 0;
	t->prod.sent = t->prod.errors = 0;
	t->prod.last[0] = '\0';
	tui_status(t, R_NORMAL, _("producer started: 10 msg/s of lab time to "
	    "%s (P stops, a changes acks)"), t->prod.topic);
	return 1;
}

int
act_acks(struct tui *t, int key)
{
	(void)key;
	t->prod.acks = t->prod.acks == 0 ? 1 : t->prod.acks == 1 ? -1 : 0;
	tui_status(t, R_NORMAL, _("producer acks=%s"),
	    tui_acks_name(t->prod.acks));
	return 1;
}

int
act_consumer(struct tui *t, int key)
{
	const struct snap_partition	*p = tui_sel_part(t);
	bool				 boot[ISR_NODES];
	int				 b;

	(void)key;
	if (t->cons.on) {
		t->cons.on = false;
		t->e->ops->client_close(t->e, t->cons.handle);
		t->cons.handle = -1;
		if (t->focus == F_CONSUMER)
			t->focus = F_TABLE;
		return 1;
	}
	if (p == NULL) {
		tui_status(t, R_WARN, "%s", _("no topic to consume"));
		return 1;
	}
	memset(boot, 0, sizeof boot);
	for (b = 1; b <= t->e->n_brokers; b++)
		boot[b] = true;
	t->cons.handle = t->e->ops->client_open(t->e, boot);
	snprintf(t->cons.topic, sizeof t->cons.topic, "%s", p->topic);
	free(t->cons.off);
	t->cons.off = NULL;
	t->cons.n_parts = 0;
	tui_lines_clear(&t->consumer);
	t->cons.on = true;
	t->scroll[F_CONSUMER] = 0;
	tui_status(t, R_NORMAL, _("consuming %s from the beginning, up to the "
	    "HW (c closes)"), t->cons.topic);
	return 1;
}
