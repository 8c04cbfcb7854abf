// bench-busy.mjs: `npm run bench:busy`: what autocapture costs after start-up, on pages that keep changing
// (issue 28). Real Chromium (playwright-core, CDP), autocapture on and off in one run, interleaved:
// 1. a results page with 400 listing cards and a 100 ms ticker (a countdown, map markers, a chat widget):
//    script ms per 5 s window, long tasks;
// 2. an app with N client-side navigations (listing, about, listing… routes whose title is set after
//    the route is pushed): page views whose title is their route's, JS heap and event listeners over time.
//
//   node scripts/bench-busy.mjs [--windows=3] [--seconds=5] [--navigations=300] [--gap=200] [--rounds=2]
//                               [--js=dist/homing.min.js] [--before=<another build to compare>] [--only=busy|session]
import fs from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/browsers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CFG = { windows: 3, seconds: 5, navigations: 300, gap: 200, rounds: 2, js: 'dist/homing.min.js', before: '', only: '' };
for (const a of process.argv.slice(2)) {
  const [k, v] = a.replace(/^--/, '').split('=');
  if (!(k in CFG) || v === undefined) {
    console.error('usage: node scripts/bench-busy.mjs [--windows=3] [--seconds=5] [--navigations=300] [--gap=200] [--rounds=2] [--js=…] [--before=…] [--only=busy|session]');
    process.exit(2);
  }
  CFG[k] = typeof CFG[k] == 'number' ? Number(v) : v;
}
const BUILDS = { after: path.resolve(ROOT, CFG.js), ...(CFG.before ? { before: path.resolve(ROOT, CFG.before) } : {}) };
for (const f of Object.values(BUILDS)) if (!fs.existsSync(f)) { console.error(f + ' is missing (npm run build)'); process.exit(2); }
let origin = '';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN; };

// ---------------------------------------------------------------- the pages
const tag = (build, autocapture) => `<script>window.homing = window.homing || function () { (homing.q = homing.q || []).push(arguments) };</script>
<script async src="/js/${build}.js" data-key="pk_test_busy" data-endpoint="${origin}/collect" data-bots="allow" data-autocapture="${autocapture}"></script>`;

const CARDS = 400;
function busyPage(build, autocapture) {
  const cards = [];
  const items = [];
  for (let i = 0; i < CARDS; i++) {
    const id = 'MLS-' + (10000 + i);
    cards.push(`<li class="card" data-homing-property="${id}" data-homing-property-address="${i} Harbour Lane, Seabrook"
      data-homing-property-price="${400000 + i * 1000}" data-homing-property-beds="3" data-homing-property-url="/homes/${id}">
      <img alt="" width="120" height="80"><h3>${i} Harbour Lane</h3><p>$${400 + i},000 · 3 bd · 2 ba</p><span class="age">new</span></li>`);
    items.push({ '@type': 'ListItem', position: i + 1, item: { '@type': 'SingleFamilyResidence', '@id': '/homes/' + id, url: '/homes/' + id, name: i + ' Harbour Lane' } });
  }
  const ld = JSON.stringify({ '@context': 'https://schema.org', '@type': 'ItemList', numberOfItems: 1204, itemListElement: items });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Homes for sale in Seabrook</title>
<script type="application/ld+json">${ld}</script>${tag(build, autocapture)}</head>
<body><h1>1,204 homes for sale in Seabrook</h1><p>Offer deadline in <b id="countdown">--</b></p>
<div id="map" style="position:relative;height:200px"></div><ul id="results">${cards.join('')}</ul>
<aside id="chat"></aside>
<script>
  // The ticker: what a busy results page keeps doing (a countdown, a map's markers, a chat widget).
  let n = 0;
  setInterval(() => {
    n++;
    document.getElementById('countdown').textContent = (1e6 - n) + ' s';
    const map = document.getElementById('map');
    const m = document.createElement('div');
    m.className = 'marker'; m.style.cssText = 'position:absolute;left:' + (n * 7 % 600) + 'px;top:' + (n * 13 % 190) + 'px';
    m.innerHTML = '<span>$' + (400 + n % 400) + 'k</span>';
    map.appendChild(m);
    if (map.children.length > 50) map.firstChild.remove();
    const chat = document.getElementById('chat');
    const p = document.createElement('p'); p.textContent = 'Agent: message ' + n; chat.appendChild(p);
    if (chat.children.length > 20) chat.firstChild.remove();
    document.querySelectorAll('.age')[n % ${CARDS}].textContent = n + ' s ago';
  }, 100);
</script></body></html>`;
}

function spaPage(build, autocapture) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Seabrook Homes</title>${tag(build, autocapture)}</head>
<body><nav><a href="/app/">Home</a></nav><main id="app"></main>
<script>
  // A client-side router: the route is pushed, its data arrives 30 ms later, then the title and the markup.
  const app = document.getElementById('app');
  window.routeTitle = (path) => path.startsWith('/app/homes/') ? 'Home ' + path.slice(11) + ' | Seabrook Homes' : 'About us | Seabrook Homes';
  function render() {
    const path = location.pathname;
    document.title = routeTitle(path);
    document.querySelectorAll('script[data-route]').forEach((s) => s.remove());
    if (path.startsWith('/app/homes/')) {
      const id = path.slice(11);
      const s = document.createElement('script');
      s.type = 'application/ld+json'; s.dataset.route = '';
      s.textContent = JSON.stringify({ '@context': 'https://schema.org', '@type': 'SingleFamilyResidence', identifier: id,
        url: location.origin + path, address: id + ' Harbour Lane, Seabrook', offers: { '@type': 'Offer', price: 500000 } });
      document.head.appendChild(s);
      app.innerHTML = '<article><h1>' + id + ' Harbour Lane</h1><p>$500,000</p><button>Save</button></article>';
    } else app.innerHTML = '<h1>About us</h1><p>We sell homes.</p>';
    app.querySelector('button') && app.querySelector('button').addEventListener('click', () => {});
  }
  window.go = (path) => { history.pushState({}, '', path); setTimeout(render, 30); };
  addEventListener('popstate', render);
  render();
</script></body></html>`;
}

