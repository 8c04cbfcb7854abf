// relay-parts.test.ts: the relay's pure parts: backoff, pace, answers, the 002 rules, config, redaction, grouping.
import { test, expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_PAUSE_MS, readAnswer } from '../../server/relay/answer.js';
import { parseRetryAfter } from '../../src/wait.js';
import { nextDelay, readRateLimit } from '../../server/relay/backoff.js';
import { perEventResults } from '../../server/relay/batch.send.js';
import { describeConfig, loadRelayConfig, parseRelayConfig } from '../../server/relay/config.js';
import { createConfirmer } from '../../server/relay/confirm.js';
import type { Answer } from '../../server/relay/post.js';
import { decideOpen, EMAIL_OPEN_WINDOW_MS, isUserMissing } from '../../server/relay/marketing.send.js';
import { createPacer } from '../../server/relay/pace.js';
import { eachByPerson } from '../../server/relay/people.js';
import { createRedactor, scrubEmails } from '../../server/relay/redact.js';
import type { Outbox, OutboxEvent } from '../../server/store/store.js';

const NOW = Date.parse('2026-11-22T12:00:00.000Z');
const answer = (status: number, body?: unknown, headers: Record<string, string> = {}): Answer => ({ status, body, headers });

test.describe('backoff', () => {
  test('the delay doubles from the base to the cap, with half of it random', () => {
    const o = { baseMs: 1000, capMs: 300_000 };
    expect([1, 2, 3, 4].map((n) => nextDelay(n, { ...o, random: () => 0 }))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => nextDelay(n, { ...o, random: () => 1 }))).toEqual([1000, 2000, 4000, 8000]);
    expect(nextDelay(40, { ...o, random: () => 1 })).toBe(300_000);
  });

  test('Retry-After is seconds or an HTTP date', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });

  test('X-RateLimit-Reset is seconds from now (000), or epoch seconds when that large', () => {
    expect(readRateLimit({ 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3600' }, NOW))
      .toEqual({ limit: 100, remaining: 0, resetAt: NOW + 3_600_000 });
    expect(readRateLimit({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': String(NOW / 1000 + 5) }, NOW)).toEqual({ remaining: 3, resetAt: NOW + 5000 });
    expect(readRateLimit({}, NOW)).toBeUndefined();
  });
});

test.describe('pace', () => {
  test('at most N requests in any sliding minute', () => {
    const p = createPacer(3);
    expect([0, 1, 2].map((t) => p.take(NOW + t))).toEqual([0, 0, 0]);
    expect(p.take(NOW + 10)).toBe(60_000 - 10);
    expect(p.take(NOW + 60_000)).toBe(0);
    expect(p.take(NOW + 60_000)).toBe(1);
  });

  test('a pause wins over the window, and no remaining requests pause until the reset', () => {
    const p = createPacer(undefined);
    p.observe({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' }, NOW);
    expect(p.take(NOW)).toBe(2000);
    p.pauseUntil(NOW + 500); // an earlier pause does not shorten it
    expect(p.pausedUntil()).toBe(NOW + 2000);
    p.observe({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': '2' }, NOW);
    expect(p.take(NOW + 2000)).toBe(0);
  });
});

test.describe('answers', () => {
  test('2xx is sent: 000 answers 201 when it created the person, 200 when it matched one', () => {
    expect(readAnswer(answer(200), NOW).outcome).toEqual({ kind: 'sent', status: 200 });
    expect(readAnswer(answer(201), NOW).outcome).toEqual({ kind: 'sent', status: 201 });
  });

  test('429 and 503 retry when told and pause the destination; X-RateLimit-Reset stands in for Retry-After', () => {
    expect(readAnswer(answer(429, {}, { 'retry-after': '3' }), NOW)).toEqual({ outcome: { kind: 'retry', error: 'HTTP 429: {}', retryAfterMs: 3000, isBusy: true }, pauseUntil: NOW + 3000 });
    expect(readAnswer(answer(429, undefined, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '9' }), NOW).pauseUntil).toBe(NOW + 9000);
    expect(readAnswer(answer(503, 'busy', { 'retry-after': '1' }), NOW).outcome).toMatchObject({ kind: 'retry', retryAfterMs: 1000 });
  });

  test('5xx, 408 and no answer at all retry with backoff', () => {
    for (const a of [answer(500), answer(502), answer(408), { ...answer(0), error: 'timeout after 10 ms' }])
      expect(readAnswer(a, NOW)).toEqual({ outcome: { kind: 'retry', error: expect.any(String) } });
  });

  test('a refused token or a wrong URL pauses and retries: it is not the event\'s fault', () => {
    for (const s of [401, 403, 404, 405])
      expect(readAnswer(answer(s), NOW)).toMatchObject({ outcome: { kind: 'retry', retryAfterMs: CONFIG_PAUSE_MS }, pauseUntil: NOW + CONFIG_PAUSE_MS });
  });

  test('any other 4xx is a dead letter with the answer', () => {
    expect(readAnswer(answer(422, { errors: ['type: required'] }), NOW).outcome).toEqual({ kind: 'dead', answer: { status: 422, body: { errors: ['type: required'] } } });
    expect(readAnswer(answer(400, 'bad'), NOW).outcome.kind).toBe('dead');
  });

  test('004 per-event results: accepted and duplicates are sent, errors are dead, missing ones retry', () => {
    const body = { events: [{ index: 0, messageId: 'a', status: 'accepted' }, { index: 2, messageId: 'c', status: 'duplicate' }],
      errors: [{ index: 1, errors: [{ code: 'INVALID_EMAIL', message: 'x' }] }] };
    expect(perEventResults(answer(207, body), 4)).toEqual([
      { kind: 'sent' }, { kind: 'dead', answer: { status: 207, errors: [{ code: 'INVALID_EMAIL', message: 'x' }] } }, { kind: 'sent' },
      { kind: 'retry', error: 'HTTP 207 without a result for this event' },
    ]);
    expect(perEventResults(answer(400, { statusCode: 400, message: 'bad' }), 2)).toBeUndefined();
    expect(perEventResults(answer(500, body), 3)).toBeUndefined();
  });
});

test.describe('002 rules', () => {
  const min = 60_000;
  test('the first open goes; an open captured within 20 minutes of the last sent one is skipped', () => {
    expect(decideOpen(undefined, NOW, NOW)).toEqual({ kind: 'send' });
    expect(decideOpen({ capturedAt: NOW, sentAt: NOW }, NOW + 19 * min, NOW + 30 * min).kind).toBe('skip');
    expect(decideOpen({ capturedAt: NOW, sentAt: NOW }, NOW - 5 * min, NOW + 30 * min).kind).toBe('skip');
  });

  test('an open captured later waits until 20 minutes after the last one was sent', () => {
    const last = { capturedAt: NOW, sentAt: NOW + 60 * min };
    const d = decideOpen(last, NOW + 45 * min, NOW + 61 * min);
    expect(d.kind).toBe('wait');
    expect(d.kind === 'wait' && d.ms).toBe(EMAIL_OPEN_WINDOW_MS - min + 5000);
    expect(decideOpen(last, NOW + 45 * min, NOW + 81 * min)).toEqual({ kind: 'send' });
  });

  test('"user must exist" is read from 002\'s error answer', () => {
    expect(isUserMissing(answer(400, { errors: [{ message: 'User not found', description: 'Note that user must exist in the database beforehand' }] }))).toBe(true);
    expect(isUserMissing(answer(400, { errors: [{ message: 'Missing event information' }] }))).toBe(false);
    expect(isUserMissing(answer(200, { errors: [{ message: 'User not found' }] }))).toBe(false);
  });
});

test.describe('config', () => {
  const TOKEN = 'crm_secret_token_abcdef';
  const raw = { destinations: { crm: { url: 'https://crm.example/api/partner/events', token: 'env:CRM_TOKEN' }, success: { url: 'https://cs.example/v1/track/event' } } };
  const env = { CRM_TOKEN: TOKEN, HOMING_RELAY_SUCCESS_TOKEN: 'cs_token_123456' };

  test('a file names destinations; tokens come from env: references or HOMING_RELAY_<NAME>_TOKEN', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-config-'));
    writeFileSync(join(dir, 'relay.json'), JSON.stringify(raw));
    const loaded = loadRelayConfig(join(dir, 'relay.json'), env);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const [crm, success] = loaded.config.destinations;
    expect([crm.token, success.token]).toEqual([TOKEN, 'cs_token_123456']);
    expect(crm).toMatchObject({ name: 'crm', type: 'crm', batchSize: 40, concurrency: 4 });
  });

  test('environment variables alone configure the relay', () => {
    const loaded = loadRelayConfig(undefined, {
      HOMING_RELAY_DESTINATIONS: 'batch, mkt', HOMING_RELAY_BATCH_URL: 'https://api.example/v1/events/batch', HOMING_RELAY_BATCH_TOKEN: 'sk_live_123456',
      HOMING_RELAY_MKT_TYPE: 'marketing', HOMING_RELAY_MKT_URL: 'https://m.example/event/', HOMING_RELAY_MKT_TOKEN: 'mkt_123456', HOMING_RELAY_MKT_CONCURRENCY: '2',
    });
    expect(loaded.ok && loaded.config.destinations.map((d) => [d.name, d.type, d.ratePerMinute, d.concurrency])).toEqual([['batch', 'batch', 50, 1], ['mkt', 'marketing', undefined, 2]]);
  });

  test('a token never shows in JSON, in the description or in an error', () => {
    const loaded = parseRelayConfig(raw, env);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(JSON.stringify(loaded.config)).not.toContain(TOKEN);
    expect(JSON.stringify(describeConfig(loaded.config))).not.toContain(TOKEN);
    const bad = parseRelayConfig({ destinations: { crm: { url: 'ftp://x', token: TOKEN } } }, env);
    expect(bad).toEqual({ ok: false, message: 'relay config: destinations.crm.url: an http(s) URL is required' });
  });

  test('what is missing or wrong is named', () => {
    expect(parseRelayConfig({ destinations: { crm: { url: 'https://x' } } }, {})).toMatchObject({ ok: false, message: expect.stringContaining('destinations.crm.token') });
    expect(parseRelayConfig({ destinations: { crm: { url: 'https://x', token: 'env:NOPE' } } }, {})).toMatchObject({ message: expect.stringContaining('NOPE is not set') });
    expect(parseRelayConfig({ destinations: { other: { url: 'https://x', token: 't' } } }, {})).toMatchObject({ message: expect.stringContaining('destinations.other.type') });
    expect(parseRelayConfig({}, {})).toMatchObject({ ok: false });
  });
});

test('tokens are redacted from text and answers, emails from log lines', () => {
  const r = createRedactor(['sk_live_abcdef', 'a b+c/d=e']);
  expect(r.text('GET ?api_token=a%20b%2Bc%2Fd%3De failed with sk_live_abcdef')).toBe('GET ?api_token=[token] failed with [token]');
  expect(r.value({ echo: { auth: 'Bearer sk_live_abcdef' } })).toEqual({ echo: { auth: 'Bearer [token]' } });
  expect(scrubEmails('user jane.doe+x@example.co.uk not found')).toBe('user [email] not found');
});

test('confirmations made in the same tick share one outbox query', async () => {
  const calls: number[][] = [];
  const outbox = { confirm: async (_d: string, ids: number[]) => { calls.push(ids); await new Promise((r) => setTimeout(r, 5)); return ids.length; } } as unknown as Outbox;
  const confirm = createConfirmer(outbox, 'crm');
  await Promise.all([confirm([1]), confirm([2]), confirm([3, 4])]);
  await Promise.all([confirm([5]), new Promise((r) => setTimeout(r, 1)).then(() => confirm([6])), new Promise((r) => setTimeout(r, 2)).then(() => confirm([7]))]);
  expect(calls).toEqual([[1, 2, 3, 4], [5], [6, 7]]);
});

test('a person\'s events go in order, several people at once', async () => {
  const ev = (id: number, email: string) => ({ id, event: { identify: { email } } }) as unknown as OutboxEvent;
  const events = [ev(1, 'a'), ev(2, 'b'), ev(3, 'a'), ev(4, 'c'), ev(5, 'b'), ev(6, 'a')];
  const order: number[] = [];
  let running = 0;
  let most = 0;
  await eachByPerson(events, 2, async (e) => {
    most = Math.max(most, ++running);
    await new Promise((r) => setTimeout(r, e.id % 2 ? 3 : 1));
    order.push(e.id);
    running--;
  });
  expect(most).toBe(2);
  for (const person of [[1, 3, 6], [2, 5]]) expect(order.filter((id) => person.includes(id))).toEqual(person);
  expect(order.sort()).toEqual([1, 2, 3, 4, 5, 6]);
});
