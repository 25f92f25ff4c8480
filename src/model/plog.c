/*
 * plog.c - a replica's log as a ring of records plus the leader-epoch
 * cache.
 *
 * The ring grows by doubling until it holds `retention` records; after
 * that the oldest record is freed for each one appended, moving log_start
 * up (Kafka deletes whole segments; a record at a time is the same rule at
 * a finer grain).  Its capacity is a power of two, so a slot is found by
 * a mask, not a division.
 *
 * Record bytes carry a reference count in a header just before them.  It
 * is atomic because the runtime runs each broker on its own thread and a
 * leader's log and its followers' share the homes; the count is the only
 * thing written once a home is shared.
 */
#include "config.h"

#include <assert.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model/plog.h"
#include "util/xmalloc.h"

void
plog_init(struct plog *l, int64_t retention)
{
	memset(l, 0, sizeof *l);
	l->retention = retention > 0 ? retention : 1;
	l->max_bytes = -1;
}

size_t
plog_record_bytes(const struct record *rec)
{
	if (rec->flags & RECORD_DATA_IN_BATCH)
		return sizeof *rec + rec->batch_len;
	return sizeof *rec + (rec->key_len == PLOG_NULL_KEY ? 0 :
	    rec->key_len) + rec->value_len + rec->batch_len;
}

/* Whether one more record of size bytes needs the oldest to go first. */
static bool
plog_over(const struct plog *l, size_t size)
{
	if (l->leo == l->log_start)
		return false;
	return l->leo - l->log_start >= l->retention ||
	    (l->max_bytes >= 0 && l->bytes + size > (uint64_t)l->max_bytes);
}

/* How far ahead of the oldest record plog_drop_oldest prefetches. */
#define PLOG_PREFETCH_AHEAD 16

/* The header of a record_bytes buffer, sized to keep the bytes after it
 * aligned as malloc's are. */
union bytes_hdr {
	atomic_uint refs;
	max_align_t align;
};

void *
record_bytes(size_t n)
{
	union bytes_hdr *h = xmalloc(sizeof *h + (n > 0 ? n : 1));

	atomic_init(&h->refs, 1);
	return h + 1;
}

/* Take n more references to a record_bytes buffer (NULL is passed on). */
static void *
record_bytes_ref_n(void *bytes, unsigned n)
{
	if (bytes != NULL)
		atomic_fetch_add_explicit(&((union bytes_hdr *)bytes - 1)->refs,
		    n, memory_order_relaxed);
	return bytes;
}

void *
record_bytes_ref(void *bytes)
{
	return record_bytes_ref_n(bytes, 1);
}

void
record_bytes_unref(void *bytes)
{
	union bytes_hdr *h;

	if (bytes == NULL)
		return;
	h = (union bytes_hdr *)bytes - 1;
	/* Release, then acquire before the free: every other holder's
	 * reads happen before the buffer goes back to the allocator. */
	if (atomic_fetch_sub_explicit(&h->refs, 1, memory_order_release) == 1) {
		atomic_thread_fence(memory_order_acquire);
		free(h);
	}
}

static struct record **
plog_slot(const struct plog *l, int64_t offset)
{
	return &l->ring[(l->head + (size_t)(offset - l->log_start)) &
	    (l->cap - 1)];
}

/* The home of the record at offset. */
static const struct record *
plog_at(const struct plog *l, int64_t offset)
{
	return *plog_slot(l, offset);
}

/* Let go of a slot's reference to its home (whose buffer it may free). */
static void
plog_let_go(const struct record *home)
{
	record_bytes_unref(home->batch);
}

void
plog_free(struct plog *l)
{
	int64_t o;

	for (o = l->log_start; o < l->leo; o++)
		plog_let_go(plog_at(l, o));
	free(l->ring);
	free(l->epochs);
	memset(l, 0, sizeof *l);
}

/* Double a full ring in place: realloc keeps the records where they are
 * (a large ring is remapped, not copied, and its pages are not touched
 * again), then the shorter of the two runs either side of the head moves
 * so the records stay in order modulo the new capacity. */
static void
plog_grow(struct plog *l)
{
	size_t cap = l->cap, ncap = cap == 0 ? 64 : cap * 2;

	assert((size_t)(l->leo - l->log_start) == cap);
	l->ring = xreallocarray(l->ring, ncap, sizeof *l->ring);
	if (l->head > 0) {
		if (l->head <= cap - l->head)
			/* [0, head) follows the old end: [cap, cap + head). */
			memcpy(l->ring + cap, l->ring, l->head *
			    sizeof *l->ring);
		else {
			/* [head, cap) moves to the new end. */
			memcpy(l->ring + ncap - (cap - l->head),
			    l->ring + l->head, (cap - l->head) *
			    sizeof *l->ring);
			l->head = ncap - (cap - l->head);
		}
	}
	l->cap = ncap;
}