const server = createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  const [, kind, build, autocapture] = u.pathname.split('/');
  if (kind == 'js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(fs.readFileSync(BUILDS[build.replace(/\.js$/, '')]));
  if (kind == 'collect') return res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  if (kind == 'busy') return res.writeHead(200, { 'content-type': 'text/html' }).end(busyPage(build, autocapture));
  // /app/… : every route of the app serves the app (history fallback); the build and mode ride in the query.
  const q = u.searchParams;
  res.writeHead(200, { 'content-type': 'text/html' }).end(spaPage(q.get('b') || 'after', q.get('a') ?? 'off'));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });

async function open(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    window.__long = 0;
    new PerformanceObserver((l) => (window.__long += l.getEntries().length)).observe({ type: 'longtask', buffered: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url);
  const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name == name).value;
  const counters = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const c = await cdp.send('Memory.getDOMCounters');
    return { heapKB: Math.round((await metric('JSHeapUsedSize')) / 1024), listeners: c.jsEventListeners, nodes: c.nodes };
  };
  return { page, cdp, metric, counters, errors, close: () => context.close() };
}

// ---------------------------------------------------------------- 1. the busy results page
async function busy(build, autocapture) {
  const t = await open(`${origin}/busy/${build}/${autocapture}?city=Seabrook&beds=3`);
  await sleep(6000); // start-up (idle slices on a busy page), the first read of 400 cards, the search
  const ms = [];
  let long = await t.page.evaluate(() => window.__long);
  const longAtStart = long;
  for (let w = 0; w < CFG.windows; w++) {
    const before = await t.metric('ScriptDuration');
    await sleep(CFG.seconds * 1000);
    ms.push(((await t.metric('ScriptDuration')) - before) * 1000);
  }
  long = (await t.page.evaluate(() => window.__long)) - longAtStart;
  const errors = t.errors;
  await t.close();
  return { ms, long, errors };
}

