// store-partitions.test.ts: events by day (migration 007) on PGlite and a real PostgreSQL: retention drops whole days
// and loses nothing younger, the dedup key holds across midnight, and a populated unpartitioned store migrates whole.
import { test, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { readMigrations } from '../../server/store/migrate.js';
import { openPgliteStore } from '../../server/store/pglite.js';
import { openPostgresStore } from '../../server/store/postgres.js';
import type { SqlStore, SqlStoreOptions, WireEvent } from '../../server/store/store.js';
import { findPgBin, startPgServer, type PgServer } from './pg-server.js';

const DAY = 864e5;
const NOON = Date.parse('2026-12-07T12:00:00.000Z');
const event = (messageId: string): WireEvent =>
  ({ event: 'page_view', identify: { email: 'jane@example.com' }, properties: {}, timestamp: '2026-11-22T12:00:00.000Z', messageId });
const at = (ms: number) => ({ receivedAt: new Date(ms).toISOString() });

let server: PgServer | undefined;
let dir = '';
let databases = 0;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  dir = await mkdtemp(join(tmpdir(), 'homing-days-'));
  const bin = findPgBin();
  if (!bin && process.env.CI) throw new Error('no PostgreSQL under /usr/lib/postgresql: CI must install it (apt-get install postgresql)');
  if (bin) server = await startPgServer(bin, 'homing_days');
});
test.afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function query(url: string, text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { return (await client.query(text, params)).rows; } finally { await client.end(); }
}

/** A database of its own: its url. */
async function database(): Promise<string> {
  const name = 'days_' + ++databases;
  await query(server!.url, 'CREATE DATABASE ' + name);
  return server!.url.replace(/[^/]+$/, name);
}

const engines = {
  pglite: async (opts: SqlStoreOptions) => openPgliteStore(join(dir, 'pg' + ++databases), opts),
  postgres: async (opts: SqlStoreOptions) => openPostgresStore(await database(), { max: 2, ...opts }),
};

for (const [engine, open] of Object.entries(engines)) {
  test.describe(engine, () => {
    let store: SqlStore | undefined;
    test.beforeEach(() => test.skip(engine === 'postgres' && !server, 'no PostgreSQL server installed'));
    test.afterEach(async () => { await store?.close(); store = undefined; });

    test('retention drops whole days and keeps every event younger than the retention', async () => {
      let now = NOON;
      store = await open({ now: () => now });
      const times = [-40, -31, -30.2, -29.9, -29, -1, 0].map((d) => NOON + d * DAY);
      for (const [i, t] of times.entries()) await store.accept('pk_r', [event('r' + i)], at(t));
      now = NOON;
      const pruned = await store.prune(new Date(NOON - 30 * DAY));
      const left = (await store.recent(100)).map((e) => e.messageId).sort();
      const young = times.flatMap((t, i) => (t >= NOON - 30 * DAY ? ['r' + i] : []));
      // Everything younger than 30 days is there; of the older, only what shares a day with a younger one.
      expect(left.filter((id) => young.includes(id))).toEqual(young.sort());
      expect(left).not.toContain('r0');
      expect(left).not.toContain('r1');
      expect(pruned).toBe(7 - left.length);
      // Day tables wait ahead for the next days.
      expect((await store.accept('pk_r', [event('ahead')], at(NOON + 3 * DAY)))).toEqual(['accepted']);
    });

    test('a messageId accepted before midnight is a duplicate after it, until the window has passed', async () => {
      const midnight = Date.parse('2026-12-08T00:00:00.000Z');
      let now = midnight - 30_000;
      store = await open({ now: () => now });
      expect(await store.accept('pk_d', [event('late')], at(now))).toEqual(['accepted']);
      now = midnight + 30_000;
      expect(await store.accept('pk_d', [event('late'), event('early')], at(now))).toEqual(['duplicate', 'accepted']);
      now = midnight + 23 * 3600_000;
      await store.prune(new Date(now - 30 * DAY));
      expect(await store.accept('pk_d', [event('late')], at(now))).toEqual(['duplicate']);
      // Dedup is per key.
      expect(await store.accept('pk_other', [event('late')], at(now))).toEqual(['accepted']);
      expect((await store.recent(10)).filter((e) => e.messageId === 'late')).toHaveLength(2);
    });
  });
}

