// deliver.ts: sends batches (batch.ts cuts them), acts on what an answer means, decides what leaves the queue; the page's lifecycle.
import { MAX_BATCH_EVENTS } from './validate.js';
import { Queue, Rec } from './queue.js';
import { Answer, gzip, KEEPALIVE_BYTES, post, takesGzip } from './transport.js';
import { batchBody, createAhead, cutBatch } from './batch.js';
import { createWindow, MAX_RETRY_AFTER_MS } from './retry.js';
import { createBackoff } from './backoff.js';
import { readAnswer } from './answer.js';
import { asLeader } from './leader.js';
import { Config } from './config.js';
import { onHide } from './hide.js';
import { memo } from './memo.js';

export { cutBatch } from './batch.js';

export interface FlushResult { sent: number; failed: number; remaining: number }
/** What one request came to: sent and failed events; `wait` ms before the next try; `stop` on 401. */
interface Outcome { sent: number; failed: number; wait?: number; stop?: boolean }
/**
 * A record of this page that is out: in a regular request now (sending), in a keepalive request
 * whose answer may still come (leaving), or handed over with no answer to read (left).
 */
type Out = 'sending' | 'leaving' | 'left';
/** Failures in a row after which a request carries one event only (a blip retries the whole batch). */
const PROBE_AFTER = 3;

export interface Hooks {
  drop(rec: Rec, reason: string): void;
  sent(count: number): void;
  /** Answered for: a last word among them is not to be restored by the next page (words.ts). */
  acked(recs: Rec[]): void;
  error(message: string, status: number): void;
}

/** A keepalive request at leave is not waited for longer than this by flush() (it has its own time limit). */
const LEAVING_WAIT_MS = 2000;
/** A record handed over at a leave is asked about for this long (the collector's dedup window); then simply sent. */
const LEFT_MS = 864e5;
/** …and an automatic flush waits this long for events of the page's own to go beside (its page view). */
const ASK_WAIT_MS = 3000;

const idOf = (r: Rec) => JSON.parse(r.j).messageId as string;

