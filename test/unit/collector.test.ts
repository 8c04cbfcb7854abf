// collector.test.ts: the batch endpoint over real HTTP, answered as SPEC §4 says a client will see it.
import { test, expect } from '@playwright/test';
import { batchOf, KEY, startHarness, wireEvent, type Harness } from './collector-helpers.js';

let h: Harness;
test.beforeEach(async () => { h = await startHarness(); });
test.afterEach(async () => { await h.close(); });

test('a valid batch is answered 200 with one accepted status per event', async () => {
  const batch = batchOf(2);
  const res = await h.post(batch);
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(await res.json()).toEqual({
    accepted: 2, failed: 0, duplicated: 0, errors: [],
    events: batch.events.map((e, index) => ({ index, messageId: e.messageId, status: 'accepted' })),
  });
});

test('a batch may ask which messageIds the collector holds: `known` answers, malformed asks are ignored', async () => {
  const first = batchOf(2);
  expect((await h.post(first)).status).toBe(200);
  const asked = [first.events[1].messageId, 'never-sent', first.events[0].messageId];
  const body = await (await h.post({ ...batchOf(1), check: asked })).json();
  expect(body.accepted).toBe(1);
  expect(body.known.sort()).toEqual([first.events[0].messageId, first.events[1].messageId].sort());
  // Not a list of short strings, or over 200: the batch is taken as if nothing was asked.
  for (const check of ['x', [1], Array(201).fill('a'), ['a'.repeat(129)]]) {
    const r = await h.post({ ...batchOf(1), check });
    expect(r.status).toBe(200);
    expect(await r.json()).not.toHaveProperty('known');
  }
  // Nothing asked, nothing added: the answer is SPEC §4's.
  expect(await (await h.post(batchOf(1))).json()).not.toHaveProperty('known');
});

test('the stored record keeps sentAt beside the unchanged event and drops extra fields', async () => {
  const e = wireEvent({ timestamp: '2026-01-02T03:04:05.678Z', debugOnly: true });
  const sentAt = new Date().toISOString();
  expect((await h.post({ events: [e], sentAt })).status).toBe(200);
  const [stored] = await h.running.collector.store.recent(1);
  expect(stored).toMatchObject({ key: KEY, messageId: e.messageId, sentAt });
  expect(stored.event.timestamp).toBe('2026-01-02T03:04:05.678Z');
  expect(Object.keys(stored.event).sort()).toEqual(['event', 'identify', 'messageId', 'properties', 'timestamp']);
});

test('one invalid event gives a 207 naming its index and code, and the rest are stored', async () => {
  const batch = { events: [wireEvent(), wireEvent({ identify: { email: 'not-an-email' } }), wireEvent()] };
  const res = await h.post(batch);
  expect(res.status).toBe(207);
  const body = await res.json();
  expect(body).toMatchObject({ accepted: 2, failed: 1, duplicated: 0 });
  expect(body.events.map((e: { index: number }) => e.index)).toEqual([0, 2]);
  expect(body.errors).toEqual([{ index: 1, errors: [{ code: 'INVALID_EMAIL', message: expect.stringContaining('identify.email') }] }]);
  expect((await h.running.collector.store.recent(10)).map((s) => s.messageId).sort())
    .toEqual([batch.events[0].messageId, batch.events[2].messageId].sort());
});

test('text a database could not hold is refused by name in a messageId and stored as sent in properties', async () => {
  const odd = wireEvent({ properties: { note: 'a\u0000b', half: '\ud83d' } });
  const batch = { events: [wireEvent(), wireEvent({ messageId: 'm\u0000' }), odd, wireEvent({ messageId: 'm\ud800' })] };
  const res = await h.post(batch);
  expect(res.status).toBe(207);
  const body = await res.json();
  expect(body).toMatchObject({ accepted: 2, failed: 2 });
  expect(body.errors.map((e: { index: number; errors: { code: string }[] }) => [e.index, e.errors[0].code]))
    .toEqual([[1, 'INVALID_MESSAGE_ID'], [3, 'INVALID_MESSAGE_ID']]);
  const stored = await h.running.collector.store.recent(10);
  expect(stored.map((s) => s.messageId).sort()).toEqual([batch.events[0].messageId, odd.messageId].sort());
  expect(stored.find((s) => s.messageId === odd.messageId)?.event.properties).toEqual(odd.properties);
});

test('a batch where every event is invalid is a 400 with per-event errors', async () => {
  const res = await h.post({ events: [wireEvent({ event: 'bad name' }), wireEvent({ messageId: '' })] });
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({
    accepted: 0, failed: 2, duplicated: 0, events: [],
    errors: [
      { index: 0, errors: [{ code: 'INVALID_EVENT_NAME', message: expect.any(String) }] },
      { index: 1, errors: [{ code: 'INVALID_MESSAGE_ID', message: expect.any(String) }] },
    ],
  });
});

