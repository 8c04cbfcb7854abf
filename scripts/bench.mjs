// scripts/bench.mjs: `npm run bench`: build sizes, CPU µs per track(), events/s persisted to
// IndexedDB, requests and wire bytes per 1,000 delivered events, against the budgets of the spine
// issue. Real Chromium (Debian's /usr/bin/chromium, HOMING_CHROMIUM overrides) driven by
// playwright-core; the page on one loopback origin, the reference collector on another.
// Prints a table and writes bench-results.json at the repo root.
//
//   node scripts/bench.mjs [--rounds=5] [--events=1000] [--persist-events=10000] [--build=default|device] [--check] [--profile]
// --check: exit 1 when a figure is over its budget (without it, only a failed run exits non-zero).
// --profile: also records a V8 CPU profile of one more 1,000-event window and prints the top
//   self-time functions (debug aid; HOMING_BENCH_JS=/path/to/unminified.iife.js makes the names readable).
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/browsers.mjs';
import { BUDGETS, measure } from './size.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);

// ---------------------------------------------------------------- options
const CFG = { rounds: 5, events: 1000, persistEvents: 10000, build: 'default', check: false, profile: false };
for (const a of process.argv.slice(2)) {
  const [k, v] = a.replace(/^--/, '').split('=');
  const camel = k.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  if (camel === 'build' && (v === 'default' || v === 'device')) CFG.build = v;
  else if ((camel === 'check' || camel === 'profile') && v === undefined) CFG[camel] = true;
  else if (camel in CFG && Number(v) > 0) CFG[camel] = Math.floor(Number(v));
  else {
    console.error(`unknown option ${a}\nusage: node scripts/bench.mjs [--rounds=5] [--events=1000] [--persist-events=10000] [--build=default|device] [--check] [--profile]`);
    process.exit(2);
  }
}
/** The budgets of the spine issue ("Budgets"); the size ones are scripts/size.mjs's. */
const BUDGET = {
  usPerTrack: 60, // ≤ µs of main-thread CPU per track(), net of the baseline (issue "Lean wire and hot path")
  eventsPerSecond: 20000, // ≥ events/s persisted to IndexedDB
  requestsPer1000: 5, // ≤ requests per 1,000 delivered events (CORS preflights included)
};
const EVENT_NAME = 'property_view';
const EMAIL = 'bench@example.com';
const FLUSH_AT = 200;
const FLUSH_INTERVAL = 1000;
const LAUNCH = { executablePath: chromiumPath(), args: CHROMIUM_ARGS };
const t0 = performance.now();
const log = (...a) => console.error(`[${((performance.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const range = (xs) => [Math.min(...xs), Math.max(...xs)];

// ---------------------------------------------------------------- build
const BUILDS = ['dist/homing.min.js', 'dist/homing.device.min.js', 'dist/homing.mjs'];
const NEEDED = [...BUILDS, 'server/build/server/collector/collector.js', 'server/build/server/dev/static.js', 'server/build/server/store/file.js'];
if (NEEDED.some((f) => !fs.existsSync(f))) {
  log('dist/ or server/build/ is missing: npm run build');
  execSync('npm run build', { stdio: 'inherit' });
}
const { createCollector } = await import(path.join(ROOT, 'server/build/server/collector/collector.js'));
const { openFileStore } = await import(path.join(ROOT, 'server/build/server/store/file.js'));
const { startSite } = await import(path.join(ROOT, 'server/build/server/dev/static.js'));
const { createLog } = await import(path.join(ROOT, 'server/build/server/admin/log.js'));
const { createSwitch } = await import(path.join(ROOT, 'server/build/server/dev/switch.js'));
const { createFaults } = await import(path.join(ROOT, 'server/build/server/dev/faults.js'));

// ---------------------------------------------------------------- 1. sizes
const sizes = BUILDS.map((f) => ({ ...measure(f), budget: BUDGETS[f] }));

// ---------------------------------------------------------------- servers
// The reference collector behind our own http server, so that the wire bytes of every request
// (request line + headers + body) and the CORS preflights can be counted: its /__log has body bytes only.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'homing-bench-'));
const store = await openFileStore(dataDir);
// Every round uses its own site key, so the collector's per-key rate limit (50/min) never mixes rounds.
// The dev request log (server/dev/switch.ts) around the batch answer: what each round's events came to.
const eventLog = createLog(1_000_000);
const collector = createCollector({ store, wrapAnswer: createSwitch(createFaults(), eventLog).wrap });
const wire = []; // { t, method, path, headerBytes, bodyBytes }
let lastRequestAt = 0;
const collectorServer = createServer((req, res) => {
  const u = new URL(req.url ?? '/', 'http://x');
  let headerBytes = Buffer.byteLength(`${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`) + 2; // + blank line
  for (let i = 0; i < req.rawHeaders.length; i += 2) headerBytes += Buffer.byteLength(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`);
  wire.push({ t: performance.now(), method: req.method, path: u.pathname, headerBytes, bodyBytes: Number(req.headers['content-length']) || 0 });
  lastRequestAt = performance.now();
  res.on('finish', () => (lastRequestAt = performance.now()));
  collector.handle(req, res);
});
await new Promise((r) => collectorServer.listen(0, '127.0.0.1', r));
const collectorUrl = `http://127.0.0.1:${collectorServer.address().port}`;
const endpoint = `${collectorUrl}/v1/events/batch`;
// HOMING_BENCH_JS: another build of the script tag (e.g. an unminified one for --profile).
const ALT = process.env.HOMING_BENCH_JS ? path.resolve(process.env.HOMING_BENCH_JS) : '';
const SRC = ALT ? `/alt/${path.basename(ALT)}` : CFG.build === 'device' ? '/dist/homing.device.min.js' : '/dist/homing.min.js';
const site = await startSite({
  port: 0,
  mounts: { '/dist/': path.join(ROOT, 'dist'), '/bench/': path.join(ROOT, 'scripts/bench'), ...(ALT ? { '/alt/': path.dirname(ALT) } : {}) },
});

