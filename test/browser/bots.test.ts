import { test, expect, drain } from '../support/pages.js';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
const INSPECTION_TOOL = 'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36 (compatible; Google-InspectionTool/1.0;)';
const GOOGLEBOT = 'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

test.describe('a visitor that is not automated', () => {
  // Chromium under Playwright sets navigator.webdriver; a person's browser does not.
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }));
  });

  test.describe('with a browser user agent', () => {
    test.use({ userAgent: CHROME });
    test('is tracked, with no automation signal', async ({ open, collector }) => {
      const page = await open({ bots: 'filter', flushInterval: '60000' });
      expect(await page.evaluate(() => navigator.webdriver)).toBe(false);
      await page.evaluate(async () => {
        await window.homing.identify('person@example.com');
        await window.homing.track('property_view', { property: { id: 'p1' } });
        await window.homing.flush();
      });
      const got = await collector.accepted(true);
      expect(got.map((e) => e.event)).toEqual(['page_view', 'identify', 'property_view']);
      expect(got[2].properties.context).not.toHaveProperty('automation');
      expect(got[2].properties.context.browser.name).toBe('Chrome');
    });
  });

  test.describe('with a crawler user agent', () => {
    test.use({ userAgent: GOOGLEBOT });
    test('stores and sends nothing at all', async ({ open, collector }) => {
      const page = await open({ bots: 'filter', flushInterval: '100' });
      const r = await page.evaluate(async () => {
        const a = await window.homing.identify('crawler@example.com');
        const b = await window.homing.track('form_submission', { metadata: { formName: 'contact' } });
        await window.homing.flush();
        return { a, b, stats: await window.homing.stats(), dbs: (await indexedDB.databases()).length };
      });
      expect(r.b.error.code).toBe('BOT');
      expect(r.stats.dropped).toEqual({ bot: 3 }); // page view, identify, form
      expect(r.dbs).toBe(0);
      await page.waitForTimeout(300);
      expect((await collector.log()).requests).toEqual([]);
    });
  });

  // Google's URL Inspection runs JavaScript and names itself only "Google-InspectionTool": isbot's naive pattern missed it.
  test.describe('with the Google-InspectionTool user agent', () => {
    test.use({ userAgent: INSPECTION_TOOL });
    test('stores and sends nothing', async ({ open, collector }) => {
      const page = await open({ bots: 'filter', flushInterval: '100' });
      const r = await page.evaluate(async () => {
        const a = await window.homing.identify('inspector@example.com');
        const b = await window.homing.track('property_view', { property: { id: 'p1' } });
        await window.homing.flush();
        return { a, b, stats: await window.homing.stats(), dbs: (await indexedDB.databases()).length };
      });
      expect([r.a.error.code, r.b.error.code]).toEqual(['BOT', 'BOT']);
      expect(r.stats.dropped).toEqual({ bot: 3 }); // page view, identify, property view
      expect(r.dbs).toBe(0);
      await page.waitForTimeout(300);
      expect((await collector.log()).requests).toEqual([]);
    });

    test('a page that lets crawlers through (data-bots="allow") still gets nothing stored by the collector', async ({ open, collector }) => {
      const page = await open({ bots: 'allow', flushInterval: '60000' });
      const r = await page.evaluate(async () => {
        await window.homing.identify('inspector@example.com');
        await window.homing.track('property_view', { property: { id: 'p1' } });
        return [await window.homing.flush(), await window.homing.stats()];
      });
      expect(r[0]).toMatchObject({ sent: 3, failed: 0, remaining: 0 }); // answered 200: the page stops sending
      expect(r[1].queued).toBe(0);
      const log = await collector.log();
      expect(log.requests.length).toBeGreaterThan(0);
      expect(log.events).toEqual([]);
      const metrics = await (await fetch(collector.url + '/metrics')).text();
      expect(metrics).toMatch(/homing_events_dropped_total\{reason="bot"\} 3\b/);
    });
  });
});

test('an automated browser sends only the lead, flagged, and none of the browsing', async ({ open, collector }) => {
  // Playwright's Chromium: navigator.webdriver is true and the user agent says HeadlessChrome.
  const page = await open({ bots: 'filter', flushInterval: '60000' });
  const r = await page.evaluate(async () => {
    const view = await window.homing.track('property_view', { property: { id: 'p1' } });
    await window.homing.identify('lead@example.com', { firstName: 'Lee' });
    await window.homing.track('form_submission', { metadata: { formName: 'contact' } });
    const after = await window.homing.track('search', { propertySearch: { beds: 3 } });
    await window.homing.flush();
    return { view, after };
  });
  expect(r.view.error.code).toBe('AUTOMATION');
  expect(r.after.error.code).toBe('AUTOMATION');
  const got = await collector.accepted(true);
  // The form goes out at once with keepalive (dual write), so it may arrive before the identify.
  expect(got.map((e) => e.event).sort()).toEqual(['form_submission', 'identify']);
  const form = got.find((e) => e.event === 'form_submission')!;
  expect(form.email).toBe('lead@example.com');
  expect(form.properties.context.automation).toEqual(expect.arrayContaining(['webdriver', 'headless']));
});
