// tracker.ts: the facade: every public method, wrapped once so that nothing throws into page code.
import { checkEmail, checkProperties, isProblem, Problem, problem } from './validate.js';
import { Config, Options, Part, readConfig } from './config.js';
import { stampEvent, Stamped, toJSONObject, TrackOptions } from './event.js';
import { capturedAt, openQueue, PRIORITY, Rec } from './queue.js';
import { createDelivery, FlushResult } from './deliver.js';
import { createNotifier, NoteName } from './notify.js';
import { createConsent } from './consent.js';
import { createIdentity, IdentitySource, takeLinkEmail } from './identity.js';
import { automationSignals } from './bots.js';
import { isCrawler } from './crawler.js';
import { readContext } from './context.js';
import { pageProperties, visitCampaign, watchNavigation } from './capture/pageviews.js';
import { watchListings } from './capture/listings.js';
import { createSearches } from './capture/search.js';
import { watchForms } from './capture/forms.js';
import { watchClicks } from './capture/clicks.js';
import { watchDuration } from './capture/duration.js';
import { runLeave } from './capture/leave.js';
import { memo } from './memo.js';

export type TrackResult = { messageId: string } | { error: Problem };
export interface Stats {
  queued: number;
  held: number;
  inFlight: number;
  dropped: { [reason: string]: number };
  oldestAge: number;
  lastError?: string;
  storage: 'indexeddb' | 'memory';
  stopped: boolean;
}
export interface Tracker {
  track(event: string, properties?: Record<string, unknown>, options?: TrackOptions): Promise<TrackResult>;
  identify(email: string, traits?: Record<string, unknown>): Promise<TrackResult>;
  page(properties?: Record<string, unknown>): Promise<TrackResult>;
  flush(): Promise<FlushResult>;
  reset(): void;
  optOut(): Promise<void>;
  optIn(): void;
  on(name: NoteName, listener: (data: any) => void): () => void;
  stats(): Promise<Stats>;
}

const say = (p: Problem) =>
  console.error('homing: ' + p.message + ' (' + p.code + (p.limit !== undefined ? ', limit ' + p.limit : '') + ')');
const done = <T>(v: T) => Promise.resolve(v);

