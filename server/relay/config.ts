// config.ts: the relay's destinations from a JSON file or environment variables; tokens stay server-side.
import { readFileSync } from 'node:fs';
import type { DestinationType } from './types.js';

export interface DestinationConfig {
  name: string;
  type: DestinationType;
  url: string;
  /** Non-enumerable: JSON.stringify, console.log and the admin routes never see it. */
  readonly token: string;
  /** Requests a minute the relay allows itself (004: 50); undefined: only what the destination says. */
  ratePerMinute?: number;
  batchSize: number;
  concurrency: number;
  timeoutMs: number;
  /** Event names sent as lead (SPEC §7), besides identify, inquiry, appointment_scheduled and form_submission. */
  leadEvents: string[];
  engagementEvents: string[];
  /** Share of each window kept for lead events (default 0.2). */
  reserve: number;
  /** `never`: every event is its own request, however long that takes (the batch API is never condensed). */
  condense: 'auto' | 'never';
  /** The horizon: pending browsing that would take longer to send is condensed (default 15 minutes). */
  condenseAfterMs: number;
}

export interface RelayConfig {
  destinations: DestinationConfig[];
  leaseMs: number;
  pollMs: number;
  /** A transient failure older than this (since the collector received the event) is dead-lettered. */
  maxAgeMs: number;
  backoff: { baseMs: number; capMs: number };
  /** Serve GET /__deadletters and GET /__relay on this port (loopback unless adminHost says otherwise). */
  adminPort?: number;
  adminHost: string;
}

export const TYPES: readonly DestinationType[] = ['batch', 'crm', 'marketing', 'success'];

const DEFAULTS: Record<DestinationType, Pick<DestinationConfig, 'batchSize' | 'concurrency' | 'timeoutMs' | 'ratePerMinute'>> = {
  // 004: ≤ 200 events a request, ≤ 50 requests a minute.
  batch: { batchSize: 200, concurrency: 1, timeoutMs: 15_000, ratePerMinute: 50 },
  crm: { batchSize: 40, concurrency: 4, timeoutMs: 10_000 },
  marketing: { batchSize: 40, concurrency: 4, timeoutMs: 10_000 },
  success: { batchSize: 40, concurrency: 4, timeoutMs: 10_000 },
};

const SPEED_DEFAULTS = { reserve: 0.2, condenseAfterMs: 15 * 60_000 };
const RELAY_DEFAULTS = { leaseMs: 60_000, pollMs: 250, maxAgeMs: 3 * 864e5, backoff: { baseMs: 1000, capMs: 300_000 } };
const NAME = /^[a-z][a-z0-9_-]{0,39}$/;

export type Loaded = { ok: true; config: RelayConfig } | { ok: false; message: string };
type Env = Record<string, string | undefined>;

/** From `file` (or HOMING_RELAY_CONFIG), else from HOMING_RELAY_DESTINATIONS and HOMING_RELAY_<NAME>_*. */
export function loadRelayConfig(file?: string, env: Env = process.env): Loaded {
  const path = file ?? env.HOMING_RELAY_CONFIG;
  let raw: unknown;
  if (path) {
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      return { ok: false, message: 'relay config ' + path + ': ' + (err as Error).message };
    }
  } else raw = fromEnv(env);
  return parseRelayConfig(raw, env);
}

