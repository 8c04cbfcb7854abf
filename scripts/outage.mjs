// scripts/outage.mjs: `npm run bench:outage`: how long 1,000 queued events take to drain once the
// collector is back after an outage (every request answered 503 meanwhile), and how many requests
// the outage cost. Real Chromium, the reference collector on another loopback origin.
//
//   node scripts/outage.mjs [--outage-s=120] [--events=1000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : dflt;
};
const OUTAGE_S = arg('outage-s', 120);
const EVENTS = arg('events', 1000);
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
const browser = await chromium.launch({
  executablePath: process.env.HOMING_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
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
  while (Date.now() - up < 10 * 60 * 1000) {
    got = (await log()).events.filter((e) => e.event === 'property_view' && e.status === 'accepted').length;
    if (got >= EVENTS) break;
    await sleep(250);
  }
  const drainedMs = Date.now() - up;
  const { requests, events } = await log();
  const dup = events.filter((e) => e.status === 'duplicate').length;
  const st = await page.evaluate(() => window.homing.stats());
  console.log(`outage ${OUTAGE_S} s, ${EVENTS} events: ${duringOutage} requests during the outage ` +
    `(${(duringOutage / (OUTAGE_S / 60)).toFixed(1)}/min); drained ${got}/${EVENTS} in ${(drainedMs / 1000).toFixed(1)} s after recovery ` +
    `with ${requests.filter((r) => Date.parse(r.at) >= up).length} requests; ${dup} duplicates; queue after: ${st.queued}`);
} finally {
  await browser.close();
  await site.close();
  await collector.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
