// collector.ts: the collector as the demo and the tests run it: the request log and the fault switch around
// the batch answer; with `faults: true`, also /__faults, /__log and the admin routes (/__export, the QA panel).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin, isAdminPath } from '../admin/routes.js';
import { startCollector, type Collector, type RunningCollector, type StartOptions } from '../collector/collector.js';
import { errorReply, preflight, send } from '../http/reply.js';
import { createFaults, type Faults } from './faults.js';
import { createLog, type EventListener, type Log } from './log.js';
import { DEV_PATHS, handleDev } from './routes.js';
import { createSwitch } from './switch.js';

export interface DevOptions extends Omit<StartOptions, 'wrapAnswer' | 'wrapHandle'> {
  /** Serve /__faults, /__log, /__export and the QA panel at /qa. */
  faults?: boolean;
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
  const running = await startCollector({
    ...opts,
    wrapAnswer: sw.wrap,
    wrapHandle: (collector) => (opts.faults ? devRoutes(collector, faults, log) : collector.handle),
  });
  const collector: DevCollector = { ...running.collector, log, faults, clearLog: log.clear, onEvent: log.onEvent };
  return {
    ...running,
    collector,
    close: () => { sw.close(); return running.close(); },
  };
}

/** The dev and admin routes in front of the collector's own. */
function devRoutes(collector: Collector, faults: Faults, log: Log): Collector['handle'] {
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://collector');
    const isDev = DEV_PATHS.includes(url.pathname);
    if (req.method === 'OPTIONS' && (isDev || isAdminPath(url.pathname))) return preflight(res, 'GET, POST, DELETE, OPTIONS');
    if (isDev) return handleDev(req, res, url.pathname, faults, log);
    if (!(await handleAdmin(req, res, url, { store: collector.store, log }))) collector.handle(req, res);
  };
  return (req, res) => void route(req, res).catch((err: Error) => send(res, errorReply(500, err.message)));
}
