// pace.ts: one destination's request pace: its budget per window (budget.ts), and the pauses it asks for.
import { readRateLimit } from './backoff.js';
import { createBudget, type BudgetOptions, type BudgetView } from './budget.js';

export interface Pacer {
  /** Counts a request and returns 0 when one may go now; else how long to wait (nothing is counted). */
  take(now: number, isLead?: boolean): number;
  /** The wait `take` would answer, counting nothing. */
  waitFor(now: number, isLead?: boolean): number;
  /** No request before `until` (epoch ms); a later pause wins over an earlier one. */
  pauseUntil(until: number): void;
  pausedUntil(): number;
  /** Reads X-RateLimit-* from an answer (every answer, and `status` 0 for none): the budget follows them. */
  observe(headers: Record<string, string>, now: number, status?: number): void;
  /** Non-lead requests left in this window. */
  free(now: number): number;
  /** Non-lead requests a millisecond, when a budget is known. */
  rate(): number | undefined;
  budget(now: number): BudgetView;
}

/** `perMinute`: a budget the relay keeps itself; without `spread`, requests start as soon as budget is left. */
export function createPacer(perMinute: number | undefined, opts: Omit<BudgetOptions, 'perMinute'> = {}): Pacer {
  const budget = createBudget({ ...opts, perMinute });
  let paused = 0;
  const waitFor = (now: number, isLead = false) => (paused > now ? paused - now : budget.waitFor(now, isLead));
  return {
    waitFor,
    take(now, isLead = false) {
      return paused > now ? paused - now : budget.take(now, isLead);
    },
    pauseUntil(until) {
      paused = Math.max(paused, until);
    },
    pausedUntil: () => paused,
    observe(headers, now, status = 200) {
      budget.observe(headers, now, status);
      const rate = readRateLimit(headers, now);
      if (rate && rate.remaining <= 0) paused = Math.max(paused, rate.resetAt);
    },
    free: (now) => budget.free(now),
    rate: () => budget.rate(),
    budget: (now) => budget.view(now),
  };
}
