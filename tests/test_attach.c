/*
 * test_attach.c - attach mode's events from two polls (src/attach/
 * observe.c), on snapshots the simulator makes: the same cluster before
 * and after a fault, as two polls of a real cluster would see it.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach/acked.h"
#include "attach/attach-config.h"
#include "attach/observe.h"
#include "model/settings.h"
#include "sim/sim.h"
#include "tests.h"
#include "util/xmalloc.h"

struct obs {
	struct sim	*sim;
	struct engine	*e;
};

/* Topic name with partitions partitions of RF rf, settled. */
static void
obs_topic(struct obs *x, const char *name, int partitions, int rf)
{
	struct admin_req	ar;
	char			why[256];

	memset(&ar, 0, sizeof ar);
	ar.kind = ADMIN_CREATE_TOPIC;
	ar.topic = name;
	ar.partitions = partitions;
	ar.replication_factor = rf;
	ck_assert_int_eq(x->e->ops->admin(x->e, &ar, why, sizeof why),
	    KERR_NONE);
	x->e->ops->advance(x->e, 1000);
}

/* Three brokers, topic t with 3 partitions RF 3 (leaders 1, 2, 3). */
static void
obs_start(struct obs *x)
{
	struct settings	s;

	settings_defaults(&s, false);
	s.profile = KAFKA_PROFILE_LEGACY;
	/* TESTS_SEED_IN_ORDER: t is placed 1,2,3 / 2,3,1 / 3,1,2. */
	x->sim = sim_new(3, TESTS_SEED_IN_ORDER, &s, NULL);
	x->e = sim_engine(x->sim);
	obs_topic(x, "t", 3, 3);
}

static void
obs_fault(struct obs *x, enum fault_kind kind, int broker)
{
	struct fault	f;
	char		err[128];

	memset(&f, 0, sizeof f);
	f.kind = kind;
	f.broker = broker;
	ck_assert_int_eq(x->e->ops->fault(x->e, &f, err, sizeof err), 0);
}

/* The one event of type on topic-partition in q, or NULL. */
static const struct event *
obs_find(const struct evq *q, enum ev_type type, const char *topic,
    int partition, int broker)
{
	size_t	i;

	for (i = 0; i < q->n; i++)
		if (q->v[i].type == type && strcmp(q->v[i].topic, topic) == 0 &&
		    q->v[i].partition == partition && q->v[i].broker == broker)
			return &q->v[i];
	return NULL;
}

/* q has a note about broker saying reason. */
static void
obs_note(const struct evq *q, int broker, const char *reason)
{
	const struct event *ev = obs_find(q, EV_NOTE, "", -1, broker);

	ck_assert_ptr_nonnull(ev);
	ck_assert_str_eq(ev->reason, reason);
}

/* Broker 1 crashed and was fenced between two polls: its partition gets
 * a new leader with the ISR shrunk in the same event, the others an ISR
 * shrink, broker 1 a note that it left the metadata; all at the poll's
 * time and marked observed.  Nothing between two equal polls. */
START_TEST(test_observe_leader_crash)
{
	struct obs		 x;
	struct snapshot		 a, b, c;
	struct evq		 q = { 0 };
	const struct event	*ev;
	char			 line[256];

	obs_start(&x);
	x.e->ops->snapshot(x.e, &a);
	observe_diff(NULL, &a, 0, &q);
	ck_assert_uint_eq(q.n, 0);
	obs_fault(&x, FAULT_KILL, 1);
	x.e->ops->advance(x.e, 10000);
	x.e->ops->snapshot(x.e, &b);
	observe_diff(&a, &b, 4242, &q);
	ck_assert_uint_eq(q.n, 4);

	obs_note(&q, 1, "observed: broker 1 is gone from the metadata");
	ev = obs_find(&q, EV_LEADER_CHANGE, "t", 0, -1);
	ck_assert_ptr_nonnull(ev);
	ck_assert_int_eq(ev->t_ms, 4242);
	ck_assert_int_eq(ev->leader_from, 1);
	ck_assert_int_eq(ev->leader_to, 2);
	ck_assert_int_eq(ev->n_isr_from, 3);
	ck_assert_int_eq(ev->n_isr_to, 2);
	ck_assert_int_eq(ev->clean, 1);
	ck_assert_ptr_nonnull(obs_find(&q, EV_ISR_SHRINK, "t", 1, -1));
	ck_assert_ptr_nonnull(obs_find(&q, EV_ISR_SHRINK, "t", 2, -1));

	/* An epoch of -1 (unknown attached) prints as "?". */
	q.v[1].epoch_from = q.v[1].epoch_to = -1;
	event_format(&q.v[1], line, sizeof line);
	ck_assert_ptr_nonnull(strstr(line, "leader 1 -> 2  epoch ? -> ?  "
	    "isr 1,2,3 -> 2,3  (observed)"));

	evq_clear(&q);
	x.e->ops->snapshot(x.e, &c);
	observe_diff(&b, &c, 5000, &q);
	ck_assert_uint_eq(q.n, 0);
	snapshot_free(&a);
	snapshot_free(&b);
	snapshot_free(&c);
	evq_free(&q);
	sim_free(x.sim);
}
END_TEST

