// store.ts: the one interface every event store implements: PGlite and PostgreSQL (sql.ts), and the JSON-lines file.
import type { WireEvent } from '../../src/validate.js';
import type { EventClass } from './classes.js';
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
  /**
   * Which of these messageIds the key's dedup window holds (the `check` of a batch: events a page handed
   * over as it was left, whose answer it could not read).
   */
  seen(key: string, messageIds: readonly string[]): Promise<string[]>;
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
  /** Its class at this destination: 0 lead, 1 engagement, 2 browsing (SPEC §7). */
  priority?: number;
  /** Site key and email: whose event it is. */
  person?: string;
  /** The latest traits the collector stored for the person (identify and forms, merged). */
  traits?: Record<string, unknown>;
  /** Since when it has been failing (not counting a busy destination): age dead-lettering counts from here. */
  failingSince?: string;
  /** A condensed event the relay made: the claimed rows it stands for (their ends are recorded, not its own). */
  standsFor?: OutboxEvent[];
}

export interface ClaimOptions {
  /** Only these classes, as an inclusive range of priorities (default [0, 2]: all). */
  priorities?: [number, number];
}

/** How one event left the outbox: `into` names the condensed event that stands for it. */
export interface End {
  id: number;
  outcome: 'sent' | 'skipped' | 'condensed';
  /** The HTTP status of the answer that settled it. */
  status?: number;
  into?: string;
}

/** The durable record of one event's end at one destination (table deliveries). */
export interface Delivery {
  destination: string;
  key: string;
  messageId: string;
  email?: string;
  event: string;
  outcome: 'sent' | 'condensed' | 'skipped' | 'dead_letter';
  at: string;
  status?: number;
  /** condensed: the messageId of the website_activity event that stands for it. */
  into?: string;
  /** dead_letter: what the destination answered (or why the relay gave up). */
  answer?: unknown;
}

export interface DeliveryFilter {
  destination?: string;
  key?: string;
  email?: string;
  messageId?: string;
  limit?: number;
}

export interface DeliveryCounts {
  sent: number;
  condensed: number;
  skipped: number;
  deadLettered: number;
}

export interface ClassLag {
  pending: number;
  oldestReceivedAt?: string;
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
  /** The same per class; a class with nothing pending is absent. */
  classes?: Partial<Record<EventClass, ClassLag>>;
}

export interface Outbox {
  /**
   * The next `n` events for a destination by class (lead, engagement, browsing), a person's in capture order; each is
   * leased for `leaseMs`, then comes back. An event waits while an earlier one of its person and class is not due.
   */
  claim(destination: string, n: number, leaseMs: number, opts?: ClaimOptions): Promise<OutboxEvent[]>;
  /** Up to `n` more due events of one person and class, oldest first, leased (the rest of their browsing, to condense). */
  claimPerson(destination: string, person: string, priority: number, n: number, leaseMs: number): Promise<OutboxEvent[]>;
  /** These ended (an id alone: sent): they leave the outbox and their end is recorded. Returns how many left. */
  confirm(destination: string, ends: (number | End)[]): Promise<number>;
  /** Try again no earlier than `retryAt`; `isFailing` false (the destination was busy) leaves the failing clock alone. */
  reschedule(destination: string, id: number, retryAt: Date, error: string, isFailing?: boolean): Promise<void>;
  /** The destination refused it for good: out of the outbox, into the dead letters with its answer. */
  deadLetter(destination: string, id: number, answer: unknown): Promise<void>;
  /** Dead letters, newest first. */
  deadLetters(destination?: string, limit?: number): Promise<DeadLetter[]>;
  lag(destination: string): Promise<Lag>;
  /** A person's pending engagement and browsing bodies at a destination, newest first. */
  pendingOfPerson(destination: string, person: string, limit?: number): Promise<WireEvent[]>;
  /** Which event names are lead and engagement at a destination, for every accept from now on (any process). */
  setClasses(destination: string, lead: readonly string[], engagement: readonly string[]): Promise<void>;
  /** The recorded ends, newest first. */
  deliveries(filter?: DeliveryFilter): Promise<Delivery[]>;
  deliveryCounts(destination: string): Promise<DeliveryCounts>;
}

export interface SqlStore extends Store, Outbox, Where {
  /** Called after each accepted batch that queued something, in this process (the relay's wake in `all`). */
  onAccepted(listener: () => void): () => void;
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
