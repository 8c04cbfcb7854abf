// bench-store.mjs: rows/s of 200-event accept batches, PGlite always, PostgreSQL when DATABASE_URL is set (run `npm run build` first).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteStore } from '../server/build/server/store/pglite.js';
import { openPostgresStore } from '../server/build/server/store/postgres.js';

const BATCHES = 150;
const event = (id) => ({
  event: 'page_view', identify: { email: 'jane@example.com' }, timestamp: new Date().toISOString(), messageId: id,
  properties: { url: 'https://example.com/listing/' + id, title: 'A listing' },
});

async function bench(label, store, inFlight) {
  const run = Math.random().toString(36).slice(2);
  const batches = Array.from({ length: BATCHES }, (_, n) => Array.from({ length: 200 }, (_, i) => event(`${run}_${n}_${i}`)));
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < batches.length) await store.accept('pk_bench', batches[next++], { receivedAt: new Date().toISOString() });
  }));
  const rows = Math.round((BATCHES * 200) / ((performance.now() - started) / 1000));
  console.log(`${label.padEnd(34)} ${String(rows).padStart(7)} rows/s`);
}

async function suite(label, open) {
  for (const destinations of [[], ['crm', 'marketing']]) {
    const store = await open(destinations);
    for (const inFlight of [1, 2, 4]) await bench(`${label}, ${inFlight} in flight, ${destinations.length} dest`, store, inFlight);
    await store.close();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'homing-bench-'));
try {
  await suite('pglite', (destinations) => openPgliteStore(dir, { destinations }));
} finally {
  await rm(dir, { recursive: true, force: true });
}
if (process.env.DATABASE_URL) await suite('postgres', (destinations) => openPostgresStore(process.env.DATABASE_URL, { destinations }));
else console.log('postgres: set DATABASE_URL to measure it');
