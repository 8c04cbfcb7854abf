// screenshots.mjs: docs/*.png, the demo's listing page and the QA panel at desktop and phone widths: `node scripts/screenshots.mjs`.
// Runs the built collector and demo site (npm run build first) on free ports and walks the demo as a visitor would.
import { chromium } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = join(ROOT, 'docs');
/** The collector address written in the demo pages; requests to it go to this run's collector. */
const DEMO_COLLECTOR = 'http://127.0.0.1:8787';
const DESKTOP = { viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

if (!existsSync(join(ROOT, 'server/build/server/dev/collector.js')) || !existsSync(join(ROOT, 'dist/homing.min.js'))) {
  console.error('screenshots: run `npm run build` first');
  process.exit(1);
}
const { startDevCollector: startCollector } = await import('../server/build/server/dev/collector.js');
const { startSite } = await import('../server/build/server/dev/static.js');

const dataDir = mkdtempSync(join(tmpdir(), 'homing-shots-'));
const collector = await startCollector({ port: 0, dataDir, faults: true });
const site = await startSite({ port: 0, mounts: { '/': join(ROOT, 'demo/site'), '/js/': join(ROOT, 'dist') } });
const browser = await chromium.launch({ executablePath: process.env.HOMING_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
mkdirSync(DOCS, { recursive: true });

async function visitor(options) {
  const context = await browser.newContext(options);
  await context.route(DEMO_COLLECTOR + '/**', (route) => route.continue({ url: route.request().url().replace(DEMO_COLLECTOR, collector.url) }));
  return context.newPage();
}

/** Waits until homing has loaded and written this page's events to its queue. */
async function settled(page) {
  await page.waitForFunction(() => window.homing && window.homing.__homing);
  await page.evaluate(() => window.homing.flush());
}

/** Waits until the visitor's queue has delivered everything that is not held. */
async function drained(page) {
  for (let tries = 0; tries < 60; tries++) {
    if ((await page.evaluate(() => window.homing.stats())).queued === 0) return;
    await page.waitForTimeout(500);
  }
  throw new Error('screenshots: the queue did not drain in 30 s');
}

async function fault(spec) {
  await fetch(collector.url + '/__faults', { method: 'DELETE' });
  if (spec) await fetch(collector.url + '/__faults', { method: 'POST', body: JSON.stringify(spec) });
}

async function janeWalks() {
  const page = await visitor(DESKTOP);
  await page.goto(site.url + '/');
  await settled(page);
  await page.selectOption('#hero-search select[name=location]', 'Seabrook');
  await page.click('#hero-search button[type=submit]');
  await settled(page);
  await page.click('.cards a[href$="12-harbour-lane.html"]');
  await settled(page);
  await page.click('.similar a[href$="3-lighthouse-row.html"]');
  await settled(page);
  await page.click('button[data-homing-save]');
  await page.fill('#inquiry [name=name]', 'Jane Doe');
  await page.fill('#inquiry [name=email]', 'jane@example.com');
  await page.fill('#inquiry [name=phone]', '(207) 555-0199');
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot({ path: join(DOCS, 'listing-desktop.png') });
  await page.click('#inquiry button[type=submit]');
  await settled(page);
  return page;
}

/** Sam identifies on the contact page, then browses through a short outage (503) that the queue rides out. */
async function samRidesOutAnOutage() {
  const page = await visitor(DESKTOP);
  await page.goto(site.url + '/contact.html');
  await page.fill('[name=firstName]', 'Sam');
  await page.fill('[name=lastName]', 'Rivera');
  await page.fill('[name=email]', 'sam@example.com');
  await page.click('#contact button[type=submit]');
  await settled(page);
  await fault({ mode: 503, retryAfter: 1, count: 2 });
  await page.goto(site.url + '/listings/7-orchard-close.html');
  await settled(page);
  await drained(page);
  await page.goto(site.url + '/search.html?location=Hillcrest&beds=4');
  await settled(page);
  await drained(page);
  return page;
}

async function listingOnPhone() {
  const page = await visitor(PHONE);
  await page.goto(site.url + '/listings/3-lighthouse-row.html');
  await settled(page);
  await page.screenshot({ path: join(DOCS, 'listing-phone.png') });
  await page.context().close();
}

async function panel(options, name, hash = '') {
  const page = await (await browser.newContext(options)).newPage();
  await page.goto(collector.url + '/qa' + hash);
  await page.waitForSelector('.live[data-live=on]');
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(DOCS, name) });
  await page.context().close();
}

try {
  const jane = await janeWalks();
  const sam = await samRidesOutAnOutage();
  await listingOnPhone();
  await panel(DESKTOP, 'qa-desktop.png', '#lead=' + encodeURIComponent('jane@example.com'));
  await panel(PHONE, 'qa-phone.png');
  await jane.context().close();
  await sam.context().close();
  console.log('wrote docs/listing-desktop.png, docs/listing-phone.png, docs/qa-desktop.png, docs/qa-phone.png');
} finally {
  await browser.close();
  await site.close();
  await collector.close();
  rmSync(dataDir, { recursive: true, force: true });
}
