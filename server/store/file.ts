// file.ts: the JSON-lines file store, for one in-process collector without a database (the SDK bench);
// one line per accepted event; the dedup index is rebuilt from the file at open. The CLI always uses SQL.
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  DEDUP_WINDOW_MS, type AcceptMeta, type ExportFilter, type Status, type Store, type StoredEvent, type WireEvent,
} from './store.js';

/** How many stored events `recent()` can return; the file is the full record. */
export const RECENT_KEPT = 1000;

export interface FileStoreOptions {
  /** Clock for the dedup window (tests move it). */
  now?: () => number;
}

export async function openFileStore(dir: string, opts: FileStoreOptions = {}): Promise<Store> {
  const now = opts.now ?? Date.now;
  const file = join(dir, 'events.jsonl');
  await mkdir(dir, { recursive: true });
  // Insertion order is arrival order, so the oldest entries sit at the front for pruning.
  const seen = new Map<string, number>();
  const recent: StoredEvent[] = [];
  for await (const rec of readRecords(file)) {
    const ms = Date.parse(rec.receivedAt);
    if (now() - ms < DEDUP_WINDOW_MS) seen.set(dedupKey(rec.key, rec.messageId), ms);
    keepRecent(recent, [rec]);
  }
  // A crash can leave a torn last line; start the next write on a fresh one.
  let isTorn = !(await endsWithNewline(file));
  let tail: Promise<unknown> = Promise.resolve();
  let isClosed = false;

  async function write(key: string, events: WireEvent[], meta: AcceptMeta): Promise<Status[]> {
    if (isClosed) throw new Error('store is closed');
    pruneSeen(seen, now());
    const ms = Date.parse(meta.receivedAt) || now();
    const statuses: Status[] = [];
    const fresh: StoredEvent[] = [];
    for (const event of events) {
      const id = dedupKey(key, event.messageId);
      if (seen.has(id)) { statuses.push('duplicate'); continue; }
      seen.set(id, ms);
      fresh.push({ key, messageId: event.messageId, receivedAt: meta.receivedAt, sentAt: meta.sentAt, event });
      statuses.push('accepted');
    }
    if (!fresh.length) return statuses;
    try {
      await appendFile(file, (isTorn ? '\n' : '') + fresh.map((r) => JSON.stringify(r) + '\n').join(''));
      isTorn = false;
    } catch (err) {
      isTorn = true;
      for (const r of fresh) seen.delete(dedupKey(r.key, r.messageId));
      throw err;
    }
    keepRecent(recent, fresh);
    return statuses;
  }

  return {
    accept(key, events, meta) {
      // One write at a time, so two copies of a messageId in flight never both count as accepted.
      const run = tail.then(() => write(key, events, meta));
      tail = run.catch(() => undefined);
      return run;
    },
    async seen(key, messageIds) {
      await tail;
      return messageIds.filter((m) => seen.has(dedupKey(key, m)));
    },
    async recent(limit) {
      return recent.slice(Math.max(0, recent.length - limit)).reverse();
    },
    async *exportEvents(filter: ExportFilter = {}) {
      await tail;
      const since = filter.since?.getTime() ?? -Infinity;
      for await (const rec of readRecords(file))
        if (Date.parse(rec.receivedAt) >= since && (!filter.key || rec.key === filter.key)) yield rec;
    },
    async close() {
      await tail;
      isClosed = true;
    },
  };
}

function dedupKey(key: string, messageId: string): string {
  return key + '\u0000' + messageId;
}

function pruneSeen(seen: Map<string, number>, now: number): void {
  for (const [id, ms] of seen) {
    if (now - ms < DEDUP_WINDOW_MS) break;
    seen.delete(id);
  }
}

function keepRecent(recent: StoredEvent[], add: StoredEvent[]): void {
  recent.push(...add);
  if (recent.length > RECENT_KEPT * 2) recent.splice(0, recent.length - RECENT_KEPT);
}

async function* readRecords(file: string): AsyncGenerator<StoredEvent> {
  const stream = createReadStream(file, 'utf8');
  const opened = await new Promise<boolean>((resolve, reject) => {
    stream.once('open', () => resolve(true));
    stream.once('error', (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? resolve(false) : reject(err)));
  });
  if (!opened) return;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    const rec = parseRecord(line);
    if (rec) yield rec;
  }
}

function parseRecord(line: string): StoredEvent | undefined {
  try {
    const rec = JSON.parse(line) as StoredEvent;
    const isRecord = typeof rec?.key === 'string' && typeof rec.messageId === 'string' && typeof rec.receivedAt === 'string';
    return isRecord ? rec : undefined;
  } catch {
    return undefined; // a torn line from a crash
  }
}

async function endsWithNewline(file: string): Promise<boolean> {
  const fh = await open(file, 'a+');
  try {
    const { size } = await fh.stat();
    if (size === 0) return true;
    const { buffer } = await fh.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer[0] === 0x0a;
  } finally {
    await fh.close();
  }
}
