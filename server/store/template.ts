// template.ts: a migrated, empty PGlite database kept in the temp directory and copied into each new data directory.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { rename, rm, rmdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Migration } from './migrate.js';

/**
 * Fills the empty `dir` with a copy of the template for this PGlite version and these migrations,
 * building the template first with `init` when there is none. A fresh PGlite runs initdb (5–7 s on
 * two cores); a copy and an open take well under a second, which the tests and `npm start` feel.
 */
export async function seedFromTemplate(dir: string, migrations: Migration[], init: (dir: string) => Promise<void>): Promise<void> {
  const template = join(tmpdir(), 'homing-pglite-' + templateId(migrations));
  if (!isDatabase(template)) await build(template, init);
  const partial = dir + '.seed-' + process.pid;
  await rm(partial, { recursive: true, force: true });
  cpSync(template, partial, { recursive: true });
  if (existsSync(dir)) await rmdir(dir);
  await rename(partial, dir);
}

async function build(template: string, init: (dir: string) => Promise<void>): Promise<void> {
  const partial = template + '.' + process.pid + '-' + Math.random().toString(36).slice(2);
  try {
    await init(partial);
    await rename(partial, template);
  } catch (err) {
    // Another process built it first: use theirs.
    if (!isDatabase(template)) throw err;
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}

function isDatabase(dir: string): boolean {
  return existsSync(join(dir, 'PG_VERSION'));
}

/** Bumped when what `init` puts in a template changes. */
const TEMPLATE_FORMAT = '2';

function templateId(migrations: Migration[]): string {
  const hash = createHash('sha256').update(TEMPLATE_FORMAT).update(pgliteVersion());
  for (const m of migrations) hash.update(m.version).update(m.sql);
  return hash.digest('hex').slice(0, 16);
}

function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}