export function createTracker(options: Options): Tracker {
  const conf = readConfig(options);
  if (isProblem(conf)) {
    say(conf);
    return inert(conf);
  }
  const cfg: Config = conf;
  const notes = createNotifier(cfg.debug);
  const dropped: { [reason: string]: number } = {};
  let lastError: string | undefined;
  const consent = createConsent(cfg.key, cfg.consentRequired, cfg.honorSignals);
  const identity = createIdentity(cfg.key);
  const ua = navigator.userAgent;
  const crawler = !cfg.allowBots && isCrawler(ua);
  const automation = cfg.allowBots ? [] : automationSignals(window);
  const context = readContext(cfg.environment);
  if (automation.length) context.automation = automation;
  // Called once: the queue never goes back from memory to IndexedDB.
  const queue = openQueue('homing-' + cfg.key, (e) =>
    console.warn('homing: IndexedDB is unavailable (' + (e as Error)?.name + '); events are kept in memory for this page'));
  const drop = (reason: string, info: Record<string, unknown>) => {
    dropped[reason] = (dropped[reason] || 0) + 1;
    notes._emit('dropped', Object.assign({ reason }, info));
  };
  const dropRec = (rec: Rec, reason: string) => {
    const e = JSON.parse(rec.j);
    drop(reason, { event: e.event, messageId: e.messageId });
  };
  const delivery = createDelivery(cfg, queue, {
    drop: dropRec,
    sent: (count) => notes._emit('sent', { count }),
    error(message, status) {
      lastError = message;
      notes._emit('error', { message, status });
      if (status === 401) console.error('homing: ' + message);
    },
  });

  let chain: Promise<unknown> = done(0);
  let pending: { rec: Rec; s: Stamped; resolve: (r: TrackResult) => void }[] = [];
  const later = (fn: () => Promise<unknown>) => (chain = chain.then(fn).catch((e) => { lastError = String(e); }));

  /** Every capture of one task is written in one transaction (SPEC: one, not one per event). */
  function writePending() {
    const batch = pending;
    pending = [];
    if (!batch.length) return;
    const ready = batch.filter((b) => !b.s.held).map((b) => b.rec);
    delivery._captured(ready);
    // SPEC §5 dual write: a form or an inquiry is also sent at once with keepalive, so that the
    // navigation that usually follows a submit loses nothing.
    if (ready.some((r) => r.p)) delivery._unload();
    later(async () => {
      try {
        (await queue.add(batch.map((b) => b.rec))).forEach((d) => dropRec(d.rec, d.reason));
        delivery._added(ready);
        batch.forEach((b) => b.resolve({ messageId: b.s.messageId }));
      } catch (e) {
        batch.forEach((b) => b.resolve({ error: problem('STORAGE', 'queue', 'could not be written: ' + e) }));
      }
    });
  }

  function refuse(p: Problem): Promise<TrackResult> {
    say(p);
    notes._emit('invalid', p);
    return done({ error: p });
  }

  function skip(reason: string, event: unknown): Promise<TrackResult> {
    drop(reason, { event });
    return done({ error: problem(reason.toUpperCase(), 'event', 'not recorded: ' + reason) });
  }

  function capture(name: unknown, props: unknown, opts?: TrackOptions, traits?: Record<string, unknown>): Promise<TrackResult> {
    if (crawler) return skip('bot', name);
    if (!consent._isAllowed()) return skip('consent', name);
    const who = identity._current();
    // Lead events (identify, forms, inquiries) with an email are sent by automation too, flagged (SPEC §4.1).
    if (automation.length && !((name == 'identify' || PRIORITY.test(name as string)) && who.email)) {
      if (!dropped.automation) console.info('homing: automation (' + automation + '): browsing events are not recorded; data-bots="allow" records them (QA)');
      return skip('automation', name);
    }
    const now = Date.now();
    const ctx = who.source ? Object.assign({ identitySource: who.source }, context) : context;
    const st = stampEvent(name, props, opts, {
      email: who.email, traits, context: ctx, now,
      extra: { pageUrl: location.href.slice(0, 1000), campaign: visitCampaign(cfg.key) },
    });
    if (isProblem(st)) return refuse(st);
    notes._emit('queued', { event: st.name, messageId: st.messageId, held: st.held });
    return new Promise<TrackResult>((resolve) => {
      if (!pending.length) done(0).then(writePending);
      pending.push({ rec: queue.record(st, now), s: st, resolve });
    });
  }

  function identify(email: unknown, traits?: unknown, source: IdentitySource = 'call'): Promise<TrackResult> {
    if (crawler || !consent._isAllowed()) return capture('identify', {});
    const tr = toJSONObject(traits, 'traits');
    const p = checkEmail(email, 'email') || (isProblem(tr) ? tr : checkProperties(tr, 'identify.traits'));
    if (p) return refuse(p);
    const t = tr as Record<string, unknown>;
    const now = Date.now();
    // A different email is a new identity; events already queued keep the one they were captured with.
    identity._set(email as string, source);
    if (!t.firstTouch) t.firstTouch = identity._firstTouch(now, visitCampaign(cfg.key));
    const result = capture('identify', {}, undefined, t);
    writePending(); // held events captured before this call are written before they are released
    later(async () => {
      const r = await queue.release(email as string, now);
      r.dropped.forEach((d) => dropRec(d.rec, d.reason));
      delivery._captured(r.released);
      delivery._added(r.released);
    });
    return result;
  }

  const api: Tracker = {
    track: (event, properties, opts) => capture(event, properties, opts),
    identify: (email, traits) => identify(email, traits),
    page: (properties) => capture('page_view', Object.assign(pageProperties(), properties)),
    async flush() {
      if (crawler || !consent._isAllowed()) return { sent: 0, failed: 0, remaining: 0 };
      writePending();
      await chain;
      return delivery._flush(true);
    },
    reset: () => identity._clear(),
    async optOut() {
      consent._set('out');
      pending = [];
      later(() => queue.purge());
      await chain;
    },
    optIn: () => consent._set('in'),
    on: (name, listener) => notes.on(name, listener),
    async stats() {
      await chain;
      // A crawler, or a visitor without consent, must not even get a database created.
      const c = crawler || !consent._isAllowed() ? { queued: 0, held: 0, oldest: undefined } : await queue.counts();
      const d = delivery._state();
      return {
        queued: c.queued, held: c.held, inFlight: d.inFlight, dropped: Object.assign({}, dropped),
        oldestAge: c.oldest ? Date.now() - capturedAt(c.oldest.k) : 0, lastError, storage: queue.storage, stopped: d.stopped,
      };
    },
  };

  // Autocapture's last words as the page goes (time on page, a search still waiting for its count)
  // leave with the unload request and are kept in localStorage, not IndexedDB: WebKit leaves an
  // IndexedDB write begun while a page is being left pending, and the site's next page would wait
  // on it. The page, if it lives on, or the next page load queues them (a copy the unload request
  // delivered is a duplicate at the collector).
  const words = memo<Rec[]>('homing:' + cfg.key + ':words');
  const restore = () => {
    const w = words._read();
    if (!w || !w.length) return;
    words._write(undefined);
    later(async () => {
      (await queue.add(w)).forEach((d) => dropRec(d.rec, d.reason));
      delivery._added(w.filter((r) => r.k[0] == '0'));
    });
  };
  const leave = (left: boolean) => {
    const n = pending.length;
    runLeave(left);
    const last = pending.splice(n);
    if (last.length) {
      words._write((words._read() || []).concat(last.map((b) => b.rec)));
      delivery._captured(last.filter((b) => !b.s.held).map((b) => b.rec));
      last.forEach((b) => b.resolve({ messageId: b.s.messageId }));
      setTimeout(restore, 1000);
    }
    writePending();
    delivery._unload();
  };
  if (!crawler && consent._isAllowed()) {
    restore();
    later(async () => {
      // With the email known, held events are released: a form's navigation may have cut its release short.
      (await queue.release(identity._current().email, Date.now())).dropped.forEach((d) => dropRec(d.rec, d.reason));
      if ((await queue.counts()).queued) delivery._schedule(0); // a reload resumes delivery
    });
  }
  // A page left in a hurry may get only one of these; the second finds nothing new to send.
  addEventListener('visibilitychange', () => document.visibilityState == 'hidden' && leave(false));
  addEventListener('pagehide', () => leave(true));
  addEventListener('online', () => delivery._schedule(0));
  addEventListener('pageshow', (e) => (e as PageTransitionEvent).persisted && delivery._schedule(0));
  // After the stub's queued calls are replayed (same task), so an early identify() applies to it.
  // A crawler's page view is only counted as dropped (bot); nothing else is watched for it.
  done(0).then(() => {
    if (!crawler) autocapture(cfg, api, identify);
    else if (cfg.autocapture.indexOf('pageviews') >= 0) api.page();
  }).catch((e) => console.error('homing: autocapture failed: ' + e));
  return guard(api);
}

