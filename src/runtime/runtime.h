/*
 * runtime.h - the threaded runtime: every broker, the controller and the
 * clients each on their own pthread and libevent loop, on the lab clock.
 *
 * DESIGN
 * One node per thread: node 0 is the controller, nodes 1..n the brokers,
 * NODE_CLIENTS hosts every client of the lab (producers, consumers, admin
 * tools share it, as they share one set of links in the model).  A node's
 * model object is touched by its own thread only.  Everyone else reaches
 * it through its mailbox, guarded by a mutex: commands (closures run in
 * order as soon as the loop wakes) and messages (kept in a heap by the lab
 * time they are due, in order per link); posting wakes the loop with
 * event_active() when the node must look sooner than it planned.
 *
 * Messages go through the link table by the simulator's rules: dropped on
 * a cut link, delivered after links_delay() of lab time and never before
 * an earlier message on the same link, and bounced as MSG_UNREACHABLE when
 * the destination process is down at delivery.  Each node keeps one timer,
 * armed after every turn for the earlier of its model's next deadline and
 * its first due message, converted to real time by the lab clock; a paused
 * clock arms nothing, so an idle or paused cluster sleeps.
 *
 * Readers never see live objects: after a turn that changed something, a
 * node copies what a snapshot needs (snapshot_fill_broker/_controller) into
 * a spare part and swaps it in under a short lock, at most every 33 ms of
 * real time; engine->snapshot copies the published parts and assembles
 * them.  The journal and the ledger are shared under one lock; a
 * truncation or unclean election is checked for lost acknowledged writes
 * by asking the controller for the leader, then that leader's thread for
 * its log, as the simulator does in one step.
 *
 * The engine calls (engine.h) are made from one thread, the console's;
 * those that need an answer post a command and wait on a condition
 * variable.  The read-only calls (now, snapshot, events, version,
 * get_clock) may also be made from any other thread at the same time,
 * e.g. a UI thread redrawing while the console waits in client_run.
 * While the clock is paused, client_run, advance and run_until wait for
 * lab time like everything else (advance on a paused clock is a step: it
 * runs exactly that much lab time and pauses again).
 */
#ifndef ISRLAB_RUNTIME_RUNTIME_H
#define ISRLAB_RUNTIME_RUNTIME_H

#include "engine/engine.h"
#include "model/settings.h"

/* A running cluster of n_brokers (1..9) brokers on threads with settings
 * s, racks as sim_new takes them (NULL or n_brokers strings), and the lab
 * clock at speed (0.1..50).  Returns once every broker has registered and
 * been unfenced (or a few lab seconds passed); NULL if n_brokers is out of
 * range.  @thread console */
struct engine *runtime_engine_new(int n_brokers, const struct settings *s,
    const char *const *racks, double speed);

/* Stop every thread, join them and free everything.  @thread console */
void runtime_engine_free(struct engine *e);

#endif
