/*
 * api-admin.c - what the admin APIs share: a request's resources copied
 * out of the frame into a job that the controller's thread works on, and
 * the way back to the connection.
 *
 * DESIGN
 * A Kafka broker forwards CreateTopics, DeleteTopics, CreatePartitions,
 * (Incremental)AlterConfigs and ElectLeaders to the active controller and
 * answers its client with the controller's result (KIP-590;
 * core/src/main/scala/kafka/server/ControllerApis.scala at 3.7.0).  isrlab
 * does the same as its console's kafka-topics.sh does: the job's apply
 * runs on the controller's thread with the model's own admin calls
 * (engine/admin.h), so both meet the same rules and the same errors; its
 * write then runs on the broker's thread, if the request's connection is
 * still there, and completes the request.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/api.h"
#include "net/api-admin.h"
#include "runtime/runtime.h"
#include "util/xmalloc.h"

static char *
admin_strdup(const struct req_str *s)
{
	char *p;

	if (s->len < 0)
		return NULL;
	p = xmalloc((size_t)s->len + 1);
	memcpy(p, s->p, (size_t)s->len);
	p[s->len] = '\0';
	return p;
}

struct admin_job *
api_admin_job(struct net_req *q, const struct request *rq)
{
	struct admin_job *j = xcalloc(1, sizeof *j);
	int i, k;

	j->nb = q->conn->nb;
	j->conn = q->conn->id;
	j->seq = q->seq;
	j->version = q->h.version;
	j->validate_only = rq->validate_only;
	j->election_type = rq->election_type;
	j->n = rq->n_topics;
	if (j->n > 0)
		j->res = xcalloc((size_t)j->n, sizeof *j->res);
	for (i = 0; i < j->n; i++) {
		const struct req_topic *t = &rq->topics[i];
		struct admin_res *r = &j->res[i];

		memcpy(r->name, t->name, sizeof r->name);
		r->name_bad = t->name_bad;
		r->type = t->resource_type;
		r->count = t->num_partitions;
		r->rf = t->replication_factor;
		r->n_assignments = t->n_assignments;
		r->n_cfg = t->n_configs;
		if (r->n_cfg > 0)
			r->cfg = xcalloc((size_t)r->n_cfg, sizeof *r->cfg);
		for (k = 0; k < r->n_cfg; k++) {
			r->cfg[k].key = admin_strdup(&t->configs[k].name);
			r->cfg[k].value = admin_strdup(&t->configs[k].value);
			r->cfg[k].op = t->configs[k].op;
		}
		r->n_parts = t->n_parts;
		if (r->n_parts > 0)
			r->parts = xcalloc((size_t)r->n_parts,
			    sizeof *r->parts);
		for (k = 0; k < r->n_parts; k++)
			r->parts[k].partition = t->parts[k].partition;
	}
	return j;
}

void
api_admin_job_free(struct admin_job *j)
{
	int i, k;

	for (i = 0; i < j->n; i++) {
		for (k = 0; k < j->res[i].n_cfg; k++) {
			free(j->res[i].cfg[k].key);
			free(j->res[i].cfg[k].value);
		}
		free(j->res[i].cfg);
		free(j->res[i].parts);
	}
	free(j->res);
	free(j);
}

/* @thread controller */
static void
admin_job_apply(struct controller *c, int64_t now, void *arg)
{
	struct admin_job *j = arg;

	j->apply(c, now, j);
}

/* @thread broker */
static void
admin_job_done(void *arg)
{
	struct admin_job *j = arg;
	struct net_req *q = net_req_find(j->nb, j->conn, j->seq);

	if (q != NULL) {
		j->write(q, j);
		net_req_done(q);
	}
	api_admin_job_free(j);
}

void
api_admin_post(struct admin_job *j,
    void (*apply)(struct controller *c, int64_t now, struct admin_job *j),
    void (*write)(struct net_req *q, const struct admin_job *j))
{
	j->apply = apply;
	j->write = write;
	runtime_wire_via_controller(j->nb->net->e, j->nb->id, admin_job_apply,
	    admin_job_done, j);
}

bool
api_admin_duplicate(const struct admin_job *j, int i)
{
	int k;

	for (k = 0; k < j->n; k++) {
		if (k != i && j->res[k].type == j->res[i].type &&
		    strcmp(j->res[k].name, j->res[i].name) == 0)
			return true;
	}
	return false;
}

bool
api_admin_first(const struct admin_job *j, int i)
{
	int k;

	for (k = 0; k < i; k++) {
		if (j->res[k].type == j->res[i].type &&
		    strcmp(j->res[k].name, j->res[i].name) == 0)
			return false;
	}
	return true;
}

void
api_admin_set(struct admin_res *r, enum kerr err, const char *why)
{
	r->err = err;
	snprintf(r->why, sizeof r->why, "%s", why != NULL && why[0] != '\0' ?
	    why : err != KERR_NONE ? kerr_message(err) : "");
}

void
api_admin_write_error(struct wr *w, const struct admin_res *r)
{
	wr_i16(w, (int16_t)r->err);
	wr_string(w, r->err != KERR_NONE ? r->why : NULL);
}
