// intake.ts: a parsed batch from check to answer: validate each event, store the passed ones, count, reply.
import { errorReply, type Reply } from '../http/reply.js';
import type { Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { Status, Store } from '../store/store.js';
import { batchReply, checkEvents, type Batch, type Refused } from './batch.js';
import { enrichUserAgent } from './ua.js';

export interface IntakeOptions {
  store: Store;
  metrics: Metrics;
  logger: Logger;
}

export interface Intake {
  /** Stores what passes and answers 200 / 207 / 400 once the store has committed; throws when the store fails. */
  accept(key: string, batch: Batch, receivedAt: string): Promise<Reply>;
  /** A crawler's batch: nothing is stored, every event is counted as dropped (bot); 200, so the page stops sending. */
  dropCrawler(batch: Batch): Reply;
  /** The answer when the store cannot be reached. */
  storeDown(err: unknown): Reply;
}

export function createIntake({ store, metrics, logger }: IntakeOptions): Intake {
  async function accept(key: string, batch: Batch, receivedAt: string): Promise<Reply> {
    const { passed, refused } = checkEvents(batch.events, Date.now());
    // Core-build events carry context.userAgent: parse it here so both builds store the same fields.
    const json: string[] = [];
    const events = passed.map((p) => {
      const properties = enrichUserAgent(p.event.properties ?? {});
      const event = properties === p.event.properties ? p.event : { ...p.event, properties };
      json.push(event === p.event ? p.json : JSON.stringify(event));
      return event;
    });
    const statuses = passed.length ? await store.accept(key, events, { receivedAt, sentAt: batch.sentAt, json }) : [];
    count(statuses, refused);
    const reply = batchReply(passed, statuses, refused);
    if (batch.check?.length) (reply.body as Record<string, unknown>).known = await store.seen(key, batch.check);
    return reply;
  }

  function count(statuses: Status[], refused: Refused[]): void {
    const accepted = statuses.filter((s) => s === 'accepted').length;
    if (accepted) metrics.events.inc({ status: 'accepted' }, accepted);
    if (statuses.length > accepted) metrics.events.inc({ status: 'duplicate' }, statuses.length - accepted);
    if (refused.length) metrics.events.inc({ status: 'rejected' }, refused.length);
    for (const r of refused) metrics.rejected.inc({ code: r.code });
  }

  function dropCrawler(batch: Batch): Reply {
    metrics.dropped.inc({ reason: 'bot' }, batch.events.length);
    return { status: 200, body: { accepted: 0, failed: 0, duplicated: 0, dropped: batch.events.length, events: [], errors: [] } };
  }

  function storeDown(err: unknown): Reply {
    logger('error', 'store unavailable', { error: err });
    // 503 with Retry-After: the browser keeps the batch and comes back; nothing was acknowledged.
    return errorReply(503, 'the events could not be stored now; try again', { 'Retry-After': '5' });
  }

  return { accept, dropCrawler, storeDown };
}