function fromEnv(env: Env): unknown {
  const names = (env.HOMING_RELAY_DESTINATIONS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const destinations: Record<string, unknown> = {};
  for (const name of names) {
    const v = (k: string) => env['HOMING_RELAY_' + envName(name) + '_' + k];
    destinations[name] = {
      type: v('TYPE'), url: v('URL'), ratePerMinute: num(v('RATE_PER_MINUTE')), batchSize: num(v('BATCH_SIZE')),
      concurrency: num(v('CONCURRENCY')), timeoutMs: num(v('TIMEOUT_MS')),
      leadEvents: list(v('LEAD_EVENTS')), engagementEvents: list(v('ENGAGEMENT_EVENTS')), reserve: num(v('RESERVE')),
      condense: v('CONDENSE'), condenseAfter: v('CONDENSE_AFTER') && /^\d+$/.test(v('CONDENSE_AFTER')!) ? Number(v('CONDENSE_AFTER')) : v('CONDENSE_AFTER'),
    };
  }
  return { destinations };
}

/** Checks a parsed config; `"token": "env:NAME"` reads NAME, and a missing token falls back to HOMING_RELAY_<NAME>_TOKEN. */
export function parseRelayConfig(raw: unknown, env: Env = process.env): Loaded {
  if (!isRecord(raw) || !isRecord(raw.destinations)) return fail('destinations: must be an object of name → destination');
  const destinations: DestinationConfig[] = [];
  for (const [name, d] of Object.entries(raw.destinations)) {
    const parsed = parseDestination(name, d, env);
    if (typeof parsed === 'string') return fail('destinations.' + name + '.' + parsed);
    destinations.push(parsed);
  }
  const relay = isRecord(raw.relay) ? raw.relay : {};
  const config: RelayConfig = {
    destinations,
    leaseMs: positive(relay.leaseMs) ?? RELAY_DEFAULTS.leaseMs,
    pollMs: positive(relay.pollMs) ?? RELAY_DEFAULTS.pollMs,
    maxAgeMs: positive(relay.maxAgeMs) ?? RELAY_DEFAULTS.maxAgeMs,
    adminHost: typeof relay.adminHost === 'string' ? relay.adminHost : env.HOMING_RELAY_ADMIN_HOST ?? '127.0.0.1',
    backoff: {
      baseMs: positive(isRecord(relay.backoff) ? relay.backoff.baseMs : undefined) ?? RELAY_DEFAULTS.backoff.baseMs,
      capMs: positive(isRecord(relay.backoff) ? relay.backoff.capMs : undefined) ?? RELAY_DEFAULTS.backoff.capMs,
    },
  };
  const adminPort = relay.adminPort ?? num(env.HOMING_RELAY_ADMIN_PORT);
  if (adminPort !== undefined && !(Number.isInteger(adminPort) && (adminPort as number) >= 0 && (adminPort as number) < 65536))
    return fail('relay.adminPort: a port number');
  if (adminPort !== undefined) config.adminPort = adminPort as number;
  for (const d of destinations)
    if (d.timeoutMs * 2 > config.leaseMs) return fail('destinations.' + d.name + '.timeoutMs: must be at most half of relay.leaseMs');
  return { ok: true, config };
}

function parseDestination(name: string, d: unknown, env: Env): DestinationConfig | string {
  if (!NAME.test(name)) return 'name: 1–40 characters of a–z 0–9 _ -, starting with a letter';
  if (!isRecord(d)) return 'must be an object';
  const type = (d.type ?? name) as DestinationType;
  if (!TYPES.includes(type)) return 'type: one of ' + TYPES.join(', ');
  if (typeof d.url !== 'string' || !/^https?:\/\//.test(d.url)) return 'url: an http(s) URL is required';
  const token = readToken(d.token, env, name);
  if (typeof token !== 'string') return token.problem;
  const defaults = DEFAULTS[type];
  const out = {
    name, type, url: d.url,
    batchSize: positive(d.batchSize) ?? defaults.batchSize,
    concurrency: positive(d.concurrency) ?? defaults.concurrency,
    timeoutMs: positive(d.timeoutMs) ?? defaults.timeoutMs,
    ratePerMinute: d.ratePerMinute === 0 ? undefined : positive(d.ratePerMinute) ?? defaults.ratePerMinute,
  } as DestinationConfig;
  const speed = parseSpeed(d, type);
  if (typeof speed === 'string') return speed;
  Object.assign(out, speed);
  Object.defineProperty(out, 'token', { value: token, enumerable: false });
  return out;
}

function parseSpeed(d: Record<string, unknown>, type: DestinationType): Pick<DestinationConfig, 'leadEvents' | 'engagementEvents' | 'reserve' | 'condense' | 'condenseAfterMs'> | string {
  const names = (k: string) => (d[k] === undefined ? [] : Array.isArray(d[k]) && (d[k] as unknown[]).every((n) => typeof n === 'string' && n) ? (d[k] as string[]) : undefined);
  const leadEvents = names('leadEvents');
  if (!leadEvents) return 'leadEvents: a list of event names';
  const engagementEvents = names('engagementEvents');
  if (!engagementEvents) return 'engagementEvents: a list of event names';
  const reserve = d.reserve === undefined ? SPEED_DEFAULTS.reserve : d.reserve;
  if (typeof reserve !== 'number' || !(reserve >= 0 && reserve < 1)) return 'reserve: a share of the window from 0 to below 1 (default 0.2)';
  if (d.condense !== undefined && d.condense !== 'auto' && d.condense !== 'never') return 'condense: "auto" or "never"';
  const condenseAfterMs = d.condenseAfter === undefined ? SPEED_DEFAULTS.condenseAfterMs : durationMs(d.condenseAfter);
  if (condenseAfterMs === undefined) return 'condenseAfter: milliseconds, or a duration such as "15m", "90s", "2h"';
  // 004 takes 10,000 events a minute: never condensed (SPEC §7).
  const condense = type === 'batch' ? 'never' : (d.condense as 'auto' | 'never' | undefined) ?? 'auto';
  return { leadEvents, engagementEvents, reserve, condense, condenseAfterMs };
}

/** 900000, "900s", "15m", "1h" → ms. */
function durationMs(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : undefined;
  const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/.exec(v.trim()) : null;
  return m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'] : undefined;
}

function readToken(v: unknown, env: Env, name: string): string | { problem: string } {
  const fallback = 'HOMING_RELAY_' + envName(name) + '_TOKEN';
  if (v === undefined) v = env[fallback];
  else if (typeof v === 'string' && v.startsWith('env:')) {
    const from = v.slice(4);
    v = env[from];
    if (!v) return { problem: 'token: the environment variable ' + from + ' is not set' };
  }
  if (typeof v !== 'string' || !v) return { problem: 'token: required (in the file, as "env:NAME", or in ' + fallback + ')' };
  return v;
}

/** Every token in a config, to scrub from anything written down. */
export function secretsOf(config: RelayConfig): string[] {
  return config.destinations.map((d) => d.token).filter(Boolean);
}

/** The config as logs and admin routes may show it: names, types and URLs without query strings. */
export function describeConfig(config: RelayConfig): Record<string, unknown>[] {
  return config.destinations.map((d) => ({
    name: d.name, type: d.type, url: d.url.replace(/[?#].*$/, ''), ratePerMinute: d.ratePerMinute,
    reserve: d.reserve, condense: d.condense, condenseAfterMs: d.condenseAfterMs, leadEvents: d.leadEvents,
  }));
}

const envName = (name: string) => name.toUpperCase().replace(/-/g, '_');
const fail = (message: string): Loaded => ({ ok: false, message: 'relay config: ' + message });
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: string | undefined) => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean));
const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
const positive = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);
