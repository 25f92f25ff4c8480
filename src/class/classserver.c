/*
 * classserver.c - the class server's thread, connections and copies
 * (classserver.h).
 *
 * Threads: everything but class_server_view, class_server_start and
 * class_server_stop runs on the server's thread; the rows and the event
 * lines are shared with the screen under srv->lock, nothing else is.
 */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <event2/thread.h>
#include <event2/util.h>

#include "class/classserver.h"
#include "journal/report.h"
#include "util/atomicfile.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#define CLASS_OPEN_TIMEOUT_S	10	/* to authenticate and say hello */
#define CLASS_CONNS_MAX		512	/* connections at once */
#define CLASS_MARK_PREFIX	"{\"type\":\"class_export\""

/* One student's session: its copy on disk and its row. */
struct class_session {
	char			*id;
	char			*path;		/* DIR/sessions/ID.jsonl */
	int			 fd;		/* appending, or -1 */
	uint64_t		 lines;		/* journal lines held */
	uint64_t		 marks;		/* exports held */
	struct class_row	*row;		/* in srv->roster */
	struct class_conn	*conn;		/* the live one, or NULL */
};

enum class_conn_state {
	CONN_OPEN,	/* waiting for the student's magic and nonce */
	CONN_HELLO,	/* keys derived, waiting for HELLO */
	CONN_READY,	/* lines and marks */
};

struct class_conn {
	struct class_server	*srv;
	struct bufferevent	*bev;
	char			 peer[80];
	char			 who[200];	/* class_who's */
	enum class_conn_state	 state;
	struct class_keys	 keys;
	struct class_session	*s;
	bool			 ack_due;
	struct class_conn	*next;		/* srv->conns */
};

struct class_server {
	struct event_base	*base;
	struct evconnlistener	*listener;
	pthread_t		 thread;
	char			 code[CLASS_CODE_CHARS + 1];
	char			*dir;
	FILE			*events_out;	/* or NULL */
	struct class_conn	*conns;
	int			 n_conns;
	struct class_session	**sessions;
	size_t			 n_sessions;
	/* Shared with the screen under lock. */
	pthread_mutex_t		 lock;
	struct class_roster	 roster;
	char			*events[CLASS_EVENTS_MAX];	/* a ring */
	uint64_t		 n_events;
	char			 addr[128];
};

/* --- events -------------------------------------------------------------- */

static void
class_log(struct class_server *srv, const char *fmt, ...)
	ISRLAB_PRINTFLIKE(2, 3);