test('a populated unpartitioned store migrates without losing or doubling an event, and keeps its dedup and outbox', async () => {
  test.skip(!server, 'no PostgreSQL server installed');
  test.setTimeout(120_000);
  const url = await database();
  // The schema as main had it (migrations 001–006), filled as a collector fills it: ids in arrival order.
  await query(url, 'CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  for (const m of (await readMigrations()).filter((m) => m.version < '007')) {
    await query(url, m.sql);
    await query(url, 'INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
  }
  const now = Date.now();
  await query(url, `INSERT INTO events (site_key, message_id, event_name, email, received_at, body)
    SELECT 'pk_m', 'm' || i, 'page_view', 'v' || (i % 50) || '@example.com', $1::timestamptz - (20000 - i) * interval '3 minutes',
      json_build_object('event', 'page_view', 'messageId', 'm' || i)
    FROM generate_series(1, 20000) i`, [new Date(now).toISOString()]);
  await query(url, `INSERT INTO outbox (destination, event_id, available_at, priority, person)
    SELECT 'crm', id, now(), 2, 'pk_m ' || email FROM events WHERE id > 19900 ORDER BY id`);
  const [before] = await query(url, "SELECT pg_relation_filenode('events') AS node, count(*)::int AS n FROM events");

  const store = await openPostgresStore(url, { destinations: ['crm'], max: 2 });
  try {
    const [after] = await query(url, `SELECT pg_relation_filenode('events_default') AS node, count(*)::int AS n,
      count(DISTINCT id)::int AS ids, count(DISTINCT message_id)::int AS keys FROM events`);
    // The old table became the default partition as it was: not copied, not rewritten.
    expect(after).toEqual({ node: before.node, n: 20000, ids: 20000, keys: 20000 });
    // Until midnight, arrivals still go to the old table, whose unique key still answers for all it holds.
    expect(await store.accept('pk_m', [event('m20000'), event('m19000'), event('new1')], at(now))).toEqual(['duplicate', 'duplicate', 'accepted']);
    const claimed = await store.claim('crm', 200, 60_000);
    expect(claimed).toHaveLength(101); // the 100 queued before, and new1
    expect(claimed.every((e) => e.event.messageId === e.messageId)).toBe(true);
    // The first prune validates the old table's bound, makes the day tables from it on, and deletes past retention.
    await store.prune(new Date(now - 30 * DAY));
    const [kept] = await query(url, 'SELECT count(*)::int AS n FROM events WHERE received_at < $1', [new Date(now - 31 * DAY).toISOString()]);
    expect(kept.n).toBe(0);
    const [total] = await query(url, 'SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM events');
    expect(total.n).toBe(total.ids);
    expect(total.n).toBe(20000 - Number((await query(url, `SELECT count(*)::int AS n FROM generate_series(1, 20000) i
      WHERE $1::timestamptz - (20000 - i) * interval '3 minutes' < $1::timestamptz - interval '30 days'`, [new Date(now).toISOString()]))[0].n) + 1);
    // Past the old table's bound (the next midnight), the last day's keys came across: m20000 arrived a moment ago.
    const floor = Math.ceil((now + 1) / DAY) * DAY;
    expect(await store.accept('pk_m', [event('m20000'), event('new1'), event('m19999')], at(floor + 1000))).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await store.accept('pk_m', [event('later')], at(now + 2 * DAY))).toEqual(['accepted']);
    const [where] = await query(url, "SELECT tableoid::regclass::text AS t FROM events WHERE message_id = 'later'");
    expect(where.t).toMatch(/^events_\d{8}$/);
  } finally {
    await store.close();
  }
  // Once all of the old table is past retention it is emptied and dropped: days then detach concurrently.
  const later = await openPostgresStore(url, { max: 2, now: () => now + 40 * DAY });
  try {
    await later.prune(new Date(now + 10 * DAY));
    expect(await query(url, "SELECT 1 FROM pg_class WHERE relname = 'events_default'")).toEqual([]);
    expect((await later.recent(10)).map((e) => e.messageId)).toEqual([]);
    expect(await later.accept('pk_m', [event('much-later')], at(now + 40 * DAY))).toEqual(['accepted']);
  } finally {
    await later.close();
  }
});
