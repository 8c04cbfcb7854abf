// budget.ts: a destination's request budget per window: told by X-RateLimit-* headers, configured, or learned from
// 429s; spread over the window, with a reserve only lead events may spend (SPEC §7: paced, not bounced).
import { readRateLimit } from './backoff.js';

export type BudgetSource = 'headers' | 'configured' | 'learned' | 'none';

export interface BudgetView {
  source: BudgetSource;
  limit?: number;
  windowMs?: number;
  /** Requests left in this window, by the relay's own count (the answers' headers correct it). */
  remaining?: number;
  resetAt?: string;
  /** Requests of each window kept for lead events. */
  reserved: number;
}

export interface Budget {
  /** 0 when a request may start now (it is counted), else how long to wait. */
  take(now: number, isLead: boolean): number;
  /** The wait `take` would answer, counting nothing. */
  waitFor(now: number, isLead: boolean): number;
  /** Every request's end: the answer's headers and status (0: no answer). */
  observe(headers: Record<string, string>, now: number, status: number): void;
  /** Non-lead requests left in this window (Infinity when no budget is known). */
  free(now: number): number;
  /** Non-lead requests a millisecond the budget sustains; undefined when none is known. */
  rate(): number | undefined;
  view(now: number): BudgetView;
}

export interface BudgetOptions {
  perMinute?: number;
  /** Share of each window kept for lead events (0–1). */
  reserve?: number;
  /** Spread non-lead requests over what is left of the window instead of starting them at once. */
  spread?: boolean;
}

const LEARN_WINDOW_MS = 60_000;
const MIN_LEARNED = 10;
/** A header's reset is whole seconds, rounded up: answers of one window may differ by this much. */
const SAME_WINDOW_MS = 1_500;
/** Until the first answer tells the budget, one request at a time. */
const PROBE_WAIT_MS = 20;

export function createBudget(o: BudgetOptions = {}): Budget {
  let source: BudgetSource = o.perMinute ? 'configured' : 'none';
  let limit = o.perMinute;
  let windowMs = o.perMinute ? 60_000 : undefined;
  let told: { remaining: number; resetAt: number } | undefined;
  let isProbing = !o.perMinute;
  const starts: number[] = [];
  let inFlight = 0;
  let lastSpread = -Infinity;
  const whole = () => (limit ? Math.max(1, Math.floor(limit)) : undefined);
  const reserved = () => (limit && o.reserve ? Math.min(whole()! - 1, Math.ceil(whole()! * o.reserve)) : 0);

  /** What is left of the current window and when it ends, or undefined when unlimited. */
  function window(now: number): { remaining: number; resetAt: number } | undefined {
    if (source === 'headers' && told) {
      // The window rolled over since the last answer: a new one starts with the whole limit, as 000's does.
      if (now >= told.resetAt && limit) told = { remaining: whole()! - inFlight, resetAt: now + (windowMs ?? LEARN_WINDOW_MS) };
      return told;
    }
    if ((source === 'configured' || source === 'learned') && limit && windowMs) {
      while (starts.length && starts[0] <= now - windowMs) starts.shift();
      return { remaining: whole()! - starts.length, resetAt: starts.length ? starts[0] + windowMs : now };
    }
    return undefined;
  }

  function waitFor(now: number, isLead: boolean): number {
    if (isProbing && source === 'none' && inFlight > 0) return PROBE_WAIT_MS;
    const w = window(now);
    if (!w) return 0;
    const free = w.remaining - (isLead ? 0 : reserved());
    if (free <= 0) return Math.max(1, w.resetAt - now);
    if (isLead || !o.spread) return 0;
    return Math.max(0, Math.ceil(lastSpread + (w.resetAt - now) / free - now));
  }

  return {
    waitFor,
    take(now, isLead) {
      const wait = waitFor(now, isLead);
      if (wait > 0) return wait;
      starts.push(now);
      if (starts.length > 10_000) starts.shift();
      if (told) told.remaining--;
      inFlight++;
      if (!isLead) lastSpread = now;
      return 0;
    },
    observe(headers, now, status) {
      inFlight = Math.max(0, inFlight - 1);
      if (status !== 0) isProbing = false;
      const rate = readRateLimit(headers, now);
      if (rate) return void tell(rate.remaining, rate.resetAt, rate.limit, now);
      if (status === 429 && !headers['retry-after'] && source !== 'headers') learn(now);
      // Learned budgets grow back by one request per window of answers without a 429 (additive increase).
      else if (source === 'learned' && limit && status >= 200 && status < 300) limit += 1 / limit;
    },
    free(now) {
      const w = window(now);
      return w ? Math.max(0, w.remaining - reserved()) : Infinity;
    },
    rate: () => (limit && windowMs ? (whole()! - reserved()) / windowMs : undefined),
    view(now) {
      const w = window(now);
      const v: BudgetView = { source, reserved: reserved() };
      if (limit) v.limit = whole();
      if (windowMs) v.windowMs = windowMs;
      if (w) { v.remaining = Math.max(0, w.remaining); v.resetAt = new Date(w.resetAt).toISOString(); }
      return v;
    },
  };

  function tell(remaining: number, resetAt: number, told_limit: number | undefined, now: number) {
    source = 'headers';
    if (told_limit) limit = told_limit;
    else limit = Math.max(limit ?? 0, remaining + 1);
    // The first request of a window sees the whole window ahead of it.
    if (limit && remaining === limit - 1) windowMs = Math.max(1000, resetAt - now);
    else windowMs = Math.max(windowMs ?? 0, resetAt - now, 1000);
    // Requests still out may or may not be counted in this answer: assume not, and never start one too many.
    const left = remaining - inFlight;
    const isNewWindow = !told || resetAt > told.resetAt + SAME_WINDOW_MS;
    told = isNewWindow ? { remaining: left, resetAt } : { remaining: Math.min(told!.remaining, left), resetAt: Math.min(told!.resetAt, resetAt) };
  }

  /**
   * A 429 with no header at all: the budget is about what was spent in the last minute, less a margin. Fewer than
   * MIN_LEARNED requests tell too little (a passing overload): the backoff alone handles those.
   */
  function learn(now: number) {
    const spent = starts.filter((t) => t > now - LEARN_WINDOW_MS).length - 1;
    if (spent < MIN_LEARNED) return;
    limit = source === 'learned' && limit ? Math.max(1, Math.min(limit - 1, Math.floor(spent * 0.9))) : Math.max(1, Math.floor(spent * 0.9));
    windowMs = LEARN_WINDOW_MS;
    source = 'learned';
  }
}
