/*
 * assign.c - AdminUtils.assignReplicasToBrokers (rack-unaware and
 * rack-aware) from a given start index and replica shift
 * (server-common/src/main/java/org/apache/kafka/admin/AdminUtils.java:
 * 139-200 at 3.7.0): fixedStartIndex's 0 and 0, or the random pair the
 * caller drew; from is its startPartitionId, where partitions added to a
 * topic continue the stripe (AdminZkClient.createPartitions).
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "model/assign.h"

/* AdminUtils.replicaIndex */
static int
replica_index(int first, int shift, int j, int n)
{
	int s = 1 + (shift + j) % (n - 1);

	return (first + s) % n;
}

static void
assign_unaware(const int *brokers, int n, int from, int n_partitions,
    int rf, int start, int shift, int (*out)[ISR_MAX_REPLICAS])
{
	int p, j;

	for (p = from; p < from + n_partitions; p++) {
		int first;

		if (p > 0 && p % n == 0)
			shift++;
		first = (p + start) % n;
		out[p - from][0] = brokers[first];
		for (j = 0; j < rf - 1; j++)
			out[p - from][j + 1] = brokers[replica_index(first,
			    shift, j, n)];
	}
}

/* getRackAlternatedBrokerList: racks sorted, one broker of each in turn. */
static void
rack_alternate(const int *brokers, const char *const *racks, int n,
    int *arranged, const char **arranged_racks, int *n_racks)
{
	const char *rack_names[ISR_MAX_BROKERS];
	int taken[ISR_MAX_BROKERS] = { 0 };
	int nr = 0, i, j, out = 0, ri = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < nr; j++) {
			if (strcmp(rack_names[j], racks[i]) == 0)
				break;
		}
		if (j == nr)
			rack_names[nr++] = racks[i];
	}
	for (i = 1; i < nr; i++) {		/* sort racks by name */
		const char *k = rack_names[i];

		for (j = i; j > 0 && strcmp(rack_names[j - 1], k) > 0; j--)
			rack_names[j] = rack_names[j - 1];
		rack_names[j] = k;
	}
	while (out < n) {
		for (i = 0; i < n; i++) {	/* next unused broker of rack */
			if (!taken[i] && strcmp(racks[i], rack_names[ri]) == 0)
				break;
		}
		if (i < n) {
			taken[i] = 1;
			arranged[out] = brokers[i];
			arranged_racks[out] = racks[i];
			out++;
		}
		ri = (ri + 1) % nr;
	}
	*n_racks = nr;
}

static void
assign_rack_aware(const int *brokers, const char *const *racks, int n,
    int from, int n_partitions, int rf, int start, int shift,
    int (*out)[ISR_MAX_REPLICAS])
{
	int arranged[ISR_MAX_BROKERS];
	const char *arr_racks[ISR_MAX_BROKERS];
	int n_racks, p;

	rack_alternate(brokers, racks, n, arranged, arr_racks, &n_racks);
	for (p = from; p < from + n_partitions; p++) {
		const char *racks_with[ISR_MAX_REPLICAS];
		bool has[ISR_MAX_BROKERS] = { false };
		int n_racks_with = 1, n_with = 1, first, k = 0, r;

		if (p > 0 && p % n == 0)
			shift++;
		first = (p + start) % n;
		out[p - from][0] = arranged[first];
		racks_with[0] = arr_racks[first];
		has[first] = true;
		for (r = 1; r < rf; r++) {
			for (;;) {
				int idx = replica_index(first,
				    shift * n_racks, k, n);
				bool rack_used = false;
				int q;

				k++;
				for (q = 0; q < n_racks_with; q++) {
					if (strcmp(racks_with[q],
					    arr_racks[idx]) == 0)
						rack_used = true;
				}
				/* Skip a broker whose rack already has a
				 * replica while some rack has none, or one
				 * already holding a replica while some broker
				 * holds none. */
				if ((!rack_used || n_racks_with == n_racks) &&
				    (!has[idx] || n_with == n)) {
					out[p - from][r] = arranged[idx];
					if (!rack_used)
						racks_with[n_racks_with++] =
						    arr_racks[idx];
					if (!has[idx])
						n_with++;
					has[idx] = true;
					break;
				}
			}
		}
	}
}

void
assign_replicas(const int *brokers, const char *const *racks, int n_brokers,
    int from, int n_partitions, int rf, int start, int shift,
    int (*out)[ISR_MAX_REPLICAS])
{
	bool rack_aware = racks != NULL && n_brokers > 0;
	int i;

	for (i = 0; rack_aware && i < n_brokers; i++) {
		if (racks[i] == NULL || racks[i][0] == '\0')
			rack_aware = false;
	}
	if (n_brokers == 1) {
		for (i = 0; i < n_partitions; i++)
			out[i][0] = brokers[0];
		return;
	}
	if (rack_aware)
		assign_rack_aware(brokers, racks, n_brokers, from,
		    n_partitions, rf, start, shift, out);
	else
		assign_unaware(brokers, n_brokers, from, n_partitions, rf,
		    start, shift, out);
}
