// snippet.ts: script-tag boot: read data-*, replay the stub queue into the recorder, expose window.homing.
import { readScriptOptions } from './config.js';
import { createTracker, Tracker } from './tracker.js';
import { createRecorder } from './recorder.js';
import { takeLinkEmail } from './identity.js';

(function boot(w: any) {
  const prior = w.homing;
  // First: a campaign link's email leaves the address bar before anything reads it (SPEC §1).
  try {
    takeLinkEmail(prior);
  } catch (e) { /* a page whose history cannot be replaced keeps its address */ }
  const el = document.currentScript || document.querySelector('script[data-key][data-endpoint]');
  const options = readScriptOptions(el);
  if (prior && prior.__homing) { // loaded twice: the first one stays; another key is said once
    if (options.key != prior.__key && !prior.__warned) {
      prior.__warned = 1;
      console.warn('homing: loaded twice (data-key ' + prior.__key + ', ' + options.key + '): the first records');
    }
    return;
  }
  // The first task only records: the tracker is made when the browser is idle (SPEC §1).
  const homing: any = createRecorder((boot) => createTracker(options, boot));
  homing.__homing = true;
  homing.__key = options.key;
  w.homing = homing;
  const q: ArrayLike<unknown>[] = (prior && prior.q) || [];
  for (let i = 0; i < q.length; i++) homing.apply(null, [].slice.call(q[i]));
})(window);

export type { Tracker };
