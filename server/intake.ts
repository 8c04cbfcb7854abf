// intake.ts: a parsed batch from check to answer: validate each event, store the passed ones, count, log, reply.
import { batchReply, checkEvents, type Batch, type Passed, type Refused, type RuleFor } from './batch.js';
import { errorReply, type Reply } from './http.js';
import { eventEntry, type Log } from './log.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { Status, Store } from './store/store.js';
import { enrichUserAgent } from './ua.js';

export interface IntakeOptions {
  store: Store;
  metrics: Metrics;
  log: Log;
  keepLog: boolean;
  logger: Logger;
  ruleFor: RuleFor;
}

export interface Intake {
  /** Stores what passes and answers 200 / 207 / 400 once the store has committed; throws when the store fails. */
  accept(key: string, batch: Batch, receivedAt: string): Promise<Reply>;
  /** A crawler's batch: nothing is stored, every event is counted as dropped (bot); 200, so the page stops sending. */
  dropCrawler(batch: Batch): Reply;
  /** The answer when the store cannot be reached. */
  storeDown(err: unknown): Reply;
}

export function createIntake({ store, metrics, log, keepLog, logger, ruleFor }: IntakeOptions): Intake {
  async function accept(key: string, batch: Batch, receivedAt: string): Promise<Reply> {
    const { passed, refused } = checkEvents(batch.events, Date.now(), ruleFor);
    const meta = { receivedAt, sentAt: batch.sentAt };
    // Core-build events carry context.userAgent: parse it here so both builds store the same fields.
    const json: string[] = [];
    const events = passed.map((p) => {
      const properties = enrichUserAgent(p.event.properties ?? {});
      const event = properties === p.event.properties ? p.event : { ...p.event, properties };
      json.push(event === p.event ? p.json : JSON.stringify(event));
      return event;
    });
    const statuses = passed.length ? await store.accept(key, events, { ...meta, json }) : [];
    count(statuses, refused);
    // The log shows what was stored: the parsed device fields included.
    if (keepLog) logEvents(key, passed.map((p, i) => ({ ...p, event: events[i] })), statuses, refused, meta);
    return batchReply(passed, statuses, refused);
  }

  function count(statuses: Status[], refused: Refused[]): void {
    const accepted = statuses.filter((s) => s === 'accepted').length;
    if (accepted) metrics.events.inc({ status: 'accepted' }, accepted);
    if (statuses.length > accepted) metrics.events.inc({ status: 'duplicate' }, statuses.length - accepted);
    if (refused.length) metrics.events.inc({ status: 'rejected' }, refused.length);
    for (const r of refused) metrics.rejected.inc({ code: r.code });
  }

  function logEvents(key: string, passed: Passed[], statuses: Status[], refused: Refused[], meta: { receivedAt: string; sentAt?: string }): void {
    const entries = [
      ...passed.map((p, i) => ({ index: p.index, raw: p.event as unknown, status: statuses[i], code: undefined })),
      ...refused.map((r) => ({ index: r.index, raw: r.raw, status: 'rejected' as const, code: r.code })),
    ].sort((a, b) => a.index - b.index);
    for (const e of entries) log.addEvent(eventEntry(key, e.raw, e.status, e.code, meta));
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
