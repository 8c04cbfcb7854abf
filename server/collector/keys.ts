// keys.ts: which site keys a collector takes, and from which origins (SPEC §4.1 "Which keys, from where").
import { readFileSync } from 'node:fs';
import { isPublishableKey } from './key.js';

/** Each key with its allowed origins; an empty list (or a key from HOMING_KEYS) takes any origin. */
export type KeyList = ReadonlyMap<string, readonly string[]>;

/** Why a request's key is refused, as counted in homing_batch_refused_total{reason}. */
export type KeyRefusal = 'missing' | 'secret' | 'unknown_key' | 'wrong_origin';

/** `HOMING_KEYS="pk_live_a pk_live_b"` (spaces or commas): keys taken from any origin. */
export function parseKeyNames(text: string): KeyList | string {
  const list = new Map<string, string[]>();
  for (const key of text.split(/[\s,]+/).filter(Boolean)) {
    if (!isPublishableKey(key)) return 'HOMING_KEYS: ' + JSON.stringify(key.slice(0, 40)) + ' is not a publishable key (1–200 of A–Z a–z 0–9 _ -, not sk_)';
    list.set(key, []);
  }
  return list;
}

/** The JSON of `--keys FILE`: `{ "pk_live_a": ["https://example.com"], "pk_live_b": [] }`. */
export function parseKeyFile(text: string, where = 'keys file'): KeyList | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return where + ': not JSON (' + (err as Error).message + ')';
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return where + ': must be an object of key → [origins]';
  const list = new Map<string, string[]>();
  for (const [key, origins] of Object.entries(raw)) {
    if (!isPublishableKey(key)) return where + ': ' + JSON.stringify(key.slice(0, 40)) + ' is not a publishable key (1–200 of A–Z a–z 0–9 _ -, not sk_)';
    if (!Array.isArray(origins)) return where + ': ' + key + ' must list its origins, e.g. ["https://example.com"] ([] for any)';
    const normal: string[] = [];
    for (const o of origins) {
      const origin = typeof o === 'string' ? normalOrigin(o) : undefined;
      if (!origin) return where + ': ' + key + ': ' + JSON.stringify(o) + ' is not an origin like "https://example.com" (scheme, host, port; no path)';
      normal.push(origin);
    }
    list.set(key, normal);
  }
  return list;
}

/** The list from `--keys FILE` / HOMING_KEYS_FILE and HOMING_KEYS together; undefined when neither is given. */
export function loadKeys(file: string | undefined, names: string | undefined): KeyList | undefined | string {
  const merged = new Map<string, readonly string[]>();
  if (names) {
    const parsed = parseKeyNames(names);
    if (typeof parsed === 'string') return parsed;
    for (const [k, v] of parsed) merged.set(k, v);
  }
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      return 'keys file ' + file + ': ' + (err as NodeJS.ErrnoException).code;
    }
    const parsed = parseKeyFile(text, 'keys file ' + file);
    if (typeof parsed === 'string') return parsed;
    for (const [k, v] of parsed) merged.set(k, v);
  }
  return file || names ? merged : undefined;
}

/** `https://Example.com:443/` → `https://example.com`; undefined for what is not an http(s) origin. */
export function normalOrigin(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) return undefined;
  return url.origin;
}

/**
 * Whether `key` from `origin` (the request's Origin header; none from a server) is taken. Without a list,
 * any publishable-looking key is; with one, only its keys, each from its origins.
 */
export function judgeKey(key: string | null, origin: string | undefined, list: KeyList | undefined): KeyRefusal | undefined {
  if (!key) return 'missing';
  if (key.startsWith('sk_')) return 'secret';
  if (!list) return isPublishableKey(key) ? undefined : 'unknown_key';
  const origins = list.get(key);
  if (!origins) return 'unknown_key';
  if (origin === undefined || origins.length === 0) return undefined;
  const from = normalOrigin(origin);
  return from && origins.includes(from) ? undefined : 'wrong_origin';
}

/** The 401 message for each refusal. */
export const REFUSAL_MESSAGES: Record<KeyRefusal, string> = {
  missing: 'a site key is required: Authorization: Bearer <key> or ?key=<key>',
  secret: 'secret keys (sk_...) must never be sent from a browser; use the publishable key',
  unknown_key: 'unknown site key',
  wrong_origin: 'this site key is not taken from this origin',
};
