/*
 * cond.c - parsing and evaluating conditions, one table row per clause
 * kind: its keyword, how to parse its arguments, how to check it, how to
 * print it.  New kinds are one row and three small functions.
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/cmd.h"
#include "console/cond.h"
#include "console/console.h"
#include "util/xmalloc.h"

enum cond_op { OP_EQ, OP_NE, OP_GE, OP_LE, OP_GT, OP_LT, OP_CONTAINS,
    OP_LACKS };

static const char *const cond_op_names[] = {
	[OP_EQ] = "==", [OP_NE] = "!=", [OP_GE] = ">=", [OP_LE] = "<=",
	[OP_GT] = ">", [OP_LT] = "<", [OP_CONTAINS] = "contains",
	[OP_LACKS] = "lacks",
};

enum broker_cond { BC_UP, BC_DOWN, BC_FENCED, BC_ISOLATED };

static const char *const cond_broker_states[] = {
	[BC_UP] = "up", [BC_DOWN] = "down", [BC_FENCED] = "fenced",
	[BC_ISOLATED] = "isolated",
};

struct cond_kind;

struct cond_clause {
	const struct cond_kind	*kind;
	char			 topic[ISR_TOPIC_MAX + 1];
	int			 partition;
	enum cond_op		 op;
	int64_t			 n;		/* number or broker id */
	int			 ids[ISR_MAX_REPLICAS];
	int			 n_ids;
	struct words		 words;		/* ran, saw, error-seen, key */
	char			*text;		/* saw: what the output shows
						   (owned) */
	bool			 then;		/* joined to the clause before
						   by "then", not "and" */
};

struct cond {
	struct cond_clause	*v;
	size_t			 n;
};

/* The parser's cursor over one clause's words (the keyword excluded). */
struct cond_args {
	char *const	*v;
	size_t		 n;
	char		*err;
	size_t		 len;
};

struct cond_kind {
	const char	*keyword;
	const char	*syntax;
	int		(*parse)(struct cond_clause *, struct cond_args *);
	bool		(*eval)(const struct cond_clause *,
			    const struct snapshot *, const struct console *);
	void		(*format)(const struct cond_clause *, struct strbuf *);
	/* A fact about the cluster (not about what the student did): the
	 * state a `saw` must have been made under (cond_eval_state). */
	bool		  cluster;
	/* ran and saw: the run_seq of the first and last runs that make
	 * the clause hold, for "then" (NULL for other kinds). */
	void		(*seqs)(const struct cond_clause *,
			    const struct console *, uint64_t *, uint64_t *);
	/* The clause as a sentence for the lab's checklist, in Korean or
	 * English (cond_describe). */
	void		(*describe)(const struct cond_clause *, bool en,
			    struct strbuf *);
};

static int
cond_bad(struct cond_args *a, const char *keyword, const char *syntax)
{
	snprintf(a->err, a->len, "condition: expected '%s %s'", keyword,
	    syntax);
	return -1;
}

static int
cond_parse_op(const char *w, enum cond_op *op, bool numeric)
{
	size_t	i, last = numeric ? OP_LT : OP_NE;

	for (i = 0; i <= last; i++)
		if (strcmp(w, cond_op_names[i]) == 0) {
			*op = (enum cond_op)i;
			return 0;
		}
	if (strcmp(w, "=") == 0) {
		*op = OP_EQ;
		return 0;
	}
	return -1;
}

static int
cond_parse_tp(const char *w, struct cond_clause *cl)
{
	const char	*slash = strrchr(w, '/');
	long long	 p;

	if (slash == NULL || slash == w ||
	    (size_t)(slash - w) > ISR_TOPIC_MAX ||
	    !args_parse_int(slash + 1, &p) || p > 100000)
		return -1;
	memcpy(cl->topic, w, (size_t)(slash - w));
	cl->topic[slash - w] = '\0';
	cl->partition = (int)p;
	return 0;
}

static int
cond_parse_broker(const char *w, int64_t *out)
{
	long long	b;

	if (!args_parse_int(w, &b) || b < 1 || b > ISR_MAX_BROKERS)
		return -1;
	*out = b;
	return 0;
}

static int
cond_parse_ids(const char *w, struct cond_clause *cl)
{
	char	*copy = xstrdup(w), *tok, *save;
	int64_t	 b;

	cl->n_ids = 0;
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (cl->n_ids == ISR_MAX_REPLICAS ||
		    cond_parse_broker(tok, &b) != 0) {
			free(copy);
			return -1;
		}
		cl->ids[cl->n_ids++] = (int)b;
	}
	free(copy);
	return 0;
}

static int
cond_compare(int64_t v, enum cond_op op, int64_t n)
{
	switch (op) {
	case OP_EQ: return v == n;
	case OP_NE: return v != n;
	case OP_GE: return v >= n;
	case OP_LE: return v <= n;
	case OP_GT: return v > n;
	case OP_LT: return v < n;
	default: return 0;
	}
}

static const struct partition_reg *
cond_reg(const struct snapshot *s, const struct cond_clause *cl)
{
	return image_partition(&s->ctrl_image, cl->topic, cl->partition);
}

