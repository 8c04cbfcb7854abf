// export.ts: GET /__export: the store's events.jsonl, streamed (for QA; the CLI's `export` writes the same lines).
import type { ServerResponse } from 'node:http';
import { writeLines } from '../store/export.js';
import { ADMIN_HEADERS } from './guard.js';
import type { ExportFilter, Store } from '../store/store.js';

/** `GET /__export?since=<ISO>&key=<key>`: the events.jsonl of the store, streamed. */
export async function exportLines(res: ServerResponse, store: Store, url: URL): Promise<void> {
  const since = url.searchParams.get('since');
  const filter: ExportFilter = { key: url.searchParams.get('key') ?? undefined };
  if (since && !Number.isNaN(Date.parse(since))) filter.since = new Date(since);
  res.writeHead(200, {
    'Content-Type': 'application/x-ndjson; charset=utf-8', 'Content-Disposition': 'attachment; filename="events.jsonl"',
    ...ADMIN_HEADERS,
  });
  try {
    await writeLines(store, res, filter);
  } finally {
    res.end();
  }
}
