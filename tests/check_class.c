/*
 * check_class.c - the class link (src/class): class codes, keys and
 * frames, the dashboard's rows, and a class server on loopback fed good
 * and bad connections.
 *
 * The frame and roster cases are pure.  The server cases run a real
 * server thread on 127.0.0.1 (a port the system picks) in a temporary
 * directory and talk to it over plain sockets, as a student's isrlab
 * would or as a broken or hostile peer might; every wait is a poll with a
 * deadline, never a sleep.  Debugging: CK_FORK=no tests/check_class,
 * CK_RUN_CASE=server.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "class/classproto.h"
#include "class/classroster.h"
#include "class/classserver.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#define CASE_TIMEOUT	30
#define WAIT_MS		10000	/* any answer comes well before */

/* --- codes, keys, frames -------------------------------------------------- */

START_TEST(test_class_code)
{
	char	shown[CLASS_CODE_SHOWN + 1], code[CLASS_CODE_CHARS + 1],
		again[CLASS_CODE_CHARS + 1], err[256];

	class_code_new(shown);
	ck_assert_uint_eq(strlen(shown), CLASS_CODE_SHOWN);
	ck_assert_int_eq(shown[4], '-');
	ck_assert_int_eq(class_code_parse(shown, code, err, sizeof err), 0);
	/* As a student might type it: lower case, no dashes, O for 0. */
	ck_assert_int_eq(class_code_parse("abcd efgh-jkmn pqr0", again, err,
	    sizeof err), 0);
	ck_assert_str_eq(again, "ABCDEFGHJKMNPQR0");
	ck_assert_int_eq(class_code_parse("ABCD-EFGH-JKMN-PQRO", again, err,
	    sizeof err), 0);
	ck_assert_str_eq(again, "ABCDEFGHJKMNPQR0");
	ck_assert_int_eq(class_code_parse("ABCD-EFGH-JKMN", again, err,
	    sizeof err), -1);
	ck_assert_int_eq(class_code_parse("ABCD-EFGH-JKMN-PQRS-T", again, err,
	    sizeof err), -1);
	ck_assert_int_eq(class_code_parse("ABCD-EFGH-JKMN-PQR!", again, err,
	    sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "'!'"));
}
END_TEST

START_TEST(test_class_addr)
{
	char	host[64], port[16], err[256];

	ck_assert_int_eq(class_addr_split("127.0.0.1:7000", host, sizeof host,
	    port, sizeof port, false, err, sizeof err), 0);
	ck_assert_str_eq(host, "127.0.0.1");
	ck_assert_str_eq(port, "7000");
	ck_assert_int_eq(class_addr_split("[::1]:7000", host, sizeof host,
	    port, sizeof port, false, err, sizeof err), 0);
	ck_assert_str_eq(host, "::1");
	/* No address is no wildcard: the teacher says where. */
	ck_assert_int_eq(class_addr_split(":7000", host, sizeof host, port,
	    sizeof port, true, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "0.0.0.0:7000"));
	ck_assert_int_eq(class_addr_split("7000", host, sizeof host, port,
	    sizeof port, true, err, sizeof err), -1);
	ck_assert_int_eq(class_addr_split("h:0", host, sizeof host, port,
	    sizeof port, false, err, sizeof err), -1);
	ck_assert_int_eq(class_addr_split("h:0", host, sizeof host, port,
	    sizeof port, true, err, sizeof err), 0);
	ck_assert_int_eq(class_addr_split("h:65536", host, sizeof host, port,
	    sizeof port, true, err, sizeof err), -1);
	ck_assert_int_eq(class_addr_split("h:7x", host, sizeof host, port,
	    sizeof port, true, err, sizeof err), -1);
}
END_TEST

static const uint8_t nonce_c[CLASS_NONCE_LEN] = { 1, 2, 3 };
static const uint8_t nonce_s[CLASS_NONCE_LEN] = { 9, 8, 7 };

