// guard.ts: what one slow or greedy client may hold of a server: time for headers and body, connections per address, keep-alive.
import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { CORS_HEADERS } from './reply.js';

export interface Limits {
  /** Seconds a request's headers may take to arrive; then 408 (SPEC §4.1: a bounded time). */
  headersSeconds: number;
  /** Seconds a request's body may take once its headers are in; then 408 and the connection is closed. */
  bodySeconds: number;
  /** Connections one client address may hold open at once; the next is answered 429 and closed. 0: no cap. */
  perAddress: number;
  /** Seconds an idle keep-alive connection is kept: above a load balancer's 60 s, so it never reuses a closing one. */
  keepAliveSeconds: number;
}

/** A browser opens at most 6 connections to one host; 256 leaves room for a whole office behind one NAT. */
export const DEFAULT_LIMITS: Limits = { headersSeconds: 10, bodySeconds: 10, perAddress: 256, keepAliveSeconds: 65 };

/** How often Node checks the header and request time limits (its default, 30 s, would let 408 wait that long). */
export const CHECK_EVERY_MS = 1000;

/** A whole response written on a socket the HTTP layer cannot answer through: SPEC §4's error shape, CORS included. */
export function rawReply(status: number, message: string, headers: Record<string, string> = {}): string {
  const body = JSON.stringify({ statusCode: status, error: STATUS_CODES[status], message });
  const all = { ...CORS_HEADERS, 'Cache-Control': 'no-store', 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close', ...headers };
  return 'HTTP/1.1 ' + status + ' ' + STATUS_CODES[status] + '\r\n' + Object.entries(all).map(([k, v]) => k + ': ' + v + '\r\n').join('') + '\r\n' + body;
}

/** Why Node gave up on a request before the handler saw it (its `clientError` codes), as our answer. */
const CLIENT_ERRORS: Record<string, [number, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'the request took too long to arrive'],
  HPE_HEADER_OVERFLOW: [431, 'the request headers are too large'],
};

/** Sockets over their address's cap: answered 429 as they connect; the handler must leave them alone. */
const over = new WeakSet<Socket>();

export const isOverCap = (socket: Socket): boolean => over.has(socket);

/** Applies `limits` to `server` (made with `connectionsCheckingInterval: CHECK_EVERY_MS`). */
export function guard(server: Server, limits: Limits): void {
  server.headersTimeout = limits.headersSeconds * 1000;
  // The batch route cuts a slow body itself (with a JSON 408 it counts); this backstop covers every other route.
  server.requestTimeout = (limits.headersSeconds + limits.bodySeconds + 5) * 1000;
  server.keepAliveTimeout = limits.keepAliveSeconds * 1000;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const [status, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'the request is not valid HTTP'];
    const started = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (socket.writable && !started) socket.end(rawReply(status, message));
    socket.destroySoon();
  });
  if (limits.perAddress > 0) capConnections(server, limits.perAddress);
}

function capConnections(server: Server, cap: number): void {
  const open = new Map<string, number>();
  // Before the HTTP layer's own listener: the answer is written before any request is parsed.
  server.prependListener('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const n = (open.get(address) ?? 0) + 1;
    open.set(address, n);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left) open.set(address, left);
      else open.delete(address);
    });
    if (n <= cap) return;
    over.add(socket);
    socket.end(rawReply(429, 'more than ' + cap + ' connections from one address', { 'Retry-After': '1' }));
    setTimeout(() => socket.destroy(), 1000).unref();
  });
}
