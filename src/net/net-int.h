/*
 * net-int.h - what the wire layer's files share: brokers' listeners,
 * connections, requests in flight and the API handler table.
 *
 * Threads: everything here belongs to one broker's thread (struct
 * net_broker and all below it), except struct net's constant fields.
 *
 * A request's life: conn.c reads a whole frame, decodes the header and
 * body (request.c) and calls its API's handler (api.c's table), which
 * either answers at once (net_req_done after writing q->out) or leaves q
 * pending: a message sent into the model with net_req_msg comes back to
 * api->on_msg; api->on_turn runs after every turn of the broker's loop
 * (data arrived, time passed) until the handler is done.  Replies are
 * written in request order; a connection that closes frees its pending
 * requests, and whatever the model answers them later is dropped.
 */
#ifndef ISRLAB_NET_NET_INT_H
#define ISRLAB_NET_NET_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/broker.h"
#include "net/codec.h"
#include "net/net.h"
#include "net/request.h"

struct event;
struct event_base;
struct evconnlistener;
struct bufferevent;
struct net_conn;
struct net_req;

struct net_api {
	int16_t key;
	/* Handle q (decoded into rq, which lives only for this call). */
	void (*handle)(struct net_req *q, struct request *rq);
	/* A model reply to a message q sent (net_req_msg); owns m. */
	void (*on_msg)(struct net_req *q, struct msg *m, int64_t now);
	/* After a turn of the broker's loop, while q is pending; may be
	 * NULL. */
	void (*on_turn)(struct net_req *q, int64_t now);
	void (*free_state)(void *st);	/* q->st; may be NULL */
};

/* The API handlers, one per key served (api.c). */
const struct net_api *net_api(int16_t key);

struct net_req {
	struct net_conn *conn;
	uint32_t seq;			/* per connection, from 1 */
	struct req_header h;
	const struct net_api *api;
	struct wr out;			/* the response body */
	bool done;			/* out is complete */
	bool no_reply;			/* acks=0: Kafka sends nothing */
	int64_t deadline_us;		/* real time; on_turn's wait ends */
	void *st;			/* the handler's pending state */
	struct net_req *next;
};

struct net_conn {
	struct net_broker *nb;
	uint32_t id;			/* unique on its broker */
	struct bufferevent *bev;
	char peer[64];			/* "127.0.0.1:53124" */
	char client_id[REQ_CLIENT_ID_MAX + 1]; /* from its last request */
	struct net_req *head, *tail;	/* requests, in arrival order */
	int n_reqs;
	uint32_t next_seq;
	bool dispatching;		/* a handler runs: no flush */
	char close_why[96];		/* close after this request, or "" */
	size_t want;			/* bytes its next frame lacks */
	uint8_t *frame;			/* a big frame read whole (conn.c) */
	size_t frame_len, frame_have;
	size_t lowat;			/* its socket's SO_RCVLOWAT; 0: 1 */
	struct net_conn *next;
};

struct net_broker {
	struct net *net;
	int id;
	int port;
	struct broker *br;		/* its model, on this thread */
	struct event_base *base;
	struct evconnlistener *ls[2];	/* 127.0.0.1, ::1 */
	bool listening;
	bool busy_reported;		/* the port was taken: said once */
	bool held;			/* paused or cut: requests wait */
	struct net_conn *conns;
	int n_conns;
	uint32_t next_conn_id;
	struct event *timer;		/* the earliest pending deadline */
	int64_t now;			/* lab time of the last turn */
};

struct net {
	struct engine *e;
	int n;
	atomic_int_fast64_t next_producer_id;	/* InitProducerId, any thread */
	struct net_broker b[ISR_NODES];
};

/* Complete q: its out is the response body.  @thread broker */
void net_req_done(struct net_req *q);
/* Close q's connection once its handler returns (acks=0 errors), saying
 * why.  @thread broker */
void net_req_close(struct net_req *q, const char *why);
/* Send m (a request into the model) for q, tagged so that the broker's
 * reply comes back to q's API's on_msg; part tells replies apart (< 2^20).
 * False when the broker does not take client requests now.  @thread
 * broker */
bool net_req_msg(struct net_req *q, struct msg *m, uint32_t part);
/* A message for a wire connection (runtime's reply hook).  @thread
 * broker */
void net_conn_reply(struct net_broker *nb, struct msg *m, int64_t now);
/* Whether the request q is for is still pending on a live connection
 * (for answers that come back later, e.g. from the controller): the
 * request with conn id and seq, or NULL. */
struct net_req *net_req_find(struct net_broker *nb, uint32_t conn,
    uint32_t seq);

/* Open or close the listeners and hold or release requests as the
 * broker's state says; run pending requests' on_turn.  @thread broker */
void net_broker_turn(struct net_broker *nb, int64_t now);
/* Close every connection and listener.  @thread broker */
void net_broker_close(struct net_broker *nb, const char *why);

#endif