START_TEST(test_class_frames)
{
	struct class_keys	 stu, srv, wrong;
	struct class_frame	 f;
	struct strbuf		 sb = STRBUF_INIT, bad = STRBUF_INIT;
	size_t			 used, first;
	char			 err[256];
	uint8_t			 head[4] = { 0x7f, 0xff, 0xff, 0xff };

	class_keys_derive(&stu, "ABCDEFGHJKMNPQRS", nonce_c, nonce_s, false);
	class_keys_derive(&srv, "ABCDEFGHJKMNPQRS", nonce_c, nonce_s, true);
	class_keys_derive(&wrong, "ABCDEFGHJKMNPQRT", nonce_c, nonce_s, true);
	class_frame_put(&stu, CLASS_LINE, "one\n", 4, &sb);
	first = sb.len;
	class_frame_put(&stu, CLASS_LINE, "two\n", 4, &sb);
	/* Not all there: more is needed, and the counter waits. */
	ck_assert_int_eq(class_frame_get(&srv, (uint8_t *)sb.s, first - 1, &f,
	    &used, err, sizeof err), 0);
	ck_assert_uint_eq(used, first);
	ck_assert_int_eq(class_frame_get(&srv, (uint8_t *)sb.s, sb.len, &f,
	    &used, err, sizeof err), 1);
	ck_assert_uint_eq(f.type, CLASS_LINE);
	ck_assert_uint_eq(f.len, 4);
	ck_assert_int_eq(memcmp(f.payload, "one\n", 4), 0);
	/* The same frame again is a replay: its number is spent. */
	ck_assert_int_eq(class_frame_get(&srv, (uint8_t *)sb.s, sb.len, &f,
	    &used, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "came where 1 was due"));
	ck_assert_int_eq(class_frame_get(&srv, (uint8_t *)sb.s + first,
	    sb.len - first, &f, &used, err, sizeof err), 1);
	ck_assert_int_eq(memcmp(f.payload, "two\n", 4), 0);
	/* Another class code: the HMAC fails. */
	ck_assert_int_eq(class_frame_get(&wrong, (uint8_t *)sb.s, sb.len, &f,
	    &used, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "HMAC"));
	/* A changed byte: the HMAC fails too. */
	strbuf_add(&bad, sb.s, first);
	bad.s[CLASS_HEAD_LEN] ^= 1;
	class_keys_derive(&srv, "ABCDEFGHJKMNPQRS", nonce_c, nonce_s, true);
	ck_assert_int_eq(class_frame_get(&srv, (uint8_t *)bad.s, bad.len, &f,
	    &used, err, sizeof err), -1);
	/* Oversized is known from the length alone. */
	ck_assert_int_eq(class_frame_get(&srv, head, sizeof head, &f, &used,
	    err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "over the limit"));
	/* Each direction has its own key. */
	strbuf_reset(&sb);
	class_frame_put(&stu, CLASS_LINE, "x\n", 2, &sb);
	class_keys_derive(&stu, "ABCDEFGHJKMNPQRS", nonce_c, nonce_s, false);
	ck_assert_int_eq(class_frame_get(&stu, (uint8_t *)sb.s, sb.len, &f,
	    &used, err, sizeof err), -1);
	strbuf_free(&sb);
	strbuf_free(&bad);
}
END_TEST

/* --- the dashboard's rows -------------------------------------------------- */

static void
feed(struct class_roster *ro, struct class_row *row, const char *line)
{
	class_roster_line(ro, row, line, strlen(line));
}

