// transport.ts: fetch with headers; keepalive with the key in the query; sendBeacon without keepalive.
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

/**
 * POSTs one batch; never rejects. Normally with the key in the Authorization header. While the
 * page is being left (`leaving`): keepalive fetch with the key as ?key= and a text/plain body, so
 * that no preflight is needed, or sendBeacon where keepalive is missing; the answer is read if the
 * page lives long enough. A failed keepalive request is not sent again by beacon: both share one
 * quota (Fetch: 64 KiB in flight), and Chromium rejects the promise of a keepalive request the
 * page's end cut off although the request went out, so a beacon would only send a copy.
 */
export async function post(endpoint: string, key: string, body: string, leaving?: boolean): Promise<Answer> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
  const url = leaving ? endpoint + (endpoint.indexOf('?') < 0 ? '?' : '&') + 'key=' + encodeURIComponent(key) : endpoint;
  try {
    if (leaving && !('keepalive' in Request.prototype)) return { status: navigator.sendBeacon(url, body) ? 202 : 0 };
    return await answer(await fetch(url, leaving
      ? { method: 'POST', body, keepalive: true, credentials: 'omit' }
      : { method: 'POST', headers: { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json' }, body, credentials: 'omit', signal: ctl.signal }));
  } catch (e) {
    return { status: 0 };
  } finally {
    clearTimeout(timer);
  }
}
