// relay-outbox.test.ts: the speed-to-lead outbox (SPEC §7) on PGlite and on a real PostgreSQL: class order, a person's
// capture order across a retry and an expired lease, identify first, the person's traits, ends, and two claimers.
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteStore } from '../../server/store/pglite.js';
import { openPostgresStore } from '../../server/store/postgres.js';
import type { SqlStore, WireEvent } from '../../server/store/store.js';
import { wire } from '../relay/story.js';
import { testClock, type TestClock } from '../relay/rig.js';
import { findPgBin, startPgServer, type PgServer } from './pg-server.js';

let server: PgServer | undefined;
let dir = '';
test.beforeAll(async () => {
  test.setTimeout(90_000);
  dir = mkdtempSync(join(tmpdir(), 'homing-outbox-'));
  const bin = findPgBin();
  if (!bin && process.env.CI) throw new Error('no PostgreSQL under /usr/lib/postgresql: CI must install it (apt-get install postgresql)');
  if (bin) server = await startPgServer(bin, 'homing_outbox');
});
test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const engines = {
  pglite: (clock: TestClock) => openPgliteStore(join(dir, 'pg' + ++n), { destinations: ['crm'], now: clock.now }),
  postgres: (clock: TestClock) => openPostgresStore(server!.url, { destinations: ['crm'], now: clock.now }),
};

/** One PostgreSQL database serves every test: each starts from empty tables. */
async function clean(store: SqlStore) {
  if (store.engine !== 'postgres') return;
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: server!.url });
  await client.connect();
  await client.query('TRUNCATE outbox, deliveries, dead_letters, people, events, relay_classes');
  await client.end();
}

const ids = (events: { messageId: string }[]) => events.map((e) => e.messageId);
const view = (email: string, minute: number) => wire('property_view', { property: { id: 'p' + minute, address: minute + ' Alder Street' } }, { email, minute });

for (const [engine, open] of Object.entries(engines)) {
  test.describe(engine, () => {
    let store: SqlStore;
    let clock: TestClock;
    test.beforeEach(async () => {
      test.skip(engine === 'postgres' && !server, 'no PostgreSQL server installed');
      clock = testClock();
      store = await open(clock);
      await clean(store);
    });
    test.afterEach(async () => { await store?.close(); });
    const accept = (events: WireEvent[]) => store.accept('pk_test', events, { receivedAt: new Date(clock.now()).toISOString() });

    test('the claim hands out lead, then engagement, then browsing, whatever the order they came in', async () => {
      const browse = view('a@example.com', 1);
      const search = wire('search', { propertySearch: { location: 'Seabrook' } }, { email: 'a@example.com', minute: 2 });
      const inquiry = wire('inquiry', { message: 'Saturday?' }, { email: 'b@example.com', minute: 3 });
      const custom = wire('offer_submitted', {}, { email: 'c@example.com', minute: 4 });
      await store.setClasses('crm', ['identify', 'inquiry', 'appointment_scheduled', 'offer_submitted'], ['search']);
      await accept([browse, search, inquiry, custom]);
      expect(ids(await store.claim('crm', 10, 60_000))).toEqual(ids([inquiry, custom, search, browse]));
      const lag = await store.lag('crm');
      expect(lag.pending).toBe(4);
      expect(Object.fromEntries(Object.entries(lag.classes!).map(([k, v]) => [k, v.pending]))).toEqual({ lead: 2, engagement: 1, browsing: 1 });
    });

    test('a person\'s event sent back by a 429 keeps its place: their later events wait behind it', async () => {
      const [a, b, c] = [view('x@example.com', 1), view('x@example.com', 2), view('x@example.com', 3)];
      const other = view('y@example.com', 4);
      await accept([a, b, c, other]);
      const [first] = await store.claim('crm', 1, 60_000);
      expect(first.messageId).toBe(a.messageId);
      await store.reschedule('crm', first.id, new Date(clock.now() + 10_000), 'HTTP 429', false);
      expect(ids(await store.claim('crm', 10, 60_000))).toEqual([other.messageId]);
      clock.advance(11_000);
      expect(ids(await store.claim('crm', 10, 60_000))).toEqual(ids([a, b, c]));
    });

    test('after a lease runs out, the person\'s oldest event comes back first', async () => {
      const [a, b] = [view('x@example.com', 1), view('x@example.com', 2)];
      await accept([a, b]);
      expect(ids(await store.claim('crm', 1, 5_000))).toEqual(ids([a]));
      clock.advance(6_000); // that claimer died
      expect(ids(await store.claim('crm', 10, 5_000))).toEqual(ids([a]));
    });

    test('a batch\'s identify is queued before the inquiry captured ahead of it, and the person\'s traits ride on every event', async () => {
      const inquiry = wire('inquiry', { message: 'Saturday?' }, { email: 'n@example.com', minute: 1 });
      const identify = wire('identify', {}, { email: 'n@example.com', minute: 2, traits: { firstName: 'Nora', phone: '+1-555-0100' } });
      const later = wire('identify', {}, { email: 'n@example.com', minute: 3, traits: { lastName: 'Lane' } });
      await accept([inquiry, identify]);
      await accept([later]);
      const claimed = await store.claim('crm', 10, 60_000);
      expect(ids(claimed)).toEqual(ids([identify, inquiry, later]));
      expect(claimed.map((e) => e.traits)).toEqual(Array(3).fill({ firstName: 'Nora', phone: '+1-555-0100', lastName: 'Lane' }));
    });

    test('within the lead class a request for an agent goes before other people\'s sign-ups, its person\'s identify with it', async () => {
      const signUp = (email: string, minute: number) => wire('identify', {}, { email, minute, traits: { firstName: 'S' + minute } });
      const [a, b, d] = [signUp('a@example.com', 1), signUp('b@example.com', 2), signUp('d@example.com', 3)];
      const form = wire('form_submission', { formId: 'newsletter' }, { email: 'f@example.com', minute: 4 });
      const nIdentify = signUp('n@example.com', 5);
      const nInquiry = wire('inquiry', { message: 'Saturday?' }, { email: 'n@example.com', minute: 6 });
      const dVisit = wire('appointment_scheduled', { at: 'Saturday 10:00' }, { email: 'd@example.com', minute: 7 });
      await accept([a, b]);
      await accept([d, form]);
      await accept([nIdentify, nInquiry]);
      await accept([dVisit]); // d signed up earlier: their identify moves up with the request
      const first = await store.claim('crm', 3, 60_000, { priorities: [0, 0] });
      expect(ids(first)).toEqual(ids([d, nIdentify, nInquiry]));
      await store.confirm('crm', first.map((e) => e.id));
      expect(ids(await store.claim('crm', 10, 60_000, { priorities: [0, 0] }))).toEqual(ids([dVisit, a, b, form]));
    });

    test('every end is recorded: sent with its status, condensed into its event, dead-lettered with the answer', async () => {
      const events = [view('x@example.com', 1), view('x@example.com', 2), view('x@example.com', 3), view('y@example.com', 4)];
      await accept(events);
      const [a, b, c, d] = (await store.claim('crm', 10, 60_000)).sort((p, q) => p.id - q.id);
      expect(await store.confirm('crm', [{ id: a.id, outcome: 'sent', status: 201 }])).toBe(1);
      await store.confirm('crm', [b, c].map((e) => ({ id: e.id, outcome: 'condensed' as const, into: 'activity:1', status: 200 })));
      await store.deadLetter('crm', d.id, { status: 422, body: { error: 'no' } });
      expect((await store.lag('crm')).pending).toBe(0);
      expect(await store.deliveryCounts('crm')).toEqual({ sent: 1, condensed: 2, skipped: 0, deadLettered: 1 });
      const x = await store.deliveries({ destination: 'crm', email: 'x@example.com' });
      expect(x.map((e) => [e.messageId, e.outcome, e.status, e.into]).sort()).toEqual([
        [a.messageId, 'sent', 201, undefined], [b.messageId, 'condensed', 200, 'activity:1'], [c.messageId, 'condensed', 200, 'activity:1'],
      ].sort());
      const [dead] = await store.deliveries({ messageId: d.messageId });
      expect(dead).toMatchObject({ outcome: 'dead_letter', status: 422, answer: { status: 422, body: { error: 'no' } } });
    });
  });
}

