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
"""

import argparse
import os
import sys
import time

LONG = 2147483647


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["metadata", "produce", "consume",
                                    "member"])
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
    return p.parse_args()


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
    from kafka.client_async import KafkaClient
    from kafka.protocol.metadata import MetadataRequest
    c = KafkaClient(bootstrap_servers=a.bootstrap.split(","),
                    client_id="driver-metadata")
    end = time.time() + a.timeout
    node = None
    while time.time() < end:
        node = c.least_loaded_node()
        if node is not None and c.ready(node):
            break
        c.poll(timeout_ms=100)
    f = c.send(node, MetadataRequest[1]([a.topic]))
    c.poll(future=f)
    for _, name, _, parts in f.value.topics:
        for _, p, leader, _, isr in sorted(parts, key=lambda x: x[1]):
            print("%d %d %s" % (p, leader,
                                ",".join(str(i) for i in sorted(isr))))
    c.close()


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


LIBS = {
    "kafka": (kafka_metadata, kafka_produce, kafka_consume, kafka_member),
    "confluent": (confluent_metadata, confluent_produce, confluent_consume,
                  confluent_member),
}


def main():
    a = parse()
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
