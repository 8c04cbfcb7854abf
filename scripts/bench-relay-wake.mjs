// bench-relay-wake.mjs: `npm run bench:relay -- --scenario=wake`: how soon an inquiry reaches the CRM mock after its
// acknowledgement with the collector and the relay in one process (`all`) and in two (`collector` + `relay`, woken by
// PostgreSQL's LISTEN/NOTIFY, the poll as fallback), on a throwaway PostgreSQL. BENCH_WAKE_BEFORE=<a built checkout
// of main> adds main's two processes (poll only) to the same run.
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { findPgBin, startPgServer } from './pg-server.mjs';

const B = '../server/build/';
const { startMocks, TOKENS } = await import(B + 'test/relay/world.js');
const { wire } = await import(B + 'test/relay/story.js');
const ROUNDS = Number(process.env.BENCH_WAKE_ROUNDS ?? 12);
/** Idle time before each inquiry: long enough for an idle relay to back off to its slowest poll (8 × 250 ms). */
const IDLE_MS = 3_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function start(root, command, port, env) {
  const child = spawn(process.execPath, [join(root, 'server/build/server/cli/bin.js'), command, '--port', String(port)], { env, stdio: 'ignore' });
  return { stop: () => new Promise((r) => { if (child.exitCode !== null) return r(); child.once('exit', r); child.kill('SIGTERM'); }) };
}

async function ready(url) {
  for (const until = Date.now() + 60_000; Date.now() < until; await sleep(200)) if (await fetch(url + '/readyz').then((r) => r.ok, () => false)) return;
  throw new Error(url + ' not ready');
}

async function measure(label, root, commands, server, mocks, db) {
  const url = server.url.replace(/[^/]+$/, db);
  const env = { ...process.env, DATABASE_URL: url, HOMING_RELAY_DESTINATIONS: 'crm', HOMING_RELAY_CRM_URL: mocks.crm.url + '/api/partner/events', HOMING_RELAY_CRM_TOKEN: TOKENS.crm };
  const port = 30000 + Math.floor(Math.random() * 20000);
  const procs = commands.map((c, i) => start(root, c, port + i, env));
  try {
    await ready('http://127.0.0.1:' + port);
    if (commands.length > 1) await ready('http://127.0.0.1:' + (port + 1));
    const times = [];
    for (let i = 0; i < ROUNDS; i++) {
      await sleep(IDLE_MS);
      const email = label.replace(/\W/g, '') + i + '@example.com';
      const [identify, inquiry] = [wire('identify', {}, { email, minute: 1, traits: { firstName: 'N' } }), wire('inquiry', { message: 'Saturday?' }, { email, minute: 2 })];
      const res = await fetch('http://127.0.0.1:' + port + '/v1/events/batch', {
        method: 'POST', headers: { Authorization: 'Bearer pk_live_wake', 'Content-Type': 'application/json' }, body: JSON.stringify({ events: [identify, inquiry] }),
      });
      if (res.status !== 200) throw new Error('answered ' + res.status);
      const acked = performance.now();
      while (!mocks.crm.events.some((e) => e.body.metadata?.messageId === inquiry.messageId)) {
        if (performance.now() - acked > 30_000) throw new Error('not at the CRM after 30 s');
        await sleep(2);
      }
      times.push(performance.now() - acked);
    }
    times.sort((a, b) => a - b);
    return { label, p50: times[times.length >> 1], max: times.at(-1) };
  } finally {
    for (const p of procs) await p.stop();
  }
}

const bin = findPgBin();
if (!bin) throw new Error('--scenario=wake needs PostgreSQL (apt-get install postgresql)');
const server = await startPgServer(bin, 'wake_all');
const mocks = await startMocks();
const pg = (await import('pg')).default;
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
for (const db of ['wake_split', 'wake_before']) await admin.query('CREATE DATABASE ' + db);
await admin.end();
const rows = [];
try {
  rows.push(await measure('all (one process)', resolve('.'), ['all'], server, mocks, 'wake_all'));
  rows.push(await measure('collector + relay (LISTEN/NOTIFY)', resolve('.'), ['collector', 'relay'], server, mocks, 'wake_split'));
  const before = process.env.BENCH_WAKE_BEFORE;
  if (before) rows.push(await measure('collector + relay, main (poll only)', resolve(before), ['collector', 'relay'], server, mocks, 'wake_before'));
} finally {
  await mocks.close();
  await server.stop();
}
console.log(`\nbench:relay wake · ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')} · ${ROUNDS} inquiries, each after ${IDLE_MS / 1000} s idle; CRM mock, PostgreSQL ${bin.split('/').at(-2)}`);
for (const r of rows) console.log(`  ${r.label.padEnd(38)} inquiry at the CRM after its acknowledgement: p50 ${r.p50.toFixed(0)} ms, max ${r.max.toFixed(0)} ms`);
process.exit(0);
