import { test, expect, drain } from '../support/pages.js';

test.describe('delivery', () => {
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
    await page.evaluate(() => window.homing.identify('big@example.com')); // goes at once, with the page view
    await expect.poll(async () => (await collector.accepted(true)).length).toBe(2);
    await collector.fault({ mode: 413, count: 1 });
    await page.evaluate(async () => {
      for (let i = 0; i < 10; i++) await window.homing.track('property_view', { i });
      await window.homing.flush();
    });
    const counts = (await collector.batchRequests()).map((r) => [r.status, r.count]);
    expect(counts.slice(-3)).toEqual([[413, 10], [200, 5], [200, 5]]);
    expect((await collector.accepted(true)).length).toBe(12);
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

  test('an answer for part of one write leaves the rest of it queued, and every event arrives once', async ({ open, collector }) => {
    const page = await open({ flushInterval: '60000' });
    await page.evaluate(() => window.homing.identify('cut@example.com').then(() => window.homing.flush()));
    // 413: the batch of 10 is halved; the first half is accepted, the second gets a 500.
    await collector.fault({ mode: 413, count: 1 });
    await collector.fault({ mode: 'slow', delayMs: 1, count: 1 });
    await collector.fault({ mode: 500, count: 1 });
    const r = await page.evaluate(async () => {
      const all: Promise<unknown>[] = [];
      for (let i = 0; i < 10; i++) all.push(window.homing.track('property_view', { i })); // one task: one write
      await Promise.all(all);
      const first = await window.homing.flush();
      return { first, queued: (await window.homing.stats()).queued };
    });
    expect(r.first).toMatchObject({ sent: 5, remaining: 5 });
    expect(r.queued).toBe(5);
    expect(await drain(page)).toMatchObject({ remaining: 0 });
    const got = (await collector.accepted()).filter((e) => e.event === 'property_view').map((e) => e.properties.i);
    expect(got.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('an identify goes at once with the history it releases, not at the next flush', async ({ open, collector }) => {
    const page = await open({ flushInterval: '60000', flushAt: '200' });
    const ids = await page.evaluate(async () => [
      (await window.homing.track('property_view', { property: { id: 'L1' } })).messageId, // held: no email yet
      (await window.homing.identify('now@example.com')).messageId,
    ]);
    // No flush(), no timer due for a minute: the lead and what it looked at arrive now.
    await expect.poll(async () => (await collector.accepted()).filter((e) => ids.includes(e.messageId)).length, { timeout: 3000 }).toBe(2);
    expect((await collector.accepted()).find((e) => e.messageId === ids[0])!.email).toBe('now@example.com');
  });
});
