// routes.ts: the admin routes of a collector, behind the admin gate in every mode: the QA panel at /qa, GET /__export,
// GET /__where, POST /__replay, GET /__deadletters and GET /__relay.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SqlStore, Store } from '../store/store.js';
import { exportLines } from './export.js';
import type { AdminGate } from './gate.js';
import { admit, adminError } from './guard.js';
import type { Log } from './log.js';
import { handleQa, isQaPath } from './qa.js';
import { handleRelayAdmin, RELAY_ADMIN_PATHS } from './relay.js';
import type { Relay } from '../relay/worker.js';
import { handleWhere, WHERE_PATHS } from './where.js';

const STORE_PATHS = ['/__export', ...WHERE_PATHS, ...RELAY_ADMIN_PATHS];

export const isAdminPath = (path: string) => STORE_PATHS.includes(path) || isQaPath(path);

export interface Admin {
  store: Store;
  gate: AdminGate;
  /** The request and event log the QA panel shows live. */
  log: Log;
  /** The relay of this process (`all`), for its pauses and counts. */
  relay?: Pick<Relay, 'stats'>;
  /** Dev (the demo): demo pages post their queue reports to /qa/queue without a token. */
  isDev?: boolean;
  isTrustingProxy?: boolean;
}

const isSql = (store: Store): store is SqlStore => typeof (store as Partial<SqlStore>).trail === 'function';

/** Answers an admin route; false when `url` names none. */
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL, admin: Admin): Promise<boolean> {
  const path = url.pathname;
  if (!isAdminPath(path)) return false;
  const isQueueReport = path === '/qa/queue' && req.method === 'POST';
  if (isQueueReport && !admin.isDev) return adminError(res, 404, 'no route for POST /qa/queue'), true;
  if (!isQueueReport && !(await admit(req, res, path, { gate: admin.gate, isTrustingProxy: admin.isTrustingProxy }))) return true;
  if (path === '/__export' && req.method === 'GET') return await exportLines(res, admin.store, url), true;
  if (isQaPath(path)) return await handleQa(req, res, path, admin.log), true;
  if (!isSql(admin.store)) return adminError(res, 404, path + ' needs a SQL store'), true;
  const store = admin.store;
  if (WHERE_PATHS.includes(path)) return handleWhere(req, res, url, { store, relay: admin.relay });
  return handleRelayAdmin(req, res, url, { outbox: store, relay: admin.relay, destinations: store.destinations });
}
