// run.ts: one process's roles: the collector, a relay worker, or both, over one store, with the pruner and /metrics.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCollector, type RunningCollector } from './collector.js';
import { errorReply, send } from './http.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { handleOps, OPS_PATHS } from './ops.js';
import { startPruner } from './pruner.js';
import { configureRelay, startRelayRole, type RelayConfigured } from './relay-hook.js';
import { openStore } from './store/open.js';
import type { SqlStore } from './store/store.js';

export interface RoleOptions {
  collector: boolean;
  relay: boolean;
  port: number;
  host?: string;
  dataDir: string;
  databaseUrl?: string;
  retentionDays: number;
  ratePerMinute: number;
  metrics: Metrics;
  logger: Logger;
  /** How long a stop waits for requests in flight (default 10 s). */
  graceMs?: number;
}

export interface Running {
  url: string;
  store: SqlStore;
  close(): Promise<void>;
}

/** How often the relay's lag gauges are read from the outbox. */
const LAG_EVERY_MS = 5_000;

export async function startRoles(opts: RoleOptions): Promise<Running> {
  const relay = await configureRelay(opts.relay, opts.logger);
  const destinations = relay?.destinations ?? [];
  const store = await openStore({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, destinations });
  const stops: (() => Promise<void>)[] = [];
  try {
    const http = opts.collector ? await serveCollector(store, opts) : await serveOps(store, opts);
    stops.push(http.close);
    if (opts.relay) stops.unshift(startRelay(relay as RelayConfigured, store, opts));
    stops.unshift(startPruner(store, { retentionDays: opts.retentionDays, logger: opts.logger }));
    opts.logger('info', 'started', {
      roles: [opts.collector && 'collector', opts.relay && 'relay'].filter(Boolean), url: http.url, engine: store.engine, destinations,
    });
    return {
      url: http.url, store,
      close: () => { opts.logger('info', 'stopping'); return stopAll(stops, store); },
    };
  } catch (err) {
    await stopAll(stops, store);
    throw err;
  }
}

async function stopAll(stops: (() => Promise<void>)[], store: SqlStore): Promise<void> {
  for (const stop of stops) await stop().catch(() => undefined);
  await store.close();
}

async function serveCollector(store: SqlStore, opts: RoleOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const running: RunningCollector = await startCollector({
    store, port: opts.port, host: opts.host ?? '0.0.0.0', dataDir: opts.dataDir, ratePerMinute: opts.ratePerMinute,
    keepLog: false, metrics: opts.metrics, logger: opts.logger, graceMs: opts.graceMs ?? 10_000,
  });
  return { url: running.url, close: running.close };
}

/** A relay-only process still answers /healthz, /readyz and /metrics. */
async function serveOps(store: SqlStore, opts: RoleOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://relay').pathname;
    if (!OPS_PATHS.includes(path)) return send(res, errorReply(404, 'no route for ' + req.method + ' ' + path));
    handleOps(req, res, path, { store, metrics: opts.metrics }).catch((err: Error) => send(res, errorReply(500, err.message)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: 'http://127.0.0.1:' + port,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

function startRelay(relay: RelayConfigured, store: SqlStore, opts: RoleOptions): () => Promise<void> {
  const stop = startRelayRole(relay, store, opts.metrics.relay, opts.logger);
  const readLag = async () => {
    for (const destination of relay.destinations) {
      const lag = await store.lag(destination).catch(() => undefined);
      if (!lag) continue;
      opts.metrics.relay.lagEvents.set({ destination }, lag.pending);
      const age = lag.oldestReceivedAt ? (Date.now() - Date.parse(lag.oldestReceivedAt)) / 1000 : 0;
      opts.metrics.relay.lagSeconds.set({ destination }, Math.max(0, age));
      for (const cls of ['lead', 'engagement', 'browsing'] as const) {
        const c = lag.classes?.[cls];
        opts.metrics.relay.classEvents.set({ destination, class: cls }, c?.pending ?? 0);
        const oldest = c?.oldestReceivedAt ? (Date.now() - Date.parse(c.oldestReceivedAt)) / 1000 : 0;
        opts.metrics.relay.classSeconds.set({ destination, class: cls }, Math.max(0, oldest));
      }
    }
  };
  const timer = setInterval(readLag, LAG_EVERY_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await stop();
  };
}
