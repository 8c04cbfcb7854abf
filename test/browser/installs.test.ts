// installs.test.ts: the installs a site developer expects (SPEC §1) — a strict CSP with the stub file,
// Subresource Integrity, a tag manager — and the console lines that tell a developer what went wrong.
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, fixtureUrl, openIn } from '../support/pages.js';

const sri = () => JSON.parse(fs.readFileSync('dist/sri.json', 'utf8')) as Record<string, string>;
/** Every console line of the page (any level). */
function lines(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => seen.push(m.type() + ': ' + m.text()));
  return seen;
}

test('under script-src \'self\' the stub file keeps the calls made before load; no inline script is needed', async ({ page, site, collector }) => {
  await openIn(page, fixtureUrl(site.url, collector, { fixture: 'csp-strict.html' }));
  await page.evaluate(() => window.homing.flush());
  const got = await collector.accepted(true);
  expect(got.map((e) => e.event).sort()).toEqual(['identify', 'page_view', 'saved_property']);
  expect(got.every((e) => e.email === 'csp-strict@example.com')).toBe(true);
  // The policy is enforced: the page's one inline script was blocked, and nothing of homing was.
  expect(await page.evaluate(() => (window as any).inlineRan)).toBeUndefined();
  expect(await page.evaluate(() => (window as any).violations)).toEqual([expect.stringMatching(/^script-src(-elem)? inline$/)]);
});

test('with the build\'s sha384 integrity the tag loads; with a wrong one the browser refuses it', async ({ page, site, collector }) => {
  const hashes = sri();
  expect(hashes['homing.min.js']).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
  await openIn(page, fixtureUrl(site.url, collector, { fixture: 'sri.html' }) + '&integrity=' + encodeURIComponent(hashes['homing.min.js']));
  await page.evaluate(() => window.homing.flush());
  expect((await collector.accepted(true)).map((e) => e.event).sort()).toEqual(['identify', 'page_view']);

  const console = lines(page);
  await openIn(page, fixtureUrl(site.url, collector, { fixture: 'sri.html' }) + '&integrity=' + encodeURIComponent(hashes['homing.mjs']), false);
  await expect.poll(() => console.join('\n')).toMatch(/integrity/i);
  expect(await page.evaluate(() => !!window.homing.__homing)).toBe(false);
});

test('a tag manager that adds the tag after load with setAttribute installs it, stub calls included', async ({ page, site, collector }) => {
  await openIn(page, fixtureUrl(site.url, collector, { fixture: 'tag-manager.html' }));
  expect(await page.evaluate(() => document.readyState)).toBe('complete');
  await page.evaluate(() => window.homing.flush());
  const got = await collector.accepted(true);
  expect(got.map((e) => e.event).sort()).toEqual(['identify', 'page_view']);
  expect(got.every((e) => e.email === 'gtm@example.com')).toBe(true);
});

test('a missing data-endpoint is named in the console', async ({ page, site, collector }) => {
  const console = lines(page);
  const url = new URL(fixtureUrl(site.url, collector));
  url.searchParams.set('endpoint', '');
  await openIn(page, url.href);
  const r = await page.evaluate(() => window.homing.track('search', {}));
  expect(r.error).toMatchObject({ code: 'INVALID_CONFIG', field: 'endpoint' });
  expect(console).toContainEqual(expect.stringMatching(/^error: homing: endpoint: is missing \(data-endpoint\)/));
});

test('an email that is not one says so, without a length limit it did not break', async ({ open }) => {
  const page = await open();
  const console = lines(page);
  const r = await page.evaluate(() => window.homing.identify('not-an-email'));
  expect(r.error).toMatchObject({ code: 'INVALID_EMAIL', field: 'email' });
  await expect.poll(() => console.filter((l) => l.includes('INVALID_EMAIL'))).toEqual(['error: homing: email: must be an email (INVALID_EMAIL)']);
  await page.evaluate(() => window.homing.identify('a'.repeat(250) + '@example.com'));
  await expect.poll(() => console.filter((l) => l.includes('INVALID_EMAIL')).length).toBe(2);
  expect(console.filter((l) => l.includes('INVALID_EMAIL'))[1]).toContain('is 262 characters, more than 254 (INVALID_EMAIL, limit 254)');
});

test('a second copy of the script with another key warns once, naming both keys', async ({ open }) => {
  const page = await open({ key: 'pk_test_first' });
  const console = lines(page);
  await page.evaluate(() => {
    for (const key of ['pk_test_second', 'pk_test_third']) {
      const s = document.createElement('script');
      s.async = false; // in order: the second copy runs first
      s.src = '/dist/homing.min.js?copy=' + key;
      s.setAttribute('data-key', key);
      s.setAttribute('data-endpoint', 'http://127.0.0.1:9/v1/events/batch');
      document.head.appendChild(s);
    }
  });
  await expect.poll(() => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('homing.min.js')).length)).toBe(3);
  await page.waitForTimeout(300);
  const warned = console.filter((l) => l.includes('loaded twice'));
  expect(warned).toHaveLength(1);
  expect(warned[0]).toMatch(/^warning: homing: loaded twice \(data-key pk_test_first, pk_test_second\): the first records/);
  expect(await page.evaluate(() => window.homing.__key)).toBe('pk_test_first');
});

test('under automation the dropped browsing events are said once, naming data-bots="allow"', async ({ page, site, collector }) => {
  const console = lines(page);
  await openIn(page, fixtureUrl(site.url, collector, { bots: 'filter' }));
  await page.evaluate(async () => {
    await window.homing.track('property_view', { property: { id: 'p1' } });
    await window.homing.track('search', { propertySearch: { beds: 3 } });
  });
  const notes = console.filter((l) => l.includes('data-bots="allow"'));
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatch(/^info: homing: automation \(webdriver.*\): browsing not recorded/);
});
