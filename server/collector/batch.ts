// batch.ts: one batch body from text to answer: parse, check each event (src/validate.ts), build the SPEC §4 reply.
import { randomUUID } from 'node:crypto';
import { checkEvent, checkNesting, checkTimestamp, isPlainObject, MAX_BATCH_EVENTS, type Problem, type WireEvent } from '../../src/validate.js';
import type { Reply } from '../http/reply.js';
import type { Status } from '../store/store.js';

export interface Batch {
  events: unknown[];
  sentAt?: string;
  /** messageIds the page asks about (README "Copies"): answered in `known`, never stored. Malformed: ignored. */
  check?: string[];
}

/** At most this many messageIds a batch may ask about; each at most MAX_ID_LENGTH long. */
export const MAX_CHECK = MAX_BATCH_EVENTS;
const MAX_ID_LENGTH = 128; // a messageId's limit

export type Parsed = { ok: true; batch: Batch } | { ok: false; status: 400 | 413; message: string };

export interface Passed {
  index: number;
  event: WireEvent;
  /** The event's JSON text, made once for the size check and reused by the store. */
  json: string;
}

export interface Refused {
  index: number;
  raw: unknown;
  code: string;
  message: string;
}

/** The body is JSON whatever its Content-Type: keepalive and beacon requests send text/plain. */
export function parseBatch(text: string): Parsed {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, message: 'the body is not JSON' };
  }
  if (!isPlainObject(body)) return { ok: false, status: 400, message: 'the body must be a JSON object' };
  const { events, sentAt, check } = body;
  if (!Array.isArray(events)) return { ok: false, status: 400, message: 'events must be an array' };
  if (!events.length) return { ok: false, status: 400, message: 'events must not be empty' };
  if (events.length > MAX_BATCH_EVENTS)
    return { ok: false, status: 413, message: 'a batch holds at most 200 events, this one has ' + events.length };
  const ids = Array.isArray(check) && check.length <= MAX_CHECK && check.every((m) => typeof m == 'string' && m.length <= MAX_ID_LENGTH);
  return { ok: true, batch: { events: events.map(bound), sentAt: isTime(sentAt) ? sentAt : undefined, check: ids ? check : undefined } };
}

/** Why an event was cut down at parse: it nested too deep to be walked by anything after. */
const cut = new WeakMap<object, Problem>();

/**
 * An event nested deeper than any valid one is cut down here, before any log, check or store
 * walks it: only its top-level scalars stay, enough for the live log to name it.
 */
function bound(raw: unknown): unknown {
  const problem = checkNesting(raw);
  if (!problem) return raw;
  const stub: Record<string, unknown> = {};
  if (isPlainObject(raw)) for (const k in raw) if (raw[k] === null || typeof raw[k] != 'object') stub[k] = raw[k];
  cut.set(stub, problem);
  return stub;
}

/** A sentAt the store can hold: the timestamp rule (ISO 8601 within 30 years); any other is ignored, as none. */
function isTime(v: unknown): v is string {
  return typeof v === 'string' && !checkTimestamp(v, Date.now());
}

/** Keeps exactly the fields of a wire event (and of its identify); anything else a client added is not stored. */
export function pickEvent(e: Record<string, unknown>): WireEvent {
  const { event, identify, properties, timestamp, messageId } = e;
  const picked: Record<string, unknown> = { event, identify: isPlainObject(identify) ? pick(identify, 'email', 'traits') : identify, properties, timestamp, messageId };
  return pick(picked, 'event', 'identify', 'properties', 'timestamp', 'messageId') as unknown as WireEvent;
}

function pick(o: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) picked[k] = o[k];
  return picked;
}

/** As reference 004: no timestamp is the time received, no messageId a generated one (that event cannot be deduplicated). */
function fill(e: WireEvent, now: number): WireEvent {
  if (e.timestamp !== undefined && e.messageId !== undefined) return e;
  return { ...e, timestamp: e.timestamp ?? new Date(now).toISOString(), messageId: e.messageId ?? randomUUID() };
}

export function checkEvents(events: unknown[], now: number): { passed: Passed[]; refused: Refused[] } {
  const passed: Passed[] = [];
  const refused: Refused[] = [];
  events.forEach((raw, index) => {
    const event = isPlainObject(raw) ? pickEvent(raw) : raw;
    // Parsed JSON, bounded at parse, always serializes again: one stringify serves the size check and the store.
    const json = isPlainObject(event) ? JSON.stringify(event) : undefined;
    const problem = cut.get(raw as object) ?? checkEvent(event, now, json);
    if (problem) return void refused.push({ index, raw, code: problem.code, message: problem.message });
    const filled = fill(event as WireEvent, now);
    passed.push({ index, event: filled, json: filled === event ? (json as string) : JSON.stringify(filled) });
  });
  return { passed, refused };
}

/** 200 when nothing failed, 207 when some did, 400 (same shape) when all did; `accepted` counts duplicates. */
export function batchReply(passed: Passed[], statuses: Status[], refused: Refused[]): Reply {
  const events = passed.map((p, i) => ({ index: p.index, messageId: p.event.messageId, status: statuses[i] }));
  const errors = refused.map((r) => ({ index: r.index, errors: [{ code: r.code, message: r.message }] }));
  const status = !refused.length ? 200 : passed.length ? 207 : 400;
  const duplicated = statuses.filter((s) => s === 'duplicate').length;
  return { status, body: { accepted: passed.length, failed: refused.length, duplicated, events, errors } };
}
