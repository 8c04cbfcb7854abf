// bench-limits.mjs: `npm run bench:limits`: what the slow-client limits (server/http/guard.ts) cost real traffic.
// Two collectors (the bin, PGlite), one with the default limits and one with them opened wide, take the same
// autocannon load in turns (A B A B): 10-event batches on keep-alive connections. Prints events/s and p99 of each
// turn and the ratio of the medians. `-- --seconds=N --connections=N` (default 8 s, 20).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith('--' + name + '='))?.split('=')[1] ?? fallback);
const SECONDS = arg('seconds', 8);
const CONNECTIONS = arg('connections', 20);
const EVENTS = 10;

const VARIANTS = {
  limits: [],
  // Wide open: what a collector was before the limits (Node's own header timeout, no body limit, no cap).
  open: ['--headers-timeout', '60', '--body-timeout', '3600', '--connections-per-address', '0'],
};

async function start(args) {
  const dir = mkdtempSync(join(tmpdir(), 'homing-limits-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['server/build/server/cli/bin.js', 'collector', '--port', String(port), '--data', dir, '--rate', '100000000', ...args],
    { env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = 'http://127.0.0.1:' + port;
  for (let i = 0; !(await fetch(url + '/readyz').then((r) => r.ok, () => false)); i++) {
    if (i > 600 || child.exitCode !== null) throw new Error('the collector did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: async () => { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); rmSync(dir, { recursive: true, force: true }); } };
}

let n = 0;
const batch = () => {
  const now = new Date().toISOString();
  return JSON.stringify({ events: Array.from({ length: EVENTS }, () => ({
    event: 'property_view', identify: { email: 'jane@example.com' },
    properties: { pageUrl: 'https://example.com/listing/42', property: { id: 'prop-42', price: 500000 } },
    timestamp: now, messageId: 'bench-' + process.pid + '-' + ++n,
  })) });
};

function load(url) {
  return autocannon({
    url: url + '/v1/events/batch', method: 'POST', connections: CONNECTIONS, duration: SECONDS,
    headers: { 'content-type': 'application/json', authorization: 'Bearer pk_bench_limits' },
    requests: [{ setupRequest: (req) => ({ ...req, body: batch() }) }],
  });
}

const running = {};
for (const [name, args] of Object.entries(VARIANTS)) running[name] = await start(args);
console.log('bench:limits ' + SECONDS + ' s a turn, ' + CONNECTIONS + ' connections, ' + EVENTS + '-event batches, load ' + loadavg().map((l) => l.toFixed(1)).join(' '));
const turns = { limits: [], open: [] };
for (let round = 0; round < 2; round++) {
  for (const name of Object.keys(VARIANTS)) {
    const r = await load(running[name].url);
    const bad = r.non2xx + r.errors + r.timeouts;
    const turn = { eventsPerSecond: Math.round((r.requests.average * EVENTS)), p99ms: r.latency.p99, requests: r.requests.total, notOk: bad };
    turns[name].push(turn);
    console.log(name.padEnd(7) + JSON.stringify(turn));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const eps = (name) => median(turns[name].map((t) => t.eventsPerSecond));
const p99 = (name) => median(turns[name].map((t) => t.p99ms));
console.log(JSON.stringify({ limitsOverOpen: { eventsPerSecond: +(eps('limits') / eps('open')).toFixed(3), p99: +(p99('limits') / p99('open')).toFixed(3) } }));
for (const r of Object.values(running)) await r.stop();