static void
cond_format_ids(const int *ids, int n, struct strbuf *out)
{
	int	i;

	for (i = 0; i < n; i++)
		strbuf_printf(out, i == 0 ? "%d" : ",%d", ids[i]);
}

/* --- leader T/P == B ----------------------------------------------------- */

static int
leader_parse(struct cond_clause *cl, struct cond_args *a)
{
	if (a->n != 3 || cond_parse_tp(a->v[0], cl) != 0 ||
	    cond_parse_op(a->v[1], &cl->op, false) != 0)
		return cond_bad(a, "leader", "T/P == B");
	if (strcmp(a->v[2], "none") == 0)
		cl->n = ISR_NO_LEADER;
	else if (cond_parse_broker(a->v[2], &cl->n) != 0)
		return cond_bad(a, "leader", "T/P == B");
	return 0;
}

static bool
leader_eval(const struct cond_clause *cl, const struct snapshot *s,
    const struct console *c)
{
	const struct partition_reg	*p = cond_reg(s, cl);

	(void)c;
	return p != NULL && cond_compare(p->leader, cl->op, cl->n);
}

static void
leader_format(const struct cond_clause *cl, struct strbuf *out)
{
	strbuf_printf(out, "leader %s/%d %s ", cl->topic, cl->partition,
	    cond_op_names[cl->op]);
	if (cl->n == ISR_NO_LEADER)
		strbuf_adds(out, "none");
	else
		strbuf_printf(out, "%" PRId64, cl->n);
}

/* --- isr T/P == 1,2,3 | contains B | lacks B ----------------------------- */

static int
isr_parse(struct cond_clause *cl, struct cond_args *a)
{
	static const char syntax[] = "T/P == 1,2,3' or 'isr T/P contains B";

	if (a->n != 3 || cond_parse_tp(a->v[0], cl) != 0)
		return cond_bad(a, "isr", syntax);
	if (strcmp(a->v[1], "contains") == 0 || strcmp(a->v[1], "lacks") == 0) {
		cl->op = a->v[1][0] == 'c' ? OP_CONTAINS : OP_LACKS;
		if (cond_parse_broker(a->v[2], &cl->n) != 0)
			return cond_bad(a, "isr", syntax);
		return 0;
	}
	if (cond_parse_op(a->v[1], &cl->op, false) != 0 ||
	    cond_parse_ids(a->v[2], cl) != 0)
		return cond_bad(a, "isr", syntax);
	return 0;
}

static bool
isr_eval(const struct cond_clause *cl, const struct snapshot *s,
    const struct console *c)
{
	const struct partition_reg	*p = cond_reg(s, cl);
	bool				 same;
	int				 i;

	(void)c;
	if (p == NULL)
		return false;
	switch (cl->op) {
	case OP_CONTAINS:
		return preg_in_isr(p, (int)cl->n);
	case OP_LACKS:
		return !preg_in_isr(p, (int)cl->n);
	default:
		same = p->n_isr == cl->n_ids;
		for (i = 0; same && i < cl->n_ids; i++)
			same = preg_in_isr(p, cl->ids[i]);
		return cl->op == OP_EQ ? same : !same;
	}
}

static void
isr_format(const struct cond_clause *cl, struct strbuf *out)
{
	strbuf_printf(out, "isr %s/%d %s ", cl->topic, cl->partition,
	    cond_op_names[cl->op]);
	if (cl->op == OP_CONTAINS || cl->op == OP_LACKS)
		strbuf_printf(out, "%" PRId64, cl->n);
	else
		cond_format_ids(cl->ids, cl->n_ids, out);
}

/* --- broker B up|down|fenced|isolated ------------------------------------ */

static int
broker_parse(struct cond_clause *cl, struct cond_args *a)
{
	size_t	i;

	if (a->n != 2 || cond_parse_broker(a->v[0], &cl->n) != 0)
		return cond_bad(a, "broker", "B up|down|fenced|isolated");
	for (i = 0; i < sizeof cond_broker_states / sizeof
	    cond_broker_states[0]; i++)
		if (strcmp(a->v[1], cond_broker_states[i]) == 0) {
			cl->n_ids = (int)i;
			return 0;
		}
	return cond_bad(a, "broker", "B up|down|fenced|isolated");
}

static bool
broker_eval(const struct cond_clause *cl, const struct snapshot *s,
    const struct console *c)
{
	const struct snap_broker	*b;

	(void)c;
	if (cl->n > s->n_brokers)
		return false;
	b = &s->brokers[cl->n];
	switch ((enum broker_cond)cl->n_ids) {
	case BC_UP:
		return b->state == BROKER_RUNNING ||
		    b->state == BROKER_STOPPING;
	case BC_DOWN:
		return b->state == BROKER_DOWN;
	case BC_FENCED:
		return b->fenced;
	case BC_ISOLATED:
		return links_isolated(&s->links, (int)cl->n, s->n_brokers);
	}
	return false;
}

static void
broker_format(const struct cond_clause *cl, struct strbuf *out)
{
	strbuf_printf(out, "broker %" PRId64 " %s", cl->n,
	    cond_broker_states[cl->n_ids]);
}

