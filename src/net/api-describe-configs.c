/*
 * api-describe-configs.c - DescribeConfigs v1-3 (DescribeConfigsRequest.json
 * / ...Response.json at 3.7.0), answered by the broker itself from its
 * metadata image and settings, as Kafka's ConfigHelper does
 * (core/src/main/scala/kafka/server/ConfigHelper.scala at 3.7.0).
 *
 * The configs are the ones isrlab models (model/settings.h): a topic shows
 * its topic-level ones, a broker its broker-level ones.  A value's source
 * and synonyms follow ConfigHelper.configSynonyms (:223-237), most
 * specific first: the topic's override (TOPIC_CONFIG), the cluster-wide
 * dynamic default that kafka-configs --entity-type brokers sets
 * (DYNAMIC_DEFAULT_BROKER_CONFIG; isrlab keeps no per-broker dynamic
 * config), the brokers' own value when it differs from Kafka's default
 * (STATIC_BROKER_CONFIG: the lab timings and `set K=V` are isrlab's
 * server.properties), and Kafka's default (DEFAULT_CONFIG).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/settings.h"
#include "net/api.h"

/* DescribeConfigsResponse.ConfigSource. */
enum cfg_source {
	CFG_TOPIC = 1,			/* TOPIC_CONFIG */
	CFG_DYNAMIC_DEFAULT = 3,	/* DYNAMIC_DEFAULT_BROKER_CONFIG */
	CFG_STATIC = 4,			/* STATIC_BROKER_CONFIG */
	CFG_DEFAULT = 5,		/* DEFAULT_CONFIG */
};

/* ConfigResource.Type. */
#define RESOURCE_TOPIC 2
#define RESOURCE_BROKER 4

/* Settings isrlab's own console clients read: client configs, not a
 * broker's. */
static const char *const client_settings[] = {
	"delivery.timeout.ms", "retry.backoff.ms", "session.timeout.ms",
	"heartbeat.interval.ms", "max.poll.interval.ms", NULL
};

static bool
is_client_setting(const char *name)
{
	int i;

	for (i = 0; client_settings[i] != NULL; i++)
		if (strcmp(client_settings[i], name) == 0)
			return true;
	return false;
}

/* The broker configs kafka-configs --entity-type brokers may change
 * (controller_alter_broker_config; DynamicBrokerConfig.AllDynamicConfigs
 * holds them). */
static bool
is_dynamic_setting(const char *name)
{
	return strcmp(name, "min.insync.replicas") == 0 ||
	    strcmp(name, "unclean.leader.election.enable") == 0;
}

/* One value a config takes from one source. */
struct synonym {
	enum cfg_source source;
	int64_t v;
};

/* The synonyms of d, most specific first; how many.  topic: the topic's
 * overrides, or NULL for a broker; dflt_only: the brokers' dynamic
 * defaults alone (a broker resource named ""). */
static int
synonyms_of(const struct broker *br, const struct setting_desc *d,
    const struct topic_config *topic, bool dflt_only, struct synonym *out)
{
	int64_t v;
	int n = 0;

	if (topic != NULL && (v = image_topic_config_get(topic, d->name)) >= 0)
		out[n++] = (struct synonym){ CFG_TOPIC, v };
	if ((v = image_override_get(&br->image.overrides, d->name)) >= 0)
		out[n++] = (struct synonym){ CFG_DYNAMIC_DEFAULT, v };
	if (dflt_only)
		return n;
	v = settings_get(&br->settings, d);
	if (v != d->kafka_default)
		out[n++] = (struct synonym){ CFG_STATIC, v };
	out[n++] = (struct synonym){ CFG_DEFAULT, d->kafka_default };
	return n;
}

/* Whether the request's ConfigurationKeys (none: every config) name d. */
static bool
wanted(const struct req_topic *t, const char *name)
{
	int i;

	if (t->n_configs <= 0)
		return true;
	for (i = 0; i < t->n_configs; i++) {
		const struct req_str *k = &t->configs[i].name;

		if (k->len == (int)strlen(name) &&
		    memcmp(k->p, name, (size_t)k->len) == 0)
			return true;
	}
	return false;
}

