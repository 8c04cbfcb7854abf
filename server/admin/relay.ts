// relay.ts: the relay's admin routes, GET /__deadletters and GET /__relay (progress and lag), and their own server.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen } from '../http/listen.js';
import type { AdminGate } from './gate.js';
import { admit, adminError, sendAdmin } from './guard.js';
import type { Relay } from '../relay/worker.js';
import type { Outbox } from '../store/store.js';

export const RELAY_ADMIN_PATHS = ['/__deadletters', '/__relay'];

export interface RelayAdmin {
  outbox: Outbox;
  relay?: Pick<Relay, 'stats'>;
  /** Destination names, for the lag of each. */
  destinations: readonly string[];
}

/** Answers a relay admin route; false when `path` is not one. */
export async function handleRelayAdmin(req: IncomingMessage, res: ServerResponse, url: URL, admin: RelayAdmin): Promise<boolean> {
  if (!RELAY_ADMIN_PATHS.includes(url.pathname)) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') return adminError(res, 405, 'use GET'), true;
  if (url.pathname === '/__deadletters') {
    const destination = url.searchParams.get('destination') ?? undefined;
    const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit')) || 100));
    const deadLetters = await admin.outbox.deadLetters(destination, limit);
    sendAdmin(res, 200, { deadLetters });
    return true;
  }
  const stats = admin.relay?.stats() ?? [];
  const destinations = await Promise.all(admin.destinations.map(async (name) => ({
    name, ...stats.find((s) => s.name === name), lag: await admin.outbox.lag(name),
  })));
  sendAdmin(res, 200, { destinations });
  return true;
}

export interface RunningAdmin {
  url: string;
  close(): Promise<void>;
}

/** A small server for the admin routes when the relay runs without a collector, behind the gate. Loopback unless told otherwise. */
export async function startRelayAdmin(admin: RelayAdmin, port: number, host = '127.0.0.1', gate: AdminGate): Promise<RunningAdmin> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://relay');
    const route = async () => {
      if (!RELAY_ADMIN_PATHS.includes(url.pathname)) return adminError(res, 404, 'no route for ' + req.method + ' ' + url.pathname);
      if (await admit(req, res, url.pathname, { gate })) await handleRelayAdmin(req, res, url, admin);
    };
    route().catch((err: Error) => adminError(res, 500, err.message));
  });
  const listening = await listen(server, port, host);
  return { url: listening.url, close: () => listening.close() };
}
