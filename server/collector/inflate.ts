// inflate.ts: a batch request's body, gzip inflated as it arrives, with the size limit on the inflated bytes (SPEC §4.1).
import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import { readBody, stripBom, type Body } from './body.js';

/** An encoding the collector does not take: answered 415. */
export type BatchBody = Body | { kind: 'unsupported'; encoding: string; bytes: number };

/**
 * The encoding is the `Content-Encoding` header, else the `compression` query parameter of a
 * text/plain request that carries its key as `?key=` too, so that a browser needs no preflight.
 * Plain bodies go to readBody. A gzip body is inflated chunk by chunk; as soon as the inflated
 * bytes pass `cap` the inflating stops and the answer is 413, so a bomb is never inflated whole.
 * `bytes` is what came over the wire.
 */
export function readBatchBody(req: IncomingMessage, cap: number): Promise<BatchBody> {
  const query = new URL(req.url ?? '/', 'http://collector').searchParams.get('compression');
  const encoding = String(req.headers['content-encoding'] ?? query ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return readBody(req, cap);
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    req.resume();
    return Promise.resolve({ kind: 'unsupported', encoding, bytes: 0 });
  }
  return new Promise((resolve) => {
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let inflated = 0;
    let isDone = false;
    let wireBytes = 0;
    req.on('data', (c: Buffer) => (wireBytes += c.length));
    const finish = (body: BatchBody) => {
      if (isDone) return;
      isDone = true;
      req.unpipe(gunzip);
      gunzip.destroy();
      req.resume();
      resolve(body);
    };
    gunzip.on('data', (chunk: Buffer) => {
      inflated += chunk.length;
      if (inflated > cap) return finish({ kind: 'tooLarge', bytes: wireBytes });
      chunks.push(chunk);
    });
    gunzip.on('end', () => finish({ kind: 'ok', text: stripBom(Buffer.concat(chunks).toString('utf8')), bytes: wireBytes }));
    // A body that is not gzip is malformed: parsed as empty, it is answered 400.
    gunzip.on('error', () => finish({ kind: 'ok', text: '', bytes: wireBytes }));
    req.on('aborted', () => finish({ kind: 'aborted', bytes: wireBytes }));
    req.on('error', () => finish({ kind: 'aborted', bytes: wireBytes }));
    req.pipe(gunzip);
  });
}
