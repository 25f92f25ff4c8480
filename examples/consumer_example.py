#!/usr/bin/env python3
"""Multi-threaded order consumer for the multi-broker lab (seed 004,
sections 3.3 and 6.3).

Starts --threads N consumers, one per thread, in the consumer group
`order_processing_group`; the group coordinator's leader member splits
the partitions of `orders` among them (and among every other member of
the group, in this process or another).  Each thread prints the orders it
processes with their partition and offset, prints its partitions whenever
the group rebalances, and commits what it processed after each poll.

Start a second one in another terminal, or stop one with Ctrl+C, and
watch the group rebalance; kafka-consumer-groups --describe --group
order_processing_group shows who has which partition.

    python3 consumer_example.py                      # one thread
    python3 consumer_example.py --threads 3
    python3 consumer_example.py --bootstrap-servers localhost:19092

Needs kafka-python (Debian: python3-kafka; PyPI: kafka-python).
"""

import argparse
import json
import signal
import sys
import threading
import time

try:
    from kafka import ConsumerRebalanceListener, KafkaConsumer
    from kafka.errors import CommitFailedError, KafkaError
except ImportError:
    sys.exit("consumer_example.py: needs kafka-python "
             "(apt install python3-kafka, or pip install kafka-python)")


def parse_args():
    p = argparse.ArgumentParser(
        description="Consume orders in a consumer group, N threads.")
    p.add_argument("--bootstrap-servers", default="localhost:9092",
                   help="comma-separated host:port list "
                        "(default: %(default)s)")
    p.add_argument("--topic", default="orders",
                   help="topic to consume (default: %(default)s)")
    p.add_argument("--group", default="order_processing_group",
                   help="consumer group (default: %(default)s)")
    p.add_argument("--threads", type=int, default=1,
                   help="consumers, one per thread (default: 1)")
    p.add_argument("--offset-reset", default="earliest",
                   choices=["earliest", "latest"],
                   help="where to start without a committed offset "
                        "(default: %(default)s)")
    p.add_argument("--max-messages", type=int, default=0,
                   help="stop after this many orders in all, 0 for no end")
    p.add_argument("--idle-exit", type=float, default=0,
                   help="stop after this many seconds without an order, "
                        "0 for never")
    args = p.parse_args()
    if args.threads < 1:
        p.error("--threads must be at least 1")
    return args


class Shared:
    """What the threads share: the stop flag and the count."""

    def __init__(self, max_messages):
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.count = 0
        self.max_messages = max_messages
        self.last = time.monotonic()
        self.failed = False

    def processed(self):
        with self.lock:
            self.count += 1
            self.last = time.monotonic()
            if self.max_messages and self.count >= self.max_messages:
                self.stop.set()


class Partitions(ConsumerRebalanceListener):
    """Prints a thread's partitions when the group rebalances."""

    def __init__(self, name):
        self.name = name

    def on_partitions_revoked(self, revoked):
        if revoked:
            print("[{}] revoked: {}".format(self.name, tps(revoked)),
                  flush=True)

    def on_partitions_assigned(self, assigned):
        print("[{}] assigned: {}".format(self.name, tps(assigned) or "none"),
              flush=True)


def tps(partitions):
    return ", ".join("{}-{}".format(tp.topic, tp.partition)
                     for tp in sorted(partitions))


def worker(n, args, shared):
    try:
        consume(n, args, shared)
    except KafkaError as exc:
        print("[worker-{}] stopped: {}".format(n, exc), flush=True)
        shared.failed = True
        shared.stop.set()


def consume(n, args, shared):
    name = "worker-{}".format(n)
    consumer = KafkaConsumer(
        bootstrap_servers=args.bootstrap_servers.split(","),
        group_id=args.group,
        client_id="order-consumer-{}".format(n),
        auto_offset_reset=args.offset_reset,
        enable_auto_commit=False,
        key_deserializer=lambda k: k.decode("utf-8") if k else None,
        value_deserializer=lambda v: v.decode("utf-8", "replace"))
    consumer.subscribe([args.topic], listener=Partitions(name))
    try:
        while not shared.stop.is_set():
            batch = consumer.poll(timeout_ms=500)
            for tp, records in batch.items():
                for rec in records:
                    print("[{}] {}-{}@{} key={} {}".format(
                        name, tp.topic, tp.partition, rec.offset, rec.key,
                        describe(rec.value)), flush=True)
                    shared.processed()
            if batch:
                try:
                    consumer.commit()
                except (CommitFailedError, KafkaError) as exc:
                    # The group rebalanced meanwhile: the new owner of
                    # the partition reads these orders again.
                    print("[{}] commit failed: {}".format(name, exc),
                          flush=True)
    finally:
        consumer.close()      # LeaveGroup: the others rebalance at once


def describe(value):
    try:
        order = json.loads(value)
        return "order {} {} x{}".format(order["order_id"], order["product"],
                                        order["quantity"])
    except (ValueError, KeyError, TypeError):
        return value


def main():
    args = parse_args()
    shared = Shared(args.max_messages)
    signal.signal(signal.SIGINT, lambda *_: shared.stop.set())
    signal.signal(signal.SIGTERM, lambda *_: shared.stop.set())
    print("group {} on {}: {} thread(s) reading {}; Ctrl+C stops".format(
        args.group, args.bootstrap_servers, args.threads, args.topic),
        flush=True)
    threads = [threading.Thread(target=worker, args=(n, args, shared),
                                name="worker-{}".format(n), daemon=True)
               for n in range(1, args.threads + 1)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        if args.idle_exit and time.monotonic() - shared.last > args.idle_exit:
            shared.stop.set()
        for t in threads:
            t.join(timeout=0.2)
    print("processed {} order(s)".format(shared.count), flush=True)
    return 1 if shared.failed else 0


if __name__ == "__main__":
    sys.exit(main())
