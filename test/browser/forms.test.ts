// forms.test.ts: the form patterns of jQuery sites and apps (SPEC §6.2) in Chromium: jQuery Validate, reCAPTCHA's
// prevent-then-form.submit(), a site's own JSON request refused and accepted, a double click, a page left while
// its request is in flight, a robot's quick submit. The CRM gets one lead per accepted submission.
import fs from 'node:fs';
import type { Page, Route } from '@playwright/test';
import { test, expect, fixtureUrl, openIn, drain } from '../support/pages.js';
import { figures, received } from '../support/forms.js';

const vendor = { 'jquery.min.js': 'node_modules/jquery/dist/jquery.min.js', 'jquery.validate.min.js': 'node_modules/jquery-validation/dist/jquery.validate.min.js' };
async function open(page: Page, site: { url: string }, collector: any, fixture = 'patterns.html') {
  for (const [name, file] of Object.entries(vendor))
    await page.route('**/vendor/' + name, (r) => r.fulfill({ body: fs.readFileSync(file), contentType: 'text/javascript' }));
  await openIn(page, fixtureUrl(site.url, collector, { fixture, flushInterval: '200' }));
}
/** The next page of the site delivers what the last one left (a navigation's form event, last words). */
async function next(page: Page, site: { url: string }, collector: any) {
  await openIn(page, fixtureUrl(site.url, collector, { flushInterval: '200' }));
  await drain(page);
}
/** The API's answers, one per request; `hold` leaves the request unanswered (the visitor leaves first). */
function api(page: Page, answers: Array<[number, unknown] | 'hold'>) {
  return page.route('**/api/leads', async (route: Route) => {
    const a = answers.shift();
    if (a == 'hold' || !a) return; // never answered: the page is left
    await route.fulfill({ status: a[0], body: JSON.stringify(a[1]), contentType: 'application/json' });
  });
}

test('jQuery Validate: two tries it refuses, then its submitHandler\'s form.submit(): one inquiry, one identify', async ({ page, site, collector }) => {
  await open(page, site, collector);
  await page.click('#validated button'); // nothing filled: refused by the plugin
  await page.fill('#validated [name=name]', 'Ann Lee');
  await page.click('#validated button'); // no email yet
  await expect(page.locator('#email-error')).toBeVisible(); // jQuery Validate's message
  await page.fill('#validated [name=message]', 'Is parking included?');
  await page.fill('#validated [name=email]', 'ann@example.com');
  await page.press('#validated [name=email]', 'Enter'); // a click could miss: the messages go as fields lose focus
  await page.waitForURL(/blank\.html/);
  await next(page, site, collector);
  const got = await received(collector, []);
  figures('3 tries, 1 accepted: ' + got.line);
  expect(got.forms.map((e) => [e.event, e.email, e.properties.message, e.properties.property?.id]))
    .toEqual([['inquiry', 'ann@example.com', 'Is parking included?', 'CED-88']]);
  expect(got.identifies).toHaveLength(1);
});

test('reCAPTCHA: prevented, verified, then form.submit(): one lead, and the captcha answer is never the message', async ({ page, site, collector }) => {
  await open(page, site, collector);
  await page.fill('#captcha [name=email]', 'bo@example.com');
  await page.fill('#captcha [name=phone]', '+44 20 7946 0018');
  await page.click('#captcha button');
  await page.waitForURL(/blank\.html/);
  await next(page, site, collector);
  const got = await received(collector, ['recaptcha-token', 'g-recaptcha-response']);
  figures('1 try, 1 accepted: ' + got.line);
  expect(got.forms).toHaveLength(1);
  expect(got.forms[0]).toMatchObject({ event: 'inquiry', email: 'bo@example.com' }); // "Book a viewing" of this home
  expect(got.forms[0].properties.message).toBeUndefined();
  expect(got.identifies).toHaveLength(1);
  expect(got.leaked).toEqual([]);
});

