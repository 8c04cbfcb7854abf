// link-email.test.ts: in every engine, the README's stub takes a campaign link's homing_email out of the address
// bar before another tag of the page reads it, and the visitor arrives identified from the link (SPEC §1, §5).
import { test, expect, report } from '../support/engines.js';

const EMAIL = 'lead+spring@example.com';

test('a tag reading the address right after the stub never sees the link\'s email; the visitor is identified from the link', async ({ engine, visit, collector }) => {
  const tab = await visit({ fixture: 'link-inline.html', query: 'utm_campaign=spring&homing_email=' + encodeURIComponent(EMAIL) });
  const saw = await tab.evaluate(() => (window as any).otherTagSaw as string[]);
  report(engine, 'the other tag saw ' + saw[0].replace(/^.*\?/, '?').replace(/endpoint=[^&]*&/, ''));
  for (const href of [...saw, await tab.url()]) {
    expect(href).toContain('utm_campaign=spring');
    expect(href).not.toContain('homing_email');
  }
  await expect.poll(async () => (await collector.accepted(true)).map((e) => e.event).sort(), { timeout: 15_000 })
    .toEqual(expect.arrayContaining(['early_call', 'identify', 'page_view']));
  const events = await collector.accepted(true);
  const identify = events.find((e) => e.event === 'identify')!;
  expect([identify.email, identify.properties.context.identitySource]).toEqual([EMAIL, 'link']);
  expect(events.find((e) => e.event === 'early_call')!.email).toBe(EMAIL);
  expect(JSON.stringify((await collector.log()).events)).not.toMatch(/homing_email|lead%2Bspring/);
});
