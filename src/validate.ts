// validate.ts: the wire limits of SPEC §4 as pure functions, shared by the tracker and the collector.

/** Every code an answer or the tracker gives for one event (SPEC §4; the last three are the tracker's own). */
export const CODES = [
  'INVALID_EVENT_NAME', 'INVALID_EMAIL', 'INVALID_MESSAGE_ID', 'INVALID_TIMESTAMP', 'TOO_MANY_KEYS', 'TOO_DEEP',
  'STRING_TOO_LONG', 'ARRAY_TOO_LONG', 'INVALID_ARRAY_ITEM', 'EVENT_TOO_LARGE', 'INVALID_PROPERTIES', 'NOT_SERIALIZABLE',
  'INVALID_CONFIG',
] as const;

export type Code = (typeof CODES)[number];

/** What is wrong with an event: the code the server uses, the field and the limit it broke. */
export interface Problem {
  code: Code | string;
  field: string;
  limit?: number | string;
  message: string;
}

export interface WireEvent {
  event: string;
  identify: { email: string; traits?: Record<string, unknown> };
  properties: Record<string, unknown>;
  timestamp: string | number;
  messageId: string;
}

export const MAX_NAME_CHARS = 60;
export const MAX_MESSAGE_ID_CHARS = 128;
export const MAX_LEAF_KEYS = 100;
export const MAX_DEPTH = 3;
export const MAX_STRING_CHARS = 1000;
export const MAX_ARRAY_ITEMS = 100;
export const MAX_EVENT_BYTES = 32000;
export const MAX_BATCH_EVENTS = 200;
export const MAX_BATCH_BYTES = 6400000;
export const MAX_EMAIL_CHARS = 254;
export const MAX_EMAIL_LOCAL_CHARS = 64;
/** ±30 years, in ms (SPEC §4 timestamp range). */
export const TIMESTAMP_RANGE_MS = 30 * 365.25 * 864e5;

const NAME = /^[A-Za-z0-9_\-.:]{1,60}$/;
// WHATWG "valid e-mail address", with at least one dot in the domain (SPEC §4.1).
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;
// A date, or a date and time WITH its offset: a time without one would mean the server's local time.
const ISO = /^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d))?$/i;

const problems = new WeakSet<object>();

export function problem(code: Code | string, field: string, message: string, limit?: number | string): Problem {
  const p = { code, field, limit, message: field + ': ' + message };
  problems.add(p);
  return p;
}

/** Functions here return a value or a Problem; only problem() makes Problems, so page data never passes for one. */
export const isProblem = (v: unknown): v is Problem => problems.has(v as object);

export function checkName(name: unknown): Problem | undefined {
  if (typeof name !== 'string' || !NAME.test(name))
    return problem('INVALID_EVENT_NAME', 'event', 'must be 1-60 of A-Za-z0-9_-.:', MAX_NAME_CHARS);
}

export function isEmail(email: unknown): email is string {
  if (typeof email !== 'string' || email.length > MAX_EMAIL_CHARS || !EMAIL.test(email)) return false;
  return email.indexOf('@') <= MAX_EMAIL_LOCAL_CHARS;
}

export function checkEmail(email: unknown, field = 'identify.email'): Problem | undefined {
  if (isEmail(email)) return;
  // The limit is named only when a length broke it: "not-an-email" is simply not an email.
  const local = typeof email == 'string' ? email.indexOf('@') : -1;
  if (typeof email == 'string' && email.length > MAX_EMAIL_CHARS)
    return problem('INVALID_EMAIL', field, 'is ' + email.length + ' characters, more than ' + MAX_EMAIL_CHARS, MAX_EMAIL_CHARS);
  if (local > MAX_EMAIL_LOCAL_CHARS)
    return problem('INVALID_EMAIL', field, 'has ' + local + ' characters before the @, more than ' + MAX_EMAIL_LOCAL_CHARS, MAX_EMAIL_LOCAL_CHARS);
  return problem('INVALID_EMAIL', field, 'must be an email');
}

export function checkMessageId(id: unknown): Problem | undefined {
  if (typeof id !== 'string' || id.length < 1 || id.length > MAX_MESSAGE_ID_CHARS || NOT_TEXT.test(id))
    return problem('INVALID_MESSAGE_ID', 'messageId', 'must be 1-128 characters of text', MAX_MESSAGE_ID_CHARS);
}

/** A dedup key is stored as text: UTF-8 has no unpaired surrogate (the `u` flag sees a pair as one code point) and PostgreSQL's text no NUL. */
const NOT_TEXT = /[\0\ud800-\udfff]/u;

/** Epoch ms of an ISO 8601 string or an epoch-ms number, or NaN. */
export function parseTimestamp(ts: unknown): number {
  if (typeof ts === 'number') return isFinite(ts) ? ts : NaN;
  return typeof ts === 'string' && ISO.test(ts) ? Date.parse(ts) : NaN;
}

