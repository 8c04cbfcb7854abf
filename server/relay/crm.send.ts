// crm.send.ts: one POST per event to the CRM's partner events endpoint (000/001): Bearer token, 200 and 201, X-RateLimit-*.
import type { DestinationConfig } from './config.js';
import { mapCrmEvent } from './crm.map.js';
import { createPacer } from './pace.js';
import { request } from './request.js';
import { UNSENT, type Sender } from './types.js';

export function createCrmDestination(cfg: DestinationConfig): Sender {
  const pacer = createPacer(cfg.ratePerMinute, { reserve: cfg.reserve, spread: true });
  const target = { url: cfg.url, headers: { Authorization: 'Bearer ' + cfg.token }, timeoutMs: cfg.timeoutMs, pacer };
  return {
    name: cfg.name, type: 'crm', batchSize: cfg.batchSize, concurrency: cfg.concurrency, timeoutMs: cfg.timeoutMs, pacer,
    // 201 (a person or company was created) and 200 (both matched) are both success: any 2xx is.
    async sendEach(e, ctx) {
      const sent = await request(target, mapCrmEvent(e.event), ctx);
      return sent ? sent.verdict.outcome : UNSENT;
    },
  };
}
