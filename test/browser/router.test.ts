// router.test.ts: homing beside a real client-side router (Navigo 8, from npm): the visitor clicks the app's links
// and goes back; each route's page view has the title and listing the router rendered (SPEC §3, §6; issue 28).
import fs from 'node:fs';
import { test, expect, fixtureUrl, openIn, drain } from '../support/pages.js';

const NAVIGO = fs.readFileSync('node_modules/navigo/lib/navigo.min.js');

test('a Navigo app: each route clicked or gone back to is one page view with its title, each listing one view', async ({ page, site, collector }) => {
  await page.route('**/vendor/navigo.min.js', (r) => r.fulfill({ body: NAVIGO, contentType: 'text/javascript' }));
  await page.addInitScript(() => {
    (window as any).queued = [];
    (window as any).homing = function () { ((window as any).homing.q = (window as any).homing.q || []).push(arguments); };
    (window as any).homing('on', 'queued', (e: { event: string }) => (window as any).queued.push(e.event));
  });
  const views = (n: number) => expect.poll(() => page.evaluate(() =>
    (window as any).queued.filter((e: string) => e == 'page_view' || e == 'property_view').length)).toBe(n);
  await openIn(page, fixtureUrl(site.url, collector, { fixture: 'navigo-app.html', flushInterval: '60000', flushAt: '200' }));
  await views(1);
  for (const [link, n] of [['#to-a1', 3], ['#to-about', 4], ['#to-b2', 6]] as const) {
    await page.click(link);
    await views(n);
  }
  await page.goBack(); // Navigo resolves the popstate: the about page again
  await views(7);
  await page.evaluate(() => window.homing.identify('ann@example.com'));
  await drain(page);

  const got = (await collector.accepted(true)).filter((e) => e.event == 'page_view' || e.event == 'property_view');
  expect(got.map((e) => [e.event, new URL(e.properties.pageUrl).pathname, e.properties.pageTitle ?? e.properties.property.id])).toEqual([
    ['page_view', '/fixtures/navigo-app.html', 'Riverton Realty'],
    ['page_view', '/fixtures/app/homes/a1', '14 Pine Court, Riverton | Riverton Realty'],
    ['property_view', '/fixtures/app/homes/a1', 'a1'],
    ['page_view', '/fixtures/app/about', 'About us | Riverton Realty'],
    ['page_view', '/fixtures/app/homes/b2', '7 Dock Street, Seabrook | Riverton Realty'],
    ['property_view', '/fixtures/app/homes/b2', 'b2'],
    ['page_view', '/fixtures/app/about', 'About us | Riverton Realty'],
  ]);
  expect(got[5].properties.property).toEqual({ id: 'b2', address: '7 Dock Street, Seabrook', price: 512500, beds: 4 });
  expect(new URL(got[6].properties.pageReferrer).pathname).toBe('/fixtures/app/homes/b2');
});
