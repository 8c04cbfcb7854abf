// store.ts: the one interface every event store implements: PGlite and PostgreSQL (sql.ts), and the JSON-lines file.
import type { WireEvent } from '../../src/validate.js';
import type { Where } from './where.js';

export type { WireEvent };

export type Status = 'accepted' | 'duplicate';

export interface StoredEvent {
  key: string;
  messageId: string;
  receivedAt: string;
  sentAt?: string;
  event: WireEvent;
}

export interface AcceptMeta {
  receivedAt: string;
  sentAt?: string;
  /** Each event's JSON text, in order, when the caller already made it (the collector does, to check sizes). */
  json?: readonly string[];
}

export interface Store {
  /** Stores the events of one batch for a site key; dedup on (key, messageId) for at least 24 h; resolves only once durable. */
  accept(key: string, events: WireEvent[], meta: AcceptMeta): Promise<Status[]>;
  /** The most recently stored events, newest first. */
  recent(limit: number): Promise<StoredEvent[]>;
  /** Every stored event, oldest first (the JSON-lines export for QA). */
  exportEvents(filter?: ExportFilter): AsyncIterable<StoredEvent>;
  close(): Promise<void>;
}

export interface ExportFilter {
  /** Only events received at or after this time. */
  since?: Date;
  key?: string;
}

/** How long a messageId is remembered (SPEC §4: "the server remembers it 24 h"). */
export const DEDUP_WINDOW_MS = 24 * 60 * 60 * 1000;

// The SQL engines (PGlite, PostgreSQL) add the QA filters, pruning, the shared rate window and the relay outbox.

export interface RecentFilter {
  email?: string;
  event?: string;
}

export type WindowResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** One event waiting for one destination, as a relay worker claims it. */
export interface OutboxEvent extends StoredEvent {
  id: number;
  destination: string;
  /** Claims so far, this one included. */
  attempts: number;
  lastError?: string;
}

export interface DeadLetter extends StoredEvent {
  id: number;
  destination: string;
  attempts: number;
  lastError?: string;
  /** What the destination answered when it refused the event for good. */
  answer: unknown;
  failedAt: string;
}

export interface Lag {
  /** Events not yet confirmed by the destination (claimed or waiting). */
  pending: number;
  oldestReceivedAt?: string;
}

export interface Outbox {
  /** The next `n` events for a destination, oldest first; each is leased for `leaseMs`, then comes back. */
  claim(destination: string, n: number, leaseMs: number): Promise<OutboxEvent[]>;
  /** The destination took these: they leave the outbox. Returns how many left. */
  confirm(destination: string, ids: number[]): Promise<number>;
  /** Try again no earlier than `retryAt`. */
  reschedule(destination: string, id: number, retryAt: Date, error: string): Promise<void>;
  /** The destination refused it for good: out of the outbox, into the dead letters with its answer. */
  deadLetter(destination: string, id: number, answer: unknown): Promise<void>;
  /** Dead letters, newest first. */
  deadLetters(destination?: string, limit?: number): Promise<DeadLetter[]>;
  lag(destination: string): Promise<Lag>;
}

export interface SqlStore extends Store, Outbox, Where {
  readonly engine: 'pglite' | 'postgres';
  /** The destinations every accepted event is queued for. */
  readonly destinations: readonly string[];
  recent(limit: number, filter?: RecentFilter): Promise<StoredEvent[]>;
  /**
   * Deletes events received before `olderThan` (never within DEDUP_WINDOW_MS), `batch` rows per statement, walking
   * ids from the oldest (ids follow arrival) and stopping at the first batch that is not all past it; returns how many.
   */
  prune(olderThan: Date, batch?: number): Promise<number>;
  /** Counts one request for `key` in a sliding window shared by every process on this database. */
  hitWindow(key: string, now: number, limit: number, windowMs: number): Promise<WindowResult>;
  /** Store reachable and migrations done (for /readyz). */
  isReady(): Promise<boolean>;
}

export interface SqlStoreOptions {
  /** Destinations accepted events are queued for, in the same transaction. */
  destinations?: readonly string[];
  /** Clock for leases, retries and the prune floor (tests move it). */
  now?: () => number;
}
