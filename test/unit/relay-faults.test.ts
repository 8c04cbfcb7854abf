// relay-faults.test.ts: faults, restarts and refusals between a PGlite outbox and the four mock destinations.
import { test, expect } from '@playwright/test';
import { createAdminGate } from '../../server/admin/gate.js';
import { startRelayAdmin } from '../../server/admin/relay.js';
import { deliverAll, startRig, type Rig } from '../relay/rig.js';
import { visitorStory } from '../relay/story.js';
import { heldIds, TOKENS } from '../relay/world.js';
import type { WireEvent } from '../../server/store/store.js';

let rig: Rig | undefined;
test.afterEach(async () => { await rig?.close(); rig = undefined; });

const visitors = (n: number) => Array.from({ length: n }, (_, i) => visitorStory('visitor' + i + '@example.com', i * 100)).flat();

/** Each destination holds every event exactly once (002: every one but identify, which is the login). */
function expectExactlyOnce(r: Rig, events: WireEvent[]) {
  const held = heldIds(r.mocks);
  const ids = events.map((e) => e.messageId).sort();
  expect(held.batch.sort(), '004').toEqual(ids);
  expect(held.crm.sort(), '000/001').toEqual(ids);
  expect(held.success.sort(), '003').toEqual(ids);
  expect(held.marketing.sort(), '002').toEqual(events.filter((e) => e.event !== 'identify').map((e) => e.messageId).sort());
  expect(r.mocks.marketing.discarded, '002 discarded nothing').toEqual([]);
}

// Timeouts of 2 s, not less: on a loaded machine a healthy answer can take longer than a short timeout, and a request
// timed out after the destination stored it is resent (000–003 have no idempotency key: see the README).
test('5xx, 429, resets and hung requests at every destination lose nothing and duplicate nothing', async () => {
  rig = await startRig({ config: { destinations: { crm: { timeoutMs: 2000 }, success: { timeoutMs: 2000 } } } });
  const { batch, crm, marketing, success } = rig.mocks;
  batch.fault({ status: 500 }); batch.fault({ status: 429, retryAfter: 1 }); batch.fault({ mode: 'reset' });
  crm.fault({ status: 503, count: 2 }); crm.fault({ mode: 'hang' }); crm.fault({ mode: 'reset' });
  marketing.fault({ status: 500, count: 2 }); marketing.fault({ status: 429 });
  success.fault({ mode: 'reset', count: 2 }); success.fault({ status: 502 }); success.fault({ mode: 'hang' });
  const events = visitors(3);
  await rig.accept(events);
  await deliverAll(rig);
  expectExactlyOnce(rig, events);
  const faulted = (m: { requests: { fault?: string }[] }) => m.requests.filter((r) => r.fault).length;
  expect([faulted(batch), faulted(crm), faulted(marketing), faulted(success)]).toEqual([3, 4, 3, 4]);
  expect(rig.relay.stats().map((s) => [s.name, s.retried > 0, s.dead])).toEqual([['batch', true, 0], ['crm', true, 0], ['marketing', true, 0], ['success', true, 0]]);
});

test('a relay stopped mid-delivery and started again sends each event once', async () => {
  rig = await startRig();
  for (const m of [rig.mocks.crm, rig.mocks.success, rig.mocks.marketing]) m.fault({ mode: 'slow', delayMs: 300, count: 3 });
  const events = visitors(3);
  await rig.accept(events);
  await new Promise((r) => setTimeout(r, 150));
  await rig.restart();
  await deliverAll(rig);
  expectExactlyOnce(rig, events);
});

