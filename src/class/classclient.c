/*
 * classclient.c - the class link's student side (classclient.h).
 *
 * The journal's thread counts the lines written (the tee) and queues
 * the exports' marks under cl->lock; the link's thread reads the lines
 * from the state file and keeps everything about the connection to
 * itself.  A mark says after which line it goes; the link's thread
 * looks for a mark due only once the next line is in the file, which
 * the journal's thread writes after queueing the mark, so the order
 * holds without the two threads sharing a queue of lines.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "class/classclient.h"
#include "class/classproto.h"
#include "util/xmalloc.h"

#define CLASS_RETRY_MIN_MS	250
#define CLASS_RETRY_MAX_MS	5000
#define CLASS_OUT_MAX		(256 * 1024)	/* bytes queued to send */
#define CLASS_CONNECT_S		10

/* An export waiting for the server. */
struct class_mark {
	uint64_t	 after;		/* lines before it */
	char		*json;		/* the payload after the number */
};

enum class_link_state {
	LINK_IDLE,	/* not connected; the retry timer runs */
	LINK_OPEN,	/* connecting, or waiting for the server's nonce */
	LINK_WELCOME,	/* keys derived, waiting for WELCOME */
	LINK_RESUME,	/* HELLO sent, waiting for the first ACK */
	LINK_READY,	/* sending */
};

struct class_client {
	char			 host[256], port[16];
	char			 code[CLASS_CODE_CHARS + 1];
	char			*session;
	int			 fd;		/* the state file, read */
	pthread_t		 thread;

	/* Shared under lock. */
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;		/* acks, for the finish */
	uint64_t		 lines;		/* written to the file */
	struct class_mark	*marks;		/* not acknowledged yet */
	size_t			 n_marks;
	uint64_t		 marks_base;	/* number of marks[0] - 1 */
	uint64_t		 acked, acked_marks;
	bool			 connected, stopping;
	bool			 refused;	/* a wrong class code: given up */
	char			 said[600];

	/* The journal's thread only. */
	int64_t			 last_seq;	/* highest seq in the file */

	/* The link's thread only. */
	struct event_base	*base;
	struct event		*wake, *retry;
	struct bufferevent	*bev;
	enum class_link_state	 st;
	struct class_keys	 keys;
	uint8_t			 nonce[CLASS_NONCE_LEN];
	uint64_t		 sent, sent_marks;
	off_t			 sent_off;	/* of line sent + 1 */
	int			 retry_ms;
	struct strbuf		 line;		/* read buffer */
	uint64_t		 test_cut;	/* ISRLAB_CLASS_TEST_CUT */
};

static void class_client_connect(struct class_client *cl);

static void
class_client_say(struct class_client *cl, const char *fmt, ...)
	ISRLAB_PRINTFLIKE(2, 3);

static void
class_client_say(struct class_client *cl, const char *fmt, ...)
{
	va_list	ap;

	pthread_mutex_lock(&cl->lock);
	va_start(ap, fmt);
	vsnprintf(cl->said, sizeof cl->said, fmt, ap);
	va_end(ap);
	pthread_mutex_unlock(&cl->lock);
}

/* --- reading the state file (the link's thread) -------------------------- */

/* The next whole line at cl->sent_off into cl->line; 1, 0 when none is
 * complete yet, -1 when it is over the frame limit. */
static int
class_client_next_line(struct class_client *cl)
{
	size_t	 want = 65536;
	ssize_t	 got;
	char	*nl;

	for (;;) {
		strbuf_reset(&cl->line);
		strbuf_grow(&cl->line, want);
		got = pread(cl->fd, cl->line.s, want, cl->sent_off);
		if (got <= 0)
			return 0;
		cl->line.len = (size_t)got;
		if ((nl = memchr(cl->line.s, '\n', (size_t)got)) != NULL) {
			cl->line.len = (size_t)(nl - cl->line.s) + 1;
			return cl->line.len + 8 <= CLASS_PAYLOAD_MAX ? 1 : -1;
		}
		if ((size_t)got < want)
			return 0;
		if (want >= CLASS_PAYLOAD_MAX)
			return -1;
		want *= 4;
	}
}

