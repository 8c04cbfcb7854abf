// guard.ts: every admin route behind the gate: off (404) without a token, 401 without it, the panel's sign-in, no CORS.
import { readFile } from 'node:fs/promises';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { readBody } from '../collector/body.js';
import { findUp } from '../http/files.js';
import type { AdminGate } from './gate.js';

export type Headers = Record<string, string>;

/** Never cached, never readable by another origin's script (no Access-Control-Allow-Origin), never framed. */
export const ADMIN_HEADERS: Headers = {
  'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer',
};

export function sendAdmin(res: ServerResponse, status: number, body?: unknown, headers: Headers = {}): void {
  if (res.headersSent || res.destroyed) return;
  if (body === undefined) return void res.writeHead(status, { ...ADMIN_HEADERS, ...headers }).end();
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...ADMIN_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(json)), ...headers,
  }).end(json);
}

export const adminError = (res: ServerResponse, status: number, message: string, headers?: Headers) =>
  sendAdmin(res, status, { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message }, headers);

export const OFF_MESSAGE = 'the admin routes are off: start the collector with HOMING_ADMIN_TOKEN (or --admin-token) to use them';

export interface GuardOptions {
  gate: AdminGate;
  /** Behind a TLS proxy (X-Forwarded-Proto: https) the session cookie is marked Secure. */
  isTrustingProxy?: boolean;
}

/**
 * Lets an admin request through (true) or answers it: 404 when the routes are off, the sign-in page for the
 * panel, 401 for the rest. `POST /qa/login` with the token sets the panel's session cookie.
 */
export async function admit(req: IncomingMessage, res: ServerResponse, path: string, o: GuardOptions): Promise<boolean> {
  const verdict = o.gate.judge(req);
  if (verdict === 'off') return adminError(res, 404, OFF_MESSAGE), false;
  if (path === '/qa/login' && req.method === 'POST') return signIn(req, res, o), false;
  if (verdict === 'ok') return true;
  if (req.method === 'GET' && (path === '/qa' || path === '/qa/')) return void (await signInPage(res, 401)), false;
  if (req.method === 'GET' && (path === '/qa/qa.css' || path === '/qa/favicon.svg')) return true;
  adminError(res, 401, 'the admin token is required: Authorization: Bearer <HOMING_ADMIN_TOKEN>', { 'WWW-Authenticate': 'Bearer' });
  return false;
}

async function signIn(req: IncomingMessage, res: ServerResponse, o: GuardOptions): Promise<void> {
  const body = await readBody(req, 4096);
  const token = body.kind === 'ok' ? new URLSearchParams(body.text).get('token') ?? '' : '';
  if (!o.gate.isToken(token)) return signInPage(res, 401, 'That is not this collector\'s admin token.');
  const isSecure = o.isTrustingProxy === true && req.headers['x-forwarded-proto'] === 'https';
  sendAdmin(res, 303, undefined, { Location: '/qa', 'Set-Cookie': o.gate.sessionCookie(isSecure) });
}

async function signInPage(res: ServerResponse, status: number, problem?: string): Promise<void> {
  let html = await readFile(join(findUp('demo/qa') ?? '.', 'login.html'), 'utf8').catch(() => '<!doctype html><title>sign in</title>');
  if (problem) html = html.replace('<!-- problem -->', '<p class="problem" role="alert">' + problem + '</p>');
  res.writeHead(status, { ...ADMIN_HEADERS, 'Content-Type': 'text/html; charset=utf-8' }).end(html);
}
