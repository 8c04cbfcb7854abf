// answer.ts: what a destination's HTTP answer means for the event: sent, retry (maybe pausing), or dead.
import { parseRetryAfter } from '../../src/wait.js';
import { readRateLimit } from './backoff.js';
import type { Answer } from './post.js';
import type { Outcome } from './types.js';

export interface Verdict {
  outcome: Outcome;
  /** The whole destination waits until then (epoch ms). */
  pauseUntil?: number;
}

/** A refused token or a wrong URL is the relay's problem, not the event's: pause and retry, never dead-letter. */
export const CONFIG_PAUSE_MS = 60_000;
const CONFIG_STATUSES = new Set([401, 403, 404, 405]);
const RETRY_STATUSES = new Set([408, 425, 429]);

export function readAnswer(a: Answer, now: number): Verdict {
  const { status } = a;
  if (status === 0) return retry(a.error ?? 'no answer');
  if (status >= 200 && status < 300) return { outcome: { kind: 'sent', status } };
  if (status === 429 || status === 503) {
    const after = retryAfterOf(a, now);
    // A 429 is the destination being busy, not failing: it does not count towards an event's age (SPEC §7).
    const verdict = retry(describe(a), after, status === 429);
    return { ...verdict, ...(after !== undefined ? { pauseUntil: now + after } : {}) };
  }
  if (CONFIG_STATUSES.has(status)) {
    const why = status === 401 || status === 403 ? 'the destination refused the token' : 'the destination has no such endpoint: check its url';
    return { ...retry(why + ' (' + status + ')', CONFIG_PAUSE_MS), pauseUntil: now + CONFIG_PAUSE_MS };
  }
  if (status >= 500 || RETRY_STATUSES.has(status)) return retry(describe(a));
  return { outcome: { kind: 'dead', answer: { status, body: a.body } } };
}

/** Retry-After first (seconds or a date), else X-RateLimit-Reset when nothing remains. */
export function retryAfterOf(a: Answer, now: number): number | undefined {
  const after = parseRetryAfter(a.headers['retry-after'], now);
  if (after !== undefined) return after;
  const rate = readRateLimit(a.headers, now);
  return rate && rate.remaining <= 0 ? Math.max(0, rate.resetAt - now) : undefined;
}

function retry(error: string, retryAfterMs?: number, isBusy = false): Verdict {
  const outcome: Outcome = { kind: 'retry', error };
  if (retryAfterMs !== undefined) outcome.retryAfterMs = retryAfterMs;
  if (isBusy) outcome.isBusy = true;
  return { outcome };
}

function describe(a: Answer): string {
  const body = typeof a.body === 'string' ? a.body : JSON.stringify(a.body ?? '');
  return 'HTTP ' + a.status + (body ? ': ' + body.slice(0, 200) : '');
}
