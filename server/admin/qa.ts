// qa.ts: the live QA panel (demo mode): its files, a Server-Sent Events stream of the log, and visitors' queue reports.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { isPlainObject } from '../../src/validate.js';
import { readBody } from '../collector/body.js';
import type { Log } from './log.js';
import { findUp, locate } from '../http/files.js';
import { errorReply, type Reply } from '../http/reply.js';
import { ADMIN_HEADERS, sendAdmin } from './guard.js';

/** What a panel gets on connect; older entries stay in /__log. */
export const HISTORY_ON_CONNECT = 500;
export const RECENT_REQUESTS = 60;
/** A queue report is `homing.stats()` and a page address: a few hundred bytes. */
const MAX_REPORT_BYTES = 16_000;
/** A tab reports every few seconds while open; one silent this long is gone. */
export const REPORT_TTL_MS = 60_000;
/** Proxies close idle streams; a comment line every 15 s keeps the stream open. */
const HEARTBEAT_MS = 15_000;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
};

/** One browser tab's queue, as its page last reported it. */
export interface QueueReport {
  visitor: string;
  page: string;
  stats: Record<string, unknown>;
  receivedAt: string;
}

/** The panels listening to one collector's log, and the queues its visitors reported. */
interface Board {
  streams: Set<ServerResponse>;
  queues: Map<string, QueueReport>;
}

// Keyed by the log, so each collector (tests start many in one process) has its own board.
const boards = new WeakMap<Log, Board>();

function boardOf(log: Log): Board {
  let board = boards.get(log);
  if (!board) {
    const b: Board = { streams: new Set(), queues: new Map() };
    log.onEvent((entry) => broadcast(b, 'entry', entry));
    boards.set(log, (board = b));
  }
  return board;
}

export const isQaPath = (path: string) => path === '/qa' || path.startsWith('/qa/');

export async function handleQa(req: IncomingMessage, res: ServerResponse, path: string, log: Log): Promise<void> {
  const board = boardOf(log);
  const route = req.method + ' ' + path;
  if (route === 'GET /qa/events') return stream(req, res, log, board);
  if (route === 'GET /qa/requests') return reply(res, { status: 200, body: { requests: log.requests.slice(-RECENT_REQUESTS).reverse() } });
  // A demo page on another origin posts it and reads nothing back; `*` keeps its console free of CORS errors.
  if (route === 'POST /qa/queue') return reply(res, { ...(await takeReport(req, board)), headers: { 'Access-Control-Allow-Origin': '*' } });
  if (route === 'POST /qa/clear') {
    log.clear();
    broadcast(board, 'cleared', {});
    return reply(res, { status: 200, body: { ok: true } });
  }
  if (req.method !== 'GET') return reply(res, errorReply(405, req.method + ' is not allowed on ' + path));
  return serveFile(res, path === '/qa' || path === '/qa/' ? 'index.html' : path.slice('/qa/'.length));
}

function stream(req: IncomingMessage, res: ServerResponse, log: Log, board: Board): void {
  res.writeHead(200, { ...ADMIN_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
  for (const entry of log.events.slice(-HISTORY_ON_CONNECT)) write(res, 'entry', entry);
  for (const report of liveReports(board)) write(res, 'queue', report);
  write(res, 'ready', {});
  board.streams.add(res);
  const beat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
  req.on('close', () => { board.streams.delete(res); clearInterval(beat); });
}

const write = (res: ServerResponse, name: string, data: unknown) => res.write('event: ' + name + '\ndata: ' + JSON.stringify(data) + '\n\n');

function broadcast(board: Board, name: string, data: unknown): void {
  for (const res of board.streams) write(res, name, data);
}

function liveReports(board: Board): QueueReport[] {
  const cutoff = Date.now() - REPORT_TTL_MS;
  for (const [visitor, r] of board.queues) if (Date.parse(r.receivedAt) < cutoff) board.queues.delete(visitor);
  return [...board.queues.values()];
}

/** A demo page posts its `homing.stats()` here (text/plain, so no preflight) for the panel to show. */
async function takeReport(req: IncomingMessage, board: Board): Promise<Reply> {
  const body = await readBody(req, MAX_REPORT_BYTES);
  if (body.kind !== 'ok') return errorReply(413, 'a queue report is at most ' + MAX_REPORT_BYTES + ' bytes');
  const report = readReport(body.text);
  if (!report) return errorReply(400, 'a queue report is { visitor, page, stats }');
  board.queues.set(report.visitor, report);
  liveReports(board);
  broadcast(board, 'queue', report);
  return { status: 204 };
}

/** Admin answers: uncached, no CORS. */
const reply = (res: ServerResponse, r: Reply) => sendAdmin(res, r.status, r.body, r.headers);

export function readReport(text: string, now = new Date()): QueueReport | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(raw) || !isPlainObject(raw.stats)) return undefined;
  const { visitor, page } = raw;
  if (typeof visitor !== 'string' || !visitor || visitor.length > 64 || typeof page !== 'string') return undefined;
  return { visitor, page: page.slice(0, 1000), stats: raw.stats, receivedAt: now.toISOString() };
}

async function serveFile(res: ServerResponse, name: string): Promise<void> {
  // The repository's panel (demo/qa), else the copy the package ships (build/qa-panel).
  const dir = findUp('demo/qa') ?? findUp('qa-panel');
  const file = dir ? locate('/' + name, [{ prefix: '/', dir }]) : undefined;
  const data = file && TYPES[extname(file)] ? await readFile(file).catch(() => undefined) : undefined;
  if (!file || !data) return reply(res, errorReply(404, 'no QA file ' + name));
  res.writeHead(200, { ...ADMIN_HEADERS, 'Content-Type': TYPES[extname(file)], 'Content-Length': String(data.length) }).end(data);
}
