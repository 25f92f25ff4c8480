/*
 * keys.c - one table row per key: which selection it needs and how it
 * becomes command lines.
 *
 * The lines are ordinary commands (`kill 2`, `produce email.send --acks
 * all`), so a key press is exactly as if the student had typed the line at
 * the `:` prompt: it is checked, printed and recorded the same way.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "console/keys.h"
#include "util/strbuf.h"

/* What a key row needs before it can act. */
enum keys_need {
	NEED_NONE,
	NEED_BROKER,		/* a selected broker */
	NEED_PARTITION,		/* a selected partition */
};

struct keys_entry {
	const char	*key;
	const char	*alias;		/* another name for it, or NULL */
	enum keys_need	 need;
	enum keys_action action;
	const char	*cmd;		/* the command, given the broker or topic */
};

static const struct keys_entry keys_table[] = {
	{ "L", NULL, NEED_PARTITION, KEYS_COMMANDS, NULL },	/* kill leader */
	{ "x", NULL, NEED_BROKER, KEYS_COMMANDS, "kill" },
	{ "r", NULL, NEED_BROKER, KEYS_COMMANDS, "restart" },
	{ "s", NULL, NEED_BROKER, KEYS_COMMANDS, "stop" },
	{ "i", NULL, NEED_BROKER, KEYS_COMMANDS, "isolate" },
	{ "h", NULL, NEED_NONE, KEYS_COMMANDS, "heal" },
	{ "p", NULL, NEED_PARTITION, KEYS_COMMANDS, NULL },	/* produce */
	{ "d", NULL, NEED_PARTITION, KEYS_COMMANDS, "describe" },
	{ "m", NULL, NEED_NONE, KEYS_COMMANDS, "metrics" },
	{ ".", NULL, NEED_NONE, KEYS_COMMANDS, "step" },
	{ "e", NULL, NEED_NONE, KEYS_COMMANDS, "export" },
	{ "j", "Down", NEED_NONE, KEYS_SELECT, NULL },
	{ "k", "Up", NEED_NONE, KEYS_SELECT, NULL },
	{ "a", NULL, NEED_NONE, KEYS_SELECT, NULL },
	{ "n", NULL, NEED_NONE, KEYS_LAB, NULL },
	{ "b", NULL, NEED_NONE, KEYS_LAB, NULL },
	{ "t", NULL, NEED_NONE, KEYS_LAB, NULL },
	{ "P", NULL, NEED_NONE, KEYS_SCREEN, NULL },
	{ "c", NULL, NEED_NONE, KEYS_SCREEN, NULL },
	{ ":", NULL, NEED_NONE, KEYS_SCREEN, NULL },
	{ "?", NULL, NEED_NONE, KEYS_SCREEN, NULL },
	{ "q", NULL, NEED_NONE, KEYS_SCREEN, NULL },
	{ "+", NULL, NEED_NONE, KEYS_SCREEN, NULL },
	{ "-", NULL, NEED_NONE, KEYS_SCREEN, NULL },
	{ "Space", " ", NEED_NONE, KEYS_SCREEN, NULL },
	{ "Tab", NULL, NEED_NONE, KEYS_SCREEN, NULL },
};

static const char *
keys_acks_name(int acks)
{
	return acks < 0 ? "all" : acks == 1 ? "1" : "0";
}

void
keys_sel_init(struct keys_sel *sel, const struct snapshot *s)
{
	memset(sel, 0, sizeof *sel);
	sel->broker = 1;
	sel->acks = -1;
	if (s != NULL && s->n_parts > 0) {
		snprintf(sel->topic, sizeof sel->topic, "%s",
		    s->parts[0].topic);
		sel->partition = s->parts[0].partition;
	}
}

/* The index of the selected partition in s, or -1. */
static long
keys_part_index(const struct keys_sel *sel, const struct snapshot *s)
{
	size_t	i;

	for (i = 0; i < s->n_parts; i++)
		if (strcmp(s->parts[i].topic, sel->topic) == 0 &&
		    s->parts[i].partition == sel->partition)
			return (long)i;
	return -1;
}

static void
keys_select_part(struct keys_sel *sel, const struct snapshot *s, long i)
{
	snprintf(sel->topic, sizeof sel->topic, "%s", s->parts[i].topic);
	sel->partition = s->parts[i].partition;
}

