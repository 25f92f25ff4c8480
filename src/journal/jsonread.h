/*
 * jsonread.h - reading fields of the journal's JSON objects back, for
 * everything that reads a session's JSON Lines (replay.c, statefile.c).
 * Missing or mistyped fields give the default, never an error: a reader
 * decides what it requires.
 */
#ifndef ISRLAB_JOURNAL_JSONREAD_H
#define ISRLAB_JOURNAL_JSONREAD_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "model/settings.h"

/* o[key] as a new string (owned), or NULL when it is not a string. */
char *jsonread_str(json_t *o, const char *key);
/* o[key] as an integer, or dflt when it is not one. */
int64_t jsonread_int(json_t *o, const char *key, int64_t dflt);
/* A header's "settings" object (export.c writes it) over the defaults of
 * kafka_timings into out.  A value outside the setting's range keeps the
 * default; the first such setting is returned (NULL: none). */
const struct setting_desc *jsonread_settings(json_t *set, bool kafka_timings,
    struct settings *out);
/* A header's "kafka" (export.c writes the profile's name) into *out:
 * KAFKA_PROFILE_LEGACY when there is none (a journal older than
 * profiles), -1 with why filled when it names no profile isrlab models. */
int jsonread_profile(json_t *h, enum kafka_profile *out, char *why,
    size_t len);
/* A header's "layout_seed" (a lab pinned the layout) into out; out's
 * layout is the session seed's when there is none. */
void jsonread_layout(json_t *h, struct settings *out);

#endif
