/*
 * replay.c - reading a session's inputs back from its JSON Lines export
 * and running them again on the simulator.
 */

#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "journal/export.h"
#include "journal/replay.h"
#include "sim/sim.h"
#include "util/xmalloc.h"

static char *
replay_str(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

static int64_t
replay_int(json_t *o, const char *key, int64_t dflt)
{
	json_t	*v = json_object_get(o, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

static void
replay_header(struct replay *rp, json_t *h)
{
	const struct setting_desc	*d;
	json_t				*lab, *racks, *set, *v;
	size_t				 i;

	rp->student = replay_str(h, "student");
	rp->seed = (uint64_t)replay_int(h, "seed", 1);
	rp->brokers = (int)replay_int(h, "brokers", 3);
	if (rp->brokers < 1 || rp->brokers > ISR_MAX_BROKERS)
		rp->brokers = 3;
	lab = json_object_get(h, "lab");
	if (json_is_object(lab)) {
		rp->lab_id = replay_str(lab, "id");
		rp->lab_title = replay_str(lab, "title");
	}
	racks = json_object_get(h, "racks");
	if (json_is_array(racks)) {
		rp->has_racks = true;
		for (i = 0; i < json_array_size(racks) && i < ISR_MAX_BROKERS;
		    i++)
			snprintf(rp->racks[i], sizeof rp->racks[i], "%s",
			    json_is_string(json_array_get(racks, i)) ?
			    json_string_value(json_array_get(racks, i)) : "");
	}
	settings_defaults(&rp->settings,
	    json_is_true(json_object_get(h, "kafka_timings")));
	set = json_object_get(h, "settings");
	for (d = settings_table; d->name != NULL; d++) {
		v = json_object_get(set, d->name);
		if (json_is_integer(v))
			settings_put(&rp->settings, d,
			    (int64_t)json_integer_value(v));
		else if (json_is_boolean(v))
			settings_put(&rp->settings, d, json_is_true(v));
	}
}

static void
replay_add(struct replay *rp, json_t *o, enum replay_kind kind)
{
	struct replay_action	*a;
	json_t			*sel;

	rp->v = xreallocarray(rp->v, rp->n + 1, sizeof *rp->v);
	a = &rp->v[rp->n++];
	memset(a, 0, sizeof *a);
	a->kind = kind;
	a->t_ms = replay_int(o, "t_ms", 0);
	a->text = replay_str(o, kind == REPLAY_KEY ? "key" : "text");
	if (a->text == NULL)
		a->text = xstrdup("");
	a->output = replay_str(o, "output");
	a->setup = json_object_get(o, "source") != NULL;
	if (kind == REPLAY_KEY && json_is_object(sel = json_object_get(o,
	    "sel"))) {
		a->sel.broker = (int)replay_int(sel, "broker", 1);
		snprintf(a->sel.topic, sizeof a->sel.topic, "%s",
		    json_is_string(json_object_get(sel, "topic")) ?
		    json_string_value(json_object_get(sel, "topic")) : "");
		a->sel.partition = (int)replay_int(sel, "partition", 0);
		a->sel.acks = (int)replay_int(sel, "acks", -1);
	}
}

int
replay_load(const char *path, struct replay **out, char *err, size_t len)
{
	struct replay	*rp;
	json_error_t	 jerr;
	json_t		*o;
	const char	*type;
	char		*data, *line, *nl;
	size_t		 size;
	int		 lineno = 0;

	*out = NULL;
	if (export_read_file(path, &data, &size, err, len) != 0)
		return -1;
	rp = xcalloc(1, sizeof *rp);
	rp->path = xstrdup(path);
	for (line = data; *line != '\0'; line = nl + 1) {
		lineno++;
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line) - 1;
		else
			*nl = '\0';
		if (line[0] == '\0')
			continue;
		o = json_loads(line, JSON_DISABLE_EOF_CHECK, &jerr);
		if (!json_is_object(o)) {
			snprintf(err, len, "%s:%d: not a JSON object: %s",
			    path, lineno, jerr.text);
			json_decref(o);
			goto fail;
		}
		type = json_string_value(json_object_get(o, "type"));
		if (type == NULL)
			type = "";
		if (lineno == 1 && strcmp(type, "header") != 0) {
			snprintf(err, len, "%s:1: not an isrlab session log "
			    "(no header)", path);
			json_decref(o);
			goto fail;
		}
		if (strcmp(type, "header") == 0)
			replay_header(rp, o);
		else if (strcmp(type, "command") == 0 &&
		    json_object_get(o, "key") == NULL)
			replay_add(rp, o, REPLAY_COMMAND);
		else if (strcmp(type, "key") == 0)
			replay_add(rp, o, REPLAY_KEY);
		else if (strcmp(type, "final_state") == 0)
			rp->describe = replay_str(o, "describe");
		if (strcmp(type, "checksum") != 0 &&
		    strcmp(type, "final_state") != 0 &&
		    replay_int(o, "t_ms", 0) > rp->end_ms)
			rp->end_ms = replay_int(o, "t_ms", 0);
		json_decref(o);
	}
	free(data);
	if (lineno == 0) {
		snprintf(err, len, "%s: empty file", path);
		replay_free(rp);
		return -1;
	}
	*out = rp;
	return 0;
fail:
	free(data);
	replay_free(rp);
	return -1;
}

void
replay_free(struct replay *rp)
{
	size_t	i;

	if (rp == NULL)
		return;
	for (i = 0; i < rp->n; i++) {
		free(rp->v[i].text);
		free(rp->v[i].output);
	}
	free(rp->v);
	free(rp->path);
	free(rp->student);
	free(rp->lab_id);
	free(rp->lab_title);
	free(rp->describe);
	sim_free(rp->sim);
	free(rp);
}

struct engine *
replay_engine(struct replay *rp)
{
	const char	*racks[ISR_MAX_BROKERS];
	int		 i;

	if (rp->sim == NULL) {
		for (i = 0; i < rp->brokers; i++)
			racks[i] = rp->racks[i];
		rp->sim = sim_new(rp->brokers, rp->seed, &rp->settings,
		    rp->has_racks ? racks : NULL);
	}
	return sim_engine(rp->sim);
}

const struct replay_action *
replay_next_action(struct replay *rp)
{
	return rp->next < rp->n ? &rp->v[rp->next++] : NULL;
}

static void
replay_advance_to(struct console *c, int64_t t_ms)
{
	struct engine	*e = c->engine;
	int64_t		 now = e->ops->now(e);

	if (t_ms > now)
		e->ops->advance(e, t_ms - now);
}

int
replay_apply(struct replay *rp, struct console *c,
    const struct replay_action *a, struct keys_sel *sel, char *err,
    size_t len)
{
	const char	*source = c->source;
	int		 rc;

	(void)rp;
	replay_advance_to(c, a->t_ms);
	if (a->kind == REPLAY_KEY) {
		*sel = a->sel;
		return keys_press(c, a->text, sel, err, len);
	}
	console_set_source(c, a->setup ? "setup" : NULL);
	rc = console_exec(c, a->text, err, len);
	console_set_source(c, source);
	return rc;
}

void
replay_finish(struct replay *rp, struct console *c)
{
	replay_advance_to(c, rp->end_ms);
}

static void
replay_write(void *arg, int fd, const char *s, size_t n)
{
	(void)fd;
	fwrite(s, 1, n, arg);
}

static void
replay_sleep(int64_t ms)
{
	struct timespec	ts;

	if (ms <= 0)
		return;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int
replay_run(const char *path, double speed, FILE *out)
{
	struct replay			*rp;
	const struct replay_action	*a;
	struct console			*c;
	struct engine			*e;
	struct strbuf			 desc = STRBUF_INIT;
	struct keys_sel			 sel;
	char				 err[1024];
	int64_t				 last;
	int				 rc;

	if (replay_load(path, &rp, err, sizeof err) != 0) {
		fprintf(stderr, "isrlab: %s\n", err);
		return 2;
	}
	e = replay_engine(rp);
	c = console_new(e, replay_write, out);
	memset(&sel, 0, sizeof sel);
	fprintf(out, "replay of %s: student %s, lab %s, seed %llu, %zu "
	    "actions\n", path, rp->student != NULL ? rp->student : "?",
	    rp->lab_id != NULL ? rp->lab_id : "free play",
	    (unsigned long long)rp->seed, rp->n);
	last = e->ops->now(e);
	while ((a = replay_next_action(rp)) != NULL) {
		if (speed > 0)
			replay_sleep((int64_t)((double)(a->t_ms - last) /
			    speed));
		last = a->t_ms > last ? a->t_ms : last;
		if (a->kind == REPLAY_KEY)
			fprintf(out, "[%7.3fs] key %s\n",
			    (double)a->t_ms / 1000.0, a->text);
		else
			fprintf(out, "[%7.3fs] %s$ %s\n",
			    (double)a->t_ms / 1000.0, a->setup ? "(setup) " :
			    "", a->text);
		err[0] = '\0';
		if (replay_apply(rp, c, a, &sel, err, sizeof err) < 0 &&
		    err[0] != '\0')
			fprintf(out, "isrlab: %s\n", err);
	}
	replay_finish(rp, c);
	export_describe(e, &desc);
	fprintf(out, "--- final describe (t=%.3fs) ---\n%s",
	    (double)e->ops->now(e) / 1000.0, strbuf_cstr(&desc));
	if (rp->describe == NULL) {
		fprintf(out, "replay: the log has no final state to compare\n");
		rc = 0;
	} else if (strcmp(rp->describe, strbuf_cstr(&desc)) == 0) {
		fprintf(out, "replay: same final state as recorded\n");
		rc = 0;
	} else {
		fprintf(out, "replay: DIFFERENT final state; recorded:\n%s",
		    rp->describe);
		rc = 1;
	}
	fflush(out);
	strbuf_free(&desc);
	console_free(c);
	replay_free(rp);
	return rc;
}
