/*
 * labdir.h - where labs are found: --lab-dir, then $ISRLAB_LAB_PATH
 * (colon-separated), then the installed $(pkgdatadir)/labs, then, so that
 * a program run from its build tree finds the labs, `labs` beside the
 * directory of the running executable (<dir of exe>/../labs) and the
 * configure-time source tree's labs (VPATH builds), each when it exists.
 *
 * A lab is named by a path (anything with a '/' or ending in ".md"), by
 * its file name without ".md" ("01-leader-failover"), or by its number
 * ("01", "1"): the first directory holding a match wins.
 */
#ifndef ISRLAB_LAB_LABDIR_H
#define ISRLAB_LAB_LABDIR_H

#include <stddef.h>

#include "console/words.h"

/* The search path: dir (may be NULL), the environment's, the built-in. */
void labdir_path(const char *dir, struct words *out);

/* The file for name; the caller frees it.  NULL with err when none. */
char *labdir_find(const struct words *dirs, const char *name, char *err,
    size_t len);

/* Every *.md file in dirs (a file name seen in an earlier directory hides
 * later ones), sorted by file name, appended to paths. */
void labdir_list(const struct words *dirs, struct words *paths);

#endif
