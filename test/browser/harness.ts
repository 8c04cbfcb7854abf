// harness.ts: a real collector and a real site on two origins, and a page that loads homing.
import { test as base, expect, Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCollector } from '../../server/collector.js';
import { startSite } from '../../server/static.js';

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
export interface Fault { mode?: number | string; count?: number; retryAfter?: number | string; delayMs?: number; rejectEvent?: string; code?: string; wholeBatch400?: boolean }

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

export interface OpenOptions {
  fixture?: string;
  key?: string;
  bots?: string;
  consent?: string;
  privacySignals?: string;
  autocapture?: string;
  flushAt?: string;
  flushInterval?: string;
  build?: '' | '.core';
  wait?: boolean;
}

type Fixtures = {
  collector: CollectorHandle;
  open: (o?: OpenOptions) => Promise<Page>;
  pageErrors: string[];
  consoleErrors: string[];
};

/** The fixture pages and the builds on one origin (the collector is on another), for a worker's tests. */
export async function serveSite({}, use: (s: { url: string }) => Promise<void>): Promise<void> {
  const root = path.resolve('.');
  const s = await startSite({ port: 0, mounts: { '/fixtures/': path.join(root, 'test/fixtures'), '/dist/': path.join(root, 'dist') } });
  await use(s);
  await s.close();
}

/** A collector of its own for one test, with the fault switch, on a throwaway PGlite. */
export async function serveCollector(use: (c: CollectorHandle) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'homing-collector-'));
  const c = await startCollector({ port: 0, dataDir: dir, faults: true });
  await use(new CollectorHandle(c.url));
  await c.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

export const test = base.extend<Fixtures, { site: { url: string } }>({
  site: [serveSite, { scope: 'worker' }],
  collector: async ({}, use) => serveCollector(use),
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await use(errors);
      // SPEC §2: no call ever throws into page code.
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
    await use(errors);
  },
  open: async ({ page, site, collector }, use) => {
    await use(async (o: OpenOptions = {}) => openIn(page, fixtureUrl(site.url, collector, o), o.wait));
  },
});

export { expect };

declare global {
  interface Window {
    homing: any;
    stubCallsBeforeLoad?: number;
  }
}

/** The address of a fixture page loading homing with these options. */
export function fixtureUrl(siteUrl: string, collector: CollectorHandle, o: OpenOptions = {}): string {
  const q = new URLSearchParams({
    endpoint: collector.endpoint, key: o.key ?? 'pk_test_spine', bots: o.bots ?? 'allow',
    consent: o.consent ?? '', privacySignals: o.privacySignals ?? '', autocapture: o.autocapture ?? '',
    flushAt: o.flushAt ?? '', flushInterval: o.flushInterval ?? '', build: o.build ?? '',
  });
  return `${siteUrl}/fixtures/${o.fixture ?? 'basic.html'}?${q}`;
}

/** Loads `url` in `page` and waits for homing (unless wait is false). */
export async function openIn(page: Page, url: string, wait?: boolean): Promise<Page> {
  await page.goto(url);
  if (wait !== false) await page.waitForFunction(() => (window as any).homing && (window as any).homing.__homing);
  return page;
}

/** Tracks `n` property views in `page` at once (one task); resolves their messageIds. */
export const trackViews = (page: Page, n: number, tag: string): Promise<string[]> =>
  page.evaluate(async ({ n, tag }) => {
    const all = [];
    for (let i = 0; i < n; i++) all.push(window.homing.track('property_view', { tag, i }));
    return (await Promise.all(all)).map((r: any) => r.messageId as string);
  }, { n, tag });

/** For these messageIds: delivered, lost (never accepted), accepted more than once, repeats answered `duplicate`; and the requests the collector received. */
export async function tally(collector: CollectorHandle, ids: string[]) {
  const { events, requests } = await collector.log();
  const want = new Set(ids);
  const copies = new Map<string, number>();
  let duplicates = 0;
  for (const e of events) {
    if (!want.has(e.messageId)) continue;
    if (e.status === 'accepted') copies.set(e.messageId, (copies.get(e.messageId) || 0) + 1);
    if (e.status === 'duplicate') duplicates++;
  }
  return {
    delivered: copies.size,
    lost: ids.filter((id) => !copies.has(id)).length,
    twice: [...copies.values()].filter((n) => n > 1).length,
    duplicates,
    requests: requests.length,
  };
}

/** Calls flush() until the queue is empty (or `tries` run out); returns the last result. */
export async function drain(page: Page, tries = 10) {
  return page.evaluate(async (n) => {
    let r: any;
    for (let i = 0; i < n; i++) {
      r = await window.homing.flush();
      if (!r.remaining) break;
      await new Promise((ok) => setTimeout(ok, 300));
    }
    return r;
  }, tries);
}
