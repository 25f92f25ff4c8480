/*
 * test_commands.c - the console's commands end to end on the simulator:
 * help, set, chaos, topic deletion, broker and topic config changes, the
 * server/docker lifecycle commands, leader elections, the console
 * producer's and consumer's options, and the network fault commands.
 *
 * Each test runs a script on a fresh simulator (seed 1, lab timings,
 * tests/harness.c) and checks what it printed and what it did to the
 * cluster, so the outputs are deterministic.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "harness.h"
#include "console/cmd.h"
#include "console/console.h"
#include "model/event.h"
#include "model/settings.h"
#include "model/snapshot.h"
#include "sim/sim.h"
#include "util/strbuf.h"

/* kafka-configs --alter of topic T with entries KV, and kafka-topics
 * --describe with ARGS, as script lines. */
#define ALTER_TOPIC(t, kv) \
	"kafka-configs --bootstrap-server localhost:9092 --alter " \
	"--entity-type topics --entity-name " t " --add-config " kv "\n"
#define DESCRIBE(args) \
	"kafka-topics --bootstrap-server localhost:9092 --describe " args "\n"

#define CREATE_T \
	"kafka-topics --bootstrap-server localhost:9092 --create " \
	"--topic t --partitions 2 --replication-factor 3\n"

static const char *
out_of(struct run *r)
{
	return strbuf_cstr(&r->cap.out);
}

static const char *
err_of(struct run *r)
{
	return strbuf_cstr(&r->cap.err);
}

static void
reset(struct run *r)
{
	strbuf_reset(&r->cap.out);
	strbuf_reset(&r->cap.err);
}

/* Run text as a script on a fresh capture; it must return rc. */
#define RUN(r, text, rc) do { \
	reset(r); \
	ck_assert_int_eq(run_text((r), (text)), (rc)); \
} while (0)

/* Whether s contains sub; on failure the message shows s. */
#define ck_assert_has(s, sub) \
	ck_assert_msg(strstr((s), (sub)) != NULL, \
	    "expected \"%s\" in:\n%s", (sub), (s))

/* The newest journaled event of type t, copied to *out; false if none. */
static bool
last_event(struct run *r, enum ev_type t, struct event *out)
{
	struct engine	*e = sim_engine(r->sim);
	struct event	 chunk[64];
	uint64_t	 after = 0;
	size_t		 n, i;
	bool		 found = false;

	while ((n = e->ops->events(e, after, chunk, 64)) > 0) {
		for (i = 0; i < n; i++)
			if (chunk[i].type == t) {
				*out = chunk[i];
				found = true;
			}
		after = chunk[n - 1].seq;
	}
	return found;
}

/* The partition t/p as the controller has it (leader, ISR as "1,2,3"). */
static void
part_state(struct run *r, const char *topic, int p, int *leader,
    char *isr, size_t len)
{
	struct engine			*e = sim_engine(r->sim);
	struct snapshot			 s;
	const struct snap_partition	*sp;
	size_t				 o = 0;
	int				 i;

	e->ops->snapshot(e, &s);
	sp = snapshot_partition(&s, topic, p);
	ck_assert_ptr_nonnull(sp);
	*leader = sp->reg->leader;
	isr[0] = '\0';
	for (i = 0; i < sp->reg->n_isr && o + 4 < len; i++)
		o += (size_t)snprintf(isr + o, len - o, "%s%d", i ? "," : "",
		    sp->reg->isr[i]);
	snapshot_free(&s);
}

/* --- help ---------------------------------------------------------------- */

START_TEST(test_cmd_help)
{
	struct run		 r;
	const struct cmd_entry	*ce;
	size_t			 i;
	char			 line[128];

	run_start(&r, 3);
	RUN(&r, "help\n", 0);
	ck_assert_has(out_of(&r), "Kafka tools (with or without bin/ and "
	    ".sh):\n");
	ck_assert_has(out_of(&r), "isrlab commands:\n");
	ck_assert_has(out_of(&r), "'help COMMAND' shows its arguments.\n");
	/* Every command is listed once, with its help text. */
	for (i = 0; (ce = cmd_table[i]) != NULL; i++) {
		snprintf(line, sizeof line, "  %s ", ce->name);
		ck_assert_has(out_of(&r), line);
		ck_assert_has(out_of(&r), ce->help);
	}
	/* Kafka tools come before isrlab's own commands. */
	ck_assert(strstr(out_of(&r), "  kafka-topics ") <
	    strstr(out_of(&r), "isrlab commands:"));
	ck_assert(strstr(out_of(&r), "  kill ") >
	    strstr(out_of(&r), "isrlab commands:"));

	/* One command, under any of the names a student may type. */
	RUN(&r, "help bin/kafka-topics.sh\n", 0);
	ck_assert_has(out_of(&r), "usage: kafka-topics --bootstrap-server "
	    "H:P (--create");
	ck_assert_has(out_of(&r), "  (also with bin/ and .sh, and after "
	    "docker exec -it kafkaN)\n");
	RUN(&r, "help set\n", 0);
	ck_assert_str_eq(out_of(&r), "usage: set NAME=VALUE | --list\n"
	    "  change a broker/client setting, or list them with "
	    "defaults\n");
	RUN(&r, "help docker-compose\n", 0);
	ck_assert_has(out_of(&r), "usage: docker-compose ps | up -d\n");

	RUN(&r, "help nosuch\n", 2);
	ck_assert_str_eq(err_of(&r), "isrlab: test.isr:1: help: unknown "
	    "command 'nosuch'\n");
	RUN(&r, "help set kill\n", 2);
	ck_assert_has(err_of(&r), "usage: help [COMMAND]");
	run_end(&r);
}
END_TEST

/* --- set ----------------------------------------------------------------- */