test('two stores on one PostgreSQL claiming at once never hand out one event twice', async () => {
  test.skip(!server, 'no PostgreSQL server installed');
  const clock = testClock();
  const [one, two] = await Promise.all([0, 1].map(() => openPostgresStore(server!.url, { destinations: ['crm'], now: clock.now })));
  try {
    await clean(one);
    const events = Array.from({ length: 300 }, (_, i) => view('p' + (i % 40) + '@example.com', i));
    await one.accept('pk_test', events, { receivedAt: new Date().toISOString() });
    const seen: string[] = [];
    const drain = async (s: SqlStore) => {
      for (;;) {
        const claimed = await s.claim('crm', 7, 60_000);
        if (!claimed.length && (await s.lag('crm')).pending === 0) return;
        seen.push(...claimed.map((e) => e.messageId));
        await s.confirm('crm', claimed.map((e) => e.id));
      }
    };
    await Promise.all([drain(one), drain(two)]);
    expect(seen.length).toBe(events.length);
    expect(new Set(seen).size).toBe(events.length);
    expect((await one.deliveryCounts('crm')).sent).toBe(events.length);
  } finally {
    await Promise.all([one.close(), two.close()]);
  }
});

test('a relay\'s store in another process hears of queued events from PostgreSQL (LISTEN/NOTIFY)', async () => {
  test.skip(!server, 'no PostgreSQL server installed');
  const [collector, relay] = await Promise.all([0, 1].map(() => openPostgresStore(server!.url, { destinations: ['crm'] })));
  try {
    let woken = 0;
    const stop = relay.onAccepted(() => woken++);
    await expect.poll(() => woken, { message: 'a wake once listening' }).toBe(1);
    await collector.accept('pk_test', [view('far@example.com', 1)], { receivedAt: new Date().toISOString() });
    await expect.poll(() => woken, { message: 'the relay\'s store heard the collector\'s batch' }).toBe(2);
    stop();
  } finally {
    await Promise.all([collector.close(), relay.close()]);
  }
});