// ---------------------------------------------------------------- 2. the long app session
async function session(build, autocapture) {
  const t = await open(`${origin}/app/?b=${build}&a=${autocapture}`);
  await sleep(2000);
  const samples = [{ at: 0, ...(await t.counters()) }];
  const every = Math.max(1, Math.round(CFG.navigations / 6));
  for (let i = 1; i <= CFG.navigations; i++) {
    // listing, about, another listing…: one route in three is not a listing.
    await t.page.evaluate((p) => window.go(p), i % 3 == 2 ? '/app/about' : '/app/homes/' + i);
    await sleep(CFG.gap);
    if (i % every == 0) samples.push({ at: i, ...(await t.counters()) });
  }
  await sleep(1500);
  const views = autocapture == 'off' ? [] : await t.page.evaluate(async () => {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open('homing-pk_test_busy'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
    const all = await new Promise((ok) => { const r = db.transaction('q').objectStore('q').getAll(); r.onsuccess = () => ok(r.result); });
    return all.flat().filter((v) => v && v.j).map((v) => JSON.parse(v.j)).filter((e) => e.event == 'page_view' || e.event == 'property_view')
      .map((e) => ({ event: e.event, url: e.properties.pageUrl, title: e.properties.pageTitle, id: e.properties.property && e.properties.property.id }));
  });
  const pv = views.filter((v) => v.event == 'page_view' && new URL(v.url).pathname != '/app/');
  const want = (p) => (p.startsWith('/app/homes/') ? 'Home ' + p.slice(11) : 'About us') + ' | Seabrook Homes';
  const right = pv.filter((v) => v.title == want(new URL(v.url).pathname)).length;
  const listingViews = views.filter((v) => v.event == 'property_view');
  const wrong = listingViews.filter((v) => new URL(v.url).pathname != '/app/homes/' + v.id);
  if (wrong.length) console.error('property views on another route:', wrong.map((v) => `${v.id} on ${new URL(v.url).pathname}`).join(', '));
  const wrongListing = wrong.length;
  const errors = t.errors;
  await t.close();
  return { samples, pageViews: pv.length, right, listingViews: listingViews.length, wrongListing, errors };
}

// ---------------------------------------------------------------- run, interleaved
const modes = [];
for (const b of Object.keys(BUILDS)) modes.push([b, 'off'], [b, '']);
const name = ([b, a]) => `${b} ${a == 'off' ? 'off' : 'on'}`;
const busyRuns = {};
const sessions = {};
for (let r = 0; r < (CFG.only == 'session' ? 0 : CFG.rounds); r++) {
  for (const m of modes) {
    const x = await busy(...m);
    (busyRuns[name(m)] ||= []).push(x);
    console.error(`busy ${name(m)} round ${r + 1}: ${x.ms.map((v) => v.toFixed(0)).join(' / ')} ms per ${CFG.seconds} s, long tasks ${x.long}${x.errors.length ? ', errors ' + x.errors : ''}`);
  }
}
for (const m of CFG.only == 'busy' ? [] : modes) {
  const s = await session(...m);
  sessions[name(m)] = s;
  console.error(`session ${name(m)}: ${s.samples.map((x) => `${x.at}: ${x.heapKB} KB ${x.listeners} listeners`).join(', ')}`);
}
await browser.close();
server.close();

console.log(`\nbusy results page (${CARDS} cards, 100 ms ticker): script ms per ${CFG.seconds} s window, median of ${CFG.rounds} × ${CFG.windows} windows`);
console.log('build/mode      ms per window (all)                       median   × off   long tasks');
for (const b of busyRuns['after off'] ? Object.keys(BUILDS) : []) {
  const off = median(busyRuns[b + ' off'].flatMap((x) => x.ms));
  for (const a of ['off', 'on']) {
    const runs = busyRuns[`${b} ${a}`];
    const all = runs.flatMap((x) => x.ms);
    console.log(`${(b + ' ' + a).padEnd(15)} ${all.map((v) => v.toFixed(0)).join(' ').padEnd(40)} ${median(all).toFixed(1).padStart(7)} ${(median(all) / off).toFixed(2).padStart(6)}× ${String(runs.reduce((n, x) => n + x.long, 0)).padStart(6)}`);
  }
}
console.log(`\napp session: ${CFG.navigations} navigations ${CFG.gap} ms apart (after GC: JS heap KB / event listeners)`);
for (const [k, s] of Object.entries(sessions)) {
  console.log(`${k.padEnd(15)} ${s.samples.map((x) => `${x.at}: ${x.heapKB}/${x.listeners}`).join('  ')}`);
  if (!k.endsWith('off')) console.log(`${''.padEnd(15)} page views with their route's title: ${s.right}/${s.pageViews}; property views ${s.listingViews}, of another route's listing ${s.wrongListing}`);
}
