/*
 * admin.h - an admin request (struct admin_req: kafka-topics,
 * kafka-configs, kafka-leader-election) applied to the controller; both
 * engines answer engine_ops.admin with it, each on the thread that owns
 * its controller.
 */
#ifndef ISRLAB_ENGINE_ADMIN_H
#define ISRLAB_ENGINE_ADMIN_H

#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"
#include "model/controller.h"

/* Apply r to c at now; KERR_NONE or a Kafka error with words in why.
 * Runs on the controller's owning thread; the caller then routes the
 * controller's outbox and drains its events. */
enum kerr admin_apply(struct controller *c, int64_t now,
    const struct admin_req *r, char *why, size_t len);

#endif
