// collector-faults.test.ts: the fault switch and the test log, as the browser tests will drive them.
import { test, expect } from '@playwright/test';
import { batchOf, KEY, startHarness, wireEvent, type Harness } from './collector-helpers.js';

let h: Harness;
test.beforeEach(async () => { h = await startHarness(); });
test.afterEach(async () => { await h.close(); });

async function setFault(spec: unknown): Promise<void> {
  const res = await fetch(h.url('/__faults'), { method: 'POST', body: JSON.stringify(spec) });
  expect(res.status).toBe(200);
}

test('a queued 500 answers the next batch only, and that batch is not stored', async () => {
  await setFault({ mode: 500 });
  const batch = batchOf(1);
  const first = await h.post(batch);
  expect(first.status).toBe(500);
  expect(first.headers.get('access-control-allow-origin')).toBe('*');
  const second = await (await h.post(batch)).json();
  expect(second.events[0].status).toBe('accepted');
});

test('count makes a fault answer that many requests in a row', async () => {
  await setFault({ mode: 500, count: 2 });
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await h.post(batchOf(1))).status);
  expect(statuses).toEqual([500, 500, 200]);
});

test('a 503 fault carries its Retry-After', async () => {
  await setFault({ mode: 503, retryAfter: 7 });
  const res = await h.post(batchOf(1));
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('7');
});

test('a 429 fault carries an HTTP-date Retry-After as given', async () => {
  const date = new Date(Date.now() + 5000).toUTCString();
  await setFault({ mode: 429, retryAfter: date });
  const res = await h.post(batchOf(1));
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toBe(date);
});

test('a reset fault drops the connection without an answer', async () => {
  await setFault({ mode: 'reset' });
  await expect(h.post(batchOf(1))).rejects.toThrow();
  expect((await h.post(batchOf(1))).status).toBe(200);
  expect(h.running.collector.log.requests.map((r) => [r.status, r.fault])).toEqual([[0, 'reset'], [200, undefined]]);
});

test('a timeout fault never answers', async () => {
  await setFault({ mode: 'timeout' });
  await expect(fetch(h.url(), { method: 'POST', body: JSON.stringify(batchOf(1)), headers: { Authorization: 'Bearer ' + KEY }, signal: AbortSignal.timeout(300) }))
    .rejects.toThrow();
  expect((await h.post(batchOf(1))).status).toBe(200);
});

test('a slow fault stores the batch but answers only after delayMs', async () => {
  await setFault({ mode: 'slow', delayMs: 300 });
  const started = Date.now();
  const res = await h.post(batchOf(1));
  expect(res.status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
});

test('rejectEvent makes every event of that name fail alone, giving a 207', async () => {
  await setFault({ rejectEvent: 'search', code: 'INVALID_EMAIL' });
  const res = await h.post({ events: [wireEvent(), wireEvent({ event: 'search' })] });
  expect(res.status).toBe(207);
  expect((await res.json()).errors).toEqual([{ index: 1, errors: [{ code: 'INVALID_EMAIL', message: expect.any(String) }] }]);
  expect(h.running.collector.log.events.map((e) => [e.event, e.status, e.code])).toEqual([
    ['property_view', 'accepted', undefined], ['search', 'rejected', 'INVALID_EMAIL'],
  ]);
});

test('wholeBatch400 refuses a batch holding the event with a plain 400, and takes batches without it', async () => {
  await setFault({ rejectEvent: 'search', wholeBatch400: true });
  const res = await h.post({ events: [wireEvent(), wireEvent({ event: 'search' })] });
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
  expect((await h.post({ events: [wireEvent()] })).status).toBe(200);
});

test('DELETE /__faults clears queued faults and rules', async () => {
  await setFault([{ mode: 500 }, { rejectEvent: 'property_view' }]);
  await fetch(h.url('/__faults'), { method: 'DELETE' });
  expect((await h.post(batchOf(1))).status).toBe(200);
});

test('an unknown fault mode is a 400', async () => {
  const res = await fetch(h.url('/__faults'), { method: 'POST', body: JSON.stringify({ mode: 418 }) });
  expect(res.status).toBe(400);
});

test('GET /__log lists requests and events in arrival order, and DELETE /__log empties it', async () => {
  const e = wireEvent({ identify: { email: 'lead@example.com', traits: { firstName: 'Lee' } }, event: 'identify' });
  const sentAt = new Date().toISOString();
  await h.post({ events: [e], sentAt }, { contentType: 'application/json' });
  await h.post({ events: [e] });
  const log = await (await fetch(h.url('/__log'))).json();
  expect(log.requests).toMatchObject([
    { status: 200, key: KEY, keyVia: 'header', contentType: 'application/json', count: 1, messageIds: [e.messageId] },
    { status: 200, count: 1 },
  ]);
  expect(log.events).toMatchObject([
    { key: KEY, messageId: e.messageId, event: 'identify', email: 'lead@example.com', status: 'accepted', sentAt, traits: { firstName: 'Lee' } },
    { messageId: e.messageId, status: 'duplicate' },
  ]);
  await fetch(h.url('/__log'), { method: 'DELETE' });
  expect(await (await fetch(h.url('/__log'))).json()).toEqual({ requests: [], events: [] });
  expect((await (await h.post({ events: [e] })).json()).duplicated).toBe(1);
});

test('onEvent tells a listener about each event as it is logged', async () => {
  const seen: string[] = [];
  const stop = h.running.collector.onEvent((entry) => seen.push(entry.status));
  await h.post({ events: [wireEvent(), wireEvent({ event: 'bad name' })] });
  stop();
  await h.post(batchOf(1));
  expect(seen).toEqual(['accepted', 'rejected']);
});

test('the fault switch can be driven in-process too', async () => {
  h.running.collector.faults.push({ mode: 503, retryAfter: 2 });
  expect((await h.post(batchOf(1))).status).toBe(503);
  h.running.collector.clearLog();
  expect(h.running.collector.log.requests).toEqual([]);
});

test('without faults: true the test routes do not exist', async () => {
  const plain = await startHarness({ faults: false });
  try {
    expect((await fetch(plain.url('/__log'))).status).toBe(404);
    expect((await fetch(plain.url('/__faults'), { method: 'POST', body: '{"mode":500}' })).status).toBe(404);
  } finally {
    await plain.close();
  }
});
