// backoff.ts: when to try again: exponential backoff with jitter, X-RateLimit-* headers (Retry-After: src/wait.ts).

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  random?: () => number;
}

/** SPEC §5's browser schedule, reused for the relay: 1 s doubling to 5 min. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, capMs: 5 * 60_000 };

/**
 * The wait before attempt `attempt + 1`: "equal jitter" (half fixed, half random), so that
 * many events failing at once spread out without ever retrying at once.
 */
export function nextDelay(attempt: number, { baseMs, capMs, random = Math.random }: BackoffOptions): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(step / 2 + (random() * step) / 2);
}

export interface RateLimitState {
  limit?: number;
  remaining: number;
  /** When the window resets, epoch ms. */
  resetAt: number;
}

// 000's example is `X-RateLimit-Reset: 3600` beside a limit of 100: seconds until the reset.
// Some APIs send an epoch time instead; anything past 2001-09-09 in seconds is read that way.
const EPOCH_SECONDS_FLOOR = 1e9;

/** X-RateLimit-Limit / -Remaining / -Reset, or undefined when the answer has none. */
export function readRateLimit(headers: Record<string, string>, now: number): RateLimitState | undefined {
  const remaining = Number(headers['x-ratelimit-remaining']);
  const reset = Number(headers['x-ratelimit-reset']);
  if (headers['x-ratelimit-remaining'] === undefined || !Number.isFinite(remaining)) return undefined;
  const resetAt = !Number.isFinite(reset) ? now + 60_000
    : reset >= EPOCH_SECONDS_FLOOR ? reset * 1000 : now + reset * 1000;
  const limit = Number(headers['x-ratelimit-limit']);
  return { remaining, resetAt, ...(Number.isFinite(limit) ? { limit } : {}) };
}
