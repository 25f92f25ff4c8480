/*
 * placer-striped.c - StripedReplicaPlacer (StripedReplicaPlacer.java at
 * 3.7.0; the classes BrokerList :122, Rack :200, RackList :259 with
 * its place :338 and shuffle :391, and place :427).  One RackList is
 * built per call (:431), as the
 * controller calls the placer per createTopic and createPartitions
 * (ReplicationControlManager.java:742, 1749 at 3.7.0).
 *
 * Java's Random is replaced by the model's seeded PRNG: nextInt(n) is
 * prng_below(n) and Collections.shuffle is the same backwards
 * Fisher-Yates.  The racks are initialised and shuffled in the order
 * the brokers name them first, where Java walks a HashMap; the draws
 * are the same in number and kind, so a run is reproducible but not
 * bit-identical to a JVM's.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "model/placer-striped.h"

/* BrokerList: brokers of one rack of one fencing state. */
struct blist {
	int	 ids[ISR_MAX_BROKERS];
	int	 n;
	int	 index;		/* how many taken this epoch */
	int	 offset;	/* where this epoch's walk starts */
	int	 epoch;		/* the epoch index and offset belong to */
};

/* Rack: its unfenced and fenced brokers. */
struct rack {
	const char	*name;	/* NULL: no rack (Optional.empty) */
	struct blist	 unfenced;
	struct blist	 fenced;
};

/* RackList: every rack, the names in stripe order. */
struct racklist {
	struct rack	 racks[ISR_MAX_BROKERS];	/* first-seen order */
	int		 order[ISR_MAX_BROKERS];	/* rackNames */
	int		 n;
	int		 n_unfenced;
	int		 epoch;
	int		 offset;
};

static void
shuffle(struct prng *p, int *a, int n)
{
	int i, j, t;

	for (i = n - 1; i > 0; i--) {
		j = (int)prng_below(p, (uint64_t)(i + 1));
		t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

static int
int_cmp(int a, int b)
{
	return (a > b) - (a < b);
}

/* BrokerList.initialize: sort, then a random starting offset. */
static void
blist_initialize(struct blist *l, struct prng *p)
{
	int i, j, t;

	if (l->n == 0)
		return;
	for (i = 1; i < l->n; i++)
		for (j = i; j > 0 && int_cmp(l->ids[j - 1], l->ids[j]) > 0;
		    j--) {
			t = l->ids[j];
			l->ids[j] = l->ids[j - 1];
			l->ids[j - 1] = t;
		}
	l->offset = (int)prng_below(p, (uint64_t)l->n);
}

/* BrokerList.next: the next broker of this epoch, or -1. */
static int
blist_next(struct blist *l, int epoch)
{
	int b;

	if (l->n == 0)
		return -1;
	if (l->epoch != epoch) {
		l->epoch = epoch;
		l->index = 0;
		l->offset = (l->offset + 1) % l->n;
	}
	if (l->index >= l->n)
		return -1;
	b = l->ids[(l->index + l->offset) % l->n];
	l->index++;
	return b;
}

/* Rack.next: unfenced first, then fenced. */
static int
rack_next(struct rack *r, int epoch)
{
	int b = blist_next(&r->unfenced, epoch);

	return b >= 0 ? b : blist_next(&r->fenced, epoch);
}

/* OptionalStringComparator: no rack sorts first. */
static int
rack_name_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static void
racklist_init(struct racklist *rl, struct prng *p, const int *brokers,
    const bool *fenced, const char *const *racks, int n_brokers)
{
	int i, j, t;

	memset(rl, 0, sizeof *rl);
	for (i = 0; i < n_brokers; i++) {
		const char *name = racks != NULL && racks[i] != NULL &&
		    racks[i][0] != '\0' ? racks[i] : NULL;
		struct blist *l;

		for (j = 0; j < rl->n; j++)
			if (rack_name_cmp(rl->racks[j].name, name) == 0)
				break;
		if (j == rl->n) {
			rl->racks[j].name = name;
			rl->order[j] = j;
			rl->n++;
		}
		l = fenced[i] ? &rl->racks[j].fenced : &rl->racks[j].unfenced;
		l->ids[l->n++] = brokers[i];
		rl->n_unfenced += !fenced[i];
	}
	for (j = 0; j < rl->n; j++) {
		blist_initialize(&rl->racks[j].fenced, p);
		blist_initialize(&rl->racks[j].unfenced, p);
	}
	for (i = 1; i < rl->n; i++)
		for (j = i; j > 0 && rack_name_cmp(rl->racks[rl->order[j - 1]]
		    .name, rl->racks[rl->order[j]].name) > 0; j--) {
			t = rl->order[j];
			rl->order[j] = rl->order[j - 1];
			rl->order[j - 1] = t;
		}
	rl->offset = rl->n == 0 ? 0 : (int)prng_below(p, (uint64_t)rl->n);
}

/* RackList.shuffle */
static void
racklist_shuffle(struct racklist *rl, struct prng *p)
{
	int j;

	shuffle(p, rl->order, rl->n);
	for (j = 0; j < rl->n; j++) {
		shuffle(p, rl->racks[j].fenced.ids, rl->racks[j].fenced.n);
		shuffle(p, rl->racks[j].unfenced.ids,
		    rl->racks[j].unfenced.n);
	}
}

/* RackList.place: one partition's rf replicas. */
static void
racklist_place(struct racklist *rl, struct prng *p, int rf, int *out)
{
	int first, idx, replica, b;

	if (rl->epoch == rl->n_unfenced && rl->n_unfenced > 1) {
		racklist_shuffle(rl, p);
		rl->epoch = 0;
	}
	if (rl->offset == rl->n)
		rl->offset = 0;
	first = rl->offset;
	for (;;) {
		b = blist_next(&rl->racks[rl->order[first]].unfenced,
		    rl->epoch);
		if (b >= 0)
			break;
		if (++first == rl->n)
			first = 0;
	}
	out[0] = b;
	idx = rl->offset;
	for (replica = 1; replica < rf; replica++) {
		b = -1;
		do {
			if (idx == first)
				first = -1;
			else
				b = rack_next(&rl->racks[rl->order[idx]],
				    rl->epoch);
			if (++idx == rl->n)
				idx = 0;
		} while (b < 0);
		out[replica] = b;
	}
	rl->epoch++;
	rl->offset++;
}

void
placer_striped_place(struct prng *p, const int *brokers, const bool *fenced,
    const char *const *racks, int n_brokers, int n_partitions, int rf,
    int (*out)[ISR_MAX_REPLICAS])
{
	struct racklist rl;
	int i;

	racklist_init(&rl, p, brokers, fenced, racks, n_brokers);
	for (i = 0; i < n_partitions; i++)
		racklist_place(&rl, p, rf, out[i]);
}