export function createDelivery(cfg: Config, queue: Queue, hooks: Hooks) {
  const win = createWindow(cfg.key);
  const back = createBackoff(cfg.key);
  const known = new Map<string, Rec>(); // this page's ready records not yet seen acked
  const out: { [k: string]: Out } = {};
  let stopped: boolean | 'out' = false; // 401: until the next page load; 'out': opted out, until the next capture
  let inFlight = 0;
  let flying: Rec[] = []; // the regular request's records, while it is out (or it ended without an answer)
  let acking: Rec[] = []; // those answered for, until their removal from the queue is written
  let ready = 0; // estimate of ready events, to know when flushAt is reached
  let leaving: Promise<Outcome> | undefined; // the last keepalive request(s), to what they came
  let draining: Promise<{ sent: number; failed: number; again: number }> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  /**
   * Records handed to a request whose answer no page read (the page was gone first: a keepalive at
   * leave, and the last words the next page restores), key → when, shared by the site's pages: the
   * next batch asks the collector about them (`check`) instead of sending them again.
   */
  const left = memo<{ [k: string]: number }>('homing:' + cfg.key + ':left');
  const noteLeft = (recs: Rec[], now?: number) => {
    // An ack written to memory (IndexedDB failed, as it does while the page is torn down) leaves the
    // records in the database: they stay noted, so the page that finds them asks rather than sends.
    if (!now && queue.storage == 'memory') return;
    const m = left._read() || {};
    let n = 0;
    recs.forEach((r) => (now ? (m[r.k] = now) : m[r.k] && delete m[r.k]) && n++);
    for (const k in m) if (!(m[k] > Date.now() - LEFT_MS)) delete m[k], n++;
    if (n) left._write(m);
  };

  const leave = (r: Rec, reason?: string) => {
    known.delete(r.k);
    delete out[r.k];
    if (reason) hooks.drop(r, reason);
  };

  /** Acts on the collector's answer to one request of `recs` that asked about `asked`. */
  async function settle(recs: Rec[], a: Answer, asked: Rec[] = []): Promise<Outcome> {
    const r = readAnswer(a.status, a.body, recs.length);
    if (r.kind == 'done') {
      const gone = recs.filter((_, i) => r.rejected[i]);
      const sent = r.sent.map((i) => recs[i]);
      // Those the collector holds leave the queue unsent; the others go in full with the next batch.
      const kn = a.body && a.body.known;
      const had = asked.filter((x) => Array.isArray(kn) && kn.indexOf(idOf(x)) >= 0);
      // Answered for: not this page's to hand over at leave any more, even while the ack is written
      // (a page left meanwhile notes them instead, see unload).
      sent.concat(had).forEach((x) => leave(x));
      acking = acking.concat(sent);
      await queue.ack(sent.concat(gone, had).map((x) => x.k));
      acking = acking.filter((x) => sent.indexOf(x) < 0);
      noteLeft(asked.concat(sent));
      gone.forEach((x) => leave(x, r.rejected[recs.indexOf(x)]));
      if (sent.length) hooks.sent(sent.length), hooks.acked(sent);
      ahead._prepare();
      back._ok();
      return { sent: sent.length, failed: gone.length };
    }
    if (r.kind == 'split') {
      // No per-event results: split until the offender is alone, so good events never go with it.
      const one = await send(recs.slice(0, recs.length / 2 + 0.5));
      if (one.wait != null || one.stop) return one;
      const two = await send(recs.slice(recs.length / 2 + 0.5));
      return { sent: one.sent + two.sent, failed: one.failed + two.failed, wait: two.wait, stop: two.stop };
    }
    if (r.kind == 'rejected') {
      await queue.ack([recs[0].k]);
      leave(recs[0], r.code);
      return { sent: 0, failed: 1 };
    }
    if (r.kind == 'stop') {
      stopped = true;
      hooks.error('key refused (401): no more sending until the next page load', a.status);
      return { sent: 0, failed: 0, stop: true };
    }
    hooks.error(r.message, a.status);
    return { sent: 0, failed: 0, wait: back._failed(Date.now(), a.retryAfter) };
  }

  /** Ms before a request may go: the site's request window and Retry-After (0: now). */
  const mustWait = (now: number) => Math.max(win._wait(now), back._notBefore() - now);

  async function send(recs: Rec[], asked?: Rec[]): Promise<Outcome> {
    const now = Date.now();
    const wait = mustWait(now);
    if (wait > 0) return { sent: 0, failed: 0, wait };
    win._note(now);
    inFlight += recs.length;
    flying = recs;
    recs.forEach((r) => (out[r.k] = 'sending'));
    const a = await post(cfg.endpoint, cfg.key, batchBody(recs, now, asked && asked.map(idOf)));
    inFlight -= recs.length;
    // No answer: Chromium and Firefox fail the request as the page's navigation commits, an instant
    // before pagehide, although it reached the collector; the unload that may follow notes them.
    if (a.status) flying = [];
    // With no answer (status 0) the body may still have reached the collector (Chromium fails a
    // request the page's navigation cuts off, even one it has sent): this page's unload does not
    // send those again; the queue does, once the collector can answer for them.
    recs.forEach((r) => out[r.k] == 'sending' && (a.status ? delete out[r.k] : (out[r.k] = 'left')));
    return settle(recs, a, asked);
  }

  async function drain(manual: boolean) {
    let sent = 0;
    let failed = 0;
    let again = 0;
    const lease = !(navigator as any).locks;
    while (!stopped && navigator.onLine !== false && (!lease || (await queue.claim(Date.now())))) {
      // Not those a keepalive request is carrying right now: its answer settles them.
      const recs = cutBatch((await queue.lease(MAX_BATCH_EVENTS)).filter((r) => out[r.k] != 'leaving'));
      if (!recs.length) break;
      // Records a page handed over as it went are asked about, beside events that go anyway. With
      // none of those, fresh ones wait a moment for this page's own (its page view); else, or when
      // flush() is called, one of them goes in full and carries the question about the others.
      const l = left._read() || {};
      let asked = recs.filter((r) => l[r.k]);
      let own = recs.filter((r) => !l[r.k]);
      if (!own.length) {
        if (!manual && asked.some((r) => l[r.k] > Date.now() - ASK_WAIT_MS)) {
          again = ASK_WAIT_MS;
          break;
        }
        own = asked.splice(0, 1);
      }
      // Once failures persist, a probe of one event: cheap to repeat, and its success drains the rest at once.
      const o = await send(back._attempts() >= PROBE_AFTER ? own.slice(0, 1) : own, asked);
      sent += o.sent;
      failed += o.failed;
      if (o.wait != null || o.stop) break;
    }
    if (lease) queue.claim(0);
    return { sent, failed, again };
  }

  async function flush(manual: boolean): Promise<FlushResult> {
    // A keepalive request in flight (a form's dual write, an identify) is part of this flush, but one that hangs is not waited for.
    const k = leaving && (await Promise.race([leaving, new Promise<void>((ok) => setTimeout(ok, LEAVING_WAIT_MS))]));
    let r: { sent: number; failed: number; again?: number } = { sent: 0, failed: 0 };
    if (!stopped && (manual || Date.now() >= back._retryAt())) {
      const d = draining || (draining = asLeader(cfg.key, () => drain(manual)));
      try {
        r = await d;
      } finally {
        if (draining == d) draining = undefined;
      }
    }
    const remaining = (ready = (await queue.counts()).queued);
    // Another tab may hold the lock, or we are backing off: look again later rather than lose track.
    if (remaining && !stopped) schedule(Math.max(back._retryAt() - Date.now(), r.sent || r.failed ? 0 : r.again || cfg.flushInterval));
    return { sent: r.sent + (k ? k.sent : 0), failed: r.failed + (k ? k.failed : 0), remaining };
  }

  function schedule(ms: number) {
    ms = Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS); // past 2^31−1 ms a timer would fire at once
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
   * The page is hidden or being left: hand this page's unsent events to one keepalive request (two
   * when some were captured after the gzipped copy was made, batch.ts),
   * forms and inquiries first, including those whose IndexedDB write may not finish before the
   * page dies. Not those of the request in flight: its body has usually reached the collector,
   * and a second copy would only cost bytes; nor those an earlier page handed over (noted: its
   * last words, restored here), which a batch asks about. All stay queued until an answer is read.
   */
  const leaveBatch = (l = left._read() || {}) =>
    cutBatch(Array.from(known.values()).filter((r) => !out[r.k] && !l[r.k]).sort((a, b) => (b.p || 0) - (a.p || 0) || (a.k < b.k ? -1 : 1)), KEEPALIVE_BYTES);
  const ahead = createAhead(cfg.endpoint, leaveBatch);

  /** `only`: an identify and what it released, which go at once while the page lives (gzipped: there is time). */
  function unload(only?: Rec[]) {
    const now = Date.now();
    const recs = leaveBatch().filter((r) => !only || only.indexOf(r) >= 0 || /"event":"identify"/.test(r.j));
    // Offline, the request cannot go now, and Chromium keeps a keepalive request to send once the
    // network is back (twice in one run, traced), after the next page has sent the same events from the queue.
    if (stopped || !recs.length || mustWait(now) > 0 || navigator.onLine === false) return;
    const none = { sent: 0, failed: 0 };
    let all: Promise<Outcome[]>;
    if (only) {
      // Those the page's leave handed over while gzip worked are not handed over again.
      all = (takesGzip(cfg.endpoint) ? gzip(batchBody(recs)) : Promise.resolve(undefined)).then((gz) => {
        const rest = recs.filter((r) => !out[r.k]);
        return Promise.all([rest.length < recs.length ? (rest.length ? hand(rest, Date.now()) : none) : hand(recs, Date.now(), gz)]);
      });
    } else {
      const pre = ahead._for(recs);
      const ks = new Set(pre ? pre[1].map((r) => r.k) : []);
      const rest = recs.filter((r) => !ks.has(r.k));
      all = Promise.all([pre ? hand(pre[1], now, pre[0]) : none, rest.length ? hand(rest, now) : none]);
    }
    const l: Promise<Outcome> = all.then((os) => {
      if (leaving == l) leaving = undefined;
      return { sent: os[0].sent + (os[1] ? os[1].sent : 0), failed: os[0].failed + (os[1] ? os[1].failed : 0) };
    });
    leaving = l;
  }

  /** One keepalive request of `recs` (`gz`: gzipped ahead); they stay queued until an answer is read. */
  function hand(recs: Rec[], now: number, gz?: ArrayBuffer): Promise<Outcome> {
    win._note(now);
    noteLeft(recs, now);
    recs.forEach((r) => (out[r.k] = 'leaving'));
    return post(cfg.endpoint, cfg.key, batchBody(recs, gz ? undefined : now), true, gz).then(async (a) => {
      const o = a.body ? await settle(recs, a) : { sent: 0, failed: 0 };
      if (a.body) noteLeft(recs);
      // What was not accepted goes with the next batch; after a beacon (or a keepalive request the
      // page's end cut off) not with the next unload of this page, which would only send copies.
      recs.forEach((r) => (a.body ? delete out[r.k] : (out[r.k] = 'left')));
      return o;
    });
  }

  // A page left in a hurry may get only one of these; the second finds nothing new to send.
  // The request in flight, and an ack not yet written, are answered for after the page is gone, often: the
  // next page asks about them (not for a dual write or an identify, whose page lives on to read the answer).
  const hidden = () => (queue.commit(), stopped != 'out' && noteLeft(flying.concat(acking), Date.now()), unload());
  onHide(hidden);
  addEventListener('online', () => (back._online(), schedule(0)));
  addEventListener('pageshow', (e) => (e as PageTransitionEvent).persisted && schedule(0));

  return {
    _flush: flush,
    _schedule: schedule,
    /** The page is hidden or left before delivery's own listeners were there: this page's events go now. */
    _leave: hidden,
    /**
     * A ready record was captured (before it is persisted, so that unload can send it). SPEC §5
     * dual write: a form or an inquiry is also sent at once with keepalive, with the task's other captures.
     */
    _captured(r: Rec, dual?: boolean) {
      known.set(r.k, r);
      stopped = stopped == 'out' ? false : stopped;
      if (dual && r.p) Promise.resolve().then(() => unload());
      ahead._prepare();
    },
    /** The identify and the events it released go now, with keepalive: they survive a navigation that follows. */
    _now: (released: Rec[]) => Promise.resolve().then(() => unload(released)),
    /** Opt-out: this page's events not yet sent are forgotten, the batch for its end included. */
    _cancel() {
      known.clear();
      ahead._clear();
      stopped = 'out';
    },
    /** Ready records were persisted (captured, or released by identify). */
    _added(count: number) {
      ready += count;
      schedule(ready >= cfg.flushAt ? 0 : cfg.flushInterval);
    },
    _state: () => ({ inFlight, stopped: stopped === true }),
  };
}
