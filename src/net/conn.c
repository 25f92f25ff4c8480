/*
 * conn.c - a broker's listeners and connections: accepting, framing,
 * dispatching requests, and writing replies in request order (see
 * net-int.h).  Everything here runs on the broker's own thread.
 *
 * Framing is Kafka's: a 4-byte big-endian size, then that many bytes of
 * request.  The input buffer is capped just above one frame (a read
 * watermark), a big frame still coming has a buffer of its own of its
 * size (at most NET_FRAME_MAX), the requests read ahead of their replies at
 * NET_MAX_INFLIGHT, and while a client does not read its replies (the
 * output over NET_OUT_MAX) no more of its requests are read; so a
 * connection's memory stays bounded whatever its peer does.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "net/net-int.h"
#include "runtime/labclock.h"
#include "runtime/runtime.h"
#include "util/xmalloc.h"

#define NET_OUT_MAX (16 * 1024 * 1024)	/* unread replies before we wait */
#define NET_HEADER_MIN 10		/* key, version, corr, client id len */
/* Most bytes a frame's rest waits for and is read in one go (conn_want,
 * conn_read_more). */
#define NET_READ_MAX (256 * 1024)
/* A frame this long or longer that has not all come yet is read into a
 * buffer of its own (c->frame), the rest straight from the socket: in the
 * input's chains, as it came, it was copied once more to be made whole
 * (evbuffer_pullup), a producer's every byte. */
#define NET_FRAME_DIRECT (64 * 1024)

static int conn_process(struct net_conn *c);

static void
req_free(struct net_req *q)
{
	if (q->st != NULL && q->api != NULL && q->api->free_state != NULL)
		q->api->free_state(q->st);
	wr_free(&q->out);
	free(q);
}

/* Close c: free its requests and its socket, say why.  Not while a
 * handler of c runs (callers check c->dispatching). */