const browser = await chromium.launch(LAUNCH);
const browserVersion = browser.version();
log(`chromium ${browserVersion}; site ${site.url}; collector ${collectorUrl}; script ${ALT || SRC}; ${CFG.rounds} rounds`);

async function shutdown() {
  await browser.close().catch(() => {});
  await site.close().catch(() => {});
  await new Promise((r) => { collectorServer.close(r); collectorServer.closeAllConnections(); });
  await collector.close().catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.on('SIGINT', async () => { await shutdown(); process.exit(130); });

// ---------------------------------------------------------------- helpers
/** Accepted events of one round (bench_id tag), and copies received more than once. */
function delivered(tag) {
  const prefix = `bench:${tag}:`;
  const seen = new Map();
  for (const e of eventLog.events) {
    const id = e.properties && e.properties.bench_id;
    if (typeof id === 'string' && id.startsWith(prefix) && e.status !== 'rejected') seen.set(id, (seen.get(id) || 0) + 1);
  }
  let dup = 0;
  for (const n of seen.values()) dup += n - 1;
  return { distinct: seen.size, duplicates: dup };
}
const eventsOfKey = (key) => eventLog.events.filter((e) => e.key === key && e.status !== 'rejected');

async function openPage(kind, key) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const q = new URLSearchParams({
    key, endpoint, flushAt: String(FLUSH_AT), flushInterval: String(FLUSH_INTERVAL), src: SRC,
  });
  await page.goto(`${site.url}/bench/${kind === 'baseline' ? 'baseline' : 'page'}.html?${q}`, { waitUntil: 'load' });
  return { context, page, cdp, errors };
}

/** Main-thread CPU ms (threadTicks): all tasks minus the time spent serving DevTools commands. */
async function cpu(s) {
  const { metrics } = await s.cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value * 1000]));
  return { busy: m.TaskDuration - m.DevToolsCommandDuration, script: m.ScriptDuration };
}

