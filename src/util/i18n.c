/*
 * i18n.c - which language the environment asks for (see i18n.h).
 */

#include "config.h"

#include <string.h>

#include "util/i18n.h"

/* 1 for English, 0 for Korean, -1 for neither ("C", "fr_FR.UTF-8"). */
static int
i18n_locale_english(const char *s, size_t n)
{
	if (n >= 2 && strncmp(s, "en", 2) == 0 && (n == 2 ||
	    strchr("_.@", s[2]) != NULL))
		return 1;
	if (n >= 2 && strncmp(s, "ko", 2) == 0 && (n == 2 ||
	    strchr("_.@", s[2]) != NULL))
		return 0;
	return -1;
}

bool
i18n_env_english(const char *language, const char *lc_all,
    const char *lc_messages, const char *lang)
{
	const char	*p, *end, *rest[3] = { lc_all, lc_messages, lang };
	size_t		 i;
	int		 r;

	for (p = language; p != NULL && *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ":");
		if ((r = i18n_locale_english(p, (size_t)(end - p))) >= 0)
			return r == 1;
	}
	for (i = 0; i < 3; i++)
		if (rest[i] != NULL && rest[i][0] != '\0')
			return i18n_locale_english(rest[i],
			    strlen(rest[i])) == 1;
	return false;
}
