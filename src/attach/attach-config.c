/*
 * attach-config.c - parsing the attach configuration (attach-config.h).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach/attach-config.h"
#include "util/i18n.h"
#include "util/readfile.h"
#include "util/xmalloc.h"

static const char *const attach_action_names[ATTACH__COUNT] = {
	[ATTACH_KILL] = "kill",
	[ATTACH_STOP] = "stop",
	[ATTACH_START] = "start",
	[ATTACH_ISOLATE] = "isolate",
	[ATTACH_HEAL] = "heal",
	[ATTACH_SLOW] = "slow",
	[ATTACH_PARTITION] = "partition",
};

const char *
attach_action_name(enum attach_action a)
{
	return (unsigned)a < ATTACH__COUNT ? attach_action_names[a] : "?";
}

void
attach_config_who(enum attach_action a, int b, char *buf, size_t len)
{
	if (b == ATTACH_CLUSTER)
		snprintf(buf, len, "%s", attach_action_name(a));
	else
		snprintf(buf, len, "%s %d", attach_action_name(a), b);
}

void
attach_config_free(struct attach_config *c)
{
	int	a, b;

	for (a = 0; a < ATTACH__COUNT; a++)
		for (b = 0; b < ISR_NODES; b++)
			free(c->cmd[a][b]);
	free(c->path);
	memset(c, 0, sizeof *c);
}

int
attach_config_count(const struct attach_config *c)
{
	int	a, b, n = 0;

	for (a = 0; a < ATTACH__COUNT; a++)
		for (b = 0; b < ISR_NODES; b++)
			n += c->cmd[a][b] != NULL;
	return n;
}

/* s without leading and trailing blanks, in place. */
static char *
attach_trim(char *s)
{
	char	*end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* One line "ACTION [BROKER] = COMMAND" into c; -1 with a message. */
static int
attach_config_line(struct attach_config *c, char *line, char *err,
    size_t len)
{
	char		*eq, *cmd, *act, *num, *end, *rest, who[16];
	long		 b = ATTACH_CLUSTER;
	int		 a;

	if ((eq = strchr(line, '=')) == NULL) {
		snprintf(err, len, "%s", _("expected ACTION BROKER = COMMAND, "
		    "e.g. kill 1 = docker kill kafka1"));
		return -1;
	}
	*eq = '\0';
	cmd = attach_trim(eq + 1);
	act = strtok_r(line, " \t", &rest);
	num = act != NULL ? strtok_r(NULL, " \t", &rest) : NULL;
	if (act == NULL || (num != NULL && strtok_r(NULL, " \t", &rest) !=
	    NULL)) {
		snprintf(err, len, "%s", _("expected ACTION BROKER before '='"));
		return -1;
	}
	for (a = 0; a < ATTACH__COUNT; a++)
		if (strcmp(act, attach_action_names[a]) == 0)
			break;
	if (a == ATTACH__COUNT) {
		/* TRANSLATORS: the action names are the file's own words. */
		snprintf(err, len, _("unknown action '%s' (kill, stop, start, "
		    "isolate, heal, slow or partition)"), act);
		return -1;
	}
	/* partition splits the cluster, heal may mend all of it: those two
	 * go without a broker, partition always. */
	if (num == NULL && a != ATTACH_PARTITION && a != ATTACH_HEAL) {
		snprintf(err, len, "%s", _("expected ACTION BROKER before '='"));
		return -1;
	}
	if (num != NULL && a == ATTACH_PARTITION) {
		snprintf(err, len, "%s", _("partition takes no broker: "
		    "partition = COMMAND (the sides are in $ISRLAB_PARTITION)"));
		return -1;
	}
	if (num != NULL) {
		b = strtol(num, &end, 10);
		if (*end != '\0' || b < 1 || b > ISR_MAX_BROKERS) {
			snprintf(err, len, _("broker '%s': a broker id, 1-%d"),
			    num, ISR_MAX_BROKERS);
			return -1;
		}
		snprintf(who, sizeof who, "%s %ld", act, b);
	} else
		snprintf(who, sizeof who, "%s", act);
	if (*cmd == '\0') {
		snprintf(err, len, _("%s: no command after '='"), who);
		return -1;
	}
	if (c->cmd[a][b] != NULL) {
		snprintf(err, len, _("%s: given twice"), who);
		return -1;
	}
	c->cmd[a][b] = xstrdup(cmd);
	return 0;
}

int
attach_config_parse(struct attach_config *c, const char *name,
    const char *text, char *err, size_t len)
{
	char	*copy = xstrdup(text), *line, *next, *t, why[256];
	int	 lineno = 0, rc = 0;

	attach_config_free(c);
	c->path = xstrdup(name);
	for (line = copy; line != NULL && rc == 0; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		lineno++;
		t = attach_trim(line);
		if (*t == '\0' || *t == '#')
			continue;
		if (attach_config_line(c, t, why, sizeof why) != 0) {
			snprintf(err, len, "%s:%d: %s", name, lineno, why);
			rc = -1;
		}
	}
	free(copy);
	return rc;
}

int
attach_config_load(struct attach_config *c, const char *path, char *err,
    size_t len)
{
	char	*text;
	size_t	 n;
	int	 rc;

	if (readfile_load(path, &readfile_text_limits, &text, &n, err,
	    len) != 0)
		return -1;
	rc = attach_config_parse(c, path, text != NULL ? text : "", err, len);
	free(text);
	return rc;
}