/** data-autocapture's parts (SPEC §3, §6); a homing_email link identifies whatever the parts. */
function autocapture(cfg: Config, api: Tracker, identify: (email: unknown, traits: unknown, source: IdentitySource) => unknown) {
  const has = (part: Part) => cfg.autocapture.indexOf(part) >= 0;
  const track = api.track as (event: string, properties: Record<string, unknown>, options?: TrackOptions) => unknown;
  const email = takeLinkEmail();
  if (email != null) identify(email, {}, 'link');
  const search = createSearches(cfg.key, track);
  // Time on page (SPEC §6) goes with the page views: its report names the page view and the listing view.
  const duration = has('pageviews') ? watchDuration(track) : undefined;
  const page = () => track('page_view', pageProperties(), { messageId: duration!._page() });
  const listings = has('properties') ? watchListings(track, search, duration && duration._listing) : () => {};
  if (has('pageviews')) page();
  // SPEC §3: a campaign email's link was clicked (whatever the parts, like the identify).
  if (email && visitCampaign(cfg.key)) track('email_clicked', {});
  if (has('pageviews') || has('properties')) watchNavigation(() => {
    try {
      if (has('pageviews')) page();
      listings();
    } catch (e) { /* the app's navigation goes on */ }
  });
  if (has('forms')) watchForms(track, (email, traits) => identify(email, traits, 'form'), search);
  if (has('properties') || has('clicks')) watchClicks(track, has('properties'), has('clicks'));
}

/** Wraps every method once: no exception or rejected promise ever reaches page code. */
function guard(api: Tracker): Tracker {
  const out = {} as any;
  for (const name in api) {
    out[name] = function () {
      try {
        const r = (api as any)[name].apply(api, arguments);
        return r && typeof r.then === 'function'
          ? r.then(undefined, (e: unknown) => ({ error: problem('INTERNAL', name, String(e)) }))
          : r;
      } catch (e) {
        console.error('homing: ' + name + ' failed: ' + e);
        return done({ error: problem('INTERNAL', name, String(e)) });
      }
    };
  }
  return out;
}

/** A tracker whose configuration was refused: every call answers { error } with that problem. */
function inert(p: Problem): Tracker {
  const fail: any = () => done({ error: p });
  return { track: fail, identify: fail, page: fail, flush: fail, reset: fail, optOut: fail, optIn: fail, stats: fail, on: () => fail };
}