static void
conn_close(struct net_conn *c, const char *why)
{
	struct net_broker *nb = c->nb;
	struct net_conn **pp;
	struct net_req *q, *next;
	char line[400];

	for (pp = &nb->conns; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	nb->n_conns--;
	for (q = c->head; q != NULL; q = next) {
		next = q->next;
		req_free(q);
	}
	bufferevent_free(c->bev);
	free(c->frame);
	snprintf(line, sizeof line, "client %s%s%s%s disconnected from "
	    "broker %d: %s", c->client_id[0] ? c->client_id : "",
	    c->client_id[0] ? " (" : "", c->peer, c->client_id[0] ? ")" : "",
	    nb->id, why);
	runtime_note(nb->net->e, nb->id, line);
	runtime_wire_clients(nb->net->e, nb->id, nb->n_conns);
	free(c);
}

/* Write the replies at the head of c's queue that are complete. */
static void
conn_flush(struct net_conn *c)
{
	struct evbuffer *out = bufferevent_get_output(c->bev);
	struct net_req *q;
	uint8_t hdr[8];

	if (c->dispatching)
		return;
	while ((q = c->head) != NULL && q->done) {
		if (!q->no_reply) {
			/* Response header v0: the correlation id. */
			be32_put(hdr, (uint32_t)(q->out.len + 4));
			be32_put(hdr + 4, (uint32_t)q->h.corr);
			evbuffer_add(out, hdr, sizeof hdr);
			evbuffer_add(out, q->out.p, q->out.len);
		}
		c->head = q->next;
		if (c->head == NULL)
			c->tail = NULL;
		c->n_reqs--;
		req_free(q);
	}
}

void
net_req_done(struct net_req *q)
{
	q->done = true;
	conn_flush(q->conn);
}

void
net_req_close(struct net_req *q, const char *why)
{
	snprintf(q->conn->close_why, sizeof q->conn->close_why, "%s", why);
}

struct net_req *
net_req_find(struct net_broker *nb, uint32_t conn, uint32_t seq)
{
	struct net_conn *c;
	struct net_req *q;

	for (c = nb->conns; c != NULL && c->id != conn; c = c->next)
		;
	if (c == NULL)
		return NULL;
	for (q = c->head; q != NULL && q->seq != seq; q = q->next)
		;
	return q != NULL && !q->done ? q : NULL;
}

bool
net_req_msg(struct net_req *q, struct msg *m, uint32_t part)
{
	struct net_broker *nb = q->conn->nb;

	m->from = NODE_CLIENTS;
	m->to = nb->id;
	m->client_id = RT_WIRE_CLIENT + (int)(q->conn->id & 0x7fffff);
	m->corr = (int64_t)q->seq << 20 | part;
	return runtime_wire_deliver(nb->net->e, nb->id, m);
}

void
net_conn_reply(struct net_broker *nb, struct msg *m, int64_t now)
{
	uint32_t conn = (uint32_t)(m->client_id - RT_WIRE_CLIENT);
	struct net_conn *c;
	struct net_req *q;

	for (c = nb->conns; c != NULL && (c->id & 0x7fffff) != conn;
	    c = c->next)
		;
	q = c != NULL ? net_req_find(nb, c->id, (uint32_t)(m->corr >> 20)) :
	    NULL;
	if (q == NULL || q->api->on_msg == NULL) {
		msg_free(m);		/* its connection is gone */
		return;
	}
	q->api->on_msg(q, m, now);
	conn_flush(c);
}

/* Read a frame's request and run its handler; -1 (with why) when the
 * connection must close. */
static int
conn_dispatch(struct net_conn *c, const uint8_t *frame, size_t len,
    char *why, size_t why_len)
{
	struct req_header h;
	struct request rq;
	struct net_req *q;
	struct rd r;

	rd_init(&r, frame, len);
	if (request_header_decode(&r, &h) != 0) {
		snprintf(why, why_len, "a request header cut short");
		return -1;
	}
	snprintf(c->client_id, sizeof c->client_id, "%s", h.client_id);
	q = xcalloc(1, sizeof *q);
	q->conn = c;
	q->seq = ++c->next_seq;
	q->h = h;
	q->api = net_api(h.key);
	if (q->api == NULL) {
		snprintf(why, why_len, "unknown API key %d", h.key);
		free(q);
		return -1;
	}
	if (c->tail != NULL)
		c->tail->next = q;
	else
		c->head = q;
	c->tail = q;
	c->n_reqs++;
	memset(&rq, 0, sizeof rq);
	rq.h = h;
	/* ApiVersions of a version isrlab does not know is answered, not
	 * parsed (RequestContext.java:111-116 at 3.7.0); any other
	 * unsupported version closes the connection as Kafka does
	 * (SocketServer's InvalidRequestException). */
	if (h.key == API_API_VERSIONS && h.version > request_api(h.key)->max)
		;
	else if (h.version < request_api(h.key)->min ||
	    h.version > request_api(h.key)->max) {
		snprintf(why, why_len, "%s v%d is not supported",
		    request_api(h.key)->name, h.version);
		return -1;
	} else if (request_decode(&r, &h, &rq) != 0) {
		snprintf(why, why_len, "a malformed %s v%d request",
		    request_api(h.key)->name, h.version);
		return -1;
	}
	c->dispatching = true;
	q->api->handle(q, &rq);
	c->dispatching = false;
	request_free(&rq);
	return 0;
}

/* Let c's socket wake the loop only once want more bytes came (or EOF
 * or an error).  A producer's frame of a megabyte arrives a few KiB at
 * a time, and each piece read as it came was a turn of the loop (an
 * epoll_wait, a timerfd_settime: precise timers re-arm every turn, an
 * FIONREAD and a readv), while nothing can be done before the frame is
 * whole. */
static void
conn_want(struct net_conn *c, size_t want)
{
	int v;

	c->want = want;
	if (want > NET_READ_MAX)
		want = NET_READ_MAX;
	if (want < 1)
		want = 1;
	if (c->lowat == want)
		return;
	v = (int)want;
	if (setsockopt(bufferevent_getfd(c->bev), SOL_SOCKET, SO_RCVLOWAT,
	    &v, sizeof v) == 0)
		c->lowat = want;
}

/* Read up to the c->want bytes its frame lacks (NET_READ_MAX at most,
 * within the input's cap) straight from the socket; false when nothing
 * came.  libevent 2.1 reads at most 4 KiB a turn (EVBUFFER_MAX_READ)
 * whatever the socket holds.  EOF and errors are left to the
 * bufferevent's next read, which sees them again. */
static bool
conn_read_more(struct net_conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	struct evbuffer_iovec v;
	size_t len = evbuffer_get_length(in), want = c->want;
	ssize_t n;

	if (c->frame != NULL) {
		/* conn_process took what the input held: the socket's
		 * bytes come next. */
		if (len > 0 || want > c->frame_len - c->frame_have)
			return false;
		n = recv(bufferevent_getfd(c->bev), c->frame + c->frame_have,
		    want, 0);
		if (n > 0)
			c->frame_have += (size_t)n;
		return n > 0;
	}
	if (len >= NET_FRAME_MAX + 4)
		return false;
	if (want > NET_FRAME_MAX + 4 - len)
		want = NET_FRAME_MAX + 4 - len;
	if (want > NET_READ_MAX)
		want = NET_READ_MAX;
	if (want == 0)
		return false;
	/* A socket bufferevent keeps its input's end frozen but while it
	 * reads itself; so do we. */
	evbuffer_unfreeze(in, 0);
	if (evbuffer_reserve_space(in, (ev_ssize_t)want, &v, 1) < 1)
		n = -1;
	else if ((n = recv(bufferevent_getfd(c->bev), v.iov_base, want,
	    0)) > 0) {
		v.iov_len = (size_t)n;
		evbuffer_commit_space(in, &v, 1);
	}
	evbuffer_freeze(in, 0);
	return n > 0;
}

/* The frame at the head of c's input, its size prefix gone: 1 and
 * *frame, *size when it is whole (in the input, or in c->frame: the
 * caller frees it), 0 and *want (the bytes it lacks) when not, or -1
 * when it is too big (c closed). */
static int
conn_next_frame(struct net_conn *c, uint8_t **frame, uint32_t *size,
    size_t *want)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	uint8_t szb[4];
	char why[128];
	int got;

	if (c->frame == NULL) {
		if (evbuffer_copyout(in, szb, 4) < 4) {
			*want = 4 - evbuffer_get_length(in);
			return 0;
		}
		*size = be32_get(szb);
		if (*size < NET_HEADER_MIN || *size > NET_FRAME_MAX) {
			snprintf(why, sizeof why, "a frame of %u bytes (the "
			    "limit is %d)", *size, NET_FRAME_MAX);
			conn_close(c, why);
			return -1;
		}
		if (evbuffer_get_length(in) >= 4 + (size_t)*size) {
			evbuffer_drain(in, 4);
			*frame = evbuffer_pullup(in, *size);
			return 1;
		}
		if (*size < NET_FRAME_DIRECT) {
			*want = 4 + (size_t)*size - evbuffer_get_length(in);
			return 0;
		}
		evbuffer_drain(in, 4);
		c->frame = xmalloc(*size);
		c->frame_len = *size;
		c->frame_have = 0;
	}
	if ((got = evbuffer_remove(in, c->frame + c->frame_have,
	    c->frame_len - c->frame_have)) > 0)
		c->frame_have += (size_t)got;
	if (c->frame_have < c->frame_len) {
		*want = c->frame_len - c->frame_have;
		return 0;
	}
	*frame = c->frame;
	*size = (uint32_t)c->frame_len;
	return 1;
}

