// deliver.ts: cuts batches, reads 200/207/4xx/429/5xx, decides what leaves the queue.
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, utf8Length } from './validate.js';
import { Queue, Rec } from './queue.js';
import { Answer, KEEPALIVE_BYTES, post } from './transport.js';
import { createWindow, nextDelay } from './retry.js';
import { asLeader } from './leader.js';
import { Config } from './config.js';

export interface FlushResult { sent: number; failed: number; remaining: number }
/** What one request came to: sent and failed events; `wait` ms before the next try; `stop` on 401. */
interface Outcome { sent: number; failed: number; wait?: number; stop?: boolean }

export interface Hooks {
  drop(rec: Rec, reason: string): void;
  sent(count: number): void;
  error(message: string, status: number): void;
}

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

export const batchBody = (recs: Rec[], now: number) =>
  '{"sentAt":"' + new Date(now).toISOString() + '","events":[' + recs.map((r) => r.j).join(',') + ']}';

export function createDelivery(cfg: Config, queue: Queue, hooks: Hooks) {
  const win = createWindow(cfg.key);
  const known = new Map<string, Rec>(); // this page's ready records not yet seen acked
  // 1: in a regular request now; 2: handed to keepalive; 3: handed over with no answer to read
  const busy: { [id: string]: 1 | 2 | 3 } = {};
  let attempt = 0;
  let notBefore = 0; // Retry-After: no request before this time, even on flush()
  let retryAt = 0; // backoff: no automatic request before this time
  let stopped = false; // 401: until the next page load
  let inFlight = 0;
  let ready = 0; // estimate of ready events, to know when flushAt is reached
  let leaving: Promise<unknown> | undefined; // the last keepalive request
  let draining: Promise<{ sent: number; failed: number }> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;

  const leave = (r: Rec, reason?: string) => {
    known.delete(r.k);
    delete busy[r.k];
    if (reason) hooks.drop(r, reason);
  };

  /** Reads the collector's answer to one request of `recs` (SPEC §4.1). */
  async function answer(recs: Rec[], a: Answer): Promise<Outcome> {
    const s = a.status;
    const b = a.body || {};
    if (s == 200 || s == 207 || (s == 400 && Array.isArray(b.events))) {
      const ok: { [i: number]: 1 } = {};
      const bad: { [i: number]: string } = {};
      for (const e of b.events || []) if (e && /^(accepted|duplicate)$/.test(e.status)) ok[e.index] = 1;
      for (const e of b.errors || []) if (e && recs[e.index]) bad[e.index] = e.errors?.[0]?.code || 'REJECTED';
      const done = recs.filter((_, i) => bad[i] || ok[i] || s == 200);
      if (done.length) {
        await queue.ack(done.map((r) => r.k));
        const sent = recs.filter((r, i) => (leave(r, bad[i]), !bad[i] && (ok[i] || s == 200))).length;
        if (sent) hooks.sent(sent);
        attempt = 0;
        return { sent, failed: done.length - sent };
      }
    } else if ((s == 400 || s == 413) && recs.length > 1) {
      // No per-event results: split until the offender is alone, so good events never go with it.
      const one = await send(recs.slice(0, recs.length / 2 + 0.5));
      if (one.wait != null || one.stop) return one;
      const two = await send(recs.slice(recs.length / 2 + 0.5));
      return { sent: one.sent + two.sent, failed: one.failed + two.failed, wait: two.wait, stop: two.stop };
    } else if (s == 400 || s == 413) {
      await queue.ack([recs[0].k]);
      leave(recs[0], s == 413 ? 'EVENT_TOO_LARGE' : 'REJECTED');
      return { sent: 0, failed: 1 };
    } else if (s == 401) {
      stopped = true;
      hooks.error('key refused (401): no more sending until the next page load', s);
      return { sent: 0, failed: 0, stop: true };
    }
    if (a.retryAfter != null) notBefore = Date.now() + a.retryAfter;
    hooks.error(s ? 'the collector answered ' + s : 'network error or timeout', s);
    return { sent: 0, failed: 0, wait: nextDelay(attempt++, a.retryAfter) };
  }

  async function send(recs: Rec[]): Promise<Outcome> {
    const now = Date.now();
    const wait = Math.max(win._wait(now), notBefore - now);
    if (wait > 0) return { sent: 0, failed: 0, wait };
    win._note(now);
    inFlight += recs.length;
    recs.forEach((r) => (busy[r.k] = 1));
    const a = await post(cfg.endpoint, cfg.key, batchBody(recs, now));
    inFlight -= recs.length;
    recs.forEach((r) => busy[r.k] == 1 && delete busy[r.k]);
    return answer(recs, a);
  }

  async function drain() {
    let sent = 0;
    let failed = 0;
    const lease = !(navigator as any).locks;
    while (!stopped && navigator.onLine !== false && (!lease || (await queue.claim(Date.now())))) {
      // Not those a keepalive request is carrying right now: its answer settles them.
      const recs = cutBatch((await queue.lease(MAX_BATCH_EVENTS, known)).filter((r) => busy[r.k] != 2));
      if (!recs.length) break;
      const o = await send(recs);
      sent += o.sent;
      failed += o.failed;
      if (o.wait != null) {
        retryAt = Date.now() + o.wait;
        break;
      }
      if (o.stop) break;
    }
    if (lease) queue.claim(0);
    return { sent, failed };
  }

  async function flush(manual: boolean): Promise<FlushResult> {
    await leaving; // a keepalive request in flight (a form's dual write) is part of this flush
    let r: { sent: number; failed: number } = { sent: 0, failed: 0 };
    if (!stopped && (manual || Date.now() >= retryAt)) {
      const d = draining || (draining = asLeader(cfg.key, drain));
      try {
        r = await d;
      } finally {
        if (draining == d) draining = undefined;
      }
    }
    const remaining = (ready = (await queue.counts()).queued);
    // Another tab may hold the lock, or we are backing off: look again later rather than lose track.
    if (remaining && !stopped) schedule(Math.max(retryAt - Date.now(), r.sent || r.failed ? 0 : cfg.flushInterval));
    return { sent: r.sent, failed: r.failed, remaining };
  }

  function schedule(ms: number) {
    const at = Date.now() + ms;
    if (timerAt <= at) return; // an earlier one is set
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timerAt = Infinity;
      flush(false);
    }, ms);
  }

  /**
   * The page is hidden or being left: hand this page's unsent events to one keepalive request,
   * forms and inquiries first, including those whose IndexedDB write may not finish before the
   * page dies. Not those of the request in flight: its body has usually reached the collector,
   * and a second copy would only cost bytes. All stay queued until an answer is read.
   */
  function unload() {
    const now = Date.now();
    const todo = Array.from(known.values()).filter((r) => !busy[r.k]);
    const recs = cutBatch(todo.sort((a, b) => (b.p || 0) - (a.p || 0)), KEEPALIVE_BYTES);
    if (stopped || !recs.length || Math.max(win._wait(now), notBefore - now) > 0) return;
    win._note(now);
    recs.forEach((r) => (busy[r.k] = 2));
    leaving = post(cfg.endpoint, cfg.key, batchBody(recs, now), true).then(async (a) => {
      if (a.body) await answer(recs, a);
      // What was not accepted goes with the next batch; after a beacon (or a keepalive request the
      // page's end cut off) not with the next unload of this page, which would only send copies.
      recs.forEach((r) => (a.body ? delete busy[r.k] : (busy[r.k] = 3)));
    });
  }

  return {
    _flush: flush,
    _unload: unload,
    _schedule: schedule,
    /** Ready records were captured (before they are persisted, so that unload can send them). */
    _captured: (recs: Rec[]) => recs.forEach((r) => known.set(r.k, r)),
    /** Ready records were persisted (captured, or released by identify). */
    _added(recs: Rec[]) {
      ready += recs.length;
      schedule(ready >= cfg.flushAt ? 0 : cfg.flushInterval);
    },
    _state: () => ({ inFlight, stopped }),
  };
}
