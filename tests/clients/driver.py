#!/usr/bin/env python3
"""Real Python Kafka clients for isrlab's make check (tests/net-client-lib.sh).

The same commands as driver.js (kafkajs), for kafka-python (--lib kafka)
and confluent-kafka (--lib confluent):

  metadata -b B -t T
      One line per partition of T: "PARTITION LEADER ISR", the ISR sorted
      and comma-separated, as the client's Metadata answer has them.
  produce -b B -t T -n N [--acks all|1] [--prefix P] [--delay S]
          [--retries R] [--acked FILE]
      Sends N records key-I/P-I (I = 1..N), appends "PARTITION OFFSET
      VALUE" to FILE for each acknowledged one as it is acknowledged,
      prints "error NAME" (Kafka's error name) for each that failed, and
      exits 0 when all N were acknowledged.  --retries 0 makes an error
      final at once; without it the client retries as long as it may.
  consume -b B -t T -g G (--want FILE | --until VALUE) [--timeout S]
          [--out FILE]
      Reads T from the beginning as a member of group G, committing, until
      it has every value in FILE's third column (or VALUE), or TIMEOUT
      seconds pass; writes "PARTITION OFFSET VALUE" per record to --out;
      exits 0 when it got them all.
  member -b B -t T -g G --assigned FILE --stop FILE [--timeout S]
      Stays in group G subscribed to T, writing its partitions
      ("0 2", sorted) to FILE after each rebalance, until FILE --stop
      exists; then leaves the group.

The admin commands print one line per topic or resource, "NAME OK" or
"NAME ERROR" (Kafka's error name), and exit 0 when all were OK:
  create -b B -t T [-p N] [-r R] [--config K=V]... [--validate-only]
      CreateTopics (-p, -r default to -1: the brokers' defaults).
  delete -b B -t T
  partitions -b B -t T -p N [--validate-only]
      CreatePartitions up to N partitions.
  describe-configs -b B -t NAME [--resource topic|broker] [--synonyms]
      DescribeConfigs: "KEY=VALUE SOURCE" per config (SOURCE: Kafka's
      ConfigSource id), and with --synonyms "  synonym KEY=VALUE SOURCE".
  alter-configs -b B -t NAME [--resource topic|broker] --config K=V...
      AlterConfigs (the whole set: configs not given are reset).
  incremental-alter -b B -t NAME [--resource ...] --config K=V...
          [--delete K]...
      IncrementalAlterConfigs: SET each --config, DELETE each --delete.
  elect -b B -t T --partition P... [--election preferred|unclean]
      ElectLeaders: "T-P OK" or "T-P ERROR" per partition.
T may be a comma-separated list for create and delete.
"""

import argparse
import os
import sys
import time

LONG = 2147483647
a_timeout = 120         # seconds an admin call may take (--timeout)


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["metadata", "produce", "consume",
                                    "member", "create", "delete",
                                    "partitions", "describe-configs",
                                    "alter-configs", "incremental-alter",
                                    "elect"])
    p.add_argument("--lib", choices=["kafka", "confluent"], required=True)
    p.add_argument("-b", "--bootstrap", required=True)
    p.add_argument("-t", "--topic", required=True)
    p.add_argument("-g", "--group")
    p.add_argument("-n", "--count", type=int, default=0)
    p.add_argument("--acks", choices=["all", "1"], default="all")
    p.add_argument("--prefix", default="value")
    p.add_argument("--delay", type=float, default=0)
    p.add_argument("--retries", type=int)
    p.add_argument("--acked")
    p.add_argument("--want")
    p.add_argument("--until")
    p.add_argument("--out")
    p.add_argument("--assigned")
    p.add_argument("--stop")
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("-p", "--partitions", type=int, default=-1)
    p.add_argument("-r", "--replication-factor", type=int, default=-1)
    p.add_argument("--config", action="append", default=[])
    p.add_argument("--delete", action="append", default=[])
    p.add_argument("--validate-only", action="store_true")
    p.add_argument("--resource", choices=["topic", "broker"],
                   default="topic")
    p.add_argument("--synonyms", action="store_true")
    p.add_argument("--partition", type=int, action="append", default=[])
    p.add_argument("--election", choices=["preferred", "unclean"],
                   default="preferred")
    return p.parse_args()


