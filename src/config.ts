// config.ts: options or data attributes → one checked Config.
import { problem, Problem } from './validate.js';

export type Part = 'pageviews' | 'forms' | 'properties' | 'clicks';
const PARTS: Part[] = ['pageviews', 'forms', 'properties', 'clicks'];

export interface Options {
  /** Publishable site key (pk_…). Secret keys (sk_…) are refused. */
  key: string;
  /** The batch endpoint, e.g. https://collect.example.com/v1/events/batch */
  endpoint: string;
  /** Which autocapture parts run: a list, a space-separated string, or 'off'. Default: all. */
  autocapture?: Part[] | string | false;
  /** 'filter' (default) drops crawlers and automation; 'allow' is for QA. */
  bots?: 'filter' | 'allow';
  /** 'required': nothing is stored or sent until optIn(). */
  consent?: 'granted' | 'required';
  /** 'honor' (default) treats GPC / DNT as an opt-out. */
  privacySignals?: 'honor' | 'ignore';
  /** Send when this many events wait (default 20). */
  flushAt?: number;
  /** Send at least this often while events wait, in ms (default 5000). */
  flushInterval?: number;
  /** properties.context.environment; default "development" on local hosts. */
  environment?: string;
  debug?: boolean;
}

export interface Config {
  key: string;
  endpoint: string;
  autocapture: Part[];
  allowBots: boolean;
  consentRequired: boolean;
  honorSignals: boolean;
  flushAt: number;
  flushInterval: number;
  environment?: string;
  debug: boolean;
}

const bad = (field: string, message: string, limit?: string) => problem('INVALID_CONFIG', field, message, limit);

export function readConfig(o: Options): { ok: true; value: Config } | { ok: false; problem: Problem } {
  const key = o && o.key;
  if (typeof key !== 'string' || !/^[\w-]{1,200}$/.test(key))
    return { ok: false, problem: bad('key', 'a publishable site key (pk_…) is required', 'pk_…') };
  if (/^sk_/.test(key))
    return { ok: false, problem: bad('key', 'looks secret (sk_…): secret keys must never ship to browsers; use the publishable pk_ key', 'pk_…') };
  let endpoint = '';
  try {
    endpoint = new URL(o.endpoint).href;
  } catch (e) { /* refused below */ }
  if (!/^https?:/.test(endpoint)) return { ok: false, problem: bad('endpoint', 'must be an absolute http(s) URL') };
  return {
    ok: true,
    value: {
      key,
      endpoint,
      autocapture: readParts(o.autocapture),
      allowBots: o.bots === 'allow',
      consentRequired: o.consent === 'required',
      honorSignals: o.privacySignals !== 'ignore',
      flushAt: clamp(o.flushAt, 20, 1, 200),
      flushInterval: clamp(o.flushInterval, 5000, 100, 3600000),
      environment: o.environment || undefined,
      debug: !!o.debug,
    },
  };
}

function readParts(v: Options['autocapture']): Part[] {
  if (v === undefined || v === null || v === '') return PARTS.slice();
  if (v === false || v === 'off') return [];
  const list = typeof v === 'string' ? v.split(/[\s,]+/) : v;
  return PARTS.filter((p) => list.indexOf(p) >= 0);
}

function clamp(v: unknown, dflt: number, min: number, max: number): number {
  const n = typeof v === 'string' ? parseFloat(v) : (v as number);
  return typeof n === 'number' && isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : dflt;
}

/** The script tag's data-* attributes as Options. */
export function readScriptOptions(el: Element | null): Options {
  const d = (name: string) => (el && el.getAttribute('data-' + name)) || undefined;
  return {
    key: d('key') as string,
    endpoint: d('endpoint') as string,
    autocapture: d('autocapture'),
    bots: d('bots') as Options['bots'],
    consent: d('consent') as Options['consent'],
    privacySignals: d('privacy-signals') as Options['privacySignals'],
    flushAt: d('flush-at') as any,
    flushInterval: d('flush-interval') as any,
    environment: d('environment'),
    debug: !!el && el.hasAttribute('data-debug') && d('debug') !== 'false',
  };
}
