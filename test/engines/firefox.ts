// firefox.ts: the Firefox driver: Debian's firefox-esr through puppeteer-core over WebDriver BiDi.
// (Playwright's Firefox needs its own patched build, which cannot be downloaded here.)
import puppeteer, { type BrowserContext, type Page } from 'puppeteer-core';
import { within, type Engine, type Session, type Tab } from './driver.js';
import { reapWithWorker } from './reaper.js';
import { SITE_HOSTS } from './hosts.js';

const STEP_MS = 60_000;

export async function launchFirefox(executablePath: string): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    protocol: 'webDriverBiDi',
    timeout: STEP_MS,
    protocolTimeout: STEP_MS,
    // Nothing but the test's own traffic on this machine's closed network.
    // network.dns.localDomains: the site's two hosts and one outside it are this machine (hosts.ts).
    extraPrefsFirefox: { 'network.captive-portal-service.enabled': false, 'network.connectivity-service.enabled': false,
      'network.dns.localDomains': SITE_HOSTS.join(',') },
  });
  // puppeteer starts firefox as the leader of its own process group; the reaper ends the group if
  // this worker dies before close().
  const reap = reapWithWorker([browser.process()?.pid ?? 0]);
  return {
    name: 'firefox',
    version: await browser.version(),
    newSession: async () => session(await browser.createBrowserContext()),
    close: async () => {
      await within(browser.close(), 15_000, 'firefox close').catch(() => undefined);
      reap();
    },
  };
}

function session(context: BrowserContext): Session {
  const pages: Page[] = [];
  const tabs: Tab[] = [];
  let offline = false;
  return {
    can: { offline: true, tabs: true },
    async open(url) {
      const page = await context.newPage();
      page.setDefaultTimeout(STEP_MS);
      if (offline) await page.setOfflineMode(true);
      const t = tab(page);
      pages.push(page);
      tabs.push(t);
      await t.goto(url);
      return t;
    },
    async setOffline(on) {
      offline = on;
      // WebDriver BiDi's emulation.setNetworkConditions, one browsing context at a time.
      for (const p of pages) if (!p.isClosed()) await p.setOfflineMode(on);
    },
    tabs: () => tabs,
    close: () => context.close(),
  };
}

function tab(page: Page): Tab {
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warn') consoleErrors.push(m.text()); });
  // Firefox reports a cross-origin request that the page's navigation cut off ("CORS request did not
  // succeed", status null) as a page error; it is the network's, not a script's: the events stay queued.
  page.on('pageerror', (e) => /CORS request did not succeed\). Status code: \(null\)/.test(String(e)) || pageErrors.push(String(e)));
  return {
    goto: async (url) => { await page.goto(url); },
    reload: () => page.reload().then(() => true, () => false),
    evaluate: (fn, arg) => page.evaluate(fn as any, arg) as any,
    url: async () => page.url(),
    consoleErrors: async () => consoleErrors.slice(),
    pageErrors: async () => pageErrors.slice(),
    close: () => page.close(),
  };
}