START_TEST(test_cmd_set)
{
	struct run	 r;
	struct settings	 cur;
	struct event	 ev;
	struct engine	*e;

	run_start(&r, 3);
	e = sim_engine(r.sim);
	RUN(&r, "set --list\n", 0);
	ck_assert_has(out_of(&r), "NAME  ");
	ck_assert_has(out_of(&r), "CURRENT     ISRLAB DEFAULT  KAFKA "
	    "DEFAULT\n");
	/* Current, isrlab's default and Kafka's, one setting a line. */
	ck_assert_has(out_of(&r), "replica.lag.time.max.ms  ");
	ck_assert_has(out_of(&r), "  6000        6000            30000\n");
	ck_assert_has(out_of(&r), "unclean.leader.election.enable  ");
	ck_assert_has(out_of(&r), "  false       false           false\n");

	RUN(&r, "set replica.lag.time.max.ms=5000\n"
	    "set unclean.leader.election.enable=true\n", 0);
	ck_assert_str_eq(out_of(&r), "replica.lag.time.max.ms=5000 (was "
	    "6000)\nunclean.leader.election.enable=true (was false)\n");
	e->ops->get_settings(e, &cur);
	ck_assert_int_eq(cur.replica_lag_time_max_ms, 5000);
	ck_assert_int_eq(cur.unclean_leader_election, 1);
	ck_assert(last_event(&r, EV_CONFIG_CHANGE, &ev));
	ck_assert_str_eq(ev.reason, "unclean.leader.election.enable: false "
	    "-> true");
	/* The list shows the new current value. */
	RUN(&r, "set --list\n", 0);
	ck_assert_has(out_of(&r), "  5000        6000            30000\n");

	/* Errors leave the settings alone. */
	RUN(&r, "set no.such.thing=1\n", 2);
	ck_assert_str_eq(err_of(&r), "isrlab: test.isr:1: set: unknown "
	    "config name 'no.such.thing' (see 'set --list')\n");
	RUN(&r, "set replica.lag.time.max.ms=abc\n", 2);
	ck_assert_has(err_of(&r), "set: invalid value 'abc' for "
	    "replica.lag.time.max.ms");
	RUN(&r, "set replica.lag.time.max.ms\n", 2);
	ck_assert_has(err_of(&r), "usage: set NAME=VALUE | set --list");
	RUN(&r, "set\n", 2);
	e->ops->get_settings(e, &cur);
	ck_assert_int_eq(cur.replica_lag_time_max_ms, 5000);
	run_end(&r);
}
END_TEST

/* A setting changed with set takes effect: with replica.lag.time.max.ms
 * lowered, a slowed follower leaves the ISR sooner. */
START_TEST(test_cmd_set_takes_effect)
{
	struct run	r;
	char		isr[32];
	int		leader;

	/* TESTS_SEED_IN_ORDER: t-0 is placed 1,2,3, led by 1. */
	run_start_seeded(&r, 3, KAFKA_37, TESTS_SEED_IN_ORDER);
	RUN(&r, CREATE_T
	    "set replica.lag.time.max.ms=1000\n"
	    "slow 3 5s\n"
	    "produce t --count 5\n"
	    "wait 2500ms\n", 0);
	part_state(&r, "t", 0, &leader, isr, sizeof isr);
	ck_assert_str_eq(isr, "1,2");
	run_end(&r);
}
END_TEST

/* --- chaos --------------------------------------------------------------- */

START_TEST(test_cmd_chaos)
{
	struct run	r;

	run_start(&r, 3);
	RUN(&r, "chaos --schedules 3 --seed 5\n", 0);
	ck_assert_str_eq(out_of(&r), "3 schedules, 131 steps, 0 "
	    "violations\n");
	RUN(&r, "chaos --schedules 2 --unclean\n", 0);
	ck_assert_has(out_of(&r), "2 schedules, 89 steps, 0 violations\n");
	ck_assert_has(out_of(&r), "acknowledged records lost (unclean "
	    "elections)\n");
	ck_assert_has(out_of(&r), "unclean elections: ");
	/* The same seed gives the same report. */
	RUN(&r, "chaos --seed 5 --schedules 3\n", 0);
	ck_assert_str_eq(out_of(&r), "3 schedules, 131 steps, 0 "
	    "violations\n");

	RUN(&r, "chaos --schedules 0\n", 2);
	ck_assert_has(err_of(&r), "chaos: --schedules is 1-1000000");
	RUN(&r, "chaos --seed x\n", 2);
	ck_assert_has(err_of(&r), "chaos: --seed takes a number");
	RUN(&r, "chaos --seed\n", 2);
	ck_assert_has(err_of(&r), "chaos: --seed needs a value");
	RUN(&r, "chaos --frob\n", 2);
	ck_assert_has(err_of(&r), "usage: chaos [--schedules N] [--seed S] "
	    "[--unclean]");
	run_end(&r);
}
END_TEST

/* --- topics -------------------------------------------------------------- */

