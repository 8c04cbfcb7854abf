// collector-helpers.ts: a real collector on an ephemeral port and a client that posts batches to it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevCollector, type RunningDevCollector, type DevOptions } from '../../server/dev/collector.js';

export const KEY = 'pk_test_1';

export interface Harness {
  running: RunningDevCollector;
  dataDir: string;
  url(path?: string): string;
  /** Posts a batch with the key as a Bearer header (or `?key=` with `via: 'query'`, or none with `key: null`). */
  post(body: unknown, opts?: PostOptions): Promise<Response>;
  close(): Promise<void>;
}

export interface PostOptions {
  key?: string | null;
  via?: 'header' | 'query';
  contentType?: string | null;
}

export async function startHarness(opts: Partial<DevOptions> = {}): Promise<Harness> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'homing-collector-')));
  const running = await startDevCollector({ port: 0, faults: true, ...opts, dataDir });
  const url = (path = '/v1/events/batch') => running.url + path;
  return {
    running,
    dataDir,
    url,
    post: (body, o = {}) => postBatch(url(), body, o),
    async close() {
      await running.close();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function postBatch(endpoint: string, body: unknown, { key = KEY, via = 'header', contentType = 'application/json' }: PostOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (contentType) headers['Content-Type'] = contentType;
  let url = endpoint;
  if (key !== null && via === 'header') headers.Authorization = 'Bearer ' + key;
  if (key !== null && via === 'query') url += '?key=' + encodeURIComponent(key);
  return fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

let sequence = 0;

/** A valid wire event with a fresh messageId. */
export function wireEvent(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event: 'property_view',
    identify: { email: 'jane@example.com' },
    properties: { property: { id: 'prop-123', price: 500000 } },
    timestamp: new Date().toISOString(),
    // Zero-padded: a batch's events sort in the order they were made (the store inserts a batch in messageId order).
    messageId: 'msg-' + process.pid + '-' + String(++sequence).padStart(6, '0') + '-' + Math.random().toString(36).slice(2),
    ...over,
  };
}

export function batchOf(n: number, over: Record<string, unknown> = {}): { events: Record<string, unknown>[] } {
  return { events: Array.from({ length: n }, () => wireEvent(over)) };
}
