// demo.test.ts: a visitor walks the demo site while the QA panel, open beside it, shows what arrives.
import type { Page } from '@playwright/test';
import { expect } from '../support/pages.js';
import { test as demoTest } from '../support/demo.js';

const test = demoTest.extend<{ qa: Page }>({
  // The QA person's own window beside the visitor's (a tab of the visitor's window would sit in the background).
  qa: async ({ browser, collector }, use) => {
    const context = await browser.newContext();
    const qa = await context.newPage();
    const errors: string[] = [];
    qa.on('pageerror', (e) => errors.push(String(e)));
    await qa.goto(collector.url + '/qa');
    await expect(qa.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
    await use(qa);
    await context.close();
    expect(errors, 'uncaught errors in the QA panel').toEqual([]);
  },
});

/** The visitor-queue button the demo pages show in a corner (homing.stats()). */
const queueButton = (page: Page) => page.locator('.vq-toggle');
/**
 * The event names in the visitor's IndexedDB queue (several events a record), time-on-page reports
 * (page_engagement) left out: a page left within half a second reports none, so their count varies.
 */
const queuedNames = (page: Page) => page.evaluate(() => new Promise<string[]>((ok) => {
  const r = indexedDB.open('homing-pk_demo_123');
  r.onerror = () => ok([]);
  r.onsuccess = () => {
    if (!r.result.objectStoreNames.contains('q')) return (r.result.close(), ok([]));
    const all = r.result.transaction('q').objectStore('q').getAll();
    all.onsuccess = () => {
      r.result.close();
      ok(all.result.flat().filter((v: any) => v && v.j).map((v: any) => JSON.parse(v.j).event).filter((e: string) => e != 'page_engagement'));
    };
  };
}));
/** Waits until this many events (time on page left out) are in the visitor's queue. */
const queuedCount = (page: Page, n: number) => expect.poll(async () => (await queuedNames(page)).length).toBe(n);

/**
 * Events listed in the QA panel as [type, email, status], repeats left out: a form's event may reach
 * the collector twice, by keepalive and from the queue (SPEC §5), and the second copy is a `duplicate`.
 */
const listed = (qa: Page) =>
  qa.locator('[data-events] .event:not([data-status=duplicate])').evaluateAll((rows) =>
    rows.map((r) => [r.getAttribute('data-event'), r.querySelector('.who')?.textContent?.trim(), r.getAttribute('data-status')]));
/** The QA panel's row for the first (accepted) copy of an event. */
const row = (qa: Page, type: string) => qa.locator(`.event[data-event=${type}][data-status=accepted]`);

test('the QA panel shows a visitor\'s search, views, save and inquiry under their email, in order', async ({ page, demo, qa }) => {
  await expect(qa.getByText('No events yet.')).toBeVisible();

  // Each step waits until the page's events are in the visitor's queue: held, as no email is known yet.
  await page.goto(demo + '/');
  await queuedCount(page, 1);
  await page.getByLabel('Location').selectOption('Seabrook');
  await page.getByRole('button', { name: 'Search homes' }).click();
  await expect(page).toHaveURL(/\/search\.html\?location=Seabrook$/);
  await expect(page.getByText('3 homes for sale')).toBeVisible();
  await queuedCount(page, 3);

  await page.getByRole('link', { name: /12 Harbour Lane/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '12 Harbour Lane' })).toBeVisible();
  await queuedCount(page, 5);
  await page.getByRole('region', { name: 'More homes near Seabrook' }).getByRole('link', { name: /3 Lighthouse Row/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '3 Lighthouse Row' })).toBeVisible();
  await queuedCount(page, 7);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Saved', exact: true })).toBeVisible();
  await queuedCount(page, 8);
  await expect(qa.getByText('No events yet.')).toBeVisible();

  await page.getByLabel('Full name').fill('Jane Doe');
  await page.getByLabel('Email').fill('jane@example.com');
  await page.getByRole('button', { name: 'Send inquiry' }).click();
  await expect(page.getByText('Thanks! Maya will be in touch shortly.')).toBeVisible();
  await expect(queueButton(page)).toHaveText('All sent');

  // All under Jane's email, all accepted. The list is in arrival order (newest first), and whether the
  // identify travels with the events it released or just before them is the tracker's timing, so the
  // order is checked on the lead's story below, which is in capture order.
  await qa.getByLabel('page views').uncheck();
  await qa.getByLabel('Email').fill('jane@example.com');
  const jane = (type: string) => [type, 'jane@example.com', 'accepted'];
  await expect.poll(async () => (await listed(qa)).sort()).toEqual(
    ['identify', 'inquiry', 'property_view', 'property_view', 'saved_property', 'search'].map(jane));
  await expect(row(qa, 'inquiry')).toContainText('3 Lighthouse Row');
  const search = row(qa, 'search');
  await expect(search).toContainText('Seabrook → 3 results');
  await search.getByRole('button').click();
  await expect(search.locator('pre')).toContainText('"location": "Seabrook"');

  // The lead's story: every event in the order it happened.
  await qa.getByRole('complementary').getByRole('link', { name: 'jane@example.com' }).click();
  await expect(qa.getByRole('heading', { name: 'Jane Doe' })).toBeVisible();
  const story = await qa.locator('.timeline li').evaluateAll((items) => items.map((li) => li.getAttribute('data-event')));
  expect(story.filter((e) => e !== 'page_view' && e !== 'page_engagement')).toEqual(['search', 'property_view', 'property_view', 'saved_property', 'identify', 'inquiry']);
  expect(story.filter((e) => e === 'page_view')).toHaveLength(4);
  const views = qa.locator('.timeline li[data-event=property_view]');
  await expect(views.nth(0)).toContainText('12 Harbour Lane');
  await expect(views.nth(1)).toContainText('3 Lighthouse Row');
});

test('an outage switched on in the QA panel holds the visitor\'s events, which arrive once it is off', async ({ page, demo, qa }) => {
  await page.goto(demo + '/contact.html');
  await page.getByLabel('First name').fill('Sam');
  await page.getByLabel('Email').fill('sam@example.com');
  await page.getByRole('button', { name: 'Send message' }).click();
  await expect(queueButton(page)).toHaveText('All sent');
  await expect(row(qa, 'form_submission')).toContainText('sam@example.com');

  await qa.getByRole('button', { name: 'Offline (503)' }).click();
  await expect(qa.getByRole('button', { name: 'Offline (503)' })).toHaveAttribute('aria-pressed', 'true');
  await page.goto(demo + '/listings/7-orchard-close.html');
  await expect(queueButton(page)).toHaveText(/\b[23] waiting/); // and the contact page's time on page, if it was reported
  await queuedCount(page, 2);
  await expect(qa.locator('[data-requests] li').first()).toContainText('503');
  const tab = qa.locator('[data-queues] li').filter({ hasText: '/listings/7-orchard-close.html' });
  await expect(tab).toContainText(/[23] queued/);
  await expect(tab).toContainText('last error: the collector answered 503');
  await expect(qa.locator('.event[data-event=property_view]')).toHaveCount(0);

  await qa.getByRole('button', { name: 'Healthy' }).click();
  const view = row(qa, 'property_view');
  await expect(view).toContainText('7 Orchard Close');
  await expect(view).toContainText('sam@example.com');
  await expect(queueButton(page)).toHaveText('All sent');
  await expect(tab).toContainText('0 queued');
  await expect(qa.locator('[data-requests] li').first()).toContainText('200');
});
