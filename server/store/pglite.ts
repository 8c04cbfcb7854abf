// pglite.ts: the embedded default: PostgreSQL in WebAssembly (PGlite), persisted in a data directory, run in a worker thread.
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from './db.js';
import { lockDir } from './lock.js';
import { startPgliteThread } from './pglite-thread.js';
import { migrate, readMigrations } from './migrate.js';
import { seedFromTemplate } from './template.js';
import { createPartitions } from './partitions.js';
import { createSqlStore } from './sql.js';
import type { SqlStore, SqlStoreOptions } from './store.js';

interface Shared {
  db: Promise<Db>;
  users: number;
}

// PGlite is one single-user backend: two instances on one directory would corrupt it. Within this
// process every store on a directory shares one instance (closed when the last store closes); across
// processes a lock file refuses the second (PostgreSQL is the engine for many processes).
const open = new Map<string, Shared>();

/**
 * PGlite runs PostgreSQL without its checkpointer, so nothing recycles the WAL by itself: measured, pg_wal grew
 * without bound past max_wal_size. A checkpoint this often keeps it to what half a minute of writes needs.
 */
const CHECKPOINT_EVERY_MS = 30_000;

export async function openPgliteStore(dataDir: string, opts: SqlStoreOptions = {}): Promise<SqlStore> {
  const dir = resolve(dataDir);
  const shared = acquire(dir);
  try {
    const db = await shared.db;
    await migrate(db);
    await createPartitions(db, 'pglite', opts.now ?? Date.now).ensure();
    return createSqlStore({ ...db, close: () => release(dir, shared) }, 'pglite', opts);
  } catch (err) {
    await release(dir, shared);
    throw err;
  }
}

function acquire(dir: string): Shared {
  let shared = open.get(dir);
  if (!shared) {
    shared = { db: start(dir), users: 0 };
    open.set(dir, shared);
  }
  shared.users++;
  return shared;
}

async function start(dir: string): Promise<Db> {
  const unlock = await lockDir(dir);
  try {
    // A new database costs PGlite an initdb of several seconds; a copy of a migrated template costs well under one.
    if (isEmpty(dir)) await seedFromTemplate(dir, await readMigrations(), (at) => initTemplate(at));
    const db = await startPgliteThread(dir);
    const timer = setInterval(() => db.exec('CHECKPOINT').catch(() => undefined), CHECKPOINT_EVERY_MS);
    timer.unref();
    return { ...db, close: () => { clearInterval(timer); return db.close().finally(unlock); } };
  } catch (err) {
    unlock();
    throw err;
  }
}

async function initTemplate(dir: string): Promise<void> {
  const pg = await PGlite.create(dir);
  try {
    await migrate(pgliteDb(pg));
    // Only the `postgres` database is ever used; the two template databases are 600 of the 1,000 files a copy makes.
    for (const db of ['template0', 'template1']) {
      await pg.exec(`ALTER DATABASE ${db} IS_TEMPLATE false`);
      await pg.exec(`DROP DATABASE ${db}`);
    }
    await pg.exec('CHECKPOINT');
  } finally {
    await pg.close();
  }
}

function isEmpty(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

async function release(dir: string, shared: Shared): Promise<void> {
  if (--shared.users > 0) return;
  open.delete(dir);
  const db = await shared.db.catch(() => undefined);
  await db?.close();
}

/** The template is built in this thread, once: a plain PGlite, migrated, closed. */
function pgliteDb(pg: PGlite): Db {
  return {
    async query(text, params) {
      return (await pg.query<Record<string, unknown>>(text, params)).rows;
    },
    async exec(text) {
      await pg.exec(text);
    },
    transaction: (fn) => pg.transaction((tx) => fn(txDb(tx))),
    close: () => pg.close(),
  };
}

function txDb(tx: Transaction): Db {
  return {
    async query(text, params) {
      return (await tx.query<Record<string, unknown>>(text, params)).rows;
    },
    async exec(text) {
      await tx.exec(text);
    },
    transaction: () => Promise.reject(new Error('nested transactions are not used')),
    close: async () => undefined,
  };
}
