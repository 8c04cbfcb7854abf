// embeds.test.ts: schedulers and forms in other sites' iframes that tell the page (SPEC §6.2): Calendly, HubSpot,
// Typeform and Tally frames, served under their own origins by the test, post the messages each vendor documents;
// the same messages from any other origin are nothing.
import type { Page } from '@playwright/test';
import { test, expect, fixtureUrl, openIn, drain } from '../support/pages.js';

/** The embeds' own origins, and look-alikes that must not pass for them. */
const FRAMES = /^https:\/\/(calendly\.com|forms\.hsforms\.com|form\.typeform\.com|tally\.so|[\w.-]+\.spoof\.test)\/embed-test/;
// A frame that posts its hash to the page as it loads (as an object, or as the JSON string Tally posts).
const FRAME_HTML = '<!doctype html><script>var m = decodeURIComponent(location.hash.slice(1));' +
  'parent.postMessage(location.search == "?string" ? m : JSON.parse(m), "*")</script>';

const CALENDLY = { event: 'calendly.event_scheduled', payload: {
  event: { uri: 'https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2' },
  invitee: { uri: 'https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/AAAAAAAAAAAAAAAA' } } };
const HUBSPOT = (values: Record<string, unknown>) => ({ type: 'hsFormCallback', eventName: 'onFormSubmitted', id: '78c2891f-ebdd-44c0-bd94-15c012bbbfbf',
  data: { redirectUrl: '', formGuid: '78c2891f-ebdd-44c0-bd94-15c012bbbfbf', submissionValues: values } });
const TYPEFORM = { type: 'form-submit', embedId: 'zxcv1234', responseId: 'r-typeform-1' };
const TALLY = JSON.stringify({ event: 'Tally.FormSubmitted', payload: { id: 'sub-1', respondentId: 'resp-1', formId: 'mRoDv3', formName: 'Open house sign-up', fields: [] } });

async function opened(page: Page, url: string) {
  await page.route(FRAMES, (route) => route.fulfill({ contentType: 'text/html', body: FRAME_HTML }));
  await openIn(page, url);
  await page.evaluate(() => window.homing.stats()); // the tracker, and so its listeners, exist now
}

/** An iframe at `origin` that posts `message` as it loads. */
const embed = (page: Page, origin: string, message: unknown) => page.evaluate(([origin, m]) => new Promise<void>((done) => {
  const f = document.createElement('iframe');
  f.src = origin + '/embed-test' + (typeof m == 'string' ? '?string' : '') + '#' + encodeURIComponent(typeof m == 'string' ? m : JSON.stringify(m));
  f.onload = () => setTimeout(done, 50);
  document.body.appendChild(f);
}), [origin, message] as const);

const recorded = async (page: Page) => page.evaluate(async () => { const s = await window.homing.stats(); return s.queued + s.held; });

test('a Calendly booking on a listing page is an appointment about the listing, held until the visitor is known', async ({ page, site, collector }) => {
  await opened(page, fixtureUrl(site.url, collector, { fixture: 'listing.html', flushInterval: '200' }));
  await embed(page, 'https://calendly.com', CALENDLY);
  await expect.poll(() => page.evaluate(async () => (await window.homing.stats()).held)).toBeGreaterThan(0);
  await page.evaluate(() => window.homing.identify('booker@example.com'));
  await drain(page);
  const [appt] = (await collector.accepted()).filter((e) => e.event === 'appointment_scheduled');
  expect(appt.email).toBe('booker@example.com');
  expect(appt.properties.property.id).toBe('MLS-4471');
  expect(appt.properties.metadata).toEqual({ embed: 'calendly', eventUri: CALENDLY.payload.event.uri, inviteeUri: CALENDLY.payload.invitee.uri });
});

