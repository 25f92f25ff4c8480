/*
 * chaos.h - random fault schedules on fresh simulated clusters, with every
 * invariant of DESIGN.md checked after every simulator step.
 *
 * DESIGN
 * Each schedule builds a new simulator from a seed derived from the run's
 * seed and the schedule's number, creates two topics (3 partitions, RF
 * min(3, brokers); one with min.insync.replicas=2; both with unclean
 * election enabled in an unclean run) and plays about 40 steps drawn from
 * a seeded PRNG: the fault mix of Kafka's replication system test (clean
 * and hard shutdown of the leader, bounces chasing the current leader, a
 * leader cut off from its followers or the controller that keeps taking
 * acks=1 writes, a slow follower), network partitions, heals, produce
 * with acks 0/1/all, consume and waits.  An unclean run also plays the
 * classic unclean election: a follower falls out of the ISR, acks=all
 * writes go on without it, the whole ISR crashes, and the out-of-sync
 * replica comes back and is elected.
 *
 * The simulator's observer runs invariants_check (model/invariants.h)
 * after every delivered message and tick, so a violation stops the run at
 * the exact step.  What only the clients see is checked here: what
 * consumers read (6), which acknowledgements acks=all got (8), and, after
 * every schedule, convergence once healed and quiet (7) and a final read
 * of every partition that must return every acknowledged acks=all record
 * (5, as Kafka's system test checks it).
 *
 * Everything is deterministic: the same seed gives the same schedules,
 * byte for byte, so a reported violation is reproduced by running chaos
 * again with the same seed and schedule count, or by replaying the step
 * list it prints.  Runs more schedules with `isrlab --headless` and the
 * command `chaos --schedules 500 --seed 7` (add --unclean for the data loss
 * lesson).
 */
#ifndef ISRLAB_SIM_CHAOS_H
#define ISRLAB_SIM_CHAOS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/profile.h"
#include "util/strbuf.h"

/*
 * Runs schedules random schedules on clusters of n_brokers brokers with
 * profile's rules from seed and appends the report to out: "N schedules,
 * M steps, 0 violations" (plus the data loss an unclean run caused) and
 * returns 0, or the first violation with the steps that reproduce it and
 * returns 1.
 */
int chaos_run(uint64_t seed, int schedules, bool unclean, int n_brokers,
    enum kafka_profile profile, struct strbuf *out);

#endif
