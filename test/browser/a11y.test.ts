// a11y.test.ts: axe-core on the pages people look at (the QA panel with events, the demo's home, search and a
// listing), on a desktop and a phone viewport: no critical or serious violation; and the panel shows hostile text as text.
import type { Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { expect } from '../support/pages.js';
import { DEMO_COLLECTOR, test } from '../support/demo.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

interface Finding { id: string; impact: string; help: string; nodes: string[] }

/** The critical and serious violations axe-core finds on the page as it is now. */
async function violations(page: Page): Promise<Finding[]> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n: any) => n.target.join(' ')) }));
  });
  return found.filter((v) => v.impact === 'critical' || v.impact === 'serious');
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test.describe(name, () => {
    test.use({ viewport });

    test('the demo\'s home, search and listing pages have no critical or serious axe-core violation', async ({ page, demo }) => {
      const missing: string[] = [];
      page.on('response', (r) => { if (r.status() === 404) missing.push(r.url()); });
      for (const where of ['/', '/search.html?location=Seabrook', '/listings/12-harbour-lane.html']) {
        await page.goto(demo + where);
        await expect(page.locator('h1')).toBeVisible();
        expect(await violations(page), where).toEqual([]);
      }
      expect(missing, 'requests answered 404').toEqual([]);
    });

    test('the QA panel with every status badge, a closed visitor tab and a fault on has no critical or serious violation', async ({ browser, page, demo, collector }) => {
      const visitor = await browser.newContext();
      await visitor.route(DEMO_COLLECTOR + '/**', (route) =>
        route.continue({ url: route.request().url().replace(DEMO_COLLECTOR, collector.url) }));
      const tab = await visitor.newPage();
      await tab.goto(demo + '/contact.html');
      await tab.getByLabel('First name').fill('Sam');
      await tab.getByLabel('Email').fill('sam@example.com');
      await tab.getByRole('button', { name: 'Send message' }).click();
      await expect(tab.locator('.vq-toggle')).toHaveText('All sent');

      // Every status badge the panel draws: a second copy of a batch (duplicate) and an event refused (rejected).
      const now = new Date().toISOString();
      const sent = (messageId: string, name = 'property_view') => ({ event: name, identify: { email: 'badges@example.com' }, messageId, timestamp: now, properties: {} });
      const post = (events: unknown[]) => fetch(collector.endpoint, { method: 'POST', headers: { Authorization: 'Bearer pk_test_a11y' }, body: JSON.stringify({ events }) });
      expect((await post([sent('badge-1')])).status).toBe(200);
      expect((await post([sent('badge-1'), sent('badge-2', 'not a name!')])).status).toBe(207);

      const missing: string[] = [];
      page.on('response', (r) => { if (r.status() === 404) missing.push(r.url()); });
      await page.goto(collector.url + '/qa');
      for (const status of ['accepted', 'duplicate', 'rejected']) await expect(page.locator(`.event[data-status=${status}] .status`).first()).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
      await expect(page.locator('.event[data-event=form_submission]').first()).toBeVisible();
      await expect(page.locator('[data-queues] li[data-state]')).toHaveCount(1);
      await page.getByRole('button', { name: 'Offline (503)' }).click();
      await expect(page.getByRole('button', { name: 'Offline (503)' })).toHaveAttribute('aria-pressed', 'true');
      await page.locator('.event[data-event=form_submission] button.row').first().click();
      expect(await violations(page), 'the panel with events and a fault on').toEqual([]);

      await page.getByRole('complementary').getByRole('link', { name: 'sam@example.com' }).click();
      await expect(page.locator('.timeline li').first()).toBeVisible();
      expect(await violations(page), 'a lead\'s story').toEqual([]);

      await visitor.close();
      // The panel shows a tab as closed once it has not reported for 12 s.
      await expect(page.locator('[data-queues] li[data-state=gone]')).toHaveCount(1, { timeout: 20_000 });
      expect(await violations(page), 'the panel once the visitor tab closed').toEqual([]);
      await page.getByRole('button', { name: 'Healthy' }).click();
      expect(missing, 'requests answered 404').toEqual([]);
    });
  });
}
