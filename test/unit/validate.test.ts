// validate.test.ts: every wire limit of SPEC §4 at its boundary: at the limit passes, one over fails.
import { test, expect } from '@playwright/test';
import { checkEvent, TIMESTAMP_RANGE_MS, utf8Length, type WireEvent } from '../../src/validate.js';

const NOW = Date.parse('2026-11-22T12:00:00.000Z');

function wireEvent(over: Partial<Record<keyof WireEvent, unknown>> = {}): Record<string, unknown> {
  return {
    event: 'property_view',
    identify: { email: 'jane@example.com' },
    properties: { property: { id: 'prop-123', price: 500000 } },
    timestamp: '2026-11-22T11:59:00.000Z',
    messageId: 'msg-1',
    ...over,
  };
}

const check = (over: Parameters<typeof wireEvent>[0]) => checkEvent(wireEvent(over), NOW);
const withProperties = (properties: unknown) => check({ properties });
const withEmail = (email: unknown) => check({ identify: { email } });

/** An object with `n` scalar leaves. */
function leaves(n: number, prefix = 'k'): Record<string, number> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [prefix + i, i]));
}

test.describe('event name', () => {
  test('a name of 60 characters passes', () => {
    expect(check({ event: 'a'.repeat(60) })).toBeUndefined();
  });
  test('a name of 61 characters is INVALID_EVENT_NAME on the event field', () => {
    expect(check({ event: 'a'.repeat(61) })).toMatchObject({ code: 'INVALID_EVENT_NAME', field: 'event', limit: 60 });
  });
  test('letters, digits and _ - . : are the allowed characters', () => {
    expect(check({ event: 'Checkout_step-2.done:ok' })).toBeUndefined();
  });
  for (const name of [42, '', 'page view', 'page/view', 'café', 'a+b', 'émoji😀']) {
    test(`the name ${JSON.stringify(name)} is refused`, () => {
      expect(check({ event: name })?.code).toBe('INVALID_EVENT_NAME');
    });
  }
});

test.describe('identify.email', () => {
  test('a plain address passes', () => {
    expect(withEmail('jane+homes@example.co.uk')).toBeUndefined();
  });
  for (const email of ['jane', 'jane@', '@example.com', 'jane doe@example.com', 'jane@example.com.', 'jane@-example.com']) {
    test(`${JSON.stringify(email)} is INVALID_EMAIL on identify.email`, () => {
      expect(withEmail(email)).toMatchObject({ code: 'INVALID_EMAIL', field: 'identify.email' });
    });
  }
  test('a domain without a dot is refused', () => {
    expect(withEmail('jane@localhost')?.code).toBe('INVALID_EMAIL');
  });
  test('a missing email is refused, as is a missing identify', () => {
    for (const identify of [{}, undefined]) expect(check({ identify })?.code).toBe('INVALID_EMAIL');
  });

  // 64 + '@' + 63 + '.' + 63 + '.' + n + '.com'
  const longEmail = (lastLabel: number) =>
    'j'.repeat(64) + '@' + 'a'.repeat(63) + '.' + 'b'.repeat(63) + '.' + 'c'.repeat(lastLabel) + '.com';
  test('an address of 254 characters passes', () => {
    expect(longEmail(57)).toHaveLength(254);
    expect(withEmail(longEmail(57))).toBeUndefined();
  });
  test('an address of 255 characters is refused', () => {
    expect(longEmail(58)).toHaveLength(255);
    expect(withEmail(longEmail(58))).toMatchObject({ code: 'INVALID_EMAIL', limit: 254 });
  });
  test('a local part of 64 characters passes and of 65 is refused', () => {
    expect(withEmail('j'.repeat(64) + '@example.com')).toBeUndefined();
    expect(withEmail('j'.repeat(65) + '@example.com')?.code).toBe('INVALID_EMAIL');
  });
});

