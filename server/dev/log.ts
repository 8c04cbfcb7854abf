// log.ts: the in-memory log of requests and events, for tests and the QA panel (the store is the durable record).
import type { IncomingMessage } from 'node:http';
import { isPlainObject } from '../../src/validate.js';
import type { Parsed } from '../collector/batch.js';
import type { Body } from '../collector/body.js';
import type { KeyFrom } from '../collector/key.js';
import type { FaultMode } from './faults.js';

export interface RequestLogEntry {
  at: string;
  /** The status answered; 0 when the fault switch answered nothing (timeout, reset). */
  status: number;
  key: string | null;
  keyVia: 'header' | 'query' | null;
  contentType: string;
  count: number;
  messageIds: string[];
  bytes: number;
  fault?: FaultMode;
}

export interface EventLogEntry {
  key: string;
  messageId: string;
  event: string;
  email: string;
  status: 'accepted' | 'duplicate' | 'rejected';
  code?: string;
  receivedAt: string;
  timestamp: string | number;
  sentAt?: string;
  properties: Record<string, unknown>;
  /** identify.traits, on `identify` events. */
  traits?: Record<string, unknown>;
}

export type EventListener = (entry: EventLogEntry) => void;

export interface Log {
  readonly requests: RequestLogEntry[];
  readonly events: EventLogEntry[];
  addRequest(entry: RequestLogEntry): void;
  addEvent(entry: EventLogEntry): void;
  /** Calls `listener` with every event entry from now on; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /** Empties both lists in place, so references held by tests stay live. */
  clear(): void;
}

/** Each list keeps the newest entries up to this many, so a long-running demo stays bounded. */
export const MAX_LOG_ENTRIES = 20_000;

export function createLog(max = MAX_LOG_ENTRIES): Log {
  const requests: RequestLogEntry[] = [];
  const events: EventLogEntry[] = [];
  const listeners = new Set<EventListener>();

  return {
    requests,
    events,
    addRequest(entry) {
      push(requests, entry, max);
    },
    addEvent(entry) {
      push(events, entry, max);
      for (const listener of listeners) {
        try { listener(entry); } catch { /* a listener never breaks a request */ }
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    clear() {
      requests.length = 0;
      events.length = 0;
    },
  };
}

function push<T>(list: T[], entry: T, max: number): void {
  list.push(entry);
  if (list.length > max) list.splice(0, list.length - max);
}

export function requestEntry(req: IncomingMessage, at: string, from: KeyFrom, body: Body, parsed?: Parsed): RequestLogEntry {
  const events = parsed?.ok ? parsed.batch.events : [];
  return {
    at,
    status: 0,
    key: from.key,
    keyVia: from.via,
    contentType: req.headers['content-type'] ?? '',
    count: events.length,
    messageIds: events.map((e) => (isPlainObject(e) ? text(e.messageId) : '')),
    bytes: body.bytes,
  };
}

/** A log line for one event as received; a rejected event may hold anything, so its fields are read defensively. */
export function eventEntry(
  key: string, raw: unknown, status: EventLogEntry['status'], code: string | undefined, meta: { receivedAt: string; sentAt?: string },
): EventLogEntry {
  const e = isPlainObject(raw) ? raw : {};
  const identify = isPlainObject(e.identify) ? e.identify : {};
  const entry: EventLogEntry = {
    key,
    messageId: text(e.messageId),
    event: text(e.event),
    email: text(identify.email),
    status,
    receivedAt: meta.receivedAt,
    timestamp: typeof e.timestamp === 'number' ? e.timestamp : text(e.timestamp),
    sentAt: meta.sentAt,
    properties: isPlainObject(e.properties) ? e.properties : {},
  };
  if (code) entry.code = code;
  if (isPlainObject(identify.traits)) entry.traits = identify.traits;
  return entry;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);
}
