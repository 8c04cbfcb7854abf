// bench-year.mjs: `npm run bench:collector -- --year`: a year of a busy brokerage network's events in PostgreSQL, before
// (one table: main's code, BENCH_YEAR_BEFORE=<a built checkout of main>) and after (day tables: this code), in one run:
// load time, batch acceptance p50/p99 at 10,000 events/s (autocannon, the collector bin), the relay's claim p50/p99 with
// 1 million pending, a day's retention (time, the locks it took, the worst concurrent batch), and disk per million events.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { timeClaims } from './bench-claims.mjs';
import { findPgBin, startPgServer } from './pg-server.mjs';

const EVENTS = Number(process.env.BENCH_YEAR_EVENTS ?? 10_000_000);
const PENDING = Number(process.env.BENCH_YEAR_PENDING ?? 1_000_000);
const RATE = 10_000;
const SECONDS = Number(process.env.BENCH_YEAR_SECONDS ?? 30);
const DAY_MS = 864e5;
const AFTER = resolve('.');
const BEFORE = process.env.BENCH_YEAR_BEFORE ? resolve(process.env.BENCH_YEAR_BEFORE) : undefined;
const cli = (root) => join(root, 'server/build/server/cli/bin.js');
const say = (msg) => process.stderr.write('  … ' + msg + '\n');
const fmt = (n) => Math.round(n).toLocaleString('en');

// A year ending now: arrival times spread evenly, ids in arrival order, 20,000 people, a property_view-sized body.
const LOAD = `
INSERT INTO events (site_key, message_id, event_name, email, occurred_at, received_at, body)
SELECT 'pk_office_' || (i % 40), 'y' || i, e.name, 'lead' || (i % 20000) || '@example.com', t, t,
  ('{"event":"' || e.name || '","identify":{"email":"lead' || (i % 20000) || '@example.com"},"properties":{"property":{"id":"prop-'
   || (i % 900) || '","address":"' || (i % 300) || ' Harbour View Road, Mosman NSW 2088","price":' || (1450000 + i % 50 * 1000)
   || ',"beds":3,"baths":2},"pageUrl":"https://homes.example/listings/prop-' || (i % 900) || '?utm_source=newsletter",'
   || '"context":{"library":{"name":"homing","version":"0.1.0"},"device":{"type":"mobile"},"locale":"en-AU"}},"timestamp":"'
   || to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '","messageId":"y' || i || '"}')::json
FROM generate_series($1::bigint, $2::bigint) i,
  LATERAL (SELECT $3::timestamptz + (i - 1) * ($4::float8 / $5::bigint) * interval '1 millisecond' AS t) tt,
  LATERAL (SELECT CASE WHEN i % 97 = 0 THEN 'inquiry' WHEN i % 31 = 0 THEN 'identify' WHEN i % 11 = 0 THEN 'search' ELSE 'property_view' END AS name) e`;

