/*
 * keys.c - the key table, and how a key becomes command lines.
 *
 * The lines are ordinary commands (`kill 2`, `produce email.send --acks
 * all`), so a key press is exactly as if the student had typed the line at
 * the `:` prompt: it is checked, printed and recorded the same way.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "console/keys.h"
#include "util/i18n.h"
#include "util/strbuf.h"

/* Where keys work: everywhere; not in a replay (they change the cluster
 * or time); only on the screen. */
#define KEYS_ALL	(KEYS_IN_PLAY | KEYS_IN_REPLAY | KEYS_IN_SCRIPT)
#define KEYS_LIVE	(KEYS_IN_PLAY | KEYS_IN_SCRIPT)
#define KEYS_VIEW	(KEYS_IN_PLAY | KEYS_IN_REPLAY)

const struct keys_entry keys_table[] = {
	{ .key = "?", .ctx = KEYS_ALL, .act = KEYS_ACT_HELP,
	  .kind = KEYS_SCREEN, .bar = N_("help"),
	  .help = N_("this help (the clock pauses while it is open)") },
	{ .key = "n", .ctx = KEYS_LIVE, .act = KEYS_ACT_LAB,
	  .kind = KEYS_LAB, .bar = N_("next"), .lab = true,
	  .help = N_("lab: next step (a read-only step waits for it)") },
	{ .key = "b", .ctx = KEYS_LIVE, .act = KEYS_ACT_LAB,
	  .kind = KEYS_LAB, .bar = N_("back"), .lab = true,
	  .help = N_("lab: show the step before") },
	{ .key = "t", .ctx = KEYS_LIVE, .act = KEYS_ACT_LAB,
	  .kind = KEYS_LAB, .bar = N_("hint"), .lab = true,
	  .help = N_("lab: the step's hint") },
	{ .key = "u", .ctx = KEYS_IN_PLAY, .act = KEYS_ACT_LAB,
	  .kind = KEYS_LAB, .bar = N_("rewind"), .lab = true,
	  .help = N_("lab: rewind the cluster to where the step began") },
	{ .key = "I", .ctx = KEYS_VIEW, .act = KEYS_ACT_LAB,
	  .kind = KEYS_LAB, .lab = true,
	  .help = N_("lab: fold or unfold the lab's introduction") },
	{ .key = "1-9", .digit = true, .ctx = KEYS_ALL,
	  .act = KEYS_ACT_BROKER, .kind = KEYS_SELECT, .bar = N_("broker"),
	  .help = N_("select broker 1-9") },
	{ .key = "j", .alias = "Down", .ctx = KEYS_ALL, .act = KEYS_ACT_DOWN,
	  .kind = KEYS_SELECT, .shown = "j/k",
	  .help = N_("select partition (arrows too; mouse clicks select)") },
	{ .key = "k", .alias = "Up", .ctx = KEYS_ALL, .act = KEYS_ACT_UP,
	  .kind = KEYS_SELECT },
	{ .key = "Tab", .ctx = KEYS_ALL, .act = KEYS_ACT_FOCUS,
	  .kind = KEYS_SCREEN,
	  .help = N_("move focus: partitions, events, console, consumer") },
	{ .key = "PgUp", .ctx = KEYS_VIEW, .act = KEYS_ACT_PAGE,
	  .kind = KEYS_SCREEN, .shown = "PgUp/PgDn",
	  .help = N_("scroll the lab pane in a lab, else the focused pane") },
	{ .key = "PgDn", .ctx = KEYS_VIEW, .act = KEYS_ACT_PAGE,
	  .kind = KEYS_SCREEN },
	{ .key = "L", .ctx = KEYS_LIVE, .act = KEYS_ACT_CLUSTER,
	  .kind = KEYS_COMMANDS, .need = KEYS_NEED_PARTITION,
	  .bar = N_("crash leader"),
	  .help = N_("crash the leader of the selected partition") },
	{ .key = "x", .ctx = KEYS_LIVE, .act = KEYS_ACT_CLUSTER,
	  .kind = KEYS_COMMANDS, .need = KEYS_NEED_BROKER, .cmd = "kill",
	  .bar = N_("crash"), .help = N_("crash the selected broker (kill -9)") },
	{ .key = "r", .ctx = KEYS_LIVE, .act = KEYS_ACT_CLUSTER,
	  .kind = KEYS_COMMANDS, .need = KEYS_NEED_BROKER, .cmd = "restart",
	  .bar = N_("restart"), .help = N_("restart the selected broker") },
	{ .key = "s", .ctx = KEYS_LIVE, .act = KEYS_ACT_CLUSTER,
	  .kind = KEYS_COMMANDS, .need = KEYS_NEED_BROKER, .cmd = "stop",
	  .bar = N_("stop"), .help = N_("stop the selected broker cleanly") },
	{ .key = "i", .ctx = KEYS_LIVE, .act = KEYS_ACT_CLUSTER,
	  .kind = KEYS_COMMANDS, .need = KEYS_NEED_BROKER, .cmd = "isolate",
	  .bar = N_("isolate"),
	  .help = N_("isolate the selected broker from the others") },
	{ .key = "h", .ctx = KEYS_LIVE, .act = KEYS_ACT_CLUSTER,
	  .kind = KEYS_COMMANDS, .cmd = "heal", .bar = N_("heal"),
	  .help = N_("heal every network link") },
	{ .key = "p", .ctx = KEYS_LIVE, .act = KEYS_ACT_CLUSTER,
	  .kind = KEYS_COMMANDS, .need = KEYS_NEED_PARTITION,
	  .bar = N_("produce"),
	  .help = N_("produce one message to the selected partition") },
	{ .key = "P", .ctx = KEYS_LIVE, .act = KEYS_ACT_PRODUCER,
	  .kind = KEYS_SCREEN, .bar = N_("producer"),
	  .help = N_("start/stop a steady producer (10 msg/s)") },
	{ .key = "a", .ctx = KEYS_ALL, .act = KEYS_ACT_ACKS,
	  .kind = KEYS_SELECT,
	  .help = N_("cycle the producer's acks: 0, 1, all") },
	{ .key = "c", .ctx = KEYS_LIVE, .act = KEYS_ACT_CONSUMER,
	  .kind = KEYS_SCREEN, .bar = N_("consume"),
	  .help = N_("open/close a consumer pane on the topic") },
	{ .key = "d", .ctx = KEYS_ALL, .act = KEYS_ACT_DESCRIBE,
	  .kind = KEYS_COMMANDS, .need = KEYS_NEED_PARTITION,
	  .cmd = "describe", .bar = N_("describe"),
	  .help = N_("kafka-topics --describe of the topic") },
	{ .key = "m", .ctx = KEYS_ALL, .act = KEYS_ACT_METRICS,
	  .kind = KEYS_COMMANDS, .cmd = "metrics", .bar = N_("metrics"),
	  .help = N_("cluster metrics") },
	{ .key = ":", .ctx = KEYS_LIVE, .act = KEYS_ACT_CONSOLE,
	  .kind = KEYS_SCREEN, .bar = N_("console"),
	  .help = N_("command console (Esc closes; Tab completes)") },
	{ .key = "Space", .alias = " ", .ctx = KEYS_ALL,
	  .act = KEYS_ACT_PAUSE, .kind = KEYS_SCREEN, .shown = "space",
	  .bar = N_("pause"), .help = N_("pause / resume the lab clock") },
	{ .key = "+", .ctx = KEYS_ALL, .act = KEYS_ACT_SPEED,
	  .kind = KEYS_SCREEN, .shown = "+/-", .bar = N_("speed"),
	  .help = N_("faster / slower lab clock") },
	{ .key = "-", .ctx = KEYS_ALL, .act = KEYS_ACT_SPEED,
	  .kind = KEYS_SCREEN },
	{ .key = ".", .ctx = KEYS_LIVE, .act = KEYS_ACT_STEP,
	  .kind = KEYS_COMMANDS, .cmd = "step", .bar = N_("step"),
	  .help = N_("advance the clock 100 ms (pauses)") },
	{ .key = "e", .ctx = KEYS_LIVE, .act = KEYS_ACT_EXPORT,
	  .kind = KEYS_COMMANDS, .cmd = "export", .bar = N_("export"),
	  .help = N_("export the session (comes with the journal)") },
	{ .key = "q", .ctx = KEYS_ALL, .act = KEYS_ACT_QUIT,
	  .kind = KEYS_SCREEN, .bar = N_("quit"),
	  .help = N_("quit (asks first if not exported)") },
	{ .key = NULL },
};

