/*
 * acked.c - acknowledged writes and their fate (acked.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach/acked.h"
#include "util/xmalloc.h"

/* FNV-1a, 64 bits. */
static uint64_t
acked_fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*s = p;

	while (n-- > 0) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t
acked_hash(const char *key, size_t key_len, const char *value,
    size_t value_len)
{
	uint64_t	h = 0xcbf29ce484222325ULL;
	unsigned char	has_key = key != NULL;

	/* The key's length first: "ab"+"c" is not "a"+"bc". */
	h = acked_fnv(h, &has_key, 1);
	h = acked_fnv(h, &key_len, sizeof key_len);
	if (key != NULL)
		h = acked_fnv(h, key, key_len);
	return acked_fnv(h, value, value_len);
}

uint64_t
acked_record_hash(const struct record *rec)
{
	bool	null_key = rec->key_len == PLOG_NULL_KEY;

	return acked_hash(null_key ? NULL : (const char *)rec->data,
	    null_key ? 0 : rec->key_len, record_value(rec), rec->value_len);
}

void
acked_add(struct acked_list *l, const struct acked *a)
{
	/* Full: the older half goes at once, so that a long produce does
	 * not move the list once a record. */
	if (l->n == ACKED_MAX) {
		memmove(l->v, l->v + ACKED_MAX / 2,
		    (l->n - ACKED_MAX / 2) * sizeof *l->v);
		l->n -= ACKED_MAX / 2;
	}
	if (l->n == l->cap) {
		l->cap = l->cap * 2 + 16;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = *a;
}

void
acked_move(struct acked_list *dst, struct acked_list *src)
{
	size_t	i;

	for (i = 0; i < src->n; i++)
		acked_add(dst, &src->v[i]);
	src->n = 0;
}

void
acked_free(struct acked_list *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

enum acked_verdict
acked_judge(struct acked *a, const struct image *im, int64_t hw)
{
	const struct partition_reg	*reg;

	if ((reg = image_partition(im, a->topic, a->partition)) == NULL)
		return ACKED_SAFE;
	if (hw < 0 || reg->leader == ISR_NO_LEADER)
		return ACKED_PENDING;
	if (reg->leader == a->broker) {
		a->strikes = 0;
		return a->offset < hw ? ACKED_SAFE : ACKED_PENDING;
	}
	if (a->offset < hw)
		return ACKED_READ_BACK;
	if (a->broker < 1 || !preg_in_isr(reg, a->broker)) {
		a->strikes = 0;
		return ACKED_PENDING;
	}
	return ++a->strikes >= 2 ? ACKED_LOST : ACKED_PENDING;
}

void
acked_loss_events(const struct acked *v, size_t n, int leader, int64_t now,
    struct evq *out)
{
	struct event	*e = NULL;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (e != NULL && e->off_to == v[i].offset &&
		    strcmp(e->topic, v[i].topic) == 0 &&
		    e->partition == v[i].partition) {
			e->off_to++;
			continue;
		}
		e = evq_push(out, EV_DATA_LOSS, now);
		snprintf(e->topic, sizeof e->topic, "%s", v[i].topic);
		e->partition = v[i].partition;
		e->broker = leader;
		e->off_from = v[i].offset;
		e->off_to = v[i].offset + 1;
		if (v[i].broker >= 1)
			snprintf(e->reason, sizeof e->reason, "observed: "
			    "acks=%s write(s) acknowledged by broker %d, not "
			    "in leader %d's log", v[i].acks == -1 ? "all" :
			    "1", v[i].broker, leader);
		else
			snprintf(e->reason, sizeof e->reason, "observed: "
			    "acks=%s write(s) not in leader %d's log",
			    v[i].acks == -1 ? "all" : "1", leader);
	}
}
