// key.ts: where a request's site key comes from and whether the collector takes it.
import type { IncomingMessage } from 'node:http';

export interface KeyFrom {
  key: string | null;
  via: 'header' | 'query' | null;
}

const PUBLISHABLE_KEY = /^[A-Za-z0-9_-]{1,200}$/;

/** The default key rule: any publishable-looking key. */
export function isPublishableKey(key: string): boolean {
  return PUBLISHABLE_KEY.test(key) && !isSecretKey(key);
}

export function isSecretKey(key: string): boolean {
  return key.startsWith('sk_');
}

/** `Authorization: Bearer <key>`, else the `key` query parameter a keepalive or beacon request carries. */
export function readKey(req: IncomingMessage, url: URL): KeyFrom {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (bearer) return { key: bearer[1], via: 'header' };
  const query = url.searchParams.get('key');
  return query ? { key: query, via: 'query' } : { key: null, via: null };
}
