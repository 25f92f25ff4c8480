/*
 * ledger.c - acknowledged writes per partition, oldest dropped past a
 * bound so that memory stays flat in long sessions.
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
    int n, uint64_t first_id, int acks)
{
	struct ledger_partition *p;
	int i;

	if (acks == 0 || n <= 0 || base < 0)
		return;
	p = ledger_partition_add(l, topic, partition);
	p->produced += n;
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

int64_t
ledger_produced(const struct ledger *l, const char *topic)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < l->n_parts; i++) {
		if (strcmp(l->parts[i].topic, topic) == 0)
			sum += l->parts[i].produced;
	}
	return sum;
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