const struct keys_entry *
keys_find(const char *name)
{
	const struct keys_entry	*k;

	for (k = keys_table; k->key != NULL; k++) {
		if (k->digit) {
			if (name[0] >= '1' && name[0] <= '9' &&
			    name[1] == '\0')
				return k;
			continue;
		}
		if (strcmp(k->key, name) == 0 || (k->alias != NULL &&
		    strcmp(k->alias, name) == 0))
			return k;
	}
	return NULL;
}

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
keys_move(const struct keys_entry *k, const char *name,
    struct keys_sel *sel, const struct snapshot *s, char *err, size_t len)
{
	long	i;

	if (k->digit) {
		if (name[0] - '0' > s->n_brokers) {
			snprintf(err, len, "%s: there is no broker %s (brokers "
			    "are 1-%d)", name, name, s->n_brokers);
			return -1;
		}
		sel->broker = name[0] - '0';
		return KEYS_SELECT;
	}
	if (k->act == KEYS_ACT_ACKS) {
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
	else if (k->act == KEYS_ACT_DOWN && (size_t)i + 1 < s->n_parts)
		i++;
	else if (k->act == KEYS_ACT_UP && i > 0)
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

	if (k->need == KEYS_NEED_BROKER && (sel->broker < 1 ||
	    sel->broker > s->n_brokers)) {
		snprintf(err, len, "%s: select a broker first (1-%d)", k->key,
		    s->n_brokers);
		return -1;
	}
	p = NULL;
	if (k->need == KEYS_NEED_PARTITION &&
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
	else if (k->need == KEYS_NEED_BROKER)
		strbuf_printf(&sb, "%s %d", k->cmd, sel->broker);
	else if (k->need == KEYS_NEED_PARTITION)
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
	const struct keys_entry	*k = keys_find(key);

	if (k == NULL || !(k->ctx & KEYS_IN_SCRIPT)) {
		snprintf(err, len, "unknown key '%s'", key);
		return -1;
	}
	switch (k->kind) {
	case KEYS_COMMANDS:
		return keys_commands(k, sel, s, cmds, err, len);
	case KEYS_SELECT:
		return keys_move(k, key, sel, s, err, len);
	default:
		return k->kind;
	}
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
