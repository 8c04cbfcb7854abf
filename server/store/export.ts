// export.ts: the JSON-lines export of stored events for QA: one StoredEvent per line, oldest first.
import type { ServerResponse } from 'node:http';
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

/** `GET /__export?since=<ISO>&key=<key>`: the events.jsonl of the store, streamed. */
export async function exportLines(res: ServerResponse, store: Store, url: URL): Promise<void> {
  const since = url.searchParams.get('since');
  const filter: ExportFilter = { key: url.searchParams.get('key') ?? undefined };
  if (since && !Number.isNaN(Date.parse(since))) filter.since = new Date(since);
  res.writeHead(200, {
    'Content-Type': 'application/x-ndjson; charset=utf-8', 'Content-Disposition': 'attachment; filename="events.jsonl"',
    'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*',
  });
  try {
    await writeLines(store, res, filter);
  } finally {
    res.end();
  }
}
