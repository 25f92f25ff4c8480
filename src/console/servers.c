/*
 * servers.c - the address scheme of servers.h, and reachability.
 */

#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "console/servers.h"

/* --port-base, or 0 for the seed scheme.  Set once at start, before any
 * thread reads it. */
static int servers_base;

int
servers_set_port_base(int base)
{
	if (base != 0 && (base < 1 || base > 65535 - (ISR_MAX_BROKERS - 1)))
		return -1;
	servers_base = base;
	return 0;
}

int
servers_port(int broker)
{
	if (servers_base != 0)
		return servers_base + broker - 1;
	if (broker >= 1 && broker <= 6)
		return 9092 + (broker - 1) * 10000;
	return 9090 + broker;
}

/* N when host is "kafkaN", else -1. */
static int
servers_container(const char *host)
{
	char	*end;
	long	 n;

	if (strncasecmp(host, "kafka", 5) != 0 || !isdigit((unsigned char)host[5]))
		return -1;
	n = strtol(host + 5, &end, 10);
	if (*end != '\0' || n < 1 || n > ISR_MAX_BROKERS)
		return -1;
	return (int)n;
}

int
servers_lookup(const char *host, int port, int n_brokers)
{
	int	b;

	if (strcasecmp(host, "localhost") == 0 ||
	    strcmp(host, "127.0.0.1") == 0) {
		for (b = 1; b <= n_brokers; b++)
			if (servers_port(b) == port)
				return b;
		return -1;
	}
	b = servers_container(host);
	if (b < 1 || b > n_brokers)
		return -1;
	if (port == servers_port(b) || port == 29092 + b - 1)
		return b;
	return -1;
}

int
servers_parse(const char *list, int n_brokers, struct servers *out,
    char *err, size_t len)
{
	const char	*p = list, *comma, *colon;
	char		 entry[128];
	size_t		 n;
	char		*end;
	long		 port;

	memset(out, 0, sizeof *out);
	for (;;) {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		while (n > 0 && isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n > 0) {
			if (n >= sizeof entry || out->n == SERVERS_MAX)
				goto bad;
			memcpy(entry, p, n);
			entry[n] = '\0';
			colon = strrchr(entry, ':');
			if (colon == NULL || colon == entry ||
			    (size_t)(colon - entry) >= sizeof out->v[0].host)
				goto bad_entry;
			port = strtol(colon + 1, &end, 10);
			if (colon[1] == '\0' || *end != '\0' || port < 0 ||
			    port > 65535)
				goto bad_entry;
			memcpy(out->v[out->n].host, entry,
			    (size_t)(colon - entry));
			out->v[out->n].host[colon - entry] = '\0';
			out->v[out->n].port = (int)port;
			out->v[out->n].broker = servers_lookup(
			    out->v[out->n].host, (int)port, n_brokers);
			out->n++;
		}
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	if (out->n == 0) {
		snprintf(err, len, "org.apache.kafka.common.config."
		    "ConfigException: No resolvable bootstrap urls given in "
		    "bootstrap.servers");
		return -1;
	}
	return 0;
bad_entry:
	snprintf(err, len, "org.apache.kafka.common.config.ConfigException: "
	    "Invalid url in bootstrap.servers: %s", entry);
	return -1;
bad:
	snprintf(err, len, "org.apache.kafka.common.config.ConfigException: "
	    "Invalid bootstrap.servers: %s", list);
	return -1;
}

bool
servers_reachable(const struct snapshot *s, int broker)
{
	if (broker < 1 || broker > s->n_brokers)
		return false;
	if (!s->brokers[broker].serving)
		return false;	/* down, or still starting */
	return links_up(&s->links, NODE_CLIENTS, broker);
}

const struct server *
servers_first_reachable(const struct servers *sv, const struct snapshot *s)
{
	int	i;

	for (i = 0; i < sv->n; i++)
		if (servers_reachable(s, sv->v[i].broker))
			return &sv->v[i];
	return NULL;
}

void
servers_flags(const struct servers *sv, bool out[ISR_NODES])
{
	int	i;

	memset(out, 0, ISR_NODES * sizeof out[0]);
	for (i = 0; i < sv->n; i++)
		if (sv->v[i].broker >= 1)
			out[sv->v[i].broker] = true;
}

void
servers_format(const struct server *sv, char *buf, size_t len)
{
	int	b = servers_container(sv->host);

	if (strcasecmp(sv->host, "localhost") == 0 ||
	    strcmp(sv->host, "127.0.0.1") == 0)
		snprintf(buf, len, "%s/127.0.0.1:%d", sv->host, sv->port);
	else if (b > 0)
		/* A docker-compose network's addresses. */
		snprintf(buf, len, "%s/172.18.0.%d:%d", sv->host, b + 2,
		    sv->port);
	else
		snprintf(buf, len, "%s:%d", sv->host, sv->port);
}
