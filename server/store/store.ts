// store.ts: the one interface every event store implements (file today; PGlite and PostgreSQL later).
import type { WireEvent } from '../../src/validate.js';

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
}

export interface Store {
  /** Stores the events of one batch for a site key; dedup on (key, messageId) for at least 24 h; resolves only once durable. */
  accept(key: string, events: WireEvent[], meta: AcceptMeta): Promise<Status[]>;
  /** The most recently stored events, newest first. */
  recent(limit: number): Promise<StoredEvent[]>;
  close(): Promise<void>;
}

/** How long a messageId is remembered (SPEC §4: "the server remembers it 24 h"). */
export const DEDUP_WINDOW_MS = 24 * 60 * 60 * 1000;