/* The offset after line n of the file, or -1 when it has fewer. */
static off_t
class_client_offset(struct class_client *cl, uint64_t n)
{
	char	 buf[65536], *p;
	off_t	 off = 0;
	ssize_t	 got;
	uint64_t k = 0;

	if (n == cl->sent)
		return cl->sent_off;
	while (k < n && (got = pread(cl->fd, buf, sizeof buf, off)) > 0) {
		for (p = buf; k < n && (p = memchr(p, '\n', (size_t)(buf +
		    got - p))) != NULL; p++)
			k++;
		off = k == n ? off + (p - buf) : off + got;
	}
	return k == n ? off : -1;
}

/* --- the connection (the link's thread) ---------------------------------- */

static void
class_client_frame(struct class_client *cl, unsigned type, const void *p,
    size_t n)
{
	struct strbuf	sb = STRBUF_INIT;

	class_frame_put(&cl->keys, type, p, n, &sb);
	bufferevent_write(cl->bev, sb.s, sb.len);
	strbuf_free(&sb);
}

/* A LINE or MARK frame: its number, then p[0..n). */
static void
class_client_send(struct class_client *cl, unsigned type, uint64_t no,
    const char *p, size_t n)
{
	struct strbuf	pl = STRBUF_INIT;
	uint8_t		num[8];

	class_put_u64(num, no);
	strbuf_add(&pl, num, sizeof num);
	strbuf_add(&pl, p, n);
	class_client_frame(cl, type, pl.s, pl.len);
	strbuf_free(&pl);
}

/* Send what the server lacks while the output buffer has room. */
static void
class_client_pump(struct class_client *cl)
{
	struct class_mark	*m;
	char			*json;
	int			 rc;

	while (cl->st == LINK_READY && evbuffer_get_length(
	    bufferevent_get_output(cl->bev)) < CLASS_OUT_MAX) {
		rc = class_client_next_line(cl);
		if (rc < 0) {
			class_client_say(cl, "journal line %" PRIu64 " is over "
			    "the class link's limit: not sent", cl->sent + 1);
			return;
		}
		json = NULL;
		pthread_mutex_lock(&cl->lock);
		if (cl->sent_marks >= cl->marks_base &&
		    cl->sent_marks - cl->marks_base < cl->n_marks) {
			m = &cl->marks[cl->sent_marks - cl->marks_base];
			if (m->after == cl->sent)
				json = xstrdup(m->json);
		}
		pthread_mutex_unlock(&cl->lock);
		if (json != NULL) {
			class_client_send(cl, CLASS_MARK, ++cl->sent_marks, json,
			    strlen(json));
			free(json);
			continue;
		}
		if (rc == 0 || (cl->test_cut > 0 && cl->sent == cl->test_cut))
			return;
		class_client_send(cl, CLASS_LINE, ++cl->sent, cl->line.s,
		    cl->line.len);
		cl->sent_off += (off_t)cl->line.len;
	}
}

/* Drop the connection and try again later. */
static void
class_client_drop(struct class_client *cl, const char *why)
{
	struct timeval	tv;

	if (cl->bev != NULL)
		bufferevent_free(cl->bev);
	cl->bev = NULL;
	cl->st = LINK_IDLE;
	pthread_mutex_lock(&cl->lock);
	cl->connected = false;
	snprintf(cl->said, sizeof cl->said, "%s", why);
	pthread_mutex_unlock(&cl->lock);
	cl->retry_ms = cl->retry_ms == 0 ? CLASS_RETRY_MIN_MS :
	    cl->retry_ms * 2 > CLASS_RETRY_MAX_MS ? CLASS_RETRY_MAX_MS :
	    cl->retry_ms * 2;
	tv.tv_sec = cl->retry_ms / 1000;
	tv.tv_usec = (cl->retry_ms % 1000) * 1000;
	evtimer_add(cl->retry, &tv);
}