/**
 * Waits until done() holds, the collector has been silent for quietMs and the page's main thread
 * spent < 2 % of the last 500 ms busy. Returns whether that happened before maxMs.
 */
async function waitIdle(s, { done = () => true, quietMs = 300, maxMs = 30000 } = {}) {
  const start = performance.now();
  const samples = [];
  for (;;) {
    const now = performance.now();
    samples.push([now, (await cpu(s)).busy]);
    const old = samples.findLast((x) => now - x[0] >= 500);
    const busy = old ? samples[samples.length - 1][1] - old[1] : Infinity;
    const quiet = Math.min(now - lastRequestAt, now - start);
    if (done() && quiet >= quietMs && busy < 10) return true;
    if (now - start > maxMs) return false;
    await sleep(50);
  }
}

/** Page loaded, tracker ready, identify() sent in a task, its event and the page_view delivered, idle. */
async function readyPage(key) {
  const s = await openPage('ours', key);
  await s.page.evaluate(() => window.__bench.ready());
  await s.page.evaluate((email) => window.__bench.inTask(() => { window.homing.identify(email); }), EMAIL);
  const ok = await waitIdle(s, { done: () => eventsOfKey(key).length >= 2, quietMs: 300, maxMs: 20000 });
  if (!ok) throw new Error(`identify and page_view not delivered for ${key} within 20 s: ${JSON.stringify(eventsOfKey(key).map((e) => e.event))} ${s.errors.join('; ')}`);
  const st = await s.page.evaluate(() => window.homing.stats());
  if (st.queued || st.held || st.inFlight) throw new Error(`queue not empty after identify: ${JSON.stringify(st)}`);
  return s;
}

// ---------------------------------------------------------------- 2+4. CPU per track(), network
/** One round: 1,000 track() calls in one task; the window runs until all are delivered and the page is idle. */
async function cpuRound(kind, round, profile = false) {
  const key = `pk_bench_${kind === 'baseline' ? 'b' : 'c'}${round}`;
  const tag = `${kind === 'baseline' ? 'B' : 'C'}${round}`;
  const s = kind === 'baseline' ? await openPage('baseline', key) : await readyPage(key);
  try {
    if (kind === 'baseline') await waitIdle(s, { quietMs: 0 });
    if (profile) {
      await s.cdp.send('Profiler.enable');
      await s.cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await s.cdp.send('Profiler.start');
    }
    const w0 = wire.length;
    const m0 = await cpu(s);
    const tStart = performance.now();
    const { syncMs } = await s.page.evaluate(([n, tag, name, noop]) => window.__bench.trackMany(n, tag, name, noop), [CFG.events, tag, EVENT_NAME, kind === 'baseline']);
    const idle = await waitIdle(s, {
      done: () => kind === 'baseline' || delivered(tag).distinct >= CFG.events,
      quietMs: kind === 'baseline' ? 0 : 300,
      maxMs: 60000,
    });
    const m1 = await cpu(s);
    const windowMs = performance.now() - tStart;
    if (profile) printProfile((await s.cdp.send('Profiler.stop')).profile);
    const reqs = wire.slice(w0);
    const batches = reqs.filter((r) => r.method === 'POST' && r.path === '/v1/events/batch');
    const preflights = reqs.filter((r) => r.method === 'OPTIONS');
    const d = kind === 'baseline' ? { distinct: 0, duplicates: 0 } : delivered(tag);
    return {
      kind, round, key,
      cpuMs: m1.busy - m0.busy,
      scriptMs: m1.script - m0.script,
      usPerTrack: ((m1.busy - m0.busy) * 1000) / CFG.events,
      syncUsPerTrack: (syncMs * 1000) / CFG.events,
      windowMs,
      idle,
      delivered: d.distinct,
      duplicates: d.duplicates,
      requests: batches.length,
      preflights: preflights.length,
      bodyBytes: batches.reduce((n, r) => n + r.bodyBytes, 0),
      wireBytes: [...batches, ...preflights].reduce((n, r) => n + r.headerBytes + r.bodyBytes, 0),
      pageErrors: s.errors.slice(0, 5),
    };
  } finally {
    await s.context.close().catch(() => {});
  }
}

