// retry.ts: when to try again: the pure waits (wait.ts), and the request window the site's tabs share.
import { memo } from './memo.js';
import { WINDOW_MS, windowWait } from './wait.js';

export { BASE_DELAY_MS, MAX_DELAY_MS, MAX_RETRY_AFTER_MS, MAX_REQUESTS_PER_WINDOW, WINDOW_MS, nextDelay, parseRetryAfter, windowWait } from './wait.js';

/** The request window shared by every tab of the site through localStorage (memory if that fails). */
export function createWindow(key: string) {
  const times = memo<number[]>('homing:' + key + ':w');
  const read = (now: number) => (times._read() || []).filter((t) => t > now - WINDOW_MS);
  return {
    _wait: (now: number) => windowWait(read(now), now),
    _note: (now: number) => times._write(read(now).concat(now)),
  };
}
