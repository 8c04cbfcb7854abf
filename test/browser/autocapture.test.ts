// autocapture.test.ts: what a visitor's pages, listings, saves, searches and forms send without a line of site code.
import type { Page, Request } from '@playwright/test';
import { test, expect, fixtureUrl, openIn, drain, CollectorHandle, LogEvent } from '../support/pages.js';

const JANE = 'jane@example.com';
/** The address of a fixture with extra query parameters (search criteria, a campaign link). */
const at = (site: { url: string }, collector: CollectorHandle, fixture: string, extra = '') =>
  fixtureUrl(site.url, collector, { fixture, flushInterval: '200' }) + extra;
/**
 * Every event accepted, page views included, in capture order (a page's messageIds end with a counter);
 * the time-on-page reports a page sends as it is left are lead-story.test.ts's.
 */
async function story(collector: CollectorHandle, n: number): Promise<LogEvent[]> {
  const accepted = async () => (await collector.accepted(true)).filter((e) => e.event !== 'page_engagement');
  await expect.poll(async () => (await accepted()).length, { timeout: 20000 }).toBe(n);
  // Within one millisecond: a form's identify is captured before its event (their messageIds are derived, SPEC §6.2).
  const count = (e: LogEvent) => (e.event === 'identify' ? -1 : parseInt(e.messageId.split('-').pop()!, 36) || 0);
  return (await accepted()).sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || count(a) - count(b));
}
/** Request bodies the page sends to the collector, for the privacy checks. */
function bodies(page: Page, collector: CollectorHandle): string[] {
  const seen: string[] = [];
  page.on('request', (r: Request) => { if (r.url().startsWith(collector.url)) seen.push(r.postData() || ''); });
  return seen;
}
/**
 * Waits until this page's captures are in the queue (property views are read 200 ms after a change),
 * counted in the IndexedDB queue itself (several events a record): time-on-page reports (page_engagement, lead-story.test.ts)
 * are left out.
 */
const queued = async (page: Page, n: number) =>
  await page.waitForFunction(() => window.homing && window.homing.__homing) && expect.poll(() => page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'homing-pk_test_spine')) return 0; // not opened yet: nothing written
    return new Promise<number>((ok) => {
      const r = indexedDB.open('homing-pk_test_spine');
      r.onsuccess = () => {
        const all = r.result.transaction('q').objectStore('q').getAll();
        all.onsuccess = () => { ok(all.result.flat().filter((v: any) => v && v.j && !v.j.includes('"event":"page_engagement"')).length); r.result.close(); };
      };
      r.onerror = () => ok(-1);
    });
  })).toBe(n);

const SECRETS = ['4111 1111 1111 1111', 'hunter2-secret', 'hidden-token-99', 'offmarker-notes', '5500 0000 0000 0004',
  '078-05-1120', '4012888888881881', '"7373"', 'offform@example.com', 'pw-offform'];
/** Names of fields that are never read: not even their name reaches the collector. */
const SECRET_FIELDS = ['ccnum', 'cvv', 'applicant_ssn', 'agent_token', 'deposit_card', '"pw"', 'private_notes', 'password'];

test('anonymous browsing, then an inquiry: the whole history arrives with the email, in order', async ({ page, site, collector }) => {
  const sent = bodies(page, collector);
  const criteria = '&city=Seabrook&min_price=400000&bedrooms=3&propertyType=house';
  await openIn(page, at(site, collector, 'results.html', criteria));
  await queued(page, 2);
  await openIn(page, at(site, collector, 'results.html', criteria + '&page=2')); // pagination: the same criteria
  await queued(page, 3);
  await openIn(page, at(site, collector, 'listing.html'));
  await queued(page, 5);
  await page.click('#save');
  const popup = page.waitForEvent('popup');
  await page.click('#brochure');
  await (await popup).close();
  await page.click('#photos'); // an in-page anchor is not a navigation
  await queued(page, 7);
  await page.fill('[name=your-name]', 'Jane Q Doe');
  await page.fill('[name=e-mail]', JANE);
  await page.fill('[name=mobile]', '+1 612 555 0199');
  await page.click('button[type=submit]');
  await page.waitForURL(/blank\.html/);
  await openIn(page, at(site, collector, 'basic.html')); // the next page load delivers what is left
  await drain(page);

  const events = await story(collector, 10);
  expect(events.map((e) => e.event)).toEqual([
    'page_view', 'search', 'page_view', // page 2 of the same search is no second search
    'page_view', 'property_view', 'saved_property', 'document_downloaded', 'identify', 'inquiry', 'page_view',
  ]);
  expect(events.every((e) => e.email === JANE)).toBe(true);
  expect(events[1].properties.propertySearch).toEqual(
    { location: 'Seabrook', minPrice: 400000, beds: 3, propertyType: 'house', resultCount: 3, totalCount: 51 });
  // The @graph's listing and its dwelling by reference, merged; the agent's identifier and the broken block left out.
  const listing = {
    id: 'MLS-4471', address: '1207 Birchwood Drive, Lakeview, MN 55401', price: 1449000, currency: 'USD', beds: 4, baths: 2.5,
    rooms: 8, sqft: 2480, propertyType: 'SingleFamilyResidence', listingUrl: site.url + '/fixtures/listing.html',
  };
  expect(events[4].properties.property).toEqual(listing);
  expect(events[5].properties.property).toEqual({ ...listing, savedToList: 'Favorites' });
  expect(events[6].properties).toMatchObject({
    property: listing, metadata: { url: site.url + '/fixtures/files/1207-birchwood-drive.pdf', name: '1207-birchwood-drive.pdf' },
  });
  expect((events[7] as any).traits).toMatchObject({ firstName: 'Jane', lastName: 'Q Doe', phone: '+1 612 555 0199' });
  expect(events[7].properties.context.identitySource).toBe('form');
  expect(events[8].properties).toMatchObject({
    property: listing, message: 'Is the basement finished?',
    metadata: { formName: 'listing-inquiry', formId: 'inquiry', fields: { comments: 'Is the basement finished?', preapproved: 'yes' } },
  });
  // Never captured: the card (Luhn), the password, the hidden input, the data-homing="off" field.
  expect(sent.length).toBeGreaterThan(0);
  for (const body of sent) for (const secret of SECRETS.concat(SECRET_FIELDS)) expect(body).not.toContain(secret);
});

