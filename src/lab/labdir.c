/*
 * labdir.c - the lab search path.
 */

#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab/glossary.h"
#include "lab/labdir.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#ifndef ISRLAB_LABDIR
#define ISRLAB_LABDIR "/usr/local/share/isrlab/labs"
#endif

/* Add dir to out when it is a directory. */
static void
labdir_add_if_dir(struct words *out, const char *dir)
{
	struct stat	st;

	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		words_add(out, dir);
}

/* The labs of a build tree: "labs" next to the directory of the running
 * program (src/isrlab -> labs), then the source tree's (VPATH builds). */
static void
labdir_add_build_tree(struct words *out)
{
	char	exe[4096], *slash;
	ssize_t	n = readlink("/proc/self/exe", exe, sizeof exe - 16);

	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			strcpy(slash, "/../labs");
			labdir_add_if_dir(out, exe);
		}
	}
#ifdef ISRLAB_SRCDIR_LABS
	labdir_add_if_dir(out, ISRLAB_SRCDIR_LABS);
#endif
}

void
labdir_path(const char *dir, struct words *out)
{
	const char	*env = getenv("ISRLAB_LAB_PATH"), *p, *colon;
	char		*one;

	if (dir != NULL && dir[0] != '\0')
		words_add(out, dir);
	for (p = env; p != NULL && *p != '\0'; p = colon + 1) {
		colon = strchr(p, ':');
		one = xstrndup(p, colon != NULL ? (size_t)(colon - p) :
		    strlen(p));
		if (one[0] != '\0')
			words_add(out, one);
		free(one);
		if (colon == NULL)
			break;
	}
	words_add(out, ISRLAB_LABDIR);
	labdir_add_build_tree(out);
}

static bool
labdir_is_md(const char *name)
{
	size_t	n = strlen(name);

	return n > 3 && strcmp(name + n - 3, ".md") == 0 && name[0] != '.' &&
	    strcmp(name, GLOSSARY_FILE) != 0;	/* data beside the labs */
}

/* Whether file name (with .md) is what want names. */
static bool
labdir_match(const char *file, const char *want)
{
	size_t		 n = strlen(file) - 3, wn = strlen(want);
	const char	*w = want;
	long		 a = 0, b = 0;

	if (wn == n && strncmp(file, want, n) == 0)
		return true;
	for (; isdigit((unsigned char)*w); w++)
		a = a * 10 + (*w - '0');
	if (*w != '\0' || w == want)
		return false;
	for (w = file; isdigit((unsigned char)*w); w++)
		b = b * 10 + (*w - '0');
	return w != file && (*w == '-' || *w == '.' || *w == '_') && a == b;
}

static int
labdir_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.md names in dir, sorted. */
static void
labdir_names(const char *dir, struct words *names)
{
	DIR		*d = opendir(dir);
	struct dirent	*de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (labdir_is_md(de->d_name))
			words_add(names, de->d_name);
	closedir(d);
	if (names->n > 1)
		qsort(names->v, names->n, sizeof *names->v, labdir_cmp);
}

char *
labdir_find(const struct words *dirs, const char *name, char *err,
    size_t len)
{
	struct words	 names;
	struct stat	 st;
	char		*found = NULL;
	size_t		 i, j;

	if (strchr(name, '/') != NULL || labdir_is_md(name)) {
		if (stat(name, &st) == 0 && S_ISREG(st.st_mode))
			return xstrdup(name);
		snprintf(err, len, "%s: no such lab file", name);
		return NULL;
	}
	for (i = 0; i < dirs->n && found == NULL; i++) {
		memset(&names, 0, sizeof names);
		labdir_names(dirs->v[i], &names);
		for (j = 0; j < names.n && found == NULL; j++)
			if (labdir_match(names.v[j], name)) {
				struct strbuf	sb = STRBUF_INIT;

				strbuf_printf(&sb, "%s/%s", dirs->v[i],
				    names.v[j]);
				found = strbuf_detach(&sb);
			}
		words_free(&names);
	}
	if (found == NULL)
		snprintf(err, len, "no lab '%s' (try --list-labs)", name);
	return found;
}

void
labdir_list(const struct words *dirs, struct words *paths)
{
	struct words	 names, seen = WORDS_INIT, all = WORDS_INIT;
	size_t		 i, j, k;
	bool		 dup;

	for (i = 0; i < dirs->n; i++) {
		memset(&names, 0, sizeof names);
		labdir_names(dirs->v[i], &names);
		for (j = 0; j < names.n; j++) {
			dup = false;
			for (k = 0; k < seen.n && !dup; k++)
				dup = strcmp(seen.v[k], names.v[j]) == 0;
			if (dup)
				continue;
			words_add(&seen, names.v[j]);
			{
				struct strbuf	sb = STRBUF_INIT;

				/* name NUL path, so sorting by name works */
				strbuf_printf(&sb, "%s/%s", dirs->v[i],
				    names.v[j]);
				words_add(&all, sb.s);
				strbuf_free(&sb);
			}
		}
		words_free(&names);
	}
	/* Sort by file name, not by directory. */
	for (i = 1; i < all.n; i++)
		for (j = i; j > 0 && strcmp(strrchr(all.v[j - 1], '/'),
		    strrchr(all.v[j], '/')) > 0; j--) {
			char	*t = all.v[j];

			all.v[j] = all.v[j - 1];
			all.v[j - 1] = t;
		}
	for (i = 0; i < all.n; i++)
		words_add(paths, all.v[i]);
	words_free(&all);
	words_free(&seen);
}
