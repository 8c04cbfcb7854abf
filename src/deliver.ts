// deliver.ts: cuts batches, reads 200/207/4xx/429/5xx, decides what leaves the queue.
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, utf8Length } from './validate.js';
import { Key, Queue, Rec } from './queue.js';
import { Answer, KEEPALIVE_BYTES, post, postKeepalive } from './transport.js';
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
  for (const r of recs) {
    bytes += utf8Length(r.j) + 1;
    if (out.length >= MAX_BATCH_EVENTS || (out.length && bytes > maxBytes)) break;
    out.push(r);
  }
  return out;
}

export function batchBody(recs: Rec[], now: number): string {
  return '{"sentAt":"' + new Date(now).toISOString() + '","events":[' + recs.map((r) => r.j).join(',') + ']}';
}

/**
 * Reads a 200/207/400-with-results answer: accepted and duplicate events leave the queue, each
 * rejected one leaves with its code. On 200, events the answer does not mention count as accepted.
 */
export function settle(recs: Rec[], a: Answer): { ack: Rec[]; rejected: { rec: Rec; code: string }[] } {
  const b = a.body || {};
  const rejected: { rec: Rec; code: string }[] = [];
  const bad: { [i: number]: 1 } = {};
  for (const e of Array.isArray(b.errors) ? b.errors : []) {
    const rec = recs[e && e.index];
    if (!rec || bad[e.index]) continue;
    bad[e.index] = 1;
    rejected.push({ rec, code: (e.errors && e.errors[0] && e.errors[0].code) || 'REJECTED' });
  }
  const ok: { [i: number]: 1 } = {};
  for (const e of Array.isArray(b.events) ? b.events : [])
    if (e && (e.status === 'accepted' || e.status === 'duplicate')) ok[e.index] = 1;
  const ack = recs.filter((_, i) => !bad[i] && (ok[i] || a.status === 200));
  return { ack, rejected };
}

