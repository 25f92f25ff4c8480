/*
 * fault.h - what a fault does to the model, shared by both engines.
 *
 * DESIGN
 * A fault is either about a broker process (kill, stop, start) or about
 * the network (isolate, partition, heal, slow).  The first kind is checked
 * against the broker and applied to it on its owning thread (the
 * simulator's only thread, or the broker's thread in the runtime); the
 * second changes the link table, which each engine guards as it must.
 * Either way the events that say what happened are queued on an evq (an
 * event queue, model/event.h) for the engine to journal, so both engines
 * word them identically.
 */
#ifndef ISRLAB_ENGINE_FAULT_H
#define ISRLAB_ENGINE_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"
#include "model/broker.h"
#include "model/event.h"
#include "model/links.h"

/* Whether f is about the network rather than a broker process. */
bool fault_is_link(const struct fault *f);

/* Whether f names a broker that exists (or needs none); -1 with a
 * message in err otherwise. */
int fault_check(const struct fault *f, int n_brokers, char *err, size_t len);

/* Apply kill/stop/start to b at now, queueing its events on out; -1 with
 * a message in err when it makes no sense (killing a broker that is down).
 * Runs on b's owning thread. */
int fault_apply_broker(struct broker *b, const struct fault *f, int64_t now,
    struct evq *out, char *err, size_t len);

/* Apply isolate/partition/heal/slow to l (n_brokers brokers) at now,
 * queueing the event on out. */
void fault_apply_links(struct links *l, int n_brokers, const struct fault *f,
    int64_t now, struct evq *out);

/* After b ran: note a controlled shutdown that just completed (state went
 * from STOPPING to DOWN since *last), and update *last. */
void fault_broker_settled(const struct broker *b, enum broker_state *last,
    int64_t now, struct evq *out);

#endif
