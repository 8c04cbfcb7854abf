// relay.ts: how the CLI starts the relay (server/relay/) over the store, and mirrors its progress into the metrics.
import type { Logger } from '../ops/logger.js';
import type { RelayMetrics } from '../ops/metrics.js';
import { destinationNames, loadRelayConfig, startRelayFromConfig, type Relay, type RelayConfig } from '../relay/index.js';
import type { Outbox } from '../store/store.js';

export interface RelayConfigured {
  config: RelayConfig;
  destinations: string[];
}

/**
 * The relay's config, when one is given. `isNeeded` (the relay role): a bad config is an error; for a
 * collector alone, no config means no destinations, and a bad one is only a warning.
 */
export function configureRelay(isNeeded: boolean, logger: Logger): RelayConfigured | undefined {
  const loaded = loadRelayConfig(undefined, process.env);
  if (!loaded.ok) {
    if (isNeeded) throw new Error(loaded.message);
    if (process.env.HOMING_RELAY_CONFIG || process.env.HOMING_RELAY_DESTINATIONS)
      logger('warn', 'relay config refused; accepted events are queued for no destination', { problem: loaded.message });
    return undefined;
  }
  return { config: loaded.config, destinations: destinationNames(loaded.config) };
}

export interface RelayRole {
  relay: Relay;
  stop(): Promise<void>;
}

/** Starts the relay's loops and mirrors its per-destination progress into the Prometheus counters. */
export function startRelayRole(relay: RelayConfigured, outbox: Outbox, metrics: RelayMetrics, logger: Logger, adminToken?: string): RelayRole {
  const log = (entry: Record<string, unknown>) => {
    const { level, msg, t: _t, ...fields } = entry;
    logger(level === 'error' || level === 'warn' ? level : 'info', String(msg ?? 'relay'), fields);
  };
  const running = startRelayFromConfig(outbox, relay.config, { log, adminToken });
  const seen = new Map<string, { sent: number; skipped: number; retried: number; dead: number; condensed: number }>();
  const mirror = () => {
    for (const s of running.stats()) {
      const was = seen.get(s.name) ?? { sent: 0, skipped: 0, retried: 0, dead: 0, condensed: 0 };
      const destination = s.name;
      if (s.sent + s.skipped > was.sent + was.skipped) metrics.forwarded.inc({ destination }, s.sent + s.skipped - was.sent - was.skipped);
      if (s.retried > was.retried) metrics.failures.inc({ destination, kind: 'retry' }, s.retried - was.retried);
      if (s.dead > was.dead) metrics.failures.inc({ destination, kind: 'dead_letter' }, s.dead - was.dead);
      const condensed = s.condensed ?? 0;
      if (condensed > was.condensed) metrics.condensed.inc({ destination }, condensed - was.condensed);
      if (s.budget?.limit) metrics.budget.set({ destination }, s.budget.limit);
      seen.set(s.name, { sent: s.sent, skipped: s.skipped, retried: s.retried, dead: s.dead, condensed });
    }
  };
  const timer = setInterval(mirror, 1000);
  timer.unref();
  return {
    relay: running,
    async stop() {
      clearInterval(timer);
      await running.stop();
      mirror();
    },
  };
}
