// index.ts: the relay's entry: a checked config and an outbox → running destinations.
import type { Outbox } from '../store/store.js';
import { secretsOf, type RelayConfig } from './config.js';
import { createAdminGate } from '../admin/gate.js';
import { startRelayAdmin } from '../admin/relay.js';
import { createDestination } from './destinations.js';
import { startRelay, type Relay, type RelayOptions } from './worker.js';

export { loadRelayConfig, parseRelayConfig, describeConfig, type RelayConfig } from './config.js';
export { handleRelayAdmin, startRelayAdmin, RELAY_ADMIN_PATHS } from '../admin/relay.js';
export type { Relay, DestinationStats } from './worker.js';

export type StartOptions = Pick<RelayOptions, 'now' | 'log'> & {
  /** The admin token that guards the routes served on `adminPort`; without one they are not served. */
  adminToken?: string;
};

/**
 * The outbox must come from a store opened with these destinations' names (SqlStoreOptions.destinations).
 * With `adminPort` and an admin token, GET /__deadletters and GET /__relay are served too, until stop().
 */
export function startRelayFromConfig(outbox: Outbox, config: RelayConfig, opts: StartOptions = {}): Relay {
  const relay = startRelay({
    outbox,
    destinations: config.destinations.map(createDestination),
    leaseMs: config.leaseMs,
    pollMs: config.pollMs,
    maxAgeMs: config.maxAgeMs,
    backoff: config.backoff,
    secrets: secretsOf(config),
    ...opts,
  });
  if (config.adminPort === undefined) return relay;
  const log = opts.log ?? ((entry) => console.log(JSON.stringify(entry)));
  if (!opts.adminToken) {
    log({ t: new Date().toISOString(), level: 'warn', msg: 'relay admin not served: its routes need HOMING_ADMIN_TOKEN' });
    return relay;
  }
  const gate = createAdminGate({ token: opts.adminToken });
  const admin = startRelayAdmin({ outbox, relay, destinations: destinationNames(config) }, config.adminPort, config.adminHost, gate)
    .then((running) => {
      log({ t: new Date().toISOString(), level: 'info', msg: 'relay admin', url: running.url + '/__deadletters' });
      return running;
    }, (err: Error) => {
      log({ t: new Date().toISOString(), level: 'error', msg: 'relay admin not served: ' + err.message });
      return undefined;
    });
  return {
    ...relay,
    async stop(stopOpts) {
      await relay.stop(stopOpts);
      await (await admin)?.close();
    },
  };
}

/** The names to open the store with, so that the collector queues every accepted event for each. */
export function destinationNames(config: RelayConfig): string[] {
  return config.destinations.map((d) => d.name);
}
