// partitions.ts: the day tables of `events` (migration 007): made ahead, made on demand, dropped past retention.
import type { Db } from './db.js';
import { MIGRATION_LOCK } from './migrate.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Days made ahead of today: a collector down for less than this finds its tables waiting. */
export const DAYS_AHEAD = 3;
/** Held while day tables are made or dropped, so two processes never race on one. */
const PARTITION_LOCK = MIGRATION_LOCK + 2;

// Each day table's own indexes (the parent has none: the old table attached as default keeps its own).
const INDEXES = ['(id)', '(site_key, message_id)'];

const DAY_TABLES = `
SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = 'events'::regclass AND c.relname ~ '^events_[0-9]{8}$'`;

// The old table's bound (null when there is none): day tables start there. Its check is validated once, with a lock
// that lets writes through; a day table attached after that needs no scan of it.
const DEFAULT_CHECK = `
SELECT substring(pg_get_constraintdef(oid) from '''([^'']+)''')::timestamptz AS floor, convalidated AS valid
FROM pg_constraint WHERE conname = 'events_default_before'`;

export const dayName = (day: number) => 'events_' + new Date(day * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '');
const dayOf = (name: string) => Date.parse(name.slice(7, 11) + '-' + name.slice(11, 13) + '-' + name.slice(13, 15)) / DAY_MS;
const iso = (day: number) => new Date(day * DAY_MS).toISOString();

export interface Partitions {
  /** Makes the day tables of today (by `now`) and DAYS_AHEAD days after, and of every `at` given (ISO times). */
  ensure(at?: readonly string[]): Promise<void>;
  /** Drops the day tables wholly before `cutoff` (their outbox rows first); returns how many events they held. */
  dropBefore(cutoff: Date): Promise<number>;
  /** The old table's bound, when there is one (rows before it are pruned by DELETE). */
  defaultFloor(): Promise<Date | undefined>;
  /** Validates the old table's check (a scan that lets writes through), then day tables can be attached to it. */
  validate(): Promise<void>;
  /** Drops the old table once all of it is before `cutoff`: from then on a day is detached concurrently. */
  dropDefaultBefore(cutoff: Date): Promise<void>;
}

export function createPartitions(db: Db, engine: 'pglite' | 'postgres', now: () => number): Partitions {
  let known = new Set<string>();
  let checked: { floor?: number; valid: boolean } | undefined;

  async function readDefault() {
    if (checked?.valid) return checked;
    const [row] = await db.query(DEFAULT_CHECK);
    checked = row ? { floor: Date.parse(new Date(row.floor as string).toISOString()), valid: !!row.valid } : { valid: true };
    return checked;
  }

  /** Validates the old table's check once: a scan of it, while writes go on (SHARE UPDATE EXCLUSIVE). */
  async function validate(): Promise<void> {
    if ((await readDefault()).valid) return;
    await db.exec('ALTER TABLE events_default VALIDATE CONSTRAINT events_default_before');
    checked = undefined;
  }

  async function ensure(at: readonly string[] = []): Promise<void> {
    const today = Math.floor(now() / DAY_MS);
    const wanted = new Set<number>();
    for (let d = today; d <= today + DAYS_AHEAD; d++) wanted.add(d);
    for (const t of at) wanted.add(Math.floor(Date.parse(t) / DAY_MS));
    const { floor, valid } = await readDefault();
    // Until the old table's check is validated, attaching a day would scan it under a lock that stops its readers.
    if (!valid) return;
    const days = [...wanted].filter((d) => !known.has(dayName(d)) && (floor === undefined || d * DAY_MS >= floor));
    if (!days.length) return;
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
      // Never queue behind a long reader for the default partition's lock (everything would queue behind us): try later.
      await tx.exec("SET LOCAL lock_timeout = '2s'");
      const existing = new Set((await tx.query(DAY_TABLES)).map((r) => r.name as string));
      for (const d of days) {
        const name = dayName(d);
        if (existing.has(name)) continue;
        // Made apart and attached: ATTACH takes SHARE UPDATE EXCLUSIVE on events, so inserts and reads go on.
        await tx.exec(`CREATE TABLE ${name} (LIKE events INCLUDING DEFAULTS)`);
        for (const [i, cols] of INDEXES.entries()) await tx.exec(`CREATE INDEX ${name}_${i} ON ${name} ${cols}`);
        await tx.exec(`ALTER TABLE events ATTACH PARTITION ${name} FOR VALUES FROM ('${iso(d)}') TO ('${iso(d + 1)}')`);
      }
      known = new Set([...existing, ...days.map(dayName)]);
    });
  }

  async function dropBefore(cutoff: Date): Promise<number> {
    let rows = 0;
    const names = (await db.query(DAY_TABLES)).map((r) => r.name as string).filter((n) => (dayOf(n) + 1) * DAY_MS <= cutoff.getTime()).sort();
    const hasDefault = (await readDefault()).floor !== undefined;
    for (const name of names) {
      const d = dayOf(name);
      await db.query('DELETE FROM outbox WHERE event_at >= $1 AND event_at < $2', [iso(d), iso(d + 1)]);
      const [held] = await db.query(DAY_TABLES.replace('c.relname AS name', 'c.reltuples AS estimate') + ' AND c.relname = $1', [name]);
      if (!held) continue; // another process dropped it
      // Counted for the log when cheap; a day of millions is only estimated (a count would read all of it).
      const estimate = Number(held.estimate);
      rows += estimate < 1e6 ? Number((await db.query(`SELECT count(*)::int AS n FROM ${name}`))[0].n) : estimate;
      try {
        // Concurrently, the detach waits for readers instead of blocking them (PostgreSQL; not with a default partition).
        if (engine === 'postgres' && !hasDefault) await detachConcurrently(name);
        else await db.transaction(async (tx) => {
          await tx.exec("SET LOCAL lock_timeout = '2s'");
          await tx.exec(`ALTER TABLE events DETACH PARTITION ${name}`);
        });
        await db.exec(`DROP TABLE ${name}`);
      } catch (err) {
        if (!/is not a partition|does not exist/.test((err as Error).message)) throw err; // another process was quicker
      }
      known.delete(name);
    }
    return rows;
  }

  async function detachConcurrently(name: string): Promise<void> {
    try {
      await db.exec(`ALTER TABLE events DETACH PARTITION ${name} CONCURRENTLY`);
    } catch (err) {
      // A detach cut short (the process died) is left pending: finish it.
      if (!/pending/i.test((err as Error).message)) throw err;
      await db.exec(`ALTER TABLE events DETACH PARTITION ${name} FINALIZE`);
    }
  }

  async function dropDefaultBefore(cutoff: Date): Promise<void> {
    const { floor, valid } = await readDefault();
    if (floor === undefined || !valid || floor > cutoff.getTime()) return;
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
      await tx.exec("SET LOCAL lock_timeout = '2s'");
      // Locked before it is found empty, so that no late row slips in between.
      await tx.exec('LOCK TABLE events_default IN ACCESS EXCLUSIVE MODE');
      if (!(await tx.query('SELECT 1 FROM events_default LIMIT 1')).length) await tx.exec('DROP TABLE events_default');
    });
    checked = undefined;
  }

  return {
    ensure,
    dropBefore,
    validate,
    dropDefaultBefore,
    async defaultFloor() {
      const floor = (await readDefault()).floor;
      return floor === undefined ? undefined : new Date(floor);
    },
  };
}