for (const [label, body] of [['not JSON', '{"events": ['], ['not an object', '[1]'], ['events not an array', '{"events":{}}'], ['no events', '{"events":[]}']]) {
  test(`a body that is ${label} is a plain 400`, async () => {
    const res = await h.post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
  });
}

test('a text/plain body with the key in the query is accepted (keepalive at unload)', async () => {
  const res = await h.post(batchOf(1), { via: 'query', contentType: 'text/plain;charset=UTF-8' });
  expect(res.status).toBe(200);
  expect(h.running.collector.log.requests[0]).toMatchObject({ key: KEY, keyVia: 'query', contentType: 'text/plain;charset=UTF-8', count: 1 });
});

test('a body with no content type is parsed as JSON too', async () => {
  expect((await h.post(batchOf(1), { contentType: null })).status).toBe(200);
});

test('a request without a key is a 401', async () => {
  const res = await h.post(batchOf(1), { key: null });
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
});

test('a secret sk_ key is a 401, by header or by query', async () => {
  expect((await h.post(batchOf(1), { key: 'sk_live_abc' })).status).toBe(401);
  expect((await h.post(batchOf(1), { key: 'sk_live_abc', via: 'query' })).status).toBe(401);
  expect(await h.running.collector.store.recent(10)).toEqual([]);
});

test('a key the keys rule refuses is a 401', async () => {
  const strict = await startHarness({ keys: new Map([['pk_known', []]]) });
  try {
    expect((await strict.post(batchOf(1), { key: 'pk_unknown' })).status).toBe(401);
    expect((await strict.post(batchOf(1), { key: 'pk_known' })).status).toBe(200);
  } finally {
    await strict.close();
  }
});

test('200 events are taken and 201 are a 413', async () => {
  expect((await h.post(batchOf(200))).status).toBe(200);
  const res = await h.post(batchOf(201));
  expect(res.status).toBe(413);
  expect(await res.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
});

test('a body of 6,400,000 bytes is read and one byte more is a 413 with CORS', async () => {
  const json = JSON.stringify(batchOf(1));
  const padded = (bytes: number) => json + ' '.repeat(bytes - json.length);
  expect((await h.post(padded(6_400_000))).status).toBe(200);
  const res = await h.post(padded(6_400_001));
  expect(res.status).toBe(413);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(await res.json()).toMatchObject({ statusCode: 413 });
});

test('over the per-key rate a request is a 429 with Retry-After in seconds', async () => {
  const limited = await startHarness({ ratePerMinute: 3 });
  try {
    for (let i = 0; i < 3; i++) expect((await limited.post(batchOf(1))).status).toBe(200);
    const res = await limited.post(batchOf(1));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(await res.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect((await limited.post(batchOf(1), { key: 'pk_other_site' })).status).toBe(200);
  } finally {
    await limited.close();
  }
});

test('a repeated batch is answered duplicate for each event and counted as accepted', async () => {
  const batch = batchOf(2);
  await h.post(batch);
  const res = await h.post(batch);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({
    accepted: 2, failed: 0, duplicated: 2,
    events: [{ index: 0, status: 'duplicate' }, { index: 1, status: 'duplicate' }],
  });
  expect(await h.running.collector.store.recent(10)).toHaveLength(2);
});

test('the second copy of a messageId inside one batch is the duplicate', async () => {
  const e = wireEvent();
  const body = await (await h.post({ events: [e, e] })).json();
  expect(body.events.map((x: { status: string }) => x.status)).toEqual(['accepted', 'duplicate']);
});

test('dedup is per key: the same messageId under another key is accepted', async () => {
  const batch = batchOf(1);
  await h.post(batch);
  const body = await (await h.post(batch, { key: 'pk_other_site' })).json();
  expect(body.events[0].status).toBe('accepted');
});

test('dedup survives a restart of the collector on the same data dir', async () => {
  const batch = batchOf(2);
  expect((await (await h.post(batch)).json()).duplicated).toBe(0);
  await h.running.close();
  const again = await startHarness({ dataDir: h.dataDir });
  try {
    const body = await (await again.post({ events: [...batch.events, wireEvent()] })).json();
    expect(body.events.map((x: { status: string }) => x.status)).toEqual(['duplicate', 'duplicate', 'accepted']);
  } finally {
    await again.close();
  }
});

test('a CORS preflight is a 204 allowing POST with Authorization and Content-Type for a day', async () => {
  const res = await fetch(h.url(), {
    method: 'OPTIONS',
    headers: { Origin: 'https://homes.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
  });
  expect(res.status).toBe(204);
  expect(Object.fromEntries(['allow-origin', 'allow-methods', 'allow-headers', 'max-age'].map((n) => [n, res.headers.get('access-control-' + n)])))
    .toEqual({ 'allow-origin': '*', 'allow-methods': 'POST, OPTIONS', 'allow-headers': 'Authorization, Content-Type, Content-Encoding', 'max-age': '86400' });
});

test('GET /healthz answers ok', async () => {
  const res = await fetch(h.url('/healthz'));
  expect(await res.json()).toEqual({ ok: true });
});
