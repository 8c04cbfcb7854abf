// recorder.ts: the script tag's first task (SPEC §1): window.homing keeps each call with its capture time, and the
// tracker is made in an idle moment, or at once when a call, a visitor's click or submit, or the page's end needs it.
import type { Tracker } from './api.js';
import { whenIdle } from './idle.js';
import { asOf } from './moment.js';
import { inert, say } from './guard.js';
import { problem } from './validate.js';
import { PRIORITY } from './queue.js';
import { onHide } from './hide.js';

/**
 * A call made before the tracker existed: method, arguments, capture time and page, where its result
 * goes; `s`: made in the script's own task (the stub's), so before the page's own events.
 */
export interface Early { m: string; a: unknown[]; t: number; h: string; done: (result: unknown) => void; s?: boolean }
/** What the tracker is made with: the calls so far, the page's end if that is what made it, and when the script ran. */
export interface Boot { early: Early[]; leaving?: boolean; at: number }

const METHODS = ['track', 'identify', 'page', 'flush', 'reset', 'optOut', 'optIn', 'on', 'stats'];
/** They answer about the queue or change it now: the tracker is made for them. */
const NOW = ['flush', 'stats', 'optOut'];
/** They return nothing: their effect waits with the others, in order. */
const VOID = ['reset', 'optIn'];

export function createRecorder(make: (boot: Boot) => Tracker): Tracker & ((method: string, ...args: unknown[]) => unknown) {
  const at = Date.now();
  let inTask = true;
  Promise.resolve().then(() => (inTask = false));
  let tracker: Tracker | undefined;
  const early: Early[] = [];
  const real = (leaving?: boolean): Tracker => {
    if (!tracker) {
      const calls = early.splice(0);
      try {
        tracker = make({ early: calls, leaving, at });
      } catch (e) {
        const p = problem('INTERNAL', 'start-up', String(e));
        say(p);
        tracker = inert(p);
        refuseAll(calls, tracker);
      }
      // Its own listeners are there now (autocapture's on document, which a window capture listener precedes).
      ['click', 'submit'].forEach((t) => removeEventListener(t, now, true));
    }
    return tracker;
  };
  const now = () => void real();
  // window.homing stays callable as a function, homing('track', …), and has the methods.
  const api: any = function (method: string) {
    if (METHODS.indexOf(method) >= 0) return api[method].apply(null, [].slice.call(arguments, 1));
    console.error('homing: unknown method "' + method + '"');
  };
  METHODS.forEach((m) => {
    api[m] = function () {
      const a = [].slice.call(arguments);
      // A form or an inquiry goes at once too (SPEC §5): the fastest road from the visitor to the agent.
      if (tracker || NOW.indexOf(m) >= 0 || (m == 'track' && PRIORITY.test(a[0] as string))) return (real() as any)[m].apply(null, a);
      let done!: (v: unknown) => void;
      const result = new Promise((resolve) => (done = resolve));
      early.push({ m, a, t: Date.now(), h: location.href, done, s: inTask });
      if (m != 'on') return VOID.indexOf(m) < 0 ? result : undefined;
      // on() answers its unsubscribe at once: it takes effect when the tracker has the listener.
      let off: any; // the tracker's unsubscribe once it has the listener; 1: unsubscribed before
      result.then((f) => (off ? (f as () => void)() : (off = f)));
      return () => void (typeof off == 'function' ? off() : (off = 1));
    };
  });
  whenIdle(now);
  // Capturing on window runs before autocapture's document listeners, which the tracker adds as it is made.
  ['click', 'submit'].forEach((t) => addEventListener(t, now, true));
  onHide(real);
  return api;
}

/** Answers each recorded call at once from a tracker that refuses every call (guard.ts `inert`). */
export const refuseAll = (calls: Early[], inert: Tracker) => calls.forEach((c) => c.done((inert as any)[c.m]()));

/**
 * The tracker's side: the recorded calls of the stub (`stub`) or the later ones, in order at the end of
 * its start-up, each as of its moment; a listener at once.
 */
export function replay(boot: Boot, tracker: Tracker, wait: (fn: () => void) => void, stub: boolean) {
  boot.early.forEach((c) => {
    if (!c.s != !stub) return;
    const call = () => c.done((tracker as any)[c.m].apply(null, c.a));
    c.m == 'on' ? call() : wait(() => asOf([c.t, c.h], call));
  });
}