/* Take whole frames from c's input while it may go on; -1 when c was
 * closed (and freed). */
static int
conn_process(struct net_conn *c)
{
	struct net_broker *nb = c->nb;
	struct evbuffer *in = bufferevent_get_input(c->bev);
	struct evbuffer *out = bufferevent_get_output(c->bev);
	uint32_t size;
	uint8_t *frame;
	char why[128];
	size_t want = 0;
	int rc;

	while (!nb->held && c->n_reqs < NET_MAX_INFLIGHT &&
	    evbuffer_get_length(out) < NET_OUT_MAX) {
		if ((rc = conn_next_frame(c, &frame, &size, &want)) < 0)
			return -1;
		if (rc == 0)
			break;
		rc = conn_dispatch(c, frame, size, why, sizeof why);
		if (frame == c->frame) {
			free(c->frame);
			c->frame = NULL;
		} else
			evbuffer_drain(in, size);
		if (rc != 0) {
			conn_close(c, why);
			return -1;
		}
		if (c->close_why[0] != '\0') {
			conn_flush(c);
			conn_close(c, c->close_why);
			return -1;
		}
	}
	conn_want(c, want);
	conn_flush(c);
	return 0;
}

static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	struct net_conn *c = arg;

	(void)bev;
	while (conn_process(c) == 0 && c->want > 0 && conn_read_more(c))
		;
}

