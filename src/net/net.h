/*
 * net.h - real Kafka clients on loopback: each broker of a threaded lab
 * cluster listens on 127.0.0.1 and ::1 at its port and speaks Kafka's
 * wire protocol, so kcat, kafka-python and kafkajs produce to it, consume
 * from it and administer it.
 *
 * DESIGN
 * Everything a broker's sockets do runs on that broker's own thread, on
 * its libevent loop (runtime.h's wire hooks): the listeners, every
 * connection's bufferevent, decoding, and the handlers, which hand
 * requests to the broker's model as messages from a client (so the rules
 * that answer the console's clients answer real ones) or read the broker's
 * state directly where Kafka would read its own (Metadata from the
 * broker's metadata image, Fetch from its log up to the HW).  Replies go
 * back on each connection in request order, deferred ones (acks=all,
 * long-poll fetches, controller calls) included.
 *
 * Faults act on sockets: a crashed or stopped broker closes its listeners
 * and connections (a controlled stop moves leadership first, as the
 * model does); a starting broker opens them once it serves clients (as a
 * KRaft broker opens its listeners when first unfenced); `isolate B
 * --clients` and a paused clock hold requests unread; a plain `isolate`
 * leaves the sockets alone, so a zombie leader still answers.
 *
 * Limits (per broker): NET_MAX_CONNS connections, frames of at most
 * NET_FRAME_MAX bytes, NET_MAX_INFLIGHT requests read ahead of their
 * replies per connection; a connection breaking a rule is closed, with
 * an event saying why.  @thread console for this interface.
 */
#ifndef ISRLAB_NET_NET_H
#define ISRLAB_NET_NET_H

#include <stdbool.h>

#include "engine/engine.h"
#include "model/ids.h"

#define NET_MAX_CONNS 64
#define NET_FRAME_MAX (8 * 1024 * 1024)
#define NET_MAX_INFLIGHT 256

struct net;

/* Listen for every broker of e (a threaded engine: runtime_engine_new)
 * on ports[b], b = 1..n.  A port that is busy is reported as an event
 * and that broker goes on without clients.  Returns the listeners' owner;
 * net_stop before the engine is freed. */
struct net *net_start(struct engine *e, const int ports[ISR_NODES]);
void net_stop(struct net *n);

#endif
