/*
 * engine.h - the interface of whatever runs the cluster: the simulator on
 * virtual time (src/sim) or the threaded runtime on the lab clock
 * (src/runtime).  Both implement struct engine_ops.
 *
 * DESIGN
 * src/engine sits between the pure model below it and the two engines
 * above it; the console, the labs, the journal and the TUI, above those,
 * execute every command through these few calls, so both engines give the
 * same answers by construction.  What both engines share beyond the
 * interface lives beside it: faults (fault.h), admin requests (admin.h)
 * and the timeline of what is due when (timeline.h).  Calls are made from
 * one thread (the console's); an engine takes care of reaching the threads
 * that own the model objects.
 */
#ifndef ISRLAB_ENGINE_ENGINE_H
#define ISRLAB_ENGINE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/client.h"
#include "model/controller.h"
#include "model/event.h"
#include "model/settings.h"
#include "model/snapshot.h"

enum fault_kind {
	FAULT_KILL,		/* crash broker: kill -9 */
	FAULT_STOP,		/* controlled shutdown */
	FAULT_START,		/* start a down broker */
	FAULT_ISOLATE,		/* cut broker from brokers + controller */
	FAULT_PARTITION,	/* two sides */
	FAULT_HEAL,		/* heal one broker, or all (broker = -1) */
	FAULT_SLOW,		/* replication delay to/from broker */
};

/* What kafka-consumer-groups.sh asks: the groups, one group's state and
 * members, or its committed offsets. */
enum group_query {
	GROUP_QUERY_LIST,
	GROUP_QUERY_DESCRIBE,
	GROUP_QUERY_OFFSETS,
};

struct gpayload;

struct fault {
	enum fault_kind kind;
	int broker;
	bool with_clients;		/* FAULT_ISOLATE --clients */
	bool side_a[ISR_NODES];		/* FAULT_PARTITION */
	bool side_b[ISR_NODES];
	int64_t ms;			/* FAULT_SLOW */
};

enum admin_kind {
	ADMIN_CREATE_TOPIC,
	ADMIN_DELETE_TOPIC,
	ADMIN_ALTER_TOPIC_CONFIG,
	ADMIN_ALTER_BROKER_CONFIG,
	ADMIN_ELECT,
	ADMIN_CREATE_PARTITIONS,
};

struct admin_req {
	enum admin_kind kind;
	const char *topic;
	int partitions, replication_factor;	/* create; create partitions:
						   the count in all */
	const struct topic_config_kv *configs;	/* create */
	int n_configs;
	bool validate_only;			/* create, alter: check only */
	const char *key, *value;		/* alter */
	enum election_type election;		/* elect */
	int partition;				/* elect */
};

/* Runs on the client's owning thread with the client and lab time. */
typedef void (*client_fn)(struct client *c, int64_t now, void *arg);

struct engine;

struct engine_ops {
	const char *name;			/* "sim", "realtime" */

	/* Lab time now, ms. */
	int64_t (*now)(struct engine *e);
	/* Let the cluster run for ms of lab time (the simulator returns at
	 * once, having simulated it). */
	void (*advance)(struct engine *e, int64_t ms);
	/* Run until cond holds or timeout_ms passed; true if it held. */
	bool (*run_until)(struct engine *e,
	    bool (*cond)(const struct snapshot *s, void *arg), void *arg,
	    int64_t timeout_ms);

	/* Inject a fault; -1 with a message in err when it makes no sense
	 * (e.g. killing a broker that is down). */
	int (*fault)(struct engine *e, const struct fault *f, char *err,
	    size_t len);
	/* An admin request, answered by the controller. */
	enum kerr (*admin)(struct engine *e, const struct admin_req *r,
	    char *why, size_t len);

	/* A client bootstrapped at the flagged brokers; returns a handle. */
	int (*client_open)(struct engine *e, const bool bootstrap[ISR_NODES]);
	void (*client_close)(struct engine *e, int handle);
	/* Run fn on the client, then let the cluster run until the client
	 * has nothing outstanding (or timeout_ms); hands back the results,
	 * which the caller frees with client_result_free + free. */
	size_t (*client_run)(struct engine *e, int handle, client_fn fn,
	    void *arg, int64_t timeout_ms, struct client_result **results);

	/* A real cluster's own clients (attach mode), for the engines
	 * whose client_run has no model clients to run: produce n records
	 * (keys[i] may be NULL; partition -1: by key) with acks, or fetch
	 * up to max records of topic/partition from offset, answered as
	 * client_run answers (OP_PRODUCE / OP_FETCH results), through a
	 * client bootstrapped where client_open's handle says.  NULL on the
	 * simulator and the runtime. */
	size_t (*real_produce)(struct engine *e, int handle, const char *topic,
	    int partition, int acks, const char *const *keys,
	    const char *const *values, int n, struct client_result **results);
	size_t (*real_fetch)(struct engine *e, int handle, const char *topic,
	    int partition, int64_t offset, int max,
	    struct client_result **results);
	/* A real cluster's answer to a group query (group: NULL for the
	 * listing), as a model client's group results carry it; NULL with
	 * *err when it did not answer.  NULL on the simulator and the
	 * runtime. */
	struct gpayload *(*real_group_query)(struct engine *e, int handle,
	    enum group_query q, const char *group, enum kerr *err);

	/* A consistent copy of the cluster; free with snapshot_free. */
	void (*snapshot)(struct engine *e, struct snapshot *out);
	/* Current settings, and replacing them everywhere. */
	void (*get_settings)(struct engine *e, struct settings *out);
	void (*set_settings)(struct engine *e, const struct settings *s);
	/* Events with seq > since, oldest first, at most max; returns n. */
	size_t (*events)(struct engine *e, uint64_t since, struct event *out,
	    size_t max);
	/* Append an event of the console's own (config change, note). */
	void (*post_event)(struct engine *e, const struct event *ev);

	/* A counter that grows whenever the cluster changed (a new snapshot
	 * would differ); readers redraw only when it moved. */
	uint64_t (*version)(struct engine *e);

	/* The lab clock.  NULL on the simulator, whose time only moves when
	 * a command advances it. */
	void (*set_paused)(struct engine *e, bool paused);
	void (*set_speed)(struct engine *e, double speed);	/* 0.1..50 */
	void (*get_clock)(struct engine *e, bool *paused, double *speed);

	/* True while the brokers are still coming up (registering, being
	 * unfenced): nothing should be asked of the cluster yet.  NULL: it
	 * is up once made. */
	bool (*starting)(struct engine *e);
};

struct engine {
	const struct engine_ops *ops;
	int n_brokers;
};

#endif
