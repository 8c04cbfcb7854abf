// relay-speed.test.ts: speed to lead (SPEC §7) between a PGlite outbox and the 000 mock with a budget: leads first,
// identify first, a 429'd event's place, condensing (and "never"), a crash mid-window, and two relays on one PostgreSQL.
import { test, expect } from '@playwright/test';
import { destinationNames, startRelayFromConfig } from '../../server/relay/index.js';
import { openPostgresStore } from '../../server/store/postgres.js';
import type { WireEvent } from '../../server/store/store.js';
import { startRig, type Rig } from '../relay/rig.js';
import { visitorStory, wire } from '../relay/story.js';
import { heldIds, relayConfigFor, startMocks } from '../relay/world.js';
import { findPgBin, startPgServer } from './pg-server.js';

let rig: Rig | undefined;
test.afterEach(async () => { await rig?.close(); rig = undefined; });

const BUDGET = { crmLimit: 20, crmWindowMs: 10_000 };
const listing = (n: number) => ({ id: 'prop-' + n, address: n + ' Harbour Lane', listingUrl: 'https://realty.example/listings/' + n });
const views = (email: string, count: number, start = 0) =>
  Array.from({ length: count }, (_, i) => wire('property_view', { property: listing(i % 4) }, { email, minute: start + i }));
const leadOf = (email: string, minute: number): WireEvent[] => [
  wire('identify', {}, { email, minute, traits: { firstName: 'Nora', lastName: 'Lane', phone: '+1-555-0100' } }),
  wire('inquiry', { property: listing(9), message: 'Saturday?' }, { email, minute: minute + 1 }),
];
const crmIds = (r: Rig) => r.mocks.crm.events.map((e) => e.body.metadata?.messageId as string);
const tooMany = (r: Rig) => r.mocks.crm.requests.filter((q) => q.status === 429).length;

/** Waits until nothing is pending, moving the clock a window a step so that spread requests go sooner. */
async function drain(r: Rig, stepMs = 2_000) {
  await expect.poll(async () => { r.clock.advance(stepMs); return (await r.store.lag('crm')).pending; }, { timeout: 60_000, intervals: [100] }).toBe(0);
}

test('a lead\'s identify and inquiry go ahead of a backlog of browsing, identify first, without a 429', async () => {
  rig = await startRig({ only: ['crm'], mocks: BUDGET, config: { destinations: { crm: { condense: 'never' } } } });
  const backlog = Array.from({ length: 6 }, (_, v) => views('v' + v + '@example.com', 10, v * 20)).flat();
  await rig.accept(backlog);
  await expect.poll(() => rig!.mocks.crm.events.length).toBeGreaterThanOrEqual(3);
  const [identify, inquiry] = leadOf('nora@example.com', 500);
  await rig.accept([inquiry, identify]); // captured in either order, the person comes first
  await expect.poll(() => crmIds(rig!), { timeout: 15_000 }).toContain(inquiry.messageId);
  expect((await rig.store.lag('crm')).classes?.browsing?.pending, 'the backlog is still waiting').toBeGreaterThan(0);
  const ids = crmIds(rig);
  expect(ids.indexOf(identify.messageId)).toBeLessThan(ids.indexOf(inquiry.messageId));
  const sent = rig.mocks.crm.events.find((e) => e.body.metadata?.messageId === inquiry.messageId)!;
  expect(sent.body.person).toMatchObject({ firstName: 'Nora', lastName: 'Lane', phones: [{ value: '+1-555-0100', isPrimary: true }] });
  await drain(rig);
  expect(tooMany(rig)).toBe(0);
});

test('an event answered 429 keeps its place: the person\'s later events do not overtake it', async () => {
  rig = await startRig({ only: ['crm'] });
  rig.mocks.crm.fault({ status: 429, retryAfter: 1 });
  const mine = views('x@example.com', 6);
  await rig.accept(mine);
  await drain(rig, 500);
  expect(crmIds(rig)).toEqual(mine.map((e) => e.messageId));
  expect(rig.mocks.crm.requests[0].status).toBe(429);
});

test('condensed website_activity events name every messageId they stand for; every event has its end', async () => {
  rig = await startRig({ only: ['crm'], mocks: BUDGET, config: { destinations: { crm: { condenseAfter: 1 } } } });
  const accepted = [...views('a@example.com', 40), ...views('b@example.com', 25, 100), ...views('c@example.com', 3, 200)];
  await rig.accept(accepted);
  await drain(rig);
  const activity = rig.mocks.crm.events.filter((e) => e.eventType === 'website_activity');
  expect(activity.length).toBeGreaterThan(0);
  const named = activity.flatMap((e) => e.body.metadata.messageIds as string[]);
  const alone = rig.mocks.crm.events.filter((e) => e.eventType !== 'website_activity').map((e) => e.body.metadata.messageId);
  expect([...named, ...alone].sort()).toEqual(accepted.map((e) => e.messageId).sort());
  expect(activity[0].body.message).toMatch(/^Viewed \d+ Harbour Lane/);
  expect(await rig.store.deliveryCounts('crm')).toEqual({ sent: alone.length, condensed: named.length, skipped: 0, deadLettered: 0 });
  const ends = await rig.store.deliveries({ destination: 'crm', limit: 1000 });
  for (const e of ends.filter((d) => d.outcome === 'condensed'))
    expect(activity.find((a) => a.body.metadata.messageId === e.into)?.body.metadata.messageIds).toContain(e.messageId);
  expect(tooMany(rig)).toBe(0);
});

