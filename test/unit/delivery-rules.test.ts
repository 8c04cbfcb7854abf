// delivery-rules.test.ts: the pure rules of delivery: what an answer means, retry timing, batch cutting.
import { test, expect } from '@playwright/test';
import { readAnswer } from '../../src/answer.js';
import { nextDelay, parseRetryAfter, windowWait, MAX_DELAY_MS, WINDOW_MS } from '../../src/retry.js';
import { cutBatch } from '../../src/deliver.js';
import { MAX_BATCH_BYTES } from '../../src/validate.js';

const events = (...s: string[]) => s.map((status, index) => ({ index, messageId: 'm' + index, status }));

test.describe('reading an answer', () => {
  test('200 sends every event of the batch', () => {
    expect(readAnswer(200, { events: events('accepted', 'duplicate') }, 2)).toEqual({ kind: 'done', sent: [0, 1], rejected: {} });
  });

  test('207 sends the accepted and duplicates, rejects the refused with their code, keeps the unanswered', () => {
    const body = { events: events('accepted'), errors: [{ index: 2, errors: [{ code: 'TOO_DEEP', message: '…' }] }] };
    expect(readAnswer(207, body, 3)).toEqual({ kind: 'done', sent: [0], rejected: { 2: 'TOO_DEEP' } });
  });

  test('a 400 with per-event results rejects each event alone', () => {
    const body = { events: [], errors: [{ index: 0, errors: [{ code: 'INVALID_EMAIL' }] }, { index: 1, errors: [] }] };
    expect(readAnswer(400, body, 2)).toEqual({ kind: 'done', sent: [], rejected: { 0: 'INVALID_EMAIL', 1: 'REJECTED' } });
  });

  test('an error index outside the batch is ignored', () => {
    expect(readAnswer(207, { events: events('accepted'), errors: [{ index: 5 }] }, 1)).toEqual({ kind: 'done', sent: [0], rejected: {} });
  });

  test('a 400 or 413 without per-event results splits a batch and rejects an event alone', () => {
    expect(readAnswer(400, { statusCode: 400, message: 'bad' }, 2)).toEqual({ kind: 'split' });
    expect(readAnswer(413, undefined, 7)).toEqual({ kind: 'split' });
    expect(readAnswer(400, undefined, 1)).toEqual({ kind: 'rejected', code: 'REJECTED' });
    expect(readAnswer(413, undefined, 1)).toEqual({ kind: 'rejected', code: 'EVENT_TOO_LARGE' });
  });

  test('401 stops; 429, 5xx, a network error and a 207 naming no event wait', () => {
    expect(readAnswer(401, {}, 3)).toEqual({ kind: 'stop' });
    expect(readAnswer(429, {}, 3)).toEqual({ kind: 'wait', message: 'the collector answered 429' });
    expect(readAnswer(503, 'down', 3)).toEqual({ kind: 'wait', message: 'the collector answered 503' });
    expect(readAnswer(0, undefined, 3)).toEqual({ kind: 'wait', message: 'network error or timeout' });
    expect(readAnswer(207, { events: [], errors: [] }, 3).kind).toBe('wait');
  });
});

test.describe('retry timing', () => {
  test('backoff doubles from 1 s, each wait between half and all of its step, capped at 5 minutes', () => {
    expect(nextDelay(0, 0, () => 0.999)).toBe(999);
    expect(nextDelay(3, 0, () => 0.5)).toBe(6000);
    expect(nextDelay(30, 0, () => 0.999)).toBe(Math.floor(MAX_DELAY_MS / 2 + (0.999 * MAX_DELAY_MS) / 2));
    expect(nextDelay(5, 0, () => 0)).toBe(16000);
    // SPEC §5: a collector down for an hour sees each tab about a dozen times: at the cap, 3600 / 225 s = 16.
    expect(3600000 / nextDelay(30, 0, () => 0.5)).toBe(16);
  });

  test('Retry-After is a floor, in seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-22T12:00:00.000Z');
    expect(nextDelay(0, 30000, () => 0.5)).toBe(30000);
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 12:00:10 GMT', now)).toBe(10000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  test('the window lets the 50th request of a minute go and holds the 51st until the oldest ages out', () => {
    const now = 1e9;
    const times = Array.from({ length: 49 }, (_, i) => now - 1000 * (i + 1));
    expect(windowWait(times, now)).toBe(0);
    expect(windowWait(times.concat(now - 100), now)).toBe(Math.min(...times.concat(now - 100)) + WINDOW_MS - now);
    expect(windowWait([now - WINDOW_MS - 1], now)).toBe(0);
  });
});

test.describe('cutting batches', () => {
  const rec = (i: number, bytes = 10) => ({ k: '0' + String(i).padStart(23, '0'), j: 'x'.repeat(bytes) });

  test('a batch holds at most 200 events, the oldest first', () => {
    const recs = Array.from({ length: 450 }, (_, i) => rec(i));
    const cut = cutBatch(recs);
    expect(cut.length).toBe(200);
    expect(cut[0]).toBe(recs[0]);
  });

  test('a batch stops before it passes the byte limit, but always carries one event', () => {
    const recs = Array.from({ length: 10 }, (_, i) => rec(i, 1000));
    expect(cutBatch(recs, 64 + 3 * 1001).length).toBe(3);
    expect(cutBatch([rec(0, 5000)], 100).length).toBe(1);
    expect(cutBatch(Array.from({ length: 200 }, (_, i) => rec(i, 31990))).length).toBe(Math.floor((MAX_BATCH_BYTES - 64) / 31991));
  });
});
