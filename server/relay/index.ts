// index.ts: the relay's entry: a checked config and an outbox → running destinations.
import type { Outbox } from '../store/store.js';
import { secretsOf, type RelayConfig } from './config.js';
import { createDestination } from './destinations.js';
import { startRelay, type Relay, type RelayOptions } from './worker.js';

export { loadRelayConfig, parseRelayConfig, describeConfig, type RelayConfig } from './config.js';
export { handleRelayAdmin, startRelayAdmin, RELAY_ADMIN_PATHS } from './admin.js';
export type { Relay, DestinationStats } from './worker.js';

export type StartOptions = Pick<RelayOptions, 'now' | 'log'>;

/** The outbox must come from a store opened with these destinations' names (SqlStoreOptions.destinations). */
export function startRelayFromConfig(outbox: Outbox, config: RelayConfig, opts: StartOptions = {}): Relay {
  return startRelay({
    outbox,
    destinations: config.destinations.map(createDestination),
    leaseMs: config.leaseMs,
    pollMs: config.pollMs,
    maxAgeMs: config.maxAgeMs,
    backoff: config.backoff,
    secrets: secretsOf(config),
    ...opts,
  });
}

/** The names to open the store with, so that the collector queues every accepted event for each. */
export function destinationNames(config: RelayConfig): string[] {
  return config.destinations.map((d) => d.name);
}
