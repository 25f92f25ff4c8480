// driver.js - kafkajs against isrlab for make check (tests/net-client-lib.sh):
// the same commands and output as driver.py (see there):
//   node driver.js metadata -b B -t T
//   node driver.js produce -b B -t T -n N [--acks all|1] [--prefix P]
//        [--delay S] [--retries R] [--acked FILE]
//   node driver.js consume -b B -t T -g G (--want FILE | --until VALUE)
//        [--timeout S] [--out FILE]
//   node driver.js member -b B -t T -g G --assigned FILE --stop FILE
//        [--timeout S]
'use strict';
const fs = require('fs');
const path = require('path');
// $ISRLAB_NODE_MODULES: where `npm ci` installed kafkajs (the source
// tree's tests/clients, which distcheck's copy of this file lacks).
const { Kafka, logLevel } = require(path.join(process.env.ISRLAB_NODE_MODULES ||
    path.join(__dirname, 'node_modules'), 'kafkajs'));

const names = { '-b': 'bootstrap', '-t': 'topic', '-g': 'group', '-n': 'count' };
const a = { mode: process.argv[2], acks: 'all', prefix: 'value', delay: 0, timeout: 120 };
for (let i = 3; i < process.argv.length; i += 2) {
  const k = process.argv[i];
  a[names[k] || k.replace(/^--/, '')] = process.argv[i + 1];
}
const deadline = Date.now() + Number(a.timeout) * 1000;
const kafka = new Kafka({
  clientId: 'driver-kafkajs', brokers: a.bootstrap.split(','), logLevel: logLevel.NOTHING,
  // Long enough to ride out a leader's crash (the controller's session
  // timeout), as the Python clients do with their own retries.
  retry: { retries: 40, initialRetryTime: 200, maxRetryTime: 2000 },
});
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// Kafka's error name of a kafkajs error (or of what it wraps).
function errorName(e) {
  for (let x = e; x; x = x.cause || x.originalError)
    if (x.type) return x.type;
  return e.name || String(e);
}

async function metadata() {
  const admin = kafka.admin();
  await admin.connect();
  const md = await admin.fetchTopicMetadata({ topics: [a.topic] });
  const parts = md.topics[0].partitions.sort((x, y) => x.partitionId - y.partitionId);
  for (const p of parts)
    console.log(`${p.partitionId} ${p.leader} ${p.isr.slice().sort((x, y) => x - y).join(',')}`);
  await admin.disconnect();
  return 0;
}

async function produce() {
  const producer = kafka.producer({ metadataMaxAge: 600000, maxInFlightRequests: 1,
    retry: a.retries !== undefined ? { retries: Number(a.retries) } : undefined });
  await producer.connect();
  const out = a.acked ? fs.openSync(a.acked, 'a') : null;
  const count = Number(a.count);
  let acked = 0;
  for (let i = 1; i <= count; i++) {
    const value = `${a.prefix}-${i}`;
    try {
      const [md] = await producer.send({ topic: a.topic, acks: a.acks === 'all' ? -1 : 1,
        messages: [{ key: `key-${i}`, value }] });
      acked++;
      if (out !== null) fs.writeSync(out, `${md.partition} ${md.baseOffset} ${value}\n`);
    } catch (e) {
      console.log(`error ${errorName(e)}`);
    }
    if (a.delay) await sleep(Number(a.delay) * 1000);
  }
  await producer.disconnect();
  console.log(`acknowledged ${acked} of ${count}`);
  return acked === count ? 0 : 1;
}

async function consume() {
  const want = new Set(a.want ? fs.readFileSync(a.want, 'utf8').split('\n')
    .filter(l => l.trim()).map(l => l.split(' ')[2]) : [a.until]);
  const got = [];
  const seen = new Set();
  const have = () => [...want].every(v => seen.has(v));
  const consumer = kafka.consumer({ groupId: a.group });
  await consumer.connect();
  await consumer.subscribe({ topic: a.topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const v = message.value.toString();
      got.push(`${partition} ${message.offset} ${v}\n`);
      seen.add(v);
    },
  });
  while (Date.now() < deadline && !have()) await sleep(200);
  await consumer.disconnect();
  if (a.out) fs.writeFileSync(a.out, got.join(''));
  console.log(`consumed ${got.length} records, ${want.size} wanted${have() ? '' : ' (not all)'}`);
  return have() ? 0 : 1;
}

async function member() {
  const consumer = kafka.consumer({ groupId: a.group });
  consumer.on(consumer.events.GROUP_JOIN, e => {
    const parts = (e.payload.memberAssignment[a.topic] || []).slice().sort((x, y) => x - y);
    fs.writeFileSync(`${a.assigned}.tmp`, `${parts.join(' ')}\n`);
    fs.renameSync(`${a.assigned}.tmp`, a.assigned);
  });
  await consumer.connect();
  await consumer.subscribe({ topic: a.topic, fromBeginning: true });
  await consumer.run({ eachMessage: async () => {} });
  while (Date.now() < deadline && !fs.existsSync(a.stop)) await sleep(200);
  await consumer.disconnect();
  return 0;
}

const modes = { metadata, produce, consume, member };
modes[a.mode]().then(rc => process.exit(rc), e => { console.log(`FAIL: ${e}`); process.exit(1); });
