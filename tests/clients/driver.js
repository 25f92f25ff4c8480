// driver.js - kafkajs against isrlab for make check (tests/net-client-lib.sh):
// the same commands and output as driver.py (see there):
//   node driver.js metadata -b B -t T
//   node driver.js produce -b B -t T -n N [--acks all|1] [--prefix P]
//        [--delay S] [--retries R] [--acked FILE]
//   node driver.js consume -b B -t T -g G (--want FILE | --until VALUE)
//        [--timeout S] [--out FILE]
//   node driver.js member -b B -t T -g G --assigned FILE --stop FILE
//        [--timeout S]
// and the admin commands of tests/net-admin.sh, through kafkajs's admin
// client (it has no IncrementalAlterConfigs and no ElectLeaders):
//   node driver.js create -b B -t T [-p N] [-r R] [--config K=V]...
//        [--validate-only]
//   node driver.js delete -b B -t T
//   node driver.js partitions -b B -t T -p N [--validate-only]
//   node driver.js describe-configs -b B -t T [--resource broker]
//   node driver.js alter-configs -b B -t T [--resource broker]
//        [--config K=V]...
'use strict';
const fs = require('fs');
const path = require('path');
// $ISRLAB_NODE_MODULES: where `npm ci` installed kafkajs (the source
// tree's tests/clients, which distcheck's copy of this file lacks).
const { Kafka, logLevel } = require(path.join(process.env.ISRLAB_NODE_MODULES ||
    path.join(__dirname, 'node_modules'), 'kafkajs'));

const names = { '-b': 'bootstrap', '-t': 'topic', '-g': 'group', '-n': 'count',
  '-p': 'partitions', '-r': 'replicas' };
const flags = new Set(['--validate-only']);
const a = { mode: process.argv[2], acks: 'all', prefix: 'value', delay: 0, timeout: 120,
  config: [] };
for (let i = 3; i < process.argv.length; i++) {
  const k = process.argv[i];
  if (flags.has(k)) a[k.replace(/^--/, '')] = true;
  else if (k === '--config') a.config.push(process.argv[++i]);
  else a[names[k] || k.replace(/^--/, '')] = process.argv[++i];
}
const admin_mode = !['metadata', 'produce', 'consume', 'member'].includes(a.mode);
const deadline = Date.now() + Number(a.timeout) * 1000;
const kafka = new Kafka({
  clientId: 'driver-kafkajs', brokers: a.bootstrap.split(','), logLevel: logLevel.NOTHING,
  // Long enough to ride out a leader's crash (the controller's session
  // timeout), as the Python clients do with their own retries.
  retry: admin_mode ? { retries: 2, initialRetryTime: 200 } :
    { retries: 40, initialRetryTime: 200, maxRetryTime: 2000 },
});
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// Kafka's error name of a kafkajs error (or of what it wraps: the
// first of an aggregate's, or the last attempt's once retries ran out).
function errorName(e) {
  for (let x = e; x; x = x.cause || x.originalError || (x.errors && x.errors[0]))
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

// --- Admin ------------------------------------------------------------

// One line per resource, as driver.py's report(): "NAME OK" or "NAME ERROR".
async function adminRun(name, f) {
  const admin = kafka.admin();
  await admin.connect();
  let ok = true;
  try {
    const r = await f(admin);
    // createTopics resolves to false, not an error, when every topic
    // already exists (kafkajs 2.2.4 src/admin/index.js:188-192).
    if (r === false) {
      console.log(`${name} TOPIC_ALREADY_EXISTS`);
      ok = false;
    } else
      console.log(`${name} OK`);
  } catch (e) {
    console.log(`${name} ${errorName(e)}`);
    ok = false;
  }
  await admin.disconnect();
  return ok ? 0 : 1;
}

const configEntries = () => a.config.map(c => {
  const i = c.indexOf('=');
  return { name: c.slice(0, i), value: c.slice(i + 1) };
});
// kafkajs's ConfigResourceTypes (src/protocol/configResourceTypes.js).
const resource = () => ({ type: a.resource === 'broker' ? 4 : 2, name: a.topic });

const create = () => adminRun(a.topic, admin => admin.createTopics({
  validateOnly: !!a['validate-only'], waitForLeaders: false,
  topics: [{ topic: a.topic, configEntries: configEntries(),
    numPartitions: a.partitions !== undefined ? Number(a.partitions) : -1,
    replicationFactor: a.replicas !== undefined ? Number(a.replicas) : -1 }],
}));

const del = () => adminRun(a.topic, admin => admin.deleteTopics({ topics: [a.topic] }));

const partitions = () => adminRun(a.topic, admin => admin.createPartitions({
  validateOnly: !!a['validate-only'],
  topicPartitions: [{ topic: a.topic, count: Number(a.partitions) }],
}));

const alterConfigs = () => adminRun(a.topic, admin => admin.alterConfigs({
  resources: [{ ...resource(), configEntries: configEntries() }],
}));

// "NAME=VALUE SOURCE" per config, in the broker's order; "NAME ERROR" when
// the resource is refused.
async function describeConfigs() {
  const admin = kafka.admin();
  await admin.connect();
  let rc = 0;
  try {
    const r = await admin.describeConfigs({ resources: [resource()], includeSynonyms: false });
    for (const res of r.resources) {
      if (res.errorCode !== 0) {
        console.log(`${res.resourceName} ${res.errorMessage || res.errorCode}`);
        rc = 1;
        continue;
      }
      for (const e of res.configEntries)
        console.log(`${e.configName}=${e.configValue} ${e.configSource}`);
    }
  } catch (e) {
    console.log(`${a.topic} ${errorName(e)}`);
    rc = 1;
  }
  await admin.disconnect();
  return rc;
}

const modes = { metadata, produce, consume, member, create, delete: del, partitions,
  'describe-configs': describeConfigs, 'alter-configs': alterConfigs };
modes[a.mode]().then(rc => process.exit(rc), e => { console.log(`FAIL: ${e}`); process.exit(1); });
