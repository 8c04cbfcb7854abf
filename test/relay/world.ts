// world.ts: the four mock destinations, a relay config pointing at them, and what each holds by messageId.
import { parseRelayConfig, type RelayConfig } from '../../server/relay/config.js';
import { startBatchApiMock, type BatchApiMock } from './mocks/batch-api.js';
import { startCrmMock, type CrmMock } from './mocks/crm.js';
import { startMarketingMock, type MarketingMock } from './mocks/marketing.js';
import type { Clock } from './mocks/mock.js';
import { startSuccessMock, type SuccessMock } from './mocks/success.js';

export const TOKENS = {
  batch: 'sk_live_batch_0123456789',
  crm: 'crm_partner_token_0123456789',
  marketing: 'mkt_token_0123456789',
  success: 'cs_api_token_0123456789',
};
export const DESTINATIONS = ['batch', 'crm', 'marketing', 'success'] as const;

export interface Mocks {
  batch: BatchApiMock;
  crm: CrmMock;
  marketing: MarketingMock;
  success: SuccessMock;
  close(): Promise<void>;
}

export interface MockOptions {
  now?: Clock;
  /** 004's requests a minute (its contract: 50). */
  batchRate?: number;
  /** 000's X-RateLimit-Limit and window. */
  crmLimit?: number;
  crmWindowMs?: number;
}

export async function startMocks(o: MockOptions = {}): Promise<Mocks> {
  const [batch, crm, marketing, success] = await Promise.all([
    startBatchApiMock({ token: TOKENS.batch, ratePerMinute: o.batchRate, now: o.now }),
    startCrmMock({ token: TOKENS.crm, limit: o.crmLimit ?? 100_000, windowMs: o.crmWindowMs, now: o.now }),
    startMarketingMock({ token: TOKENS.marketing, now: o.now }),
    startSuccessMock({ token: TOKENS.success }),
  ]);
  return {
    batch, crm, marketing, success,
    async close() { await Promise.all([batch.close(), crm.close(), marketing.close(), success.close()]); },
  };
}

export interface ConfigOptions {
  relay?: Record<string, unknown>;
  destinations?: Partial<Record<(typeof DESTINATIONS)[number], Record<string, unknown>>>;
}

/** A relay config for the mocks; tokens come through the environment, as in production. */
export function relayConfigFor(m: Mocks, o: ConfigOptions = {}): RelayConfig {
  const raw = {
    destinations: {
      batch: { url: m.batch.url + '/v1/events/batch', token: 'env:TEST_BATCH_TOKEN', ...o.destinations?.batch },
      crm: { url: m.crm.url + '/api/partner/events', token: 'env:TEST_CRM_TOKEN', ...o.destinations?.crm },
      marketing: { url: m.marketing.url + '/v1/event/', token: 'env:TEST_MARKETING_TOKEN', ...o.destinations?.marketing },
      success: { url: m.success.url + '/v1/track/event', token: 'env:TEST_SUCCESS_TOKEN', ...o.destinations?.success },
    },
    relay: { pollMs: 20, leaseMs: 30_000, backoff: { baseMs: 20, capMs: 200 }, ...o.relay },
  };
  const env = {
    TEST_BATCH_TOKEN: TOKENS.batch, TEST_CRM_TOKEN: TOKENS.crm, TEST_MARKETING_TOKEN: TOKENS.marketing, TEST_SUCCESS_TOKEN: TOKENS.success,
  };
  const loaded = parseRelayConfig(raw, env);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.config;
}

/** The messageIds each destination holds, one entry per copy it kept (login/update of 002 left out: they carry none). */
export function heldIds(m: Mocks): Record<(typeof DESTINATIONS)[number], string[]> {
  return {
    batch: [...m.batch.events.keys()],
    crm: m.crm.events.map((e) => e.body.metadata?.messageId),
    marketing: m.marketing.events.filter((e) => e.type !== 'login' && e.type !== 'update')
      .map((e) => (e.type === 'generic' ? e.data.generic.message_id : e.data.message_id)),
    success: m.success.events.map((e) => e.params.message_id),
  };
}