START_TEST(test_cmd_topic_delete)
{
	struct run	 r;
	struct event	 ev;
	struct snapshot	 s;
	struct engine	*e;

	run_start(&r, 3);
	e = sim_engine(r.sim);
	RUN(&r, CREATE_T
	    "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic u --partitions 1 --replication-factor 2\n"
	    "produce u --count 3\n"
	    "kafka-topics --bootstrap-server localhost:9092 --list\n", 0);
	ck_assert_str_eq(out_of(&r), "Created topic t.\nCreated topic u.\n"
	    "u-0@0\nt\nu\n");
	RUN(&r, "bin/kafka-topics.sh "
	    "--bootstrap-server localhost:9092 --delete --topic u\n"
	    "wait 1s\n"
	    "kafka-topics --bootstrap-server localhost:9092 --list\n", 0);
	ck_assert_str_eq(out_of(&r), "t\n");
	ck_assert(last_event(&r, EV_TOPIC_DELETED, &ev));
	ck_assert_str_eq(ev.topic, "u");
	e->ops->snapshot(e, &s);
	ck_assert_ptr_null(snapshot_partition(&s, "u", 0));
	ck_assert_ptr_nonnull(snapshot_partition(&s, "t", 0));
	snapshot_free(&s);

	/* Gone for clients too, and deleting it again is Kafka's error. */
	RUN(&r, "kafka-topics --bootstrap-server "
	    "localhost:9092 --describe --topic u\n"
	    "produce u\n", 0);
	ck_assert_has(out_of(&r), "Error while executing topic command : "
	    "Topic 'u' does not exist as expected");
	ck_assert_has(err_of(&r), "ERROR UNKNOWN_TOPIC_OR_PARTITION");
	RUN(&r, "kafka-topics --bootstrap-server "
	    "localhost:9092 --delete --topic u\n", 0);
	ck_assert_has(out_of(&r), "Topic 'u' does not exist as expected");
	RUN(&r, "kafka-topics --bootstrap-server "
	    "localhost:9092 --delete\n", 2);

	/* The name can be created again, empty. */
	RUN(&r, "kafka-topics --bootstrap-server "
	    "localhost:9092 --create --topic u --partitions 1 "
	    "--replication-factor 3\nwait 1s\nconsume u\n", 0);
	ck_assert_str_eq(out_of(&r), "Created topic u.\n");
	run_end(&r);
}
END_TEST

/* --- configs ------------------------------------------------------------- */

START_TEST(test_cmd_broker_configs)
{
	struct run	r;
	struct event	ev;

	run_start(&r, 3);
	ck_assert_int_eq(run_text(&r,
	    "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic t --partitions 1 --replication-factor 3\n"
	    "kill 3\n"
	    "wait-until isr t/0 == 1,2\n"
	    "produce t\n"), 0);
	ck_assert_has(out_of(&r), "t-0@0\n");

	/* The brokers' default: min.insync.replicas=3 rejects acks=all. */
	RUN(&r, "kafka-configs --bootstrap-server "
	    "localhost:9092 --alter --entity-type brokers --entity-default "
	    "--add-config min.insync.replicas=3\n"
	    "wait 1s\n"
	    "produce t\n", 0);
	ck_assert_str_eq(out_of(&r), "Completed updating default config for "
	    "brokers in the cluster.\n"
	    "ERROR NOT_ENOUGH_REPLICAS: Messages are rejected since there are "
	    "fewer in-sync replicas than required.\n");
	ck_assert(last_event(&r, EV_CONFIG_CHANGE, &ev));

	/* One broker's own value wins over the default: 1 leads t-0. */
	RUN(&r, "kafka-configs --bootstrap-server "
	    "localhost:9092 --alter --entity-type brokers --entity-name 1 "
	    "--add-config min.insync.replicas=2\n"
	    "wait 1s\n"
	    "produce t\n", 0);
	ck_assert_str_eq(out_of(&r), "Completed updating config for broker "
	    "1.\nt-0@1\n");

	/* And the topic's own value wins over the broker's. */
	RUN(&r, "kafka-configs --bootstrap-server "
	    "localhost:9092 --alter --entity-type topics --entity-name t "
	    "--add-config min.insync.replicas=3\n"
	    "wait 1s\n"
	    "produce t\n", 0);
	ck_assert_str_eq(out_of(&r), "Completed updating config for topic "
	    "t.\nERROR NOT_ENOUGH_REPLICAS: Messages are rejected since there "
	    "are fewer in-sync replicas than required.\n");

	/* Several at once, through the default. */
	RUN(&r, "kafka-configs --bootstrap-server "
	    "localhost:9092 --alter --entity-type brokers --entity-default "
	    "--add-config unclean.leader.election.enable=true,"
	    "min.insync.replicas=1\n", 0);
	ck_assert(last_event(&r, EV_CONFIG_CHANGE, &ev));
	ck_assert_has(ev.reason, "min.insync.replicas=1");

	/* Kafka's errors. */
	RUN(&r, "kafka-configs --bootstrap-server "
	    "localhost:9092 --alter --entity-type topics --entity-name nosuch "
	    "--add-config min.insync.replicas=3\n", 0);
	ck_assert_has(err_of(&r), "UnknownTopicOrPartitionException: Topic "
	    "'nosuch' does not exist as expected");
	RUN(&r, "kafka-configs --bootstrap-server "
	    "localhost:9092 --alter --entity-type brokers --entity-name 1 "
	    "--add-config no.such=3\n", 0);
	ck_assert_has(err_of(&r), "InvalidConfigurationException: Cannot "
	    "update these configs dynamically: Set(no.such)");
	RUN(&r, "kafka-configs --bootstrap-server "
	    "localhost:9092 --describe --entity-type topics --entity-name "
	    "t\n", 0);
	ck_assert_has(err_of(&r), "kafka-configs: only --alter --add-config "
	    "is supported yet");
	run_end(&r);
}
END_TEST

/* --- servers and containers ---------------------------------------------- */

static const char docker_ps_up[] =
    "NAME      IMAGE                SERVICE   STATE     PORTS\n"
    "kafka1    apache/kafka:3.7.0   kafka1    Up        "
    "0.0.0.0:9092->9092/tcp\n"
    "kafka2    apache/kafka:3.7.0   kafka2    Up        "
    "0.0.0.0:19092->19092/tcp\n"
    "kafka3    apache/kafka:3.7.0   kafka3    Up        "
    "0.0.0.0:29092->29092/tcp\n";