export function createDelivery(cfg: Config, queue: Queue, hooks: Hooks) {
  const win = createWindow(cfg.key);
  const known = new Map<string, Rec>(); // ready records this page has seen and not yet seen acked
  const beaconed = new Set<string>(); // sent with keepalive by this page, answer not read yet
  const flying = new Set<string>(); // in a regular request right now
  let attempt = 0;
  let notBefore = 0; // Retry-After: no request before this time, even on flush()
  let retryAt = 0; // backoff: no automatic request before this time
  let stopped = false; // 401: until the next page load
  let inFlight = 0;
  let draining: Promise<{ sent: number; failed: number }> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  let ready = 0; // estimate of ready events, to decide when flushAt is reached

  const forget = (recs: Rec[]) => recs.forEach((r) => { known.delete(String(r.k)); beaconed.delete(String(r.k)); });
  const ack = async (keys: Key[]) => { await queue.ack(keys); };

  async function apply(recs: Rec[], a: Answer): Promise<Outcome> {
    const { ack: gone, rejected } = settle(recs, a);
    await ack(gone.concat(rejected.map((r) => r.rec)).map((r) => r.k));
    forget(gone);
    forget(rejected.map((r) => r.rec));
    rejected.forEach((r) => hooks.drop(r.rec, r.code));
    if (gone.length) hooks.sent(gone.length);
    if (!gone.length && !rejected.length) return retry(a);
    attempt = 0;
    return { sent: gone.length, failed: rejected.length };
  }

  function retry(a: Answer): Outcome {
    const wait = nextDelay(attempt++, a.retryAfter);
    if (a.retryAfter !== undefined) notBefore = Date.now() + a.retryAfter;
    hooks.error(a.status ? 'the collector answered ' + a.status : 'network error or timeout', a.status);
    return { sent: 0, failed: 0, wait };
  }

  async function send(recs: Rec[]): Promise<Outcome> {
    const now = Date.now();
    const wait = Math.max(win.wait(now), notBefore - now);
    if (wait > 0) return { sent: 0, failed: 0, wait };
    win.note(now);
    inFlight += recs.length;
    recs.forEach((r) => flying.add(String(r.k)));
    const a = await post(cfg.endpoint, cfg.key, batchBody(recs, now));
    recs.forEach((r) => flying.delete(String(r.k)));
    inFlight -= recs.length;
    const s = a.status;
    if (s === 200 || s === 207 || (s === 400 && a.body && Array.isArray(a.body.events))) return apply(recs, a);
    if ((s === 400 || s === 413) && recs.length > 1) return halves(recs);
    if (s === 400 || s === 413) {
      // Refused alone: the event itself is the problem, so it must not block the queue.
      await ack([recs[0].k]);
      forget(recs);
      hooks.drop(recs[0], s === 413 ? 'EVENT_TOO_LARGE' : 'REJECTED');
      return { sent: 0, failed: 1 };
    }
    if (s === 401) {
      stopped = true;
      hooks.error('the collector refused the key (401): sending stops until the next page load', s);
      return { sent: 0, failed: 0, stop: true };
    }
    return retry(a);
  }

  /** 400 without per-event results, or 413: split until the offender is alone. */
  async function halves(recs: Rec[]): Promise<Outcome> {
    const h = Math.ceil(recs.length / 2);
    const one = await send(recs.slice(0, h));
    if (one.wait !== undefined || one.stop) return one;
    const two = await send(recs.slice(h));
    return { sent: one.sent + two.sent, failed: one.failed + two.failed, wait: two.wait, stop: two.stop };
  }

  async function drain(): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    while (!stopped && navigator.onLine !== false) {
      const recs = cutBatch(await queue.lease(MAX_BATCH_EVENTS));
      if (!recs.length) break;
      recs.forEach((r) => known.set(String(r.k), r));
      const o = await send(recs);
      sent += o.sent;
      failed += o.failed;
      if (o.wait !== undefined) {
        retryAt = Date.now() + o.wait;
        schedule(o.wait);
        break;
      }
      if (o.stop) break;
    }
    return { sent, failed };
  }

  async function flush(manual: boolean): Promise<FlushResult> {
    if (!manual && Date.now() < retryAt) {
      schedule(retryAt - Date.now());
      return { sent: 0, failed: 0, remaining: ready };
    }
    let r = { sent: 0, failed: 0 };
    if (!stopped) {
      if (!draining) draining = asLeader(cfg.key, drain).then((x) => x || { sent: 0, failed: 0 });
      const d = draining;
      try {
        r = await d;
      } finally {
        if (draining === d) draining = undefined;
      }
    }
    const remaining = (await queue.counts()).queued;
    ready = remaining;
    // Another tab may hold the lock, or we are waiting: look again later rather than lose track.
    if (remaining && !stopped) schedule(Math.max(cfg.flushInterval, retryAt - Date.now()));
    return { sent: r.sent, failed: r.failed, remaining };
  }

  function schedule(ms: number) {
    const at = Date.now() + Math.max(0, ms);
    if (timer && timerAt <= at) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Infinity;
      flush(false);
    }, Math.max(0, ms));
  }

  /**
   * The page is hidden or being left: hand this page's unsent events to a keepalive request.
   * When it is being left, the regular request in flight dies with it, so its events go too.
   */
  function unload(leaving: boolean) {
    if (stopped) return;
    const now = Date.now();
    const todo = Array.from(known.values()).filter((r) => !beaconed.has(String(r.k)) && (leaving || !flying.has(String(r.k))));
    todo.sort((a, b) => (b.p || 0) - (a.p || 0) || a.k[1] - b.k[1] || a.k[3] - b.k[3]);
    const recs = cutBatch(todo, KEEPALIVE_BYTES);
    if (!recs.length || Math.max(win.wait(now), notBefore - now) > 0) return;
    win.note(now);
    recs.forEach((r) => beaconed.add(String(r.k)));
    postKeepalive(cfg.endpoint, cfg.key, batchBody(recs, now)).then((a) => {
      if (a.body && (a.status === 200 || a.status === 207)) apply(recs, a);
    });
  }

  return {
    flush,
    unload,
    schedule,
    /** New ready records were persisted. */
    added(recs: Rec[]) {
      recs.forEach((r) => known.set(String(r.k), r));
      ready += recs.length;
      schedule(ready >= cfg.flushAt ? 0 : cfg.flushInterval);
    },
    state: () => ({ inFlight, stopped, retryAt }),
  };
}