/* Drop the oldest record; epoch entries wholly below log_start go too,
 * except the newest one that still covers log_start. */
static void
plog_drop_oldest(struct plog *l)
{
	/* The oldest records' bytes went cold long ago: fetch the reference
	 * count of one a little further along while this one goes. */
	if (l->leo - l->log_start > PLOG_PREFETCH_AHEAD)
		__builtin_prefetch((const union bytes_hdr *)plog_at(l,
		    l->log_start + PLOG_PREFETCH_AHEAD)->batch - 1, 1);
	l->bytes -= plog_record_bytes(plog_at(l, l->log_start));
	plog_let_go(plog_at(l, l->log_start));
	l->head = (l->head + 1) & (l->cap - 1);
	l->log_start++;
	while (l->n_epochs > 1 && l->epochs[1].start_offset <= l->log_start) {
		memmove(&l->epochs[0], &l->epochs[1],
		    (l->n_epochs - 1) * sizeof l->epochs[0]);
		l->n_epochs--;
	}
}

void
plog_reset(struct plog *l, int64_t offset)
{
	int64_t retention = l->retention, max_bytes = l->max_bytes;

	plog_free(l);
	plog_init(l, retention);
	l->max_bytes = max_bytes;
	l->log_start = l->leo = offset;
}

void
plog_set_limits(struct plog *l, int64_t retention, int64_t max_bytes)
{
	l->retention = retention > 0 ? retention : 1;
	l->max_bytes = max_bytes;
	/* As if one more record of no size came: over either limit, the
	 * oldest go. */
	while (l->leo > l->log_start && (l->leo - l->log_start > l->retention ||
	    (l->max_bytes >= 0 && l->bytes > (uint64_t)l->max_bytes)))
		plog_drop_oldest(l);
}

void
plog_assign_epoch(struct plog *l, int32_t epoch, int64_t offset)
{
	if (l->n_epochs > 0) {
		struct epoch_entry *last = &l->epochs[l->n_epochs - 1];

		if (epoch <= last->epoch)
			return;		/* only ever newer epochs are added */
		if (last->start_offset >= offset) {
			/* The previous epoch wrote nothing: replace it, as
			 * LeaderEpochFileCache.assign drops entries whose
			 * start offset is not below the new one. */
			last->epoch = epoch;
			return;
		}
	}
	/* An epoch starts within the log, after the one before it: the
	 * cache stays ascending by epoch and by offset. */
	assert(offset <= l->leo);
	assert(l->n_epochs == 0 ||
	    l->epochs[l->n_epochs - 1].start_offset < offset);
	if (l->n_epochs == l->cap_epochs) {
		l->cap_epochs = l->cap_epochs ? l->cap_epochs * 2 : 8;
		l->epochs = xreallocarray(l->epochs, l->cap_epochs,
		    sizeof *l->epochs);
	}
	l->epochs[l->n_epochs].epoch = epoch;
	l->epochs[l->n_epochs].start_offset = offset;
	l->n_epochs++;
}

/* A home of its own for rec (which has none, or one already written):
 * a copy of it followed by its key and value. */
static struct record *
record_home_new(const struct record *rec)
{
	size_t kl = rec->key_len == PLOG_NULL_KEY ? 0 : rec->key_len;
	struct record *home = record_bytes(sizeof *home + kl + rec->value_len);
	char *data = (char *)(home + 1);

	*home = *rec;
	if (kl > 0)
		memcpy(data, rec->data, kl);
	if (rec->value_len > 0)
		memcpy(data + kl, record_value(rec), rec->value_len);
	home->data = data;
	home->batch = (uint8_t *)home;
	home->batch_len = 0;
	home->batch_rest = 0;
	home->flags = RECORD_DATA_IN_STORE | RECORD_PLACED;
	home->home = home;
	return home;
}

/* Put home, holding one reference for the log, at the log end. */
static void
plog_put_home(struct plog *l, struct record *home)
{
	size_t size = plog_record_bytes(home);

	/* Record epochs never go back along a log (invariant 1). */
	assert(l->leo == l->log_start ||
	    home->epoch >= plog_at(l, l->leo - 1)->epoch);
	if (home->epoch > plog_latest_epoch(l))
		plog_assign_epoch(l, home->epoch, l->leo);
	while (plog_over(l, size))
		plog_drop_oldest(l);
	if ((size_t)(l->leo - l->log_start) == l->cap)
		plog_grow(l);
	l->leo++;
	*plog_slot(l, l->leo - 1) = home;
	l->bytes += size;
	/* Offsets only grow, and retention keeps the log within bounds. */
	assert(l->log_start < l->leo && l->leo - l->log_start <= l->retention);
}

