// postgres.ts: the store on a PostgreSQL server through a node-postgres pool (DATABASE_URL).
import pg from 'pg';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { createPartitions } from './partitions.js';
import { listenForQueued } from './listen.js';
import { createSqlStore } from './sql.js';
import type { SqlStore, SqlStoreOptions } from './store.js';

export interface PostgresStoreOptions extends SqlStoreOptions {
  /** Pool size per process (node-postgres default: 10). */
  max?: number;
}

export async function openPostgresStore(databaseUrl: string, opts: PostgresStoreOptions = {}): Promise<SqlStore> {
  // Idle connections are kept a minute (node-postgres: 10 s): a new one costs a backend start and a first plan of
  // every statement, tens of ms that a batch arriving after a lull of a few seconds would wait for.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: opts.max ?? 10, idleTimeoutMillis: 60_000 });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = poolDb(pool);
  try {
    await migrate(db);
    // Today's table and the next days', before the first batch (the pruner keeps them ahead from then on).
    await createPartitions(db, 'postgres', opts.now ?? Date.now).ensure();
  } catch (err) {
    await pool.end();
    throw err;
  }
  const store = createSqlStore(db, 'postgres', opts);
  return withListening(store, databaseUrl);
}

/** The store's in-process wake, and (while a listener is subscribed) the database's notifications from other processes. */
function withListening(store: SqlStore, databaseUrl: string): SqlStore {
  const listeners = new Set<() => void>();
  let stop: (() => Promise<void>) | undefined;
  const stopListening = async () => {
    const stopping = stop;
    stop = undefined;
    await stopping?.();
  };
  return {
    ...store,
    onAccepted(listener) {
      const unsubscribe = store.onAccepted(listener);
      listeners.add(listener);
      stop ??= listenForQueued(databaseUrl, () => { for (const l of [...listeners]) l(); });
      return () => {
        unsubscribe();
        listeners.delete(listener);
        if (!listeners.size) void stopListening();
      };
    },
    async close() {
      await stopListening();
      await store.close();
    },
  };
}

// Named statements are parsed and planned once per connection, not on every batch.
const names = new Map<string, string>();
function statement(text: string, values?: unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (!name) names.set(text, (name = 'homing_' + names.size));
  return { name, text, values };
}

function poolDb(pool: pg.Pool): Db {
  return {
    async query(text, params) {
      return (await pool.query(statement(text, params))).rows;
    },
    async exec(text) {
      await pool.query(text);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(clientDb(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function clientDb(client: pg.PoolClient): Db {
  return {
    async query(text, params) {
      return (await client.query(statement(text, params))).rows;
    },
    async exec(text) {
      await client.query(text);
    },
    transaction: () => Promise.reject(new Error('nested transactions are not used')),
    close: async () => undefined,
  };
}
