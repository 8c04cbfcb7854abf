// relay-story.test.ts: a visitor's story end to end: browser → collector → outbox → all four destinations.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevCollector } from '../../server/dev/collector.js';
import { destinationNames, startRelayFromConfig, type Relay } from '../../server/relay/index.js';
import { openPgliteStore } from '../../server/store/pglite.js';
import type { SqlStore } from '../../server/store/store.js';
import { deliverAll, testClock, type TestClock } from '../relay/rig.js';
import { DESTINATIONS, heldIds, relayConfigFor, startMocks, type Mocks } from '../relay/world.js';
import { CollectorHandle, drain, expect, test as base } from './harness.js';

interface World {
  dir: string;
  mocks: Mocks;
  store: SqlStore;
  clock: TestClock;
  relay: Relay;
  restartRelay(): Promise<void>;
  pending(): Promise<Record<string, number>>;
}

const test = base.extend<{ world: World }>({
  world: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'homing-relay-story-'));
    const clock = testClock();
    const mocks = await startMocks({ now: clock.now });
    const config = relayConfigFor(mocks);
    // The relay's own handle on the collector's PGlite database (one instance per directory in a process).
    const store = await openPgliteStore(join(dir, 'pglite'), { destinations: destinationNames(config), now: clock.now });
    const start = () => startRelayFromConfig(store, config, { now: clock.now, log: () => undefined });
    const world: World = {
      dir, mocks, store, clock, relay: start(),
      async restartRelay() {
        await world.relay.stop();
        world.relay = start();
      },
      async pending() {
        const out: Record<string, number> = {};
        for (const d of DESTINATIONS) out[d] = (await store.lag(d)).pending;
        return out;
      },
    };
    await use(world);
    await world.relay.stop({ abort: true });
    await store.close();
    await mocks.close();
    await rm(dir, { recursive: true, force: true });
  },
  collector: async ({ world }, use) => {
    const c = await startDevCollector({ port: 0, dataDir: world.dir, destinations: [...DESTINATIONS], faults: true });
    await use(new CollectorHandle(c.url));
    await c.close();
  },
});

test('a visitor\'s story reaches all four destinations, each event once in its format, through faults and a relay restart', async ({ open, collector, world, page }) => {
  test.setTimeout(60_000);
  const { batch, crm, marketing, success } = world.mocks;
  crm.fault({ status: 503, count: 2 });
  marketing.fault({ status: 429, retryAfter: 1 });
  success.fault({ mode: 'reset' });
  batch.fault({ status: 500 });

  await open({ flushInterval: '200' });
  await page.evaluate(async () => {
    const listing = { id: 'prop-12', address: '12 Elm Street, Springfield', price: 525000, currency: 'USD', beds: 3, baths: 2, sqft: 1650, propertyType: 'house', listingUrl: location.href };
    const h = window.homing;
    await h.track('search', { propertySearch: { minPrice: 400000, maxPrice: 600000, beds: 3, location: 'Springfield', resultCount: 8 } });
    await h.track('property_view', { property: listing });
    await h.track('saved_property', { property: { ...listing, savedToList: 'Favorites' }, metadata: { savedFrom: 'property detail page' } });
    await h.track('document_downloaded', { metadata: { url: location.origin + '/brochures/12-elm.pdf', name: '12 Elm Street brochure' } });
    await h.identify('jane.story@example.com', { firstName: 'Jane', lastName: 'Story', phone: '+1-555-0100' });
    await h.track('form_submission', { metadata: { formName: 'Contact Us', formId: 'contact' } });
    await h.track('inquiry', { property: listing, message: 'Is the garden south-facing?' });
    await h.track('appointment_scheduled', { property: listing, metadata: { date: '2026-12-01T15:00:00.000Z' } });
    const campaign = { name: 'December listings', id: 'dec', source: 'newsletter', medium: 'email' };
    await h.track('email_opened', { campaign }, { timestamp: Date.now() - 40 * 60_000 });
    await h.track('email_clicked', { campaign }, { timestamp: Date.now() - 39 * 60_000 });
    await h.track('email_opened', { campaign }, { timestamp: Date.now() - 5 * 60_000 });
    await h.track('offer_submitted', { property: listing, orderId: 'offer-12', amount: 515000 });
    await h.track('offer_submitted', { property: listing, orderId: 'offer-12', amount: 515000 }); // a repeated confirmation
  });
  await drain(page);
  await world.restartRelay();
  await page.reload();
  await page.waitForFunction(() => window.homing && window.homing.__homing);
  await page.evaluate(() => window.homing.track('property_view', { property: { id: 'prop-14', price: 610000 } }));
  await drain(page);

  const accepted = await collector.accepted(true);
  const ids = accepted.map((e) => e.messageId).sort();
  expect(accepted.map((e) => e.event)).toEqual(expect.arrayContaining(['page_view', 'identify', 'email_opened', 'offer_submitted']));
  expect(accepted.filter((e) => e.event === 'offer_submitted').length).toBe(1);
  await deliverAll(world, 30_000);

  const held = heldIds(world.mocks);
  expect(held.batch.sort()).toEqual(ids);
  expect(held.crm.sort()).toEqual(ids);
  expect(held.success.sort()).toEqual(ids);
  expect(held.marketing.sort()).toEqual(accepted.filter((e) => e.event !== 'identify').map((e) => e.messageId).sort());
  expect(marketing.discarded).toEqual([]);

  // Each in its own format.
  expect([...batch.events.values()].every((e) => Object.keys(e).join() === 'event,identify,properties,timestamp,messageId')).toBe(true);
  expect(crm.people).toHaveLength(1);
  expect(crm.people[0]).toMatchObject({ firstName: 'Jane', lastName: 'Story', emails: ['jane.story@example.com'], phones: ['+1-555-0100'] });
  expect(crm.events.find((e) => e.eventType === 'inquiry')?.body).toMatchObject({ property: { id: 'prop-12' }, description: 'Is the garden south-facing?' });
  expect(marketing.users.get('jane.story@example.com')?.attributes).toMatchObject({ firstname: 'Jane', lastname: 'Story' });
  expect(marketing.events.filter((e) => e.type === 'confirmation').map((e) => e.data.orderId)).toEqual(['offer-12']);
  expect(marketing.events.filter((e) => e.type === 'email_open')).toHaveLength(2);
  const pageviews = success.events.filter((e) => e.event_uid === 'pageview');
  expect(pageviews.length).toBe(2);
  expect(pageviews.every((e) => e.contact_uid === 'jane.story@example.com' && e.params.visit_url.includes('/fixtures/basic.html'))).toBe(true);
  // The faults happened and were ridden out.
  for (const m of [batch, crm, marketing, success]) expect(m.requests.some((r) => r.fault)).toBe(true);
});