/* --- urp / offline OP N -------------------------------------------------- */

static int
count_parse(struct cond_clause *cl, struct cond_args *a, const char *kw)
{
	long long	n;

	if (a->n != 2 || cond_parse_op(a->v[0], &cl->op, true) != 0 ||
	    !args_parse_int(a->v[1], &n))
		return cond_bad(a, kw, "== N");
	cl->n = n;
	return 0;
}

static int
urp_parse(struct cond_clause *cl, struct cond_args *a)
{
	return count_parse(cl, a, "urp");
}

static int
offline_parse(struct cond_clause *cl, struct cond_args *a)
{
	return count_parse(cl, a, "offline");
}

static bool
urp_eval(const struct cond_clause *cl, const struct snapshot *s,
    const struct console *c)
{
	(void)c;
	return cond_compare(s->metrics.under_replicated, cl->op, cl->n);
}

static bool
offline_eval(const struct cond_clause *cl, const struct snapshot *s,
    const struct console *c)
{
	(void)c;
	return cond_compare(s->metrics.offline, cl->op, cl->n);
}

static void
count_format(const struct cond_clause *cl, struct strbuf *out)
{
	strbuf_printf(out, "%s %s %" PRId64, cl->kind->keyword,
	    cond_op_names[cl->op], cl->n);
}

/* --- hw T/P OP N --------------------------------------------------------- */

static int
hw_parse(struct cond_clause *cl, struct cond_args *a)
{
	long long	n;

	if (a->n != 3 || cond_parse_tp(a->v[0], cl) != 0 ||
	    cond_parse_op(a->v[1], &cl->op, true) != 0 ||
	    !args_parse_int(a->v[2], &n))
		return cond_bad(a, "hw", "T/P >= N");
	cl->n = n;
	return 0;
}

static bool
hw_eval(const struct cond_clause *cl, const struct snapshot *s,
    const struct console *c)
{
	const struct snap_partition	*p;

	(void)c;
	p = snapshot_partition(s, cl->topic, cl->partition);
	return p != NULL && p->hw >= 0 && cond_compare(p->hw, cl->op, cl->n);
}

static void
hw_format(const struct cond_clause *cl, struct strbuf *out)
{
	strbuf_printf(out, "hw %s/%d %s %" PRId64, cl->topic, cl->partition,
	    cond_op_names[cl->op], cl->n);
}

/* --- produced / consumed T OP N ------------------------------------------ */

static int
session_count_parse(struct cond_clause *cl, struct cond_args *a,
    const char *kw)
{
	long long	n;

	if (a->n != 3 || strlen(a->v[0]) > ISR_TOPIC_MAX ||
	    cond_parse_op(a->v[1], &cl->op, true) != 0 ||
	    !args_parse_int(a->v[2], &n))
		return cond_bad(a, kw, "T >= N");
	snprintf(cl->topic, sizeof cl->topic, "%s", a->v[0]);
	cl->n = n;
	return 0;
}

static int
produced_parse(struct cond_clause *cl, struct cond_args *a)
{
	return session_count_parse(cl, a, "produced");
}

static int
consumed_parse(struct cond_clause *cl, struct cond_args *a)
{
	return session_count_parse(cl, a, "consumed");
}

static bool
produced_eval(const struct cond_clause *cl, const struct snapshot *s,
    const struct console *c)
{
	(void)s;
	return c != NULL && cond_compare(console_produced(c, cl->topic),
	    cl->op, cl->n);
}

static bool
consumed_eval(const struct cond_clause *cl, const struct snapshot *s,
    const struct console *c)
{
	(void)s;
	return c != NULL && cond_compare(console_consumed(c, cl->topic),
	    cl->op, cl->n);
}

static void
session_count_format(const struct cond_clause *cl, struct strbuf *out)
{
	strbuf_printf(out, "%s %s %s %" PRId64, cl->kind->keyword, cl->topic,
	    cond_op_names[cl->op], cl->n);
}

/* --- error-seen NAME, key-pressed KEY, ran PREFIX ------------------------ */

static int
word_parse(struct cond_clause *cl, struct cond_args *a, const char *kw,
    const char *syntax)
{
	if (a->n != 1)
		return cond_bad(a, kw, syntax);
	words_add(&cl->words, a->v[0]);
	return 0;
}

static int
error_parse(struct cond_clause *cl, struct cond_args *a)
{
	return word_parse(cl, a, "error-seen", "NAME");
}

static int
key_parse(struct cond_clause *cl, struct cond_args *a)
{
	return word_parse(cl, a, "key-pressed", "KEY");
}

static bool
error_eval(const struct cond_clause *cl, const struct snapshot *s,
    const struct console *c)
{
	(void)s;
	return c != NULL && console_error_seen(c, cl->words.v[0]);
}

static bool
key_eval(const struct cond_clause *cl, const struct snapshot *s,
    const struct console *c)
{
	(void)s;
	return c != NULL && console_key_pressed(c, cl->words.v[0]);
}

