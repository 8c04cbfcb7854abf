// batch.send.ts: many events per POST to the batch events API (004 = SPEC §4): 207, splitting, Retry-After, 50/min.
import type { DestinationConfig } from './config.js';
import { batchBody, cutBatches, mapBatchEvent } from './batch.map.js';
import type { Answer } from './post.js';
import { createPacer } from './pace.js';
import { request } from './request.js';
import { isObject } from './shape.js';
import { SENT, UNSENT, type Sender, type Outcome, type OutboxEvent, type SendContext } from './types.js';

export function createBatchDestination(cfg: DestinationConfig): Sender {
  const pacer = createPacer(cfg.ratePerMinute);
  const target = { url: cfg.url, headers: { Authorization: 'Bearer ' + cfg.token }, timeoutMs: cfg.timeoutMs, pacer };

  async function sendBatch(events: OutboxEvent[], ctx: SendContext): Promise<Outcome[]> {
    const jsons = events.map((e) => JSON.stringify(mapBatchEvent(e.event)));
    const outcomes: Outcome[] = events.map(() => UNSENT);
    for (const run of cutBatches(jsons)) await sendRun(run, jsons, outcomes, ctx);
    return outcomes;
  }

  /** One request for the events at `run`; a 400 without per-event results or a 413 splits it until the offender is alone. */
  async function sendRun(run: number[], jsons: string[], outcomes: Outcome[], ctx: SendContext): Promise<void> {
    const sent = await request(target, batchBody(run.map((i) => jsons[i]), new Date(ctx.now()).toISOString()), ctx);
    if (!sent) return;
    const results = perEventResults(sent.answer, run.length);
    if (results) return void run.forEach((i, k) => { outcomes[i] = results[k]; });
    const isSplittable = sent.answer.status === 413 || sent.verdict.outcome.kind === 'dead';
    if (isSplittable && run.length > 1) {
      const half = Math.ceil(run.length / 2);
      await sendRun(run.slice(0, half), jsons, outcomes, ctx);
      return sendRun(run.slice(half), jsons, outcomes, ctx);
    }
    for (const i of run) outcomes[i] = sent.verdict.outcome;
  }

  return { name: cfg.name, type: 'batch', batchSize: cfg.batchSize, concurrency: 1, timeoutMs: cfg.timeoutMs, pacer, sendBatch };
}

/**
 * SPEC §4's per-event answer (200, 207, and 400 when every event failed): `events[]` holds the
 * accepted and duplicates by index, `errors[]` the refused; undefined when the answer has no such lists.
 */
export function perEventResults(a: Answer, count: number): Outcome[] | undefined {
  if (![200, 207, 400].includes(a.status) || !isObject(a.body)) return undefined;
  const { events, errors } = a.body;
  if (!Array.isArray(events) || !Array.isArray(errors) || events.length + errors.length === 0) return undefined;
  const out: Outcome[] = Array.from({ length: count }, () => ({ kind: 'retry', error: 'HTTP ' + a.status + ' without a result for this event' }));
  for (const e of events) {
    if (isObject(e) && isIndex(e.index, count) && (e.status === 'accepted' || e.status === 'duplicate')) out[e.index] = SENT;
  }
  for (const e of errors) {
    if (isObject(e) && isIndex(e.index, count)) out[e.index] = { kind: 'dead', answer: { status: a.status, errors: e.errors } };
  }
  return out;
}

const isIndex = (v: unknown, count: number): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < count;
