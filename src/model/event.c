/*
 * event.c - event names and the one-line format of `events`.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/event.h"
#include "model/image.h"
#include "util/xmalloc.h"

static const char *const event_names[EV__COUNT] = {
	[EV_BROKER_CRASH] = "broker_crash",
	[EV_BROKER_STOP] = "broker_stop",
	[EV_BROKER_START] = "broker_start",
	[EV_BROKER_FENCED] = "broker_fenced",
	[EV_BROKER_UNFENCED] = "broker_unfenced",
	[EV_LINK_CUT] = "link_cut",
	[EV_LINK_HEAL] = "link_heal",
	[EV_TOPIC_CREATED] = "topic_created",
	[EV_TOPIC_DELETED] = "topic_deleted",
	[EV_LEADER_CHANGE] = "leader_change",
	[EV_ISR_SHRINK] = "isr_shrink",
	[EV_ISR_EXPAND] = "isr_expand",
	[EV_PRODUCE_ERROR] = "produce_error",
	[EV_CLIENT_RETRY] = "client_retry",
	[EV_TRUNCATE] = "truncate",
	[EV_DATA_LOSS] = "data_loss",
	[EV_CONFIG_CHANGE] = "config_change",
	[EV_ALARM] = "alarm",
	[EV_NOTE] = "note",
	[EV_CONTROLLER_CHANGE] = "controller_change",
};

const char *
event_type_name(enum ev_type t)
{
	if ((unsigned)t < EV__COUNT && event_names[t] != NULL)
		return event_names[t];
	return "?";
}

static void
leader_format(int leader, char *buf, size_t len)
{
	if (leader == ISR_NO_LEADER)
		snprintf(buf, len, "none");
	else
		snprintf(buf, len, "%d", leader);
}

void
event_epoch_format(int32_t epoch, char *buf, size_t len)
{
	if (epoch < 0)
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%" PRId32, epoch);
}

/* ids as "1,2", or "none" for an empty set (an ISR emptied under ELR). */
static void
set_format(const int *ids, int n, char *buf, size_t len)
{
	if (n == 0)
		snprintf(buf, len, "none");
	else
		ids_format(ids, n, buf, len);
}

/* Append sep and part to buf when part is not empty. */
static void
append_part(char *buf, size_t len, const char *sep, const char *part)
{
	size_t used = strlen(buf);

	if (part[0] != '\0' && used < len)
		snprintf(buf + used, len - used, "%s%s", sep, part);
}

void
event_format(const struct event *e, char *buf, size_t len)
{
	char subject[ISR_TOPIC_MAX + 16], a[40], b[40], detail[256];

	if (e->topic[0] != '\0' && e->partition < 0)
		snprintf(subject, sizeof subject, "%s", e->topic);
	else if (e->topic[0] != '\0')
		snprintf(subject, sizeof subject, "%s-%d", e->topic,
		    e->partition);
	else if (e->broker > 0)
		snprintf(subject, sizeof subject, "broker %d", e->broker);
	else
		subject[0] = '\0';

	detail[0] = '\0';
	switch (e->type) {
	case EV_LEADER_CHANGE: {
		char ia[40], ib[40], ea[16], eb[16];

		leader_format(e->leader_from, a, sizeof a);
		leader_format(e->leader_to, b, sizeof b);
		set_format(e->isr_from, e->n_isr_from, ia, sizeof ia);
		set_format(e->isr_to, e->n_isr_to, ib, sizeof ib);
		event_epoch_format(e->epoch_from, ea, sizeof ea);
		event_epoch_format(e->epoch_to, eb, sizeof eb);
		snprintf(detail, sizeof detail,
		    "leader %s -> %s  epoch %s -> %s  isr %s -> %s%s", a, b,
		    ea, eb, ia, ib, e->clean ? "" : "  UNCLEAN");
		break;
	}
	case EV_ISR_SHRINK:
	case EV_ISR_EXPAND:
		set_format(e->isr_from, e->n_isr_from, a, sizeof a);
		set_format(e->isr_to, e->n_isr_to, b, sizeof b);
		snprintf(detail, sizeof detail, "isr %s -> %s", a, b);
		break;
	case EV_TRUNCATE:
		snprintf(detail, sizeof detail,
		    "replica %d log end %" PRId64 " -> %" PRId64, e->broker,
		    e->off_from, e->off_to);
		break;
	case EV_DATA_LOSS:
		if (e->off_to - e->off_from == 1)
			snprintf(detail, sizeof detail, "offset %" PRId64
			    " lost", e->off_from);
		else
			snprintf(detail, sizeof detail, "offsets %" PRId64
			    "..%" PRId64 " lost", e->off_from, e->off_to - 1);
		break;
	case EV_PRODUCE_ERROR:
	case EV_CLIENT_RETRY:
		snprintf(detail, sizeof detail, "%s", kerr_name(e->error));
		break;
	default:
		break;
	}
	if (e->n_elr_from != e->n_elr_to || memcmp(e->elr_from, e->elr_to,
	    (size_t)e->n_elr_to * sizeof e->elr_to[0]) != 0) {
		set_format(e->elr_from, e->n_elr_from, a, sizeof a);
		set_format(e->elr_to, e->n_elr_to, b, sizeof b);
		append_part(detail, sizeof detail, detail[0] != '\0' ? "  " :
		    "", "elr ");
		append_part(detail, sizeof detail, "", a);
		append_part(detail, sizeof detail, " -> ", b);
	}

	snprintf(buf, len, "%4" PRId64 ".%03" PRId64 "s  %s", e->t_ms / 1000,
	    e->t_ms % 1000, event_type_name(e->type));
	append_part(buf, len, "  ", subject);
	append_part(buf, len, "  ", detail);
	if (e->reason[0] != '\0') {
		append_part(buf, len, "  (", e->reason);
		append_part(buf, len, "", ")");
	}
}

struct event *
evq_push(struct evq *q, enum ev_type t, int64_t now)
{
	struct event *e;

	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 16;
		q->v = xreallocarray(q->v, q->cap, sizeof *q->v);
	}
	e = &q->v[q->n++];
	memset(e, 0, sizeof *e);
	e->type = t;
	e->t_ms = now;
	e->broker = -1;
	e->partition = -1;
	e->leader_from = e->leader_to = ISR_NO_LEADER;
	e->clean = 1;
	return e;
}

void
evq_clear(struct evq *q)
{
	q->n = 0;
}

void
evq_free(struct evq *q)
{
	free(q->v);
	memset(q, 0, sizeof *q);
}
