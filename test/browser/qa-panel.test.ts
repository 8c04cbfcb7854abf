// qa-panel.test.ts: the QA panel shows whatever a page sent as text: markup in a listing never runs in the panel.
import { expect, test } from '../support/pages.js';

const HOSTILE = '<img src=x onerror="window.__xss=1">';

test('a listing titled with markup shows as text in the rows, the JSON and the lead\'s story, and never runs', async ({ page, collector }) => {
  const now = new Date().toISOString();
  const event = (name: string, messageId: string, properties: Record<string, unknown>) =>
    ({ event: name, identify: { email: 'xss@example.com' }, messageId, timestamp: now, properties });
  const body = { events: [
    event('property_view', 'm-' + HOSTILE, { pageUrl: 'https://example.com/x', property: { id: 'p1', address: HOSTILE, price: 500000 } }),
    event('inquiry', 'm-2', { property: { id: 'p1', address: HOSTILE }, message: HOSTILE }),
    event('page_view', 'm-3', { pageUrl: 'https://example.com/?q=' + encodeURIComponent(HOSTILE), pageTitle: HOSTILE }),
  ] };
  const res = await fetch(collector.endpoint, { method: 'POST', headers: { Authorization: 'Bearer pk_test_xss' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);

  await page.goto(collector.url + '/qa');
  const view = page.locator('.event[data-event=property_view]');
  await expect(view.locator('.sum')).toHaveText(HOSTILE + ' · $500k');
  await expect(view.locator('.mid')).toHaveText('m-' + HOSTILE);
  await expect(page.locator('.event[data-event=inquiry] .sum')).toContainText('“' + HOSTILE.slice(0, 60));
  await expect(page.locator('.event[data-event=page_view] .sum')).toContainText(HOSTILE);
  await view.locator('button.row').click();
  await expect(view.locator('pre')).toContainText('"address": "' + HOSTILE.replace(/"/g, '\\"') + '"');
  await page.getByRole('complementary').getByRole('link', { name: 'xss@example.com' }).click();
  await expect(page.locator('.timeline li[data-event=property_view]')).toContainText(HOSTILE);

  expect(await page.locator('main img, aside img').count(), 'images made from event text').toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), 'the onerror handler ran').toBeUndefined();
});

test('a second copy of an event shows as its own row with a duplicate badge', async ({ page, collector }) => {
  const event = { event: 'inquiry', identify: { email: 'twice@example.com' }, messageId: 'm-twice', timestamp: new Date().toISOString(), properties: { message: 'Saturday?' } };
  const post = () => fetch(collector.endpoint, { method: 'POST', headers: { Authorization: 'Bearer pk_test_dup' }, body: JSON.stringify({ events: [event] }) });
  expect(await (await post()).json()).toMatchObject({ accepted: 1, duplicated: 0 });
  expect(await (await post()).json()).toMatchObject({ accepted: 1, duplicated: 1 });
  await page.goto(collector.url + '/qa');
  const rows = page.locator('.event[data-event=inquiry]');
  await expect(rows).toHaveCount(2);
  await expect(rows.locator('.status')).toHaveText(['duplicate', 'accepted']);
});