static void
class_log(struct class_server *srv, const char *fmt, ...)
{
	struct strbuf	 sb = STRBUF_INIT;
	struct tm	 tm;
	time_t		 t = time(NULL);
	va_list		 ap;
	char		*line;
	size_t		 slot;

	localtime_r(&t, &tm);
	strbuf_printf(&sb, "%02d:%02d:%02d ", tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	line = strbuf_detach(&sb);
	if (srv->events_out != NULL) {
		fprintf(srv->events_out, "%s\n", line);
		fflush(srv->events_out);
	}
	pthread_mutex_lock(&srv->lock);
	slot = srv->n_events % CLASS_EVENTS_MAX;
	free(srv->events[slot]);
	srv->events[slot] = line;
	srv->n_events++;
	pthread_mutex_unlock(&srv->lock);
}

/* Who a connection is, for events: "name [id] (address)", or the
 * address until a header names the student. */
static const char *
class_who(struct class_conn *c)
{
	const struct class_row	*r = c->s != NULL ? c->s->row : NULL;

	if (r != NULL && r->student != NULL && r->student_id != NULL)
		snprintf(c->who, sizeof c->who, "%s [%s] (%s)", r->student,
		    r->student_id, c->peer);
	else if (r != NULL && class_row_who(r) != NULL)
		snprintf(c->who, sizeof c->who, "%s (%s)", class_row_who(r),
		    c->peer);
	else
		snprintf(c->who, sizeof c->who, "%s", c->peer);
	return c->who;
}

/* --- sessions ------------------------------------------------------------ */

/* Whether id can name a file: letters, digits, '.', '_', '-', '@', not
 * starting with '.'. */
static bool
class_id_ok(const char *id, size_t max)
{
	size_t	n = strlen(id);

	if (n == 0 || n > max || id[0] == '.')
		return false;
	return strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._-@") == n;
}

/* Fold the copy at path into s (a server started again on its
 * directory): count its lines and exports, give the row its lines, and
 * cut a last line the server did not finish writing. */
static void
class_session_read(struct class_server *srv, struct class_session *s)
{
	FILE	*f = fopen(s->path, "r");
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 got;
	off_t	 whole = 0;

	if (f == NULL)
		return;
	while ((got = getline(&line, &cap, f)) > 0) {
		if (line[got - 1] != '\n')
			break;
		whole += got;
		if (strncmp(line, CLASS_MARK_PREFIX,
		    strlen(CLASS_MARK_PREFIX)) == 0) {
			s->marks++;
			continue;
		}
		s->lines++;
		pthread_mutex_lock(&srv->lock);
		class_roster_line(&srv->roster, s->row, line, (size_t)got);
		pthread_mutex_unlock(&srv->lock);
	}
	free(line);
	fclose(f);
	if (truncate(s->path, whole) != 0)
		class_log(srv, "%s: %s", s->path, strerror(errno));
}

static struct class_session *
class_session_get(struct class_server *srv, const char *id)
{
	struct class_session	*s;
	size_t			 i;

	for (i = 0; i < srv->n_sessions; i++)
		if (strcmp(srv->sessions[i]->id, id) == 0)
			return srv->sessions[i];
	s = xcalloc(1, sizeof *s);
	s->id = xstrdup(id);
	s->path = xasprintf("%s/sessions/%s.jsonl", srv->dir, id);
	s->fd = -1;
	pthread_mutex_lock(&srv->lock);
	s->row = class_roster_row(&srv->roster, id);
	pthread_mutex_unlock(&srv->lock);
	srv->sessions = xreallocarray(srv->sessions, srv->n_sessions + 1,
	    sizeof *srv->sessions);
	srv->sessions[srv->n_sessions++] = s;
	class_session_read(srv, s);
	return s;
}

/* Append data to s's copy; 0, or -1 with errno. */
static int
class_session_write(struct class_session *s, const void *data, size_t n)
{
	const char	*p = data;
	ssize_t		 w;

	if (s->fd < 0 && (s->fd = open(s->path, O_WRONLY | O_APPEND |
	    O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0)
		return -1;
	while (n > 0) {
		w = write(s->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* --- connections --------------------------------------------------------- */

static void
class_conn_free(struct class_conn *c)
{
	struct class_server	 *srv = c->srv;
	struct class_conn	**pp;

	for (pp = &srv->conns; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	srv->n_conns--;
	if (c->s != NULL && c->s->conn == c) {
		c->s->conn = NULL;
		pthread_mutex_lock(&srv->lock);
		c->s->row->connections--;
		pthread_mutex_unlock(&srv->lock);
	}
	bufferevent_free(c->bev);
	free(c);
}

static void
class_conn_close(struct class_conn *c, const char *fmt, ...)
	ISRLAB_PRINTFLIKE(2, 3);

/* Close c, logging why. */
static void
class_conn_close(struct class_conn *c, const char *fmt, ...)
{
	char	why[512];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	class_log(c->srv, "%s: connection closed: %s", class_who(c), why);
	class_conn_free(c);
}

static void
class_conn_send(struct class_conn *c, unsigned type, const void *p, size_t n)
{
	struct strbuf	sb = STRBUF_INIT;

	class_frame_put(&c->keys, type, p, n, &sb);
	bufferevent_write(c->bev, sb.s, sb.len);
	strbuf_free(&sb);
}

static void
class_conn_ack(struct class_conn *c)
{
	uint8_t	p[16];

	class_put_u64(p, c->s->lines);
	class_put_u64(p + 8, c->s->marks);
	class_conn_send(c, CLASS_ACK, p, sizeof p);
	c->ack_due = false;
}

static int
class_on_hello(struct class_conn *c, const struct class_frame *f)
{
	struct class_server	*srv = c->srv;
	struct class_session	*s;
	json_error_t		 jerr;
	json_t			*o = json_loadb((const char *)f->payload, f->len,
				    0, &jerr);
	const char		*id = json_string_value(json_object_get(o,
				    "session"));

	if (id == NULL || !class_id_ok(id, 200)) {
		json_decref(o);
		class_conn_close(c, "a hello without a valid session id");
		return -1;
	}
	s = class_session_get(srv, id);
	json_decref(o);
	if (s->conn != NULL)
		class_conn_close(s->conn, "the student connected again from "
		    "%s", c->peer);
	s->conn = c;
	c->s = s;
	c->state = CONN_READY;
	pthread_mutex_lock(&srv->lock);
	s->row->connections++;
	pthread_mutex_unlock(&srv->lock);
	/* Authenticated: no more time limit (TCP keepalive finds a dead
	 * peer). */
	bufferevent_set_timeouts(c->bev, NULL, NULL);
	class_log(srv, "%s: connected, session %s, %" PRIu64 " lines "
	    "and %" PRIu64 " exports held", class_who(c), s->id,
	    s->lines, s->marks);
	c->ack_due = true;
	return 0;
}

static int
class_on_line(struct class_conn *c, const struct class_frame *f)
{
	struct class_session	*s = c->s;
	const char		*line = (const char *)f->payload + 8;
	size_t			 n = f->len - 8;
	uint64_t		 no;

	if (f->len < 9 || line[n - 1] != '\n' ||
	    memchr(line, '\n', n - 1) != NULL) {
		class_conn_close(c, "a line frame that is not one line");
		return -1;
	}
	no = class_get_u64(f->payload);
	if (no != s->lines + 1) {
		class_conn_close(c, "line %" PRIu64 " came where %" PRIu64
		    " was due", no, s->lines + 1);
		return -1;
	}
	if (class_session_write(s, line, n) != 0) {
		class_conn_close(c, "cannot write %s: %s", s->path,
		    strerror(errno));
		return -1;
	}
	s->lines++;
	pthread_mutex_lock(&c->srv->lock);
	class_roster_line(&c->srv->roster, s->row, line, n);
	pthread_mutex_unlock(&c->srv->lock);
	c->ack_due = true;
	return 0;
}

/* The first free name for file in DIR/exports (file, file-2, ...). */
static char *
class_export_path(struct class_server *srv, const char *file)
{
	struct stat	 st;
	size_t		 k = strlen(file) - strlen(".jsonl");
	char		*p;
	int		 i;

	for (i = 1; i < 1000; i++) {
		p = i == 1 ? xasprintf("%s/exports/%s", srv->dir, file) :
		    xasprintf("%s/exports/%.*s-%d.jsonl", srv->dir, (int)k,
		    file, i);
		if (lstat(p, &st) != 0)
			return p;
		free(p);
	}
	return NULL;
}

/* The export the mark describes, from s's copy: header, the records up
 * to last_seq, the lines open then, the final state, sealed. */
static void
class_export_build(struct class_session *s, json_t *m, struct strbuf *out)
{
	FILE		*f = fopen(s->path, "r");
	json_t		*extra = json_object_get(m, "extra");
	int64_t		 last = json_integer_value(json_object_get(m,
			    "last_seq"));
	char		*line = NULL;
	size_t		 cap = 0, i;
	ssize_t		 got;

	strbuf_adds(out, json_string_value(json_object_get(m, "header")));
	while (f != NULL && (got = getline(&line, &cap, f)) > 0)
		if (strncmp(line, "{\"seq\":", 7) == 0 &&
		    strtoll(line + 7, NULL, 10) <= last)
			strbuf_add(out, line, (size_t)got);
	for (i = 0; i < json_array_size(extra); i++)
		strbuf_adds(out, json_string_value(json_array_get(extra, i)));
	strbuf_adds(out, json_string_value(json_object_get(m,
	    "final_state")));
	report_seal_jsonl(out);
	free(line);
	if (f != NULL)
		fclose(f);
}

static bool
class_mark_ok(json_t *m)
{
	json_t		*extra = json_object_get(m, "extra");
	const char	*file = json_string_value(json_object_get(m, "file"));
	size_t		 i, n;

	if (!json_is_string(json_object_get(m, "header")) ||
	    !json_is_string(json_object_get(m, "final_state")) ||
	    !json_is_string(json_object_get(m, "seal")) ||
	    !json_is_integer(json_object_get(m, "last_seq")) ||
	    !json_is_array(extra) || file == NULL)
		return false;
	for (i = 0; i < json_array_size(extra); i++)
		if (!json_is_string(json_array_get(extra, i)))
			return false;
	/* The student's own file name (journal/export.h): Korean stays,
	 * nothing that leaves DIR/exports or hides. */
	n = strlen(file);
	for (i = 0; i < n; i++)
		if ((unsigned char)file[i] < ' ' || file[i] == '/' ||
		    file[i] == '\\' || file[i] == 0x7f)
			return false;
	return n > 6 && n < 240 && file[0] != '.' &&
	    strcmp(file + n - 6, ".jsonl") == 0;
}

static int
class_on_mark(struct class_conn *c, const struct class_frame *f)
{
	struct class_session	*s = c->s;
	struct strbuf		 out = STRBUF_INIT;
	json_error_t		 jerr;
	json_t			*m;
	char			*text, *path, *tmp, err[512];
	const char		*seal, *mine;
	uint64_t		 no;

	if (f->len < 9) {
		class_conn_close(c, "a short export frame");
		return -1;
	}
	no = class_get_u64(f->payload);
	m = json_loadb((const char *)f->payload + 8, f->len - 8, 0, &jerr);
	if (no != s->marks + 1 || !json_is_object(m) || !class_mark_ok(m)) {
		json_decref(m);
		class_conn_close(c, "export %" PRIu64 " is not the export "
		    "%" PRIu64 " due, or not one", no, s->marks + 1);
		return -1;
	}
	/* The mark goes into the copy first (type first, so that a reader
	 * knows the line without parsing it): a restarted server counts it
	 * and the student does not send it again. */
	text = json_dumps(m, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text == NULL)
		fatal("json_dumps failed");
	path = xasprintf(CLASS_MARK_PREFIX ",\"mark\":%" PRIu64 ",\"after\":%"
	    PRIu64 ",%s\n", no, s->lines, text + 1);
	free(text);
	if (class_session_write(s, path, strlen(path)) != 0) {
		free(path);
		json_decref(m);
		class_conn_close(c, "cannot write %s: %s", s->path,
		    strerror(errno));
		return -1;
	}
	free(path);
	s->marks++;
	c->ack_due = true;

	class_export_build(s, m, &out);
	seal = json_string_value(json_object_get(m, "seal"));
	mine = out.s + out.len - 1;
	while (mine > out.s && mine[-1] != '\n')
		mine--;
	path = class_export_path(c->srv, json_string_value(json_object_get(m,
	    "file")));
	tmp = path != NULL ? atomicfile_prepare(path, out.s, out.len, err,
	    sizeof err) : NULL;
	if (path == NULL)
		class_log(c->srv, "%s: export %s: every numbered name exists",
		    class_who(c), json_string_value(json_object_get(m, "file")));
	else if (tmp == NULL || atomicfile_commit_new(tmp, path, err,
	    sizeof err) != 0)
		class_log(c->srv, "%s: %s", class_who(c), err);
	else
		class_log(c->srv, "%s: export sealed as %s: %s", class_who(c),
		    path, strncmp(mine, seal, strlen(seal)) == 0 &&
		    mine[strlen(seal)] == '\n' ? "the same as the student's" :
		    "DIFFERENT from the student's");
	free(tmp);
	free(path);
	strbuf_free(&out);
	json_decref(m);
	return 0;
}

/* Handle one frame; -1 when it closed c. */
static int
class_on_frame(struct class_conn *c, const struct class_frame *f)
{
	if (c->state == CONN_HELLO && f->type == CLASS_HELLO)
		return class_on_hello(c, f);
	if (c->state == CONN_READY && f->type == CLASS_LINE)
		return class_on_line(c, f);
	if (c->state == CONN_READY && f->type == CLASS_MARK)
		return class_on_mark(c, f);
	class_conn_close(c, "a %s frame out of turn", class_frame_name(f->type));
	return -1;
}

/* The student's magic and nonce: answer with ours and WELCOME. */
static int
class_on_open(struct class_conn *c, const uint8_t *p)
{
	uint8_t	open[CLASS_OPEN_LEN];

	if (memcmp(p, class_magic_student, CLASS_MAGIC_LEN) != 0) {
		class_conn_close(c, "not an isrlab student (no class link "
		    "greeting)");
		return -1;
	}
	memcpy(open, class_magic_server, CLASS_MAGIC_LEN);
	class_random(open + CLASS_MAGIC_LEN, CLASS_NONCE_LEN);
	class_keys_derive(&c->keys, c->srv->code, p + CLASS_MAGIC_LEN,
	    open + CLASS_MAGIC_LEN, true);
	bufferevent_write(c->bev, open, sizeof open);
	class_conn_send(c, CLASS_WELCOME, NULL, 0);
	c->state = CONN_HELLO;
	return 0;
}

static void
class_conn_read(struct bufferevent *bev, void *arg)
{
	struct class_conn	*c = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	struct class_frame	 f;
	size_t			 used;
	char			 err[256];
	int			 rc;

	for (;;) {
		if (c->state == CONN_OPEN) {
			if (evbuffer_get_length(in) < CLASS_OPEN_LEN)
				break;
			if (class_on_open(c, evbuffer_pullup(in,
			    CLASS_OPEN_LEN)) != 0)
				return;
			evbuffer_drain(in, CLASS_OPEN_LEN);
			continue;
		}
		rc = class_frame_pull(&c->keys, in, &f, &used, err,
		    sizeof err);
		if (rc < 0) {
			class_conn_close(c, "%s", err);
			return;
		}
		if (rc == 0)
			break;
		if (class_on_frame(c, &f) != 0)
			return;
		evbuffer_drain(in, used);
	}
	if (c->ack_due)
		class_conn_ack(c);
}

static void
class_conn_event(struct bufferevent *bev, short what, void *arg)
{
	struct class_conn	*c = arg;

	(void)bev;
	if (what & BEV_EVENT_TIMEOUT)
		class_conn_close(c, "no greeting within %d s",
		    CLASS_OPEN_TIMEOUT_S);
	else if (what & BEV_EVENT_ERROR)
		class_conn_close(c, "%s", evutil_socket_error_to_string(
		    EVUTIL_SOCKET_ERROR()));
	else if (what & BEV_EVENT_EOF && c->state == CONN_HELLO)
		class_conn_close(c, "the student's side closed it before its "
		    "hello (a wrong class code?)");
	else if (what & BEV_EVENT_EOF)
		class_conn_close(c, "the student's side closed it");
}

static void
class_accept(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct class_server	*srv = arg;
	struct class_conn	*c;
	struct timeval		 tv = { CLASS_OPEN_TIMEOUT_S, 0 };
	char			 host[64] = "?";
	int			 on = 1;

	(void)l;
	(void)salen;
	if (srv->n_conns >= CLASS_CONNS_MAX) {
		class_log(srv, "refused a connection: %d open already",
		    srv->n_conns);
		evutil_closesocket(fd);
		return;
	}
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
	c = xcalloc(1, sizeof *c);
	c->srv = srv;
	if (sa->sa_family == AF_INET)
		evutil_inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)sa)->
		    sin_addr, host, sizeof host);
	else if (sa->sa_family == AF_INET6)
		evutil_inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)
		    sa)->sin6_addr, host, sizeof host);
	snprintf(c->peer, sizeof c->peer, "%s:%u", host, sa->sa_family ==
	    AF_INET ? ntohs(((struct sockaddr_in *)(void *)sa)->sin_port) :
	    ntohs(((struct sockaddr_in6 *)(void *)sa)->sin6_port));
	c->bev = bufferevent_socket_new(srv->base, fd, BEV_OPT_CLOSE_ON_FREE);
	/* At most one frame waits in memory. */
	bufferevent_setwatermark(c->bev, EV_READ, 0, CLASS_FRAME_MAX);
	bufferevent_setcb(c->bev, class_conn_read, NULL, class_conn_event, c);
	bufferevent_set_timeouts(c->bev, &tv, NULL);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	c->next = srv->conns;
	srv->conns = c;
	srv->n_conns++;
}

/* --- the server ---------------------------------------------------------- */

static int
class_mkdir(const char *path, char *err, size_t errlen)
{
	if (mkdir(path, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* The directory's class code, or a new one written there. */
static int
class_dir_code(struct class_server *srv, char *err, size_t errlen)
{
	char	*path = xasprintf("%s/class-code", srv->dir), buf[64],
		 shown[CLASS_CODE_SHOWN + 1];
	FILE	*f = fopen(path, "r");
	int	 fd, rc = 0;

	if (f != NULL) {
		if (fgets(buf, sizeof buf, f) == NULL)
			buf[0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		fclose(f);
		if (class_code_parse(buf, srv->code, err, errlen) != 0)
			rc = -1;
	} else if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	} else {
		class_code_new(shown);
		(void)class_code_parse(shown, srv->code, err, errlen);
		dprintf(fd, "%s\n", shown);
		close(fd);
	}
	free(path);
	return rc;
}

/* The copies already in DIR/sessions (a server started again). */
static void
class_dir_sessions(struct class_server *srv)
{
	char	*dir = xasprintf("%s/sessions", srv->dir), *id;
	DIR	*dp = opendir(dir);
	struct dirent *d;
	size_t	 k;

	while (dp != NULL && (d = readdir(dp)) != NULL) {
		k = strlen(d->d_name);
		if (k <= 6 || strcmp(d->d_name + k - 6, ".jsonl") != 0)
			continue;
		id = xstrndup(d->d_name, k - 6);
		if (class_id_ok(id, 200))
			(void)class_session_get(srv, id);
		free(id);
	}
	if (dp != NULL)
		closedir(dp);
	free(dir);
}

static void *
class_server_thread(void *arg)
{
	struct class_server	*srv = arg;

	event_base_dispatch(srv->base);
	return NULL;
}

static void
class_listen_error(struct evconnlistener *l, void *arg)
{
	(void)l;
	class_log(arg, "accept: %s", evutil_socket_error_to_string(
	    EVUTIL_SOCKET_ERROR()));
}

struct class_server *
class_server_start(const char *addr, const char *dir, FILE *events,
    char *err, size_t errlen)
{
	struct class_server	*srv;
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)&ss;
	char			 host[64], port[16], *sub;
	int			 sslen = sizeof ss;
	socklen_t		 len = sizeof ss;

	if (class_addr_split(addr, host, sizeof host, port, sizeof port, true,
	    err, errlen) != 0)
		return NULL;
	memset(&ss, 0, sizeof ss);
	if (evutil_inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)atoi(port));
		sslen = sizeof *sin;
	} else if (evutil_inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)atoi(port));
		sslen = sizeof *sin6;
	} else {
		snprintf(err, errlen, "%s: the class server listens on a "
		    "numeric address of this machine (e.g. 192.168.0.10:7000)",
		    addr);
		return NULL;
	}
	class_link_init();
	srv = xcalloc(1, sizeof *srv);
	srv->dir = xstrdup(dir);
	srv->events_out = events;
	pthread_mutex_init(&srv->lock, NULL);
	sub = NULL;
	if (class_mkdir(dir, err, errlen) != 0 ||
	    class_mkdir((sub = xasprintf("%s/sessions", dir)), err,
	    errlen) != 0 ||
	    (free(sub), class_mkdir((sub = xasprintf("%s/exports", dir)), err,
	    errlen)) != 0 || class_dir_code(srv, err, errlen) != 0) {
		free(sub);
		class_server_stop(srv);
		return NULL;
	}
	free(sub);
	srv->base = event_base_new();
	srv->listener = evconnlistener_new_bind(srv->base, class_accept, srv,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC,
	    64, (struct sockaddr *)&ss, sslen);
	if (srv->listener == NULL) {
		snprintf(err, errlen, "cannot listen on %s: %s", addr,
		    strerror(errno));
		class_server_stop(srv);
		return NULL;
	}
	evconnlistener_set_error_cb(srv->listener, class_listen_error);
	getsockname(evconnlistener_get_fd(srv->listener),
	    (struct sockaddr *)&ss, &len);
	if (ss.ss_family == AF_INET6) {
		evutil_inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->
		    sin6_addr, host, sizeof host);
		snprintf(srv->addr, sizeof srv->addr, "[%s]:%u", host,
		    ntohs(((struct sockaddr_in6 *)&ss)->sin6_port));
	} else {
		evutil_inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr,
		    host, sizeof host);
		snprintf(srv->addr, sizeof srv->addr, "%s:%u", host,
		    ntohs(((struct sockaddr_in *)&ss)->sin_port));
	}
	class_dir_sessions(srv);
	if (pthread_create(&srv->thread, NULL, class_server_thread, srv) != 0)
		fatal("pthread_create failed");
	return srv;
}

