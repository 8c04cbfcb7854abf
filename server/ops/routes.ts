// routes.ts: the routes for operators: /healthz (process up), /readyz (store reachable, migrations done), /metrics.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorReply, send } from '../http/reply.js';
import type { Metrics } from './metrics.js';
import type { Store } from '../store/store.js';

export const OPS_PATHS = ['/healthz', '/readyz', '/metrics'];

export interface Ops {
  store: Store;
  metrics: Metrics;
}

export async function handleOps(req: IncomingMessage, res: ServerResponse, path: string, ops: Ops): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, errorReply(405, 'use GET'));
  if (path === '/healthz') return send(res, { status: 200, body: { ok: true } });
  if (path === '/readyz') {
    const isReady = await isStoreReady(ops.store);
    return send(res, { status: isReady ? 200 : 503, body: { ready: isReady } });
  }
  try {
    const { contentType, body } = await ops.metrics.render();
    res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(body);
  } catch (err) {
    send(res, errorReply(503, (err as Error).message));
  }
}

async function isStoreReady(store: Store): Promise<boolean> {
  const check = (store as { isReady?: () => Promise<boolean> }).isReady;
  return check ? check.call(store).catch(() => false) : true;
}