START_TEST(test_cmd_servers)
{
	struct run	r;
	char		isr[32];
	int		leader;

	/* TESTS_SEED_IN_ORDER: t is placed 1,2,3 / 2,3,1, the leaders and
	 * preferred replicas this reads. */
	run_start_seeded(&r, 3, KAFKA_37, TESTS_SEED_IN_ORDER);
	RUN(&r, CREATE_T "docker ps\n", 0);
	ck_assert_str_eq(out_of(&r) + strlen("Created topic t.\n"),
	    docker_ps_up);
	RUN(&r, "docker stop kafka1\n"
	    "wait-until broker 1 down\n"
	    "docker-compose ps\n", 0);
	ck_assert_has(out_of(&r), "kafka1    apache/kafka:3.7.0   kafka1    "
	    "Exited");
	ck_assert_has(out_of(&r), "kafka2    apache/kafka:3.7.0   kafka2    "
	    "Up");
	RUN(&r, "kafka-server-stop --node-id 2\n"
	    "wait 5s\n", 0);
	part_state(&r, "t", 0, &leader, isr, sizeof isr);
	ck_assert_int_eq(leader, 3);
	ck_assert_str_eq(isr, "3");

	/* server.properties starts the lowest-numbered down broker. */
	RUN(&r, "kafka-server-start "
	    "config/server.properties\n"
	    "kafka-server-start config/server-2.properties\n", 0);
	ck_assert_str_eq(out_of(&r), "INFO [KafkaRaftServer nodeId=1] Kafka "
	    "Server started (kafka.server.KafkaRaftServer)\n"
	    "INFO [KafkaRaftServer nodeId=2] Kafka Server started "
	    "(kafka.server.KafkaRaftServer)\n");
	RUN(&r, "wait 6s\n"
	    "docker kill kafka3\ndocker start kafka3\ndocker restart kafka2\n"
	    "wait 6s\ndocker-compose up -d\nwait 8s\n", 0);
	ck_assert_str_eq(out_of(&r), "kafka3\nkafka3\nkafka2\n"
	    " Container kafka1  Running\n Container kafka2  Running\n"
	    " Container kafka3  Running\n");

	/* Preferred elections give the partitions back to their first
	 * replicas. */
	RUN(&r, "kafka-leader-election "
	    "--bootstrap-server localhost:9092 --election-type PREFERRED "
	    "--all-topic-partitions\n"
	    "kafka-leader-election --bootstrap-server localhost:9092 "
	    "--election-type PREFERRED --topic t --partition 0\n", 0);
	ck_assert_has(out_of(&r), "Successfully completed leader election "
	    "(PREFERRED) for partitions ");
	ck_assert_has(out_of(&r), "Valid replica already elected for "
	    "partitions t-0\n");
	part_state(&r, "t", 0, &leader, isr, sizeof isr);
	ck_assert_int_eq(leader, 1);
	part_state(&r, "t", 1, &leader, isr, sizeof isr);
	ck_assert_int_eq(leader, 2);

	/* The script without arguments stops every broker. */
	RUN(&r, "kafka-server-stop\nwait 5s\n"
	    "docker compose ps\n", 0);
	ck_assert_has(out_of(&r), "kafka1    apache/kafka:3.7.0   kafka1    "
	    "Exited");
	ck_assert_has(out_of(&r), "kafka3    apache/kafka:3.7.0   kafka3    "
	    "Exited");

	/* Mistakes: docker's own are results, the tools' are usage. */
	RUN(&r, "docker stop kafka7\ndocker frob\n", 0);
	ck_assert_str_eq(err_of(&r), "Error response from daemon: No such "
	    "container: kafka7\nisrlab: not yet supported: docker frob\n");
	RUN(&r, "kafka-server-start\n", 2);
	ck_assert_has(err_of(&r), "USAGE: kafka-server-start.sh [-daemon] "
	    "server.properties");
	RUN(&r, "kafka-leader-election "
	    "--bootstrap-server localhost:9092 --topic t --partition 0\n", 2);
	ck_assert_has(err_of(&r), "Missing required argument "
	    "\"[election-type]\"");
	run_end(&r);
}
END_TEST

/* --- producer and consumer options --------------------------------------- */

START_TEST(test_cmd_console_clients)
{
	struct run	r;

	run_start(&r, 3);
	RUN(&r, CREATE_T
	    "kafka-console-producer --bootstrap-server localhost:9092 "
	    "--topic t --producer-property acks=1 --property parse.key=true "
	    "--property key.separator=:\n"
	    "> a:1\n> b:2\n> c:3\n", 0);
	ck_assert_int_eq(console_produced(r.c, "t"), 3);
	RUN(&r, "kafka-console-consumer "
	    "--bootstrap-server localhost:9092 --topic t --from-beginning "
	    "--max-messages 2\n", 0);
	ck_assert_str_eq(out_of(&r), "1\n2\n");
	ck_assert_str_eq(err_of(&r), "Processed a total of 2 messages\n");
	/* A group commits what it read: the second read starts after it. */
	RUN(&r, "kafka-console-consumer "
	    "--bootstrap-server localhost:9092 --topic t --from-beginning "
	    "--group g1 --property print.key=true\n"
	    "kafka-console-consumer --bootstrap-server localhost:9092 "
	    "--topic t --group g1\n", 0);
	ck_assert_str_eq(out_of(&r), "a\t1\nb\t2\nc\t3\n");
	ck_assert_str_eq(err_of(&r), "Processed a total of 3 messages\n"
	    "Processed a total of 0 messages\n");
	/* One partition, with the partition printed. */
	RUN(&r, "kafka-console-consumer "
	    "--bootstrap-server localhost:9092 --topic t --from-beginning "
	    "--partition 0 --property print.partition=true\n", 0);
	ck_assert_has(out_of(&r), "Partition:0\t1\n");
	RUN(&r, "kafka-console-consumer "
	    "--bootstrap-server localhost:9092 --topic t --partition x\n", 2);
	RUN(&r, "kafka-console-producer "
	    "--bootstrap-server localhost:9092\n", 2);
	run_end(&r);
}
END_TEST

/* --- network faults ------------------------------------------------------ */

