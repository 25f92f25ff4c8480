/*
 * toolopt.c - jopt-simple-like option parsing for the Kafka tool forms.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/toolopt.h"
#include "util/xmalloc.h"

#define TOOLOPT_EXC "Exception in thread \"main\" joptsimple."

/* The spec named name, exactly or as a unique prefix; -1 unknown, -2
 * ambiguous. */
static int
toolopt_lookup(const struct toolopt_spec *specs, const char *name,
    size_t len)
{
	int	i, found = -1;

	for (i = 0; specs[i].name != NULL; i++) {
		if (strncmp(specs[i].name, name, len) != 0)
			continue;
		if (specs[i].name[len] == '\0')
			return i;
		found = found == -1 ? i : -2;
	}
	return found;
}

static void
toolopt_push(struct toolopt *o, int spec, const char *value)
{
	o->v = xreallocarray(o->v, o->n + 1, sizeof *o->v);
	o->v[o->n].spec = spec;
	o->v[o->n].value = value;
	o->n++;
}

int
toolopt_parse(struct toolopt *o, const struct toolopt_spec *specs,
    const struct words *w, size_t from, char *err, size_t len)
{
	const char	*arg, *eq, *name;
	size_t		 i, nlen;
	int		 k;

	memset(o, 0, sizeof *o);
	o->specs = specs;
	for (i = from; i < w->n; i++) {
		arg = w->v[i];
		if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
			if (o->n_pos == sizeof o->pos / sizeof o->pos[0]) {
				snprintf(err, len, "too many arguments");
				goto fail;
			}
			o->pos[o->n_pos++] = arg;
			continue;
		}
		name = arg + 2;
		eq = strchr(name, '=');
		nlen = eq != NULL ? (size_t)(eq - name) : strlen(name);
		k = toolopt_lookup(specs, name, nlen);
		if (k < 0) {
			snprintf(err, len, "%s%sOptionException: %.*s %s",
			    TOOLOPT_EXC, k == -1 ? "Unrecognized" : "Ambiguous",
			    (int)nlen, name, k == -1 ?
			    "is not a recognized option" : "is ambiguous");
			goto fail;
		}
		if (!specs[k].has_arg) {
			if (eq != NULL) {
				snprintf(err, len, "%sUnrecognizedOptionException"
				    ": %s does not take an argument",
				    TOOLOPT_EXC, specs[k].name);
				goto fail;
			}
			toolopt_push(o, k, NULL);
		} else if (eq != NULL) {
			toolopt_push(o, k, eq + 1);
		} else if (i + 1 < w->n) {
			toolopt_push(o, k, w->v[++i]);
		} else {
			snprintf(err, len, "%sOptionMissingRequiredArgument"
			    "Exception: Option %s requires an argument",
			    TOOLOPT_EXC, specs[k].name);
			goto fail;
		}
	}
	return 0;
fail:
	toolopt_free(o);
	return -1;
}

void
toolopt_free(struct toolopt *o)
{
	free(o->v);
	o->v = NULL;
	o->n = 0;
}

const char *
toolopt_nth(const struct toolopt *o, const char *name, size_t nth)
{
	size_t	i;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->specs[o->v[i].spec].name, name) == 0 &&
		    nth-- == 0)
			return o->v[i].value != NULL ? o->v[i].value : "";
	return NULL;
}

bool
toolopt_has(const struct toolopt *o, const char *name)
{
	return toolopt_nth(o, name, 0) != NULL;
}

const char *
toolopt_get(const struct toolopt *o, const char *name)
{
	const char	*last = NULL, *v;
	size_t		 i;

	for (i = 0; (v = toolopt_nth(o, name, i)) != NULL; i++)
		last = v;
	return last;
}
