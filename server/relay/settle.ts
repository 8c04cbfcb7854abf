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
  /** Events named in a condensed website_activity event the destination took, and how many such events. */
  condensed: number;
  condensedEvents: number;
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
  const stats: DestinationStats = { name: d.name, type: d.type, sent: 0, skipped: 0, retried: 0, dead: 0, condensed: 0, condensedEvents: 0 };
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
    if (e.standsFor) return settleCondensed(e, e.standsFor, o);
    if (o.kind === 'sent' || o.kind === 'skipped') {
      o.kind === 'sent' ? stats.sent++ : stats.skipped++;
      recovered();
      return guard(() => confirm([{ id: e.id, outcome: o.kind, ...(o.kind === 'sent' && o.status ? { status: o.status } : {}) }]));
    }
    if (o.kind === 'dead') {
      stats.dead++;
      note('warn', 'dead letter', { destination: d.name, messageId: e.messageId, status: (o.answer as { status?: number })?.status });
      return guard(() => outbox.deadLetter(d.name, e.id, redact.value(o.answer)));
    }
    if (o.kind === 'unsent') return handBack(e);
    return retry(e, o);
  }

  function recovered() {
    if (isFailing && now() - lastFailNote >= FAIL_NOTE_EVERY_MS) { isFailing = false; note('info', 'destination recovered', { destination: d.name }); }
  }

  /** Handed back now rather than when the lease ends (a crash, `abort`, leaves it to the lease). */
  async function handBack(e: OutboxEvent): Promise<void> {
    if (deps.isAborting()) return;
    const at = Math.max(now(), d.pacer.pausedUntil());
    return guard(() => outbox.reschedule(d.name, e.id, new Date(at), e.lastError ?? 'not sent yet', false));
  }

  /** A website_activity event's outcome is each of its rows': condensed into it, dead-lettered with its answer, or back. */
  async function settleCondensed(e: OutboxEvent, rows: OutboxEvent[], o: Outcome): Promise<void> {
    if (o.kind === 'sent' || o.kind === 'skipped') {
      stats.condensed += rows.length;
      stats.condensedEvents++;
      recovered();
      const status = o.kind === 'sent' ? o.status : undefined;
      return guard(() => confirm(rows.map((r) => ({ id: r.id, outcome: 'condensed' as const, into: e.messageId, ...(status ? { status } : {}) }))));
    }
    if (o.kind === 'dead') {
      stats.dead += rows.length;
      note('warn', 'dead letter', { destination: d.name, messageId: e.messageId, status: (o.answer as { status?: number })?.status, events: rows.length });
      const answer = { condensedInto: e.messageId, ...(redact.value(o.answer) as object) };
      return guard(() => Promise.all(rows.map((r) => outbox.deadLetter(d.name, r.id, answer))));
    }
    if (o.kind === 'unsent') { await Promise.all(rows.map(handBack)); return; }
    await Promise.all(rows.map((r) => retry(r, o)));
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
    // Only time spent failing counts, never time waiting its turn or a busy destination (SPEC §7: age).
    const failedFor = e.failingSince ? now() - Date.parse(e.failingSince) : 0;
    if (!o.isBusy && failedFor > deps.maxAgeMs) {
      stats.dead++;
      return guard(() => outbox.deadLetter(d.name, e.id, { gaveUp: true, attempts: e.attempts, failingSince: e.failingSince, error }));
    }
    const delay = o.retryAfterMs ?? nextDelay(e.attempts, deps.backoff);
    await guard(() => outbox.reschedule(d.name, e.id, new Date(now() + delay), error, !o.isBusy));
  }

  return { settle, stats };
}
