/*
 * args.c - the argument parser of both dialects (see args.h).
 *
 * Native: one left-to-right pass puts every word in its place: an option
 * (with its value checked and converted there, so the first bad word
 * typed is the one reported) or a positional word (refused there when it
 * is one too many).  Then the count of words, then the kinds of the
 * positional words: "kill x y" is a usage error before 'x' is looked at.
 *
 * Kafka's tools: the same pass with jopt-simple's lookup and texts, and
 * no value checked; then the spec's rules, in order, each applying only
 * when its `when` holds.
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "console/args.h"
#include "model/group.h"
#include "util/duration.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#define ARGS_EXC "Exception in thread \"main\" joptsimple."
/* The lab clock's speeds (the realtime engine and the TUI both take
 * them). */
#define ARGS_SPEED_MIN 0.1
#define ARGS_SPEED_MAX 50.0

bool
args_parse_int(const char *word, long long *out)
{
	char		*end;
	long long	 v;

	if (word == NULL || !isdigit((unsigned char)word[0]))
		return false;
	errno = 0;
	v = strtoll(word, &end, 10);
	if (*end != '\0' || errno != 0)
		return false;
	*out = v;
	return true;
}

int
args_broker(const char *cmd, const char *word, int n_brokers, int *out,
    char *err, size_t len)
{
	long long	v;

	if (word == NULL) {
		snprintf(err, len, _("%s: a broker id is needed (brokers are "
		    "1-%d)"), cmd, n_brokers);
		return -1;
	}
	if (!args_parse_int(word, &v)) {
		snprintf(err, len, _("%s: '%s' is not a broker id (brokers "
		    "are 1-%d)"), cmd, word, n_brokers);
		return -1;
	}
	if (v < 1 || v > n_brokers) {
		snprintf(err, len, _("%s: broker %s does not exist (brokers "
		    "are 1-%d)"), cmd, word, n_brokers);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* Whether s is one of the '|'-separated words of choices (in any case
 * with nocase, as Java's enums are read). */
static bool
args_choice(const char *choices, const char *s, bool nocase)
{
	size_t		 n = strlen(s);
	const char	*p;

	for (p = choices; p != NULL; p = strchr(p, '|')) {
		if (*p == '|')
			p++;
		if ((nocase ? strncasecmp(p, s, n) : strncmp(p, s, n)) == 0 &&
		    (p[n] == '|' || p[n] == '\0'))
			return true;
	}
	return false;
}

/* "range or roundrobin", "a, b or c" from "range|roundrobin", "a|b|c". */
static void
args_choice_list(const char *choices, struct strbuf *sb)
{
	const char	*p = choices, *bar;

	while ((bar = strchr(p, '|')) != NULL) {
		strbuf_printf(sb, "%.*s", (int)(bar - p), p);
		p = bar + 1;
		strbuf_adds(sb, strchr(p, '|') != NULL ? ", " : " or ");
	}
	strbuf_adds(sb, p);
}

/* An ARGS_NUMBER or ARGS_PARTITION value: 0, or why not ("is 1-10",
 * "takes a number"). */
static const char *
args_check_number(const struct args_opt *o, const char *s, long long *out,
    char *why, size_t len)
{
	bool	bounded = o->kind == ARGS_NUMBER && (o->min != 0 || o->max != 0);

	if (args_parse_int(s, out) && (!bounded || (*out >= o->min &&
	    *out <= o->max)) && (o->kind != ARGS_PARTITION || o->max == 0 ||
	    *out <= o->max))
		return NULL;
	if (o->kind == ARGS_PARTITION)
		return "takes a partition number";
	if (!bounded)
		return "takes a number";
	snprintf(why, len, "is %lld-%lld", o->min, o->max);
	return why;
}

/* An ARGS_OFFSET value: earliest -2, latest -1, or the number. */
static bool
args_check_offset(const char *s, long long *out)
{
	if (strcmp(s, "earliest") == 0)
		*out = -2;
	else if (strcmp(s, "latest") == 0)
		*out = -1;
	else
		return args_parse_int(s, out);
	return true;
}

/* Check value s of o (an option, or a positional word when word) and
 * convert it into v.  cmd names the command in messages. */
static int
args_check(const char *cmd, const struct args_opt *o, bool word,
    const char *s, int n_brokers, struct args_val *v, char *err, size_t len)
{
	struct strbuf	 sb = STRBUF_INIT;
	const char	*why;
	char		 buf[64], *end;
	int64_t		 ms;
	int		 b;

	switch (o->kind) {
	case ARGS_WORD:
	case ARGS_TOPIC:
		return 0;
	case ARGS_SETTING:
		return strchr(s, '=') != NULL ? 0 : ARGS_USAGE;
	case ARGS_OFFSET:
		return args_check_offset(s, &v->num) ? 0 : ARGS_USAGE;
	case ARGS_BROKER:
		if (args_broker(cmd, s, n_brokers, &b, err, len) != 0)
			return -1;
		v->num = b;
		return 0;
	case ARGS_PARTITION:
	case ARGS_NUMBER:
		if ((why = args_check_number(o, s, &v->num, buf,
		    sizeof buf)) == NULL)
			return 0;
		if (word)
			return ARGS_USAGE;
		snprintf(err, len, "%s: --%s %s", cmd, o->name, why);
		return -1;
	case ARGS_GROUP:
		if (strlen(s) <= GROUP_ID_MAX)
			return 0;
		snprintf(err, len, _("%s: the group name is too long"), cmd);
		return -1;
	case ARGS_DURATION:
		if (duration_parse(s, &ms) == 0) {
			v->num = ms;
			return 0;
		}
		snprintf(err, len, _("%s: '%s' is not a duration%s%s%s"), cmd,
		    s,
		    o->hint != NULL ? " (" : "", o->hint != NULL ? o->hint : "",
		    o->hint != NULL ? ")" : "");
		return -1;
	case ARGS_CHOICE:
		if (args_choice(o->hint, s, false))
			return 0;
		args_choice_list(o->hint, &sb);
		snprintf(err, len, "%s: --%s is %s", cmd, o->name,
		    strbuf_cstr(&sb));
		strbuf_free(&sb);
		return -1;
	case ARGS_ACKS:
		if (strcmp(s, "all") == 0 || strcmp(s, "-1") == 0)
			v->num = -1;
		else if (strcmp(s, "0") == 0 || strcmp(s, "1") == 0)
			v->num = s[0] - '0';
		else {
			snprintf(err, len, _("%s: --%s is 0, 1 or all"), cmd,
			    o->name);
			return -1;
		}
		return 0;
	case ARGS_SPEED:
		v->real = strtod(s, &end);
		if (*end == 'x')
			end++;
		if (*end == '\0' && v->real >= ARGS_SPEED_MIN &&
		    v->real <= ARGS_SPEED_MAX)
			return 0;
		snprintf(err, len, _("%s: '%s' is not a speed (%.1f-%.0f)"),
		    cmd, s,
		    ARGS_SPEED_MIN, ARGS_SPEED_MAX);
		return -1;
	}
	return 0;
}

/* Record option value v: appended, or in place of the earlier value of
 * an option that does not repeat. */
static void
args_put_opt(struct args *a, const struct args_val *v)
{
	size_t	i;

	if (!v->opt->repeat)
		for (i = 0; i < a->n_opts; i++)
			if (a->opts[i].opt == v->opt) {
				a->opts[i] = *v;
				return;
			}
	a->opts = xreallocarray(a->opts, a->n_opts + 1, sizeof *a->opts);
	a->opts[a->n_opts++] = *v;
}

/* Record positional word s, or refuse it as one too many. */
static int
args_put_word(struct args *a, const char *s, char *err, size_t len)
{
	const struct args_spec	*spec = a->spec;
	const struct args_opt	*o = spec->words;
	size_t			 i;

	if (spec->max_words >= 0 && a->n_words == (size_t)spec->max_words) {
		if (spec->too_many == NULL)
			return ARGS_USAGE;
		snprintf(err, len, "%s", spec->too_many);
		return -1;
	}
	for (i = 0; o != NULL && o->name != NULL && i < a->n_words; i++)
		o++;
	a->words = xreallocarray(a->words, a->n_words + 1, sizeof *a->words);
	memset(&a->words[a->n_words], 0, sizeof *a->words);
	a->words[a->n_words].opt = o != NULL && o->name != NULL ? o : NULL;
	a->words[a->n_words++].value = s;
	return 0;
}

/* The native option word names: "--name" (*eqval NULL) or "--name=V". */
static const struct args_opt *
args_native_lookup(const struct args_spec *spec, const char *word,
    const char **eqval)
{
	const struct args_opt	*o;
	size_t			 n;

	if (strncmp(word, "--", 2) != 0 || spec->opts == NULL)
		return NULL;
	word += 2;
	for (o = spec->opts; o->name != NULL; o++) {
		n = strlen(o->name);
		if (strncmp(word, o->name, n) != 0)
			continue;
		*eqval = NULL;
		if (word[n] == '\0')
			return o;
		if (word[n] == '=' && o->has_value) {
			*eqval = word + n + 1;
			return o;
		}
	}
	return NULL;
}

static int
args_parse_native(struct args *a, const struct words *w, size_t from,
    int n_brokers, char *err, size_t len)
{
	const struct args_spec	*spec = a->spec;
	const struct args_opt	*o;
	struct args_val		 v;
	const char		*cmd = w->v[0], *word, *val;
	size_t			 i;
	int			 rc;

	for (i = from; i < w->n; i++) {
		word = w->v[i];
		if ((o = args_native_lookup(spec, word, &val)) != NULL) {
			memset(&v, 0, sizeof v);
			v.opt = o;
			v.value = "";
			if (o->has_value && val == NULL) {
				if (i + 1 >= w->n) {
					snprintf(err, len, o->kind ==
					    ARGS_DURATION ? _("%s: %s needs a "
					    "duration") : _("%s: %s needs a "
					    "value"), cmd, word);
					return -1;
				}
				val = w->v[++i];
			}
			if (o->has_value) {
				v.value = val;
				if ((rc = args_check(cmd, o, false, val,
				    n_brokers, &v, err, len)) != 0)
					return rc;
			}
			args_put_opt(a, &v);
			continue;
		}
		if (spec->strict && strncmp(word, "--", 2) == 0 &&
		    word[2] != '\0') {
			snprintf(err, len, _("%s: unknown option '%s'"), cmd,
			    word);
			return -1;
		}
		if ((rc = args_put_word(a, word, err, len)) != 0)
			return rc;
	}
	if (a->n_words < (size_t)spec->min_words)
		return ARGS_USAGE;
	for (i = 0; i < a->n_words; i++)
		if (a->words[i].opt != NULL && (rc = args_check(cmd,
		    a->words[i].opt, true, a->words[i].value, n_brokers,
		    &a->words[i], err, len)) != 0)
			return rc;
	return 0;
}

/* The jopt option named name (len bytes), exactly or as a unique prefix;
 * NULL with *ambiguous set when several start so. */
static const struct args_opt *
args_jopt_lookup(const struct args_spec *spec, const char *name, size_t len,
    bool *ambiguous)
{
	const struct args_opt	*o, *found = NULL;

	*ambiguous = false;
	for (o = spec->opts; o->name != NULL; o++) {
		if (strncmp(o->name, name, len) != 0)
			continue;
		if (o->name[len] == '\0')
			return o;
		if (found != NULL)
			*ambiguous = true;
		found = o;
	}
	return *ambiguous ? NULL : found;
}

static int
args_parse_jopt(struct args *a, const struct words *w, size_t from,
    char *err, size_t len)
{
	const struct args_opt	*o;
	struct args_val		 v;
	const char		*arg, *eq, *name;
	size_t			 i, nlen;
	bool			 ambiguous;
	int			 rc;

	for (i = from; i < w->n; i++) {
		arg = w->v[i];
		if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
			if ((rc = args_put_word(a, arg, err, len)) != 0)
				return rc;
			continue;
		}
		name = arg + 2;
		eq = strchr(name, '=');
		nlen = eq != NULL ? (size_t)(eq - name) : strlen(name);
		if ((o = args_jopt_lookup(a->spec, name, nlen,
		    &ambiguous)) == NULL) {
			snprintf(err, len, "%s%sOptionException: %.*s %s",
			    ARGS_EXC, ambiguous ? "Ambiguous" : "Unrecognized",
			    (int)nlen, name, ambiguous ? "is ambiguous" :
			    "is not a recognized option");
			return -1;
		}
		memset(&v, 0, sizeof v);
		v.opt = o;
		v.value = "";
		if (!o->has_value) {
			if (eq != NULL) {
				snprintf(err, len, "%sUnrecognizedOption"
				    "Exception: %s does not take an argument",
				    ARGS_EXC, o->name);
				return -1;
			}
		} else if (eq != NULL) {
			v.value = eq + 1;
		} else if (i + 1 < w->n) {
			v.value = w->v[++i];
		} else {
			snprintf(err, len, "%sOptionMissingRequiredArgument"
			    "Exception: Option %s requires an argument",
			    ARGS_EXC, o->name);
			return -1;
		}
		args_put_opt(a, &v);
	}
	return 0;
}

/* Whether option name (len bytes) was given. */
static bool
args_given(const struct args *a, const char *name, size_t len)
{
	size_t	i;

	for (i = 0; i < a->n_opts; i++)
		if (strncmp(a->opts[i].opt->name, name, len) == 0 &&
		    a->opts[i].opt->name[len] == '\0')
			return true;
	return false;
}

/* How many of the space-separated names were given. */
static int
args_count(const struct args *a, const char *names)
{
	size_t	n;
	int	count = 0;

	for (; *names != '\0'; names += n + (names[n] == ' ')) {
		n = strcspn(names, " ");
		count += args_given(a, names, n);
	}
	return count;
}

/* Whether a rule's when holds: each name given, each "!name" not. */
static bool
args_when(const struct args *a, const char *when)
{
	size_t	n;
	bool	not;

	for (; when != NULL && *when != '\0'; when += n + (when[n] == ' ')) {
		not = *when == '!';
		when += not;
		n = strcspn(when, " ");
		if (args_given(a, when, n) == not)
			return false;
	}
	return true;
}

/* jopt-simple converts a value when the tool asks for it. */
static int
args_convert(struct args *a, const char *name, char *err, size_t len)
{
	struct args_val	*v;
	char		 why[64];
	bool		 ok;
	size_t		 i;

	for (i = 0; i < a->n_opts; i++) {
		v = &a->opts[i];
		if (strcmp(v->opt->name, name) != 0)
			continue;
		switch (v->opt->kind) {
		case ARGS_NUMBER:
		case ARGS_PARTITION:
			ok = args_check_number(v->opt, v->value, &v->num, why,
			    sizeof why) == NULL;
			break;
		case ARGS_OFFSET:
			ok = args_check_offset(v->value, &v->num);
			break;
		case ARGS_CHOICE:
			ok = args_choice(v->opt->hint, v->value, true);
			break;
		default:
			ok = true;
			break;
		}
		if (!ok) {
			snprintf(err, len, "%sOptionArgumentConversionException:"
			    " Cannot parse argument '%s' of option %s",
			    ARGS_EXC, v->value, name);
			return -1;
		}
	}
	return 0;
}

/* An ARGS_INVALID rule: names is "USED A B ..."
 * (server-common/src/main/java/org/apache/kafka/server/util/
 * CommandLineUtils.java:88-98 at 3.7.0; jopt-simple prints an option as
 * "[name]"). */
static int
args_invalid(const struct args *a, const char *names, char *err,
    size_t len)
{
	size_t	used = strcspn(names, " "), n;
	const char *p;

	if (!args_given(a, names, used))
		return 0;
	for (p = names + used; *p != '\0'; p += n) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n > 0 && args_given(a, p, n)) {
			snprintf(err, len, "Option \"[%.*s]\" can't be used "
			    "with option \"[%.*s]\"", (int)used, names, (int)n,
			    p);
			return -1;
		}
	}
	return 0;
}