test('a form posted by fetch and one sent by form.submit() are captured; card, CVV and SSN fields never are', async ({ page, site, collector }) => {
  const sent = bodies(page, collector);
  await openIn(page, at(site, collector, 'contact.html'));
  await page.fill('[name=fname]', 'Sam');
  await page.fill('[name=lname]', 'Lee');
  await page.fill('[name=your-email]', 'sam@example.com');
  await page.fill('[name=phone_number]', '555-0100');
  await page.click('#contact button');
  await expect(page.locator('#sent')).toBeVisible(); // the site's own fetch went through
  // The login form is data-homing="off": submitting it sends nothing.
  await page.evaluate(() => (document.getElementById('login') as HTMLFormElement).requestSubmit());
  await page.fill('#newsletter [name=email]', 'sam@example.com');
  await page.evaluate(() => (document.getElementById('newsletter') as HTMLFormElement).submit());
  await page.waitForURL(/blank\.html/);
  await openIn(page, at(site, collector, 'basic.html'));
  await drain(page);

  const events = (await story(collector, 6)).filter((e) => e.event !== 'page_view');
  expect(events.map((e) => [e.event, e.email])).toEqual([
    ['identify', 'sam@example.com'], ['form_submission', 'sam@example.com'],
    ['identify', 'sam@example.com'], ['form_submission', 'sam@example.com'],
  ]);
  expect((events[0] as any).traits).toMatchObject({ firstName: 'Sam', lastName: 'Lee', phone: '555-0100' });
  expect(events[1].properties.metadata).toEqual({ formName: 'contact', formId: 'contact', fields: { interest: 'Sell' } });
  expect(events[3].properties.metadata).toEqual({ formName: 'newsletter', formId: 'newsletter', fields: {} });
  for (const body of sent) for (const secret of SECRETS.concat(SECRET_FIELDS)) expect(body).not.toContain(secret);
});

test('an app\'s history routes each send one page view, and the listing each route renders', async ({ page, site, collector }) => {
  await openIn(page, at(site, collector, 'spa.html'));
  await queued(page, 1);
  await page.evaluate(() => (window as any).go('/fixtures/spa.html?home=a1'));
  await queued(page, 3);
  await page.evaluate(() => history.replaceState({}, '', '/fixtures/spa.html?home=a1&tab=photos')); // the same path
  await page.evaluate(() => { location.hash = '#gallery'; }); // an in-page anchor
  await page.evaluate(() => (window as any).go('/fixtures/spa.html?home=b2'));
  await queued(page, 5);
  await page.click('[data-homing-save]');
  await page.goBack(); // popstate: a1 again, a new page view and a new listing view
  await page.goBack();
  await queued(page, 8);
  await page.evaluate(() => window.homing.identify('ann@example.com'));
  await drain(page);

  const events = await story(collector, 9);
  expect(events.map((e) => e.event + ' ' + new URL(e.properties.pageUrl).search + ' ' + (e.properties.property?.id ?? ''))).toEqual([
    expect.stringMatching(/^page_view \?endpoint=/), 'page_view ?home=a1 ', 'property_view ?home=a1 a1',
    'page_view ?home=b2 ', 'property_view ?home=b2 b2', 'saved_property ?home=b2 b2',
    'page_view ?home=a1&tab=photos ', 'property_view ?home=a1&tab=photos a1', 'identify ?home=a1&tab=photos ',
  ]);
  expect(events[4].properties.property).toEqual({
    id: 'b2', address: '7 Dock Street, Seabrook', price: 512500, beds: 4, baths: 3, propertyType: 'house',
    listingUrl: site.url + '/fixtures/spa.html?home=b2',
  });
  expect(events[5].properties.property.savedToList).toBe('Shortlist');
});