/* ran CMD-PREFIX [times OP N]: the count ends the words when given. */
static int
ran_parse(struct cond_clause *cl, struct cond_args *a)
{
	static const char syntax[] = "COMMAND-PREFIX [times >= N]";
	long long	n = 1;
	int		container;
	size_t		i, end = a->n;

	cl->op = OP_GE;
	if (a->n >= 4 && strcmp(a->v[a->n - 3], "times") == 0) {
		if (cond_parse_op(a->v[a->n - 2], &cl->op, true) != 0 ||
		    !args_parse_int(a->v[a->n - 1], &n))
			return cond_bad(a, "ran", syntax);
		end = a->n - 3;
	}
	cl->n = n;
	if (end == 0)
		return cond_bad(a, "ran", syntax);
	for (i = 0; i < end; i++)
		words_add(&cl->words, a->v[i]);
	cmd_normalize(&cl->words, &container, NULL, 0, true);
	if (cl->words.n == 0)
		return cond_bad(a, "ran", syntax);
	return 0;
}

static bool
ran_eval(const struct cond_clause *cl, const struct snapshot *s,
    const struct console *c)
{
	(void)s;
	return c != NULL && cond_compare(console_ran_count(c, &cl->words,
	    NULL, NULL), cl->op, cl->n);
}

static void
ran_seqs(const struct cond_clause *cl, const struct console *c,
    uint64_t *first, uint64_t *last)
{
	console_ran_count(c, &cl->words, first, last);
}

static void
ran_format(const struct cond_clause *cl, struct strbuf *out)
{
	char	*j = words_join(&cl->words, 0);

	strbuf_printf(out, "ran %s", j);
	if (cl->op != OP_GE || cl->n != 1)
		strbuf_printf(out, " times %s %" PRId64, cond_op_names[cl->op],
		    cl->n);
	free(j);
}

/* saw CMD-PREFIX matching TEXT: a success of the command, made while the
 * rest of the state held (console_set_witness), printed TEXT. */
static int
saw_parse(struct cond_clause *cl, struct cond_args *a)
{
	static const char syntax[] = "COMMAND-PREFIX matching TEXT";
	struct strbuf	text = STRBUF_INIT;
	int		container;
	size_t		i, m;

	for (m = 0; m < a->n && strcmp(a->v[m], "matching") != 0; m++)
		;
	if (m == 0 || m + 1 >= a->n)
		return cond_bad(a, "saw", syntax);
	for (i = 0; i < m; i++)
		words_add(&cl->words, a->v[i]);
	cmd_normalize(&cl->words, &container, NULL, 0, true);
	if (cl->words.n == 0)
		return cond_bad(a, "saw", syntax);
	for (i = m + 1; i < a->n; i++)
		strbuf_printf(&text, i > m + 1 ? " %s" : "%s", a->v[i]);
	cl->text = xstrdup(strbuf_cstr(&text));
	strbuf_free(&text);
	return 0;
}

static bool
saw_eval(const struct cond_clause *cl, const struct snapshot *s,
    const struct console *c)
{
	(void)s;
	return c != NULL && console_saw(c, &cl->words, cl->text, NULL);
}

static void
saw_seqs(const struct cond_clause *cl, const struct console *c,
    uint64_t *first, uint64_t *last)
{
	*first = *last = 0;
	console_saw(c, &cl->words, cl->text, first);
	*last = *first;
}

static void
saw_format(const struct cond_clause *cl, struct strbuf *out)
{
	char	*j = words_join(&cl->words, 0);

	strbuf_printf(out, "saw %s matching %s%s%s", j,
	    strchr(cl->text, ' ') != NULL ? "\"" : "", cl->text,
	    strchr(cl->text, ' ') != NULL ? "\"" : "");
	free(j);
}

static void
words_format(const struct cond_clause *cl, struct strbuf *out)
{
	char	*j = words_join(&cl->words, 0);

	strbuf_printf(out, "%s %s", cl->kind->keyword, j);
	free(j);
}

/* --- event-seen TYPE [T] ------------------------------------------------- */

static int
evseen_parse(struct cond_clause *cl, struct cond_args *a)
{
	int	t;

	if (a->n < 1 || a->n > 2)
		return cond_bad(a, "event-seen", "TYPE [TOPIC]");
	for (t = 0; t < EV__COUNT; t++)
		if (strcmp(a->v[0], event_type_name((enum ev_type)t)) == 0)
			break;
	if (t == EV__COUNT) {
		snprintf(a->err, a->len, "condition: unknown event type '%s' "
		    "(e.g. data_loss, leader_change, isr_shrink)", a->v[0]);
		return -1;
	}
	cl->n = t;
	if (a->n == 2) {
		if (strlen(a->v[1]) > ISR_TOPIC_MAX)
			return cond_bad(a, "event-seen", "TYPE [TOPIC]");
		snprintf(cl->topic, sizeof cl->topic, "%s", a->v[1]);
	}
	words_add(&cl->words, a->v[0]);
	return 0;
}

static bool
evseen_eval(const struct cond_clause *cl, const struct snapshot *s,
    const struct console *c)
{
	(void)s;
	return c != NULL && console_event_seen(c, (int)cl->n,
	    cl->topic[0] != '\0' ? cl->topic : NULL);
}

