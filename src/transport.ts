// transport.ts: fetch with headers, gzip where the browser can; keepalive with the key in the query; sendBeacon without keepalive.
import { parseRetryAfter } from './retry.js';
import { memo } from './memo.js';

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
 * gzip through CompressionStream (SPEC §4.1), undefined where it is missing or fails. The stream
 * does its work in the browser's own code, in chunks between the page's tasks, not in script.
 */
export async function gzip(body: string): Promise<ArrayBuffer | undefined> {
  try {
    // From a Response, not a Blob: Chromium copies a Blob's bytes to its browser process first.
    const s = new Response(body).body!.pipeThrough(new (window as any).CompressionStream('gzip'));
    return await new Response(s).arrayBuffer();
  } catch (e) { /* no CompressionStream: plain JSON */ }
}

/** Endpoints that answered 415 to a gzip body get plain JSON from then on (SPEC §4.1). */
let plain: ReturnType<typeof memo<string[]>> | undefined;
const plainOnes = () => (plain = plain || memo<string[]>('homing:plain'));
const takesGzip = (endpoint: string) => typeof CompressionStream != 'undefined' && (plainOnes()._read() || []).indexOf(endpoint) < 0;

/**
 * POSTs one batch; never rejects. Normally with the key in the Authorization header and the body
 * gzipped. While the page is being left (`leaving`): keepalive fetch with the key as ?key= and a
 * text/plain body, so that no preflight is needed, or sendBeacon where keepalive is missing; the
 * answer is read if the page lives long enough. A failed keepalive request is not sent again by
 * beacon: both share one quota (Fetch: 64 KiB in flight), and Chromium rejects the promise of a
 * keepalive request the page's end cut off although the request went out, so a beacon would only
 * send a copy.
 */
export async function post(endpoint: string, key: string, body: string, leaving?: boolean): Promise<Answer> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
  const url = leaving ? endpoint + (endpoint.indexOf('?') < 0 ? '?' : '&') + 'key=' + encodeURIComponent(key) : endpoint;
  try {
    if (leaving && !('keepalive' in Request.prototype)) return { status: navigator.sendBeacon(url, body) ? 202 : 0 };
    if (leaving) return await answer(await fetch(url, { method: 'POST', body, keepalive: true, credentials: 'omit' }));
    const headers: Record<string, string> = { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json' };
    const gz = takesGzip(endpoint) ? await gzip(body) : undefined;
    if (gz) headers['Content-Encoding'] = 'gzip';
    const a = await answer(await fetch(url, { method: 'POST', headers, body: gz || body, credentials: 'omit', signal: ctl.signal }));
    if (a.status != 415 || !gz) return a;
    plainOnes()._write((plainOnes()._read() || []).concat(endpoint));
    delete headers['Content-Encoding'];
    return await answer(await fetch(url, { method: 'POST', headers, body, credentials: 'omit', signal: ctl.signal }));
  } catch (e) {
    return { status: 0 };
  } finally {
    clearTimeout(timer);
  }
}
