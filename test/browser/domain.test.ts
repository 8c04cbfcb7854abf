// domain.test.ts: one lead across the site's own hosts (SPEC §8). An IDX vendor's pages on search.site.test and the
// agent's site on www.site.test (both this machine: Chromium's --host-resolver-rules), the same snippet with
// data-cookie-domain="site.test", a collector on another origin whose key list names both.
import type { Page } from '@playwright/test';
import { test as base, expect, openIn, drain, serveCollector, type CollectorHandle, type LogEvent } from '../support/pages.js';

const KEY = 'pk_test_site';
type Hosts = { www: string; search: string; other: string };

const test = base.extend<{ hosts: Hosts; keyed: CollectorHandle }>({
  hosts: async ({ site }, use) => {
    const port = new URL(site.url).port;
    await use({ www: `http://www.site.test:${port}`, search: `http://search.site.test:${port}`, other: `http://other.test:${port}` });
  },
  keyed: async ({ hosts }, use) => serveCollector(use, new Map([[KEY, [hosts.www, hosts.search, hosts.other]]])),
});

const at = (c: CollectorHandle, origin: string, fixture: string, extra: Record<string, string> = {}) =>
  `${origin}/fixtures/${fixture}?` + new URLSearchParams({ key: KEY, endpoint: c.endpoint, cookieDomain: 'site.test', ...extra });
const held = (page: Page) => page.evaluate(async () => (await window.homing.stats()).held);
/** The tab is hidden, then shown again, as when the visitor switches tabs. */
const showAgain = (page: Page) => page.evaluate(() => {
  for (const state of ['hidden', 'visible']) {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }
});
const views = (events: LogEvent[]) => events.filter((e) => e.event === 'property_view').map((e) => [e.properties.property.id, e.email]);

test('browsing on search. arrives with the lead who wrote on www., at the next visit to search., with its capture times', async ({ page, hosts, keyed }) => {
  const t0 = Date.now();
  await openIn(page, at(keyed, hosts.search, 'domain-listing.html', { id: 'L1', price: '500000' }));
  await expect.poll(() => held(page)).toBe(2); // the page view and the listing view, anonymous
  const t1 = Date.now();
  await openIn(page, at(keyed, hosts.search, 'domain-listing.html', { id: 'L2', price: '610000' }));
  await expect.poll(() => held(page)).toBeGreaterThanOrEqual(4);

  const www = await page.context().newPage();
  await openIn(www, at(keyed, hosts.www, 'domain-contact.html', { id: 'L2' }));
  await www.fill('[name=your-name]', 'Lena Park');
  await www.fill('[name=your-email]', 'lena@example.com');
  await www.fill('[name=your-message]', 'Is L2 still available?');
  await www.click('button');
  await www.waitForURL(/blank\.html/);
  await expect.poll(async () => (await keyed.accepted()).map((e) => e.event).sort()).toEqual(['identify', 'inquiry']);
  const inquiry = (await keyed.accepted()).find((e) => e.event === 'inquiry')!;
  expect([inquiry.email, inquiry.properties.property.id]).toEqual(['lena@example.com', 'L2']);

  await openIn(page, at(keyed, hosts.search, 'domain-listing.html', { id: 'L3', price: '450000' })); // the next visit
  // L3's listing is read in an idle moment after load: drained until it has arrived too.
  await expect.poll(async () => (await drain(page), views(await keyed.accepted(true))))
    .toEqual(expect.arrayContaining([['L1', 'lena@example.com'], ['L2', 'lena@example.com'], ['L3', 'lena@example.com']]));
  const got = await keyed.accepted(true);
  // The browsing keeps the times it happened, before the inquiry.
  const viewed = (id: string) => Date.parse(got.find((e) => e.event === 'property_view' && e.properties.property.id === id)!.timestamp);
  expect(viewed('L1')).toBeGreaterThanOrEqual(t0);
  expect(viewed('L1')).toBeLessThanOrEqual(t1);
  expect(viewed('L2')).toBeGreaterThanOrEqual(t1);
  expect(viewed('L2')).toBeLessThan(Date.parse(inquiry.timestamp));
  // The www. page's own view, released by the form's identify as that page was left, goes then or with the next
  // visit to www. (SPEC §5: the next page load on the same site resumes delivery): it arrives once either way.
  await openIn(www, at(keyed, hosts.www, 'domain-contact.html', { id: 'L2' }));
  const wwwViews = async () => (await keyed.accepted(true)).filter((e) => e.event === 'page_view' && e.properties.pageUrl.includes('//www.'));
  await expect.poll(async () => (await drain(www), (await wwwViews()).length)).toBe(2);
  expect((await wwwViews()).map((e) => e.email)).toEqual(['lena@example.com', 'lena@example.com']);
  const pages = (await keyed.accepted(true)).filter((e) => e.event === 'page_view').map((e) => new URL(e.properties.pageUrl).host.split('.')[0]);
  expect(pages.sort()).toEqual(['search', 'search', 'search', 'www', 'www']);
});

