// collector-gzip.test.ts: gzip bodies (SPEC §4.1 "Compression"): inflated with the limit on the inflated size, 415 for others.
import { test, expect } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { batchOf, KEY, startHarness, type Harness } from './collector-helpers.js';

let h: Harness;
test.beforeEach(async () => { h = await startHarness(); });
test.afterEach(async () => { await h.close(); });

const post = (body: Uint8Array | string, encoding?: string) =>
  fetch(h.url(), {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + KEY, 'Content-Type': 'application/json', ...(encoding ? { 'Content-Encoding': encoding } : {}) },
    body,
  });

test('a gzip batch is inflated, stored and answered like a plain one', async () => {
  const batch = batchOf(3);
  const res = await post(gzipSync(JSON.stringify(batch)), 'gzip');
  expect(res.status).toBe(200);
  expect((await res.json()).accepted).toBe(3);
  const stored = await h.running.collector.store.recent(3);
  expect(stored.map((s) => s.messageId).sort()).toEqual(batch.events.map((e) => e.messageId as string).sort());
});

test('a gzip bomb (10 MB of zeros, 10 KB on the wire) is 413 and nothing is stored', async () => {
  const bomb = gzipSync(Buffer.alloc(10_000_000));
  expect(bomb.length).toBeLessThan(20_000);
  const res = await post(bomb, 'gzip');
  expect(res.status).toBe(413);
  expect((await res.json()).message).toContain('6,400,000');
  expect(await h.running.collector.store.recent(1)).toEqual([]);
});

test('a gzip body just under the limit once inflated is taken', async () => {
  const batch = batchOf(1);
  const text = JSON.stringify(batch);
  const padded = text.slice(0, -1) + ',"pad":"' + ' '.repeat(6_400_000 - text.length - 9) + '"}';
  expect(Buffer.byteLength(padded)).toBe(6_400_000);
  expect((await post(gzipSync(padded), 'gzip')).status).toBe(200);
});

test('an encoding the collector does not take is 415, and a body that is not gzip is 400', async () => {
  const res = await post(JSON.stringify(batchOf(1)), 'br');
  expect(res.status).toBe(415);
  expect((await res.json()).message).toContain('br');
  expect((await post('{"events":[]', 'gzip')).status).toBe(400);
});

test('the preflight allows Content-Encoding', async () => {
  const res = await fetch(h.url(), { method: 'OPTIONS', headers: { Origin: 'https://site.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,content-encoding' } });
  expect(res.headers.get('access-control-allow-headers')).toContain('Content-Encoding');
});

test('a text/plain gzip body with ?key= and compression=gzip in the query (no preflight needed) is taken', async () => {
  const batch = batchOf(2);
  const url = h.url() + '?key=' + KEY + '&compression=gzip';
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: gzipSync(JSON.stringify(batch)) });
  expect(res.status).toBe(200);
  expect((await res.json()).accepted).toBe(2);
  expect(h.running.collector.log.requests.at(-1)).toMatchObject({ keyVia: 'query', count: 2 });
  const bomb = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: gzipSync(Buffer.alloc(10_000_000)) });
  expect(bomb.status).toBe(413);
  expect((await fetch(h.url() + '?key=' + KEY + '&compression=br', { method: 'POST', body: '{}' })).status).toBe(415);
});