test.describe('messageId', () => {
  test('a messageId of 128 characters passes', () => {
    expect(check({ messageId: 'm'.repeat(128) })).toBeUndefined();
  });
  test('a messageId of 129 characters is INVALID_MESSAGE_ID', () => {
    expect(check({ messageId: 'm'.repeat(129) })).toMatchObject({ code: 'INVALID_MESSAGE_ID', field: 'messageId', limit: 128 });
  });
  test('a messageId with NUL or an unpaired surrogate is refused; a surrogate pair passes', () => {
    for (const messageId of ['a\u0000b', 'a\ud83d', '\ude00b']) expect(check({ messageId })).toMatchObject({ code: 'INVALID_MESSAGE_ID', field: 'messageId' });
    expect(check({ messageId: 'order-😀-1' })).toBeUndefined();
  });
  test('an empty, null or numeric messageId is refused', () => {
    for (const messageId of ['', null, 7]) expect(check({ messageId })?.code).toBe('INVALID_MESSAGE_ID');
  });
  test('a missing messageId or timestamp passes: the collector fills them in (reference 004)', () => {
    const e = wireEvent();
    delete e.messageId;
    delete e.timestamp;
    expect(checkEvent(e, NOW)).toBeUndefined();
  });
});

test.describe('timestamp', () => {
  test('an ISO 8601 UTC string with milliseconds passes', () => {
    expect(check({ timestamp: '2026-11-22T12:00:00.000Z' })).toBeUndefined();
  });
  test('epoch milliseconds as a number pass', () => {
    expect(check({ timestamp: NOW - 1000 })).toBeUndefined();
  });
  test('exactly 30 years ahead or behind passes', () => {
    expect(check({ timestamp: new Date(NOW + TIMESTAMP_RANGE_MS).toISOString() })).toBeUndefined();
    expect(check({ timestamp: NOW - TIMESTAMP_RANGE_MS })).toBeUndefined();
  });
  test('one millisecond beyond 30 years is INVALID_TIMESTAMP', () => {
    expect(check({ timestamp: new Date(NOW + TIMESTAMP_RANGE_MS + 1).toISOString() })).toMatchObject({ code: 'INVALID_TIMESTAMP', field: 'timestamp' });
    expect(check({ timestamp: NOW - TIMESTAMP_RANGE_MS - 1 })?.code).toBe('INVALID_TIMESTAMP');
  });
  test('epoch seconds are too far in the past to pass', () => {
    expect(check({ timestamp: Math.floor(NOW / 1000) })?.code).toBe('INVALID_TIMESTAMP');
  });
  for (const ts of ['yesterday', '22/11/2026', '1795348800000', '2026-11-22T25:00:00Z', '', null]) {
    test(`${JSON.stringify(ts)} is not a timestamp`, () => {
      expect(check({ timestamp: ts })?.code).toBe('INVALID_TIMESTAMP');
    });
  }
});

test.describe('properties: leaf keys', () => {
  test('100 leaf keys pass', () => {
    expect(withProperties(leaves(100))).toBeUndefined();
  });
  test('101 leaf keys are TOO_MANY_KEYS', () => {
    expect(withProperties(leaves(101))).toMatchObject({ code: 'TOO_MANY_KEYS', field: 'properties', limit: 100 });
  });
  test('nested leaves count toward the 100', () => {
    expect(withProperties({ ...leaves(50), property: leaves(50) })).toBeUndefined();
    expect(withProperties({ ...leaves(50), property: leaves(51) })?.code).toBe('TOO_MANY_KEYS');
  });
  test('an empty object counts as one leaf', () => {
    expect(withProperties({ ...leaves(99), empty: {} })).toBeUndefined();
    expect(withProperties({ ...leaves(100), empty: {} })?.code).toBe('TOO_MANY_KEYS');
  });
  test('an array counts as one leaf', () => {
    expect(withProperties({ ...leaves(99), tags: Array(100).fill('x') })).toBeUndefined();
  });
});

test.describe('properties: depth', () => {
  test('properties.metadata.a.b is level 3 and passes', () => {
    expect(withProperties({ metadata: { a: { b: 1 } } })).toBeUndefined();
  });
  test('nesting 20,000 deep is TOO_DEEP at the third level, in properties and traits alike', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    expect(withProperties(deep)).toMatchObject({ code: 'TOO_DEEP', field: 'properties.a.a.a', limit: 3 });
    expect(check({ identify: { email: 'jane@example.com', traits: deep } })).toMatchObject({ code: 'TOO_DEEP', field: 'identify.traits.a.a.a', limit: 3 });
    expect(check({ identify: { email: 'jane@example.com', other: [[[[[[[deep]]]]]]] } })).toMatchObject({ code: 'TOO_DEEP', field: 'identify.other[0][0][0]' });
  });
  test('a fourth level is TOO_DEEP, naming the object that nests too far', () => {
    expect(withProperties({ metadata: { a: { b: { c: 1 } } } })).toMatchObject({ code: 'TOO_DEEP', field: 'properties.metadata.a.b', limit: 3 });
  });
  test('an empty object at level 3 is a leaf, not a fourth level', () => {
    expect(withProperties({ metadata: { a: { b: {} } } })).toBeUndefined();
  });
});

