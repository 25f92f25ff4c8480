/*
 * ids.c - names of nodes, for messages and log lines.
 */
#include "config.h"

#include <stdio.h>

#include "model/ids.h"

const char *
node_name(int node, char *buf, unsigned len)
{
	if (node == NODE_CONTROLLER)
		snprintf(buf, len, "controller");
	else if (node == NODE_CLIENTS)
		snprintf(buf, len, "clients");
	else
		snprintf(buf, len, "broker %d", node);
	return buf;
}
