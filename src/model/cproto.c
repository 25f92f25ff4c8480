/*
 * cproto.c - Kafka's ConsumerProtocol subscription and assignment bytes
 * (see cproto.h): big-endian, strings as int16 length + bytes, arrays as
 * int32 count + items, nullable bytes as int32 length (-1: null).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/cproto.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

void
cbytes_set(struct cbytes *b, const void *p, size_t n)
{
	free(b->p);
	b->p = NULL;
	b->n = n;
	if (n > 0) {
		b->p = xmalloc(n);
		memcpy(b->p, p, n);
	}
}

void
cbytes_clear(struct cbytes *b)
{
	free(b->p);
	b->p = NULL;
	b->n = 0;
}

int
cbytes_equal(const struct cbytes *a, const struct cbytes *b)
{
	return a->n == b->n && (a->n == 0 || memcmp(a->p, b->p, a->n) == 0);
}

void
cproto_topics_free(struct cproto_topic *t, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(t[i].parts);
	free(t);
}

void
cproto_names_free(char **names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* --- Writing --------------------------------------------------------- */

static void
put16(struct strbuf *sb, int v)
{
	strbuf_addc(sb, (char)((v >> 8) & 0xff));
	strbuf_addc(sb, (char)(v & 0xff));
}

static void
put32(struct strbuf *sb, int32_t v)
{
	uint32_t u = (uint32_t)v;

	strbuf_addc(sb, (char)(u >> 24));
	strbuf_addc(sb, (char)((u >> 16) & 0xff));
	strbuf_addc(sb, (char)((u >> 8) & 0xff));
	strbuf_addc(sb, (char)(u & 0xff));
}

static void
put_string(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	put16(sb, (int)n);
	strbuf_add(sb, s, n);
}

static void
take(struct strbuf *sb, struct cbytes *out)
{
	cbytes_set(out, sb->s, sb->len);
	strbuf_free(sb);
}

void
cproto_subscription_encode(const char *const *topics, int n,
    struct cbytes *out)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	put16(&sb, 0);				/* version */
	put32(&sb, n);
	for (i = 0; i < n; i++)
		put_string(&sb, topics[i]);
	put32(&sb, -1);				/* UserData: null */
	take(&sb, out);
}

void
cproto_assignment_encode(const struct cproto_topic *t, int n,
    struct cbytes *out)
{
	struct strbuf sb = STRBUF_INIT;
	int i, k;

	put16(&sb, 0);
	put32(&sb, n);
	for (i = 0; i < n; i++) {
		put_string(&sb, t[i].name);
		put32(&sb, t[i].n_parts);
		for (k = 0; k < t[i].n_parts; k++)
			put32(&sb, t[i].parts[k]);
	}
	put32(&sb, -1);
	take(&sb, out);
}

/* --- Reading --------------------------------------------------------- */

struct reader {
	const uint8_t *p;
	size_t n, off;
	int bad;
};

static int32_t
get(struct reader *r, size_t width)
{
	uint32_t v = 0;
	size_t i;

	if (r->bad || r->n - r->off < width) {
		r->bad = 1;
		return 0;
	}
	for (i = 0; i < width; i++)
		v = v << 8 | r->p[r->off++];
	return width == 2 ? (int32_t)(int16_t)v : (int32_t)v;
}

/* An array count: at most what the remaining bytes can hold, each item
 * being at least min_item bytes. */
static int
get_count(struct reader *r, size_t min_item)
{
	int32_t n = get(r, 4);

	if (n < 0 || (size_t)n > (r->n - r->off) / min_item)
		r->bad = 1;
	return r->bad ? 0 : n;
}

static char *
get_string(struct reader *r)
{
	int32_t len = get(r, 2);
	char *s;

	if (len < 0 || r->bad || r->n - r->off < (size_t)len) {
		r->bad = 1;
		return NULL;
	}
	s = xstrndup((const char *)r->p + r->off, (size_t)len);
	r->off += (size_t)len;
	return s;
}

int
cproto_subscription_decode(const struct cbytes *in, char ***topics, int *n)
{
	struct reader r = { in->p, in->n, 0, 0 };
	char **v = NULL;
	int count, i;

	*topics = NULL;
	*n = 0;
	(void)get(&r, 2);			/* version: any */
	count = get_count(&r, 2);
	if (count > 0)
		v = xcalloc((size_t)count, sizeof *v);
	for (i = 0; i < count && !r.bad; i++)
		v[i] = get_string(&r);
	if (r.bad) {
		cproto_names_free(v, count);
		return -1;
	}
	*topics = v;
	*n = count;
	return 0;
}

int
cproto_assignment_decode(const struct cbytes *in, struct cproto_topic **t,
    int *n)
{
	struct reader r = { in->p, in->n, 0, 0 };
	struct cproto_topic *v = NULL;
	int count, i, k;

	*t = NULL;
	*n = 0;
	if (in->n == 0)
		return 0;	/* the coordinator's empty assignment */
	(void)get(&r, 2);
	count = get_count(&r, 6);
	if (count > 0)
		v = xcalloc((size_t)count, sizeof *v);
	for (i = 0; i < count && !r.bad; i++) {
		char *name = get_string(&r);

		if (name != NULL && strlen(name) > ISR_TOPIC_MAX)
			r.bad = 1;
		if (name != NULL && !r.bad)
			memcpy(v[i].name, name, strlen(name) + 1);
		free(name);
		v[i].n_parts = get_count(&r, 4);
		if (v[i].n_parts > 0)
			v[i].parts = xcalloc((size_t)v[i].n_parts,
			    sizeof *v[i].parts);
		for (k = 0; k < v[i].n_parts; k++)
			v[i].parts[k] = get(&r, 4);
	}
	if (r.bad) {
		cproto_topics_free(v, count);
		return -1;
	}
	*t = v;
	*n = count;
	return 0;
}
