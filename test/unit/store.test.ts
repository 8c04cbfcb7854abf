// store.test.ts: the file store: dedup for 24 hours, across restarts, and past a torn last line.
import { test, expect } from '@playwright/test';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileStore } from '../../server/store/file.js';
import type { WireEvent } from '../../server/store/store.js';

const HOUR = 3_600_000;
let dir: string;
test.beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'homing-store-')); });
test.afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const event = (messageId: string): WireEvent =>
  ({ event: 'page_view', identify: { email: 'jane@example.com' }, properties: {}, timestamp: '2026-11-22T12:00:00.000Z', messageId });
const at = (ms: number) => ({ receivedAt: new Date(ms).toISOString() });

test('a messageId is a duplicate within 24 hours and new again after', async () => {
  let now = Date.parse('2026-11-22T12:00:00.000Z');
  const store = await openFileStore(dir, { now: () => now });
  expect(await store.accept('pk', [event('a')], at(now))).toEqual(['accepted']);
  now += 24 * HOUR - 1;
  expect(await store.accept('pk', [event('a')], at(now))).toEqual(['duplicate']);
  now += 2;
  expect(await store.accept('pk', [event('a')], at(now))).toEqual(['accepted']);
  await store.close();
});

test('seen() names the messageIds the key holds within 24 hours', async () => {
  let now = Date.parse('2026-11-22T12:00:00.000Z');
  const store = await openFileStore(dir, { now: () => now });
  await store.accept('pk', [event('a'), event('b')], at(now));
  expect(await store.seen('pk', ['b', 'x', 'a'])).toEqual(['b', 'a']);
  expect(await store.seen('pk2', ['a'])).toEqual([]);
  now += 24 * HOUR + 1;
  await store.accept('pk', [event('c')], at(now)); // the window moves on at the next write
  expect(await store.seen('pk', ['a', 'c'])).toEqual(['c']);
  await store.close();
});

test('a reopened store forgets only what is older than 24 hours', async () => {
  let now = Date.parse('2026-11-22T12:00:00.000Z');
  const first = await openFileStore(dir, { now: () => now });
  await first.accept('pk', [event('old')], at(now - 25 * HOUR));
  await first.accept('pk', [event('new')], at(now - 23 * HOUR));
  await first.close();
  const second = await openFileStore(dir, { now: () => now });
  expect(await second.accept('pk', [event('old'), event('new')], at(now))).toEqual(['accepted', 'duplicate']);
  await second.close();
});

test('a torn last line is skipped and the next write starts on a line of its own', async () => {
  const first = await openFileStore(dir);
  await first.accept('pk', [event('a')], at(Date.now()));
  await first.close();
  await appendFile(join(dir, 'events.jsonl'), '{"key":"pk","messageId":"torn');
  const second = await openFileStore(dir);
  expect(await second.accept('pk', [event('a'), event('b')], at(Date.now()))).toEqual(['duplicate', 'accepted']);
  await second.close();
  const lines = (await readFile(join(dir, 'events.jsonl'), 'utf8')).split('\n');
  expect(lines.filter((l) => l.startsWith('{"key":"pk","messageId":"b"'))).toHaveLength(1);
});

test('recent lists the newest events first with the batch sentAt', async () => {
  const store = await openFileStore(dir);
  await store.accept('pk', [event('a'), event('b')], { ...at(Date.now()), sentAt: '2026-11-22T12:00:01.000Z' });
  expect((await store.recent(5)).map((s) => [s.messageId, s.sentAt])).toEqual([['b', '2026-11-22T12:00:01.000Z'], ['a', '2026-11-22T12:00:01.000Z']]);
  expect(await store.recent(1)).toHaveLength(1);
  await store.close();
});