function startCollector(root, url) {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [cli(root), 'collector', '--port', String(port), '--retention-days', '400'], {
    env: { ...process.env, DATABASE_URL: url, HOMING_RELAY_DESTINATIONS: 'crm' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = 'http://127.0.0.1:' + port;
  return (async () => {
    for (const until = Date.now() + 120_000; Date.now() < until;) {
      if (await fetch(base + '/readyz').then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    return { base, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
  })();
}

const batch = (run, r) => JSON.stringify({ events: Array.from({ length: 200 }, (_, i) => ({
  event: 'property_view', identify: { email: 'visitor' + (i % 500) + '@example.com' },
  properties: { property: { id: 'prop-' + i, price: 1_450_000 }, pageUrl: 'https://homes.example/listings/prop-' + i },
  timestamp: new Date().toISOString(), messageId: run + '-' + r + '-' + i,
})) });

/** 200-event batches at RATE events/s for SECONDS, through the collector bin, by autocannon. */
async function acceptance(root, url) {
  const collector = await startCollector(root, url);
  try {
    const run = Math.random().toString(36).slice(2, 8);
    const rate = RATE / 200;
    const bodies = Array.from({ length: rate * (SECONDS + 3) }, (_, r) => batch(run, r));
    let next = 0;
    const fire = (amount) => autocannon({
      url: collector.base + '/v1/events/batch', method: 'POST', headers: { 'content-type': 'application/json' },
      connections: 8, overallRate: rate, amount, sampleInt: 50,
      requests: [{ setupRequest: (req) => ({ ...req, path: '/v1/events/batch?key=pk_year_' + (next % 40), body: bodies[next++ % bodies.length] }) }],
    });
    await fire(rate * 3); // warm-up: connections, plans
    const r = await fire(rate * SECONDS);
    return { p50: r.latency.p50, p99: r.latency.p99, ok: r['2xx'], of: rate * SECONDS };
  } finally {
    await collector.stop();
  }
}

async function load(client, from) {
  const t = performance.now();
  const step = 1_000_000;
  for (let i = 1; i <= EVENTS; i += step) {
    await client.query(LOAD, [i, Math.min(EVENTS, i + step - 1), new Date(from).toISOString(), 365 * DAY_MS, EVENTS]);
    say(fmt(Math.min(EVENTS, i + step - 1)) + ' events loaded');
  }
  await client.query('VACUUM ANALYZE');
  return (performance.now() - t) / 1000;
}

/** The relay's claim (the store's own code) over PENDING queued rows of the newest events: p50/p99 of 300 claims of 40. */
async function claims(root, url, client) {
  const cols = (await client.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'outbox'")).rows.map((r) => r.column_name);
  const at = cols.includes('event_at') ? ', event_at' : '';
  const rank = cols.includes('rank') ? ", CASE WHEN event_name = 'inquiry' THEN 0 ELSE 1 END" : '';
  await client.query('TRUNCATE outbox'); // what the acceptance run queued
  await client.query(`INSERT INTO outbox (destination, event_id, available_at, priority, person${at}${rank ? ', rank' : ''})
    SELECT 'crm', id, now() - interval '1 minute', CASE event_name WHEN 'inquiry' THEN 0 WHEN 'identify' THEN 0 WHEN 'search' THEN 1 ELSE 2 END,
      site_key || ' ' || email${at ? ', received_at' : ''}${rank}
    FROM (SELECT * FROM events ORDER BY id DESC LIMIT $1) e ORDER BY id`, [PENDING]);
  await client.query('VACUUM ANALYZE outbox');
  const { openPostgresStore } = await import(join(root, 'server/build/server/store/postgres.js'));
  const store = await openPostgresStore(url, { destinations: ['crm'], max: 2 });
  return { store, ...(await timeClaims(store)) };
}

/** The oldest day's retention by the store's own prune, with batches inserted meanwhile and the locks on events watched. */
async function retention(store, url, from) {
  const watch = new pg.Client({ connectionString: url });
  const writer = new pg.Client({ connectionString: url });
  await Promise.all([watch.connect(), writer.connect()]);
  const modes = new Set();
  const waits = [];
  let isDone = false;
  const watching = (async () => {
    while (!isDone) {
      const rows = (await watch.query(`SELECT c.relname, l.mode, l.granted FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE c.relname IN ('events', 'events_default') AND l.pid <> pg_backend_pid()`)).rows;
      for (const r of rows) modes.add(r.relname + ' ' + r.mode + (r.granted ? '' : ' (waiting)'));
    }
  })();
  const writing = (async () => {
    for (let n = 0; !isDone; n++) {
      const t = performance.now();
      await writer.query(`INSERT INTO events (site_key, message_id, event_name, received_at, body) VALUES ('probe', 'probe-' || $1::text, 'probe', now(), '{}')`, [n]);
      waits.push(performance.now() - t);
    }
  })();
  const t = performance.now();
  const pruned = await store.prune(new Date(Math.floor(from / DAY_MS) * DAY_MS + 2 * DAY_MS));
  const ms = performance.now() - t;
  isDone = true;
  await Promise.all([watching, writing]);
  await Promise.all([watch.end(), writer.end()]);
  return { ms, pruned, modes: [...modes].sort(), worstWrite: Math.max(...waits) };
}
async function disk(client) {
  const [r] = (await client.query(`SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c
    WHERE c.relkind = 'r' AND (c.relname ~ '^events' OR c.relname = 'seen')`)).rows;
  return Number(r.bytes);
}

async function measure(label, root, server, name) {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('CREATE DATABASE ' + name);
  await admin.end();
  const url = server.url.replace(/[^/]+$/, name);
  const from = Date.now() - 365 * DAY_MS;
  // The schema by the code's own migrate; the year's day tables made as the collector makes them, on demand.
  await new Promise((ok, no) => spawn(process.execPath, [cli(root), 'migrate'], { env: { ...process.env, DATABASE_URL: url }, stdio: 'inherit' })
    .on('exit', (c) => (c ? no(new Error('migrate failed')) : ok())));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  if ((await client.query("SELECT 1 FROM pg_class WHERE relname = 'seen'")).rows.length) {
    const { createPartitions } = await import(join(root, 'server/build/server/store/partitions.js'));
    const db = { query: async (q, p) => (await client.query(q, p)).rows, exec: async (q) => void (await client.query(q)),
      transaction: async (fn) => { await client.query('BEGIN'); try { const r = await fn(db); await client.query('COMMIT'); return r; } catch (e) { await client.query('ROLLBACK'); throw e; } } };
    await createPartitions(db, 'postgres', Date.now).ensure(Array.from({ length: 366 }, (_, d) => new Date(from + d * DAY_MS).toISOString()));
  }
  say(label + ': loading ' + fmt(EVENTS) + ' events');
  const loadSeconds = await load(client, from);
  const bytes = await disk(client);
  say(label + ': acceptance at ' + fmt(RATE) + ' events/s');
  const accept = await acceptance(root, url);
  say(label + ': claims on ' + fmt(PENDING) + ' pending');
  const claim = await claims(root, url, client);
  say(label + ': a day\'s retention');
  const drop = await retention(claim.store, url, from);
  await claim.store.close();
  await client.end();
  return { label, loadSeconds, bytes, accept, claim, drop };
}

function report(r) {
  console.log(`\n${r.label}`);
  console.log(`  load: ${r.loadSeconds.toFixed(0)} s (${fmt(EVENTS / r.loadSeconds)} events/s); disk ${(r.bytes / 2 ** 20 / (EVENTS / 1e6)).toFixed(0)} MB per million events (tables, indexes, TOAST; WAL not counted)`);
  console.log(`  batches of 200 at ${fmt(RATE)} events/s for ${SECONDS} s: p50 ${r.accept.p50} ms, p99 ${r.accept.p99} ms (${r.accept.ok} of ${r.accept.of} answered 2xx)`);
  console.log(`  claims with ${fmt(PENDING)} pending: 40 engagement/browsing p50 ${r.claim.p50.toFixed(2)} / p99 ${r.claim.p99.toFixed(2)} ms; 4 lead p50 ${r.claim.leadP50.toFixed(2)} / p99 ${r.claim.leadP99.toFixed(2)} ms`);
  console.log(`  the oldest day's retention: ${(r.drop.ms / 1000).toFixed(2)} s for ${fmt(r.drop.pruned)} events; worst concurrent insert ${r.drop.worstWrite.toFixed(1)} ms; locks seen: ${r.drop.modes.join(', ') || 'none'}`);
}

const bin = findPgBin();
if (!bin) throw new Error('bench:collector --year needs PostgreSQL (apt-get install postgresql)');
if (!BEFORE || !existsSync(cli(BEFORE))) say('BENCH_YEAR_BEFORE unset or not built: the before half (main\'s one table) is skipped');
const server = await startPgServer(bin, 'homing_year', { max_wal_size: '8GB', backend_flush_after: '256kB', maintenance_work_mem: '256MB' });
console.log(`bench:collector --year · ${cpus().length} cores, load at start ${loadavg().map((l) => l.toFixed(1)).join(' ')} · ${fmt(EVENTS)} events over 365 days (${fmt(EVENTS / 365)} a day), PostgreSQL ${bin.split('/').at(-2)}`);
try {
  if (BEFORE && existsSync(cli(BEFORE))) report(await measure('before (one table, main)', BEFORE, server, 'year_before'));
  report(await measure('after (day tables)', AFTER, server, 'year_after'));
} finally {
  await server.stop();
}
console.log(`\nload at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
