// destinations.ts: a destination's config → its sender, by type.
import { createBatchDestination } from './batch.send.js';
import type { DestinationConfig } from './config.js';
import { createCrmDestination } from './crm.send.js';
import { createMarketingDestination } from './marketing.send.js';
import { createSuccessDestination } from './success.send.js';
import type { Destination } from './types.js';

export function createDestination(cfg: DestinationConfig): Destination {
  switch (cfg.type) {
    case 'batch': return createBatchDestination(cfg);
    case 'crm': return createCrmDestination(cfg);
    case 'marketing': return createMarketingDestination(cfg);
    case 'success': return createSuccessDestination(cfg);
  }
}
