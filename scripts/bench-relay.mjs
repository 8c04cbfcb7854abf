// bench-relay.mjs: `npm run bench:relay`: events/s the relay forwards to each destination's mock on loopback
// (each alone, then all four at once, over one PGlite outbox), and a fault run: 10 % of requests fail at
// random (500, 503, reset) and the relay is restarted mid-run; it prints what each destination holds.
// Bounded: BENCH_RELAY_VISITORS visitors × 12 events (default 200 × 12 = 2,400 events per run).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

// `--scenario=speed-to-lead`: the budgeted CRM scenario of bench-relay-speed.mjs instead; `--scenario=wake`: one or two processes.
if (process.argv.includes('--scenario=speed-to-lead') || process.argv.includes('--scenario=wake')) {
  await import(process.argv.includes('--scenario=wake') ? './bench-relay-wake.mjs' : './bench-relay-speed.mjs');
  await new Promise(() => {});
}

const B = '../server/build/';
const { destinationNames, startRelayFromConfig } = await import(B + 'server/relay/index.js');
const { openPgliteStore } = await import(B + 'server/store/pglite.js');
const { startMocks, relayConfigFor, heldIds, DESTINATIONS, TOKENS } = await import(B + 'test/relay/world.js');
const { mapCrmEvent } = await import(B + 'server/relay/crm.map.js');
const { visitorStory } = await import(B + 'test/relay/story.js');

const VISITORS = Number(process.env.BENCH_RELAY_VISITORS ?? 200);
const FAULT_RATE = Number(process.env.BENCH_RELAY_FAULT_RATE ?? 0.1);
const RUN_LIMIT_MS = 120_000;
/** The per-event destinations' claim size and people at once (the relay's defaults unless set). */
const PER_EVENT = Object.fromEntries(Object.entries({
  batchSize: Number(process.env.BENCH_RELAY_BATCH_SIZE) || undefined, concurrency: Number(process.env.BENCH_RELAY_CONCURRENCY) || undefined,
}).filter(([, v]) => v));
const fmt = (n) => Math.round(n).toLocaleString('en');

/** 12 events a visitor (the story less its second email open, which 002 would hold 20 minutes). */
function events() {
  const all = [];
  for (let v = 0; v < VISITORS; v++) all.push(...visitorStory('lead' + v + '@example.com', v * 100).filter((e, i) => i !== 11));
  return all;
}

