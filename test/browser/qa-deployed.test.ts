// qa-deployed.test.ts: the QA panel of a deployed collector (`all`, PGlite, the admin token): sign in, live events,
// a lead's story with where each event went, a dead letter replayed from the panel.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli } from '../unit/cli-helpers.js';
import { visitorStory } from '../relay/story.js';
import { heldIds, startMocks, TOKENS } from '../relay/world.js';
import { expect, test } from '../support/pages.js';

const TOKEN = 'panel-admin-token-0123456789abcdef';

test('signed in with the token, the panel shows a lead\'s events live, where each went, and replays a dead letter', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = await mkdtemp(join(tmpdir(), 'homing-qa-deployed-'));
  const mocks = await startMocks();
  mocks.crm.reject('inquiry');
  const cli = await startCli(['all', '--data', dir], {
    DATABASE_URL: '', HOMING_ADMIN_TOKEN: TOKEN, HOMING_RELAY_DESTINATIONS: 'crm',
    HOMING_RELAY_CRM_URL: mocks.crm.url + '/api/partner/events', HOMING_RELAY_CRM_TOKEN: TOKENS.crm,
  });
  try {
    await cli.waitForReady();
    await page.goto(cli.url + '/qa');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.getByLabel('Admin token').fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Open the panel' }).click();
    await expect(page.getByRole('alert')).toContainText('not this collector\'s admin token');
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Open the panel' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Offline (503)' }), 'no fault switch on a deployed collector').toBeHidden();

    const events = visitorStory('panel@example.com').slice(5, 9).map((e) => ({ ...e, timestamp: new Date().toISOString() }));
    const res = await fetch(cli.url + '/v1/events/batch', { method: 'POST', headers: { Authorization: 'Bearer pk_live_panel' }, body: JSON.stringify({ events }) });
    expect(res.status).toBe(200);
    await expect(page.locator('.event[data-event=inquiry]')).toBeVisible();

    await page.getByRole('complementary').getByRole('link', { name: 'panel@example.com' }).click();
    const inquiry = page.locator('.timeline li[data-event=inquiry]');
    await expect(inquiry.getByRole('list', { name: 'Where it went' })).toContainText('crm dead letter 422', { timeout: 30_000 });
    await expect(page.locator('.timeline li[data-event=identify]')).toContainText('crm sent');
    const deadBox = page.locator('[data-dead-box]');
    await expect(deadBox).toContainText('crm inquiry 422');

    mocks.crm.allow('inquiry');
    await inquiry.getByRole('button', { name: 'Replay' }).click();
    await expect(page.locator('[data-dead-note]')).toHaveText('1 sent again to crm');
    await expect(inquiry).toContainText('crm sent', { timeout: 30_000 });
    await expect(deadBox).toContainText('None: every destination took what it was sent.');
    expect(heldIds(mocks).crm.filter((id) => id === events.find((e) => e.event === 'inquiry')!.messageId)).toHaveLength(1);
  } finally {
    await cli.stop();
    await mocks.close();
    await rm(dir, { recursive: true, force: true });
  }
  expect(JSON.stringify(cli.lines)).not.toContain(TOKEN);
});