static void
evseen_format(const struct cond_clause *cl, struct strbuf *out)
{
	strbuf_printf(out, "event-seen %s%s%s", cl->words.v[0],
	    cl->topic[0] != '\0' ? " " : "", cl->topic);
}

/* --- sentences (cond_describe) ------------------------------------------ */

/* The subject particle after a number or ISR list in Korean: 이 when
 * the number read aloud ends in a consonant (영 일 삼 육 칠 팔, and 십,
 * 백, 천, 만 for round ones), else 가 (이 사 오 구). */
static const char *
cond_ko_subject(int64_t n)
{
	int	d = (int)((n < 0 ? -n : n) % 10);

	return d == 2 || d == 4 || d == 5 || d == 9 ? "가" : "이";
}

/* T-P as Kafka names a partition (email.send-0). */
static void
cond_tp(const struct cond_clause *cl, struct strbuf *out)
{
	strbuf_printf(out, "%s-%d", cl->topic, cl->partition);
}

/* " is N", " is at least N", ... after a subject (English), or the
 * Korean predicate "N개다", "N개 이상이다", ... with UNIT ("개", "건" or
 * "" for a bare number). */
static void
cond_op_phrase(enum cond_op op, int64_t n, bool en, const char *unit,
    struct strbuf *out)
{
	static const char *const en_ops[] = {
		[OP_EQ] = "is", [OP_NE] = "is not", [OP_GE] = "is at least",
		[OP_LE] = "is at most", [OP_GT] = "is more than",
		[OP_LT] = "is less than", [OP_CONTAINS] = "is",
		[OP_LACKS] = "is not",
	};
	bool			  batchim;
	static const char *const ko_ops[] = {
		[OP_EQ] = "이다", [OP_NE] = "이 아니다", [OP_GE] = " 이상이다",
		[OP_LE] = " 이하다", [OP_GT] = "보다 많다",
		[OP_LT] = "보다 적다", [OP_CONTAINS] = "이다",
		[OP_LACKS] = "이 아니다",
	};

	if (en) {
		strbuf_printf(out, " %s %" PRId64, en_ops[op], n);
		return;
	}
	strbuf_printf(out, "%" PRId64 "%s", n, unit);
	/* "3이다", "5다"; "2개다"; "3건이다": the particle follows the last
	 * sound. */
	batchim = unit[0] == '\0' ? strcmp(cond_ko_subject(n), "이") == 0 :
	    strcmp(unit, "개") != 0;
	if (op == OP_EQ)
		strbuf_adds(out, batchim ? "이다" : "다");
	else if (op == OP_NE)
		strbuf_adds(out, batchim ? "이 아니다" : "가 아니다");
	else
		strbuf_adds(out, ko_ops[op]);
}

static void
leader_describe(const struct cond_clause *cl, bool en, struct strbuf *out)
{
	bool	none = cl->n == ISR_NO_LEADER, eq = cl->op == OP_EQ;

	if (en) {
		if (none)
			strbuf_adds(out, eq ? "" : "There is a leader for ");
		else
			strbuf_adds(out, "The leader of ");
		cond_tp(cl, out);
		if (none)
			strbuf_adds(out, eq ? " has no leader" : "");
		else
			strbuf_printf(out, eq ? " is broker %" PRId64 :
			    " is no longer broker %" PRId64, cl->n);
		return;
	}
	cond_tp(cl, out);
	if (none)
		strbuf_adds(out, eq ? "의 리더가 없어진다 (Leader: none)" :
		    "에 리더가 있다");
	else
		strbuf_printf(out, eq ? "의 리더가 브로커 %" PRId64 "%s 된다" :
		    "의 리더가 브로커 %" PRId64 "%s 아니다", cl->n,
		    cond_ko_subject(cl->n));
}

static void
isr_describe(const struct cond_clause *cl, bool en, struct strbuf *out)
{
	int	last = cl->n_ids > 0 ? cl->ids[cl->n_ids - 1] : 0;

	if (cl->op == OP_CONTAINS || cl->op == OP_LACKS) {
		if (en) {
			strbuf_printf(out, "Broker %" PRId64 " %s the ISR of ",
			    cl->n, cl->op == OP_CONTAINS ? "is in" :
			    "is out of");
			cond_tp(cl, out);
			return;
		}
		strbuf_printf(out, "브로커 %" PRId64 "%s ", cl->n,
		    cond_ko_subject(cl->n));
		cond_tp(cl, out);
		strbuf_adds(out, cl->op == OP_CONTAINS ? "의 ISR에 있다" :
		    "의 ISR에서 빠진다");
		return;
	}
	if (en) {
		strbuf_adds(out, "The ISR of ");
		cond_tp(cl, out);
		strbuf_adds(out, cl->op == OP_EQ ? " becomes " : " is not ");
		cond_format_ids(cl->ids, cl->n_ids, out);
		return;
	}
	cond_tp(cl, out);
	strbuf_adds(out, "의 ISR이 ");
	cond_format_ids(cl->ids, cl->n_ids, out);
	strbuf_printf(out, "%s %s", cond_ko_subject(last), cl->op == OP_EQ ?
	    "된다" : "아니다");
}

