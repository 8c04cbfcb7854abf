// chunks.ts: the queue's IndexedDB layout: the events of one write in few records (chunks), so a task's captures cost one put, not one each.
import { promisifyRequest } from 'idb-keyval';
import type { Backend, Key, Rec } from './queue.js';

/**
 * At most this many events a record. In Chromium a put costs 20–27 µs of main-thread CPU whatever
 * it holds; 100 events a record makes that a fraction of a µs per event, while a chunk that an
 * acknowledgement cuts in two costs at most 100 events to write back.
 */
export const CHUNK_EVENTS = 100;
/** SPEC §5 "Never stuck": opening the database, and each transaction, are given up after these. */
export const OPEN_MS = 1000;
export const TX_MS = 1500;

const late = (what: string) => new DOMException(what, 'TimeoutError');

/**
 * idb-keyval's createStore, bounded: an open that does not answer in time, or is `blocked`, fails
 * (a late connection is closed as it comes), and a connection another tab's upgrade or delete asks
 * for (`versionchange`) is closed at once and opened anew on next use, never waited on.
 */
function openStore(name: string, restore: (s: IDBObjectStore) => void) {
  let dbp: Promise<IDBDatabase> | undefined;
  // Deleted by another tab (a visitor clearing the site's data) while this page held events not yet sent:
  // the next transaction writes back what this page knows, so nothing is lost (SPEC §5).
  let gone: unknown;
  const db = () => dbp || (dbp = new Promise<IDBDatabase>((ok, no) => {
    const req = indexedDB.open(name);
    let given: unknown;
    const fail = (e: unknown) => ((given = e), (dbp = undefined), no(e));
    const timer = setTimeout(() => fail(late('open')), OPEN_MS);
    req.onupgradeneeded = () => req.result.createObjectStore('q');
    req.onblocked = () => fail(late('blocked'));
    req.onerror = () => fail(req.error);
    req.onsuccess = () => {
      const d = req.result;
      clearTimeout(timer);
      if (given) return d.close();
      d.onversionchange = d.onclose = (e: any) => (d.close(), (dbp = undefined), (gone = !e.newVersion));
      ok(d);
    };
  }));
  return {
    _tx: <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => Promise<T>) => db().then((d) => {
      const t = d.transaction('q', gone ? 'readwrite' : mode);
      if (gone) (gone = 0), restore(t.objectStore('q'));
      const timer = setTimeout(() => { try { t.abort(); } catch (e) { /* done already */ } }, TX_MS);
      // An abort() of ours rejects with no error: say which limit it was.
      return fn(t.objectStore('q')).catch((x) => { throw x || late('transaction'); }).finally(() => clearTimeout(timer));
    }),
    /** After a failure: the next use opens the database anew. */
    _reset() {
      dbp?.then((d) => d.close(), () => 0);
      dbp = undefined;
    },
  };
}

/** A chunk's key: its first event's key, '.', its event count in base 36; the parts' counts come from keys alone. */
const keyOf = (recs: Rec[]) => recs[0].k + '.' + recs.length.toString(36);
const countOf = (ck: IDBValidKey) => parseInt(('' + ck).split('.')[1], 36) || 0;