void
plog_append(struct plog *l, const struct record *rec)
{
	struct record *home = rec->home;

	if (home != NULL && !(home->flags & RECORD_PLACED)) {
		/* A client's batch brought it: its home waits in the
		 * batch's buffer, to which rec holds the reference. */
		*home = *rec;
		home->flags |= RECORD_PLACED;
		home->home = home;
	} else {
		struct record mine = *rec;

		home = record_home_new(rec);
		record_release(&mine);
	}
	plog_put_home(l, home);
}

void
plog_append_copy(struct plog *l, const struct record *rec)
{
	if (rec->home == NULL) {
		plog_append(l, rec);
		return;
	}
	/* rec holds its reference to the home's buffer: the log's now. */
	assert(rec->home->flags & RECORD_PLACED &&
	    rec->batch == rec->home->batch);
	plog_put_home(l, rec->home);
}

const struct record *
plog_get(const struct plog *l, int64_t offset)
{
	if (offset < l->log_start || offset >= l->leo)
		return NULL;
	return plog_at(l, offset);
}

void
plog_truncate(struct plog *l, int64_t offset)
{
	if (offset < l->log_start)
		offset = l->log_start;
	/* At or above the LEO no record goes, but an epoch entry starting
	 * at the LEO does (UnifiedLog.truncateTo calls truncateFromEnd(LEO)
	 * then): a leader elected that wrote nothing leaves one behind,
	 * and as a follower it would diverge on it forever. */
	if (offset > l->leo)
		offset = l->leo;
	while (l->leo > offset) {
		l->bytes -= plog_record_bytes(plog_at(l, l->leo - 1));
		plog_let_go(plog_at(l, l->leo - 1));
		l->leo--;
	}
	while (l->n_epochs > 0 &&
	    l->epochs[l->n_epochs - 1].start_offset >= offset)
		l->n_epochs--;
}

int32_t
plog_latest_epoch(const struct plog *l)
{
	return l->n_epochs > 0 ? l->epochs[l->n_epochs - 1].epoch :
	    EPOCH_UNDEFINED;
}

int64_t
plog_end_offset_for_epoch(const struct plog *l, int32_t epoch,
    int32_t *found_epoch)
{
	size_t i;

	*found_epoch = EPOCH_UNDEFINED;
	if (epoch == EPOCH_UNDEFINED || l->n_epochs == 0)
		return OFFSET_UNDEFINED;
	if (epoch == plog_latest_epoch(l)) {
		*found_epoch = epoch;
		return l->leo;
	}
	/* The first entry with a larger epoch ends the requested one. */
	for (i = 0; i < l->n_epochs; i++) {
		if (l->epochs[i].epoch > epoch)
			break;
	}
	if (i == l->n_epochs)
		return OFFSET_UNDEFINED;	/* newer than anything known */
	*found_epoch = i == 0 ? epoch : l->epochs[i - 1].epoch;
	return l->epochs[i].start_offset;
}

void
record_copy(struct record *dst, const struct record *src)
{
	*dst = *src;
	if (!(src->flags & RECORD_DATA_SHARED))
		record_bytes_ref(src->data);
	record_bytes_ref(src->batch);
}

void
plog_copy_out(const struct plog *l, int64_t offset, int64_t n,
    struct record *out)
{
	int64_t i = 0;

	assert(offset >= l->log_start && offset + n <= l->leo);
	while (i < n) {
		const struct record *rec = plog_at(l, offset + i);
		int64_t run = 1;

		out[i] = *rec;
		/* The records that share rec's buffer take their references
		 * in one go. */
		while (i + run < n) {
			const struct record *next = plog_at(l,
			    offset + i + run);

			if (next->batch != rec->batch)
				break;
			out[i + run++] = *next;
		}
		record_bytes_ref_n(rec->batch, (unsigned)run);
		i += run;
	}
}

int64_t
plog_batch_end(const struct plog *l, int64_t end, int64_t limit)
{
	const struct record *last = plog_get(l, end - 1);

	if (last == NULL || last->batch_rest == 0 ||
	    end + last->batch_rest > limit)
		return end;
	return end + last->batch_rest;
}

void
record_release(struct record *rec)
{
	if (!(rec->flags & RECORD_DATA_SHARED))
		record_bytes_unref(rec->data);
	record_bytes_unref(rec->batch);
	rec->data = NULL;
	rec->batch = NULL;
	rec->home = NULL;
	rec->flags = 0;
}