static void
broker_describe(const struct cond_clause *cl, bool en, struct strbuf *out)
{
	static const char *const en_states[] = {
		[BC_UP] = "is up", [BC_DOWN] = "is down",
		[BC_FENCED] = "is fenced", [BC_ISOLATED] = "is isolated",
	};
	static const char *const ko_states[] = {
		[BC_UP] = "실행 중이다", [BC_DOWN] = "다운된다",
		[BC_FENCED] = "펜싱된다", [BC_ISOLATED] = "격리된다",
	};

	if (en)
		strbuf_printf(out, "Broker %" PRId64 " %s", cl->n,
		    en_states[cl->n_ids]);
	else
		strbuf_printf(out, "브로커 %" PRId64 "%s %s", cl->n,
		    cond_ko_subject(cl->n), ko_states[cl->n_ids]);
}

static void
count_describe(const struct cond_clause *cl, bool en, struct strbuf *out)
{
	bool	urp = strcmp(cl->kind->keyword, "urp") == 0;

	if (en)
		strbuf_adds(out, urp ? "The number of under-replicated "
		    "partitions (URP)" : "The number of offline partitions");
	else
		strbuf_adds(out, urp ? "복제가 부족한 파티션(URP)이 " :
		    "오프라인 파티션이 ");
	cond_op_phrase(cl->op, cl->n, en, "개", out);
}

static void
hw_describe(const struct cond_clause *cl, bool en, struct strbuf *out)
{
	if (en) {
		strbuf_adds(out, "The high watermark of ");
		cond_tp(cl, out);
	} else {
		cond_tp(cl, out);
		strbuf_adds(out, "의 하이 워터마크(HW)가 ");
	}
	cond_op_phrase(cl->op, cl->n, en, "", out);
}

static void
session_count_describe(const struct cond_clause *cl, bool en,
    struct strbuf *out)
{
	bool	produced = strcmp(cl->kind->keyword, "produced") == 0;

	if (en)
		strbuf_printf(out, "The number of messages %s %s", produced ?
		    "produced to" : "consumed from", cl->topic);
	else
		strbuf_printf(out, "%s%s 메시지가 ", cl->topic, produced ?
		    "에 보낸" : "에서 읽은");
	cond_op_phrase(cl->op, cl->n, en, "건", out);
}

static void
ran_describe(const struct cond_clause *cl, bool en, struct strbuf *out)
{
	char	*j = words_join(&cl->words, 0);

	strbuf_printf(out, en ? "Run `%s`" : "`%s` 명령을 실행한다", j);
	if (cl->op != OP_GE || cl->n != 1)
		strbuf_printf(out, en ? " (%s %" PRId64 " times)" :
		    " (%s %" PRId64 "번)", cond_op_names[cl->op], cl->n);
	free(j);
}

static void
saw_describe(const struct cond_clause *cl, bool en, struct strbuf *out)
{
	char	*j = words_join(&cl->words, 0);

	strbuf_printf(out, en ? "Run `%s` and see \"%s\" in its output" :
	    "`%s` 명령을 실행해 출력에서 \"%s\" 부분을 확인한다", j, cl->text);
	free(j);
}

static void
words_describe(const struct cond_clause *cl, bool en, struct strbuf *out)
{
	char	*j = words_join(&cl->words, 0);

	if (strcmp(cl->kind->keyword, "key-pressed") == 0)
		strbuf_printf(out, en ? "Press the %s key" : "%s 키를 누른다", j);
	else
		strbuf_printf(out, en ? "See the error %s" :
		    "%s 오류를 확인한다", j);
	free(j);
}

static void
evseen_describe(const struct cond_clause *cl, bool en, struct strbuf *out)
{
	const char	*type = event_type_name((enum ev_type)cl->n);

	if (en)
		strbuf_printf(out, "The event log shows %s%s%s", type,
		    cl->topic[0] != '\0' ? " on " : "", cl->topic);
	else
		strbuf_printf(out, "이벤트 로그에 %s%s%s 이벤트가 보인다",
		    cl->topic, cl->topic[0] != '\0' ? "의 " : "", type);
}

static const struct cond_kind cond_kinds[] = {
	{ "leader", "T/P == B", leader_parse, leader_eval, leader_format,
	  true, NULL, leader_describe },
	{ "isr", "T/P == 1,2,3", isr_parse, isr_eval, isr_format, true,
	  NULL, isr_describe },
	{ "broker", "B up|down|fenced|isolated", broker_parse, broker_eval,
	  broker_format, true, NULL, broker_describe },
	{ "urp", "== N", urp_parse, urp_eval, count_format, true, NULL,
	  count_describe },
	{ "offline", "== N", offline_parse, offline_eval, count_format, true,
	  NULL, count_describe },
	{ "hw", "T/P >= N", hw_parse, hw_eval, hw_format, true, NULL,
	  hw_describe },
	{ "produced", "T >= N", produced_parse, produced_eval,
	  session_count_format, false, NULL, session_count_describe },
	{ "consumed", "T >= N", consumed_parse, consumed_eval,
	  session_count_format, false, NULL, session_count_describe },
	{ "error-seen", "NAME", error_parse, error_eval, words_format, false,
	  NULL, words_describe },
	{ "ran", "COMMAND-PREFIX [times >= N]", ran_parse, ran_eval,
	  ran_format, false, ran_seqs, ran_describe },
	{ "saw", "COMMAND-PREFIX matching TEXT", saw_parse, saw_eval,
	  saw_format, false, saw_seqs, saw_describe },
	{ "key-pressed", "KEY", key_parse, key_eval, words_format, false,
	  NULL, words_describe },
	{ "event-seen", "TYPE [TOPIC]", evseen_parse, evseen_eval,
	  evseen_format, false, NULL, evseen_describe },
};

