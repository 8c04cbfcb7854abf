// queue.ts: the persisted event queue; the only module that opens IndexedDB.
import { createStore, promisifyRequest } from 'idb-keyval';
import { checkSize } from './validate.js';
import { Stamped, withIdentity } from './event.js';

export const MAX_QUEUE = 10000;
export const MAX_HELD = 1000;
export const HELD_TTL_MS = 30 * 864e5;

/** [0 ready | 1 held, capture ms, tab, seq]: IndexedDB orders arrays element by element. */
export type Key = [number, number, string, number];
/** One event: its key, its wire JSON, p=1 for forms and inquiries (sent first at unload). */
export interface Rec { k: Key; j: string; p?: 1 }
export interface Dropped { rec: Rec; reason: string }

interface Backend {
  put(add: Rec[], del: Key[]): Promise<unknown>;
  list(held: number, count?: number): Promise<Rec[]>;
  count(held: number): Promise<number>;
  clear(): Promise<unknown>;
}

const TAB = Math.random().toString(36).slice(2, 10);
let seq = 0;

function idbBackend(name: string): Backend {
  const store = createStore(name, 'q');
  const range = (h: number) => IDBKeyRange.bound([h], [h, []]);
  const tx = <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T> =>
    store(mode, (s) => {
      const r = fn(s);
      return (r ? promisifyRequest(r) : promisifyRequest(s.transaction)) as Promise<T>;
    });
  return {
    put: (add, del) => tx('readwrite', (s) => { add.forEach((r) => s.put(r, r.k)); del.forEach((k) => s.delete(k)); }),
    list: (h, n) => tx('readonly', (s) => s.getAll(range(h), n)),
    count: (h) => tx('readonly', (s) => s.count(range(h))),
    clear: () => tx('readwrite', (s) => { s.clear(); }),
  };
}

const cmp = (a: Rec, b: Rec) => (a.k[1] - b.k[1]) || (a.k[2] < b.k[2] ? -1 : a.k[2] > b.k[2] ? 1 : a.k[3] - b.k[3]);

function memoryBackend(): Backend {
  const m = new Map<string, Rec>();
  const of = (h: number) => Array.from(m.values()).filter((r) => r.k[0] === h);
  return {
    put: async (add, del) => { del.forEach((k) => m.delete(String(k))); add.forEach((r) => m.set(String(r.k), r)); },
    list: async (h, n) => of(h).sort(cmp).slice(0, n),
    count: async (h) => of(h).length,
    clear: async () => m.clear(),
  };
}

export type Queue = ReturnType<typeof openQueue>;

/** The queue of one site key. IndexedDB is opened on first use; if it fails, memory takes over. */
export function openQueue(name: string, onFallback: (e: unknown) => void) {
  const mem = memoryBackend();
  let b: Backend | undefined;
  const run = async <T>(op: (b: Backend) => Promise<T>): Promise<T> => {
    try {
      if (!b) b = idbBackend(name);
      return await op(b);
    } catch (e) {
      if (b === mem) throw e;
      b = mem;
      onFallback(e);
      return op(mem);
    }
  };
  const record = (s: Stamped, now: number): Rec => {
    const r: Rec = { k: [s.held ? 1 : 0, now, TAB, seq++], j: s.json };
    if (/^(form_submission|inquiry)$/.test(s.name)) r.p = 1;
    return r;
  };
  /** Keeps the bounds: newest 1,000 held, 10,000 in all; oldest dropped first. */
  const bound = (b: Backend) => async (): Promise<Dropped[]> => {
    const [ready, held] = [await b.count(0), await b.count(1)];
    const dropHeld = Math.max(0, held - MAX_HELD);
    const dropReady = Math.max(0, ready + held - dropHeld - MAX_QUEUE);
    const out = (dropHeld ? await b.list(1, dropHeld) : []).map((rec) => ({ rec, reason: 'held_limit' }))
      .concat((dropReady ? await b.list(0, dropReady) : []).map((rec) => ({ rec, reason: 'queue_full' })));
    if (out.length) await b.put([], out.map((d) => d.rec.k));
    return out;
  };
  return {
    get storage() { return b === mem ? 'memory' : 'indexeddb'; },
    record,
    /** Writes many records in one transaction; resolves with what the bounds dropped. */
    add: (recs: Rec[]) => run(async (b) => { await b.put(recs, []); return bound(b)(); }),
    lease: (n: number) => run((b) => b.list(0, n)),
    ack: (keys: Key[]) => run((b) => b.put([], keys)),
    counts: () => run(async (b) => ({ queued: await b.count(0), held: await b.count(1), oldest: (await b.list(0, 1))[0] })),
    purge: () => run((b) => b.clear()),
    /** Held events leave with the identity; each is measured again (the email adds bytes). */
    release: (email: string, now: number) => run(async (b): Promise<{ released: Rec[]; dropped: Dropped[] }> => {
      const held = await b.list(1);
      const add: Rec[] = [];
      const dropped: Dropped[] = [];
      for (const r of held) {
        const j = withIdentity(r.j, email);
        if (now - r.k[1] > HELD_TTL_MS) dropped.push({ rec: r, reason: 'held_expired' });
        else if (checkSize(j)) dropped.push({ rec: r, reason: 'EVENT_TOO_LARGE' });
        else add.push(r.p ? { k: [0, r.k[1], r.k[2], r.k[3]], j, p: 1 } : { k: [0, r.k[1], r.k[2], r.k[3]], j });
      }
      await b.put(add, held.map((r) => r.k));
      return { released: add, dropped };
    }),
    /** Drops held events older than 30 days (SPEC §5). */
    expire: (now: number) => run(async (b): Promise<Dropped[]> => {
      const old = (await b.list(1)).filter((r) => now - r.k[1] > HELD_TTL_MS);
      if (old.length) await b.put([], old.map((r) => r.k));
      return old.map((rec) => ({ rec, reason: 'held_expired' }));
    }),
  };
}
