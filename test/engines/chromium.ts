// chromium.ts: the Chromium driver: Debian's chromium through Playwright, as the other browser tests.
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../support/browsers.mjs';
import type { Engine, Session, Tab } from './driver.js';

export async function launchChromium(executablePath: string): Promise<Engine> {
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
  return {
    name: 'chromium',
    version: 'chromium/' + browser.version(),
    newSession: async () => session(await browser.newContext()),
    close: () => browser.close(),
  };
}

function session(context: BrowserContext): Session {
  const tabs: Tab[] = [];
  return {
    can: { offline: true, tabs: true },
    async open(url) {
      const t = tab(await context.newPage());
      tabs.push(t);
      await t.goto(url);
      return t;
    },
    setOffline: (offline) => context.setOffline(offline),
    tabs: () => tabs,
    close: () => context.close(),
  };
}

function tab(page: Page): Tab {
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  return {
    goto: async (url) => { await page.goto(url); },
    reload: () => page.reload().then(() => true, () => false),
    evaluate: (fn, arg) => page.evaluate(fn as any, arg),
    url: async () => page.url(),
    consoleErrors: async () => consoleErrors.slice(),
    pageErrors: async () => pageErrors.slice(),
    close: () => page.close(),
  };
}