START_TEST(test_class_roster)
{
	struct class_roster	 ro = { NULL, 0 };
	struct class_row	*a, *b, *old, v[2];
	int64_t			 t0 = 1764900000000LL;	/* 2025-12-05 */

	a = class_roster_row(&ro, "host-a");
	feed(&ro, a, "{\"type\":\"header\",\"student\":\"김민수\",\"lab\":"
	    "{\"id\":\"01-leader-failover\",\"title\":\"리더\",\"steps\":"
	    "[\"하나\",\"둘\"]}}\n");
	feed(&ro, a, "{\"seq\":5,\"t_ms\":10,\"wall\":"
	    "\"2025-12-05T02:00:00.000+00:00\",\"type\":\"step_start\","
	    "\"step\":1,\"title\":\"하나\"}\n");
	feed(&ro, a, "{\"seq\":6,\"t_ms\":20,\"wall\":"
	    "\"2025-12-05T02:00:10.000+00:00\",\"type\":\"hint_shown\","
	    "\"step\":1,\"level\":1}\n");
	feed(&ro, a, "{\"seq\":7,\"t_ms\":30,\"wall\":"
	    "\"2025-12-05T02:00:20.000+00:00\",\"type\":\"command\",\"text\":"
	    "\"kafka-topics --describe\",\"output\":\"Error while executing "
	    "topic command\\nmore\\n\",\"rc\":1}\n");
	feed(&ro, a, "not json at all\n");
	ck_assert_str_eq(a->student, "김민수");
	ck_assert_str_eq(a->lab_id, "01-leader-failover");
	ck_assert_int_eq(a->n_steps, 2);
	ck_assert_int_eq(a->step, 0);
	ck_assert_int_eq(a->hints, 1);
	ck_assert_int_eq(a->steps[0].hints, 1);
	ck_assert_int_eq(a->steps[0].errors, 1);
	ck_assert_str_eq(a->last_error, "kafka-topics --describe: Error while "
	    "executing topic command");
	ck_assert_str_eq(a->steps[1].title, "둘");
	ck_assert_uint_eq(a->lines, 5);
	ck_assert(!class_row_finished(a));
	ck_assert_int_eq(class_row_stuck_ms(a, t0 + 60000), 60000);

	/* b began its step later: less stuck, below a. */
	b = class_roster_row(&ro, "host-b");
	feed(&ro, b, "{\"type\":\"header\",\"student\":\"Lee\",\"lab\":"
	    "{\"id\":\"02\",\"title\":\"t\",\"steps\":[\"x\"]}}\n");
	feed(&ro, b, "{\"seq\":3,\"t_ms\":10,\"wall\":"
	    "\"2025-12-05T02:00:30.000+00:00\",\"type\":\"step_start\","
	    "\"step\":1}\n");
	class_row_copy(&v[0], b);
	class_row_copy(&v[1], a);
	class_rows_sort(v, 2, t0 + 60000);
	ck_assert_str_eq(v[0].session, "host-a");
	class_row_clear(&v[0]);
	class_row_clear(&v[1]);
	/* Once b finishes it goes to the bottom whatever its time. */
	feed(&ro, b, "{\"seq\":4,\"t_ms\":10,\"wall\":"
	    "\"2025-12-05T02:00:40.000+00:00\",\"type\":\"step_done\","
	    "\"step\":1,\"took_ms\":900}\n");
	ck_assert(class_row_finished(b));
	ck_assert_int_eq(b->steps[0].took_ms, 900);
	/* A newer session of the same student hides the older row. */
	old = class_roster_row(&ro, "host-a-old");
	feed(&ro, old, "{\"seq\":1,\"t_ms\":0,\"wall\":"
	    "\"2025-12-05T01:00:00.000+00:00\",\"type\":\"session_start\"}\n");
	feed(&ro, old, "{\"type\":\"header\",\"student\":\"김민수\"}\n");
	ck_assert(old->superseded);
	ck_assert(!a->superseded);
	class_roster_free(&ro);
}
END_TEST

/* A student is their id: one id under two names is one student (the
 * newer session hides the older), one name under two ids is two. */