test.describe('properties: strings and arrays', () => {
  test('a string of 1000 characters passes', () => {
    expect(withProperties({ message: 'x'.repeat(1000) })).toBeUndefined();
  });
  test('a string of 1001 characters is STRING_TOO_LONG on its path', () => {
    expect(withProperties({ message: 'x'.repeat(1001) })).toMatchObject({ code: 'STRING_TOO_LONG', field: 'properties.message', limit: 1000 });
  });
  test('string length counts UTF-16 units, so an emoji counts two', () => {
    expect(withProperties({ message: '😀'.repeat(500) })).toBeUndefined();
    expect(withProperties({ message: '😀'.repeat(500) + 'x' })?.code).toBe('STRING_TOO_LONG');
  });
  test('an array of 100 items passes', () => {
    expect(withProperties({ tags: Array(100).fill(1) })).toBeUndefined();
  });
  test('an array of 101 items is ARRAY_TOO_LONG', () => {
    expect(withProperties({ tags: Array(101).fill(1) })).toMatchObject({ code: 'ARRAY_TOO_LONG', field: 'properties.tags', limit: 100 });
  });
  test('an object inside an array is INVALID_ARRAY_ITEM at its index', () => {
    expect(withProperties({ tags: ['a', { b: 1 }] })).toMatchObject({ code: 'INVALID_ARRAY_ITEM', field: 'properties.tags[1]' });
    expect(withProperties({ tags: [['nested']] })?.code).toBe('INVALID_ARRAY_ITEM');
  });
  test('a long string inside an array is STRING_TOO_LONG', () => {
    expect(withProperties({ tags: ['x'.repeat(1001)] })?.code).toBe('STRING_TOO_LONG');
  });
  test('null is allowed as a value and as an array item', () => {
    expect(withProperties({ price: null, tags: [null, 'a', 1, true] })).toBeUndefined();
  });
});

test.describe('properties: shape', () => {
  for (const [label, value] of [['an array', []], ['a string', 'x'], ['null', null], ['a Date', new Date(NOW)], ['a Map', new Map()]] as const) {
    test(`properties that are ${label} are INVALID_PROPERTIES`, () => {
      expect(withProperties(value)).toMatchObject({ code: 'INVALID_PROPERTIES', field: 'properties' });
    });
  }
  test('identify.traits obey the property limits', () => {
    const traits = { firstName: 'x'.repeat(1001) };
    expect(check({ identify: { email: 'jane@example.com', traits } })).toMatchObject({ code: 'STRING_TOO_LONG', field: 'identify.traits.firstName' });
  });
});

test.describe('event size', () => {
  /** An event whose JSON is exactly `bytes` bytes, padded with 2-byte characters so bytes and characters differ. */
  function eventOfBytes(bytes: number): Record<string, unknown> {
    const properties: Record<string, string> = {};
    for (let i = 0; i < 15; i++) properties['p' + i] = 'é'.repeat(1000);
    const e = wireEvent({ properties });
    const rest = bytes - Buffer.byteLength(JSON.stringify({ ...e, properties: { ...properties, pad: '' } }));
    properties.pad = 'é'.repeat(Math.floor(rest / 2)) + 'x'.repeat(rest % 2);
    return e;
  }

  test('an event of 32,000 bytes of JSON passes', () => {
    const e = eventOfBytes(32000);
    expect(Buffer.byteLength(JSON.stringify(e))).toBe(32000);
    expect(checkEvent(e, NOW)).toBeUndefined();
  });
  test('an event of 32,001 bytes is EVENT_TOO_LARGE though far fewer characters', () => {
    const e = eventOfBytes(32001);
    expect(Buffer.byteLength(JSON.stringify(e))).toBe(32001);
    expect(JSON.stringify(e).length).toBeLessThan(17000);
    expect(checkEvent(e, NOW)).toMatchObject({ code: 'EVENT_TOO_LARGE', field: 'event', limit: 32000 });
  });
  test('UTF-8 length matches what Node encodes, emoji and escapes included', () => {
    const json = JSON.stringify({ s: 'é😀\u2028\u0000"\\', lone: '\ud800' });
    expect(utf8Length(json)).toBe(Buffer.byteLength(json));
  });
});
