// pages.ts: the browser tests' fixture: a real collector and a real site on two origins, and a Chromium page
// that loads homing; with the shared helpers, so a test imports everything from here.
import { test as base, expect, Page } from '@playwright/test';
import { serveCollector, type CollectorHandle } from './collector.js';
import { fixtureUrl, serveSite, type OpenOptions } from './site.js';

export { CollectorHandle, serveCollector, type Fault, type LogEvent, type LogRequest } from './collector.js';
export { fixtureUrl, serveSite, type OpenOptions } from './site.js';
export { drain, tally, trackViews } from './tallies.js';

type Fixtures = {
  collector: CollectorHandle;
  open: (o?: OpenOptions) => Promise<Page>;
  pageErrors: string[];
  consoleErrors: string[];
};

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

/** Loads `url` in `page` and waits for homing (unless wait is false). */
export async function openIn(page: Page, url: string, wait?: boolean): Promise<Page> {
  await page.goto(url);
  if (wait !== false) await page.waitForFunction(() => (window as any).homing && (window as any).homing.__homing);
  return page;
}

