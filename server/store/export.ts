// export.ts: the JSON-lines export of stored events: one StoredEvent per line, oldest first.
import type { Writable } from 'node:stream';
import type { ExportFilter, Store } from './store.js';

/** Writes every matching event as a line to `out`, waiting when it is full; returns how many. */
export async function writeLines(store: Store, out: Writable, filter: ExportFilter = {}): Promise<number> {
  let n = 0;
  for await (const event of store.exportEvents(filter)) {
    n++;
    if (!out.write(JSON.stringify(event) + '\n')) await new Promise((resolve) => out.once('drain', resolve));
    if (out.destroyed) break;
  }
  return n;
}