/* Broker 1 back: a note, and the ISRs grow (expand events); a topic that
 * appears or goes is created / deleted. */
START_TEST(test_observe_back_and_topics)
{
	struct obs		 x;
	struct snapshot		 a, b, c;
	struct evq		 q = { 0 };
	const struct event	*ev;

	obs_start(&x);
	obs_fault(&x, FAULT_KILL, 1);
	x.e->ops->advance(x.e, 10000);
	x.e->ops->snapshot(x.e, &a);
	obs_fault(&x, FAULT_START, 1);
	x.e->ops->advance(x.e, 20000);
	x.e->ops->snapshot(x.e, &b);
	observe_diff(&a, &b, 1, &q);
	obs_note(&q, 1, "observed: broker 1 is back in the metadata");
	ev = obs_find(&q, EV_ISR_EXPAND, "t", 1, -1);
	ck_assert_ptr_nonnull(ev);
	ck_assert_int_eq(ev->n_isr_from, 2);
	ck_assert_int_eq(ev->n_isr_to, 3);

	evq_clear(&q);
	obs_topic(&x, "u", 1, 1);
	x.e->ops->snapshot(x.e, &c);
	observe_diff(&b, &c, 2, &q);
	ck_assert_uint_eq(q.n, 1);
	ck_assert_int_eq(q.v[0].type, EV_TOPIC_CREATED);
	ck_assert_str_eq(q.v[0].topic, "u");
	evq_clear(&q);
	observe_diff(&c, &b, 3, &q);
	ck_assert_uint_eq(q.n, 1);
	ck_assert_int_eq(q.v[0].type, EV_TOPIC_DELETED);
	snapshot_free(&a);
	snapshot_free(&b);
	snapshot_free(&c);
	evq_free(&q);
	sim_free(x.sim);
}
END_TEST

/* Whose metadata to believe: the view most brokers share; a tie goes to
 * the view with fewer brokers alive (a zombie's image still lists the
 * brokers fenced since); then the first. */
START_TEST(test_observe_pick_view)
{
	/* partition 2,3 | 1: broker 1 (the zombie) lists 1,2,3; 2 and 3
	 * list themselves. */
	const uint32_t	split[] = { 0xe, 0xc, 0xc };
	/* Broker 3 is down: the zombie and one honest broker. */
	const uint32_t	tie[] = { 0xe, 0x4 };
	const uint32_t	one[] = { 0x6 };
	const uint32_t	same[] = { 0xe, 0xe, 0xe };

	ck_assert_int_eq(observe_pick_view(split, 3), 1);
	ck_assert_int_eq(observe_pick_view(tie, 2), 1);
	ck_assert_int_eq(observe_pick_view(one, 1), 0);
	ck_assert_int_eq(observe_pick_view(same, 3), 0);
	ck_assert_int_eq(observe_pick_view(NULL, 0), -1);
}
END_TEST

/* A broker out of the metadata that still answers is fenced, not gone;
 * when it stops answering too, that is said; back in the metadata, it is
 * back. */
START_TEST(test_observe_fenced_answers)
{
	struct obs	 x;
	struct snapshot	 a, b;
	struct evq	 q = { 0 };

	obs_start(&x);
	x.e->ops->snapshot(x.e, &a);
	x.e->ops->snapshot(x.e, &b);
	b.brokers[3].fenced = true;		/* answers: state running */
	observe_diff(&a, &b, 1, &q);
	obs_note(&q, 3, "observed: broker 3 is gone from the metadata but "
	    "still answers (fenced)");
	evq_clear(&q);
	a.brokers[3].fenced = true;
	a.brokers[3].state = BROKER_DOWN;
	observe_diff(&b, &a, 2, &q);
	obs_note(&q, 3, "observed: broker 3 no longer answers");
	evq_clear(&q);
	b.brokers[3].fenced = false;
	observe_diff(&a, &b, 3, &q);
	obs_note(&q, 3, "observed: broker 3 is back in the metadata");
	snapshot_free(&a);
	snapshot_free(&b);
	evq_free(&q);
	sim_free(x.sim);
}
END_TEST

