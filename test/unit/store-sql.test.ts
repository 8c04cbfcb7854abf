// store-sql.test.ts: one suite, run unchanged on PGlite and on a real PostgreSQL this file starts itself.
import { test, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPgliteStore } from '../../server/store/pglite.js';
import { openPostgresStore } from '../../server/store/postgres.js';
import type { SqlStore, SqlStoreOptions, WireEvent } from '../../server/store/store.js';
import { findPgBin, startPgServer, type PgServer } from './pg-server.js';

const DAY = 864e5;

interface Engine {
  /** Another store instance on the same database (PGlite: same directory; PostgreSQL: a new pool). */
  open(opts?: SqlStoreOptions): Promise<SqlStore>;
  /** Closes what the engine keeps open, so the next open starts from disk (PGlite) or a new pool. */
  restart(): Promise<void>;
  /** Opens on an empty database, for the first-start race of migrations. */
  openFresh(): () => Promise<SqlStore>;
  tearDown(): Promise<void>;
}

async function pgliteEngine(): Promise<Engine> {
  const dirs = [await mkdtemp(join(tmpdir(), 'homing-pglite-'))];
  // One store stays open, so the tests' own opens share its instance instead of booting PGlite each time.
  let anchor = await openPgliteStore(dirs[0]);
  return {
    open: (opts) => openPgliteStore(dirs[0], opts),
    async restart() {
      await anchor.close();
      anchor = await openPgliteStore(dirs[0]);
    },
    openFresh() {
      const dir = dirs[0] + '-fresh' + dirs.length;
      dirs.push(dir);
      return () => openPgliteStore(dir);
    },
    async tearDown() {
      await anchor.close();
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresEngine(server: PgServer): Promise<Engine> {
  let fresh = 0;
  return {
    open: (opts) => openPostgresStore(server.url, { max: 4, ...opts }),
    restart: async () => undefined,
    openFresh() {
      const name = 'fresh_' + ++fresh;
      const url = server.url.replace(/[^/]+$/, name);
      let created: Promise<void> | undefined;
      const create = () => (created ??= createDatabase(server.url, name));
      return async () => { await create(); return openPostgresStore(url, { max: 2 }); };
    },
    tearDown: async () => undefined,
  };
}

async function createDatabase(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE DATABASE ' + name).finally(() => client.end());
}

let seq = 0;
const event = (messageId: string, name = 'page_view', email = 'jane@example.com'): WireEvent =>
  ({ event: name, identify: { email }, properties: { n: ++seq }, timestamp: '2026-11-22T12:00:00.000Z', messageId });
const events = (prefix: string, n: number, name?: string) => Array.from({ length: n }, (_, i) => event(prefix + i, name));
const at = (ms = Date.now()) => ({ receivedAt: new Date(ms).toISOString() });

for (const engineName of ['pglite', 'postgres'] as const) {
  test.describe.serial(engineName, () => {
    let engine: Engine;
    let server: PgServer | undefined;
    const opened: SqlStore[] = [];
    const open = async (opts?: SqlStoreOptions) => { const s = await engine.open(opts); opened.push(s); return s; };

    test.beforeAll(async () => {
      test.setTimeout(90_000);
      if (engineName === 'pglite') return void (engine = await pgliteEngine());
      const bin = findPgBin();
      if (!bin && process.env.CI) throw new Error('no PostgreSQL under /usr/lib/postgresql: CI must install it (apt-get install postgresql)');
      test.skip(!bin, 'no PostgreSQL server installed (apt-get install postgresql); the PostgreSQL half of this suite is skipped');
      server = await startPgServer(bin as string);
      engine = await postgresEngine(server);
    });
    test.afterEach(async () => { for (const s of opened.splice(0)) await s.close(); });
    test.afterAll(async () => {
      await engine?.tearDown();
      await server?.stop();
    });

    test('a messageId already stored is a duplicate in a later batch', async () => {
      const store = await open();
      expect(await store.accept('pk_a', [event('a1'), event('a2')], at())).toEqual(['accepted', 'accepted']);
      expect(await store.accept('pk_a', [event('a2'), event('a3')], at())).toEqual(['duplicate', 'accepted']);
      expect(await store.accept('pk_other', [event('a1')], at())).toEqual(['accepted']);
    });

    test('seen() names the messageIds the key holds, and only the key\'s', async () => {
      const store = await open();
      await store.accept('pk_s', [event('s1'), event('s2')], at());
      expect((await store.seen('pk_s', ['s2', 's9', 's1'])).sort()).toEqual(['s1', 's2']);
      expect(await store.seen('pk_other_s', ['s1'])).toEqual([]);
      expect(await store.seen('pk_s', [])).toEqual([]);
    });

    test('a second copy in one batch is a duplicate and statuses follow input order', async () => {
      const store = await open();
      await store.accept('pk_b', [event('b2')], at());
      const batch = [event('b3'), event('b1'), event('b2'), event('b3'), event('b0')];
      expect(await store.accept('pk_b', batch, at())).toEqual(['accepted', 'accepted', 'duplicate', 'duplicate', 'accepted']);
      const [b3] = (await store.recent(50)).filter((e) => e.key === 'pk_b' && e.messageId === 'b3');
      expect(b3.event.properties).toEqual(batch[0].properties);
    });

    test('dedup survives closing and reopening the store', async () => {
      const first = await engine.open();
      await first.accept('pk_c', [event('c1')], at());
      await first.close();
      await engine.restart();
      const second = await open();
      expect(await second.accept('pk_c', [event('c1'), event('c2')], at())).toEqual(['duplicate', 'accepted']);
    });

    test('two instances accepting the same messageIds at once accept each exactly once', async () => {
      const [a, b] = [await open(), await open()];
      const ids = Array.from({ length: 300 }, (_, i) => 'd' + i);
      const batches = Array.from({ length: 12 }, (_, n) => shuffle(ids.filter((_, i) => (i + n) % 3 !== 0)).slice(0, 150));
      const results = await Promise.all(batches.map((batch, n) =>
        (n % 2 ? a : b).accept('pk_d', batch.map((id) => event(id)), at()).then((s) => s.map((st, i) => [batch[i], st]))));
      const accepted = results.flat().filter(([, st]) => st === 'accepted').map(([id]) => id);
      expect(accepted.length).toBe(new Set(accepted).size);
      expect(new Set(accepted)).toEqual(new Set(batches.flat()));
    });

    test('migrations run twice and by two openers at once without error', async () => {
      const openFresh = engine.openFresh();
      const stores = await Promise.all([openFresh(), openFresh()]);
      opened.push(...stores, await openFresh());
      for (const s of opened) expect(await s.isReady()).toBe(true);
      expect(await stores[1].accept('pk_e', [event('e1')], at())).toEqual(['accepted']);
    });

    test('prune deletes old events in small batches and keeps the last 24 hours', async () => {
      // A database of its own, filled in arrival order as a collector fills it (prune walks ids from the oldest).
      const store = await engine.openFresh()();
      opened.push(store);
      const now = Date.now();
      await store.accept('pk_f', events('old', 3, 'prune_probe'), at(now - 40 * DAY));
      await store.accept('pk_f', events('day', 2, 'prune_probe'), at(now - 2 * DAY));
      await store.accept('pk_f', events('now', 2, 'prune_probe'), at(now - 1000));
      expect(await store.prune(new Date(now - 30 * DAY), 2)).toBe(3);
      // Asked for everything: the dedup window still keeps the last 24 hours.
      expect(await store.prune(new Date(now), 2)).toBe(2);
      const left = await store.recent(100, { event: 'prune_probe' });
      expect(left.map((e) => e.messageId).sort()).toEqual(['now0', 'now1']);
      expect(await store.accept('pk_f', [event('now0'), event('old0')], at())).toEqual(['duplicate', 'accepted']);
    });

    test('the request window allows N, then refuses with Retry-After, across two instances', async () => {
      const [a, b] = [await open(), await open()];
      const t = Date.now();
      const hits = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).hitWindow('pk_g', t, 10, 60_000)));
      expect(hits.every((h) => h.ok)).toBe(true);
      expect(await a.hitWindow('pk_g', t + 20_000, 10, 60_000)).toEqual({ ok: false, retryAfterSeconds: 40 });
      expect(await b.hitWindow('pk_g', t + 30_000, 10, 60_000)).toEqual({ ok: false, retryAfterSeconds: 30 });
      expect(await b.hitWindow('pk_h', t, 10, 60_000)).toEqual({ ok: true });
      expect((await a.hitWindow('pk_g', t + 60_010, 10, 60_000)).ok).toBe(true);
    });

    test('two workers claiming at once never get the same event', async () => {
      const producer = await open({ destinations: ['crm_i', 'mkt_i'] });
      // 60 people: one person's events of a class go in capture order, so they are never claimed side by side.
      await producer.accept('pk_i', Array.from({ length: 60 }, (_, i) => event('i' + i, 'page_view', 'p' + i + '@example.com')), at());
      const [a, b] = [await open(), await open()];
      const claims = await Promise.all([a, b, a, b].map((w) => w.claim('crm_i', 20, 60_000)));
      const ids = claims.flat().map((e) => e.id);
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
      expect(new Set(claims.flat().map((e) => e.messageId)).size).toBe(60);
      expect((await a.lag('mkt_i')).pending).toBe(60);
    });

    test('the outbox keeps batch order and confirm removes events; lag counts what is left', async () => {
      const store = await open({ destinations: ['crm_j'] });
      const batch = [event('j2'), event('j0'), event('j1')];
      await store.accept('pk_j', batch, at());
      const claimed = await store.claim('crm_j', 10, 60_000);
      expect(claimed.map((e) => e.messageId)).toEqual(['j2', 'j0', 'j1']);
      expect(claimed[0].event).toEqual(batch[0]);
      expect(await store.confirm('crm_j', claimed.slice(0, 2).map((e) => e.id))).toBe(2);
      expect((await store.lag('crm_j')).pending).toBe(1);
      expect(await store.confirm('crm_j', [claimed[2].id])).toBe(1);
      expect(await store.lag('crm_j')).toEqual({ pending: 0, classes: {} });
    });

    test('an expired lease brings the event back', async () => {
      let clock = Date.now();
      const store = await open({ destinations: ['crm_k'], now: () => clock });
      await store.accept('pk_k', [event('k1')], at(clock));
      const [first] = await store.claim('crm_k', 10, 30_000);
      clock += 29_000;
      expect(await store.claim('crm_k', 10, 30_000)).toEqual([]);
      clock += 1_001;
      const [again] = await store.claim('crm_k', 10, 30_000);
      expect(again).toMatchObject({ id: first.id, messageId: 'k1', attempts: 2 });
    });

    test('reschedule delays an event until its retry time', async () => {
      let clock = Date.now();
      const store = await open({ destinations: ['crm_l'], now: () => clock });
      await store.accept('pk_l', [event('l1')], at(clock));
      const [claimed] = await store.claim('crm_l', 10, 1_000);
      await store.reschedule('crm_l', claimed.id, new Date(clock + 10_000), 'HTTP 503');
      clock += 5_000;
      expect(await store.claim('crm_l', 10, 1_000)).toEqual([]);
      clock += 5_000;
      expect(await store.claim('crm_l', 10, 1_000)).toMatchObject([{ id: claimed.id, attempts: 2, lastError: 'HTTP 503' }]);
    });

    test('a dead letter leaves the outbox and keeps the answer', async () => {
      const store = await open({ destinations: ['crm_m', 'mkt_m'] });
      await store.accept('pk_m', [event('m1'), event('m2')], at());
      const [bad] = await store.claim('crm_m', 1, 60_000);
      const answer = { status: 422, body: { error: 'person.emails is required' } };
      await store.deadLetter('crm_m', bad.id, answer);
      const letters = await store.deadLetters('crm_m');
      expect(letters).toMatchObject([{ id: bad.id, destination: 'crm_m', messageId: 'm1', key: 'pk_m', answer, attempts: 1 }]);
      expect((await store.deadLetters()).some((d) => d.id === bad.id)).toBe(true);
      expect(await store.deadLetters('mkt_m')).toEqual([]);
      expect(await store.lag('crm_m')).toMatchObject({ pending: 1 });
      expect((await store.claim('crm_m', 10, 60_000)).map((e) => e.messageId)).toEqual(['m2']);
    });

    test('text PostgreSQL jsonb or timestamptz cannot hold (NUL, a lone surrogate, 30 February) is stored as sent, with the events around it', async () => {
      // JSON.stringify writes both as \u escapes; a jsonb column refuses them, which failed the whole batch.
      const store = await open({ destinations: ['crm_o'] });
      // And a day V8 reads (as 2 March) but PostgreSQL's timestamptz would refuse.
      const odd = { ...event('o2'), properties: { note: 'a\u0000b', half: '\ud83d', pair: '😀' }, timestamp: '2026-02-30T10:00:00.000Z' };
      expect(await store.accept('pk_o', [event('o1'), odd, event('o3')], at())).toEqual(['accepted', 'accepted', 'accepted']);
      const stored = (await store.recent(10)).filter((e) => e.key === 'pk_o');
      expect(stored.map((e) => e.messageId)).toEqual(['o3', 'o2', 'o1']);
      expect(stored[1].event.properties).toEqual(odd.properties);
      const claimed = await store.claim('crm_o', 10, 60_000);
      expect(claimed[1].event.properties).toEqual(odd.properties);
      await store.deadLetter('crm_o', claimed[1].id, { status: 422 });
      expect((await store.deadLetters('crm_o'))[0].event.properties).toEqual(odd.properties);
    });

    test('recent filters by email and event name, newest first', async () => {
      const store = await open();
      await store.accept('pk_n', [event('n1', 'search', 'ann@example.com'), event('n2', 'search', 'bob@example.com')], at());
      await store.accept('pk_n', [event('n3', 'search', 'ann@example.com'), event('n4', 'contact', 'ann@example.com')], at());
      expect((await store.recent(10, { email: 'ann@example.com', event: 'search' })).map((e) => e.messageId)).toEqual(['n3', 'n1']);
      expect((await store.recent(1))[0].messageId).toBe('n4');
    });

    test('export lists stored events oldest first, from a time and for one key', async () => {
      const store = await open();
      const t = Date.now();
      await store.accept('pk_x', [event('x1'), event('x2')], at(t - 60_000));
      await store.accept('pk_x', [event('x3')], at(t));
      await store.accept('pk_x_other', [event('x4')], at(t));
      const all: string[] = [];
      for await (const e of store.exportEvents({ key: 'pk_x' })) all.push(e.messageId);
      expect(all).toEqual(['x1', 'x2', 'x3']);
      const since: string[] = [];
      for await (const e of store.exportEvents({ key: 'pk_x', since: new Date(t - 1000) })) since.push(e.messageId);
      expect(since).toEqual(['x3']);
    });
  });
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
