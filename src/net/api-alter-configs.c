/*
 * api-alter-configs.c - AlterConfigs v0-1 and IncrementalAlterConfigs v0
 * (AlterConfigsRequest.json, IncrementalAlterConfigsRequest.json and
 * their responses at 3.7.0), answered by the controller as
 * kafka-configs.sh --alter is: the same configs, values and errors.
 *
 * As ControllerApis.handleLegacyAlterConfigs and
 * handleIncrementalAlterConfigs (ControllerApis.scala:487-540, 707-786 at
 * 3.7.0) and ConfigurationControlManager (:203-372): a resource given
 * twice is INVALID_REQUEST "Duplicate resource.", a type other than topic
 * or broker UNSUPPORTED_VERSION; a resource's changes are checked first
 * and made all or none.  AlterConfigs replaces the resource's whole set,
 * so an override the request does not name is removed; the incremental
 * form SETs and DELETEs (APPEND and SUBTRACT need a LIST config, which
 * isrlab has none of).  Broker configs are cluster-wide in isrlab, as for
 * its kafka-configs.sh: "" and any broker id change every broker.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/admin.h"
#include "model/settings.h"
#include "net/api.h"
#include "net/api-admin.h"
#include "util/xmalloc.h"

/* ConfigResource.Type; AlterConfigOp.OpType. */
#define RESOURCE_TOPIC 2
#define RESOURCE_BROKER 4
enum { OP_SET, OP_DELETE, OP_APPEND, OP_SUBTRACT };

/* One change to make: key to value (NULL: back to the default). */
struct change {
	const char *key, *value;
};

/* Kafka's checks of the resource's name (ControllerConfigurationValidator
 * .validate, ControllerConfigurationValidator.scala:41-80 at 3.7.0). */
static enum kerr
check_name(const struct admin_res *r, char *why, size_t why_len)
{
	char *end;
	long id;

	if (r->type != RESOURCE_TOPIC && r->type != RESOURCE_BROKER) {
		snprintf(why, why_len, "Unknown resource type %d.", r->type);
		return KERR_UNSUPPORTED_VERSION;
	}
	if (r->type == RESOURCE_TOPIC) {
		if (r->name_bad)
			return KERR_INVALID_TOPIC_EXCEPTION;
		if (r->name[0] == '\0') {
			snprintf(why, why_len, "Default topic resources are "
			    "not allowed.");
			return KERR_INVALID_REQUEST;
		}
		return KERR_NONE;
	}
	if (r->name[0] == '\0')
		return KERR_NONE;
	id = strtol(r->name, &end, 10);
	if (*end != '\0' || r->name_bad) {
		snprintf(why, why_len, "Unable to parse broker name as a base "
		    "10 number.");
		return KERR_INVALID_REQUEST;
	}
	if (id < 0) {
		snprintf(why, why_len, "Invalid negative broker ID.");
		return KERR_INVALID_REQUEST;
	}
	return KERR_NONE;
}

/* Whether r's request names key. */
static bool
names_key(const struct admin_res *r, const char *key)
{
	int k;

	for (k = 0; k < r->n_cfg; k++)
		if (strcmp(r->cfg[k].key, key) == 0)
			return true;
	return false;
}

/* The changes r asks for into ch (room for r->n_cfg plus every setting);
 * how many, or -1 with an error in why. */
static int
changes_of(const struct controller *c, const struct admin_res *r,
    bool incremental, struct change *ch, enum kerr *err, char *why,
    size_t why_len)
{
	const struct topic_reg *t = image_topic(&c->image, r->name);
	const struct setting_desc *d;
	int k, n = 0, len = 0;

	for (k = 0; k < r->n_cfg; k++) {
		const struct admin_cfg *cf = &r->cfg[k];

		if (incremental && (cf->op == OP_APPEND ||
		    cf->op == OP_SUBTRACT)) {
			snprintf(why, why_len, "Can't %s to key %s because its "
			    "type is not LIST.", cf->op == OP_APPEND ?
			    "APPEND" : "SUBTRACT", cf->key);
			*err = KERR_INVALID_CONFIG;
			return -1;
		}
		if (incremental && cf->op != OP_SET && cf->op != OP_DELETE) {
			snprintf(why, why_len, "Unknown operation type %d",
			    cf->op);
			*err = KERR_INVALID_REQUEST;
			return -1;
		}
		/* A null value for a topic (LogConfig has no nulls):
		 * ControllerConfigurationValidator.scala:96-109. */
		if (!incremental && r->type == RESOURCE_TOPIC &&
		    cf->value == NULL) {
			len += snprintf(why + len, why_len - (size_t)len, "%s%s",
			    len == 0 ? "Null value not supported for topic "
			    "configs: " : ",", cf->key);
			if ((size_t)len >= why_len)
				len = (int)why_len - 1;
			continue;
		}
		ch[n].key = cf->key;
		ch[n].value = incremental && cf->op == OP_DELETE ? NULL :
		    cf->value;
		n++;
	}
	if (len > 0) {
		*err = KERR_INVALID_CONFIG;
		return -1;
	}
	if (incremental)
		return n;
	/* AlterConfigs: the overrides it does not name go. */
	for (d = settings_table; d->name != NULL; d++) {
		int64_t cur = r->type == RESOURCE_TOPIC ? (t != NULL ?
		    image_topic_config_get(&t->config, d->name) : -1) :
		    image_override_get(&c->image.overrides, d->name);

		if (cur >= 0 && !names_key(r, d->name)) {
			ch[n].key = d->name;
			ch[n].value = NULL;
			n++;
		}
	}
	return n;
}

