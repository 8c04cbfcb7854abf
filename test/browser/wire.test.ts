// wire.test.ts: what goes over the wire: gzip bodies (compression=gzip in the query: no preflight), plain JSON after a 415.
import { test, expect, drain, trackViews, tally } from '../support/pages.js';

test.describe('wire', () => {
  test('batches go gzipped and arrive whole, in a fraction of their plain size', async ({ open, collector }) => {
    const page = await open({ flushInterval: '60000', flushAt: '200' });
    const encodings: (string | undefined)[] = [];
    page.on('request', (r) => r.method() == 'POST' && r.url().startsWith(collector.endpoint) && encodings.push(new URL(r.url()).searchParams.get('compression') || undefined));
    await page.evaluate(() => window.homing.identify('gzip@example.com'));
    const ids = await trackViews(page, 200, 'gz');
    await drain(page);
    expect(await tally(collector, ids)).toMatchObject({ delivered: 200, lost: 0, twice: 0, duplicates: 0 });
    expect(encodings.length).toBeGreaterThan(0);
    expect(new Set(encodings)).toEqual(new Set(['gzip']));
    const { requests } = await collector.log();
    const big = requests.find((r: any) => r.count >= 150) as any;
    expect(big.bytes / big.count).toBeLessThan(200); // plain, one of these events is about 700 bytes
  });

  test('a 415 to a gzip body makes the tracker send plain JSON to that endpoint from then on', async ({ open, collector, page }) => {
    await open({ flushInterval: '60000' });
    const encodings: (string | undefined)[] = [];
    page.on('request', (r) => r.method() == 'POST' && r.url().startsWith(collector.endpoint) && encodings.push(new URL(r.url()).searchParams.get('compression') || undefined));
    await collector.fault({ mode: 415, count: 1 });
    await page.evaluate(() => window.homing.identify('plain@example.com'));
    const first = await trackViews(page, 3, 'p1');
    await drain(page);
    expect(await tally(collector, first)).toMatchObject({ delivered: 3, lost: 0, twice: 0 });
    await page.reload();
    await page.waitForFunction(() => window.homing && window.homing.__homing);
    const second = await trackViews(page, 3, 'p2');
    await drain(page);
    expect(await tally(collector, second)).toMatchObject({ delivered: 3, lost: 0, twice: 0 });
    expect(encodings[0]).toBe('gzip');
    expect(encodings.slice(1).length).toBeGreaterThan(1);
    expect(encodings.slice(1).filter((e) => e)).toEqual([]);
  });
});

test('the batch sent as the page is left goes gzipped too, gzipped ahead', async ({ open, collector, page, site }) => {
  await open({ flushInterval: '60000', flushAt: '200', autocapture: 'off' });
  await page.evaluate(() => window.homing.identify('ahead@example.com').then(() => window.homing.flush()));
  const ids = await trackViews(page, 50, 'ahead');
  await page.waitForTimeout(500); // the copy for the page's end is made in the background
  await page.goto(site.url + '/fixtures/blank.html');
  await expect.poll(async () => (await tally(collector, ids)).delivered).toBe(50);
  const carriers = (await collector.batchRequests()).filter((r) => r.messageIds.includes(ids[0])) as any[];
  expect(carriers.length, 'one request at leave').toBe(1);
  expect(carriers[0].keyVia).toBe('query');
  // Plain, one of these events is about 700 bytes.
  expect(carriers[0].bytes / carriers[0].count, 'bytes an event').toBeLessThan(200);
});
