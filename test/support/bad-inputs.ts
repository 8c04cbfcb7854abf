// bad-inputs.ts: the bad calls of SPEC §2/§4, run in the page by the engine scenario
// test/engines/input.test.ts in every engine: each must resolve { error } naming the field and the limit, log
// one console error, notify `invalid`, and neither throw nor disturb the good events around it.
import { expect } from '@playwright/test';
import type { LogEvent } from './collector.js';

/** Runs in the page (self-contained: it is sent to the browser as source). */
export const runBadInputs = async () => {
  const h = window.homing;
  const cyclic: any = { a: 1 };
  cyclic.self = cyclic;
  const many: any = {};
  for (let i = 0; i < 120; i++) many['k' + i] = i;
  const big: any = {};
  for (let i = 0; i < 40; i++) big['s' + i] = 'x'.repeat(1000);
  const wide: any = {};
  for (let i = 0; i < 30; i++) wide['s' + i] = '€'.repeat(400); // 1,200 bytes each: bytes, not characters
  const cases: [string, () => any, string, string][] = [
    ['name is a number', () => h.track(42), 'INVALID_EVENT_NAME', 'event'],
    ['name is empty', () => h.track(''), 'INVALID_EVENT_NAME', 'event'],
    ['name is 61 characters', () => h.track('a'.repeat(61)), 'INVALID_EVENT_NAME', 'event'],
    ['name has a space', () => h.track('viewed listing'), 'INVALID_EVENT_NAME', 'event'],
    ['name has an emoji', () => h.track('view🏠'), 'INVALID_EVENT_NAME', 'event'],
    ['name is missing', () => h.track(), 'INVALID_EVENT_NAME', 'event'],
    ['name is an object', () => h.track({ event: 'x' }), 'INVALID_EVENT_NAME', 'event'],
    ['properties is an array', () => h.track('ok', [1, 2]), 'INVALID_PROPERTIES', 'properties'],
    ['properties is a string', () => h.track('ok', 'beds=3'), 'INVALID_PROPERTIES', 'properties'],
    ['properties is a Date', () => h.track('ok', new Date()), 'INVALID_PROPERTIES', 'properties'],
    ['properties is a Map', () => h.track('ok', new Map([['a', 1]])), 'INVALID_PROPERTIES', 'properties'],
    ['properties has a cycle', () => h.track('ok', cyclic), 'NOT_SERIALIZABLE', 'properties'],
    ['properties has a BigInt', () => h.track('ok', { price: BigInt(5) }), 'NOT_SERIALIZABLE', 'properties'],
    ['more than 100 leaf keys', () => h.track('ok', many), 'TOO_MANY_KEYS', 'properties'],
    ['nested 4 levels', () => h.track('ok', { a: { b: { c: { d: 1 } } } }), 'TOO_DEEP', 'properties.a.b.c'],
    ['string of 1,001 characters', () => h.track('ok', { note: 'n'.repeat(1001) }), 'STRING_TOO_LONG', 'properties.note'],
    ['array of 101 items', () => h.track('ok', { ids: Array.from({ length: 101 }, (_, i) => i) }), 'ARRAY_TOO_LONG', 'properties.ids'],
    ['array holding an object', () => h.track('ok', { ids: [1, { id: 2 }] }), 'INVALID_ARRAY_ITEM', 'properties.ids[1]'],
    ['array holding an array', () => h.track('ok', { ids: [[1]] }), 'INVALID_ARRAY_ITEM', 'properties.ids[0]'],
    ['array item over 1,000 characters', () => h.track('ok', { tags: ['t'.repeat(1001)] }), 'STRING_TOO_LONG', 'properties.tags[0]'],
    ['event over 32,000 bytes', () => h.track('ok', big), 'EVENT_TOO_LARGE', 'event'],
    ['event over 32,000 bytes of multibyte text', () => h.track('ok', wide), 'EVENT_TOO_LARGE', 'event'],
    ['timestamp is prose', () => h.track('ok', {}, { timestamp: 'yesterday' }), 'INVALID_TIMESTAMP', 'timestamp'],
    ['timestamp 31 years ago', () => h.track('ok', {}, { timestamp: Date.now() - 31 * 365.25 * 864e5 }), 'INVALID_TIMESTAMP', 'timestamp'],
    ['timestamp is NaN', () => h.track('ok', {}, { timestamp: NaN }), 'INVALID_TIMESTAMP', 'timestamp'],
    ['timestamp is an invalid Date', () => h.track('ok', {}, { timestamp: new Date('nope') }), 'INVALID_TIMESTAMP', 'timestamp'],
    ['messageId is empty', () => h.track('ok', {}, { messageId: '' }), 'INVALID_MESSAGE_ID', 'messageId'],
    ['messageId is 129 characters', () => h.track('ok', {}, { messageId: 'm'.repeat(129) }), 'INVALID_MESSAGE_ID', 'messageId'],
    ['messageId is a number', () => h.track('ok', {}, { messageId: 7 }), 'INVALID_MESSAGE_ID', 'messageId'],
    ['options is a string', () => h.track('ok', {}, 'now'), 'INVALID_PROPERTIES', 'options'],
    ['email is not an email', () => h.identify('jane'), 'INVALID_EMAIL', 'email'],
    ['email has no dot in its domain', () => h.identify('jane@localhost'), 'INVALID_EMAIL', 'email'],
    ['email local part of 65 characters', () => h.identify('j'.repeat(65) + '@example.com'), 'INVALID_EMAIL', 'email'],
    ['email is null', () => h.identify(null), 'INVALID_EMAIL', 'email'],
    ['traits is a string', () => h.identify('jane@example.com', 'Jane'), 'INVALID_PROPERTIES', 'traits'],
    ['traits string over 1,000 characters', () => h.identify('jane@example.com', { bio: 'b'.repeat(1001) }), 'STRING_TOO_LONG', 'identify.traits.bio'],
  ];
  const invalid: string[] = [];
  h.on('invalid', (p: any) => invalid.push(p.code));
  await h.identify('good@example.com');
  await h.track('good_before', { i: 1 });
  const out = [];
  for (const [label, call, code, field] of cases) {
    let r: any;
    let threw = '';
    try { r = await call(); } catch (e) { threw = String(e); }
    out.push({ label, want: [code, field], got: [r && r.error && r.error.code, r && r.error && r.error.field], threw });
  }
  let unknownThrew = false;
  try { h('fly'); } catch (e) { unknownThrew = true; } // an unknown method is a console error, not an exception
  await h.track('good_after', { i: 2 });
  // values JSON cannot carry are converted as JSON.stringify would, not refused
  await h.track('converted', { fn: () => 1, nan: NaN, inf: Infinity, when: new Date(Date.UTC(2026, 0, 1)), gone: undefined });
  await h.flush();
  return { out, invalid, unknownThrew, count: cases.length };
};