test('a campaign link\'s homing_email identifies the visitor, leaves the address bar and records the click', async ({ page, site, collector }) => {
  await openIn(page, at(site, collector, 'basic.html', '&utm_source=newsletter&utm_medium=email&utm_campaign=spring&homing_email=lead%40example.com'));
  expect(page.url()).not.toContain('homing_email');
  expect(page.url()).toContain('utm_campaign=spring');
  await drain(page);
  const events = await story(collector, 3);
  // The identify and the page view are captured in the same moment; the page view's messageId is
  // fixed earlier (for its time on page), so within that millisecond their order is not told apart.
  expect(events.map((e) => [e.event, e.email, e.properties.context.identitySource]).slice(0, 2).sort()).toEqual([
    ['identify', 'lead@example.com', 'link'], ['page_view', 'lead@example.com', 'link'],
  ]);
  expect(events.map((e) => [e.event, e.email, e.properties.context.identitySource])[2]).toEqual(['email_clicked', 'lead@example.com', 'link']);
  expect(events[2].properties.campaign).toEqual({ source: 'newsletter', medium: 'email', name: 'spring' });
  for (const e of events) expect(e.properties.pageUrl).not.toContain('homing_email');
});

test('a search form the site runs by script sends its criteria once', async ({ page, site, collector }) => {
  await openIn(page, at(site, collector, 'results.html'));
  await queued(page, 2); // the page view, and the results page's search (3 listings, 51 claimed)
  await page.click('#map-search button');
  await queued(page, 3);
  await page.click('#map-search button'); // the same criteria again: no second search
  await page.evaluate(() => window.homing.identify('ann@example.com'));
  await drain(page);
  const events = await story(collector, 4);
  expect(events.map((e) => e.event)).toEqual(['page_view', 'search', 'search', 'identify']);
  expect(events[1].properties.propertySearch).toEqual({ resultCount: 3, totalCount: 51 });
  expect(events[2].properties.propertySearch).toEqual({ location: 'Harbour Point', maxPrice: 750000, propertyType: 'condo' });
});

test('a hash router\'s route and a back-forward-cache restore each send a page view', async ({ page, site, collector }) => {
  await openIn(page, at(site, collector, 'basic.html'));
  await queued(page, 1);
  await page.evaluate(() => { location.hash = '#/homes/a1'; }); // a hash router's route
  await queued(page, 2);
  await page.evaluate(() => { location.hash = '#/homes/a1'; }); // the same route: nothing
  // Chromium under automation keeps no back-forward cache; the restore's event is the one it fires.
  await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
  await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }))); // a plain load: nothing
  await queued(page, 3);
  await page.evaluate(() => window.homing.identify('ann@example.com'));
  await drain(page);
  const events = await story(collector, 4);
  expect(events.map((e) => e.event + ' ' + new URL(e.properties.pageUrl).hash)).toEqual(
    ['page_view ', 'page_view #/homes/a1', 'page_view #/homes/a1', 'identify #/homes/a1']);
});

test('a listing written as microdata is read by the same rules as JSON-LD', async ({ page, site, collector }) => {
  await openIn(page, at(site, collector, 'microdata.html'));
  await queued(page, 2);
  await page.evaluate(() => window.homing.identify('ann@example.com'));
  await drain(page);
  const events = await story(collector, 3);
  expect(events.map((e) => e.event)).toEqual(['page_view', 'property_view', 'identify']);
  expect(events[1].properties.property).toEqual({
    address: '88 Cedar Lane, Springfield, IL 62701', price: 525000, currency: 'USD', beds: 3, baths: 2, sqft: 1850,
    propertyType: 'SingleFamilyResidence', listingUrl: site.url + '/fixtures/microdata.html',
  });
});

test('a results page rendered late by its script: the search waits for its results and carries their count', async ({ page, site, collector }) => {
  await openIn(page, at(site, collector, 'results-late.html', '&city=Seabrook&beds=3'));
  await page.evaluate(() => window.homing.identify('jane@example.com'));
  await expect.poll(async () => (await collector.accepted()).filter((e) => e.event === 'search').length, { timeout: 10000 }).toBe(1);
  const [search] = (await collector.accepted()).filter((e) => e.event === 'search');
  expect(search.properties.propertySearch).toEqual({ location: 'Seabrook', beds: 3, resultCount: 3 });
});