START_TEST(test_class_roster_id)
{
	struct class_roster	 ro = { NULL, 0 };
	struct class_row	*en, *ko, *kim1, *kim2, v[2];
	int64_t			 t0 = 1764900000000LL;	/* 2025-12-05 */

	en = class_roster_row(&ro, "s-en");
	feed(&ro, en, "{\"seq\":1,\"t_ms\":0,\"wall\":"
	    "\"2025-12-05T01:00:00.000+00:00\",\"type\":\"session_start\"}\n");
	feed(&ro, en, "{\"type\":\"header\",\"student\":\"Minsu Kim\","
	    "\"student_id\":\"2024-001\"}\n");
	/* The header comes first, with no time: the newer session takes
	 * over with its first timed line. */
	ko = class_roster_row(&ro, "s-ko");
	feed(&ro, ko, "{\"type\":\"header\",\"student\":\"김민수\","
	    "\"student_id\":\"2024-001\"}\n");
	ck_assert(ko->superseded);
	ck_assert(!en->superseded);
	feed(&ro, ko, "{\"seq\":1,\"t_ms\":0,\"wall\":"
	    "\"2025-12-05T02:00:00.000+00:00\",\"type\":\"session_start\"}\n");
	ck_assert_str_eq(class_row_who(ko), "2024-001");
	ck_assert_str_eq(ko->student, "김민수");
	ck_assert(en->superseded);
	ck_assert(!ko->superseded);

	kim1 = class_roster_row(&ro, "s-kim1");
	feed(&ro, kim1, "{\"seq\":1,\"t_ms\":0,\"wall\":"
	    "\"2025-12-05T02:00:00.000+00:00\",\"type\":\"session_start\"}\n");
	feed(&ro, kim1, "{\"type\":\"header\",\"student\":\"Kim\","
	    "\"student_id\":\"2024-007\",\"origin\":\"student\"}\n");
	kim2 = class_roster_row(&ro, "s-kim2");
	feed(&ro, kim2, "{\"seq\":1,\"t_ms\":0,\"wall\":"
	    "\"2025-12-05T02:00:05.000+00:00\",\"type\":\"session_start\"}\n");
	feed(&ro, kim2, "{\"type\":\"header\",\"student\":\"Kim\","
	    "\"student_id\":\"2024-003\",\"origin\":\"solve\"}\n");
	/* Who made the session: isrlab's --solve is marked. */
	ck_assert_ptr_null(ko->origin);
	ck_assert_ptr_null(kim1->origin);
	ck_assert_str_eq(kim2->origin, "solve");
	ck_assert(!kim1->superseded);
	ck_assert(!kim2->superseded);
	/* Same name, nobody on a step: by id, and the copy keeps it. */
	class_row_copy(&v[0], kim1);
	class_row_copy(&v[1], kim2);
	class_rows_sort(v, 2, t0);
	ck_assert_str_eq(v[0].student_id, "2024-003");
	ck_assert_str_eq(v[0].origin, "solve");
	ck_assert_str_eq(v[1].session, "s-kim1");
	class_row_clear(&v[0]);
	class_row_clear(&v[1]);
	/* Without an id, the name is the student; before a header, no
	 * one. */
	en = class_roster_row(&ro, "s-none");
	ck_assert_ptr_null(class_row_who(en));
	feed(&ro, en, "{\"type\":\"header\",\"student\":\"Kim\"}\n");
	ck_assert_str_eq(class_row_who(en), "Kim");
	ck_assert(!kim1->superseded && !kim2->superseded);
	class_roster_free(&ro);
}
END_TEST

/* --- a server on loopback ------------------------------------------------- */

static char		*srv_dir;
static struct class_server *srv;
static char		 srv_code[CLASS_CODE_CHARS + 1];
static int		 srv_port;

static void
server_setup(void)
{
	char			 tmpl[] = "/tmp/isrlab-class-XXXXXX", err[512],
				*p;
	struct class_view	 v;

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	srv_dir = xstrdup(tmpl);
	srv = class_server_start("127.0.0.1:0", srv_dir, NULL, err,
	    sizeof err);
	ck_assert_msg(srv != NULL, "%s", err);
	class_server_view(srv, &v);
	ck_assert_int_eq(class_code_parse(v.code, srv_code, err, sizeof err),
	    0);
	p = strrchr(v.addr, ':');
	srv_port = atoi(p + 1);
	ck_assert_int_gt(srv_port, 0);
	class_view_free(&v);
}

static void
server_teardown(void)
{
	char	*cmd = xasprintf("rm -rf '%s'", srv_dir);

	class_server_stop(srv);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(srv_dir);
}

static int
dial(void)
{
	struct sockaddr_in	sin;
	int			fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)srv_port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	return fd;
}

static void
put(int fd, const void *p, size_t n)
{
	ck_assert_int_eq(write(fd, p, n), (ssize_t)n);
}

