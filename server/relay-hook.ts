// relay-hook.ts: how the CLI starts the relay (server/relay/**, built separately) over the store, and reads its progress.
import type { Logger } from './logger.js';
import type { RelayMetrics } from './metrics.js';
import type { Outbox } from './store/store.js';

/**
 * What the CLI needs from server/relay/index.ts. Loaded at run time, so the collector builds and runs
 * without it; `relay` and `all` say so when it is missing.
 */
export interface RelayModule {
  /** From a file (HOMING_RELAY_CONFIG) or HOMING_RELAY_DESTINATIONS and HOMING_RELAY_<NAME>_*. */
  loadRelayConfig(file?: string, env?: NodeJS.ProcessEnv): { ok: true; config: unknown } | { ok: false; message: string };
  /** The names the store is opened with: the collector queues every accepted event for each, in the batch's transaction. */
  destinationNames(config: unknown): string[];
  startRelayFromConfig(outbox: Outbox, config: unknown, opts?: { log?: (entry: Record<string, unknown>) => void }): RelayRunning;
}

export interface RelayRunning {
  stats(): { name: string; sent: number; skipped: number; retried: number; dead: number; condensed?: number; budget?: { limit?: number } }[];
  stop(opts?: { abort?: boolean }): Promise<void>;
}

export const RELAY_ENTRY = './relay/index.js';

/** The relay module, or undefined when it is not built. */
export async function loadRelay(): Promise<RelayModule | undefined> {
  try {
    return (await import(RELAY_ENTRY)) as RelayModule;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('relay/index')) return undefined;
    throw err;
  }
}

export interface RelayConfigured {
  module: RelayModule;
  config: unknown;
  destinations: string[];
}

/**
 * The relay's config, when one is given. `isNeeded` (the relay role): a missing module or a bad config
 * is an error; for a collector alone, no config means no destinations, and a bad one is only a warning.
 */
export async function configureRelay(isNeeded: boolean, logger: Logger): Promise<RelayConfigured | undefined> {
  const module = await loadRelay();
  if (!module) {
    if (isNeeded) throw new Error('the relay is not built (server/relay/index.ts)');
    return undefined;
  }
  const loaded = module.loadRelayConfig(undefined, process.env);
  if (!loaded.ok) {
    if (isNeeded) throw new Error(loaded.message);
    if (process.env.HOMING_RELAY_CONFIG || process.env.HOMING_RELAY_DESTINATIONS)
      logger('warn', 'relay config refused; accepted events are queued for no destination', { problem: loaded.message });
    return undefined;
  }
  return { module, config: loaded.config, destinations: module.destinationNames(loaded.config) };
}

/** Starts the relay's loops and mirrors its per-destination progress into the Prometheus counters. */
export function startRelayRole(relay: RelayConfigured, outbox: Outbox, metrics: RelayMetrics, logger: Logger): () => Promise<void> {
  const log = (entry: Record<string, unknown>) => {
    const { level, msg, t: _t, ...fields } = entry;
    logger(level === 'error' || level === 'warn' ? level : 'info', String(msg ?? 'relay'), fields);
  };
  const running = relay.module.startRelayFromConfig(outbox, relay.config, { log });
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
  return async () => {
    clearInterval(timer);
    await running.stop();
    mirror();
  };
}