START_TEST(test_cmd_network_faults)
{
	struct run	 r;
	struct snapshot	 s;
	struct engine	*e;
	char		 isr[32];
	int		 leader;

	/* TESTS_SEED_IN_ORDER: t is placed 1,2,3 / 2,3,1, the ISR order
	 * this reads. */
	run_start_seeded(&r, 3, KAFKA_37, TESTS_SEED_IN_ORDER);
	e = sim_engine(r.sim);
	RUN(&r, CREATE_T
	    "isolate 2 --clients\nwait 4s\n", 0);
	e->ops->snapshot(e, &s);
	ck_assert(s.brokers[2].fenced);
	snapshot_free(&s);
	part_state(&r, "t", 1, &leader, isr, sizeof isr);
	ck_assert_int_ne(leader, 2);
	RUN(&r, "heal 2\nwait 6s\n", 0);
	part_state(&r, "t", 0, &leader, isr, sizeof isr);
	ck_assert_str_eq(isr, "1,3,2");	/* 2 rejoined last */
	/* Two sides: 3 alone loses the controller and is fenced. */
	RUN(&r, "partition 1,2 | 3\nwait 4s\n", 0);
	e->ops->snapshot(e, &s);
	ck_assert(s.brokers[3].fenced);
	ck_assert(!s.brokers[1].fenced);
	snapshot_free(&s);
	RUN(&r, "heal\nwait 6s\nmetrics\n", 0);
	ck_assert_has(out_of(&r), "kafka.controller:type=KafkaController,"
	    "name=FencedBrokerCount 0\n");
	ck_assert_has(out_of(&r), "kafka.controller:type=KafkaController,"
	    "name=ActiveBrokerCount 3\n");
	ck_assert_has(out_of(&r), "broker 1: LeaderCount ");
	RUN(&r, "partition 1,2\n", 2);
	RUN(&r, "slow 7 100ms\n", 2);
	RUN(&r, "isolate\n", 2);
	run_end(&r);
}
END_TEST

/* --- Kafka 3.7.0's rules (isrlab(1), FIDELITY) ----------------------------- */

/* unclean.leader.election.enable on the topic elects nobody under KRaft
 * 3.7 (ConfigurationControlManager.java:498-500 at 3.7.0): the returning
 * out-of-sync replica 2 stays a follower of no one until
 * kafka-leader-election --election-type UNCLEAN asks for it. */
START_TEST(test_k37_unclean_config_elects_nobody)
{
	struct run	r;
	char		isr[32];
	int		leader;

	run_start(&r, 3);
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic t --partitions 1 --replication-factor 3 "
	    "--config unclean.leader.election.enable=true\n"
	    "kill 2\nkill 3\n"
	    "wait-until isr t/0 == 1\n"
	    "produce t\n"
	    "kill 1\nrestart 2\nwait 10s\n", 0);
	part_state(&r, "t", 0, &leader, isr, sizeof isr);
	ck_assert_int_eq(leader, ISR_NO_LEADER);
	ck_assert_str_eq(isr, "1");
	RUN(&r, "kafka-leader-election --bootstrap-server localhost:19092 "
	    "--election-type UNCLEAN --topic t --partition 0\n", 0);
	ck_assert_has(out_of(&r), "Successfully completed leader election "
	    "(UNCLEAN) for partitions t-0");
	part_state(&r, "t", 0, &leader, isr, sizeof isr);
	ck_assert_int_eq(leader, 2);
	ck_assert_str_eq(isr, "2");
	run_end(&r);
}
END_TEST

/* Creating a.b beside a_b is refused by the controller
 * (ReplicationControlManager.java:860-867 at 3.7.0), after TopicCommand's
 * warning; the error goes to standard output (TopicCommand.java:130). */
START_TEST(test_k37_topic_collision)
{
	struct run	r;

	run_start(&r, 3);
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic a_b --partitions 1 --replication-factor 1\n", 0);
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic a.b --partitions 1 --replication-factor 1\n", 0);
	ck_assert_str_eq(out_of(&r), "WARNING: Due to limitations in metric "
	    "names, topics with a period ('.') or underscore ('_') could "
	    "collide. To avoid issues it is best to use either, but not "
	    "both.\nError while executing topic command : Topic 'a.b' "
	    "collides with existing topic: a_b\n");
	ck_assert_str_eq(err_of(&r), "");
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --list\n", 0);
	ck_assert_str_eq(out_of(&r), "a_b\n");
	run_end(&r);
}
END_TEST

/* min.insync.replicas is atLeast(1) only (LogConfig.java:267 at 3.7.0):
 * 10 is accepted, 0 gets ConfigDef.Range's words (ConfigDef.java:958). */
START_TEST(test_k37_min_insync_range)
{
	struct run	r;

	run_start(&r, 3);
	RUN(&r, CREATE_T
	    "kafka-configs --bootstrap-server localhost:9092 --alter "
	    "--entity-type topics --entity-name t "
	    "--add-config min.insync.replicas=10\n", 0);
	ck_assert_has(out_of(&r), "Completed updating config for topic t.\n");
	/* The leader caps it at the replication factor
	 * (Partition.scala:369-371 at 3.7.0): acks=all works on a full ISR. */
	RUN(&r, "wait 1s\nproduce t --acks all --partition 0\n", 0);
	ck_assert_str_eq(out_of(&r), "t-0@0\n");
	RUN(&r, "kafka-configs --bootstrap-server localhost:9092 --alter "
	    "--entity-type topics --entity-name t "
	    "--add-config min.insync.replicas=0\n", 0);
	ck_assert_has(err_of(&r), "Invalid value 0 for configuration "
	    "min.insync.replicas: Value must be at least 1");
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic u --config min.insync.replicas=0\n", 0);
	ck_assert_str_eq(out_of(&r), "Error while executing topic command : "
	    "Invalid value 0 for configuration min.insync.replicas: Value "
	    "must be at least 1\n");
	run_end(&r);
}
END_TEST

