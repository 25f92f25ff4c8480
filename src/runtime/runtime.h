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
 * clock at speed (0.1..50).  seed seeds the TopicIds and the clients, as
 * sim_new's does (the caller draws it; this layer reads no randomness).
 * Returns once every broker has registered and been unfenced (or a few
 * lab seconds passed); NULL if n_brokers is out of range.
 * @thread console */
struct engine *runtime_engine_new(int n_brokers, uint64_t seed,
    const struct settings *s, const char *const *racks, double speed);

/* The same cluster, returned at once while its brokers are still coming
 * up (engine_ops.starting says when they are): the screen draws them
 * registering instead of a blank terminal.  @thread console */
struct engine *runtime_engine_start(int n_brokers, uint64_t seed,
    const struct settings *s, const char *const *racks, double speed);

/* Stop every thread, join them and free everything (the wire hooks'
 * detach runs first on each broker's thread).  @thread console */
void runtime_engine_free(struct engine *e);

/*
 * The wire protocol's way into the broker threads (src/net sits above
 * this layer, so the runtime calls it back through these hooks).  A wire
 * connection's requests enter broker b on b's own thread as messages from
 * NODE_CLIENTS with client_id >= RT_WIRE_CLIENT; whatever b then addresses
 * to such a client_id is handed to reply() on b's thread instead of being
 * routed to the clients' node.  Every hook runs on broker b's thread.
 */
#define RT_WIRE_CLIENT (1 << 24)	/* client_id of wire connections */

struct broker;
struct event_base;

struct rt_wire_hooks {
	/* After every turn of b's loop (commands, messages, ticks), and
	 * once when the hooks are set: b's state, the clients' link to it
	 * or the clock may have changed. */
	void (*turn)(void *ctx, int b, struct event_base *base,
	    struct broker *br, int64_t now);
	/* A message b addressed to a wire connection; takes ownership. */
	void (*reply)(void *ctx, int b, struct msg *m, int64_t now);
	/* b's loop is about to end: free what lives on it. */
	void (*detach)(void *ctx, int b);
};

/* Install hooks for every broker (NULL removes them, running detach on
 * each broker's thread first).  @thread console */
void runtime_wire_set(struct engine *e, const struct rt_wire_hooks *h,
    void *ctx);

/* Hand m (from NODE_CLIENTS, client_id >= RT_WIRE_CLIENT) to broker b as
 * if it had just arrived; false (m freed) when b's process does not take
 * client requests now.  @thread broker b */
bool runtime_wire_deliver(struct engine *e, int b, struct msg *m);

/* Whether the clients can reach b through the link table (isolate
 * --clients cuts them), and whether the lab clock is paused.  @thread any */
bool runtime_wire_reachable(struct engine *e, int b);
bool runtime_paused(struct engine *e);

/* Run fn(arg) on the controller's thread, then done(arg) on broker b's
 * thread; arg must live until done ran.  @thread broker b */
void runtime_wire_via_controller(struct engine *e, int b,
    void (*fn)(struct controller *c, int64_t now, void *arg),
    void (*done)(void *arg), void *arg);

/* The number of real clients connected to broker b now, for snapshots
 * (snap_broker.wire_clients).  @thread any */
void runtime_wire_clients(struct engine *e, int b, int n);

/* An event of the wire layer's own (client connects and disconnects).
 * @thread any */
void runtime_note(struct engine *e, int broker, const char *reason);

#endif
