// wait.ts: how long to wait, as pure functions the collector shares: backoff, Retry-After, the sliding per-minute window.

/** SPEC §4: at most 50 batch requests in any sliding 60 s, per site key. */
export const MAX_REQUESTS_PER_WINDOW = 50;
export const WINDOW_MS = 60000;

export const BASE_DELAY_MS = 1000;
/** SPEC §5: the back-off's cap. */
export const MAX_DELAY_MS = 300000;
/** SPEC §5: a Retry-After over one hour counts as one hour (setTimeout past 2^31−1 ms would fire at once). */
export const MAX_RETRY_AFTER_MS = 3600000;

/**
 * Exponential backoff (1 s doubling to 5 min) with equal jitter: between half and all of the step,
 * so that at the cap a visitor's tab tries about 16 times an hour (full jitter would be 24); never
 * sooner than Retry-After.
 */
export function nextDelay(attempt: number, retryAfterMs = 0, rand = Math.random): number {
  const step = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * Math.pow(2, attempt));
  return Math.max(retryAfterMs, Math.floor(step / 2 + (rand() * step) / 2));
}

/** Retry-After as seconds or an HTTP date → ms from now (undefined when absent or unreadable); the relay reads it too, uncapped. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return;
  const s = +value;
  const ms = isFinite(s) ? s * 1000 : Date.parse(value) - now;
  if (isFinite(ms)) return Math.max(0, ms);
}

/** Ms to wait before one more request fits the window (0: send now). `times` are past request times. */
export function windowWait(times: number[], now: number, max = MAX_REQUESTS_PER_WINDOW): number {
  const recent = times.filter((t) => t > now - WINDOW_MS);
  return recent.length < max ? 0 : Math.min.apply(null, recent) + WINDOW_MS - now;
}
