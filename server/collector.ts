// collector.ts: the batch endpoint of SPEC §4: key, rate, parse, validate (src/validate.ts), store, answer.
// A 200/207 is sent only once the store has committed the batch.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_BATCH_BYTES } from '../src/validate.js';
import { ADMIN_PATHS, handleAdmin, preflight } from './admin.js';
import { holdsWholeBatchRefusal, parseBatch, type Parsed } from './batch.js';
import { createFaults, faultReply, type Faults } from './faults.js';
import { readBatchBody } from './body.js';
import { errorReply, send, type Body, type Reply } from './http.js';
import { isPublishableKey, readKey, refuseKey } from './key.js';
import { createIntake } from './intake.js';
import { createLog, requestEntry, type EventListener, type Log } from './log.js';
import { silentLogger, type Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { handleOps, OPS_PATHS } from './ops.js';
import { handleQa, isQaPath } from './qa.js';
import { RATE_PER_MINUTE, rateFor, type RateResult } from './rate.js';
import { exportLines } from './store/export.js';
import { openStore } from './store/open.js';
import type { Store } from './store/store.js';

export const BATCH_PATH = '/v1/events/batch';

export interface CollectorOptions {
  store: Store;
  /** Serve /__faults, /__log, /__export and the QA panel at /qa (tests and the demo). */
  faults?: boolean;
  ratePerMinute?: number;
  /** Which site keys are taken (secret `sk_` keys never are); default: any publishable-looking key. */
  keys?: (key: string) => boolean;
  /** Keep the in-memory request and event log (tests, the demo, the QA panel); the CLI's collector does not. Default true. */
  keepLog?: boolean;
  metrics?: Metrics;
  logger?: Logger;
}

export interface Collector {
  /** The Node `http` request handler. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  store: Store;
  log: Log;
  /** The fault switch; usable in-process whether or not the /__faults route is served. */
  faults: Faults;
  metrics: Metrics;
  clearLog(): void;
  onEvent(listener: EventListener): () => void;
  /** Drops requests held by a `timeout` fault and closes the store. */
  close(): Promise<void>;
}

export function createCollector(opts: CollectorOptions): Collector {
  const { store } = opts;
  const isAllowed = opts.keys ?? isPublishableKey;
  // On SQL the window lives in the database, so every process and machine counts the same requests.
  const hitRate = rateFor(store, opts.ratePerMinute ?? RATE_PER_MINUTE);
  const metrics = opts.metrics ?? createMetrics();
  const logger = opts.logger ?? silentLogger;
  const keepLog = opts.keepLog ?? true;
  const log = createLog();
  const faults = createFaults();
  const held = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  const intake = createIntake({ store, metrics, log, keepLog, logger, ruleFor: faults.rule });

  async function handleBatch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const started = performance.now();
    const receivedAt = new Date().toISOString();
    const from = readKey(req, url);
    const refusal = refuseKey(from.key, isAllowed);
    // The key's request window needs only the key: it is counted (a round trip to the store) while the body arrives.
    const rating = refusal ? undefined : settle(() => hitRate(from.key as string));
    const body = await readBatchBody(req, MAX_BATCH_BYTES);
    if (body.kind === 'aborted') return;
    if (body.kind === 'unsupported') return void send(res, errorReply(415, 'Content-Encoding ' + body.encoding + ' is not taken; send gzip or plain JSON'));
    const parsed = body.kind === 'ok' ? parseBatch(body.text) : undefined;
    const entry = requestEntry(req, receivedAt, from, body, keepLog ? parsed : undefined);
    if (keepLog) log.addRequest(entry);
    const rated = await rating;
    if (rated && 'error' in rated) return void send(res, intake.storeDown(rated.error));
    const rate: RateResult | undefined = rated?.value;
    const fault = faults.next();
    if (fault) entry.fault = fault.mode;
    if (fault?.mode === 'reset') return void req.socket.destroy();
    if (fault?.mode === 'timeout') {
      held.add(res);
      return void res.once('close', () => held.delete(res));
    }
    let reply = fault && typeof fault.mode === 'number' ? faultReply(fault) : undefined;
    reply ??= await answer({ key: from.key as string, refusal, rate, body, parsed, receivedAt });
    if (fault?.mode === 'slow') await delay(fault.delayMs ?? 1000);
    if (body.kind === 'tooLarge') reply.headers = { ...reply.headers, Connection: 'close' };
    entry.status = reply.status;
    send(res, reply);
    const status = String(reply.status);
    metrics.requests.inc({ status });
    metrics.latency.observe({ status }, (performance.now() - started) / 1000);
  }

  interface Ask { key: string; refusal?: string; rate?: RateResult; body: Body; parsed?: Parsed; receivedAt: string }

  async function answer({ key, refusal, rate, body, parsed, receivedAt }: Ask): Promise<Reply> {
    if (refusal) return errorReply(401, refusal);
    if (rate && !rate.ok)
      return errorReply(429, 'over ' + (opts.ratePerMinute ?? RATE_PER_MINUTE) + ' batch requests a minute for this key',
        { 'Retry-After': String(rate.retryAfter) });
    if (body.kind === 'tooLarge' || !parsed) return errorReply(413, 'the body is over 6,400,000 bytes');
    if (!parsed.ok) return errorReply(parsed.status, parsed.message);
    const offender = holdsWholeBatchRefusal(parsed.batch.events, faults.rule);
    if (offender) return errorReply(400, 'the batch holds an event the collector refuses ("' + offender + '")');
    try {
      return await intake.accept(key, parsed.batch, receivedAt);
    } catch (err) {
      return intake.storeDown(err);
    }
  }

  /** Never rejects, so a request whose body is cut off leaves no unhandled rejection behind. */
  function settle<T>(fn: () => T | Promise<T>): Promise<{ value: T } | { error: unknown }> {
    return Promise.resolve().then(fn).then((value) => ({ value }), (error: unknown) => ({ error }));
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { timers.delete(timer); resolve(); }, ms);
      timers.add(timer);
    });
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    route(req, res).catch((err: Error) => send(res, errorReply(500, err.message)));
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://collector');
    const path = url.pathname;
    const isAdmin = opts.faults === true && ADMIN_PATHS.includes(path);
    if (req.method === 'OPTIONS') return preflight(res, isAdmin);
    if (path === BATCH_PATH)
      return req.method === 'POST' ? handleBatch(req, res, url) : send(res, errorReply(405, 'use POST'));
    if (OPS_PATHS.includes(path)) return handleOps(req, res, path, { store, metrics });
    if (opts.faults === true && path === '/__export' && req.method === 'GET') return exportLines(res, store, url);
    if (isAdmin) return handleAdmin(req, res, path, faults, log);
    if (opts.faults === true && isQaPath(path)) return handleQa(req, res, path, log);
    send(res, errorReply(404, 'no route for ' + req.method + ' ' + path));
  }

  return {
    handle,
    store,
    log,
    faults,
    metrics,
    clearLog: log.clear,
    onEvent: log.onEvent,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const res of held) res.socket?.destroy();
      await store.close();
    },
  };
}

