import { test, expect, drain } from '../support/pages.js';

test.describe('surfaces', () => {
  test('the stub replays calls made before the library loaded, in order', async ({ open, collector }) => {
    const page = await open({ fixture: 'stub.html' });
    expect(await page.evaluate(() => window.stubCallsBeforeLoad)).toBe(3);
    await drain(page);
    const got = await collector.accepted();
    expect(got.map((e) => e.event)).toEqual(['first_call', 'identify', 'second_call']);
    expect(got.map((e) => e.email)).toEqual(['jane@example.com', 'jane@example.com', 'jane@example.com']);
    expect(got[0].properties.n).toBe(1);
    // after load window.homing is the tracker: callable as a function and with methods
    const viaCall = await page.evaluate(() => window.homing('track', 'after_load', { n: 3 }));
    expect(viaCall.messageId).toEqual(expect.any(String));
    await drain(page);
    expect((await collector.accepted()).map((e) => e.event).slice(-1)).toEqual(['after_load']);
  });

  test('one page_view is recorded on load with the page and the visit campaign', async ({ open, collector, page, site }) => {
    await open({ flushInterval: '100' });
    await page.evaluate(() => window.homing.identify('pv@example.com'));
    await drain(page);
    const views = (await collector.accepted(true)).filter((e) => e.event === 'page_view');
    expect(views.length).toBe(1);
    expect(views[0].properties.pageTitle).toBe('12 Elm Street, Springfield | Test Realty');
    expect(views[0].properties.pageUrl).toContain('/fixtures/basic.html');
    expect(views[0].properties.context.library).toEqual({ name: 'homing', version: expect.any(String) });
    expect(views[0].properties.context.environment).toBe('development'); // served from 127.0.0.1
    expect(views[0].properties.context.device.type).toBe('desktop');
  });

  test('every event carries messageId, ISO timestamp, identify and only the five wire fields', async ({ open, collector }) => {
    const page = await open({ flushInterval: '60000' });
    await page.evaluate(async () => {
      await window.homing.identify('wire@example.com', { firstName: 'Wire', tags: ['buyer'] });
      await window.homing.track('search', { propertySearch: { minPrice: 300000, beds: 3 } }, { timestamp: Date.UTC(2026, 0, 2) });
      await window.homing.track('appointment_scheduled', { orderId: 'A-77' });
      await window.homing.track('appointment_scheduled', { orderId: 'A-77' }); // the repeat counts once
      await window.homing.flush();
    });
    const { events } = await collector.log();
    const search = events.find((e) => e.event === 'search')!;
    expect(search.timestamp).toBe('2026-01-02T00:00:00.000Z');
    const ident = events.find((e) => e.event === 'identify')!;
    expect(ident.properties).not.toHaveProperty('traits');
    const appts = events.filter((e) => e.event === 'appointment_scheduled');
    expect(appts.map((e) => e.status)).toEqual(['accepted', 'duplicate']);
    expect(appts[0].messageId).toBe(appts[1].messageId);
  });

  test('a secret sk_ key is refused with a console error and nothing is sent', async ({ open, collector, consoleErrors }) => {
    const page = await open({ key: 'sk_live_abc123', wait: false });
    await page.waitForFunction(() => window.homing && window.homing.__homing);
    const r = await page.evaluate(() => window.homing.track('property_view', { id: 1 }));
    expect(r.error.field).toBe('key');
    await page.waitForTimeout(300);
    expect(consoleErrors.join('\n')).toMatch(/key: is secret \(sk_…\)/);
    expect((await collector.log()).requests).toEqual([]);
  });

  test('flush resolves with sent, failed and remaining, and notifications report each step', async ({ open }) => {
    const page = await open({ flushInterval: '60000' });
    const r = await page.evaluate(async () => {
      const notes: string[] = [];
      const off = window.homing.on('queued', (e: any) => notes.push('queued:' + e.event));
      window.homing.on('sent', (e: any) => notes.push('sent:' + e.count));
      await window.homing.identify('flush@example.com');
      await window.homing.track('property_view', { id: 1 });
      off();
      await window.homing.track('property_view', { id: 2 });
      const result = await window.homing.flush();
      return { notes, result };
    });
    expect(r.result).toEqual({ sent: 4, failed: 0, remaining: 0 });
    // The autocaptured page view is queued when the browser is idle: before or after `on` was called.
    const notes = r.notes.filter((n) => n != 'queued:page_view');
    expect(notes.filter((n) => n.startsWith('queued:'))).toEqual(['queued:identify', 'queued:property_view']);
    // The identify goes at once (with what it released), the rest with the flush: each request says what it sent.
    const sent = notes.filter((n) => n.startsWith('sent:')).map((n) => +n.slice(5));
    expect([sent.reduce((a, b) => a + b, 0), sent.every((n) => n > 0), notes.indexOf('queued:identify') < notes.findIndex((n) => n.startsWith('sent:'))])
      .toEqual([4, true, true]);
  });

  test('data-consent="required" stores and sends nothing until optIn()', async ({ open, collector, page }) => {
    await open({ consent: 'required', flushInterval: '100' });
    const before = await page.evaluate(async () => {
      const seen: any[] = [];
      window.homing.on('dropped', (d: any) => seen.push(d.reason + ':' + d.event));
      const r = await window.homing.track('property_view', { id: 1 });
      await window.homing.identify('consent@example.com');
      const dbs = (await indexedDB.databases()).map((d) => d.name);
      return { r, seen, dbs, stats: await window.homing.stats() };
    });
    expect(before.r.error.code).toBe('CONSENT');
    // The page view on load is dropped at the idle start-up: before or after on() was called.
    expect(before.seen.filter((s: string) => s != 'consent:page_view')).toEqual(['consent:property_view', 'consent:identify']);
    expect(before.stats.dropped).toEqual({ consent: 3 }); // and the page view on load
    expect(before.dbs).toEqual([]);
    await page.evaluate(async () => {
      window.homing.optIn();
      await window.homing.identify('consent@example.com');
      await window.homing.track('property_view', { id: 2 });
      await window.homing.flush();
    });
    expect((await collector.accepted()).map((e) => e.event)).toEqual(['identify', 'property_view']);
    // the choice persists across loads
    await page.reload();
    await page.waitForFunction(() => window.homing && window.homing.__homing);
    await page.evaluate(() => window.homing.track('after_reload').then(() => window.homing.flush()));
    expect((await collector.accepted()).map((e) => e.event)).toContain('after_reload');
  });

  test('optOut() purges the queue, and the choice persists', async ({ open, collector, page }) => {
    await open({ flushInterval: '60000' });
    const s = await page.evaluate(async () => {
      await window.homing.track('property_view', { id: 1 });
      await window.homing.optOut();
      const stats = await window.homing.stats();
      const r = await window.homing.track('property_view', { id: 2 });
      return { stats, r };
    });
    expect(s.stats).toMatchObject({ queued: 0, held: 0 });
    expect(s.r.error.code).toBe('CONSENT');
    await page.reload();
    await page.waitForFunction(() => window.homing && window.homing.__homing);
    await page.evaluate(() => window.homing.identify('out@example.com').then(() => window.homing.flush()));
    expect((await collector.log()).requests).toEqual([]);
  });

  test('the held queue keeps the newest 1,000 events and says what it dropped', async ({ open, collector }) => {
    const page = await open({ flushInterval: '60000', autocapture: 'off' });
    const r = await page.evaluate(async () => {
      let dropped = 0;
      window.homing.on('dropped', (d: any) => { if (d.reason === 'held_limit') dropped++; });
      const all = [];
      for (let i = 0; i < 1010; i++) all.push(window.homing.track('property_view', { i }));
      await Promise.all(all);
      const stats = await window.homing.stats();
      return { dropped, stats };
    });
    expect(r.stats.held).toBe(1000);
    expect(r.dropped).toBe(10);
    expect(r.stats.dropped.held_limit).toBe(10);
    await page.evaluate(async () => { await window.homing.identify('many@example.com'); });
    await drain(page, 20);
    const got = (await collector.accepted()).filter((e) => e.event === 'property_view').map((e) => e.properties.i);
    expect(got.length).toBe(1000);
    expect(Math.min(...got)).toBe(10); // the oldest ten went first
  });
});