static void
class_client_on_ack(struct class_client *cl, uint64_t lines, uint64_t marks)
{
	off_t		off;
	char		why[160];

	if (cl->st == LINK_RESUME) {
		/* Go on from what the server holds. */
		if ((off = class_client_offset(cl, lines)) < 0 ||
		    marks > cl->marks_base + cl->n_marks) {
			snprintf(why, sizeof why, "the class server holds more "
			    "of this session (%" PRIu64 " lines) than its "
			    "journal has", lines);
			class_client_drop(cl, why);
			return;
		}
		cl->sent = lines;
		cl->sent_off = off;
		cl->sent_marks = marks;
		cl->st = LINK_READY;
		bufferevent_set_timeouts(cl->bev, NULL, NULL);
	}
	pthread_mutex_lock(&cl->lock);
	/* Progress: the next drop tries again soon. */
	if (lines > cl->acked || marks > cl->acked_marks)
		cl->retry_ms = 0;
	cl->connected = true;
	cl->said[0] = '\0';
	cl->acked = lines;
	cl->acked_marks = marks;
	while (cl->n_marks > 0 && cl->marks_base < marks) {
		free(cl->marks[0].json);
		memmove(cl->marks, cl->marks + 1, --cl->n_marks *
		    sizeof *cl->marks);
		cl->marks_base++;
	}
	pthread_cond_broadcast(&cl->cond);
	pthread_mutex_unlock(&cl->lock);
	if (cl->test_cut > 0 && lines >= cl->test_cut) {
		/* The test's cable pulled, once, mid-lab: what the
		 * student does meanwhile goes after the reconnect. */
		cl->test_cut = 0;
		shutdown(bufferevent_getfd(cl->bev), SHUT_RDWR);
		return;
	}
	class_client_pump(cl);
}

static void
class_client_read(struct bufferevent *bev, void *arg)
{
	struct class_client	*cl = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	struct class_frame	 f;
	struct strbuf		 hello = STRBUF_INIT;
	uint8_t			*p;
	uint64_t		 lines, marks;
	size_t			 used;
	char			 err[256], why[300];
	int			 rc;

	for (;;) {
		if (cl->st == LINK_OPEN) {
			if (evbuffer_get_length(in) < CLASS_OPEN_LEN)
				return;
			p = evbuffer_pullup(in, CLASS_OPEN_LEN);
			if (memcmp(p, class_magic_server, CLASS_MAGIC_LEN) != 0) {
				class_client_drop(cl, "not an isrlab class "
				    "server there");
				return;
			}
			class_keys_derive(&cl->keys, cl->code, cl->nonce,
			    p + CLASS_MAGIC_LEN, false);
			evbuffer_drain(in, CLASS_OPEN_LEN);
			cl->st = LINK_WELCOME;
			continue;
		}
		rc = class_frame_pull(&cl->keys, in, &f, &used, err,
		    sizeof err);
		if (rc < 0 && cl->st == LINK_WELCOME) {
			/* Trying again will not change the code: give up,
			 * and do not make the end wait for it. */
			bufferevent_free(cl->bev);
			cl->bev = NULL;
			cl->st = LINK_IDLE;
			pthread_mutex_lock(&cl->lock);
			cl->refused = true;
			snprintf(cl->said, sizeof cl->said, "the class server "
			    "at %s:%s does not know this class code", cl->host,
			    cl->port);
			pthread_cond_broadcast(&cl->cond);
			pthread_mutex_unlock(&cl->lock);
			return;
		}
		if (rc < 0) {
			snprintf(why, sizeof why, "the class server: %s", err);
			class_client_drop(cl, why);
			return;
		}
		if (rc == 0)
			return;
		if (cl->st == LINK_WELCOME && f.type == CLASS_WELCOME) {
			evbuffer_drain(in, used);
			/* The server proved the code: say which session. */
			strbuf_printf(&hello, "{\"session\":\"%s\",\"version\":"
			    "\"%s\"}", cl->session, PACKAGE_VERSION);
			cl->st = LINK_RESUME;
			class_client_frame(cl, CLASS_HELLO, hello.s, hello.len);
			strbuf_free(&hello);
			continue;
		}
		if ((cl->st != LINK_RESUME && cl->st != LINK_READY) ||
		    f.type != CLASS_ACK || f.len != 16) {
			snprintf(why, sizeof why, "the class server sent a %s "
			    "frame out of turn", class_frame_name(f.type));
			class_client_drop(cl, why);
			return;
		}
		lines = class_get_u64(f.payload);
		marks = class_get_u64(f.payload + 8);
		evbuffer_drain(in, used);
		class_client_on_ack(cl, lines, marks);
		if (cl->bev == NULL)
			return;
	}
}

