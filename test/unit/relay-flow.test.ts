// relay-flow.test.ts: the relay between a real PGlite outbox and the four mock destinations.
import { test, expect } from '@playwright/test';
import { heldIds } from '../relay/world.js';
import { NOTHING_PENDING, startRig, type Rig } from '../relay/rig.js';
import { visitorStory } from '../relay/story.js';

let rig: Rig | undefined;
test.afterEach(async () => { await rig?.close(); rig = undefined; });

const exactlyOnce = (ids: string[]) => ({ count: ids.length, distinct: new Set(ids).size });

test('every event of a visit reaches each destination exactly once, in its format', async () => {
  rig = await startRig();
  const story = visitorStory();
  await rig.accept(story);
  // 002 counts one open per person per 20 minutes: the second open (captured 31 minutes after the first) waits, and
  // the browsing event captured after it waits its turn behind it (SPEC §7: a person's events in capture order).
  await expect.poll(() => rig!.pending(), { timeout: 10_000 }).toEqual({ ...NOTHING_PENDING, marketing: 2 });
  rig.clock.advance(21 * 60_000);
  await expect.poll(() => rig!.pending(), { timeout: 10_000 }).toEqual(NOTHING_PENDING);
  const held = heldIds(rig.mocks);
  const ids = story.map((e) => e.messageId).sort();
  expect(held.batch.sort()).toEqual(ids);
  expect(held.crm.sort()).toEqual(ids);
  expect(held.success.sort()).toEqual(ids);
  // 002: identify is the login that creates the user, so it carries no messageId of its own.
  expect(held.marketing.sort()).toEqual(story.filter((e) => e.event !== 'identify').map((e) => e.messageId).sort());
  expect(rig.mocks.marketing.discarded).toEqual([]);
  expect(rig.mocks.marketing.users.get('jane@example.com')?.attributes).toMatchObject({ firstname: 'Jane', lastname: 'Doe', phone: '+1-555-1234' });
});