def configs(a):
    return dict(c.split("=", 1) for c in a.config)


def report(name, error):
    """Print NAME OK or NAME ERROR; whether it was OK."""
    print("%s %s" % (name, error or "OK"))
    return error is None


class Acked:
    """The acknowledged records, appended to a file as they come."""

    def __init__(self, path):
        self.n = 0
        self.f = open(path, "a") if path else None

    def add(self, partition, offset, value):
        self.n += 1
        if self.f:
            self.f.write("%d %d %s\n" % (partition, offset, value))
            self.f.flush()


def write_assigned(path, parts):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(" ".join(str(p) for p in sorted(parts)) + "\n")
    os.replace(tmp, path)


# --- kafka-python ------------------------------------------------------

def kafka_metadata(a):
    from kafka.protocol.metadata import MetadataRequest
    resp = kafka_request(a, MetadataRequest[1]([a.topic]),
                         "driver-metadata")
    for _, name, _, parts in resp.topics:
        for _, p, leader, _, isr in sorted(parts, key=lambda x: x[1]):
            print("%d %d %s" % (p, leader,
                                ",".join(str(i) for i in sorted(isr))))


def kafka_request(a, request, client_id):
    """Send request to a broker of a.bootstrap; its response."""
    from kafka.client_async import KafkaClient
    c = KafkaClient(bootstrap_servers=a.bootstrap.split(","),
                    client_id=client_id)
    end = time.time() + a.timeout
    node = None
    while time.time() < end:
        node = c.least_loaded_node()
        if node is not None and c.ready(node):
            break
        c.poll(timeout_ms=100)
    f = c.send(node, request)
    c.poll(future=f, timeout_ms=int(a.timeout * 1000))
    c.close()
    if not f.is_done or f.failed():
        raise SystemExit("no answer: %s" % (f.exception,))
    return f.value


def kafka_produce(a, acked):
    from kafka import KafkaProducer
    pr = KafkaProducer(bootstrap_servers=a.bootstrap.split(","),
                       client_id="driver-producer",
                       acks="all" if a.acks == "all" else 1,
                       retries=LONG if a.retries is None else a.retries,
                       retry_backoff_ms=200,
                       max_in_flight_requests_per_connection=1,
                       metadata_max_age_ms=600000,
                       request_timeout_ms=10000)
    futures = []
    for i in range(1, a.count + 1):
        value = "%s-%d" % (a.prefix, i)
        f = pr.send(a.topic, key=b"key-%d" % i, value=value.encode())
        f.add_callback(lambda md, v=value: acked.add(md.partition,
                                                     md.offset, v))
        f.add_errback(lambda exc: print("error %s" % getattr(
            exc, "message", type(exc).__name__)))
        futures.append(f)
        if a.delay:
            time.sleep(a.delay)
    pr.flush()
    pr.close()


def kafka_consumer(a, **kw):
    from kafka import KafkaConsumer
    return KafkaConsumer(bootstrap_servers=a.bootstrap.split(","),
                         group_id=a.group, client_id="driver-consumer",
                         auto_offset_reset="earliest",
                         enable_auto_commit=True,
                         auto_commit_interval_ms=500, **kw)


def kafka_consume(a, stop, got):
    c = kafka_consumer(a)
    c.subscribe([a.topic])
    end = time.time() + a.timeout
    while time.time() < end and not stop():
        for tp, recs in c.poll(timeout_ms=500).items():
            for r in recs:
                got.append((tp.partition, r.offset, r.value.decode()))
    c.close()


def kafka_member(a):
    from kafka import ConsumerRebalanceListener

    class Listener(ConsumerRebalanceListener):
        def on_partitions_revoked(self, revoked):
            pass

        def on_partitions_assigned(self, assigned):
            write_assigned(a.assigned, [tp.partition for tp in assigned])

    c = kafka_consumer(a)
    c.subscribe([a.topic], listener=Listener())
    end = time.time() + a.timeout
    while time.time() < end and not os.path.exists(a.stop):
        c.poll(timeout_ms=200)
    c.close()


# --- kafka-python: KafkaAdminClient, and raw requests for the admin APIs
# it lacks (IncrementalAlterConfigs, ElectLeaders), in its own codec ---

