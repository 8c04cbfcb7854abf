// routes.test.ts: an app's client-side routes, in every engine: each route's page view carries the route as the
// app rendered it (title, URL, the previous route as referrer), and each listing is counted once, on its own route
// (SPEC §3 page_view, §6 property_view; issue 28).
import { test, expect, drain, type Tab } from '../support/engines.js';

const SPA = { fixture: 'engine-spa.html', flushInterval: '60000', flushAt: '200' };
/** Waits until the page has queued `n` page and listing views (time-on-page reports left out). */
const views = (tab: Tab, n: number) => expect.poll(() => tab.evaluate(() =>
  (window as any).queued.filter((e: string) => e == 'page_view' || e == 'property_view').length), { timeout: 10_000 }).toBe(n);

test('routes whose title the app sets after pushState: each page view has its own title and referrer, each listing one view', async ({ visit, collector, site }) => {
  const tab = await visit(SPA);
  await views(tab, 1);
  for (const [path, n] of [['/fixtures/app/homes/a1', 3], ['/fixtures/app/about', 4], ['/fixtures/app/homes/b2', 6]] as const) {
    await tab.evaluate((p) => (window as any).go(p), path);
    await views(tab, n);
  }
  await tab.evaluate(() => window.homing.identify('ann@example.com'));
  await drain(tab);

  const got = (await collector.accepted(true)).filter((e) => e.event == 'page_view' || e.event == 'property_view');
  const route = (url: string) => new URL(url).pathname;
  expect(got.map((e) => [e.event, route(e.properties.pageUrl), e.properties.pageTitle ?? e.properties.property.id])).toEqual([
    ['page_view', '/fixtures/engine-spa.html', 'Seabrook Homes'],
    ['page_view', '/fixtures/app/homes/a1', '14 Pine Court, Riverton | Seabrook Homes'],
    ['property_view', '/fixtures/app/homes/a1', 'a1'],
    ['page_view', '/fixtures/app/about', 'About us | Seabrook Homes'],
    ['page_view', '/fixtures/app/homes/b2', '7 Dock Street, Seabrook | Seabrook Homes'],
    ['property_view', '/fixtures/app/homes/b2', 'b2'],
  ]);
  const referrers = got.filter((e) => e.event == 'page_view').slice(1).map((e) => route(e.properties.pageReferrer));
  expect(referrers).toEqual(['/fixtures/engine-spa.html', '/fixtures/app/homes/a1', '/fixtures/app/about']);
  expect(got[4].properties.pageUrl).toBe(site.url + '/fixtures/app/homes/b2');
});

test('an app that keeps one element across routes and changes its attributes: each listing once, on its route', async ({ visit, collector }) => {
  const tab = await visit(SPA);
  await views(tab, 1);
  for (const [path, n] of [['/fixtures/app/homes/a1', 3], ['/fixtures/app/homes/b2', 5], ['/fixtures/app/about', 6], ['/fixtures/app/homes/a1', 8]] as const) {
    await tab.evaluate((p) => (window as any).goInPlace(p), path);
    await views(tab, n);
  }
  await tab.evaluate(() => window.homing.identify('ann@example.com'));
  await drain(tab);
  const listingViews = (await collector.accepted()).filter((e) => e.event == 'property_view');
  expect(listingViews.map((e) => [new URL(e.properties.pageUrl).pathname, e.properties.property.id])).toEqual([
    ['/fixtures/app/homes/a1', 'a1'], ['/fixtures/app/homes/b2', 'b2'], ['/fixtures/app/homes/a1', 'a1'],
  ]);
});

test('a listing\'s JSON-LD rendered again unchanged is not a second listing view', async ({ visit, collector }) => {
  const tab = await visit(SPA);
  await views(tab, 1);
  await tab.evaluate(() => (window as any).go('/fixtures/app/homes/a1'));
  await views(tab, 3);
  await tab.evaluate(() => (window as any).rerender()); // the block removed and inserted again, same text
  await tab.evaluate(() => new Promise((ok) => setTimeout(ok, 600))); // past the 200 ms the reader gathers changes in
  await tab.evaluate(() => (window as any).rerender());
  await tab.evaluate(() => window.homing.identify('ann@example.com'));
  await drain(tab);
  const listingViews = (await collector.accepted()).filter((e) => e.event == 'property_view');
  expect(listingViews.map((e) => e.properties.property.id)).toEqual(['a1']);
});

test('time on an app\'s routes: each route\'s visible seconds go with its own page view and listing view', async ({ visit, collector }) => {
  const tab = await visit(SPA);
  await views(tab, 1);
  // The page's clock moves only by the test's steps (test/fixtures/visibility.js): exact seconds.
  await tab.evaluate(() => (window as any).__advance(3000));
  await tab.evaluate(() => (window as any).go('/fixtures/app/homes/a1'));
  await views(tab, 3);
  await tab.evaluate(() => (window as any).__advance(5000));
  await tab.evaluate(() => (window as any).go('/fixtures/app/about'));
  await views(tab, 4);
  await tab.evaluate(() => window.homing.identify('ann@example.com'));
  await drain(tab);
  const all = await collector.accepted(true);
  const pageViews = all.filter((e) => e.event == 'page_view');
  const listing = all.find((e) => e.event == 'property_view')!;
  const times = all.filter((e) => e.event == 'page_engagement').map((e) => e.properties);
  expect(times).toEqual([
    expect.objectContaining({ pageDuration: 3, pageViewId: pageViews[0].messageId, pageTitle: 'Seabrook Homes' }),
    expect.objectContaining({ pageDuration: 5, pageViewId: pageViews[1].messageId, propertyViewId: listing.messageId,
      pageUrl: pageViews[1].properties.pageUrl, pageTitle: '14 Pine Court, Riverton | Seabrook Homes' }),
  ]);
});
