// rate.ts: the per-key sliding-window request limit (SPEC §4: ≤ 50 batch requests per minute per key).
import { MAX_REQUESTS_PER_WINDOW, WINDOW_MS, windowWait } from '../../src/wait.js';

export const RATE_PER_MINUTE = MAX_REQUESTS_PER_WINDOW;

export type RateResult = { ok: true } | { ok: false; retryAfter: number };

export interface RateLimiter {
  /** Counts one request for `key` and says whether it is within the limit. */
  hit(key: string, now?: number): RateResult;
}

export function createRateLimiter(limit = RATE_PER_MINUTE): RateLimiter {
  // Only the newest `limit` times per key matter: the window is full when the oldest of them is still inside it.
  const hits = new Map<string, number[]>();
  let sinceSweep = 0;

  return {
    hit(key, now = Date.now()) {
      if (++sinceSweep > 10_000) { sweep(hits, now - WINDOW_MS); sinceSweep = 0; }
      const times = hits.get(key) ?? [];
      hits.set(key, times);
      const isFull = windowWait(times, now, limit) > 0;
      // Refused requests count too, as the browser counts every attempt: a client that ignores Retry-After stays limited.
      times.push(now);
      if (times.length > limit) times.splice(0, times.length - limit);
      if (!isFull) return { ok: true };
      // A slot frees when the newest `limit` requests (this one among them) no longer all sit inside the window.
      return { ok: false, retryAfter: Math.max(1, Math.ceil(windowWait(times, now, limit) / 1000)) };
    },
  };
}

function sweep(hits: Map<string, number[]>, before: number): void {
  for (const [key, times] of hits) if (times[times.length - 1] <= before) hits.delete(key);
}

/** A store that keeps the window in the database, shared by every process (the SQL stores). */
interface WindowStore {
  hitWindow(key: string, now: number, limit: number, windowMs: number): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
}

export type HitRate = (key: string) => RateResult | Promise<RateResult>;

/** The store's shared window when it keeps one, else this process's own. */
export function rateFor(store: object, limit = RATE_PER_MINUTE): HitRate {
  if (!('hitWindow' in store)) {
    const local = createRateLimiter(limit);
    return (key) => local.hit(key);
  }
  const shared = store as WindowStore;
  return async (key) => {
    const r = await shared.hitWindow(key, Date.now(), limit, WINDOW_MS);
    return r.ok ? r : { ok: false, retryAfter: r.retryAfterSeconds };
  };
}
