// event.test.ts: an event's wire JSON is what JSON.stringify of the whole event writes, and bad properties get the same errors, whatever path builds it.
import { test, expect } from '@playwright/test';
import { stampEvent, type Surroundings } from '../../src/event.js';
import { isPlainObject } from '../../src/validate.js';

const NOW = Date.parse('2026-11-22T12:00:00.000Z');
const OPTS = { messageId: 'm-1', timestamp: NOW - 1000 };
const CONTEXT = {
  library: { name: 'homing', version: '0.1.0' }, userAgent: 'Mozilla/5.0 (X11; Linux x86_64)', locale: 'en-US',
  timezone: 'Europe/Paris', screen: { width: 1280, height: 800 }, environment: 'development',
};
const around = (over: Partial<Surroundings> = {}): Surroundings => ({
  context: CONTEXT, now: NOW, extra: { pageUrl: 'https://example.com/listings/1', campaign: { source: 'news', medium: 'email' } }, ...over,
});

/** The wire text as the tracker has always written it: properties round-tripped through JSON, then the tracker's keys around them. */
function expected(name: string, props: unknown, s: Surroundings): string {
  const user = JSON.parse(JSON.stringify(props == null ? {} : props));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.extra || {})) if (v !== undefined) out[k] = v;
  Object.assign(out, user);
  out.context = isPlainObject(user.context) ? Object.assign({}, user.context, s.context) : s.context;
  const identify = s.email ? { email: s.email, traits: s.traits } : undefined;
  return JSON.stringify({ event: name, identify, properties: out, timestamp: new Date(OPTS.timestamp).toISOString(), messageId: OPTS.messageId });
}

const listing = (i: number) => ({
  propertyId: 'prop_' + i, address: i + ' Maple Avenue, Springfield, IL 62704', price: 250000 + i, beds: 3, baths: 1.5,
  listingUrl: 'https://www.example-realty.com/listings/' + i, listingStatus: 'active', currency: 'USD', position: i % 25,
});

const GOOD: [string, unknown, Partial<Surroundings>?][] = [
  ['a listing', listing(7)],
  ['a listing, identified with traits', listing(8), { email: 'jane@example.com', traits: { name: 'Jane', firstTouch: { at: 1 } } }],
  ['no properties', undefined],
  ['null properties', null],
  ['empty properties, no campaign', {}, { extra: { pageUrl: 'https://example.com/', campaign: undefined } }],
  ['nested objects, arrays, null, booleans, -0', { a: { b: { c: 1 } }, list: ['x', 2, true, null], e: {}, z: null, t: false, n: -0 }],
  ['unicode, quotes, a lone surrogate, control characters', { s: 'é 😀 "q" \\ \n \u0001 \ud800 \u2028' }],
  ['values JSON changes: undefined, NaN, a Date, a function', { u: undefined, n: NaN, i: Infinity, d: new Date(NOW), f: () => 1, list: [undefined, NaN] }],
  ['an object with toJSON', { p: { toJSON: () => 'P' } }],
  ['its own pageUrl (page views)', { pageUrl: 'https://example.com/mine', title: 'T' }],
  ['its own context', { context: { campaignId: 'c1', locale: 'fr' }, x: 1 }],
  ['its own context, with a key JSON drops', { context: { locale: undefined, campaignId: 'c1' }, x: 1 }],
  ['an undefined context, and a key JSON drops before the tracker\'s', { context: undefined, pageUrl: undefined, x: 1 }],
  ['an orderId that JSON writes as null', { orderId: NaN }],
  ['a Date in an array', { dates: [new Date(NOW)] }],
  ['integer keys, which sort first', { b: 1, 10: 'ten', 2: 'two' }],
  ['a null-prototype object', Object.assign(Object.create(null), { a: 1, nested: Object.assign(Object.create(null), { b: 2 }) })],
  ['an empty context', { a: 1 }, { context: {} }],
  ['exactly 100 leaves in all', Object.fromEntries(Array.from({ length: 100 - 3 - 8 }, (_, i) => ['k' + i, i]))],
  ['a string of 1,000 characters, an array of 100 items', { s: 'x'.repeat(1000), a: Array.from({ length: 100 }, (_, i) => i) }],
  ['an orderId', { orderId: 'o-42', total: 12 }],
];

test.describe('the wire JSON of an event', () => {
  for (const [what, props, over] of GOOD) {
    test(what, () => {
      const s = around(over);
      const st = stampEvent('property_view', props, OPTS, s) as { json: string };
      expect(st.json).toBe(expected('property_view', props, s));
    });
  }

  test('a confirmation takes its messageId from its orderId', () => {
    const st = stampEvent('purchase', { orderId: 42 }, undefined, around()) as { messageId: string };
    expect(st.messageId).toBe('order:purchase:42');
    const odd = stampEvent('purchase', { orderId: NaN }, undefined, around()) as { messageId: string; json: string };
    expect(odd.messageId).not.toContain('order:'); // JSON writes it as null: no orderId
    expect(JSON.parse(odd.json).properties.orderId).toBeNull();
  });
});

const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;
const BAD: [string, unknown, Record<string, unknown>][] = [
  ['101 leaves in all', Object.fromEntries(Array.from({ length: 101 - 3 - 8 }, (_, i) => ['k' + i, i])), { code: 'TOO_MANY_KEYS', field: 'properties' }],
  ['a string of 1,001 characters', { s: 'x'.repeat(1001) }, { code: 'STRING_TOO_LONG', field: 'properties.s' }],
  ['an array of 101 items', { a: Array.from({ length: 101 }, () => 1) }, { code: 'ARRAY_TOO_LONG', field: 'properties.a' }],
  ['an object in an array', { a: [1, { b: 2 }] }, { code: 'INVALID_ARRAY_ITEM', field: 'properties.a[1]' }],
  ['four levels', { a: { b: { c: { d: 1 } } } }, { code: 'TOO_DEEP', field: 'properties.a.b.c' }],
  ['a cycle', cyclic, { code: 'NOT_SERIALIZABLE', field: 'properties' }],
  ['a BigInt', { n: BigInt(1) }, { code: 'NOT_SERIALIZABLE', field: 'properties' }],
  ['an own __proto__ key (it would become the prototype)', JSON.parse('{"__proto__":{"x":1},"y":2}'), { code: 'INVALID_PROPERTIES', field: 'properties' }],
  ['an array as properties', [1, 2], { code: 'INVALID_PROPERTIES', field: 'properties' }],
];

test.describe('bad properties get the error that names the field and the limit', () => {
  for (const [what, props, want] of BAD) {
    test(what, () => {
      const p = stampEvent('property_view', props, OPTS, around()) as Record<string, unknown>;
      expect({ code: p.code, field: p.field }).toEqual(want);
      expect(p.message).toContain(want.field as string);
    });
  }

  test('a Map is written as JSON writes it ({}), not refused', () => {
    const st = stampEvent('property_view', { m: new Map([[1, 2]]) }, OPTS, around()) as { json: string };
    expect(JSON.parse(st.json).properties.m).toEqual({});
  });

  test('a page that gives back an error object as properties gets an event, not that error', () => {
    const err = stampEvent('property_view', { s: 'x'.repeat(1001) }, OPTS, around());
    const st = stampEvent('property_view', err, OPTS, around()) as { json: string };
    expect(JSON.parse(st.json).properties.code).toBe('STRING_TOO_LONG');
  });
});