test('condense "never" sends every event as its own request, and the inquiry says what is still pending', async () => {
  rig = await startRig({ only: ['crm'], mocks: BUDGET, config: { destinations: { crm: { condense: 'never', condenseAfter: 1 } } } });
  const email = 'browser@example.com';
  const accepted = [...views(email, 30), ...leadOf(email, 100)];
  await rig.accept(accepted);
  await expect.poll(() => crmIds(rig!), { timeout: 15_000 }).toContain(accepted.at(-1)!.messageId);
  const inquiry = rig.mocks.crm.events.find((e) => e.eventType === 'inquiry')!;
  expect(inquiry.body.metadata.recentActivity.listings.map((l: { name: string }) => l.name)).toContain('0 Harbour Lane');
  await drain(rig);
  expect(rig.mocks.crm.events.filter((e) => e.eventType === 'website_activity')).toEqual([]);
  expect(crmIds(rig).sort()).toEqual(accepted.map((e) => e.messageId).sort());
});

test('a relay killed mid-window loses nothing and sends nothing again that the CRM had confirmed', async () => {
  rig = await startRig({ only: ['crm'], mocks: BUDGET, config: { destinations: { crm: { condense: 'never' } } } });
  const accepted = Array.from({ length: 5 }, (_, v) => views('k' + v + '@example.com', 8, v * 10)).flat();
  await rig.accept(accepted);
  await expect.poll(() => rig!.mocks.crm.events.length).toBeGreaterThanOrEqual(4);
  await rig.restart({ abort: true });
  const confirmed = (await rig.store.deliveries({ destination: 'crm', limit: 1000 })).map((d) => d.messageId);
  expect(confirmed.length).toBeGreaterThan(0);
  rig.clock.advance(31_000); // the dead relay's leases run out
  await drain(rig);
  const held = crmIds(rig);
  expect([...new Set(held)].sort()).toEqual(accepted.map((e) => e.messageId).sort());
  for (const id of confirmed) expect(held.filter((h) => h === id), id).toHaveLength(1);
  expect(await rig.store.deliveryCounts('crm')).toMatchObject({ sent: accepted.length });
});

test('an accepted batch wakes an idle relay at once', async () => {
  rig = await startRig({ only: ['crm'], config: { relay: { pollMs: 60_000 } } });
  await new Promise((r) => setTimeout(r, 300)); // idle: its next look at the outbox is a minute away
  const story = leadOf('wake@example.com', 0);
  await rig.store.accept('pk_test_relay', story, { receivedAt: new Date().toISOString() }); // not rig.accept: no wake() by hand
  await expect.poll(() => crmIds(rig!), { timeout: 10_000 }).toEqual(story.map((e) => e.messageId));
});

test('two relay processes on one PostgreSQL never send one event twice', async () => {
  test.setTimeout(120_000);
  const bin = findPgBin();
  test.skip(!bin, 'no PostgreSQL server installed');
  const server = await startPgServer(bin!, 'homing_two_relays');
  const mocks = await startMocks();
  const config = relayConfigFor(mocks, { destinations: { crm: { batchSize: 5 }, success: { batchSize: 5 } } });
  config.destinations = config.destinations.filter((d) => d.name === 'crm' || d.name === 'success');
  const stores = await Promise.all([0, 1].map(() => openPostgresStore(server.url, { destinations: destinationNames(config) })));
  const relays = stores.map((s) => startRelayFromConfig(s, config, { log: () => {} }));
  try {
    const events = Array.from({ length: 8 }, (_, v) => visitorStory('two' + v + '@example.com', v * 100)).flat();
    for (let i = 0; i < events.length; i += 20) await stores[i % 2].accept('pk_two', events.slice(i, i + 20), { receivedAt: new Date().toISOString() });
    relays.forEach((r) => r.wake());
    await expect.poll(async () => (await stores[0].lag('crm')).pending + (await stores[0].lag('success')).pending, { timeout: 60_000 }).toBe(0);
    const held = heldIds(mocks);
    const ids = events.map((e) => e.messageId).sort();
    expect(held.crm.sort()).toEqual(ids);
    expect(held.success.sort()).toEqual(ids);
  } finally {
    await Promise.all(relays.map((r) => r.stop()));
    await Promise.all(stores.map((s) => s.close()));
    await mocks.close();
    await server.stop();
  }
});
