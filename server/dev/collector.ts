// collector.ts: the collector as the demo and the tests run it: the request log and the fault switch around
// the batch answer; with `faults: true`, also /__faults, /__log and the admin routes (/__export, the QA panel).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAdminGate, type AdminGate } from '../admin/gate.js';
import { admit } from '../admin/guard.js';
import { handleAdmin } from '../admin/routes.js';
import { startCollector, type Collector, type RunningCollector, type StartOptions } from '../collector/collector.js';
import { errorReply, PREFLIGHT_HEADERS, send } from '../http/reply.js';
import { createFaults, type Faults } from './faults.js';
import { createLog, type EventListener, type Log } from '../admin/log.js';
import { DEV_PATHS, handleDev } from './routes.js';
import { createSwitch } from './switch.js';

export interface DevOptions extends Omit<StartOptions, 'wrapAnswer' | 'wrapHandle'> {
  /** Serve /__faults, /__log, /__export and the QA panel at /qa. */
  faults?: boolean;
  /** With a token, those routes need it; without one, they answer this machine's loopback only. */
  adminToken?: string;
  isTrustingProxy?: boolean;
}

export interface DevCollector extends Collector {
  log: Log;
  /** The fault switch; usable in-process whether or not the /__faults route is served. */
  faults: Faults;
  clearLog(): void;
  onEvent(listener: EventListener): () => void;
}

export type RunningDevCollector = RunningCollector<DevCollector>;

export async function startDevCollector(opts: DevOptions): Promise<RunningDevCollector> {
  const log = createLog();
  const faults = createFaults();
  const sw = createSwitch(faults, log);
  const gate = createAdminGate({ token: opts.adminToken, isLoopbackOpen: true, isTrustingProxy: opts.isTrustingProxy });
  const running = await startCollector({
    ...opts,
    wrapAnswer: sw.wrap,
    wrapHandle: (collector) => (opts.faults ? devRoutes(collector, faults, log, gate) : collector.handle),
  });
  const collector: DevCollector = { ...running.collector, log, faults, clearLog: log.clear, onEvent: log.onEvent };
  return {
    ...running,
    collector,
    close: () => { sw.close(); return running.close(); },
  };
}

/** The dev and admin routes in front of the collector's own, behind the admin gate (loopback, or the token when one is set). */
function devRoutes(collector: Collector, faults: Faults, log: Log, gate: AdminGate): Collector['handle'] {
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://collector');
    if (req.method === 'OPTIONS') faults.preflight();
    if (req.method === 'OPTIONS' && faults.isStrict('preflight')) return strictPreflight(res);
    if (DEV_PATHS.includes(url.pathname)) {
      if (await admit(req, res, url.pathname, { gate })) await handleDev(req, res, url.pathname, faults, log);
      return;
    }
    if (!(await handleAdmin(req, res, url, { store: collector.store, log, gate, isDev: true }))) collector.handle(req, res);
  };
  return (req, res) => void route(req, res).catch((err: Error) => send(res, errorReply(500, err.message)));
}

/** A preflight that allows `Authorization` and `Content-Type` only (the `preflight` strict rule). */
function strictPreflight(res: ServerResponse): void {
  send(res, { status: 204, headers: { ...PREFLIGHT_HEADERS, 'Access-Control-Allow-Headers': 'Authorization, Content-Type' } });
}