/* TopicCommand's own checks and Topic.java's words for names
 * (TopicCommand.java:450-455, Topic.java:49-61 at 3.7.0). */
START_TEST(test_k37_topic_tool_checks)
{
	struct run	r;

	run_start(&r, 3);
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic t --replication-factor 0\n", 0);
	ck_assert_str_eq(out_of(&r), "Error while executing topic command : "
	    "The replication factor must be between 1 and 32767 inclusive\n");
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic t --partitions 0\n", 0);
	ck_assert_str_eq(out_of(&r), "Error while executing topic command : "
	    "The partitions must be greater than 0\n");
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic ..\n", 0);
	ck_assert_str_eq(out_of(&r), "WARNING: Due to limitations in metric "
	    "names, topics with a period ('.') or underscore ('_') could "
	    "collide. To avoid issues it is best to use either, but not "
	    "both.\nError while executing topic command : Topic name is "
	    "invalid: '..' is not allowed\n");
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic a:b\n", 0);
	ck_assert_str_eq(out_of(&r), "Error while executing topic command : "
	    "Topic name is invalid: 'a:b' contains one or more characters "
	    "other than ASCII alphanumerics, '.', '_' and '-'\n");
	run_end(&r);
}
END_TEST

/* kafka-topics --alter --partitions (TopicCommand.java:490-502 at 3.7.0):
 * silent when it worked, and the next describe shows the new partitions;
 * no increase is the controller's message (ReplicationControlManager.java:
 * 1712-1722); an unknown topic ensureTopicExists' (line 215), which
 * --if-exists turns off. */
START_TEST(test_k37_alter_partitions)
{
	struct run	r;

	run_start(&r, 3);
	RUN(&r, CREATE_T
	    "kafka-topics --bootstrap-server localhost:9092 --alter "
	    "--topic t --partitions 4\n", 0);
	ck_assert_str_eq(out_of(&r), "Created topic t.\n");
	RUN(&r, "kafka-topics --bootstrap-server localhost:19092 --describe "
	    "--topic t\n", 0);
	ck_assert_has(out_of(&r), "PartitionCount: 4\t");
	ck_assert_has(out_of(&r), "\tPartition: 3\tLeader: ");
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --alter "
	    "--topic t --partitions 4\n", 0);
	ck_assert_str_eq(out_of(&r), "Error while executing topic command : "
	    "Topic already has 4 partition(s).\n");
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --alter "
	    "--topic t --partitions 3\n", 0);
	ck_assert_str_eq(out_of(&r), "Error while executing topic command : "
	    "The topic t currently has 4 partition(s); 3 would not be an "
	    "increase.\n");
	ck_assert(console_error_seen(r.c, "INVALID_PARTITIONS"));
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --alter "
	    "--topic nosuch --partitions 3\n", 0);
	ck_assert_str_eq(out_of(&r), "Error while executing topic command : "
	    "Topic 'nosuch' does not exist as expected\n");
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --alter "
	    "--topic nosuch --partitions 3 --if-exists\n", 0);
	ck_assert_str_eq(out_of(&r), "");
	run_end(&r);
}
END_TEST

/* --all-topic-partitions leaves out the partitions that need no election
 * (ReplicationControlManager.java:1433-1441 at 3.7.0): with none to do
 * the tool prints nothing; a named partition still gets "Valid replica
 * already elected"; an unknown topic electLeader's own message. */
START_TEST(test_k37_elect_all_partitions)
{
	struct run	r;

	run_start(&r, 3);
	RUN(&r, CREATE_T
	    "kafka-leader-election --bootstrap-server localhost:9092 "
	    "--election-type PREFERRED --all-topic-partitions\n", 0);
	ck_assert_str_eq(out_of(&r), "Created topic t.\n");
	RUN(&r, "kafka-leader-election --bootstrap-server localhost:9092 "
	    "--election-type PREFERRED --topic t --partition 1\n", 0);
	ck_assert_str_eq(out_of(&r), "Valid replica already elected for "
	    "partitions t-1\n");
	RUN(&r, "kafka-leader-election --bootstrap-server localhost:9092 "
	    "--election-type PREFERRED --topic nosuch --partition 0\n", 0);
	ck_assert_str_eq(out_of(&r), "Error completing leader election "
	    "(PREFERRED) for partition: nosuch-0: org.apache.kafka.common."
	    "errors.UnknownTopicOrPartitionException: No such topic as "
	    "nosuch\n");
	ck_assert_str_eq(err_of(&r), "1 replica(s) could not be elected\n"
	    "org.apache.kafka.server.common.AdminCommandFailedException: 1 "
	    "replica(s) could not be elected\n");
	run_end(&r);
}
END_TEST

/* metrics shows KRaft 3.7's controller metrics, not the ZooKeeper
 * controller's ControllerStats (ControllerMetadataMetrics.java:38-53 at
 * 3.7.0). */
START_TEST(test_k37_controller_metrics)
{
	struct run	r;

	run_start(&r, 3);
	RUN(&r, CREATE_T "metrics\n", 0);
	ck_assert_has(out_of(&r), "kafka.controller:type=KafkaController,"
	    "name=GlobalTopicCount 1\n");
	ck_assert_has(out_of(&r), "kafka.controller:type=KafkaController,"
	    "name=GlobalPartitionCount 2\n");
	ck_assert(strstr(out_of(&r), "ControllerStats") == NULL);
	run_end(&r);
}
END_TEST

/* --describe prints topics in the order of the admin client's HashMap,
 * --list sorted (TopicCommand.java:484-487, 571, 648 at 3.7.0): for
 * orders, payments and t Java's String hashes put t first. */
