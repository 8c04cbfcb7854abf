// reply.ts: what every response of the collector's servers shares: CORS, JSON bodies, error bodies, the preflight.
import { STATUS_CODES, type ServerResponse } from 'node:http';

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

/** The CORS preflight answer; `methods` widens it for routes beyond the batch endpoint (the QA panel's calls). */
export function preflight(res: ServerResponse, methods?: string): void {
  send(res, { status: 204, headers: { ...PREFLIGHT_HEADERS, ...(methods ? { 'Access-Control-Allow-Methods': methods } : {}) } });
}
