/*
 * attach-config.h - the commands attach mode may run on the user's
 * machine (--attach-config FILE), and nothing else.
 *
 * On a real cluster a key that crashes, stops, starts, isolates, slows or
 * heals a broker can only run a command the user wrote down for that
 * action and broker, one a line:
 *
 *     # the seeds' docker-compose cluster
 *     kill 1 = docker kill kafka1
 *     stop 1 = docker stop kafka1
 *     start 1 = docker start kafka1
 *     isolate 1 = docker network disconnect kafka_default kafka1
 *     heal 1 = docker network connect kafka_default kafka1
 *     slow 1 = docker run --rm --net container:kafka1 --cap-add NET_ADMIN \
 *         nicolaka/netshoot tc qdisc replace dev eth0 root netem \
 *         delay ${ISRLAB_SLOW_MS}ms
 *     partition = "$ISRLAB_CONFIG_DIR/docker-net.sh" split \
 *         "$ISRLAB_PARTITION"
 *     heal = "$ISRLAB_CONFIG_DIR/docker-net.sh" heal
 *
 * (the slow and partition lines are one line each in the file, folded
 * here).  The command is everything after the first '=' (surrounding
 * blanks dropped) and runs with /bin/sh -c; a slow command finds the
 * delay the console asked for (`slow 1 800ms`; 0 undoes it) in
 * $ISRLAB_SLOW_MS.  Two actions act on the whole cluster and take no
 * broker: `partition` (the console's `partition 1,2 | 3`) finds the two
 * sides in $ISRLAB_PARTITION, written "controller,1,2|3" (the controller
 * stays on the left side unless the console's command put it on the
 * right), and `heal` without a broker is what the key h and `heal` with
 * no broker run; when the file has none, they run every `heal B`
 * instead.  Every command finds the file's directory in
 * $ISRLAB_CONFIG_DIR.  Lab files and journals never add to this table:
 * only this file does.  libc only (parsed text in, table out).
 */
#ifndef ISRLAB_ATTACH_ATTACH_CONFIG_H
#define ISRLAB_ATTACH_ATTACH_CONFIG_H

#include <stddef.h>

#include "model/ids.h"

enum attach_action {
	ATTACH_KILL,		/* crash the broker (key x, L) */
	ATTACH_STOP,		/* stop it cleanly (key s) */
	ATTACH_START,		/* start it (key r, `restart`) */
	ATTACH_ISOLATE,		/* cut it off the network (key i) */
	ATTACH_HEAL,		/* connect it again (key h) */
	ATTACH_SLOW,		/* delay its traffic ($ISRLAB_SLOW_MS) */
	ATTACH_PARTITION,	/* split the cluster ($ISRLAB_PARTITION) */
	ATTACH__COUNT
};

#define ATTACH_CLUSTER 0	/* the slot of an action on every broker */

struct attach_config {
	char *path;			/* the file's name (owned) */
	/* [action][broker], NULL: not configured (owned); broker
	 * ATTACH_CLUSTER: the line without a broker (partition, heal). */
	char *cmd[ATTACH__COUNT][ISR_NODES];
};

/* "kill", "stop", ... */
const char *attach_action_name(enum attach_action a);

/* What a line's left side says: "kill 1", or "partition" for the
 * cluster's slot (b ATTACH_CLUSTER). */
void attach_config_who(enum attach_action a, int b, char *buf, size_t len);

/* Parse text (the file named name) into c, replacing what it held;
 * -1 with "NAME:LINE: message" in err on the first bad line. */
int attach_config_parse(struct attach_config *c, const char *name,
    const char *text, char *err, size_t len);
/* Read and parse the file at path. */
int attach_config_load(struct attach_config *c, const char *path, char *err,
    size_t len);
void attach_config_free(struct attach_config *c);

/* How many commands c holds. */
int attach_config_count(const struct attach_config *c);

#endif
