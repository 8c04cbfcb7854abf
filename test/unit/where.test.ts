// where.test.ts: where each event went at each destination (the store's trail), and dead letters replayed.
import { test, expect } from '@playwright/test';
import { withPauses } from '../../server/store/where.js';
import { deliverAll, startRig, type Rig } from '../relay/rig.js';
import { visitorStory, wire } from '../relay/story.js';

let rig: Rig | undefined;
test.afterEach(async () => { await rig?.close(); rig = undefined; });

const KEY = 'pk_test_relay';
const at = (r: Rig, messageId: string, destination = 'crm') =>
  r.store.trail({ key: KEY, messageId }).then((t) => t[0]?.destinations.find((d) => d.destination === destination));

test('an event sent, one dead-lettered with the answer, one pending behind the CRM\'s budget; a lead\'s trail in capture order', async () => {
  rig = await startRig();
  rig.mocks.crm.reject('inquiry');
  const story = visitorStory('ann@example.com');
  await rig.accept([...story].reverse());
  await deliverAll(rig);

  const view = story.find((e) => e.event === 'property_view')!;
  const sent = await at(rig, view.messageId);
  expect(sent).toMatchObject({ destination: 'crm', state: 'sent', status: 200 });
  expect(Date.parse(sent!.at!)).toBeGreaterThan(Date.now() - 60_000);
  const inquiry = story.find((e) => e.event === 'inquiry')!;
  const dead = await at(rig, inquiry.messageId);
  expect(dead).toMatchObject({ state: 'dead_letter', status: 422, answer: { status: 422, body: { errors: ['type: inquiry is not accepted by this account'] } } });
  expect(await at(rig, inquiry.messageId, 'batch')).toMatchObject({ state: 'sent' });

  // The lead's trail: every event once, in the order they happened, whatever the order they arrived in.
  const trail = await rig.store.trail({ email: 'ann@example.com' });
  expect(trail.map((t) => t.messageId)).toEqual(story.map((e) => e.messageId));
  expect(trail.every((t) => t.destinations.map((d) => d.destination).sort().join() === 'batch,crm,marketing,success')).toBe(true);

  // The CRM says its budget is spent for 10 minutes: the next event waits, and says why.
  rig.mocks.crm.fault({ status: 429, retryAfter: 600 });
  const later = wire('property_view', {}, { email: 'ann@example.com', minute: 60 });
  await rig.accept([later]);
  await expect.poll(async () => (await at(rig!, later.messageId))?.error ?? '').toContain('429');
  const paused = rig.relay.stats().find((s) => s.name === 'crm')?.pausedUntil;
  expect(paused).toBeTruthy();
  const [seen] = withPauses(await rig.store.trail({ key: KEY, messageId: later.messageId }), { crm: paused }, rig.clock.now());
  expect(seen.destinations.find((d) => d.destination === 'crm')).toMatchObject({ state: 'pending', why: 'paused', pausedUntil: paused, attempts: 1 });
});

test('a dead letter replayed reaches the CRM once; replaying again finds nothing', async () => {
  rig = await startRig();
  rig.mocks.crm.reject('inquiry');
  const story = visitorStory('bob@example.com');
  await rig.accept(story);
  await deliverAll(rig);
  const inquiry = story.find((e) => e.event === 'inquiry')!;
  const held = () => rig!.mocks.crm.events.filter((e) => e.body.metadata?.messageId === inquiry.messageId).length;
  expect(held()).toBe(0);
  const [letter] = await rig.store.deadLetters('crm');
  expect(letter.messageId).toBe(inquiry.messageId);

  rig.mocks.crm.allow('inquiry');
  expect(await rig.store.replay('crm', letter.id + 1000), 'no such dead letter').toBe(0);
  expect(await rig.store.replay('crm', letter.id)).toBe(1);
  rig.relay.wake();
  await deliverAll(rig);
  expect(held()).toBe(1);
  expect(await at(rig, inquiry.messageId)).toMatchObject({ state: 'sent', status: 200 });
  expect(await rig.store.deadLetters('crm')).toEqual([]);
  expect(await rig.store.replay('crm')).toBe(0);
  await new Promise((r) => setTimeout(r, 300));
  expect(held(), 'still once').toBe(1);
});