START_TEST(test_k37_describe_order)
{
	struct run	r;
	const char	*o, *t, *orders, *payments;

	run_start(&r, 3);
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic payments\n"
	    "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic orders\n"
	    "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic t\n", 0);
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --describe\n",
	    0);
	o = out_of(&r);
	t = strstr(o, "Topic: t\t");
	orders = strstr(o, "Topic: orders\t");
	payments = strstr(o, "Topic: payments\t");
	ck_assert(t != NULL && orders != NULL && payments != NULL);
	ck_assert(t < orders && orders < payments);
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --list\n", 0);
	ck_assert_str_eq(out_of(&r), "orders\npayments\nt\n");
	run_end(&r);
}
END_TEST

/* With broker 3 fenced, an RF 3 topic is still created: KRaft places
 * replicas on fenced brokers too (BrokerHeartbeatManager.java:495-497 at
 * 3.7.0), the leader unfenced, the ISR the live replicas
 * (ReplicationControlManager.java:749-750); __consumer_offsets too. */
START_TEST(test_k37_create_with_broker_fenced)
{
	struct run	r;
	char		isr[32];
	int		leader, p;

	run_start(&r, 3);
	RUN(&r, "kill 3\nwait 10s\n"
	    "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic t --partitions 3 --replication-factor 3\n", 0);
	ck_assert_str_eq(out_of(&r), "Created topic t.\n");
	for (p = 0; p < 3; p++) {
		part_state(&r, "t", p, &leader, isr, sizeof isr);
		ck_assert_int_ne(leader, 3);
		ck_assert(strchr(isr, '3') == NULL);
		ck_assert_uint_eq(strlen(isr), 3);	/* two of 1, 2 */
	}
	RUN(&r, "kafka-console-consumer --bootstrap-server localhost:9092 "
	    "--topic t --group g\n"
	    "kafka-topics --bootstrap-server localhost:9092 --describe "
	    "--topic __consumer_offsets\n", 0);
	ck_assert_has(out_of(&r), "Topic: __consumer_offsets\tTopicId: ");
	ck_assert_has(out_of(&r), "PartitionCount: 5\tReplicationFactor: 3");
	run_end(&r);
}
END_TEST

/* Right after kafka-configs --alter the next describe shows the config;
 * --topics-with-overrides lists a topic whose only override is a dynamic
 * broker default (TopicCommand.java:619-620 at 3.7.0). */
START_TEST(test_k37_configs_then_describe)
{
	struct run	r;

	run_start(&r, 3);
	RUN(&r, CREATE_T
	    "kafka-configs --bootstrap-server localhost:9092 --alter "
	    "--entity-type topics --entity-name t "
	    "--add-config min.insync.replicas=2\n"
	    "kafka-topics --bootstrap-server localhost:9092 --describe "
	    "--topic t\n", 0);
	ck_assert_has(out_of(&r), "ReplicationFactor: 3\tConfigs: "
	    "min.insync.replicas=2\n");
	RUN(&r, "kafka-configs --bootstrap-server localhost:9092 --alter "
	    "--entity-type brokers --entity-default "
	    "--add-config unclean.leader.election.enable=false\n"
	    "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic u\n"
	    "kafka-topics --bootstrap-server localhost:9092 --describe "
	    "--topics-with-overrides\n", 0);
	ck_assert_has(out_of(&r), "Topic: u\tTopicId: ");
	run_end(&r);
}
END_TEST

/* A partition without a leader: the producer never sends; the batch
 * expires in the accumulator with the Java producer's TimeoutException
 * (Sender.java:424-426, ProducerBatch.java:414-416 at 3.7.0), printed by
 * the console producer's ErrorLoggingCallback (ErrorLoggingCallback.java:
 * 46-53), never the broker's REQUEST_TIMED_OUT. */
START_TEST(test_k37_produce_leaderless)
{
	struct run	r;
	char		isr[32], script[64];
	int		leader;

	run_start(&r, 3);
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic t --partitions 1 --replication-factor 1\n", 0);
	part_state(&r, "t", 0, &leader, isr, sizeof isr);
	snprintf(script, sizeof script, "kill %d\nwait 10s\n", leader);
	RUN(&r, script, 0);
	part_state(&r, "t", 0, &leader, isr, sizeof isr);
	ck_assert_int_eq(leader, ISR_NO_LEADER);
	RUN(&r, "produce t --partition 0 hello\n", 0);
	ck_assert_str_eq(out_of(&r), "ERROR TIMEOUT: Expiring 1 record(s) "
	    "for t-0:15000 ms has passed since batch creation\n");
	ck_assert(strstr(err_of(&r), "REQUEST_TIMED_OUT") == NULL);
	RUN(&r, "kafka-console-producer --bootstrap-server localhost:9092,"
	    "localhost:19092,localhost:29092 --topic t\n> hello\n", 0);
	ck_assert_has(err_of(&r), "ERROR Error when sending message to topic "
	    "t with key: null, value: 5 bytes with error: (org.apache.kafka."
	    "clients.producer.internals.ErrorLoggingCallback)\n"
	    "org.apache.kafka.common.errors.TimeoutException: Expiring 1 "
	    "record(s) for t-0:15000 ms has passed since batch creation\n");
	run_end(&r);
}
END_TEST

/* __consumer_offsets shows the configs the group coordinator creates it
 * with (GroupCoordinator.scala:93-99 at 3.7.0) in the order of the admin
 * client's Config HashMap (Config.java:35-43), as TopicCommand prints
 * them (TopicCommand.java:294-297); --topics-with-overrides lists it. */
START_TEST(test_k37_offsets_topic_configs)
{
	struct run	r;

	run_start(&r, 3);
	RUN(&r, CREATE_T
	    "kafka-console-consumer --bootstrap-server localhost:9092 "
	    "--topic t --group g\n"
	    ALTER_TOPIC("__consumer_offsets", "min.insync.replicas=2")
	    DESCRIBE("--topic __consumer_offsets"), 0);
	ck_assert_has(out_of(&r), "ReplicationFactor: 3\tConfigs: "
	    "compression.type=producer,min.insync.replicas=2,"
	    "cleanup.policy=compact,segment.bytes=104857600\n");
	RUN(&r, DESCRIBE("--topics-with-overrides"), 0);
	ck_assert_has(out_of(&r), "Topic: __consumer_offsets\tTopicId: ");
	ck_assert(strstr(out_of(&r), "Topic: t\t") == NULL);
	run_end(&r);
}
END_TEST