static void
class_client_write(struct bufferevent *bev, void *arg)
{
	(void)bev;
	class_client_pump(arg);
}

static void
class_client_event(struct bufferevent *bev, short what, void *arg)
{
	struct class_client	*cl = arg;
	char			 why[512];

	(void)bev;
	if (what & BEV_EVENT_CONNECTED) {
		uint8_t	open[CLASS_OPEN_LEN];

		memcpy(open, class_magic_student, CLASS_MAGIC_LEN);
		class_random(cl->nonce, sizeof cl->nonce);
		memcpy(open + CLASS_MAGIC_LEN, cl->nonce, CLASS_NONCE_LEN);
		bufferevent_write(cl->bev, open, sizeof open);
		return;
	}
	if (what & BEV_EVENT_TIMEOUT)
		snprintf(why, sizeof why, "no answer from the class server at "
		    "%s:%s", cl->host, cl->port);
	else if (what & BEV_EVENT_EOF)
		snprintf(why, sizeof why, "the class server at %s:%s closed "
		    "the connection", cl->host, cl->port);
	else
		snprintf(why, sizeof why, "class server %s:%s: %s", cl->host,
		    cl->port, evutil_socket_error_to_string(
		    EVUTIL_SOCKET_ERROR()));
	class_client_drop(cl, why);
}

static void
class_client_connect(struct class_client *cl)
{
	struct addrinfo	 hints, *ai = NULL;
	struct timeval	 tv = { CLASS_CONNECT_S, 0 };
	char		 why[512];
	int		 rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(cl->host, cl->port, &hints, &ai)) != 0) {
		snprintf(why, sizeof why, "class server %s: %s", cl->host,
		    gai_strerror(rc));
		class_client_drop(cl, why);
		return;
	}
	cl->bev = bufferevent_socket_new(cl->base, -1, BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(cl->bev, class_client_read, class_client_write,
	    class_client_event, cl);
	bufferevent_setwatermark(cl->bev, EV_READ, 0, CLASS_FRAME_MAX);
	bufferevent_setwatermark(cl->bev, EV_WRITE, CLASS_OUT_MAX / 4, 0);
	bufferevent_set_timeouts(cl->bev, &tv, &tv);
	bufferevent_enable(cl->bev, EV_READ | EV_WRITE);
	cl->st = LINK_OPEN;
	if (bufferevent_socket_connect(cl->bev, ai->ai_addr,
	    (int)ai->ai_addrlen) != 0) {
		snprintf(why, sizeof why, "class server %s:%s: %s", cl->host,
		    cl->port, strerror(errno));
		freeaddrinfo(ai);
		class_client_drop(cl, why);
		return;
	}
	freeaddrinfo(ai);
}

static void
class_client_retry(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	class_client_connect(arg);
}

/* New lines, a new mark, or the end. */
static void
class_client_wake(evutil_socket_t fd, short what, void *arg)
{
	struct class_client	*cl = arg;
	bool			 stop;

	(void)fd;
	(void)what;
	pthread_mutex_lock(&cl->lock);
	stop = cl->stopping;
	pthread_mutex_unlock(&cl->lock);
	if (stop)
		event_base_loopbreak(cl->base);
	else
		class_client_pump(cl);
}

static void *
class_client_thread(void *arg)
{
	struct class_client	*cl = arg;

	class_client_connect(cl);
	event_base_dispatch(cl->base);
	return NULL;
}

