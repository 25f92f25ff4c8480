/*
 * i18n.h - isrlab's own words in the student's language (gettext).
 *
 * DESIGN
 * Every word isrlab itself puts on the screen (pane titles, the key bar,
 * the `?` help, popups, prompts, the event log's descriptions, alarms, its
 * own errors) is written in English in the source and wrapped in _() (or
 * N_() where a table holds it and the screen translates it when drawn);
 * po/ko.po gives the Korean.  What a Kafka tool prints (describe lines,
 * error names and Kafka's texts) is never wrapped: that output is the
 * lesson, exactly as Kafka prints it.
 *
 * Which language: --lang, else the first of LANGUAGE, LC_ALL,
 * LC_MESSAGES and LANG that names one, else Korean (the labs' own
 * language).  src/main.c binds the catalog; i18n_env_english() is the
 * pure part of that choice.  Without a bound catalog (the unit tests)
 * _() returns the English msgid.
 */
#ifndef ISRLAB_UTIL_I18N_H
#define ISRLAB_UTIL_I18N_H

#include <stdbool.h>

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s)		gettext(s)
#else
#define _(s)		((char *)(s))
#define ngettext(s, p, n) ((char *)((n) == 1 ? (s) : (p)))
#endif
/* Marks S for the catalog where it is defined; _() translates it later. */
#define N_(s)		(s)

/*
 * Whether the environment asks for English: the values of LANGUAGE,
 * LC_ALL, LC_MESSAGES and LANG (each may be NULL), checked in that order.
 * LANGUAGE is a colon list whose first Korean or English entry counts; each
 * of the others counts when set and not empty, so LC_ALL=C.UTF-8 hides
 * LANG as it does for every program.  A locale in neither language (C,
 * POSIX, fr_FR, ...) means Korean, the labs' own language.
 */
bool i18n_env_english(const char *language, const char *lc_all,
    const char *lc_messages, const char *lang);

#endif /* ISRLAB_UTIL_I18N_H */
