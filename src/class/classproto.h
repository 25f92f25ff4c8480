/*
 * classproto.h - the class link's wire format: the class code, the
 * per-connection keys and the authenticated frames between a student's
 * isrlab (--class) and the teacher's class server (--class-server).
 *
 * DESIGN
 * The class code is 16 characters of Crockford base32 (80 random bits
 * from OpenSSL's CSPRNG), shown as ABCD-EFGH-JKMN-PQRS; it never
 * crosses the network.  A connection opens with each side sending a
 * magic and 32 random bytes (student first); from the two nonces and the
 * code both derive
 *     K     = HMAC-SHA256(code, "isrlab class v1" || nonce_c || nonce_s)
 *     k_c2s = HMAC-SHA256(K, "student to server")
 *     k_s2c = HMAC-SHA256(K, "server to student")
 * so every connection has fresh keys, one per direction.  After that
 * everything is a frame:
 *     u32 len | u8 type | u64 seq | payload | HMAC-SHA256(k_dir, all before)
 * (big-endian; len counts what follows it).  seq starts at 0 in each
 * direction and grows by one, so a frame replayed, dropped, reordered or
 * taken from another connection fails.  The server's first frame,
 * WELCOME, proves it knows the code before the student sends a byte of
 * its journal.  Frames authenticate; they do not encrypt (the journal
 * crosses the network readable, as the man page says).
 *
 * Frames are bounded (CLASS_PAYLOAD_MAX): a reader rejects a larger one
 * from its length alone, before buffering it.  libcrypto (HMAC, RAND);
 * no I/O.
 */
#ifndef ISRLAB_CLASS_CLASSPROTO_H
#define ISRLAB_CLASS_CLASSPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

#define CLASS_CODE_CHARS	16		/* without the dashes */
#define CLASS_CODE_SHOWN	19		/* ABCD-EFGH-JKMN-PQRS */
#define CLASS_NONCE_LEN		32
#define CLASS_MAC_LEN		32
#define CLASS_MAGIC_LEN		8
#define CLASS_OPEN_LEN		(CLASS_MAGIC_LEN + CLASS_NONCE_LEN)
#define CLASS_HEAD_LEN		13		/* len, type, seq */
#define CLASS_PAYLOAD_MAX	(1u << 20)	/* a journal line and more */
#define CLASS_FRAME_MAX		(CLASS_HEAD_LEN + CLASS_PAYLOAD_MAX + \
				    CLASS_MAC_LEN)

extern const char class_magic_student[CLASS_MAGIC_LEN];
extern const char class_magic_server[CLASS_MAGIC_LEN];

enum class_frame_type {
	CLASS_WELCOME = 1,	/* server: the keys hold (empty) */
	CLASS_HELLO,		/* student: {"session":ID,"version":V} */
	CLASS_ACK,		/* server: u64 lines, u64 marks it holds */
	CLASS_LINE,		/* student: u64 line number, one journal line
				   with its newline */
	CLASS_MARK,		/* student: u64 mark number, JSON: an export
				   of the journal (classclient.h) */
	CLASS_FRAME__END
};

/* Before a class link's first thread: libevent's locks on pthreads, and
 * SIGPIPE ignored (a peer gone mid-write is an error on that connection,
 * not the end of isrlab).  Once per process; any thread. */
void class_link_init(void);

/* The frame type's name for messages ("line"), or "unknown". */
const char *class_frame_name(unsigned type);

/* One direction pair of keys and counters of a connection. */
struct class_keys {
	uint8_t		send[CLASS_MAC_LEN];
	uint8_t		recv[CLASS_MAC_LEN];
	uint64_t	send_seq;	/* of the next frame sent */
	uint64_t	recv_seq;	/* expected of the next frame read */
};

/* A fresh class code, shown form (CLASS_CODE_SHOWN chars and a NUL). */
void class_code_new(char out[CLASS_CODE_SHOWN + 1]);
/* in as typed (any case, dashes and spaces ignored, O read as 0 and I, L
 * as 1) into its CLASS_CODE_CHARS canonical characters; 0, or -1 with
 * the reason in err. */
int class_code_parse(const char *in, char out[CLASS_CODE_CHARS + 1],
    char *err, size_t errlen);
/* The canonical code in its shown form. */
void class_code_show(const char *code, char out[CLASS_CODE_SHOWN + 1]);

/* Random bytes from the CSPRNG (fatal when it fails). */
void class_random(void *buf, size_t n);

/* The connection's keys from the canonical code and both nonces;
 * server: which side this is. */
void class_keys_derive(struct class_keys *k, const char *code,
    const uint8_t *nonce_c, const uint8_t *nonce_s, bool server);

/* Append a frame of type with payload p[0..n) to out (n at most
 * CLASS_PAYLOAD_MAX). */
void class_frame_put(struct class_keys *k, unsigned type, const void *p,
    size_t n, struct strbuf *out);

/* A frame read back; payload points into the caller's buffer. */
struct class_frame {
	unsigned	 type;
	const uint8_t	*payload;
	size_t		 len;
};

/* The frame at the start of buf[0..avail): 1 with it in f and its whole
 * size in *used; 0 when more bytes are needed (*used: how many at least);
 * -1 with the reason in err (oversized, a wrong MAC, an unexpected
 * sequence number, an unknown type). */
int class_frame_get(struct class_keys *k, const uint8_t *buf, size_t avail,
    struct class_frame *f, size_t *used, char *err, size_t errlen);

/* The next whole frame at the front of a libevent input buffer (made
 * contiguous there): 1 with f pointing into in, to be drained by *used
 * once handled; 0 when it is not all there; -1 with the reason. */
struct evbuffer;
int class_frame_pull(struct class_keys *k, struct evbuffer *in,
    struct class_frame *f, size_t *used, char *err, size_t errlen);

/* Big-endian u64 at p; into p. */
uint64_t class_get_u64(const uint8_t *p);
void class_put_u64(uint8_t *p, uint64_t v);

/* "HOST:PORT" or "[V6]:PORT" into host and port; -1 with the reason
 * when either part is missing or the port is not 1-65535 (0 allowed
 * with allow_zero: the system picks one). */
int class_addr_split(const char *s, char *host, size_t hostlen,
    char *port, size_t portlen, bool allow_zero, char *err, size_t errlen);

#endif
