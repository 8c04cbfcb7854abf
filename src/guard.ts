// guard.ts: the facade's armour: no exception or rejected promise ever reaches page code.
import { Problem, problem } from './validate.js';
import type { Tracker } from './tracker.js';

export const done = <T>(v: T) => Promise.resolve(v);

/** The one console line of a refused call: the field, the limit and the code (SPEC §2). */
export const say = (p: Problem) =>
  console.error('homing: ' + p.message + ' (' + p.code + (p.limit !== undefined ? ', limit ' + p.limit : '') + ')');

/** Wraps every method once: no exception or rejected promise ever reaches page code. */
export function guard(api: Tracker): Tracker {
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
export function inert(p: Problem): Tracker {
  const fail: any = () => done({ error: p });
  return { track: fail, identify: fail, page: fail, flush: fail, reset: fail, optOut: fail, optIn: fail, stats: fail, on: () => fail };
}
