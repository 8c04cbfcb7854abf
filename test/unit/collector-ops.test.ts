// collector-ops.test.ts: what operators and QA read from the collector: /readyz, /metrics, the JSON-lines export, a 503 when the store fails.
import { test, expect } from '@playwright/test';
import { batchOf, KEY, startHarness, wireEvent, type Harness } from './collector-helpers.js';

let h: Harness;
test.beforeEach(async () => { h = await startHarness(); });
test.afterEach(async () => { await h.close(); });

test('/readyz answers ready once the store is open and migrated', async () => {
  const res = await fetch(h.url('/readyz'));
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ready: true });
});

test('/metrics counts accepted, duplicate and rejected events by code, and batch latency', async () => {
  const batch = { events: [wireEvent(), wireEvent({ identify: { email: 'nope' } }), wireEvent({ event: 'bad name' })] };
  await h.post(batch);
  await h.post({ events: [batch.events[0]] });
  const text = await (await fetch(h.url('/metrics'))).text();
  expect(text).toContain('homing_events_total{status="accepted"} 1');
  expect(text).toContain('homing_events_total{status="duplicate"} 1');
  expect(text).toContain('homing_events_total{status="rejected"} 2');
  expect(text).toContain('homing_events_rejected_total{code="INVALID_EMAIL"} 1');
  expect(text).toContain('homing_events_rejected_total{code="INVALID_EVENT_NAME"} 1');
  expect(text).toContain('homing_batch_requests_total{status="207"} 1');
  expect(text).toMatch(/homing_batch_request_seconds_count\{status="200"\} 1/);
  expect(text).toContain('homing_relay_lag_events');
});

test('GET /__export streams the stored events as JSON lines, oldest first, by key', async () => {
  const first = batchOf(2);
  await h.post(first);
  await h.post(batchOf(1), { key: 'pk_other_site' });
  const res = await fetch(h.url('/__export?key=' + KEY));
  expect(res.headers.get('content-type')).toContain('application/x-ndjson');
  const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
  // Other tests of this worker may have stored events under the same key before: only the key is asked.
  const ids = first.events.map((e) => e.messageId);
  expect(lines.every((l) => l.key === KEY)).toBe(true);
  expect(lines.map((l) => l.messageId).filter((id) => ids.includes(id))).toEqual(ids);
  expect(lines.find((l) => l.messageId === ids[0])).toMatchObject({ key: KEY, event: { event: 'property_view' } });
});

test('a store that fails is a 503 with Retry-After, and nothing is acknowledged', async () => {
  await h.running.collector.store.close();
  const res = await h.post(batchOf(1));
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  expect((await fetch(h.url('/readyz'))).status).toBe(503);
});