/* The client reads its replies again: go on reading its requests. */
static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	conn_process(arg);
}

static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct net_conn *c = arg;

	(void)bev;
	if (what & BEV_EVENT_EOF)
		conn_close(c, "closed by the client");
	else if (what & BEV_EVENT_ERROR)
		conn_close(c, strerror(EVUTIL_SOCKET_ERROR()));
}

static void
peer_format(const struct sockaddr *sa, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)sa;

		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof host);
		port = ntohs(s4->sin_port);
		snprintf(buf, len, "%s:%d", host, port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;

		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
		port = ntohs(s6->sin6_port);
		snprintf(buf, len, "[%s]:%d", host, port);
	} else
		snprintf(buf, len, "?");
}

static void
listener_accept_cb(struct evconnlistener *ls, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct net_broker *nb = arg;
	struct net_conn *c;
	char peer[64], line[160];

	(void)ls;
	(void)salen;
	peer_format(sa, peer, sizeof peer);
	if (nb->n_conns >= NET_MAX_CONNS) {
		evutil_closesocket(fd);
		snprintf(line, sizeof line, "client %s refused by broker %d: "
		    "%d connections already", peer, nb->id, NET_MAX_CONNS);
		runtime_note(nb->net->e, nb->id, line);
		return;
	}
	c = xcalloc(1, sizeof *c);
	c->nb = nb;
	c->id = ++nb->next_conn_id & 0x7fffff;
	snprintf(c->peer, sizeof c->peer, "%s", peer);
	c->bev = bufferevent_socket_new(nb->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		evutil_closesocket(fd);
		free(c);
		return;
	}
	bufferevent_setcb(c->bev, conn_read_cb, conn_write_cb, conn_event_cb,
	    c);
	bufferevent_setwatermark(c->bev, EV_READ, 0, NET_FRAME_MAX + 4);
	bufferevent_setwatermark(c->bev, EV_WRITE, NET_OUT_MAX / 2, 0);
	c->next = nb->conns;
	nb->conns = c;
	nb->n_conns++;
	if (!nb->held)
		bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	else
		bufferevent_enable(c->bev, EV_WRITE);
	snprintf(line, sizeof line, "client %s connected to broker %d "
	    "(localhost:%d)", peer, nb->id, nb->port);
	runtime_note(nb->net->e, nb->id, line);
	runtime_wire_clients(nb->net->e, nb->id, nb->n_conns);
}

/* Listen on addr:port; NULL when the address is not there or taken
 * (errno says which). */
