// queue.ts: the persisted event queue; the only module that opens IndexedDB.
import { createStore, promisifyRequest } from 'idb-keyval';
import { checkSize } from './validate.js';
import { Stamped, withIdentity } from './event.js';

export const MAX_QUEUE = 10000;
export const MAX_HELD = 1000;
export const HELD_TTL_MS = 30 * 864e5;
/** How long a send lease lasts without renewal: longer than a request's 15 s timeout. */
export const LEASE_MS = 30000;

/**
 * '0' ready | '1' held, then capture ms (9 base-36 digits), tab, seq (6 digits): fixed widths, so
 * keys sort in capture order. String keys cost IndexedDB about half what array keys do.
 */
export type Key = string;
/** One event: its key, its wire JSON, p=1 for forms and inquiries (sent first at unload). */
export interface Rec { k: Key; j: string; p?: 1 }
/** Forms and inquiries: sent first when the page is left. */
export const PRIORITY = /^(form_submission|inquiry)$/;
export interface Dropped { rec: Rec; reason: string }
/** What one task's write came to: its records, and those the bounds dropped, or the error. */
export interface Written { recs: Rec[]; dropped: Dropped[]; error?: unknown }

interface Backend {
  /** Writes and deletes in one transaction; then says how many are [ready, held]. */
  put(add: Rec[], del: Key[]): Promise<number[]>;
  /** The oldest `count` records (all when undefined) of the ready (0) or held (1) part. */
  list(held: number, count?: number, known?: Map<Key, Rec>): Promise<Rec[]>;
  /** Takes or renews the send lease (now = 0 gives ours back); true when this tab holds it. */
  claim(now: number): Promise<boolean>;
}

const TAB = Math.random().toString(36).slice(2, 10);
let seq = 0;
const pad = (n: number, w: number) => n.toString(36).padStart(w, '0');
/** Capture time of a record, from its key. */
export const capturedAt = (k: Key) => parseInt(k.slice(1, 10), 36);

function idbBackend(name: string): Backend {
  const store = createStore(name, 'q');
  const range = (h: number) => IDBKeyRange.bound('' + h, '' + (h + 1), false, true);
  /** `fn` places the requests and returns what to read once the transaction has completed. */
  const tx = (mode: IDBTransactionMode, fn: (s: IDBObjectStore) => () => any): Promise<any> =>
    store(mode, (s) => {
      const out = fn(s);
      return promisifyRequest(s.transaction).then(out);
    });
  return {
    put: (add, del) => tx('readwrite', (s) => {
      add.forEach((r) => s.put(r, r.k));
      // An acknowledged batch is usually a run of neighbouring keys: when the range holds exactly
      // those (read in this same transaction, so nothing slips in), one ranged delete does it.
      // ('2' sorts after every key: with nothing to delete, the range is empty.)
      const keys = del.slice().sort();
      const all = IDBKeyRange.bound(keys[0] || '2', keys[keys.length - 1] || '2');
      const have = s.getAllKeys(all);
      let counts: IDBRequest[];
      have.onsuccess = () => {
        const k = have.result;
        if ('' + k == '' + keys) s.delete(all); // keys hold no commas
        else keys.forEach((x) => s.delete(x));
        counts = [0, 1].map((h) => s.count(range(h)));
      };
      return () => counts.map((r) => r.result);
    }),
    // Reading a record back costs ~6 µs of main-thread CPU, a key almost nothing: when this page
    // still holds every record listed (`known`), only the keys are read.
    list: (h, n, known) => tx('readonly', (s) => {
      const keys = s.getAllKeys(range(h), n);
      let all: IDBRequest | undefined;
      keys.onsuccess = () => {
        if (keys.result.some((k) => !known?.has(k as Key))) all = s.getAll(range(h), n);
      };
      return () => (all ? all.result : keys.result.map((k) => known!.get(k as Key)));
    }),
    // The lease record 'L' ([tab, expiry]) sorts after every event key. Read and written in one
    // transaction, so two tabs cannot both take it; a tab that dies loses it when it expires.
    claim: (now) => tx('readwrite', (s) => {
      const g = s.get('L');
      let ok: boolean;
      g.onsuccess = () => {
        const v = g.result;
        if ((ok = !v || v[0] == TAB || v[1] < now)) now ? s.put([TAB, now + LEASE_MS], 'L') : s.delete('L');
      };
      return () => ok;
    }),
  };
}

function memoryBackend(): Backend {
  const m = new Map<string, Rec>();
  const of = (h: number) => Array.from(m.values()).filter((r) => r.k[0] == '' + h).sort((a, b) => (a.k < b.k ? -1 : 1));
  return {
    put: async (add, del) => {
      del.forEach((k) => m.delete(k));
      add.forEach((r) => m.set(r.k, r));
      return [of(0).length, of(1).length];
    },
    list: async (h, n) => of(h).slice(0, n),
    claim: async () => true, // memory is this page's own
  };
}

