// stuck.test.ts: SPEC §5 "Never stuck" and "Bounded and polite": a hung request, a blocked database, a long
// outage and a huge Retry-After cannot stop delivery or turn it into a storm.
import type { Page } from '@playwright/test';
import { test, expect, drain, trackViews, tally } from '../support/pages.js';

const KEY = 'pk_test_spine';
/** Resolves what `fn` resolves, or 'hung' when it has not within `ms`: a call that never returns fails the test, not the run. */
const within = (page: Page, ms: number, fn: string) =>
  page.evaluate(({ ms, fn }) => Promise.race([(0, eval)(fn)(), new Promise((ok) => setTimeout(() => ok('hung'), ms))]), { ms, fn });

/** Hides the page as a tab switch does (the keepalive path), whatever the browser thinks. */
const hide = (page: Page) => page.evaluate(() => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
});

test.describe('never stuck', () => {
  test('a keepalive request the collector never answers does not hold later flushes', async ({ open, collector, page }) => {
    await open({ flushInterval: '60000' });
    await page.evaluate(() => window.homing.identify('hang@example.com').then(() => window.homing.flush()));
    await collector.fault({ mode: 'timeout', count: 1 });
    const first = await trackViews(page, 8, 'hung');
    await hide(page); // the 8 events go in one keepalive request, which is held unanswered
    await expect.poll(async () => (await collector.batchRequests()).filter((r) => r.fault === 'timeout').length).toBe(1);
    const second = await trackViews(page, 3, 'after');
    const r = await within(page, 10000, '() => window.homing.flush()');
    expect(r, 'flush() resolves while the keepalive request hangs').not.toBe('hung');
    await drain(page, 30); // the hung request's events go again once its time limit (15 s) has passed
    expect(await tally(collector, second.concat(first))).toMatchObject({ delivered: 11, lost: 0, twice: 0 });
  });

  test('a database held by another tab while a third deletes it: calls resolve, events go out', async ({ open, collector, page, context, site, consoleErrors }) => {
    await open({ flushInterval: '60000' });
    await page.evaluate(() => window.homing.identify('blocked@example.com').then(() => window.homing.flush()));
    // Tab A holds the database open and ignores versionchange; tab B's delete waits on it for ever.
    const holder = await context.newPage();
    await holder.goto(site.url + '/fixtures/blank.html');
    await holder.evaluate((name) => new Promise((ok) => { const r = indexedDB.open(name); r.onsuccess = () => ok((window as any).held = r.result); }), 'homing-' + KEY);
    const deleter = await context.newPage();
    await deleter.goto(site.url + '/fixtures/blank.html');
    await deleter.evaluate((name) => { (window as any).blocked = 0; indexedDB.deleteDatabase(name).onblocked = () => (window as any).blocked++; }, 'homing-' + KEY);
    await expect.poll(() => deleter.evaluate(() => (window as any).blocked)).toBeGreaterThan(0);
    const tracked = await within(page, 8000, `() => window.homing.track('property_view', { i: 1 })`);
    expect(tracked).toHaveProperty('messageId');
    const stats = await within(page, 8000, '() => window.homing.stats()');
    expect(stats).toMatchObject({ storage: 'memory' });
    expect(await drain(page)).toMatchObject({ remaining: 0 });
    expect((await collector.accepted()).filter((e) => e.event === 'property_view').length).toBe(1);
    expect(consoleErrors.filter((m) => /no IndexedDB/.test(m)).length, 'said once').toBe(1);
  });

  test('one transient IndexedDB error is retried on a new connection: the page stays on IndexedDB', async ({ open, collector, consoleErrors }) => {
    const page = await open({ flushInterval: '60000' });
    const r = await page.evaluate(async () => {
      await window.homing.identify('transient@example.com');
      await window.homing.flush();
      const put = IDBObjectStore.prototype.put;
      let failed = 0;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...a: any[]) {
        if (!failed++) throw new DOMException('connection lost', 'UnknownError');
        return put.apply(this, a as any);
      };
      for (let i = 0; i < 3; i++) await window.homing.track('property_view', { i });
      return { flush: await window.homing.flush(), storage: (await window.homing.stats()).storage, failed };
    });
    expect(r).toMatchObject({ storage: 'indexeddb', flush: { remaining: 0 } });
    expect(r.failed).toBeGreaterThan(1);
    expect((await collector.accepted()).filter((e) => e.event === 'property_view').map((e) => e.properties.i)).toEqual([0, 1, 2]);
    expect(consoleErrors.filter((m) => /no IndexedDB/.test(m))).toEqual([]);
  });

  test('an endpoint whose preflight refuses Content-Encoding gets everything, and no request needs a preflight', async ({ open, collector }) => {
    await collector.fault({ strict: 'preflight' });
    const page = await open({ flushInterval: '60000', flushAt: '200' });
    const urls: string[] = [];
    page.on('request', (r) => r.method() == 'POST' && r.url().startsWith(collector.endpoint) && urls.push(r.url()));
    await page.evaluate(() => window.homing.identify('strict@example.com'));
    const ids = await trackViews(page, 60, 'strict');
    await drain(page);
    expect(await tally(collector, ids)).toMatchObject({ delivered: 60, lost: 0, twice: 0 });
    expect(urls.every((u) => /[?&]compression=gzip/.test(u)), 'every batch gzipped').toBe(true);
    const snap = await (await fetch(collector.url + '/__faults')).json();
    expect(snap.preflights, 'CORS preflights').toBe(0);
  });

  test('a proxy that answers 400 to gzip gets every event as plain JSON, none dropped', async ({ open, collector, page }) => {
    await collector.fault({ strict: 'gzip400' });
    await open({ flushInterval: '60000' });
    const dropped: unknown[] = [];
    await page.exposeFunction('noteDrop', (d: unknown) => dropped.push(d));
    await page.evaluate(() => window.homing.on('dropped', (d: unknown) => (window as any).noteDrop(d)));
    await page.evaluate(() => window.homing.identify('proxy@example.com'));
    const first = await trackViews(page, 9, 'p1');
    await drain(page);
    const second = await trackViews(page, 5, 'p2');
    await drain(page);
    expect(await tally(collector, first.concat(second))).toMatchObject({ delivered: 14, lost: 0, twice: 0 });
    expect(dropped).toEqual([]);
    const refused = (await collector.batchRequests()).filter((r) => r.status === 400);
    expect(refused.length, 'one compressed batch refused, then plain JSON from then on').toBe(1);
  });

  test('an endpoint that cuts every gzip request gets plain JSON once plain has passed twice, and every event', async ({ open, collector, page }) => {
    await collector.fault({ strict: 'gzipReset' });
    await open({ flushInterval: '500' });
    const urls: string[] = [];
    page.on('request', (r) => r.method() == 'POST' && r.url().startsWith(collector.endpoint) && urls.push(r.url()));
    await page.evaluate(() => window.homing.identify('cut@example.com'));
    const ids: string[] = [];
    for (let round = 0; round < 3; round++) {
      ids.push(...(await trackViews(page, 4, 'cut' + round)));
      await expect.poll(async () => (await tally(collector, ids)).delivered, { timeout: 30000 }).toBe(ids.length);
    }
    const gz = urls.map((u) => u.includes('compression=gzip'));
    // Each gzip request that is cut is followed by a plain one; after two such, plain from then on.
    expect(gz.slice(-2), 'last requests: ' + gz).toEqual([false, false]);
    expect(gz.filter(Boolean).length, 'gzip tries: ' + gz).toBeLessThanOrEqual(3);
    expect(await tally(collector, ids)).toMatchObject({ lost: 0, twice: 0 });
  });
});

