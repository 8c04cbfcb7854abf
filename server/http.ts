// http.ts: what every collector response shares: CORS, JSON bodies, error bodies and a capped body reader.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';

export type Headers = Record<string, string>;

/** The page is on another origin and sends no credentials, so `*` is enough (SPEC §4.1). */
export const CORS_HEADERS: Headers = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Retry-After',
};

export const PREFLIGHT_HEADERS: Headers = {
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Content-Encoding',
  'Access-Control-Max-Age': '86400',
};

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Headers;
}

export function errorReply(status: number, message: string, headers?: Headers): Reply {
  return { status, body: { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message }, headers };
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Headers = { ...CORS_HEADERS, 'Cache-Control': 'no-store', ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const json = JSON.stringify(reply.body);
  headers['Content-Type'] = 'application/json; charset=utf-8';
  headers['Content-Length'] = String(Buffer.byteLength(json));
  res.writeHead(reply.status, headers).end(json);
}

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

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