test('a site\'s JSON request: 422, ok:false and 500 are refusals; accepted, then clicked twice: one lead', async ({ page, site, collector }) => {
  await api(page, [[422, { errors: { email: 'invalid' } }], [200, { ok: false, error: 'spam suspected' }], [500, { message: 'oops' }], [201, { ok: true }], [201, { ok: true }]]);
  await open(page, site, collector);
  await page.fill('#api [name=email]', 'cy@example.com');
  await page.fill('#api [name=question]', 'Is the HOA fee monthly?');
  for (let i = 1; i <= 3; i++) {
    await page.click('#api button');
    await expect(page.locator('#api-answer')).toContainText(['422', '200', '500'][i - 1]);
  }
  await page.evaluate(() => { const b = document.querySelector('#api button') as HTMLButtonElement; b.click(); b.click(); }); // a double click
  await expect(page).toHaveURL(/thanks=1/);
  await expect.poll(() => page.locator('#api-answer').textContent()).toMatch(/201.*\n.*201/);
  await drain(page);
  const got = await received(collector, []);
  figures('4 tries + a double click, 1 accepted: ' + got.line);
  expect(got.forms.map((e) => [e.event, e.email, e.properties.message])).toEqual([['inquiry', 'cy@example.com', 'Is the HOA fee monthly?']]);
  expect(got.identifies).toHaveLength(1);
});

test('a request that carries one of the values (an email check) is not the submission: its 200 is no lead', async ({ page, site, collector }) => {
  // The site checks the email with another API as the form is sent; the form's own request is refused after.
  await page.route('**/api/check-email?*', (r) => r.fulfill({ status: 200, body: '{"valid":true}', contentType: 'application/json' }));
  await page.route('**/api/leads', async (r) => {
    await new Promise((ok) => setTimeout(ok, 500));
    await r.fulfill({ status: 422, body: '{"errors":{"question":"too short"}}', contentType: 'application/json' });
  });
  await open(page, site, collector);
  await page.evaluate(() => document.getElementById('api')!.addEventListener('submit', (e) => {
    fetch('/api/check-email?email=' + encodeURIComponent((e.target as HTMLFormElement).email.value));
  }, true));
  await page.fill('#api [name=email]', 'el@example.com');
  await page.fill('#api [name=question]', 'Hi?');
  await page.click('#api button');
  await expect(page.locator('#api-answer')).toContainText('422');
  await drain(page);
  const got = await received(collector, []);
  figures('an email check answered 200, the form refused: ' + got.line);
  expect(got.forms).toEqual([]);
  expect(got.identifies).toEqual([]);
});

test('a page left while its request is in flight sends the submission as it stands', async ({ page, site, collector }) => {
  await api(page, ['hold']);
  await open(page, site, collector);
  await page.fill('#api [name=email]', 'di@example.com');
  await page.fill('#api [name=question]', 'Can I bring my dog?');
  const asked = page.waitForRequest('**/api/leads');
  await page.click('#api button');
  await asked;
  await next(page, site, collector); // left before the answer
  const got = await received(collector, []);
  figures('left in flight: ' + got.line);
  expect(got.forms.map((e) => [e.event, e.email])).toEqual([['inquiry', 'di@example.com']]);
  expect(got.identifies).toHaveLength(1);
});

for (const bots of ['allow', 'filter'] as const) test(`typed and sent within a second, with the honeypot filled: the lead is sent, flagged (data-bots=${bots})`, async ({ page, site, collector }) => {
  await api(page, [[201, { ok: true }]]);
  await openIn(page, fixtureUrl(site.url, collector, { fixture: 'engine-forms.html', flushInterval: '200', bots }));
  await page.route('**/fixtures/blank.html?*', (r) => r.fulfill({ status: 200, body: 'ok' }));
  await page.evaluate(() => {
    const email = document.querySelector('[name=nl_email]') as HTMLInputElement;
    email.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: 'e' }));
    email.value = 'bot@example.com';
    (document.querySelector('[name=nl_url]') as HTMLInputElement).value = 'http://spam.example';
    (document.getElementById('newsletter') as HTMLFormElement).requestSubmit();
  });
  await expect.poll(() => page.evaluate(() => document.getElementById('newsletter')!.dataset.answered)).toBeTruthy();
  await drain(page);
  const got = await received(collector, ['spam.example']);
  expect(got.forms).toHaveLength(1);
  // Filtered, this automated browser's own signals go beside the form's (they replaced them before).
  expect(got.forms[0].properties.context.automation).toEqual(bots === 'allow' ? { honeypot: true, fastSubmit: true }
    : { honeypot: true, fastSubmit: true, signals: expect.arrayContaining(['webdriver']) });
  expect(got.leaked).toEqual([]);
});
