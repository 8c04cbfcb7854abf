// qa.test.ts: the QA panel's routes: its files, the live stream, visitors' queue reports, clearing the log.
import { test, expect } from '@playwright/test';
import { batchOf, startHarness, type Harness } from './collector-helpers.js';

let h: Harness;
test.beforeEach(async () => { h = await startHarness(); });
test.afterEach(async () => { await h.close(); });

interface Message { name: string; data: any }

/** Opens /qa/events and collects its messages; `until` says when enough has arrived. */
function listen(): { messages: Message[]; until(check: (m: Message[]) => boolean): Promise<void>; close(): void } {
  const controller = new AbortController();
  const messages: Message[] = [];
  (async () => {
    const res = await fetch(h.url('/qa/events'), { signal: controller.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        const name = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (name && data) messages.push({ name, data: JSON.parse(data) });
      }
    }
  })().catch(() => {});
  return {
    messages,
    until: (check) => expect.poll(() => check(messages), { timeout: 5000 }).toBe(true),
    close: () => controller.abort(),
  };
}

const names = (messages: Message[]) => messages.map((m) => m.name);

test('/qa serves the panel and its files, and nothing outside demo/qa', async () => {
  const page = await fetch(h.url('/qa'));
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(await page.text()).toContain('homing QA');
  expect((await fetch(h.url('/qa/qa.js'))).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect((await fetch(h.url('/qa/%2e%2e/%2e%2e/package.json'))).status).toBe(404);
  expect((await fetch(h.url('/qa/missing.js'))).status).toBe(404);
});

test('a collector without the fault switch has no QA panel', async () => {
  const plain = await startHarness({ faults: false });
  try {
    expect((await fetch(plain.url('/qa'))).status).toBe(404);
    expect((await fetch(plain.url('/qa/events'))).status).toBe(404);
  } finally {
    await plain.close();
  }
});

test('the stream replays the log, says ready, then sends each event as it is received', async () => {
  await h.post(batchOf(2));
  const stream = listen();
  try {
    await stream.until((m) => names(m).includes('ready'));
    expect(names(stream.messages)).toEqual(['entry', 'entry', 'ready']);
    await h.post(batchOf(1, { event: 'search', properties: { propertySearch: { location: 'Seabrook' } } }));
    await stream.until((m) => m.length === 4);
    expect(stream.messages[3].data).toMatchObject({ event: 'search', email: 'jane@example.com', status: 'accepted', properties: { propertySearch: { location: 'Seabrook' } } });
  } finally {
    stream.close();
  }
});

test('a visitor\'s queue report reaches open panels and panels opened later, one line per tab', async () => {
  const stream = listen();
  try {
    await stream.until((m) => names(m).includes('ready'));
    const report = (queued: number) => JSON.stringify({ visitor: 'tab1', page: '/listings/7-orchard-close.html', stats: { queued, held: 0 } });
    // text/plain, as the demo page sends it: a simple request, no preflight.
    const res = await fetch(h.url('/qa/queue'), { method: 'POST', body: report(2) });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    await fetch(h.url('/qa/queue'), { method: 'POST', body: report(0) });
    await stream.until((m) => names(m).filter((n) => n === 'queue').length === 2);
    expect(stream.messages.filter((m) => m.name === 'queue').map((m) => m.data.stats.queued)).toEqual([2, 0]);
  } finally {
    stream.close();
  }
  const later = listen();
  try {
    await later.until((m) => names(m).includes('ready'));
    expect(later.messages.map((m) => [m.name, m.data.stats?.queued])).toEqual([['queue', 0], ['ready', undefined]]);
  } finally {
    later.close();
  }
});

test('a queue report that is not { visitor, page, stats } is refused', async () => {
  for (const body of ['nope', '{}', JSON.stringify({ visitor: '', page: '/', stats: {} }), JSON.stringify({ visitor: 'x', page: '/', stats: 3 })])
    expect((await fetch(h.url('/qa/queue'), { method: 'POST', body })).status).toBe(400);
  expect((await fetch(h.url('/qa/queue'), { method: 'POST', body: 'x'.repeat(20_000) })).status).toBe(413);
});

test('clearing from the panel empties the log and tells every open panel', async () => {
  await h.post(batchOf(1));
  const stream = listen();
  try {
    await stream.until((m) => names(m).includes('ready'));
    expect((await fetch(h.url('/qa/clear'), { method: 'POST' })).status).toBe(200);
    await stream.until((m) => names(m).includes('cleared'));
    expect((await (await fetch(h.url('/__log'))).json()).events).toEqual([]);
  } finally {
    stream.close();
  }
});
