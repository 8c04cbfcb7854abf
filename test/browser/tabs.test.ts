// tabs.test.ts: many tabs share one queue and one sender; forms dual-write; storage changed under the page.
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, fixtureUrl, openIn, drain, tally, trackViews, CollectorHandle, OpenOptions } from '../support/pages.js';

const KEY = 'pk_test_spine';

/** Opens `n` more tabs of the same site in the context, each failing the test on a page error. */
async function tabs(context: BrowserContext, url: string, n: number, errors: string[]): Promise<Page[]> {
  const out: Page[] = [];
  for (let i = 0; i < n; i++) {
    const p = await context.newPage();
    p.on('pageerror', (e) => errors.push(String(e)));
    out.push(await openIn(p, url));
  }
  return out;
}

async function identified(page: Page, collector: CollectorHandle, site: { url: string }, o: OpenOptions) {
  const url = fixtureUrl(site.url, collector, o);
  await openIn(page, url);
  await page.evaluate(() => window.homing.identify('tabs@example.com'));
  return url;
}

test.describe('many tabs', () => {
  test('five tabs tracking at once: every event arrives once, none sent twice', async ({ page, context, collector, site }) => {
    const errors: string[] = [];
    const url = await identified(page, collector, site, { flushAt: '10', flushInterval: '300' });
    const all = [page, ...(await tabs(context, url, 4, errors))];
    const ids = (await Promise.all(all.map((p, t) => trackViews(p, 40, 'tab' + t)))).flat();
    expect(new Set(ids).size).toBe(200);
    await drain(page);
    await expect.poll(async () => (await tally(collector, ids)).lost, { timeout: 15000 }).toBe(0);
    expect(await tally(collector, ids)).toMatchObject({ lost: 0, twice: 0, duplicates: 0 });
    expect(errors).toEqual([]);
  });

  test('a tab waiting for the send lock is woken when it is free, not by a timer', async ({ page, context, collector, site }) => {
    const errors: string[] = [];
    // A minute between automatic flushes: only the lock queue can make the second tab send soon.
    const url = await identified(page, collector, site, { flushInterval: '60000', flushAt: '200' });
    await drain(page);
    const [other] = await tabs(context, url, 1, errors);
    await collector.fault({ mode: 'slow', delayMs: 1500 });
    const first = await trackViews(page, 1, 'holder');
    void page.evaluate(() => window.homing.flush()); // holds the lock for 1.5 s
    await page.waitForTimeout(200);
    const waiting = await trackViews(other, 5, 'waiter');
    const started = Date.now();
    await other.evaluate(() => window.homing.flush());
    await expect.poll(async () => (await tally(collector, [...first, ...waiting])).lost, { timeout: 5000 }).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(errors).toEqual([]);
  });

  test.describe('without Web Locks (insecure origins, older engines)', () => {
    test.beforeEach(async ({ context }) => {
      await context.addInitScript(() => { delete (Navigator.prototype as any).locks; });
    });

    test('an IndexedDB lease lets one tab send at a time, and every event arrives once', async ({ page, context, collector, site }) => {
      const errors: string[] = [];
      const url = await identified(page, collector, site, { flushAt: '10', flushInterval: '300' });
      expect(await page.evaluate(() => 'locks' in navigator)).toBe(false);
      const all = [page, ...(await tabs(context, url, 2, errors))];
      const ids = (await Promise.all(all.map((p, t) => trackViews(p, 50, 'tab' + t)))).flat();
      await drain(page);
      await expect.poll(async () => (await tally(collector, ids)).lost, { timeout: 15000 }).toBe(0);
      expect(await tally(collector, ids)).toMatchObject({ lost: 0, twice: 0, duplicates: 0 });
      expect(errors).toEqual([]);
    });

    test('while one tab holds the lease, another does not send', async ({ page, context, collector, site }) => {
      const errors: string[] = [];
      const url = await identified(page, collector, site, { flushInterval: '300', flushAt: '200' });
      await drain(page);
      const [other] = await tabs(context, url, 1, errors);
      // The new tab's own page view goes first: its timer must not be the one that takes the lease below.
      await drain(other);
      await collector.fault({ mode: 'slow', delayMs: 2000 });
      const first = await trackViews(page, 3, 'holder');
      const sent = (await collector.batchRequests()).length;
      void page.evaluate(() => window.homing.flush());
      // The holder's batch has reached the collector (answered only after 2 s): its tab holds the lease.
      await expect.poll(async () => (await collector.batchRequests()).length).toBeGreaterThan(sent);
      const before = (await collector.batchRequests()).length;
      const late = await trackViews(other, 3, 'other');
      const r = await other.evaluate(() => window.homing.flush());
      expect(r.sent).toBe(0); // the lease is taken: nothing goes from this tab now
      expect((await collector.batchRequests()).length).toBe(before);
      await expect.poll(async () => (await tally(collector, [...first, ...late])).lost, { timeout: 10000 }).toBe(0);
      expect(await tally(collector, [...first, ...late])).toMatchObject({ lost: 0, twice: 0, duplicates: 0 });
      expect(errors).toEqual([]);
    });

    test('a lease left by a tab that died is taken over once it expires', async ({ page, collector, site }) => {
      await identified(page, collector, site, { flushInterval: '300', flushAt: '200' });
      await drain(page);
      const planted = Date.now();
      // What a tab killed mid-send leaves: a lease that is not ours, expiring in 2 s.
      await page.evaluate((name) => new Promise<void>((ok, fail) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => {
          const tx = r.result.transaction('q', 'readwrite');
          tx.objectStore('q').put(['dead-tab', Date.now() + 2000], 'L');
          tx.oncomplete = () => { r.result.close(); ok(); };
          tx.onerror = () => fail(tx.error);
        };
      }), 'homing-' + KEY);
      const ids = await trackViews(page, 5, 'after');
      expect((await page.evaluate(() => window.homing.flush())).sent).toBe(0);
      await expect.poll(async () => (await tally(collector, ids)).lost, { timeout: 10000 }).toBe(0);
      const arrived = (await collector.accepted()).filter((e) => ids.includes(e.messageId)).map((e) => Date.parse(e.receivedAt));
      expect(Math.min(...arrived) - planted).toBeGreaterThanOrEqual(1900);
    });
  });
});