/* @thread controller */
static void
alter_apply(struct controller *c, int64_t now, struct admin_job *j,
    bool incremental)
{
	struct admin_req ar;
	struct change *ch;
	enum kerr err;
	char why[320];
	int i, k, n, n_settings = 0;

	while (settings_table[n_settings].name != NULL)
		n_settings++;
	for (i = 0; i < j->n; i++) {
		struct admin_res *r = &j->res[i];

		why[0] = '\0';
		if (api_admin_duplicate(j, i)) {
			api_admin_set(r, KERR_INVALID_REQUEST,
			    "Duplicate resource.");
			continue;
		}
		if ((err = check_name(r, why, sizeof why)) != KERR_NONE) {
			api_admin_set(r, err, why);
			continue;
		}
		ch = xcalloc((size_t)(r->n_cfg + n_settings), sizeof *ch);
		n = changes_of(c, r, incremental, ch, &err, why, sizeof why);
		memset(&ar, 0, sizeof ar);
		ar.kind = r->type == RESOURCE_TOPIC ?
		    ADMIN_ALTER_TOPIC_CONFIG : ADMIN_ALTER_BROKER_CONFIG;
		ar.topic = r->name;
		/* All checked before any is made. */
		for (k = 0, ar.validate_only = true; k < n; k++) {
			ar.key = ch[k].key;
			ar.value = ch[k].value;
			err = admin_apply(c, now, &ar, why, sizeof why);
			if (err != KERR_NONE)
				break;
		}
		if (n < 0 || k < n) {
			api_admin_set(r, err, why);
			free(ch);
			continue;
		}
		/* A topic with nothing to change must still exist. */
		if (n == 0 && r->type == RESOURCE_TOPIC &&
		    image_topic(&c->image, r->name) == NULL) {
			snprintf(why, sizeof why, "Topic '%s' does not exist "
			    "as expected", r->name);
			api_admin_set(r, KERR_UNKNOWN_TOPIC_OR_PARTITION, why);
			free(ch);
			continue;
		}
		for (k = 0, ar.validate_only = false; k < n &&
		    !j->validate_only; k++) {
			ar.key = ch[k].key;
			ar.value = ch[k].value;
			admin_apply(c, now, &ar, why, sizeof why);
		}
		api_admin_set(r, KERR_NONE, NULL);
		free(ch);
	}
}

static void
alter_configs_apply(struct controller *c, int64_t now, struct admin_job *j)
{
	alter_apply(c, now, j, false);
}

static void
incremental_alter_configs_apply(struct controller *c, int64_t now,
    struct admin_job *j)
{
	alter_apply(c, now, j, true);
}

/* AlterConfigsResponse.json v0-1 and IncrementalAlterConfigsResponse.json
 * v0 alike: per resource ErrorCode, ErrorMessage, ResourceType and
 * ResourceName; a duplicate once.  @thread broker */
static void
alter_configs_write(struct net_req *q, const struct admin_job *j)
{
	size_t at;
	int i, n = 0;

	wr_i32(&q->out, 0);			/* ThrottleTimeMs */
	at = wr_hole(&q->out, 4);
	for (i = 0; i < j->n; i++) {
		if (!api_admin_first(j, i))
			continue;
		api_admin_write_error(&q->out, &j->res[i]);
		wr_i8(&q->out, j->res[i].type);
		wr_string(&q->out, j->res[i].name);
		n++;
	}
	wr_put_i32(&q->out, at, n);
}

static void
alter_configs_handle(struct net_req *q, struct request *rq)
{
	api_admin_post(api_admin_job(q, rq), alter_configs_apply,
	    alter_configs_write);
}

static void
incremental_alter_configs_handle(struct net_req *q, struct request *rq)
{
	api_admin_post(api_admin_job(q, rq), incremental_alter_configs_apply,
	    alter_configs_write);
}

const struct net_api api_alter_configs = {
	.key = API_ALTER_CONFIGS,
	.handle = alter_configs_handle,
};

const struct net_api api_incremental_alter_configs = {
	.key = API_INCREMENTAL_ALTER_CONFIGS,
	.handle = incremental_alter_configs_handle,
};
