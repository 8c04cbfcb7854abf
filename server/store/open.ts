// open.ts: picks the engine: PostgreSQL when a database URL is given, else PGlite in `<dataDir>/pglite`.
import { join } from 'node:path';
import { openPgliteStore } from './pglite.js';
import { openPostgresStore } from './postgres.js';
import type { SqlStore, SqlStoreOptions } from './store.js';

export interface OpenStoreOptions extends SqlStoreOptions {
  /** Where PGlite keeps its database (a `pglite` directory inside it). */
  dataDir: string;
  /** postgres://… (the CLI passes DATABASE_URL); nothing is read from the environment here. */
  databaseUrl?: string;
}

export function openStore(opts: OpenStoreOptions): Promise<SqlStore> {
  return opts.databaseUrl ? openPostgresStore(opts.databaseUrl, opts) : openPgliteStore(join(opts.dataDir, 'pglite'), opts);
}
