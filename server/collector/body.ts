// body.ts: a request body read as text, buffering at most a cap; beyond it the rest is discarded unread.
import type { IncomingMessage } from 'node:http';

export type Body =
  | { kind: 'ok'; text: string; bytes: number }
  | { kind: 'tooLarge'; bytes: number }
  | { kind: 'aborted'; bytes: number };

/**
 * Reads the body as UTF-8 text, buffering at most `cap` bytes. Beyond it the rest is discarded
 * unread, so the caller can still answer 413 (with `Connection: close`) to a client busy sending.
 */
export function readBody(req: IncomingMessage, cap: number): Promise<Body> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    if (declared > cap) {
      req.resume();
      return resolve({ kind: 'tooLarge', bytes: declared });
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    let isDone = false;
    const finish = (body: Body) => { if (!isDone) { isDone = true; resolve(body); } };
    req.on('data', (chunk: Buffer) => {
      if (isDone) return;
      bytes += chunk.length;
      if (bytes > cap) return finish({ kind: 'tooLarge', bytes });
      chunks.push(chunk);
    });
    req.on('end', () => finish({ kind: 'ok', text: stripBom(Buffer.concat(chunks).toString('utf8')), bytes }));
    req.on('aborted', () => finish({ kind: 'aborted', bytes }));
    req.on('error', () => finish({ kind: 'aborted', bytes }));
  });
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
