/*
 * admin.c - admin requests (kafka-topics, kafka-configs,
 * kafka-leader-election) as controller calls; see admin.h.
 */
#include "config.h"

#include "engine/admin.h"

enum kerr
admin_apply(struct controller *c, int64_t now, const struct admin_req *r,
    char *why, size_t len)
{
	enum kerr err = KERR_INVALID_REQUEST;
	int64_t v;

	why[0] = '\0';
	switch (r->kind) {
	case ADMIN_CREATE_TOPIC:
		if (r->validate_only)
			err = controller_validate_topic(c, r->topic,
			    r->partitions, r->replication_factor, r->configs,
			    r->n_configs, why, len);
		else
			err = controller_create_topic(c, now, r->topic,
			    r->partitions, r->replication_factor, r->configs,
			    r->n_configs, why, len);
		break;
	case ADMIN_DELETE_TOPIC:
		err = controller_delete_topic(c, now, r->topic, why, len);
		break;
	case ADMIN_ALTER_TOPIC_CONFIG:
		if (r->validate_only)
			err = controller_check_topic_config(c, r->topic,
			    r->key, r->value, why, len);
		else
			err = controller_alter_topic_config(c, now, r->topic,
			    r->key, r->value, why, len);
		break;
	case ADMIN_ALTER_BROKER_CONFIG:
		if (r->validate_only)
			err = controller_check_broker_config(r->key, r->value,
			    &v, why, len);
		else
			err = controller_alter_broker_config(c, now, r->key,
			    r->value, why, len);
		break;
	case ADMIN_CREATE_PARTITIONS:
		err = controller_create_partitions(c, now, r->topic,
		    r->partitions, r->validate_only, why, len);
		break;
	case ADMIN_ELECT:
		err = controller_elect(c, now, r->election, r->topic,
		    r->partition);
		break;
	}
	return err;
}
