/*
 * console.c - the console's state and console_exec's dispatch.
 *
 * console_exec splits the line, normalises the tool name (bin/, .sh,
 * docker exec), hands the words to the command's exec function from the
 * table in cmd.c and records its outcome: a success for `ran` and `saw`,
 * a failure for console_failure.  Any line that is not a producer line
 * ends a pending console producer first, as the student's Ctrl+C would.
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/cmd.h"
#include "console/console.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

struct console *
console_new(struct engine *e, console_write_fn fn, void *arg)
{
	struct console	*c = xcalloc(1, sizeof *c);

	c->engine = e;
	c->write = fn;
	c->write_arg = arg;
	c->producer.handle = -1;
	return c;
}

static void
console_runs_clear(struct console *c)
{
	size_t	i;

	for (i = 0; i < c->n_ran; i++) {
		words_free(&c->ran[i].w);
		free(c->ran[i].seen);
	}
	c->n_ran = 0;
}

static void
console_counts_free(struct console_count *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i].topic);
	free(v);
}

void
console_free(struct console *c)
{
	size_t	i;

	if (c == NULL)
		return;
	console_producer_end(c);
	for (i = 0; i < c->n_members; i++) {
		c->engine->ops->client_close(c->engine, c->members[i].handle);
		free(c->members[i].group);
		free(c->members[i].topic);
		free(c->members[i].client_id);
		free(c->members[i].member_id);
	}
	free(c->members);
	console_counts_free(c->produced, c->n_produced);
	console_counts_free(c->consumed, c->n_consumed);
	words_free(&c->errors);
	words_free(&c->keys);
	console_runs_clear(c);
	free(c->ran);
	free(c->failed_line);
	free(c->failed_why);
	strbuf_free(&c->obs_out);
	free(c);
}

/* --- output -------------------------------------------------------------- */

void
console_write(struct console *c, int fd, const char *s, size_t n)
{
	if (c->obs_depth > 0 && n > 0)
		strbuf_add(&c->obs_out, s, n);
	if (c->write != NULL && n > 0)
		c->write(c->write_arg, fd, s, n);
}

static void
console_vprintf(struct console *c, int fd, const char *fmt, va_list ap)
{
	struct strbuf	sb = STRBUF_INIT;

	strbuf_vprintf(&sb, fmt, ap);
	console_write(c, fd, sb.s, sb.len);
	strbuf_free(&sb);
}

void
console_printf(struct console *c, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	console_vprintf(c, 1, fmt, ap);
	va_end(ap);
}

void
console_eprintf(struct console *c, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	console_vprintf(c, 2, fmt, ap);
	va_end(ap);
}

/* --- session facts ------------------------------------------------------- */

static int64_t *
console_count_slot(struct console_count **v, size_t *n, const char *topic,
    bool create)
{
	size_t	i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i].topic, topic) == 0)
			return &(*v)[i].n;
	if (!create)
		return NULL;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].topic = xstrdup(topic);
	(*v)[*n].n = 0;
	return &(*v)[(*n)++].n;
}

void
console_count_produced(struct console *c, const char *topic, int64_t n)
{
	*console_count_slot(&c->produced, &c->n_produced, topic, true) += n;
}

void
console_count_consumed(struct console *c, const char *topic, int64_t n)
{
	*console_count_slot(&c->consumed, &c->n_consumed, topic, true) += n;
}

int64_t
console_produced(const struct console *c, const char *topic)
{
	struct console_count	*v = c->produced;
	size_t			 n = c->n_produced;
	int64_t			*p = console_count_slot(&v, &n, topic, false);

	return p != NULL ? *p : 0;
}

int64_t
console_consumed(const struct console *c, const char *topic)
{
	struct console_count	*v = c->consumed;
	size_t			 n = c->n_consumed;
	int64_t			*p = console_count_slot(&v, &n, topic, false);

	return p != NULL ? *p : 0;
}

static bool
console_words_have(const struct words *w, const char *s)
{
	size_t	i;

	for (i = 0; i < w->n; i++)
		if (strcmp(w->v[i], s) == 0)
			return true;
	return false;
}

void
console_error_add(struct console *c, const char *name)
{
	if (!console_words_have(&c->errors, name))
		words_add(&c->errors, name);
}

bool
console_error_seen(const struct console *c, const char *name)
{
	return console_words_have(&c->errors, name);
}

