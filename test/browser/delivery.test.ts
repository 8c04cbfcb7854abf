import { test, expect, drain } from './harness.js';

test.describe('delivery', () => {
  test('anonymous events are held until identify, then arrive with the email', async ({ open, collector }) => {
    const page = await open({ flushInterval: '200' });
    await page.evaluate(async () => {
      await window.homing.track('property_view', { property: { id: 'prop-1', price: 525000 } });
      await window.homing.track('property_view', { property: { id: 'prop-2', price: 610000 } });
      await window.homing.track('saved_property', { property: { id: 'prop-2', savedToList: 'Favorites' } });
    });
    await page.waitForTimeout(600);
    expect((await collector.log()).events, 'nothing leaves before the email is known').toEqual([]);
    const before = await page.evaluate(() => window.homing.stats());
    expect(before.held).toBe(4); // three events and the page view
    expect(before.queued).toBe(0);

    await page.evaluate(() => window.homing.identify('jane@example.com', { firstName: 'Jane' }));
    await drain(page);
    const got = await collector.accepted(true);
    expect(got.map((e) => e.event)).toEqual(['page_view', 'property_view', 'property_view', 'saved_property', 'identify']);
    expect(new Set(got.map((e) => e.email))).toEqual(new Set(['jane@example.com']));
    expect(got[1].properties.property).toEqual({ id: 'prop-1', price: 525000 });
    expect(got[4].properties.context.identitySource).toBe('call');
    const after = await page.evaluate(() => window.homing.stats());
    expect(after).toMatchObject({ queued: 0, held: 0 });
  });

  test('1,000 track() calls arrive exactly once each, in at most 6 requests', async ({ open, collector }) => {
    const page = await open({ flushInterval: '60000', flushAt: '200' });
    await page.evaluate(async () => {
      await window.homing.identify('bulk@example.com');
      const all = [];
      for (let i = 0; i < 1000; i++) all.push(window.homing.track('property_view', { n: i, property: { id: 'p' + i, price: 1000 * i } }));
      await Promise.all(all);
    });
    await drain(page);
    const got = (await collector.accepted()).filter((e) => e.event === 'property_view');
    expect(got.length).toBe(1000);
    expect(new Set(got.map((e) => e.properties.n)).size).toBe(1000);
    expect(new Set(got.map((e) => e.messageId)).size).toBe(1000);
    const { events, requests } = await collector.log();
    expect(events.filter((e) => e.status !== 'accepted')).toEqual([]);
    // page_view + identify + 1,000 events = 1,002 events → 6 batches of at most 200
    expect(requests.length).toBeLessThanOrEqual(6);
    expect(Math.max(...requests.map((r) => r.count))).toBeLessThanOrEqual(200);
  });

  test('a reload in the middle of delivery loses nothing and counts nothing twice', async ({ open, collector, page }) => {
    await open({ flushInterval: '60000', flushAt: '200' });
    await collector.fault({ mode: 'slow', delayMs: 1500, count: 1 });
    await page.evaluate(async () => {
      await window.homing.identify('reload@example.com');
      const all = [];
      for (let i = 0; i < 500; i++) all.push(window.homing.track('property_view', { n: i }));
      await Promise.all(all);
      window.homing.flush(); // first batch is slow: the reload lands while it is in flight
    });
    await page.waitForTimeout(300);
    await page.reload();
    await page.waitForFunction(() => window.homing && window.homing.__homing);
    await drain(page);
    const got = await collector.waitForAccepted(501); // 500 + identify
    const ns = got.filter((e) => e.event === 'property_view').map((e) => e.properties.n).sort((a, b) => a - b);
    expect(ns).toEqual(Array.from({ length: 500 }, (_, i) => i));
    const stats = await page.evaluate(() => window.homing.stats());
    expect(stats.queued).toBe(0);
  });

  test('207 drops only the rejected event and keeps the rest', async ({ open, collector }) => {
    const page = await open({ flushInterval: '60000' });
    await collector.fault({ rejectEvent: 'bad_one', code: 'INVALID_EMAIL' });
    const dropped = await page.evaluate(async () => {
      const seen: any[] = [];
      window.homing.on('dropped', (d: any) => seen.push(d));
      await window.homing.identify('partial@example.com');
      await window.homing.track('good_before', { i: 1 });
      await window.homing.track('bad_one', { i: 2 });
      await window.homing.track('good_after', { i: 3 });
      const r = await window.homing.flush();
      return { seen, r };
    });
    expect(dropped.r).toMatchObject({ failed: 1, remaining: 0 });
    expect(dropped.seen).toEqual([expect.objectContaining({ reason: 'INVALID_EMAIL', event: 'bad_one' })]);
    expect((await collector.accepted()).map((e) => e.event)).toEqual(['identify', 'good_before', 'good_after']);
    expect(await page.evaluate(() => window.homing.stats().then((s: any) => s.queued))).toBe(0);
  });

  test('a 400 without per-event results is split until the offender is alone', async ({ open, collector }) => {
    const page = await open({ flushInterval: '60000' });
    await collector.fault({ rejectEvent: 'poison', wholeBatch400: true });
    const r = await page.evaluate(async () => {
      await window.homing.identify('split@example.com');
      for (let i = 0; i < 9; i++) await window.homing.track(i === 5 ? 'poison' : 'fine', { i });
      return window.homing.flush();
    });
    expect(r).toMatchObject({ failed: 1, remaining: 0 });
    const got = await collector.accepted();
    expect(got.map((e) => e.properties.i).filter((i) => i !== undefined).sort()).toEqual([0, 1, 2, 3, 4, 6, 7, 8]);
    expect(got.find((e) => e.event === 'poison')).toBeUndefined();
  });

  test('401 stops sending until the next page load and keeps the queue', async ({ open, collector, page }) => {
    await open({ flushInterval: '60000' });
    await collector.fault({ mode: 401, count: 1 });
    const first = await page.evaluate(async () => {
      await window.homing.identify('key@example.com');
      await window.homing.track('property_view', { i: 1 });
      const a = await window.homing.flush();
      await window.homing.track('property_view', { i: 2 });
      const b = await window.homing.flush();
      return { a, b, stats: await window.homing.stats() };
    });
    expect(first.a.sent).toBe(0);
    expect(first.b.sent).toBe(0);
    expect(first.stats).toMatchObject({ stopped: true, queued: 4 });
    expect((await collector.batchRequests()).length, 'one refused request, then silence').toBe(1);
    await page.reload();
    await page.waitForFunction(() => window.homing && window.homing.__homing);
    await drain(page);
    const got = await collector.accepted();
    expect(got.filter((e) => e.event === 'property_view').map((e) => e.properties.i)).toEqual([1, 2]);
  });

  test('413 halves the batch and every event still arrives', async ({ open, collector }) => {
    const page = await open({ flushInterval: '60000' });
    await collector.fault({ mode: 413, count: 1 });
    await page.evaluate(async () => {
      await window.homing.identify('big@example.com');
      for (let i = 0; i < 10; i++) await window.homing.track('property_view', { i });
      await window.homing.flush();
    });
    const counts = (await collector.batchRequests()).map((r) => [r.status, r.count]);
    expect(counts[0]).toEqual([413, 12]);
    expect(counts.slice(1)).toEqual([[200, 6], [200, 6]]);
    expect((await collector.accepted(true)).length).toBe(12);
  });

  test('429 waits for Retry-After before the next request', async ({ open, collector }) => {
    const page = await open({ flushInterval: '100' });
    await collector.fault({ mode: 429, retryAfter: 2, count: 1 });
    const r = await page.evaluate(async () => {
      await window.homing.identify('wait@example.com');
      return window.homing.flush();
    });
    expect(r.sent).toBe(0);
    await collector.waitForAccepted(1, 10000);
    const [refused, next] = await collector.batchRequests();
    expect(refused.status).toBe(429);
    expect(Date.parse(next.at) - Date.parse(refused.at)).toBeGreaterThanOrEqual(2000);
  });

  test('500 and connection resets are retried with backoff until delivered', async ({ open, collector }) => {
    const page = await open({ flushInterval: '100' });
    await collector.fault({ mode: 500, count: 1 });
    await collector.fault({ mode: 'reset', count: 1 });
    const errors = await page.evaluate(async () => {
      const seen: any[] = [];
      window.homing.on('error', (e: any) => seen.push(e.status));
      await window.homing.identify('retry@example.com');
      await window.homing.flush();
      return seen;
    });
    expect(errors).toEqual([500]);
    await collector.waitForAccepted(1, 15000);
    const reqs = await collector.batchRequests();
    expect(reqs.length).toBe(3); // 500, reset, then accepted
    expect(reqs[0].status).toBe(500);
    expect(reqs[2].status).toBe(200);
    const stats = await page.evaluate(() => window.homing.stats());
    expect(stats.queued).toBe(0);
  });
});
