// types.ts: what a destination is to the worker: a name, how it sends, and what each event came to.
import type { OutboxEvent } from '../store/store.js';
import type { Pacer } from './pace.js';

export type { OutboxEvent };

/** What became of one event at one destination. */
export type Outcome =
  /** The destination took it (a duplicate it recognised counts too); `status`: its answer's. */
  | { kind: 'sent'; status?: number }
  /** Not sent on purpose (a rule of the destination would discard it anyway). */
  | { kind: 'skipped'; reason: string }
  /** Try again later: at `retryAfterMs` when the destination said so, else after a backoff. */
  | { kind: 'retry'; error: string; retryAfterMs?: number; isBusy?: boolean }
  /** Refused for good: into the dead letters with the destination's answer. */
  | { kind: 'dead'; answer: unknown }
  /** Not attempted (the lease is nearly over, or the relay is stopping): the lease brings it back. */
  | { kind: 'unsent' };

export interface SendContext {
  now(): number;
  /** Waits for the destination's budget (a lead event may spend the reserve); false when none frees before the lease ends. */
  slot(): Promise<boolean>;
  /** Aborted when the relay stops without waiting. */
  signal: AbortSignal;
}

export interface Destination {
  name: string;
  type: DestinationType;
  /** Events claimed at a time. */
  batchSize: number;
  /** A request's time limit: none starts later than this before its lease ends. */
  timeoutMs: number;
  /** People sent for at once (one request per event); a person's events go one after another. */
  concurrency: number;
  /** One request per event. */
  sendEach?(event: OutboxEvent, ctx: SendContext): Promise<Outcome>;
  /** Many events per request; one outcome per event, in order. */
  sendBatch?(events: OutboxEvent[], ctx: SendContext): Promise<Outcome[]>;
  /** Its rate limit and the pauses it asked for (Retry-After, X-RateLimit-Reset, a refused token). */
  pacer: Pacer;
  /** Speed to lead (SPEC §7): which names are lead and engagement here, and when browsing is condensed. */
  classes: { lead: readonly string[]; engagement: readonly string[] };
  /** Condense a person's pending browsing once it would take longer than this to send; undefined: never. */
  condenseAfterMs?: number;
}

export type DestinationType = 'batch' | 'crm' | 'marketing' | 'success';

export const UNSENT: Outcome = { kind: 'unsent' };
export const SENT: Outcome = { kind: 'sent' };

/** What a destination file builds: the destination without the scheduling its config adds. */
export type Sender = Omit<Destination, 'classes' | 'condenseAfterMs'>;