/* Groups between two polls: a state change, new members in the same
 * state, one that appeared and one that went each make a note; a group
 * that stayed the same makes none. */
START_TEST(test_observe_groups)
{
	const struct observed_group old[] = {
		{ "a", GROUP_STABLE, 2, 11 },
		{ "b", GROUP_STABLE, 1, 5 },
		{ "c", GROUP_EMPTY, 0, 0 },
		{ "d", GROUP_STABLE, 3, 7 },
	};
	const struct observed_group new[] = {
		{ "a", GROUP_PREPARING_REBALANCE, 2, 11 },
		{ "b", GROUP_STABLE, 1, 6 },
		{ "d", GROUP_STABLE, 3, 7 },
		{ "e", GROUP_STABLE, 1, 9 },
	};
	struct evq	q = { 0 };

	observe_groups(old, 4, new, 4, 99, &q);
	ck_assert_uint_eq(q.n, 4);
	ck_assert_str_eq(q.v[0].reason, "observed: group a: Stable -> "
	    "PreparingRebalance, 2 -> 2 member(s)");
	ck_assert_str_eq(q.v[1].reason, "observed: group b: Stable, 1 -> 1 "
	    "member(s), members changed");
	ck_assert_str_eq(q.v[2].reason, "observed: group c: gone");
	ck_assert_str_eq(q.v[3].reason, "observed: group e: Stable, 1 "
	    "member(s)");
	ck_assert_int_eq(q.v[3].type, EV_NOTE);
	ck_assert_int_eq(q.v[3].t_ms, 99);
	evq_clear(&q);
	observe_groups(new, 4, new, 4, 100, &q);
	ck_assert_uint_eq(q.n, 0);
	evq_free(&q);
}
END_TEST

/* An acknowledged record of t/0 at offset, from broker. */
static struct acked
obs_acked(int64_t offset, int broker)
{
	struct acked	a;

	memset(&a, 0, sizeof a);
	snprintf(a.topic, sizeof a.topic, "t");
	a.offset = offset;
	a.broker = broker;
	a.acks = 1;
	return a;
}

/* How each poll judges an acknowledged record (acked.h), on t/0 as a
 * real cluster's polls would show it. */
START_TEST(test_acked_judge)
{
	struct obs		 x;
	struct snapshot		 s;
	struct partition_reg	*reg;
	struct acked		 a;

	obs_start(&x);
	x.e->ops->snapshot(x.e, &s);
	reg = image_partition(&s.ctrl_image, "t", 0);
	ck_assert_int_eq(reg->leader, 1);

	/* Still led by the broker that acknowledged it. */
	a = obs_acked(5, 1);
	ck_assert_int_eq(acked_judge(&a, &s.ctrl_image, 6), ACKED_SAFE);
	ck_assert_int_eq(acked_judge(&a, &s.ctrl_image, 5), ACKED_PENDING);
	ck_assert_int_eq(acked_judge(&a, &s.ctrl_image, -1), ACKED_PENDING);

	/* Another leader: below its HW, read it back there. */
	a = obs_acked(5, 3);
	ck_assert_int_eq(acked_judge(&a, &s.ctrl_image, 6), ACKED_READ_BACK);

	/* The zombie's write, 5..7, while broker 1 is cut off: leader 2,
	 * ISR 2,3, HW 5: pending. */
	reg->leader = 2;
	reg->isr[0] = 2;
	reg->isr[1] = 3;
	reg->n_isr = 2;
	a = obs_acked(5, 1);
	ck_assert_int_eq(acked_judge(&a, &s.ctrl_image, 5), ACKED_PENDING);
	ck_assert_int_eq(a.strikes, 0);
	/* Healed: broker 1 back in the ISR, the HW still 5: lost on the
	 * second poll that sees it so. */
	reg->isr[2] = 1;
	reg->n_isr = 3;
	ck_assert_int_eq(acked_judge(&a, &s.ctrl_image, 5), ACKED_PENDING);
	ck_assert_int_eq(a.strikes, 1);
	ck_assert_int_eq(acked_judge(&a, &s.ctrl_image, 5), ACKED_LOST);
	/* One poll in between that shows it on its way resets the count. */
	a = obs_acked(5, 1);
	ck_assert_int_eq(acked_judge(&a, &s.ctrl_image, 5), ACKED_PENDING);
	reg->n_isr = 2;
	ck_assert_int_eq(acked_judge(&a, &s.ctrl_image, 5), ACKED_PENDING);
	reg->n_isr = 3;
	ck_assert_int_eq(acked_judge(&a, &s.ctrl_image, 5), ACKED_PENDING);
	/* No leader: nothing to say; a deleted topic: nothing to lose. */
	reg->leader = ISR_NO_LEADER;
	ck_assert_int_eq(acked_judge(&a, &s.ctrl_image, 5), ACKED_PENDING);
	snprintf(a.topic, sizeof a.topic, "gone");
	ck_assert_int_eq(acked_judge(&a, &s.ctrl_image, 5), ACKED_SAFE);
	snapshot_free(&s);
	sim_free(x.sim);
}
END_TEST

