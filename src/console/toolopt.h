/*
 * toolopt.h - command-line options the way Kafka's tools read them
 * (jopt-simple): "--name value" or "--name=value", unique prefixes
 * accepted ("--from-beg"), repeatable options kept in order, and
 * jopt-simple's exception texts for what it refuses.
 */
#ifndef ISRLAB_CONSOLE_TOOLOPT_H
#define ISRLAB_CONSOLE_TOOLOPT_H

#include <stdbool.h>
#include <stddef.h>

#include "console/words.h"

struct toolopt_spec {
	const char	*name;		/* without the dashes */
	bool		 has_arg;
};

struct toolopt_val {
	int		 spec;		/* index into the spec table */
	const char	*value;		/* points into the words, or NULL */
};

struct toolopt {
	const struct toolopt_spec *specs;	/* NULL-name terminated */
	struct toolopt_val	*v;		/* owned */
	size_t			 n;
	const char		*pos[16];	/* non-option words */
	size_t			 n_pos;
};

/* Parse w->v[from..].  Returns 0, or -1 with jopt-simple's message
 * ("Exception in thread "main" joptsimple.UnrecognizedOptionException:
 * foo is not a recognized option") in err.  The words must outlive out. */
int toolopt_parse(struct toolopt *out, const struct toolopt_spec *specs,
    const struct words *w, size_t from, char *err, size_t len);
void toolopt_free(struct toolopt *o);

bool toolopt_has(const struct toolopt *o, const char *name);
/* The last value given for name, or NULL. */
const char *toolopt_get(const struct toolopt *o, const char *name);
/* The i-th value given for name (in order), or NULL past the end. */
const char *toolopt_nth(const struct toolopt *o, const char *name, size_t i);

#endif
