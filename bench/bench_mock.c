/*
 * bench_mock.c - librdkafka's mock cluster (rd_kafka_mock_cluster_new,
 * librdkafka-dev) with three brokers and topic TOPIC (3 partitions,
 * replication factor 3), for bench/bench-kcat.sh to compare isrlab with:
 * prints its bootstrap servers, then serves until standard input ends.
 * The mock replicates nothing (acks=all does not wait for followers).
 */
#include "config.h"

#include <stdio.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

int
main(int argc, char **argv)
{
	char			 err[512];
	rd_kafka_conf_t		*conf = rd_kafka_conf_new();
	rd_kafka_t		*rk;
	rd_kafka_mock_cluster_t	*mc;

	rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
	if (rk == NULL) {
		fprintf(stderr, "bench_mock: %s\n", err);
		return 1;
	}
	mc = rd_kafka_mock_cluster_new(rk, 3);
	if (mc == NULL) {
		fprintf(stderr, "bench_mock: no mock cluster\n");
		return 1;
	}
	rd_kafka_mock_topic_create(mc, argc > 1 ? argv[1] : "bench", 3, 3);
	printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));
	fflush(stdout);
	while (getchar() != EOF)
		;
	rd_kafka_mock_cluster_destroy(mc);
	rd_kafka_destroy(rk);
	return 0;
}