/** Debug aid (--profile): the top self-time functions of a window, by name and script position. */
function printProfile(profile) {
  const fs2 = path.join(os.tmpdir(), `homing-bench-${Date.now()}.cpuprofile`);
  fs.writeFileSync(fs2, JSON.stringify(profile));
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) || 0) + (profile.timeDeltas[i] || 0)));
  const self = new Map();
  let total = 0;
  for (const n of profile.nodes) {
    const f = n.callFrame;
    if (f.functionName === '(idle)') continue;
    const k = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.split('/').pop().split('?')[0]}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`.trim();
    const us = dt.get(n.id) || 0;
    total += us;
    self.set(k, (self.get(k) || 0) + us);
  }
  console.error(`profile (${fs2}): ${(total / 1000).toFixed(0)} ms sampled outside (idle); top self time:`);
  for (const [k, us] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.error(`  ${(us / 1000).toFixed(1).padStart(7)} ms  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
  }
}

// ---------------------------------------------------------------- 3. events/s persisted
/** One round: identify first, then N track() calls in one task; time until every promise resolved. */
async function persistRound(round) {
  const key = `pk_bench_p${round}`;
  const s = await readyPage(key);
  try {
    // The same number of bare IndexedDB puts in one transaction, in the same idle page: the floor.
    const floor = await s.page.evaluate(([n, tag]) => window.__bench.rawPersist(n, tag), [CFG.persistEvents, `F${round}`]);
    const m0 = await cpu(s);
    const r = await s.page.evaluate(([n, tag, name]) => window.__bench.persistMany(n, tag, name), [CFG.persistEvents, `P${round}`, EVENT_NAME]);
    const m1 = await cpu(s);
    const st = await s.page.evaluate(() => window.homing.stats());
    return {
      round, key, ms: r.ms, syncMs: r.syncMs, ok: r.ok, errors: r.errors, eventsPerSecond: (r.ok * 1000) / r.ms,
      // main-thread CPU from the first track() to all resolved (capture + IndexedDB write, no delivery)
      cpuUsPerEvent: ((m1.busy - m0.busy) * 1000) / CFG.persistEvents,
      storage: st.storage, pageErrors: s.errors.slice(0, 5),
      floorPerSecond: (CFG.persistEvents * 1000) / floor.ms,
    };
  } finally {
    await s.context.close().catch(() => {}); // delivery of the 10,000 is not part of this figure
  }
}

// ---------------------------------------------------------------- run (baseline and ours interleaved)
const cpuRuns = { baseline: [], ours: [] };
const persistRuns = [];
let failed = null;
try {
  for (let r = 0; r < CFG.rounds; r++) {
    for (const kind of r % 2 ? ['ours', 'baseline'] : ['baseline', 'ours']) {
      const x = await cpuRound(kind, r);
      cpuRuns[kind].push(x);
      log(`cpu     r${r} ${kind.padEnd(8)} ${x.usPerTrack.toFixed(1)} µs/track (sync ${x.syncUsPerTrack.toFixed(1)}), ` +
        (kind === 'ours' ? `${x.delivered}/${CFG.events} delivered, ${x.requests} req + ${x.preflights} preflight, ${x.wireBytes} B, ` : '') +
        `${x.windowMs.toFixed(0)} ms${x.idle ? '' : ' (TIMEOUT)'}`);
    }
  }
  if (CFG.profile) await cpuRound('ours', CFG.rounds, true); // not in the figures: the profiler distorts them
  for (let r = 0; r < CFG.rounds; r++) {
    const x = await persistRound(r);
    persistRuns.push(x);
    log(`persist r${r} ${x.ok}/${CFG.persistEvents} in ${x.ms.toFixed(0)} ms (sync part ${x.syncMs.toFixed(0)} ms, CPU ${x.cpuUsPerEvent.toFixed(1)} µs/event) = ${x.eventsPerSecond.toFixed(0)} events/s [${x.storage}]; bare IndexedDB puts ${x.floorPerSecond.toFixed(0)}/s${Object.keys(x.errors).length ? ' errors ' + JSON.stringify(x.errors) : ''}`);
  }
} catch (e) {
  failed = e;
} finally {
  await shutdown();
}
if (failed) {
  console.error(`bench failed: ${failed.stack || failed}`);
  process.exit(1);
}

