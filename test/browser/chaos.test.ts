// chaos.test.ts: seeded random mixes of server faults, offline periods, reloads and tab closes
// over five tabs; afterwards every captured event must be accepted exactly once.
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, fixtureUrl, openIn, tally, trackViews, CollectorHandle, Fault } from '../support/pages.js';

const SEEDS = [11, 23, 37, 41, 59];
const TABS = 5;

/** mulberry32: a small seeded generator, so a failing seed replays the same plan. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function newTab(context: BrowserContext, url: string, errors: string[]): Promise<Page> {
  const p = await context.newPage();
  p.on('pageerror', (e) => errors.push(String(e)));
  return openIn(p, url);
}

/** The most batch requests the collector received in any 60 s window. */
function peakPerMinute(times: number[]): number {
  const t = times.slice().sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i] - t[j] >= 60000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

async function outcome(collector: CollectorHandle, ids: string[]) {
  const { requests } = await collector.log();
  return { ...(await tally(collector, ids)), peak: peakPerMinute(requests.map((r) => Date.parse(r.at))) };
}

test.describe('chaos', () => {
  for (const seed of SEEDS) {
    test(`seed ${seed}: faults, offline, reloads and closed tabs lose nothing and count nothing twice`, async ({ page, context, collector, site }) => {
      test.setTimeout(120_000);
      const rand = random(seed);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const url = fixtureUrl(site.url, collector, { flushAt: '10', flushInterval: '400' });
      await openIn(page, url);
      await page.evaluate(() => window.homing.identify('chaos@example.com'));
      const tabs: Page[] = [page];
      while (tabs.length < TABS) tabs.push(await newTab(context, url, errors));

      const ids: string[] = [];
      const plan: string[] = [];
      // Every kind of fault once per seed, in a seeded order among the other steps.
      const faults: Fault['mode'][] = [500, 503, 429, 'reset', 'timeout', 'slow'];
      const steps = [...faults.map(() => 'fault'), 'offline', 'offline', 'reload', 'close', 'close', ...Array(8).fill('track')];
      for (let i = steps.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [steps[i], steps[j]] = [steps[j], steps[i]];
      }
      faults.sort(() => rand() - 0.5);
      for (let step = 0; step < steps.length; step++) {
        const t = Math.floor(rand() * tabs.length);
        const action = steps[step];
        const tag = `s${seed}.${step}`;
        if (action === 'track') {
          // Several tabs at once, as when listings are opened side by side.
          const who = tabs.filter(() => rand() < 0.5).concat(tabs[t]);
          ids.push(...(await Promise.all(who.map((p, i) => trackViews(p, 5 + Math.floor(rand() * 20), tag + '.' + i)))).flat());
          plan.push(`track×${who.length}`);
        } else if (action === 'fault') {
          const mode = faults.pop()!;
          await collector.fault({ mode, count: 1 + Math.floor(rand() * 3), retryAfter: mode === 429 || mode === 503 ? 1 : undefined, delayMs: 800 });
          plan.push(String(mode));
        } else if (action === 'offline') {
          await context.setOffline(true);
          ids.push(...(await trackViews(tabs[t], 10, tag)));
          await new Promise((ok) => setTimeout(ok, 500 + rand() * 1000));
          await context.setOffline(false);
          plan.push('offline');
        } else if (action === 'reload') {
          await openIn(tabs[t], url);
          plan.push('reload');
        } else {
          // Closed in the middle of sending: what it had in flight is sent by another tab.
          void tabs[t].evaluate(() => window.homing.flush()).catch(() => {});
          await new Promise((ok) => setTimeout(ok, rand() * 150));
          await tabs[t].close();
          tabs[t] = await newTab(context, url, errors);
          plan.push('close');
        }
        await new Promise((ok) => setTimeout(ok, 100 + rand() * 400));
      }

      await collector.clearFaults();
      await context.setOffline(false);
      // Let the tabs finish on their own (back-off, Retry-After, a hung request's 15 s timeout);
      // a flush now and then only shortens waits that were already due.
      await expect.poll(async () => {
        await tabs[0].evaluate(() => window.homing.flush()).catch(() => {});
        return (await outcome(collector, ids)).lost;
      }, { timeout: 90_000, intervals: [1000] }).toBe(0);
      const o = await outcome(collector, ids);
      console.log(`chaos seed ${seed} [${plan.join(' ')}]: ${ids.length} captured, ${o.lost} lost, ${o.twice} accepted twice, ` +
        `${o.duplicates} duplicates on the wire, ${o.requests} requests, peak ${o.peak}/min`);
      expect(o.lost).toBe(0);
      expect(o.twice).toBe(0);
      expect(o.peak).toBeLessThanOrEqual(50);
      expect(errors).toEqual([]);
    });
  }
});
