// event.ts: stamps an event at capture: messageId, timestamp, context, identity, one JSON string.
import {
  checkMessageId, checkName, checkProperties, checkSize, checkTimestamp, isPlainObject, parseTimestamp, problem, Problem,
} from './validate.js';

export interface TrackOptions {
  timestamp?: string | number | Date;
  messageId?: string;
}

/** What the tracker adds to every event, read when the event is captured. */
export interface Surroundings {
  email?: string;
  traits?: Record<string, unknown>;
  context: Record<string, unknown>;
  extra?: Record<string, unknown>;
  now: number;
}

/** One captured event, ready to persist: its wire JSON (without identify while held). */
export interface Stamped {
  name: string;
  messageId: string;
  t: number;
  json: string;
  held: boolean;
}

export type Stamp = { ok: true; value: Stamped } | { ok: false; problem: Problem };
const fail = (p: Problem): Stamp => ({ ok: false, problem: p });

export function randomId(): string {
  const c = typeof crypto !== 'undefined' && crypto.getRandomValues;
  const b = c ? crypto.getRandomValues(new Uint8Array(16)) : [];
  let s = '';
  for (let i = 0; i < 16; i++) s += ((c ? (b as Uint8Array)[i] : (Math.random() * 256) | 0) + 256).toString(16).slice(1);
  return s;
}

/**
 * JSON.stringify's rule for values JSON cannot carry: functions, symbols and undefined are dropped,
 * NaN/Infinity become null, Dates become ISO strings; cycles and BigInt are NOT_SERIALIZABLE.
 */
export function toJSONObject(v: unknown, field: string): { ok: true; value: Record<string, unknown> } | { ok: false; problem: Problem } {
  if (v === undefined || v === null) return { ok: true, value: {} };
  if (!isPlainObject(v)) return { ok: false, problem: problem('INVALID_PROPERTIES', field, 'must be a plain object') };
  try {
    return { ok: true, value: JSON.parse(JSON.stringify(v)) };
  } catch (e) {
    return { ok: false, problem: problem('NOT_SERIALIZABLE', field, 'holds a cycle or a BigInt, which JSON cannot carry') };
  }
}

function readTimestamp(ts: TrackOptions['timestamp'], now: number): number {
  if (ts === undefined) return now;
  return ts instanceof Date ? ts.getTime() : parseTimestamp(ts);
}

/** Builds one wire event, or says which field broke which limit. */
export function stampEvent(name: unknown, props: unknown, options: TrackOptions | undefined, s: Surroundings): Stamp {
  const o = options || {};
  let p: Problem | undefined = checkName(name);
  if (p) return fail(p);
  const conv = toJSONObject(props, 'properties');
  if (!conv.ok) return conv;
  const userProps = conv.value;
  const t = readTimestamp(o.timestamp, s.now);
  if ((p = checkTimestamp(t, s.now))) return fail(p);
  if (!isPlainObject(o)) return fail(problem('INVALID_PROPERTIES', 'options', 'must be a plain object'));
  const messageId = o.messageId !== undefined ? o.messageId : orderMessageId(name as string, userProps.orderId);
  if ((p = checkMessageId(messageId))) return fail(p);
  const properties = surround(userProps, s);
  if ((p = checkProperties(properties))) return fail(p);
  const identify: Record<string, unknown> | undefined = s.email ? { email: s.email } : undefined;
  if (identify && s.traits) identify.traits = s.traits;
  const json = JSON.stringify({ event: name, identify, properties, timestamp: new Date(t).toISOString(), messageId });
  if ((p = checkSize(json))) return fail(p);
  return { ok: true, value: { name: name as string, messageId: messageId as string, t, json, held: !s.email } };
}

/** SPEC §5: a confirmation's messageId is derived from its orderId, so a repeat counts once. */
function orderMessageId(name: string, orderId: unknown): string {
  return typeof orderId === 'string' || typeof orderId === 'number'
    ? ('order:' + name + ':' + orderId).slice(0, 128)
    : randomId();
}

function surround(user: Record<string, unknown>, s: Surroundings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const extra = s.extra || {};
  for (const k in extra) if (extra[k] !== undefined) out[k] = extra[k];
  for (const k in user) out[k] = user[k];
  const c = user.context;
  out.context = isPlainObject(c) ? merge(c, s.context) : s.context;
  return out;
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in a) out[k] = a[k];
  for (const k in b) out[k] = b[k];
  return out;
}

/** A held event's JSON with the identity added (measured again by the caller). */
export function withIdentity(json: string, email: string): string {
  return '{"identify":' + JSON.stringify({ email }) + ',' + json.slice(1);
}