/* --- attach mode -------------------------------------------------------- */

/* The events attach mode derives from two polls (attach/observe.h),
 * the acknowledged records it reads back, and the notes it writes. */
static bool
cond_observed_event(enum ev_type t)
{
	return t == EV_LEADER_CHANGE || t == EV_ISR_SHRINK ||
	    t == EV_ISR_EXPAND || t == EV_TOPIC_CREATED ||
	    t == EV_TOPIC_DELETED || t == EV_DATA_LOSS || t == EV_NOTE;
}

int
cond_attach_check(const struct cond *c, char *why, size_t len)
{
	const struct cond_clause	*cl;
	size_t				 i;

	for (i = 0; i < c->n; i++) {
		cl = &c->v[i];
		/* fenced is observed (out of the cluster's metadata, still
		 * answering); which links are cut is not. */
		if (strcmp(cl->kind->keyword, "broker") == 0 &&
		    cl->n_ids == BC_ISOLATED) {
			snprintf(why, len, "broker %" PRId64 " %s: attached, "
			    "isrlab cannot see which links are cut (a broker "
			    "is up, fenced or down)", cl->n,
			    cond_broker_states[cl->n_ids]);
			return -1;
		}
		if (strcmp(cl->kind->keyword, "event-seen") == 0 &&
		    !cond_observed_event((enum ev_type)cl->n)) {
			snprintf(why, len, "event-seen %s: attached, isrlab "
			    "observes only leader_change, isr_shrink, "
			    "isr_expand, topic_created, topic_deleted, "
			    "data_loss and note",
			    event_type_name((enum ev_type)cl->n));
			return -1;
		}
	}
	return 0;
}

/* --- the conjunction ----------------------------------------------------- */

void
cond_free(struct cond *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		words_free(&c->v[i].words);
		free(c->v[i].text);
	}
	free(c->v);
	free(c);
}

int
cond_parse_words(const struct words *w, size_t from, struct cond **out,
    char *err, size_t len)
{
	struct cond		*c = xcalloc(1, sizeof *c);
	struct cond_clause	*cl;
	struct cond_args	 a;
	const struct cond_kind	*k;
	size_t			 i = from, end, j;
	bool			 then = false;

	*out = NULL;
	if (from >= w->n) {
		snprintf(err, len, "condition: empty (e.g. 'leader "
		    "email.send/0 != 1')");
		goto fail;
	}
	while (i < w->n) {
		for (end = i; end < w->n && strcmp(w->v[end], "and") != 0 &&
		    strcmp(w->v[end], "then") != 0; end++)
			;
		if (end == i || end + 1 == w->n) {
			snprintf(err, len, "condition: '%s' needs a clause "
			    "on each side", end < w->n ? w->v[end] : "and");
			goto fail;
		}
		k = NULL;
		for (j = 0; j < sizeof cond_kinds / sizeof cond_kinds[0]; j++)
			if (strcmp(w->v[i], cond_kinds[j].keyword) == 0)
				k = &cond_kinds[j];
		if (k == NULL) {
			snprintf(err, len, "condition: unknown '%s' (leader, "
			    "isr, broker, urp, offline, hw, produced, consumed, "
			    "error-seen, ran, saw, key-pressed, event-seen)",
			    w->v[i]);
			goto fail;
		}
		if (then && (k->seqs == NULL ||
		    c->v[c->n - 1].kind->seqs == NULL)) {
			snprintf(err, len, "condition: 'then' orders two 'ran' "
			    "or 'saw' clauses");
			goto fail;
		}
		c->v = xreallocarray(c->v, c->n + 1, sizeof *c->v);
		cl = &c->v[c->n++];
		memset(cl, 0, sizeof *cl);
		cl->kind = k;
		cl->then = then;
		a.v = w->v + i + 1;
		a.n = end - i - 1;
		a.err = err;
		a.len = len;
		if (k->parse(cl, &a) != 0)
			goto fail;
		then = end < w->n && strcmp(w->v[end], "then") == 0;
		i = end + 1;
	}
	*out = c;
	return 0;
fail:
	cond_free(c);
	return -1;
}

int
cond_parse(const char *text, struct cond **out, char *err, size_t len)
{
	struct words	w = WORDS_INIT;
	int		rc;

	*out = NULL;
	if (words_split(text, &w, err, len) != 0)
		return -1;
	rc = cond_parse_words(&w, 0, out, err, len);
	words_free(&w);
	return rc;
}

