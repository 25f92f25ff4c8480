/*
 * compare.c - a script on several profiles, side by side (compare.h).
 *
 * Each profile's run keeps a list of commands (text, script line) and the
 * output each wrote, cut at script_run's on_command calls, and the event
 * log formatted as `events` prints it.  Commands match by position: the
 * script is the same, so the n-th command is the same command everywhere.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "console/compare.h"
#include "console/console.h"
#include "console/script.h"
#include "model/event.h"
#include "sim/sim.h"
#include "util/xmalloc.h"

/* One command of one run and what it printed. */
struct cmp_cmd {
	char		*text;		/* owned */
	long		 line;
	struct strbuf	 out;		/* standard output and error, in order */
};

/* One profile's run. */
struct cmp_run {
	struct cmp_cmd	*cmds;		/* owned */
	size_t		 n, cap;
	struct strbuf	 before;	/* output before the first command */
	struct strbuf	 events;	/* one formatted event a line */
	int		 rc;
};

static void
cmp_on_command(void *arg, const char *cmd, long line)
{
	struct cmp_run	*r = arg;
	struct cmp_cmd	*c;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->cmds = xreallocarray(r->cmds, r->cap, sizeof *r->cmds);
	}
	c = &r->cmds[r->n++];
	c->text = xstrdup(cmd);
	c->line = line;
	memset(&c->out, 0, sizeof c->out);	/* an empty strbuf */
}

static void
cmp_write(void *arg, int fd, const char *s, size_t n)
{
	struct cmp_run	*r = arg;

	(void)fd;
	strbuf_add(r->n > 0 ? &r->cmds[r->n - 1].out : &r->before, s, n);
}

/* The engine's event log, one `events` line each. */
static void
cmp_events(struct engine *e, struct strbuf *out)
{
	struct event	 ev[256];
	uint64_t	 since = 0;
	size_t		 n, i;
	char		 line[512];

	while ((n = e->ops->events(e, since, ev, 256)) > 0) {
		for (i = 0; i < n; i++) {
			event_format(&ev[i], line, sizeof line);
			strbuf_printf(out, "%s\n", line);
			since = ev[i].seq;
		}
	}
}

static void
cmp_run_profile(const char *name, const char *text, size_t len,
    const struct compare_opts *o, enum kafka_profile p, struct cmp_run *r)
{
	struct script_opts	 so = { .on_command = cmp_on_command, .arg = r };
	struct settings		 s;
	struct console		*c;
	struct sim		*sim;
	FILE			*f;

	memset(r, 0, sizeof *r);		/* empty strbufs too */
	settings_defaults(&s, o->kafka_timings);
	s.profile = p;
	sim = sim_new(o->brokers, o->seed, &s, o->racks);
	c = console_new(sim_engine(sim), cmp_write, r);
	f = len > 0 ? fmemopen((void *)text, len, "r") :
	    fopen("/dev/null", "r");
	if (f == NULL)
		fatal("compare: cannot read the script from memory");
	r->rc = script_run(c, f, name, &so);
	fclose(f);
	cmp_events(sim_engine(sim), &r->events);
	console_free(c);
	sim_free(sim);
}

static void
cmp_run_free(struct cmp_run *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		free(r->cmds[i].text);
		strbuf_free(&r->cmds[i].out);
	}
	free(r->cmds);
	strbuf_free(&r->before);
	strbuf_free(&r->events);
}

/* Line k (0-based) of text into buf, or false past its end. */
static bool
cmp_line(const char *text, size_t k, const char **s, size_t *n)
{
	const char	*p = text, *nl;

	for (; k > 0; k--) {
		if ((nl = strchr(p, '\n')) == NULL)
			return false;
		p = nl + 1;
	}
	if (*p == '\0')
		return false;
	nl = strchr(p, '\n');
	*s = p;
	*n = nl != NULL ? (size_t)(nl - p) : strlen(p);
	return true;
}

static size_t
cmp_lines(const char *text)
{
	size_t		 n = 0;
	const char	*s;
	size_t		 len;

	while (cmp_line(text, n, &s, &len))
		n++;
	return n;
}

/* Whether command i printed the same on every run. */
static bool
cmp_same(const struct cmp_run *runs, int n, size_t i)
{
	int	k;

	for (k = 1; k < n; k++)
		if (strcmp(strbuf_cstr(&runs[0].cmds[i].out),
		    strbuf_cstr(&runs[k].cmds[i].out)) != 0)
			return false;
	return true;
}

