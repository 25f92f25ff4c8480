/*
 * jsonread.c - fields of the journal's JSON objects (see jsonread.h).
 */

#include "config.h"

#include <stdio.h>

#include "journal/jsonread.h"
#include "util/xmalloc.h"

char *
jsonread_str(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

int64_t
jsonread_int(json_t *o, const char *key, int64_t dflt)
{
	json_t	*v = json_object_get(o, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

const struct setting_desc *
jsonread_settings(json_t *set, bool kafka_timings, struct settings *out)
{
	const struct setting_desc	*d, *bad = NULL;
	json_t				*v;

	settings_defaults(out, kafka_timings);
	for (d = settings_table; d->name != NULL; d++) {
		v = json_object_get(set, d->name);
		if (json_is_integer(v)) {
			/* Only the range `set` accepts: times stay bounded. */
			if (json_integer_value(v) < d->min ||
			    json_integer_value(v) > d->max) {
				if (bad == NULL)
					bad = d;
				continue;
			}
			settings_put(out, d, (int64_t)json_integer_value(v));
		} else if (json_is_boolean(v))
			settings_put(out, d, json_is_true(v));
	}
	return bad;
}

int
jsonread_profile(json_t *h, enum kafka_profile *out, char *why, size_t len)
{
	json_t	*v = json_object_get(h, "kafka");

	if (v == NULL) {
		*out = KAFKA_PROFILE_LEGACY;
		return 0;
	}
	if (!json_is_string(v)) {
		snprintf(why, len, "kafka: not a profile's name");
		return -1;
	}
	return profile_choose(json_string_value(v), out, why, len);
}

void
jsonread_layout(json_t *h, struct settings *out)
{
	json_t	*v = json_object_get(h, "layout_seed");

	out->layout_seed_pinned = json_is_integer(v);
	out->layout_seed = out->layout_seed_pinned ?
	    (uint64_t)json_integer_value(v) : 0;
}
