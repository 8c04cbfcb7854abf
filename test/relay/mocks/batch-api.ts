// batch-api.ts: a mock of reference 004's batch events API: SPEC §4 exactly, with secret keys.
import { batchReply, checkEvents, parseBatch } from '../../../server/collector/batch.js';
import { createRateLimiter } from '../../../server/collector/rate.js';
import type { Status } from '../../../server/store/store.js';
import { MAX_BATCH_BYTES, type WireEvent } from '../../../src/validate.js';
import { bearer, startMock, type Mock, type MockReply } from './mock.js';

export interface BatchApiMock extends Mock {
  /** Accepted events by messageId (dedup per key, as 004 does for 24 h). */
  events: Map<string, WireEvent>;
  /** Every copy that arrived (duplicates included), and the duplicates. */
  counts: { copies: number; duplicates: number };
  /** Refuse every event with this name, per event (a 207), with this code. */
  reject(eventName: string, code?: string): void;
}

export interface BatchApiOptions {
  token: string;
  ratePerMinute?: number;
  now?: () => number;
}

const fail = (status: number, error: string, message: string, headers?: Record<string, string>): MockReply =>
  ({ status, body: { statusCode: status, error, message }, headers });

export async function startBatchApiMock(opts: BatchApiOptions): Promise<BatchApiMock> {
  const now = opts.now ?? Date.now;
  const limiter = createRateLimiter(opts.ratePerMinute ?? 50);
  const events = new Map<string, WireEvent>();
  const rules = new Map<string, string>();
  const counts = { copies: 0, duplicates: 0 };
  const mock = await startMock((req) => {
    if (req.method !== 'POST' || req.path !== '/v1/events/batch') return fail(404, 'Not Found', 'no such route');
    if (bearer(req.headers) !== opts.token) return fail(401, 'Unauthorized', 'Invalid API key');
    const rate = limiter.hit(opts.token, now());
    if (!rate.ok) return fail(429, 'Too Many Requests', 'Rate limit exceeded. Please retry after ' + rate.retryAfter + ' seconds.', { 'Retry-After': String(rate.retryAfter) });
    if (Buffer.byteLength(req.text) > MAX_BATCH_BYTES) return fail(413, 'Payload Too Large', 'Batch payload exceeds 6.4MB');
    const parsed = parseBatch(req.text);
    if (!parsed.ok) return fail(parsed.status, parsed.status === 413 ? 'Payload Too Large' : 'Bad Request', parsed.message);
    const checked = checkEvents(parsed.batch.events, now());
    // The mock's own rules refuse valid events by name, as a stricter server would.
    const refused = [...checked.refused];
    const passed = checked.passed.filter((p) => {
      const code = rules.get(p.event.event);
      if (code) refused.push({ index: p.index, raw: p.event, code, message: 'event: "' + p.event.event + '" is refused by this collector' });
      return !code;
    });
    refused.sort((a, b) => a.index - b.index);
    const statuses: Status[] = passed.map(({ event }) => {
      counts.copies++;
      if (events.has(event.messageId)) { counts.duplicates++; return 'duplicate'; }
      events.set(event.messageId, event);
      return 'accepted';
    });
    return batchReply(passed, statuses, refused) as MockReply;
  });
  return Object.assign(mock, {
    events,
    counts,
    reject: (name: string, code = 'INVALID_EVENT_NAME') => void rules.set(name, code),
  });
}