test('after a crash, events whose requests never reached the destination come back when their lease ends', async () => {
  rig = await startRig({ config: { relay: { leaseMs: 4000 }, destinations: { crm: { timeoutMs: 1000 }, success: { timeoutMs: 1000 }, marketing: { timeoutMs: 1000 }, batch: { timeoutMs: 1000 } } } });
  for (const m of [rig.mocks.batch, rig.mocks.crm, rig.mocks.success, rig.mocks.marketing]) m.fault({ mode: 'hang', count: 4 });
  const events = visitors(2);
  await rig.accept(events);
  await new Promise((r) => setTimeout(r, 150));
  await rig.restart({ abort: true });
  for (const m of [rig.mocks.batch, rig.mocks.crm, rig.mocks.success, rig.mocks.marketing]) m.clearFaults();
  expect(Object.values(await rig.pending()).every((n) => n > 0)).toBe(true);
  rig.clock.advance(5000); // the dead process's leases run out
  await deliverAll(rig);
  expectExactlyOnce(rig, events);
});

test('004 recognises a batch resent after a crash by its messageIds', async () => {
  rig = await startRig();
  rig.mocks.batch.fault({ mode: 'slow', delayMs: 400 }); // stored, but the answer comes after the crash
  const events = visitors(1);
  await rig.accept(events);
  await expect.poll(() => rig!.mocks.batch.events.size).toBe(events.length);
  await rig.restart({ abort: true });
  rig.clock.advance(60_000);
  await deliverAll(rig);
  expect(rig.mocks.batch.counts).toEqual({ copies: 2 * events.length, duplicates: events.length });
  expect(heldIds(rig.mocks).batch.length).toBe(events.length);
});

test('refused events become dead letters with the answer, shown by GET /__deadletters (behind the admin token) without tokens', async () => {
  rig = await startRig();
  rig.mocks.crm.reject('inquiry');
  rig.mocks.batch.reject('search', 'INVALID_EVENT_NAME');
  rig.mocks.success.reject('document_downloaded');
  rig.mocks.marketing.reject('email_open');
  const events = visitors(1);
  await rig.accept(events);
  await deliverAll(rig);
  const adminToken = 'relay-admin-token-0123456789';
  const gate = createAdminGate({ token: adminToken });
  const admin = await startRelayAdmin({ outbox: rig.store, relay: rig.relay, destinations: ['batch', 'crm', 'marketing', 'success'] }, 0, '127.0.0.1', gate);
  const fetch = (url: string) => globalThis.fetch(url, { headers: { Authorization: 'Bearer ' + adminToken } });
  try {
    expect((await globalThis.fetch(admin.url + '/__deadletters')).status, 'without the admin token').toBe(401);
    const { deadLetters } = await (await fetch(admin.url + '/__deadletters')).json();
    expect(deadLetters.map((d: any) => [d.destination, d.event.event]).sort()).toEqual([
      ['batch', 'search'], ['crm', 'inquiry'], ['marketing', 'email_opened'], ['marketing', 'email_opened'], ['success', 'document_downloaded'],
    ]);
    const crm = deadLetters.find((d: any) => d.destination === 'crm');
    expect(crm.answer).toEqual({ status: 422, body: { error: 'Unprocessable Entity', errors: ['type: inquiry is not accepted by this account'] } });
    expect(deadLetters.find((d: any) => d.destination === 'batch').answer.errors[0].code).toBe('INVALID_EVENT_NAME');
    const only = await (await fetch(admin.url + '/__deadletters?destination=success')).json();
    expect(only.deadLetters.map((d: any) => d.destination)).toEqual(['success']);
    const status = await (await fetch(admin.url + '/__relay')).json();
    expect(status.destinations.find((d: any) => d.name === 'crm')).toMatchObject({ dead: 1, sent: events.length - 1, lag: { pending: 0 } });
    const everything = JSON.stringify([deadLetters, status, rig.logs]);
    expect(everything).not.toContain(adminToken);
    for (const token of Object.values(TOKENS)) expect(everything).not.toContain(token);
    expect(JSON.stringify(rig.logs)).not.toContain('@example.com');
  } finally {
    await admin.close();
  }
  // The rest went through.
  expect(heldIds(rig.mocks).crm.length).toBe(events.length - 1);
});

