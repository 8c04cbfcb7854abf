// domain.test.ts: one lead across the site's own hosts (SPEC §8) in every engine, WebKit's cookie rules included:
// browse on search.site.test, write on www.site.test, and the browsing arrives with the lead at the next visit;
// reset() on www. is the anonymous visitor on search. when it is shown again.
import { test, expect, report, serveCollectorFor, waitForHoming, type Tab } from '../support/engines.js';

const KEY = 'pk_test_site';

test('browsing on search. arrives with the lead who wrote on www.; reset() on www. is anonymous on search. too', async ({ engine, site }) => {
  const port = new URL(site.url).port;
  const www = `http://www.site.test:${port}`;
  const search = `http://search.site.test:${port}`;
  await serveCollectorFor([www, search], KEY, async (collector) => {
    const at = (origin: string, fixture: string, extra: Record<string, string> = {}) =>
      `${origin}/fixtures/${fixture}?` + new URLSearchParams({ key: KEY, endpoint: collector.endpoint, cookieDomain: 'site.test', ...extra });
    const held = (tab: Tab) => tab.evaluate(async () => (await (window as any).homing.stats()).held as number);
    const session = await engine.newSession({ siteHosts: true });
    try {
      const s = await session.open(at(search, 'domain-listing.html', { id: 'L1', price: '500000' }));
      await waitForHoming(s);
      await expect.poll(() => held(s), { timeout: 15_000 }).toBe(2);
      const w = await session.open(at(www, 'domain-contact.html', { id: 'L1' }));
      await waitForHoming(w);
      await w.evaluate(() => {
        const set = (name: string, v: string) => { (document.querySelector('[name="' + name + '"]') as HTMLInputElement).value = v; };
        set('your-name', 'Lena Park');
        set('your-email', 'lena@example.com');
        set('your-message', 'Is it still available?');
        setTimeout(() => (document.getElementById('ask') as HTMLFormElement).requestSubmit(), 0);
      });
      await expect.poll(async () => (await collector.accepted()).map((e) => e.event).sort(), { timeout: 15_000 }).toEqual(['identify', 'inquiry']);
      const cookie = decodeURIComponent(await s.evaluate(() => document.cookie));
      report(engine, 'search. reads the cookie ' + cookie.replace(/"t":\d+/, '"t":…'));
      expect(cookie).toContain('"e":"lena@example.com"');

      await s.goto(at(search, 'domain-listing.html', { id: 'L2', price: '610000' })); // the next visit
      await waitForHoming(s);
      await expect.poll(async () => (await collector.accepted()).filter((e) => e.event === 'property_view').map((e) => [e.properties.property.id, e.email]).sort(), { timeout: 15_000 })
        .toEqual([['L1', 'lena@example.com'], ['L2', 'lena@example.com']]);
      const got = await collector.accepted();
      const time = (name: string, id?: string) => Date.parse(got.find((e) => e.event === name && (!id || e.properties.property.id === id))!.timestamp);
      expect(time('property_view', 'L1')).toBeLessThan(time('inquiry'));
      report(engine, 'L1 viewed ' + (time('inquiry') - time('property_view', 'L1')) + ' ms before the inquiry, sent with it at the next visit');

      await w.goto(at(www, 'domain-contact.html'));
      await waitForHoming(w);
      await w.evaluate(() => (window as any).homing.reset());
      await expect.poll(() => w.evaluate(() => decodeURIComponent(document.cookie))).not.toContain('lena'); // reset() waits for start-up
      await s.evaluate(() => {
        for (const state of ['hidden', 'visible']) {
          Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
          document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
        }
      });
      await s.evaluate(() => (window as any).homing.track('probe'));
      await expect.poll(() => held(s)).toBeGreaterThanOrEqual(1); // the probe (and the hidden page's time report): anonymous
      await s.evaluate(() => (window as any).homing.flush());
      expect((await collector.accepted()).filter((e) => e.event === 'probe')).toEqual([]);
      expect(await s.pageErrors()).toEqual([]);
      expect(await w.pageErrors()).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