static int
args_check_rules(struct args *a, char *err, size_t len)
{
	const struct args_rule	*r;

	for (r = a->spec->rules; r != NULL && r->kind != ARGS_END; r++) {
		if (!args_when(a, r->when))
			continue;
		switch (r->kind) {
		case ARGS_END:
			break;
		case ARGS_REQUIRED:
			if (args_count(a, r->names) > 0)
				break;
			if (r->text != NULL)
				snprintf(err, len, "%s", r->text);
			else
				snprintf(err, len, "Missing required argument "
				    "\"[%s]\"", r->names);
			return -1;
		case ARGS_ONE:
			if (args_count(a, r->names) == 1)
				break;
			snprintf(err, len, "%s", r->text);
			return -1;
		case ARGS_NONE:
			if (args_count(a, r->names) == 0)
				break;
			snprintf(err, len, "%s", r->text);
			return -1;
		case ARGS_NO_WORDS:
			if (a->n_words == 0)
				break;
			snprintf(err, len, "%s%s", r->text, a->words[0].value);
			return -1;
		case ARGS_VALUE:
			if (args_convert(a, r->names, err, len) != 0)
				return -1;
			break;
		case ARGS_UNSUPPORTED:
			if (args_count(a, r->names) == 0)
				break;
			snprintf(err, len, "%s", r->text);
			return ARGS_FAILED;
		case ARGS_INVALID:
			if (args_invalid(a, r->names, err, len) != 0)
				return -1;
			break;
		}
	}
	return 0;
}

