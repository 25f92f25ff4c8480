#!/usr/bin/env python3
"""Order producer for the multi-broker lab (seed 004, section 5.2).

Sends one order a second to the topic `orders`, keyed by the user id, so
that every order of one user goes to the same partition (Kafka's default
partitioner hashes the key with murmur2).  Each acknowledged order is
printed with the partition and offset the leader gave it; a failed send
is printed with Kafka's error, and the producer goes on.

It waits for every in-sync replica (acks=all) and retries a send that
failed with a retriable error (NOT_LEADER_OR_FOLLOWER after a leader
crashed, NOT_ENOUGH_REPLICAS, a lost connection), so that crashing the
leader on isrlab's screen shows the retry and the failover.

    python3 producer_example.py                      # localhost:9092
    python3 producer_example.py --bootstrap-servers localhost:19092
    python3 producer_example.py --count 20 --interval 0

Needs kafka-python (Debian: python3-kafka; PyPI: kafka-python).
"""

import argparse
import json
import random
import signal
import sys
import time

try:
    from kafka import KafkaProducer
    from kafka.errors import KafkaError
except ImportError:
    sys.exit("producer_example.py: needs kafka-python "
             "(apt install python3-kafka, or pip install kafka-python)")

PRODUCTS = ["keyboard", "mouse", "monitor", "laptop", "headset", "webcam"]


def parse_args():
    p = argparse.ArgumentParser(
        description="Send orders keyed by user id to a Kafka topic.")
    p.add_argument("--bootstrap-servers", default="localhost:9092",
                   help="comma-separated host:port list "
                        "(default: %(default)s)")
    p.add_argument("--topic", default="orders",
                   help="topic to send to (default: %(default)s)")
    p.add_argument("--count", type=int, default=0,
                   help="orders to send, 0 for no end (default: 0)")
    p.add_argument("--interval", type=float, default=1.0,
                   help="seconds between orders (default: %(default)s)")
    p.add_argument("--users", type=int, default=5,
                   help="distinct user ids, user-1 .. user-N "
                        "(default: %(default)s)")
    p.add_argument("--acks", default="all", choices=["0", "1", "all"],
                   help="acknowledgements to wait for (default: all)")
    p.add_argument("--retries", type=int, default=5,
                   help="retries of a failed send (default: %(default)s)")
    p.add_argument("--seed", type=int, default=None,
                   help="random seed, for the same orders every run")
    return p.parse_args()


class Tally:
    """What happened to the orders sent so far."""

    def __init__(self):
        self.sent = 0
        self.acked = 0
        self.failed = 0


def main():
    args = parse_args()
    rnd = random.Random(args.seed)
    acks = args.acks if args.acks == "all" else int(args.acks)
    producer = KafkaProducer(
        bootstrap_servers=args.bootstrap_servers.split(","),
        client_id="order-producer",
        acks=acks,
        retries=args.retries,
        retry_backoff_ms=500,
        # One request in flight per broker keeps a user's orders in order
        # when a send is retried.
        max_in_flight_requests_per_connection=1,
        request_timeout_ms=15000,
        key_serializer=lambda k: k.encode("utf-8"),
        value_serializer=lambda v: json.dumps(v).encode("utf-8"))
    tally = Tally()
    stop = []
    signal.signal(signal.SIGINT, lambda *_: stop.append(True))
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))

    def acked(order, md):
        tally.acked += 1
        print("order {:>4} {:<8} -> partition {} offset {}".format(
            order["order_id"], order["user_id"], md.partition, md.offset),
            flush=True)

    def failed(order, exc):
        tally.failed += 1
        print("order {:>4} {:<8} FAILED: {}".format(
            order["order_id"], order["user_id"], exc), flush=True)

    print("sending to {} on {} (acks={}, retries={}); Ctrl+C stops".format(
        args.topic, args.bootstrap_servers, args.acks, args.retries),
        flush=True)
    order_id = 0
    while not stop and (args.count == 0 or order_id < args.count):
        order_id += 1
        order = {
            "order_id": order_id,
            "user_id": "user-{}".format(rnd.randint(1, args.users)),
            "product": rnd.choice(PRODUCTS),
            "quantity": rnd.randint(1, 3),
            "timestamp": int(time.time() * 1000),
        }
        try:
            future = producer.send(args.topic, key=order["user_id"],
                                   value=order)
        except KafkaError as exc:
            failed(order, exc)
            continue
        tally.sent += 1
        future.add_callback(lambda md, o=order: acked(o, md))
        future.add_errback(lambda exc, o=order: failed(o, exc))
        if args.interval > 0:
            time.sleep(args.interval)
    producer.flush()
    producer.close()
    print("sent {}, acknowledged {}, failed {}".format(
        tally.sent, tally.acked, tally.failed), flush=True)
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
