#!/bin/bash
# net-kafkajs.sh - kafkajs (the npm package tests/clients/package-lock.json
# pins) against isrlab: the scenario of tests/net-client-lib.sh.  Exit 77
# (skip) without node or without kafkajs installed in tests/clients
# ($ISRLAB_NODE_MODULES: the source tree's, also in distcheck).
set -u
name=net-kafkajs
clients=${ISRLAB_SRCDIR:-.}/tests/clients
command -v node >/dev/null ||
    { echo "SKIP: node not installed (Debian: nodejs)"; exit 77; }
ISRLAB_NODE_MODULES=${ISRLAB_NODE_MODULES:-$clients/node_modules}
export ISRLAB_NODE_MODULES
[ -f "$ISRLAB_NODE_MODULES/kafkajs/package.json" ] ||
    { echo "SKIP: kafkajs not installed (run: cd tests/clients && npm ci)"; exit 77; }
driver="node $clients/driver.js"
. "${ISRLAB_SRCDIR:-.}/tests/net-client-lib.sh"
net_client_scenario
echo "PASS: kafkajs: metadata, acks=all round trip, a group of three, leader crash, NOT_ENOUGH_REPLICAS, zombie acks=1 lost"
