// pace.ts: one destination's request pace: a sliding window of requests per minute, and pauses it asks for.
import { windowWait } from '../../src/wait.js';
import { readRateLimit } from './backoff.js';

export interface Pacer {
  /** Counts a request and returns 0 when one may go now; else how long to wait (nothing is counted). */
  take(now: number): number;
  /** No request before `until` (epoch ms); a later pause wins over an earlier one. */
  pauseUntil(until: number): void;
  pausedUntil(): number;
  /** Reads X-RateLimit-* from an answer: with none remaining, pause until the reset. */
  observe(headers: Record<string, string>, now: number): void;
}

export function createPacer(perMinute: number | undefined): Pacer {
  const times: number[] = [];
  let paused = 0;
  return {
    take(now) {
      if (paused > now) return paused - now;
      const wait = perMinute ? windowWait(times, now, perMinute) : 0;
      if (wait > 0) return wait;
      times.push(now);
      if (perMinute && times.length > perMinute) times.splice(0, times.length - perMinute);
      return 0;
    },
    pauseUntil(until) {
      paused = Math.max(paused, until);
    },
    pausedUntil: () => paused,
    observe(headers, now) {
      const rate = readRateLimit(headers, now);
      if (rate && rate.remaining <= 0) paused = Math.max(paused, rate.resetAt);
    },
  };
}