void
console_key_add(struct console *c, const char *key)
{
	if (!console_words_have(&c->keys, key))
		words_add(&c->keys, key);
}

bool
console_key_pressed(const struct console *c, const char *key)
{
	return console_words_have(&c->keys, key);
}

/* Whether the normalised line r matches prefix (console_ran_count). */
static bool
console_run_matches(const struct words *r, const struct words *prefix)
{
	size_t	j, k;

	if (prefix->n == 0 || r->n == 0 || strcmp(r->v[0], prefix->v[0]) != 0)
		return false;
	for (j = 1, k = 1; j < prefix->n && k < r->n; k++)
		if (strcmp(prefix->v[j], r->v[k]) == 0)
			j++;
	return j == prefix->n;
}

int64_t
console_ran_count(const struct console *c, const struct words *prefix,
    uint64_t *first, uint64_t *last)
{
	const struct console_run	*r;
	int64_t				 n = 0;
	uint64_t			 f = UINT64_MAX, l = 0;
	size_t				 i;

	for (i = 0; i < c->n_ran; i++) {
		r = &c->ran[i];
		if (!console_run_matches(&r->w, prefix))
			continue;
		n += r->n;
		if (r->first < f)
			f = r->first;
		if (r->last > l)
			l = r->last;
	}
	if (first != NULL)
		*first = f;
	if (last != NULL)
		*last = l;
	return n;
}

bool
console_ran(const struct console *c, const struct words *prefix)
{
	return console_ran_count(c, prefix, NULL, NULL) > 0;
}

bool
console_saw(const struct console *c, const struct words *prefix,
    const char *text, uint64_t *seq)
{
	const struct console_run	*r;
	size_t				 i;

	for (i = 0; i < c->n_ran; i++) {
		r = &c->ran[i];
		if (r->seen != NULL && console_run_matches(&r->w, prefix) &&
		    strstr(r->seen, text) != NULL) {
			if (seq != NULL)
				*seq = r->seen_seq;
			return true;
		}
	}
	return false;
}

void
console_set_witness(struct console *c, console_witness_fn fn, void *arg)
{
	c->witness = fn;
	c->witness_arg = arg;
}

uint64_t
console_failure(const struct console *c, const char **line,
    const char **why, bool *setup)
{
	*line = c->failed_line;
	*why = c->failed_why;
	*setup = c->failed_setup;
	return c->n_failed;
}

bool
console_event_seen(const struct console *c, int t, const char *topic)
{
	struct engine	*e = c->engine;
	struct event	 chunk[64];
	uint64_t	 since = c->event_mark;
	size_t		 n, i;

	while ((n = e->ops->events(e, since, chunk, 64)) > 0) {
		for (i = 0; i < n; i++)
			if ((int)chunk[i].type == t && (topic == NULL ||
			    strcmp(chunk[i].topic, topic) == 0))
				return true;
		since = chunk[n - 1].seq;
		if (n < 64)
			break;
	}
	return false;
}

void
console_lab_mark(struct console *c)
{
	struct engine	*e = c->engine;
	struct event	 chunk[64];
	size_t		 n;

	/* `ran` looks from the mark on: what ran before it goes. */
	console_runs_clear(c);
	words_free(&c->keys);
	words_free(&c->errors);
	while ((n = e->ops->events(e, c->event_mark, chunk, 64)) > 0) {
		c->event_mark = chunk[n - 1].seq;
		if (n < 64)
			break;
	}
}