def kafka_error(code):
    """Kafka's name for code, or "code-N" for one kafka-python 2.0.2 does
    not know (ELECTION_NOT_NEEDED 84 and others newer than it)."""
    import kafka.errors as Errors
    if code == 0:
        return None
    e = Errors.for_code(code)
    return "code-%d" % code if e is Errors.UnknownError and code != -1 \
        else e.message


def kafka_admin(a):
    from kafka.admin import KafkaAdminClient
    return KafkaAdminClient(bootstrap_servers=a.bootstrap.split(","),
                            client_id="driver-admin",
                            request_timeout_ms=int(a.timeout * 1000))


def kafka_admin_call(a, fn):
    """fn(admin) for each name of a.topic; a raised Kafka error is that
    name's result."""
    import kafka.errors as Errors
    ad = kafka_admin(a)
    ok = True
    for name in a.topic.split(","):
        try:
            fn(ad, name)
            ok &= report(name, None)
        except Errors.KafkaError as e:
            ok &= report(name, getattr(e, "message", type(e).__name__))
    ad.close()
    return ok


def kafka_create(a):
    from kafka.admin import NewTopic
    return kafka_admin_call(a, lambda ad, t: ad.create_topics(
        [NewTopic(t, a.partitions, a.replication_factor,
                  topic_configs=configs(a))],
        validate_only=a.validate_only))


def kafka_delete(a):
    return kafka_admin_call(a, lambda ad, t: ad.delete_topics([t]))


def kafka_partitions(a):
    from kafka.admin import NewPartitions
    return kafka_admin_call(a, lambda ad, t: ad.create_partitions(
        {t: NewPartitions(a.partitions)}, validate_only=a.validate_only))


def kafka_resource(a, cfg=None):
    from kafka.admin import ConfigResource, ConfigResourceType
    kind = (ConfigResourceType.BROKER if a.resource == "broker"
            else ConfigResourceType.TOPIC)
    return ConfigResource(kind, a.topic, cfg)


def kafka_describe_configs(a):
    ad = kafka_admin(a)
    ok = True
    for resp in ad.describe_configs([kafka_resource(a)],
                                    include_synonyms=a.synonyms):
        for err, msg, _, name, entries in resp.resources:
            if err != 0:
                ok &= report(name, kafka_error(err))
                continue
            for e in entries:
                print("%s=%s %d" % (e[0], e[1], e[3]))
                for syn in e[5] if a.synonyms else []:
                    print("  synonym %s=%s %d" % syn)
    ad.close()
    return ok


def kafka_alter_configs(a):
    ad = kafka_admin(a)
    resp = ad.alter_configs([kafka_resource(a, configs(a))])
    ok = True
    for err, _, _, name in resp.resources:
        ok &= report(name, kafka_error(err))
    ad.close()
    return ok


def kafka_raw_types():
    """IncrementalAlterConfigs v0 and ElectLeaders v1, laid out as their
    *Request.json / *Response.json at Kafka 3.7.0 (kafka-python 2.0.2 has
    neither)."""
    from kafka.protocol.api import Request, Response
    from kafka.protocol.types import (Array, Boolean, Int8, Int16, Int32,
                                      Schema, String)
    s = String("utf-8")

    class IncrementalAlterConfigsResponse_v0(Response):
        API_KEY = 44
        API_VERSION = 0
        SCHEMA = Schema(("throttle_time_ms", Int32),
                        ("resources", Array(("error_code", Int16),
                                            ("error_message", s),
                                            ("resource_type", Int8),
                                            ("resource_name", s))))

    class IncrementalAlterConfigsRequest_v0(Request):
        API_KEY = 44
        API_VERSION = 0
        RESPONSE_TYPE = IncrementalAlterConfigsResponse_v0
        SCHEMA = Schema(("resources", Array(
            ("resource_type", Int8), ("resource_name", s),
            ("configs", Array(("name", s), ("op", Int8),
                              ("value", s))))),
            ("validate_only", Boolean))

    class ElectLeadersResponse_v1(Response):
        API_KEY = 43
        API_VERSION = 1
        SCHEMA = Schema(("throttle_time_ms", Int32), ("error_code", Int16),
                        ("results", Array(
                            ("topic", s),
                            ("partitions", Array(("partition", Int32),
                                                 ("error_code", Int16),
                                                 ("error_message", s))))))

    class ElectLeadersRequest_v1(Request):
        API_KEY = 43
        API_VERSION = 1
        RESPONSE_TYPE = ElectLeadersResponse_v1
        SCHEMA = Schema(("election_type", Int8),
                        ("topic_partitions", Array(("topic", s),
                                                   ("partitions",
                                                    Array(Int32)))),
                        ("timeout_ms", Int32))

    return IncrementalAlterConfigsRequest_v0, ElectLeadersRequest_v1


