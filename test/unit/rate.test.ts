// rate.test.ts: the collector's sliding 60-second window per key.
import { test, expect } from '@playwright/test';
import { createRateLimiter } from '../../server/collector/rate.js';

test('50 requests in a minute pass and the 51st is told when a slot frees', () => {
  const rate = createRateLimiter(50);
  for (let i = 0; i < 50; i++) expect(rate.hit('pk', 0)).toEqual({ ok: true });
  expect(rate.hit('pk', 10_000)).toEqual({ ok: false, retryAfter: 50 });
  expect(rate.hit('pk', 60_000)).toEqual({ ok: true });
});

test('Retry-After rounds up to whole seconds', () => {
  const rate = createRateLimiter(2);
  rate.hit('pk', 0);
  rate.hit('pk', 30_000);
  expect(rate.hit('pk', 59_999)).toEqual({ ok: false, retryAfter: 31 });
  expect(rate.hit('pk', 90_000).ok).toBe(true);
});

test('refused requests count, so a client that ignores Retry-After stays limited', () => {
  const rate = createRateLimiter(2);
  rate.hit('pk', 0);
  rate.hit('pk', 1000);
  expect(rate.hit('pk', 2000).ok).toBe(false);
  expect(rate.hit('pk', 3000).ok).toBe(false);
  expect(rate.hit('pk', 61_000)).toEqual({ ok: false, retryAfter: 2 });
});

test('each key has its own window', () => {
  const rate = createRateLimiter(1);
  rate.hit('pk_a', 0);
  expect(rate.hit('pk_b', 0).ok).toBe(true);
});
