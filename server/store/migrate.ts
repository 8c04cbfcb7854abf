// migrate.ts: applies migrations/NNN_*.sql in order at start-up, once, even when several processes start together.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

/** Any fixed number: every homing process takes the same advisory lock while it migrates. */
export const MIGRATION_LOCK = 0x686f6d67; // "homg"

export interface Migration {
  version: string;
  sql: string;
}

const here = dirname(fileURLToPath(import.meta.url));
// Next to this module in the sources; from build/server/store, the sources' copy unless the build copied them.
const DIRS = [join(here, 'migrations'), join(here, '../../../store/migrations')];

export async function readMigrations(dir = DIRS.find((d) => existsSync(d))): Promise<Migration[]> {
  if (!dir) throw new Error('no migrations directory in ' + DIRS.join(' or '));
  const names = (await readdir(dir)).filter((n) => /^\d+_.*\.sql$/.test(n)).sort();
  return Promise.all(names.map(async (n) => ({ version: n.replace(/\.sql$/, ''), sql: await readFile(join(dir, n), 'utf8') })));
}

/** Applies what is missing in one transaction; returns the versions it applied. */
export async function migrate(db: Db, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  return db.transaction(async (tx) => {
    // Held to commit: a second process waits here, then finds the work done.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await tx.query('SELECT version FROM schema_migrations')).map((r) => r.version as string));
    const applied: string[] = [];
    for (const m of all) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
      applied.push(m.version);
    }
    return applied;
  });
}