def kafka_incremental_alter(a):
    inc, _ = kafka_raw_types()
    ops = ([(k, 0, v) for k, v in configs(a).items()] +
           [(k, 1, None) for k in a.delete])
    resp = kafka_request(a, inc(resources=[(4 if a.resource == "broker" else 2,
                                        a.topic, ops)],
                            validate_only=a.validate_only),
                         "driver-admin")
    ok = True
    for err, _, _, name in resp.resources:
        ok &= report(name, kafka_error(err))
    return ok


def kafka_elect(a):
    _, elect = kafka_raw_types()
    resp = kafka_request(a, elect(
        election_type=0 if a.election == "preferred" else 1,
        topic_partitions=[(a.topic, a.partition)], timeout_ms=30000),
        "driver-admin")
    ok = report("request", kafka_error(resp.error_code))
    for topic, parts in resp.results:
        for p, err, _ in parts:
            ok &= report("%s-%d" % (topic, p), kafka_error(err))
    return ok


# --- confluent-kafka ---------------------------------------------------

def confluent_metadata(a):
    from confluent_kafka.admin import AdminClient
    ad = AdminClient({"bootstrap.servers": a.bootstrap})
    md = ad.list_topics(a.topic, timeout=a.timeout)
    for p, pm in sorted(md.topics[a.topic].partitions.items()):
        print("%d %d %s" % (p, pm.leader,
                            ",".join(str(i) for i in sorted(pm.isrs))))


def confluent_produce(a, acked):
    from confluent_kafka import Producer

    def report(err, msg):
        if err is None:
            acked.add(msg.partition(), msg.offset(), msg.value().decode())
        else:
            print("error %s" % err.name())

    conf = {"bootstrap.servers": a.bootstrap, "client.id": "driver-producer",
            "acks": a.acks, "message.timeout.ms": 120000,
            "topic.metadata.refresh.interval.ms": 600000}
    if a.retries is not None:
        conf["message.send.max.retries"] = a.retries
    pr = Producer(conf)
    for i in range(1, a.count + 1):
        while True:
            try:
                pr.produce(a.topic, key=b"key-%d" % i,
                           value=("%s-%d" % (a.prefix, i)).encode(),
                           on_delivery=report)
                break
            except BufferError:
                pr.poll(0.1)
        pr.poll(0)
        if a.delay:
            time.sleep(a.delay)
    pr.flush(130)


def confluent_consumer(a, **kw):
    from confluent_kafka import Consumer
    return Consumer({"bootstrap.servers": a.bootstrap, "group.id": a.group,
                     "client.id": "driver-consumer",
                     "auto.offset.reset": "earliest", **kw})


def confluent_consume(a, stop, got):
    c = confluent_consumer(a)
    c.subscribe([a.topic])
    end = time.time() + a.timeout
    while time.time() < end and not stop():
        m = c.poll(0.5)
        if m is None or m.error() is not None:
            continue
        got.append((m.partition(), m.offset(), m.value().decode()))
    c.close()


def confluent_member(a):
    c = confluent_consumer(a)
    c.subscribe([a.topic], on_assign=lambda cons, parts: write_assigned(
        a.assigned, [tp.partition for tp in parts]))
    end = time.time() + a.timeout
    while time.time() < end and not os.path.exists(a.stop):
        c.poll(0.2)
    c.close()


# --- confluent-kafka AdminClient (1.7.0 on Debian: no incremental alter,
# no leader election) ---------------------------------------------------

def confluent_admin(a):
    from confluent_kafka.admin import AdminClient
    return AdminClient({"bootstrap.servers": a.bootstrap})


