// backoff.ts: the site's back-off after failed requests, shared by its tabs through localStorage.
import { memo } from './memo.js';
import { MAX_DELAY_MS, MAX_RETRY_AFTER_MS, nextDelay } from './retry.js';

/** [failed attempts in a row, no automatic request before (ms), Retry-After: none at all before (ms)] */
type State = [number, number, number];

export function createBackoff(key: string) {
  const m = memo<State>('homing:' + key + ':b');
  /**
   * Every stored time is clamped to its cap from now, and the clamp is kept: a state written by a
   * clock that has since jumped back (or by an older build) never holds sending back for longer than
   * the cap, and no timer is ever set past it.
   */
  const read = (): State => {
    const s = m._read() || [0, 0, 0];
    const now = Date.now();
    const nb = Math.min(s[2], now + MAX_RETRY_AFTER_MS);
    const c: State = [s[0], Math.min(s[1], Math.max(now + MAX_DELAY_MS, nb)), nb];
    if (c[1] < s[1] || c[2] < s[2]) m._write(c);
    return c;
  };
  return {
    /** Failed attempts in a row, across the site's tabs. */
    _attempts: () => read()[0],
    /** No automatic request before this time. */
    _retryAt: () => read()[1],
    /** Retry-After: no request before this time, even on flush(). */
    _notBefore: () => read()[2],
    /** A request failed: returns the ms to wait before the next try (Retry-After: at most one hour). */
    _failed(now: number, retryAfter?: number): number {
      const [n, , nb] = read();
      const ra = retryAfter != null ? Math.min(retryAfter, MAX_RETRY_AFTER_MS) : undefined;
      const wait = nextDelay(n, ra);
      m._write([n + 1, now + wait, ra != null ? now + ra : nb]);
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
    /** Opt-out: forgotten with the rest. */
    _clear: () => m._write(undefined),
  };
}
