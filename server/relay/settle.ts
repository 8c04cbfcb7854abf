// settle.ts: an outcome → the outbox: confirm (grouped), reschedule with backoff, or dead-letter with the answer.
import type { Outbox } from '../store/store.js';
import { nextDelay, type BackoffOptions } from './backoff.js';
import { createConfirmer, type Confirm } from './confirm.js';
import type { Redactor } from './redact.js';
import type { Destination, Outcome, OutboxEvent } from './types.js';

export interface DestinationStats {
  name: string;
  type: string;
  sent: number;
  skipped: number;
  retried: number;
  dead: number;
  lastError?: string;
  pausedUntil?: string;
}

const FAIL_NOTE_EVERY_MS = 60_000;

export interface SettleDeps {
  outbox: Outbox;
  now(): number;
  maxAgeMs: number;
  backoff: BackoffOptions;
  redact: Redactor;
  note(level: string, msg: string, fields?: Record<string, unknown>): void;
  isAborting(): boolean;
}

export interface Settler {
  settle(e: OutboxEvent, o: Outcome): Promise<void>;
  stats: DestinationStats;
}

export function createSettler(d: Destination, deps: SettleDeps): Settler {
  const { outbox, now, redact, note } = deps;
  const confirm: Confirm = createConfirmer(outbox, d.name);
  const stats: DestinationStats = { name: d.name, type: d.type, sent: 0, skipped: 0, retried: 0, dead: 0 };
  let isFailing = false;
  let lastFailNote = -Infinity;
  let unnoted = 0;

  /** The outbox can fail (database down): say so and go on; an unsettled claim comes back when its lease ends. */
  async function guard(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      note('error', 'outbox update failed: ' + (err as Error).message, { destination: d.name });
    }
  }

  async function settle(e: OutboxEvent, o: Outcome): Promise<void> {
    if (o.kind === 'sent' || o.kind === 'skipped') {
      o.kind === 'sent' ? stats.sent++ : stats.skipped++;
      if (isFailing && now() - lastFailNote >= FAIL_NOTE_EVERY_MS) { isFailing = false; note('info', 'destination recovered', { destination: d.name }); }
      return guard(() => confirm([e.id]));
    }
    if (o.kind === 'dead') {
      stats.dead++;
      note('warn', 'dead letter', { destination: d.name, messageId: e.messageId, status: (o.answer as { status?: number })?.status });
      return guard(() => outbox.deadLetter(d.name, e.id, redact.value(o.answer)));
    }
    if (o.kind === 'unsent') {
      // Handed back now rather than when the lease ends (a crash, `abort`, leaves it to the lease).
      if (deps.isAborting()) return;
      const at = Math.max(now(), d.pacer.pausedUntil());
      return guard(() => outbox.reschedule(d.name, e.id, new Date(at), e.lastError ?? 'not sent yet'));
    }
    return retry(e, o);
  }

  async function retry(e: OutboxEvent, o: Extract<Outcome, { kind: 'retry' }>): Promise<void> {
    stats.retried++;
    const error = redact.text(o.error);
    stats.lastError = error;
    isFailing = true;
    unnoted++;
    // One line a minute at most: a flaky destination fails often, and the log is not the place to count it.
    if (now() - lastFailNote >= FAIL_NOTE_EVERY_MS) {
      note('warn', 'destination failing: ' + error, { destination: d.name, failures: unnoted });
      lastFailNote = now();
      unnoted = 0;
    }
    if (now() - Date.parse(e.receivedAt) > deps.maxAgeMs) {
      stats.dead++;
      return guard(() => outbox.deadLetter(d.name, e.id, { gaveUp: true, attempts: e.attempts, error }));
    }
    const delay = o.retryAfterMs ?? nextDelay(e.attempts, deps.backoff);
    await guard(() => outbox.reschedule(d.name, e.id, new Date(now() + delay), error));
  }

  return { settle, stats };
}
