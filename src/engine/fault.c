/*
 * fault.c - faults applied to brokers and links (see fault.h).
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "engine/fault.h"
#include "util/i18n.h"

static void
fault_event(struct evq *out, enum ev_type t, int broker, int64_t now,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
fault_event(struct evq *out, enum ev_type t, int broker, int64_t now,
    const char *fmt, ...)
{
	struct event *e = evq_push(out, t, now);
	va_list ap;

	e->broker = broker;
	va_start(ap, fmt);
	vsnprintf(e->reason, sizeof e->reason, fmt, ap);
	va_end(ap);
}

bool
fault_is_link(const struct fault *f)
{
	return f->kind == FAULT_ISOLATE || f->kind == FAULT_PARTITION ||
	    f->kind == FAULT_HEAL || f->kind == FAULT_SLOW;
}

int
fault_check(const struct fault *f, int n_brokers, char *err, size_t len)
{
	if (f->kind == FAULT_PARTITION || (f->kind == FAULT_HEAL &&
	    f->broker < 0))
		return 0;
	if (f->broker < 1 || f->broker > n_brokers) {
		snprintf(err, len, _("broker %d does not exist (brokers are "
		    "1-%d)"), f->broker, n_brokers);
		return -1;
	}
	return 0;
}

int
fault_apply_broker(struct broker *b, const struct fault *f, int64_t now,
    struct evq *out, char *err, size_t len)
{
	switch (f->kind) {
	case FAULT_KILL:
		if (!broker_is_up(b)) {
			snprintf(err, len, _("broker %d is not running"), b->id);
			return -1;
		}
		broker_crash(b);
		fault_event(out, EV_BROKER_CRASH, b->id, now, N_("killed"));
		break;
	case FAULT_STOP:
		if (!broker_is_up(b)) {
			snprintf(err, len, _("broker %d is not running"), b->id);
			return -1;
		}
		fault_event(out, EV_NOTE, b->id, now,
		    N_("controlled shutdown requested"));
		broker_request_stop(b, now);
		if (b->state == BROKER_DOWN)
			fault_event(out, EV_BROKER_STOP, b->id, now,
			    N_("stopped before registering"));
		break;
	case FAULT_START:
		if (broker_is_up(b)) {
			snprintf(err, len, _("broker %d is already running"),
			    b->id);
			return -1;
		}
		broker_start(b, now);
		fault_event(out, EV_BROKER_START, b->id, now,
		    N_("process started, registering"));
		break;
	default:
		snprintf(err, len, "not a broker fault");
		return -1;
	}
	return 0;
}

static void
fault_side_names(const bool side[ISR_NODES], char *buf, size_t len)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < ISR_NODES && used + 12 < len; i++) {
		if (!side[i])
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    used ? "," : "", i == NODE_CONTROLLER ? "controller" :
		    i == NODE_CLIENTS ? "clients" : "");
		if (i != NODE_CONTROLLER && i != NODE_CLIENTS)
			used += (size_t)snprintf(buf + used, len - used, "%d",
			    i);
	}
}

void
fault_apply_links(struct links *l, int n_brokers, const struct fault *f,
    int64_t now, struct evq *out)
{
	char a[64], c[64];

	switch (f->kind) {
	case FAULT_ISOLATE:
		links_isolate(l, f->broker, n_brokers, f->with_clients);
		fault_event(out, EV_LINK_CUT, f->broker, now, "%s",
		    f->with_clients ? N_("isolated from the other brokers and "
		    "the controller and clients") : N_("isolated from the other "
		    "brokers and the controller"));
		break;
	case FAULT_PARTITION:
		links_partition(l, f->side_a, f->side_b);
		fault_side_names(f->side_a, a, sizeof a);
		fault_side_names(f->side_b, c, sizeof c);
		fault_event(out, EV_LINK_CUT, -1, now,
		    "network partition %s | %s", a, c);
		break;
	case FAULT_HEAL:
		if (f->broker < 0) {
			links_heal_all(l);
			fault_event(out, EV_LINK_HEAL, -1, now,
			    N_("all links healed"));
		} else {
			links_heal_node(l, f->broker);
			fault_event(out, EV_LINK_HEAL, f->broker, now,
			    N_("links healed"));
		}
		break;
	case FAULT_SLOW:
		l->slow_ms[f->broker] = f->ms;
		fault_event(out, EV_LINK_CUT, f->broker, now, "replication "
		    "traffic delayed by %" PRId64 "ms", f->ms);
		break;
	default:
		break;
	}
}

void
fault_broker_settled(const struct broker *b, enum broker_state *last,
    int64_t now, struct evq *out)
{
	if (b->state == BROKER_DOWN && *last == BROKER_STOPPING)
		fault_event(out, EV_BROKER_STOP, b->id, now,
		    N_("controlled shutdown complete"));
	*last = b->state;
}