/* Command i's differing lines, each profile's one under the other. */
static void
cmp_print_command(const struct cmp_run *runs, const struct compare_opts *o,
    const char *name, size_t i, FILE *out)
{
	size_t		 lines = 0, l, len;
	const char	*s;
	int		 k;
	bool		 differ;

	fprintf(out, "\n%s:%ld: %s\n", name, runs[0].cmds[i].line,
	    runs[0].cmds[i].text);
	for (k = 0; k < o->n_profiles; k++)
		if (cmp_lines(strbuf_cstr(&runs[k].cmds[i].out)) > lines)
			lines = cmp_lines(strbuf_cstr(&runs[k].cmds[i].out));
	for (l = 0; l < lines; l++) {
		const char	*s0;
		size_t		 len0;
		bool		 has0 = cmp_line(strbuf_cstr(&runs[0].cmds[i].out),
				    l, &s0, &len0);

		differ = false;
		for (k = 1; k < o->n_profiles && !differ; k++) {
			bool has = cmp_line(strbuf_cstr(&runs[k].cmds[i].out),
			    l, &s, &len);

			differ = has != has0 || (has && (len != len0 ||
			    memcmp(s, s0, len) != 0));
		}
		if (!differ)
			continue;
		for (k = 0; k < o->n_profiles; k++) {
			fprintf(out, "  %-4s| ",
			    profile_get(o->profiles[k])->name);
			if (cmp_line(strbuf_cstr(&runs[k].cmds[i].out), l, &s,
			    &len))
				fprintf(out, "%.*s\n", (int)len, s);
			else
				fprintf(out, "(no line %zu)\n", l + 1);
		}
	}
}

/* Whether the event line s (len bytes) is among text's lines. */
static bool
cmp_has_line(const char *text, const char *s, size_t len)
{
	const char	*p;

	for (p = text; *p != '\0'; ) {
		const char	*nl = strchr(p, '\n');
		size_t		 n = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (n == len && memcmp(p, s, len) == 0)
			return true;
		p += n + (nl != NULL);
	}
	return false;
}

/* The events of each run that some other run does not have. */
static void
cmp_print_events(const struct cmp_run *runs, const struct compare_opts *o,
    FILE *out)
{
	size_t		 l, len;
	const char	*s;
	int		 k, j;
	bool		 header = false, missing;

	for (k = 0; k < o->n_profiles; k++) {
		for (l = 0; cmp_line(strbuf_cstr(&runs[k].events), l, &s, &len);
		    l++) {
			missing = false;
			for (j = 0; j < o->n_profiles && !missing; j++)
				missing = j != k && !cmp_has_line(
				    strbuf_cstr(&runs[j].events), s, len);
			if (!missing)
				continue;
			if (!header)
				fprintf(out, "\nevents not on every profile:\n");
			header = true;
			fprintf(out, "  %-4s| %.*s\n",
			    profile_get(o->profiles[k])->name, (int)len, s);
		}
	}
	if (!header)
		fprintf(out, "\nthe same events on every profile\n");
}

int
compare_run(const char *name, const char *text, size_t len,
    const struct compare_opts *o, FILE *out)
{
	struct cmp_run	*runs = xcalloc((size_t)o->n_profiles, sizeof *runs);
	size_t		 i, n_cmds, n_diff = 0;
	int		 k, rc = 0;

	for (k = 0; k < o->n_profiles; k++) {
		cmp_run_profile(name, text, len, o, o->profiles[k], &runs[k]);
		if (runs[k].rc != 0 && rc == 0) {
			/* A syntax error is the script's, on any profile. */
			fputs(strbuf_cstr(&runs[k].before), stderr);
			if (runs[k].n > 0)
				fputs(strbuf_cstr(&runs[k].cmds[runs[k].n -
				    1].out), stderr);
			rc = runs[k].rc;
		}
	}
	if (rc == 0) {
		n_cmds = runs[0].n;
		for (k = 1; k < o->n_profiles; k++)
			if (runs[k].n < n_cmds)
				n_cmds = runs[k].n;
		fprintf(out, "Kafka profiles:");
		for (k = 0; k < o->n_profiles; k++)
			fprintf(out, "%s %s (%s)", k > 0 ? "," : "",
			    profile_get(o->profiles[k])->name,
			    profile_get(o->profiles[k])->header);
		fprintf(out, "\n");
		for (i = 0; i < n_cmds; i++) {
			if (cmp_same(runs, o->n_profiles, i))
				continue;
			n_diff++;
			cmp_print_command(runs, o, name, i, out);
		}
		cmp_print_events(runs, o, out);
		fprintf(out, "\n%s: %zu of %zu commands printed differently\n",
		    name, n_diff, n_cmds);
	}
	for (k = 0; k < o->n_profiles; k++)
		cmp_run_free(&runs[k]);
	free(runs);
	return rc;
}
