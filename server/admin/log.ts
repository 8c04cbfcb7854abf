// log.ts: the in-memory log of requests and events the QA panel shows live (the store is the durable record).
import type { IncomingMessage } from 'node:http';
import { isPlainObject } from '../../src/validate.js';
import type { Parsed } from '../collector/batch.js';
import type { Answer, Ask } from '../collector/collector.js';
import type { Reply } from '../http/reply.js';
import type { Status } from '../store/store.js';
import type { Body } from '../collector/body.js';
import type { KeyFrom } from '../collector/key.js';
import type { FaultMode } from '../dev/faults.js';
import { enrichUserAgent } from '../collector/ua.js';

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
    // What was stored: a default-build event's device, browser and os as the collector parsed them.
    properties: isPlainObject(e.properties) ? enrichUserAgent(e.properties) : {},
  };
  if (code) entry.code = code;
  if (isPlainObject(identify.traits)) entry.traits = identify.traits;
  return entry;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);
}

interface BatchBody {
  events: { index: number; messageId: string; status: Status }[];
  errors: { index: number; errors: { code: string; message: string }[] }[];
}

/** One log line per event of the batch, in order, with the status the reply gave it. */
export function logEvents(log: Log, ask: Ask, reply: Reply): void {
  const body = reply.body as Partial<BatchBody> | undefined;
  if (!ask.parsed?.ok || !body || !Array.isArray(body.events) || !Array.isArray(body.errors)) return;
  const raw = ask.parsed.batch.events;
  const meta = { receivedAt: ask.receivedAt, sentAt: ask.parsed.batch.sentAt };
  const key = ask.from.key as string;
  const lines = [
    ...body.events.map((e) => ({ index: e.index, status: e.status, code: undefined as string | undefined })),
    ...body.errors.map((e) => ({ index: e.index, status: 'rejected' as const, code: e.errors[0]?.code })),
  ].sort((a, b) => a.index - b.index);
  for (const l of lines) log.addEvent(eventEntry(key, raw[l.index], l.status, l.code, meta));
}

/** A collector's batch answers, logged for the live view (the CLI's collector with an admin token). */
export function tapAnswers(log: Log): (answer: Answer) => Answer {
  return (answer) => async (ask) => {
    const entry = requestEntry(ask.req, ask.receivedAt, ask.from, ask.body, ask.parsed);
    log.addRequest(entry);
    const reply = await answer(ask);
    if (reply) entry.status = reply.status;
    if (reply && ask.parsed?.ok) logEvents(log, ask, reply);
    return reply;
  };
}
