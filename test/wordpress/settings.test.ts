// settings.test.ts: Settings → homing as a site owner uses it: what is saved, what is refused and why, what is shown,
// and the test link's round trip to a real collector.
import { test, expect, configure, loggedIn, settingsUrl } from './fixtures.js';

const HOSTILE_KEY = 'pk_"><script>window.pwned=1</script>';

test('a <script> typed as the key is stored as typed and shown as text, on the settings page and in visitors\' pages', async ({ browser, wp, collector }) => {
  configure(wp, collector);
  const admin = await loggedIn(browser, wp, 'admin');
  await admin.goto(settingsUrl(wp));
  await admin.getByLabel('Site key').fill(HOSTILE_KEY);
  await admin.getByRole('button', { name: 'Save Changes' }).click();
  await expect(admin.getByText('Settings saved.')).toBeVisible();
  expect(wp.tool('settings').key).toBe(HOSTILE_KEY);
  await expect(admin.getByLabel('Site key')).toHaveValue(HOSTILE_KEY);
  expect(await admin.evaluate(() => (window as any).pwned)).toBeUndefined();

  const visitor = await browser.newPage();
  await visitor.goto(wp.url + '/');
  await expect(visitor.locator('script#homing')).toHaveAttribute('data-key', HOSTILE_KEY);
  expect(await visitor.evaluate(() => (window as any).pwned)).toBeUndefined();
});

test('a form sent with a wrong nonce changes nothing', async ({ browser, wp, collector }) => {
  configure(wp, collector);
  const admin = await loggedIn(browser, wp, 'admin');
  await admin.goto(settingsUrl(wp));
  await admin.getByLabel('Site key').fill('pk_test_changed');
  await admin.locator('input[name=_wpnonce]').evaluate((el: HTMLInputElement) => { el.value = 'forged'; });
  await admin.getByRole('button', { name: 'Save Changes' }).click();
  await expect(admin.getByText('The link you followed has expired.')).toBeVisible();
  expect(wp.tool('settings').key).toBe('pk_test_wordpress');
});

test('a secret key and a non-http endpoint are refused with a notice that says why, and the saved ones stay', async ({ browser, wp, collector }) => {
  configure(wp, collector);
  const admin = await loggedIn(browser, wp, 'admin');
  await admin.goto(settingsUrl(wp));
  await admin.getByLabel('Site key').fill('sk_live_0123456789');
  await admin.getByLabel('Endpoint').fill('javascript:alert(1)');
  await admin.getByLabel('Endpoint').evaluate((el: HTMLInputElement) => { el.type = 'text'; });
  await admin.getByRole('button', { name: 'Save Changes' }).click();
  await expect(admin.locator('.notice-error, .error').filter({ hasText: 'That is a secret key (sk_…)' })).toBeVisible();
  await expect(admin.locator('.notice-error, .error').filter({ hasText: 'The endpoint must be a full http:// or https:// address' })).toBeVisible();
  expect(wp.tool('settings')).toMatchObject({ key: 'pk_test_wordpress', endpoint: collector.endpoint });
});

test('a page out of the admin\'s reach: a subscriber is refused the settings page', async ({ browser, wp }) => {
  const subscriber = await loggedIn(browser, wp, 'subscriber');
  await subscriber.goto(settingsUrl(wp));
  await expect(subscriber.getByText('Sorry, you are not allowed to access this page.')).toBeVisible();
});

test('the page suggests the site\'s domain for the cookie and ticks administrators and editors as not tracked', async ({ browser, wp }) => {
  wp.tool('uninstall');
  const admin = await loggedIn(browser, wp, 'admin');
  await admin.goto(settingsUrl(wp));
  // The test site is on 127.0.0.1: an address has no registrable domain to suggest.
  await expect(admin.locator('#homing-cookie_domain-help')).not.toContainText('most likely');
  const roles = admin.getByRole('group', { name: 'Do not track' });
  await expect(roles.getByLabel('Administrator')).toBeChecked();
  await expect(roles.getByLabel('Editor')).toBeChecked();
  await expect(roles.getByLabel('Subscriber')).not.toBeChecked();
});

test('"Send a test event" posts one event from the server and shows the collector\'s answer', async ({ browser, wp, collector }) => {
  configure(wp, collector);
  const admin = await loggedIn(browser, wp, 'admin');
  await admin.goto(settingsUrl(wp));
  await admin.getByRole('link', { name: 'Send a test event' }).click();
  const answer = admin.locator('#homing-test-answer');
  await expect(answer).toContainText('The collector took the test event.');
  await expect(answer).toContainText('Answer: HTTP 200');
  await expect(answer).toContainText('"accepted":1');
  const [event] = (await collector.log()).events;
  expect(event).toMatchObject({ event: 'homing_test', email: 'admin@example.com', status: 'accepted', key: 'pk_test_wordpress' });

  await collector.fault({ mode: 401 });
  await admin.getByRole('link', { name: 'Send a test event' }).click();
  await expect(answer).toContainText('The test event did not go through.');
  await expect(answer).toContainText('Answer: HTTP 401');
});

test('the cookie domain suggested is the site\'s registrable domain, and only the site\'s own domains are kept', ({ wp }) => {
  const typed = ['agent.com', 'www.agent.com', 'search.agent.com', 'other.com', 'com', 'co.uk', 'agent.co.uk', ''];
  expect(wp.tool('cookie-domain', { host: 'www.agent.com', typed })).toEqual({
    suggested: 'agent.com',
    kept: { 'agent.com': true, 'www.agent.com': true, 'search.agent.com': false, 'other.com': false, com: false, 'co.uk': false, 'agent.co.uk': false, '': true },
  });
  expect(wp.tool('cookie-domain', { host: 'www.agent.co.uk', typed: ['agent.co.uk', 'co.uk'] }))
    .toEqual({ suggested: 'agent.co.uk', kept: { 'agent.co.uk': true, 'co.uk': false } });
  expect(wp.tool('cookie-domain', { host: 'search.agent.com', typed: ['agent.com'] })).toEqual({ suggested: 'agent.com', kept: { 'agent.com': true } });
});