test('an open search. tab sends its browsing with the lead at once when it is shown again', async ({ page, hosts, keyed }) => {
  await openIn(page, at(keyed, hosts.search, 'domain-listing.html', { id: 'L7', price: '700000' }));
  await expect.poll(() => held(page)).toBe(2);
  const www = await page.context().newPage();
  await openIn(www, at(keyed, hosts.www, 'domain-contact.html', { id: 'L7' }));
  await www.evaluate(() => window.homing.identify('tab@example.com', { firstName: 'Tab' }));
  await expect.poll(async () => (await keyed.accepted()).map((e) => e.event)).toEqual(['identify']);
  await showAgain(page);
  await expect.poll(() => held(page)).toBe(0);
  await drain(page);
  expect(views(await keyed.accepted())).toEqual([['L7', 'tab@example.com']]);
});

test('reset() on one host forgets on the other; a different email on one is the new identity on both', async ({ page, hosts, keyed }) => {
  await openIn(page, at(keyed, hosts.www, 'domain-contact.html'));
  await page.evaluate(() => window.homing.identify('first@example.com'));
  const search = await page.context().newPage();
  await openIn(search, at(keyed, hosts.search, 'domain-listing.html', { id: 'L9' }));
  await search.evaluate(() => window.homing.track('probe', { n: 1 }));
  await page.evaluate(() => window.homing.reset());
  await expect.poll(() => page.evaluate(() => decodeURIComponent(document.cookie))).not.toContain('first@'); // reset() waits for start-up
  await showAgain(search);
  await search.evaluate(() => window.homing.track('probe', { n: 2 }));
  expect(await held(search)).toBeGreaterThanOrEqual(1); // anonymous again: held (with the hidden page's time report)
  await search.evaluate(() => window.homing.identify('second@example.com'));
  await expect.poll(() => page.evaluate(() => decodeURIComponent(document.cookie))).toContain('second@');
  await showAgain(page);
  await page.evaluate(() => window.homing.track('probe', { n: 3 }));
  await drain(page);
  await drain(search);
  const probes = (await keyed.accepted()).filter((e) => e.event === 'probe').map((e) => [e.properties.n, e.email]);
  expect(probes.sort()).toEqual([[1, 'first@example.com'], [2, 'second@example.com'], [3, 'second@example.com']]);
  expect((await keyed.accepted()).filter((e) => e.event === 'identify').map((e) => e.email)).toEqual(['first@example.com', 'second@example.com']);
});

test('optOut() on one host holds on the other: its held browsing is purged, the cookie keeps the choice alone', async ({ page, hosts, keyed }) => {
  await openIn(page, at(keyed, hosts.search, 'domain-listing.html', { id: 'L4' }));
  await expect.poll(() => held(page)).toBe(2);
  const www = await page.context().newPage();
  await openIn(www, at(keyed, hosts.www, 'domain-contact.html'));
  await www.evaluate(() => window.homing.identify('out@example.com'));
  await www.evaluate(() => window.homing.optOut());
  const cookie = decodeURIComponent(await www.evaluate(() => document.cookie));
  expect(cookie).toMatch(/homing_pk_test_site=\{"o":1,"t":\d+\}/);
  await page.reload();
  await page.waitForFunction(() => window.homing && window.homing.__homing);
  expect(await page.evaluate(async () => { const s = await window.homing.stats(); return s.queued + s.held; })).toBe(0);
  expect((await page.evaluate(() => window.homing.track('probe'))).error.code).toBe('CONSENT');
  await page.waitForTimeout(500);
  expect((await keyed.accepted()).filter((e) => e.event !== 'identify')).toEqual([]);
});

test('a host outside the cookie domain ignores data-cookie-domain, says so, and keeps its identity to itself', async ({ page, hosts, keyed, consoleErrors }) => {
  await openIn(page, at(keyed, hosts.other, 'domain-contact.html'));
  await page.evaluate(() => window.homing.identify('elsewhere@example.com'));
  expect(consoleErrors).toContainEqual(expect.stringMatching(/data-cookie-domain "site\.test" is not other\.test nor above it: ignored/));
  expect(await page.evaluate(() => document.cookie)).toBe('');
  await drain(page);
  expect((await keyed.accepted()).map((e) => e.email)).toEqual(['elsewhere@example.com']);
});
