// fixtures.ts: the WordPress tests' fixtures: one WordPress a worker, a collector a test on another origin, and
// the helpers a test uses to act as the site owner or as a visitor.
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { serveCollector, type CollectorHandle } from '../support/collector.js';
import { isCI } from '../../scripts/engines.mjs';
import { missingForWordPress, startWordPress, type WordPress } from './wordpress.js';

export { expect, type CollectorHandle, type WordPress };

const missing = missingForWordPress();

export const test = base.extend<{ collector: CollectorHandle }, { wp: WordPress }>({
  wp: [async ({}, use) => {
    if (missing && isCI()) throw new Error(`the WordPress tests need ${missing}; .ci/run installs them`);
    base.skip(!!missing, `no WordPress here: needs ${missing} (Debian: apt-get install wordpress mariadb-server php-cli php-mysql)`);
    const wp = await startWordPress();
    await use(wp);
    await wp.close();
  }, { scope: 'worker', timeout: 60_000 }],
  collector: async ({}, use) => serveCollector(use),
});

/** The settings a test starts from: this test's collector, bots counted (the tests' browser is automated). */
export function configure(wp: WordPress, collector: CollectorHandle, more: Record<string, unknown> = {}) {
  wp.tool('set-settings', {
    key: 'pk_test_wordpress', endpoint: collector.endpoint, bots: 'allow', consent: 'granted', cookie_domain: '',
    autocapture: ['pageviews', 'forms', 'properties', 'clicks'], exclude_roles: ['administrator', 'editor'], ...more,
  });
}

// A login's cookies, kept for the worker's WordPress: each test opens its pages without logging in again.
const sessions = new Map<string, Awaited<ReturnType<import('@playwright/test').BrowserContext['storageState']>>>();

/** A page logged in to WordPress as `user` (password `<user>-password`), in a context of its own. */
export async function loggedIn(browser: Browser, wp: WordPress, user: string, viewport?: { width: number; height: number }): Promise<Page> {
  const known = sessions.get(wp.url + ' ' + user);
  const context = await browser.newContext({ viewport, storageState: known });
  const page = await context.newPage();
  if (known) return page;
  await page.goto(wp.url + '/wp-login.php');
  await page.fill('#user_login', user);
  await page.fill('#user_pass', user + '-password');
  await page.click('#wp-submit');
  await page.waitForURL(/wp-admin/);
  sessions.set(wp.url + ' ' + user, await context.storageState());
  return page;
}

export const settingsUrl = (wp: WordPress) => wp.url + '/wp-admin/options-general.php?page=homing';
