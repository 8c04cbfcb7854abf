// success.send.ts: one POST per event to the customer-success tracking API (003), token as `api_token`.
import type { DestinationConfig } from './config.js';
import { createPacer } from './pace.js';
import { request } from './request.js';
import { mapSuccessEvent } from './success.map.js';
import { UNSENT, type Sender } from './types.js';

export function createSuccessDestination(cfg: DestinationConfig): Sender {
  const pacer = createPacer(cfg.ratePerMinute, { reserve: cfg.reserve, spread: true });
  const url = new URL(cfg.url);
  url.searchParams.set('api_token', cfg.token);
  const target = { url: url.toString(), timeoutMs: cfg.timeoutMs, pacer };
  return {
    name: cfg.name, type: 'success', batchSize: cfg.batchSize, concurrency: cfg.concurrency, timeoutMs: cfg.timeoutMs, pacer,
    async sendEach(e, ctx) {
      const sent = await request(target, mapSuccessEvent(e.event), ctx);
      return sent ? sent.verdict.outcome : UNSENT;
    },
  };
}