export function checkTimestamp(ts: unknown, now: number): Problem | undefined {
  const t = parseTimestamp(ts);
  if (!(Math.abs(t - now) <= TIMESTAMP_RANGE_MS))
    return problem('INVALID_TIMESTAMP', 'timestamp', 'must be ISO 8601 or epoch ms, ±30 years', '±30 years');
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Set by the last checkProperties() when a value is one JSON would write otherwise or drop. */
export let odd = 0;

/**
 * Checks JSON-shaped properties (or traits) against the property limits: leaf keys, depth,
 * string length, array length and item types. An array is one leaf; an empty object is one leaf.
 */
export function checkProperties(props: unknown, field = 'properties'): Problem | undefined {
  if (!isPlainObject(props)) return problem('INVALID_PROPERTIES', field, 'must be a plain object');
  const count = { leaves: (odd = 0) };
  return walk(props, field, 1, count) ||
    (count.leaves > MAX_LEAF_KEYS
      ? problem('TOO_MANY_KEYS', field, 'has ' + count.leaves + ' leaf keys, more than 100', MAX_LEAF_KEYS)
      : undefined);
}

function walk(obj: Record<string, unknown>, path: string, level: number, count: { leaves: number }): Problem | undefined {
  for (const k in obj) {
    const v = obj[k];
    const at = path + '.' + k;
    if (isPlainObject(v) && Object.keys(v).length) {
      if (level >= MAX_DEPTH) return problem('TOO_DEEP', at, 'nests deeper than 3 levels', MAX_DEPTH);
      const p = walk(v, at, level + 1, count);
      if (p) return p;
      continue;
    }
    count.leaves++;
    const p = Array.isArray(v) ? checkArray(v, at) : checkLeaf(v, at);
    if (p) return p;
  }
}

/** Values are JSON here, or are marked odd (the tracker then round-trips them through JSON): only strings have a limit. */
function checkLeaf(v: unknown, at: string): Problem | undefined {
  if (typeof v == 'number' ? !isFinite(v) : !(v === null || typeof v == 'string' || typeof v == 'boolean' || isPlainObject(v))) odd = 1;
  if (typeof v === 'string' && v.length > MAX_STRING_CHARS)
    return problem('STRING_TOO_LONG', at, 'is ' + v.length + ' characters, more than 1000', MAX_STRING_CHARS);
}

function checkArray(a: unknown[], at: string): Problem | undefined {
  if (a.length > MAX_ARRAY_ITEMS)
    return problem('ARRAY_TOO_LONG', at, 'has ' + a.length + ' items, more than 100', MAX_ARRAY_ITEMS);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v !== null && typeof v === 'object')
      return problem('INVALID_ARRAY_ITEM', at + '[' + i + ']', 'must be a string, number, boolean or null');
    const p = checkLeaf(v, at + '[' + i + ']');
    if (p) return p;
  }
}

/** UTF-8 byte length of a string as JSON.stringify writes it (no lone surrogates survive it). */
export function utf8Length(s: string): number {
  let n = s.length;
  if (!/[^\0-\x7f]/.test(s)) return n; // ASCII, the usual case: one byte a character
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) n += c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 1 : 2;
  }
  return n;
}

export function checkSize(json: string): Problem | undefined {
  // A UTF-16 unit is at most 3 bytes of UTF-8: most events need no count.
  const bytes = json.length * 3 > MAX_EVENT_BYTES ? utf8Length(json) : 0;
  if (bytes > MAX_EVENT_BYTES)
    return problem('EVENT_TOO_LARGE', 'event', 'is ' + bytes + ' bytes as JSON, more than 32000', MAX_EVENT_BYTES);
}

/** Containers below an event never sit this deep in a valid one (identify.traits.a.b.c is an array at 5). */
export const MAX_EVENT_NESTING = 6;

/**
 * TOO_DEEP when an object or array sits MAX_EVENT_NESTING levels below the event: found by a walk
 * that never goes deeper than that, so a body nested thousands deep costs no stack (SPEC §4.1).
 */
export function checkNesting(e: unknown): Problem | undefined {
  const at = deepest(e, MAX_EVENT_NESTING);
  if (!at) return;
  const path = at.reverse();
  // Named where checkProperties would name it: the key at the third level of properties or traits.
  const field = path.slice(0, path[0] == 'identify' ? 5 : 4).join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  return problem('TOO_DEEP', field, 'nests deeper than 3 levels', MAX_DEPTH);
}

/** The keys (last first) down to a container `left` levels below `v`, or undefined. */
function deepest(v: unknown, left: number): string[] | undefined {
  if (v === null || typeof v != 'object') return;
  if (!left) return [];
  for (const k in v) {
    const p = deepest((v as Record<string, unknown>)[k], left - 1);
    if (p) return p.push(k), p;
  }
}

/**
 * Checks one event exactly as it travels (the collector runs this on every event it receives;
 * the tracker runs the same checks as it builds one). Returns the first problem found. A missing
 * `timestamp` or `messageId` passes: the collector fills them in, as reference 004 does.
 */
export function checkEvent(e: unknown, now: number, json?: string): Problem | undefined {
  if (!isPlainObject(e)) return problem('INVALID_PROPERTIES', 'event', 'must be an object');
  const id = e.identify as WireEvent['identify'] | undefined;
  return (
    checkNesting(e) ||
    checkName(e.event) ||
    checkEmail(isPlainObject(id) ? id.email : undefined) ||
    (e.messageId === undefined ? undefined : checkMessageId(e.messageId)) ||
    (e.timestamp === undefined ? undefined : checkTimestamp(e.timestamp, now)) ||
    (e.properties === undefined ? undefined : checkProperties(e.properties)) ||
    (isPlainObject(id) && id.traits !== undefined ? checkProperties(id.traits, 'identify.traits') : undefined) ||
    checkSize(json === undefined ? JSON.stringify(e) : json)
  );
}
