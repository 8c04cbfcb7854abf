// lead-story.test.ts: what a small brokerage site's pages send (SPEC §6): a WordPress contact form that
// carries its listing in a hidden field, a search left before its results rendered, and time on page.
import type { Page, Request } from '@playwright/test';
import { test, expect, fixtureUrl, openIn, drain, CollectorHandle, LogEvent } from '../support/pages.js';

const at = (site: { url: string }, collector: CollectorHandle, fixture: string, extra = '') =>
  fixtureUrl(site.url, collector, { fixture, flushInterval: '200' }) + extra;
/** Every request the page makes, address and body, for the never-read checks. */
function requests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r: Request) => seen.push(r.url() + ' ' + (r.postData() || '')));
  return seen;
}
const of = (events: LogEvent[], name: string) => events.filter((e) => e.event === name);

test('a WordPress contact form with a hidden listing id is an inquiry about it; its nonce and token are never read', async ({ page, site, collector }) => {
  const sent = requests(page);
  await openIn(page, at(site, collector, 'wp-contact.html'));
  await page.fill('[name=your-name]', 'Jane Q Doe');
  await page.fill('[name=your-email]', 'jane@example.com');
  await page.fill('[name=your-message]', 'Can we see it on Saturday?');
  await page.click('.wpcf7-submit');
  await expect(page.locator('form.wpcf7-form')).toHaveAttribute('data-status', 'sent');
  await drain(page);

  const events = await collector.accepted();
  expect(of(events, 'form_submission')).toEqual([]);
  const [inquiry] = of(events, 'inquiry');
  expect(inquiry.email).toBe('jane@example.com');
  expect(inquiry.properties.property).toEqual({ id: 'HV-1207' });
  expect(inquiry.properties.message).toBe('Can we see it on Saturday?');
  expect(inquiry.properties.metadata.fields).toEqual({ 'your-subject': 'A viewing', 'your-message': 'Can we see it on Saturday?' });
  expect((of(events, 'identify')[0] as any).traits).toMatchObject({ firstName: 'Jane', lastName: 'Q Doe' });
  // Only the listing's id is read of the hidden fields: neither the values nor the names of the others leave.
  expect(sent.some((r) => r.includes('HV-1207'))).toBe(true);
  for (const r of sent.filter((r) => r.startsWith(collector.url)))
    for (const secret of ['csrf-7d3f9a1c2b8e4f60', 'nonce-5e1f0a9b3c', 'csrf_token', '_wpnonce', '_wpcf7'])
      expect(r).not.toContain(secret);
});

test('a form inside a data-homing-property listing is an inquiry about that listing', async ({ page, site, collector }) => {
  const sent = requests(page);
  await openIn(page, at(site, collector, 'wp-contact.html'));
  await page.fill('#showing [name=email]', 'sam@example.com');
  await page.click('#showing button');
  await drain(page);
  const [inquiry] = await expect.poll(async () => of(await collector.accepted(), 'inquiry')).toHaveLength(1)
    .then(async () => of(await collector.accepted(), 'inquiry'));
  expect(inquiry.properties.property).toEqual({ id: 'HV-88', address: '88 Cedar Lane, Seabrook', price: 489000 });
  expect(inquiry.properties.metadata.fields).toEqual({ when: 'Saturday morning' });
  for (const r of sent.filter((r) => r.startsWith(collector.url))) expect(r).not.toContain('nonce-showing-77aa');
});

test('a search left at 0.4 s, before its results rendered, is sent once without its count', async ({ page, site, collector }) => {
  await openIn(page, at(site, collector, 'results-slow.html', '&city=Seabrook&beds=3&homing_email=quick%40example.com'));
  await page.waitForFunction(() => performance.now() >= 400);
  await page.click('#featured'); // the visitor leaves for a listing before the results (3 s) are there
  await page.waitForURL(/blank\.html/);
  // Sent as the page was left: blank.html has no homing to send it later.
  await expect.poll(async () => of(await collector.accepted(), 'search').length, { timeout: 10000 }).toBe(1);
  const [search] = of(await collector.accepted(), 'search');
  expect(search.properties.propertySearch).toEqual({ location: 'Seabrook', beds: 3 });
  expect(search.email).toBe('quick@example.com');
  // Back on the results page: the same criteria are no second search, now with or without its count.
  await openIn(page, at(site, collector, 'results-slow.html', '&city=Seabrook&beds=3'));
  await page.waitForFunction(() => document.querySelectorAll('#cards article').length == 3);
  await page.waitForTimeout(500); // the rescan after the results rendered
  await drain(page);
  // Counted once: a copy the next page load sends from localStorage is answered "duplicate".
  expect(of(await collector.accepted(), 'search')).toHaveLength(1);
  expect(new Set(of((await collector.log()).events, 'search').map((e) => e.messageId)).size).toBe(1);
});

test('time on page: visible 4 s, hidden 10 s, visible 2 s, then left: pageDuration 6, no second page view', async ({ page, site, collector }) => {
  await openIn(page, at(site, collector, 'listing-time.html', '&homing_email=looker%40example.com'));
  await expect.poll(async () => of(await collector.accepted(true), 'property_view').length).toBe(1);
  await page.evaluate(() => { (window as any).__advance(4000); (window as any).__setVisibility('hidden'); });
  // Hidden, the page lives on: its report is tracked a second later.
  await expect.poll(async () => of(await collector.accepted(true), 'page_engagement').length, { timeout: 10_000 }).toBe(1);
  await page.evaluate(() => { (window as any).__advance(10000); (window as any).__setVisibility('visible'); });
  await page.evaluate(() => (window as any).__advance(2000));
  await page.goto(site.url + '/fixtures/blank.html'); // left: pagehide
  await openIn(page, at(site, collector, 'basic.html')); // the site's next page sends what the last one knew
  await expect.poll(async () => of(await collector.accepted(true), 'page_engagement').length, { timeout: 10000 }).toBe(2);
  const events = await collector.accepted(true);
  const views = of(events, 'page_view').filter((e) => e.properties.pageUrl.includes('listing-time'));
  const [view] = views;
  const [listing] = of(events, 'property_view');
  const [hidden, left] = of(events, 'page_engagement').sort((a, b) => a.properties.pageDuration - b.properties.pageDuration);
  expect(views).toHaveLength(1);
  // The page's clock moves only by the test's steps (test/fixtures/visibility.js): exact seconds.
  expect(hidden.properties.pageDuration).toBe(4);
  expect(left.properties.pageDuration).toBe(6);
  expect(left.properties).toMatchObject({
    pageViewId: view.messageId, propertyViewId: listing.messageId, pageUrl: view.properties.pageUrl,
    pageTitle: '12 Elm Street, Springfield | Test Realty', property: { id: 'ELM-12' },
  });
  expect(left.email).toBe('looker@example.com');
});

test('a page open for an hour reports its time every 15 minutes without another page view', async ({ page, site, collector }) => {
  await page.clock.install();
  await openIn(page, at(site, collector, 'engine-listing.html', '&homing_email=stayer%40example.com'));
  await page.clock.runFor('01:00:30');
  await expect.poll(async () => of(await collector.accepted(true), 'page_engagement').length, { timeout: 15000 }).toBe(4);
  const events = await collector.accepted(true);
  expect(of(events, 'page_view')).toHaveLength(1);
  expect(of(events, 'page_engagement').map((e) => Math.round(e.properties.pageDuration / 60)).sort((a, b) => a - b)).toEqual([15, 30, 45, 60]);
});
