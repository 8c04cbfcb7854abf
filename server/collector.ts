// collector.ts: the batch endpoint of SPEC §4: key, rate, parse, validate (src/validate.ts), store, answer.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_BATCH_BYTES } from '../src/validate.js';
import { ADMIN_PATHS, handleAdmin } from './admin.js';
import { batchReply, checkEvents, holdsWholeBatchRefusal, parseBatch, type Batch, type Parsed, type Refused } from './batch.js';
import { createFaults, type Fault, type Faults } from './faults.js';
import { errorReply, PREFLIGHT_HEADERS, type Headers, readBody, send, type Body, type Reply } from './http.js';
import { isPublishableKey, readKey, refuseKey } from './key.js';
import { createLog, eventEntry, requestEntry, type EventListener, type Log } from './log.js';
import { createRateLimiter, RATE_PER_MINUTE, type RateResult } from './rate.js';
import { openFileStore } from './store/file.js';
import type { Store } from './store/store.js';
import { enrichUserAgent } from './ua.js';

export const BATCH_PATH = '/v1/events/batch';

export interface CollectorOptions {
  store: Store;
  /** Serve /__faults and /__log (tests and the demo). */
  faults?: boolean;
  ratePerMinute?: number;
  /** Which site keys are taken (secret `sk_` keys never are); default: any publishable-looking key. */
  keys?: (key: string) => boolean;
}

export interface Collector {
  /** The Node `http` request handler. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  store: Store;
  log: Log;
  /** The fault switch; usable in-process whether or not the /__faults route is served. */
  faults: Faults;
  clearLog(): void;
  onEvent(listener: EventListener): () => void;
  /** Drops requests held by a `timeout` fault and closes the store. */
  close(): Promise<void>;
}

export function createCollector(opts: CollectorOptions): Collector {
  const { store } = opts;
  const isAllowed = opts.keys ?? isPublishableKey;
  const limiter = createRateLimiter(opts.ratePerMinute ?? RATE_PER_MINUTE);
  const log = createLog();
  const faults = createFaults();
  const held = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();

  async function handleBatch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const receivedAt = new Date().toISOString();
    const from = readKey(req, url);
    const body = await readBody(req, MAX_BATCH_BYTES);
    if (body.kind === 'aborted') return;
    const parsed = body.kind === 'ok' ? parseBatch(body.text) : undefined;
    const entry = requestEntry(req, receivedAt, from, body, parsed);
    log.addRequest(entry);
    const refusal = refuseKey(from.key, isAllowed);
    const rate = refusal ? undefined : limiter.hit(from.key as string);
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
      return await acceptBatch(key, parsed.batch, receivedAt);
    } catch (err) {
      return errorReply(500, 'the events could not be stored: ' + (err as Error).message);
    }
  }

  async function acceptBatch(key: string, batch: Batch, receivedAt: string): Promise<Reply> {
    const { passed, refused } = checkEvents(batch.events, Date.now(), faults.rule);
    const meta = { receivedAt, sentAt: batch.sentAt };
    // Core-build events carry context.userAgent: parse it here so both builds store the same fields.
    const events = passed.map((p) => ({ ...p.event, properties: enrichUserAgent(p.event.properties ?? {}) }));
    const statuses = passed.length ? await store.accept(key, events, meta) : [];
    const entries = [
      ...passed.map((p, i) => ({ index: p.index, raw: p.event as unknown, status: statuses[i], code: undefined })),
      ...refused.map((r: Refused) => ({ index: r.index, raw: r.raw, status: 'rejected' as const, code: r.code })),
    ].sort((a, b) => a.index - b.index);
    for (const e of entries) log.addEvent(eventEntry(key, e.raw, e.status, e.code, meta));
    return batchReply(passed, statuses, refused);
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
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) return send(res, { status: 200, body: { ok: true } });
    if (isAdmin) return handleAdmin(req, res, path, faults, log);
    send(res, errorReply(404, 'no route for ' + req.method + ' ' + path));
  }

  return {
    handle,
    store,
    log,
    faults,
    clearLog: log.clear,
    onEvent: log.onEvent,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const res of held) res.socket?.destroy();
      await store.close();
    },
  };
}

function preflight(res: ServerResponse, isAdmin: boolean): void {
  // The QA panel calls the admin routes from another origin too.
  const methods: Headers = isAdmin ? { 'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS' } : {};
  send(res, { status: 204, headers: { ...PREFLIGHT_HEADERS, ...methods } });
}

function faultReply(fault: Fault): Reply {
  const status = fault.mode as number;
  const retry = fault.retryAfter !== undefined && (status === 503 || status === 429);
  return errorReply(status, 'fault switch: ' + status, retry ? { 'Retry-After': String(fault.retryAfter) } : undefined);
}

export interface StartOptions extends Omit<CollectorOptions, 'store'> {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Where the file store keeps events.jsonl; ignored when `store` is given. */
  dataDir: string;
  store?: Store;
}

export interface RunningCollector {
  url: string;
  port: number;
  collector: Collector;
  close(): Promise<void>;
}

export async function startCollector(opts: StartOptions): Promise<RunningCollector> {
  const store = opts.store ?? (await openFileStore(opts.dataDir));
  const collector = createCollector({ ...opts, store });
  const server = createServer(collector.handle);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: 'http://' + (host.includes(':') ? '[' + host + ']' : host) + ':' + port,
    port,
    collector,
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
      await collector.close();
    },
  };
}
