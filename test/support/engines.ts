// engines.ts: the engine scenarios' fixture: one engine per project (chromium, firefox, webkit), the collector and
// site of the browser tests, and the scenario helpers: visit a page, cause an outage, drain, count copies.
//
// Every scenario in test/engines runs once per engine, through driver.ts only. Not here yet:
// bfcache restores.
import { test as base, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { findEngines, isCI } from '../../scripts/engines.mjs';
import { launch, type Engine, type EngineName, type Session, type Tab } from '../engines/driver.js';
import { CollectorHandle, serveCollector } from './collector.js';
import { fixtureUrl, serveSite, type OpenOptions } from './site.js';

export { drain, tally, trackViews } from './tallies.js';

/** A collector whose key list takes `key` from these origins only (SPEC §4.1), for one scenario. */
export const serveCollectorFor = (origins: string[], key: string, use: (c: CollectorHandle) => Promise<void>) =>
  serveCollector(use, new Map([[key, origins]]));
export { expect, CollectorHandle };
export type { Tab, Session };

/** The engine fixture page's own switches (test/fixtures/engine-setup.js). */
export interface VisitOptions extends OpenOptions {
  gpc?: 'on';
  locks?: 'off';
  keepalive?: 'off';
  idb?: 'off';
  /** More query parameters for the page (search criteria, a homing_email link). */
  query?: string;
}

type Fixtures = {
  available: void;
  collector: CollectorHandle;
  session: Session;
  /** Opens the engine fixture page with these options in a new tab (or in `tab`), and waits for homing. */
  visit: (o?: VisitOptions, tab?: Tab) => Promise<Tab>;
  /** The address `visit` would open. */
  pageUrl: (o?: VisitOptions) => string;
};
type WorkerFixtures = { engineName: EngineName; engine: Engine; site: { url: string } };

/**
 * Each engine's share of the run, in test time (its tests' durations added up, whichever worker ran
 * them): past it, its remaining tests fail at once. HOMING_ENGINE_BUDGET_S, 360 s by default.
 */
const BUDGET_MS = Number(process.env.HOMING_ENGINE_BUDGET_S || 360) * 1000;

/** The test time `engine` has spent in this run: lines of ms in a file of the output folder, which each run empties. */
function spentFile(engine: string): { spent: () => number; add: (ms: number) => void } {
  const dir = test.info().project.outputDir;
  const file = path.join(dir, '.spent-' + engine);
  return {
    spent: () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').reduce((a, l) => a + (Number(l) || 0), 0) : 0),
    add: (ms) => { fs.mkdirSync(dir, { recursive: true }); fs.appendFileSync(file, Math.round(ms) + '\n'); },
  };
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  engineName: ['chromium', { option: true, scope: 'worker' }],
  available: [
    async ({ engineName }, use) => {
      const found = findEngines()[engineName];
      if (!found.ok) {
        const why = engineName + ' is not installed (Debian: apt-get install ' + found.install + ')';
        if (isCI()) throw new Error(why + ': CI runs every engine');
        test.skip(true, why);
      }
      const clock = spentFile(engineName);
      const spent = clock.spent();
      if (spent > BUDGET_MS) throw new Error(engineName + ' has spent its ' + BUDGET_MS / 1000 + ' s of test time; its remaining tests are not run');
      test.setTimeout(Math.min(test.info().timeout, BUDGET_MS - spent + 5000));
      const started = Date.now();
      await use();
      clock.add(Date.now() - started);
    },
    { auto: true },
  ],
  engine: [
    async ({ engineName }, use) => {
      const e = await launch(engineName, findEngines()[engineName]);
      await use(e);
      await e.close();
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  site: [serveSite, { scope: 'worker' }],
  collector: async ({}, use) => serveCollector(use),
  session: async ({ engine }, use, info) => {
    const s = await engine.newSession();
    info.annotations.push({ type: 'engine', description: engine.version });
    await use(s);
    // SPEC §2: no call ever throws into page code, in any engine.
    const errors = (await Promise.all(s.tabs().map((t) => t.pageErrors().catch(() => [])))).flat();
    await s.close();
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
  pageUrl: async ({ site, collector }, use) => {
    await use((o = {}) => {
      const u = new URL(fixtureUrl(site.url, collector, { fixture: 'engine.html', ...o }));
      for (const k of ['gpc', 'locks', 'keepalive', 'idb'] as const) if (o[k]) u.searchParams.set(k, o[k]!);
      new URLSearchParams(o.query).forEach((v, k) => u.searchParams.set(k, v));
      return u.href;
    });
  },
  visit: async ({ session, pageUrl }, use) => {
    await use(async (o = {}, tab) => {
      const url = pageUrl(o);
      if (tab) await tab.goto(url);
      else tab = await session.open(url);
      if (o.wait !== false) await waitForHoming(tab);
      return tab;
    });
  },
});

export async function waitForHoming(tab: Tab, timeout = 15_000): Promise<void> {
  await expect.poll(() => tab.evaluate(() => !!((window as any).homing && (window as any).homing.__homing)), { timeout }).toBe(true);
}

/**
 * Takes the network away from the visitor: the browser goes offline where its driver can do that;
 * elsewhere (WebKitWebDriver: WebDriver classic has no network switch) the collector resets every
 * connection, which is what a fetch sees of a lost network. Returns which one it did.
 */
export async function outage(session: Session, collector: CollectorHandle, on: boolean): Promise<'offline' | 'collector refuses'> {
  if (session.can.offline) {
    await session.setOffline(on);
    return 'offline';
  }
  if (on) {
    const why = 'WebDriver classic has no network switch: the outage is the collector resetting every connection (POST /__faults)';
    if (!test.info().annotations.some((a) => a.description === why)) test.info().annotations.push({ type: 'workaround', description: why });
    await collector.fault({ mode: 'reset', count: 100_000 });
  }
  else await collector.clearFaults();
  return 'collector refuses';
}

/** One line of a scenario's figures, printed and kept as an annotation for the report. */
export function report(engine: Engine, line: string): void {
  test.info().annotations.push({ type: 'figures', description: line });
  console.log('[' + engine.name + '] ' + test.info().title + ': ' + line);
}
