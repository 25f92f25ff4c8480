/*
 * ledger.c - acknowledged writes per partition, oldest dropped past a
 * bound so that memory stays flat in long sessions.
 *
 * The loss check (ledger_loss_trigger, ledger_check_loss) lives here so
 * that the simulator and the threaded runtime report data loss by the same
 * code.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/ledger.h"
#include "util/xmalloc.h"

void
ledger_init(struct ledger *l, size_t max_entries)
{
	memset(l, 0, sizeof *l);
	l->max_entries = max_entries;
}

void
ledger_free(struct ledger *l)
{
	size_t i;

	for (i = 0; i < l->n_parts; i++)
		free(l->parts[i].v);
	free(l->parts);
	memset(l, 0, sizeof *l);
}

struct ledger_partition *
ledger_partition(struct ledger *l, const char *topic, int partition)
{
	size_t i;

	for (i = 0; i < l->n_parts; i++) {
		if (l->parts[i].partition == partition &&
		    strcmp(l->parts[i].topic, topic) == 0)
			return &l->parts[i];
	}
	return NULL;
}

static struct ledger_partition *
ledger_partition_add(struct ledger *l, const char *topic, int partition)
{
	struct ledger_partition *p = ledger_partition(l, topic, partition);

	if (p != NULL)
		return p;
	if (l->n_parts == l->cap_parts) {
		l->cap_parts = l->cap_parts ? l->cap_parts * 2 : 8;
		l->parts = xreallocarray(l->parts, l->cap_parts,
		    sizeof *l->parts);
	}
	p = &l->parts[l->n_parts++];
	memset(p, 0, sizeof *p);
	snprintf(p->topic, sizeof p->topic, "%s", topic);
	p->partition = partition;
	return p;
}

void
ledger_ack(struct ledger *l, const char *topic, int partition, int64_t base,
    int n, uint64_t first_id, int acks, int64_t log_start)
{
	struct ledger_partition *p;
	size_t retired = 0;
	int i;

	if (acks == 0 || n <= 0 || base < 0)
		return;
	p = ledger_partition_add(l, topic, partition);
	p->produced += n;
	while (retired < p->n && p->v[retired].offset < log_start)
		retired++;
	if (retired > 0) {
		memmove(p->v, p->v + retired, (p->n - retired) * sizeof *p->v);
		p->n -= retired;
	}
	for (i = 0; i < n; i++) {
		if (p->n == p->cap) {
			if (l->max_entries > 0 && p->n >= l->max_entries) {
				size_t drop = p->n / 2;

				memmove(p->v, p->v + drop,
				    (p->n - drop) * sizeof *p->v);
				p->n -= drop;
			} else {
				p->cap = p->cap ? p->cap * 2 : 64;
				p->v = xreallocarray(p->v, p->cap,
				    sizeof *p->v);
			}
		}
		p->v[p->n].offset = base + i;
		p->v[p->n].id = first_id + (uint64_t)i;
		p->v[p->n].acks = acks;
		p->v[p->n].lost = false;
		p->n++;
	}
}

void
ledger_drop_topic(struct ledger *l, const char *topic)
{
	size_t i = 0;

	while (i < l->n_parts) {
		if (strcmp(l->parts[i].topic, topic) == 0) {
			free(l->parts[i].v);
			l->parts[i] = l->parts[--l->n_parts];
		} else
			i++;
	}
}

bool
ledger_loss_trigger(struct ledger *l, const struct event *e, int64_t *from,
    const char **why)
{
	switch (e->type) {
	case EV_TRUNCATE:
		*from = e->off_to;
		*why = "truncated from the returning replica";
		return true;
	case EV_LEADER_CHANGE:
		if (e->clean)
			return false;
		*from = 0;
		*why = "missing from the uncleanly elected leader";
		return true;
	case EV_TOPIC_DELETED:
		ledger_drop_topic(l, e->topic);
		return false;
	default:
		return false;
	}
}

int64_t
ledger_check_loss(struct ledger *l, const char *topic, int partition,
    const struct plog *leader_log, int64_t from, const char *why,
    int64_t now, struct evq *out)
{
	struct ledger_partition *lp = ledger_partition(l, topic, partition);
	struct event *e = NULL;
	int64_t lost = 0;
	size_t i;

	if (lp == NULL || leader_log == NULL)
		return 0;
	for (i = 0; i < lp->n; i++) {
		struct ledger_entry *le = &lp->v[i];
		const struct record *rec;

		if (le->lost || le->offset < from ||
		    le->offset < leader_log->log_start)
			continue;
		rec = plog_get(leader_log, le->offset);
		if (rec != NULL && rec->id == le->id)
			continue;
		le->lost = true;
		lost++;
		if (e != NULL && e->off_to == le->offset) {
			e->off_to++;
			continue;
		}
		e = evq_push(out, EV_DATA_LOSS, now);
		snprintf(e->topic, sizeof e->topic, "%s", topic);
		e->partition = partition;
		e->off_from = le->offset;
		e->off_to = le->offset + 1;
		snprintf(e->reason, sizeof e->reason, "acks=%s write%s %s",
		    le->acks == -1 ? "all" : "1", "(s)", why);
	}
	return lost;
}
