// collector.ts: the batch endpoint of SPEC §4: key, rate, body, parse, validate (src/validate.ts), store, answer.
// A 200/207 is sent only once the store has committed the batch.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { MAX_BATCH_BYTES } from '../../src/validate.js';
import { errorReply, preflight, send, type Reply } from '../http/reply.js';
import { CHECK_EVERY_MS, DEFAULT_LIMITS, guard, isOverCap, type Limits } from '../http/guard.js';
import { listen } from '../http/listen.js';
import { silentLogger, type Logger } from '../ops/logger.js';
import { createMetrics, type Metrics } from '../ops/metrics.js';
import { handleOps, OPS_PATHS } from '../ops/routes.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { parseBatch, type Parsed } from './batch.js';
import type { Body } from './body.js';
import { readBatchBody, type BatchBody } from './inflate.js';
import { createIntake } from './intake.js';
import { readKey, type KeyFrom } from './key.js';
import { judgeKey, REFUSAL_MESSAGES, type KeyList } from './keys.js';
import { RATE_PER_MINUTE, rateFor, type RateResult } from './rate.js';
import { isCrawlerRequest } from './ua.js';

export const BATCH_PATH = '/v1/events/batch';

/** One batch request, read up to the point of answering it. */
export interface Ask {
  req: IncomingMessage;
  res: ServerResponse;
  from: KeyFrom;
  /** The 401 message when the key is refused. */
  refusal?: string;
  rate?: RateResult;
  /** The store failed while counting the key's window: the answer is a 503. */
  storeError?: unknown;
  body: Body;
  parsed?: Parsed;
  receivedAt: string;
}

/** Answers a batch request; undefined when a wrapper took the response over (held or cut, in tests). */
export type Answer = (ask: Ask) => Promise<Reply | undefined>;

export interface CollectorOptions {
  store: Store;
  ratePerMinute?: number;
  /** Which site keys are taken, each from which origins (SPEC §4.1); default: any publishable-looking key. */
  keys?: KeyList;
  metrics?: Metrics;
  logger?: Logger;
  /** Wraps the batch answer (the demo's and the tests' fault switch and request log: server/dev/). */
  wrapAnswer?: (answer: Answer) => Answer;
  /** Seconds a batch body may take once its headers are in; then 408 (default 10). */
  bodySeconds?: number;
}

export interface Collector {
  /** The Node `http` request handler. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  store: Store;
  metrics: Metrics;
  /** Closes the store. */
  close(): Promise<void>;
}