test.describe('forms and storage', () => {
  test('a form submission is sent at once with keepalive, without waiting for a flush', async ({ page, collector, site }) => {
    await identified(page, collector, site, { flushInterval: '60000', flushAt: '200' });
    await drain(page);
    const ids = await page.evaluate(async () => [
      (await window.homing.track('property_view', { tag: 'before' })).messageId,
      (await window.homing.track('inquiry', { message: 'Is it still for sale?' })).messageId,
    ]);
    // No flush(), no timer due for a minute, the page stays: only the dual write sends now.
    await expect.poll(async () => (await collector.accepted()).filter((e) => ids.includes(e.messageId)).length, { timeout: 3000 }).toBe(2);
    expect((await collector.batchRequests()).at(-1)!.keyVia).toBe('query');
    await expect.poll(async () => (await page.evaluate(() => window.homing.stats())).queued).toBe(0); // its answer was read
  });

  test('a form submitted right before leaving the page is sent at once with keepalive', async ({ page, collector, site }) => {
    await identified(page, collector, site, { flushInterval: '60000', flushAt: '200' });
    await drain(page);
    const left = Date.now();
    await Promise.all([
      page.waitForURL(/blank\.html/),
      page.evaluate((to) => {
        window.homing.track('form_submission', { metadata: { formName: 'contact' } });
        location.href = to; // the same task: the page is left before any timer could send
      }, site.url + '/fixtures/blank.html'),
    ]);
    await expect.poll(async () => (await collector.accepted()).filter((e) => e.event === 'form_submission').length, { timeout: 5000 }).toBe(1);
    expect(Date.now() - left).toBeLessThan(5000);
    const reqs = await collector.batchRequests();
    expect(reqs.some((r) => r.keyVia === 'query' && r.count >= 1)).toBe(true); // the keepalive path
  });

  test('deleting the database from another tab while the page runs loses nothing', async ({ page, context, collector, site }) => {
    const errors: string[] = [];
    const url = await identified(page, collector, site, { flushInterval: '300' });
    const before = await trackViews(page, 10, 'before');
    const [other] = await tabs(context, url, 1, errors);
    // As a user clearing the site's data would: blocked while homing holds the database open.
    await other.evaluate((name) => { indexedDB.deleteDatabase(name); }, 'homing-' + KEY);
    const after = await trackViews(page, 10, 'after');
    await drain(page);
    await expect.poll(async () => (await tally(collector, [...before, ...after])).lost, { timeout: 10000 }).toBe(0);
    expect(errors).toEqual([]);
  });
});
