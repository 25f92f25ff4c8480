/*
 * duration.h - lab durations in milliseconds, as typed and as shown.
 *
 * Commands such as `wait 1.5s` and lab expectations take durations; events
 * and the header show them.  Time in isrlab is an int64_t count of
 * milliseconds of lab time.
 */

#ifndef ISRLAB_UTIL_DURATION_H
#define ISRLAB_UTIL_DURATION_H

#include <stddef.h>
#include <stdint.h>

/* The longest duration a command or a lab file may give: 24 hours of lab
 * time, so that no single `wait` or `step` can hang a script or a lab
 * check (the simulator runs every millisecond of it). */
#define DURATION_MAX_MS (24LL * 60 * 60 * 1000)

/*
 * Parses S as a non-negative duration into *MS and returns 0, or returns -1
 * (leaving *MS alone) if S is not one.  Accepted: a number with an optional
 * fraction and a unit of ms, s, m or h (`250ms`, `5s`, `1.5s`, `1m`, `2h`),
 * or a bare integer of milliseconds (`250`); no spaces, no sign, and no
 * fraction of a millisecond (`1.0005s` is refused), and nothing longer
 * than DURATION_MAX_MS (`25h` is refused).
 */
int duration_parse(const char *s, int64_t *ms);

/*
 * Writes MS as seconds with three decimals (`12.300s`, `-0.250s`) into BUF
 * of N bytes, truncating as snprintf does.
 */
void duration_format(int64_t ms, char *buf, size_t n);

#endif /* ISRLAB_UTIL_DURATION_H */
