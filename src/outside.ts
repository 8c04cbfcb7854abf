// outside.ts: createTracker outside a browser (server-side rendering, Node): every call a harmless no-op that resolves.
import type { FlushResult } from './deliver.js';
import type { Options } from './config.js';
import { createTracker as createBrowserTracker, type Tracker } from './tracker.js';
import { problem } from './validate.js';

/** The ESM entry's createTracker: the real tracker in a page, an inert one where there is no window or document. */
export function createTracker(options: Options): Tracker {
  return typeof window === 'undefined' || typeof document === 'undefined' ? createOutside() : createBrowserTracker(options);
}

function createOutside(): Tracker {
  const error = problem('NO_BROWSER', 'window', 'homing runs in a browser; here (no window, e.g. server-side rendering) nothing is tracked');
  const result = () => Promise.resolve({ error });
  const flushed: FlushResult = { sent: 0, failed: 0, remaining: 0 };
  return {
    track: result,
    identify: result,
    page: result,
    flush: () => Promise.resolve(flushed),
    reset: () => undefined,
    optOut: () => Promise.resolve(),
    optIn: () => undefined,
    on: () => () => undefined,
    stats: () => Promise.resolve({ queued: 0, held: 0, inFlight: 0, dropped: {}, oldestAge: 0, storage: 'memory', stopped: true }),
  };
}
