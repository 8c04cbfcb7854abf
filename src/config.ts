// config.ts: options or data attributes → one checked Config.
import { problem, Problem } from './validate.js';

export type Part = 'pageviews' | 'forms' | 'properties' | 'clicks';

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
  /** Send when this many events wait (default 20, at most 200). */
  flushAt?: number | string;
  /** Send at least this often while events wait, in ms (default 5000). */
  flushInterval?: number | string;
  /** properties.context.environment; default "development" on local hosts. */
  environment?: string;
  /** Logs every notification to the console. */
  debug?: boolean | string;
  /** The site's own domain (e.g. "agent.com") whose hosts share the identity in one cookie (SPEC §8). */
  cookieDomain?: string;
}

export interface Config {
  key: string;
  endpoint: string;
  autocapture: string[];
  allowBots: boolean;
  consentRequired: boolean;
  honorSignals: boolean;
  flushAt: number;
  flushInterval: number;
  environment?: string;
  debug: boolean;
  cookieDomain?: string;
}

const bad = (field: string, message: string) => problem('INVALID_CONFIG', field, message, field == 'key' ? 'pk_…' : 'http(s) URL');
const num = (v: unknown, dflt: number, max: number) => (+(v as number) > 0 ? Math.min(+(v as number), max) : dflt);

/** A Config, or the problem with the options (a Problem has a `code`). */
export function readConfig(o: Options): Config | Problem {
  const key = o && o.key;
  if (key == null || key === '') return bad('key', 'is missing (data-key)');
  if (typeof key != 'string' || !/^[\w-]{1,200}$/.test(key)) return bad('key', 'must be a pk_… site key');
  if (/^sk_/.test(key)) return bad('key', 'is secret (sk_…): never in a page');
  let endpoint = '';
  try {
    endpoint = new URL(o.endpoint).href;
  } catch (e) { /* refused below */ }
  if (o.endpoint == null || o.endpoint === '') return bad('endpoint', 'is missing (data-endpoint)');
  if (!/^https?:/.test(endpoint)) return bad('endpoint', 'must be an http(s) URL');
  const a = o.autocapture;
  return {
    key,
    endpoint,
    autocapture: a === false || a === 'off' ? [] : Array.isArray(a) ? a : (a || 'pageviews forms properties clicks').split(/[\s,]+/),
    allowBots: o.bots == 'allow',
    consentRequired: o.consent == 'required',
    honorSignals: o.privacySignals != 'ignore',
    flushAt: num(o.flushAt, 20, 200),
    flushInterval: num(o.flushInterval, 5000, 36e5),
    environment: o.environment || undefined,
    debug: o.debug !== undefined && o.debug !== false && o.debug != 'false',
    cookieDomain: sharedDomain(o.cookieDomain),
  };
}

/** SPEC §8: the cookie domain only when this page's host is it or under it; homing never guesses one. */
function sharedDomain(v?: string): string | undefined {
  const d = (v || '').toLowerCase().replace(/^\./, '');
  const host = location.hostname;
  if (host == d || host.endsWith('.' + d)) return d;
  if (d) console.warn('homing: data-cookie-domain "' + d + '" is not ' + host + ' nor above it: ignored');
}

/** The script tag's data-* attributes (data-flush-at → flushAt, …) as Options. */
export function readScriptOptions(el: Element | null): Options {
  return { ...(el && (el as HTMLElement).dataset) } as unknown as Options;
}
