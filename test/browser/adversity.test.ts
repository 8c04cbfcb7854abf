import { test, expect, drain } from '../support/pages.js';

test.describe('adversity', () => {
  test('an unload burst of 50 events arrives within 5 s of leaving, and once', async ({ open, collector, page, site }) => {
    await open({ flushInterval: '60000', flushAt: '200' });
    await page.evaluate(async () => { await window.homing.identify('leaving@example.com'); });
    await page.evaluate(() => {
      for (let i = 0; i < 50; i++) window.homing.track('property_view', { i, property: { id: 'p' + i, price: 400000 + i } });
    });
    const left = Date.now();
    await page.goto(site.url + '/fixtures/blank.html'); // no flush(): the page is simply left
    await expect.poll(async () => (await collector.accepted()).filter((e) => e.event === 'property_view').length, { timeout: 5000 }).toBe(50);
    expect(Date.now() - left).toBeLessThan(5000);
    const { events } = await collector.log();
    expect(events.filter((e) => e.status === 'accepted' && e.event === 'property_view').length).toBe(50);
  });

  test('offline → reload → online delivers all 50 events, accepted once', async ({ open, collector, page, context }) => {
    await open({ flushInterval: '500' });
    await page.evaluate(async () => { await window.homing.identify('offline@example.com'); await window.homing.flush(); });
    await context.setOffline(true);
    await page.evaluate(async () => {
      const all = [];
      for (let i = 0; i < 50; i++) all.push(window.homing.track('property_view', { i }));
      await Promise.all(all);
    });
    await page.waitForTimeout(500);
    await page.reload().catch(() => { /* ERR_INTERNET_DISCONNECTED: the page and its memory are gone */ });
    await context.setOffline(false);
    await open({ flushInterval: '500' });
    const got = await collector.waitForAccepted(51, 15000); // 50 + identify
    expect(new Set(got.filter((e) => e.event === 'property_view').map((e) => e.properties.i)).size).toBe(50);
  });

  test('250 events at once are split into batches of at most 200', async ({ open, collector }) => {
    const page = await open({ flushInterval: '60000', flushAt: '200' });
    await page.evaluate(async () => {
      await window.homing.identify('split@example.com');
      const all = [];
      for (let i = 0; i < 250; i++) all.push(window.homing.track('property_view', { i }));
      await Promise.all(all);
    });
    await drain(page);
    const reqs = await collector.batchRequests();
    expect(Math.max(...reqs.map((r) => r.count))).toBeLessThanOrEqual(200);
    expect((await collector.accepted()).filter((e) => e.event === 'property_view').length).toBe(250);
  });

  test('a full disk mid-run falls back to memory and loses nothing', async ({ open, collector, consoleErrors }) => {
    const page = await open({ flushInterval: '60000' });
    await page.evaluate(async () => {
      await window.homing.identify('disk@example.com');
      await window.homing.flush();
      // From now on every write fails as a full disk does.
      IDBObjectStore.prototype.put = function () { throw new DOMException('quota', 'QuotaExceededError'); };
      for (let i = 0; i < 5; i++) await window.homing.track('property_view', { i });
      await window.homing.flush();
    });
    const views = (await collector.accepted()).filter((e) => e.event === 'property_view');
    expect(views.map((e) => e.properties.i)).toEqual([0, 1, 2, 3, 4]);
    expect(await page.evaluate(() => window.homing.stats().then((s: any) => s.storage))).toBe('memory');
    expect(consoleErrors.filter((m) => /no IndexedDB/.test(m)).length).toBe(1);
  });
});
