// plugins.test.ts: WordPress form plugins' own released code (Contact Form 7 6.1.6, Formidable 6.34), with the markup
// they render and a stand-in of their server's answers: the CRM gets one lead per submission the plugin accepted.
import fs from 'node:fs';
import type { Page, Route } from '@playwright/test';
import { test, expect, fixtureUrl, openIn, drain } from '../support/pages.js';
import { figures, fromMirror, needs, received } from '../support/forms.js';

const CF7 = 'rocklobster-in+contact-form-7';
const FORMIDABLE = 'Strategy11+formidable-forms';
const answers = (file: string) => JSON.parse(fs.readFileSync('test/fixtures/plugins/' + file, 'utf8'));
const js = (body: Buffer) => (route: Route) => route.fulfill({ body, contentType: 'text/javascript' });
/** Answers a plugin's endpoint with the next recorded answer, one per request. */
function serve(page: Page, url: string, next: () => { status: number; body?: unknown; html?: string; type?: string }) {
  return page.route(url, (route) => {
    const a = next();
    if (a.html) return route.fulfill({ status: a.status, body: a.html, contentType: 'text/html' });
    const body = typeof a.body == 'string' ? a.body : JSON.stringify(a.body);
    return route.fulfill({ status: a.status, body, contentType: a.type || 'application/json' });
  });
}

test.describe('Contact Form 7', () => {
  test('refused by the server (invalid, mail failed, spam, 500), then sent: one inquiry and one identify, no plumbing', async ({ page, site, collector }) => {
    const [index, swv] = needs([
      fromMirror(CF7, 'v6.1.6', 'includes/js/index.js'), fromMirror(CF7, 'v6.1.6', 'includes/swv/js/index.js')], 'Contact Form 7 6.1.6');
    const cf7 = answers('cf7-answers.json');
    const order = ['validation_failed', 'mail_failed', 'spam', 'server_error', 'mail_sent'];
    await page.route('**/contact-form-7/includes/js/index.js', js(index));
    await page.route('**/contact-form-7/includes/swv/js/index.js', js(swv));
    await serve(page, '**/contact-forms/42/feedback/schema', () => ({ status: 200, body: cf7.schema }));
    await serve(page, '**/contact-forms/42/feedback', () => cf7[order.shift()!]);
    await serve(page, '**/contact-forms/42/refill', () => ({ status: 200, body: cf7.refill }));
    await openIn(page, fixtureUrl(site.url, collector, { fixture: 'plugins/cf7.html', flushInterval: '200' }));
    await page.fill('[name=your-name]', 'Jane Q Doe');
    await page.fill('[name=your-email]', 'jane@example.com');
    await page.fill('[name=your-phone]', '+1 612 555 0199');
    await page.fill('[name=your-message]', 'Can we see it on Saturday?');
    const form = page.locator('.wpcf7-form');
    for (const status of ['invalid', 'failed', 'spam', 'submitting', 'sent']) {
      const answered = page.waitForResponse('**/contact-forms/42/feedback');
      await page.click('.wpcf7-submit');
      await answered;
      await expect(form).toHaveAttribute('data-status', status); // CF7's own reading of the answer
    }
    await page.waitForTimeout(300); // the plugin's events and the answers are read
    await drain(page);

    const got = await received(collector, ['_wpcf7', 'wpcf7-f42', 'recaptcha-token-cf7', '5b1e9f0c2d3a']);
    figures('5 tries, 1 accepted: ' + got.line);
    expect(got.forms).toHaveLength(1);
    expect(got.identifies).toHaveLength(1);
    expect(got.leaked).toEqual([]);
    const [inquiry] = got.forms;
    expect(inquiry.event).toBe('inquiry');
    expect(inquiry.email).toBe('jane@example.com');
    expect(inquiry.properties).toMatchObject({ property: { id: 'HV-1207', price: 1449000 }, message: 'Can we see it on Saturday?' });
    expect(inquiry.properties.metadata.fields).toEqual({ 'your-message': 'Can we see it on Saturday?' });
    expect((got.identifies[0] as any).traits).toMatchObject({ firstName: 'Jane', lastName: 'Q Doe', phone: '+1 612 555 0199' });
  });
});

