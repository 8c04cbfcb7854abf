// link-email.test.ts: a campaign link's homing_email (SPEC §1, §5) leaves the address bar before any other tag
// of the page reads it — with the README's stub, with its file (strict CSP) — and, with an older stub, before
// anything of homing records it; no event's address and no request to the collector ever carries it.
import type { Page } from '@playwright/test';
import { test, expect, fixtureUrl, openIn, drain, type CollectorHandle } from '../support/pages.js';

const EMAIL = 'lead+spring@example.com';
/** What would give the email away: the parameter, or the email as a URL or a page would write it. */
const TRACES = ['homing_email', EMAIL, encodeURIComponent(EMAIL), 'lead%2Bspring', 'lead+spring%40'];

function landing(site: { url: string }, collector: CollectorHandle, fixture: string, stub = '') {
  const u = new URL(fixtureUrl(site.url, collector, { fixture }));
  if (stub) u.searchParams.set('stub', stub);
  return u.href + '&utm_campaign=spring&homing_email=' + encodeURIComponent(EMAIL);
}

/** Every request the page makes to the collector, as the browser sent it. */
function collectorRequests(page: Page, collector: CollectorHandle): string[] {
  const urls: string[] = [];
  page.on('request', (r) => { if (r.url().startsWith(collector.url)) urls.push(r.url() + ' ' + (r.postData() || '').replace(/"email":"[^"]*"/g, '')); });
  return urls;
}

const clean = (s: string) => TRACES.forEach((t) => expect(s).not.toContain(t));

/** The story as the collector received it: the visitor identified from the link, every address without the email. */
async function expectIdentifiedFromLink(collector: CollectorHandle) {
  await expect.poll(async () => (await collector.accepted(true)).map((e) => e.event).sort(), { timeout: 15_000 })
    .toEqual(expect.arrayContaining(['early_call', 'email_clicked', 'identify', 'page_view']));
  const events = await collector.accepted(true);
  const identify = events.find((e) => e.event === 'identify')!;
  expect([identify.email, identify.properties.context.identitySource]).toEqual([EMAIL, 'link']);
  // The call the stub queued is released with the lead, its page the one without the email.
  const early = events.find((e) => e.event === 'early_call')!;
  expect(early.email).toBe(EMAIL);
  expect(early.properties.pageUrl).toMatch(/\/fixtures\/link(-inline)?\.html\?.*utm_campaign=spring$/);
  const landingPage = (identify as any).traits.firstTouch.landingPage as string;
  expect(landingPage).toContain('utm_campaign=spring');
  for (const e of events) clean(JSON.stringify([e.properties.pageUrl, e.properties.pageReferrer, landingPage]));
  // Nothing the collector stored carries the parameter or the encoded email.
  const stored = JSON.stringify((await collector.log()).events);
  for (const t of TRACES.filter((t) => t !== EMAIL)) expect(stored).not.toContain(t);
}

for (const [stub, fixture, file] of [['the README\'s inline stub', 'link-inline.html', ''], ['the stub file (strict CSP)', 'link.html', '/dist/homing.stub.js']]) {
  test(`with ${stub}, a tag reading the address right after it never sees the email, nor does any request to the collector`, async ({ page, site, collector }) => {
    const requests = collectorRequests(page, collector);
    await openIn(page, landing(site, collector, fixture, file));
    const saw = await page.evaluate(() => (window as any).otherTagSaw as string[]);
    expect(saw).toHaveLength(3);
    for (const href of saw) {
      clean(href);
      expect(href).toContain('utm_campaign=spring');
    }
    clean(page.url());
    await expectIdentifiedFromLink(collector);
    // The page is left: the next one's referrer is the address without the email, and the leave request too.
    await page.evaluate((u) => { location.href = u; }, fixtureUrl(site.url, collector, { flushInterval: '200' }));
    await page.waitForURL(/basic\.html/);
    await page.waitForFunction(() => window.homing && window.homing.__homing);
    await drain(page);
    const next = (await collector.accepted(true)).filter((e) => e.event === 'page_view' && e.properties.pageUrl.includes('basic.html'));
    expect(next).toHaveLength(1);
    expect(next[0].properties.pageReferrer).toContain('utm_campaign=spring');
    expect(next[0].email).toBe(EMAIL);
    expect(requests.length).toBeGreaterThan(1);
    requests.forEach(clean);
  });
}

test('with an older stub, homing takes the email out as its first act: no queued call, page view or first touch carries it', async ({ page, site, collector }) => {
  const requests = collectorRequests(page, collector);
  await openIn(page, landing(site, collector, 'link.html', '/fixtures/old-stub.js'));
  clean(page.url());
  await expectIdentifiedFromLink(collector);
  requests.forEach(clean);
});

test('a referrer that carries a link\'s email (a page without homing) reaches no event', async ({ page, site, collector }) => {
  await page.goto(site.url + '/fixtures/blank.html?from=mail&homing_email=' + encodeURIComponent(EMAIL));
  await page.evaluate((u) => { location.href = u; }, fixtureUrl(site.url, collector, { flushInterval: '200' }));
  await page.waitForURL(/basic\.html/);
  await page.waitForFunction(() => window.homing && window.homing.__homing);
  await page.evaluate(() => window.homing.identify('someone@example.com'));
  await drain(page);
  const [view] = (await collector.accepted(true)).filter((e) => e.event === 'page_view');
  expect(view.properties.pageReferrer).toBe(site.url + '/fixtures/blank.html?from=mail');
  expect(JSON.stringify((await collector.log()).events)).not.toContain('homing_email');
});
