// tag.test.ts: what a visitor's page carries: the stub first in <head>, then the tag, before other plugins' tags;
// nothing for the roles left out, nothing on feeds, the login page or REST; gone at deactivation; options gone at uninstall.
import fs from 'node:fs';
import { test, expect, configure, loggedIn, type WordPress } from './fixtures.js';

const SRI = JSON.parse(fs.readFileSync('dist/sri.json', 'utf8'));
const listing = (wp: WordPress) => `${wp.url}/?p=${wp.ids.listing}`;

/** Where each script of <head> stands, by id (or src), in document order. */
const headScripts = (page: import('@playwright/test').Page) =>
  page.evaluate(() => [...document.head.querySelectorAll('script')].map((s) => (s.src.includes('homing.stub') ? s.src : s.id) || s.src || s.textContent!.slice(0, 30)));

test('the stub is the first script in <head>, then the tag, both before another plugin\'s wp_head script', async ({ page, wp, collector }) => {
  configure(wp, collector);
  const elsewhere: string[] = [];
  page.on('request', (r) => { if (!r.url().startsWith(wp.url) && !r.url().startsWith(collector.url)) elsewhere.push(r.url()); });
  await page.goto(listing(wp));
  const order = await headScripts(page);
  expect(order[0]).toBe('homing-stub');
  expect(order[1]).toBe('homing');
  expect(order.indexOf('other-plugin')).toBeGreaterThan(1);
  expect(await page.evaluate(() => (window as any).otherPluginSaw.homing)).toBe('function');

  const tag = page.locator('script#homing');
  await expect(tag).toHaveAttribute('src', new RegExp('^' + wp.url + '/wp-content/plugins/homing/assets/homing\\.min\\.js\\?ver='));
  await expect(tag).toHaveAttribute('integrity', SRI['homing.min.js']);
  await expect(tag).toHaveAttribute('async', '');
  await expect(tag).toHaveAttribute('data-environment', 'development');
  await expect(tag).toHaveAttribute('data-endpoint', collector.endpoint);
  await page.waitForFunction(() => (window as any).homing.__homing);
  expect(elsewhere, 'requests to other hosts').toEqual([]);
});

test('with homing_stub_inline off the stub is a file from the plugin\'s folder with its hash, still first', async ({ page, wp, collector }) => {
  configure(wp, collector);
  await page.goto(listing(wp) + '&homing_test_stub_file=1');
  expect((await headScripts(page)).slice(0, 2)).toEqual([expect.stringContaining('/wp-content/plugins/homing/assets/homing.stub.js?ver='), 'homing']);
  await expect(page.locator('script[src*="homing.stub.js"]')).toHaveAttribute('integrity', SRI['homing.stub.js']);
  expect(await page.evaluate(() => (window as any).otherPluginSaw.homing)).toBe('function');
  await page.waitForFunction(() => (window as any).homing.__homing);
});

test('the stub takes homing_email out of the address before another plugin\'s tag reads it', async ({ page, wp, collector }) => {
  configure(wp, collector);
  await page.goto(listing(wp) + '&homing_email=jane%40example.com');
  expect(await page.evaluate(() => (window as any).otherPluginSaw.url)).not.toContain('homing_email');
});

test('the settings become data attributes; a developer\'s homing_tag_attributes filter has the last word', async ({ page, wp, collector }) => {
  configure(wp, collector, { consent: 'required', autocapture: ['pageviews', 'forms'], bots: 'filter', cookie_domain: '127.0.0.1' });
  await page.goto(listing(wp) + '&homing_test_filter=1');
  const tag = page.locator('script#homing');
  await expect(tag).toHaveAttribute('data-consent', 'required');
  await expect(tag).toHaveAttribute('data-autocapture', 'pageviews forms');
  await expect(tag).not.toHaveAttribute('data-bots', /./);
  await expect(tag).toHaveAttribute('data-cookie-domain', '127.0.0.1');
  await expect(tag).toHaveAttribute('data-flush-interval', '1000');
});

test('an administrator\'s and an editor\'s visits carry no tag; a subscriber\'s and a visitor\'s do', async ({ browser, page, wp, collector }) => {
  configure(wp, collector);
  for (const user of ['admin', 'editor']) {
    const member = await loggedIn(browser, wp, user);
    await member.goto(listing(wp));
    await expect(member.locator('h1, .wp-block-post-title').first()).toContainText('12 Harbour Lane');
    expect(await headScripts(member), user).not.toContain('homing-stub');
    expect(await member.locator('script#homing').count(), user).toBe(0);
  }
  const subscriber = await loggedIn(browser, wp, 'subscriber');
  await subscriber.goto(listing(wp));
  await expect(subscriber.locator('script#homing')).toHaveCount(1);
  await page.goto(listing(wp));
  await expect(page.locator('script#homing')).toHaveCount(1);
});

test('feeds, the login page and the REST API carry no tag', async ({ wp, collector }) => {
  configure(wp, collector);
  const home = await (await fetch(wp.url + '/')).text();
  expect(home).toContain('homing.min.js');
  for (const where of ['/?feed=rss2', '/wp-login.php', '/?rest_route=/wp/v2/posts', '/?p=' + wp.ids.listing + '&embed=true']) {
    const body = await (await fetch(wp.url + where)).text();
    expect(body, where).not.toContain('homing.min.js');
    expect(body, where).not.toContain('homing.q');
  }
});

test('deactivating the plugin takes the tag out of the next page; uninstalling it deletes its settings', async ({ page, wp, collector }) => {
  configure(wp, collector);
  wp.tool('deactivate');
  await page.goto(listing(wp));
  await expect(page.locator('#other-plugin')).toHaveCount(1);
  await expect(page.locator('script#homing, script#homing-stub')).toHaveCount(0);
  wp.tool('uninstall');
  expect(wp.tool('settings')).toBeNull();
  wp.tool('activate');
  configure(wp, collector);
  await page.goto(listing(wp));
  await expect(page.locator('script#homing')).toHaveCount(1);
});
