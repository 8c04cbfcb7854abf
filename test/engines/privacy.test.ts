// privacy.test.ts: consent and Global Privacy Control in every engine.
import { test, expect } from '../support/engines.js';

test('data-consent="required" stores and sends nothing until optIn(), and the choice persists', async ({ visit, collector }) => {
  const tab = await visit({ consent: 'required', flushInterval: '100' });
  const before = await tab.evaluate(async () => {
    const seen: string[] = [];
    window.homing.on('dropped', (d: any) => d.event != 'page_view' && seen.push(d.reason)); // the autocaptured one may come before or after on()
    const r = await window.homing.track('property_view', { id: 1 });
    await window.homing.identify('consent@example.com');
    const dbs = (await indexedDB.databases()).map((d) => d.name);
    return { code: r.error && r.error.code, seen, dbs, dropped: (await window.homing.stats()).dropped };
  });
  expect(before).toEqual({ code: 'CONSENT', seen: ['consent', 'consent'], dbs: [], dropped: { consent: 3 } }); // and the page view
  expect((await collector.log()).requests).toEqual([]);
  await tab.evaluate(async () => {
    window.homing.optIn();
    await window.homing.identify('consent@example.com');
    await window.homing.track('property_view', { id: 2 });
    await window.homing.flush();
  });
  expect((await collector.accepted()).map((e) => e.event)).toEqual(['identify', 'property_view']);
  await tab.reload();
  await expect.poll(() => tab.evaluate(() => !!(window.homing && window.homing.__homing))).toBe(true);
  await tab.evaluate(() => window.homing.track('after_reload').then(() => window.homing.flush()));
  expect((await collector.accepted()).map((e) => e.event)).toContain('after_reload');
});

test('Global Privacy Control is an opt-out unless the site ignores it', async ({ visit, collector }) => {
  // The fixture page sets navigator.globalPrivacyControl before homing loads (WebDriver classic
  // has no init scripts; Firefox's own GPC switch is a browser-wide preference).
  const tab = await visit({ gpc: 'on', flushInterval: '100' });
  expect(await tab.evaluate(() => (navigator as any).globalPrivacyControl)).toBe(true);
  await tab.evaluate(() => window.homing.identify('gpc@example.com').then(() => window.homing.flush()));
  await new Promise((ok) => setTimeout(ok, 300));
  expect((await collector.log()).requests).toEqual([]);
  await visit({ gpc: 'on', flushInterval: '100', privacySignals: 'ignore' }, tab);
  await tab.evaluate(() => window.homing.identify('gpc@example.com').then(() => window.homing.flush()));
  expect((await collector.accepted()).map((e) => e.email)).toEqual(['gpc@example.com']);
});