/* Lost offsets in a row make one data_loss event, a gap another; a
 * record read back matches only its own key and value. */
START_TEST(test_acked_events_hash)
{
	struct acked	 v[4] = { obs_acked(5, 1), obs_acked(6, 1),
			    obs_acked(7, 1), obs_acked(9, 1) };
	struct evq	 q = { 0 };
	struct record	 rec;
	char		 line[256];

	acked_loss_events(v, 4, 2, 777, &q);
	ck_assert_uint_eq(q.n, 2);
	ck_assert_int_eq(q.v[0].type, EV_DATA_LOSS);
	ck_assert_int_eq(q.v[0].off_from, 5);
	ck_assert_int_eq(q.v[0].off_to, 8);
	ck_assert_int_eq(q.v[1].off_from, 9);
	ck_assert_int_eq(q.v[1].off_to, 10);
	event_format(&q.v[0], line, sizeof line);
	ck_assert_ptr_nonnull(strstr(line, "data_loss  t-0  offsets 5..7 "
	    "lost  (observed: acks=1 write(s) acknowledged by broker 1, not "
	    "in leader 2's log)"));
	evq_free(&q);

	ck_assert_uint_ne(acked_hash(NULL, 0, "v", 1),
	    acked_hash("", 0, "v", 1));
	ck_assert_uint_ne(acked_hash("ab", 2, "c", 1),
	    acked_hash("a", 1, "bc", 2));
	memset(&rec, 0, sizeof rec);
	rec.key_len = 2;
	rec.value_len = 5;
	rec.data = record_bytes(8);
	memcpy(rec.data, "k1order", 7);
	ck_assert_uint_eq(acked_record_hash(&rec),
	    acked_hash("k1", 2, "order", 5));
	ck_assert_uint_ne(acked_record_hash(&rec),
	    acked_hash("k1", 2, "other", 5));
	record_release(&rec);
}
END_TEST

/* The list stays bounded and keeps the newest. */
START_TEST(test_acked_bounded)
{
	struct acked_list	l = { 0 };
	struct acked		a;
	int64_t			i;

	for (i = 0; i < 3 * ACKED_MAX + 7; i++) {
		a = obs_acked(i, 1);
		acked_add(&l, &a);
		ck_assert_uint_le(l.n, ACKED_MAX);
	}
	ck_assert_uint_ge(l.n, ACKED_MAX / 2);
	ck_assert_int_eq(l.v[l.n - 1].offset, 3 * ACKED_MAX + 6);
	ck_assert_int_eq(l.v[0].offset, 3 * ACKED_MAX + 7 - (int64_t)l.n);
	acked_free(&l);
}
END_TEST

/* The seeds' docker-compose commands: each action and broker its own
 * command, everything after the first '=' with blanks trimmed. */
START_TEST(test_config_parse)
{
	struct attach_config	c = { 0 };
	char			err[256];

	ck_assert_int_eq(attach_config_parse(&c, "a.conf",
	    "# the seeds' cluster\n"
	    "kill 1 = docker kill kafka1\n"
	    "\n"
	    "  stop 2=docker stop kafka2  \n"
	    "isolate 3 = docker network disconnect net kafka3 # a=b\n"
	    "partition = ./split.sh \"$ISRLAB_PARTITION\"\n"
	    "heal = ./split.sh heal\n"
	    "heal 3 = docker network connect net kafka3\n",
	    err, sizeof err), 0);
	ck_assert_str_eq(c.cmd[ATTACH_KILL][1], "docker kill kafka1");
	ck_assert_str_eq(c.cmd[ATTACH_STOP][2], "docker stop kafka2");
	ck_assert_str_eq(c.cmd[ATTACH_ISOLATE][3],
	    "docker network disconnect net kafka3 # a=b");
	ck_assert_ptr_null(c.cmd[ATTACH_KILL][2]);
	/* The two lines without a broker, in the cluster's slot. */
	ck_assert_str_eq(c.cmd[ATTACH_PARTITION][ATTACH_CLUSTER],
	    "./split.sh \"$ISRLAB_PARTITION\"");
	ck_assert_str_eq(c.cmd[ATTACH_HEAL][ATTACH_CLUSTER], "./split.sh heal");
	ck_assert_str_eq(c.cmd[ATTACH_HEAL][3],
	    "docker network connect net kafka3");
	ck_assert_int_eq(attach_config_count(&c), 6);
	ck_assert_str_eq(c.path, "a.conf");
	attach_config_free(&c);
}
END_TEST