test('a HubSpot form asking about the listing identifies its sender and is an inquiry, without sensitive fields', async ({ page, site, collector }) => {
  await opened(page, fixtureUrl(site.url, collector, { fixture: 'listing.html', flushInterval: '200' }));
  await embed(page, 'https://forms.hsforms.com', HUBSPOT({
    email: 'hs.lead@example.com', firstname: 'Hana', lastname: 'Sato', phone: '+1 555 0100', message: 'Can I see it Sunday?',
    preferred_time: 'mornings', date_of_birth: '1990-01-01', hs_context: '{"pageUrl":"x"}', ssn: '123-45-6789',
    // The forms' rules, by name and by value: a passport, and a card number typed into a free field.
    passport_no: 'X1234567', notes: '4111 1111 1111 1111',
  }));
  await drain(page);
  const got = await collector.waitForAccepted(3); // with the listing view, released with the sender
  const identify = got.find((e) => e.event === 'identify')! as any;
  expect([identify.email, identify.properties.context.identitySource, identify.traits.firstName, identify.traits.lastName, identify.traits.phone])
    .toEqual(['hs.lead@example.com', 'form', 'Hana', 'Sato', '+1 555 0100']);
  const inquiry = got.find((e) => e.event === 'inquiry')!;
  expect(inquiry.email).toBe('hs.lead@example.com');
  expect(inquiry.properties.property.id).toBe('MLS-4471');
  expect(inquiry.properties.message).toBe('Can I see it Sunday?');
  expect(inquiry.properties.metadata).toEqual({ embed: 'hubspot', formId: '78c2891f-ebdd-44c0-bd94-15c012bbbfbf', fields: { preferred_time: 'mornings' } });
  expect(JSON.stringify((await collector.log()).events)).not.toMatch(/1990-01-01|123-45-6789|hs_context|X1234567|4111/);
});

test('a HubSpot form rendered by its script in the page (its own origin) is a form_submission with an identify', async ({ page, site, collector }) => {
  await opened(page, fixtureUrl(site.url, collector, { flushInterval: '200' }));
  await page.evaluate((m) => window.postMessage(m, '*'), HUBSPOT({ email: 'news@example.com', firstname: 'Nia' }));
  await drain(page);
  const got = await collector.waitForAccepted(2);
  expect(got.map((e) => [e.event, e.email]).sort()).toEqual([['form_submission', 'news@example.com'], ['identify', 'news@example.com']]);
  expect(got.find((e) => e.event === 'form_submission')!.properties.metadata.embed).toBe('hubspot');
});

test('Typeform and Tally submissions are form_submissions held until the visitor is known', async ({ page, site, collector }) => {
  await opened(page, fixtureUrl(site.url, collector, { flushInterval: '200' }));
  await embed(page, 'https://form.typeform.com', TYPEFORM);
  await embed(page, 'https://tally.so', TALLY);
  await expect.poll(() => page.evaluate(async () => (await window.homing.stats()).held)).toBe(3); // the page view too
  expect(await collector.accepted()).toEqual([]);
  await page.evaluate(() => window.homing.identify('later@example.com'));
  await drain(page);
  const forms = (await collector.waitForAccepted(3)).filter((e) => e.event === 'form_submission');
  expect(forms.map((e) => [e.email, e.properties.metadata]).sort((a, b) => String(a[1].embed).localeCompare(b[1].embed))).toEqual([
    ['later@example.com', { embed: 'tally', formId: 'mRoDv3', formName: 'Open house sign-up' }],
    ['later@example.com', { embed: 'typeform', responseId: 'r-typeform-1' }],
  ]);
});

test('the same messages from any other origin record nothing', async ({ page, site, collector }) => {
  await opened(page, fixtureUrl(site.url, collector, { fixture: 'listing.html', flushInterval: '200' }));
  // The page's own events first: its page view, and its listing view, read in an idle moment.
  await expect.poll(() => recorded(page)).toBe(2);
  const before = await recorded(page);
  const local = site.url.replace('127.0.0.1', 'localhost'); // a second local origin: the same server under another name
  await page.route(local + '/embed-test**', (route) => route.fulfill({ contentType: 'text/html', body: FRAME_HTML }));
  for (const origin of ['https://calendly.com.spoof.test', 'https://hsforms.com.spoof.test', 'https://form.typeform.com.spoof.test', 'https://tally.so.spoof.test', local]) {
    await embed(page, origin, CALENDLY);
    await embed(page, origin, HUBSPOT({ email: 'spoofed@example.com', message: 'hi' }));
    await embed(page, origin, TYPEFORM);
    await embed(page, origin, TALLY);
  }
  await page.waitForTimeout(300);
  expect(await recorded(page)).toBe(before);
  await page.evaluate(() => window.homing.flush());
  expect(JSON.stringify((await collector.log()).events)).not.toMatch(/spoofed|appointment_scheduled|form_submission|inquiry/);
});
