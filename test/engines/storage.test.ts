// storage.test.ts: where IndexedDB cannot be opened (private modes, a broken database), the
// tracker keeps working in memory and says so once, in every engine.
import { test, expect, report } from '../support/engines.js';

test('without IndexedDB the tracker works in memory and says so once', async ({ engine, visit, collector }) => {
  const tab = await visit({ idb: 'off', flushInterval: '60000' });
  const stats = await tab.evaluate(async () => {
    await window.homing.identify('memory@example.com');
    for (let i = 0; i < 3; i++) await window.homing.track('property_view', { i });
    await window.homing.flush();
    return window.homing.stats();
  });
  expect(stats).toMatchObject({ storage: 'memory', queued: 0 });
  expect((await collector.accepted()).map((e) => e.event)).toEqual(['identify', 'property_view', 'property_view', 'property_view']);
  const notes = (await tab.consoleErrors()).filter((m) => /no IndexedDB/.test(m));
  report(engine, `storage ${stats.storage}, ${notes.length} console note: ${notes[0]}`);
  expect(notes.length).toBe(1);
});
