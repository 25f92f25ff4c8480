/*
 * harness.c - console scripts on a fresh simulator, output captured.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <check.h>

#include "harness.h"
#include "console/script.h"
#include "model/settings.h"

static void
capture_write(void *arg, int fd, const char *s, size_t n)
{
	struct capture	*cap = arg;

	strbuf_add(fd == 2 ? &cap->err : &cap->out, s, n);
}

void
run_start(struct run *r, int brokers)
{
	run_start_on(r, brokers, KAFKA_37);
}

void
run_start_on(struct run *r, int brokers, enum kafka_profile profile)
{
	run_start_seeded(r, brokers, profile, 1);
}

void
run_start_seeded(struct run *r, int brokers, enum kafka_profile profile,
    uint64_t seed)
{
	struct settings	s;

	memset(r, 0, sizeof *r);
	settings_defaults(&s, false);
	s.profile = profile;
	r->sim = sim_new(brokers, seed, &s, NULL);
	r->c = console_new(sim_engine(r->sim), capture_write, &r->cap);
}

void
run_end(struct run *r)
{
	console_free(r->c);
	sim_free(r->sim);
	strbuf_free(&r->cap.out);
	strbuf_free(&r->cap.err);
}

int
run_text(struct run *r, const char *text)
{
	FILE	*f = fmemopen((void *)text, strlen(text), "r");
	int	 rc;

	ck_assert_ptr_nonnull(f);
	rc = script_run(r->c, f, "test.isr", NULL);
	fclose(f);
	return rc;
}
