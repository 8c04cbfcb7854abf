// roles.ts: one process's roles: the collector, a relay worker, or both, over one store, with the pruner and /metrics.
import { createServer } from 'node:http';
import { createAdminGate, type AdminGate } from '../admin/gate.js';
import { adminError } from '../admin/guard.js';
import { createLog, tapAnswers, type Log } from '../admin/log.js';
import { handleAdmin, type Admin } from '../admin/routes.js';
import { startCollector } from '../collector/collector.js';
import type { KeyList } from '../collector/keys.js';
import type { Limits } from '../http/guard.js';
import { listen } from '../http/listen.js';
import { errorReply, send } from '../http/reply.js';
import type { Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';
import { startPruner } from '../ops/pruner.js';
import { handleOps, OPS_PATHS } from '../ops/routes.js';
import { openStore } from '../store/open.js';
import type { SqlStore } from '../store/store.js';
import { configureRelay, startRelayRole, type RelayConfigured, type RelayRole } from './relay.js';

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
  /** The site keys taken, each from its origins; undefined: any publishable-looking key (a warning at start). */
  keys?: KeyList;
  /** Opens the admin routes to this token; without one they are off (a warning at start). */
  adminToken?: string;
  isTrustingProxy?: boolean;
  /** How long a stop waits for requests in flight (default 10 s). */
  graceMs?: number;
  /** What one client may hold of the collector (server/http/guard.ts). */
  limits?: Limits;
}

export interface Running {
  url: string;
  store: SqlStore;
  close(): Promise<void>;
}

/** How often the relay's lag gauges are read from the outbox. */
const LAG_EVERY_MS = 5_000;
/** What the live view keeps per process: the newest events and requests. */
const LIVE_ENTRIES = 5_000;

/** What a process serves besides its role: the admin routes behind the gate, the live log, this process's relay. */
interface Serving {
  gate: AdminGate;
  log: Log;
  role?: RelayRole;
}

export async function startRoles(opts: RoleOptions): Promise<Running> {
  const relay = configureRelay(opts.relay, opts.logger);
  const destinations = relay?.destinations ?? [];
  const store = await openStore({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, destinations });
  const stops: (() => Promise<void>)[] = [];
  const gate = createAdminGate({ token: opts.adminToken, isTrustingProxy: opts.isTrustingProxy });
  const serving: Serving = { gate, log: createLog(LIVE_ENTRIES) };
  try {
    if (opts.relay) {
      serving.role = startRelay(relay as RelayConfigured, store, opts);
      stops.push(serving.role.stop);
    }
    const http = opts.collector ? await serveCollector(store, opts, serving) : await serveOps(store, opts, serving);
    stops.unshift(http.close);
    stops.unshift(startPruner(store, { retentionDays: opts.retentionDays, logger: opts.logger }));
    opts.logger('info', 'started', {
      roles: [opts.collector && 'collector', opts.relay && 'relay'].filter(Boolean), url: http.url, engine: store.engine, destinations,
      keys: opts.keys ? opts.keys.size : 'any', admin: serving.gate.isOn,
    });
    warnAtStart(opts, destinations);
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

/** What a production collector should not lack, said once at start. */
function warnAtStart(opts: RoleOptions, destinations: readonly string[]): void {
  if (opts.collector && !opts.keys)
    opts.logger('warn', 'no key list: any publishable-looking site key is taken; set HOMING_KEYS_FILE (or --keys) or HOMING_KEYS');
  if (!opts.adminToken) opts.logger('warn', 'admin routes are off (QA panel, export, where it went, replay): set HOMING_ADMIN_TOKEN');
  if (!destinations.length)
    opts.logger('warn', 'no relay destination configured: accepted events are stored, not forwarded; set HOMING_RELAY_DESTINATIONS or HOMING_RELAY_CONFIG');
}

function adminOf(store: SqlStore, opts: RoleOptions, serving: Serving): Admin {
  return { store, gate: serving.gate, log: serving.log, relay: serving.role?.relay, isTrustingProxy: opts.isTrustingProxy };
}

async function serveCollector(store: SqlStore, opts: RoleOptions, serving: Serving): Promise<{ url: string; close: () => Promise<void> }> {
  const admin = adminOf(store, opts, serving);
  const running = await startCollector({
    store, port: opts.port, host: opts.host ?? '127.0.0.1', dataDir: opts.dataDir, ratePerMinute: opts.ratePerMinute,
    metrics: opts.metrics, logger: opts.logger, graceMs: opts.graceMs ?? 10_000, keys: opts.keys, limits: opts.limits,
    // The live view's log costs a little per event: kept only when someone can look at it.
    wrapAnswer: serving.gate.isOn ? tapAnswers(serving.log) : undefined,
    wrapHandle: (collector) => (req, res) => {
      const url = new URL(req.url ?? '/', 'http://collector');
      handleAdmin(req, res, url, admin)
        .then((isDone) => { if (!isDone) collector.handle(req, res); })
        .catch((err: Error) => adminError(res, 500, err.message));
    },
  });
  return { url: running.url, close: running.close };
}

/** A relay-only process still answers /healthz, /readyz and /metrics, and the admin routes behind the token. */
async function serveOps(store: SqlStore, opts: RoleOptions, serving: Serving): Promise<{ url: string; close: () => Promise<void> }> {
  const admin = adminOf(store, opts, serving);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://relay');
    const path = url.pathname;
    if (OPS_PATHS.includes(path))
      return void handleOps(req, res, path, { store, metrics: opts.metrics }).catch((err: Error) => send(res, errorReply(500, err.message)));
    handleAdmin(req, res, url, admin)
      .then((isDone) => { if (!isDone) send(res, errorReply(404, 'no route for ' + req.method + ' ' + path)); })
      .catch((err: Error) => adminError(res, 500, err.message));
  });
  const listening = await listen(server, opts.port, opts.host ?? '127.0.0.1');
  return { url: listening.url, close: () => listening.close() };
}

function startRelay(relay: RelayConfigured, store: SqlStore, opts: RoleOptions): RelayRole {
  const role = startRelayRole(relay, store, opts.metrics.relay, opts.logger, opts.adminToken);
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
  return {
    relay: role.relay,
    async stop() {
      clearInterval(timer);
      await role.stop();
    },
  };
}
