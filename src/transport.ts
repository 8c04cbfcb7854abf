// transport.ts: every request of the tracker: text/plain with the key (and compression) in the query, so none needs a CORS preflight; bounded in time.
import { parseRetryAfter } from './retry.js';
import { memo } from './memo.js';

/** A server's answer: status 0 is a network error or a timeout. */
export interface Answer {
  status: number;
  body?: any;
  retryAfter?: number;
}

/** SPEC §5 "Never stuck": every request, the keepalive at leave included, is aborted after this. */
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

/**
 * Endpoint → signs that it cannot take gzip (SPEC §4.1); 2 and more: plain JSON from then on. A 415,
 * or a 400 that plain JSON then passes, is 2 at once; a compressed request failing as a network error
 * while plain JSON then passes is 1 each time (a connection reset alone must not decide it).
 */
let plain: ReturnType<typeof memo<Record<string, number>>> | undefined;
const plainOnes = () => (plain = plain || memo<Record<string, number>>('homing:plain'));
/** n = 0: gzip went through, so signs seen before (a reset now and then) count no more. */
const plainSign = (endpoint: string, n: number) => {
  const m = plainOnes()._read() || {};
  if (!n && !m[endpoint]) return;
  m[endpoint] = n && (m[endpoint] || 0) + n;
  plainOnes()._write(m);
};
export const takesGzip = (endpoint: string) => typeof CompressionStream != 'undefined' && !((plainOnes()._read() || {})[endpoint] > 1);
/** Set once a 400 to gzip was answered 400 as plain JSON too: this page's 400s are the batch's own. */
let genuine400 = false;
/**
 * A gzip request failed as a network error: the next try goes as plain JSON. Not at once: a request
 * the page's end cuts off fails so too, although it went out, and an immediate retry would be a copy.
 */
let tryPlain = false;

/** One POST, aborted after TIMEOUT_MS; never rejects. `timedOut` says the time limit ended it. */
function request(url: string, body: BodyInit, keepalive?: boolean): Promise<Answer & { timedOut?: boolean }> {
  const ctl = new AbortController();
  let timedOut: boolean | undefined;
  const timer = setTimeout(() => ((timedOut = true), ctl.abort()), TIMEOUT_MS);
  // text/plain and no other header: a CORS-safelisted request, which no preflight precedes.
  return fetch(url, { method: 'POST', body, keepalive, credentials: 'omit', signal: ctl.signal, headers: { 'Content-Type': 'text/plain' } })
    .then(answer, () => ({ status: 0, timedOut }))
    .finally(() => clearTimeout(timer));
}

/**
 * POSTs one batch; never rejects. The key goes as ?key= and a gzip body says so with
 * &compression=gzip (SPEC §4.1), gzipped where the endpoint takes it; `gz` is the body gzipped
 * already (the batch sent as the page is left cannot wait for the stream). While the page is
 * being left: keepalive, or sendBeacon where keepalive is missing. A failed keepalive request is
 * not sent again by beacon: both share one quota, and Chromium rejects the promise of a keepalive
 * request the page's end cut off although the request went out, so a beacon would only send a copy.
 */
export async function post(endpoint: string, key: string, body: string, leaving?: boolean, gz?: ArrayBuffer): Promise<Answer> {
  const base = endpoint + (endpoint.indexOf('?') < 0 ? '?' : '&') + 'key=' + encodeURIComponent(key);
  const plainNow = tryPlain && !leaving;
  const zipped = takesGzip(endpoint) && !plainNow ? gz || (leaving ? undefined : await gzip(body)) : undefined;
  const url = zipped ? base + '&compression=gzip' : base;
  if (leaving && !('keepalive' in Request.prototype)) return { status: navigator.sendBeacon(url, zipped || body) ? 202 : 0 };
  const a = await request(url, zipped || body, leaving);
  if (plainNow) {
    tryPlain = false;
    if (a.status && a.status != 400) plainSign(endpoint, 1);
  }
  // A request cut off by the time limit says nothing of gzip.
  if (zipped && !a.status && !a.timedOut) tryPlain = true;
  if (zipped && a.status && a.status != 400 && a.status != 415) plainSign(endpoint, 0);
  // An endpoint (or a proxy before it) that cannot take gzip: the batch goes again as plain JSON at
  // once, before any split (SPEC §4.1).
  if (!zipped || !(a.status == 415 || (a.status == 400 && !genuine400))) return a;
  const b = await request(base, body, leaving);
  if (a.status == 415 || (b.status && b.status != 400)) plainSign(endpoint, 2);
  else genuine400 = true;
  return b;
}