/* Whether a and b hold the same words. */
static bool
console_words_equal(const struct words *a, const struct words *b)
{
	size_t	i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

/* The most of one success's output kept for `saw`. */
#define CONSOLE_SEEN_MAX 65536

/* w (the line's words as given) succeeded, printing output: count it for
 * `ran`, and for `saw` when the witness says the step's state holds.
 * Each distinct line is kept once, so a long session repeating its
 * commands stays bounded by the different lines it ran. */
static void
console_run_add(struct console *c, const struct words *w,
    const char *output, size_t len)
{
	struct console_run	*r;
	struct words		 nw = WORDS_INIT;
	size_t			 i;
	int			 container;

	for (i = 0; i < w->n; i++)
		words_add(&nw, w->v[i]);
	cmd_normalize(&nw, &container, NULL, 0, true);
	for (i = 0; i < c->n_ran; i++)
		if (console_words_equal(&c->ran[i].w, &nw))
			break;
	if (i == c->n_ran) {
		if (c->n_ran == c->cap_ran) {
			c->cap_ran = c->cap_ran == 0 ? 16 : c->cap_ran * 2;
			c->ran = xreallocarray(c->ran, c->cap_ran,
			    sizeof *c->ran);
		}
		r = &c->ran[c->n_ran++];
		memset(r, 0, sizeof *r);
		r->w = nw;
		r->first = c->run_seq + 1;
	} else {
		r = &c->ran[i];
		words_free(&nw);
	}
	r->n++;
	r->last = ++c->run_seq;
	if (c->witness == NULL || c->witness(c->witness_arg)) {
		free(r->seen);
		r->seen = xstrndup(output, len < CONSOLE_SEEN_MAX ? len :
		    CONSOLE_SEEN_MAX);
		r->seen_seq = r->last;
	}
}

/* line failed: rc 1 with output (its last line says why), or -1 with
 * err. */
static void
console_fail_add(struct console *c, const char *line, int rc,
    const char *err, const char *output, size_t len)
{
	const char	*end = output + len, *p;

	c->n_failed++;
	free(c->failed_line);
	free(c->failed_why);
	c->failed_line = xstrdup(line);
	c->failed_setup = c->source != NULL;
	if (rc < 0) {
		c->failed_why = xstrdup(err);
		return;
	}
	while (end > output && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	for (p = end; p > output && p[-1] != '\n'; p--)
		;
	c->failed_why = xstrndup(p, (size_t)(end - p));
}

/* --- events -------------------------------------------------------------- */

size_t
console_events_new(struct console *c, struct event **out)
{
	struct event	*v = NULL;
	size_t		 n = 0, got;

	for (;;) {
		v = xreallocarray(v, n + 64, sizeof *v);
		got = c->engine->ops->events(c->engine, c->events_seen,
		    v + n, 64);
		if (got == 0)
			break;
		n += got;
		c->events_seen = v[n - 1].seq;
		if (got < 64)
			break;
	}
	*out = v;
	return n;
}

void
console_events_skip(struct console *c)
{
	struct event	*v;

	console_events_new(c, &v);
	free(v);
}

/* --- exec ---------------------------------------------------------------- */

/* The text after a producer prompt: "> x" gives "x", ">" gives "";
 * NULL when line is not a producer line. */
static const char *
console_producer_text(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	if (line[0] != '>')
		return NULL;
	if (line[1] == '\0' || line[1] == '\n')
		return "";
	if (line[1] == ' ')
		return line + 2;
	return NULL;
}

static int
console_exec_line(struct console *c, const char *line, char *err,
    size_t errlen)
{
	struct words		 w = WORDS_INIT, orig = WORDS_INIT;
	const struct cmd_entry	*ce;
	struct cmd_ctx		 ctx;
	const char		*text;
	char			 cname[64];
	int			 rc, container;
	size_t			 i, start;

	if ((text = console_producer_text(line)) != NULL) {
		if (console_producer_pending(c))
			return cmd_producer_feed(c, text, err, errlen);
	}
	if (words_split(line, &w, err, errlen) != 0) {
		console_fail_add(c, line, -1, err, "", 0);
		return -1;
	}
	if (w.n == 0 || (w.n == 1 && strcmp(w.v[0], "$") == 0)) {
		words_free(&w);
		return 0;
	}
	console_producer_end(c);
	for (i = 0; i < w.n; i++)
		words_add(&orig, w.v[i]);

	cmd_normalize(&w, &container, cname, sizeof cname, false);
	if (w.n == 0) {
		words_free(&w);
		words_free(&orig);
		snprintf(err, errlen, "%s", _("docker exec: no command given"));
		console_fail_add(c, line, -1, err, "", 0);
		return -1;
	}
	if ((ce = cmd_find(w.v[0])) == NULL) {
		if (text != NULL)
			snprintf(err, errlen, "%s", _("'>' line without a "
			    "console producer (start one with "
			    "kafka-console-producer.sh)"));
		else
			snprintf(err, errlen, _("unknown command '%s' (try "
			    "'help')"), w.v[0]);
		console_fail_add(c, line, -1, err, "", 0);
		words_free(&w);
		words_free(&orig);
		return -1;
	}
	memset(&ctx, 0, sizeof ctx);
	ctx.c = c;
	ctx.args = &w;
	ctx.container = container;
	ctx.err = err;
	ctx.errlen = errlen;
	start = c->obs_out.len;
	c->obs_depth++;
	rc = container != 0 ? cmd_check_container(&ctx, container, cname) : 0;
	if (rc == 0)
		rc = cmd_run(ce, &ctx);
	c->obs_depth--;
	/* The one place a command's outcome is decided: 0 is a success
	 * (`ran`, `saw`); 1, a failure as the Kafka tool's, and -1, a
	 * usage error, are failures. */
	strbuf_grow(&c->obs_out, 1);
	c->obs_out.s[c->obs_out.len] = '\0';
	if (rc == 0)
		console_run_add(c, &orig, c->obs_out.s + start,
		    c->obs_out.len - start);
	else
		console_fail_add(c, line, rc, err, c->obs_out.s + start,
		    c->obs_out.len - start);
	if (c->obs_depth == 0) {
		c->obs_out.len = start;
		c->obs_out.s[start] = '\0';
	}
	words_free(&orig);
	words_free(&w);
	return rc;
}

/* --- the observer -------------------------------------------------------- */

void
console_set_observer(struct console *c, console_observer_fn fn, void *arg)
{
	c->observer = fn;
	c->observer_arg = arg;
}

void
console_set_source(struct console *c, const char *source)
{
	c->source = source;
}

void
console_set_exporter(struct console *c,
    int (*fn)(void *arg, const char *path, struct strbuf *msg), void *arg)
{
	c->exporter = fn;
	c->exporter_arg = arg;
}

void
console_set_clock(struct console *c, const struct console_clock *clk,
    void *arg)
{
	c->clock = clk;
	c->clock_arg = arg;
}

void
console_set_waiter(struct console *c, console_waiter_fn fn, void *arg)
{
	c->waiter = fn;
	c->waiter_arg = arg;
}

/* Whether line is blank or only a comment (nothing to report). */
static bool
console_line_empty(const char *line)
{
	while (*line == ' ' || *line == '\t' || *line == '\n' ||
	    *line == '\r')
		line++;
	return *line == '\0' || *line == '#';
}

/* Run fn(c, arg, err, errlen) as the line text, telling the observer
 * before and after with the output it printed. */
static int
console_observed(struct console *c, const char *text,
    int (*fn)(struct console *, const char *, char *, size_t),
    const char *arg, char *err, size_t errlen)
{
	struct console_obs	o;
	size_t			start;
	int			rc;

	if (c->observer == NULL || console_line_empty(text))
		return fn(c, arg, err, errlen);
	memset(&o, 0, sizeof o);
	o.kind = CONSOLE_OBS_BEGIN;
	o.text = text;
	o.t_ms = c->engine->ops->now(c->engine);
	o.source = c->source;
	o.key = c->key;
	o.err = "";
	c->observer(c->observer_arg, &o);
	start = c->obs_out.len;
	c->obs_depth++;
	if (errlen > 0)
		err[0] = '\0';
	rc = fn(c, arg, err, errlen);
	c->obs_depth--;
	o.kind = CONSOLE_OBS_COMMAND;
	strbuf_grow(&c->obs_out, 1);
	o.output = c->obs_out.s + start;
	o.output_len = c->obs_out.len - start;
	c->obs_out.s[c->obs_out.len] = '\0';
	o.rc = rc;
	o.err = rc < 0 && errlen > 0 ? err : "";
	if (c->observer != NULL)
		c->observer(c->observer_arg, &o);
	c->obs_out.len = start;
	if (c->obs_out.s != NULL)
		c->obs_out.s[start] = '\0';
	return rc;
}

int
console_exec(struct console *c, const char *line, char *err, size_t errlen)
{
	return console_observed(c, line, console_exec_line, line, err,
	    errlen);
}

int
console_feed_producer_line(struct console *c, const char *line, char *err,
    size_t errlen)
{
	char	*text;
	int	 rc;

	if (c->observer == NULL)
		return cmd_producer_feed(c, line, err, errlen);
	text = xasprintf("> %s", line);
	rc = console_observed(c, text, cmd_producer_feed, line, err, errlen);
	free(text);
	return rc;
}
