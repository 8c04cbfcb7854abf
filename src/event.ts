// event.ts: stamps an event at capture: messageId, timestamp, context, identity, one JSON string.
import {
  checkMessageId, checkName, checkProperties, checkSize, checkTimestamp, isPlainObject, isProblem, odd, parseTimestamp, problem, Problem,
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
  json: string;
  held: boolean;
}

// 128 random bits once per page (getRandomValues costs ~13 µs a call in Chromium, and works on
// insecure origins, unlike randomUUID), then a counter: unique per event without a call each.
const PAGE = Array.from(crypto.getRandomValues(new Uint32Array(4)), (x) => x.toString(36)).join('');
let count = 0;
export const randomId = () => PAGE + '-' + (count++).toString(36);

/**
 * JSON.stringify's rule for values JSON cannot carry: functions, symbols and undefined are dropped,
 * NaN/Infinity become null, Dates become ISO strings; cycles and BigInt are NOT_SERIALIZABLE.
 */
export function toJSONObject(v: unknown, field: string): Record<string, unknown> | Problem {
  if (v == null) return {};
  if (!isPlainObject(v)) return problem('INVALID_PROPERTIES', field, 'must be a plain object');
  try {
    return JSON.parse(JSON.stringify(v));
  } catch (e) {
    return problem('NOT_SERIALIZABLE', field, 'holds a cycle or a BigInt');
  }
}


const readTimestamp = (ts: TrackOptions['timestamp'], now: number) =>
  ts === undefined ? now : ts instanceof Date ? ts.getTime() : parseTimestamp(ts);

/**
 * Builds one wire event, or says which field broke which limit. Properties that are JSON already
 * (the walk of the limits finds nothing JSON would change) skip the round trip through it (a
 * getter is then read twice); any other, or any problem, is decided by the round trip, with its errors.
 */
export function stampEvent(name: unknown, props: unknown, options: TrackOptions | undefined, s: Surroundings,
  // A context of its own is merged with the tracker's, where JSON's dropping a key would move others.
  raw = isPlainObject(props) && !('context' in props)): Stamped | Problem {
  const user = raw ? props as Record<string, unknown> : toJSONObject(props, 'properties');
  const o = options || {};
  const t = readTimestamp(o.timestamp, s.now);
  const messageId = o.messageId !== undefined ? o.messageId : orderMessageId(name as string, (user as any).orderId);
  let p = checkName(name) || (isProblem(user) ? user : checkTimestamp(t, s.now)) ||
    (isPlainObject(o) ? checkMessageId(messageId) : problem('INVALID_PROPERTIES', 'options', 'must be a plain object'));
  const properties = surround(user as Record<string, unknown>, s);
  p = p || checkProperties(properties);
  if (p || (raw && odd)) return raw ? stampEvent(name, props, options, s, false) : p!; // raw: the round trip decides
  const identify = s.email ? { email: s.email, traits: s.traits } : undefined; // undefined traits are not written
  const json = JSON.stringify({ event: name, identify, properties, timestamp: new Date(t).toISOString(), messageId });
  return checkSize(json) || { name: name as string, messageId: messageId as string, json, held: !s.email };
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
  Object.assign(out, user);
  const c = user.context;
  out.context = isPlainObject(c) ? { ...c, ...s.context } : s.context;
  // A form's own signals (honeypot, fastSubmit) and an automated browser's (webdriver, …) go together.
  const a = isPlainObject(c) && c.automation;
  if (isPlainObject(a) && s.context.automation) (out.context as any).automation = { ...a, signals: s.context.automation };
  return out;
}

/** A held event's JSON with the identity added (measured again by the caller). */
export function withIdentity(json: string, email: string): string {
  return '{"identify":' + JSON.stringify({ email }) + ',' + json.slice(1);
}
