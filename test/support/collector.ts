// collector.ts: a real collector for one test (the dev collector on a throwaway PGlite), seen through its HTTP routes.
import { expect } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDevCollector } from '../../server/dev/collector.js';

export interface LogEvent {
  key: string;
  messageId: string;
  event: string;
  email?: string;
  status: 'accepted' | 'duplicate' | 'rejected';
  code?: string;
  receivedAt: string;
  timestamp: string;
  properties: Record<string, any>;
}
export interface LogRequest { at: string; status: number; key: string; keyVia: string; count: number; messageIds: string[]; fault?: string }
export interface Fault { mode?: number | string; count?: number; retryAfter?: number | string; delayMs?: number; rejectEvent?: string; code?: string; wholeBatch400?: boolean; strict?: 'preflight' | 'gzip400' | 'gzipReset' }

export class CollectorHandle {
  constructor(readonly url: string) {}
  get endpoint() { return this.url + '/v1/events/batch'; }
  async log(): Promise<{ requests: LogRequest[]; events: LogEvent[] }> {
    return (await fetch(this.url + '/__log')).json();
  }
  async fault(f: Fault) {
    const r = await fetch(this.url + '/__faults', { method: 'POST', body: JSON.stringify(f) });
    expect(r.ok).toBe(true);
  }
  async clearFaults() {
    await fetch(this.url + '/__faults', { method: 'DELETE' });
  }
  /** Events accepted (first copy) in arrival order, page views and their time-on-page reports left out unless asked. */
  async accepted(withPageViews = false): Promise<LogEvent[]> {
    const { events } = await this.log();
    return events.filter((e) => e.status === 'accepted' && (withPageViews || !/^page_(view|engagement)$/.test(e.event)));
  }
  /** Waits until `n` events (page views left out) have been accepted. */
  async waitForAccepted(n: number, timeout = 20000): Promise<LogEvent[]> {
    await expect.poll(async () => (await this.accepted()).length, { timeout }).toBe(n);
    return this.accepted();
  }
  async batchRequests(): Promise<LogRequest[]> {
    return (await this.log()).requests;
  }
}

/** A collector of its own for one test, with the fault switch, on a throwaway PGlite; `keys`: its key list (SPEC §4.1). */
export async function serveCollector(use: (c: CollectorHandle) => Promise<void>, keys?: Map<string, string[]>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'homing-collector-'));
  const c = await startDevCollector({ port: 0, dataDir: dir, faults: true, keys });
  await use(new CollectorHandle(c.url));
  await c.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

