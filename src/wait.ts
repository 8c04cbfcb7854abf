// wait.ts: how long to wait, as pure functions the collector shares: backoff, Retry-After, the sliding per-minute window.

/** SPEC §4: at most 50 batch requests in any sliding 60 s, per site key. */
export const MAX_REQUESTS_PER_WINDOW = 50;
export const WINDOW_MS = 60000;

export const BASE_DELAY_MS = 1000;
export const MAX_DELAY_MS = 300000;

/** Full-jitter exponential backoff (1 s doubling to 5 min), never sooner than Retry-After. */
export function nextDelay(attempt: number, retryAfterMs = 0, rand = Math.random): number {
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * Math.pow(2, attempt));
  return Math.max(retryAfterMs, Math.floor(rand() * cap));
}

/** Retry-After as seconds or an HTTP date → ms from now (undefined when absent or unreadable). */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return;
  const s = +value;
  if (isFinite(s)) return Math.max(0, s * 1000);
  const t = Date.parse(value);
  if (isFinite(t)) return Math.max(0, t - now);
}

/** Ms to wait before one more request fits the window (0: send now). `times` are past request times. */
export function windowWait(times: number[], now: number, max = MAX_REQUESTS_PER_WINDOW): number {
  const recent = times.filter((t) => t > now - WINDOW_MS);
  return recent.length < max ? 0 : Math.min.apply(null, recent) + WINDOW_MS - now;
}
