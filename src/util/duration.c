/*
 * duration.c - lab durations in milliseconds, as typed and as shown.
 *
 * Parsing is done in integers so that `0.1s` is exactly 100 ms: the number
 * is read as digits before and after the point, the unit scales both, and
 * a result that would need a fraction of a millisecond or overflow int64_t
 * is refused rather than rounded.  So is anything past DURATION_MAX_MS.
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/duration.h"

static const struct {
	const char	*name;
	int64_t		 ms;
} duration_units[] = {
	{ "ms", 1 },
	{ "s", 1000 },
	{ "m", 60 * 1000 },
	{ "h", 60 * 60 * 1000 },
};

int
duration_parse(const char *s, int64_t *ms)
{
	const char	*p = s;
	int64_t		 whole = 0, frac = 0, scale = 1, unit = 0, total;
	size_t		 i;
	int		 digits = 0, frac_digits = 0;

	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (whole > (INT64_MAX - (*p - '0')) / 10)
			return -1;
		whole = whole * 10 + (*p - '0');
	}
	if (digits == 0)
		return -1;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, frac_digits++) {
			/* Beyond 18 digits only zeros can still be exact. */
			if (frac_digits >= 18) {
				if (*p != '0')
					return -1;
				continue;
			}
			frac = frac * 10 + (*p - '0');
			scale *= 10;
		}
		if (frac_digits == 0)
			return -1;
	}

	if (*p == '\0') {
		if (frac_digits != 0)
			return -1;	/* "1.5" alone: 1.5 ms is not whole */
		unit = 1;
	} else {
		for (i = 0; i < sizeof duration_units / sizeof duration_units[0];
		    i++) {
			if (strcmp(p, duration_units[i].name) == 0) {
				unit = duration_units[i].ms;
				break;
			}
		}
		if (unit == 0)
			return -1;
	}

	if (whole > INT64_MAX / unit)
		return -1;
	total = whole * unit;
	if (frac != 0) {
		/* frac/scale of a unit must be a whole number of ms. */
		if (frac > INT64_MAX / unit || (frac * unit) % scale != 0)
			return -1;
		if (total > INT64_MAX - (frac * unit) / scale)
			return -1;
		total += (frac * unit) / scale;
	}
	if (total > DURATION_MAX_MS)
		return -1;
	*ms = total;
	return 0;
}

void
duration_format(int64_t ms, char *buf, size_t n)
{
	uint64_t	abs_ms;

	/* Negate in unsigned arithmetic so INT64_MIN works too. */
	abs_ms = ms < 0 ? 0 - (uint64_t)ms : (uint64_t)ms;
	snprintf(buf, n, "%s%" PRIu64 ".%03" PRIu64 "s", ms < 0 ? "-" : "",
	    abs_ms / 1000, abs_ms % 1000);
}