/* One DescribeConfigsResourceResult. */
static void
write_config(struct wr *w, int16_t version, bool with_synonyms,
    const struct setting_desc *d, const struct synonym *syn, int n_syn,
    bool read_only)
{
	char buf[32];
	int i;

	settings_format(d, syn[0].v, buf, sizeof buf);
	wr_string(w, d->name);
	wr_string(w, buf);
	wr_i8(w, read_only);
	wr_i8(w, (int8_t)syn[0].source);		/* ConfigSource */
	wr_i8(w, 0);					/* IsSensitive */
	wr_i32(w, with_synonyms ? n_syn : 0);
	for (i = 0; with_synonyms && i < n_syn; i++) {
		settings_format(d, syn[i].v, buf, sizeof buf);
		wr_string(w, d->name);
		wr_string(w, buf);
		wr_i8(w, (int8_t)syn[i].source);
	}
	if (version >= 3) {
		/* ConfigType: BOOLEAN 1, INT 3, LONG 5. */
		wr_i8(w, d->kind == SETTING_BOOL ? 1 : d->kind == SETTING_INT ?
		    3 : 5);
		wr_string(w, NULL);			/* Documentation */
	}
}

/* The configs of resource t (their count, then each) into w, or an
 * error with its message in why. */
static enum kerr
write_configs(struct net_req *q, const struct request *rq,
    const struct req_topic *t, struct wr *w, char *why, size_t why_len)
{
	const struct broker *br = q->conn->nb->br;
	const struct topic_reg *topic = NULL;
	const struct setting_desc *d;
	struct synonym syn[4];
	bool dflt_only = false;
	char *end;
	long id;
	int n = 0, n_syn;
	size_t at;

	if (t->resource_type == RESOURCE_TOPIC) {
		if (t->name_bad || t->name[0] == '\0')
			return KERR_INVALID_TOPIC_EXCEPTION;
		if ((topic = image_topic(&br->image, t->name)) == NULL)
			return KERR_UNKNOWN_TOPIC_OR_PARTITION;
	} else if (t->resource_type == RESOURCE_BROKER) {
		id = strtol(t->name, &end, 10);
		dflt_only = t->name[0] == '\0';
		if (!dflt_only && (*end != '\0' || t->name_bad)) {
			snprintf(why, why_len, "Broker id must be an integer, "
			    "but it is: %s", t->name);
			return KERR_INVALID_REQUEST;
		}
		if (!dflt_only && id != q->conn->nb->id) {
			snprintf(why, why_len, "Unexpected broker id, expected "
			    "%d or empty string, but received %s",
			    q->conn->nb->id, t->name);
			return KERR_INVALID_REQUEST;
		}
	} else {
		snprintf(why, why_len, "Unsupported resource type: %d",
		    t->resource_type);
		return KERR_INVALID_REQUEST;
	}
	at = wr_hole(w, 4);
	for (d = settings_table; d->name != NULL; d++) {
		if ((topic != NULL && !d->topic_level) ||
		    is_client_setting(d->name) || !wanted(t, d->name))
			continue;
		n_syn = synonyms_of(br, d, topic != NULL ? &topic->config :
		    NULL, dflt_only, syn);
		if (n_syn == 0)
			continue;
		/* A broker's config is read-only unless kafka-configs may
		 * change it: the ones a dynamic default exists for. */
		write_config(w, rq->h.version, rq->include_synonyms, d, syn,
		    n_syn, topic == NULL && !is_dynamic_setting(d->name));
		n++;
	}
	wr_put_i32(w, at, n);
	return KERR_NONE;
}

/* ConfigHelper.describeConfigs (ConfigHelper.scala:86-170): each
 * resource on its own, an error in its own result. */
static void
describe_configs_handle(struct net_req *q, struct request *rq)
{
	char why[320];
	enum kerr err;
	int i;

	wr_i32(&q->out, 0);			/* ThrottleTimeMs */
	wr_i32(&q->out, rq->n_topics);
	for (i = 0; i < rq->n_topics; i++) {
		const struct req_topic *t = &rq->topics[i];
		struct wr configs = WR_INIT;

		why[0] = '\0';
		err = write_configs(q, rq, t, &configs, why, sizeof why);
		wr_i16(&q->out, (int16_t)err);
		wr_string(&q->out, why[0] != '\0' ? why : NULL);
		wr_i8(&q->out, t->resource_type);
		wr_string(&q->out, t->name);
		if (err == KERR_NONE)
			wr_raw(&q->out, configs.p, configs.len);
		else
			wr_i32(&q->out, 0);
		wr_free(&configs);
	}
	net_req_done(q);
}

const struct net_api api_describe_configs = {
	.key = API_DESCRIBE_CONFIGS,
	.handle = describe_configs_handle,
};