static struct evconnlistener *
listener_open(struct net_broker *nb, int family)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (void *)&ss;
	struct sockaddr_in6 *s6 = (void *)&ss;
	socklen_t len;
	unsigned flags = LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE |
	    LEV_OPT_CLOSE_ON_EXEC;

	memset(&ss, 0, sizeof ss);
	if (family == AF_INET) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)nb->port);
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof *s4;
	} else {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)nb->port);
		s6->sin6_addr = in6addr_loopback;
		len = sizeof *s6;
		flags |= LEV_OPT_BIND_IPV6ONLY;
	}
	return evconnlistener_new_bind(nb->base, listener_accept_cb, nb, flags,
	    64, (struct sockaddr *)&ss, (int)len);
}

static void
broker_listen(struct net_broker *nb)
{
	char line[160];
	int err;

	nb->listening = true;
	nb->ls[0] = listener_open(nb, AF_INET);
	err = errno;
	/* ::1 is optional: a machine without IPv6 still serves 127.0.0.1. */
	nb->ls[1] = listener_open(nb, AF_INET6);
	if (nb->ls[0] != NULL) {
		nb->busy_reported = false;
		return;
	}
	if (!nb->busy_reported) {
		snprintf(line, sizeof line, "broker %d cannot listen on "
		    "localhost:%d (%s): real clients cannot reach it; the lab "
		    "goes on", nb->id, nb->port, strerror(err));
		runtime_note(nb->net->e, nb->id, line);
		nb->busy_reported = true;
	}
}

void
net_broker_close(struct net_broker *nb, const char *why)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (nb->ls[i] != NULL)
			evconnlistener_free(nb->ls[i]);
		nb->ls[i] = NULL;
	}
	nb->listening = false;
	while (nb->conns != NULL)
		conn_close(nb->conns, why);
}

static void
broker_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net_broker *nb = arg;

	(void)fd;
	(void)what;
	net_broker_turn(nb, nb->now);
}

/* Hold or release every connection's requests. */
static void
broker_hold(struct net_broker *nb, bool held)
{
	struct net_conn *c, *next;

	if (nb->held == held)
		return;
	nb->held = held;
	for (c = nb->conns; c != NULL; c = next) {
		next = c->next;
		if (held)
			bufferevent_disable(c->bev, EV_READ);
		else {
			bufferevent_enable(c->bev, EV_READ);
			conn_process(c);	/* what arrived meanwhile */
		}
	}
}

void
net_broker_turn(struct net_broker *nb, int64_t now)
{
	struct net_conn *c;
	struct net_req *q;
	int64_t first = INT64_MAX, real, wait;
	bool up;
	struct timeval tv;

	nb->now = now;
	up = nb->br != NULL && broker_is_up(nb->br);
	if (!up && (nb->listening || nb->conns != NULL)) {
		net_broker_close(nb, nb->br != NULL &&
		    nb->br->state == BROKER_DOWN ? "the broker went down" :
		    "the broker is not running");
		return;
	}
	if (up && nb->br->serving && !nb->listening)
		broker_listen(nb);
	broker_hold(nb, runtime_paused(nb->net->e) ||
	    !runtime_wire_reachable(nb->net->e, nb->id));
	if (nb->held)
		return;
	real = labclock_real_us();
	for (c = nb->conns; c != NULL; c = c->next) {
		for (q = c->head; q != NULL; q = q->next) {
			if (q->done || q->api->on_turn == NULL)
				continue;
			c->dispatching = true;
			q->api->on_turn(q, now);
			c->dispatching = false;
			if (!q->done && q->deadline_us > 0 &&
			    q->deadline_us < first)
				first = q->deadline_us;
		}
		conn_flush(c);
	}
	if (nb->timer == NULL)
		nb->timer = evtimer_new(nb->base, broker_timer_cb, nb);
	if (first == INT64_MAX || nb->timer == NULL)
		return;
	wait = first > real ? first - real : 0;
	tv.tv_sec = wait / 1000000;
	tv.tv_usec = wait % 1000000;
	evtimer_add(nb->timer, &tv);
}
