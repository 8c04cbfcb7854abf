// transport.ts: fetch with headers; keepalive with the key in the query; sendBeacon last.
import { parseRetryAfter } from './retry.js';

/** A server's answer: status 0 is a network error or a timeout. */
export interface Answer {
  status: number;
  body?: any;
  retryAfter?: number;
}

export const TIMEOUT_MS = 15000;
/** Chromium allows 64 KiB of keepalive bodies in flight per page; leave room for the others. */
export const KEEPALIVE_BYTES = 60000;

async function answer(r: Response): Promise<Answer> {
  let body: any;
  try {
    body = await r.json();
  } catch (e) { /* not JSON: the status says enough */ }
  return { status: r.status, body, retryAfter: parseRetryAfter(r.headers.get('Retry-After'), Date.now()) };
}

/** POST one batch with the key in the Authorization header; never rejects. */
export async function post(endpoint: string, key: string, body: string, timeoutMs = TIMEOUT_MS): Promise<Answer> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    return await answer(await fetch(endpoint, {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json' },
      body,
      credentials: 'omit',
      signal: ctl.signal,
    }));
  } catch (e) {
    return { status: 0 };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * POST while the page is being left: keepalive fetch with the key as ?key= and a text/plain body,
 * so no preflight is needed; sendBeacon when keepalive fetch is missing or refused.
 * Resolves with the answer if the page lives long enough to read it.
 */
export function postKeepalive(endpoint: string, key: string, body: string): Promise<Answer> {
  const url = endpoint + (endpoint.indexOf('?') < 0 ? '?' : '&') + 'key=' + encodeURIComponent(key);
  const beacon = (): Answer => {
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url, body)) return { status: 202 };
    } catch (e) { /* nothing left to try */ }
    return { status: 0 };
  };
  try {
    if (!('keepalive' in Request.prototype)) return Promise.resolve(beacon());
    return fetch(url, { method: 'POST', body, keepalive: true, credentials: 'omit' }).then(answer, beacon);
  } catch (e) {
    return Promise.resolve(beacon());
  }
}
