// sql.ts: the one set of queries both engines run (events, dedup, pruning, rate window), over a tiny adapter.
import { acceptBatch, isoOrNull } from './accept.js';
import { toStoredEvent, type Db } from './db.js';
import { MIGRATION_LOCK, readMigrations } from './migrate.js';
import { createOutbox } from './outbox.js';
import { createPartitions } from './partitions.js';
import { createWhere } from './where.js';
import {
  DEDUP_WINDOW_MS, type AcceptMeta, type ExportFilter, type SqlStore, type SqlStoreOptions, type Status, type StoredEvent, type WireEvent,
} from './store.js';

export type { Db };

const RECENT = `
SELECT site_key, message_id, received_at, sent_at, body FROM events
WHERE ($2::text IS NULL OR email = $2) AND ($3::text IS NULL OR event_name = $3)
ORDER BY id DESC LIMIT $1`;

// Retention drops a whole day table (partitions.ts). The old table (default partition of migration 007) is pruned as
// before: small batches, each its own short transaction, walking ids from the oldest (ids follow arrival); fewer than
// `$2` deleted means it is done. Without a foreign key to a partitioned table, its outbox rows go in the same statement.
const PRUNE = `
WITH oldest AS (SELECT id, received_at FROM events_default ORDER BY id LIMIT $2),
gone AS (DELETE FROM events_default WHERE id IN (SELECT id FROM oldest WHERE received_at < $1) RETURNING id),
queued AS (DELETE FROM outbox WHERE event_id IN (SELECT id FROM gone))
SELECT count(*)::int AS n FROM gone`;

// The dedup keys past the window, a batch at a time (seen_at walks them oldest first).
const FORGET = `
WITH old AS (SELECT site_key, message_id FROM seen WHERE at < $1 ORDER BY at LIMIT $2),
gone AS (DELETE FROM seen s USING old WHERE s.site_key = old.site_key AND s.message_id = old.message_id RETURNING 1)
SELECT count(*)::int AS n FROM gone`;

/** A batch that landed on a day with no table yet (or on the old table past its bound). */
const isMissingDay = (err: unknown) => /no partition of relation|events_default_before/.test((err as Error).message);

/** Dedup keys are kept a little past the window: a batch retried at 23:59:59 still finds its key. */
const FORGET_MARGIN_MS = 60 * 60 * 1000;

/** Held by the process pruning now, so the other processes (and machines) skip rather than pile up. */
const PRUNE_LOCK = MIGRATION_LOCK + 1;

const SEEN = 'SELECT message_id FROM seen WHERE site_key = $1 AND message_id = ANY($2::text[])';

const EXPORT = `
SELECT id, site_key, message_id, received_at, sent_at, body FROM events
WHERE id > $1 AND ($2::timestamptz IS NULL OR received_at >= $2) AND ($3::text IS NULL OR site_key = $3)
ORDER BY id LIMIT $4`;

// A row keeps a key's newest limit+1 request times: the window is full when the oldest of the
// newest `limit` before this one is still inside it (the rule of server/rate.ts, shared by all processes).
const HIT_WINDOW = `
INSERT INTO rate_windows AS w (site_key, times) VALUES ($1, ARRAY[$2::bigint])
ON CONFLICT (site_key) DO UPDATE
SET times = (w.times || $2::bigint)[greatest(1, cardinality(w.times) + 1 - $3::int):]
RETURNING times`;