test.describe('bounded and polite', () => {
  test('a collector down for two minutes (503, no Retry-After) sees fewer requests each 40 s', async ({ open, collector, page }) => {
    await open({ flushInterval: '1000' });
    await page.evaluate(() => window.homing.identify('down@example.com').then(() => window.homing.flush()));
    await page.clock.install();
    await collector.fault({ mode: 503, count: 1000 });
    await trackViews(page, 30, 'down');
    const perWindow: number[] = [];
    let before = (await collector.batchRequests()).length;
    // Two minutes of the page's time in 0.5 s steps, each given real time for its request to be answered.
    for (let w = 0; w < 3; w++) {
      for (let i = 0; i < 80; i++) {
        await page.clock.runFor(500);
        await page.waitForTimeout(15);
      }
      const now = (await collector.batchRequests()).length;
      perWindow.push(now - before);
      before = now;
    }
    console.log('requests per 40 s of a 503 outage: ' + perWindow.join(', '));
    expect(perWindow[0]).toBeGreaterThanOrEqual(3);
    expect(perWindow[1], 'second 40 s: ' + perWindow).toBeLessThanOrEqual(Math.ceil(perWindow[0] / 2));
    expect(perWindow[2], 'third 40 s: ' + perWindow).toBeLessThanOrEqual(2);
    const state = await page.evaluate((k) => JSON.parse(localStorage.getItem('homing:' + k + ':b')!), KEY);
    expect(state[0], 'failures in a row').toBeGreaterThanOrEqual(perWindow[0]);
  });

  test('Retry-After: 2200000 (25 days) waits one hour, with no timer loop', async ({ open, collector, page }) => {
    await page.addInitScript(() => {
      const set = window.setTimeout;
      (window as any).timers = 0;
      (window as any).setTimeout = (fn: any, ms?: number, ...a: any[]) => ((window as any).timers++, set(fn, ms, ...a));
    });
    await open({ flushInterval: '1000' });
    await page.evaluate(() => window.homing.identify('later@example.com').then(() => window.homing.flush()));
    await collector.fault({ mode: 503, count: 1, retryAfter: 2200000 });
    await trackViews(page, 3, 'later');
    await expect.poll(async () => (await collector.batchRequests()).filter((r) => r.status === 503).length).toBe(1);
    const t0 = await page.evaluate(() => (window as any).timers);
    await page.waitForTimeout(5000);
    const timers = (await page.evaluate(() => (window as any).timers)) - t0;
    expect(timers, 'timer calls in 5 s').toBeLessThan(20);
    expect((await collector.batchRequests()).filter((r) => r.status === 503).length).toBe(1);
    const wait = await page.evaluate((k) => JSON.parse(localStorage.getItem('homing:' + k + ':b')!)[2] - Date.now(), KEY);
    expect(wait).toBeLessThanOrEqual(3600000);
    expect(wait).toBeGreaterThan(3500000);
  });
});

test.describe('opting out is complete', () => {
  test('optOut just before leaving: nothing of it arrives, and only the choice is kept', async ({ open, collector, page, site }) => {
    await open({ flushInterval: '60000' });
    await page.evaluate(() => window.homing.identify('gone@example.com').then(() => window.homing.flush()));
    const before = (await collector.log()).events.length;
    const kept = await page.evaluate(async () => {
      window.homing.track('property_view', { i: 1 });
      window.homing.track('inquiry', { message: 'call me' });
      await window.homing.optOut();
      return Object.keys(localStorage).concat(Object.keys(sessionStorage)).filter((k) => k.startsWith('homing:pk_test_spine:'));
    });
    expect(kept).toEqual(['homing:pk_test_spine:consent']);
    await page.goto(site.url + '/fixtures/blank.html');
    await page.waitForTimeout(1500);
    expect((await collector.log()).events.length, 'nothing after optOut').toBe(before);
  });
});
