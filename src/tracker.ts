// tracker.ts: the facade: every public method, wrapped once so that nothing throws into page code.
import { checkEmail, checkProperties, isProblem, Problem, problem } from './validate.js';
import { Config, Options, readConfig } from './config.js';
import { stampEvent, toJSONObject, TrackOptions } from './event.js';
import { capturedAt, openQueue, PRIORITY, Queue, Rec, Written } from './queue.js';
import { createDelivery } from './deliver.js';
import { createNotifier } from './notify.js';
import { createConsent } from './consent.js';
import { forget } from './memo.js';
import { createIdentity, IdentitySource } from './identity.js';
import { sharedCookie } from './cookie.js';
import { automationSignals } from './bots.js';
import { isCrawler } from './crawler.js';
import { readContext } from './context.js';
import { createStart } from './start.js';
import { runLeave } from './capture/leave.js';
import { createLastWords } from './words.js';
import type { Tracker, TrackResult } from './api.js';
import { refuseAll, replay, type Boot } from './recorder.js';
import { asOf, captureTime, capturePage } from './moment.js';
import { pageProperties, visitCampaign } from './capture/pageviews.js';
import { autocapture } from './autocapture.js';
import { done, guard, inert, say } from './guard.js';

export type { Tracker, TrackResult, Stats } from './api.js';

