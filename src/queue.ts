// queue.ts: the persisted event queue: add, lease, ack, bound, hold (its IndexedDB layout is chunks.ts's, the only module that opens it).
import { chunkBackend } from './chunks.js';
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

export interface Backend {
  /** Writes and deletes in one transaction; then says how many are [ready, held]. */
  put(add: Rec[], del: Key[]): Promise<number[]>;
  /** The oldest `count` records (all when undefined) of the ready (0) or held (1) part. */
  list(held: number, count?: number): Promise<Rec[]>;
  /** Takes or renews the send lease (now = 0 gives ours back); true when this tab holds it. */
  claim(now: number): Promise<boolean>;
  /** The next use opens the database anew. */
  _reset(): void;
}

const TAB = Math.random().toString(36).slice(2, 10);
let seq = 0;
const pad = (n: number, w: number) => n.toString(36).padStart(w, '0');
/** Capture time of a record, from its key. */
export const capturedAt = (k: Key) => parseInt(k.slice(1, 10), 36);

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
    _reset() { /* nothing to reopen */ },
  };
}

export type Queue = ReturnType<typeof openQueue>;

/** The queue of one site key. IndexedDB is opened on first use; if it fails, memory takes over. */
/**
 * `spill` keeps records in localStorage (words.ts) and `unspill` takes them back (SPEC §5): what is
 * captured once the page is being left (the site's own pagehide listener) would not be written
 * before the page is gone; and a page in the back/forward cache writes nothing to IndexedDB until
 * it is shown again (chunks.ts), nor ever if it is evicted. Those are kept where the next page finds them.
 */
export function openQueue(name: string, onFallback: (e: unknown) => void, spill: (recs: Rec[]) => void, unspill: (recs: Rec[]) => void) {
  const mem = memoryBackend();
  let b: Backend | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let pending: Rec[] = [];
  let written: Promise<Written> | undefined;
  let commit: (() => void) | undefined;
  const unwritten = new Set<Rec>(); // captured, their write not yet done
  let cached: Rec[] | undefined; // spilled as the page entered the back/forward cache
  let gone = false;
  addEventListener('pagehide', (e) => ((gone = true), e.persisted && spill((cached = Array.from(unwritten)))));
  addEventListener('pageshow', () => ((gone = false), cached && (unspill(cached), (cached = undefined)))); // their parked write runs now
  /**
   * A database that does not answer in time (chunks.ts) or fails (connection lost, quota) is opened
   * anew and the operation tried once more; failing again, memory takes over for the page.
   */
  const attempt = async <T>(op: (b: Backend) => Promise<T>): Promise<T> => {
    const used = b || (b = chunkBackend(name, TAB, LEASE_MS));
    let e: unknown;
    for (let i = 0; i < 2 && used != mem; i++) {
      try {
        return await op(used);
      } catch (x) {
        e = x;
        used._reset();
      }
    }
    if (used != mem && b != mem) onFallback(e); // once: operations failing together fall back together
    return op((b = mem));
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
      if (gone) return spill([rec]), Promise.resolve({ recs: [rec], dropped: [] }); // the page is going: see openQueue
      pending.push(rec);
      unwritten.add(rec);
      if (!written) {
        let settle: (w: Written) => void;
        written = new Promise<Written>((r) => (settle = r));
        // Synchronous when asked for (commit): a release asked for next must run after this write.
        const go = (commit = () => {
          if (commit != go) return;
          const recs = pending;
          pending = [];
          written = commit = undefined;
          add(recs).then((dropped) => settle({ recs, dropped }), (error) => settle({ recs, dropped: [], error: error || 'failed' }))
            .then(() => recs.forEach((r) => unwritten.delete(r)));
        });
        Promise.resolve().then(go);
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
    lease: (n: number) => run((b) => b.list(0, n)),
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
      if (gone.length) await b.put(released, gone); // one transaction: released events are never both held and ready
      return { released, dropped };
    }),
  };
}
