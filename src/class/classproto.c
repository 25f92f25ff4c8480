/*
 * classproto.c - class codes, key derivation and frames (classproto.h).
 *
 * HMAC-SHA256 and the random bytes come from OpenSSL's libcrypto: the
 * one-shot HMAC() over the frame's bytes, RAND_bytes, CRYPTO_memcmp for
 * a comparison that takes the same time wherever the MACs differ.
 */

#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <event2/buffer.h>
#include <event2/thread.h>

#include "class/classproto.h"
#include "util/xmalloc.h"

const char class_magic_student[CLASS_MAGIC_LEN] = "ISRCLS1s";
const char class_magic_server[CLASS_MAGIC_LEN] = "ISRCLS1t";

/* Crockford's base32: no I, L, O or U to misread. */
static const char class_b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static const char *const class_frame_names[CLASS_FRAME__END] = {
	[CLASS_WELCOME] = "welcome",
	[CLASS_HELLO] = "hello",
	[CLASS_ACK] = "ack",
	[CLASS_LINE] = "line",
	[CLASS_MARK] = "mark",
};

static pthread_once_t class_evthread_once = PTHREAD_ONCE_INIT;

static void
class_evthread_init(void)
{
	evthread_use_pthreads();
}

void
class_link_init(void)
{
	pthread_once(&class_evthread_once, class_evthread_init);
	/* A peer gone mid-write is an error on that connection, not a
	 * signal that ends isrlab. */
	signal(SIGPIPE, SIG_IGN);
}

const char *
class_frame_name(unsigned type)
{
	return type > 0 && type < CLASS_FRAME__END ? class_frame_names[type] :
	    "unknown";
}

void
class_random(void *buf, size_t n)
{
	if (RAND_bytes(buf, (int)n) != 1)
		fatal("RAND_bytes failed: no random bytes for the class link");
}

void
class_code_new(char out[CLASS_CODE_SHOWN + 1])
{
	uint8_t	r[10];
	char	code[CLASS_CODE_CHARS + 1];
	int	i, bit;

	class_random(r, sizeof r);
	for (i = 0; i < CLASS_CODE_CHARS; i++) {
		bit = i * 5;
		code[i] = class_b32[((((unsigned)r[bit / 8] << 8) |
		    (bit / 8 + 1 < 10 ? r[bit / 8 + 1] : 0)) >>
		    (11 - bit % 8)) & 31];
	}
	code[CLASS_CODE_CHARS] = '\0';
	class_code_show(code, out);
}

void
class_code_show(const char *code, char out[CLASS_CODE_SHOWN + 1])
{
	int	i, k = 0;

	for (i = 0; i < CLASS_CODE_CHARS; i++) {
		if (i > 0 && i % 4 == 0)
			out[k++] = '-';
		out[k++] = code[i];
	}
	out[k] = '\0';
}

int
class_code_parse(const char *in, char out[CLASS_CODE_CHARS + 1], char *err,
    size_t errlen)
{
	int	n = 0, c;

	for (; *in != '\0'; in++) {
		c = toupper((unsigned char)*in);
		if (c == '-' || c == ' ')
			continue;
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		if (strchr(class_b32, c) == NULL || c == '\0') {
			snprintf(err, errlen, "the class code has a '%c', "
			    "which no class code has", *in);
			return -1;
		}
		if (n == CLASS_CODE_CHARS) {
			n++;
			break;
		}
		out[n++] = (char)c;
	}
	if (n != CLASS_CODE_CHARS) {
		snprintf(err, errlen, "a class code is %d letters and digits "
		    "(ABCD-EFGH-JKMN-PQRS, as the class server shows it)",
		    CLASS_CODE_CHARS);
		return -1;
	}
	out[n] = '\0';
	return 0;
}

static void
class_hmac(const uint8_t *key, size_t keylen, const void *a, size_t alen,
    uint8_t out[CLASS_MAC_LEN])
{
	unsigned	n = CLASS_MAC_LEN;

	if (HMAC(EVP_sha256(), key, (int)keylen, a, alen, out, &n) == NULL)
		fatal("HMAC-SHA256 failed");
}

void
class_keys_derive(struct class_keys *k, const char *code,
    const uint8_t *nonce_c, const uint8_t *nonce_s, bool server)
{
	static const char	label[] = "isrlab class v1";
	uint8_t			msg[sizeof label - 1 + 2 * CLASS_NONCE_LEN];
	uint8_t			master[CLASS_MAC_LEN], c2s[CLASS_MAC_LEN],
				s2c[CLASS_MAC_LEN];

	memcpy(msg, label, sizeof label - 1);
	memcpy(msg + sizeof label - 1, nonce_c, CLASS_NONCE_LEN);
	memcpy(msg + sizeof label - 1 + CLASS_NONCE_LEN, nonce_s,
	    CLASS_NONCE_LEN);
	class_hmac((const uint8_t *)code, strlen(code), msg, sizeof msg,
	    master);
	class_hmac(master, sizeof master, "student to server", 17, c2s);
	class_hmac(master, sizeof master, "server to student", 17, s2c);
	memcpy(k->send, server ? s2c : c2s, CLASS_MAC_LEN);
	memcpy(k->recv, server ? c2s : s2c, CLASS_MAC_LEN);
	k->send_seq = k->recv_seq = 0;
	OPENSSL_cleanse(master, sizeof master);
	OPENSSL_cleanse(c2s, sizeof c2s);
	OPENSSL_cleanse(s2c, sizeof s2c);
}