export function createCollector(opts: CollectorOptions): Collector {
  const { store } = opts;
  const limit = opts.ratePerMinute ?? RATE_PER_MINUTE;
  // On SQL the window lives in the database, so every process and machine counts the same requests.
  const hitRate = rateFor(store, limit);
  const metrics = opts.metrics ?? createMetrics();
  const intake = createIntake({ store, metrics, logger: opts.logger ?? silentLogger });
  const answer = opts.wrapAnswer ? opts.wrapAnswer(answerBatch) : answerBatch;
  const bodyMs = (opts.bodySeconds ?? DEFAULT_LIMITS.bodySeconds) * 1000;

  async function handleBatch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const started = performance.now();
    const receivedAt = new Date().toISOString();
    const from = readKey(req, url);
    const refused = judgeKey(from.key, req.headers.origin, opts.keys);
    if (refused) metrics.refused.inc({ reason: refused });
    const refusal = refused && REFUSAL_MESSAGES[refused];
    // The key's request window needs only the key: it is counted (a round trip to the store) while the body arrives.
    const rating = refusal ? undefined : settle(() => hitRate(from.key as string));
    const body = await within(readBatchBody(req, MAX_BATCH_BYTES), bodyMs);
    if (body.kind === 'aborted') return;
    if (body.kind === 'slow') {
      metrics.requests.inc({ status: '408' });
      return send(res, errorReply(408, 'the body took more than ' + bodyMs / 1000 + ' s to arrive', { Connection: 'close' }));
    }
    if (body.kind === 'unsupported') {
      metrics.requests.inc({ status: '415' });
      return send(res, errorReply(415, 'Content-Encoding ' + body.encoding + ' is not taken; send gzip or plain JSON'));
    }
    const parsed = body.kind === 'ok' ? parseBatch(body.text) : undefined;
    const rated = await rating;
    const ask: Ask = { req, res, from, refusal, body, parsed, receivedAt };
    if (rated && 'error' in rated) ask.storeError = rated.error;
    else ask.rate = rated?.value;
    const reply = await answer(ask);
    if (!reply) return;
    if (body.kind === 'tooLarge') reply.headers = { ...reply.headers, Connection: 'close' };
    send(res, reply);
    const status = String(reply.status);
    metrics.requests.inc({ status });
    metrics.latency.observe({ status }, (performance.now() - started) / 1000);
  }

  async function answerBatch({ req, from, refusal, rate, storeError, body, parsed, receivedAt }: Ask): Promise<Reply> {
    if (storeError !== undefined) return intake.storeDown(storeError);
    if (refusal) return errorReply(401, refusal);
    if (rate && !rate.ok)
      return errorReply(429, 'over ' + limit + ' batch requests a minute for this key', { 'Retry-After': String(rate.retryAfter) });
    if (body.kind === 'tooLarge' || !parsed) return errorReply(413, 'the body is over 6,400,000 bytes');
    if (!parsed.ok) return errorReply(parsed.status, parsed.message);
    try {
      if (isCrawlerRequest(req.headers)) return intake.dropCrawler(parsed.batch);
      return await intake.accept(from.key as string, parsed.batch, receivedAt);
    } catch (err) {
      return intake.storeDown(err);
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    route(req, res).catch((err: Error) => send(res, errorReply(500, err.message)));
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://collector');
    const path = url.pathname;
    if (req.method === 'OPTIONS') return preflight(res);
    if (path === BATCH_PATH)
      return req.method === 'POST' ? handleBatch(req, res, url) : send(res, errorReply(405, 'use POST'));
    if (OPS_PATHS.includes(path)) return handleOps(req, res, path, { store, metrics });
    send(res, errorReply(404, 'no route for ' + req.method + ' ' + path));
  }

  return { handle, store, metrics, close: () => store.close() };
}

/** The body, or `slow` when it has not all arrived within `ms` (a client trickling it: SPEC §4.1). */
function within(reading: Promise<BatchBody>, ms: number): Promise<BatchBody | { kind: 'slow' }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ kind: 'slow' }>((resolve) => { timer = setTimeout(() => resolve({ kind: 'slow' }), ms); });
  return Promise.race([reading, late]).finally(() => clearTimeout(timer));
}

/** Never rejects, so a request whose body is cut off leaves no unhandled rejection behind. */
function settle<T>(fn: () => T | Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return Promise.resolve().then(fn).then((value) => ({ value }), (error: unknown) => ({ error }));
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
  /** Wraps the request handler (the dev routes: server/dev/). */
  wrapHandle?: (collector: Collector) => Collector['handle'];
  /** What one client may hold: header and body time, connections per address, keep-alive (server/http/guard.ts). */
  limits?: Partial<Limits>;
}

export interface RunningCollector<C extends Collector = Collector> {
  url: string;
  port: number;
  collector: C;
  close(): Promise<void>;
}

export async function startCollector(opts: StartOptions): Promise<RunningCollector> {
  const store = opts.store ?? (await openStore({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, destinations: opts.destinations }));
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const collector = createCollector({ ...opts, store, bodySeconds: limits.bodySeconds });
  const handle = opts.wrapHandle ? opts.wrapHandle(collector) : collector.handle;
  // A socket over its address's cap was answered 429 as it connected: what it sends is not read.
  const server = createServer({ connectionsCheckingInterval: CHECK_EVERY_MS }, (req, res) => { if (!isOverCap(req.socket)) handle(req, res); });
  guard(server, limits);
  const listening = await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1').catch(async (err: Error) => {
    await collector.close();
    throw err;
  });
  return {
    url: listening.url,
    port: listening.port,
    collector,
    async close() {
      // A batch being committed gets its answer; one cut off is retried by the browser and answered duplicate.
      await listening.close(opts.graceMs);
      await collector.close();
    },
  };
}
