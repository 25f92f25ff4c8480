/*
 * admin.h - an engine's admin request applied to the controller, shared
 * by both engines (moved out of src/sim/sim.c's se_admin).
 */
#ifndef ISRLAB_SIM_ADMIN_H
#define ISRLAB_SIM_ADMIN_H

#include <stddef.h>
#include <stdint.h>

#include "console/engine.h"
#include "model/controller.h"

/* Apply r to c at now; KERR_NONE or a Kafka error with words in why.
 * Runs on the controller's owning thread; the caller then routes the
 * controller's outbox and drains its events. */
enum kerr admin_apply(struct controller *c, int64_t now,
    const struct admin_req *r, char *why, size_t len);

#endif