/* The example shipped for the seeds' docker-compose cluster parses: six
 * actions for each of three brokers, and the cluster's partition and
 * heal through docker-net.sh beside it. */
START_TEST(test_config_seeds_example)
{
	struct attach_config	 c = { 0 };
	char			 err[256], *path;

	path = xasprintf("%s/examples/seeds-docker.attach", tests_srcdir());
	ck_assert_msg(attach_config_load(&c, path, err, sizeof err) == 0,
	    "%s", err);
	ck_assert_int_eq(attach_config_count(&c), 6 * 3 + 2);
	ck_assert_str_eq(c.cmd[ATTACH_PARTITION][ATTACH_CLUSTER],
	    "\"$ISRLAB_CONFIG_DIR/docker-net.sh\" split \"$ISRLAB_PARTITION\"");
	ck_assert_str_eq(c.cmd[ATTACH_HEAL][ATTACH_CLUSTER],
	    "\"$ISRLAB_CONFIG_DIR/docker-net.sh\" heal");
	ck_assert_str_eq(c.cmd[ATTACH_KILL][2], "docker kill kafka2");
	attach_config_free(&c);
	free(path);
}
END_TEST

/* Each bad line is refused as FILE:LINE: why, and nothing is guessed. */
static const struct {
	const char	*text;
	const char	*err;
} config_bad[] = {
	{ "kill 1 docker kill kafka1\n",
	  "a.conf:1: expected ACTION BROKER = COMMAND, e.g. kill 1 = docker "
	  "kill kafka1" },
	{ "# ok\nreboot 1 = x\n",
	  "a.conf:2: unknown action 'reboot' (kill, stop, start, isolate, "
	  "heal, slow or partition)" },
	{ "kill 0 = x\n", "a.conf:1: broker '0': a broker id, 1-9" },
	{ "kill one = x\n", "a.conf:1: broker 'one': a broker id, 1-9" },
	{ "kill = x\n", "a.conf:1: expected ACTION BROKER before '='" },
	{ "kill 1 2 = x\n", "a.conf:1: expected ACTION BROKER before '='" },
	{ "heal 1 =  \n", "a.conf:1: heal 1: no command after '='" },
	{ "kill 1 = a\nkill 1 = b\n", "a.conf:2: kill 1: given twice" },
	{ "partition 1 = x\n", "a.conf:1: partition takes no broker: "
	  "partition = COMMAND (the sides are in $ISRLAB_PARTITION)" },
	{ "partition =\n", "a.conf:1: partition: no command after '='" },
	{ "heal = a\nheal = b\n", "a.conf:2: heal: given twice" },
};

START_TEST(test_config_bad)
{
	struct attach_config	c = { 0 };
	char			err[256];

	ck_assert_int_eq(attach_config_parse(&c, "a.conf",
	    config_bad[_i].text, err, sizeof err), -1);
	ck_assert_str_eq(err, config_bad[_i].err);
	attach_config_free(&c);
}
END_TEST

Suite *
suite_attach(void)
{
	Suite	*s = suite_create("attach");
	TCase	*tc = tcase_create("observe");

	tcase_add_test(tc, test_observe_leader_crash);
	tcase_add_test(tc, test_observe_back_and_topics);
	tcase_add_test(tc, test_observe_pick_view);
	tcase_add_test(tc, test_observe_fenced_answers);
	tcase_add_test(tc, test_observe_groups);
	suite_add_tcase(s, tc);
	tc = tcase_create("acked");
	tcase_add_test(tc, test_acked_judge);
	tcase_add_test(tc, test_acked_events_hash);
	tcase_add_test(tc, test_acked_bounded);
	suite_add_tcase(s, tc);
	tc = tcase_create("config");
	tcase_add_test(tc, test_config_parse);
	tcase_add_test(tc, test_config_seeds_example);
	tcase_add_loop_test(tc, test_config_bad, 0,
	    (int)(sizeof config_bad / sizeof config_bad[0]));
	suite_add_tcase(s, tc);
	return s;
}