export interface StartOptions extends Omit<CollectorOptions, 'store'> {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Where PGlite keeps its database (`<dataDir>/pglite`); ignored when `store` or `databaseUrl` is given. */
  dataDir: string;
  /** A PostgreSQL server instead of PGlite (the CLI passes DATABASE_URL). */
  databaseUrl?: string;
  /** Destinations the relay forwards to: every accepted event is queued for each, in the batch's transaction. */
  destinations?: readonly string[];
  store?: Store;
  /** How long close() lets requests in flight finish before cutting connections (default 0: at once). */
  graceMs?: number;
}

export interface RunningCollector {
  url: string;
  port: number;
  collector: Collector;
  close(): Promise<void>;
}

export async function startCollector(opts: StartOptions): Promise<RunningCollector> {
  const store = opts.store ?? (await openStore({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, destinations: opts.destinations }));
  const collector = createCollector({ ...opts, store });
  const server = createServer({ keepAliveTimeout: 65_000 }, collector.handle);
  const host = opts.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => resolve());
    });
  } catch (err) {
    await collector.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: 'http://' + (host.includes(':') ? '[' + host + ']' : host) + ':' + port,
    port,
    collector,
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeIdleConnections();
      // A batch being committed gets its answer; one cut off is retried by the browser and answered duplicate.
      if (opts.graceMs) await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, opts.graceMs).unref())]);
      server.closeAllConnections();
      await closed;
      await collector.close();
    },
  };
}
