// autocapture.test.ts: a listing page read from its JSON-LD, in every engine, without a line of site
// code: the visitor browses anonymously, asks about the home with an email, and the CRM gets the
// whole story with that email (SPEC §3, §5 "Held until known", §6).
import { test, expect, drain, report, tally } from '../support/engines.js';

test('a listing page: its JSON-LD gives the property_view, the inquiry form identifies and carries the listing', async ({ engine, visit, collector, site }) => {
  const listing = { fixture: 'engine-listing.html', flushInterval: '60000', flushAt: '200' };
  const tab = await visit(listing);
  // Anonymous: the page view and the listing view wait in the queue.
  await expect.poll(() => tab.evaluate(() => window.homing.stats().then((s: any) => s.held)), { timeout: 10_000 }).toBe(2);
  expect((await collector.log()).requests, 'nothing leaves before the email is known').toEqual([]);

  // The visitor asks about the home; the browser follows the form's action.
  await tab.evaluate(() => { setTimeout(() => (document.getElementById('ask') as HTMLFormElement).requestSubmit(), 0); });
  await expect.poll(() => tab.url(), { timeout: 10_000 }).toMatch(/blank\.html\?email=/);
  // Back on the site (a page without a listing): whatever the unload could not confirm goes out.
  await visit({ flushInterval: '60000', flushAt: '200' }, tab);
  await drain(tab);

  // The first page's story, in the order it happened (the inquiry itself is sent at once, so it may arrive first).
  const at = (e: { timestamp: string }) => Date.parse(e.timestamp);
  const all = (await collector.accepted(true)).filter((e) => e.email === 'asker@example.com');
  const inquiryAt = at(all.find((e) => e.event === 'inquiry')!);
  const story = all.filter((e) => at(e) <= inquiryAt).sort((a, b) => at(a) - at(b));
  const first = story.map((e) => e.event);
  expect([...first].sort()).toEqual(['identify', 'inquiry', 'page_view', 'property_view']);
  expect(first.slice(0, 2)).toEqual(['page_view', 'property_view']);
  const property = {
    id: 'ELM-12', address: '12 Elm Street, Springfield, IL 62704', price: 525000, currency: 'USD', beds: 3, baths: 2,
    sqft: 1650, propertyType: 'SingleFamilyResidence', listingUrl: site.url + '/listings/elm-12',
  };
  const view = story.find((e) => e.event === 'property_view')!;
  const inquiry = story.find((e) => e.event === 'inquiry')!;
  expect(view.properties.property).toEqual(property);
  expect(inquiry.properties.property).toEqual(property);
  expect(inquiry.properties.message).toBe('Is it still for sale?');
  expect(story.filter((e) => e.event === 'property_view')).toHaveLength(1); // once per listing per page view

  const t = await tally(collector, story.map((e) => e.messageId));
  report(engine, `story ${first.join(' → ')}; delivered ${t.delivered}, lost ${t.lost}, duplicated ${t.twice}, resent and answered "duplicate" ${t.duplicates}`);
  expect(t).toMatchObject({ delivered: 4, lost: 0, twice: 0 });
});