/** A seeded random, so that a fault run is repeatable. */
function seeded(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function run({ only, chaos = 0, restartAt }) {
  const dir = mkdtempSync(join(tmpdir(), 'homing-bench-relay-'));
  const mocks = await startMocks({ batchRate: 1e9, crmLimit: 1e9 });
  const config = relayConfigFor(mocks, {
    relay: { pollMs: 20, backoff: { baseMs: 50, capMs: 1000 } },
    // The bench measures the relay, not 004's 50 requests a minute (10,000 events a minute at 200 a request).
    destinations: { batch: { ratePerMinute: 0 }, crm: PER_EVENT, marketing: PER_EVENT, success: PER_EVENT },
  });
  config.destinations = config.destinations.filter((d) => only.includes(d.name));
  const store = await openPgliteStore(join(dir, 'pglite'), { destinations: destinationNames(config) });
  const list = events();
  for (let i = 0; i < list.length; i += 200) await store.accept('pk_bench', list.slice(i, i + 200), { receivedAt: new Date().toISOString() });
  const expected = { batch: list.length, crm: list.length, success: list.length, marketing: list.length - VISITORS };
  const mockOf = { batch: mocks.batch, crm: mocks.crm, marketing: mocks.marketing, success: mocks.success };
  for (const [i, name] of only.entries()) if (chaos) mockOf[name].chaos(chaos, seeded(11 + i));
  const logs = { warn: 0, error: 0 };
  const log = (e) => { if (e.level in logs) logs[e.level]++; };
  let relay = startRelayFromConfig(store, config, { log });
  const t0 = performance.now();
  const done = {};
  let restarted = false;
  let before = [];
  while (Object.keys(done).length < only.length) {
    const held = heldIds(mocks);
    for (const name of only) if (!done[name] && new Set(held[name]).size >= expected[name]) done[name] = performance.now() - t0;
    if (restartAt && !restarted && held[only[0]].length >= expected[only[0]] * restartAt) {
      restarted = true;
      await relay.stop();
      before = relay.stats();
      relay = startRelayFromConfig(store, config, { log });
    }
    if (performance.now() - t0 > RUN_LIMIT_MS) throw new Error('bench run over ' + RUN_LIMIT_MS / 1000 + ' s: ' + JSON.stringify(done));
    await new Promise((r) => setTimeout(r, 5));
  }
  const stats = relay.stats();
  await relay.stop();
  const held = heldIds(mocks);
  const rows = [];
  for (const name of only) {
    const lag = await store.lag(name);
    const ids = held[name];
    const requests = mockOf[name].requests;
    rows.push({
      name, events: expected[name], ms: done[name], perSecond: (expected[name] / done[name]) * 1000, requests: requests.length,
      faults: requests.filter((r) => r.fault).length, held: new Set(ids).size, twice: ids.length - new Set(ids).size,
      pending: lag.pending, retried: stats.find((s) => s.name === name).retried + (before.find((s) => s.name === name)?.retried ?? 0), dead: (await store.deadLetters(name)).length,
    });
  }
  await store.close();
  await mocks.close();
  rmSync(dir, { recursive: true, force: true });
  return { rows, restarted, logs };
}

/** The floor under the per-event figures: bare fetch() POSTs to the 000 mock, 4 at once, no outbox, no relay. */
async function httpCeiling() {
  const mocks = await startMocks({ crmLimit: 1e9 });
  const list = events();
  const url = mocks.crm.url + '/api/partner/events';
  const headers = { Authorization: 'Bearer ' + TOKENS.crm, 'Content-Type': 'application/json' };
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < list.length) {
      const body = JSON.stringify(mapCrmEvent(list[next++]));
      await (await fetch(url, { method: 'POST', headers, body })).text();
    }
  }));
  const perSecond = (list.length / (performance.now() - t0)) * 1000;
  await mocks.close();
  return perSecond;
}

const pad = (s, n) => String(s).padStart(n);
function print(title, rows) {
  console.log('\n' + title);
  console.log('  destination        events     time   events/s  requests');
  for (const r of rows) console.log('  ' + r.name.padEnd(12) + pad(fmt(r.events), 12) + pad((r.ms / 1000).toFixed(2) + ' s', 9) + pad(fmt(r.perSecond), 11) + pad(fmt(r.requests), 10));
}

console.log('bench:relay — ' + cpus().length + ' cores, load ' + loadavg().map((l) => l.toFixed(1)).join(' ') + ', ' + VISITORS + ' visitors × 12 events, PGlite outbox, mocks on loopback');
console.log('\nHTTP floor: bare fetch() to the 000 mock, 4 at once, no outbox: ' + fmt(await httpCeiling()) + ' requests/s');
const alone = [];
for (const name of DESTINATIONS) alone.push(...(await run({ only: [name] })).rows);
print('each destination alone', alone);
const together = await run({ only: [...DESTINATIONS] });
print('all four at once (one outbox)', together.rows);

const faulty = await run({ only: [...DESTINATIONS], chaos: FAULT_RATE, restartAt: 0.4 });
print('fault run: ' + FAULT_RATE * 100 + ' % of requests fail at random (500, 503, reset), relay restarted at 40 %', faulty.rows);
console.log('  destination     faults  retried  held once  held twice  pending  dead letters');
for (const r of faulty.rows)
  console.log('  ' + r.name.padEnd(12) + pad(fmt(r.faults), 10) + pad(fmt(r.retried), 9) + pad(fmt(r.held), 11) + pad(r.twice, 12) + pad(r.pending, 9) + pad(r.dead, 14));
console.log('  restarted: ' + faulty.restarted + '; relay log lines: ' + faulty.logs.warn + ' warn, ' + faulty.logs.error + ' error');
const isExact = faulty.rows.every((r) => r.held === r.events && r.twice === 0 && r.pending === 0 && r.dead === 0);
console.log(isExact ? '  every event held exactly once by every destination' : '  NOT EXACT: see the table');
process.exit(isExact ? 0 : 1);