/* TopicCommand's and ConfigCommand's own checks at 3.7.0: options that do
 * not go together are refused as CommandLineUtils.checkInvalidArgs does
 * (TopicCommand.java:963-990), a missing --bootstrap-server in its own
 * words (line 946); a non-integer --partitions is converted inside
 * execute's try and printed as the tool's error (lines 117-131, 258-264);
 * a malformed --config keeps require's "requirement failed: " (line 167);
 * kafka-configs refuses a malformed entry before changing anything and
 * prints only the message (ConfigCommand.scala:100-103, 284-294);
 * Topic.java's length rule is printed whole (Topic.java:57-58). */
static const struct {
	const char	*line;		/* after "kafka-topics " */
	int		 rc;		/* script status: 2 usage, 0 ran */
	bool		 out;		/* the text is on standard output */
	const char	*text;
} k37_topic_refusals[] = {
	{ "--bootstrap-server localhost:9092 --describe --partitions 3", 2,
	  false, "Option \"[partitions]\" can't be used with option "
	  "\"[describe]\"" },
	{ "--bootstrap-server localhost:9092 --list --if-exists", 2, false,
	  "Option \"[if-exists]\" can't be used with option \"[list]\"" },
	{ "--describe", 2, false, "--bootstrap-server must be specified" },
	{ "--bootstrap-server localhost:9092 --alter --topic t", 2, false,
	  "Missing required argument \"[partitions]\"" },
	{ "--bootstrap-server localhost:9092 --alter --topic t --partitions 3 "
	  "--config retention.ms=1", 2, false, "Option combination "
	  "\"[[bootstrap-server], [config]]\" can't be used with option "
	  "\"[alter]\" (the kafka-configs CLI supports altering topic configs "
	  "with a --bootstrap-server option)" },
	{ "--bootstrap-server localhost:9092 --create --topic t --partitions "
	  "abc", 0, true, "Error while executing topic command : Cannot parse "
	  "argument 'abc' of option partitions\n" },
	{ "--bootstrap-server localhost:9092 --create --topic t --config "
	  "min.insync.replicas=", 0, true, "Error while executing topic "
	  "command : requirement failed: Invalid topic config: all configs to "
	  "be added must be in the format \"key=val\".\n" },
};

START_TEST(test_k37_tool_wording)
{
	struct run	r;
	char		script[512];
	char		name[251];
	size_t		i;

	run_start(&r, 3);
	for (i = 0; i < sizeof k37_topic_refusals /
	    sizeof k37_topic_refusals[0]; i++) {
		snprintf(script, sizeof script, "kafka-topics %s\n",
		    k37_topic_refusals[i].line);
		RUN(&r, script, k37_topic_refusals[i].rc);
		if (k37_topic_refusals[i].out)
			ck_assert_str_eq(out_of(&r), k37_topic_refusals[i].text);
		else
			ck_assert_has(err_of(&r), k37_topic_refusals[i].text);
	}
	RUN(&r, "kafka-topics --bootstrap-server localhost:9092 --create "
	    "--topic t --config ' min.insync.replicas = 2 '\n"
	    ALTER_TOPIC("t", "min.insync.replicas=3,foo"), 0);
	ck_assert_str_eq(out_of(&r), "Created topic t.\n");
	ck_assert_str_eq(err_of(&r), "requirement failed: Invalid entity "
	    "config: all configs to be added must be in the format "
	    "\"key=val\".\n");
	RUN(&r, DESCRIBE("--topic t"), 0);
	ck_assert_has(out_of(&r), "Configs: min.insync.replicas=2\n");
	memset(name, 'a', 250);
	name[250] = '\0';
	snprintf(script, sizeof script, "kafka-topics --bootstrap-server "
	    "localhost:9092 --create --topic %s\n", name);
	RUN(&r, script, 0);
	ck_assert_has(out_of(&r), "is longer than the max allowed length "
	    "249\n");
	run_end(&r);
}
END_TEST

Suite *
suite_commands(void)
{
	Suite	*s = suite_create("commands");
	TCase	*tc = tcase_create("commands");

	tcase_add_test(tc, test_cmd_help);
	tcase_add_test(tc, test_cmd_set);
	tcase_add_test(tc, test_cmd_set_takes_effect);
	tcase_add_test(tc, test_cmd_chaos);
	tcase_add_test(tc, test_cmd_topic_delete);
	tcase_add_test(tc, test_cmd_broker_configs);
	tcase_add_test(tc, test_cmd_servers);
	tcase_add_test(tc, test_cmd_console_clients);
	tcase_add_test(tc, test_cmd_network_faults);
	tcase_add_test(tc, test_k37_unclean_config_elects_nobody);
	tcase_add_test(tc, test_k37_topic_collision);
	tcase_add_test(tc, test_k37_min_insync_range);
	tcase_add_test(tc, test_k37_topic_tool_checks);
	tcase_add_test(tc, test_k37_alter_partitions);
	tcase_add_test(tc, test_k37_elect_all_partitions);
	tcase_add_test(tc, test_k37_controller_metrics);
	tcase_add_test(tc, test_k37_describe_order);
	tcase_add_test(tc, test_k37_create_with_broker_fenced);
	tcase_add_test(tc, test_k37_configs_then_describe);
	tcase_add_test(tc, test_k37_produce_leaderless);
	tcase_add_test(tc, test_k37_offsets_topic_configs);
	tcase_add_test(tc, test_k37_tool_wording);
	suite_add_tcase(s, tc);
	return s;
}
