// consent.test.ts: with the WP Consent API (its released code, copied at test time) and a banner that asks first,
// the visitor's statistics choice turns homing on and off in the page: nothing before "allow", nothing after "deny".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, configure } from './fixtures.js';

// The WP Consent API's own repository, brought by the session's fetch tool; never committed.
const CONSENT_MIRROR = process.env.HOMING_CONSENT_API_GIT_DIR || '/work/.mirror/Really-Simple-Plugins+wp-consent-level-api/repo';
const CONSENT_TAG = 'v1.0.7';
const PLUGIN = 'wp-consent-api/wp-consent-api.php';

/** What the collector has of the probe events sent for `email`, after the page has flushed. */
async function probeAfterFlush(page: import('@playwright/test').Page, email: string, collector: any) {
  await page.evaluate(async (email) => {
    const h = (window as any).homing;
    h('identify', email);
    h('track', 'consent_probe');
    await h.flush();
  }, email);
  return (await collector.accepted(true)).filter((e: any) => e.event === 'consent_probe' && e.email === email).length;
}

test('the WP Consent API\'s statistics choice calls optIn and optOut; nothing is sent without it', async ({ page, wp, collector }) => {
  test.skip(!fs.existsSync(CONSENT_MIRROR), `the WP Consent API's code is not on this machine (${CONSENT_MIRROR}; set HOMING_CONSENT_API_GIT_DIR): this case is skipped`);
  const target = path.join(wp.dir, 'wp-content/plugins/wp-consent-api');
  if (!fs.existsSync(target)) {
    fs.mkdirSync(target, { recursive: true });
    const archive = spawnSync('git', ['--git-dir=' + CONSENT_MIRROR, 'archive', CONSENT_TAG], { maxBuffer: 1 << 26 });
    expect(spawnSync('tar', ['-x', '-C', target], { input: archive.stdout }).status).toBe(0);
  }
  expect(wp.tool('activate-plugin', PLUGIN)).toBeNull();
  try {
    configure(wp, collector, { consent: 'granted', consent_category: 'statistics' });
    await page.goto(`${wp.url}/?p=${wp.ids.listing}&homing_test_optin=1`);
    await expect(page.locator('script#homing')).toHaveAttribute('data-consent', 'required');
    await page.waitForFunction(() => (window as any).homing.__homing && typeof (window as any).wp_has_consent === 'function');
    expect(await probeAfterFlush(page, 'before@example.com', collector)).toBe(0);

    await page.evaluate(() => (window as any).wp_set_consent('statistics', 'allow'));
    await expect.poll(() => probeAfterFlush(page, 'allowed@example.com', collector)).toBeGreaterThan(0);

    await page.evaluate(() => (window as any).wp_set_consent('statistics', 'deny'));
    expect(await probeAfterFlush(page, 'denied@example.com', collector)).toBe(0);
    // The choice holds on the next page: the banner's cookie says deny.
    await page.reload();
    await page.waitForFunction(() => (window as any).homing.__homing);
    expect(await probeAfterFlush(page, 'later@example.com', collector)).toBe(0);
  } finally {
    wp.tool('deactivate-plugin', PLUGIN);
  }
});
