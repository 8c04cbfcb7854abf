// db.ts: the tiny adapter each engine gives the shared queries, and the row → event mapping.
import type { StoredEvent, WireEvent } from './store.js';

export type Row = Record<string, unknown>;

/** What an engine gives the queries: PGlite or a node-postgres pool. */
export interface Db {
  query(text: string, params?: unknown[]): Promise<Row[]>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function toStoredEvent(r: Row): StoredEvent {
  const s: StoredEvent = {
    key: r.site_key as string, messageId: r.message_id as string, receivedAt: toIso(r.received_at), event: r.body as WireEvent,
  };
  if (r.sent_at != null) s.sentAt = toIso(r.sent_at);
  return s;
}

export function toIso(v: unknown): string {
  return new Date(v as string | Date).toISOString();
}
