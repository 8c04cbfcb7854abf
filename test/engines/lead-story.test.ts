// lead-story.test.ts: a small brokerage site's pages in every engine (SPEC §6): a WordPress contact form
// that carries its listing in a hidden field, a search left before its results rendered, and time on page.
import { test, expect, drain, report, type Tab } from '../support/engines.js';

const of = (events: { event: string }[], name: string) => events.filter((e) => e.event === name);
const waitForUrl = (tab: Tab, re: RegExp) => expect.poll(() => tab.url(), { timeout: 10_000 }).toMatch(re);

test('a WordPress contact form with a hidden listing id is an inquiry about it; its nonce and token are never read', async ({ engine, visit, collector }) => {
  const tab = await visit({ fixture: 'wp-contact.html', flushInterval: '200' });
  await tab.evaluate(() => {
    const set = (name: string, v: string) => { (document.querySelector('[name="' + name + '"]') as HTMLInputElement).value = v; };
    set('your-name', 'Jane Q Doe');
    set('your-email', 'jane@example.com');
    set('your-message', 'Can we see it on Saturday?');
    (document.querySelector('form.wpcf7-form') as HTMLFormElement).requestSubmit();
  });
  await drain(tab);
  await expect.poll(async () => of(await collector.accepted(), 'inquiry').length, { timeout: 10_000 }).toBe(1);
  const { events } = await collector.log();
  const [inquiry] = of(events, 'inquiry') as any[];
  report(engine, 'inquiry ' + JSON.stringify({ property: inquiry.properties.property, message: inquiry.properties.message }));
  expect(of(events, 'form_submission')).toEqual([]);
  expect(inquiry.properties.property).toEqual({ id: 'HV-1207' });
  expect(inquiry.properties.message).toBe('Can we see it on Saturday?');
  const received = JSON.stringify(events);
  for (const secret of ['csrf-7d3f9a1c2b8e4f60', 'nonce-5e1f0a9b3c', 'csrf_token', '_wpnonce']) expect(received).not.toContain(secret);
});

test('a search left at 0.4 s, before its results rendered, is sent once without its count', async ({ engine, visit, collector, site }) => {
  const tab = await visit({ fixture: 'results-slow.html', flushInterval: '60000', query: 'city=Seabrook&beds=3&homing_email=quick%40example.com' });
  await tab.evaluate(() => new Promise<void>((ok) => setTimeout(ok, Math.max(0, 400 - performance.now()))).then(() => {
    setTimeout(() => (document.getElementById('featured') as HTMLAnchorElement).click(), 0);
  }));
  await waitForUrl(tab, /blank\.html\?from=results/); // no homing there: only the unload send can deliver it
  await expect.poll(async () => of(await collector.accepted(), 'search').length, { timeout: 10_000 }).toBe(1);
  const [search] = of(await collector.accepted(), 'search') as any[];
  report(engine, 'search ' + JSON.stringify(search.properties.propertySearch));
  expect(search.properties.propertySearch).toEqual({ location: 'Seabrook', beds: 3 });
  expect(search.email).toBe('quick@example.com');
  await tab.goto(site.url + '/fixtures/blank.html?again');
  expect(of(await collector.accepted(), 'search')).toHaveLength(1);
});

test('time on page: visible 4 s, hidden 10 s, visible 2 s, then left: pageDuration 6, no second page view', async ({ engine, visit, collector }) => {
  const tab = await visit({ fixture: 'listing-time.html', flushInterval: '200', query: 'homing_email=looker%40example.com' });
  await expect.poll(async () => of(await collector.accepted(true), 'property_view').length, { timeout: 10_000 }).toBe(1);
  await tab.evaluate(() => { (window as any).__advance(4000); (window as any).__setVisibility('hidden'); });
  // Hidden, the page lives on: its report is tracked a second later.
  await expect.poll(async () => of(await collector.accepted(true), 'page_engagement').length, { timeout: 10_000 }).toBe(1);
  await tab.evaluate(() => { (window as any).__advance(10000); (window as any).__setVisibility('visible'); });
  await tab.evaluate(() => { (window as any).__advance(2000); setTimeout(() => { location.href = '/fixtures/blank.html'; }, 0); });
  await waitForUrl(tab, /blank\.html/);
  await visit({ flushInterval: '200' }, tab); // the site's next page sends what the last one knew
  await expect.poll(async () => of(await collector.accepted(true), 'page_engagement').length, { timeout: 10_000 }).toBe(2);
  const events = await collector.accepted(true);
  const durations = of(events, 'page_engagement').map((e: any) => e.properties.pageDuration).sort((a, b) => a - b);
  report(engine, 'page_engagement pageDuration ' + durations.join(' then '));
  expect(durations).toEqual([4, 6]);
  expect(of(events, 'page_view').filter((e: any) => e.properties.pageUrl.includes('listing-time'))).toHaveLength(1);
  const left = of(events, 'page_engagement').find((e: any) => e.properties.pageDuration === 6) as any;
  expect(left.properties.pageViewId).toBe((of(events, 'page_view')[0] as any).messageId);
  expect(left.properties.propertyViewId).toBe((of(events, 'property_view')[0] as any).messageId);
});