/* --- the journal's side --------------------------------------------------- */

/* The seq of a record line, or -1 for other lines. */
static int64_t
class_line_seq(const char *p)
{
	return strncmp(p, "{\"seq\":", 7) == 0 ? strtoll(p + 7, NULL, 10) :
	    -1;
}

static void
class_client_tee(void *arg, const char *s, size_t n)
{
	struct class_client	*cl = arg;
	const char		*p, *end = s + n, *nl;
	uint64_t		 k = 0;

	for (p = s; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		k++;
		if (class_line_seq(p) >= 0)
			cl->last_seq = class_line_seq(p);
	}
	pthread_mutex_lock(&cl->lock);
	cl->lines += k;
	pthread_mutex_unlock(&cl->lock);
	event_active(cl->wake, 0, 0);
}

/* The export's mark: its header line, the records the file does not
 * have yet (seq past cl->last_seq), the final state, the seal. */
static void
class_client_export(void *arg, const char *path, const char *jsonl,
    size_t len)
{
	struct class_client	*cl = arg;
	const char		*p, *end = jsonl + len, *nl, *name;
	const char		**v = NULL;
	size_t			 n = 0, i;
	json_t			*m, *extra;
	char			*text;

	for (p = jsonl; p < end && (nl = memchr(p, '\n', (size_t)(end -
	    p))) != NULL; p = nl + 1) {
		v = xreallocarray(v, n + 2, sizeof *v);
		v[n++] = p;
	}
	if (n < 3) {
		free(v);
		return;		/* not an export */
	}
	v[n] = end;
	m = json_object();
	extra = json_array();
	name = strrchr(path, '/');
	json_object_set_new(m, "file", json_string(name != NULL ? name + 1 :
	    path));
	json_object_set_new(m, "last_seq", json_integer(cl->last_seq));
	json_object_set_new(m, "header", json_stringn(v[0],
	    (size_t)(v[1] - v[0])));
	for (i = 1; i + 2 < n; i++)
		if (class_line_seq(v[i]) > cl->last_seq)
			json_array_append_new(extra, json_stringn(v[i],
			    (size_t)(v[i + 1] - v[i])));
	json_object_set_new(m, "extra", extra);
	json_object_set_new(m, "final_state", json_stringn(v[n - 2],
	    (size_t)(v[n - 1] - v[n - 2])));
	json_object_set_new(m, "seal", json_stringn(v[n - 1],
	    (size_t)(v[n] - v[n - 1]) - 1));
	free(v);
	text = json_dumps(m, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(m);
	if (text == NULL || strlen(text) + 8 > CLASS_PAYLOAD_MAX) {
		class_client_say(cl, "export %s is over the class link's "
		    "limit: the server has the journal, not this export", path);
		free(text);
		return;
	}
	pthread_mutex_lock(&cl->lock);
	cl->marks = xreallocarray(cl->marks, cl->n_marks + 1,
	    sizeof *cl->marks);
	cl->marks[cl->n_marks].after = cl->lines;
	cl->marks[cl->n_marks].json = text;
	cl->n_marks++;
	pthread_mutex_unlock(&cl->lock);
	event_active(cl->wake, 0, 0);
}

/* "HOST-session-...": the state file's name is unique on its machine. */
static char *
class_client_session(const char *path)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*base = strrchr(path, '/');
	char		 host[256];
	size_t		 i, n;

	if (gethostname(host, sizeof host) != 0)
		snprintf(host, sizeof host, "host");
	host[sizeof host - 1] = '\0';
	for (i = 0; host[i] != '\0' && i < 64; i++)
		strbuf_addc(&sb, strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-", host[i]) != NULL ?
		    host[i] : '_');
	strbuf_addc(&sb, '-');
	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (n > 6 && strcmp(base + n - 6, ".jsonl") == 0)
		n -= 6;
	strbuf_add(&sb, base, n);
	return strbuf_detach(&sb);
}

/* A resumed session's file has lines already: count them, and the
 * newest record's seq. */