test('002: a user the platform lost is logged in again before the event is resent', async () => {
  rig = await startRig();
  const [first, second] = [visitorStory('lost@example.com').slice(0, 3), visitorStory('lost@example.com', 100).slice(1, 3)];
  await rig.accept(first);
  await deliverAll(rig);
  rig.mocks.marketing.users.clear();
  await rig.accept(second);
  await deliverAll(rig);
  const kinds = rig.mocks.marketing.events.map((e) => e.type);
  expect(kinds).toEqual(['login', 'generic', 'generic', 'generic', 'login', 'generic', 'generic']);
  expect(rig.mocks.marketing.requests.filter((r) => r.status === 400).length).toBe(1);
});

test('002: opens within 20 minutes are skipped, a later one waits until the platform will count it', async () => {
  rig = await startRig();
  const email = 'opens@example.com';
  const open = (minute: number) => visitorStory(email, minute).find((e) => e.event === 'email_opened')!;
  const opens = [open(0), open(5), open(30)];
  await rig.accept([visitorStory(email)[0], ...opens]);
  await expect.poll(() => rig!.pending(), { timeout: 10_000 }).toEqual({ batch: 0, crm: 0, marketing: 1, success: 0 });
  expect(rig.mocks.marketing.events.filter((e) => e.type === 'email_open').map((e) => e.data.message_id)).toEqual([opens[0].messageId]);
  rig.clock.advance(10 * 60_000);
  await new Promise((r) => setTimeout(r, 300));
  expect(await rig.pending()).toMatchObject({ marketing: 1 });
  rig.clock.advance(11 * 60_000);
  await deliverAll(rig);
  expect(rig.mocks.marketing.events.filter((e) => e.type === 'email_open').map((e) => e.data.message_id)).toEqual([opens[0].messageId, opens[2].messageId]);
  expect(rig.mocks.marketing.discarded).toEqual([]);
  expect(rig.relay.stats().find((s) => s.name === 'marketing')).toMatchObject({ skipped: 1 });
});

test('000: X-RateLimit-Remaining 0 pauses the CRM until X-RateLimit-Reset', async () => {
  rig = await startRig({ mocks: { crmLimit: 5, crmWindowMs: 60_000 }, config: { destinations: { crm: { concurrency: 1 } } } });
  const events = visitors(1);
  await rig.accept(events);
  await expect.poll(() => rig!.mocks.crm.events.length).toBe(5);
  await new Promise((r) => setTimeout(r, 300));
  expect(rig.mocks.crm.requests.length).toBe(5); // paused, not hammering into 429s
  expect(rig.relay.stats().find((s) => s.name === 'crm')?.pausedUntil).toBeTruthy();
  // The next windows' requests are spread over each window (SPEC §7): the clock moves a quarter window at a time.
  await expect.poll(() => { rig!.clock.advance(15_000); return rig!.mocks.crm.events.length; }, { timeout: 30_000 }).toBe(events.length);
  await deliverAll(rig);
  expect(heldIds(rig.mocks).crm.sort()).toEqual(events.map((e) => e.messageId).sort());
  expect(rig.mocks.crm.requests.filter((r) => r.status === 429)).toEqual([]);
});

test('004: the relay keeps to the batch API\'s requests per minute', async () => {
  rig = await startRig({ mocks: { batchRate: 3 }, config: { destinations: { batch: { ratePerMinute: 3, batchSize: 5 } } } });
  const events = visitors(2); // 26 events → 6 requests of at most 5
  await rig.accept(events);
  await expect.poll(() => rig!.mocks.batch.requests.length).toBe(3);
  await new Promise((r) => setTimeout(r, 300));
  expect(rig.mocks.batch.requests.length).toBe(3);
  rig.clock.advance(61_000);
  await deliverAll(rig);
  expect(rig.mocks.batch.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  expect(rig.mocks.batch.events.size).toBe(events.length);
});
