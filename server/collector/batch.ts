// batch.ts: one batch body from text to answer: parse, check each event (src/validate.ts), build the SPEC §4 reply.
import { checkEvent, isPlainObject, MAX_BATCH_EVENTS, type WireEvent } from '../../src/validate.js';
import type { Reply } from '../http/reply.js';
import type { Status } from '../store/store.js';

export interface Batch {
  events: unknown[];
  sentAt?: string;
}

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
  const { events, sentAt } = body;
  if (!Array.isArray(events)) return { ok: false, status: 400, message: 'events must be an array' };
  if (!events.length) return { ok: false, status: 400, message: 'events must not be empty' };
  if (events.length > MAX_BATCH_EVENTS)
    return { ok: false, status: 413, message: 'a batch holds at most 200 events, this one has ' + events.length };
  return { ok: true, batch: { events, sentAt: isTime(sentAt) ? sentAt : undefined } };
}

function isTime(v: unknown): v is string {
  return typeof v === 'string' && !Number.isNaN(Date.parse(v));
}

/** Keeps exactly the fields of a wire event; anything else a client added is not stored. */
export function pickEvent(e: Record<string, unknown>): WireEvent {
  const { event, identify, properties, timestamp, messageId } = e;
  const picked: Record<string, unknown> = { event, identify, properties, timestamp, messageId };
  for (const k in picked) if (picked[k] === undefined) delete picked[k];
  return picked as unknown as WireEvent;
}

export function checkEvents(events: unknown[], now: number): { passed: Passed[]; refused: Refused[] } {
  const passed: Passed[] = [];
  const refused: Refused[] = [];
  events.forEach((raw, index) => {
    const event = isPlainObject(raw) ? pickEvent(raw) : raw;
    // Parsed JSON always serializes again (no cycles, no BigInt): one stringify serves the size check and the store.
    const json = isPlainObject(event) ? JSON.stringify(event) : undefined;
    const problem = checkEvent(event, now, json);
    if (problem) refused.push({ index, raw, code: problem.code, message: problem.message });
    else passed.push({ index, event: event as WireEvent, json: json as string });
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
