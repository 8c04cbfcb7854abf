// destinations.ts: a destination's config → its sender, by type.
import { createBatchDestination } from './batch.send.js';
import type { DestinationConfig } from './config.js';
import { createCrmDestination } from './crm.send.js';
import { createMarketingDestination } from './marketing.send.js';
import { createSuccessDestination } from './success.send.js';
import type { Destination, Sender } from './types.js';
import { DEFAULT_ENGAGEMENT_EVENTS, DEFAULT_LEAD_EVENTS } from '../store/classes.js';

export function createDestination(cfg: DestinationConfig): Destination {
  return { ...sender(cfg), classes: classesOf(cfg), condenseAfterMs: cfg.condense === 'never' ? undefined : cfg.condenseAfterMs };
}

function sender(cfg: DestinationConfig): Sender {
  switch (cfg.type) {
    case 'batch': return createBatchDestination(cfg);
    case 'crm': return createCrmDestination(cfg);
    case 'marketing': return createMarketingDestination(cfg);
    case 'success': return createSuccessDestination(cfg);
  }
}

/** SPEC §7's names, and the ones this destination's config adds. */
export function classesOf(cfg: Pick<DestinationConfig, 'leadEvents' | 'engagementEvents'>): Destination['classes'] {
  const lead = [...new Set([...DEFAULT_LEAD_EVENTS, ...cfg.leadEvents])];
  const engagement = [...new Set([...DEFAULT_ENGAGEMENT_EVENTS, ...cfg.engagementEvents])].filter((n) => !lead.includes(n));
  return { lead, engagement };
}