void
cond_names(const struct cond *c, cond_name_fn fn, void *arg)
{
	const struct cond_clause	*cl;
	const char			*kw;
	size_t				 i;
	int				 j;

	for (i = 0; i < c->n; i++) {
		cl = &c->v[i];
		kw = cl->kind->keyword;
		if (strcmp(kw, "leader") == 0 || strcmp(kw, "isr") == 0 ||
		    strcmp(kw, "hw") == 0)
			fn(arg, cl->topic, cl->partition, 0);
		else if (strcmp(kw, "produced") == 0 ||
		    strcmp(kw, "consumed") == 0 ||
		    (strcmp(kw, "event-seen") == 0 && cl->topic[0] != '\0'))
			fn(arg, cl->topic, -1, 0);
		if (strcmp(kw, "broker") == 0 ||
		    (strcmp(kw, "leader") == 0 && cl->n != ISR_NO_LEADER) ||
		    (strcmp(kw, "isr") == 0 && (cl->op == OP_CONTAINS ||
		    cl->op == OP_LACKS)))
			fn(arg, NULL, -1, (int)cl->n);
		if (strcmp(kw, "isr") == 0 && cl->op != OP_CONTAINS &&
		    cl->op != OP_LACKS)
			for (j = 0; j < cl->n_ids; j++)
				fn(arg, NULL, -1, cl->ids[j]);
	}
}

/* Whether clause i holds, its order after clause i-1 included. */
static bool
cond_clause_holds(const struct cond *c, size_t i, const struct snapshot *s,
    const struct console *console)
{
	const struct cond_clause	*cl = &c->v[i];
	uint64_t			 f0, l0, f1, l1;

	if (!cl->kind->eval(cl, s, console))
		return false;
	if (!cl->then || console == NULL)
		return true;
	/* "A then B": B's latest run came after A's latest. */
	c->v[i - 1].kind->seqs(&c->v[i - 1], console, &f0, &l0);
	cl->kind->seqs(cl, console, &f1, &l1);
	return l1 > l0;
}

bool
cond_needs_broker(const struct cond *c, int b, bool in_isr_only,
    struct strbuf *out)
{
	const struct cond_clause	*cl;
	const char			*kw;
	size_t				 i;
	int				 j;
	bool				 needs;

	for (i = 0; i < c->n; i++) {
		cl = &c->v[i];
		kw = cl->kind->keyword;
		needs = false;
		if (strcmp(kw, "leader") == 0)
			needs = cl->op == OP_EQ && cl->n == b;
		else if (strcmp(kw, "isr") == 0) {
			if (cl->op == OP_CONTAINS)
				needs = cl->n == b;
			else if (cl->op == OP_EQ)
				for (j = 0; j < cl->n_ids; j++)
					needs = needs || cl->ids[j] == b;
		} else if (strcmp(kw, "broker") == 0 && !in_isr_only)
			needs = cl->n == b && cl->n_ids == BC_UP;
		if (needs) {
			cl->kind->format(cl, out);
			return true;
		}
	}
	return false;
}

bool
cond_eval(const struct cond *c, const struct snapshot *s,
    const struct console *console)
{
	size_t	i;

	for (i = 0; i < c->n; i++)
		if (!cond_clause_holds(c, i, s, console))
			return false;
	return true;
}

bool
cond_eval_state(const struct cond *c, const struct snapshot *s)
{
	size_t	i;

	for (i = 0; i < c->n; i++)
		if (c->v[i].kind->cluster && !c->v[i].kind->eval(&c->v[i], s,
		    NULL))
			return false;
	return true;
}

void
cond_format(const struct cond *c, struct strbuf *out)
{
	size_t	i;

	for (i = 0; i < c->n; i++) {
		if (i > 0)
			strbuf_adds(out, c->v[i].then ? " then " : " and ");
		c->v[i].kind->format(&c->v[i], out);
	}
}

void
cond_describe(const struct cond *c, bool en, struct strbuf *out)
{
	size_t	i;

	size_t	start;

	for (i = 0; i < c->n; i++) {
		if (i > 0)
			strbuf_adds(out, c->v[i].then ? (en ? ", then " :
			    ", 그다음 ") : (en ? " and " : ", 그리고 "));
		start = out->len;
		c->v[i].kind->describe(&c->v[i], en, out);
		/* "... and the number of ...": one sentence. */
		if (i > 0 && en && out->s[start] >= 'A' && out->s[start] <= 'Z')
			out->s[start] = (char)(out->s[start] - 'A' + 'a');
	}
}

void
cond_format_failing(const struct cond *c, const struct snapshot *s,
    const struct console *console, struct strbuf *out)
{
	size_t	i;

	for (i = 0; i < c->n; i++)
		if (!cond_clause_holds(c, i, s, console)) {
			if (c->v[i].then) {
				c->v[i - 1].kind->format(&c->v[i - 1], out);
				strbuf_adds(out, " then ");
			}
			c->v[i].kind->format(&c->v[i], out);
			return;
		}
}
