/*
 * event.h - what happened in the cluster, as students see it in the event
 * log and teachers read it in the exported journal.
 *
 * The model emits events as it changes state (the controller: fencing,
 * leader changes, ISR changes; a broker: truncation); the engine adds the
 * ones only it knows (crash, link cut, produce errors, data loss).  Names
 * are DESIGN.md's journal event names.
 */
#ifndef ISRLAB_MODEL_EVENT_H
#define ISRLAB_MODEL_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "model/ids.h"
#include "model/kerr.h"

enum ev_type {
	EV_BROKER_CRASH,	/* engine: broker process killed */
	EV_BROKER_STOP,		/* engine/controller: controlled shutdown done */
	EV_BROKER_START,	/* engine: broker process started */
	EV_BROKER_FENCED,	/* controller: broker fenced (reason) */
	EV_BROKER_UNFENCED,	/* controller: broker unfenced */
	EV_LINK_CUT,		/* engine: links cut (reason = what) */
	EV_LINK_HEAL,		/* engine: links healed */
	EV_TOPIC_CREATED,	/* controller */
	EV_TOPIC_DELETED,	/* controller */
	EV_LEADER_CHANGE,	/* controller: leader and ISR change together */
	EV_ISR_SHRINK,		/* controller: ISR lost members */
	EV_ISR_EXPAND,		/* controller: ISR gained members */
	EV_PRODUCE_ERROR,	/* client: a produce failed (error) */
	EV_CLIENT_RETRY,	/* client: retriable error, refreshing metadata */
	EV_TRUNCATE,		/* broker: replica log truncated */
	EV_DATA_LOSS,		/* engine: acknowledged records lost */
	EV_CONFIG_CHANGE,	/* controller/engine: a config changed */
	EV_ALARM,		/* engine: a monitoring alarm raised */
	EV_NOTE,		/* anything else worth a line */
	EV_CONTROLLER_CHANGE,	/* zk: another broker holds /controller
				   (broker = the new one, or -1; reason) */
	EV__COUNT
};

struct event {
	uint64_t seq;			/* assigned by the engine's journal */
	enum ev_type type;
	int64_t t_ms;			/* lab time */
	int broker;			/* subject broker, or -1 */
	char topic[ISR_TOPIC_MAX + 1];	/* "" when not about a partition */
	int partition;
	int leader_from, leader_to;	/* EV_LEADER_CHANGE */
	int32_t epoch_from, epoch_to;	/* EV_LEADER_CHANGE */
	int isr_from[ISR_MAX_REPLICAS], n_isr_from;
	int isr_to[ISR_MAX_REPLICAS], n_isr_to;
	/* EV_LEADER_CHANGE, EV_ISR_*, EV_NOTE: the ELR before and after
	 * (KIP-966), shown only when it changed. */
	int elr_from[ISR_MAX_REPLICAS], n_elr_from;
	int elr_to[ISR_MAX_REPLICAS], n_elr_to;
	int clean;			/* EV_LEADER_CHANGE: 1 clean, 0 unclean */
	int64_t off_from, off_to;	/* EV_TRUNCATE, EV_DATA_LOSS: [from,to) */
	enum kerr error;		/* EV_PRODUCE_ERROR, EV_CLIENT_RETRY */
	char reason[160];		/* human words: "broker 1 fenced" */
};

/* "leader_change", "isr_shrink", ... */
const char *event_type_name(enum ev_type t);

/* A leader epoch as text, or "?" when unknown (-1: observed on a real
 * cluster, whose metadata carries no epochs; attach.h). */
void event_epoch_format(int32_t epoch, char *buf, size_t len);

/* One line in DESIGN.md's `events` format, without newline:
 * "  12.300s  leader_change  email.send-0  leader 1 -> 2  epoch 1 -> 2
 *  isr 1,2,3 -> 2,3  (broker 1 fenced)". */
void event_format(const struct event *e, char *buf, size_t len);

/* An event queue (evq): a growable list of the events a node emitted, in
 * order.  The caller drains it. */
struct evq {
	struct event *v;
	size_t n, cap;
};

/* Append a zeroed event of type t at time now and return it to fill in. */
struct event *evq_push(struct evq *q, enum ev_type t, int64_t now);
void evq_clear(struct evq *q);
void evq_free(struct evq *q);

#endif
