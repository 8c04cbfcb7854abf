// static.ts: the small file server for the demo site and the browser-test fixtures; HTML pages are {{name}} templates.
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { locate, type Mount } from '../http/files.js';
import { listen } from '../http/listen.js';

export interface SiteOptions {
  port?: number;
  host?: string;
  /** URL prefix → directory, e.g. `{ '/': 'demo/site', '/js/': 'dist' }`; the longest matching prefix wins. */
  mounts: Record<string, string>;
}

export interface RunningSite {
  url: string;
  port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export async function startSite(opts: SiteOptions): Promise<RunningSite> {
  const mounts = Object.entries(opts.mounts)
    .map(([prefix, dir]) => ({ prefix: prefix.endsWith('/') ? prefix : prefix + '/', dir: resolve(dir) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const server = createServer((req, res) => {
    serve(req, res, mounts).catch(() => reply(res, 500, 'text/plain; charset=utf-8', 'server error'));
  });
  const listening = await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1');
  return { url: listening.url, port: listening.port, close: () => listening.close() };
}

async function serve(req: IncomingMessage, res: ServerResponse, mounts: Mount[]): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'text/plain; charset=utf-8', 'GET only');
  const url = new URL(req.url ?? '/', 'http://site');
  const file = locate(url.pathname, mounts);
  const info = file ? await stat(file).catch(() => undefined) : undefined;
  if (!file || !info) return reply(res, 404, 'text/plain; charset=utf-8', 'not found');
  if (info.isDirectory()) {
    if (!url.pathname.endsWith('/')) return redirect(res, url.pathname + '/' + url.search);
    return sendFile(req, res, join(file, 'index.html'), url);
  }
  return sendFile(req, res, file, url);
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, url: URL): Promise<void> {
  const data = await readFile(file).catch(() => undefined);
  if (!data) return reply(res, 404, 'text/plain; charset=utf-8', 'not found');
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const body = type.startsWith('text/html') ? fillTemplate(data.toString('utf8'), url.searchParams) : data;
  reply(res, 200, type, req.method === 'HEAD' ? '' : body, Buffer.byteLength(body));
}

/** Every `{{name}}` becomes the `name` query parameter, escaped for an HTML attribute ('' when absent). */
export function fillTemplate(html: string, params: URLSearchParams): string {
  return html.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => escapeAttribute(params.get(name) ?? ''));
}

export function escapeAttribute(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => '&#' + c.charCodeAt(0) + ';');
}

function reply(res: ServerResponse, status: number, type: string, body: string | Buffer, length?: number): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(length ?? Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(301, { Location: location, 'Cache-Control': 'no-store' });
  res.end();
}