export function chunkBackend(name: string, tab: string, leaseMs: number): Backend {
  const { _tx: store, _reset } = openStore(name, (s) => seen.forEach((part, ck) => s.put(part, ck)));
  const range = (h: number) => IDBKeyRange.bound('' + h, '' + (h + 1), false, true);
  // Chunk key → its events, for the ready chunks this page wrote or read: a chunk is never changed in
  // place (a cut one is written back under another key), so one that still exists holds these. Not
  // the held ones: an anonymous visitor's page views would pile up here for as long as the page lives.
  const seen = new Map<IDBValidKey, Rec[]>();
  // WebKit keeps a transaction still running as the page enters the back/forward cache, and every
  // other page's transaction on this database waits for it until the cached page is dropped (a
  // form's next page stood still): it is aborted then, and run again if the page is shown again.
  const live = new Set<IDBTransaction>();
  let away: Promise<unknown> | undefined;
  let back: (v?: unknown) => void;
  const park = (t: IDBTransaction) => {
    live.delete(t);
    try {
      t.abort();
    } catch (e) { /* already committing: it waits on nothing of this page */ }
  };
  addEventListener('pagehide', (e) => e.persisted && ((away = new Promise((ok) => (back = ok))), live.forEach(park)));
  addEventListener('pageshow', () => away && (back(), (away = undefined)));
  /** `fn` places the requests and returns what to read once the transaction has completed. */
  const tx = (mode: IDBTransactionMode, fn: (s: IDBObjectStore) => () => any): Promise<any> => {
    let t: IDBTransaction | undefined;
    return Promise.resolve(away).then(() => store(mode, (s) => {
      live.add((t = s.transaction));
      const out = fn(s);
      if (away) park(t); // begun as the page went
      return promisifyRequest(t).then(out);
    })).then((v) => (live.delete(t!), v), (e) => {
      if (!t || live.delete(t)) throw e;
      return tx(mode, fn); // parked
    });
  };
  const write = (s: IDBObjectStore, recs: Rec[]) => {
    for (let i = 0; i < recs.length; i += CHUNK_EVENTS) {
      const part = recs.slice(i, i + CHUNK_EVENTS);
      const ck = keyOf(part);
      s.put(part, ck);
      if (part[0].k[0] == '0') seen.set(ck, part);
    }
  };
  /** Writes chunk `ck` back without the events in `gone`; returns the keys it held of them. */
  const cut = (s: IDBObjectStore, ck: IDBValidKey, recs: Rec[] | undefined, gone: Set<Key>): Key[] => {
    const hit = (recs || []).filter((r) => gone.has(r.k)).map((r) => r.k);
    if (!hit.length) return hit;
    s.delete(ck);
    seen.delete(ck);
    const keep = recs!.filter((r) => !gone.has(r.k));
    if (keep.length) write(s, keep);
    return hit;
  };
  /**
   * Removes events: from the chunks this page saw them in, asking only whether each still exists
   * (another tab may have cut it), then any not found there by a walk of their part.
   */
  const remove = (s: IDBObjectStore, del: Key[], then: () => void) => {
    const gone = new Set(del);
    const found = new Set<Key>();
    const chunks = Array.from(seen).filter(([, recs]) => recs.some((r) => gone.has(r.k)));
    let waiting = chunks.length + 1;
    const walk = () => {
      const missing = del.filter((k) => !found.has(k)).sort();
      if (!missing.length) return then();
      const last = missing[missing.length - 1];
      const c = s.openCursor(IDBKeyRange.bound(missing[0][0], last + '\uffff'));
      c.onsuccess = () => {
        const cur = c.result;
        if (!cur) return then();
        cut(s, cur.primaryKey, cur.value, gone);
        cur.continue();
      };
    };
    const one = () => --waiting || walk();
    chunks.forEach(([ck, recs]) => {
      const g = s.getKey(ck);
      g.onsuccess = () => (cut(s, ck, g.result ? recs : undefined, gone).forEach((k) => found.add(k)), one());
    });
    one();
  };
  return {
    _reset,
    // Counting alone (nothing to add or delete) takes no write lock.
    put: (add, del) => tx(add.length || del.length ? 'readwrite' : 'readonly', (s) => {
      write(s, add.filter((r) => r.k[0] == '0'));
      write(s, add.filter((r) => r.k[0] == '1'));
      let counts: IDBRequest[];
      remove(s, del, () => (counts = [0, 1].map((h) => s.getAllKeys(range(h)))));
      return () => counts.map((r) => r.result.reduce((n: number, k: IDBValidKey) => n + countOf(k), 0));
    }),
    // The chunks' keys (each holds one event or more), then only the chunks this page does not know.
    list: (h, n = Infinity) => tx('readonly', (s) => {
      const parts: Rec[][] = [];
      const k = s.getAllKeys(range(h), n < Infinity ? n : undefined);
      k.onsuccess = () => {
        let count = 0;
        (k.result as string[]).forEach((ck, i) => {
          if (count >= n) return;
          count += countOf(ck);
          const g = seen.has(ck) ? 0 : s.get(ck);
          if (g) g.onsuccess = () => ((parts[i] = g.result), h || seen.set(ck, g.result));
          else parts[i] = seen.get(ck)!;
        });
      };
      return () => ([] as Rec[]).concat(...parts).slice(0, n);
    }),
    // The lease record 'L' ([tab, expiry]) sorts after every event key. Read and written in one
    // transaction, so two tabs cannot both take it; a tab that dies loses it when it expires.
    claim: (now) => tx('readwrite', (s) => {
      const g = s.get('L');
      let ok: boolean;
      g.onsuccess = () => {
        const v = g.result;
        if ((ok = !v || v[0] == tab || v[1] < now)) now ? s.put([tab, now + leaseMs], 'L') : s.delete('L');
      };
      return () => ok;
    }),
  };
}
