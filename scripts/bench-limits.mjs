// bench-limits.mjs: `npm run bench:limits`: what the slow-client limits (server/http/guard.ts) cost real traffic.
// Two collectors (the bin, PGlite), one with the default limits and one with them opened wide, take the same
// autocannon load in turns (A B B A A B): 10-event batches on keep-alive connections (events/s, p99), then GET
// /healthz (requests/s, p99: the HTTP layer alone, without the database). Prints each turn and the ratio of the
// medians. `-- --seconds=N --connections=N --rounds=N` (default 5 s, 20, 4).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith('--' + name + '='))?.split('=')[1] ?? fallback);
const SECONDS = arg('seconds', 5);
const CONNECTIONS = arg('connections', 20);
const ROUNDS = arg('rounds', 4);
const EVENTS = 10;

const VARIANTS = {
  limits: [],
  // Wide open: what a collector was before the limits (Node's own header timeout, no body limit, no cap).
  open: ['--headers-timeout', '60', '--body-timeout', '3600', '--connections-per-address', '0'],
};

async function start(args) {
  const dir = mkdtempSync(join(tmpdir(), 'homing-limits-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['server/build/server/cli/bin.js', 'collector', '--port', String(port), '--data', dir, '--rate', '1000000', ...args],
    { env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = 'http://127.0.0.1:' + port;
  for (let i = 0; !(await fetch(url + '/readyz').then((r) => r.ok, () => false)); i++) {
    if (i > 600 || child.exitCode !== null) throw new Error('the collector did not start (exit ' + child.exitCode + ')');
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

function load(url, isBatch) {
  return autocannon(isBatch ? {
    url: url + '/v1/events/batch', method: 'POST', connections: CONNECTIONS, duration: SECONDS,
    headers: { 'content-type': 'application/json', authorization: 'Bearer pk_bench_limits' },
    requests: [{ setupRequest: (req) => ({ ...req, body: batch() }) }],
  } : { url: url + '/healthz', connections: CONNECTIONS, duration: SECONDS });
}

const running = {};
for (const [name, args] of Object.entries(VARIANTS)) running[name] = await start(args);
console.log('bench:limits ' + SECONDS + ' s a turn, ' + CONNECTIONS + ' connections, ' + EVENTS + '-event batches, load ' + loadavg().map((l) => l.toFixed(1)).join(' '));
const turns = { limits: [], open: [] };
for (let round = 0; round < ROUNDS; round++) {
  // A B, then B A: the load of a shared machine drifts, and neither side always goes first.
  const order = round % 2 ? ['open', 'limits'] : ['limits', 'open'];
  for (const name of order) {
    const b = await load(running[name].url, true);
    const h = await load(running[name].url, false);
    const turn = {
      eventsPerSecond: Math.round(b.requests.average * EVENTS), batchP99ms: b.latency.p99,
      healthzPerSecond: Math.round(h.requests.average), healthzP99ms: h.latency.p99,
      notOk: b.non2xx + b.errors + b.timeouts + h.non2xx + h.errors + h.timeouts,
    };
    turns[name].push(turn);
    console.log(name.padEnd(7) + JSON.stringify(turn));
  }
}
const median = (name, k) => {
  const xs = turns[name].map((t) => t[k]).sort((a, b) => a - b);
  return (xs[(xs.length - 1) >> 1] + xs[xs.length >> 1]) / 2;
};
const ratio = (k) => +(median('limits', k) / median('open', k)).toFixed(3);
console.log(JSON.stringify({ medians: { limits: Object.fromEntries(Object.keys(turns.limits[0]).map((k) => [k, median('limits', k)])), open: Object.fromEntries(Object.keys(turns.open[0]).map((k) => [k, median('open', k)])) },
  limitsOverOpen: { eventsPerSecond: ratio('eventsPerSecond'), batchP99: ratio('batchP99ms'), healthzPerSecond: ratio('healthzPerSecond'), healthzP99: ratio('healthzP99ms') } }));
for (const r of Object.values(running)) await r.stop();