uint64_t
class_get_u64(const uint8_t *p)
{
	uint64_t	v = 0;
	int		i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

void
class_put_u64(uint8_t *p, uint64_t v)
{
	int	i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)(v & 0xff);
}

void
class_frame_put(struct class_keys *k, unsigned type, const void *p,
    size_t n, struct strbuf *out)
{
	uint8_t	head[CLASS_HEAD_LEN], mac[CLASS_MAC_LEN];
	size_t	start = out->len, len = n + CLASS_HEAD_LEN - 4 + CLASS_MAC_LEN;

	if (n > CLASS_PAYLOAD_MAX)
		fatal("class frame of %zu bytes", n);
	head[0] = (uint8_t)(len >> 24);
	head[1] = (uint8_t)(len >> 16);
	head[2] = (uint8_t)(len >> 8);
	head[3] = (uint8_t)len;
	head[4] = (uint8_t)type;
	class_put_u64(head + 5, k->send_seq++);
	strbuf_add(out, head, sizeof head);
	if (n > 0)
		strbuf_add(out, p, n);
	class_hmac(k->send, sizeof k->send, out->s + start, out->len - start,
	    mac);
	strbuf_add(out, mac, sizeof mac);
}

int
class_frame_get(struct class_keys *k, const uint8_t *buf, size_t avail,
    struct class_frame *f, size_t *used, char *err, size_t errlen)
{
	uint8_t		mac[CLASS_MAC_LEN];
	uint32_t	len;
	size_t		whole;

	if (avail < 4) {
		*used = 4;
		return 0;
	}
	len = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
	    (uint32_t)buf[2] << 8 | buf[3];
	if (len < CLASS_HEAD_LEN - 4 + CLASS_MAC_LEN) {
		snprintf(err, errlen, "a frame of %u bytes is too short", len);
		return -1;
	}
	if (len > CLASS_FRAME_MAX - 4) {
		snprintf(err, errlen, "a frame of %u bytes is over the limit "
		    "(%u)", len, (unsigned)(CLASS_FRAME_MAX - 4));
		return -1;
	}
	whole = 4 + (size_t)len;
	*used = whole;
	if (avail < whole)
		return 0;
	class_hmac(k->recv, sizeof k->recv, buf, whole - CLASS_MAC_LEN, mac);
	if (CRYPTO_memcmp(mac, buf + whole - CLASS_MAC_LEN, CLASS_MAC_LEN) !=
	    0) {
		snprintf(err, errlen, "a frame's HMAC is wrong (another class "
		    "code, or the bytes were changed)");
		return -1;
	}
	if (class_get_u64(buf + 5) != k->recv_seq) {
		snprintf(err, errlen, "frame %llu came where %llu was due",
		    (unsigned long long)class_get_u64(buf + 5),
		    (unsigned long long)k->recv_seq);
		return -1;
	}
	if (buf[4] == 0 || buf[4] >= CLASS_FRAME__END) {
		snprintf(err, errlen, "a frame of unknown type %u", buf[4]);
		return -1;
	}
	k->recv_seq++;
	f->type = buf[4];
	f->payload = buf + CLASS_HEAD_LEN;
	f->len = whole - CLASS_HEAD_LEN - CLASS_MAC_LEN;
	return 1;
}

int
class_frame_pull(struct class_keys *k, struct evbuffer *in,
    struct class_frame *f, size_t *used, char *err, size_t errlen)
{
	size_t	avail = evbuffer_get_length(in);
	int	rc;

	if (avail < 4)
		return 0;
	/* The length first: an oversized frame fails before it is read. */
	rc = class_frame_get(k, evbuffer_pullup(in, 4), 4, f, used, err,
	    errlen);
	if (rc == 0 && avail >= *used)
		rc = class_frame_get(k, evbuffer_pullup(in, (ev_ssize_t)*used),
		    *used, f, used, err, errlen);
	return rc;
}

int
class_addr_split(const char *s, char *host, size_t hostlen, char *port,
    size_t portlen, bool allow_zero, char *err, size_t errlen)
{
	const char	*colon, *h = s, *end;
	char		*stop;
	unsigned long	 p;
	size_t		 hl;

	if (s[0] == '[') {
		end = strchr(s, ']');
		if (end == NULL || end[1] != ':') {
			snprintf(err, errlen, "%s: an IPv6 address is written "
			    "[ADDRESS]:PORT", s);
			return -1;
		}
		h = s + 1;
		hl = (size_t)(end - h);
		colon = end + 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL || strchr(s, ':') != colon) {
			snprintf(err, errlen, "%s: give ADDRESS:PORT (an IPv6 "
			    "address in brackets)", s);
			return -1;
		}
		hl = (size_t)(colon - s);
	}
	if (hl == 0) {
		snprintf(err, errlen, "%s: no address before the port (say "
		    "which one, e.g. 192.168.0.10:7000; 0.0.0.0:7000 for every "
		    "interface)", s);
		return -1;
	}
	if (hl >= hostlen) {
		snprintf(err, errlen, "%s: the address is too long", s);
		return -1;
	}
	p = strtoul(colon + 1, &stop, 10);
	if (colon[1] == '\0' || *stop != '\0' || !isdigit((unsigned char)
	    colon[1]) || p > 65535 || (p == 0 && !allow_zero)) {
		snprintf(err, errlen, "%s: the port is a number from %d to "
		    "65535", s, allow_zero ? 0 : 1);
		return -1;
	}
	memcpy(host, h, hl);
	host[hl] = '\0';
	snprintf(port, portlen, "%lu", p);
	return 0;
}
