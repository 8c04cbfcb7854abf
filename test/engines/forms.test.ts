// forms.test.ts: SPEC §6.2's generic rules in every engine: one event per submission that succeeded, about the
// visitor (not their friend), an inquiry only when it asks about the home, nothing sensitive, the honeypot flagged.
import { test, expect, drain, report } from '../support/engines.js';
import type { Tab } from '../support/engines.js';
import type { LogEvent } from '../support/collector.js';

const isForm = (e: LogEvent) => /^(identify|inquiry|form_submission)$/.test(e.event);

/** Values that must never leave the browser (test/fixtures/engine-forms.html): national ids, a date of birth, a licence, a captcha answer. */
const SENSITIVE = ['123.456.789-09', '2345 6789 0123', 'ABCDE1234F', 'GODE561231HDFRRN09', '046 454 286', 'QQ 12 34 56 C',
  '1984-03-09', 'D123-4567-8901', 'X1234567Z', 'TAXID-998877', '987.654.321-00', '03AGdBq24-captcha-answer'];
// As JSON keys, as a leak would show them ("cpf" bare is also three letters a random messageId can hold).
const NAMES = ['cpf', 'aadhaar', 'pan_number', 'curp', 'sin', 'ni_number', 'dob', 'drivers_license', 'passport', 'tax_id', 'g-recaptcha-response', 'pwd']
  .map((n) => '"' + n + '"');

/** Fills `values` into form `id` and submits it as the visitor's Enter key would; resolves once the page's request was answered `times`. */
async function send(tab: Tab, id: string, values: Record<string, string>, o: { to?: string; answers?: number } = {}) {
  await tab.evaluate(({ id, values, to }) => {
    const form = document.getElementById(id) as HTMLFormElement;
    for (const name in values) (form.elements.namedItem(name) as HTMLInputElement).value = values[name];
    if (to) form.dataset.to = to;
    else delete form.dataset.to;
    form.requestSubmit();
  }, { id, values, to: o.to });
  if (o.answers) await expect.poll(() => tab.evaluate((id) => (document.getElementById(id)!.dataset.answered || '').trim().split(' ').length, id)).toBe(o.answers);
}

test('a form counts once when it succeeds: not when the page or the server refuses it, nor when sent again', async ({ engine, visit, collector }) => {
  const tab = await visit({ fixture: 'engine-forms.html', flushInterval: '100' });
  const jane = { field_1: 'Jane Q Doe', field_3: '+1 612 555 0199', field_4: 'Can we see it on Saturday?' };
  await send(tab, 'ask', { ...jane, field_2: '' }); // the page's own check: no email, no request
  await send(tab, 'ask', { field_2: 'jane@example.com' }, { to: '/fixtures/missing.html', answers: 1 }); // 404
  await send(tab, 'ask', {}, { answers: 2 }); // 200: the lead
  await send(tab, 'ask', {}, { answers: 3 }); // the same values again: the same event
  await send(tab, 'friend', { sender_name: 'Sam Roe', sender_email: 'sam@example.com', friend_name: 'Bob', friend_email: 'bob@example.com', note: 'Look!' }, { answers: 1 });
  await send(tab, 'login', { log: 'lou@example.com', pwd: 'hunter2-secret' }, { answers: 1 });
  await tab.evaluate(() => { (document.querySelector('[name=nl_url]') as HTMLInputElement).value = 'http://spam.example'; }); // a robot fills it
  await send(tab, 'newsletter', { nl_email: 'nia@example.com' }, { answers: 1 });
  await drain(tab);

  // Per lead, its identify and its form event (the form event goes at once, so it may arrive first).
  await expect.poll(async () => (await collector.accepted()).filter(isForm).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(8);
  const events = (await collector.accepted()).filter(isForm).sort((a, b) => (a.email! + a.event < b.email! + b.event ? -1 : 1));
  const wire = JSON.stringify((await collector.log()).events);
  const leaked = SENSITIVE.concat(NAMES, ['bob@example.com', 'hunter2-secret', 'spam.example']).filter((s) => wire.includes(s));
  const forms = events.filter((e) => e.event != 'identify').length;
  report(engine, `4 leads (one after a refusal by the page and one by the server, one sent twice): form events ${forms}, ` +
    `identifies ${events.length - forms}; sensitive values or names sent: ${leaked.length} of ${SENSITIVE.length + NAMES.length + 3}`);
  expect(events.map((e) => e.event + ' ' + e.email)).toEqual([
    'identify jane@example.com', 'inquiry jane@example.com',
    'form_submission lou@example.com', 'identify lou@example.com', // a login sends no fields
    'form_submission nia@example.com', 'identify nia@example.com', // the footer's newsletter is no inquiry
    'form_submission sam@example.com', 'identify sam@example.com', // a share with a friend asks the agent nothing
  ]);
  const [janeId, inquiry, login, , newsletter, , share, samId] = events as any[];
  expect(janeId.traits).toMatchObject({ firstName: 'Jane', lastName: 'Q Doe', phone: '+1 612 555 0199' });
  expect(inquiry.properties).toMatchObject({ property: { id: 'HBR-7', price: 612000 }, message: 'Can we see it on Saturday?' });
  expect(inquiry.properties.metadata.fields).toEqual({ field_4: 'Can we see it on Saturday?' });
  expect(samId.traits).toMatchObject({ firstName: 'Sam', lastName: 'Roe' });
  expect(share.properties.metadata.fields).toEqual({ note: 'Look!' });
  expect(login.properties.metadata.fields).toEqual({}); // a form with a password sends no fields
  expect(newsletter.properties.context.automation).toEqual({ honeypot: true });
  expect(inquiry.properties.context.automation).toBeUndefined();
  expect(leaked).toEqual([]);
});
