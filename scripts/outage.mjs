// scripts/outage.mjs: `npm run bench:outage`: how long 1,000 queued events take to drain once the
// collector is back after an outage (every request answered 503 meanwhile), and how many requests
// the outage cost. Real Chromium, the reference collector on another loopback origin. Then an hour of
// outage on the page's own clock (Playwright's clock, stepped 1 s at a time, each step given real time
// for its requests): requests per visitor per hour, and, once the collector is back, how long until the
// next request and until the queue is drained (page time).
//
//   node scripts/outage.mjs [--outage-s=120] [--events=1000] [--hour-s=3600]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/browsers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : dflt;
};
const OUTAGE_S = arg('outage-s', 120);
const EVENTS = arg('events', 1000);
const HOUR_S = arg('hour-s', 3600);
const KEY = 'pk_bench_outage';
if (!fs.existsSync(path.join(ROOT, 'server/build/server/dev/collector.js'))) {
  console.error('run `npm run build` first');
  process.exit(2);
}
const { startDevCollector: startCollector } = await import(path.join(ROOT, 'server/build/server/dev/collector.js'));
const { startSite } = await import(path.join(ROOT, 'server/build/server/dev/static.js'));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'homing-outage-'));
const collector = await startCollector({ port: 0, dataDir, faults: true });
const site = await startSite({ port: 0, mounts: { '/fixtures/': path.join(ROOT, 'test/fixtures'), '/dist/': path.join(ROOT, 'dist') } });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const log = async () => (await fetch(collector.url + '/__log')).json();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

try {
  const page = await browser.newPage();
  const q = new URLSearchParams({ key: KEY, endpoint: collector.url + '/v1/events/batch', bots: 'allow', flushAt: '20', flushInterval: '5000' });
  await page.goto(`${site.url}/fixtures/basic.html?${q}`);
  await page.waitForFunction(() => window.homing && window.homing.__homing);
  await page.evaluate(() => window.homing.identify('outage@example.com'));
  await page.evaluate(() => window.homing.flush());
  await fetch(collector.url + '/__faults', { method: 'POST', body: JSON.stringify({ mode: 503, count: 1e6 }) });
  const down = Date.now();
  await page.evaluate(async (n) => {
    const all = [];
    for (let i = 0; i < n; i++) all.push(window.homing.track('property_view', { i, property: { id: 'p' + i, price: 400000 + i } }));
    await Promise.all(all);
  }, EVENTS);
  console.error(`collector down (503) for ${OUTAGE_S} s with ${EVENTS} events queued…`);
  await sleep(OUTAGE_S * 1000 - (Date.now() - down));
  const duringOutage = (await log()).requests.filter((r) => Date.parse(r.at) >= down).length;
  await fetch(collector.url + '/__faults', { method: 'DELETE' });
  const up = Date.now();
  let got = 0;
  let answered = 0;
  while (Date.now() - up < 10 * 60 * 1000) {
    const l = await log();
    got = l.events.filter((e) => e.event === 'property_view' && e.status === 'accepted').length;
    if (!answered && l.requests.some((r) => Date.parse(r.at) >= up && r.status === 200)) answered = Date.now();
    if (got >= EVENTS) break;
    await sleep(250);
  }
  const drainedMs = Date.now() - up;
  const { requests, events } = await log();
  const dup = events.filter((e) => e.status === 'duplicate').length;
  const st = await page.evaluate(() => window.homing.stats());
  console.log(`outage ${OUTAGE_S} s, ${EVENTS} events: ${duringOutage} requests during the outage ` +
    `(${(duringOutage / (OUTAGE_S / 60)).toFixed(1)}/min); drained ${got}/${EVENTS} in ${(drainedMs / 1000).toFixed(1)} s after recovery ` +
    `(the next try ${((answered - up) / 1000).toFixed(1)} s after it, then ${((up + drainedMs - answered) / 1000).toFixed(1)} s to drain) ` +
    `with ${requests.filter((r) => Date.parse(r.at) >= up).length} requests; ${dup} duplicates; queue after: ${st.queued}`);
  await simulatedHour();
} finally {
  await browser.close();
  await site.close();
  await collector.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** An hour of 503s on the page's clock, then recovery: requests per hour, in ten-minute slices. */
async function simulatedHour() {
  await fetch(collector.url + '/__log', { method: 'DELETE' });
  const page = await browser.newPage();
  const q = new URLSearchParams({ key: KEY + '_hour', endpoint: collector.url + '/v1/events/batch', bots: 'allow', flushAt: '20', flushInterval: '5000' });
  await page.goto(`${site.url}/fixtures/basic.html?${q}`);
  await page.waitForFunction(() => window.homing && window.homing.__homing);
  await page.evaluate(() => window.homing.identify('hour@example.com').then(() => window.homing.flush()));
  await page.clock.install();
  await fetch(collector.url + '/__faults', { method: 'POST', body: JSON.stringify({ mode: 503, count: 1e6 }) });
  await page.evaluate(async () => {
    const all = [];
    for (let i = 0; i < 100; i++) all.push(window.homing.track('property_view', { i }));
    await Promise.all(all);
  });
  const count = async () => (await log()).requests.length;
  const start = await count();
  const slices = [];
  let before = start;
  for (let s = 1; s <= HOUR_S; s++) {
    await page.clock.runFor(1000);
    await sleep(8);
    if (s % 600 === 0 || s === HOUR_S) {
      const n = await count();
      slices.push(n - before);
      before = n;
    }
  }
  const total = before - start;
  await fetch(collector.url + '/__faults', { method: 'DELETE' });
  let first = -1;
  let drained = -1;
  for (let s = 1; s <= 600 && drained < 0; s++) {
    await page.clock.runFor(1000);
    await sleep(8);
    const { requests, events } = await log();
    if (first < 0 && requests.some((r) => r.status === 200)) first = s;
    if (events.filter((e) => e.event === 'property_view' && e.status === 'accepted').length >= 100) drained = s;
  }
  console.log(`simulated ${HOUR_S / 60} min of 503 (page clock): ${total} requests (${(total * 3600 / HOUR_S).toFixed(1)}/hour); ` +
    `per 10 min: ${slices.join(', ')}; after recovery: next request within ${first} s, queue of 100 drained at ${drained} s (page time)`);
  await page.close();
}