test.describe('Formidable', () => {
  const code = () => needs([
    fromMirror(FORMIDABLE, 'v6.34', 'js/formidable.min.js'), fs.readFileSync('node_modules/jquery/dist/jquery.min.js')], 'Formidable 6.34');
  async function open(page: Page, site: { url: string }, collector: any) {
    const [formidable, jquery] = code();
    await page.route('**/formidable/js/formidable.min.js', js(formidable));
    await page.route('**/wp-includes/js/jquery/jquery.min.js', js(jquery));
    const url = fixtureUrl(site.url, collector, { fixture: 'plugins/formidable.html', flushInterval: '200' });
    // The page posts to itself (WordPress processes the entry and answers with the page).
    await page.route((u) => u.pathname.endsWith('/plugins/formidable.html'), (route) =>
      (route.request().method() == 'POST' ? route.fulfill({ status: 200, body: answers('formidable-answers.json').posted.html, contentType: 'text/html' }) : route.fallback()));
    await openIn(page, url);
  }

  test('a required field left empty, then its own form.submit() after its checks: one form_submission, names from labels', async ({ page, site, collector }) => {
    await open(page, site, collector);
    await page.fill('#field_qh4icy', 'Jane');
    await page.fill('#field_ocfup1', 'Doe');
    await page.fill('#field_phone2', '612 555 0199');
    await page.fill('#field_e6lis6', 'We are selling in the spring.');
    await page.click('#form_contact2 .frm_button_submit'); // Formidable's own check: Email is required
    await expect(page.locator('#frm_field_9_container .frm_error')).toBeVisible();
    await page.fill('#field_29yf4d', 'jane@example.com');
    // Enter, not a click: Formidable clears the error as the field loses focus, and the button moves under the pointer.
    await page.press('#field_29yf4d', 'Enter'); // checked, then posted by Formidable's form.submit()
    await expect(page.locator('.frm_message')).toBeVisible(); // the page WordPress answers the post with
    await openIn(page, fixtureUrl(site.url, collector, { flushInterval: '200' })); // the next page delivers what is left
    await drain(page);

    const got = await received(collector, ['frm_', 'form_key', 'item_meta[0]', 'item_meta[12]', '8c1d2e3f4a', 'http_referer', 'leave this field blank']);
    figures('2 tries, 1 accepted: ' + got.line);
    expect(got.forms).toHaveLength(1);
    expect(got.identifies).toHaveLength(1);
    expect(got.leaked).toEqual([]);
    expect(got.forms[0]).toMatchObject({ event: 'form_submission', email: 'jane@example.com' });
    expect(got.forms[0].properties.message).toBe('We are selling in the spring.');
    expect((got.identifies[0] as any).traits).toMatchObject({ firstName: 'Jane', lastName: 'Doe', phone: '612 555 0199' });
  });

  test('AJAX: its server refuses, then accepts: one lead; a 500 falls back to posting the page, which counts once', async ({ page, site, collector }) => {
    const frm = answers('formidable-answers.json');
    const order = ['errors', 'created', 'server_error'];
    await serve(page, '**/wp-admin/admin-ajax.php', () => frm[order.shift()!]);
    await open(page, site, collector);
    await page.fill('#field_nm3', 'Sam Roe');
    await page.fill('#field_em3', 'sam@example.com');
    let answered = page.waitForResponse('**/admin-ajax.php');
    await page.click('#form_callback3 .frm_button_submit');
    await answered;
    await expect(page.locator('#frm_field_19_container .frm_error')).toBeVisible(); // frmFormErrors
    await page.fill('#field_ph3', '612 555 0142');
    answered = page.waitForResponse('**/admin-ajax.php');
    await page.click('#form_callback3 .frm_button_submit');
    await answered;
    await expect(page.locator('#frm_form_3_container .frm_message')).toBeVisible(); // frmFormComplete
    await page.waitForTimeout(300);
    await drain(page);
    let got = await received(collector, ['frm_', 'form_key', 'item_meta[22]', '9d2e3f4a5b', 'a1b2c3d4e5']);
    figures('AJAX, 2 tries, 1 accepted: ' + got.line);
    expect(got.forms).toHaveLength(1);
    expect(got.identifies).toHaveLength(1);
    expect(got.leaked).toEqual([]);
    expect((got.identifies[0] as any).traits).toMatchObject({ firstName: 'Sam', lastName: 'Roe', phone: '612 555 0142' });

    // On a fresh page, the server answers 500: Formidable's error callback posts the form itself.
    await open(page, site, collector);
    await page.fill('#field_em3', 'lee@example.com');
    await page.click('#form_callback3 .frm_button_submit'); // 500: Formidable posts the form itself
    await expect(page.locator('.frm_message')).toBeVisible();
    await openIn(page, fixtureUrl(site.url, collector, { flushInterval: '200' }));
    await drain(page);
    got = await received(collector, []);
    figures('AJAX answered 500, then posted by the plugin: ' + got.forms.filter((e) => e.email === 'lee@example.com').length + ' form event');
    expect(got.forms.filter((e) => e.email === 'lee@example.com')).toHaveLength(1);
  });
});