export type BadInputResults = Awaited<ReturnType<typeof runBadInputs>>;

/** What a visitor's site would notice: every call refused as it should be, one console line each, the good events sent. */
export function expectBadInputsHandled(results: BadInputResults, consoleErrors: string[], accepted: LogEvent[]): string[] {
  expect(results.count).toBe(36);
  for (const r of results.out) {
    expect(r.threw, r.label).toBe('');
    expect(r.got, r.label).toEqual(r.want);
  }
  expect(results.invalid.length).toBe(results.count);
  expect(results.unknownThrew).toBe(false);
  const lines = consoleErrors.filter((m) => m.startsWith('homing: '));
  expect(lines.length, 'one console error per bad call, and one for the unknown method').toBe(results.count + 1);
  expect(lines).toContain('homing: properties.note: is 1001 characters, more than 1000 (STRING_TOO_LONG, limit 1000)');
  expect(lines.some((l) => /^homing: event: must be 1-60 of .*\(INVALID_EVENT_NAME, limit 60\)$/.test(l))).toBe(true);
  expect(accepted.map((e) => e.event)).toEqual(['identify', 'good_before', 'good_after', 'converted']);
  // values JSON cannot carry are converted as JSON.stringify would, not refused
  expect(accepted[3].properties).toMatchObject({ nan: null, inf: null, when: '2026-01-01T00:00:00.000Z' });
  expect(accepted[3].properties).not.toHaveProperty('fn');
  expect(accepted[3].properties).not.toHaveProperty('gone');
  return lines;
}
