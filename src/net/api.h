/*
 * api.h - the API handlers, one const struct net_api per file api-*.c,
 * listed in api.c's table.  A handler's contract is in net-int.h.
 */
#ifndef ISRLAB_NET_API_H
#define ISRLAB_NET_API_H

#include "net/net-int.h"

extern const struct net_api api_api_versions;
extern const struct net_api api_metadata;

/* The port, host and rack a Metadata or FindCoordinator answer gives for
 * broker b: "localhost" and its listener's port. */
void api_write_broker(struct net_broker *nb, struct wr *w, int b,
    bool with_rack);

#endif