export type Queue = ReturnType<typeof openQueue>;

/** The queue of one site key. IndexedDB is opened on first use; if it fails, memory takes over. */
export function openQueue(name: string, onFallback: (e: unknown) => void) {
  const mem = memoryBackend();
  let b: Backend | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let pending: Rec[] = [];
  let written: Promise<Written> | undefined;
  let commit: (() => void) | undefined;
  const attempt = async <T>(op: (b: Backend) => Promise<T>): Promise<T> => {
    const used = b || (b = idbBackend(name));
    try {
      return await op(used);
    } catch (e) {
      if (used == mem) throw e;
      if (b != mem) onFallback(e); // once: operations failing together fall back together
      return op((b = mem));
    }
  };
  /** Operations run one after another, in the order they were asked for. */
  const run = <T>(op: (b: Backend) => Promise<T>): Promise<T> => {
    const p = chain.then(() => attempt(op));
    chain = p.catch(() => 0);
    return p;
  };
  /** Removes records, saying why. */
  const drop = async (b: Backend, recs: Rec[], reason: string): Promise<Dropped[]> => {
    if (recs.length) await b.put([], recs.map((r) => r.k));
    return recs.map((rec) => ({ rec, reason }));
  };
  const add = (recs: Rec[]) => run(async (b) => {
    const [ready, held] = await b.put(recs, []);
    const overHeld = Math.max(0, held - MAX_HELD);
    const over = Math.max(0, ready + held - overHeld - MAX_QUEUE);
    return (overHeld ? await drop(b, await b.list(1, overHeld), 'held_limit') : [])
      .concat(over ? await drop(b, await b.list(0, over), 'queue_full') : []);
  });
  return {
    get storage() { return b == mem ? 'memory' : 'indexeddb'; },
    record(s: Stamped, now: number): Rec {
      const r: Rec = { k: +s.held + pad(now, 9) + TAB + pad(seq++, 6), j: s.json };
      if (PRIORITY.test(s.name)) r.p = 1;
      return r;
    },
    /**
     * Every record of one task is written in one transaction at the task's end (SPEC: one, not one
     * per event); all of them get the same promise.
     */
    write(rec: Rec): Promise<Written> {
      pending.push(rec);
      if (!written) {
        let go: () => void;
        written = new Promise<void>((r) => (go = r)).then(() => {
          const recs = pending;
          pending = [];
          written = commit = undefined;
          return add(recs).then((dropped) => ({ recs, dropped }), (error) => ({ recs, dropped: [], error: error || 'failed' }));
        });
        commit = go!;
        Promise.resolve().then(commit);
      }
      return written;
    },
    /** Starts writing this task's records now (before a release, or when the page is left). */
    commit: () => commit && commit(),
    /** Forgets records not yet written (opt-out). */
    discard: () => { pending = []; },
    /** Resolves once every operation asked for so far has run. */
    idle: () => run(async () => 0),
    /** Writes many records in one transaction, then keeps the bounds: newest 1,000 held, 10,000 in all. */
    add,
    lease: (n: number, known?: Map<Key, Rec>) => run((b) => b.list(0, n, known)),
    ack: (keys: Key[]) => run((b) => b.put([], keys)),
    claim: (now: number) => run((b) => b.claim(now)),
    counts: () => run(async (b) => {
      const [queued, held] = await b.put([], []);
      return { queued, held, oldest: (await b.list(0, 1))[0] };
    }),
    purge: () => run(async (b) => b.put([], (await b.list(0)).concat(await b.list(1)).map((r) => r.k))),
    /**
     * Held events leave with the identity, each measured again (the email adds bytes); held events
     * older than 30 days are dropped (SPEC §5). Without an email, only the expiry runs.
     */
    release: (email: string | undefined, now: number) => run(async (b) => {
      const released: Rec[] = [];
      const dropped: Dropped[] = [];
      const gone: Key[] = [];
      for (const rec of await b.list(1)) {
        const j = email && withIdentity(rec.j, email);
        const reason = now - capturedAt(rec.k) > HELD_TTL_MS ? 'held_expired' : j && checkSize(j) && 'EVENT_TOO_LARGE';
        if (reason) dropped.push({ rec, reason });
        else if (j) released.push({ ...rec, k: '0' + rec.k.slice(1), j });
        if (reason || j) gone.push(rec.k);
      }
      await b.put(released, gone); // one transaction: released events are never both held and ready
      return { released, dropped };
    }),
  };
}
