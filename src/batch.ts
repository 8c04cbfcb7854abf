// batch.ts: what one request carries: the oldest records that fit, its body, and the batch for the page's end gzipped ahead.
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, utf8Length } from './validate.js';
import type { Rec } from './queue.js';
import { gzip, takesGzip } from './transport.js';

/** The oldest records that fit one request: ≤ 200 events and ≤ maxBytes of body. */
export function cutBatch(recs: Rec[], maxBytes = MAX_BATCH_BYTES): Rec[] {
  let bytes = 64; // {"sentAt":"…","events":[…]}
  const out: Rec[] = [];
  for (const r of recs.slice(0, MAX_BATCH_EVENTS)) {
    bytes += utf8Length(r.j) + 1;
    if (out.length && bytes > maxBytes) break;
    out.push(r);
  }
  return out;
}

/**
 * Without `now` no sentAt: the copy gzipped ahead for the page's end is sent later than it is made.
 * `check`: messageIds the collector is asked whether it holds (deliver.ts, events handed over at a leave).
 */
export const batchBody = (recs: Rec[], now?: number, check?: string[]) =>
  '{' + (now ? '"sentAt":"' + new Date(now).toISOString() + '",' : '') + (check && check.length ? '"check":' + JSON.stringify(check) + ',' : '') +
  '"events":[' + recs.map((r) => r.j).join(',') + ']}';
const keysOf = (recs: Rec[]) => recs.map((r) => r.k).join();

/**
 * SPEC §4.1: the batch sent at leave is gzipped too, but CompressionStream answers after a page that
 * is going away is gone: so `batch()` is gzipped ahead whenever this page's unsent events change,
 * and that copy is sent if they are still the same at leave (else plain JSON).
 */
export function createAhead(endpoint: string, batch: () => Rec[]) {
  let pre: { ks: string; recs: Rec[]; gz?: ArrayBuffer } | undefined;
  let busy = false;
  const prepare = () => {
    if (busy || !takesGzip(endpoint)) return;
    busy = true;
    setTimeout(async () => {
      const recs = batch();
      const ks = keysOf(recs);
      // Nothing unsent: no copy either (the last one's events were answered for since, and would go again).
      const gz = !recs.length ? undefined : ks != pre?.ks ? await gzip(batchBody(recs)) : pre?.gz;
      pre = { ks, recs, gz };
      busy = false;
      if (keysOf(batch()) != ks) prepare();
    }, 50);
  };
  return {
    _prepare: prepare,
    /**
     * The gzipped copy and the records it holds, when all of them are still among `recs` (what was
     * captured as the page went, its time on page above all, then goes beside it as plain JSON).
     */
    _for(recs: Rec[]): [ArrayBuffer, Rec[]] | undefined {
      const ks = new Set(recs.map((r) => r.k));
      if (pre && pre.gz && pre.recs.length && pre.recs.every((r) => ks.has(r.k))) return [pre.gz, pre.recs];
    },
    _clear: () => { pre = undefined; },
  };
}