export function createSqlStore(db: Db, engine: SqlStore['engine'], opts: SqlStoreOptions = {}): SqlStore {
  const now = opts.now ?? Date.now;
  const destinations = [...(opts.destinations ?? [])];
  const partitions = createPartitions(db, engine, now);
  let isClosed = false;
  const listeners = new Set<() => void>();

  async function accept(key: string, events: WireEvent[], meta: AcceptMeta): Promise<Status[]> {
    if (isClosed) throw new Error('store is closed');
    const receivedAt = isoOrNull(meta.receivedAt) ?? new Date(now()).toISOString();
    const statuses = await acceptBatch(db, destinations, key, events, meta, receivedAt).catch(async (err) => {
      if (!isMissingDay(err)) throw err;
      await partitions.ensure([receivedAt]);
      return acceptBatch(db, destinations, key, events, meta, receivedAt);
    });
    if (destinations.length && statuses.includes('accepted')) for (const listener of [...listeners]) listener();
    return statuses;
  }

  async function recent(limit: number, filter: { email?: string; event?: string } = {}): Promise<StoredEvent[]> {
    const rows = await db.query(RECENT, [limit, filter.email ?? null, filter.event ?? null]);
    return rows.map(toStoredEvent);
  }

  async function prune(olderThan: Date, batch = 1000): Promise<number> {
    // Never within the dedup window; a day table goes once all of its day is past the cutoff.
    const cutoff = new Date(Math.min(olderThan.getTime(), now() - DEDUP_WINDOW_MS)).toISOString();
    await partitions.validate();
    await partitions.ensure();
    const days = await partitions.dropBefore(new Date(cutoff));
    let total = 0;
    if (await partitions.defaultFloor()) for (;;) {
      const deleted = await pruneBatch(PRUNE, cutoff, batch);
      if (deleted === undefined) return total + days; // another process is pruning
      total += deleted;
      if (deleted < batch) break;
    }
    await partitions.dropDefaultBefore(new Date(cutoff));
    const forgetBefore = new Date(now() - DEDUP_WINDOW_MS - FORGET_MARGIN_MS).toISOString();
    while (((await pruneBatch(FORGET, forgetBefore, batch * 10)) ?? 0) === batch * 10);
    await db.query('DELETE FROM dead_letters WHERE failed_at < $1', [cutoff]);
    await db.query('DELETE FROM deliveries WHERE at < $1', [cutoff]);
    await db.query('DELETE FROM rate_windows WHERE times[cardinality(times)] < $1', [Date.parse(cutoff)]);
    // PGlite has no autovacuum: without this the space of deleted rows is never reused.
    if (engine === 'pglite' && total + days > 0) for (const table of ['seen', 'outbox']) await db.exec('VACUUM ' + table);
    return total + days;
  }

  function pruneBatch(query: string, cutoff: string, batch: number): Promise<number | undefined> {
    return db.transaction(async (tx) => {
      const [lock] = await tx.query('SELECT pg_try_advisory_xact_lock($1) AS ok', [PRUNE_LOCK]);
      if (!lock.ok) return undefined;
      const [row] = await tx.query(query, [cutoff, batch]);
      return Number(row.n);
    });
  }

  async function* exportEvents(filter: ExportFilter = {}, pageSize = 1000): AsyncGenerator<StoredEvent> {
    const since = filter.since ? filter.since.toISOString() : null;
    for (let after = 0; ;) {
      const rows = await db.query(EXPORT, [after, since, filter.key ?? null, pageSize]);
      for (const r of rows) yield toStoredEvent(r);
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1].id);
    }
  }

  async function hitWindow(key: string, at: number, limit: number, windowMs: number) {
    const [row] = await db.query(HIT_WINDOW, [key, Math.floor(at), limit]);
    const times = (row.times as unknown[]).map(Number);
    const isFull = times.length > limit && times[0] > at - windowMs;
    if (!isFull) return { ok: true } as const;
    // Refused requests count too (as in rate.ts); a slot frees when the oldest of the newest `limit` leaves the window.
    const oldest = times[times.length - limit];
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - at) / 1000)) } as const;
  }

  async function isReady(): Promise<boolean> {
    try {
      const latest = (await (known ??= readMigrations())).at(-1)?.version;
      return (await db.query('SELECT 1 FROM schema_migrations WHERE version = $1', [latest])).length > 0;
    } catch {
      return false;
    }
  }
  let known: ReturnType<typeof readMigrations> | undefined;

  return {
    engine,
    destinations,
    accept,
    async seen(key, messageIds) {
      return messageIds.length ? (await db.query(SEEN, [key, messageIds])).map((r) => r.message_id as string) : [];
    },
    recent,
    prune,
    hitWindow,
    isReady,
    exportEvents,
    ...createOutbox(db, now),
    ...createWhere(db, now, destinations),
    onAccepted(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      await db.close();
    },
  };
}
