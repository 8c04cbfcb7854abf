// idle-start.test.ts: the tracker starts in idle slices, and nothing captured before then is lost.
import { test, expect } from '../support/pages.js';

/** Makes these calls inside the script's own evaluation, the moment window.homing becomes the tracker; notes the time around them. */
const callAtFirstMoment = (calls: unknown[][]) => {
  let current: any;
  Object.defineProperty(window, 'homing', {
    configurable: true,
    get: () => current,
    set(v) {
      current = v;
      if (!v || !v.__homing) return;
      (window as any).before = Date.now();
      for (const [method, ...args] of calls as [string, ...unknown[]][]) v[method](...args);
      (window as any).after = Date.now();
    },
  });
};

/** The records of homing's IndexedDB queue, read directly (not through the tracker, which would start it at once). */
const storedRecords = (key: string) => new Promise<string[]>((resolve) => {
  const open = indexedDB.open('homing-' + key);
  open.onupgradeneeded = () => open.transaction!.abort(); // not created yet: nothing stored
  open.onerror = () => resolve([]);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('q')) return (db.close(), resolve([]));
    const all = db.transaction('q').objectStore('q').getAll();
    all.onsuccess = () => (db.close(), resolve(all.result.flat().filter((r: any) => r && r.j).map((r: any) => r.j))); // chunks: several events a record
  };
});

test('an event tracked in the first millisecond is persisted with its capture time and delivered', async ({ page, open, collector }) => {
  await page.addInitScript(callAtFirstMoment, [['identify', 'first@example.com'], ['track', 'property_view', { property: { id: 'first-ms' } }]]);
  await open({ key: 'pk_test_first', flushInterval: '60000' });
  // Persisted by the idle start-up alone: nothing here calls the tracker.
  await expect.poll(() => page.evaluate(storedRecords, 'pk_test_first').then((r) => r.filter((j) => j.includes('first-ms')).length)).toBe(1);
  const [json] = (await page.evaluate(storedRecords, 'pk_test_first')).filter((j) => j.includes('first-ms'));
  const at = Date.parse(JSON.parse(json).timestamp);
  const { before, after } = await page.evaluate(() => ({ before: (window as any).before, after: (window as any).after }));
  expect(at).toBeGreaterThanOrEqual(before);
  expect(at).toBeLessThanOrEqual(after);
  await page.evaluate(() => window.homing.flush());
  const got = await collector.waitForAccepted(2);
  expect(got.map((e) => e.event)).toEqual(['identify', 'property_view']);
  expect(got[1]).toMatchObject({ email: 'first@example.com', properties: { property: { id: 'first-ms' } } });
  expect(Date.parse(got[1].timestamp)).toBe(at);
});

test('calls made before start-up keep their order: a reset before the idle start-up applies after the identify', async ({ page, open, collector }) => {
  await page.addInitScript(callAtFirstMoment, [
    ['identify', 'one@example.com'], ['track', 'search', { propertySearch: { beds: 2 } }], ['reset'], ['track', 'search', { propertySearch: { beds: 3 } }],
  ]);
  const page2 = await open({ flushInterval: '60000' });
  const stats = await page2.evaluate(async () => { await window.homing.flush(); return window.homing.stats(); });
  const got = await collector.waitForAccepted(2);
  expect(got.map((e) => [e.event, e.email])).toEqual([['identify', 'one@example.com'], ['search', 'one@example.com']]);
  expect(stats.held).toBe(2); // the autocaptured page view and the second search come after the reset: anonymous, held
});

/** A page busy for half a minute: no idle moment comes, so only a call, a visitor or the page's end makes the tracker. */
const neverIdle = () => {
  (window as any).requestIdleCallback = (fn: () => void) => setTimeout(fn, 30000);
};

test('before the browser is idle, a visitor\'s submit makes the tracker at once: the form is recorded and a listener added early hears it', async ({ page, open, collector }) => {
  await page.addInitScript(neverIdle);
  await open({ fixture: 'contact.html', flushInterval: '60000' });
  await page.evaluate(() => {
    (window as any).notes = [];
    window.homing.on('queued', (n: any) => (window as any).notes.push(n.event));
  });
  await page.fill('[name=fname]', 'Ada');
  await page.fill('[name=your-email]', 'ada@example.com');
  await page.click('button[type=submit]');
  // A form goes at once with keepalive (SPEC §5): no flush, no timer, no idle moment.
  await expect.poll(async () => (await collector.accepted()).filter((e) => e.event === 'form_submission').length).toBe(1);
  const form = (await collector.accepted()).find((e) => e.event === 'form_submission')!;
  expect(form).toMatchObject({ email: 'ada@example.com' });
  expect(await page.evaluate(() => (window as any).notes)).toEqual(expect.arrayContaining(['page_view', 'identify', 'form_submission']));
});

test('a page left before the browser was ever idle sends the calls it recorded, with their capture time', async ({ page, open, collector, site }) => {
  await page.addInitScript(neverIdle);
  await open({ flushInterval: '60000' });
  const at = await page.evaluate(() => {
    window.homing.identify('gone@example.com');
    window.homing.track('property_view', { property: { id: 'left-early' } });
    return Date.now();
  });
  await page.waitForTimeout(300); // the capture time must be the call's, not the page's end
  await page.goto(site.url + '/fixtures/blank.html');
  await expect.poll(async () => (await collector.accepted()).filter((e) => e.properties?.property?.id === 'left-early').length).toBe(1);
  const view = (await collector.accepted()).find((e) => e.properties?.property?.id === 'left-early')!;
  expect(view).toMatchObject({ email: 'gone@example.com' });
  expect(Math.abs(Date.parse(view.timestamp as string) - at)).toBeLessThan(200);
});