static void
class_client_scan(struct class_client *cl)
{
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 got;
	FILE	*f = fdopen(dup(cl->fd), "r");

	while (f != NULL && (got = getline(&line, &cap, f)) > 0 &&
	    line[got - 1] == '\n') {
		cl->lines++;
		if (class_line_seq(line) >= 0)
			cl->last_seq = class_line_seq(line);
	}
	free(line);
	if (f != NULL)
		fclose(f);
}

struct class_client *
class_client_start(const char *addr, const char *code, struct slog *log,
    struct statefile *sf, char *err, size_t errlen)
{
	struct class_client	*cl = xcalloc(1, sizeof *cl);
	const char		*path = statefile_path(sf);

	if (class_addr_split(addr, cl->host, sizeof cl->host, cl->port,
	    sizeof cl->port, false, err, errlen) != 0 ||
	    class_code_parse(code, cl->code, err, errlen) != 0) {
		free(cl);
		return NULL;
	}
	if ((cl->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(cl);
		return NULL;
	}
	class_link_init();
	cl->session = class_client_session(path);
	pthread_mutex_init(&cl->lock, NULL);
	pthread_cond_init(&cl->cond, NULL);
	class_client_scan(cl);
	/* For tests only (man page): send journal lines up to N, cut the
	 * connection once the server has acknowledged them, as a pulled
	 * cable would, and go on after the reconnect. */
	if (getenv("ISRLAB_CLASS_TEST_CUT") != NULL)
		cl->test_cut = strtoull(getenv("ISRLAB_CLASS_TEST_CUT"), NULL,
		    10);
	cl->base = event_base_new();
	cl->wake = event_new(cl->base, -1, 0, class_client_wake, cl);
	cl->retry = evtimer_new(cl->base, class_client_retry, cl);
	statefile_set_tee(sf, class_client_tee, cl);
	slog_set_export_observer(log, class_client_export, cl);
	if (pthread_create(&cl->thread, NULL, class_client_thread, cl) != 0)
		fatal("pthread_create failed");
	return cl;
}

void
class_client_status(struct class_client *cl, struct class_status *st)
{
	pthread_mutex_lock(&cl->lock);
	st->connected = cl->connected;
	st->lines = cl->lines;
	st->acked = cl->acked;
	snprintf(st->said, sizeof st->said, "%s", cl->said);
	pthread_mutex_unlock(&cl->lock);
}

int
class_client_finish(struct class_client *cl, struct slog *log,
    int timeout_ms, struct strbuf *msg)
{
	struct timespec	deadline;
	size_t		i;
	int		rc = 0;

	slog_set_export_observer(log, NULL, NULL);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&cl->lock);
	event_active(cl->wake, 0, 0);
	while ((cl->acked < cl->lines || cl->n_marks > 0) && !cl->refused &&
	    pthread_cond_timedwait(&cl->cond, &cl->lock, &deadline) == 0)
		;
	if (cl->acked < cl->lines || cl->n_marks > 0) {
		strbuf_printf(msg, "the class server has %" PRIu64 " of the "
		    "journal's %" PRIu64 " lines%s%s%s", cl->acked, cl->lines,
		    cl->n_marks > 0 ? " and not the last export" : "",
		    cl->said[0] != '\0' ? ": " : "", cl->said);
		rc = -1;
	}
	cl->stopping = true;
	pthread_mutex_unlock(&cl->lock);
	event_active(cl->wake, 0, 0);
	pthread_join(cl->thread, NULL);
	if (cl->bev != NULL)
		bufferevent_free(cl->bev);
	event_free(cl->wake);
	event_free(cl->retry);
	event_base_free(cl->base);
	for (i = 0; i < cl->n_marks; i++)
		free(cl->marks[i].json);
	free(cl->marks);
	strbuf_free(&cl->line);
	close(cl->fd);
	free(cl->session);
	pthread_mutex_destroy(&cl->lock);
	pthread_cond_destroy(&cl->cond);
	free(cl);
	return rc;
}
