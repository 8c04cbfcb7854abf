// tabs.test.ts: two tabs of one site share one queue and one sender, in every engine: with Web
// Locks, and with the IndexedDB lease that replaces them where they are missing (Safari < 15.4).
import { test, expect, drain, report, tally, trackViews } from '../support/engines.js';

for (const locks of ['on', 'off'] as const) {
  const name = locks === 'on' ? 'with Web Locks' : 'without Web Locks (the IndexedDB lease)';
  test(`two tabs ${name}: every event arrives once, none sent twice`, async ({ engine, session, visit, collector }) => {
    test.skip(!session.can.tabs, engine.name + "'s driver opens one tab only");
    const opts = { flushAt: '10', flushInterval: '300', locks: locks === 'off' ? 'off' as const : undefined };
    const a = await visit(opts);
    await a.evaluate(() => window.homing.identify('tabs@example.com'));
    const b = await visit(opts);
    expect(await b.evaluate(() => 'locks' in navigator)).toBe(locks === 'on');
    // Both tabs capture at once; each tab's own timers send. (Under WebDriver classic the two
    // evaluate calls take turns, but the tabs' sending overlaps all the same.)
    const ids = (await Promise.all([trackViews(a, 100, 'a'), trackViews(b, 100, 'b')])).flat();
    expect(new Set(ids).size).toBe(200);
    await drain(b);
    await expect.poll(async () => (await tally(collector, ids)).lost, { timeout: 20_000 }).toBe(0);
    const t = await tally(collector, ids);
    report(engine, `delivered ${t.delivered}, lost ${t.lost}, duplicated ${t.twice}, resent and answered "duplicate" ${t.duplicates}, ${t.requests} requests`);
    expect(t).toMatchObject({ delivered: 200, lost: 0, twice: 0, duplicates: 0 });
  });
}
