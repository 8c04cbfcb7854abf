// mock.ts: a small HTTP server for one destination's contract, with a fault switch and a request log.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MockFault {
  /** Answer with this status without processing the request. */
  status?: number;
  /** `reset`: drop the connection unprocessed; `hang`: never answer (unprocessed); `slow`: process, answer after delayMs. */
  mode?: 'reset' | 'hang' | 'slow';
  /** How many following requests get it (default 1). */
  count?: number;
  retryAfter?: number | string;
  delayMs?: number;
  headers?: Record<string, string>;
}

export interface MockRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface MockReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface LoggedRequest {
  at: number;
  path: string;
  status: number;
  fault?: string;
}

export interface Mock {
  url: string;
  requests: LoggedRequest[];
  fault(f: MockFault): void;
  /** From now on, this share of requests (0–1) fails at random: 500, 503 with Retry-After 0, or a reset. */
  chaos(rate: number, random?: () => number): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export type Clock = () => number;

export async function startMock(handle: (req: MockRequest) => MockReply | Promise<MockReply>): Promise<Mock> {
  const faults: MockFault[] = [];
  const requests: LoggedRequest[] = [];
  const held = new Set<ServerResponse>();
  const chaos = { rate: 0, random: Math.random };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://mock');
    const fault = takeFault(faults) ?? chaosFault(chaos);
    const entry: LoggedRequest = { at: Date.now(), path: url.pathname, status: 0, fault: fault ? String(fault.mode ?? fault.status) : undefined };
    requests.push(entry);
    if (fault?.mode === 'reset') return void req.socket.destroy();
    if (fault?.mode === 'hang') return void held.add(res);
    let reply: MockReply;
    if (fault?.status) reply = faultReply(fault);
    else reply = await handle({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, text, json: parse(text) });
    if (fault?.mode === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
    entry.status = reply.status;
    const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers }).end(body);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: 'http://127.0.0.1:' + port,
    requests,
    fault: (f) => void faults.push({ count: 1, ...f }),
    chaos: (rate, random = Math.random) => Object.assign(chaos, { rate, random }),
    clearFaults: () => { faults.splice(0); chaos.rate = 0; },
    async close() {
      for (const res of held) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function takeFault(faults: MockFault[]): MockFault | undefined {
  const f = faults[0];
  if (!f) return undefined;
  if (--f.count! <= 0) faults.shift();
  return f;
}

const CHAOS: MockFault[] = [{ status: 500 }, { status: 503, retryAfter: 0 }, { mode: 'reset' }];

function chaosFault(c: { rate: number; random: () => number }): MockFault | undefined {
  if (!c.rate || c.random() >= c.rate) return undefined;
  return CHAOS[Math.floor(c.random() * CHAOS.length)];
}

function faultReply(f: MockFault): MockReply {
  const headers: Record<string, string> = { ...f.headers };
  if (f.retryAfter !== undefined) headers['Retry-After'] = String(f.retryAfter);
  return { status: f.status!, body: { error: 'fault switch: ' + f.status }, headers };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const isRecord = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The token of `Authorization: Bearer <token>`. */
export function bearer(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
}

/** Nesting depth of a JSON value: a scalar is 0, `{a:1}` is 1. */
export function depthOf(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depthOf));
  if (isRecord(v)) return 1 + Math.max(0, ...Object.values(v).map(depthOf));
  return 0;
}
