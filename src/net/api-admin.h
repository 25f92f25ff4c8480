/*
 * api-admin.h - the admin APIs' share (api-admin.c): a request's
 * resources copied into a job for the controller's thread, and the way
 * back.  Each API (api-create-topics.c ...) fills apply and write.
 */
#ifndef ISRLAB_NET_API_ADMIN_H
#define ISRLAB_NET_API_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

#include "model/controller.h"
#include "model/kerr.h"
#include "net/net-int.h"

/* A config of a resource: key, value (NULL: null), operation. */
struct admin_cfg {
	char *key;			/* owned */
	char *value;			/* owned, NULL when null */
	int8_t op;			/* IncrementalAlterConfigs */
};

/* ElectLeaders: a partition and its result. */
struct admin_part {
	int32_t partition;
	enum kerr err;
	char why[160];
};

/* One topic or config resource of the request, and its result. */
struct admin_res {
	char name[ISR_TOPIC_MAX + 1];
	bool name_bad;			/* longer than a topic name */
	int8_t type;			/* 2 topic, 4 broker (configs) */
	int32_t count;			/* NumPartitions / Count */
	int16_t rf;			/* ReplicationFactor */
	int n_assignments;		/* manual assignments; -1 null */
	struct admin_cfg *cfg;		/* owned */
	int n_cfg;			/* -1 null */
	struct admin_part *parts;	/* owned */
	int n_parts;
	enum kerr err;			/* the result */
	char why[256];			/* its message */
};

struct admin_job {
	struct net_broker *nb;		/* the request's, to find it again */
	uint32_t conn, seq;
	int16_t version;
	bool validate_only;
	int8_t election_type;
	struct admin_res *res;		/* owned */
	int n;				/* -1: null (ElectLeaders: every
					   partition; apply fills res) */
	/* On the controller's thread: fill the results. */
	void (*apply)(struct controller *c, int64_t now, struct admin_job *j);
	/* On the broker's thread: the response body into q->out. */
	void (*write)(struct net_req *q, const struct admin_job *j);
};

/* A job holding a copy of rq's topics or resources for q. */
struct admin_job *api_admin_job(struct net_req *q, const struct request *rq);
void api_admin_job_free(struct admin_job *j);
/* Run apply on the controller's thread, then write on q's broker's, and
 * complete q (unless its connection is gone); frees j.  @thread broker */
void api_admin_post(struct admin_job *j,
    void (*apply)(struct controller *c, int64_t now, struct admin_job *j),
    void (*write)(struct net_req *q, const struct admin_job *j));
/* Whether resource i's type and name appear again in j. */
bool api_admin_duplicate(const struct admin_job *j, int i);
/* Whether resource i is the first with its type and name (a duplicate
 * is answered once). */
bool api_admin_first(const struct admin_job *j, int i);
/* Set r's result: err and why, or Kafka's message for err when why is
 * empty. */
void api_admin_set(struct admin_res *r, enum kerr err, const char *why);
/* ErrorCode and ErrorMessage (null when none). */
void api_admin_write_error(struct wr *w, const struct admin_res *r);

#endif
