// admin-gate.ts: who may use the admin routes: the admin token (constant-time), its session cookie, or loopback in dev.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'homing_admin';
/** Shorter tokens are refused at start: guessing one over HTTP must be hopeless. */
export const MIN_TOKEN_LENGTH = 16;

export type Verdict = 'ok' | 'off' | 'denied';

export interface AdminGate {
  /** `off`: no token is set (and not dev on loopback): the admin routes do not exist. */
  judge(req: IncomingMessage): Verdict;
  /** Whether `candidate` is the token (the panel's sign-in form). */
  isToken(candidate: string): boolean;
  /** The cookie that keeps a signed-in panel signed in: an HMAC of the token, never the token. */
  sessionCookie(isSecure: boolean): string;
  readonly isOn: boolean;
}

export interface GateOptions {
  token?: string;
  /** Dev (the demo, the tests): with no token, requests from this machine's loopback are let in. */
  isLoopbackOpen?: boolean;
  /** Behind a proxy: the client is the last hop of X-Forwarded-For, not the proxy's socket. */
  isTrustingProxy?: boolean;
}

/** A token the collector refuses to start with, or undefined. */
export function tokenProblem(token: string): string | undefined {
  if (token.length < MIN_TOKEN_LENGTH) return 'the admin token must be at least ' + MIN_TOKEN_LENGTH + ' characters (e.g. openssl rand -hex 24)';
  if (/\s/.test(token)) return 'the admin token must not hold spaces';
}

export function createAdminGate({ token, isLoopbackOpen = false, isTrustingProxy = false }: GateOptions): AdminGate {
  const session = token ? createHmac('sha256', token).update('homing admin session').digest('hex') : undefined;
  const isOn = Boolean(token) || isLoopbackOpen;

  function judge(req: IncomingMessage): Verdict {
    if (!token) return isLoopbackOpen && isLoopback(clientAddress(req, isTrustingProxy)) ? 'ok' : isLoopbackOpen ? 'denied' : 'off';
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (bearer && same(bearer[1], token)) return 'ok';
    const cookie = readCookie(req.headers.cookie ?? '', SESSION_COOKIE);
    return cookie && same(cookie, session as string) ? 'ok' : 'denied';
  }

  return {
    judge,
    isOn,
    isToken: (candidate) => Boolean(token) && same(candidate, token as string),
    sessionCookie: (isSecure) =>
      SESSION_COOKIE + '=' + session + '; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200' + (isSecure ? '; Secure' : ''),
  };
}

/** Equal in constant time whatever the lengths: both sides are hashed to 32 bytes first. */
function same(a: string, b: string): boolean {
  const digest = (s: string) => createHmac('sha256', 'homing compare').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function readCookie(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
}

/** The socket's peer; behind a trusted proxy, the address it appended to X-Forwarded-For. */
export function clientAddress(req: IncomingMessage, isTrustingProxy: boolean): string {
  const forwarded = isTrustingProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',').pop()?.trim() : '';
  return forwarded || req.socket.remoteAddress || '';
}

function isLoopback(a: string): boolean {
  return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1' || a.startsWith('127.');
}