int
args_parse(struct args *a, const struct args_spec *spec,
    const struct words *w, size_t from, int n_brokers, char *err,
    size_t len)
{
	int	rc;

	memset(a, 0, sizeof *a);
	a->spec = spec;
	if (spec->dialect == ARGS_JOPT) {
		if ((rc = args_parse_jopt(a, w, from, err, len)) != 0)
			return rc;
		return args_check_rules(a, err, len);
	}
	return args_parse_native(a, w, from, n_brokers, err, len);
}

void
args_free(struct args *a)
{
	free(a->opts);
	free(a->words);
	a->opts = a->words = NULL;
	a->n_opts = a->n_words = 0;
}

/* The i-th value given for option name, or NULL. */
static const struct args_val *
args_find(const struct args *a, const char *name, size_t nth)
{
	size_t	i;

	for (i = 0; i < a->n_opts; i++)
		if (strcmp(a->opts[i].opt->name, name) == 0 && nth-- == 0)
			return &a->opts[i];
	return NULL;
}

bool
args_has(const struct args *a, const char *name)
{
	return args_find(a, name, 0) != NULL;
}

const char *
args_nth(const struct args *a, const char *name, size_t i)
{
	const struct args_val	*v = args_find(a, name, i);

	return v != NULL ? v->value : NULL;
}

const char *
args_get(const struct args *a, const char *name)
{
	const char	*last = NULL, *v;
	size_t		 i;

	for (i = 0; (v = args_nth(a, name, i)) != NULL; i++)
		last = v;
	return last;
}

long long
args_num(const struct args *a, const char *name, long long dflt)
{
	const struct args_val	*v = args_find(a, name, 0);

	return v != NULL ? v->num : dflt;
}

const char *
args_word(const struct args *a, size_t i)
{
	return i < a->n_words ? a->words[i].value : NULL;
}
