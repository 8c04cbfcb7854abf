// relay.ts: the relay's read-only admin routes: GET /__deadletters (for the QA panel) and GET /__relay (progress and lag).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen } from '../http/listen.js';
import { errorReply, send } from '../http/reply.js';
import type { Relay } from '../relay/worker.js';
import type { Outbox } from '../store/store.js';

export const RELAY_ADMIN_PATHS = ['/__deadletters', '/__relay'];

export interface RelayAdmin {
  outbox: Outbox;
  relay?: Relay;
  /** Destination names, for the lag of each. */
  destinations: readonly string[];
}

/** Answers a relay admin route; false when `path` is not one. */
export async function handleRelayAdmin(req: IncomingMessage, res: ServerResponse, url: URL, admin: RelayAdmin): Promise<boolean> {
  if (!RELAY_ADMIN_PATHS.includes(url.pathname)) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, errorReply(405, 'use GET')), true;
  if (url.pathname === '/__deadletters') {
    const destination = url.searchParams.get('destination') ?? undefined;
    const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit')) || 100));
    const deadLetters = await admin.outbox.deadLetters(destination, limit);
    send(res, { status: 200, body: { deadLetters } });
    return true;
  }
  const stats = admin.relay?.stats() ?? [];
  const destinations = await Promise.all(admin.destinations.map(async (name) => ({
    name, ...stats.find((s) => s.name === name), lag: await admin.outbox.lag(name),
  })));
  send(res, { status: 200, body: { destinations } });
  return true;
}

export interface RunningAdmin {
  url: string;
  close(): Promise<void>;
}

/** A small server for the admin routes when the relay runs without a collector. Loopback unless told otherwise. */
export async function startRelayAdmin(admin: RelayAdmin, port: number, host = '127.0.0.1'): Promise<RunningAdmin> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://relay');
    handleRelayAdmin(req, res, url, admin)
      .then((isDone) => { if (!isDone) send(res, errorReply(404, 'no route for ' + req.method + ' ' + url.pathname)); })
      .catch((err: Error) => send(res, errorReply(500, err.message)));
  });
  const listening = await listen(server, port, host);
  return { url: listening.url, close: () => listening.close() };
}
