/*
 * servers.h - --bootstrap-server lists: which broker answers at which
 * address.
 *
 * The brokers "listen" where the seeds expect them.  Broker b answers at
 *   localhost:P, 127.0.0.1:P and kafkaB:P  with P = 9092 + (b-1)*10000 for
 *                                          b = 1..6 (9092, 19092, ... 59092)
 *                                          and P = 9090 + b for b = 7..9
 *                                          (9097, 9098, 9099);
 *   (with --port-base P: P = P + b - 1, so P..P+8 for brokers 1..9;
 *   every port is valid for 9 brokers either way, and both the console
 *   and the real listeners of src/net use these ports)
 *   kafkaB:(29092 + b - 1)                 the docker-compose internal
 *                                          listener of seed 004 (kafka1:29092,
 *                                          kafka2:29093, kafka3:29094).
 * Anything else parses but reaches no broker, as a wrong port does.
 */
#ifndef ISRLAB_CONSOLE_SERVERS_H
#define ISRLAB_CONSOLE_SERVERS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/ids.h"
#include "model/snapshot.h"

#define SERVERS_MAX 16

struct server {
	char	host[64];
	int	port;
	int	broker;		/* broker listening there, or -1 */
};

struct servers {
	struct server	v[SERVERS_MAX];
	int		n;
};

/* Use --port-base base (0: the seed scheme); -1 when base would put a
 * broker's port above 65535.  Call before any thread reads ports. */
int servers_set_port_base(int base);

/* The client port of broker b (the localhost one). */
int servers_port(int broker);

/* The broker at host:port among brokers 1..n_brokers, or -1. */
int servers_lookup(const char *host, int port, int n_brokers);

/* Parse a comma-separated "host:port" list.  Returns 0, or -1 with
 * Kafka's ConfigException text in err when an entry is malformed. */
int servers_parse(const char *list, int n_brokers, struct servers *out,
    char *err, size_t len);

/* Whether a client can talk to broker b now: its process is up and the
 * clients' link to it is not cut. */
bool servers_reachable(const struct snapshot *s, int broker);

/* The first server in the list that answers, or NULL. */
const struct server *servers_first_reachable(const struct servers *sv,
    const struct snapshot *s);

/* Flag the brokers named in the list (index = broker id). */
void servers_flags(const struct servers *sv, bool out[ISR_NODES]);

/* "localhost/127.0.0.1:9092", as Java prints an InetSocketAddress. */
void servers_format(const struct server *sv, char *buf, size_t len);

#endif