static int
keys_move(const struct keys_entry *k, struct keys_sel *sel,
    const struct snapshot *s, char *err, size_t len)
{
	long	i;

	if (strcmp(k->key, "a") == 0) {
		sel->acks = sel->acks < 0 ? 1 : sel->acks == 1 ? 0 : -1;
		return KEYS_SELECT;
	}
	if (s->n_parts == 0) {
		snprintf(err, len, "%s: there are no partitions yet", k->key);
		return -1;
	}
	i = keys_part_index(sel, s);
	if (i < 0)
		i = 0;
	else if (k->key[0] == 'j' && (size_t)i + 1 < s->n_parts)
		i++;
	else if (k->key[0] == 'k' && i > 0)
		i--;
	keys_select_part(sel, s, i);
	return KEYS_SELECT;
}

static int
keys_commands(const struct keys_entry *k, const struct keys_sel *sel,
    const struct snapshot *s, struct words *cmds, char *err, size_t len)
{
	const struct snap_partition	*p;
	struct strbuf			 sb = STRBUF_INIT;

	if (k->need == NEED_BROKER && (sel->broker < 1 ||
	    sel->broker > s->n_brokers)) {
		snprintf(err, len, "%s: select a broker first (1-%d)", k->key,
		    s->n_brokers);
		return -1;
	}
	p = NULL;
	if (k->need == NEED_PARTITION &&
	    (p = snapshot_partition(s, sel->topic, sel->partition)) == NULL) {
		snprintf(err, len, "%s: select a partition first (j/k)",
		    k->key);
		return -1;
	}
	if (strcmp(k->key, "L") == 0) {
		if (p->reg == NULL || p->reg->leader == ISR_NO_LEADER) {
			snprintf(err, len, "L: %s-%d has no leader to crash",
			    sel->topic, sel->partition);
			return -1;
		}
		strbuf_printf(&sb, "kill %d", p->reg->leader);
	} else if (strcmp(k->key, "p") == 0)
		strbuf_printf(&sb, "produce %s --partition %d --acks %s",
		    sel->topic, sel->partition, keys_acks_name(sel->acks));
	else if (k->need == NEED_BROKER)
		strbuf_printf(&sb, "%s %d", k->cmd, sel->broker);
	else if (k->need == NEED_PARTITION)
		strbuf_printf(&sb, "%s %s", k->cmd, sel->topic);
	else
		strbuf_adds(&sb, k->cmd);
	words_add(cmds, sb.s);
	strbuf_free(&sb);
	return KEYS_COMMANDS;
}

int
keys_translate(const char *key, struct keys_sel *sel,
    const struct snapshot *s, struct words *cmds, char *err, size_t len)
{
	const struct keys_entry	*k;
	size_t			 i;

	if (key[0] >= '1' && key[0] <= '9' && key[1] == '\0') {
		if (key[0] - '0' > s->n_brokers) {
			snprintf(err, len, "%s: there is no broker %s (brokers "
			    "are 1-%d)", key, key, s->n_brokers);
			return -1;
		}
		sel->broker = key[0] - '0';
		return KEYS_SELECT;
	}
	for (i = 0; i < sizeof keys_table / sizeof keys_table[0]; i++) {
		k = &keys_table[i];
		if (strcmp(k->key, key) != 0 && (k->alias == NULL ||
		    strcmp(k->alias, key) != 0))
			continue;
		switch (k->action) {
		case KEYS_COMMANDS:
			return keys_commands(k, sel, s, cmds, err, len);
		case KEYS_SELECT:
			return keys_move(k, sel, s, err, len);
		default:
			return k->action;
		}
	}
	snprintf(err, len, "unknown key '%s'", key);
	return -1;
}

int
keys_press(struct console *c, const char *key, struct keys_sel *sel,
    char *err, size_t len)
{
	struct engine		*e = c->engine;
	struct snapshot		 s;
	struct words		 cmds = WORDS_INIT;
	struct keys_sel		 before = *sel;
	struct console_obs	 o;
	const char		*outer = c->key;
	size_t			 i;
	int			 action;

	e->ops->snapshot(e, &s);
	action = keys_translate(key, sel, &s, &cmds, err, len);
	snapshot_free(&s);
	if (c->observer != NULL) {
		/* Before the key's lines run, so a journal lists it first. */
		memset(&o, 0, sizeof o);
		o.kind = CONSOLE_OBS_KEY;
		o.text = key;
		o.rc = action;
		o.err = action < 0 ? err : "";
		o.t_ms = e->ops->now(e);
		o.source = c->source;
		o.sel = &before;
		c->observer(c->observer_arg, &o);
	}
	if (action < 0) {
		words_free(&cmds);
		return -1;
	}
	console_key_add(c, key);
	c->key = key;
	for (i = 0; i < cmds.n; i++)
		if (console_exec(c, cmds.v[i], err, len) < 0) {
			action = -1;
			break;
		}
	c->key = outer;
	words_free(&cmds);
	return action;
}