def confluent_results(futures):
    """Each future's result (wait while the AdminClient that made them
    is still referenced: destroying it fails them with _DESTROY)."""
    from confluent_kafka import KafkaException
    ok = True
    for name, f in futures.items():
        try:
            f.result(a_timeout)
            ok &= report(name, None)
        except KafkaException as e:
            ok &= report(name, e.args[0].name())
    return ok


def confluent_create(a):
    from confluent_kafka.admin import NewTopic
    ad = confluent_admin(a)
    return confluent_results(ad.create_topics(
        [NewTopic(t, a.partitions, a.replication_factor, config=configs(a))
         for t in a.topic.split(",")], validate_only=a.validate_only))


def confluent_delete(a):
    ad = confluent_admin(a)
    return confluent_results(ad.delete_topics(a.topic.split(","),
                                              operation_timeout=30))


def confluent_partitions(a):
    from confluent_kafka.admin import NewPartitions
    ad = confluent_admin(a)
    return confluent_results(ad.create_partitions(
        [NewPartitions(a.topic, a.partitions)],
        validate_only=a.validate_only))


def confluent_resource(a, cfg=None):
    from confluent_kafka.admin import ConfigResource
    return ConfigResource(a.resource, a.topic, set_config=cfg)


def confluent_describe_configs(a):
    from confluent_kafka import KafkaException
    ad = confluent_admin(a)
    fs = ad.describe_configs([confluent_resource(a)])
    ok = True
    for res, f in fs.items():
        try:
            entries = f.result(a_timeout)
        except KafkaException as e:
            ok &= report(res.name, e.args[0].name())
            continue
        for e in entries.values():
            print("%s=%s %d" % (e.name, e.value, e.source))
            for syn in e.synonyms.values() if a.synonyms else []:
                print("  synonym %s=%s %d" % (syn.name, syn.value,
                                              syn.source))
    return ok


def confluent_alter_configs(a):
    ad = confluent_admin(a)
    return confluent_results({
        res.name: f for res, f in ad.alter_configs(
            [confluent_resource(a, configs(a))]).items()})


LIBS = {
    "kafka": (kafka_metadata, kafka_produce, kafka_consume, kafka_member),
    "confluent": (confluent_metadata, confluent_produce, confluent_consume,
                  confluent_member),
}


ADMIN = {
    "kafka": {"create": kafka_create, "delete": kafka_delete,
              "partitions": kafka_partitions,
              "describe-configs": kafka_describe_configs,
              "alter-configs": kafka_alter_configs,
              "incremental-alter": kafka_incremental_alter,
              "elect": kafka_elect},
    "confluent": {"create": confluent_create, "delete": confluent_delete,
                  "partitions": confluent_partitions,
                  "describe-configs": confluent_describe_configs,
                  "alter-configs": confluent_alter_configs},
}


def main():
    a = parse()
    global a_timeout
    a_timeout = a.timeout
    if a.mode in ADMIN[a.lib]:
        return 0 if ADMIN[a.lib][a.mode](a) else 1
    if a.mode not in ("metadata", "produce", "consume", "member"):
        raise SystemExit("%s: not with --lib %s" % (a.mode, a.lib))
    metadata, produce, consume, member = LIBS[a.lib]
    if a.mode == "metadata":
        metadata(a)
        return 0
    if a.mode == "member":
        member(a)
        return 0
    if a.mode == "produce":
        acked = Acked(a.acked)
        produce(a, acked)
        print("acknowledged %d of %d" % (acked.n, a.count))
        return 0 if acked.n == a.count else 1
    if a.want:
        with open(a.want) as f:
            want = {line.split()[2] for line in f if line.strip()}
    else:
        want = {a.until}
    got = []

    def have_all():
        return want <= {g[2] for g in got}

    consume(a, have_all, got)
    if a.out:
        with open(a.out, "w") as f:
            for p, o, v in got:
                f.write("%d %d %s\n" % (p, o, v))
    print("consumed %d records, %d wanted%s" % (
        len(got), len(want), "" if have_all() else " (not all)"))
    return 0 if have_all() else 1


if __name__ == "__main__":
    sys.exit(main())