void
class_server_stop(struct class_server *srv)
{
	size_t	i;

	if (srv == NULL)
		return;
	if (srv->listener != NULL) {
		event_base_loopbreak(srv->base);
		pthread_join(srv->thread, NULL);
		evconnlistener_free(srv->listener);
	}
	while (srv->conns != NULL)
		class_conn_free(srv->conns);
	for (i = 0; i < srv->n_sessions; i++) {
		if (srv->sessions[i]->fd >= 0)
			close(srv->sessions[i]->fd);
		free(srv->sessions[i]->id);
		free(srv->sessions[i]->path);
		free(srv->sessions[i]);
	}
	free(srv->sessions);
	if (srv->base != NULL)
		event_base_free(srv->base);
	class_roster_free(&srv->roster);
	for (i = 0; i < CLASS_EVENTS_MAX; i++)
		free(srv->events[i]);
	pthread_mutex_destroy(&srv->lock);
	free(srv->dir);
	free(srv);
}

void
class_server_view(struct class_server *srv, struct class_view *v)
{
	uint64_t	first, k;
	size_t		i;

	memset(v, 0, sizeof *v);
	class_code_show(srv->code, v->code);
	snprintf(v->addr, sizeof v->addr, "%s", srv->addr);
	v->dir = xstrdup(srv->dir);
	pthread_mutex_lock(&srv->lock);
	v->rows = xcalloc(srv->roster.n + 1, sizeof *v->rows);
	for (i = 0; i < srv->roster.n; i++)
		if (!srv->roster.v[i]->superseded)
			class_row_copy(&v->rows[v->n++], srv->roster.v[i]);
	first = srv->n_events > CLASS_EVENTS_MAX ? srv->n_events -
	    CLASS_EVENTS_MAX : 0;
	v->events = xcalloc((size_t)(srv->n_events - first) + 1,
	    sizeof *v->events);
	for (k = first; k < srv->n_events; k++)
		v->events[v->n_events++] = xstrdup(srv->events[k %
		    CLASS_EVENTS_MAX]);
	v->events_total = srv->n_events;
	pthread_mutex_unlock(&srv->lock);
}

void
class_view_free(struct class_view *v)
{
	size_t	i;

	for (i = 0; i < v->n; i++)
		class_row_clear(&v->rows[i]);
	free(v->rows);
	for (i = 0; i < v->n_events; i++)
		free(v->events[i]);
	free(v->events);
	free(v->dir);
	memset(v, 0, sizeof *v);
}

int
class_server_run(const char *addr, const char *dir, FILE *out)
{
	struct class_server	*srv;
	struct class_view	 v;
	sigset_t		 set;
	char			 err[1024];
	int			 sig;

	/* The server's thread inherits the mask: only sigwait below sees
	 * the signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if ((srv = class_server_start(addr, dir, out, err, sizeof err)) ==
	    NULL) {
		fprintf(stderr, "isrlab: --class-server: %s\n", err);
		return 1;
	}
	class_server_view(srv, &v);
	fprintf(out, "class server listening on %s\nclass code %s\ncopies "
	    "in %s\n", v.addr, v.code, v.dir);
	fflush(out);
	class_view_free(&v);
	sigwait(&set, &sig);
	class_server_stop(srv);
	return 0;
}