/* n bytes, or fewer when the server closed first; waits WAIT_MS. */
static size_t
get(int fd, void *buf, size_t n)
{
	struct pollfd	pfd = { fd, POLLIN, 0 };
	size_t		got = 0;
	ssize_t		r;

	while (got < n) {
		ck_assert_msg(poll(&pfd, 1, WAIT_MS) == 1, "the server did not "
		    "answer within %d ms", WAIT_MS);
		r = read(fd, (char *)buf + got, n - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* Whether the server closed fd (after anything it still sends). */
static bool
closed(int fd)
{
	char	buf[4096];

	while (get(fd, buf, sizeof buf) == sizeof buf)
		;
	return true;
}

/* Greet the server with code; its WELCOME checked when ours. */
static void
greet(int fd, const char *code, struct class_keys *k, bool welcome_ok)
{
	uint8_t			 open[CLASS_OPEN_LEN], in[CLASS_OPEN_LEN],
				 fr[CLASS_HEAD_LEN + CLASS_MAC_LEN];
	struct class_frame	 f;
	size_t			 used;
	char			 err[256];

	memcpy(open, class_magic_student, CLASS_MAGIC_LEN);
	class_random(open + CLASS_MAGIC_LEN, CLASS_NONCE_LEN);
	put(fd, open, sizeof open);
	ck_assert_uint_eq(get(fd, in, sizeof in), sizeof in);
	ck_assert_int_eq(memcmp(in, class_magic_server, CLASS_MAGIC_LEN), 0);
	class_keys_derive(k, code, open + CLASS_MAGIC_LEN,
	    in + CLASS_MAGIC_LEN, false);
	ck_assert_uint_eq(get(fd, fr, sizeof fr), sizeof fr);
	ck_assert_int_eq(class_frame_get(k, fr, sizeof fr, &f, &used, err,
	    sizeof err), welcome_ok ? 1 : -1);
	if (welcome_ok)
		ck_assert_uint_eq(f.type, CLASS_WELCOME);
	else
		k->recv_seq++;
}

static void
send_frame(int fd, struct class_keys *k, unsigned type, const void *p,
    size_t n)
{
	struct strbuf	sb = STRBUF_INIT;

	class_frame_put(k, type, p, n, &sb);
	put(fd, sb.s, sb.len);
	strbuf_free(&sb);
}

/* A LINE or MARK frame numbered no. */
static void
send_numbered(int fd, struct class_keys *k, unsigned type, uint64_t no,
    const char *text)
{
	struct strbuf	sb = STRBUF_INIT;
	uint8_t		num[8];

	class_put_u64(num, no);
	strbuf_add(&sb, num, 8);
	strbuf_adds(&sb, text);
	send_frame(fd, k, type, sb.s, sb.len);
	strbuf_free(&sb);
}

/* The next ACK: lines and marks held. */
static void
want_ack(int fd, struct class_keys *k, uint64_t lines, uint64_t marks)
{
	uint8_t			 buf[CLASS_HEAD_LEN + 16 + CLASS_MAC_LEN];
	struct class_frame	 f;
	size_t			 used;
	char			 err[256];

	ck_assert_uint_eq(get(fd, buf, sizeof buf), sizeof buf);
	ck_assert_int_eq(class_frame_get(k, buf, sizeof buf, &f, &used, err,
	    sizeof err), 1);
	ck_assert_uint_eq(f.type, CLASS_ACK);
	ck_assert_uint_eq(class_get_u64(f.payload), lines);
	ck_assert_uint_eq(class_get_u64(f.payload + 8), marks);
}

static int
hello(const char *session, struct class_keys *k)
{
	char	buf[256];
	int	fd = dial();

	greet(fd, srv_code, k, true);
	snprintf(buf, sizeof buf, "{\"session\":\"%s\",\"version\":\"t\"}",
	    session);
	send_frame(fd, k, CLASS_HELLO, buf, strlen(buf));
	return fd;
}

/* Whether an event line of the server's contains s. */
static bool
logged(const char *s)
{
	struct class_view	v;
	size_t			i;
	bool			yes = false;

	class_server_view(srv, &v);
	for (i = 0; i < v.n_events; i++)
		yes = yes || strstr(v.events[i], s) != NULL;
	class_view_free(&v);
	return yes;
}

#define LINE1 "{\"type\":\"header\",\"student\":\"Kim\"}\n"
#define LINE2 "{\"seq\":1,\"t_ms\":0,\"wall\":\"2025-12-05T02:00:00.000+00:00\"," \
	"\"type\":\"session_start\"}\n"

START_TEST(test_class_server_bad_peers)
{
	struct class_keys	 good, k;
	uint8_t			 huge[4] = { 0x00, 0x20, 0x00, 0x00 };
	char			 junk[64], *path, *copy;
	int			 a, fd;
	FILE			*f;
	size_t			 n;

	a = hello("host-good", &good);
	want_ack(a, &good, 0, 0);
	send_numbered(a, &good, CLASS_LINE, 1, LINE1);
	want_ack(a, &good, 1, 0);

	/* Garbage: not an isrlab student. */
	fd = dial();
	memset(junk, 'G', sizeof junk);
	put(fd, junk, sizeof junk);
	ck_assert(closed(fd));
	close(fd);
	ck_assert(logged("not an isrlab student"));

	/* A frame over the limit, known from its first four bytes. */
	fd = dial();
	greet(fd, srv_code, &k, true);
	put(fd, huge, sizeof huge);
	ck_assert(closed(fd));
	close(fd);
	ck_assert(logged("over the limit"));

	/* Another class code: its WELCOME does not check out here, and
	 * what it sends does not check out there. */
	fd = dial();
	greet(fd, "ABCDEFGHJKMNPQRS", &k, false);
	send_frame(fd, &k, CLASS_HELLO, "{\"session\":\"x\"}", 15);
	ck_assert(closed(fd));
	close(fd);
	ck_assert(logged("HMAC is wrong"));

	/* Authenticated, but a line out of order. */
	fd = hello("host-skip", &k);
	want_ack(fd, &k, 0, 0);
	send_numbered(fd, &k, CLASS_LINE, 2, LINE1);
	ck_assert(closed(fd));
	close(fd);
	ck_assert(logged("line 2 came where 1 was due"));

	/* Authenticated, but two lines in one frame. */
	fd = hello("host-two", &k);
	want_ack(fd, &k, 0, 0);
	send_numbered(fd, &k, CLASS_LINE, 1, LINE1 LINE2);
	ck_assert(closed(fd));
	close(fd);

	/* A hello for a session that would escape the directory. */
	fd = hello("../etc", &k);
	ck_assert(closed(fd));
	close(fd);

	/* The good student went on all along. */
	send_numbered(a, &good, CLASS_LINE, 2, LINE2);
	want_ack(a, &good, 2, 0);
	close(a);
	path = xasprintf("%s/sessions/host-good.jsonl", srv_dir);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	copy = xcalloc(1, 4096);
	n = fread(copy, 1, 4095, f);
	fclose(f);
	ck_assert_uint_eq(n, strlen(LINE1 LINE2));
	ck_assert_str_eq(copy, LINE1 LINE2);
	free(copy);
	free(path);
}
END_TEST

/* A student who comes back resumes from what the server holds, and a
 * second connection for the session replaces the first. */
START_TEST(test_class_server_resume)
{
	struct class_keys	k1, k2;
	int			a, b;

	a = hello("host-r", &k1);
	want_ack(a, &k1, 0, 0);
	send_numbered(a, &k1, CLASS_LINE, 1, LINE1);
	want_ack(a, &k1, 1, 0);
	b = hello("host-r", &k2);
	want_ack(b, &k2, 1, 0);
	ck_assert(closed(a));
	close(a);
	ck_assert(logged("connected again"));
	send_numbered(b, &k2, CLASS_LINE, 2, LINE2);
	want_ack(b, &k2, 2, 0);
	close(b);
}
END_TEST

static Suite *
suite_class(void)
{
	Suite	*s = suite_create("class");
	TCase	*tc = tcase_create("frames");

	tcase_add_test(tc, test_class_code);
	tcase_add_test(tc, test_class_addr);
	tcase_add_test(tc, test_class_frames);
	tcase_add_test(tc, test_class_roster);
	tcase_add_test(tc, test_class_roster_id);
	suite_add_tcase(s, tc);
	tc = tcase_create("server");
	tcase_add_checked_fixture(tc, server_setup, server_teardown);
	tcase_set_timeout(tc, CASE_TIMEOUT);
	tcase_add_test(tc, test_class_server_bad_peers);
	tcase_add_test(tc, test_class_server_resume);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(suite_class());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
