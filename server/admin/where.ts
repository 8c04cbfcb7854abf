// where.ts: GET /__where (where each event of a lead, or one event, went at each destination) and POST /__replay.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../collector/body.js';
import type { SqlStore } from '../store/store.js';
import { withPauses } from '../store/where.js';
import { adminError, sendAdmin } from './guard.js';

export const WHERE_PATHS = ['/__where', '/__replay'];

/** What the relay in this process says of its destinations (their pauses), when one runs here. */
export interface RelayView {
  stats(): { name: string; pausedUntil?: string }[];
}

export interface WhereAdmin {
  store: SqlStore;
  relay?: RelayView;
}

/** `?email=` (a lead, in capture order) or `?messageId=` (with `key` when several sites share it). */
async function where(res: ServerResponse, url: URL, admin: WhereAdmin): Promise<void> {
  const q = (name: string) => url.searchParams.get(name) || undefined;
  const filter = { email: q('email'), messageId: q('messageId'), key: q('key'), limit: Number(q('limit')) || undefined };
  if (!filter.email && !filter.messageId) return adminError(res, 400, 'ask for ?email=<lead> or ?messageId=<id> (and &key=<site key>)');
  const pauses: Record<string, string | undefined> = {};
  for (const s of admin.relay?.stats() ?? []) pauses[s.name] = s.pausedUntil;
  sendAdmin(res, 200, { trail: withPauses(await admin.store.trail(filter), pauses) });
}

/** `{ destination, id? }`: one dead letter back into the outbox, or all of a destination's. */
async function replay(req: IncomingMessage, res: ServerResponse, admin: WhereAdmin): Promise<void> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return adminError(res, 415, 'send { "destination": "crm", "id": 12 } as application/json');
  const body = await readBody(req, 4096);
  let ask: { destination?: unknown; id?: unknown } = {};
  try {
    ask = body.kind === 'ok' ? JSON.parse(body.text) : {};
  } catch {
    return adminError(res, 400, 'the body is not JSON');
  }
  const { destination, id } = ask;
  if (typeof destination !== 'string' || !admin.store.destinations.includes(destination))
    return adminError(res, 400, 'destination: one of ' + (admin.store.destinations.join(', ') || '(none configured)'));
  if (id !== undefined && !(Number.isInteger(id) && (id as number) > 0)) return adminError(res, 400, 'id: a dead letter\'s id (a positive integer)');
  sendAdmin(res, 200, { destination, replayed: await admin.store.replay(destination, id as number | undefined) });
}

/** Answers a where route; false when `url` names none. */
export async function handleWhere(req: IncomingMessage, res: ServerResponse, url: URL, admin: WhereAdmin): Promise<boolean> {
  const route = req.method + ' ' + url.pathname;
  if (route === 'GET /__where') await where(res, url, admin);
  else if (route === 'POST /__replay') await replay(req, res, admin);
  else if (WHERE_PATHS.includes(url.pathname)) adminError(res, 405, req.method + ' is not allowed on ' + url.pathname);
  else return false;
  return true;
}