/** `boot`: the script tag's calls made before this tracker existed (recorder.ts), replayed with their capture time. */
export function createTracker(options: Options, boot?: Boot): Tracker {
  const conf = readConfig(options);
  if (isProblem(conf)) {
    say(conf);
    const t = inert(conf);
    if (boot) refuseAll(boot.early, t);
    return t;
  }
  const cfg: Config = conf;
  const notes = createNotifier(cfg.debug);
  const dropped: { [reason: string]: number } = {};
  let lastError: string | undefined;
  // SPEC §8: with data-cookie-domain, the site's hosts share the identity (and an opt-out) in one cookie.
  const shared = cfg.cookieDomain ? sharedCookie(cfg.key, cfg.cookieDomain) : undefined;
  const consent = createConsent(cfg.key, cfg.consentRequired, cfg.honorSignals, shared);
  const identity = createIdentity(cfg.key, shared);
  // Read by the idle start-up below (or when a call needs them): nothing heavy in the script's first task.
  let crawler = false;
  let automation: string[] = [];
  let context: Record<string, unknown> = {};
  // Calls made before start-up wait, in order, with their capture time.
  const inOrder = (fn: () => void) => (start._isReady() ? fn() : start._wait(fn));
  // Made by the first start-up slice: compiling them is work the script's first task does without.
  let queue!: Queue;
  let delivery!: ReturnType<typeof createDelivery>;
  const drop = (reason: string, info: Record<string, unknown>) => {
    dropped[reason] = (dropped[reason] || 0) + 1;
    notes._emit('dropped', { reason, ...info });
  };
  const dropRec = (rec: Rec, reason: string, e = JSON.parse(rec.j)) => drop(reason, { event: e.event, messageId: e.messageId });
  function open() {
    // Called once: the queue never goes back from memory to IndexedDB.
    queue = openQueue('homing-' + cfg.key, (e) =>
      console.warn('homing: no IndexedDB (' + (e as Error)?.name + '): events kept in memory'), (r) => last._keep(r), (r) => last._unkeep(r));
    delivery = createDelivery(cfg, queue, {
      drop: dropRec,
      sent: (count) => notes._emit('sent', { count }),
      acked: (recs) => last._unkeep(recs),
      error(message, status) {
        lastError = message;
        notes._emit('error', { message, status });
        if (status === 401) console.error('homing: ' + message);
      },
    });
  }
  let going = false; // the page is being left now
  const later = (fn: () => Promise<unknown>) => fn().catch((e) => { lastError = String(e); });
  let batch: Promise<Written> | undefined;

  /** Persists one record with the task's others; once per task, the bounds' drops and delivery learn of it. */
  function persist(rec: Rec, messageId: string): Promise<TrackResult> {
    const ready = rec.k[0] == '0';
    if (last._take(rec)) return (ready && delivery._captured(rec), done({ messageId }));
    if (ready) delivery._captured(rec, true);
    const w = queue.write(rec);
    if (w != batch) {
      batch = w;
      w.then((r) => {
        if (r.error) return;
        r.dropped.forEach((d) => dropRec(d.rec, d.reason));
        delivery._added(r.recs.filter((x) => x.k[0] == '0').length);
      });
    }
    return w.then((r) => (r.error ? { error: problem('STORAGE', 'queue', 'could not be written: ' + r.error) } : { messageId }));
  }

  /** Bad input: one console line, an `invalid` notification and `{ error }` (SPEC §2). */
  const refuse = (p: Problem): Promise<TrackResult> => (say(p), notes._emit('invalid', p), done({ error: p }));
  const skip = (reason: string, event: unknown): Promise<TrackResult> =>
    (drop(reason, { event }), done({ error: problem(reason.toUpperCase(), 'event', 'not recorded: ' + reason) }));

  function capture(name: unknown, props: unknown, opts?: TrackOptions, traits?: Record<string, unknown>,
    now = captureTime(), href = capturePage()): Promise<TrackResult> {
    // A form or an inquiry is what start-up waits for: it finishes now, and the lead goes at once (SPEC §5).
    if (PRIORITY.test(name as string)) start._now();
    if (!start._isReady()) return new Promise((resolve) => start._wait(() => resolve(capture(name, props, opts, traits, now, href))));
    if (crawler) return skip('bot', name);
    if (!consent._isAllowed()) return skip('consent', name);
    const who = identity._current();
    // Lead events (identify, forms, inquiries) with an email are sent by automation too, flagged (SPEC §4.1).
    if (automation.length && !((name == 'identify' || PRIORITY.test(name as string)) && who.email)) {
      if (!dropped.automation) console.info('homing: automation (' + automation + '): browsing not recorded (data-bots="allow" records it)');
      return skip('automation', name);
    }
    const ctx = who.source ? { identitySource: who.source, ...context } : context;
    const st = stampEvent(name, props, opts, {
      email: who.email, traits, context: ctx, now,
      extra: { pageUrl: href.slice(0, 1000), campaign: visitCampaign(cfg.key) },
    });
    if (isProblem(st)) return refuse(st);
    notes._emit('queued', { event: st.name, messageId: st.messageId, held: st.held });
    return persist(queue.record(st, now), st.messageId);
  }

  /** `messageId`: a form's identify, derived like its form event's (SPEC §6.2). */
  function identify(email: unknown, traits?: unknown, source: IdentitySource = 'call', messageId?: string, now = captureTime()): Promise<TrackResult> {
    if (!start._isReady()) return new Promise((resolve) => start._wait(() => resolve(identify(email, traits, source, messageId, now))));
    if (crawler || !consent._isAllowed()) return capture('identify', {});
    const tr = toJSONObject(traits, 'traits');
    const p = checkEmail(email, 'email') || (isProblem(tr) ? tr : checkProperties(tr, 'identify.traits'));
    if (p) return refuse(p);
    const t = tr as Record<string, unknown>;
    // A different email is a new identity; events already queued keep the one they were captured with.
    identity._set(email as string, source);
    if (!t.firstTouch) t.firstTouch = identity._firstTouch(now, visitCampaign(cfg.key));
    const result = capture('identify', {}, messageId ? { messageId } : undefined, t, now);
    queue.commit(); // held events captured before this call are written before they are released
    release(email as string, now);
    return result;
  }

  /**
   * Held events leave with `email`, each with its capture time (SPEC §5), and go at once with the
   * identify: a lead just became known, and the CRM should hear of it now, not at the next flush;
   * with keepalive, as a form's dual write, since a form's navigation often follows.
   */
  const release = (email: string, now: number) => later(async () => {
    const r = await queue.release(email, now);
    r.dropped.forEach((d) => dropRec(d.rec, d.reason));
    r.released.forEach((x) => delivery._captured(x));
    delivery._added(r.released.length);
    delivery._now(r.released);
  });

  /** SPEC §8: what another host of the site set applies here: an opt-out, or the newer identity (its email, if new here). */
  const adopt = () => (shared && (shared._read() || {}).o ? void (consent._isAllowed() && api.optOut()) : identity._sync());

  const api: Tracker = {
    track: (event, properties, opts) => capture(event, properties, opts),
    identify: (email, traits) => identify(email, traits),
    page: (properties) => capture('page_view', Object.assign(pageProperties(), properties)),
    async flush() {
      start._now();
      if (crawler || !consent._isAllowed()) return { sent: 0, failed: 0, remaining: 0 };
      queue.commit();
      await queue.idle();
      return delivery._flush(true);
    },
    reset: () => inOrder(identity._clear),
    async optOut() {
      start._now();
      consent._set('out');
      // SPEC §5: everything homing keeps for the site but the choice: identity, first touch, last words,
      // session keys, back-off; this page's unsent events, the batch for its end included; then the queue.
      // (§8's shared identity cookie, where there is one, is cleared here too.)
      forget('homing:' + cfg.key + ':', 'homing:' + cfg.key + ':consent');
      queue.discard();
      delivery._cancel();
      await later(() => queue.purge());
    },
    optIn: () => inOrder(() => consent._set('in')),
    on: (name, listener) => notes.on(name, listener),
    async stats() {
      start._now();
      await queue.idle();
      // A crawler, or a visitor without consent, must not even get a database created.
      const c = crawler || !consent._isAllowed() ? { queued: 0, held: 0, oldest: undefined } : await queue.counts();
      const d = delivery._state();
      return {
        queued: c.queued, held: c.held, inFlight: d.inFlight, dropped: { ...dropped },
        oldestAge: c.oldest ? Date.now() - capturedAt(c.oldest.k) : 0, lastError, storage: queue.storage, stopped: d.stopped,
      };
    },
  };

  const last = createLastWords(cfg.key, (r) => persist(r, ''));
  // One idle slice each (SPEC §1: never one long task); the queue is opened before anything is stored.
  // Left before they ran: they run now, and delivery, whose listeners are added during this dispatch and
  // so miss it, is called.
  const start = createStart([
    () => {
      // isbot's full pattern: its first test compiles it (2–3 ms here, 4× that on a throttled phone).
      crawler = !cfg.allowBots && isCrawler(navigator.userAgent);
      automation = cfg.allowBots ? [] : automationSignals(window);
    },
    open,
    () => {
      context = readContext(cfg.environment);
      if (automation.length) context.automation = automation;
    },
    () => {
      adopt(); // the release below takes an identity the cookie brought
      if (crawler || !consent._isAllowed() || going) return; // being left: the next page resumes
      last._restore();
      // With the email known, held events are released: a form's navigation may have cut its release short.
      // Both asked now, before this page's own events are written: only what earlier pages left is resumed at once.
      const released = queue.release(identity._current().email, Date.now());
      const left = queue.counts();
      later(async () => {
        (await released).dropped.forEach((d) => dropRec(d.rec, d.reason));
        if ((await left).queued) delivery._schedule(0); // a reload resumes delivery
      });
    },
  ], (left, late, rest) => {
    going = left;
    // What start-up and the calls waiting for it capture now are last words too (WebKit: no IndexedDB at leave).
    last._during(() => {
      rest();
      runLeave(left);
    });
    going = false;
    if (late) delivery._leave();
  });
  // An open tab of one host learns at once, as it is shown again, what the visitor did on another (SPEC §8).
  if (shared) addEventListener('visibilitychange', () => {
    const email = document.visibilityState == 'visible' && start._isReady() && !crawler && adopt();
    if (email && consent._isAllowed()) release(email, Date.now());
  });
  /** Runs `fn` in an idle moment once started (or as the page goes), unless the visitor is a crawler. */
  const afterBoot = (fn: () => void) => start._idle(() => crawler || fn());
  // After the stub's queued calls are replayed (same task), so an early identify() applies to it.
  // Listeners are registered now; the page is read when idle. A crawler's events are dropped (bot).
  const g = guard(api);
  // The page's own events (the page view, a link's identify) keep the moment the script ran (the page:
  // as the link's email leaves the address bar).
  const wire = () => {
    try {
      asOf([boot ? boot.at : Date.now(), ''], () => autocapture(cfg, api, identify, afterBoot));
    } catch (e) {
      console.error('homing: autocapture failed: ' + e);
    }
  };
  if (!boot) {
    // Made by page code (the module): after the calls it makes next in this task, so an early identify() applies.
    done(0).then(wire);
    return g;
  }
  // The stub's calls, the page's own events, then what page code asked for since, even within one ms.
  replay(boot, g, start._wait, true);
  // Now, not in a microtask: made by a visitor's submit, its own listener must be there before the event reaches document.
  wire();
  replay(boot, g, start._wait, false);
  if (boot.leaving != null) start._left(boot.leaving); // made by the page's end: its listeners missed it
  return g;
}

