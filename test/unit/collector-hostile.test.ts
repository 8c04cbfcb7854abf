// collector-hostile.test.ts: the bin as a process against bodies the internet sends (SPEC §4.1): nesting
// thousands deep, events by reference 004 without timestamp or messageId; a 4xx that names the field, no error line.
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, type CliProcess } from './cli-helpers.js';

let cli: CliProcess;
let dir: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'homing-hostile-'));
  cli = await startCli(['collector', '--data', dir], { DATABASE_URL: '', HOMING_KEYS: 'pk_test_1', HOMING_ADMIN_TOKEN: 'admin-token-0123456789' });
  await cli.waitForReady();
});

test.afterAll(async () => {
  await cli.stop();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: string) =>
  fetch(cli.url + '/v1/events/batch', { method: 'POST', headers: { Authorization: 'Bearer pk_test_1', 'Content-Type': 'application/json' }, body });

const event = (over: Record<string, unknown> = {}) =>
  ({ event: 'lead', identify: { email: 'jane@example.com' }, properties: {}, timestamp: new Date().toISOString(), messageId: 'm-' + Math.random(), ...over });

/** `{"a":{"a":…1…}}` `n` deep, as text: built without recursion, as an attacker would. */
const deepText = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

const errorLines = () => cli.lines.filter((l) => l.level === 'error' || 'stderr' in l);

test('properties, traits and any field nested 20,000 deep are a 400 TOO_DEEP naming the field, not a 503', async () => {
  const marker = '"__DEEP__"';
  const cases: [string, string][] = [
    [JSON.stringify(event({ properties: '__DEEP__' })).replace(marker, deepText(20_000)), 'properties.a.a.a'],
    [JSON.stringify(event({ identify: { email: 'jane@example.com', traits: '__DEEP__' } })).replace(marker, deepText(20_000)), 'identify.traits.a.a.a'],
    [JSON.stringify(event({ messageId: '__DEEP__' })).replace(marker, deepText(20_000)), 'messageId.a.a.a'],
    [JSON.stringify(event({ extra: '__DEEP__' })).replace(marker, '['.repeat(200_000) + ']'.repeat(200_000)), 'extra[0][0][0]'],
  ];
  for (const [text, field] of cases) {
    const res = await post('{"events":[' + text + ']}');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      accepted: 0, failed: 1, duplicated: 0, events: [],
      errors: [{ index: 0, errors: [{ code: 'TOO_DEEP', message: field + ': nests deeper than 3 levels' }] }],
    });
  }
  // One deep event among good ones takes nothing with it: the others are stored (207).
  const good = event();
  const res = await post('{"events":[' + JSON.stringify(good) + ',' + JSON.stringify(event({ properties: '__DEEP__' })).replace(marker, deepText(20_000)) + ']}');
  expect(res.status).toBe(207);
  expect(await res.json()).toMatchObject({ accepted: 1, failed: 1, events: [{ index: 0, messageId: good.messageId, status: 'accepted' }] });
  expect((await fetch(cli.url + '/readyz')).status).toBe(200);
  expect(errorLines()).toEqual([]);
});

test('an event without timestamp takes the time received; without messageId it gets one, given in the answer', async () => {
  const before = Date.now();
  const { timestamp, messageId, ...bare } = event({ event: 'wordpress_lead' });
  const res = await post(JSON.stringify({ events: [bare, { ...bare, timestamp }, { ...bare, messageId }] }));
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ accepted: 3, failed: 0, duplicated: 0 });
  const ids: string[] = body.events.map((e: { messageId: string }) => e.messageId);
  expect(ids[2]).toBe(messageId);
  expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
  expect(ids[1]).not.toBe(ids[0]);
  // The admin export shows what was stored: the generated ids and the time received.
  const exported = await fetch(cli.url + '/__export', { headers: { Authorization: 'Bearer admin-token-0123456789' } }).then((r) => r.text());
  const stored = exported.trim().split('\n').map((l) => JSON.parse(l)).filter((s) => s.event.event === 'wordpress_lead');
  const byId = new Map(stored.map((s) => [s.messageId, s.event.timestamp]));
  expect(byId.get(ids[1])).toBe(timestamp);
  for (const id of [ids[0], ids[2]]) {
    const t = Date.parse(String(byId.get(id)));
    expect(t).toBeGreaterThanOrEqual(before - 1000);
    expect(t).toBeLessThanOrEqual(Date.now() + 1000);
  }
  // Sent again, an event without messageId is a new event: nothing could tell it from the first.
  const again = await (await post(JSON.stringify({ events: [bare] }))).json();
  expect(again).toMatchObject({ accepted: 1, duplicated: 0 });
  expect(again.events[0].messageId).not.toBe(ids[0]);
});

test('a sentAt the store cannot hold (year 0, year 10000) is ignored, not a 503 (found by the fuzz)', async () => {
  for (const sentAt of ['0000-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.000Z', '1970-01-01', { at: 'now' }]) {
    const res = await post(JSON.stringify({ events: [event()], sentAt }));
    expect(res.status).toBe(200);
  }
  expect(errorLines()).toEqual([]);
});
