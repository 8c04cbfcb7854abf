// backoff.ts: the site's back-off after failed requests, shared by its tabs through localStorage.
import { memo } from './memo.js';
import { nextDelay } from './retry.js';

/**
 * Once failures persist each request is a probe of one event (deliver.ts), so probing often costs
 * little: the back-off stops growing at 8 s (full jitter: 4 s on average, about 15 probes a minute, well under
 * the 50-a-minute window), and the queue drains within seconds of the collector coming back.
 */
export const PROBE_MAX_MS = 8000;

/** [failed attempts in a row, no automatic request before (ms), Retry-After: none at all before (ms)] */
type State = [number, number, number];

export function createBackoff(key: string) {
  const m = memo<State>('homing:' + key + ':b');
  const read = (): State => m._read() || [0, 0, 0];
  return {
    /** Failed attempts in a row, across the site's tabs. */
    _attempts: () => read()[0],
    /** No automatic request before this time. */
    _retryAt: () => read()[1],
    /** Retry-After: no request before this time, even on flush(). */
    _notBefore: () => read()[2],
    /** A request failed: returns the ms to wait before the next try. */
    _failed(now: number, retryAfter?: number): number {
      const [n, , nb] = read();
      const wait = retryAfter != null ? nextDelay(n, retryAfter) : Math.min(PROBE_MAX_MS, nextDelay(n));
      m._write([n + 1, now + wait, retryAfter != null ? now + retryAfter : nb]);
      return wait;
    },
    /** A request was answered, or the browser is online again: the next one may go now. */
    _ok(): void {
      const s = m._read();
      if (s && (s[0] || s[1])) m._write(undefined);
    },
    /** The browser says it is online again: probe now, but still honour Retry-After. */
    _online(): void {
      const [n, , nb] = read();
      if (n) m._write([n, 0, nb]);
    },
  };
}