test('it runs under a strict Content-Security-Policy without a violation', async ({ open, collector }) => {
  const page = await open({ fixture: 'csp.html' });
  await page.evaluate(async () => {
    await window.homing.identify('csp@example.com');
    await window.homing.flush();
  });
  expect((await collector.accepted(true)).map((e) => e.event)).toEqual(['page_view', 'identify']);
  expect(await page.evaluate(() => (window as any).violations)).toEqual([]);
});

test('the queue keeps at most 10,000 events, dropping the oldest first', async ({ open, collector }) => {
  const page = await open({ flushInterval: '3600000', flushAt: '200', autocapture: 'off' });
  await collector.fault({ mode: 503, count: 1, retryAfter: 3600 }); // the collector is down: everything waits
  const r = await page.evaluate(async () => {
    let full = 0;
    window.homing.on('dropped', (d: any) => { if (d.reason === 'queue_full') full++; });
    await window.homing.identify('full@example.com');
    await window.homing.flush(); // answered 503, Retry-After one hour
    const all = [];
    for (let i = 0; i < 10010; i++) all.push(window.homing.track('property_view', { i }));
    await Promise.all(all);
    const stats = await window.homing.stats();
    return { full, stats };
  });
  expect(r.stats.queued).toBe(10000);
  expect(r.full).toBe(11); // the identify event and the ten oldest views
  expect(r.stats.dropped.queue_full).toBe(11);
});
