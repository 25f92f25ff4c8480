/*
 * sim.h - the deterministic simulator: every broker, the controller and the
 * clients driven by one thread on virtual time.
 *
 * DESIGN
 * A discrete-event loop: a priority queue of (virtual time, sequence) ->
 * deliver a message or tick a node.  After each step the node's outbox is
 * drained through the link table: a message to a node that is down bounces
 * back as MSG_UNREACHABLE (connection refused), a message over a cut link
 * is dropped, anything else is queued for delivery after the link's delay,
 * in order per link.  Nodes are ticked exactly at their next deadline, so
 * nothing polls.  All randomness comes from one seeded PRNG: the same seed
 * and the same commands give the same bytes out.
 *
 * The simulator also keeps the journal of events (with sequence numbers)
 * and the ledger of acknowledged writes, from which it reports data loss
 * when a truncation removes an acknowledged record.
 */
#ifndef ISRLAB_SIM_SIM_H
#define ISRLAB_SIM_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/engine.h"
#include "model/broker.h"
#include "model/controller.h"
#include "model/ledger.h"
#include "model/links.h"
#include "model/settings.h"

struct sim;

/* A cluster of n_brokers (1..9) brokers, all started at time 0 and run
 * until registered and unfenced.  racks may be NULL, else n_brokers
 * strings ("" for none). */
struct sim *sim_new(int n_brokers, uint64_t seed, const struct settings *s,
    const char *const *racks);
void sim_free(struct sim *sim);

/* The engine interface over this simulator (owned by the sim). */
struct engine *sim_engine(struct sim *sim);

int64_t sim_now(const struct sim *sim);
/* Process every event up to now + ms, then set the clock to now + ms. */
void sim_run_for(struct sim *sim, int64_t ms);

struct broker *sim_broker(struct sim *sim, int id);
struct controller *sim_controller(struct sim *sim);
const struct links *sim_links(const struct sim *sim);
struct ledger *sim_ledger(struct sim *sim);

/* An observer called after every step the loop takes (for invariant
 * checks); fn returns false to stop the loop early. */
void sim_set_observer(struct sim *sim, bool (*fn)(struct sim *, void *),
    void *arg);

/* Processes outside the engine's clients (a test playing a real Kafka
 * client, as the wire listeners do on the runtime): sim_send hands m,
 * from NODE_CLIENTS with a client_id of SIM_MAX_CLIENTS or more, to the
 * network; what comes back for such a client_id (responses, bounces) goes
 * to fn, which owns it.  Without fn it is dropped. */
#define SIM_MAX_CLIENTS 64
void sim_send(struct sim *sim, struct msg *m);
void sim_set_outside(struct sim *sim, void (*fn)(struct msg *, void *),
    void *arg);

#endif