// ---------------------------------------------------------------- figures
const ours = cpuRuns.ours;
const base = cpuRuns.baseline;
const baseUs = median(base.map((x) => x.usPerTrack));
const oursUs = median(ours.map((x) => x.usPerTrack));
const netUs = oursUs - baseUs;
const per1000 = (x) => (x * 1000) / CFG.events;
const reqMed = median(ours.map((x) => per1000(x.requests)));
const preMed = median(ours.map((x) => per1000(x.preflights)));
const wireMed = median(ours.map((x) => per1000(x.wireBytes)));
const bodyMed = median(ours.map((x) => per1000(x.bodyBytes)));
const eps = median(persistRuns.map((x) => x.eventsPerSecond));
const allDelivered = ours.every((x) => x.delivered === CFG.events && x.duplicates === 0);
const checks = {
  usPerTrack: netUs <= BUDGET.usPerTrack,
  eventsPerSecond: eps >= BUDGET.eventsPerSecond,
  requestsPer1000: reqMed + preMed <= BUDGET.requestsPer1000,
};
for (const s of sizes) if (s.budget) checks[`brotli ${path.basename(s.file)}`] = s.brotli <= s.budget;

const results = {
  meta: {
    date: new Date().toISOString(),
    commit: (() => { try { return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { return null; } })(),
    node: process.version,
    chromium: browserVersion,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadavg: os.loadavg(),
    build: ALT || SRC.slice(1),
    config: { ...CFG, flushAt: FLUSH_AT, flushInterval: FLUSH_INTERVAL, eventName: EVENT_NAME },
    wallSeconds: (performance.now() - t0) / 1000,
  },
  budgets: { ...BUDGET, brotliBytes: BUDGETS },
  sizes,
  cpu: {
    usPerTrackNet: netUs,
    usPerTrack: oursUs,
    baselineUsPerTrack: baseUs,
    scriptUsPerTrack: median(ours.map((x) => (x.scriptMs * 1000) / CFG.events)) - median(base.map((x) => (x.scriptMs * 1000) / CFG.events)),
    syncUsPerTrack: median(ours.map((x) => x.syncUsPerTrack)),
    windowMs: median(ours.map((x) => x.windowMs)),
    samples: cpuRuns,
  },
  persist: {
    eventsPerSecond: eps,
    msFor: median(persistRuns.map((x) => x.ms)),
    syncMsFor: median(persistRuns.map((x) => x.syncMs)),
    cpuUsPerEvent: median(persistRuns.map((x) => x.cpuUsPerEvent)),
    floorPerSecond: median(persistRuns.map((x) => x.floorPerSecond)),
    events: CFG.persistEvents,
    samples: persistRuns,
  },
  network: {
    requestsPer1000: reqMed,
    preflightsPer1000: preMed,
    wireBytesPer1000: wireMed,
    bodyBytesPer1000: bodyMed,
    wireBytesPerEvent: wireMed / 1000,
    bodyBytesPerEvent: bodyMed / 1000,
    allDeliveredOnce: allDelivered,
    wireBytesNote: 'request line + headers + body as received by the collector, CORS preflights included; responses not counted',
  },
  checks,
  ok: Object.values(checks).every(Boolean) && allDelivered,
};
fs.writeFileSync(path.join(ROOT, 'bench-results.json'), JSON.stringify(results, null, 1) + '\n');

// ---------------------------------------------------------------- table
const mark = (ok) => (ok ? 'ok' : 'OVER');
const n0 = (x) => Math.round(x).toLocaleString('en-US');
const n1 = (x) => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const kib = (b) => (b / 1024).toFixed(2);
const rows = [];
const row = (what, value, detail = '', budget = '', check = '') => rows.push([what, value, detail, budget, check]);
for (const s of sizes) {
  row(`size ${s.file}`, `${kib(s.brotli)} KiB br`, `${n0(s.raw)} B raw · ${n0(s.gzip)} B gzip -9 · ${n0(s.brotli)} B brotli q11`,
    s.budget ? `≤ ${kib(s.budget)} KiB br` : '', s.budget ? mark(s.brotli <= s.budget) : '');
}
const [uMin, uMax] = range(ours.map((x) => x.usPerTrack - baseUs));
row('CPU per track()', `${n1(netUs)} µs`,
  `net of baseline ${n1(baseUs)} µs; ${n1(uMin)}–${n1(uMax)} over ${ours.length} rounds; script ${n1(results.cpu.scriptUsPerTrack)} µs; sync loop ${n1(results.cpu.syncUsPerTrack)} µs (wall)`,
  `≤ ${BUDGET.usPerTrack} µs`, mark(checks.usPerTrack));
const [eMin, eMax] = range(persistRuns.map((x) => x.eventsPerSecond));
row('persisted to IndexedDB', `${n0(eps)} events/s`,
  `${n0(CFG.persistEvents)} track() in one task → all resolved in ${n0(results.persist.msFor)} ms (the calls alone ${n0(results.persist.syncMsFor)} ms); ${n0(eMin)}–${n0(eMax)}; CPU ${n1(results.persist.cpuUsPerEvent)} µs/event`,
  `≥ ${n0(BUDGET.eventsPerSecond)} /s`, mark(checks.eventsPerSecond));
row('IndexedDB floor', `${n0(results.persist.floorPerSecond)} puts/s`,
  `the same ${n0(CFG.persistEvents)} payloads as bare records { k, j } in one transaction, no tracker: what one record per event can reach here`);
row('requests / 1,000 events', `${n1(reqMed + preMed)}`, `${n1(reqMed)} batch POSTs + ${n1(preMed)} CORS preflights (data-flush-at=${FLUSH_AT})`,
  `≤ ${BUDGET.requestsPer1000}`, mark(checks.requestsPer1000));
row('wire KiB / 1,000 events', `${n1(wireMed / 1024)} KiB`, `body ${n1(bodyMed / 1024)} KiB; request line + headers + body, preflights included`);
row('bytes / event', `${n0(wireMed / 1000)} B`, `body ${n0(bodyMed / 1000)} B`);
row('delivered exactly once', allDelivered ? 'yes' : 'NO', ours.map((x) => `${x.delivered}/${CFG.events}${x.duplicates ? ` +${x.duplicates} dup` : ''}`).join(', '), '', allDelivered ? 'ok' : 'FAIL');

const head = ['measure', 'value', 'detail', 'budget', ''];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
console.log(`\nhoming bench · ${results.meta.build} · Chromium ${browserVersion} · Node ${process.version} · ${os.cpus().length} CPUs · ${CFG.rounds} rounds · ${n1(results.meta.wallSeconds)} s`);
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(`\nCPU = main-thread CPU time (CDP Performance.getMetrics, threadTicks: TaskDuration − DevToolsCommandDuration) from the start of a task running ${n0(CFG.events)} track() calls`);
console.log(`(the ~13-key listing payload of peer-bench) until all ${n0(CFG.events)} were accepted by the collector and the page was idle, median of ${CFG.rounds} fresh contexts;`);
console.log(`baseline = same page without the tracker, same loop building the payloads and calling a no-op. Figures in bench-results.json.`);
const pageErrors = [...ours, ...persistRuns].flatMap((x) => x.pageErrors);
if (pageErrors.length) console.log(`page errors: ${[...new Set(pageErrors)].slice(0, 5).join(' | ')}`);
if (!allDelivered || (CFG.check && !results.ok)) process.exitCode = 1;
